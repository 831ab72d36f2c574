package dossier_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

func TestSummarize(t *testing.T) {
	f := newFixture(t, time.Date(2026, 2, 24, 9, 0, 0, 0, vntime.Location))
	ctx := f.ctx
	must := func(d dossier.Dossier, err error) dossier.Dossier {
		t.Helper()
		require.NoError(t, err)
		return d
	}
	counter := birthSubmission()
	counter.Channel = catalog.Counter
	post := birthSubmission()
	post.Channel = catalog.Post
	lltp := dossier.Submission{ProcedureCode: "2.000002", Agency: "000.00.02.H12", Level: catalog.Province, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Trần Văn Bình", CitizenID: "079088001122"}}

	// February: one received and still open on 1 March (carried over), one
	// settled in February (not counted in March), one submitted never received.
	carried := must(f.svc.Submit(ctx, applicant, birthSubmission()))
	must(f.svc.Receive(ctx, carried.Code, officer))
	febDone := must(f.svc.Submit(ctx, applicant, birthSubmission()))
	must(f.svc.Receive(ctx, febDone.Code, officer))
	f.clock.add(time.Hour)
	must(f.svc.Approve(ctx, febDone.Code, officer))
	must(f.svc.Submit(ctx, applicant, birthSubmission()))

	// March: received Mon 2 March, due Thu 5 March 17:00.
	f.clock.set(time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location))
	early := must(f.svc.Submit(ctx, applicant, birthSubmission()))
	onTime := must(f.svc.Submit(ctx, applicant, counter))
	late := must(f.svc.Submit(ctx, applicant, post))
	refused := must(f.svc.Submit(ctx, applicant, counter))
	withdrawn := must(f.svc.Submit(ctx, applicant, birthSubmission()))
	paused := must(f.svc.Submit(ctx, applicant, birthSubmission()))
	overdue := must(f.svc.Submit(ctx, applicant, counter))
	partial := must(f.svc.Submit(ctx, applicant, lltp))
	for _, d := range []dossier.Dossier{early, onTime, late, refused, withdrawn, paused, overdue, partial} {
		must(f.svc.Receive(ctx, d.Code, officer))
	}
	f.clock.set(time.Date(2026, 3, 3, 10, 0, 0, 0, vntime.Location))
	must(f.svc.Approve(ctx, early.Code, officer))
	must(f.svc.Refuse(ctx, refused.Code, officer, "không đủ điều kiện"))
	must(f.svc.Withdraw(ctx, withdrawn.Code, applicant, ""))
	must(f.svc.RequestSupplement(ctx, paused.Code, officer, "thiếu"))
	f.clock.set(time.Date(2026, 3, 5, 16, 0, 0, 0, vntime.Location))
	must(f.svc.Approve(ctx, onTime.Code, officer))
	must(f.svc.Approve(ctx, carried.Code, officer)) // due 27 Feb: late
	f.clock.set(time.Date(2026, 3, 6, 9, 0, 0, 0, vntime.Location))
	must(f.svc.Approve(ctx, late.Code, officer))
	must(f.svc.ReturnResult(ctx, late.Code, officer, dossier.ByPost))

	sum, err := dossier.Summarize(ctx, f.store, dossier.Period{From: vntime.Date(2026, 3, 1), To: vntime.Date(2026, 3, 10)}, dossier.GroupProcedure)
	require.NoError(t, err)
	want := dossier.SummaryRow{
		CarriedOver: 1, NewOnlineFull: 3, NewOnlinePartial: 1, NewCounter: 3, NewPost: 1,
		SettledEarly: 1, SettledOnTime: 1, SettledLate: 2, Refused: 1, Withdrawn: 1,
		PendingWithinTerm: 1, PendingOverdue: 1, AwaitingSupplement: 1,
		OnlineRate: 4.0 / 8, OnTimeRate: 2.0 / 4,
	}
	got := sum.Total
	assert.Equal(t, want, got)
	balanced(t, got)
	require.Len(t, sum.Rows, 2)
	assert.Equal(t, "1.000001", sum.Rows[0].Key)
	assert.Equal(t, "2.000002", sum.Rows[1].Key)
	assert.Equal(t, 1, sum.Rows[1].NewOnlinePartial)
	assert.Equal(t, 1, sum.Rows[1].PendingWithinTerm, "due 16 March, within term on 10 March")
	assert.Equal(t, 0, sum.Rows[1].PendingOverdue)
	// The totals add up the rows.
	assert.Equal(t, got.Received(), sum.Rows[0].Received()+sum.Rows[1].Received())

	t.Run("group by agency and level", func(t *testing.T) {
		s, err := dossier.Summarize(ctx, f.store, sum.Period, dossier.GroupAgency)
		require.NoError(t, err)
		require.Len(t, s.Rows, 2)
		assert.Equal(t, "000.00.01.H12", s.Rows[0].Key)
		assert.Equal(t, got.Received(), s.Total.Received())
		s, err = dossier.Summarize(ctx, f.store, sum.Period, dossier.GroupLevel)
		require.NoError(t, err)
		require.Len(t, s.Rows, 2)
		assert.Equal(t, []string{"commune", "province"}, []string{s.Rows[0].Key, s.Rows[1].Key})
		s, err = dossier.Summarize(ctx, f.store, sum.Period, dossier.GroupSector)
		require.NoError(t, err)
		assert.Equal(t, []string{"Hộ tịch", "Tư pháp"}, []string{s.Rows[0].Key, s.Rows[1].Key})
	})
	t.Run("February", func(t *testing.T) {
		s, err := dossier.Summarize(ctx, f.store, dossier.Month(2026, time.February), dossier.GroupNone)
		require.NoError(t, err)
		assert.Equal(t, 2, s.Total.NewOnlineFull, "the dossier never received does not count")
		assert.Equal(t, 1, s.Total.SettledEarly)
		assert.Equal(t, 1, s.Total.PendingOverdue, "due 27 February, open on 1 March")
		balanced(t, s.Total)
	})
	t.Run("bad input", func(t *testing.T) {
		_, err := dossier.Summarize(ctx, f.store, dossier.Period{}, dossier.GroupNone)
		require.ErrorIs(t, err, dossier.ErrInvalidDossier)
		_, err = dossier.Summarize(ctx, f.store, dossier.Month(2026, 3), dossier.GroupBy(99))
		require.ErrorIs(t, err, dossier.ErrInvalidDossier)
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		_, err = dossier.Summarize(cctx, f.store, dossier.Month(2026, 3), dossier.GroupNone)
		require.ErrorIs(t, err, context.Canceled)
	})
}

func balanced(t *testing.T, r dossier.SummaryRow) {
	t.Helper()
	assert.Equal(t, r.CarriedOver+r.New(), r.Settled()+r.Refused+r.Withdrawn+r.Pending(), "the table balances: %+v", r)
}

// randomDossier returns a brief dossier with consistent random times.
func randomDossier(rng *rand.Rand, i int, base time.Time) dossier.Dossier {
	sub := base.Add(time.Duration(rng.IntN(90*24)) * time.Hour)
	d := dossier.Dossier{
		Code:          dossier.FormatCode(agency, base, i+1),
		Agency:        fmt.Sprintf("000.00.%02d.H12", rng.IntN(5)),
		ProcedureCode: fmt.Sprintf("1.%06d", rng.IntN(50)),
		Sector:        []string{"Hộ tịch", "Tư pháp", "Đất đai", "Xây dựng"}[rng.IntN(4)],
		Level:         catalog.Level(1 + rng.IntN(4)),
		Online:        catalog.OnlineLevel(1 + rng.IntN(3)),
		Channel:       catalog.Channel(1 + rng.IntN(3)),
		Status:        dossier.Submitted,
		SubmittedAt:   sub,
		Version:       0,
	}
	if rng.IntN(10) == 0 {
		return d
	}
	d.ReceivedAt = sub.Add(time.Duration(rng.IntN(48)) * time.Hour)
	d.DueAt = d.ReceivedAt.Add(time.Duration(1+rng.IntN(15*24)) * time.Hour)
	d.Status = dossier.InProgress
	switch rng.IntN(6) {
	case 0, 1:
		d.SettledAt = d.ReceivedAt.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
		d.Status, d.Outcome = dossier.ResultReady, dossier.Granted
		if rng.IntN(2) == 0 {
			d.Status, d.ClosedAt = dossier.Returned, d.SettledAt.Add(time.Hour)
		}
		d.Apologies = rng.IntN(5) / 4
	case 2:
		d.SettledAt = d.ReceivedAt.Add(time.Duration(rng.IntN(20*24)) * time.Hour)
		d.ClosedAt, d.Status, d.Outcome = d.SettledAt, dossier.Refused, dossier.Denied
	case 3:
		d.ClosedAt, d.Status = d.ReceivedAt.Add(time.Duration(rng.IntN(20*24))*time.Hour), dossier.Withdrawn
	case 4:
		d.Status, d.PausedAt = dossier.AwaitingSupplement, d.ReceivedAt.Add(time.Duration(rng.IntN(5*24))*time.Hour)
	}
	return d
}

func TestSummarizeBalancesOnRandomDossiers(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	store := dossier.NewMemStore()
	base := vntime.Date(2026, 1, 1)
	for i := range 3000 {
		require.NoError(t, store.Create(t.Context(), randomDossier(rng, i, base)))
	}
	for _, p := range []dossier.Period{dossier.Month(2026, 1), dossier.Month(2026, 2), dossier.Month(2026, 3), {From: base, To: base.AddDate(1, 0, 0)}} {
		for g := dossier.GroupNone; g <= dossier.GroupLevel; g++ {
			s, err := dossier.Summarize(t.Context(), store, p, g)
			require.NoError(t, err)
			balanced(t, s.Total)
			var sum dossier.SummaryRow
			for _, r := range s.Rows {
				balanced(t, r)
				sum.CarriedOver += r.CarriedOver
				sum.NewOnlineFull += r.NewOnlineFull
				sum.SettledLate += r.SettledLate
				sum.PendingOverdue += r.PendingOverdue
			}
			assert.Equal(t, s.Total.CarriedOver, sum.CarriedOver)
			assert.Equal(t, s.Total.NewOnlineFull, sum.NewOnlineFull)
			assert.Equal(t, s.Total.SettledLate, sum.SettledLate)
			assert.Equal(t, s.Total.PendingOverdue, sum.PendingOverdue)
		}
	}
	// Consecutive months chain: what is pending at the end of January is
	// carried over into February.
	jan, err := dossier.Summarize(t.Context(), store, dossier.Month(2026, 1), dossier.GroupNone)
	require.NoError(t, err)
	feb, err := dossier.Summarize(t.Context(), store, dossier.Month(2026, 2), dossier.GroupNone)
	require.NoError(t, err)
	assert.Equal(t, jan.Total.Pending(), feb.Total.CarriedOver)
}
