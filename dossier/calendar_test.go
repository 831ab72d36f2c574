package dossier_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

func official(t testing.TB) *dossier.Calendar {
	t.Helper()
	cal, err := dossier.Official()
	require.NoError(t, err)
	return cal
}

// at returns a time in Asia/Ho_Chi_Minh.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, vntime.Location)
}

func TestOfficialWorkingDays(t *testing.T) {
	cal := official(t)
	tests := []struct {
		name string
		day  time.Time
		want bool
	}{
		{"new year 2025", vntime.Date(2025, 1, 1), false},
		{"2 Jan 2025", vntime.Date(2025, 1, 2), true},
		{"Friday before Tết 2025", vntime.Date(2025, 1, 24), true},
		{"Tết 2025 first day (Sat)", vntime.Date(2025, 1, 25), false},
		{"Tết 2025 Monday", vntime.Date(2025, 1, 27), false},
		{"Tết 2025 Friday", vntime.Date(2025, 1, 31), false},
		{"Tết 2025 last day (Sun)", vntime.Date(2025, 2, 2), false},
		{"after Tết 2025", vntime.Date(2025, 2, 3), true},
		{"Hùng Kings 2025", vntime.Date(2025, 4, 7), false},
		{"Sat 26 Apr 2025 worked", vntime.Date(2025, 4, 26), true},
		{"Sun 27 Apr 2025", vntime.Date(2025, 4, 27), false},
		{"Tue 29 Apr 2025", vntime.Date(2025, 4, 29), true},
		{"30 Apr 2025", vntime.Date(2025, 4, 30), false},
		{"Fri 2 May 2025 swapped off", vntime.Date(2025, 5, 2), false},
		{"Mon 5 May 2025", vntime.Date(2025, 5, 5), true},
		{"Fri 29 Aug 2025", vntime.Date(2025, 8, 29), true},
		{"Mon 1 Sep 2025", vntime.Date(2025, 9, 1), false},
		{"Tue 2 Sep 2025", vntime.Date(2025, 9, 2), false},
		{"Wed 3 Sep 2025", vntime.Date(2025, 9, 3), true},
		{"ordinary Saturday 2025", vntime.Date(2025, 6, 7), false},
		{"ordinary Wednesday 2025", vntime.Date(2025, 6, 4), true},
		{"1 Jan 2026", vntime.Date(2026, 1, 1), false},
		{"Fri 2 Jan 2026 swapped off", vntime.Date(2026, 1, 2), false},
		{"Mon 5 Jan 2026", vntime.Date(2026, 1, 5), true},
		{"Sat 10 Jan 2026 worked", vntime.Date(2026, 1, 10), true},
		{"Fri 13 Feb 2026", vntime.Date(2026, 2, 13), true},
		{"Tết 2026 first day (Sat)", vntime.Date(2026, 2, 14), false},
		{"Tết 2026 new year's day (Tue)", vntime.Date(2026, 2, 17), false},
		{"Tết 2026 Friday", vntime.Date(2026, 2, 20), false},
		{"Tết 2026 last day (Sun)", vntime.Date(2026, 2, 22), false},
		{"after Tết 2026", vntime.Date(2026, 2, 23), true},
		{"Hùng Kings 2026 (Sun)", vntime.Date(2026, 4, 26), false},
		{"Hùng Kings 2026 compensatory Monday", vntime.Date(2026, 4, 27), false},
		{"Tue 28 Apr 2026", vntime.Date(2026, 4, 28), true},
		{"Thu 30 Apr 2026", vntime.Date(2026, 4, 30), false},
		{"Fri 1 May 2026", vntime.Date(2026, 5, 1), false},
		{"Mon 4 May 2026", vntime.Date(2026, 5, 4), true},
		{"Sat 22 Aug 2026 worked", vntime.Date(2026, 8, 22), true},
		{"Fri 28 Aug 2026", vntime.Date(2026, 8, 28), true},
		{"Mon 31 Aug 2026 swapped off", vntime.Date(2026, 8, 31), false},
		{"Wed 2 Sep 2026", vntime.Date(2026, 9, 2), false},
		{"Thu 3 Sep 2026", vntime.Date(2026, 9, 3), true},
		{"late evening UTC is next day in Vietnam", time.Date(2026, 2, 22, 17, 30, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cal.IsWorkingDay(tt.day)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
	for _, d := range []time.Time{vntime.Date(2013, 12, 31), vntime.Date(2200, 1, 1)} {
		_, err := cal.IsWorkingDay(d)
		require.ErrorIs(t, err, dossier.ErrOutOfRange)
	}
}

// TestDueDate: the due-date cases themselves (across Tết, the cut-off,
// worked Saturdays, hours, calendar days, months, the procedures of the
// sample catalogue) are golden cases in testdata/cases, run by
// TestGoldenCases; here, the errors.
func TestDueDate(t *testing.T) {
	cal := official(t)
	wd := dossier.Days
	t.Run("out of range", func(t *testing.T) {
		_, err := cal.DueDate(at(2199, 12, 28, 9, 0), wd(5))
		require.ErrorIs(t, err, dossier.ErrOutOfRange)
		_, err = cal.DueDate(at(2013, 12, 28, 9, 0), wd(1))
		require.ErrorIs(t, err, dossier.ErrOutOfRange)
		strict, err := dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true}, mustOfficialYears(t)...)
		require.NoError(t, err)
		_, err = strict.DueDate(at(2026, 12, 28, 9, 0), wd(5))
		require.ErrorIs(t, err, dossier.ErrOutOfRange)
	})
	t.Run("bad unit", func(t *testing.T) {
		_, err := cal.DueDate(at(2026, 2, 9, 9, 0), dossier.Deadline{N: 1})
		require.ErrorIs(t, err, dossier.ErrInvalidDossier)
		_, err = cal.DueDate(at(2026, 2, 9, 9, 0), wd(-1))
		require.ErrorIs(t, err, dossier.ErrOutOfRange)
	})
}

func TestWorkingDayArithmetic(t *testing.T) {
	cal := official(t)
	got, err := cal.AddWorkingDays(vntime.Date(2026, 2, 12), 2)
	require.NoError(t, err)
	assert.Equal(t, vntime.Date(2026, 2, 23), got)
	n, err := cal.WorkingDaysBetween(vntime.Date(2026, 2, 12), vntime.Date(2026, 2, 23))
	require.NoError(t, err)
	assert.Equal(t, 2, n)
	n, err = cal.WorkingDaysBetween(vntime.Date(2026, 2, 23), vntime.Date(2026, 2, 12))
	require.NoError(t, err)
	assert.Equal(t, -2, n)
	got, err = cal.AddWorkingDays(vntime.Date(2026, 2, 14), 0)
	require.NoError(t, err)
	assert.Equal(t, vntime.Date(2026, 2, 14), got)
	_, err = cal.AddWorkingDays(vntime.Date(2026, 2, 14), -1)
	require.ErrorIs(t, err, dossier.ErrOutOfRange)
	// A whole year: 2026 has 365 days, 104 weekend days (52 weeks + Thursday),
	// closures of 1+5+1+2+2 weekdays, and 2 worked Saturdays.
	n, err = cal.WorkingDaysBetween(vntime.Date(2025, 12, 31), vntime.Date(2026, 12, 31))
	require.NoError(t, err)
	assert.Equal(t, 365-104-(2+5+1+2+3)+2, n)

	wt, err := cal.WorkingTimeBetween(at(2026, 2, 13, 16, 0), at(2026, 2, 23, 9, 0))
	require.NoError(t, err)
	assert.Equal(t, time.Hour+90*time.Minute, wt)
	wt, err = cal.WorkingTimeBetween(at(2026, 2, 23, 9, 0), at(2026, 2, 13, 16, 0))
	require.NoError(t, err)
	assert.Equal(t, -(time.Hour + 90*time.Minute), wt)

	st, err := cal.StartOfCount(at(2026, 2, 9, 12, 15), 0)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 2, 9, 13, 0).String(), st.String())
}

func TestResume(t *testing.T) {
	cal := official(t)
	// Paused on Tue 10 Feb 2026 with due Fri 13 Feb: 3 working days left.
	// Resumed on Mon 23 Feb at 10:00: due Thu 26 Feb.
	got, err := cal.Resume(at(2026, 2, 10, 9, 0), at(2026, 2, 13, 17, 0), at(2026, 2, 23, 10, 0), catalog.WorkingDays, 0)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 2, 26, 17, 0).String(), got.String())
	// Hours: 2 office hours left, resumed at 16:00 (after the cut-off): next day 09:30.
	got, err = cal.Resume(at(2026, 3, 2, 15, 0), at(2026, 3, 2, 17, 0), at(2026, 3, 4, 16, 0), catalog.WorkingHours, 0)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 3, 5, 9, 30).String(), got.String())
	// Calendar days: 4 left.
	got, err = cal.Resume(at(2026, 3, 2, 15, 0), at(2026, 3, 6, 17, 0), at(2026, 3, 9, 10, 0), catalog.CalendarDays, 0)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 3, 13, 17, 0).String(), got.String())
	// Paused after the due time: nothing left, due on the resume day.
	got, err = cal.Resume(at(2026, 3, 9, 9, 0), at(2026, 3, 6, 17, 0), at(2026, 3, 10, 10, 0), catalog.WorkingDays, 0)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 3, 10, 17, 0).String(), got.String())
}

func TestNewCalendarProblems(t *testing.T) {
	d := vntime.Date
	tests := []struct {
		name  string
		opts  dossier.CalendarOptions
		years []dossier.Year
		field string
	}{
		{"no years, official only", dossier.CalendarOptions{OfficialOnly: true}, nil, "years"},
		{"gap, official only", dossier.CalendarOptions{OfficialOnly: true}, []dossier.Year{{Year: 2025}, {Year: 2027}}, "year"},
		{"duplicate", dossier.CalendarOptions{}, []dossier.Year{{Year: 2025}, {Year: 2025}}, "year"},
		{"closure reversed", dossier.CalendarOptions{}, []dossier.Year{{Year: 2025, Closed: []dossier.Closure{{From: d(2025, 3, 5), To: d(2025, 3, 4)}}}}, "closed[0]"},
		{"closure in another year", dossier.CalendarOptions{}, []dossier.Year{{Year: 2025, Closed: []dossier.Closure{{From: d(2026, 3, 4), To: d(2026, 3, 5)}}}}, "closed[0]"},
		{"worked weekday", dossier.CalendarOptions{}, []dossier.Year{{Year: 2025, Worked: []dossier.WorkedDay{{Date: d(2025, 3, 5)}}}}, "worked[0]"},
		{"worked day in a closure", dossier.CalendarOptions{}, []dossier.Year{{Year: 2025, Closed: []dossier.Closure{{From: d(2025, 3, 1), To: d(2025, 3, 9)}}, Worked: []dossier.WorkedDay{{Date: d(2025, 3, 8)}}}}, "worked[0]"},
		{"bad office hours", dossier.CalendarOptions{Office: []dossier.Session{{Start: 13 * time.Hour, End: 12 * time.Hour}}}, []dossier.Year{{Year: 2025}}, "office[0]"},
		{"bad cut-off", dossier.CalendarOptions{CutOff: 25 * time.Hour}, []dossier.Year{{Year: 2025}}, "cutOff"},
		{"bad weekday", dossier.CalendarOptions{Weekend: []time.Weekday{9}}, []dossier.Year{{Year: 2025}}, "weekend"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dossier.NewCalendar(tt.opts, tt.years...)
			require.ErrorIs(t, err, dossier.ErrCalendar)
			var ce *dossier.CalendarError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.field, ce.Field)
		})
	}
}

func TestCalendarOptions(t *testing.T) {
	ys := []dossier.Year{{Year: 2026}}
	_, err := dossier.NewCalendar(dossier.CalendarOptions{Weekend: []time.Weekday{time.Sunday}},
		dossier.Year{Year: 2026, Worked: []dossier.WorkedDay{{Date: vntime.Date(2026, 1, 10)}}})
	require.ErrorIs(t, err, dossier.ErrCalendar, "a Saturday is not a weekend day of a Sunday-only week")
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{
		Weekend:      []time.Weekday{time.Sunday},
		Office:       []dossier.Session{{Start: 8 * time.Hour, End: 12 * time.Hour}},
		CutOff:       11 * time.Hour,
		OfficialOnly: true,
	}, ys...)
	require.NoError(t, err)
	ok, err := cal.IsWorkingDay(vntime.Date(2026, 3, 7)) // a Saturday
	require.NoError(t, err)
	assert.True(t, ok)
	due, err := cal.DueDate(at(2026, 3, 6, 11, 30), dossier.Days(1))
	require.NoError(t, err)
	assert.Equal(t, at(2026, 3, 9, 12, 0).String(), due.String())
	assert.Equal(t, 11*time.Hour, cal.CutOff())
	assert.Len(t, cal.Years(), 1)
}

func TestYearsJSON(t *testing.T) {
	ys, err := dossier.OfficialYears()
	require.NoError(t, err)
	require.Len(t, ys, 2)
	for _, y := range ys {
		assert.NotEmpty(t, y.Sources, "year %d has no source", y.Year)
	}
	var buf bytes.Buffer
	require.NoError(t, dossier.WriteYearsJSON(&buf, ys))
	back, err := dossier.ReadYearsJSON(&buf)
	require.NoError(t, err)
	assert.Equal(t, ys, back)

	later := `{"years":[{"year":2027,"sources":["test"],"closed":[{"from":"2027-02-05","to":"2027-02-11","name":"Tết"}],"worked":[{"date":"2027-01-09"}]}]}`
	y27, err := dossier.ReadYearsJSON(strings.NewReader(later))
	require.NoError(t, err)
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{}, append(ys, y27...)...)
	require.NoError(t, err)
	due, err := cal.DueDate(at(2026, 12, 31, 9, 0), dossier.Days(2))
	require.NoError(t, err)
	assert.Equal(t, at(2027, 1, 4, 17, 0).String(), due.String())

	for name, bad := range map[string]string{
		"unknown field": `{"years":[{"year":2027,"holidays":[]}]}`,
		"bad date":      `{"years":[{"year":2027,"closed":[{"from":"2027-02-30","to":"2027-03-01"}]}]}`,
		"bad year":      `{"years":[{"year":1}]}`,
		"trailing":      `{"years":[]} {}`,
		"not json":      `years`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := dossier.ReadYearsJSON(strings.NewReader(bad))
			require.ErrorIs(t, err, dossier.ErrCalendar)
		})
	}
	_, err = dossier.ReadYearsJSON(strings.NewReader(`{"years":[` + strings.Repeat(" ", dossier.MaxCalendarJSON) + `]}`))
	require.ErrorIs(t, err, dossier.ErrCalendar)
}

func FuzzCalendarRoundTrip(f *testing.F) {
	cal := official(f)
	f.Add(int64(0), 5)
	f.Add(int64(400), 30)
	f.Add(int64(410), 0)
	f.Fuzz(func(t *testing.T, off int64, n int) {
		start := vntime.Date(2025, 1, 1).Add(time.Duration(off%800) * 24 * time.Hour)
		if n < 0 {
			n = -n
		}
		n %= 600
		got, err := cal.AddWorkingDays(start, n)
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrOutOfRange)
			return
		}
		back, err := cal.WorkingDaysBetween(start, got)
		require.NoError(t, err)
		require.Equal(t, n, back)
		if n > 0 {
			ok, err := cal.IsWorkingDay(got)
			require.NoError(t, err)
			require.True(t, ok)
		}
	})
}

func FuzzReadYearsJSON(f *testing.F) {
	f.Add([]byte(`{"years":[{"year":2027,"closed":[{"from":"2027-02-05","to":"2027-02-11"}],"worked":[{"date":"2027-01-09"}]}]}`))
	f.Add([]byte(`{}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		ys, err := dossier.ReadYearsJSON(bytes.NewReader(b))
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrCalendar)
			return
		}
		if _, err := dossier.NewCalendar(dossier.CalendarOptions{}, ys...); err != nil {
			require.ErrorIs(t, err, dossier.ErrCalendar)
		}
	})
}
