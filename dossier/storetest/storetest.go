// Package storetest is the conformance suite for implementations of
// [dossier.Store]: every method, version conflicts, the append-only trail,
// concurrent writers on one dossier and on many, gap-free dossier codes,
// trail verification after reload, large listings, and the transparency
// log: every stored event a leaf in commit order, none lost or duplicated
// under concurrent writers, nothing appended by a refused write, the tree
// consistent with its leaves, and a clean [dossier.Audit].
//
// A store's tests call [Run] with a function that returns a new, empty
// store:
//
//	func TestConformance(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) dossier.Store { return openEmpty(t) })
//	}
//
// Dossiers in the suite hold JSON-stable form data (strings, float64,
// bools, nested map[string]any and []any), so stores that keep form data
// as JSON compare equal; times are compared as instants.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// Options tune [RunWith]. The zero value gives the defaults.
type Options struct {
	// Large is the number of dossiers of the large-listing test; 0 means
	// 3,000.
	Large int
	// Writers is the number of concurrent goroutines of the concurrency
	// tests; 0 means 16.
	Writers int
}

// Run runs the suite with the default [Options].
func Run(t *testing.T, newStore func(t *testing.T) dossier.Store) {
	RunWith(t, newStore, Options{})
}

// RunWith runs the suite; newStore must return a new, empty store each call.
func RunWith(t *testing.T, newStore func(t *testing.T) dossier.Store, opts Options) {
	if opts.Large <= 0 {
		opts.Large = 3000
	}
	if opts.Writers <= 0 {
		opts.Writers = 16
	}
	tests := []struct {
		name string
		fn   func(*testing.T, dossier.Store, Options)
	}{
		{"CreateGet", testCreateGet},
		{"CreateRejects", testCreateRejects},
		{"GetMissing", testGetMissing},
		{"Update", testUpdate},
		{"UpdateRejects", testUpdateRejects},
		{"Isolation", testIsolation},
		{"Lifecycle", testLifecycle},
		{"List", testList},
		{"ListPeriod", testListPeriod},
		{"ListStop", testListStop},
		{"NextCode", testNextCode},
		{"ConcurrentOneDossier", testConcurrentOne},
		{"ConcurrentRaceOneVersion", testRaceOneVersion},
		{"ConcurrentManyDossiers", testConcurrentMany},
		{"LargeList", testLargeList},
		{"Summarize", testSummarize},
		{"Log", testLog},
		{"LogRejectedWrites", testLogRejected},
		{"LogConcurrent", testLogConcurrent},
		{"Outbox", testOutbox},
		{"OutboxRejectedWrites", testOutboxRejected},
		{"OutboxConcurrent", testOutboxConcurrent},
		{"Aggregates", testAggregates},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.fn(t, newStore(t), opts)
		})
	}
}

// Agency is the agency code of the suite's dossiers.
const Agency = "000.00.01.H12"

// Base is the suite's starting time: Monday 2 March 2026, 08:00 in Vietnam.
var Base = time.Date(2026, 3, 2, 8, 0, 0, 0, dossier.Location)

// testCatalog returns the suite's procedures.
func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.New(
		catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch", Agency: "UBND cấp xã",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
			Documents: []catalog.Requirement{{Name: "Tờ khai", Originals: 1}, {Name: "Giấy chứng sinh", Originals: 1, Optional: true}}},
		catalog.Procedure{Code: "2.000002", Name: "Cấp giấy phép xây dựng", Sector: "Xây dựng", Agency: "Sở Xây dựng",
			Levels: []catalog.Level{catalog.Province}, Online: catalog.Partial, ProcessingDays: 10},
	)
	require.NoError(t, err)
	return cat
}

// clock is a thread-safe fake clock that advances one second per reading.
type clock struct{ n atomic.Int64 }

func (c *clock) now() time.Time { return Base.Add(time.Duration(c.n.Add(1)) * time.Second) }

func newService(t testing.TB, s dossier.Store) *dossier.Service {
	t.Helper()
	cal, err := dossier.Official()
	require.NoError(t, err)
	c := &clock{}
	svc, err := dossier.NewService(s, testCatalog(t), cal, dossier.WithClock(c.now))
	require.NoError(t, err)
	return svc
}

var (
	applicant = dossier.Actor{ID: "citizen-1", Role: dossier.RoleApplicant}
	officer   = dossier.Actor{ID: "officer-1", Role: dossier.RoleOfficer, Unit: Agency}
)

func submission(i int) dossier.Submission {
	return dossier.Submission{
		ProcedureCode: "1.000001", Agency: Agency, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: fmt.Sprintf("Nguyễn Văn %d", i), CitizenID: "001099012345", Phone: "0912345678"},
		FormData: map[string]any{"ten": "Nguyễn Văn A", "so_ban_sao": float64(2), "ket_hon": true,
			"cha": map[string]any{"ho_ten": "Nguyễn Văn B"}, "con": []any{"x", float64(1)}},
		Attachments: []dossier.Attachment{{Name: "Tờ khai", FileName: "to-khai.pdf", MediaType: "application/pdf", Size: 1234,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
	}
}

func submit(t testing.TB, svc *dossier.Service, i int) dossier.Dossier {
	t.Helper()
	d, err := svc.Submit(context.Background(), applicant, submission(i))
	require.NoError(t, err)
	return d
}

// Equal asserts that two dossiers are equal, comparing times as instants.
func Equal(t testing.TB, want, got dossier.Dossier) {
	t.Helper()
	assert.Equal(t, normalize(want), normalize(got))
}

func normalize(d dossier.Dossier) dossier.Dossier {
	d = d.Clone()
	tm := func(p *time.Time) {
		if p.IsZero() {
			*p = time.Time{}
		} else {
			*p = p.In(dossier.Location)
		}
	}
	for _, p := range []*time.Time{&d.ProcedureVersion, &d.SubmittedAt, &d.ReceivedAt, &d.DueAt, &d.PausedAt, &d.SettledAt, &d.ClosedAt} {
		tm(p)
	}
	if d.Payment != nil {
		tm(&d.Payment.PaidAt)
	}
	for i := range d.Events {
		tm(&d.Events[i].At)
		if d.Events[i].Data.IsZero() {
			d.Events[i].Data = dossier.EventData{}
		}
	}
	if len(d.Units) == 0 {
		d.Units = nil
	}
	if len(d.Attachments) == 0 {
		d.Attachments = nil
	}
	if len(d.FormData) == 0 {
		d.FormData = nil
	}
	if d.FeeQuote != nil && len(d.FeeQuote.Lines) == 0 {
		d.FeeQuote.Lines = nil
	}
	return d
}

// appendEvent returns d with one more event, sealed as the dossier package
// seals them.
func appendEvent(d dossier.Dossier, at time.Time, reason string) dossier.Dossier {
	d = d.Clone()
	ev := dossier.Event{Seq: uint64(len(d.Events)) + 1, At: at, Actor: officer, Action: dossier.Transfer,
		From: d.Status, To: dossier.Transferred, Reason: reason, Data: dossier.NewEventData(map[string]string{"to": reason})}
	ev.PrevHash = d.Head()
	ev.Hash = dossier.EventHash(d.Code, &ev)
	d.Events = append(d.Events, ev)
	d.Status = dossier.Transferred
	d.Unit = reason
	d.Units = append(d.Units, reason)
	d.Version++
	return d
}

func testCreateGet(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, d, got)
	require.NoError(t, got.Verify())
	assert.Equal(t, int64(1), got.Version)
}

func testCreateRejects(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	dup := d.Clone()
	dup.Applicant.Name = "someone else"
	require.ErrorIs(t, s.Create(ctx, dup), dossier.ErrExists)
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, d, got)

	noCode := d.Clone()
	noCode.Code = ""
	require.ErrorIs(t, s.Create(ctx, noCode), dossier.ErrInvalidDossier)

	badVersion := d.Clone()
	badVersion.Code = d.Code + "9"
	badVersion.Version = 5
	require.ErrorIs(t, s.Create(ctx, badVersion), dossier.ErrInvalidDossier)
	_, err = s.Get(ctx, badVersion.Code)
	require.ErrorIs(t, err, dossier.ErrNotFound)
}

func testGetMissing(t *testing.T, s dossier.Store, _ Options) {
	_, err := s.Get(t.Context(), Agency+"-260302-9999")
	require.ErrorIs(t, err, dossier.ErrNotFound)
}

func testUpdate(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	next := appendEvent(d, Base.Add(time.Hour), "unit-a")
	require.NoError(t, s.Update(ctx, next, d.Version))
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, next, got)
	require.NoError(t, got.Verify())
	// Two events at once are allowed.
	n2 := appendEvent(appendEvent(got, Base.Add(2*time.Hour), "unit-b"), Base.Add(3*time.Hour), "unit-c")
	require.NoError(t, s.Update(ctx, n2, got.Version))
	got, err = s.Get(ctx, d.Code)
	require.NoError(t, err)
	assert.Equal(t, int64(4), got.Version)
	require.NoError(t, got.Verify())
}

func testUpdateRejects(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	next := appendEvent(d, Base.Add(time.Hour), "unit-a")
	require.NoError(t, s.Update(ctx, next, 1))

	stale := appendEvent(d, Base.Add(time.Hour), "unit-stale")
	require.ErrorIs(t, s.Update(ctx, stale, 1), dossier.ErrConflict)

	missing := appendEvent(d, Base.Add(time.Hour), "x")
	missing.Code = Agency + "-260302-9999"
	require.ErrorIs(t, s.Update(ctx, missing, 1), dossier.ErrNotFound)

	// Rewriting history: the stored event #1 replaced.
	rewritten := next.Clone()
	rewritten.Events[1].Reason = "edited"
	rewritten.Events[1].Hash = dossier.EventHash(rewritten.Code, &rewritten.Events[1])
	rewritten = appendEvent(rewritten, Base.Add(2*time.Hour), "unit-b")
	err := s.Update(ctx, rewritten, 2)
	require.ErrorIs(t, err, dossier.ErrAppendOnly)

	// Dropping events.
	dropped := next.Clone()
	dropped.Events = dropped.Events[:1]
	dropped.Version = 3
	require.ErrorIs(t, s.Update(ctx, dropped, 2), dossier.ErrInvalidDossier)

	// Version not matching the events.
	odd := appendEvent(next, Base.Add(2*time.Hour), "unit-b")
	odd.Version = 7
	require.ErrorIs(t, s.Update(ctx, odd, 2), dossier.ErrInvalidDossier)

	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, next, got)
}

func testIsolation(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	got.Applicant.Name = "changed"
	got.FormData["ten"] = "changed"
	got.FormData["cha"].(map[string]any)["ho_ten"] = "changed"
	got.Attachments[0].Size = 1
	got.Events[0].Reason = "changed"
	got.Events[0].Data = dossier.NewEventData(map[string]string{"procedure": "changed"})
	again, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, d, again)
	require.NoError(t, again.Verify())
}

func testLifecycle(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	steps := []func() (dossier.Dossier, error){
		func() (dossier.Dossier, error) { return svc.Receive(ctx, d.Code, officer) },
		func() (dossier.Dossier, error) { return svc.Start(ctx, d.Code, officer) },
		func() (dossier.Dossier, error) {
			return svc.RequestSupplement(ctx, d.Code, officer, "thiếu giấy chứng sinh")
		},
		func() (dossier.Dossier, error) {
			return svc.Supplement(ctx, d.Code, applicant, []dossier.Attachment{{Name: "Giấy chứng sinh", MediaType: "application/pdf", Size: 10,
				SHA256: "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"}}, nil)
		},
		func() (dossier.Dossier, error) { return svc.Approve(ctx, d.Code, officer) },
		func() (dossier.Dossier, error) { return svc.ReturnResult(ctx, d.Code, officer, dossier.Electronic) },
	}
	var last dossier.Dossier
	for i, step := range steps {
		var err error
		last, err = step()
		require.NoError(t, err, "step %d", i)
		got, err := s.Get(ctx, d.Code)
		require.NoError(t, err)
		Equal(t, last, got)
		require.NoError(t, got.Verify(), "step %d", i)
	}
	assert.Equal(t, dossier.Returned, last.Status)
	assert.Equal(t, int64(7), last.Version)
	// An illegal transition changes nothing.
	_, err := svc.Approve(ctx, d.Code, officer)
	require.ErrorIs(t, err, dossier.ErrInvalidTransition)
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	Equal(t, last, got)
}

func collect(t *testing.T, s dossier.Store, f dossier.Filter) []dossier.Dossier {
	t.Helper()
	var out []dossier.Dossier
	for d, err := range s.List(t.Context(), f) {
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

func codes(ds []dossier.Dossier) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Code
	}
	return out
}

func testList(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	var all []dossier.Dossier
	for i := range 6 {
		sub := submission(i)
		if i%2 == 1 {
			sub.ProcedureCode, sub.Channel, sub.Attachments = "2.000002", catalog.Counter, nil
			sub.Agency = "000.00.02.H12"
		}
		d, err := svc.Submit(ctx, applicant, sub)
		require.NoError(t, err)
		all = append(all, d)
	}
	_, err := svc.Receive(ctx, all[0].Code, officer)
	require.NoError(t, err)
	want := codes(all)
	slices.Sort(want)

	got := collect(t, s, dossier.Filter{})
	require.Len(t, got, 6)
	assert.Equal(t, want, codes(got), "ordered by code")
	for _, d := range got {
		require.NoError(t, d.Verify())
	}

	tests := []struct {
		name string
		f    dossier.Filter
		n    int
	}{
		{"agency", dossier.Filter{Agency: Agency}, 3},
		{"procedure", dossier.Filter{ProcedureCode: "2.000002"}, 3},
		{"sector", dossier.Filter{Sector: "Hộ tịch"}, 3},
		{"level", dossier.Filter{Level: catalog.Province}, 3},
		{"channel", dossier.Filter{Channel: catalog.Online}, 3},
		{"status", dossier.Filter{Statuses: []dossier.Status{dossier.Received}}, 1},
		{"statuses", dossier.Filter{Statuses: []dossier.Status{dossier.Received, dossier.Submitted}}, 6},
		{"combined", dossier.Filter{Agency: Agency, Statuses: []dossier.Status{dossier.Submitted}}, 2},
		{"limit", dossier.Filter{Limit: 4}, 4},
		{"after", dossier.Filter{After: want[3]}, 2},
		{"after and limit", dossier.Filter{After: want[0], Limit: 2}, 2},
		{"none", dossier.Filter{Agency: "nobody"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := collect(t, s, tt.f)
			assert.Len(t, got, tt.n)
			for _, d := range got {
				assert.True(t, tt.f.Match(&d), "%s does not match", d.Code)
			}
			assert.True(t, slices.IsSorted(codes(got)))
		})
	}
	t.Run("after resumes", func(t *testing.T) {
		got := collect(t, s, dossier.Filter{After: want[0], Limit: 2})
		assert.Equal(t, want[1:3], codes(got))
	})
	t.Run("brief", func(t *testing.T) {
		for _, d := range collect(t, s, dossier.Filter{Brief: true}) {
			full, err := s.Get(ctx, d.Code)
			require.NoError(t, err)
			assert.Equal(t, full.Status, d.Status)
			assert.Equal(t, full.Version, d.Version)
			assert.True(t, full.SubmittedAt.Equal(d.SubmittedAt))
			assert.True(t, full.DueAt.Equal(d.DueAt))
			assert.Equal(t, full.Channel, d.Channel)
			assert.Equal(t, full.Online, d.Online)
		}
	})
}

func testListPeriod(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	a := submit(t, svc, 1)
	b := submit(t, svc, 2)
	_, err := svc.Withdraw(ctx, b.Code, applicant, "")
	require.NoError(t, err)
	// a was submitted before b, b closed after both.
	got := collect(t, s, dossier.Filter{Until: b.SubmittedAt})
	assert.Equal(t, []string{a.Code}, codes(got))
	got = collect(t, s, dossier.Filter{Since: Base.Add(24 * time.Hour)})
	assert.Equal(t, []string{a.Code}, codes(got), "b closed before Since")
	got = collect(t, s, dossier.Filter{Since: Base, Until: Base.Add(24 * time.Hour)})
	assert.Len(t, got, 2)
}

func testListStop(t *testing.T, s dossier.Store, _ Options) {
	svc := newService(t, s)
	for i := range 5 {
		submit(t, svc, i)
	}
	n := 0
	for _, err := range s.List(t.Context(), dossier.Filter{}) {
		require.NoError(t, err)
		n++
		if n == 2 {
			break
		}
	}
	assert.Equal(t, 2, n)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var sawErr error
	for _, err := range s.List(ctx, dossier.Filter{}) {
		if err != nil {
			sawErr = err
			break
		}
	}
	require.ErrorIs(t, sawErr, context.Canceled)
}

func testNextCode(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	day := time.Date(2025, 11, 26, 9, 0, 0, 0, dossier.Location)
	for i := 1; i <= 3; i++ {
		c, err := s.NextCode(ctx, Agency, day)
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("000.00.01.H12-251126-%04d", i), c)
	}
	c, err := s.NextCode(ctx, "000.00.02.H12", day)
	require.NoError(t, err)
	assert.Equal(t, "000.00.02.H12-251126-0001", c, "per agency")
	// 17:30 UTC on 26 Nov is 00:30 on 27 Nov in Vietnam.
	c, err = s.NextCode(ctx, Agency, time.Date(2025, 11, 26, 17, 30, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12-251127-0001", c, "per Vietnamese day")
	c, err = s.NextCode(ctx, Agency, time.Date(2025, 11, 26, 16, 59, 0, 0, time.UTC))
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12-251126-0004", c)
	for _, bad := range []string{"", "000-01", "a b", string(make([]byte, 65))} {
		_, err := s.NextCode(ctx, bad, day)
		require.ErrorIs(t, err, dossier.ErrInvalidCode, "agency %q", bad)
	}
	_, err = s.NextCode(ctx, Agency, time.Time{})
	require.ErrorIs(t, err, dossier.ErrInvalidCode)
}

// testConcurrentOne: many goroutines transition one dossier, retrying on
// conflicts; every transition lands exactly once.
func testConcurrentOne(t *testing.T, s dossier.Store, o Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	_, err := svc.Receive(ctx, d.Code, officer)
	require.NoError(t, err)
	const per = 5
	var wg sync.WaitGroup
	var conflicts atomic.Int64
	for g := range o.Writers {
		wg.Go(func() {
			for k := range per {
				unit := fmt.Sprintf("unit-%d-%d", g, k)
				for {
					_, err := svc.Transfer(ctx, d.Code, officer, unit, "")
					if errors.Is(err, dossier.ErrConflict) {
						conflicts.Add(1)
						continue
					}
					if !assert.NoError(t, err) {
						return
					}
					break
				}
			}
		})
	}
	wg.Wait()
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	require.NoError(t, got.Verify())
	n := o.Writers * per
	assert.Equal(t, int64(2+n), got.Version, "no transition lost")
	seen := map[string]int{}
	for _, ev := range got.Events[2:] {
		seen[ev.Data.Get("to")]++
	}
	assert.Len(t, seen, n)
	for u, k := range seen {
		assert.Equal(t, 1, k, "unit %s", u)
	}
	t.Logf("%d transitions, %d conflicts retried", n, conflicts.Load())
}

// testRaceOneVersion: many goroutines update the same version at once;
// exactly one wins.
func testRaceOneVersion(t *testing.T, s dossier.Store, o Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 1)
	for round := range 5 {
		cur, err := s.Get(ctx, d.Code)
		require.NoError(t, err)
		var wins, conflicts atomic.Int64
		var wg sync.WaitGroup
		start := make(chan struct{})
		for g := range o.Writers {
			next := appendEvent(cur, Base.Add(time.Duration(round+1)*time.Hour), fmt.Sprintf("r%d-g%d", round, g))
			wg.Go(func() {
				<-start
				err := s.Update(ctx, next, cur.Version)
				switch {
				case err == nil:
					wins.Add(1)
				case errors.Is(err, dossier.ErrConflict):
					conflicts.Add(1)
				default:
					assert.NoError(t, err)
				}
			})
		}
		close(start)
		wg.Wait()
		assert.Equal(t, int64(1), wins.Load(), "round %d", round)
		assert.Equal(t, int64(o.Writers-1), conflicts.Load(), "round %d", round)
	}
	got, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	assert.Equal(t, int64(6), got.Version)
	require.NoError(t, got.Verify())
}

// testConcurrentMany: many goroutines submit dossiers of one agency on one
// day and move them along; codes are unique and gap-free.
func testConcurrentMany(t *testing.T, s dossier.Store, o Options) {
	ctx := t.Context()
	svc := newService(t, s)
	const per = 8
	var wg sync.WaitGroup
	var mu sync.Mutex
	var got []string
	for g := range o.Writers {
		wg.Go(func() {
			for k := range per {
				d, err := svc.Submit(ctx, applicant, submission(g*per+k))
				if !assert.NoError(t, err) {
					return
				}
				_, err = svc.Receive(ctx, d.Code, officer)
				if !assert.NoError(t, err) {
					return
				}
				mu.Lock()
				got = append(got, d.Code)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	n := o.Writers * per
	require.Len(t, got, n)
	slices.Sort(got)
	for i, c := range got {
		_, day, seq, err := dossier.ParseCode(c)
		require.NoError(t, err)
		assert.Equal(t, i+1, seq, "codes gap-free")
		assert.Equal(t, time.Date(2026, 3, 2, 0, 0, 0, 0, dossier.Location), day)
	}
	list := collect(t, s, dossier.Filter{Statuses: []dossier.Status{dossier.Received}})
	assert.Len(t, list, n)
	for _, d := range list {
		require.NoError(t, d.Verify())
	}
}

func testLargeList(t *testing.T, s dossier.Store, o Options) {
	ctx := t.Context()
	svc := newService(t, s)
	for i := range o.Large {
		submit(t, svc, i)
	}
	n, prev := 0, ""
	for d, err := range s.List(ctx, dossier.Filter{Brief: true}) {
		require.NoError(t, err)
		require.Greater(t, d.Code, prev)
		prev = d.Code
		n++
	}
	assert.Equal(t, o.Large, n)
}

func testSummarize(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	a := submit(t, svc, 1)
	b := submit(t, svc, 2)
	c := submit(t, svc, 3)
	for _, d := range []dossier.Dossier{a, b, c} {
		_, err := svc.Receive(ctx, d.Code, officer)
		require.NoError(t, err)
	}
	_, err := svc.Approve(ctx, a.Code, officer)
	require.NoError(t, err)
	_, err = svc.Withdraw(ctx, b.Code, applicant, "")
	require.NoError(t, err)
	// As of the next day, c is within its term; at the end of March it is overdue.
	sum, err := dossier.Summarize(ctx, s, dossier.Period{From: time.Date(2026, 3, 1, 0, 0, 0, 0, dossier.Location), To: time.Date(2026, 3, 3, 0, 0, 0, 0, dossier.Location)}, dossier.GroupProcedure)
	require.NoError(t, err)
	require.Len(t, sum.Rows, 1)
	assert.Equal(t, "1.000001", sum.Rows[0].Key)
	month, err := dossier.Summarize(ctx, s, dossier.Month(2026, time.March), dossier.GroupNone)
	require.NoError(t, err)
	assert.Equal(t, 1, month.Total.PendingOverdue)
	r := sum.Total
	assert.Equal(t, 3, r.NewOnlineFull)
	assert.Equal(t, 1, r.SettledEarly)
	assert.Equal(t, 1, r.Withdrawn)
	assert.Equal(t, 1, r.PendingWithinTerm)
	assert.InDelta(t, 1.0, r.OnlineRate, 1e-9)
	assert.InDelta(t, 1.0, r.OnTimeRate, 1e-9)
}

// CheckLog checks s's transparency log against its dossiers, as the suite
// does after its writes: indexes contiguous from 0, each dossier's events
// once and in order, each dossier's entries matching its trail leaf by
// leaf, one leaf per stored event, and the stored tree equal to a tree
// rebuilt from the leaves. It returns the entries in log order. Stores' own
// tests call it after writes the suite does not make (bulk loads, crashes,
// migrations).
func CheckLog(t testing.TB, s dossier.Store) []dossier.LogEntry {
	t.Helper()
	ctx := context.Background()
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	var rebuilt dossier.MemLog
	var order []dossier.LogEntry
	seen := map[string]uint64{}
	for e, err := range s.LogEntries(ctx, 0, size) {
		require.NoError(t, err)
		require.Equal(t, int64(len(order)), e.Index, "log indexes contiguous from 0")
		require.Equal(t, seen[e.Code]+1, e.Seq, "%s: events in order, none twice", e.Code)
		seen[e.Code] = e.Seq
		_, err := rebuilt.Append(e.Leaf)
		require.NoError(t, err)
		order = append(order, e)
	}
	require.Equal(t, size, int64(len(order)))
	var events int64
	for d, err := range s.List(ctx, dossier.Filter{}) {
		require.NoError(t, err)
		events += int64(len(d.Events))
		assert.Equal(t, uint64(len(d.Events)), seen[d.Code], "%s: every event in the log", d.Code)
		i := 0
		for e, err := range s.DossierEntries(ctx, d.Code) {
			require.NoError(t, err)
			require.Less(t, i, len(d.Events))
			assert.Equal(t, d.Events[i].Seq, e.Seq)
			assert.Equal(t, dossier.LeafHash(&d.Events[i]), e.Leaf, "%s #%d", d.Code, e.Seq)
			i++
		}
		assert.Equal(t, len(d.Events), i)
	}
	assert.Equal(t, events, size, "one leaf per stored event")
	want, err := dossier.TreeHash(ctx, size, &rebuilt)
	require.NoError(t, err)
	got, err := dossier.TreeHash(ctx, size, s)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the stored tree is the tree of the leaves")
	return order
}

// checkLogAudited is [CheckLog] and a clean [dossier.Audit].
func checkLogAudited(t *testing.T, s dossier.Store) {
	t.Helper()
	CheckLog(t, s)
	rep, err := dossier.Audit(t.Context(), s, dossier.AuditOptions{})
	require.NoError(t, err)
	assert.True(t, rep.Clean(), "%v", rep.Findings)
}

func testLog(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	assert.Zero(t, size, "a new store has an empty log")
	svc := newService(t, s)
	var ds []dossier.Dossier
	for i := range 5 {
		d := submit(t, svc, i)
		ds = append(ds, d)
	}
	// Interleaved transitions, and an update of several events at once.
	for _, d := range ds[:3] {
		_, err := svc.Receive(ctx, d.Code, officer)
		require.NoError(t, err)
	}
	d, err := s.Get(ctx, ds[4].Code)
	require.NoError(t, err)
	next := appendEvent(appendEvent(d, Base.Add(time.Hour), "một"), Base.Add(2*time.Hour), "hai")
	require.NoError(t, s.Update(ctx, next, d.Version))
	checkLogAudited(t, s)
	size, err = s.LogSize(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(5+3+2), size)
	// Entries of one range, and of an unknown dossier.
	var got []int64
	for e, err := range s.LogEntries(ctx, 3, 6) {
		require.NoError(t, err)
		got = append(got, e.Index)
	}
	assert.Equal(t, []int64{3, 4, 5}, got)
	for range s.DossierEntries(ctx, "000.00.01.H12-260302-9999") {
		t.Fatal("entries of an unknown dossier")
	}
	// Stored hashes beyond the log are an error.
	_, err = s.ReadHashes(ctx, []int64{dossier.StoredHashIndex(0, size)})
	require.ErrorIs(t, err, dossier.ErrLogRange)
	// An inclusion proof of every leaf verifies against the tree hash.
	root, err := dossier.TreeHash(ctx, size, s)
	require.NoError(t, err)
	for e, err := range s.LogEntries(ctx, 0, size) {
		require.NoError(t, err)
		p, err := dossier.ProveInclusion(ctx, s, size, e.Index)
		require.NoError(t, err)
		require.NoError(t, dossier.VerifyInclusion(p, root, e.Leaf))
	}
}

func testLogRejected(t *testing.T, s dossier.Store, _ Options) {
	ctx := t.Context()
	svc := newService(t, s)
	d := submit(t, svc, 0)
	before, err := s.LogSize(ctx)
	require.NoError(t, err)
	// A stale version, an edited trail, a duplicate: nothing is appended.
	stale := appendEvent(d, Base.Add(time.Hour), "một")
	_, err = svc.Receive(ctx, d.Code, officer)
	require.NoError(t, err)
	require.ErrorIs(t, s.Update(ctx, stale, d.Version), dossier.ErrConflict)
	cur, err := s.Get(ctx, d.Code)
	require.NoError(t, err)
	edited := cur.Clone()
	edited.Events[0].Reason = "sửa"
	for i := range edited.Events { // the whole chain recomputed
		if i > 0 {
			edited.Events[i].PrevHash = edited.Events[i-1].Hash
		}
		edited.Events[i].Hash = dossier.EventHash(edited.Code, &edited.Events[i])
	}
	edited = appendEvent(edited, Base.Add(2*time.Hour), "hai")
	require.ErrorIs(t, s.Update(ctx, edited, cur.Version), dossier.ErrAppendOnly)
	require.ErrorIs(t, s.Create(ctx, cur), dossier.ErrExists)
	after, err := s.LogSize(ctx)
	require.NoError(t, err)
	assert.Equal(t, before+1, after, "only the receipt was appended")
	checkLogAudited(t, s)
}

func testLogConcurrent(t *testing.T, s dossier.Store, o Options) {
	ctx := t.Context()
	svc := newService(t, s)
	const per = 4
	var wg sync.WaitGroup
	for g := range o.Writers {
		wg.Go(func() {
			for k := range per {
				d, err := svc.Submit(ctx, applicant, submission(g*per+k))
				if !assert.NoError(t, err) {
					return
				}
				if _, err := svc.Receive(ctx, d.Code, officer); !assert.NoError(t, err) {
					return
				}
				if _, err := svc.Start(ctx, d.Code, officer); !assert.NoError(t, err) {
					return
				}
			}
		})
	}
	wg.Wait()
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(o.Writers*per*3), size)
	checkLogAudited(t, s)
}
