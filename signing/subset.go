package signing

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"slices"
	"unicode/utf16"
)

// fontSubset is a TrueType font cut down to the glyphs a stamp shows.
type fontSubset struct {
	data  []byte      // the font file
	newID map[int]int // original glyph id to the subset's
	name  string      // PostScript name with its subset tag, "ABCDEF+DejaVuSans"
}

// Composite glyph flags (OpenType glyf table).
const (
	argsAreWords   = 0x0001
	haveScale      = 0x0008
	moreComponents = 0x0020
	haveXYScale    = 0x0040
	haveTwoByTwo   = 0x0080
)

// glyph returns glyph g's outline bytes (empty for a blank glyph).
func (f *ttFont) glyph(g int) []byte {
	return f.tables["glyf"][f.loca[g]:f.loca[g+1]]
}

// components calls fn with the offset of every component's glyph id in a
// composite glyph; it reports false when the glyph is damaged.
func components(glyph []byte, fn func(off int) bool) bool {
	if n, ok := i16(glyph, 0); !ok || n >= 0 {
		return ok || len(glyph) == 0 // simple or blank glyph
	}
	for pos := 10; ; {
		flags, ok := u16(glyph, pos)
		if !ok || pos+4 > len(glyph) || !fn(pos+2) {
			return false
		}
		pos += 4
		if flags&argsAreWords != 0 {
			pos += 4
		} else {
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
			return false
		}
		if flags&moreComponents == 0 {
			return true
		}
	}
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
		ok := components(f.glyph(g), func(off int) bool {
			c, _ := u16(f.glyph(g), off)
			work = append(work, c)
			return true
		})
		if !ok {
			return nil, fmt.Errorf("%w: damaged glyph %d", errFont, g)
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
		components(glyf[start:], func(off int) bool {
			c := binary.BigEndian.Uint16(glyf[start+off:])
			binary.BigEndian.PutUint16(glyf[start+off:], uint16(newID[int(c)]))
			return true
		})
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		lsbOff := 4*g + 2
		if g >= f.numHMetric {
			lsbOff = 4*f.numHMetric + 2*(g-f.numHMetric)
		}
		lsb, _ := u16(hm, lsbOff) // in range: checked by parseTrueType
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
		"cmap": subsetCmap(used, newID), "post": postV3(f.tables["post"]),
	}
	for _, t := range []string{"cvt ", "fpgm", "prep", "OS/2"} {
		if b := f.tables[t]; b != nil {
			tables[t] = b
		}
	}
	data := writeSFNT(tables)
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
	sub = appendSearchHeader(sub, seg, 2)
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

// postV3 returns a version 3 post table (no glyph names) keeping the
// original's italic angle, underline and pitch.
func postV3(orig []byte) []byte {
	out := make([]byte, 32)
	if len(orig) >= 32 {
		copy(out, orig[:32])
	}
	binary.BigEndian.PutUint32(out, 0x00030000)
	clear(out[16:]) // memory usage hints
	return out
}

// postScriptName returns the font's PostScript name (name ID 6) reduced to
// the characters PDF names take without escapes, or "MotcuaStamp".
func postScriptName(name []byte) string {
	n, _ := u16(name, 2)
	strOff, _ := u16(name, 4)
	for i := range n {
		rec := 6 + 12*i
		pid, ok1 := u16(name, rec)
		id, ok2 := u16(name, rec+6)
		length, ok3 := u16(name, rec+8)
		off, ok4 := u16(name, rec+10)
		start := strOff + off
		if !ok1 || !ok2 || !ok3 || !ok4 || id != 6 || start+length > len(name) {
			continue
		}
		raw := name[start : start+length]
		var s []rune
		switch pid {
		case 0, 3: // UTF-16BE
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			s = utf16.Decode(u)
		case 1: // Mac Roman: ASCII is enough for a PostScript name
			for _, c := range raw {
				s = append(s, rune(c))
			}
		}
		var clean []byte
		for _, r := range s {
			if r < 0x7F && r > ' ' && r != '/' && r != '(' && r != ')' && r != '<' && r != '>' &&
				r != '[' && r != ']' && r != '{' && r != '}' && r != '%' && r != '#' {
				clean = append(clean, byte(r))
			}
		}
		if len(clean) > 0 && len(clean) <= 63 {
			return string(clean)
		}
	}
	return "MotcuaStamp"
}

// writeSFNT lays out a TrueType file: the table directory, then each table
// padded to four bytes, with checksums and head's checkSumAdjustment.
func writeSFNT(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	for t := range tables {
		tags = append(tags, t)
	}
	slices.Sort(tags)
	n := len(tags)
	out := binary.BigEndian.AppendUint32(nil, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(n))
	out = appendSearchHeader(out, n, 16)
	off := 12 + 16*n
	headAt := 0
	for _, t := range tags {
		b := tables[t]
		if t == "head" {
			headAt = off
		}
		out = append(out, t...)
		out = binary.BigEndian.AppendUint32(out, checksum(b))
		out = binary.BigEndian.AppendUint32(out, uint32(off))
		out = binary.BigEndian.AppendUint32(out, uint32(len(b)))
		off += (len(b) + 3) &^ 3
	}
	for _, t := range tags {
		out = append(out, tables[t]...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out
}

// appendSearchHeader appends the binary-search fields OpenType puts before
// n records of size bytes: searchRange, entrySelector and rangeShift.
func appendSearchHeader(b []byte, n, size int) []byte {
	pow, log := 1, 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	for _, v := range []int{size * pow, log, size * (n - pow)} {
		b = binary.BigEndian.AppendUint16(b, uint16(v))
	}
	return b
}

// checksum is the OpenType table checksum: the sum of big-endian 32-bit
// words, the last one zero-padded.
func checksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}
