package signing

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/sfnt"
)

// ttFont is what the visible stamp needs from a TrueType font: glyph
// lookup, advance widths and the metrics of the font descriptor. Parsing is
// bounds-checked throughout (by internal/sfnt); a damaged font is an
// error, never a panic.
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

// parseTrueType reads the tables the stamp needs.
func parseTrueType(data []byte) (*ttFont, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errFont, err)
	}
	if err := sf.Require(map[string]int{"head": 0, "hhea": 0, "hmtx": 0, "cmap": 0, "maxp": 0, "loca": 0, "glyf": 0}); err != nil {
		return nil, fmt.Errorf("%w: %w", errFont, err)
	}
	tables := sf.Tables
	f := &ttFont{tables: tables}
	head := tables["head"]
	var ok1, ok2, ok3, ok4, ok5 bool
	f.unitsPerEm, ok1 = sfnt.U16(head, 18)
	f.bbox[0], ok2 = sfnt.I16(head, 36)
	f.bbox[1], ok3 = sfnt.I16(head, 38)
	f.bbox[2], ok4 = sfnt.I16(head, 40)
	f.bbox[3], ok5 = sfnt.I16(head, 42)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || f.unitsPerEm < 16 || f.unitsPerEm > 16384 {
		return nil, fmt.Errorf("%w: bad head table", errFont)
	}
	hhea := tables["hhea"]
	f.ascent, ok1 = sfnt.I16(hhea, 4)
	f.descent, ok2 = sfnt.I16(hhea, 6)
	nh, ok3 := sf.NumHMetrics()
	numGlyphs, ok4 := sf.NumGlyphs()
	if !ok1 || !ok2 || !ok3 || !ok4 || nh == 0 || nh > numGlyphs {
		return nil, fmt.Errorf("%w: bad hhea or maxp table", errFont)
	}
	f.numGlyphs, f.numHMetric = numGlyphs, nh
	if f.loca, err = sf.Loca(numGlyphs); err != nil {
		return nil, fmt.Errorf("%w: bad loca table: %w", errFont, err)
	}
	if err := sf.CheckHMetrics(nh, numGlyphs); err != nil {
		return nil, fmt.Errorf("%w: %w", errFont, err)
	}
	hmtx := tables["hmtx"]
	f.advances = make([]int, numGlyphs)
	for g := range numGlyphs {
		f.advances[g] = sfnt.Advance(hmtx, nh, g)
	}
	cm, err := sfnt.ParseCmap(tables["cmap"], numGlyphs)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errFont, err)
	}
	f.cmap = cm.Lookup
	return f, nil
}

// scale converts font units to thousandths of an em.
func (f *ttFont) scale(v int) int { return v * 1000 / f.unitsPerEm }
