package signing

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestParsePDFDate(t *testing.T) {
	tests := []struct {
		in   any
		want time.Time
	}{
		{pdfString("D:20260302090000+07'00'"), time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("", 7*3600))},
		{pdfString("D:20260302090000+07'00"), time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("", 7*3600))},
		{pdfString("D:20260302090000Z"), time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)},
		{pdfString("D:20260302090000-05'30'"), time.Date(2026, 3, 2, 9, 0, 0, 0, time.FixedZone("", -(5*3600+30*60)))},
		{pdfString("20260302"), time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{pdfString("D:2026"), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{pdfString("D:202613"), time.Time{}},
		{pdfString("D:20260230999999"), time.Time{}},
		{pdfString("D:20"), time.Time{}},
		{pdfString("D:202"), time.Time{}},
		{pdfString(""), time.Time{}},
		{int64(5), time.Time{}},
		{nil, time.Time{}},
	}
	for _, tc := range tests {
		got := parsePDFDate(tc.in)
		assert.True(t, tc.want.Equal(got), "%v: got %v want %v", tc.in, got, tc.want)
	}
}

func TestEndsAtEOF(t *testing.T) {
	for in, want := range map[string]bool{
		"x\n%%EOF":     true,
		"x\n%%EOF\n":   true,
		"x\n%%EOF\r\n": true,
		"x\n%%EOF\r":   true,
		"x\n%%EOF\n\n": false,
		"x\n%%EOF x":   false,
		"%%EO":         false,
		"":             false,
	} {
		r := bytes.NewReader([]byte(in))
		assert.Equal(t, want, endsAtEOF(r, int64(len(in))), "%q", in)
	}
}

func TestEOFMarkers(t *testing.T) {
	data := bytes.Repeat([]byte("a"), 1<<16-3)
	data = append(data, "%%EOF\r\nbbb%%EOF"...)
	data = append(data, bytes.Repeat([]byte("c"), 1<<16)...)
	data = append(data, "%%EOF\n"...)
	got := eofMarkers(bytes.NewReader(data), int64(len(data)), defaultBudget())
	assert.Equal(t, []int64{1<<16 - 3 + 7, 1<<16 - 3 + 15, int64(len(data))}, got)
}

func TestEqualValues(t *testing.T) {
	a := pdfDict{"A": pdfArray{int64(1), pdfRef{Num: 2}}, "B": pdfString("x")}
	b := pdfDict{"A": pdfArray{int64(1), pdfRef{Num: 2}}, "B": pdfString("x")}
	assert.True(t, equalValues(a, b))
	b["B"] = pdfString("y")
	assert.False(t, equalValues(a, b))
	assert.Equal(t, []pdfName{"B"}, changedKeys(a, b))
	delete(b, "B")
	b["C"] = true
	assert.Equal(t, []pdfName{"B", "C"}, changedKeys(a, b))
	assert.False(t, equalValues(pdfArray{int64(1)}, pdfArray{int64(1), int64(2)}))
	assert.False(t, equalValues(&pdfStream{Offset: 1}, &pdfStream{Offset: 2}))
}
