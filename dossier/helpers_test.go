package dossier_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
)

const agency = "000.00.01.H12"

var (
	applicant = dossier.Actor{ID: "citizen-1", Role: dossier.RoleApplicant}
	officer   = dossier.Actor{ID: "officer-1", Role: dossier.RoleOfficer, Unit: agency}
)

const (
	sumA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
	sumB = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae"
)

// fakeClock is a settable clock, safe for concurrent use.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func (c *fakeClock) add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testCatalog(t testing.TB) *catalog.Catalog {
	t.Helper()
	cat, err := catalog.New(
		catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3, FormID: "khai-sinh",
			Documents: []catalog.Requirement{
				{Name: "Tờ khai", Originals: 1, MediaTypes: []string{"application/pdf"}, MaxBytes: 5 << 20},
				{Name: "Giấy chứng sinh", Originals: 1, Optional: true},
			}},
		catalog.Procedure{Code: "2.000002", Name: "Cấp phiếu lý lịch tư pháp", Sector: "Tư pháp",
			Levels: []catalog.Level{catalog.Province, catalog.Central}, Online: catalog.Partial, ProcessingDays: 10,
			FeeItems: []string{"LLTP"}},
		catalog.Procedure{Code: "3.000003", Name: "Chứng thực bản sao", Sector: "Chứng thực",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Offline, ProcessingDays: 0},
	)
	require.NoError(t, err)
	return cat
}

// fixture is a service over a memory store with a fake clock.
type fixture struct {
	svc   *dossier.Service
	store *dossier.MemStore
	clock *fakeClock
	ctx   context.Context
}

func newFixture(t testing.TB, start time.Time, opts ...dossier.Option) *fixture {
	t.Helper()
	f := &fixture{store: dossier.NewMemStore(), clock: &fakeClock{t: start}, ctx: context.Background()}
	sched, err := fees.Sample()
	require.NoError(t, err)
	all := append([]dossier.Option{dossier.WithClock(f.clock.now), dossier.WithFees(sched, nil)}, opts...)
	f.svc, err = dossier.NewService(f.store, testCatalog(t), official(t), all...)
	require.NoError(t, err)
	return f
}

func birthSubmission() dossier.Submission {
	return dossier.Submission{
		ProcedureCode: "1.000001", Agency: agency, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Lan", CitizenID: "001199012345"},
		FormData:  map[string]any{"ho_ten_tre": "Nguyễn Minh An"},
		Attachments: []dossier.Attachment{{Name: "Tờ khai", FileName: "to-khai.pdf", MediaType: "application/pdf",
			Size: 120000, SHA256: sumA}},
	}
}

func (f *fixture) submit(t testing.TB) dossier.Dossier {
	t.Helper()
	d, err := f.svc.Submit(f.ctx, applicant, birthSubmission())
	require.NoError(t, err)
	return d
}

func mustFees(t testing.TB) *fees.Schedule {
	t.Helper()
	s, err := fees.Sample()
	require.NoError(t, err)
	return s
}
