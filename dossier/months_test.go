package dossier_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

func TestDueDateMonths(t *testing.T) {
	cal, err := dossier.Official()
	require.NoError(t, err)
	vn := time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)
	at := func(m time.Month, d, hh int) time.Time { return time.Date(2026, m, d, hh, 0, 0, 0, vn) }
	tests := []struct {
		name     string
		received time.Time
		n        int
		want     time.Time
	}{
		{"a working day a month later", at(1, 5, 9), 1, time.Date(2026, 2, 5, 17, 0, 0, 0, vn)},
		{"lands in Tết: the next working day", at(1, 14, 9), 1, time.Date(2026, 2, 23, 17, 0, 0, 0, vn)},
		{"after the cut-off the count starts the next day", at(3, 5, 16), 2, time.Date(2026, 5, 6, 17, 0, 0, 0, vn)},
		{"zero months: the start day", at(3, 5, 9), 0, time.Date(2026, 3, 5, 17, 0, 0, 0, vn)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cal.DueDate(tt.received, dossier.Deadline{N: tt.n, Unit: catalog.Months})
			require.NoError(t, err)
			assert.True(t, tt.want.Equal(got), "got %s, want %s", got, tt.want)
		})
	}
	// Into 2027, a provisional year: Tuesday 2 February 2027 is worked.
	got, err := cal.DueDate(at(11, 2, 9), dossier.Deadline{N: 3, Unit: catalog.Months})
	require.NoError(t, err)
	assert.True(t, time.Date(2027, 2, 2, 17, 0, 0, 0, vn).Equal(got), "got %s", got)
	_, err = cal.DueDate(time.Date(2199, 11, 2, 9, 0, 0, 0, vn), dossier.Deadline{N: 3, Unit: catalog.Months})
	require.ErrorIs(t, err, dossier.ErrOutOfRange)

	// A pause keeps the calendar days that were left.
	due := time.Date(2026, 3, 5, 17, 0, 0, 0, vn)
	got, err = cal.Resume(at(2, 25, 10), due, at(3, 2, 9), catalog.Months, 0)
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 3, 10, 17, 0, 0, 0, vn).Equal(got), "got %s", got)
}
