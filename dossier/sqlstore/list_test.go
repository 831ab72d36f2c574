package sqlstore

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

func collect(t *testing.T, s dossier.Store, f dossier.Filter) []dossier.Dossier {
	t.Helper()
	var out []dossier.Dossier
	for d, err := range s.List(context.Background(), f) {
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

// TestListMatchesMemStore lists the same population from the SQL store
// and from dossier.MemStore with many filters: same dossiers, same order,
// same content.
func TestListMatchesMemStore(t *testing.T) {
	pop := population(2500, 7)
	mem := dossier.NewMemStore()
	ctx := context.Background()
	for _, d := range pop {
		require.NoError(t, mem.Create(ctx, d))
	}
	mid := collect(t, mem, dossier.Filter{Brief: true})[1234].Code
	march := dossier.Month(2026, time.March)
	filters := []struct {
		name string
		f    dossier.Filter
	}{
		{"all", dossier.Filter{}},
		{"all brief", dossier.Filter{Brief: true}},
		{"agency", dossier.Filter{Agency: "000.00.02.H12"}},
		{"procedure", dossier.Filter{ProcedureCode: "2.000488", Brief: true}},
		{"sector", dossier.Filter{Sector: "Hộ tịch"}},
		{"level", dossier.Filter{Level: catalog.Province, Brief: true}},
		{"channel", dossier.Filter{Channel: catalog.Post}},
		{"one status", dossier.Filter{Statuses: []dossier.Status{dossier.AwaitingSupplement}}},
		{"two statuses", dossier.Filter{Statuses: []dossier.Status{dossier.Returned, dossier.Refused}, Brief: true}},
		{"period", dossier.Filter{Since: march.From, Until: march.To}},
		{"until only", dossier.Filter{Until: vntime.Date(2026, time.February, 1), Brief: true}},
		{"since only", dossier.Filter{Since: vntime.Date(2026, time.April, 1)}},
		{"combined", dossier.Filter{Agency: "000.00.01.H12", Sector: "Hộ tịch", Channel: catalog.Online, Since: march.From, Until: march.To}},
		{"after", dossier.Filter{After: mid}},
		{"after brief", dossier.Filter{After: mid, Brief: true}},
		{"limit", dossier.Filter{Limit: 7}},
		{"limit over a page", dossier.Filter{Limit: fullPage + 3}},
		{"after and limit", dossier.Filter{After: mid, Limit: 1001, Brief: true}},
		{"filter and limit", dossier.Filter{Agency: "000.20.31.H29", Limit: 250}},
		{"nothing", dossier.Filter{Agency: "none"}},
		{"after the end", dossier.Filter{After: "\U0010FFFF"}},
	}
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		createMany(t, s, pop)
		for _, tc := range filters {
			t.Run(tc.name, func(t *testing.T) {
				want := collect(t, mem, tc.f)
				got := collect(t, s, tc.f)
				require.Equal(t, len(want), len(got))
				assert.Equal(t, want, got)
			})
		}
		t.Run("summarize", func(t *testing.T) {
			for _, p := range []dossier.Period{march, dossier.Month(2026, time.January), {From: vntime.Date(2025, 1, 1), To: vntime.Date(2027, 1, 1)}} {
				for g := dossier.GroupNone; g <= dossier.GroupLevel; g++ {
					want, err := dossier.Summarize(ctx, mem, p, g)
					require.NoError(t, err)
					got, err := dossier.Summarize(ctx, s, p, g)
					require.NoError(t, err)
					assert.Equal(t, want, got, "%v %s", p, g)
					assert.NotZero(t, got.Total.Received())
				}
			}
		})
		t.Run("stop early", func(t *testing.T) {
			n := 0
			for _, err := range s.List(ctx, dossier.Filter{Brief: true}) {
				require.NoError(t, err)
				n++
				if n == 1500 {
					break
				}
			}
			assert.Equal(t, 1500, n)
		})
		t.Run("cancelled", func(t *testing.T) {
			ctx, cancel := context.WithCancel(ctx)
			defer cancel()
			n := 0
			var last error
			for _, err := range s.List(ctx, dossier.Filter{Brief: true}) {
				if err != nil {
					last = err
					break
				}
				if n++; n == 10 {
					cancel()
				}
			}
			require.ErrorIs(t, last, context.Canceled)
			assert.Less(t, n, 2500)
		})
		t.Run("bad filter", func(t *testing.T) {
			for _, f := range []dossier.Filter{{Statuses: []dossier.Status{99}}, {Level: 9}, {Channel: 8}, {Until: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)}, {After: "\xff"}, {Agency: "a\x00"}} {
				for _, err := range s.List(ctx, f) {
					require.ErrorIs(t, err, dossier.ErrInvalidDossier)
				}
			}
		})
	})
}

// TestListDuringUpdates lists while writers append events: every dossier
// read is consistent (its trail verifies and matches its version).
func TestListDuringUpdates(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		s := b.open(t)
		ctx := context.Background()
		pop := population(600, 3)
		createMany(t, s, pop)
		done := make(chan error, 1)
		go func() {
			for i := range pop {
				d, err := s.Get(ctx, pop[i].Code)
				if err != nil {
					done <- err
					return
				}
				v := d.Version
				step(&d, d.Events[len(d.Events)-1].At.Add(time.Minute))
				if err := s.Update(ctx, d, v); err != nil {
					done <- err
					return
				}
			}
			done <- nil
		}()
		for range 3 {
			n := 0
			for d, err := range s.List(ctx, dossier.Filter{}) {
				require.NoError(t, err)
				require.NoError(t, d.Verify())
				n++
			}
			assert.Equal(t, len(pop), n)
		}
		require.NoError(t, <-done)
	})
}
