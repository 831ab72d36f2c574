package sqlstore

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// The corruption tests damage pages of a real SQLite file, as a failing
// disk or a bad copy would, and check that the store answers a
// *CorruptError, never dossier.ErrNotFound, for the dossiers it stored.

// sqliteFile writes n dossiers to a new SQLite file, checkpoints its
// write-ahead log into it and closes it. It returns the file, the dossiers
// and the page size.
func sqliteFile(t *testing.T, n int) (string, []dossier.Dossier, int64) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "motcua.db")
	s, err := Open(t.Context(), SQLite, path)
	require.NoError(t, err)
	ds := population(n, 7)
	createMany(t, s, ds)
	_, err = s.w.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	require.NoError(t, err)
	var size int64
	require.NoError(t, s.w.QueryRow("PRAGMA page_size").Scan(&size))
	require.NoError(t, s.Close())
	return path, ds, size
}

// pagesOf returns the pages of one type ("leaf", "internal") of the
// B-tree of table or index name in the SQLite file, through the dbstat
// table.
func pagesOf(t *testing.T, path, name, typ string) []int64 {
	t.Helper()
	s, err := Open(t.Context(), SQLite, path, MaxConns(1))
	require.NoError(t, err)
	defer s.Close()
	pages := column[int64](t, s.w, "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno", name, typ)
	require.NotEmpty(t, pages, "%s has no %s page", name, typ)
	return pages
}

// damagePage rewrites page p (numbered from 1) of the file with f.
func damagePage(t *testing.T, path string, pageSize, p int64, f func(page []byte)) {
	t.Helper()
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	require.NoError(t, err)
	defer file.Close()
	page := make([]byte, pageSize)
	_, err = file.ReadAt(page, (p-1)*pageSize)
	require.NoError(t, err)
	f(page)
	_, err = file.WriteAt(page, (p-1)*pageSize)
	require.NoError(t, err)
	require.NoError(t, file.Close())
}

// garble overwrites the page after its 8-byte header with a pattern: cell
// pointers and cells point nowhere.
func garble(page []byte) {
	for i := 8; i < len(page); i++ {
		page[i] = byte(i * 7)
	}
}

// renameCodes changes one digit of every dossier code on the page: the
// page stays well formed, SQLite's quick_check passes it, and lookups of
// those codes miss (the store answered "not found" before).
func renameCodes(page []byte) {
	for i := 0; i+25 <= len(page); i++ {
		if string(page[i:i+4]) == "000." && page[i+13] == '-' && page[i+20] == '-' {
			page[i+22] = '9'
		}
	}
}

func TestCorruptFile(t *testing.T) {
	cases := []struct {
		name, tree, pageType string
		damage               func([]byte)
	}{
		{"garbage in a dossiers leaf page", "motcua_dossiers", "leaf", garble},
		{"codes changed in a dossiers leaf page", "motcua_dossiers", "leaf", renameCodes},
		{"garbage in a dossiers interior page", "motcua_dossiers", "internal", garble},
		{"keys changed in a dossiers interior page", "motcua_dossiers", "internal", renameCodes},
		{"garbage in an events leaf page", "motcua_events", "leaf", garble},
		{"codes changed in an events leaf page", "motcua_events", "leaf", renameCodes},
		{"garbage in an events interior page", "motcua_events", "internal", garble},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx := t.Context()
			path, ds, pageSize := sqliteFile(t, 600)
			pages := pagesOf(t, path, tc.tree, tc.pageType)
			damagePage(t, path, pageSize, pages[len(pages)/2], tc.damage)

			s, err := Open(ctx, SQLite, path)
			require.NoError(t, err)
			defer s.Close()

			// Get: the dossier, or a typed corruption error; never not found.
			var bad []string
			byCode := map[string]dossier.Dossier{}
			for _, d := range ds {
				byCode[d.Code] = d
				_, err := s.Get(ctx, d.Code)
				if err == nil {
					continue
				}
				require.NotErrorIs(t, err, dossier.ErrNotFound, d.Code)
				require.ErrorIs(t, err, ErrCorrupt, d.Code)
				var ce *CorruptError
				require.ErrorAs(t, err, &ce)
				assert.Equal(t, d.Code, ce.Code)
				bad = append(bad, d.Code)
			}
			require.NotEmpty(t, bad, "the damage reached no dossier")

			// A code never stored is still not found.
			_, err = s.Get(ctx, "999.99.99.H99-990101-0001")
			require.ErrorIs(t, err, dossier.ErrNotFound)

			// Update of a damaged dossier: never not found; corrupt when its
			// row is damaged (a write checks the row's version and trail
			// digest, not the event rows, which it only appends to).
			d := byCode[bad[0]]
			step(&d, d.Events[len(d.Events)-1].At.Add(time.Hour))
			err = s.Update(ctx, d, d.Version-1)
			require.NotErrorIs(t, err, dossier.ErrNotFound)
			if tc.tree == "motcua_dossiers" {
				require.ErrorIs(t, err, ErrCorrupt)
			} else if err != nil {
				require.ErrorIs(t, err, ErrCorrupt)
			}

			// List: every dossier, or a typed corruption error.
			n := 0
			var listErr error
			for _, err := range s.List(ctx, dossier.Filter{}) {
				if err != nil {
					listErr = err
					break
				}
				n++
			}
			if listErr == nil {
				assert.Equal(t, len(ds), n, "a listing without an error has every dossier")
			} else {
				require.ErrorIs(t, listErr, ErrCorrupt)
			}

			// Check: every dossier that does not read is named.
			rep, err := s.Check(ctx, CheckOptions{})
			require.NoError(t, err)
			require.False(t, rep.Clean())
			named := map[string]FindingKind{}
			for _, f := range rep.Findings {
				require.ErrorIs(t, f.Err, ErrCorrupt, "%v", f)
				if f.Code != "" {
					named[f.Code] = f.Kind
				}
			}
			for _, code := range bad {
				assert.Contains(t, []FindingKind{FindingRow, FindingMissing}, named[code], "%s not reported: %v", code, rep.Findings)
			}
			assert.Equal(t, "sqlite integrity_check", rep.Database)
			assert.Less(t, rep.Dossiers, int64(len(ds)))
		})
	}
}

// TestCorruptHeader: a file that is not a database any more.
func TestCorruptHeader(t *testing.T) {
	path, _, pageSize := sqliteFile(t, 10)
	damagePage(t, path, pageSize, 1, func(p []byte) { copy(p, "not a database!\x00") })
	_, err := Open(t.Context(), SQLite, path)
	require.ErrorIs(t, err, ErrCorrupt)
	var ce *CorruptError
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, ce.Error(), "database corrupt")
}

// TestCorruptErrorText: the message says where, and unwraps to the
// sentinel and the cause.
func TestCorruptErrorText(t *testing.T) {
	cause := errors.New("database disk image is malformed (11)")
	cases := []struct {
		name string
		err  *CorruptError
		want string
	}{
		{"column", &CorruptError{Code: "C1", Column: "status", Err: cause}, "sqlstore: dossier C1: column status: " + cause.Error()},
		{"operation and code", &CorruptError{Code: "C1", Op: "get", Err: cause}, "sqlstore: get C1: database corrupt: " + cause.Error()},
		{"code", &CorruptError{Code: "C1", Err: cause}, "sqlstore: dossier C1: database corrupt: " + cause.Error()},
		{"operation", &CorruptError{Op: "list", Err: cause}, "sqlstore: list: database corrupt: " + cause.Error()},
		{"nothing else", &CorruptError{Err: cause}, "sqlstore: database corrupt: " + cause.Error()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, tc.err.Error())
			assert.ErrorIs(t, tc.err, ErrCorrupt)
			assert.ErrorIs(t, tc.err, cause)
		})
	}
}
