package paper

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// glyphs is a TrueType font parsed once, at [New], into what each paper's
// subset is cut from: every glyph's outline bytes, the components of the
// composite glyphs, the horizontal metrics, and the tables that are copied
// whole. Cutting a subset is then copying bytes, without parsing.
type glyphs struct {
	head, hhea, maxp []byte      // copied and patched
	copied           []sfntTable // copied as they are: OS/2, cvt, fpgm, gasp, name, post, prep
	tail             deflated    // the copied tables, each padded, the end of every subset
	tailSum          uint32      // the sum of the copied tables' checksums
	outline          [][]byte    // by glyph id
	refs             [][]int     // by glyph id: offsets in outline of the component glyph ids
	advance, lsb     []uint16    // by glyph id
}

type sfntTable struct {
	tag  string
	data []byte
}

// Composite glyph flags (OpenType glyf table).
const (
	argWords     = 0x0001
	haveScale    = 0x0008
	moreComps    = 0x0020
	haveXYScale  = 0x0040
	haveTwoByTwo = 0x0080
)

// parseGlyphs reads the glyph data of a font. Anything out of bounds is a
// [*FontError], so that cutting a subset later cannot fail.
func parseGlyphs(f *sfnt) (*glyphs, error) {
	bad := func(why string, a ...any) (*glyphs, error) {
		return nil, &FontError{Why: fmt.Sprintf(why, a...)}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	n := u16(maxp, 4)
	if n == 0 {
		return bad("no glyphs")
	}
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	long := u16(head, 50) == 1
	offset := func(i int) int {
		if long {
			return int(u32(loca, 4*i))
		}
		return 2 * u16(loca, 2*i)
	}
	if need := (n + 1) * 2; long && len(loca) < 2*need || !long && len(loca) < need {
		return bad("loca has %d bytes for %d glyphs", len(loca), n)
	}
	g := &glyphs{
		head: head, hhea: hhea, maxp: maxp,
		outline: make([][]byte, n), refs: make([][]int, n),
		advance: make([]uint16, n), lsb: make([]uint16, n),
	}
	for i := range n {
		lo, hi := offset(i), offset(i+1)
		if lo > hi || hi > len(glyf) {
			return bad("glyph %d at bytes %d to %d of a %d-byte glyf table", i, lo, hi, len(glyf))
		}
		o := glyf[lo:hi]
		g.outline[i] = o
		if len(o) < 10 || i16(o, 0) >= 0 {
			continue
		}
		// a composite glyph: records of flags, glyph id, arguments and
		// an optional transformation, while moreComps is set
		at := 10
		for {
			if at+4 > len(o) {
				return bad("composite glyph %d runs past its end", i)
			}
			flags, comp := u16(o, at), u16(o, at+2)
			if comp >= n {
				return bad("composite glyph %d uses glyph %d of %d", i, comp, n)
			}
			g.refs[i] = append(g.refs[i], at+2)
			at += 4 + 2
			if flags&argWords != 0 {
				at += 2
			}
			switch {
			case flags&haveScale != 0:
				at += 2
			case flags&haveXYScale != 0:
				at += 4
			case flags&haveTwoByTwo != 0:
				at += 8
			}
			if flags&moreComps == 0 {
				break
			}
		}
		if at > len(o) {
			return bad("composite glyph %d runs past its end", i)
		}
	}
	hm := f.tables["hmtx"]
	metrics := u16(hhea, 34)
	if metrics == 0 || metrics > n || len(hm) < 4*metrics+2*(n-metrics) {
		return bad("hmtx has %d bytes for %d metrics of %d glyphs", len(hm), metrics, n)
	}
	for i := range n {
		if i < metrics {
			g.advance[i], g.lsb[i] = uint16(u16(hm, 4*i)), uint16(u16(hm, 4*i+2))
		} else {
			g.advance[i], g.lsb[i] = uint16(u16(hm, 4*(metrics-1))), uint16(u16(hm, 4*metrics+2*(i-metrics)))
		}
	}
	for _, tag := range []string{"OS/2", "cvt ", "fpgm", "gasp", "name", "prep"} {
		if t, ok := f.tables[tag]; ok {
			g.copied = append(g.copied, sfntTable{tag, t})
		}
	}
	// post version 3: no glyph names, which the subset renumbers
	post := make([]byte, 32)
	copy(post, f.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000)
	clear(post[16:])
	g.copied = append(g.copied, sfntTable{"post", post})
	var tail []byte
	for _, t := range g.copied {
		g.tailSum += checksum(t.data)
		tail = append(tail, t.data...)
		tail = append(tail, make([]byte, pad4(len(t.data))-len(t.data))...)
	}
	var err error
	if g.tail, err = deflate(tail); err != nil {
		return nil, &FontError{Why: "compress: " + err.Error()}
	}
	return g, nil
}

// cutter holds the buffers of one subset being cut, reused from one
// paper's font to the next.
type cutter struct {
	keep  []bool   // by old glyph id
	newID []uint16 // by old glyph id
	order []int    // old glyph ids kept, ascending
	stack []int
	made  []sfntTable
	dir   []dirEntry
	out   []byte

	cmapBuf                            []byte
	segs                               []cmapSeg
	head, hhea, maxp, hmtx, loca, glyf []byte
}

// cut returns the start of a TrueType font with the glyphs of gids (ids
// of g), the glyphs their composites use and glyph 0, renumbered in their
// order, and a cmap from runes to the new ids: the table directory and the
// tables made for the subset. The font is this start followed by g.tail.
// newID gives each old id's new one. The result is valid until the next
// call.
func (c *cutter) cut(g *glyphs, runes []rune, gids []uint16) []byte {
	n := len(g.outline)
	c.keep = slices.Grow(c.keep[:0], n)[:n]
	clear(c.keep)
	c.newID = slices.Grow(c.newID[:0], n)[:n]
	c.stack = append(c.stack[:0], 0)
	for _, id := range gids {
		c.stack = append(c.stack, int(id))
	}
	for len(c.stack) > 0 {
		id := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		if c.keep[id] {
			continue
		}
		c.keep[id] = true
		for _, at := range g.refs[id] {
			c.stack = append(c.stack, u16(g.outline[id], at))
		}
	}
	c.order = c.order[:0]
	for id, k := range c.keep {
		if k {
			c.newID[id] = uint16(len(c.order))
			c.order = append(c.order, id)
		}
	}
	kept := len(c.order)

	// the tables made for the subset
	glyfLen := 0
	for _, id := range c.order {
		glyfLen += pad4(len(g.outline[id]))
	}
	made := c.made[:0]
	head := append(c.head[:0], g.head...)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	hhea := append(c.hhea[:0], g.hhea...)
	binary.BigEndian.PutUint16(hhea[34:], uint16(kept))
	maxp := append(c.maxp[:0], g.maxp...)
	binary.BigEndian.PutUint16(maxp[4:], uint16(kept))
	hmtx := slices.Grow(c.hmtx[:0], 4*kept)[:4*kept]
	loca := slices.Grow(c.loca[:0], 4*(kept+1))[:4*(kept+1)]
	glyf := slices.Grow(c.glyf[:0], glyfLen)
	for i, id := range c.order {
		binary.BigEndian.PutUint16(hmtx[4*i:], g.advance[id])
		binary.BigEndian.PutUint16(hmtx[4*i+2:], g.lsb[id])
		binary.BigEndian.PutUint32(loca[4*i:], uint32(len(glyf)))
		at := len(glyf)
		glyf = append(glyf, g.outline[id]...)
		for _, ref := range g.refs[id] {
			binary.BigEndian.PutUint16(glyf[at+ref:], c.newID[u16(g.outline[id], ref)])
		}
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	binary.BigEndian.PutUint32(loca[4*kept:], uint32(len(glyf)))
	c.head, c.hhea, c.maxp, c.hmtx, c.loca, c.glyf = head, hhea, maxp, hmtx, loca, glyf
	made = append(made, sfntTable{"cmap", c.cmap(runes, gids)}, sfntTable{"glyf", glyf}, sfntTable{"head", head},
		sfntTable{"hhea", hhea}, sfntTable{"hmtx", hmtx}, sfntTable{"loca", loca}, sfntTable{"maxp", maxp})
	c.made = made

	// the directory lists every table in tag order; the made tables
	// follow it, then the copied ones (g.tail)
	nt := len(made) + len(g.copied)
	dir := slices.Grow(c.dir[:0], nt)
	off := 12 + 16*nt
	var total uint32
	for _, t := range made {
		sum := checksum(t.data)
		total += sum
		dir = append(dir, dirEntry{t.tag, sum, off, len(t.data)})
		off += pad4(len(t.data))
	}
	for _, t := range g.copied {
		dir = append(dir, dirEntry{t.tag, checksum(t.data), off, len(t.data)})
		off += pad4(len(t.data))
	}
	total += g.tailSum
	slices.SortFunc(dir, func(a, b dirEntry) int {
		switch {
		case a.tag < b.tag:
			return -1
		case a.tag > b.tag:
			return 1
		}
		return 0
	})
	c.dir = dir
	out := c.out[:0]
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(nt))
	es := 0
	for 1<<(es+1) <= nt {
		es++
	}
	out = binary.BigEndian.AppendUint16(out, uint16(16<<es))
	out = binary.BigEndian.AppendUint16(out, uint16(es))
	out = binary.BigEndian.AppendUint16(out, uint16(16*nt-16<<es))
	for _, e := range dir {
		out = append(out, e.tag...)
		out = binary.BigEndian.AppendUint32(out, e.sum)
		out = binary.BigEndian.AppendUint32(out, uint32(e.off))
		out = binary.BigEndian.AppendUint32(out, uint32(e.len))
	}
	total += checksum(out)
	headAt := 0
	for _, t := range made {
		if t.tag == "head" {
			headAt = len(out)
		}
		out = append(out, t.data...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xb1b0afba-total)
	c.out = out
	return out
}

type cmapSeg struct{ start, end, gid int }

type dirEntry struct {
	tag      string
	sum      uint32
	off, len int
}

// cmap is a cmap table with one format 4 subtable (Windows, Unicode BMP)
// mapping runes (ascending, all in the BMP) to the new ids of gids.
func (c *cutter) cmap(runes []rune, gids []uint16) []byte {
	segs := c.segs[:0]
	defer func() { c.segs = segs }()
	for i, r := range runes {
		id := int(c.newID[gids[i]])
		if l := len(segs) - 1; l >= 0 && int(r) == segs[l].end+1 && id == segs[l].gid+int(r)-segs[l].start {
			segs[l].end = int(r)
			continue
		}
		segs = append(segs, cmapSeg{int(r), int(r), id})
	}
	segs = append(segs, cmapSeg{0xffff, 0xffff, 0}) // the closing segment, to glyph 0
	nseg := len(segs)
	sub := 16 + 8*nseg
	b := slices.Grow(c.cmapBuf[:0], 12+sub)
	defer func() { c.cmapBuf = b }()
	b = binary.BigEndian.AppendUint16(b, 0) // version
	b = binary.BigEndian.AppendUint16(b, 1) // one subtable
	b = binary.BigEndian.AppendUint16(b, 3) // Windows
	b = binary.BigEndian.AppendUint16(b, 1) // Unicode BMP
	b = binary.BigEndian.AppendUint32(b, 12)
	b = binary.BigEndian.AppendUint16(b, 4)
	b = binary.BigEndian.AppendUint16(b, uint16(sub))
	b = binary.BigEndian.AppendUint16(b, 0) // language
	b = binary.BigEndian.AppendUint16(b, uint16(2*nseg))
	es := 0
	for 1<<(es+1) <= nseg {
		es++
	}
	b = binary.BigEndian.AppendUint16(b, uint16(2<<es))
	b = binary.BigEndian.AppendUint16(b, uint16(es))
	b = binary.BigEndian.AppendUint16(b, uint16(2*nseg-2<<es))
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, uint16(s.end))
	}
	b = binary.BigEndian.AppendUint16(b, 0) // reserved
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, uint16(s.start))
	}
	for _, s := range segs {
		b = binary.BigEndian.AppendUint16(b, uint16(s.gid-s.start))
	}
	for range segs {
		b = binary.BigEndian.AppendUint16(b, 0) // idRangeOffset
	}
	return b
}

func pad4(n int) int { return (n + 3) &^ 3 }

// checksum is a TrueType table checksum: the sum of its big-endian
// 32-bit words, the last one padded with zeros.
func checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
