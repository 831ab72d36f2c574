package signing

import (
	"bytes"
	"encoding/hex"
	"testing"
)

// gapByDecoding is what checkByteRange once did: decode the gap whole and
// compare it with the contents.
func gapByDecoding(gap, contents []byte) bool {
	if len(gap) != 2*len(contents)+2 || gap[0] != '<' || gap[len(gap)-1] != '>' {
		return false
	}
	dec := make([]byte, len(contents))
	_, err := hex.Decode(dec, gap[1:len(gap)-1])
	return err == nil && bytes.Equal(dec, contents)
}

// TestGapHolds checks gapHolds against decoding the gap, on gaps of one
// chunk and of several, with a difference at every place that matters:
// each end, either side of a chunk boundary, a digit's case, white space.
func TestGapHolds(t *testing.T) {
	contents := make([]byte, 3*gapChunk/2+7) // 3 chunks and a bit of hex
	for i := range contents {
		contents[i] = byte(i*37 + i/256)
	}
	good := append(append([]byte{'<'}, hex.EncodeToString(contents)...), '>')
	set := func(i int, c byte) []byte {
		g := bytes.Clone(good)
		g[i] = c
		return g
	}
	upper := bytes.ToUpper(good)
	flip := func(c byte) byte { // another hex digit
		if c == '0' {
			return '1'
		}
		return '0'
	}
	cases := []struct {
		name     string
		gap      []byte
		contents []byte
		want     bool
	}{
		{"lower case", good, contents, true},
		{"upper case", upper, contents, true},
		{"mixed case", append(append(bytes.Clone(good[:gapChunk+1]), upper[gapChunk+1:len(upper)-1]...), '>'), contents, true},
		{"empty contents", []byte("<>"), nil, true},
		{"no '<'", set(0, '('), contents, false},
		{"no '>'", set(len(good)-1, ')'), contents, false},
		{"first digit", set(1, flip(good[1])), contents, false},
		{"last digit", set(len(good)-2, flip(good[len(good)-2])), contents, false},
		{"before a chunk boundary", set(gapChunk, flip(good[gapChunk])), contents, false},
		{"at a chunk boundary", set(gapChunk+1, flip(good[gapChunk+1])), contents, false},
		{"white space", set(2*gapChunk+5, ' '), contents, false},
		{"not a digit", set(7, 'g'), contents, false},
		{"upper case of a non-digit", set(9, 'G'), contents, false},
		{"a control byte that lower-cases to a digit", []byte("<\x100>"), []byte{0}, false},
		{"short upper case", []byte("<AB>"), []byte{0xab}, true},
		{"short, a digit off", []byte("<ac>"), []byte{0xab}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if ref := gapByDecoding(c.gap, c.contents); ref != c.want {
				t.Fatalf("the reference says %v, the case %v", ref, c.want)
			}
			// The gap in the middle of a file.
			file := append(append([]byte("%PDF-1.7 /Contents "), c.gap...), " /Type /Sig"...)
			err := gapHolds(bytes.NewReader(file), int64(len("%PDF-1.7 /Contents ")), c.contents)
			if (err == nil) != c.want {
				t.Fatalf("gapHolds: %v, want ok=%v", err, c.want)
			}
		})
	}
	t.Run("file ends inside the gap", func(t *testing.T) {
		if err := gapHolds(bytes.NewReader(good[:len(good)-5]), 0, contents); err == nil {
			t.Fatal("a cut gap passed")
		}
		if err := gapHolds(bytes.NewReader(good[:gapChunk]), 0, contents); err == nil {
			t.Fatal("a cut gap passed")
		}
	})
}
