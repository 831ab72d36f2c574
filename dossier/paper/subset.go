package paper

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/motcua/motcua/internal/sfnt"
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

// parseGlyphs reads the glyph data of a font. Anything out of bounds is a
// [*FontError], so that cutting a subset later cannot fail.
func parseGlyphs(f *sfntFont) (*glyphs, error) {
	bad := func(why string, a ...any) (*glyphs, error) {
		return nil, &FontError{Why: fmt.Sprintf(why, a...)}
	}
	head, hhea, maxp := f.tables["head"], f.tables["hhea"], f.tables["maxp"]
	n := u16(maxp, 4)
	if n == 0 {
		return bad("no glyphs")
	}
	sf := &sfnt.Font{Tables: f.tables}
	loca, err := sf.Loca(n)
	if err != nil {
		return nil, fontError(err)
	}
	glyf := f.tables["glyf"]
	g := &glyphs{head: head, outline: make([][]byte, n), refs: make([][]int, n)}
	for i := range n {
		o := glyf[loca[i]:loca[i+1]]
		g.outline[i] = o
		err := sfnt.Components(o, func(at int) error {
			if comp := u16(o, at); comp >= n {
				return &FontError{Why: fmt.Sprintf("composite glyph %d uses glyph %d of %d", i, comp, n)}
			}
			g.refs[i] = append(g.refs[i], at)
			return nil
		})
		if fe, ok := errors.AsType[*FontError](err); ok {
			return nil, fe
		}
		if err != nil {
			return bad("composite glyph %d runs past its end", i)
		}
	}
	if err := sf.CheckHMetrics(u16(hhea, 34), n); err != nil {
		return nil, fontError(err)
	}
	for _, tag := range []string{"OS/2", "cmap", "cvt ", "fpgm", "gasp", "hhea", "hmtx", "maxp", "name", "prep"} {
		if t, ok := f.tables[tag]; ok {
			g.copied = append(g.copied, sfntTable{tag, t})
		}
	}
	// post version 3: no glyph names (a subset needs none)
	g.copied = append(g.copied, sfntTable{"post", sfnt.PostV3(f.tables["post"])})
	var tail []byte
	for _, t := range g.copied {
		g.tailSum += checksum(t.data)
		tail = sfnt.AppendPadded(tail, t.data)
	}
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
	dir        []sfnt.DirEntry
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
		glyf = sfnt.AppendPadded(glyf, g.outline[id])
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
		sum := sfnt.Checksum(t.data)
		total += sum
		dir = append(dir, sfnt.DirEntry{Tag: t.tag, Sum: sum, Off: off, Len: len(t.data)})
		off += sfnt.Pad4(len(t.data))
	}
	for _, t := range g.copied {
		dir = append(dir, sfnt.DirEntry{Tag: t.tag, Sum: sfnt.Checksum(t.data), Off: off, Len: len(t.data)})
		off += sfnt.Pad4(len(t.data))
	}
	total += g.tailSum
	out := sfnt.AppendDirectory(c.out[:0], dir)
	c.dir = dir
	total += sfnt.Checksum(out)
	headAt := 0
	for _, t := range made {
		if t.tag == "head" {
			headAt = len(out)
		}
		out = sfnt.AppendPadded(out, t.data)
	}
	binary.BigEndian.PutUint32(out[headAt+8:], sfnt.ChecksumMagic-total)
	c.out = out
	return out
}

// pad4 rounds n up to a multiple of four.
func pad4(n int) int { return sfnt.Pad4(n) }

// checksum is a TrueType table checksum.
func checksum(b []byte) uint32 { return sfnt.Checksum(b) }
