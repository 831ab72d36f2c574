package sfnt

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// MaxTables bounds the table directory [Parse] accepts.
const MaxTables = 256

// Font is a parsed table directory. Tables alias the bytes given to
// [Parse].
type Font struct {
	// Tables holds each table's bytes by tag.
	Tables map[string][]byte
	// NumTables is the directory's record count.
	NumTables int
}

func bad(table string, err error, why string, a ...any) *FormatError {
	return &FormatError{Table: table, Why: fmt.Sprintf(why, a...), Err: err}
}

// Parse reads the table directory of a TrueType font (version 1.0 or
// "true"); every table must lie inside b.
func Parse(b []byte) (*Font, error) {
	if len(b) < 12 {
		return nil, bad("", ErrTruncated, "%d bytes, too short for a font", len(b))
	}
	switch v := binary.BigEndian.Uint32(b); v {
	case 0x00010000, 0x74727565: // 1.0, "true"
	case 0x4f54544f: // "OTTO"
		return nil, bad("", ErrUnsupported, "an OpenType font with CFF outlines; a TrueType (glyf) font is needed")
	case 0x74746366: // "ttcf"
		return nil, bad("", ErrUnsupported, "a font collection (.ttc); give one TrueType font")
	default:
		return nil, bad("", ErrUnsupported, "not a TrueType font (version %#08x)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if n == 0 || n > MaxTables {
		return nil, bad("", ErrMalformed, "%d tables in a %d-byte file", n, len(b))
	}
	if 12+16*n > len(b) {
		return nil, bad("", ErrTruncated, "%d tables in a %d-byte file", n, len(b))
	}
	f := &Font{Tables: make(map[string][]byte, n), NumTables: n}
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		off, ln := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+ln > uint64(len(b)) {
			return nil, bad(tag, ErrTruncated, "table %q runs past the end of the file", tag)
		}
		f.Tables[tag] = b[off : off+ln]
	}
	return f, nil
}

// Require checks that f has each table of minLen, at least that many
// bytes long; tables are checked in tag order.
func (f *Font) Require(minLen map[string]int) error {
	tags := make([]string, 0, len(minLen))
	for t := range minLen {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	for _, tag := range tags {
		t, ok := f.Tables[tag]
		if !ok {
			return bad(tag, ErrMalformed, "no %q table", tag)
		}
		if len(t) < minLen[tag] {
			return bad(tag, ErrTruncated, "table %q has %d bytes, want at least %d", tag, len(t), minLen[tag])
		}
	}
	return nil
}

// NumGlyphs returns maxp's glyph count.
func (f *Font) NumGlyphs() (int, bool) { return U16(f.Tables["maxp"], 4) }

// NumHMetrics returns hhea's numberOfHMetrics.
func (f *Font) NumHMetrics() (int, bool) { return U16(f.Tables["hhea"], 34) }

// Loca returns the offsets in glyf of glyphs 0 to numGlyphs (glyph g is
// glyf[loca[g]:loca[g+1]]), read short or long as head's indexToLocFormat
// says; every glyph must lie inside glyf.
func (f *Font) Loca(numGlyphs int) ([]int, error) {
	format, ok := I16(f.Tables["head"], 50)
	if !ok || format != 0 && format != 1 {
		return nil, bad("head", ErrMalformed, "indexToLocFormat %d", format)
	}
	loca, glyfLen := f.Tables["loca"], len(f.Tables["glyf"])
	if need := 2 * (numGlyphs + 1) << format; len(loca) < need {
		return nil, bad("loca", ErrTruncated, "loca has %d bytes for %d glyphs", len(loca), numGlyphs)
	}
	out := make([]int, numGlyphs+1)
	for i := range out {
		var v uint64
		if format == 0 {
			v = 2 * uint64(binary.BigEndian.Uint16(loca[2*i:]))
		} else {
			v = uint64(binary.BigEndian.Uint32(loca[4*i:]))
		}
		if v > uint64(glyfLen) || i > 0 && v < uint64(out[i-1]) {
			g, lo := max(i-1, 0), 0
			if i > 0 {
				lo = out[i-1]
			}
			return nil, bad("loca", ErrMalformed, "glyph %d at bytes %d to %d of a %d-byte glyf table", g, lo, v, glyfLen)
		}
		out[i] = int(v)
	}
	return out, nil
}

// CheckHMetrics checks that hmtx holds numHMetrics long metrics and a
// left side bearing for each further glyph.
func (f *Font) CheckHMetrics(numHMetrics, numGlyphs int) error {
	hm := f.Tables["hmtx"]
	if numHMetrics == 0 || numHMetrics > numGlyphs || len(hm) < 4*numHMetrics+2*(numGlyphs-numHMetrics) {
		return bad("hmtx", ErrMalformed, "hmtx has %d bytes for %d metrics of %d glyphs", len(hm), numHMetrics, numGlyphs)
	}
	return nil
}

// Advance returns glyph g's advance width from hmtx (the last long
// metric's for the glyphs past numHMetrics); 0 outside the table.
func Advance(hmtx []byte, numHMetrics, g int) int {
	v, _ := U16(hmtx, 4*min(g, numHMetrics-1))
	return v
}

// LSB returns glyph g's left side bearing (as stored, unsigned) from hmtx;
// 0 outside the table.
func LSB(hmtx []byte, numHMetrics, g int) int {
	off := 4*g + 2
	if g >= numHMetrics {
		off = 4*numHMetrics + 2*(g-numHMetrics)
	}
	v, _ := U16(hmtx, off)
	return v
}

// PostV3 returns a version 3 post table (no glyph names) keeping orig's
// italic angle, underline and pitch (zeros when orig is short).
func PostV3(orig []byte) []byte {
	out := make([]byte, 32)
	if len(orig) >= 32 {
		copy(out, orig[:32])
	}
	binary.BigEndian.PutUint32(out, 0x00030000)
	clear(out[16:]) // memory usage hints
	return out
}
