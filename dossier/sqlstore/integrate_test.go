package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// errStopped stands for a writer that stops between its commit and the
// integration of its leaves (a crash, a lost connection).
var errStopped = errors.New("stopped between the commits")

// pendingRows counts the leaves queued and not yet integrated.
func pendingRows(t testing.TB, s *Store) int64 { return tableRows(t, s, "motcua_log_pending") }

// stopBeforeIntegration writes through s as a writer that stops after
// each commit, before integrating: a creation with two events and an
// update with one, then five. It returns the dossier and how many events
// it wrote, all left queued.
func stopBeforeIntegration(t *testing.T, s *Store, code string) (dossier.Dossier, int64) {
	t.Helper()
	ctx := context.Background()
	s.beforeIntegrate = func() error { return errStopped }
	defer func() { s.beforeIntegrate = nil }()
	d := newDossier(code, t0)
	step(&d, t0.Add(time.Minute))
	err := s.Create(ctx, d)
	require.ErrorIs(t, err, ErrIntegrate)
	require.ErrorIs(t, err, errStopped)
	for _, k := range []int{1, 5} {
		v := d.Version
		for range k {
			step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
		}
		err := s.Update(ctx, d, v)
		require.ErrorIs(t, err, ErrIntegrate, "the write is stored, its leaves are not integrated")
	}
	got, err := s.Get(ctx, code)
	require.NoError(t, err)
	require.Equal(t, d.Version, got.Version, "every write was committed")
	return d, d.Version
}

// TestPostgresLogIntegration stops a writer between the commit of its
// events and the integration of their leaves, and checks that the next
// read of the log, or the next Open, or the next write integrates them:
// the log then holds every committed event once, and audits clean.
func TestPostgresLogIntegration(t *testing.T) {
	ctx := context.Background()
	drain := func(seq func(yield func(dossier.LogEntry, error) bool)) error {
		for _, err := range seq {
			if err != nil {
				return err
			}
		}
		return nil
	}
	code := "000.00.01.H12-260302-0900"
	cases := []struct {
		name string
		next func(t *testing.T, s *Store, driver, dsn string) *Store // the store to check afterwards
	}{
		{"LogSize", func(t *testing.T, s *Store, _, _ string) *Store {
			_, err := s.LogSize(ctx)
			require.NoError(t, err)
			return s
		}},
		{"LogEntries", func(t *testing.T, s *Store, _, _ string) *Store {
			require.NoError(t, drain(s.LogEntries(ctx, 0, 1<<40)))
			return s
		}},
		{"DossierEntries", func(t *testing.T, s *Store, _, _ string) *Store {
			n := 0
			for _, err := range s.DossierEntries(ctx, code) {
				require.NoError(t, err)
				n++
			}
			assert.Equal(t, 8, n, "the stopped writer's events are read")
			return s
		}},
		{"LogEntriesByCode", func(t *testing.T, s *Store, _, _ string) *Store {
			require.NoError(t, drain(s.LogEntriesByCode(ctx)))
			return s
		}},
		{"Open", func(t *testing.T, _ *Store, driver, dsn string) *Store {
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			t.Cleanup(func() { s.Close() })
			assert.Zero(t, pendingRows(t, s), "Open integrated")
			return s
		}},
		{"the next write", func(t *testing.T, s *Store, _, _ string) *Store {
			writeSome(t, s, "000.00.03.H12", 1)
			assert.Zero(t, pendingRows(t, s), "the write integrated")
			return s
		}},
		{"Audit", func(t *testing.T, s *Store, _, _ string) *Store {
			rep := audit(t, s, dossier.AuditOptions{})
			assert.True(t, rep.Clean(), "%v", rep.Findings)
			return s
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			driver, dsn := backends[1].dsn(t)
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			defer s.Close()
			writeSome(t, s, "000.00.01.H12", 2)
			before, err := s.LogSize(ctx)
			require.NoError(t, err)
			_, n := stopBeforeIntegration(t, s, code)
			require.Equal(t, n, pendingRows(t, s), "the stopped writer's leaves are queued")
			var size int64
			require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM motcua_log").Scan(&size))
			require.Equal(t, before, size, "and not in the log")

			s2 := tc.next(t, s, driver, dsn)
			assert.Zero(t, pendingRows(t, s2), "nothing left queued")
			order := checkLog(t, s2)
			assert.Equal(t, tableRows(t, s2, "motcua_events"), int64(len(order)), "a leaf for every committed event, none more")
			seen := map[logged]bool{}
			for _, l := range order {
				require.False(t, seen[l], "%v logged twice", l)
				seen[l] = true
			}
			for seq := uint64(1); seq <= uint64(n); seq++ {
				assert.True(t, seen[logged{code, seq}], "event #%d of the stopped writer is logged", seq)
			}
			rep := audit(t, s2, dossier.AuditOptions{})
			assert.True(t, rep.Clean(), "%v", rep.Findings)
		})
	}
}

// TestPostgresLogIntegrationCancelled cancels the writer's context
// between its commit and its integration: the call may return early (an
// error wrapping ErrIntegrate), but the integration it started goes on,
// and no leaf is lost or logged twice.
func TestPostgresLogIntegrationCancelled(t *testing.T) {
	s := backends[1].open(t)
	writeSome(t, s, "000.00.01.H12", 1)
	var events int64
	for i := range 10 {
		ctx, cancel := context.WithCancel(context.Background())
		s.beforeIntegrate = func() error { cancel(); return nil }
		d := newDossier(fmt.Sprintf("000.00.02.H12-260302-%04d", i+1), t0)
		if err := s.Create(ctx, d); err != nil {
			require.ErrorIs(t, err, ErrIntegrate)
			require.ErrorIs(t, err, context.Canceled)
		}
		events += d.Version
		cancel()
	}
	s.beforeIntegrate = nil
	_, err := s.LogSize(context.Background())
	require.NoError(t, err)
	order := checkLog(t, s)
	assert.Equal(t, tableRows(t, s, "motcua_events"), int64(len(order)))
	rep := audit(t, s, dossier.AuditOptions{})
	assert.True(t, rep.Clean(), "%v", rep.Findings)
}

// TestPostgresLogIntegrationShared holds the log's lock while eight
// writers commit, then releases it: one integration, one transaction,
// takes the leaves of all eight.
func TestPostgresLogIntegrationShared(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	const writers = 8
	ds := make([]dossier.Dossier, writers)
	for i := range ds {
		ds[i] = newDossier(fmt.Sprintf("000.00.01.H12-260302-%04d", i+1), t0)
		require.NoError(t, s.Create(ctx, ds[i]))
	}
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	// Another process's integration holds the lock.
	other, err := s.w.BeginTx(ctx, nil)
	require.NoError(t, err)
	defer other.Rollback()
	_, err = other.ExecContext(ctx, `SELECT pg_advisory_xact_lock(`+pgLogLockClass+`, 'motcua_log'::regclass::oid::int)`)
	require.NoError(t, err)
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for i := range ds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := ds[i].Clone()
			step(&d, t0.Add(time.Hour))
			errs[i] = s.Update(ctx, d, 1)
		}()
	}
	deadline := time.Now().Add(30 * time.Second)
	for pendingRows(t, s) < writers {
		require.True(t, time.Now().Before(deadline), "the writers committed")
		time.Sleep(10 * time.Millisecond)
	}
	require.NoError(t, other.Commit())
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	var txs, leaves int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text), COUNT(*) FROM motcua_log WHERE idx >= $1", size).Scan(&txs, &leaves))
	assert.Equal(t, int64(writers), leaves)
	assert.Equal(t, int64(1), txs, "one integration wrote the eight writers' leaves")
	checkLog(t, s)
}

// TestPostgresTamperQueued edits or removes, as an administrator would, a
// leaf left queued by a writer that stopped before integrating it: the
// integration logs what the queue holds, and the audit names the dossier.
func TestPostgresTamperQueued(t *testing.T) {
	code := "000.00.01.H12-260302-0900"
	cases := []struct {
		name   string
		tamper func(t *testing.T, s *Store)
	}{
		{"queued leaf edited", func(t *testing.T, s *Store) {
			sqlExec(t, s, "UPDATE motcua_log_pending SET leaf = ? WHERE code = ? AND seq = 3", make([]byte, 32), code)
		}},
		{"queued leaf deleted", func(t *testing.T, s *Store) {
			sqlExec(t, s, "DELETE FROM motcua_log_pending WHERE code = ? AND seq = 3", code)
		}},
		{"queued leaf moved to another event", func(t *testing.T, s *Store) {
			sqlExec(t, s, "UPDATE motcua_log_pending SET seq = 99 WHERE code = ? AND seq = 3", code)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, codes := tamperStore(t, backends[1])
			require.NotContains(t, codes, code)
			stopBeforeIntegration(t, s, code)
			tc.tamper(t, s)
			rep := audit(t, s, dossier.AuditOptions{})
			require.NotEmpty(t, rep.Findings, "the tampered queue is found")
			for _, f := range rep.Findings {
				assert.Equal(t, code, f.Code, "only the stopped writer's dossier: %v", f)
			}
			assert.Zero(t, pendingRows(t, s), "the audit's read integrated the queue")
		})
	}
}

// TestPostgresLogIntegrationPages leaves more leaves queued than one
// integration round takes (1,000): the next read integrates them all, a
// round at a time, in the order they were queued.
func TestPostgresLogIntegrationPages(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	var want []logged
	for i := 0; int64(len(want)) <= logPage+logPage/4; i++ {
		d, _ := stopBeforeIntegration(t, s, fmt.Sprintf("000.00.01.H12-260302-%04d", i+1))
		for _, ev := range d.Events {
			want = append(want, logged{d.Code, ev.Seq})
		}
	}
	require.Equal(t, int64(len(want)), pendingRows(t, s))
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	assert.Equal(t, int64(len(want)), size)
	assert.Zero(t, pendingRows(t, s))
	assert.Equal(t, want, checkLog(t, s), "in the order they were queued")
	var txs int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text) FROM motcua_log").Scan(&txs))
	assert.Equal(t, int64(2), txs, "two rounds")
}

// TestPostgresLogIntegrationCommits checks that an update's events and
// their integration are two transactions (the events' own commit, then
// the integration's, on every write path), and that the leaves are in the
// log when the write returns.
func TestPostgresLogIntegrationCommits(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	d := newDossier("000.00.01.H12-260302-0001", t0)
	require.NoError(t, s.Create(ctx, d))
	for _, k := range []int{1, 1, 2, pgUpdateEvents + 1} {
		v := d.Version
		for range k {
			step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
		}
		require.NoError(t, s.Update(ctx, d, v))
		var events, leaves string
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT xmin::text FROM motcua_events WHERE code = $1 AND pos = $2", d.Code, d.Version).Scan(&events))
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT xmin::text FROM motcua_log WHERE code = $1 AND seq = $2", d.Code, int64(d.Events[len(d.Events)-1].Seq)).Scan(&leaves))
		assert.NotEqual(t, events, leaves, "%d events: the integration is a transaction of its own", k)
		var setting string
		require.NoError(t, s.r.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&setting))
		assert.Equal(t, "on", setting, "the events' setting does not outlive their transaction")
	}
	assert.Zero(t, pendingRows(t, s))
	checkLog(t, s)
}
