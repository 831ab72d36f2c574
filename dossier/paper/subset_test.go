package paper

import (
	"bytes"
	"encoding/binary"
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
			sub := append([]byte(nil), cu.cut(fc.glyphs, runes, gids)...)

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
