package sheet_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/catalogtest"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/testenv"
)

// BenchmarkWrite writes a catalogue of 2,000 procedures.
func BenchmarkWrite(b *testing.B) {
	c, err := catalogtest.Catalog(2000, 1100)
	require.NoError(b, err)
	var buf bytes.Buffer
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		buf.Reset()
		if err := sheet.Write(&buf, c); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/file")
}

// BenchmarkRead reads a catalogue of 2,000 procedures.
func BenchmarkRead(b *testing.B) {
	c, err := catalogtest.Catalog(2000, 1100)
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, sheet.Write(&buf, c))
	data := buf.Bytes()
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		got, err := sheet.Read(bytes.NewReader(data))
		if err != nil || got.Len() != 2000 {
			b.Fatal(err)
		}
	}
}
