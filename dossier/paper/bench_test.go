package paper_test

import (
	"bytes"
	"context"
	"io"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/internal/testenv"
)

// BenchmarkReceipt renders the receipt (form 01) with both QR codes and
// both fonts; it reports the size of the PDF.
func BenchmarkReceipt(b *testing.B) {
	r := renderer(b)
	p := newWorld(b).papers(b)[paper.Receipt]
	var buf bytes.Buffer
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		buf.Reset()
		if err := r.Write(&buf, p); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "bytes/pdf")
}

// BenchmarkRegister10k writes the register (form 07) of 10,000 dossiers;
// it reports the pages and the peak heap in use while writing.
func BenchmarkRegister10k(b *testing.B) {
	r := renderer(b)
	base := sample(b)
	dir := b.TempDir()
	var peak uint64
	var n int64
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		done := make(chan struct{})
		stop := make(chan struct{})
		go func() {
			defer close(done)
			var ms runtime.MemStats
			for {
				select {
				case <-stop:
					return
				default:
				}
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
				time.Sleep(2 * time.Millisecond)
			}
		}()
		cw := &counter{}
		err := r.WriteRegister(context.Background(), cw, many(base, 10_000), paper.RegisterOptions{Agency: agency, ProcedureName: names, TempDir: dir})
		close(stop)
		<-done
		require.NoError(b, err)
		n = cw.n
	}
	b.ReportMetric(float64(peak)/(1<<20), "MiB-peak-heap")
	b.ReportMetric(float64(n), "bytes/pdf")
}

type counter struct{ n int64 }

func (c *counter) Write(p []byte) (int, error) { c.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*counter)(nil)
