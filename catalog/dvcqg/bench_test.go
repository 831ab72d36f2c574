package dvcqg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"syscall"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/dvcqg"
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
	defer cpuTime(b)()
	for b.Loop() {
		c, _, err := dvcqg.ReadRecords(bytes.NewReader(stream))
		if err != nil || c.Len() != 2000 {
			b.Fatal(c.Len(), err)
		}
	}
}

// cpuTime reports the process's CPU time per operation ("cpu-ns/op") when
// the returned function is called: on a machine whose cores are shared,
// wall time (ns/op) also counts the time other processes ran.
func cpuTime(b *testing.B) func() {
	usage := func() int64 {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return ru.Utime.Nano() + ru.Stime.Nano()
	}
	start := usage()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(usage()-start)/float64(b.N), "cpu-ns/op")
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
	defer cpuTime(b)()
	for b.Loop() {
		c, _, err := dvcqg.ReadAll(fsys, "records/*.json")
		if err != nil || c.Len() != 2000 {
			b.Fatal(err)
		}
	}
}
