package catalog_test

import (
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/catalogtest"
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
		i := 0
		for b.Loop() {
			c.Search(catalog.Query{Text: benchQueries[i%len(benchQueries)]})
			i++
		}
	})
	b.Run("text/append", func(b *testing.B) {
		var buf []catalog.Procedure
		i := 0
		for b.Loop() {
			buf = c.AppendSearch(buf[:0], catalog.Query{Text: benchQueries[i%len(benchQueries)]})
			i++
		}
	})
	b.Run("text+filters", func(b *testing.B) {
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
