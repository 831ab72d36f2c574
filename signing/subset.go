package signing

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/motcua/motcua/internal/sfnt"
)

// fontSubset is a TrueType font cut down to the glyphs a stamp shows.
type fontSubset struct {
	data  []byte      // the font file
	newID map[int]int // original glyph id to the subset's
	name  string      // PostScript name with its subset tag, "ABCDEF+DejaVuSans"
}

// glyph returns glyph g's outline bytes (empty for a blank glyph).
func (f *ttFont) glyph(g int) []byte {
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}

// subset returns a font holding .notdef, the glyphs of used (glyph id to
// the character it shows) and the components of composite ones, numbered
// from 0 in their original order. It keeps what rendering needs (glyf,
// loca, hmtx, head, hhea, maxp, the hinting tables, OS/2) and writes a
// small cmap and a post table without glyph names.
func (f *ttFont) subset(used map[int]rune) (*fontSubset, error) {
	keep := map[int]bool{}
	work := []int{0}
	for g := range used {
		work = append(work, g)
	}
	for len(work) > 0 {
		g := work[len(work)-1]
		work = work[:len(work)-1]
		if g < 0 || g >= f.numGlyphs {
			return nil, fmt.Errorf("%w: component glyph %d out of range", errFont, g)
		}
		if keep[g] {
			continue
		}
		keep[g] = true
		glyph := f.glyph(g)
		err := sfnt.Components(glyph, func(off int) error {
			c, _ := sfnt.U16(glyph, off)
			work = append(work, c)
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("%w: damaged glyph %d: %w", errFont, g, err)
		}
	}
	order := make([]int, 0, len(keep))
	for g := range keep {
		order = append(order, g)
	}
	slices.Sort(order)
	newID := make(map[int]int, len(order))
	for i, g := range order {
		newID[g] = i
	}

	var glyf []byte
	loca := make([]byte, 0, 4*(len(order)+1))
	hmtx := make([]byte, 0, 4*len(order))
	hm := f.tables["hmtx"]
	for _, g := range order {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		start := len(glyf)
		glyf = append(glyf, f.glyph(g)...)
		// checked when walked above: cannot fail
		_ = sfnt.Components(glyf[start:], func(off int) error {
			c := binary.BigEndian.Uint16(glyf[start+off:])
			binary.BigEndian.PutUint16(glyf[start+off:], uint16(newID[int(c)]))
			return nil
		})
		glyf = sfnt.AppendPadded(glyf, nil)
		lsb := sfnt.LSB(hm, f.numHMetric, g) // in range: checked by parseTrueType
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(f.advances[g]))
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(lsb))
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))

	head := patched(f.tables["head"], 54, map[int]uint16{50: 1}) // long loca
	binary.BigEndian.PutUint32(head[8:], 0)                      // checkSumAdjustment, set below
	hhea := patched(f.tables["hhea"], 36, map[int]uint16{34: uint16(len(order))})
	maxp := patched(f.tables["maxp"], 6, map[int]uint16{4: uint16(len(order))})
	if head == nil || hhea == nil || maxp == nil {
		return nil, fmt.Errorf("%w: short head, hhea or maxp table", errFont)
	}
	tables := map[string][]byte{
		"head": head, "hhea": hhea, "maxp": maxp, "hmtx": hmtx, "loca": loca, "glyf": glyf,
		"cmap": subsetCmap(used, newID), "post": sfnt.PostV3(f.tables["post"]),
	}
	for _, t := range []string{"cvt ", "fpgm", "prep", "OS/2"} {
		if b := f.tables[t]; b != nil {
			tables[t] = b
		}
	}
	data := sfnt.Write(tables)
	sum := sha256.Sum256(data)
	tag := make([]byte, 7)
	for i := range 6 {
		tag[i] = 'A' + sum[i]%26
	}
	tag[6] = '+'
	return &fontSubset{data: data, newID: newID, name: string(tag) + postScriptName(f.tables["name"])}, nil
}

// patched returns a copy of t (which must be at least min bytes long) with
// the 16-bit values at the given offsets replaced; nil if t is too short.
func patched(t []byte, minLen int, set map[int]uint16) []byte {
	if len(t) < minLen {
		return nil
	}
	out := slices.Clone(t)
	for off, v := range set {
		binary.BigEndian.PutUint16(out[off:], v)
	}
	return out
}

// subsetCmap maps the characters shown (those of the Basic Multilingual
// Plane) to the subset's glyphs: a format 4 table, one segment per
// character.
func subsetCmap(used map[int]rune, newID map[int]int) []byte {
	type pair struct{ r, g int }
	var pairs []pair
	for g, r := range used {
		if r > 0 && r < 0xFFFF {
			pairs = append(pairs, pair{int(r), newID[g]})
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return a.r - b.r })
	pairs = slices.CompactFunc(pairs, func(a, b pair) bool { return a.r == b.r })
	pairs = append(pairs, pair{0xFFFF, 0}) // the required last segment
	seg := len(pairs)
	sub := binary.BigEndian.AppendUint16(nil, 4)
	sub = binary.BigEndian.AppendUint16(sub, uint16(16+8*seg)) // length
	sub = binary.BigEndian.AppendUint16(sub, 0)                // language
	sub = binary.BigEndian.AppendUint16(sub, uint16(2*seg))    // segCountX2
	sub = sfnt.AppendSearchHeader(sub, seg, 2)
	for _, p := range pairs { // endCode
		sub = binary.BigEndian.AppendUint16(sub, uint16(p.r))
	}
	sub = binary.BigEndian.AppendUint16(sub, 0) // reservedPad
	for _, p := range pairs {                   // startCode
		sub = binary.BigEndian.AppendUint16(sub, uint16(p.r))
	}
	for _, p := range pairs { // idDelta
		d := uint16(p.g - p.r)
		if p.r == 0xFFFF {
			d = 1
		}
		sub = binary.BigEndian.AppendUint16(sub, d)
	}
	for range pairs { // idRangeOffset
		sub = binary.BigEndian.AppendUint16(sub, 0)
	}
	// Header: version 0, one subtable (Windows, Unicode BMP) at offset 12.
	out := []byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 0, 12}
	return append(out, sub...)
}

// postScriptName returns the font's PostScript name (name ID 6) reduced to
// the characters PDF names take without escapes, or "MotcuaStamp".
func postScriptName(name []byte) string {
	if s, ok := sfnt.PostScriptName(name, pdfNameChar); ok {
		return s
	}
	return "MotcuaStamp"
}

// pdfNameChar reports whether r goes in a PDF name without an escape.
func pdfNameChar(r rune) bool {
	return r < 0x7F && r > ' ' && r != '/' && r != '(' && r != ')' && r != '<' && r != '>' &&
		r != '[' && r != ']' && r != '{' && r != '}' && r != '%' && r != '#'
}
