package sfnt_test

import (
	"encoding/binary"
	"errors"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/sfnt"
	"github.com/motcua/motcua/internal/testenv"
)

const dejavuDir = "/usr/share/fonts/truetype/dejavu/"

// font reads a DejaVu font, skipping (or failing in CI) without
// fonts-dejavu-core.
func font(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(dejavuDir + name)
	if err != nil {
		testenv.Missing(t, dejavuDir+name+" is missing (apt-get install fonts-dejavu-core)")
	}
	return b
}

// TestDejaVu reads the DejaVu fonts through every reader of the package.
func TestDejaVu(t *testing.T) {
	for _, tc := range []struct {
		file, name string
	}{
		{"DejaVuSans.ttf", "DejaVuSans"},
		{"DejaVuSans-Bold.ttf", "DejaVuSans-Bold"},
		{"DejaVuSansMono.ttf", "DejaVuSansMono"},
		{"DejaVuSerif.ttf", "DejaVuSerif"},
	} {
		t.Run(tc.file, func(t *testing.T) {
			b := font(t, tc.file)
			f, err := sfnt.Parse(b)
			require.NoError(t, err)
			require.NoError(t, f.Require(map[string]int{"head": 54, "hhea": 36, "maxp": 6, "hmtx": 4, "cmap": 4, "loca": 2, "glyf": 0, "post": 32}))
			assert.Equal(t, uint32(sfnt.ChecksumMagic), sfnt.Checksum(b), "the file's checkSumAdjustment")
			for tag, data := range f.Tables {
				if tag == "head" {
					continue
				}
				at := -1
				for i := range f.NumTables {
					if string(b[12+16*i:][:4]) == tag {
						at = 12 + 16*i
					}
				}
				require.GreaterOrEqual(t, at, 0)
				assert.Equal(t, binary.BigEndian.Uint32(b[at+4:]), sfnt.Checksum(data), "checksum of %q", tag)
			}
			n, ok := f.NumGlyphs()
			require.True(t, ok)
			nh, ok := f.NumHMetrics()
			require.True(t, ok)
			require.NoError(t, f.CheckHMetrics(nh, n))
			loca, err := f.Loca(n)
			require.NoError(t, err)
			require.Len(t, loca, n+1)
			cm, err := sfnt.ParseCmap(f.Tables["cmap"], n)
			require.NoError(t, err)
			for _, r := range "AaạỹĐ" {
				g := cm.Lookup(r)
				assert.Positive(t, g, "glyph of %q", r)
				assert.Positive(t, sfnt.Advance(f.Tables["hmtx"], nh, g), "advance of %q", r)
			}
			for _, r := range []rune{0, -1, 0x10ffff, 0x7fffffff} {
				assert.Zero(t, cm.Lookup(r), "glyph of %U", r)
			}
			composites := 0
			for g := range n {
				glyph := f.Tables["glyf"][loca[g]:loca[g+1]]
				err := sfnt.Components(glyph, func(off int) error {
					c, ok := sfnt.U16(glyph, off)
					require.True(t, ok)
					require.Less(t, c, n)
					return nil
				})
				require.NoError(t, err, "glyph %d", g)
				if sfnt.IsComposite(glyph) {
					composites++
				}
			}
			assert.Positive(t, composites)
			name, ok := sfnt.PostScriptName(f.Tables["name"], func(rune) bool { return true })
			assert.True(t, ok)
			assert.Equal(t, tc.name, name)

			// written back, the font reads the same
			head := append([]byte(nil), f.Tables["head"]...)
			binary.BigEndian.PutUint32(head[8:], 0)
			tables := map[string][]byte{}
			for tag, data := range f.Tables {
				tables[tag] = data
			}
			tables["head"] = head
			out := sfnt.Write(tables)
			assert.Equal(t, uint32(sfnt.ChecksumMagic), sfnt.Checksum(out))
			g, err := sfnt.Parse(out)
			require.NoError(t, err)
			for tag, data := range f.Tables {
				if tag != "head" {
					assert.Equal(t, data, g.Tables[tag], "table %q", tag)
				}
			}
		})
	}
}

// header returns a table directory of the given version and table count,
// followed by extra bytes.
func header(version uint32, n int, extra int) []byte {
	b := binary.BigEndian.AppendUint32(nil, version)
	b = binary.BigEndian.AppendUint16(b, uint16(n))
	return append(b, make([]byte, 6+extra)...)
}

// TestParseErrors: each damage gives a *FormatError of its sentinel.
func TestParseErrors(t *testing.T) {
	pastEnd := header(0x00010000, 1, 16)
	copy(pastEnd[12:], "glyf")
	binary.BigEndian.PutUint32(pastEnd[20:], 20)
	binary.BigEndian.PutUint32(pastEnd[24:], 9)
	for _, tc := range []struct {
		name  string
		b     []byte
		want  error
		table string
	}{
		{"empty", nil, sfnt.ErrTruncated, ""},
		{"11 bytes", header(0x00010000, 1, 0)[:11], sfnt.ErrTruncated, ""},
		{"CFF", header(0x4f54544f, 1, 16), sfnt.ErrUnsupported, ""},
		{"collection", header(0x74746366, 1, 16), sfnt.ErrUnsupported, ""},
		{"other version", header(0x00020000, 1, 16), sfnt.ErrUnsupported, ""},
		{"no tables", header(0x00010000, 0, 16), sfnt.ErrMalformed, ""},
		{"too many tables", header(0x74727565, sfnt.MaxTables+1, 16*(sfnt.MaxTables+1)), sfnt.ErrMalformed, ""},
		{"directory cut", header(0x00010000, 2, 16), sfnt.ErrTruncated, ""},
		{"table past the end", pastEnd, sfnt.ErrTruncated, "glyf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, err := sfnt.Parse(tc.b)
			assert.Nil(t, f)
			require.ErrorIs(t, err, tc.want)
			fe, ok := errors.AsType[*sfnt.FormatError](err)
			require.True(t, ok)
			assert.Equal(t, tc.table, fe.Table)
			assert.Contains(t, err.Error(), "sfnt: ")
		})
	}
	good := header(0x00010000, 1, 16)
	copy(good[12:], "glyf")
	binary.BigEndian.PutUint32(good[20:], 20)
	binary.BigEndian.PutUint32(good[24:], 8)
	f, err := sfnt.Parse(good)
	require.NoError(t, err)
	assert.Len(t, f.Tables["glyf"], 8)
	assert.ErrorIs(t, f.Require(map[string]int{"glyf": 9}), sfnt.ErrTruncated)
	assert.ErrorIs(t, f.Require(map[string]int{"head": 0}), sfnt.ErrMalformed)
	assert.NoError(t, f.Require(map[string]int{"glyf": 8}))
}

// TestTruncated: a DejaVu font cut anywhere before its last table's end
// gives ErrTruncated.
func TestTruncated(t *testing.T) {
	b := font(t, "DejaVuSans.ttf")
	for _, n := range []int{0, 1, 4, 11, 12, 13, 100, 12 + 16*3, 1000, len(b) / 2, len(b) - 1} {
		_, err := sfnt.Parse(b[:n])
		require.ErrorIs(t, err, sfnt.ErrTruncated, "%d bytes", n)
	}
}

// TestLoca: glyph offsets short and long, and the damages refused.
func TestLoca(t *testing.T) {
	head := func(format int) []byte {
		h := make([]byte, 54)
		binary.BigEndian.PutUint16(h[50:], uint16(format))
		return h
	}
	short := func(v ...int) []byte {
		var b []byte
		for _, x := range v {
			b = binary.BigEndian.AppendUint16(b, uint16(x))
		}
		return b
	}
	long := func(v ...int) []byte {
		var b []byte
		for _, x := range v {
			b = binary.BigEndian.AppendUint32(b, uint32(x))
		}
		return b
	}
	for _, tc := range []struct {
		name string
		head []byte
		loca []byte
		glyf int
		want []int
		err  error
	}{
		{"short", head(0), short(0, 5, 5, 10), 20, []int{0, 10, 10, 20}, nil},
		{"long", head(1), long(0, 7, 7, 20), 20, []int{0, 7, 7, 20}, nil},
		{"format 2", head(2), long(0, 7, 7, 20), 20, nil, sfnt.ErrMalformed},
		{"no head", nil, long(0, 7, 7, 20), 20, nil, sfnt.ErrMalformed},
		{"loca short", head(1), long(0, 7, 7), 20, nil, sfnt.ErrTruncated},
		{"decreasing", head(1), long(0, 8, 7, 20), 20, nil, sfnt.ErrMalformed},
		{"past glyf", head(0), short(0, 5, 5, 11), 20, nil, sfnt.ErrMalformed},
		{"first past glyf", head(1), long(21, 21, 21, 21), 20, nil, sfnt.ErrMalformed},
		{"huge", head(1), long(0, 1<<31, 1<<31, 1<<31), 20, nil, sfnt.ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &sfnt.Font{Tables: map[string][]byte{"loca": tc.loca, "glyf": make([]byte, tc.glyf)}}
			if tc.head != nil {
				f.Tables["head"] = tc.head
			}
			got, err := f.Loca(3)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

// cmapTable wraps one subtable in a cmap table under (pid, eid).
func cmapTable(pid, eid int, sub []byte) []byte {
	b := []byte{0, 0, 0, 1}
	b = binary.BigEndian.AppendUint16(b, uint16(pid))
	b = binary.BigEndian.AppendUint16(b, uint16(eid))
	b = binary.BigEndian.AppendUint32(b, 12)
	return append(b, sub...)
}

func u16s(v ...int) []byte {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint16(b, uint16(x))
	}
	return b
}

func u32s(v ...int) []byte {
	var b []byte
	for _, x := range v {
		b = binary.BigEndian.AppendUint32(b, uint32(x))
	}
	return b
}

// TestCmap: formats 4 (delta and range offsets) and 12, and the tables
// refused.
func TestCmap(t *testing.T) {
	// format 4: 'A'-'C' by delta to 10-12, 'a'-'b' through the glyph
	// array (glyph 20, then 0: none), the last segment 0xFFFF
	f4 := u16s(4, 0, 0, 6)                     // format, length, language, segCountX2
	f4 = append(f4, u16s(0, 0, 0)...)          // search header (unused)
	f4 = append(f4, u16s('C', 'b', 0xffff)...) // endCode
	f4 = append(f4, u16s(0)...)                // reservedPad
	f4 = append(f4, u16s('A', 'a', 0xffff)...) // startCode
	f4 = append(f4, u16s(10-'A', 0, 1)...)     // idDelta
	f4 = append(f4, u16s(0, 4, 0)...)          // idRangeOffset: 'a' at the array after these
	f4 = append(f4, u16s(20, 0)...)            // glyph array
	f12 := u32s(12<<16, 0, 0, 2, 'A', 'C', 30, 0x1F600, 0x1F601, 40)
	for _, tc := range []struct {
		name string
		t    []byte
		want map[rune]int
		err  error
	}{
		{"format 4", cmapTable(3, 1, f4), map[rune]int{'A': 10, 'C': 12, 'D': 0, 'a': 20, 'b': 0, '@': 0, 0x1F600: 0, 0xffff: 0}, nil},
		{"format 4, platform 0", cmapTable(0, 3, f4), map[rune]int{'B': 11}, nil},
		{"format 12", cmapTable(3, 10, f12), map[rune]int{'A': 30, 'C': 32, 'D': 0, 0x1F600: 40, 0x1F601: 0, -5: 0}, nil},
		{"not Unicode", cmapTable(1, 0, f4), nil, sfnt.ErrUnsupported},
		{"Symbol", cmapTable(3, 0, f4), nil, sfnt.ErrUnsupported},
		{"format 6", cmapTable(3, 1, u16s(6, 10, 0, 0, 0)), nil, sfnt.ErrUnsupported},
		{"no header", []byte{0, 0}, nil, sfnt.ErrTruncated},
		{"format 12 groups past end", cmapTable(3, 10, u32s(12<<16, 0, 0, 3, 'A', 'C', 30)), nil, sfnt.ErrTruncated},
		{"format 12 huge count", cmapTable(3, 10, u32s(12<<16, 0, 0, 1<<31)), nil, sfnt.ErrTruncated},
		{"format 4 cut", cmapTable(3, 1, f4[:20]), nil, sfnt.ErrTruncated},
		{"format 4 no segments", cmapTable(3, 1, u16s(4, 16, 0, 0, 0, 0, 0, 0)), nil, sfnt.ErrMalformed},
		{"record past the table", append([]byte{0, 0, 0, 1, 0, 3, 0, 1, 0, 0, 1, 0}, f4...), nil, sfnt.ErrUnsupported},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := sfnt.ParseCmap(tc.t, 41)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			for r, g := range tc.want {
				assert.Equal(t, g, c.Lookup(r), "glyph of %U", r)
			}
		})
	}
}

// composite builds a composite glyph of components (flags, glyph id,
// argument and transformation bytes as the flags say).
func composite(comps ...[2]int) []byte {
	b := u16s(0xffff, 0, 0, 0, 0) // -1 contours, bbox
	for _, c := range comps {
		flags := c[0]
		b = append(b, u16s(flags, c[1])...)
		if flags&0x0001 != 0 {
			b = append(b, 0, 0, 0, 0)
		} else {
			b = append(b, 0, 0)
		}
		switch {
		case flags&0x0008 != 0:
			b = append(b, 0, 0)
		case flags&0x0040 != 0:
			b = append(b, 0, 0, 0, 0)
		case flags&0x0080 != 0:
			b = append(b, make([]byte, 8)...)
		}
	}
	return b
}

// TestComponents: the component walk over simple, composite and damaged
// glyphs.
func TestComponents(t *testing.T) {
	two := composite([2]int{0x0020 | 0x0001 | 0x0008, 7}, [2]int{0x0020 | 0x0040, 8}, [2]int{0x0080, 9})
	stop := errors.New("stop")
	for _, tc := range []struct {
		name  string
		glyph []byte
		want  []int
		err   error
	}{
		{"blank", nil, nil, nil},
		{"simple", u16s(1, 0, 0, 10, 10, 0, 0, 0), nil, nil},
		{"one component", composite([2]int{0, 5}), []int{5}, nil},
		{"three components", two, []int{7, 8, 9}, nil},
		{"one byte", []byte{0xff}, nil, sfnt.ErrTruncated},
		{"header only", composite(), nil, sfnt.ErrTruncated},
		{"arguments cut", two[:len(two)-1], []int{7, 8, 9}, sfnt.ErrTruncated},
		{"more flag, no more", composite([2]int{0x0020, 5}), []int{5}, sfnt.ErrTruncated},
		{"stopped", two, []int{7}, stop},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			err := sfnt.Components(tc.glyph, func(off int) error {
				c, ok := sfnt.U16(tc.glyph, off)
				require.True(t, ok)
				got = append(got, c)
				if tc.err == stop {
					return stop
				}
				return nil
			})
			assert.Equal(t, tc.want, got)
			if tc.err != nil {
				require.ErrorIs(t, err, tc.err)
				return
			}
			require.NoError(t, err)
		})
	}
}

// nameTable builds a name table of (platform, name id, string bytes).
func nameTable(recs ...struct {
	pid, nid int
	s        []byte
}) []byte {
	b := u16s(0, len(recs), 6+12*len(recs))
	var strs []byte
	for _, r := range recs {
		b = append(b, u16s(r.pid, 0, 0, r.nid, len(r.s), len(strs))...)
		strs = append(strs, r.s...)
	}
	return append(b, strs...)
}

// TestPostScriptName: the first name ID 6 that keeps 1 to 63 characters.
func TestPostScriptName(t *testing.T) {
	type rec = struct {
		pid, nid int
		s        []byte
	}
	utf16be := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = binary.BigEndian.AppendUint16(b, uint16(r))
		}
		return b
	}
	letters := func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }
	long := make([]byte, 64)
	for i := range long {
		long[i] = 'x'
	}
	for _, tc := range []struct {
		name string
		t    []byte
		want string
		ok   bool
	}{
		{"Windows", nameTable(rec{3, 6, utf16be("Đẹp Sans")}), "pSans", true},
		{"Mac", nameTable(rec{1, 6, []byte("Mac Font")}), "MacFont", true},
		{"family skipped", nameTable(rec{3, 1, utf16be("Family")}, rec{3, 6, utf16be("Post")}), "Post", true},
		{"empty after filter", nameTable(rec{3, 6, utf16be("123")}, rec{1, 6, []byte("Next")}), "Next", true},
		{"too long", nameTable(rec{1, 6, long}), "", false},
		{"other platform", nameTable(rec{2, 6, []byte("ISO")}), "", false},
		{"string past the table", nameTable(rec{1, 6, []byte("Cut")})[:20], "", false},
		{"no table", nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := sfnt.PostScriptName(tc.t, letters)
			assert.Equal(t, tc.ok, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

// TestChecksum: words summed big-endian, the last zero-padded.
func TestChecksum(t *testing.T) {
	for _, tc := range []struct {
		b    []byte
		want uint32
	}{
		{nil, 0},
		{[]byte{1}, 0x01000000},
		{[]byte{0, 0, 0, 1, 0, 0, 0, 2}, 3},
		{[]byte{0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2}, 1},
		{[]byte{0, 0, 0, 1, 0, 2}, 0x00020001},
	} {
		assert.Equal(t, tc.want, sfnt.Checksum(tc.b), "% x", tc.b)
	}
}

// TestSearchHeader: searchRange, entrySelector and rangeShift.
func TestSearchHeader(t *testing.T) {
	for _, tc := range []struct {
		n, size int
		want    []int
	}{
		{1, 16, []int{16, 0, 0}},
		{2, 16, []int{32, 1, 0}},
		{3, 16, []int{32, 1, 16}},
		{11, 16, []int{128, 3, 48}},
		{16, 16, []int{256, 4, 0}},
		{5, 2, []int{8, 2, 2}},
	} {
		assert.Equal(t, u16s(tc.want...), sfnt.AppendSearchHeader(nil, tc.n, tc.size), "%d records of %d", tc.n, tc.size)
	}
}

// TestWrite: the directory in tag order, each table at a 4-byte offset,
// padded, and head's checkSumAdjustment making the file sum to the magic.
func TestWrite(t *testing.T) {
	tables := map[string][]byte{
		"head": make([]byte, 54), "glyf": {1, 2, 3}, "cmap": {4, 5, 6, 7, 8}, "loca": {},
	}
	out := sfnt.Write(tables)
	assert.Equal(t, uint32(sfnt.ChecksumMagic), sfnt.Checksum(out))
	assert.Zero(t, len(out)%4)
	f, err := sfnt.Parse(out)
	require.NoError(t, err)
	require.Equal(t, 4, f.NumTables)
	prev := ""
	for i := range f.NumTables {
		rec := out[12+16*i:]
		tag := string(rec[:4])
		assert.Less(t, prev, tag)
		prev = tag
		assert.Zero(t, binary.BigEndian.Uint32(rec[8:])%4, "%q aligned", tag)
		if tag != "head" {
			assert.Equal(t, tables[tag], f.Tables[tag])
			assert.Equal(t, sfnt.Checksum(tables[tag]), binary.BigEndian.Uint32(rec[4:]))
		}
	}
	assert.Equal(t, sfnt.PostV3(nil)[:4], []byte{0, 3, 0, 0})
	post := make([]byte, 32)
	post[5] = 9  // italic angle
	post[20] = 1 // memory hint
	assert.Equal(t, append([]byte{0, 3, 0, 0, 0, 9}, make([]byte, 26)...), sfnt.PostV3(post))
}

// FuzzParse: any bytes give a font or a *FormatError, and the readers
// never panic on what Parse accepts.
func FuzzParse(f *testing.F) {
	good := font(f, "DejaVuSans.ttf")
	f.Add(good[:4096])
	f.Add(header(0x00010000, 1, 16))
	tables := map[string][]byte{"head": make([]byte, 54), "maxp": u16s(0, 1, 0, 3), "hhea": make([]byte, 36),
		"loca": u16s(0, 0, 0, 0), "glyf": composite([2]int{0, 1}), "hmtx": make([]byte, 12), "cmap": cmapTable(3, 1, u16s(4, 16, 0, 2, 0, 0, 0, 0xffff, 0, 0xffff, 1, 0)),
		"name": nameTable(struct {
			pid, nid int
			s        []byte
		}{1, 6, []byte("Fuzz")})}
	f.Add(sfnt.Write(tables))
	f.Fuzz(func(t *testing.T, b []byte) {
		typed := func(err error) {
			t.Helper()
			if err != nil {
				_, ok := errors.AsType[*sfnt.FormatError](err)
				require.True(t, ok, "%v", err)
			}
		}
		font, err := sfnt.Parse(b)
		typed(err)
		if err != nil {
			return
		}
		n, _ := font.NumGlyphs()
		nh, _ := font.NumHMetrics()
		typed(font.CheckHMetrics(nh, n))
		loca, err := font.Loca(n)
		typed(err)
		if err == nil {
			for g := range n {
				glyph := font.Tables["glyf"][loca[g]:loca[g+1]]
				typed(sfnt.Components(glyph, func(off int) error {
					_, ok := sfnt.U16(glyph, off)
					require.True(t, ok)
					return nil
				}))
				_ = sfnt.Advance(font.Tables["hmtx"], nh, g)
				_ = sfnt.LSB(font.Tables["hmtx"], nh, g)
			}
		}
		cm, err := sfnt.ParseCmap(font.Tables["cmap"], n)
		typed(err)
		if err == nil {
			for _, r := range []rune{-1, 0, 'A', 0xffff, 0x10000, 0x10ffff, 1 << 30} {
				if g := cm.Lookup(r); g < 0 || g >= max(n, 1) {
					t.Fatalf("glyph %d of %U in a font of %d", g, r, n)
				}
			}
		}
		_, _ = sfnt.PostScriptName(font.Tables["name"], func(rune) bool { return true })
		_ = sfnt.Checksum(b)
	})
}
