package sqlstore

import (
	"context"
	"database/sql"
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
		require.NotEmpty(t, m.sqlite)
		require.NotEmpty(t, m.pg)
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
			cols := dossierColumns[:len(dossierColumns)-1]
			require.NoError(t, old.inTx(ctx, "old create", func(tx *sql.Tx) error {
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
