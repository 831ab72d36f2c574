package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/storetest"
)

// logged is one leaf as a test expects it: the event's dossier and number.
type logged struct {
	code string
	seq  uint64
}

// checkLog checks s's log against its dossiers with storetest.CheckLog
// (contiguous indexes, each dossier's events once, in order and matching
// its trail, the stored tree equal to the leaves' tree, a clean audit), and
// one stored hash row per node. It returns the leaves in log order.
func checkLog(t testing.TB, s *Store) []logged {
	t.Helper()
	entries := storetest.CheckLog(t, s)
	require.Equal(t, dossier.StoredHashCount(int64(len(entries))), hashRows(t, s), "one stored hash per node")
	order := make([]logged, len(entries))
	for i, e := range entries {
		order[i] = logged{e.Code, e.Seq}
	}
	return order
}

// hashRows counts the stored hashes.
func hashRows(t testing.TB, s *Store) int64 { return tableRows(t, s, "motcua_log_hashes") }

// TestLogAppends writes a mix of creations and updates through every write
// path (one event and several, the one-statement PostgreSQL update and the
// transaction beyond it, a row older than the trail digest) and checks
// that the log holds exactly their events, in the order of the commits.
func TestLogAppends(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		var want []logged
		commit := func(d dossier.Dossier, from int64) {
			for _, ev := range d.Events[from:] {
				want = append(want, logged{d.Code, ev.Seq})
			}
		}
		size, err := s.LogSize(ctx)
		require.NoError(t, err)
		require.Zero(t, size, "a new store has an empty log")
		var ds []dossier.Dossier
		for i := range 6 {
			d := newDossier(fmt.Sprintf("000.00.01.H12-260302-%04d", i+1), t0.Add(time.Duration(i)*time.Minute))
			if i%2 == 1 {
				step(&d, t0.Add(time.Hour)) // created with two events
			}
			require.NoError(t, s.Create(ctx, d))
			commit(d, 0)
			ds = append(ds, d)
		}
		update := func(i, events int) {
			t.Helper()
			d := ds[i].Clone()
			v := d.Version
			for range events {
				step(&d, d.Events[len(d.Events)-1].At.Add(time.Minute))
			}
			require.NoError(t, s.Update(ctx, d, v))
			commit(d, v)
			ds[i] = d
		}
		update(0, 1)
		update(3, 1)
		update(0, 3)              // several events (PostgreSQL: one statement)
		update(5, pgUpdateEvents) // the most the one statement writes
		update(2, pgUpdateEvents+3)
		update(1, 1)
		// A row written before the trail digest goes through the
		// event-by-event check.
		_, err = s.w.ExecContext(ctx, s.q("UPDATE motcua_dossiers SET trail = NULL WHERE code = ?"), ds[4].Code)
		require.NoError(t, err)
		update(4, 2)
		update(4, 1)
		got := checkLog(t, s)
		assert.Equal(t, want, got, "leaves in commit order")

		t.Run("entries", func(t *testing.T) {
			size := int64(len(want))
			var idx []int64
			for e, err := range s.LogEntries(ctx, 3, 6) {
				require.NoError(t, err)
				idx = append(idx, e.Index)
			}
			assert.Equal(t, []int64{3, 4, 5}, idx)
			n := 0
			for e, err := range s.LogEntries(ctx, -5, size+10) {
				require.NoError(t, err)
				require.Equal(t, int64(n), e.Index)
				n++
			}
			assert.Equal(t, int(size), n, "a range beyond the log stops at its end")
			for range s.LogEntries(ctx, 4, 4) {
				t.Fatal("an empty range yields nothing")
			}
			for range s.LogEntries(ctx, size, size+1) {
				t.Fatal("nothing beyond the log")
			}
			for range s.DossierEntries(ctx, "000.00.01.H12-260302-9999") {
				t.Fatal("entries of an unknown dossier")
			}
			for range s.DossierEntries(ctx, "bad\xff") {
				t.Fatal("entries of a code that cannot be stored")
			}
			for e, err := range s.LogEntries(ctx, 0, size) {
				require.NoError(t, err)
				if e.Index == 2 {
					break // stopping early is fine
				}
			}
		})
		t.Run("hashes", func(t *testing.T) {
			size := int64(len(want))
			n := dossier.StoredHashCount(size)
			all := make([]int64, n)
			for i := range all {
				all[i] = int64(len(all) - 1 - i) // in reverse, to check the order kept
			}
			hs, err := s.ReadHashes(ctx, append(all, 0, 0))
			require.NoError(t, err)
			require.Len(t, hs, int(n)+2)
			leaf0, err := s.ReadHashes(ctx, []int64{dossier.StoredHashIndex(0, 0)})
			require.NoError(t, err)
			assert.Equal(t, dossier.LeafHash(&ds[0].Events[0]), leaf0[0])
			assert.Equal(t, leaf0[0], hs[n], "duplicates read")
			for _, bad := range [][]int64{{n}, {0, n + 5}, {-1}} {
				_, err := s.ReadHashes(ctx, bad)
				require.ErrorIs(t, err, dossier.ErrLogRange, "%v", bad)
			}
			hs, err = s.ReadHashes(ctx, nil)
			require.NoError(t, err)
			assert.Empty(t, hs)
		})
		t.Run("proofs", func(t *testing.T) {
			size := int64(len(want))
			root, err := dossier.TreeHash(ctx, size, s)
			require.NoError(t, err)
			for e, err := range s.LogEntries(ctx, 0, size) {
				require.NoError(t, err)
				p, err := dossier.ProveInclusion(ctx, s, size, e.Index)
				require.NoError(t, err)
				require.NoError(t, dossier.VerifyInclusion(p, root, e.Leaf))
			}
			for from := int64(1); from < size; from += 3 {
				old, err := dossier.TreeHash(ctx, from, s)
				require.NoError(t, err)
				p, err := dossier.ProveConsistency(ctx, s, from, size)
				require.NoError(t, err)
				require.NoError(t, dossier.VerifyConsistency(p, old, root))
			}
		})
		t.Run("audit", func(t *testing.T) {
			rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{})
			require.NoError(t, err)
			assert.True(t, rep.Clean(), "%v", rep.Findings)
			assert.Equal(t, int64(len(want)), rep.Size)
			assert.Equal(t, int64(len(ds)), rep.Dossiers)
		})
	})
}

// TestLogPages reads a log of several pages: LogEntries and DossierEntries
// page by keyset and yield every entry once.
func TestLogPages(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		pop := population(900, 3) // about 2,500 events
		createMany(t, s, pop)
		// A dossier of more than a page of events.
		long := newDossier("000.00.09.H12-260302-0001", t0)
		for range logPage + 10 {
			step(&long, long.Events[len(long.Events)-1].At.Add(time.Second))
		}
		require.NoError(t, s.Create(ctx, long))
		order := checkLog(t, s)
		require.Greater(t, len(order), 3*logPage)
		var mid []int64
		for e, err := range s.LogEntries(ctx, logPage-2, 2*logPage+3) {
			require.NoError(t, err)
			mid = append(mid, e.Index)
		}
		require.Len(t, mid, logPage+5)
		assert.Equal(t, int64(logPage-2), mid[0])
		assert.Equal(t, int64(2*logPage+2), mid[len(mid)-1])
	})
}

// TestLogConcurrentWriters has 8 goroutines create dossiers and update
// them, often the same ones at once: one consistent log, every committed
// event's leaf once, indexes contiguous, nothing of a refused write.
func TestLogConcurrentWriters(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t, MaxConns(12))
		ctx := context.Background()
		const writers, rounds = 8, 40
		var (
			mu        sync.Mutex
			codes     []string
			committed int64
			conflicts int
		)
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := range writers {
			wg.Go(func() {
				rng := rand.New(rand.NewPCG(uint64(w), 9))
				for range rounds {
					mu.Lock()
					n := len(codes)
					mu.Unlock()
					if n < 4 || rng.IntN(4) == 0 {
						code, err := s.NextCode(ctx, "000.00.01.H12", t0)
						if err != nil {
							errs <- err
							return
						}
						d := newDossier(code, t0)
						if err := s.Create(ctx, d); err != nil {
							errs <- err
							return
						}
						mu.Lock()
						codes = append(codes, code)
						committed += d.Version
						mu.Unlock()
						continue
					}
					mu.Lock()
					code := codes[rng.IntN(min(len(codes), 6))] // a few hot dossiers
					mu.Unlock()
					d, err := s.Get(ctx, code)
					if err != nil {
						errs <- err
						return
					}
					v := d.Version
					for range 1 + rng.IntN(pgUpdateEvents+2) {
						step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
					}
					switch err := s.Update(ctx, d, v); {
					case err == nil:
						mu.Lock()
						committed += d.Version - v
						mu.Unlock()
					case errors.Is(err, dossier.ErrConflict):
						mu.Lock()
						conflicts++
						mu.Unlock()
					default:
						errs <- err
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		t.Logf("%d dossiers, %d events, %d conflicts", len(codes), committed, conflicts)
		order := checkLog(t, s)
		assert.Equal(t, committed, int64(len(order)), "every committed event logged once")
		rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{})
		require.NoError(t, err)
		assert.True(t, rep.Clean(), "%v", rep.Findings)
	})
}

// TestLogRefusedWrites checks that a write refused for any reason appends
// nothing to the log.
func TestLogRefusedWrites(t *testing.T) {
	code := "000.00.01.H12-260302-0001"
	cases := []struct {
		name  string
		write func(s *Store, stored dossier.Dossier) error
		want  error
	}{
		{"stale version", func(s *Store, d dossier.Dossier) error {
			stale := d.Clone()
			stale.Events, stale.Version = stale.Events[:1], 1
			step(&stale, t0.Add(time.Hour))
			return s.Update(context.Background(), stale, 1)
		}, dossier.ErrConflict},
		{"stale version, many events", func(s *Store, d dossier.Dossier) error {
			stale := d.Clone()
			stale.Events, stale.Version = stale.Events[:1], 1
			for i := range pgUpdateEvents + 2 {
				step(&stale, t0.Add(time.Duration(i+1)*time.Hour))
			}
			return s.Update(context.Background(), stale, 1)
		}, dossier.ErrConflict},
		{"edited trail", func(s *Store, d dossier.Dossier) error {
			e := d.Clone()
			e.Events[0].Reason = "sửa"
			e.Events[0].Hash = dossier.EventHash(e.Code, &e.Events[0])
			e.Events[1].PrevHash = e.Events[0].Hash
			e.Events[1].Hash = dossier.EventHash(e.Code, &e.Events[1])
			step(&e, t0.Add(time.Hour))
			return s.Update(context.Background(), e, d.Version)
		}, dossier.ErrAppendOnly},
		{"missing dossier", func(s *Store, _ dossier.Dossier) error {
			n := newDossier("000.00.01.H12-260302-0404", t0)
			step(&n, t0.Add(time.Hour))
			return s.Update(context.Background(), n, 1)
		}, dossier.ErrNotFound},
		{"duplicate code", func(s *Store, d dossier.Dossier) error {
			return s.Create(context.Background(), newDossier(d.Code, t0.Add(time.Minute)))
		}, dossier.ErrExists},
		{"invalid dossier", func(s *Store, d dossier.Dossier) error {
			n := d.Clone()
			step(&n, t0.Add(time.Hour))
			n.Applicant.Name = "\xff"
			return s.Update(context.Background(), n, d.Version)
		}, dossier.ErrInvalidDossier},
		{"event refused by the database", func(s *Store, d dossier.Dossier) error {
			// The dossier row is written, then the events' insert fails:
			// a row already at that position.
			n := d.Clone()
			step(&n, t0.Add(time.Hour))
			ev, err := encodeEvents(n.Code, n.Events[2:], 2)
			if err != nil {
				return err
			}
			if _, err := s.w.Exec(s.q(`INSERT INTO motcua_events (`+eventColumnList+`) VALUES (`+placeholders(eventColumns)+`)`), ev[0]...); err != nil {
				return err
			}
			return s.Update(context.Background(), n, d.Version)
		}, nil},
	}
	forEach(t, func(t *testing.T, b backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s := b.open(t)
				ctx := context.Background()
				d := newDossier(code, t0)
				step(&d, t0.Add(time.Minute))
				require.NoError(t, s.Create(ctx, d))
				size, err := s.LogSize(ctx)
				require.NoError(t, err)
				require.Equal(t, int64(2), size)
				hashes := hashRows(t, s)
				err = tc.write(s, d)
				require.Error(t, err)
				if tc.want != nil {
					require.ErrorIs(t, err, tc.want)
				}
				after, err := s.LogSize(ctx)
				require.NoError(t, err)
				assert.Equal(t, size, after, "no leaf appended")
				assert.Equal(t, hashes, hashRows(t, s), "no hash stored")
			})
		}
	})
}

// TestLogAppendOnly checks that the database refuses to change or remove
// the log's rows.
func TestLogAppendOnly(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		require.NoError(t, s.Create(ctx, newDossier("H12-260302-0001", t0)))
		_, err := s.LogSize(ctx) // PostgreSQL: the leaves are in the log
		require.NoError(t, err)
		qs := []string{
			"UPDATE motcua_log SET seq = 2",
			"UPDATE motcua_log SET leaf = leaf",
			"DELETE FROM motcua_log",
			"UPDATE motcua_log_hashes SET idx = 7",
			"DELETE FROM motcua_log_hashes",
		}
		if s.pg {
			qs = append(qs, "TRUNCATE motcua_log", "TRUNCATE motcua_log_hashes")
		}
		for _, q := range qs {
			_, err := s.w.ExecContext(ctx, q)
			require.Error(t, err, q)
			assert.Contains(t, err.Error(), "append-only", q)
		}
		checkLog(t, s)
	})
}

// TestPostgresLogLock checks PostgreSQL's append lock: a transaction-level
// advisory lock keyed by the log table's OID, taken by the append and held
// to the commit, so that a second appender waits, then reads the size the
// first committed.
func TestPostgresLogLock(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	begin := func() *sql.Tx {
		tx, err := s.w.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
		require.NoError(t, err)
		return tx
	}
	tx := begin()
	defer tx.Rollback()
	a, err := s.beginAppend(ctx, tx)
	require.NoError(t, err)
	require.Zero(t, a.size)
	var held int
	require.NoError(t, s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory'
AND classid = `+pgLogLockClass+` AND objid = 'motcua_log'::regclass::oid AND objsubid = 2 AND granted`).Scan(&held))
	require.Equal(t, 1, held, "the append lock is held")
	require.NoError(t, a.add(ctx, "000.00.01.H12-260302-0001", 1, dossier.Hash{1}))
	require.NoError(t, a.flush(ctx))
	got := make(chan int64, 1)
	go func() {
		tx := begin()
		defer tx.Rollback()
		a, err := s.beginAppend(ctx, tx)
		if err != nil {
			t.Error(err)
			got <- -1
			return
		}
		got <- a.size
	}()
	select {
	case n := <-got:
		t.Fatalf("a second appender read size %d while the lock was held", n)
	case <-time.After(200 * time.Millisecond):
	}
	require.NoError(t, tx.Commit())
	assert.Equal(t, int64(1), <-got, "the second appender sees the first one's leaf")
}

// TestPostgresLogLockRoots checks the subtree roots motcua_log_lock reads
// with the size against tlog's StoredHashIndex, for every size to 300 and
// around each power of two to 2⁶²: the leaves' rows are inserted with
// dummy hashes at the roots' indexes.
func TestPostgresLogLockRoots(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	sizes := []int64{0}
	for n := int64(1); n <= 300; n++ {
		sizes = append(sizes, n)
	}
	for k := 9; k <= 61; k++ {
		sizes = append(sizes, 1<<k-1, 1<<k, 1<<k+1, 1<<k+1<<(k-1)+5)
	}
	sizes = append(sizes, 1<<62-1)
	prev := int64(-1)
	for _, n := range sizes {
		if n <= prev {
			continue
		}
		prev = n
		var want []int64
		for l := range 63 {
			if n>>l&1 == 1 {
				x := dossier.StoredHashIndex(l, n>>l-1)
				want = append(want, x)
				sqlExec(t, s, "INSERT INTO motcua_log_hashes (idx, hash) VALUES (?, ?) ON CONFLICT DO NOTHING", x, []byte(fmt.Sprint(x)))
			}
		}
		if n > 0 {
			sqlExec(t, s, "INSERT INTO motcua_log (idx, code, seq, leaf) VALUES (?, 'x', ?, '')", n-1, n)
		}
		tx, err := s.w.BeginTx(ctx, nil)
		require.NoError(t, err)
		rows, err := tx.QueryContext(ctx, s.qs.logLock)
		require.NoError(t, err)
		var got []int64
		for rows.Next() {
			var size int64
			var x sql.NullInt64
			var h []byte
			require.NoError(t, rows.Scan(&size, &x, &h))
			require.Equal(t, n, size)
			if x.Valid {
				require.Equal(t, fmt.Sprint(x.Int64), string(h))
				got = append(got, x.Int64)
			}
		}
		require.NoError(t, rows.Err())
		require.NoError(t, tx.Rollback())
		assert.ElementsMatch(t, want, got, "size %d", n)
	}
}

// TestLogEntriesByCode: the code-ordered listing Audit joins with, over
// several pages, equals the log sorted by code and sequence number.
func TestLogEntriesByCode(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		createMany(t, s, population(1500, 7))
		var want []dossier.LogEntry
		for e, err := range s.LogEntries(ctx, 0, 1<<40) {
			require.NoError(t, err)
			want = append(want, e)
		}
		require.Greater(t, len(want), 2*logPage, "several pages")
		slices.SortFunc(want, func(a, b dossier.LogEntry) int {
			if c := strings.Compare(a.Code, b.Code); c != 0 {
				return c
			}
			return cmp.Compare(a.Seq, b.Seq)
		})
		var got []dossier.LogEntry
		for e, err := range s.LogEntriesByCode(ctx) {
			require.NoError(t, err)
			got = append(got, e)
		}
		assert.Equal(t, want, got)
		rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{})
		require.NoError(t, err)
		assert.True(t, rep.Clean(), "%v", rep.Findings[:min(3, len(rep.Findings))])
		assert.Equal(t, int64(1500), rep.Dossiers)
	})
}
