package paper

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
)

// TestCut cuts subsets of DejaVu Sans (whose Vietnamese letters are
// composites of a base letter and marks) and checks them as a font reader
// would: the table checksums and the file's checksum adjustment, the glyph
// count and ids kept, the cmap, the outlines of the glyphs used and of
// their components, and every other glyph empty.
func TestCut(t *testing.T) {
	ttf, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		testenv.Missing(t, "DejaVuSans.ttf is missing (apt-get install fonts-dejavu-core)")
	}
	fc, err := newFace(ttf)
	require.NoError(t, err)
	var cu cutter
	for _, tc := range []struct{ name, text string }{
		{"one letter", "a"},
		{"Vietnamese", "Nguyễn Thị Hồng Nhung, Thủ Dầu Một ₫"},
		{"the repertoire", string(fc.runes)},
		{"again small, buffers reused", "Độc lập"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var runes []rune
			var gids []uint16
			for _, r := range fc.runes { // ascending, as the writer gives them
				if strings.ContainsRune(tc.text, r) {
					runes = append(runes, r)
					gids = append(gids, fc.gid[r])
				}
			}
			sub := append(append([]byte(nil), cu.cut(fc.glyphs, gids)...), fc.glyphs.tail.raw...)

			n := int(binary.BigEndian.Uint16(sub[4:]))
			for i := range n {
				rec := sub[12+16*i:]
				tag := string(rec[:4])
				sum, off, ln := binary.BigEndian.Uint32(rec[4:]), binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
				require.Zero(t, off%4, "table %q aligned", tag)
				data := append([]byte(nil), sub[off:off+ln]...)
				if tag == "head" {
					binary.BigEndian.PutUint32(data[8:], 0)
				}
				assert.Equal(t, checksum(data), sum, "table %q", tag)
				if i > 0 {
					assert.Less(t, string(sub[12+16*(i-1):][:4]), tag, "directory in tag order")
				}
			}
			assert.Equal(t, uint32(0xb1b0afba), checksum(sub), "checkSumAdjustment")

			sf, err := parseSFNT(sub)
			require.NoError(t, err)
			g, err := parseGlyphs(sf)
			require.NoError(t, err)
			require.Equal(t, len(fc.glyphs.outline), len(g.outline), "glyph ids kept")
			got, err := sf.cmap(runes)
			require.NoError(t, err)
			require.Len(t, got, len(runes))
			want := map[int]bool{0: true}
			var need func(id int)
			need = func(id int) {
				want[id] = true
				for _, ref := range fc.glyphs.refs[id] {
					need(u16(fc.glyphs.outline[id], ref))
				}
			}
			composites := 0
			for i, r := range runes {
				require.Equal(t, gids[i], got[r], "cmap of %q", r)
				need(int(gids[i]))
				if len(fc.glyphs.refs[gids[i]]) > 0 {
					composites++
				}
			}
			for id, o := range g.outline {
				if want[id] {
					assert.True(t, bytes.Equal(fc.glyphs.outline[id], o[:min(len(o), len(fc.glyphs.outline[id]))]) && len(o) == pad4(len(fc.glyphs.outline[id])), "glyph %d kept", id)
				} else {
					assert.Empty(t, o, "glyph %d not used", id)
				}
			}
			if tc.name == "Vietnamese" {
				assert.Positive(t, composites, "the test meets composite glyphs")
			}
		})
	}
}

// TestStreamTail: a stream made of data compressed now and a tail
// compressed beforehand inflates, with its Adler-32 checked by
// compress/zlib, to data then tail.
func TestStreamTail(t *testing.T) {
	text := bytes.Repeat([]byte("Giấy tiếp nhận hồ sơ và hẹn trả kết quả. "), 300)
	for _, tc := range []struct {
		name       string
		data, tail []byte
	}{
		{"no tail", text, nil},
		{"text and tail", text[:5000], text[3000:]},
		{"empty data", nil, text},
		{"empty tail", text, []byte{}},
		{"one byte each", []byte("a"), []byte("b")},
		{"long tail", []byte("x"), bytes.Repeat(text, 9)}, // past 65521 bytes
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			pw := newWriter(&out, nil, nil)
			defer pw.release()
			var tail *deflated
			if tc.tail != nil {
				d, err := deflate(tc.tail)
				require.NoError(t, err)
				tail = &d
			}
			require.NoError(t, pw.streamTail(pw.alloc(), "", tc.data, tail))
			require.NoError(t, pw.w.Flush())
			_, body, ok := bytes.Cut(out.Bytes(), []byte("stream\n"))
			require.True(t, ok)
			body, _, ok = bytes.Cut(body, []byte("\nendstream"))
			require.True(t, ok)
			zr, err := zlib.NewReader(bytes.NewReader(body))
			require.NoError(t, err)
			got, err := io.ReadAll(zr)
			require.NoError(t, err, "inflates with a good checksum")
			want := append(append([]byte(nil), tc.data...), tc.tail...)
			assert.True(t, bytes.Equal(want, got), "inflates to data then tail")
		})
	}
}

func TestAdler32Combine(t *testing.T) {
	b := bytes.Repeat([]byte("Độc lập - Tự do - Hạnh phúc\x00\xff"), 5000)
	for _, cut := range []int{0, 1, 100, 65520, 65521, 65522, 100000, len(b)} {
		a1, a2 := adler32.Checksum(b[:cut]), adler32.Checksum(b[cut:])
		assert.Equal(t, adler32.Checksum(b), adler32Combine(a1, a2, len(b)-cut), "cut at %d", cut)
	}
}

// TestToUnicode reads the CMap back: every CID maps to its rune, ranges
// never cross a last-byte boundary, runes beyond the BMP are single
// entries in UTF-16.
func TestToUnicode(t *testing.T) {
	var runes []rune
	for r := rune(0x20); r < 0x7f; r++ {
		runes = append(runes, r)
	}
	for r := rune(0xa0); r < 0x250; r++ { // crosses U+0100 and U+0200, and CID 0x100
		runes = append(runes, r)
	}
	runes = append(runes, 0x1ea0, 0x1ea1, 0x1ea3, 0x20ab, 0x1f600, 0x1f601)
	_, cm, ok := strings.Cut(string(toUnicode(runes)), "endcodespacerange\n")
	require.True(t, ok)
	got := map[int]string{}
	hex := func(s string) int {
		v, err := strconv.ParseUint(s, 16, 32)
		require.NoError(t, err, s)
		return int(v)
	}
	re := regexp.MustCompile(`(?m)^<([0-9A-F]{4})><([0-9A-F]{4})><([0-9A-F]{4})>$`)
	for _, m := range re.FindAllStringSubmatch(cm, -1) {
		lo, hi, u := hex(m[1]), hex(m[2]), hex(m[3])
		require.Equal(t, lo>>8, hi>>8, "range %s", m[0])
		require.LessOrEqual(t, (u&0xff)+hi-lo, 0xff, "range %s", m[0])
		for c := lo; c <= hi; c++ {
			got[c] = string(rune(u + c - lo))
		}
	}
	re = regexp.MustCompile(`(?m)^<([0-9A-F]{4})><([0-9A-F]+)>$`)
	for _, m := range re.FindAllStringSubmatch(cm, -1) {
		var units []uint16
		for i := 0; i < len(m[2]); i += 4 {
			units = append(units, uint16(hex(m[2][i:i+4])))
		}
		got[hex(m[1])] = string(utf16.Decode(units))
	}
	require.Len(t, got, len(runes))
	for i, r := range runes {
		assert.Equal(t, string(r), got[i+1], "CID %d", i+1)
	}
}
