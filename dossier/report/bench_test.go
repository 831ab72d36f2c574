package report_test

import (
	"io"
	"testing"

	"github.com/motcua/motcua/dossier/report"
)

func BenchmarkWriteStatistics(b *testing.B) {
	table := sampleSummary()
	for b.Loop() {
		if err := report.WriteStatistics(io.Discard, table, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteRegister writes a register of 10,000 dossiers; the
// benchmarks module compares a million with excelize and encoding/csv.
func BenchmarkWriteRegister(b *testing.B) {
	const n = 10_000
	for b.Loop() {
		if err := report.WriteRegister(b.Context(), io.Discard, synthetic(n), report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
}
