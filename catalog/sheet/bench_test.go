package sheet_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/catalogtest"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/peakrss"
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
		got, err := sheet.Read(b.Context(), bytes.NewReader(data))
		if err != nil || got.Len() != 2000 {
			b.Fatal(err)
		}
	}
}

// rowSizes are the row counts of BenchmarkReadRows.
var rowSizes = []int{100_000, 1_000_000}

// rowsWorkbook writes a workbook of n procedures, one row each on the
// procedures sheet (no documents), to a file in dir and returns its path.
// Like a province's catalogue, it has few sectors and agencies and every
// name its own ([catalogtest.UniqueName]), so that names are not shared.
func rowsWorkbook(tb testing.TB, dir string, n int) string {
	tb.Helper()
	procs := catalogtest.Procedures(n, n/2)
	for i := range procs {
		procs[i].Documents = nil
		procs[i].Name = catalogtest.UniqueName(i)
	}
	c, err := catalog.New(procs...)
	require.NoError(tb, err)
	var buf bytes.Buffer
	require.NoError(tb, sheet.Write(&buf, c))
	name := filepath.Join(dir, strconv.Itoa(n)+".xlsx")
	require.NoError(tb, os.WriteFile(name, buf.Bytes(), 0o600))
	return name
}

// BenchmarkReadRows reads workbooks of 100,000 and 1,000,000 procedure
// rows. peak-MB is the peak resident memory of a child process that reads
// the file and the catalogue from it once; work-MB is what Read added to
// the peak after the file was read into memory.
func BenchmarkReadRows(b *testing.B) {
	for _, n := range rowSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			name := rowsWorkbook(b, b.TempDir(), n)
			data, err := os.ReadFile(name)
			require.NoError(b, err)
			b.ReportAllocs()
			defer testenv.ReportCPU(b)()
			for b.Loop() {
				c, err := sheet.Read(b.Context(), bytes.NewReader(data))
				if err != nil || c.Len() != n {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(data)), "bytes/file")
			peakrss.ReportMetric(b, "TestHelperReadRows", name)
		})
	}
}

// TestHelperReadRows is BenchmarkReadRows's child process: it reads the
// workbook named by its argument.
func TestHelperReadRows(t *testing.T) {
	name, ok := peakrss.Arg()
	if !ok {
		return
	}
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	base := peakrss.Now()
	c, err := sheet.Read(t.Context(), bytes.NewReader(data))
	require.NoError(t, err)
	peakrss.Report(base)
	require.Positive(t, c.Len())
}
