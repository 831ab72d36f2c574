package sqlstore

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// pendingRows counts the leaves queued and not yet integrated.
func pendingRows(t testing.TB, s *Store) int64 { return tableRows(t, s, "motcua_log_pending") }

// stopBeforeIntegration stops the integrator of s, as if its process had
// stopped after the writers' commits, and writes through s: a creation
// with two events and an update with one, then five (through a
// transaction). Each write returns once committed, its leaves queued and
// not integrated; it returns the dossier and how many events it wrote.
func stopBeforeIntegration(t *testing.T, s *Store, code string) (dossier.Dossier, int64) {
	t.Helper()
	ctx := context.Background()
	s.stopIntegrator()
	queued, logged := pendingRows(t, s), tableRows(t, s, "motcua_log")
	d := newDossier(code, t0)
	step(&d, t0.Add(time.Minute))
	require.NoError(t, s.Create(ctx, d))
	for _, k := range []int{1, 5} {
		v := d.Version
		for range k {
			step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
		}
		require.NoError(t, s.Update(ctx, d, v))
	}
	got, err := s.Get(ctx, code)
	require.NoError(t, err)
	require.Equal(t, d.Version, got.Version, "every write was committed")
	require.Equal(t, queued+d.Version, pendingRows(t, s), "the writes queued their leaves")
	require.Equal(t, logged, tableRows(t, s, "motcua_log"), "and integrated none")
	return d, d.Version
}

// unguardQueue drops SQLite's trigger that refuses updates of queued
// leaves (PostgreSQL's queue has none).
func unguardQueue(t *testing.T, s *Store) {
	t.Helper()
	if !s.pg {
		sqlExec(t, s, "DROP TRIGGER motcua_log_pending_no_update")
	}
}

// waitNoPending waits until s's queue is empty, for 30 s at most.
func waitNoPending(t *testing.T, s *Store) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for pendingRows(t, s) > 0 {
		require.True(t, time.Now().Before(deadline), "the integrator took the queued leaves")
		time.Sleep(10 * time.Millisecond)
	}
}

// TestLogIntegration leaves a writer's leaves queued (its store's
// integrator stopped), and checks that the next read of the log, or the
// integrator of a store opened next, or this store's integrator started
// again integrates them: the log then holds every committed event once,
// and audits clean.
func TestLogIntegration(t *testing.T) {
	forEach(t, testLogIntegration)
}

func testLogIntegration(t *testing.T, b backend) {
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
			waitNoPending(t, s)
			return s
		}},
		{"the integrator", func(t *testing.T, s *Store, _, _ string) *Store {
			s.startIntegrator()
			waitNoPending(t, s)
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
			driver, dsn := b.dsn(t)
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

// TestLogIntegrationCancelled cancels a reader's context as the
// integration its read started begins: the read returns the context's
// error, the integration goes on, and no leaf is lost or logged twice.
func TestLogIntegrationCancelled(t *testing.T) {
	forEach(t, testLogIntegrationCancelled)
}

func testLogIntegrationCancelled(t *testing.T, b backend) {
	s := b.open(t)
	writeSome(t, s, "000.00.01.H12", 1)
	for i := range 10 {
		stopBeforeIntegration(t, s, fmt.Sprintf("000.00.02.H12-260302-%04d", i+1))
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hook := func() { cancel() }
	s.beforeRound.Store(&hook)
	_, err := s.LogSize(ctx)
	require.ErrorIs(t, err, context.Canceled)
	s.beforeRound.Store(nil)
	_, err = s.LogSize(context.Background())
	require.NoError(t, err)
	assert.Zero(t, pendingRows(t, s))
	order := checkLog(t, s)
	assert.Equal(t, tableRows(t, s, "motcua_events"), int64(len(order)))
	rep := audit(t, s, dossier.AuditOptions{})
	assert.True(t, rep.Clean(), "%v", rep.Findings)
}

// TestPostgresWriteDoesNotIntegrate holds the log's lock, as another
// process's integration would, while eight writers write: each returns
// once its events are committed, without waiting for the lock, its
// leaves queued. Once the lock is released, the store's integrator takes
// them all in one transaction.
func TestPostgresWriteDoesNotIntegrate(t *testing.T) {
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
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err, "the write returned with the log's lock held elsewhere")
	}
	assert.Equal(t, int64(writers), pendingRows(t, s), "the leaves wait in the queue")
	var logged int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM motcua_log").Scan(&logged))
	assert.Equal(t, size, logged)
	require.NoError(t, other.Commit())
	waitNoPending(t, s)
	var txs, leaves int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text), COUNT(*) FROM motcua_log WHERE idx >= $1", size).Scan(&txs, &leaves))
	assert.Equal(t, int64(writers), leaves)
	assert.Equal(t, int64(1), txs, "one integration wrote the eight writers' leaves")
	checkLog(t, s)
}

// integrationGoroutines counts the goroutines running the integration of
// the log (the integrator and the runs of integrateShared).
func integrationGoroutines() int {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	n := 0
	for g := range strings.SplitSeq(string(buf), "\n\n") {
		if strings.Contains(g, "sqlstore.(*Store).integrator") || strings.Contains(g, "sqlstore.(*Store).runIntegrations") {
			n++
		}
	}
	return n
}

// TestIntegratorClose closes stores while their integrator waits
// and while a round is under way: Close returns once the goroutines it
// started have ended (none left, the goroutine count back where it was),
// the round cancelled leaves the log whole, and the leaves it did not
// integrate stay queued for the next store.
func TestIntegratorClose(t *testing.T) {
	forEach(t, testIntegratorClose)
}

func testIntegratorClose(t *testing.T, b backend) {
	ctx := context.Background()
	driver, dsn := b.dsn(t)
	cases := []struct {
		name  string
		round bool // close during a round
	}{
		{"idle", false},
		{"during a round", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Zero(t, integrationGoroutines())
			base := runtime.NumGoroutine()
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			writeSome(t, s, "000.00.01.H12", 1)
			require.GreaterOrEqual(t, integrationGoroutines(), 1, "the integrator runs")
			if tc.round {
				started := make(chan struct{})
				var once sync.Once
				hook := func() {
					once.Do(func() { close(started) })
					time.Sleep(100 * time.Millisecond)
				}
				s.beforeRound.Store(&hook)
				writeSome(t, s, "000.00.02.H12", 1)
				<-started
			}
			require.NoError(t, s.Close())
			assert.Zero(t, integrationGoroutines(), "Close waited for the integration to end")
			deadline := time.Now().Add(10 * time.Second)
			for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
				time.Sleep(10 * time.Millisecond)
			}
			assert.LessOrEqual(t, runtime.NumGoroutine(), base, "no goroutine left")
			_, err = s.LogSize(ctx)
			require.ErrorIs(t, err, ErrClosed)

			s2, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			defer s2.Close()
			waitNoPending(t, s2)
			order := checkLog(t, s2)
			assert.Equal(t, tableRows(t, s2, "motcua_events"), int64(len(order)), "a leaf for every committed event")
			rep := audit(t, s2, dossier.AuditOptions{})
			assert.True(t, rep.Clean(), "%v", rep.Findings)
		})
	}
}

// TestTamperQueued edits or removes, as an administrator would, a
// leaf left queued by a writer that stopped before integrating it: the
// integration logs what the queue holds, and the audit names the dossier.
func TestTamperQueued(t *testing.T) {
	forEach(t, testTamperQueued)
}

func testTamperQueued(t *testing.T, b backend) {
	code := "000.00.01.H12-260302-0900"
	cases := []struct {
		name   string
		tamper func(t *testing.T, s *Store)
	}{
		{"queued leaf edited", func(t *testing.T, s *Store) {
			unguardQueue(t, s)
			sqlExec(t, s, "UPDATE motcua_log_pending SET leaf = ? WHERE code = ? AND seq = 3", make([]byte, 32), code)
		}},
		{"queued leaf deleted", func(t *testing.T, s *Store) {
			sqlExec(t, s, "DELETE FROM motcua_log_pending WHERE code = ? AND seq = 3", code)
		}},
		{"queued leaf moved to another event", func(t *testing.T, s *Store) {
			unguardQueue(t, s)
			sqlExec(t, s, "UPDATE motcua_log_pending SET seq = 99 WHERE code = ? AND seq = 3", code)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, codes := tamperStore(t, b)
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

// TestLogIntegrationPages leaves more leaves queued than one
// integration round takes (1,000): the next read integrates them all, a
// round at a time, in the order they were queued.
func TestLogIntegrationPages(t *testing.T) {
	forEach(t, testLogIntegrationPages)
}

func testLogIntegrationPages(t *testing.T, b backend) {
	s := b.open(t)
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
	if !s.pg {
		return // SQLite keeps no transaction id in its rows
	}
	var txs int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(DISTINCT xmin::text) FROM motcua_log").Scan(&txs))
	assert.Equal(t, int64(2), txs, "two rounds")
}

// TestLogIntegrationCommits checks that an update's events and
// their integration are two transactions (the events' own commit, then
// the integration's, on every write path), and that a read of the log
// just after the write finds its leaves (the receipt's log index).
func TestLogIntegrationCommits(t *testing.T) {
	forEach(t, testLogIntegrationCommits)
}

func testLogIntegrationCommits(t *testing.T, b backend) {
	s := b.open(t)
	ctx := context.Background()
	d := newDossier("000.00.01.H12-260302-0001", t0)
	require.NoError(t, s.Create(ctx, d))
	for _, k := range []int{1, 1, 2, pgUpdateEvents + 1} {
		v := d.Version
		for range k {
			step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
		}
		require.NoError(t, s.Update(ctx, d, v))
		var last dossier.LogEntry
		for e, err := range s.DossierEntries(ctx, d.Code) {
			require.NoError(t, err)
			last = e
		}
		require.Equal(t, d.Events[len(d.Events)-1].Seq, last.Seq, "%d events: the read finds the write's leaves", k)
		if !s.pg {
			continue // SQLite keeps no transaction id in its rows
		}
		var events, leaves string
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT xmin::text FROM motcua_events WHERE code = $1 AND pos = $2", d.Code, d.Version).Scan(&events))
		require.NoError(t, s.r.QueryRowContext(ctx, "SELECT xmin::text FROM motcua_log WHERE code = $1 AND seq = $2", d.Code, int64(d.Events[len(d.Events)-1].Seq)).Scan(&leaves))
		assert.NotEqual(t, events, leaves, "%d events: the integration is a transaction of its own", k)
	}
	assert.Zero(t, pendingRows(t, s))
	checkLog(t, s)
}

// TestSQLiteQueueNotUpdated checks the trigger that guards SQLite's queue:
// an UPDATE of a queued leaf, its event or its order is refused and
// changes nothing, and the leaves then integrate into a log that audits
// clean.
func TestSQLiteQueueNotUpdated(t *testing.T) {
	s := backends[0].open(t)
	ctx := context.Background()
	code := "000.00.01.H12-260302-0901"
	_, n := stopBeforeIntegration(t, s, code)
	queue := func() []string {
		return column[string](t, s.r, "SELECT id || ' ' || code || ' ' || seq || ' ' || hex(leaf) FROM motcua_log_pending ORDER BY id")
	}
	before := queue()
	require.Len(t, before, int(n))
	for _, q := range []string{
		"UPDATE motcua_log_pending SET leaf = zeroblob(32) WHERE seq = 3",
		"UPDATE motcua_log_pending SET seq = 99 WHERE seq = 3",
		"UPDATE motcua_log_pending SET code = 'H12-260302-0002'",
		"UPDATE motcua_log_pending SET id = id + 1000",
	} {
		_, err := s.w.ExecContext(ctx, q)
		require.Error(t, err, q)
		assert.Contains(t, err.Error(), "queued log leaves are not updated", q)
	}
	assert.Equal(t, before, queue(), "the refused updates changed nothing")
	rep := audit(t, s, dossier.AuditOptions{})
	assert.Empty(t, rep.Findings)
	assert.Zero(t, pendingRows(t, s), "the audit's read integrated the queue")
}
