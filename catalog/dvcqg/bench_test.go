package dvcqg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/internal/testenv"
)

// records returns n records made from the testdata records, each with its
// own code, as compact JSON.
func records(tb testing.TB, n int) [][]byte {
	tb.Helper()
	var templates []map[string]any
	for _, name := range []string{"1.900001.json", "1.900002.json", "2.900003.json"} {
		data, err := os.ReadFile("testdata/" + name)
		require.NoError(tb, err)
		var rec map[string]any
		require.NoError(tb, json.Unmarshal(data, &rec))
		templates = append(templates, rec)
	}
	out := make([][]byte, n)
	for i := range out {
		rec := templates[i%len(templates)]
		rec["code"] = fmt.Sprintf("%d.%06d", 1+i%3, 500000+i)
		b, err := json.Marshal(rec)
		require.NoError(tb, err)
		out[i] = b
	}
	return out
}

// BenchmarkReadRecords imports 2,000 records from one JSON-lines stream.
func BenchmarkReadRecords(b *testing.B) {
	recs := records(b, 2000)
	stream := bytes.Join(recs, []byte("\n"))
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		c, _, err := dvcqg.ReadRecords(bytes.NewReader(stream))
		if err != nil || c.Len() != 2000 {
			b.Fatal(c.Len(), err)
		}
	}
}

// BenchmarkReadAll imports 2,000 records from 2,000 files.
func BenchmarkReadAll(b *testing.B) {
	fsys := fstest.MapFS{}
	for i, r := range records(b, 2000) {
		fsys[fmt.Sprintf("records/%04d.json", i)] = &fstest.MapFile{Data: r}
	}
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		c, _, err := dvcqg.ReadAll(fsys, "records/*.json")
		if err != nil || c.Len() != 2000 {
			b.Fatal(err)
		}
	}
}
