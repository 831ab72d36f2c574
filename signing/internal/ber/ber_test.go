package ber

import (
	"bytes"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestToDER(t *testing.T) {
	long := bytes.Repeat([]byte{0xab}, 300)
	longDER, err := asn1.Marshal(long)
	require.NoError(t, err)
	tests := []struct {
		name string
		in   string // hex
		want string // hex; "" means the input unchanged
		n    int    // bytes consumed; 0 means all
	}{
		{name: "der-unchanged", in: "3006020101020102"},
		{name: "der-unsorted-set-kept", in: "3106020102020101"},
		{name: "indefinite-sequence", in: "30800201010000", want: "3003020101"},
		{name: "nested-indefinite", in: "a080308002010500000000", want: "a0053003020105"},
		{name: "constructed-octet-string", in: "2480040201020401030000", want: "0403010203"},
		{name: "constructed-octet-string-definite", in: "240704020102040103", want: "0403010203"},
		{name: "constructed-bit-string", in: "2380030200ff030206800000", want: "030306ff80"},
		{name: "long-form-length-not-minimal", in: "3082000302010a", want: "300302010a"},
		{name: "boolean-true-normalised", in: "0101ab", want: "0101ff"},
		{name: "trailing-bytes-not-consumed", in: "0500000000", want: "0500", n: 2},
		{name: "high-tag-number", in: "bf8a3b80050000000000", want: "bf8a3b020500", n: 8},
		{name: "long-octet-string", in: hex.EncodeToString(append([]byte{0x24, 0x80}, append(longDER, 0, 0)...)), want: hex.EncodeToString(longDER)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in, err := hex.DecodeString(tc.in)
			require.NoError(t, err)
			der, n, err := ToDER(in)
			require.NoError(t, err)
			want := tc.want
			if want == "" {
				want = tc.in
			}
			assert.Equal(t, want, hex.EncodeToString(der))
			wantN := tc.n
			if wantN == 0 {
				wantN = len(in)
			}
			assert.Equal(t, wantN, n)
			again, _, err := ToDER(der)
			require.NoError(t, err)
			assert.Equal(t, der, again, "DER converts to itself")
		})
	}
}

func TestToDERErrors(t *testing.T) {
	deep := bytes.Repeat([]byte{0x30, 0x80}, MaxDepth+2)
	tests := []struct {
		name string
		in   []byte
	}{
		{"empty", nil},
		{"truncated-length", []byte{0x30}},
		{"length-beyond-data", []byte{0x04, 0x05, 1, 2}},
		{"missing-end-of-contents", []byte{0x30, 0x80, 0x02, 0x01, 0x01}},
		{"indefinite-primitive", []byte{0x04, 0x80, 0x00, 0x00}},
		{"reserved-length", []byte{0x04, 0xff}},
		{"length-octets-too-many", []byte{0x04, 0x85, 1, 1, 1, 1, 1}},
		{"too-deep", deep},
		{"mixed-string-segments", []byte{0x24, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00}},
		{"bit-string-inner-unused-bits", []byte{0x23, 0x80, 0x03, 0x02, 0x04, 0xf0, 0x03, 0x02, 0x00, 0xff, 0x00, 0x00}},
		{"child-overruns-parent", []byte{0x30, 0x03, 0x04, 0x05, 0x01, 0x02, 0x03, 0x04, 0x05}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := ToDER(tc.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, ErrSyntax), "%v", err)
			var se *SyntaxError
			assert.True(t, errors.As(err, &se))
		})
	}
}

// FuzzToDER: no panic on any input, and whatever converts is DER that
// converts to itself.
func FuzzToDER(f *testing.F) {
	for _, s := range []string{"30800201010000", "2480040201020401030000", "3006020101020102", "a080308002010500000000"} {
		b, _ := hex.DecodeString(s)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > 1<<16 {
			return
		}
		der, n, err := ToDER(in)
		if err != nil {
			return
		}
		if n <= 0 || n > len(in) {
			t.Fatalf("consumed %d of %d bytes", n, len(in))
		}
		again, m, err := ToDER(der)
		if err != nil || m != len(der) || !bytes.Equal(again, der) {
			t.Fatalf("DER output %x does not convert to itself: %x, %v", der, again, err)
		}
	})
}
