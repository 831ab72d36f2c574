package signing

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sort"
)

// ttFont is what the visible stamp needs from a TrueType font: glyph
// lookup, advance widths and the metrics of the font descriptor. Parsing is
// bounds-checked throughout; a damaged font is an error, never a panic.
type ttFont struct {
	tables     map[string][]byte
	numGlyphs  int
	numHMetric int   // hhea's numberOfHMetrics
	loca       []int // glyph g is glyf[loca[g]:loca[g+1]]
	unitsPerEm int
	bbox       [4]int
	ascent     int
	descent    int
	advances   []int // by glyph id, in font units
	cmap       func(rune) int
}

var errFont = errors.New("not a usable TrueType font")

func u16(b []byte, off int) (int, bool) {
	if off < 0 || off+2 > len(b) {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[off:])), true
}

func i16(b []byte, off int) (int, bool) {
	v, ok := u16(b, off)
	return int(int16(v)), ok
}

func u32(b []byte, off int) (int, bool) {
	if off < 0 || off+4 > len(b) {
		return 0, false
	}
	v := binary.BigEndian.Uint32(b[off:])
	if v > 1<<30 {
		return 0, false
	}
	return int(v), true
}

// parseTrueType reads the tables the stamp needs.
func parseTrueType(data []byte) (*ttFont, error) {
	ver, ok := u32(data, 0)
	if !ok || (ver != 0x00010000 && ver != 0x74727565) { // 1.0 or 'true'
		return nil, fmt.Errorf("%w: only TrueType outlines are supported", errFont)
	}
	n, ok := u16(data, 4)
	if !ok {
		return nil, errFont
	}
	tables := map[string][]byte{}
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(data) {
			return nil, errFont
		}
		tag := string(data[rec : rec+4])
		off, ok1 := u32(data, rec+8)
		length, ok2 := u32(data, rec+12)
		if !ok1 || !ok2 || off+length > len(data) {
			return nil, fmt.Errorf("%w: table %q out of range", errFont, tag)
		}
		tables[tag] = data[off : off+length]
	}
	for _, t := range []string{"head", "hhea", "hmtx", "cmap", "maxp", "loca", "glyf"} {
		if tables[t] == nil {
			return nil, fmt.Errorf("%w: missing %q table", errFont, t)
		}
	}
	f := &ttFont{tables: tables}
	head := tables["head"]
	var ok1, ok2, ok3, ok4, ok5 bool
	f.unitsPerEm, ok1 = u16(head, 18)
	f.bbox[0], ok2 = i16(head, 36)
	f.bbox[1], ok3 = i16(head, 38)
	f.bbox[2], ok4 = i16(head, 40)
	f.bbox[3], ok5 = i16(head, 42)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return nil, fmt.Errorf("%w: bad head table", errFont)
	}
	hhea := tables["hhea"]
	f.ascent, ok1 = i16(hhea, 4)
	f.descent, ok2 = i16(hhea, 6)
	nh, ok3 := u16(hhea, 34)
	numGlyphs, ok4 := u16(tables["maxp"], 4)
	if !ok1 || !ok2 || !ok3 || !ok4 || nh == 0 || nh > numGlyphs {
		return nil, fmt.Errorf("%w: bad hhea or maxp table", errFont)
	}
	f.numGlyphs, f.numHMetric = numGlyphs, nh
	if f.loca, ok = parseLoca(tables["loca"], head, numGlyphs, len(tables["glyf"])); !ok {
		return nil, fmt.Errorf("%w: bad loca table", errFont)
	}
	hmtx := tables["hmtx"]
	if len(hmtx) < 4*nh+2*(numGlyphs-nh) {
		return nil, fmt.Errorf("%w: hmtx table too short", errFont)
	}
	f.advances = make([]int, numGlyphs)
	for g := range numGlyphs {
		i := min(g, nh-1)
		w, ok := u16(hmtx, 4*i)
		if !ok {
			return nil, fmt.Errorf("%w: hmtx table too short", errFont)
		}
		f.advances[g] = w
	}
	cm, err := parseCmap(tables["cmap"], numGlyphs)
	if err != nil {
		return nil, err
	}
	f.cmap = cm
	return f, nil
}

// parseLoca reads the glyph offsets, short or long as head says; every
// glyph must lie inside the glyf table.
func parseLoca(loca, head []byte, numGlyphs, glyfLen int) ([]int, bool) {
	format, ok := i16(head, 50)
	if !ok || (format != 0 && format != 1) {
		return nil, false
	}
	out := make([]int, numGlyphs+1)
	for i := range out {
		var v int
		if format == 0 {
			v, ok = u16(loca, 2*i)
			v *= 2
		} else {
			v, ok = u32(loca, 4*i)
		}
		if !ok || v > glyfLen || (i > 0 && v < out[i-1]) {
			return nil, false
		}
		out[i] = v
	}
	return out, true
}

// parseCmap picks a Unicode subtable (format 12 preferred, then 4).
func parseCmap(b []byte, numGlyphs int) (func(rune) int, error) {
	n, ok := u16(b, 2)
	if !ok {
		return nil, errFont
	}
	var fmt4, fmt12 []byte
	for i := range n {
		rec := 4 + 8*i
		pid, ok1 := u16(b, rec)
		eid, ok2 := u16(b, rec+2)
		off, ok3 := u32(b, rec+4)
		if !ok1 || !ok2 || !ok3 || off >= len(b) {
			return nil, errFont
		}
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode {
			continue
		}
		format, _ := u16(b, off)
		switch format {
		case 4:
			fmt4 = b[off:]
		case 12:
			fmt12 = b[off:]
		}
	}
	valid := func(g int) int {
		if g <= 0 || g >= numGlyphs {
			return 0
		}
		return g
	}
	if fmt12 != nil {
		ng, ok := u32(fmt12, 12)
		if !ok || 16+12*ng > len(fmt12) {
			return nil, fmt.Errorf("%w: bad cmap format 12", errFont)
		}
		return func(r rune) int {
			i := sort.Search(ng, func(i int) bool {
				end, _ := u32(fmt12, 16+12*i+4)
				return end >= int(r)
			})
			if i >= ng {
				return 0
			}
			start, _ := u32(fmt12, 16+12*i)
			g, _ := u32(fmt12, 16+12*i+8)
			if int(r) < start {
				return 0
			}
			return valid(g + int(r) - start)
		}, nil
	}
	if fmt4 != nil {
		segX2, ok := u16(fmt4, 6)
		seg := segX2 / 2
		if !ok || seg == 0 || 16+8*seg > len(fmt4) {
			return nil, fmt.Errorf("%w: bad cmap format 4", errFont)
		}
		ends, starts, deltas, ranges := 14, 16+segX2, 16+2*segX2, 16+3*segX2
		return func(r rune) int {
			if r > 0xFFFF {
				return 0
			}
			c := int(r)
			for i := range seg {
				end, _ := u16(fmt4, ends+2*i)
				if end < c {
					continue
				}
				start, _ := u16(fmt4, starts+2*i)
				if c < start {
					return 0
				}
				delta, _ := u16(fmt4, deltas+2*i)
				ro, _ := u16(fmt4, ranges+2*i)
				if ro == 0 {
					return valid((c + delta) & 0xFFFF)
				}
				g, ok := u16(fmt4, ranges+2*i+ro+2*(c-start))
				if !ok || g == 0 {
					return 0
				}
				return valid((g + delta) & 0xFFFF)
			}
			return 0
		}, nil
	}
	return nil, fmt.Errorf("%w: no Unicode cmap", errFont)
}

// scale converts font units to thousandths of an em.
func (f *ttFont) scale(v int) int { return v * 1000 / f.unitsPerEm }
