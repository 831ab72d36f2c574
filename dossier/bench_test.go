package dossier_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

// BenchmarkDueDate counts 15 working days across Tết, received after the
// cut-off: over an official year (2026, Tết Bính Ngọ as published) and over
// a provisional one (2027, computed from the rules: Tết Đinh Mùi is Thu 4 –
// Wed 10 Feb), side by side.
func BenchmarkDueDate(b *testing.B) {
	cal := official(b)
	for _, c := range []struct {
		name     string
		received time.Time
	}{
		{"official", time.Date(2026, 2, 11, 15, 20, 0, 0, vntime.Location)},
		{"provisional", time.Date(2027, 2, 1, 15, 20, 0, 0, vntime.Location)},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cal.DueDate(c.received, dossier.Days(15)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkProvisionalYear computes one year from the Labour Code's rules.
func BenchmarkProvisionalYear(b *testing.B) {
	rules := dossier.LabourCode()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dossier.ProvisionalYear(2027, rules, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkOfficial builds the whole calendar: 2025–2026 official, the
// other 184 years of 2014–2199 computed.
func BenchmarkOfficial(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := dossier.Official(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDueDateHours(b *testing.B) {
	cal := official(b)
	received := time.Date(2026, 2, 11, 10, 20, 0, 0, vntime.Location)
	dl := dossier.Deadline{N: 40, Unit: catalog.WorkingHours}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := cal.DueDate(received, dl); err != nil {
			b.Fatal(err)
		}
	}
}

// tickClock advances 1 ms per reading, safe for concurrent use.
type tickClock struct {
	base time.Time
	n    atomic.Int64
}

func (c *tickClock) now() time.Time { return c.base.Add(time.Duration(c.n.Add(1)) * time.Millisecond) }

// BenchmarkTransition measures one transition through the memory store:
// load, check, apply, hash-chain the event, save with the version check.
// Dossiers cycle through submit, receive, start, approve and return, so an
// iteration is one of those five steps (their trails stay short, as real
// ones are).
func BenchmarkTransition(b *testing.B) {
	for _, log := range []bool{false, true} {
		b.Run(fmt.Sprintf("log=%v", map[bool]string{false: "off", true: "on"}[log]), func(b *testing.B) {
			store := dossier.NewMemStore()
			if !log {
				store = dossier.NoLog(store)
			}
			svc := benchServiceOn(b, store)
			ctx := b.Context()
			sub := birthSubmission()
			var code string
			i := 0
			b.ReportAllocs()
			defer testenv.ReportCPU(b)()
			for b.Loop() {
				if err := lifeStep(ctx, svc, sub, i, &code); err != nil {
					b.Fatal(err)
				}
				i++
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
		})
	}
}

// BenchmarkTransitionParallel runs the same cycle from every core, each
// goroutine on its own dossiers.
func BenchmarkTransitionParallel(b *testing.B) {
	svc := benchService(b)
	ctx := b.Context()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		sub := birthSubmission()
		var code string
		i := 0
		for pb.Next() {
			if err := lifeStep(ctx, svc, sub, i, &code); err != nil {
				b.Error(err)
				return
			}
			i++
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "transitions/s")
}

// benchService is a service over a new memory store, with a clock that
// ticks a millisecond a reading.
func benchService(b *testing.B) *dossier.Service { return benchServiceOn(b, dossier.NewMemStore()) }

// benchServiceOn is benchService over store.
func benchServiceOn(b *testing.B, store *dossier.MemStore) *dossier.Service {
	clk := &tickClock{base: time.Date(2026, 3, 2, 8, 0, 0, 0, vntime.Location)}
	svc, err := dossier.NewService(store, testCatalog(b), official(b), dossier.WithClock(clk.now))
	require.NoError(b, err)
	return svc
}

// lifeStep runs step i of the cycle submit, receive, start, approve,
// return; *code is the dossier of the cycle, set by the submission.
func lifeStep(ctx context.Context, svc *dossier.Service, sub dossier.Submission, i int, code *string) error {
	var err error
	switch i % 5 {
	case 0:
		var d dossier.Dossier
		d, err = svc.Submit(ctx, applicant, sub)
		*code = d.Code
	case 1:
		_, err = svc.Receive(ctx, *code, officer)
	case 2:
		_, err = svc.Start(ctx, *code, officer)
	case 3:
		_, err = svc.Approve(ctx, *code, officer)
	case 4:
		_, err = svc.ReturnResult(ctx, *code, officer, dossier.Electronic)
	}
	return err
}

// BenchmarkSummarize1M summarises a quarter over 1,000,000 dossiers in the
// memory store, grouped by procedure.
func BenchmarkSummarize1M(b *testing.B) {
	const n = 1_000_000
	store := dossier.NewMemStore()
	rng := rand.New(rand.NewPCG(1, 2))
	base := vntime.Date(2026, 1, 1)
	agencies := make([]string, 20)
	for i := range agencies {
		agencies[i] = fmt.Sprintf("000.00.%02d.H12", i)
	}
	procs := make([]string, 200)
	for i := range procs {
		procs[i] = fmt.Sprintf("1.%06d", i)
	}
	sectors := []string{"Hộ tịch", "Tư pháp", "Đất đai", "Xây dựng", "Kinh doanh", "Giáo dục"}
	ctx := b.Context()
	for i := range n {
		d := randomDossier(rng, i, base)
		// Codes in ascending order (at most 9,999 a day), shared group strings.
		d.Code = dossier.FormatCode(agency, base.AddDate(0, 0, i/9999), i%9999+1)
		d.Agency, d.ProcedureCode, d.Sector = agencies[i%len(agencies)], procs[rng.IntN(len(procs))], sectors[rng.IntN(len(sectors))]
		if err := store.Create(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	period := dossier.Period{From: vntime.Date(2026, 2, 1), To: vntime.Date(2026, 5, 1)}
	runtime.GC() // collect the setup's garbage now, not during the measurement
	b.ReportAllocs()
	defer testenv.ReportCPU(b)()
	for b.Loop() {
		s, err := dossier.Summarize(ctx, store, period, dossier.GroupProcedure)
		if err != nil {
			b.Fatal(err)
		}
		if s.Total.Received() == 0 {
			b.Fatal("nothing counted")
		}
	}
}

// BenchmarkAudit audits a memory store of 100,000 dossiers (submitted and
// received through the Service: 200,000 events) against its log.
func BenchmarkAudit(b *testing.B) {
	const n = 100_000
	store := dossier.NewMemStore()
	svc := benchServiceOn(b, store)
	ctx := b.Context()
	sub := birthSubmission()
	for range n {
		d, err := svc.Submit(ctx, applicant, sub)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := svc.Receive(ctx, d.Code, officer); err != nil {
			b.Fatal(err)
		}
	}
	runtime.GC()
	b.ReportAllocs()
	for b.Loop() {
		rep, err := dossier.Audit(ctx, store, dossier.AuditOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if !rep.Clean() || rep.Dossiers != n {
			b.Fatalf("%d dossiers, findings %v", rep.Dossiers, rep.Findings[:min(3, len(rep.Findings))])
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "dossiers/s")
}
