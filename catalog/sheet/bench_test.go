package sheet_test

import (
	"bytes"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/catalogtest"
	"github.com/motcua/motcua/catalog/sheet"
)

// BenchmarkWrite writes a catalogue of 2,000 procedures.
func BenchmarkWrite(b *testing.B) {
	c, err := catalogtest.Catalog(2000, 1100)
	require.NoError(b, err)
	var buf bytes.Buffer
	b.ReportAllocs()
	defer cpuTime(b)()
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
	defer cpuTime(b)()
	for b.Loop() {
		got, err := sheet.Read(bytes.NewReader(data))
		if err != nil || got.Len() != 2000 {
			b.Fatal(err)
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
