package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

func TestMigrations(t *testing.T) {
	for i, m := range migrations {
		require.Equal(t, i+1, m.version, "migrations are numbered 1, 2, 3...")
		require.True(t, len(m.sqlite)+len(m.pg) > 0 || m.run != nil, "migration %d does something", m.version)
	}
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		t.Run("fresh database", func(t *testing.T) {
			s := b.open(t)
			v, err := s.Version(ctx)
			require.NoError(t, err)
			assert.Equal(t, SchemaVersion(), v)
			require.NoError(t, s.Migrate(ctx), "migrating again does nothing")
			var n int
			require.NoError(t, s.r.QueryRow("SELECT COUNT(*) FROM motcua_schema_migrations").Scan(&n))
			assert.Equal(t, SchemaVersion(), n)
		})
		t.Run("empty database", func(t *testing.T) {
			driver, dsn := b.dsn(t)
			s, err := open(ctx, driver, dsn, nil)
			require.NoError(t, err)
			defer s.Close()
			v, err := s.Version(ctx)
			require.NoError(t, err)
			assert.Equal(t, 0, v)
		})
		t.Run("older schema migrates on open", func(t *testing.T) {
			driver, dsn := b.dsn(t)
			old, err := open(ctx, driver, dsn, nil)
			require.NoError(t, err)
			require.NoError(t, old.migrateTo(ctx, 1))
			v, err := old.Version(ctx)
			require.NoError(t, err)
			require.Equal(t, 1, v)
			// Write a dossier as the code of schema 1 did: no trail digest.
			d := fullDossier("H12-260302-0001")
			row, err := encodeDossier(&d)
			require.NoError(t, err)
			evs, err := encodeEvents(d.Code, d.Events, 0)
			require.NoError(t, err)
			cols := dossierColumns[:columnsAt(1)]
			require.NoError(t, old.inTx(ctx, "old create", "", func(tx *sql.Tx) error {
				q := "INSERT INTO motcua_dossiers (" + strings.Join(cols, ", ") + ") VALUES (" + placeholders(len(cols)) + ")"
				if _, err := tx.ExecContext(ctx, old.q(q), row[:len(cols)]...); err != nil {
					return err
				}
				return old.insertEvents(ctx, tx, evs)
			}))
			code, err := old.NextCode(ctx, "H12", t0)
			require.NoError(t, err)
			require.Equal(t, "H12-260302-0001", code)
			require.NoError(t, old.Close())

			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			defer s.Close()
			v, err = s.Version(ctx)
			require.NoError(t, err)
			assert.Equal(t, SchemaVersion(), v)
			got, err := s.Get(ctx, d.Code)
			require.NoError(t, err)
			assert.Equal(t, d, got)
			code, err = s.NextCode(ctx, "H12", t0)
			require.NoError(t, err)
			assert.Equal(t, "H12-260302-0002", code, "sequences survive the migration")
			// A row written before the trail digest existed updates through
			// the event-by-event check, then takes the fast path.
			stale := got.Clone()
			stale.Events[0].Hash[0] ^= 1
			step(&stale, t0.Add(9*time.Hour))
			require.ErrorIs(t, s.Update(ctx, stale, got.Version), dossier.ErrAppendOnly)
			for range 2 {
				next := got.Clone()
				step(&next, t0.Add(9*time.Hour))
				require.NoError(t, s.Update(ctx, next, got.Version))
				got, err = s.Get(ctx, d.Code)
				require.NoError(t, err)
				assert.Equal(t, next, got)
			}
			_, err = s.w.ExecContext(ctx, "DELETE FROM motcua_events")
			require.Error(t, err, "migration 3's triggers are in place")
		})
		t.Run("newer schema is refused", func(t *testing.T) {
			driver, dsn := b.dsn(t)
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			_, err = s.w.ExecContext(ctx, s.q("INSERT INTO motcua_schema_migrations (version, name, applied_at) VALUES (?, 'from the future', 'x')"), SchemaVersion()+1)
			require.NoError(t, err)
			require.NoError(t, s.Close())
			_, err = Open(ctx, driver, dsn)
			require.ErrorIs(t, err, ErrSchema)
			var se *SchemaError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, SchemaVersion()+1, se.Found)
			assert.Equal(t, SchemaVersion(), se.Known)
		})
		t.Run("gap in the records is refused", func(t *testing.T) {
			driver, dsn := b.dsn(t)
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			_, err = s.w.ExecContext(ctx, "DELETE FROM motcua_schema_migrations WHERE version = 2")
			require.NoError(t, err)
			require.NoError(t, s.Close())
			_, err = Open(ctx, driver, dsn)
			require.ErrorIs(t, err, ErrSchema)
		})
		t.Run("concurrent opens", func(t *testing.T) {
			driver, dsn := b.dsn(t)
			var wg sync.WaitGroup
			errs := make([]error, 4)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					s, err := Open(ctx, driver, dsn)
					if err == nil {
						_, err = s.NextCode(ctx, "H12", t0)
						s.Close()
					}
					errs[i] = err
				}()
			}
			wg.Wait()
			for _, err := range errs {
				require.NoError(t, err)
			}
			s, err := Open(ctx, driver, dsn)
			require.NoError(t, err)
			defer s.Close()
			code, err := s.NextCode(ctx, "H12", t0)
			require.NoError(t, err)
			assert.Equal(t, "H12-260302-0005", code)
		})
	})
}

// TestLogBackfill builds a database at schema 4, before the log, fills it,
// and opens it with the current code: migration 5 makes every stored event
// a leaf, once, ordered by time, dossier code and sequence number, and the
// stored tree is the tree of those leaves.
func TestLogBackfill(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		old, driver, dsn := openAt(t, b, 4)
		ds := population(1500, 11) // about 4,000 events: several pages
		// Ties on time: two dossiers submitted at the same instant, in
		// reverse code order; a dossier whose events share an instant;
		// events without a time (sorted first).
		late := t0.AddDate(1, 0, 0)
		ds = append(ds, newDossier("000.00.01.H12-270302-0002", late), newDossier("000.00.01.H12-270302-0001", late))
		same := newDossier("000.00.01.H12-270302-0003", late)
		step(&same, late)
		step(&same, late)
		untimed := newDossier("000.00.01.H12-270302-0004", late)
		step(&untimed, late)
		untimed.Events[0].At, untimed.Events[1].At = time.Time{}, time.Time{}
		ds = append(ds, same, untimed)
		insertMany(t, old, ds, false)
		require.NoError(t, old.Close())

		// The order the backfill promises, computed here.
		type ev struct {
			at        time.Time
			code      string
			seq       uint64
			leaf      dossier.Hash
			withoutAt bool
		}
		var want []ev
		for _, d := range ds {
			for _, e := range d.Events {
				want = append(want, ev{e.At, d.Code, e.Seq, dossier.LeafHash(&e), e.At.IsZero()})
			}
		}
		slices.SortFunc(want, func(a, b ev) int {
			if a.withoutAt != b.withoutAt {
				if a.withoutAt {
					return -1
				}
				return 1
			}
			return cmp.Or(a.at.Compare(b.at), strings.Compare(a.code, b.code), cmp.Compare(a.seq, b.seq))
		})
		var mem dossier.MemLog
		for _, e := range want {
			_, err := mem.Append(e.leaf)
			require.NoError(t, err)
		}

		s := openMigrated(t, driver, dsn)
		size, err := s.LogSize(ctx)
		require.NoError(t, err)
		require.Equal(t, int64(len(want)), size, "every event once")
		i := 0
		for e, err := range s.LogEntries(ctx, 0, size) {
			require.NoError(t, err)
			w := want[i]
			require.Equal(t, int64(i), e.Index)
			require.Equal(t, fmt.Sprint(w.code, " #", w.seq), fmt.Sprint(e.Code, " #", e.Seq), "entry %d", i)
			require.Equal(t, w.leaf, e.Leaf)
			i++
		}
		require.Equal(t, len(want), i)
		assert.Equal(t, logged{untimed.Code, 1}, logged{want[0].code, want[0].seq}, "events without a time first")
		memRoot, err := dossier.TreeHash(ctx, size, &mem)
		require.NoError(t, err)
		root, err := dossier.TreeHash(ctx, size, s)
		require.NoError(t, err)
		assert.Equal(t, memRoot, root, "the stored tree is the tree of the leaves in that order")
		checkLog(t, s)

		// Appends continue after the backfilled leaves.
		d, err := s.Get(ctx, ds[0].Code)
		require.NoError(t, err)
		next := d.Clone()
		step(&next, next.Events[len(next.Events)-1].At.Add(time.Hour))
		require.NoError(t, s.Update(ctx, next, d.Version))
		order := checkLog(t, s)
		assert.Equal(t, logged{d.Code, uint64(next.Version)}, order[len(order)-1])
		_, err = s.w.ExecContext(ctx, "DELETE FROM motcua_log")
		require.Error(t, err, "migration 5's triggers are in place")
		_, err = mem.Append(dossier.LeafHash(&next.Events[len(next.Events)-1]))
		require.NoError(t, err)
		memRoot, err = dossier.TreeHash(ctx, size+1, &mem)
		require.NoError(t, err)
		root, err = dossier.TreeHash(ctx, size+1, s)
		require.NoError(t, err)
		assert.Equal(t, memRoot, root)
	})
}

// TestMigrateLogQueue builds a database at schema 10 with its log (SQLite
// appended in the events' transaction then) and opens it with the current
// code: the log stays as it was, the queue starts empty, and the writes
// after the migration queue their leaves and extend the same log.
func TestMigrateLogQueue(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		old, driver, dsn := openAt(t, b, 10)
		insertMany(t, old, population(300, 5), true)
		var before []logged
		rows, err := old.r.QueryContext(ctx, "SELECT code, seq FROM motcua_log ORDER BY idx")
		require.NoError(t, err)
		for rows.Next() {
			var l logged
			require.NoError(t, rows.Scan(&l.code, &l.seq))
			before = append(before, l)
		}
		require.NoError(t, closeRows(rows))
		require.Equal(t, tableRows(t, old, "motcua_events"), int64(len(before)))
		require.NoError(t, old.Close())

		s := openMigrated(t, driver, dsn)
		assert.Zero(t, pendingRows(t, s), "the queue starts empty")
		assert.Equal(t, before, checkLog(t, s), "the log as it was")
		writeSome(t, s, "000.00.09.H12", 3)
		after := checkLog(t, s)
		require.Greater(t, len(after), len(before))
		assert.Equal(t, before, after[:len(before)], "the writes extend the same log")
		assert.Equal(t, tableRows(t, s, "motcua_events"), int64(len(after)))
		rep := audit(t, s, dossier.AuditOptions{})
		assert.True(t, rep.Clean(), "%v", rep.Findings)
	})
}

// openAt opens a fresh database of b migrated to schema version (and no
// further), and returns it with its driver and data source name.
func openAt(t *testing.T, b backend, version int) (*Store, string, string) {
	t.Helper()
	ctx := context.Background()
	driver, dsn := b.dsn(t)
	s, err := open(ctx, driver, dsn, nil)
	require.NoError(t, err)
	require.NoError(t, s.migrateTo(ctx, version))
	return s, driver, dsn
}

// openMigrated opens the database with [Open], which migrates it, checks
// that it is at [SchemaVersion], and closes it after the test.
func openMigrated(t *testing.T, driver, dsn string) *Store {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	v, err := s.Version(ctx)
	require.NoError(t, err)
	require.Equal(t, SchemaVersion(), v)
	return s
}
