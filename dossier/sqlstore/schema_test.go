package sqlstore

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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
			d := fullDossier("H12-260302-0001")
			require.NoError(t, old.Create(ctx, d))
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
