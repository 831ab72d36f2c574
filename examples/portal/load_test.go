package main

import (
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/forms"
)

// timed records the duration of every request a client sends.
type timed struct {
	mu   sync.Mutex
	took []time.Duration
}

func (tr *timed) RoundTrip(r *http.Request) (*http.Response, error) {
	start := time.Now()
	resp, err := http.DefaultTransport.RoundTrip(r)
	tr.mu.Lock()
	tr.took = append(tr.took, time.Since(start))
	tr.mu.Unlock()
	return resp, err
}

// citizens returns n distinct valid citizen IDs (men born in 1985 in Hà
// Nội, sequence numbers from 012345).
func citizens(t testing.TB, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprintf("0010850%05d", 12345+i)
		_, err := forms.ParseCitizenID(out[i])
		require.NoError(t, err)
	}
	return out
}

// load has n citizens file a dossier each at the same time, over loopback,
// and returns the codes and every request's duration.
func load(t testing.TB, app *App, base string, n int) ([]string, []time.Duration, []error) {
	ids := citizens(t, n)
	tr := &timed{}
	codes := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			c := newClient(t, base)
			c.http.Transport = tr
			codes[i], errs[i] = c.file(fmt.Sprintf("Công dân %d", i+1), ids[i])
		})
	}
	wg.Wait()
	return codes, tr.took, slices.DeleteFunc(errs, func(e error) bool { return e == nil })
}

// TestLoad: 50 citizens filing at once get no error and lose no dossier:
// 50 distinct codes, each stored with its trail verified.
func TestLoad(t *testing.T) {
	app, srv, _ := testPortal(t)
	codes, took, errs := load(t, app, srv.URL, 50)
	require.Empty(t, errs)
	assert.Len(t, took, 50*14, "each citizen's 14 requests")
	seen := map[string]bool{}
	for _, code := range codes {
		require.False(t, seen[code], "code %s given twice", code)
		seen[code] = true
		d, err := app.svc.Get(t.Context(), code)
		require.NoError(t, err)
		require.NoError(t, d.Verify())
		require.NotNil(t, d.Payment)
	}
	n := 0
	for _, err := range app.store.List(t.Context(), dossier.Filter{Brief: true}) {
		require.NoError(t, err)
		n++
	}
	assert.Equal(t, 50, n, "every dossier is stored")
}

// BenchmarkLoad50 runs 50 citizens filing at once (each: sign in, the form
// with a file, the documents, the two-phase signature, submission and
// payment, 14 requests) and reports the requests' median and 99th
// percentile latency.
func BenchmarkLoad50(b *testing.B) {
	app, srv, _ := testPortal(b)
	var all []time.Duration
	for b.Loop() {
		_, took, errs := load(b, app, srv.URL, 50)
		if len(errs) > 0 {
			b.Fatal(errs[0])
		}
		all = append(all, took...)
	}
	slices.Sort(all)
	b.ReportMetric(float64(all[len(all)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(all[len(all)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(len(all))/float64(b.N), "requests/op")
}
