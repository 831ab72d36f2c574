package paper

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"

	"codeberg.org/go-pdf/fpdf"
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

// sfnt is a parsed TrueType table directory.
type sfnt struct {
	b      []byte
	tables map[string][]byte
}

func parseSFNT(b []byte) (*sfnt, error) {
	bad := func(why string, a ...any) (*sfnt, error) {
		return nil, &FontError{Why: fmt.Sprintf(why, a...)}
	}
	if len(b) < 12 {
		return bad("%d bytes, too short for a font", len(b))
	}
	switch v := binary.BigEndian.Uint32(b); v {
	case 0x00010000, 0x74727565: // 1.0, "true"
	case 0x4f54544f: // "OTTO"
		return bad("an OpenType font with CFF outlines; a TrueType (glyf) font is needed")
	case 0x74746366: // "ttcf"
		return bad("a font collection (.ttc); give one TrueType font")
	default:
		return bad("not a TrueType font (version %#08x)", v)
	}
	n := int(binary.BigEndian.Uint16(b[4:]))
	if n == 0 || n > 256 || 12+16*n > len(b) {
		return bad("%d tables in a %d-byte file", n, len(b))
	}
	f := &sfnt{b: b, tables: make(map[string][]byte, n)}
	for i := range n {
		rec := b[12+16*i:]
		tag := string(rec[:4])
		off, ln := uint64(binary.BigEndian.Uint32(rec[8:])), uint64(binary.BigEndian.Uint32(rec[12:]))
		if off+ln > uint64(len(b)) {
			return bad("table %q runs past the end of the file", tag)
		}
		f.tables[tag] = b[off : off+ln]
	}
	need := map[string]int{"head": 54, "hhea": 36, "maxp": 6, "hmtx": 4, "cmap": 4, "loca": 2, "glyf": 0, "post": 32}
	for _, tag := range slices.Sorted(mapKeys(need)) {
		t, ok := f.tables[tag]
		if !ok {
			return bad("no %q table", tag)
		}
		if len(t) < need[tag] {
			return bad("table %q has %d bytes, want at least %d", tag, len(t), need[tag])
		}
	}
	return f, nil
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

func u16(b []byte, off int) int {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return int(binary.BigEndian.Uint16(b[off:]))
}

func i16(b []byte, off int) int { return int(int16(u16(b, off))) }

func u32(b []byte, off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}

// cmap maps the runes of want to glyph ids through the font's Unicode
// cmap (format 12 preferred, else format 4); runes without a glyph are
// left out.
func (f *sfnt) cmap(want []rune) (map[rune]uint16, error) {
	t := f.tables["cmap"]
	n := u16(t, 2)
	var fmt4, fmt12 []byte
	for i := range n {
		rec := 4 + 8*i
		pid, eid, off := u16(t, rec), u16(t, rec+2), int(u32(t, rec+4))
		if off <= 0 || off >= len(t) {
			continue
		}
		sub := t[off:]
		unicode := pid == 0 || pid == 3 && (eid == 1 || eid == 10)
		switch {
		case unicode && u16(sub, 0) == 12 && fmt12 == nil:
			fmt12 = sub
		case unicode && u16(sub, 0) == 4 && fmt4 == nil:
			fmt4 = sub
		}
	}
	out := make(map[rune]uint16, len(want))
	numGlyphs := u16(f.tables["maxp"], 4)
	put := func(r rune, g int) {
		if g > 0 && g < numGlyphs {
			out[r] = uint16(g)
		}
	}
	switch {
	case fmt12 != nil:
		groups := int(u32(fmt12, 12))
		if groups < 0 || 16+12*groups > len(fmt12) {
			return nil, &FontError{Why: "cmap format 12 runs past its table"}
		}
		for _, r := range want {
			lo, hi := 0, groups
			for lo < hi {
				m := (lo + hi) / 2
				g := 16 + 12*m
				start, end := rune(u32(fmt12, g)), rune(u32(fmt12, g+4))
				switch {
				case r < start:
					hi = m
				case r > end:
					lo = m + 1
				default:
					put(r, int(u32(fmt12, g+8))+int(r-start))
					lo = hi
				}
			}
		}
	case fmt4 != nil:
		seg := u16(fmt4, 6) / 2
		if 16+8*seg > len(fmt4) {
			return nil, &FontError{Why: "cmap format 4 runs past its table"}
		}
		ends, starts, deltas, ranges := 14, 16+2*seg, 16+4*seg, 16+6*seg
		for _, r := range want {
			if r > 0xffff {
				continue
			}
			for s := range seg {
				end := rune(u16(fmt4, ends+2*s))
				if r > end {
					continue
				}
				start := rune(u16(fmt4, starts+2*s))
				if r < start {
					break
				}
				delta, ro := u16(fmt4, deltas+2*s), u16(fmt4, ranges+2*s)
				if ro == 0 {
					put(r, (int(r)+delta)&0xffff)
					break
				}
				at := ranges + 2*s + ro + 2*int(r-start)
				if g := u16(fmt4, at); g != 0 {
					put(r, (g+delta)&0xffff)
				}
				break
			}
		}
	default:
		return nil, &FontError{Why: "no Unicode cmap (format 4 or 12)"}
	}
	return out, nil
}

// advances returns the advance width of each glyph in gids.
func (f *sfnt) advances(gids map[rune]uint16) map[rune]int {
	hm := f.tables["hmtx"]
	n := u16(f.tables["hhea"], 34)
	out := make(map[rune]int, len(gids))
	for r, g := range gids {
		i := int(g)
		if i >= n {
			i = n - 1
		}
		out[r] = u16(hm, 4*i)
	}
	return out
}

// postScriptName returns the font's PostScript name (name ID 6) in
// letters and digits only, or "Font".
func (f *sfnt) postScriptName() string {
	t := f.tables["name"]
	n, strs := u16(t, 2), u16(t, 4)
	for i := range n {
		rec := 6 + 12*i
		pid, nid, ln, off := u16(t, rec), u16(t, rec+6), u16(t, rec+8), u16(t, rec+10)
		if nid != 6 || strs+off+ln > len(t) {
			continue
		}
		raw := t[strs+off : strs+off+ln]
		var b strings.Builder
		for j := 0; j < len(raw); j++ {
			c := raw[j]
			if pid == 3 || pid == 0 { // UTF-16BE
				if j%2 == 0 {
					continue
				}
			}
			if c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '-' {
				b.WriteByte(c)
			}
		}
		if b.Len() > 0 && b.Len() <= 63 {
			return b.String()
		}
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
