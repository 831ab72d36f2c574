package paper

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"io"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
)

// TestCut cuts subsets of DejaVu Sans (whose Vietnamese letters are
// composites of a base letter and marks) and checks them as a font reader
// would: the table checksums and the file's checksum adjustment, the glyph
// count, the cmap, each glyph's outline, and the components of composites
// renumbered to the same outlines.
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
			seen := map[rune]bool{}
			var runes []rune
			for _, r := range fc.runes { // ascending, as the writer gives them
				for _, u := range tc.text {
					if u == r && !seen[r] {
						seen[r] = true
						runes = append(runes, r)
					}
				}
			}
			gids := make([]uint16, len(runes))
			for i, r := range runes {
				gids[i] = fc.gid[r]
			}
			sub := append(append([]byte(nil), cu.cut(fc.glyphs, runes, gids)...), fc.glyphs.tail.raw...)

			// checksums: every table's, and the whole file's
			var total uint32
			n := int(binary.BigEndian.Uint16(sub[4:]))
			for i := range n {
				rec := sub[12+16*i:]
				tag := string(rec[:4])
				sum, off, ln := binary.BigEndian.Uint32(rec[4:]), binary.BigEndian.Uint32(rec[8:]), binary.BigEndian.Uint32(rec[12:])
				data := append([]byte(nil), sub[off:off+ln]...)
				if tag == "head" {
					binary.BigEndian.PutUint32(data[8:], 0)
				}
				assert.Equal(t, checksum(data), sum, "table %q", tag)
			}
			total = checksum(sub)
			assert.Equal(t, uint32(0xb1b0afba), total, "checkSumAdjustment")

			sf, err := parseSFNT(sub)
			require.NoError(t, err)
			g, err := parseGlyphs(sf)
			require.NoError(t, err)
			assert.Equal(t, len(cu.order), len(g.outline))
			assert.Equal(t, 0, cu.order[0], "glyph 0 (.notdef) kept first")
			got, err := sf.cmap(runes)
			require.NoError(t, err)
			require.Len(t, got, len(runes))
			var same func(newID, oldID int)
			same = func(newID, oldID int) {
				a, b := g.outline[newID], fc.glyphs.outline[oldID]
				require.Len(t, g.refs[newID], len(fc.glyphs.refs[oldID]))
				require.Equal(t, pad4(len(b)), len(a), "glyph %d (was %d) keeps its bytes", newID, oldID)
				masked := append([]byte(nil), a...)
				for j, ref := range g.refs[newID] {
					require.Equal(t, ref, fc.glyphs.refs[oldID][j])
					sub, was := u16(a, ref), u16(b, ref)
					assert.Equal(t, int(cu.newID[was]), sub)
					same(sub, was)
					binary.BigEndian.PutUint16(masked[ref:], uint16(was))
				}
				assert.True(t, bytes.Equal(b, masked[:len(b)]), "glyph %d (was %d) outline", newID, oldID)
				assert.Equal(t, fc.glyphs.advance[oldID], g.advance[newID])
				assert.Equal(t, fc.glyphs.lsb[oldID], g.lsb[newID])
			}
			composites := 0
			for i, r := range runes {
				require.Equal(t, cu.newID[gids[i]], got[r], "cmap of %q", r)
				same(int(got[r]), int(gids[i]))
				if len(fc.glyphs.refs[gids[i]]) > 0 {
					composites++
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
