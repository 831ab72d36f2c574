package dossier_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The limits of calendar data (see MaxCalendarJSON), each at the limit and
// one past it: past one, no year is returned and no calendar built.
func TestCalendarJSONLimits(t *testing.T) {
	official, err := dossier.OfficialYears()
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, dossier.WriteYearsJSON(&b, official))
	doc := bytes.TrimSpace(b.Bytes())
	pad := func(n int) string {
		require.LessOrEqual(t, len(doc), n)
		return string(doc) + strings.Repeat(" ", n-len(doc))
	}
	year := func(y, from, to string) string {
		return `{"years": [{"year": ` + y + `, "closed": [{"from": "` + from + `", "to": "` + to + `", "name": "Nghỉ"}]}]}`
	}
	tests := []struct {
		name  string
		doc   string
		read  bool // ReadYearsJSON accepts it
		build bool // and NewCalendar builds a calendar of it
	}{
		{"size at the limit", pad(dossier.MaxCalendarJSON), true, true},
		{"size past the limit", pad(dossier.MaxCalendarJSON + 1), false, false},
		{"nested past encoding/json's depth", `{"years": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`, false, false},
		{"first year", year("1976", "1976-01-01", "1976-01-01"), true, false}, // read, but no holiday rule computes 1977–2013
		{"before the first year", year("1975", "1975-01-01", "1975-01-01"), false, false},
		{"last year", year("9999", "9999-12-31", "9999-12-31"), true, false}, // read, but lunar years end in 2199
		{"after the last year", year("10000", "9999-12-31", "9999-12-31"), false, false},
		{"closure from 1 December of the year before", year("2030", "2029-12-01", "2030-01-01"), true, true},
		{"closure from 30 November of the year before", year("2030", "2029-11-30", "2030-01-01"), true, false},
		{"closure to 31 January of the year after", year("2030", "2030-12-31", "2031-01-31"), true, true},
		{"closure to 1 February of the year after", year("2030", "2030-12-31", "2031-02-01"), true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ys, err := dossier.ReadYearsJSON(strings.NewReader(tt.doc))
			if !tt.read {
				require.ErrorIs(t, err, dossier.ErrCalendar)
				var ce *dossier.CalendarError
				require.ErrorAs(t, err, &ce)
				assert.Nil(t, ys)
				return
			}
			require.NoError(t, err)
			c, err := dossier.NewCalendar(dossier.CalendarOptions{}, ys...)
			if !tt.build {
				require.ErrorIs(t, err, dossier.ErrCalendar)
				assert.Nil(t, c)
				return
			}
			require.NoError(t, err)
			require.NotNil(t, c)
		})
	}
}
