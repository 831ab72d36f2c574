package paper

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"codeberg.org/go-pdf/fpdf"

	"github.com/motcua/motcua/internal/sfnt"
)

// repertoire is every character a paper may show: printable ASCII, Latin-1,
// Latin Extended-A, the Vietnamese letters Ơ ơ Ư ư and Latin Extended
// Additional (ạ … ỹ), the combining tone marks, and the punctuation and
// signs of the papers (dashes, quotes, the ellipsis, the đồng sign ₫, №).
// [New] cuts the integrator's font down to it once; each paper embeds the
// subset of it that its text uses.
var repertoire = func() []rune {
	var rs []rune
	add := func(lo, hi rune) {
		for r := lo; r <= hi; r++ {
			rs = append(rs, r)
		}
	}
	add(0x20, 0x7e)
	add(0xa0, 0x17f)
	rs = append(rs, 0x1a0, 0x1a1, 0x1af, 0x1b0)
	rs = append(rs, 0x300, 0x301, 0x303, 0x309, 0x323)
	add(0x1ea0, 0x1ef9)
	rs = append(rs, '–', '—', '‘', '’', '“', '”', '…', '•', '₫', '№')
	return rs
}()

// vietnamese are the letters a font must have to print Vietnamese.
const vietnamese = "ĂÂĐÊÔƠƯăâđêôơưÀÁẢÃẠẰẮẲẴẶẦẤẨẪẬÈÉẺẼẸỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌỒỐỔỖỘỜỚỞỠỢÙÚỦŨỤỪỨỬỮỰỲÝỶỸỴàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ₫"

// maxFontSize bounds the font file [New] accepts.
const maxFontSize = 64 << 20

// face is a TrueType font cut down to the repertoire, with what the
// layout and the PDF need: advance widths, vertical metrics, the
// PostScript name.
type face struct {
	glyphs     *glyphs         // the font cut to the repertoire, parsed for subsetting
	name       string          // PostScript name, letters and digits only
	unitsPerEm int             // design units per em
	ascent     int             // hhea ascender, design units
	descent    int             // hhea descender (negative), design units
	capHeight  int             // OS/2 capital height, or the ascent
	bbox       [4]int          // head's glyph bounding box
	gid        map[rune]uint16 // glyph of each rune in ttf
	advance    map[rune]int    // advance width of each rune, design units
	runes      []rune          // the runes of ttf, sorted (index = CID - 1)
	cid        map[rune]uint16 // CID of each rune in the papers' content streams
	cids       []uint16        // CID by rune, for the runes below len(cids); 0: none
	advances   []int32         // advance width by rune, below len(advances)
	toUnicode  deflated        // the ToUnicode CMap of every CID
	cidToGID   deflated        // the CIDToGIDMap of every CID
}

// sfntFont is a parsed TrueType table directory.
type sfntFont struct {
	tables map[string][]byte
}

// parseSFNT reads a font's table directory and checks that it has the
// tables a paper needs, each long enough for what is read from it.
func parseSFNT(b []byte) (*sfntFont, error) {
	f, err := sfnt.Parse(b)
	if err != nil {
		return nil, fontError(err)
	}
	need := map[string]int{"head": 54, "hhea": 36, "maxp": 6, "hmtx": 4, "cmap": 4, "loca": 2, "glyf": 0, "post": 32}
	if err := f.Require(need); err != nil {
		return nil, fontError(err)
	}
	return &sfntFont{tables: f.Tables}, nil
}

// fontError turns an internal/sfnt error into a [*FontError].
func fontError(err error) error {
	if fe, ok := errors.AsType[*sfnt.FormatError](err); ok {
		return &FontError{Why: fe.Why}
	}
	return &FontError{Why: err.Error()}
}

func mapKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// u16 returns the big-endian uint16 at off in b, 0 outside b.
func u16(b []byte, off int) int {
	v, _ := sfnt.U16(b, off)
	return v
}

// i16 returns the big-endian int16 at off in b, 0 outside b.
func i16(b []byte, off int) int {
	v, _ := sfnt.I16(b, off)
	return v
}

// cmap maps the runes of want to glyph ids through the font's Unicode
// cmap (format 12 preferred, else format 4); runes without a glyph are
// left out.
func (f *sfntFont) cmap(want []rune) (map[rune]uint16, error) {
	c, err := sfnt.ParseCmap(f.tables["cmap"], u16(f.tables["maxp"], 4))
	if err != nil {
		return nil, fontError(err)
	}
	out := make(map[rune]uint16, len(want))
	for _, r := range want {
		if g := c.Lookup(r); g != 0 {
			out[r] = uint16(g)
		}
	}
	return out, nil
}

// advances returns the advance width of each glyph in gids.
func (f *sfntFont) advances(gids map[rune]uint16) map[rune]int {
	hm := f.tables["hmtx"]
	n := u16(f.tables["hhea"], 34)
	out := make(map[rune]int, len(gids))
	for r, g := range gids {
		out[r] = sfnt.Advance(hm, n, int(g))
	}
	return out
}

// postScriptName returns the font's PostScript name (name ID 6) in
// letters and digits only, or "Font".
func (f *sfntFont) postScriptName() string {
	if s, ok := sfnt.PostScriptName(f.tables["name"], func(c rune) bool {
		return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-'
	}); ok {
		return s
	}
	return "Font"
}

// cut runs fpdf's TrueType subsetter, turning a panic on a damaged font
// into a [*FontError].
func cut(ttf []byte, runes string) (out []byte, err error) {
	defer func() {
		if recover() != nil {
			out, err = nil, &FontError{Why: "the font could not be subset (damaged glyph data)"}
		}
	}()
	out = fpdf.UTF8CutFont(ttf, runes)
	if len(out) == 0 {
		return nil, &FontError{Why: "the font could not be subset"}
	}
	return out, nil
}

// newFace checks a TrueType font and cuts it down to the repertoire.
func newFace(ttf []byte) (*face, error) {
	if len(ttf) > maxFontSize {
		return nil, &FontError{Why: fmt.Sprintf("%d bytes, more than %d", len(ttf), maxFontSize)}
	}
	full, err := parseSFNT(ttf)
	if err != nil {
		return nil, err
	}
	have, err := full.cmap(repertoire)
	if err != nil {
		return nil, err
	}
	for _, r := range vietnamese {
		if _, ok := have[r]; !ok {
			return nil, &FontError{Why: fmt.Sprintf("no glyph for %q: the font cannot print Vietnamese", r)}
		}
	}
	runes := slices.Sorted(mapKeys(have))
	cutTTF, err := cut(ttf, string(runes))
	if err != nil {
		return nil, err
	}
	sf, err := parseSFNT(cutTTF)
	if err != nil {
		return nil, err
	}
	gid, err := sf.cmap(runes)
	if err != nil {
		return nil, err
	}
	g, err := parseGlyphs(sf)
	if err != nil {
		return nil, err
	}
	fc := &face{
		glyphs:     g,
		name:       full.postScriptName(),
		unitsPerEm: u16(sf.tables["head"], 18),
		ascent:     i16(sf.tables["hhea"], 4),
		descent:    i16(sf.tables["hhea"], 6),
		gid:        gid,
		advance:    sf.advances(gid),
		cid:        make(map[rune]uint16, len(gid)),
	}
	if fc.unitsPerEm < 16 || fc.unitsPerEm > 16384 {
		return nil, &FontError{Why: fmt.Sprintf("%d units per em", fc.unitsPerEm)}
	}
	h := sf.tables["head"]
	fc.bbox = [4]int{i16(h, 36), i16(h, 38), i16(h, 40), i16(h, 42)}
	fc.capHeight = fc.ascent
	if os2 := full.tables["OS/2"]; u16(os2, 0) >= 2 && len(os2) >= 90 {
		fc.capHeight = i16(os2, 88)
	}
	fc.runes = slices.Sorted(mapKeys(gid))
	c2g := make([]byte, 2*(len(fc.runes)+1))
	fc.cids = make([]uint16, fc.runes[len(fc.runes)-1]+1) // the repertoire ends below U+2200
	fc.advances = make([]int32, len(fc.cids))
	for i, r := range fc.runes {
		fc.cid[r] = uint16(i + 1)
		fc.cids[r] = uint16(i + 1)
		fc.advances[r] = int32(fc.advance[r])
		binary.BigEndian.PutUint16(c2g[2*(i+1):], gid[r])
	}
	if fc.toUnicode, err = deflate(toUnicode(fc.runes)); err != nil {
		return nil, &FontError{Why: "compress: " + err.Error()}
	}
	if fc.cidToGID, err = deflate(c2g); err != nil {
		return nil, &FontError{Why: "compress: " + err.Error()}
	}
	return fc, nil
}

// width returns the width of s in points at size pt; runes the face lacks
// count as zero (the paper refuses them before drawing).
func (f *face) width(s string, size float64) float64 {
	w := 0
	for _, r := range s {
		if r >= 0 && int(r) < len(f.advances) {
			w += int(f.advances[r])
		}
	}
	return float64(w) * size / float64(f.unitsPerEm)
}

// cidOf returns the CID of r, or 0 when the face lacks it.
func (f *face) cidOf(r rune) uint16 {
	if r >= 0 && int(r) < len(f.cids) {
		return f.cids[r]
	}
	return 0
}

// scale turns design units into the PDF's glyph space (1/1000 em).
func (f *face) scale(v int) int { return v * 1000 / f.unitsPerEm }
