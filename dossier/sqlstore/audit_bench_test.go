package sqlstore

import (
	"context"
	"testing"

	"github.com/motcua/motcua/dossier"
)

// BenchmarkAudit audits the 1,000,000-dossier SQLite database of
// BenchmarkList (built once, kept in the temporary directory): every
// dossier against its trail and the log, every stored hash against the
// leaves. Peak heap must not grow with the row count.
//
//	go test -run '^$' -bench 'Audit' -benchtime 1x -benchmem -timeout 60m ./dossier/sqlstore
func BenchmarkAudit(b *testing.B) {
	s := bigSQLite(b)
	ctx := context.Background()
	var peak uint64
	for b.Loop() {
		peak = max(peak, peakHeap(func() {
			rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{})
			if err != nil {
				b.Fatal(err)
			}
			if !rep.Clean() || rep.Dossiers != bigSize {
				b.Fatalf("%d dossiers, %d findings, first %v", rep.Dossiers, len(rep.Findings), rep.Findings[:min(1, len(rep.Findings))])
			}
		}))
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}
