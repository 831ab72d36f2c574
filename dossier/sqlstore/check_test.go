package sqlstore

import (
	"encoding"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testenv"
)

// TestCheck edits rows by SQL on both databases and checks that
// Store.Check names each dossier concerned, with a typed error.
func TestCheck(t *testing.T) {
	cases := []struct {
		name string
		// edit damages the dossier code of s and returns what Check finds.
		edit               func(t *testing.T, s *Store, code string)
		kind               FindingKind
		column             string // the CorruptError's column, if any
		is                 error  // what the finding's error wraps
		pgOnly, sqliteOnly bool   // the edit is possible on one database only
	}{
		{name: "clean"},
		{name: "unknown status", kind: FindingRow, column: "status", is: ErrCorrupt,
			edit: func(t *testing.T, s *Store, code string) {
				sqlExec(t, s, "UPDATE motcua_dossiers SET status = 'bogus' WHERE code = ?", code)
			}},
		{name: "text in an integer column", kind: FindingRow, is: ErrCorrupt, sqliteOnly: true,
			edit: func(t *testing.T, s *Store, code string) {
				sqlExec(t, s, "UPDATE motcua_dossiers SET deadline_n = 'ba' WHERE code = ?", code)
			}},
		{name: "body not JSON", kind: FindingRow, column: "body", is: ErrCorrupt,
			edit: func(t *testing.T, s *Store, code string) {
				sqlExec(t, s, "UPDATE motcua_dossiers SET body = '{' WHERE code = ?", code)
			}},
		{name: "field edited outside the trail", kind: FindingTrail, is: dossier.ErrTampered,
			edit: func(t *testing.T, s *Store, code string) {
				sqlExec(t, s, "UPDATE motcua_dossiers SET applicant_name = 'Trần Thị Bình' WHERE code = ?", code)
			}},
		{name: "event edited", kind: FindingTrail, is: dossier.ErrTampered,
			edit: func(t *testing.T, s *Store, code string) {
				unguard(t, s, "motcua_events")
				sqlExec(t, s, "UPDATE motcua_events SET reason = 'sửa' WHERE code = ? AND pos = 1", code)
			}},
		{name: "dossier row deleted", kind: FindingMissing, is: ErrCorrupt,
			edit: func(t *testing.T, s *Store, code string) {
				if s.pg {
					sqlExec(t, s, "ALTER TABLE motcua_events DROP CONSTRAINT motcua_events_code_fkey")
				} else {
					sqlExec(t, s, "PRAGMA foreign_keys = OFF") // the writer's one connection
				}
				sqlExec(t, s, "DELETE FROM motcua_dossiers WHERE code = ?", code)
			}},
	}
	forEach(t, func(t *testing.T, b backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				if (tc.pgOnly && b.name != "postgres") || (tc.sqliteOnly && b.name != "sqlite") {
					t.Skip("not possible on " + b.name)
				}
				ctx := t.Context()
				s := b.open(t)
				ds := population(30, 3)
				createMany(t, s, ds)
				var events int64
				for _, d := range ds {
					events += int64(len(d.Events))
				}
				code := ds[17].Code
				if tc.edit != nil {
					tc.edit(t, s, code)
				}
				rep, err := s.Check(ctx, CheckOptions{})
				require.NoError(t, err)
				if b.name == "sqlite" {
					assert.Equal(t, "sqlite integrity_check", rep.Database)
				}
				if tc.edit == nil {
					assert.True(t, rep.Clean(), "%v", rep.Findings)
					assert.Equal(t, int64(len(ds)), rep.Dossiers)
					assert.Equal(t, events, rep.Events)
					return
				}
				require.Len(t, rep.Findings, 1, "%v", rep.Findings)
				f := rep.Findings[0]
				assert.Equal(t, tc.kind, f.Kind, f.String())
				assert.Equal(t, code, f.Code)
				require.ErrorIs(t, f.Err, tc.is)
				if tc.column != "" {
					var ce *CorruptError
					require.ErrorAs(t, f.Err, &ce)
					assert.Equal(t, tc.column, ce.Column)
				}
				if tc.kind != FindingTrail {
					// Reading it says the same, never not found.
					_, err := s.Get(ctx, code)
					require.ErrorIs(t, err, ErrCorrupt)
					require.NotErrorIs(t, err, dossier.ErrNotFound)
					assert.Equal(t, int64(len(ds)-1), rep.Dossiers, "the others read")
				}
				if tc.kind == FindingMissing {
					// So does writing it.
					d := ds[17]
					step(&d, d.Events[len(d.Events)-1].At.Add(time.Hour))
					err := s.Update(ctx, d, d.Version-1)
					require.ErrorIs(t, err, ErrCorrupt)
					require.NotErrorIs(t, err, dossier.ErrNotFound)
				}
			})
		}
	})
}

// TestCheckOptions: quick_check, and the bound on findings.
func TestCheckOptions(t *testing.T) {
	s := backends[0].open(t)
	ctx := t.Context()
	ds := population(20, 5)
	createMany(t, s, ds)
	for _, d := range ds[:5] {
		sqlExec(t, s, "UPDATE motcua_dossiers SET status = 'bogus' WHERE code = ?", d.Code)
	}
	cases := []struct {
		name      string
		opt       CheckOptions
		database  string
		findings  int
		truncated bool
	}{
		{"full", CheckOptions{}, "sqlite integrity_check", 5, false},
		{"quick", CheckOptions{Quick: true}, "sqlite quick_check", 5, false},
		{"at most 2", CheckOptions{MaxFindings: 2}, "sqlite integrity_check", 2, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := s.Check(ctx, tc.opt)
			require.NoError(t, err)
			assert.Equal(t, tc.database, rep.Database)
			assert.Len(t, rep.Findings, tc.findings)
			assert.Equal(t, tc.truncated, rep.Truncated)
			assert.False(t, rep.Clean())
		})
	}
	t.Run("negative bound", func(t *testing.T) {
		_, err := s.Check(ctx, CheckOptions{MaxFindings: -1})
		require.ErrorIs(t, err, ErrOption)
	})
	t.Run("closed", func(t *testing.T) {
		c := backends[0].open(t)
		require.NoError(t, c.Close())
		_, err := c.Check(ctx, CheckOptions{})
		require.ErrorIs(t, err, ErrClosed)
	})
}

// TestCheckAmcheck runs PostgreSQL's amcheck when the server has it
// (Debian's postgresql package ships it); the test installs the extension
// in its own schema.
func TestCheckAmcheck(t *testing.T) {
	s := backends[1].open(t)
	ctx := t.Context()
	if _, err := s.w.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS amcheck"); err != nil {
		if testenv.InCI() {
			t.Fatalf("amcheck: %v", err)
		}
		t.Skipf("amcheck cannot be installed: %v", err)
	}
	t.Cleanup(func() { _, _ = s.w.Exec("DROP EXTENSION IF EXISTS amcheck") })
	createMany(t, s, population(50, 9))
	rep, err := s.Check(ctx, CheckOptions{})
	require.NoError(t, err)
	assert.Equal(t, "postgres amcheck", rep.Database)
	assert.True(t, rep.Clean(), "%v", rep.Findings)
	assert.Equal(t, int64(50), rep.Dossiers)
}

func TestFindingKindText(t *testing.T) {
	cases := []struct {
		kind   FindingKind
		text   string
		vi, en string
	}{
		{FindingDatabase, "database", "Cơ sở dữ liệu bị hỏng", "Database damaged"},
		{FindingRow, "row", "Không đọc được hồ sơ", "Dossier unreadable"},
		{FindingTrail, "trail", "Hồ sơ không khớp quá trình xử lý", "Dossier does not verify"},
		{FindingMissing, "missing", "Thiếu hồ sơ", "Dossier missing"},
	}
	for _, tc := range cases {
		t.Run(tc.text, func(t *testing.T) {
			assert.Equal(t, tc.text, tc.kind.String())
			assert.Equal(t, tc.vi, tc.kind.Label("vi"))
			assert.Equal(t, tc.vi, tc.kind.Label(""), "Vietnamese by default")
			assert.Equal(t, tc.en, tc.kind.Label("en"))
			assert.Equal(t, tc.en, tc.kind.Label("EN-us"))
			b, err := tc.kind.MarshalText()
			require.NoError(t, err)
			var k FindingKind
			require.NoError(t, k.UnmarshalText(b))
			assert.Equal(t, tc.kind, k)
		})
	}
	t.Run("unknown", func(t *testing.T) {
		assert.Equal(t, "unknown", FindingUnknown.String())
		assert.Equal(t, "FindingKind(9)", FindingKind(9).String())
		assert.Equal(t, "Không rõ", FindingUnknown.Label("vi"))
		assert.Equal(t, "Unknown", FindingUnknown.Label("en"))
		assert.Equal(t, "FindingKind(9)", FindingKind(9).Label("vi"))
		_, err := FindingKind(0).MarshalText()
		require.Error(t, err)
		var k FindingKind
		require.Error(t, k.UnmarshalText([]byte("nope")))
		require.Error(t, k.UnmarshalText(nil))
	})
	var _ encoding.TextMarshaler = FindingRow
	f := Finding{Kind: FindingRow, Code: "C", Err: errors.New("x")}
	assert.Equal(t, "row C: x", f.String())
}
