package paper

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/skip2/go-qrcode"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
)

// qrSample is n bytes of lower-case letters, digits and URL signs, which
// go-qrcode also encodes as one byte-mode segment (a lower-case letter
// every few bytes keeps its optimiser from numeric or alphanumeric runs).
func qrSample(n int, seed uint64) []byte {
	rnd := rand.New(rand.NewPCG(seed, 7))
	const set = "abcdefghijklmnopqrstuvwxyz0123456789./:?=-"
	b := make([]byte, n)
	for i := range b {
		if i%3 == 0 {
			b[i] = 'a' + byte(rnd.IntN(26))
		} else {
			b[i] = set[rnd.IntN(len(set))]
		}
	}
	return b
}

var qrLengths = []int{1, 2, 9, 14, 15, 16, 26, 27, 42, 62, 76, 84, 85, 106, 107, 109, 122, 150, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628, 1722, 1809, 1911, 1989, 2099, 2213, 2331}

// goQRMask reads the mask go-qrcode chose from its symbol's format bits.
func goQRMask(t *testing.T, bm [][]bool) int {
	t.Helper()
	bits := 0
	for i := range 6 {
		if bm[i][8] {
			bits |= 1 << i
		}
	}
	for i, p := range [][2]int{{7, 8}, {8, 8}, {8, 7}} {
		if bm[p[0]][p[1]] {
			bits |= 1 << (6 + i)
		}
	}
	for i := 9; i < 15; i++ {
		if bm[8][14-i] {
			bits |= 1 << i
		}
	}
	bits ^= 0x5412
	require.Equal(t, 0, bits>>13, "level M")
	return bits >> 10 & 7
}

// TestQRMatchesGoQRCode checks the encoder module by module against
// github.com/skip2/go-qrcode at the mask go-qrcode chose, for every
// version from 1 to 40, and checks that each choice of mask is one of
// least penalty by the standard's rules.
func TestQRMatchesGoQRCode(t *testing.T) {
	seen := map[int]bool{}
	for i, n := range qrLengths {
		data := qrSample(n, uint64(i))
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			ref, err := qrcode.New(string(data), qrcode.Medium)
			require.NoError(t, err)
			ref.DisableBorder = true
			want := ref.Bitmap()
			mask := goQRMask(t, want)
			got, err := encodeQR(data, mask)
			require.NoError(t, err)
			require.Equal(t, len(want), got.size, "version %d", ref.VersionNumber)
			seen[ref.VersionNumber] = true
			diff := 0
			for y := range got.size {
				for x := range got.size {
					if got.at(x, y) != want[y][x] {
						diff++
					}
				}
			}
			assert.Zero(t, diff, "modules that differ from go-qrcode, version %d mask %d", ref.VersionNumber, mask)

			auto, err := encodeQR(data, -1)
			require.NoError(t, err)
			best := -1
			for m := range 8 {
				q, err := encodeQR(data, m)
				require.NoError(t, err)
				if p := q.penalty(); best < 0 || p < best {
					best = p
				}
			}
			assert.Equal(t, best, auto.penalty(), "the chosen mask has the least penalty")
		})
	}
	assert.Len(t, seen, 40, "every version is checked")
}

// TestQRErrors: no data and more than version 40 holds are errors; the
// smallest and the largest codes get their versions.
// refPenalty is the penalty of a symbol computed module by module, as
// the standard states its rules, to check the bit-parallel qrPenalty.
func refPenalty(q *qrCode) int {
	n := q.size
	p := 0
	dark := func(x, y int, byRow bool) bool {
		if x < 0 || x >= n {
			return false // the quiet zone
		}
		if byRow {
			return q.at(x, y)
		}
		return q.at(y, x)
	}
	for _, byRow := range []bool{true, false} {
		for y := range n {
			for x := 0; x < n; {
				run := 1
				for x+run < n && dark(x+run, y, byRow) == dark(x, y, byRow) {
					run++
				}
				if run >= 5 {
					p += 3 + run - 5
				}
				x += run
			}
			for x := -4; x < n+4; x++ {
				core := true
				for i, want := range []bool{true, false, true, true, true, false, true} {
					core = core && dark(x+i, y, byRow) == want
				}
				if !core {
					continue
				}
				before, after := true, true
				for i := 1; i <= 4; i++ {
					before = before && !dark(x-i, y, byRow)
					after = after && !dark(x+6+i, y, byRow)
				}
				if before {
					p += 40
				}
				if after {
					p += 40
				}
			}
		}
	}
	nd := 0
	for y := range n {
		for x := range n {
			if q.at(x, y) {
				nd++
			}
			if x+1 < n && y+1 < n && q.at(x, y) == q.at(x+1, y) && q.at(x, y) == q.at(x, y+1) && q.at(x, y) == q.at(x+1, y+1) {
				p += 3
			}
		}
	}
	total := n * n
	k := 0
	for dev := nd*20 - total*10; dev > total || -dev > total; k++ {
		if dev > 0 {
			dev -= total
		} else {
			dev += total
		}
	}
	return p + 10*k
}

// TestQRPenalty checks the bit-parallel penalty against the module by
// module one, for every mask of symbols of one, two and three words a
// line, and that the encoder picks a mask of least penalty.
func TestQRPenalty(t *testing.T) {
	for i, n := range []int{1, 20, 76, 109, 200, 500, 1000, 2331} {
		data := qrSample(n, uint64(200+i))
		best := -1
		for m := range 8 {
			q, err := encodeQR(data, m)
			require.NoError(t, err)
			want := refPenalty(q)
			assert.Equal(t, want, q.penalty(), "%d bytes, mask %d", n, m)
			if best < 0 || want < best {
				best = want
			}
		}
		q, err := encodeQR(data, -1)
		require.NoError(t, err)
		assert.Equal(t, best, refPenalty(q), "%d bytes: a mask of least penalty", n)
	}
}

func TestQRErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		size int // 0: an error
	}{
		{"empty", 0, 0},
		{"one byte, version 1", 1, 21},
		{"version 1 full", 14, 21},
		{"version 2", 15, 25},
		{"version 40 full", qrMaxBytes, 177},
		{"one byte too many", qrMaxBytes + 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q, err := encodeQR(bytes.Repeat([]byte("a"), tc.n), -1)
			if tc.size == 0 {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.size, q.size)
		})
	}
}

// TestQRZbar writes codes of several versions, with the mask the encoder
// chose, as PNG images and decodes them with zbarimg.
func TestQRZbar(t *testing.T) {
	zbar := testenv.Tool(t, "zbarimg")
	dir := t.TempDir()
	var files, want []string
	for i, n := range []int{1, 17, 76, 109, 300, 800, 1500, 2331} {
		data := qrSample(n, uint64(100+i))
		q, err := encodeQR(data, -1)
		require.NoError(t, err)
		const px, quiet = 4, 4
		side := (q.size + 2*quiet) * px
		img := image.NewGray(image.Rect(0, 0, side, side))
		for k := range img.Pix {
			img.Pix[k] = 0xff
		}
		for y := range q.size {
			for x := range q.size {
				if q.at(x, y) {
					for dy := range px {
						for dx := range px {
							img.SetGray((x+quiet)*px+dx, (y+quiet)*px+dy, color.Gray{})
						}
					}
				}
			}
		}
		var buf bytes.Buffer
		require.NoError(t, png.Encode(&buf, img))
		f := filepath.Join(dir, strconv.Itoa(i)+".png")
		require.NoError(t, os.WriteFile(f, buf.Bytes(), 0o644))
		files = append(files, f)
		want = append(want, string(data))
	}
	for i, f := range files {
		out, err := exec.Command(zbar, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", f).Output()
		require.NoError(t, err, f)
		assert.Equal(t, want[i], strings.TrimSuffix(string(out), "\n"), "code %d", i)
	}
}

// BenchmarkQR encodes the receipt's integrity data (109 bytes, version 7).
func BenchmarkQR(b *testing.B) {
	data := []byte("motcua-receipt/1 000.00.01.H57-261202-0001 8df76c26deac3caa840cd1e3b71a46dbfffaf4a4d6cc5d6e759ec59f56a061dd 0")
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		if _, err := encodeQR(data, -1); err != nil {
			b.Fatal(err)
		}
	}
}

// TestQRPath draws codes as the papers do and reads the path back: its
// rectangles cover every dark module once and no light one.
func TestQRPath(t *testing.T) {
	for _, n := range []int{1, 76, 109, 900} {
		data := qrSample(n, uint64(300+n))
		q, err := encodeQR(data, -1)
		require.NoError(t, err)
		c := &canvas{height: pageH, page: new(bytes.Buffer)}
		c.qr(100, 200, 70, string(data))
		require.NoError(t, c.err)
		lines := strings.Split(strings.TrimSpace(c.page.String()), "\n")
		require.GreaterOrEqual(t, len(lines), 3)
		assert.Regexp(t, `^q [0-9.]+ 0 0 -[0-9.]+ 100 641.89 cm$`, lines[0])
		assert.Equal(t, "f Q", lines[len(lines)-1])
		cover := make([]int, q.size*q.size)
		for _, ln := range lines[1 : len(lines)-1] {
			f := strings.Fields(ln)
			require.Len(t, f, 5, ln)
			require.Equal(t, "re", f[4])
			var v [4]int
			for i := range v {
				v[i], err = strconv.Atoi(f[i])
				require.NoError(t, err, ln)
			}
			require.True(t, v[0] >= 0 && v[1] >= 0 && v[2] > 0 && v[3] > 0 && v[0]+v[2] <= q.size && v[1]+v[3] <= q.size, ln)
			for y := v[1]; y < v[1]+v[3]; y++ {
				for x := v[0]; x < v[0]+v[2]; x++ {
					cover[y*q.size+x]++
				}
			}
		}
		for k, d := range q.dark {
			want := 0
			if d {
				want = 1
			}
			require.Equal(t, want, cover[k], "%d bytes: module %d, %d", n, k%q.size, k/q.size)
		}
	}
}
