package catalog_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/catalogtest"
	"github.com/motcua/motcua/internal/peakrss"
	"github.com/motcua/motcua/internal/testenv"
)

// benchQueries are typical portal searches: typed without diacritics, a
// partial word, a sector word.
var benchQueries = []string{"dang ky khai sinh", "giay phep xay", "cap lai chung chi", "ho ngheo"}

func benchCatalog(b *testing.B) *catalog.Catalog {
	b.Helper()
	c, err := catalogtest.Catalog(1964, 1088)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkSearch(b *testing.B) {
	c := benchCatalog(b)
	b.Run("text", func(b *testing.B) {
		defer testenv.ReportCPU(b)()
		i := 0
		for b.Loop() {
			c.Search(catalog.Query{Text: benchQueries[i%len(benchQueries)]})
			i++
		}
	})
	b.Run("text/append", func(b *testing.B) {
		var buf []catalog.Procedure
		defer testenv.ReportCPU(b)()
		i := 0
		for b.Loop() {
			buf = c.AppendSearch(buf[:0], catalog.Query{Text: benchQueries[i%len(benchQueries)]})
			i++
		}
	})
	b.Run("text+filters", func(b *testing.B) {
		defer testenv.ReportCPU(b)()
		i := 0
		for b.Loop() {
			c.Search(catalog.Query{
				Text:   benchQueries[i%len(benchQueries)],
				Levels: []catalog.Level{catalog.Commune, catalog.Province},
				Online: []catalog.OnlineLevel{catalog.Full, catalog.Partial},
			})
			i++
		}
	})
	b.Run("text+limit10", func(b *testing.B) {
		defer testenv.ReportCPU(b)()
		i := 0
		for b.Loop() {
			c.Search(catalog.Query{Text: benchQueries[i%len(benchQueries)], Limit: 10})
			i++
		}
	})
	// naive is the baseline the index is measured against: fold every name
	// on each query and test it with strings.Contains.
	procs := catalogtest.Procedures(1964, 1088)
	b.Run("naive", func(b *testing.B) {
		defer testenv.ReportCPU(b)()
		i := 0
		for b.Loop() {
			q := catalog.Fold(benchQueries[i%len(benchQueries)])
			var out []catalog.Procedure
			for _, p := range procs {
				if strings.Contains(catalog.Fold(p.Name), q) {
					out = append(out, p)
				}
			}
			_ = out
			i++
		}
	})
}

func BenchmarkNew(b *testing.B) {
	procs := catalogtest.Procedures(1964, 1088)
	for b.Loop() {
		if _, err := catalog.New(procs...); err != nil {
			b.Fatal(err)
		}
	}
}

// uniqueSizes are the catalogue sizes of BenchmarkNewUniqueWords.
var uniqueSizes = []int{2_000, 100_000, 1_000_000}

// uniqueProcedures returns n procedures whose names each bring a word no
// other procedure has (as codes and numbers do in real names): the case
// where an index of one n-bit set per word would grow as n².
func uniqueProcedures(n int) []catalog.Procedure {
	procs := catalogtest.Procedures(n, n/2)
	for i := range procs {
		procs[i].Name += " số " + strconv.Itoa(1_000_000+i)
	}
	return procs
}

// BenchmarkNewUniqueWords builds catalogues whose every procedure brings
// its own word; peak-MB is the peak resident memory of a child process
// that generates the procedures and builds the catalogue once, work-MB the
// part of it New added to the peak after the procedures were generated.
func BenchmarkNewUniqueWords(b *testing.B) {
	for _, n := range uniqueSizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			procs := uniqueProcedures(n)
			b.ReportAllocs()
			for b.Loop() {
				if _, err := catalog.New(procs...); err != nil {
					b.Fatal(err)
				}
			}
			peakrss.ReportMetric(b, "TestHelperNewUniqueWords", strconv.Itoa(n))
		})
	}
}

// TestHelperNewUniqueWords is BenchmarkNewUniqueWords's child process.
func TestHelperNewUniqueWords(t *testing.T) {
	arg, ok := peakrss.Arg()
	if !ok {
		return
	}
	n, err := strconv.Atoi(arg)
	require.NoError(t, err)
	procs := uniqueProcedures(n)
	base := peakrss.Now()
	c, err := catalog.New(procs...)
	require.NoError(t, err)
	peakrss.Report(base)
	require.Equal(t, n, c.Len())
}

func BenchmarkStats(b *testing.B) {
	c := benchCatalog(b)
	for b.Loop() {
		_ = c.Stats(time.Time{})
	}
}

func BenchmarkGet(b *testing.B) {
	c := benchCatalog(b)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		c.Get("2.101000", at)
	}
}

// BenchmarkReadJSON reads a catalogue of 50,000 procedures from its JSON
// document. peak-MB is the peak resident memory of a child process reading
// the file once, work-MB what ReadJSON added after the file was in memory.
func BenchmarkReadJSON(b *testing.B) {
	c, err := catalogtest.Catalog(50_000, 25_000)
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, c.WriteJSON(&buf))
	name := filepath.Join(b.TempDir(), "catalog.json")
	require.NoError(b, os.WriteFile(name, buf.Bytes(), 0o600))
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := catalog.ReadJSON(bytes.NewReader(buf.Bytes())); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/(1<<20), "input-MB")
	peakrss.ReportMetric(b, "TestHelperReadJSON", name)
}

// TestHelperReadJSON is BenchmarkReadJSON's child process.
func TestHelperReadJSON(t *testing.T) {
	name, ok := peakrss.Arg()
	if !ok {
		return
	}
	data, err := os.ReadFile(name)
	require.NoError(t, err)
	base := peakrss.Now()
	c, err := catalog.ReadJSON(bytes.NewReader(data))
	require.NoError(t, err)
	peakrss.Report(base)
	require.Positive(t, c.Len())
}
