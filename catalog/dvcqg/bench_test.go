package dvcqg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/internal/peakrss"
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

// BenchmarkReadRecordsPeak imports 20,000 records (about 100 MB of JSON
// lines) from a file. peak-MB is the peak resident memory of a child
// process doing it once, work-MB the part the import added;
// the ratio to the input is the bound limits.go states.
func BenchmarkReadRecordsPeak(b *testing.B) {
	const n = 20_000
	stream := bytes.Join(records(b, n), []byte("\n"))
	name := filepath.Join(b.TempDir(), "records.jsonl")
	require.NoError(b, os.WriteFile(name, stream, 0o600))
	b.SetBytes(int64(len(stream)))
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		c, _, err := dvcqg.ReadRecords(bytes.NewReader(stream))
		if err != nil || c.Len() != n {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(stream))/(1<<20), "input-MB")
	peakrss.ReportMetric(b, "TestHelperReadRecords", name)
}

// TestHelperReadRecords is BenchmarkReadRecordsPeak's child process: it
// imports the file named by its argument.
func TestHelperReadRecords(t *testing.T) {
	name, ok := peakrss.Arg()
	if !ok {
		return
	}
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	base := peakrss.Now()
	c, _, err := dvcqg.ReadRecords(f)
	require.NoError(t, err)
	peakrss.Report(base)
	require.Positive(t, c.Len())
}
