package sfnt

// Cmap maps characters to glyph ids through a font's Unicode cmap
// subtable (format 12 preferred, else format 4).
type Cmap struct {
	fmt4, fmt12 []byte
	groups      int // format 12
	seg         int // format 4
	numGlyphs   int
}

// ParseCmap picks the first Unicode subtable of format 12, else of format
// 4, of the cmap table t (platform 0, or 3 with encoding 1 or 10), for a
// font of numGlyphs glyphs. Records pointing outside t are skipped.
func ParseCmap(t []byte, numGlyphs int) (*Cmap, error) {
	n, ok := U16(t, 2)
	if !ok {
		return nil, bad("cmap", ErrTruncated, "cmap has %d bytes", len(t))
	}
	c := &Cmap{numGlyphs: numGlyphs}
	for i := range n {
		rec := 4 + 8*i
		pid, ok1 := U16(t, rec)
		eid, ok2 := U16(t, rec+2)
		off, ok3 := U32(t, rec+4)
		if !ok1 || !ok2 || !ok3 || off == 0 || off >= uint32(len(t)) {
			continue
		}
		sub := t[off:]
		if pid != 0 && !(pid == 3 && (eid == 1 || eid == 10)) {
			continue
		}
		switch format, _ := U16(sub, 0); {
		case format == 12 && c.fmt12 == nil:
			c.fmt12 = sub
		case format == 4 && c.fmt4 == nil:
			c.fmt4 = sub
		}
	}
	switch {
	case c.fmt12 != nil:
		g, _ := U32(c.fmt12, 12)
		if uint64(g) > uint64(len(c.fmt12)) || 16+12*int(g) > len(c.fmt12) {
			return nil, bad("cmap", ErrTruncated, "cmap format 12 runs past its table")
		}
		c.groups, c.fmt4 = int(g), nil
	case c.fmt4 != nil:
		segX2, _ := U16(c.fmt4, 6)
		c.seg = segX2 / 2
		if 16+8*c.seg > len(c.fmt4) {
			return nil, bad("cmap", ErrTruncated, "cmap format 4 runs past its table")
		}
		if c.seg == 0 {
			return nil, bad("cmap", ErrMalformed, "cmap format 4 without segments")
		}
	default:
		return nil, bad("cmap", ErrUnsupported, "no Unicode cmap (format 4 or 12)")
	}
	return c, nil
}

// Lookup returns the glyph id of r, 0 when the font has none (or the
// table names a glyph the font lacks).
func (c *Cmap) Lookup(r rune) int {
	g := -1
	if c.fmt12 != nil {
		g = c.lookup12(r)
	} else {
		g = c.lookup4(r)
	}
	if g <= 0 || g >= c.numGlyphs {
		return 0
	}
	return g
}

func (c *Cmap) lookup12(r rune) int {
	if r < 0 {
		return 0
	}
	lo, hi := 0, c.groups
	for lo < hi {
		m := (lo + hi) / 2
		at := 16 + 12*m
		start, _ := U32(c.fmt12, at)
		end, _ := U32(c.fmt12, at+4)
		switch {
		case uint32(r) < start:
			hi = m
		case uint32(r) > end:
			lo = m + 1
		default:
			g, _ := U32(c.fmt12, at+8)
			v := uint64(g) + uint64(uint32(r)-start)
			if v >= 1<<31 {
				return 0
			}
			return int(v)
		}
	}
	return 0
}

func (c *Cmap) lookup4(r rune) int {
	if r < 0 || r > 0xffff {
		return 0
	}
	ch := int(r)
	seg := c.seg
	ends, starts, deltas, ranges := 14, 16+2*seg, 16+4*seg, 16+6*seg
	for s := range seg {
		end, _ := U16(c.fmt4, ends+2*s)
		if ch > end {
			continue
		}
		start, _ := U16(c.fmt4, starts+2*s)
		if ch < start {
			return 0
		}
		delta, _ := U16(c.fmt4, deltas+2*s)
		ro, _ := U16(c.fmt4, ranges+2*s)
		if ro == 0 {
			return (ch + delta) & 0xffff
		}
		g, _ := U16(c.fmt4, ranges+2*s+ro+2*(ch-start))
		if g == 0 {
			return 0
		}
		return (g + delta) & 0xffff
	}
	return 0
}
