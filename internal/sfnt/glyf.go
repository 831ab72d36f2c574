package sfnt

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// IsComposite reports whether glyph (one glyph's outline bytes) is a
// composite glyph: at least its 10-byte header and a negative contour
// count.
func IsComposite(glyph []byte) bool {
	n, ok := I16(glyph, 0)
	return ok && n < 0
}

// Components calls fn with the offset in glyph of each component's glyph
// id, in order, when glyph is composite; a blank or simple glyph has none.
// A composite glyph whose records run past its end, or an error from fn,
// stops the walk with that error.
func Components(glyph []byte, fn func(off int) error) error {
	if len(glyph) == 0 {
		return nil
	}
	n, ok := I16(glyph, 0)
	if !ok {
		return bad("glyf", ErrTruncated, "glyph of %d byte", len(glyph))
	}
	if n >= 0 {
		return nil
	}
	for pos := 10; ; {
		flags, ok := U16(glyph, pos)
		if !ok || pos+4 > len(glyph) {
			return bad("glyf", ErrTruncated, "composite glyph runs past its end")
		}
		if err := fn(pos + 2); err != nil {
			return err
		}
		pos += 6
		if flags&argsAreWords != 0 {
			pos += 2
		}
		switch {
		case flags&haveScale != 0:
			pos += 2
		case flags&haveXYScale != 0:
			pos += 4
		case flags&haveTwoByTwo != 0:
			pos += 8
		}
		if pos > len(glyph) {
			return bad("glyf", ErrTruncated, "composite glyph runs past its end")
		}
		if flags&moreComponents == 0 {
			return nil
		}
	}
}
