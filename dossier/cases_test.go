package dossier_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/cases"
)

// TestGoldenCases runs the calendar's golden cases, testdata/cases/*.json
// in the motcua-cases/1 format that `motcua test` runs: due dates worked
// out by hand from the official notices (across Tết, the 15:00 cut-off,
// worked Saturdays, working hours, calendar days, months, a provisional
// year, the ends of the calendar) and from the procedures of the sample
// catalogue.
func TestGoldenCases(t *testing.T) {
	cal, err := dossier.Official()
	require.NoError(t, err)
	cat, err := catalog.Sample()
	require.NoError(t, err)
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	n := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		cf, err := cases.Parse(b)
		require.NoError(t, err, f)
		require.Empty(t, cf.Calendar+cf.Catalog, "%s: the repository's cases run on the embedded calendar and the sample catalogue", f)
		require.Empty(t, cf.Fees, f)
		for _, c := range cf.Deadlines {
			n++
			t.Run(c.Name, func(t *testing.T) {
				r := cases.RunDeadline(cal, cat, c, "en", nil)
				require.True(t, r.Pass, "%s (got %q, want %q)", r.Message, r.Got, r.Want)
			})
		}
	}
	require.GreaterOrEqual(t, n, 38)
}
