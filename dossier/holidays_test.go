package dossier_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

// rulesOnly is a calendar with no official year: every year from the rules.
func rulesOnly(t testing.TB) *dossier.Calendar {
	t.Helper()
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{})
	require.NoError(t, err)
	return cal
}

// TestRulesReproduceNotices compares, day by day, the years the rules
// compute with the official notices embedded for 2025 and 2026. Every day
// where a notice departs from the rules is listed here with its reason:
// all of them are swaps of a working day for a Saturday, which the
// Government decides for each year and no rule can foresee.
func TestRulesReproduceNotices(t *testing.T) {
	d := vntime.Date
	departures := map[int][]struct {
		day            time.Time
		officialWorked bool
		why            string
	}{
		2025: {
			{d(2025, 4, 26), true, "Saturday worked in exchange for Friday 2 May (Bộ Nội vụ's swap notice for 30/4–1/5/2025)"},
			{d(2025, 5, 2), false, "Friday off, the bridge between 1 May and the weekend (the same swap)"},
		},
		2026: {
			{d(2026, 1, 2), false, "Friday off, the bridge after 1 January (VPCP 12729/VPCP-KGVX, swap with Saturday 10 January)"},
			{d(2026, 1, 10), true, "Saturday worked for Friday 2 January (the same swap)"},
			{d(2026, 8, 22), true, "Saturday worked for Monday 31 August (the 2026 National Day schedule)"},
			{d(2026, 8, 31), false, "Monday off, the bridge before 1–2 September (the same swap)"},
		},
	}
	official, rules := official(t), rulesOnly(t)
	for year, want := range departures {
		t.Run(time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC).Format("2006"), func(t *testing.T) {
			got, err := dossier.CompareCalendars(rules, official, d(year, 1, 1), d(year, 12, 31))
			require.NoError(t, err)
			require.Len(t, got, len(want), "every departure of the notice from the rules is listed: %v", got)
			for i, w := range want {
				assert.True(t, w.day.Equal(got[i].After.Date), "departure %d: %s, want %s", i, got[i].After.Date.Format(time.DateOnly), w.day.Format(time.DateOnly))
				assert.Equal(t, w.officialWorked, got[i].After.Working(), w.why)
				assert.Equal(t, !w.officialWorked, got[i].Before.Working(), w.why)
				assert.True(t, got[i].Before.Provisional, "the rules' day is provisional")
				assert.False(t, got[i].After.Provisional, "the notice's day is official")
			}
		})
	}
}

// TestTetPlacement checks the provisional Tết against every published
// schedule for the civil service found in the stored sources (the closures
// with their weekends): 2017 (26/1–1/2, SGGP News on the Interior
// Ministry's proposal), 2018 (14–20/2, the Government Office's choice as
// reported by VnExpress), 2020 (23–29/1, Sở Công Thương Đắk Lắk), 2022
// (29/1–6/2, VPCP công văn 245/VPCP-KGVX of 11 January 2022), 2023
// (20–26/1, Hanoi Times on MoLISA's notice), 2024 (8–14/2, the Saigon Times
// on the agreed plan), 2025 and 2026 (the embedded notices; 2026 is VPCP
// 9859/VPCP-KGVX); and years the rules project, 2027 (Tết Đinh Mùi on
// Saturday 6 February 2027) among them.
func TestTetPlacement(t *testing.T) {
	d := vntime.Date
	tests := []struct {
		year     int
		from, to time.Time
		name     string
	}{
		{2017, d(2017, 1, 26), d(2017, 2, 1), "Tết Nguyên đán Đinh Dậu"},  // Tết Sat 28/1
		{2018, d(2018, 2, 14), d(2018, 2, 20), "Tết Nguyên đán Mậu Tuất"}, // Tết Fri 16/2
		{2020, d(2020, 1, 23), d(2020, 1, 29), "Tết Nguyên đán Canh Tý"},  // Tết Sat 25/1
		{2022, d(2022, 1, 29), d(2022, 2, 6), "Tết Nguyên đán Nhâm Dần"},  // Tết Tue 1/2
		{2023, d(2023, 1, 20), d(2023, 1, 26), "Tết Nguyên đán Quý Mão"},  // Tết Sun 22/1
		{2024, d(2024, 2, 8), d(2024, 2, 14), "Tết Nguyên đán Giáp Thìn"}, // Tết Sat 10/2
		{2025, d(2025, 1, 25), d(2025, 2, 2), "Tết Nguyên đán Ất Tỵ"},     // Tết Wed 29/1
		{2026, d(2026, 2, 14), d(2026, 2, 22), "Tết Nguyên đán Bính Ngọ"}, // Tết Tue 17/2
		{2027, d(2027, 2, 4), d(2027, 2, 10), "Tết Nguyên đán Đinh Mùi"},  // Tết Sat 6/2
		{2028, d(2028, 1, 22), d(2028, 1, 30), "Tết Nguyên đán Mậu Thân"}, // Tết Wed 26/1: Mon 24–Fri 28 and both weekends
		{2031, d(2031, 1, 21), d(2031, 1, 27), "Tết Nguyên đán Tân Hợi"},  // Tết Thu 23/1: Tue 21 – Mon 27
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			y, err := dossier.ProvisionalYear(tt.year, nil, nil)
			require.NoError(t, err)
			assert.True(t, y.Provisional)
			var tet *dossier.Closure
			for i := range y.Closed {
				if strings.HasPrefix(y.Closed[i].Name, "Tết Nguyên đán") {
					tet = &y.Closed[i]
				}
			}
			require.NotNil(t, tet, "no Tết in %v", y.Closed)
			assert.Equal(t, tt.name, tet.Name)
			assert.Equal(t, tt.from.Format(time.DateOnly), tet.From.Format(time.DateOnly))
			assert.Equal(t, tt.to.Format(time.DateOnly), tet.To.Format(time.DateOnly))
			assert.Contains(t, tet.Source, "Điều 11", "the rule names its article")
			// Five working days, whatever the span.
			cal := rulesOnly(t)
			off := 0
			for day := tet.From; !day.After(tet.To); day = day.AddDate(0, 0, 1) {
				if wd := day.Weekday(); wd != time.Saturday && wd != time.Sunday {
					ok, err := cal.IsWorkingDay(day)
					require.NoError(t, err)
					assert.False(t, ok)
					off++
				}
			}
			assert.Equal(t, 5, off)
		})
	}
}

// TestProvisionalHolidays checks the other rules, each weekday case of
// 2 September, and the compensatory days off: on 2018 and 2024 as
// published (cited below and in [dossier.LabourCode]), and on other years
// as the rules place them.
func TestProvisionalHolidays(t *testing.T) {
	d := vntime.Date
	cal := rulesOnly(t)
	tests := []struct {
		name string
		day  time.Time
		off  bool
	}{
		{"1 Jan 2027 (Fri)", d(2027, 1, 1), true},
		{"4 Jan 2027 (Mon)", d(2027, 1, 4), false},
		{"1 Jan 2022 on Saturday: Monday 3 off", d(2022, 1, 3), true},
		{"1 Jan 2023 on Sunday: Monday 2 off", d(2023, 1, 2), true},
		{"Hùng Kings 2027 (10/3 âm lịch, Fri 16 Apr)", d(2027, 4, 16), true},
		{"Hùng Kings 2029 on Sunday 22 Apr: Monday 23 off", d(2029, 4, 23), true},
		{"30 Apr 2027 (Fri)", d(2027, 4, 30), true},
		{"1 May 2027 on Saturday: Monday 3 May off", d(2027, 5, 3), true},
		{"Tue 4 May 2027", d(2027, 5, 4), false},
		{"30 Apr and 1 May 2022 on the weekend: Mon 2 and Tue 3 May off", d(2022, 5, 3), true},
		{"Wed 4 May 2022", d(2022, 5, 4), false},
		{"2 Sep 2021 (Thu): Fri 3 Sep is the adjacent day", d(2021, 9, 3), true},
		{"2 Sep 2021: Wed 1 Sep worked", d(2021, 9, 1), false},
		{"2 Sep 2022 (Fri): Thu 1 Sep is the adjacent day", d(2022, 9, 1), true},
		{"2 Sep 2023 (Sat): Fri 1 Sep adjacent", d(2023, 9, 1), true},
		{"2 Sep 2023 (Sat): Mon 4 Sep compensatory", d(2023, 9, 4), true},
		{"2 Sep 2024 (Mon): Tue 3 Sep adjacent, as MoLISA's notice (31/8–3/9)", d(2024, 9, 3), true},
		{"2 Sep 2024: Wed 4 Sep worked", d(2024, 9, 4), false},
		{"2 Sep 2027 (Thu): Fri 3 Sep adjacent", d(2027, 9, 3), true},
		{"2 Sep 2029 (Sun): Mon 3 Sep adjacent", d(2029, 9, 3), true},
		{"2 Sep 2029 (Sun): Tue 4 Sep compensatory", d(2029, 9, 4), true},
		{"2 Sep 2029: Wed 5 Sep worked", d(2029, 9, 5), false},
		{"2 Sep 2019 under the Labour Code 2012: one day", d(2019, 9, 3), false},
		// 2018 as published (VnExpress on the Government Office's plan):
		// 1 Jan (Mon), 25 Apr (Hùng Kings), 30 Apr–1 May (Mon–Tue), 2 Sep on
		// a Sunday compensated on Monday 3 Sep.
		{"1 Jan 2018", d(2018, 1, 1), true},
		{"Hùng Kings 2018 (Wed 25 Apr)", d(2018, 4, 25), true},
		{"30 Apr 2018", d(2018, 4, 30), true},
		{"1 May 2018", d(2018, 5, 1), true},
		{"Wed 2 May 2018", d(2018, 5, 2), false},
		{"3 Sep 2018, compensatory for Sunday 2 Sep", d(2018, 9, 3), true},
		{"Tue 4 Sep 2018", d(2018, 9, 4), false},
		{"2 Sep 2019 (Mon)", d(2019, 9, 2), true},
		{"24 Nov 2027: no rule yet", d(2027, 11, 24), false},
		{"2100: Tết still computed", d(2100, 2, 9), true},
		{"2199 ordinary Tuesday", d(2199, 6, 4), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := cal.IsWorkingDay(tt.day)
			require.NoError(t, err)
			assert.Equal(t, !tt.off, ok)
		})
	}
}

func TestCalendarNeverRunsOut(t *testing.T) {
	cal := official(t)
	tests := []struct {
		name     string
		received time.Time
		days     int
		want     time.Time
	}{
		// The cases: received at the end of 2026 and in 2027.
		{"3 days from 29 Dec 2026", at(2026, 12, 29, 10, 0), 3, at(2027, 1, 4, 17, 0)},
		{"3 days from 4 Jan 2027", at(2027, 1, 4, 10, 0), 3, at(2027, 1, 7, 17, 0)},
		// 30 working days from mid-December: through 1 January 2027.
		{"30 days from 15 Dec 2026", at(2026, 12, 15, 9, 0), 30, at(2027, 1, 27, 17, 0)},
		// Over Tết Đinh Mùi (Thu 4 – Wed 10 Feb 2027, provisional).
		{"5 days from 2 Feb 2027", at(2027, 2, 2, 9, 0), 5, at(2027, 2, 16, 17, 0)},
		{"far ahead", at(2150, 3, 2, 9, 0), 1, at(2150, 3, 3, 17, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cal.DueDate(tt.received, dossier.Days(tt.days))
			require.NoError(t, err)
			assert.Equal(t, tt.want.String(), got.String())
		})
	}
	first, last := cal.Range()
	assert.Equal(t, "2014-01-01", first.Format(time.DateOnly))
	assert.Equal(t, "2199-12-31", last.Format(time.DateOnly))

	t.Run("outside the range: a typed error naming it and the remedy", func(t *testing.T) {
		for _, day := range []time.Time{vntime.Date(2013, 12, 31), vntime.Date(2200, 1, 1)} {
			_, err := cal.IsWorkingDay(day)
			require.ErrorIs(t, err, dossier.ErrOutOfRange)
			var re *dossier.RangeError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, first, re.First)
			assert.Equal(t, last, re.Last)
			assert.NotEmpty(t, re.Remedy)
			assert.Contains(t, err.Error(), "2014-01-01 to 2199-12-31")
		}
		_, err := cal.DueDate(at(2199, 12, 30, 9, 0), dossier.Days(5))
		var re *dossier.RangeError
		require.ErrorAs(t, err, &re)
		assert.Contains(t, re.Remedy, "official calendar")
	})
}

func TestCalendarDaySources(t *testing.T) {
	cal := official(t)
	tests := []struct {
		name        string
		day         time.Time
		kind        dossier.DayKind
		nameHas     string
		sourceHas   string
		provisional bool
	}{
		{"official Tết", vntime.Date(2026, 2, 17), dossier.DayClosed, "Bính Ngọ", "Bộ Nội vụ", false},
		{"official worked Saturday", vntime.Date(2026, 1, 10), dossier.DayWorkedWeekend, "Làm bù", "12729/VPCP-KGVX", false},
		{"official weekday", vntime.Date(2026, 3, 4), dossier.DayWorking, "", "", false},
		{"official weekend", vntime.Date(2026, 3, 7), dossier.DayWeekend, "", "", false},
		{"provisional Tết", vntime.Date(2027, 2, 8), dossier.DayClosed, "Tết Nguyên đán Đinh Mùi", "Tạm tính: Bộ luật Lao động số 45/2019/QH14, Điều 112 khoản 1 điểm b", true},
		{"provisional compensatory day", vntime.Date(2027, 5, 3), dossier.DayClosed, "Nghỉ bù Ngày Quốc tế lao động", "Điều 111 khoản 3", true},
		{"provisional weekday", vntime.Date(2027, 3, 3), dossier.DayWorking, "", "", true},
		{"Labour Code 2012 year", vntime.Date(2019, 9, 2), dossier.DayClosed, "Quốc khánh", "10/2012/QH13, Điều 115", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			day, err := cal.Day(tt.day)
			require.NoError(t, err)
			assert.Equal(t, tt.kind, day.Kind)
			assert.Contains(t, day.Name, tt.nameHas)
			assert.Contains(t, day.Source, tt.sourceHas)
			assert.Equal(t, tt.provisional, day.Provisional)
			assert.True(t, day.Date.Equal(tt.day))
		})
	}
	off, err := cal.DaysOff(vntime.Date(2027, 2, 3), vntime.Date(2027, 2, 12))
	require.NoError(t, err)
	require.Len(t, off, 7, "Thu 4 – Wed 10 Feb 2027")
	for _, d := range off {
		assert.Equal(t, dossier.DayClosed, d.Kind, d.Date.String())
		assert.True(t, d.Provisional)
	}
	ys, err := cal.ProvisionalYears(at(2026, 12, 29, 9, 0), at(2027, 1, 4, 17, 0))
	require.NoError(t, err)
	assert.Equal(t, []int{2027}, ys)
	ys, err = cal.ProvisionalYears(at(2026, 3, 2, 9, 0), at(2026, 3, 5, 17, 0))
	require.NoError(t, err)
	assert.Nil(t, ys)
	y, err := cal.Year(2027)
	require.NoError(t, err)
	assert.True(t, y.Provisional)
	y, err = cal.Year(2026)
	require.NoError(t, err)
	assert.False(t, y.Provisional)
	_, err = cal.Year(2300)
	require.ErrorIs(t, err, dossier.ErrOutOfRange)
	assert.Len(t, cal.Years(), 2, "the years given")
}

func TestOfficialOnly(t *testing.T) {
	ys, err := dossier.OfficialYears()
	require.NoError(t, err)
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true}, ys...)
	require.NoError(t, err)
	for _, d := range []time.Time{vntime.Date(2024, 12, 31), vntime.Date(2027, 1, 1)} {
		_, err := cal.IsWorkingDay(d)
		var re *dossier.RangeError
		require.ErrorAs(t, err, &re)
		assert.Contains(t, re.Remedy, "OfficialOnly")
		assert.Equal(t, "2026-12-31", re.Last.Format(time.DateOnly))
	}
	_, err = dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true})
	require.ErrorIs(t, err, dossier.ErrCalendar)
	_, err = dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true}, dossier.Year{Year: 2025}, dossier.Year{Year: 2027})
	require.ErrorIs(t, err, dossier.ErrCalendar)
	// Without OfficialOnly the gap is computed.
	cal, err = dossier.NewCalendar(dossier.CalendarOptions{}, dossier.Year{Year: 2025}, dossier.Year{Year: 2027})
	require.NoError(t, err)
	y, err := cal.Year(2026)
	require.NoError(t, err)
	assert.True(t, y.Provisional)
}

func TestHolidayRuleProblems(t *testing.T) {
	good := dossier.HolidayRule{Name: "x", From: 2020, Placement: dossier.OnSolarDate, Month: 11, Day: 24}
	tests := []struct {
		name string
		edit func(r *dossier.HolidayRule)
	}{
		{"no name", func(r *dossier.HolidayRule) { r.Name = "" }},
		{"years reversed", func(r *dossier.HolidayRule) { r.To = 2019 }},
		{"no placement", func(r *dossier.HolidayRule) { r.Placement = dossier.PlacementUnknown }},
		{"31 November", func(r *dossier.HolidayRule) { r.Day = 31 }},
		{"month 13", func(r *dossier.HolidayRule) { r.Month = 13 }},
		{"lunar day 30", func(r *dossier.HolidayRule) { r.Placement, r.Day = dossier.OnLunarDate, 30 }},
		{"too many days", func(r *dossier.HolidayRule) { r.Days = 40 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := good
			tt.edit(&r)
			_, err := dossier.ProvisionalYear(2027, []dossier.HolidayRule{r}, nil)
			require.ErrorIs(t, err, dossier.ErrCalendar)
			_, err = dossier.NewCalendar(dossier.CalendarOptions{Rules: []dossier.HolidayRule{r}})
			require.ErrorIs(t, err, dossier.ErrCalendar)
		})
	}
	_, err := dossier.ProvisionalYear(2013, nil, nil)
	require.ErrorIs(t, err, dossier.ErrCalendar, "no rule before 2014")
	_, err = dossier.ProvisionalYear(2200, nil, nil)
	require.ErrorIs(t, err, dossier.ErrOutOfRange, "beyond the lunar calendar")
	_, err = dossier.ProvisionalYear(2027, nil, []time.Weekday{8})
	require.ErrorIs(t, err, dossier.ErrCalendar)
	_, err = dossier.NewCalendar(dossier.CalendarOptions{}, dossier.Year{Year: 2010})
	require.ErrorIs(t, err, dossier.ErrCalendar, "2011–2013 have neither a notice nor rules")
	var ce *dossier.CalendarError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 2011, ce.Year)

	// A rule added for a new holiday from a given year (24 November, were
	// the Labour Code amended) changes that year on, not before.
	culture := dossier.HolidayRule{Name: "Ngày Văn hóa Việt Nam", Basis: "test", From: 2027,
		Placement: dossier.OnSolarDate, Month: 11, Day: 24, Compensation: "test"}
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{Rules: append(dossier.LabourCode(), culture)})
	require.NoError(t, err)
	for _, tc := range []struct {
		day time.Time
		off bool
	}{{vntime.Date(2026, 11, 24), false}, {vntime.Date(2027, 11, 24), true}, {vntime.Date(2028, 11, 27), true}} { // 24/11/2028 is a Friday
		ok, err := cal.IsWorkingDay(tc.day)
		require.NoError(t, err)
		if tc.day.Year() == 2028 {
			ok, err = cal.IsWorkingDay(vntime.Date(2028, 11, 24))
			require.NoError(t, err)
		}
		assert.Equal(t, !tc.off, ok, tc.day.String())
	}
	// Sunday 24 Nov 2030: compensated on Monday 25.
	ok, err := cal.IsWorkingDay(vntime.Date(2030, 11, 25))
	require.NoError(t, err)
	assert.False(t, ok)
}

func TestProvisionalYearJSON(t *testing.T) {
	y, err := dossier.ProvisionalYear(2027, nil, nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, dossier.WriteYearsJSON(&buf, []dossier.Year{y}))
	assert.Contains(t, buf.String(), `"provisional": true`)
	back, err := dossier.ReadYearsJSON(&buf)
	require.NoError(t, err)
	require.Len(t, back, 1)
	assert.True(t, back[0].Provisional)
	assert.Equal(t, y.Closed, back[0].Closed)
	// A provisional year given to NewCalendar stays provisional.
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{}, back...)
	require.NoError(t, err)
	day, err := cal.Day(vntime.Date(2027, 2, 5))
	require.NoError(t, err)
	assert.True(t, day.Provisional)
}

// TestReceiveOnProvisionalYear: a due date that rests on a provisional
// year is recorded as such in the receive event, and when the official
// notice arrives DueChanges lists the dossiers whose due date moves.
func TestReceiveOnProvisionalYear(t *testing.T) {
	f := newFixture(t, at(2026, 12, 29, 10, 0))
	late := f.submit(t)
	late, err := f.svc.Receive(f.ctx, late.Code, officer)
	require.NoError(t, err, "no 'date outside the calendar' in January")
	assert.Equal(t, at(2027, 1, 4, 17, 0).String(), late.DueAt.String())
	ev := late.Events[len(late.Events)-1]
	assert.Equal(t, "2027", ev.Data.Get("provisional"))
	assert.Equal(t, []int{2027}, late.ProvisionalYears())
	require.NoError(t, dossier.VerifyTrail(late.Code, late.Events))

	f.clock.set(at(2026, 12, 29, 11, 0))
	early := f.submit(t)
	f.clock.set(at(2026, 12, 29, 11, 30))
	early, err = f.svc.Receive(f.ctx, early.Code, officer)
	require.NoError(t, err)

	// A third dossier, received in 2026 for a 0-day procedure: official only.
	f.clock.set(at(2026, 12, 29, 12, 0))
	sub := birthSubmission()
	sub.ProcedureCode = "3.000003"
	sub.Attachments, sub.Channel = nil, catalog.Counter
	same, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	f.clock.set(at(2026, 12, 29, 13, 30))
	same, err = f.svc.Receive(f.ctx, same.Code, officer)
	require.NoError(t, err)
	assert.Nil(t, same.ProvisionalYears())

	// The 2027 notice (hypothetical, for the test): Monday 4 January is
	// swapped off, worked on Saturday 9 January.
	notice := `{"years":[{"year":2027,"sources":["test notice"],
		"closed":[{"from":"2027-01-01","to":"2027-01-04","name":"Tết Dương lịch (hoán đổi)"},
		          {"from":"2027-02-04","to":"2027-02-10","name":"Tết Nguyên đán Đinh Mùi"}],
		"worked":[{"date":"2027-01-09","name":"Làm bù cho thứ Hai 04/01/2027"}]}]}`
	y27, err := dossier.ReadYearsJSON(strings.NewReader(notice))
	require.NoError(t, err)
	ys, err := dossier.OfficialYears()
	require.NoError(t, err)
	newCal, err := dossier.NewCalendar(dossier.CalendarOptions{}, append(ys, y27...)...)
	require.NoError(t, err)

	days, err := dossier.CompareCalendars(f.svc.Calendar(), newCal, vntime.Date(2027, 1, 1), vntime.Date(2027, 12, 31))
	require.NoError(t, err)
	var changed []string
	for _, d := range days {
		changed = append(changed, d.After.Date.Format(time.DateOnly))
	}
	// The notice swaps 4 and 9 January; the rest of 2027 is as the rules
	// computed, except what the test notice leaves out (it has no Hùng
	// Kings' day, 30 April, 1 May nor 2 September: they become working days).
	assert.Equal(t, []string{"2027-01-04", "2027-01-09", "2027-04-16", "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03"}, changed)

	got, err := dossier.DueChanges(f.ctx, f.store, newCal, dossier.Filter{})
	require.NoError(t, err)
	require.Len(t, got, 2, "both dossiers due on 4 January move; the 2026 one does not")
	for _, c := range got {
		assert.Equal(t, at(2027, 1, 4, 17, 0).String(), c.DueAt.String())
		assert.Equal(t, at(2027, 1, 5, 17, 0).String(), c.NewDueAt.String(), c.Code)
		assert.Equal(t, []int{2027}, c.Provisional)
		assert.Equal(t, dossier.Received, c.Status)
	}
	// Under the same calendar nothing moves.
	got, err = dossier.DueChanges(f.ctx, f.store, f.svc.Calendar(), dossier.Filter{})
	require.NoError(t, err)
	assert.Empty(t, got)
	_, err = dossier.DueChanges(f.ctx, nil, newCal, dossier.Filter{})
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
}

// TestDueChangesReplaysPauses: the recount follows supplementation and
// apologies as the service did.
func TestDueChangesReplaysPauses(t *testing.T) {
	f := newFixture(t, at(2026, 12, 21, 9, 0))
	d := f.submit(t)
	d, err := f.svc.Receive(f.ctx, d.Code, officer)
	require.NoError(t, err)
	assert.Equal(t, at(2026, 12, 24, 17, 0).String(), d.DueAt.String())
	f.clock.set(at(2026, 12, 22, 9, 0))
	_, err = f.svc.RequestSupplement(f.ctx, d.Code, officer, "thiếu giấy")
	require.NoError(t, err)
	f.clock.set(at(2026, 12, 30, 9, 0))
	d, err = f.svc.Supplement(f.ctx, d.Code, applicant, nil, map[string]any{"x": "y"})
	require.NoError(t, err)
	// Two working days left from 30 Dec: 31 Dec, then Monday 4 Jan 2027
	// (1 January is a holiday).
	assert.Equal(t, at(2027, 1, 4, 17, 0).String(), d.DueAt.String())
	assert.Equal(t, []int{2027}, d.ProvisionalYears())

	other := official(t)
	got, err := dossier.DueChanges(f.ctx, f.store, other, dossier.Filter{})
	require.NoError(t, err)
	assert.Empty(t, got, "the same calendar recounts the same due time")

	strict, err := dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true}, mustOfficialYears(t)...)
	require.NoError(t, err)
	_, err = dossier.DueChanges(f.ctx, f.store, strict, dossier.Filter{})
	require.ErrorIs(t, err, dossier.ErrOutOfRange, "a 2027 due time cannot be recounted in a calendar that ends in 2026")
	assert.True(t, errors.Is(err, dossier.ErrOutOfRange))
}

func mustOfficialYears(t testing.TB) []dossier.Year {
	t.Helper()
	ys, err := dossier.OfficialYears()
	require.NoError(t, err)
	return ys
}

func TestPlacementText(t *testing.T) {
	for _, p := range []dossier.Placement{dossier.OnSolarDate, dossier.OnLunarDate, dossier.AroundTet, dossier.WithAdjacentDay} {
		b, err := p.MarshalText()
		require.NoError(t, err)
		var back dossier.Placement
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, p, back)
	}
	_, err := dossier.PlacementUnknown.MarshalText()
	require.Error(t, err)
	for _, k := range []dossier.DayKind{dossier.DayWorking, dossier.DayWeekend, dossier.DayClosed, dossier.DayWorkedWeekend} {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back dossier.DayKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	var k dossier.DayKind
	require.Error(t, k.UnmarshalText([]byte("holiday")))
}

func FuzzDueDateProvisional(f *testing.F) {
	cal := official(f)
	f.Add(int64(0), 5, uint8(0), int64(36000))
	f.Add(int64(4000), 30, uint8(1), int64(60000))
	f.Add(int64(60000), 3, uint8(2), int64(0))
	f.Add(int64(67000), 600, uint8(3), int64(50000))
	units := []catalog.TimeUnit{catalog.WorkingDays, catalog.CalendarDays, catalog.Months, catalog.WorkingHours}
	first, last := cal.Range()
	span := int64(last.Sub(first)/(24*time.Hour)) + 1
	f.Fuzz(func(t *testing.T, off int64, n int, unit uint8, sec int64) {
		if off < 0 {
			off = -off
		}
		if off < 0 { // math.MinInt64
			return
		}
		n %= 1000
		if n < 0 {
			n = -n
		}
		if sec < 0 {
			sec = -sec
		}
		received := first.AddDate(0, 0, int(off%span)).Add(time.Duration(sec%86400) * time.Second)
		dl := dossier.Deadline{N: n, Unit: units[int(unit)%len(units)]}
		due, err := cal.DueDate(received, dl)
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrOutOfRange)
			return
		}
		require.False(t, due.Before(received), "due %s before received %s", due, received)
		ok, err := cal.IsWorkingDay(due)
		require.NoError(t, err)
		require.True(t, ok, "due %s on a day off", due)
		if dl.Unit == catalog.WorkingDays {
			start, err := cal.StartOfCount(received, 0)
			require.NoError(t, err)
			got, err := cal.WorkingDaysBetween(start, due)
			require.NoError(t, err)
			require.Equal(t, n, got)
		}
	})
}

// TestProvisionalYearsInvariants: for every year the rules compute, the
// closures are ordered and do not overlap, and the weekdays off number
// what the Labour Code grants: 10 a year under the 2012 code, 11 under the
// 2019 code (a holiday on a weekend is compensated on a weekday).
func TestProvisionalYearsInvariants(t *testing.T) {
	cal := rulesOnly(t)
	for year := dossier.FirstYear; year <= dossier.LastYear; year++ {
		y, err := cal.Year(year)
		require.NoError(t, err)
		require.True(t, y.Provisional)
		for i := 1; i < len(y.Closed); i++ {
			require.True(t, y.Closed[i-1].To.Before(y.Closed[i].From), "%d: closures %d and %d overlap", year, i-1, i)
		}
		want := 11
		if year <= 2020 {
			want = 10
		}
		weekdaysOff := 0
		for d := vntime.Date(year, 1, 1); d.Year() == year; d = d.AddDate(0, 0, 1) {
			if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
				continue
			}
			if ok, err := cal.IsWorkingDay(d); err == nil && !ok {
				weekdaysOff++
			}
		}
		assert.Equal(t, want, weekdaysOff, "year %d: %v", year, y.Closed)
	}
}

func TestNewCalendarGaps(t *testing.T) {
	// A year far beyond the lunar calendar: the years between cannot be
	// computed, and say so in one error, not one per year.
	_, err := dossier.NewCalendar(dossier.CalendarOptions{}, dossier.Year{Year: 9999})
	require.ErrorIs(t, err, dossier.ErrCalendar)
	var ce *dossier.CalendarError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, 2200, ce.Year)
	assert.Contains(t, err.Error(), "years 2200–9998")
	assert.Less(t, len(err.Error()), 400)
	// Before the rules, likewise.
	_, err = dossier.NewCalendar(dossier.CalendarOptions{}, dossier.Year{Year: 1976})
	require.ErrorAs(t, err, &ce)
	assert.Contains(t, err.Error(), "years 1977–2013")
	// With OfficialOnly the far year stands alone.
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{OfficialOnly: true}, dossier.Year{Year: 9999})
	require.NoError(t, err)
	first, last := cal.Range()
	assert.Equal(t, "9999-01-01", first.Format(time.DateOnly))
	assert.Equal(t, "9999-12-31", last.Format(time.DateOnly))
}
