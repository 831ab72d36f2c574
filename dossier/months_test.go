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
	// The due dates in months are golden cases in testdata/cases
	// ("months: ..."), run by TestGoldenCases.
	_, err = cal.DueDate(time.Date(2199, 11, 2, 9, 0, 0, 0, vn), dossier.Deadline{N: 3, Unit: catalog.Months})
	require.ErrorIs(t, err, dossier.ErrOutOfRange)

	// A pause keeps the calendar days that were left.
	due := time.Date(2026, 3, 5, 17, 0, 0, 0, vn)
	got, err := cal.Resume(at(2, 25, 10), due, at(3, 2, 9), catalog.Months, 0)
	require.NoError(t, err)
	assert.True(t, time.Date(2026, 3, 10, 17, 0, 0, 0, vn).Equal(got), "got %s", got)
}
