package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/vntime"
)

// fullDossier sets every field, with nil and empty told apart where the
// store must keep the difference.
func fullDossier(code string) dossier.Dossier {
	d := newDossier(code, t0)
	d.ProcedureVersion = vntime.Date(2025, time.July, 1)
	d.Applicant = dossier.Applicant{Name: "Công ty TNHH Bình Minh", TaxCode: "0312345678", Phone: "02838123456",
		Email: "lienhe@binhminh.vn", Address: "12 Lê Lợi, phường Sài Gòn, TP. Hồ Chí Minh"}
	d.FormData = map[string]any{
		"owners":  []any{map[string]any{"name": "Trần Thị Bình", "share": 60.0}, map[string]any{"name": "Lê Văn Cường", "share": 40.0}},
		"capital": 2500000000.0, "agree": true, "note": nil, "empty": map[string]any{}, "none": []any{},
	}
	d.Attachments = append(d.Attachments, dossier.Attachment{Name: "Điều lệ", MediaType: "application/pdf", Size: 1, SHA256: "00"})
	d.FeeQuote = &dossier.FeeQuote{Total: fees.Money(100000), Lines: []dossier.FeeLine{}}
	d.Payment = &dossier.Payment{Amount: 100000, Method: "counter", Reference: "BL-0001", PaidAt: t0.Add(time.Hour + 17)}
	d.Deadline = dossier.Deadline{N: 16, Unit: catalog.WorkingHours}
	d.CutOff, d.RestartOnSupplement, d.Apologies = 15*60, true, 2
	step(&d, t0.Add(2*time.Hour))
	d.PausedAt = t0.Add(3 * time.Hour)
	step(&d, t0.Add(4*time.Hour))
	step(&d, t0.Add(5*time.Hour))
	step(&d, t0.Add(6*time.Hour))
	return d
}

func TestRoundTrip(t *testing.T) {
	cases := []struct {
		name string
		edit func(d *dossier.Dossier)
	}{
		{"every field", func(*dossier.Dossier) {}},
		{"nil collections", func(d *dossier.Dossier) {
			d.Units, d.FormData, d.Attachments, d.FeeQuote, d.Payment = nil, nil, nil, nil, nil
		}},
		{"empty collections", func(d *dossier.Dossier) {
			d.Units, d.FormData, d.Attachments = []string{}, map[string]any{}, []dossier.Attachment{}
			d.FeeQuote = &dossier.FeeQuote{}
			d.Payment = &dossier.Payment{}
		}},
		{"zero times", func(d *dossier.Dossier) {
			d.ProcedureVersion, d.ReceivedAt, d.DueAt, d.PausedAt, d.SettledAt, d.ClosedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
		}},
	}
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		for i, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				d := fullDossier(fmt.Sprintf("000.00.01.H12-260302-%04d", i+1))
				tc.edit(&d)
				require.NoError(t, s.Create(ctx, d))
				got, err := s.Get(ctx, d.Code)
				require.NoError(t, err)
				assert.Equal(t, d, got)
				// The cases edit fields behind the trail's back (to store
				// every value): the trail survives, and what Verify finds
				// of the fields is the same before and after the store.
				require.NoError(t, dossier.VerifyTrail(got.Code, got.Events))
				assert.Equal(t, d.Verify(), got.Verify())
				var listed []dossier.Dossier
				for l, err := range s.List(ctx, dossier.Filter{After: fmt.Sprintf("000.00.01.H12-260302-%04d", i), Limit: 1}) {
					require.NoError(t, err)
					listed = append(listed, l)
				}
				require.Len(t, listed, 1)
				assert.Equal(t, d, listed[0])
			})
		}
	})
}

func TestCreate(t *testing.T) {
	okCode := "000.00.01.H12-260302-0001"
	cases := []struct {
		name string
		edit func(d *dossier.Dossier)
		want error
	}{
		{"duplicate code", func(*dossier.Dossier) {}, dossier.ErrExists},
		{"empty code", func(d *dossier.Dossier) { d.Code = "" }, dossier.ErrInvalidDossier},
		{"version ahead of events", func(d *dossier.Dossier) { d.Version = 2 }, dossier.ErrInvalidDossier},
		{"unknown status", func(d *dossier.Dossier) { d.Code, d.Status = "X-1", dossier.Status(99) }, dossier.ErrInvalidDossier},
		{"unknown level", func(d *dossier.Dossier) { d.Code, d.Level = "X-2", catalog.Level(42) }, dossier.ErrInvalidDossier},
		{"unknown event action", func(d *dossier.Dossier) { d.Code, d.Events[0].Action = "X-3", dossier.Action(200) }, dossier.ErrInvalidDossier},
		{"time out of range", func(d *dossier.Dossier) { d.Code, d.DueAt = "X-4", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC) }, dossier.ErrInvalidDossier},
		{"event time out of range", func(d *dossier.Dossier) { d.Code, d.Events[0].At = "X-5", time.Date(1, 2, 3, 0, 0, 0, 0, time.UTC) }, dossier.ErrInvalidDossier},
		{"form data not JSON", func(d *dossier.Dossier) { d.Code, d.FormData = "X-6", map[string]any{"f": func() {}} }, dossier.ErrInvalidDossier},
		{"NaN in form data", func(d *dossier.Dossier) { d.Code, d.FormData = "X-7", map[string]any{"f": math.NaN()} }, dossier.ErrInvalidDossier},
		{"invalid UTF-8 name", func(d *dossier.Dossier) { d.Code, d.Applicant.Name = "X-9", "\xc3" }, dossier.ErrInvalidDossier},
		{"NUL in reason", func(d *dossier.Dossier) { d.Code, d.Events[0].Reason = "X-10", "a\x00b" }, dossier.ErrInvalidDossier},
		{"invalid UTF-8 in form data", func(d *dossier.Dossier) { d.Code, d.FormData = "X-11", map[string]any{"a": []any{"\xff"}} }, dossier.ErrInvalidDossier},
		{"invalid UTF-8 in event data", func(d *dossier.Dossier) {
			d.Code, d.Events[0].Data = "X-12", dossier.NewEventData(map[string]string{"k": "\xff"})
		}, dossier.ErrInvalidDossier},
		{"huge sequence number", func(d *dossier.Dossier) { d.Code, d.Events[0].Seq = "X-8", math.MaxUint64 }, dossier.ErrInvalidDossier},
	}
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		orig := newDossier(okCode, t0)
		require.NoError(t, s.Create(ctx, orig))
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				d := newDossier(okCode, t0.Add(time.Minute))
				d.Applicant.Name = "someone else"
				tc.edit(&d)
				err := s.Create(ctx, d)
				require.ErrorIs(t, err, tc.want)
				if d.Code != "" && d.Code != okCode {
					_, err := s.Get(ctx, d.Code)
					require.ErrorIs(t, err, dossier.ErrNotFound, "nothing stored")
				}
			})
		}
		got, err := s.Get(ctx, okCode)
		require.NoError(t, err)
		assert.Equal(t, orig, got, "the first dossier is untouched")
		assert.Equal(t, 1, count(t, s, dossier.Filter{}))
		assert.Equal(t, int64(1), eventRows(t, s), "no stray event rows")
	})
}

func count(t testing.TB, s dossier.Store, f dossier.Filter) int {
	t.Helper()
	n := 0
	for _, err := range s.List(context.Background(), f) {
		require.NoError(t, err)
		n++
	}
	return n
}

func eventRows(t testing.TB, s *Store) int64 { return tableRows(t, s, "motcua_events") }

// tableRows counts the rows of a table.
func tableRows(t testing.TB, s *Store, table string) int64 {
	t.Helper()
	var n int64
	require.NoError(t, s.r.QueryRow("SELECT COUNT(*) FROM "+table).Scan(&n))
	return n
}

func TestGetMissing(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		_, err := s.Get(context.Background(), "000.00.01.H12-260302-0009")
		require.ErrorIs(t, err, dossier.ErrNotFound)
	})
}

func TestUpdate(t *testing.T) {
	code := "000.00.01.H12-260302-0001"
	cases := []struct {
		name     string
		make     func(stored dossier.Dossier) (dossier.Dossier, int64)
		want     error
		wantAlso error
	}{
		{"one event", func(d dossier.Dossier) (dossier.Dossier, int64) { step(&d, t0.Add(time.Hour)); return d, 2 }, nil, nil},
		{"three events at once", func(d dossier.Dossier) (dossier.Dossier, int64) {
			for i := range 3 {
				step(&d, t0.Add(time.Duration(i+2)*time.Hour))
			}
			return d, 2
		}, nil, nil},
		{"stale version", func(d dossier.Dossier) (dossier.Dossier, int64) {
			d.Events, d.Version = d.Events[:1], 1
			step(&d, t0.Add(time.Hour))
			return d, 1
		}, dossier.ErrConflict, nil},
		{"version from the future", func(d dossier.Dossier) (dossier.Dossier, int64) { step(&d, t0.Add(time.Hour)); return d, 7 }, dossier.ErrInvalidDossier, nil},
		{"version not bumped", func(d dossier.Dossier) (dossier.Dossier, int64) { d.Applicant.Name = "x"; return d, d.Version }, dossier.ErrInvalidDossier, nil},
		{"version not the event count", func(d dossier.Dossier) (dossier.Dossier, int64) {
			step(&d, t0.Add(time.Hour))
			d.Version++
			return d, 2
		}, dossier.ErrInvalidDossier, nil},
		{"negative expected version", func(d dossier.Dossier) (dossier.Dossier, int64) { return d, -1 }, dossier.ErrInvalidDossier, nil},
		{"stored event edited", func(d dossier.Dossier) (dossier.Dossier, int64) {
			d.Events[0].Hash[0] ^= 1
			step(&d, t0.Add(time.Hour))
			return d, 2
		}, dossier.ErrInvalidDossier, dossier.ErrAppendOnly},
		{"stored event renumbered", func(d dossier.Dossier) (dossier.Dossier, int64) {
			d.Events[1].Seq = 9
			step(&d, t0.Add(time.Hour))
			return d, 2
		}, dossier.ErrInvalidDossier, dossier.ErrAppendOnly},
		{"missing dossier", func(d dossier.Dossier) (dossier.Dossier, int64) {
			n := newDossier("000.00.01.H12-260302-0404", t0)
			step(&n, t0.Add(time.Hour))
			return n, 1
		}, dossier.ErrNotFound, nil},
		{"bad status", func(d dossier.Dossier) (dossier.Dossier, int64) {
			step(&d, t0.Add(time.Hour))
			d.Status = dossier.Status(77)
			return d, 2
		}, dossier.ErrInvalidDossier, nil},
	}
	forEach(t, func(t *testing.T, b backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s := b.open(t)
				ctx := context.Background()
				d := newDossier(code, t0)
				step(&d, t0.Add(time.Minute))
				require.NoError(t, s.Create(ctx, d))
				before := eventRows(t, s)
				next, expected := tc.make(d.Clone())
				err := s.Update(ctx, next, expected)
				got, gerr := s.Get(ctx, code)
				require.NoError(t, gerr)
				if tc.want == nil {
					require.NoError(t, err)
					assert.Equal(t, next, got)
					require.NoError(t, got.Verify())
					assert.Equal(t, before+next.Version-expected, eventRows(t, s))
					return
				}
				require.ErrorIs(t, err, tc.want)
				if tc.wantAlso != nil {
					require.ErrorIs(t, err, tc.wantAlso)
				}
				assert.Equal(t, d, got, "nothing written")
				assert.Equal(t, before, eventRows(t, s), "no event written")
			})
		}
	})
}

// TestConcurrentUpdates has many goroutines race to update one dossier:
// exactly one wins each version, the losers get ErrConflict, nothing is
// lost and the trail verifies.
func TestConcurrentUpdates(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		code := "000.00.01.H12-260302-0001"
		require.NoError(t, s.Create(ctx, newDossier(code, t0)))
		const workers, tries = 8, 25
		var mu sync.Mutex
		winners := map[int64]int{} // version written -> worker
		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range tries {
					d, err := s.Get(ctx, code)
					if err != nil {
						errs <- err
						return
					}
					v := d.Version
					step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
					err = s.Update(ctx, d, v)
					switch {
					case err == nil:
						mu.Lock()
						if prev, ok := winners[d.Version]; ok {
							errs <- fmt.Errorf("version %d written by %d and %d", d.Version, prev, w)
						}
						winners[d.Version] = w
						mu.Unlock()
					case errors.Is(err, dossier.ErrConflict):
					default:
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		d, err := s.Get(ctx, code)
		require.NoError(t, err)
		require.NoError(t, d.Verify())
		assert.Equal(t, int64(len(winners))+1, d.Version, "every successful update is kept")
		assert.GreaterOrEqual(t, len(winners), tries, "at least one update per round wins")
		for v := int64(2); v <= d.Version; v++ {
			assert.Contains(t, winners, v)
		}
	})
}

// TestConcurrentCodes draws codes from many goroutines: unique, and gap-free
// from 1 per agency and day.
func TestConcurrentCodes(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		const workers, each = 8, 40
		agencies := []string{"000.00.01.H12", "000.00.02.H12"}
		days := []time.Time{t0, t0.Add(24 * time.Hour)}
		var mu sync.Mutex
		got := map[string]bool{}
		var wg sync.WaitGroup
		var firstErr error
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					code, err := s.NextCode(ctx, agencies[(w+i)%2], days[i%2])
					mu.Lock()
					if err != nil && firstErr == nil {
						firstErr = err
					}
					if got[code] {
						firstErr = fmt.Errorf("code %s drawn twice", code)
					}
					got[code] = true
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		require.NoError(t, firstErr)
		require.Len(t, got, workers*each)
		perKey := map[string][]int{}
		for code := range got {
			agency, day, seq, err := dossier.ParseCode(code)
			require.NoError(t, err)
			k := agency + day.Format("060102")
			perKey[k] = append(perKey[k], seq)
		}
		require.Len(t, perKey, 4)
		for k, seqs := range perKey {
			sort.Ints(seqs)
			for i, n := range seqs {
				require.Equal(t, i+1, n, "%s: gap-free from 1", k)
			}
		}
	})
}

func TestNextCode(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		// 23:30 UTC on 1 March is 06:30 on 2 March in Hanoi.
		code, err := s.NextCode(ctx, "H12", time.Date(2026, 3, 1, 23, 30, 0, 0, time.UTC))
		require.NoError(t, err)
		assert.Equal(t, "H12-260302-0001", code)
		code, err = s.NextCode(ctx, "H12", vntime.Date(2026, 3, 2).Add(23*time.Hour))
		require.NoError(t, err)
		assert.Equal(t, "H12-260302-0002", code)
		for _, tc := range []struct {
			name, agency string
			day          time.Time
		}{
			{"empty agency", "", t0},
			{"bad agency", "H 12", t0},
			{"zero day", "H12", time.Time{}},
		} {
			_, err := s.NextCode(ctx, tc.agency, tc.day)
			require.ErrorIs(t, err, dossier.ErrInvalidCode, tc.name)
		}
	})
}

// TestAppendOnly checks that the database itself refuses to change or
// delete event rows.
func TestAppendOnly(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		d := newDossier("H12-260302-0001", t0)
		require.NoError(t, s.Create(ctx, d))
		for _, q := range []string{
			"UPDATE motcua_events SET reason = 'edited'",
			"DELETE FROM motcua_events",
			"DELETE FROM motcua_dossiers",
		} {
			_, err := s.w.ExecContext(ctx, q)
			require.Error(t, err, q)
		}
		got, err := s.Get(ctx, d.Code)
		require.NoError(t, err)
		assert.Equal(t, d, got)
	})
}

func TestCorruptRow(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		d := newDossier("H12-260302-0001", t0)
		require.NoError(t, s.Create(ctx, d))
		_, err := s.w.ExecContext(ctx, "UPDATE motcua_dossiers SET status = 'lost'")
		require.NoError(t, err)
		_, err = s.Get(ctx, d.Code)
		require.ErrorIs(t, err, ErrCorrupt)
		var ce *CorruptError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "status", ce.Column)
		for _, err := range s.List(ctx, dossier.Filter{Brief: true}) {
			require.ErrorIs(t, err, ErrCorrupt)
		}
	})
}

func TestClosed(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		require.NoError(t, s.Close())
		require.NoError(t, s.Close(), "closing twice is fine")
		ctx := context.Background()
		_, err := s.Get(ctx, "x")
		require.ErrorIs(t, err, ErrClosed)
		require.ErrorIs(t, s.Create(ctx, newDossier("H12-260302-0001", t0)), ErrClosed)
		_, err = s.NextCode(ctx, "H12", t0)
		require.ErrorIs(t, err, ErrClosed)
		for _, err := range s.List(ctx, dossier.Filter{}) {
			require.ErrorIs(t, err, ErrClosed)
		}
		_, err = s.LogSize(ctx)
		require.ErrorIs(t, err, ErrClosed)
		_, err = s.ReadHashes(ctx, []int64{0})
		require.ErrorIs(t, err, ErrClosed)
		n := 0
		for _, err := range s.LogEntries(ctx, 0, 10) {
			require.ErrorIs(t, err, ErrClosed)
			n++
		}
		for _, err := range s.DossierEntries(ctx, "H12-260302-0001") {
			require.ErrorIs(t, err, ErrClosed)
			n++
		}
		assert.Equal(t, 2, n, "each sequence ends with the error")
	})
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	_, err := Open(ctx, "mysql", "x")
	require.ErrorIs(t, err, ErrDriver)
	_, err = Open(ctx, SQLite, "")
	require.ErrorIs(t, err, ErrOption)
	_, err = Open(ctx, SQLite, "x.db?_pragma=journal_mode(DELETE)")
	require.ErrorIs(t, err, ErrOption)
	_, err = Open(ctx, SQLite, ":memory:", MaxConns(0))
	require.ErrorIs(t, err, ErrOption)
	_, err = Open(ctx, SQLite, ":memory:", BusyTimeout(-time.Second))
	require.ErrorIs(t, err, ErrOption)
	_, err = Open(ctx, SQLite, t.TempDir()+"/no/such/dir/x.db")
	require.Error(t, err)
}

func TestMemory(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, SQLite, ":memory:", SyncFull())
	require.NoError(t, err)
	defer s.Close()
	d := newDossier("H12-260302-0001", t0)
	require.NoError(t, s.Create(ctx, d))
	for got, err := range s.List(ctx, dossier.Filter{}) {
		require.NoError(t, err)
		assert.Equal(t, d, got)
	}
}

func TestSQLitePragmas(t *testing.T) {
	s := backends[0].open(t)
	ctx := context.Background()
	for _, db := range []interface {
		QueryRowContext(context.Context, string, ...any) *sql.Row
	}{s.w, s.r} {
		var mode string
		var fk, timeout int
		require.NoError(t, db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
		require.NoError(t, db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk))
		require.NoError(t, db.QueryRowContext(ctx, "PRAGMA busy_timeout").Scan(&timeout))
		assert.Equal(t, "wal", mode)
		assert.Equal(t, 1, fk)
		assert.Equal(t, 10000, timeout)
	}
}
