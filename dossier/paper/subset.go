package paper

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// glyphs is a TrueType font parsed once, at [New], into what each paper's
// subset is cut from: every glyph's outline bytes, the components of the
// composite glyphs, and the tables that are the same in every subset,
// compressed once. A subset keeps the font's glyph ids and empties the
// outlines it does not need, so that its metrics, its cmap, and the PDF's
// CID-to-glyph map stay those of the whole font: cutting a subset is
// copying the outlines used and writing their offsets.
type glyphs struct {
	head    []byte      // copied and patched (checksum adjustment, long offsets)
	copied  []sfntTable // copied as they are: OS/2, cmap, cvt, fpgm, gasp, hhea, hmtx, maxp, name, post, prep
	tail    deflated    // the copied tables, each padded, the end of every subset
	tailSum uint32      // the sum of the copied tables' checksums
	outline [][]byte    // by glyph id
	refs    [][]int     // by glyph id: offsets in outline of the component glyph ids
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
	g := &glyphs{head: head, outline: make([][]byte, n), refs: make([][]int, n)}
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
	for _, tag := range []string{"OS/2", "cmap", "cvt ", "fpgm", "gasp", "hhea", "hmtx", "maxp", "name", "prep"} {
		if t, ok := f.tables[tag]; ok {
			g.copied = append(g.copied, sfntTable{tag, t})
		}
	}
	// post version 3: no glyph names (a subset needs none)
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
	keep       []bool // by glyph id
	stack      []int
	dir        []dirEntry
	out        []byte
	head, loca []byte
	glyf       []byte
}

// cut returns the start of a TrueType font with the outlines of the
// glyphs gids, of the glyphs their composites use and of glyph 0, the
// other glyphs empty: the table directory, head, loca and glyf. The font
// is this start followed by g.tail. The result is valid until the next
// call.
func (c *cutter) cut(g *glyphs, gids []uint16) []byte {
	n := len(g.outline)
	c.keep = slices.Grow(c.keep[:0], n)[:n]
	clear(c.keep)
	c.stack = append(c.stack[:0], 0)
	for _, id := range gids {
		c.stack = append(c.stack, int(id))
	}
	for len(c.stack) > 0 {
		id := c.stack[len(c.stack)-1]
		c.stack = c.stack[:len(c.stack)-1]
		if id >= n || c.keep[id] {
			continue
		}
		c.keep[id] = true
		for _, at := range g.refs[id] {
			c.stack = append(c.stack, u16(g.outline[id], at))
		}
	}
	glyfLen := 0
	for id, k := range c.keep {
		if k {
			glyfLen += pad4(len(g.outline[id]))
		}
	}
	head := append(c.head[:0], g.head...)
	binary.BigEndian.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	binary.BigEndian.PutUint16(head[50:], 1)
	loca := slices.Grow(c.loca[:0], 4*(n+1))[:4*(n+1)]
	glyf := slices.Grow(c.glyf[:0], glyfLen)
	for id, k := range c.keep {
		binary.BigEndian.PutUint32(loca[4*id:], uint32(len(glyf)))
		if !k {
			continue
		}
		glyf = append(glyf, g.outline[id]...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
	}
	binary.BigEndian.PutUint32(loca[4*n:], uint32(len(glyf)))
	c.head, c.loca, c.glyf = head, loca, glyf
	made := [3]sfntTable{{"glyf", glyf}, {"head", head}, {"loca", loca}}

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

type dirEntry struct {
	tag      string
	sum      uint32
	off, len int
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
