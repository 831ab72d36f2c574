package dvc_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/dvc"
	"github.com/motcua/motcua/dossier/sqlstore"
)

var (
	t0      = time.Date(2026, 3, 2, 8, 0, 0, 0, dossier.Location)
	clerk   = dossier.Actor{ID: "can-bo-1", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	citizen = dossier.Actor{ID: "cong-dan-1", Role: dossier.RoleApplicant}
)

func testCatalog(t testing.TB) *catalog.Catalog {
	cat, err := catalog.New(catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
		Documents: []catalog.Requirement{{Name: "Tờ khai", Originals: 1, Optional: true}}})
	require.NoError(t, err)
	return cat
}

func newService(t testing.TB, s dossier.Store) *dossier.Service {
	return newServiceStep(t, s, time.Minute)
}

// newServiceStep returns a service whose clock moves step at each reading.
func newServiceStep(t testing.TB, s dossier.Store, step time.Duration) *dossier.Service {
	cal, err := dossier.Official()
	require.NoError(t, err)
	now := t0
	svc, err := dossier.NewService(s, testCatalog(t), cal, dossier.WithClock(func() time.Time { now = now.Add(step); return now }))
	require.NoError(t, err)
	return svc
}

// lives files n dossiers, each submitted, received, started, approved and
// returned: five events each.
func lives(t testing.TB, svc *dossier.Service, n int) []string {
	ctx := context.Background()
	var codes []string
	for i := range n {
		d, err := svc.Submit(ctx, citizen, dossier.Submission{ProcedureCode: "1.000001", Agency: "000.00.01.H12", Channel: catalog.Online,
			Applicant: dossier.Applicant{Name: fmt.Sprintf("Nguyễn Văn %d", i), CitizenID: "001099012345"}})
		require.NoError(t, err)
		for _, step := range []func(context.Context, string, dossier.Actor) (dossier.Dossier, error){svc.Receive, svc.Start, svc.Approve} {
			_, err = step(ctx, d.Code, clerk)
			require.NoError(t, err)
		}
		_, err = svc.ReturnResult(ctx, d.Code, clerk, dossier.Electronic)
		require.NoError(t, err)
		codes = append(codes, d.Code)
	}
	return codes
}

var wantStates = []string{"1", "2", "4", "9", "10"}

// drain runs the sender until the outbox is empty or 200 steps passed.
func drain(t *testing.T, s *dvc.Sender, clock *time.Time) {
	for range 200 {
		if _, err := s.Step(t.Context()); err != nil {
			require.NoError(t, err)
		}
		*clock = clock.Add(time.Minute) // past any backoff and lease
		stuck, err := s.Stuck(t.Context())
		require.NoError(t, err)
		left, err := s.Pending(t.Context())
		require.NoError(t, err)
		if left == 0 && len(stuck) == 0 {
			return
		}
	}
}

func TestSender(t *testing.T) {
	for _, tc := range []struct {
		name string
		fail func(service string, n int) (int, string, time.Duration)
		// held: the portal refuses for good; what reaches it.
		held bool
	}{
		{name: "clean"},
		{name: "5xx then recovers", fail: func(s string, n int) (int, string, time.Duration) {
			if n <= 3 {
				return http.StatusBadGateway, "bad gateway", 0
			}
			return 0, "", 0
		}},
		{name: "timeouts", fail: func(s string, n int) (int, string, time.Duration) {
			if s == "CapNhatTienDoHoSoMC" && n <= 2 {
				return http.StatusOK, `{"error_code":0}`, 500 * time.Millisecond // past the client's timeout
			}
			return 0, "", 0
		}},
		{name: "not JSON", fail: func(s string, n int) (int, string, time.Duration) {
			if n == 1 {
				return http.StatusOK, "<html>maintenance</html>", 0
			}
			return 0, "", 0
		}},
		{name: "expired session", fail: func(s string, n int) (int, string, time.Duration) {
			if n == 2 {
				return http.StatusOK, `{"error_code":"-1","message":"phiên làm việc hết hạn"}`, 0
			}
			return 0, "", 0
		}},
		{name: "refused for good", held: true, fail: func(s string, n int) (int, string, time.Duration) {
			if s == "DongBoHoSoMC" {
				return http.StatusOK, `{"error_code":"7","message":"Mã TTHC không tồn tại"}`, 0
			}
			return 0, "", 0
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := dossier.NewMemStore()
			codes := lives(t, newService(t, store), 3)
			portal := newFakePortal(t)
			portal.fail = tc.fail
			client, err := dvc.NewClient(portal.config())
			require.NoError(t, err)
			clock := t0.Add(time.Hour)
			s, err := dvc.NewSender(store, client, &dvc.Mapper{Catalog: testCatalog(t)}, dvc.Options{Batch: 2, Now: func() time.Time { return clock }})
			require.NoError(t, err)
			drain(t, s, &clock)
			stuck, err := s.Stuck(t.Context())
			require.NoError(t, err)
			if tc.held {
				require.Len(t, stuck, 3, "each dossier's first entry held")
				for _, e := range stuck {
					assert.True(t, e.Held)
					assert.Equal(t, uint64(1), e.Seq)
					assert.Contains(t, e.LastError, "Mã TTHC không tồn tại")
				}
				return
			}
			assert.Empty(t, stuck)
			for _, c := range codes {
				assert.Equal(t, wantStates, portal.states(c), c)
			}
		})
	}
}

func TestSenderBackoff(t *testing.T) {
	store := dossier.NewMemStore()
	lives(t, newService(t, store), 1)
	portal := newFakePortal(t)
	portal.fail = func(string, int) (int, string, time.Duration) { return http.StatusServiceUnavailable, "", 0 }
	client, err := dvc.NewClient(portal.config())
	require.NoError(t, err)
	clock := t0.Add(time.Hour)
	s, err := dvc.NewSender(store, client, nil, dvc.Options{Backoff: time.Second, MaxBackoff: 4 * time.Second, MaxAttempts: 5,
		Now: func() time.Time { return clock }})
	require.NoError(t, err)
	var waits []time.Duration
	for range 5 {
		_, err := s.Step(t.Context())
		require.NoError(t, err)
		stuck, err := s.Stuck(t.Context())
		require.NoError(t, err)
		require.Len(t, stuck, 1)
		waits = append(waits, stuck[0].NotBefore.Sub(clock))
		clock = stuck[0].NotBefore
	}
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second, 4 * time.Second}, waits)
	stuck, err := s.Stuck(t.Context())
	require.NoError(t, err)
	assert.True(t, stuck[0].Held, "held after MaxAttempts")
	assert.Equal(t, 5, stuck[0].Attempts)
}

// TestSenderKilled runs the sender in a child process on a SQLite store,
// kills it with SIGKILL again and again in mid-delivery, restarts it, and
// checks that the portal got every event of every dossier, once each
// after duplicates, in order.
func TestSenderKilled(t *testing.T) {
	if os.Getenv("MOTCUA_DVC_CHILD") != "" {
		t.Skip("child")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "motcua.db")
	ctx := t.Context()
	store, err := sqlstore.Open(ctx, sqlstore.SQLite, path)
	require.NoError(t, err)
	codes := lives(t, newService(t, store), 40)
	require.NoError(t, store.Close())
	portal := newFakePortal(t)
	exe, err := os.Executable()
	require.NoError(t, err)
	kills := 0
	for round := 0; round < 15; round++ {
		cmd := exec.Command(exe, "-test.run", "^TestSenderChild$")
		cmd.Env = append(os.Environ(), "MOTCUA_DVC_CHILD="+path, "MOTCUA_DVC_PORTAL="+portal.srv.URL)
		cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
		require.NoError(t, cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			require.NoError(t, err, "the child ends when the outbox is empty")
			round = 1 << 30
		case <-time.After(time.Duration(20+round*10) * time.Millisecond):
			if err := cmd.Process.Signal(syscall.SIGKILL); errors.Is(err, os.ErrProcessDone) {
				// It finished as the timer fired: not a kill.
				require.NoError(t, <-done, "the child ends when the outbox is empty")
				round = 1 << 30
				continue
			} else {
				require.NoError(t, err)
			}
			<-done
			kills++
		}
	}
	t.Logf("%d kills", kills)
	require.Positive(t, kills)
	// A last run, never killed, finishes what is left.
	cmd := exec.Command(exe, "-test.run", "^TestSenderChild$")
	cmd.Env = append(os.Environ(), "MOTCUA_DVC_CHILD="+path, "MOTCUA_DVC_PORTAL="+portal.srv.URL)
	require.NoError(t, cmd.Run())
	for _, c := range codes {
		assert.Equal(t, wantStates, portal.states(c), c)
	}
	store, err = sqlstore.Open(ctx, sqlstore.SQLite, path)
	require.NoError(t, err)
	defer store.Close()
	left, err := store.OutboxEntries(ctx, 0, 10)
	require.NoError(t, err)
	assert.Empty(t, left)
}

// TestSenderChild is the child of TestSenderKilled: it sends until the
// outbox is empty, slowly (one dossier a batch), so that kills land in
// mid-delivery.
func TestSenderChild(t *testing.T) {
	path := os.Getenv("MOTCUA_DVC_CHILD")
	if path == "" {
		t.Skip("run by TestSenderKilled")
	}
	ctx := t.Context()
	store, err := sqlstore.Open(ctx, sqlstore.SQLite, path)
	require.NoError(t, err)
	defer store.Close()
	client, err := dvc.NewClient(dvc.Config{BaseURL: os.Getenv("MOTCUA_DVC_PORTAL"), AuthPath: "/auth", ServicePath: "/service",
		Username: "motcua", Secret: "s3cret", AgencyCode: "000.00.01.H12", DstCode: "H12"})
	require.NoError(t, err)
	s, err := dvc.NewSender(store, client, nil, dvc.Options{Batch: 3, Lease: 50 * time.Millisecond})
	require.NoError(t, err)
	for {
		n, err := s.Step(ctx)
		require.NoError(t, err)
		if n == 0 {
			left, err := s.Pending(ctx)
			require.NoError(t, err)
			if left == 0 {
				return
			}
			time.Sleep(20 * time.Millisecond) // leases of a killed sender run out
		}
	}
}

func TestNewSenderRejects(t *testing.T) {
	client, err := dvc.NewClient(dvc.Config{BaseURL: "http://127.0.0.1:1", AuthPath: "/a", ServicePath: "/s", Username: "u", AgencyCode: "x"})
	require.NoError(t, err)
	for _, tc := range []struct {
		name  string
		store dossier.Store
		p     dvc.Portal
		o     dvc.Options
		want  error
	}{
		{"no outbox", plain{dossier.NewMemStore()}, client, dvc.Options{}, dvc.ErrNoOutbox},
		{"nil portal", dossier.NewMemStore(), nil, dvc.Options{}, dvc.ErrConfig},
		{"negative batch", dossier.NewMemStore(), client, dvc.Options{Batch: -1}, dvc.ErrConfig},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dvc.NewSender(tc.store, tc.p, nil, tc.o)
			require.ErrorIs(t, err, tc.want)
			assert.NotEmpty(t, dvc.Message(err, "vi"))
		})
	}
	_, err = dvc.NewClient(dvc.Config{})
	require.ErrorIs(t, err, dvc.ErrConfig)
}

type plain struct{ dossier.Store }
