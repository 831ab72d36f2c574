package dossier_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

// lunarFirst and lunarLast are the first and last solar days the lunar
// conversions support.
var (
	lunarFirst = vntime.Date(1800, time.January, 1)
	lunarLast  = vntime.Date(2199, time.December, 31)
)

func TestLunarKnownDates(t *testing.T) {
	tests := []struct {
		name  string
		solar time.Time
		lunar dossier.LunarDate
		str   string
	}{
		{"Tết 2025", vntime.Date(2025, time.January, 29), dossier.LunarDate{Year: 2025, Month: 1, Day: 1}, "1/1/2025 âm lịch"},
		{"Tết 2026", vntime.Date(2026, time.February, 17), dossier.LunarDate{Year: 2026, Month: 1, Day: 1}, "1/1/2026 âm lịch"},
		{"Tết 2027", vntime.Date(2027, time.February, 6), dossier.LunarDate{Year: 2027, Month: 1, Day: 1}, "1/1/2027 âm lịch"},
		{"New Year's Eve 2025", vntime.Date(2025, time.January, 28), dossier.LunarDate{Year: 2024, Month: 12, Day: 29}, "29/12/2024 âm lịch"},
		{"Hùng Kings 2025", vntime.Date(2025, time.April, 7), dossier.LunarDate{Year: 2025, Month: 3, Day: 10}, "10/3/2025 âm lịch"},
		{"Hùng Kings 2026", vntime.Date(2026, time.April, 26), dossier.LunarDate{Year: 2026, Month: 3, Day: 10}, "10/3/2026 âm lịch"},
		{"Hùng Kings 2027", vntime.Date(2027, time.April, 16), dossier.LunarDate{Year: 2027, Month: 3, Day: 10}, "10/3/2027 âm lịch"},
		{"Mid-Autumn 2025", vntime.Date(2025, time.October, 6), dossier.LunarDate{Year: 2025, Month: 8, Day: 15}, "15/8/2025 âm lịch"},
		{"leap 4th month 2020", vntime.Date(2020, time.June, 6), dossier.LunarDate{Year: 2020, Month: 4, Day: 15, Leap: true}, "15/4 nhuận/2020 âm lịch"},
		{"4th month 2020", vntime.Date(2020, time.May, 7), dossier.LunarDate{Year: 2020, Month: 4, Day: 15}, "15/4/2020 âm lịch"},
		{"leap 2nd month 2023", vntime.Date(2023, time.March, 22), dossier.LunarDate{Year: 2023, Month: 2, Day: 1, Leap: true}, "1/2 nhuận/2023 âm lịch"},
		{"leap 6th month 2025", vntime.Date(2025, time.August, 22), dossier.LunarDate{Year: 2025, Month: 6, Day: 29, Leap: true}, "29/6 nhuận/2025 âm lịch"},
		{"leap 11th month 2033", vntime.Date(2033, time.December, 22), dossier.LunarDate{Year: 2033, Month: 11, Day: 1, Leap: true}, "1/11 nhuận/2033 âm lịch"},
		{"Tết 1968", vntime.Date(1968, time.January, 29), dossier.LunarDate{Year: 1968, Month: 1, Day: 1}, "1/1/1968 âm lịch"},
		{"Tết 1985", vntime.Date(1985, time.January, 21), dossier.LunarDate{Year: 1985, Month: 1, Day: 1}, "1/1/1985 âm lịch"},
		{"Tết 2007", vntime.Date(2007, time.February, 17), dossier.LunarDate{Year: 2007, Month: 1, Day: 1}, "1/1/2007 âm lịch"},
		{"first day", lunarFirst, dossier.LunarDate{Year: 1799, Month: 12, Day: 7}, "7/12/1799 âm lịch"},
		{"last day", lunarLast, dossier.LunarDate{Year: 2199, Month: 11, Day: 14}, "14/11/2199 âm lịch"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dossier.ToLunar(tt.solar)
			require.NoError(t, err)
			assert.Equal(t, tt.lunar, got)
			assert.Equal(t, tt.str, got.String())
			solar, err := tt.lunar.Solar()
			require.NoError(t, err)
			assert.True(t, solar.Equal(tt.solar), "Solar() = %v", solar)
			assert.Equal(t, vntime.Location, solar.Location())
		})
	}
}

func TestLunarTimeZones(t *testing.T) {
	tests := []struct {
		name string
		t    time.Time
		want dossier.LunarDate
	}{
		{"20:00 UTC is 03:00 next day in Vietnam", time.Date(2025, time.January, 28, 20, 0, 0, 0, time.UTC), dossier.LunarDate{Year: 2025, Month: 1, Day: 1}},
		{"16:59:59 UTC is still the eve", time.Date(2025, time.January, 28, 16, 59, 59, 0, time.UTC), dossier.LunarDate{Year: 2024, Month: 12, Day: 29}},
		{"17:00 UTC is midnight in Vietnam", time.Date(2025, time.January, 28, 17, 0, 0, 0, time.UTC), dossier.LunarDate{Year: 2025, Month: 1, Day: 1}},
		{"Beijing midnight is 23:00 in Vietnam", time.Date(2025, time.January, 29, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)), dossier.LunarDate{Year: 2024, Month: 12, Day: 29}},
		{"New York evening", time.Date(2026, time.February, 16, 12, 30, 0, 0, time.FixedZone("EST", -5*3600)), dossier.LunarDate{Year: 2026, Month: 1, Day: 1}},
		{"last instant", time.Date(2199, time.December, 31, 23, 59, 59, 999999999, vntime.Location), dossier.LunarDate{Year: 2199, Month: 11, Day: 14}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dossier.ToLunar(tt.t)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestLunarNewYearAndYearName(t *testing.T) {
	tests := []struct {
		year int
		tet  time.Time
		name string
	}{
		{1800, vntime.Date(1800, time.January, 25), "Canh Thân"},
		{1968, vntime.Date(1968, time.January, 29), "Mậu Thân"},
		{1985, vntime.Date(1985, time.January, 21), "Ất Sửu"},
		{2007, vntime.Date(2007, time.February, 17), "Đinh Hợi"},
		{2024, vntime.Date(2024, time.February, 10), "Giáp Thìn"},
		{2025, vntime.Date(2025, time.January, 29), "Ất Tỵ"},
		{2026, vntime.Date(2026, time.February, 17), "Bính Ngọ"},
		{2027, vntime.Date(2027, time.February, 6), "Đinh Mùi"},
		{2030, vntime.Date(2030, time.February, 2), "Canh Tuất"},
		{2199, vntime.Date(2199, time.January, 26), "Kỷ Hợi"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tet, err := dossier.LunarNewYear(tt.year)
			require.NoError(t, err)
			assert.True(t, tet.Equal(tt.tet), "LunarNewYear(%d) = %v", tt.year, tet)
			assert.Equal(t, vntime.Location, tet.Location())
			assert.Equal(t, tt.name, dossier.LunarDate{Year: tt.year, Month: 1, Day: 1}.YearName())
		})
	}
	// YearName names any year, negative ones too, without panicking.
	assert.Equal(t, "Giáp Tý", dossier.LunarDate{Year: 1984}.YearName())
	assert.Equal(t, "Canh Thân", dossier.LunarDate{Year: 0}.YearName())
	assert.NotPanics(t, func() {
		_ = dossier.LunarDate{Year: math.MinInt}.YearName()
		_ = dossier.LunarDate{Year: math.MaxInt}.YearName()
	})
}

func TestLeapMonthAndMonthDays(t *testing.T) {
	leaps := map[int]int{2020: 4, 2023: 2, 2025: 6, 2026: 0, 2027: 0, 2028: 5, 2033: 11, 1985: 2, 1984: 0}
	for year, want := range leaps {
		got, err := dossier.LeapMonth(year)
		require.NoError(t, err)
		assert.Equal(t, want, got, "LeapMonth(%d)", year)
	}
	tests := []struct {
		name         string
		year, month  int
		leap         bool
		want         int
		wantInvalid  bool
		wantOutRange bool
	}{
		{"1st month 2025", 2025, 1, false, 30, false, false},
		{"2nd month 2025", 2025, 2, false, 29, false, false},
		{"leap 6th month 2025", 2025, 6, true, 29, false, false},
		{"leap 4th month 2020", 2020, 4, true, 29, false, false},
		{"12th month 2024", 2024, 12, false, 29, false, false},
		{"no leap 5th month 2025", 2025, 5, true, 0, true, false},
		{"no leap in 2026", 2026, 1, true, 0, true, false},
		{"month 13", 2025, 13, false, 0, true, false},
		{"month 0", 2025, 0, false, 0, true, false},
		{"year 1799", 1799, 12, false, 0, false, true},
		{"year 2200", 2200, 1, false, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := dossier.LunarMonthDays(tt.year, tt.month, tt.leap)
			switch {
			case tt.wantInvalid:
				require.ErrorIs(t, err, dossier.ErrInvalidLunarDate)
				require.NotErrorIs(t, err, dossier.ErrOutOfRange)
			case tt.wantOutRange:
				require.ErrorIs(t, err, dossier.ErrOutOfRange)
			default:
				require.NoError(t, err)
				assert.Equal(t, tt.want, got)
			}
		})
	}
	for _, y := range []int{dossier.FirstLunarYear - 1, dossier.LastLunarYear + 1, math.MinInt, math.MaxInt} {
		_, err := dossier.LeapMonth(y)
		require.ErrorIs(t, err, dossier.ErrOutOfRange, "LeapMonth(%d)", y)
		_, err = dossier.LunarNewYear(y)
		var re *dossier.RangeError
		require.ErrorAs(t, err, &re, "LunarNewYear(%d)", y)
		assert.True(t, re.Date.IsZero())
	}
}

func TestLunarErrors(t *testing.T) {
	t.Run("out of range", func(t *testing.T) {
		tests := []struct {
			name string
			f    func() error
			date time.Time // the RangeError's Date, zero if none
		}{
			{"31 Dec 1799", func() error { _, err := dossier.ToLunar(vntime.Date(1799, time.December, 31)); return err }, vntime.Date(1799, time.December, 31)},
			{"1 Jan 2200", func() error { _, err := dossier.ToLunar(vntime.Date(2200, time.January, 1)); return err }, vntime.Date(2200, time.January, 1)},
			{"17:00 UTC 31 Dec 2199", func() error {
				_, err := dossier.ToLunar(time.Date(2199, time.December, 31, 17, 0, 0, 0, time.UTC))
				return err
			}, vntime.Date(2200, time.January, 1)},
			{"16:59 UTC 31 Dec 1799", func() error {
				_, err := dossier.ToLunar(time.Date(1799, time.December, 31, 16, 59, 0, 0, time.UTC))
				return err
			}, vntime.Date(1799, time.December, 31)},
			{"far future", func() error { _, err := dossier.ToLunar(time.Unix(1<<62, 0)); return err }, time.Unix(1<<62, 0).In(vntime.Location).Truncate(0)},
			{"month 11 of 1799 is before 1800", func() error { _, err := dossier.LunarDate{Year: 1799, Month: 11, Day: 1}.Solar(); return err }, vntime.Date(1799, time.November, 27)},
			{"12th month of 2199 is in 2200", func() error { _, err := dossier.LunarDate{Year: 2199, Month: 12, Day: 1}.Solar(); return err }, vntime.Date(2200, time.January, 16)},
			{"lunar year 2300", func() error { _, err := dossier.LunarDate{Year: 2300, Month: 1, Day: 1}.Solar(); return err }, time.Time{}},
			{"5th month of 1799", func() error { _, err := dossier.LunarDate{Year: 1799, Month: 5, Day: 1}.Solar(); return err }, time.Time{}},
			{"Tết 2200", func() error { _, err := dossier.LunarNewYear(2200); return err }, time.Time{}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				err := tt.f()
				require.ErrorIs(t, err, dossier.ErrOutOfRange)
				var re *dossier.RangeError
				require.ErrorAs(t, err, &re)
				assert.True(t, re.First.Equal(lunarFirst), "First")
				assert.True(t, re.Last.Equal(lunarLast), "Last")
				assert.NotEmpty(t, re.Remedy)
				if tt.date.IsZero() {
					assert.True(t, re.Date.IsZero(), "Date = %v", re.Date)
				} else {
					y, m, d := tt.date.Date()
					assert.True(t, re.Date.Equal(vntime.Date(y, m, d)), "Date = %v", re.Date)
				}
			})
		}
	})
	t.Run("invalid", func(t *testing.T) {
		for _, d := range []dossier.LunarDate{
			{},
			{Year: 2025, Month: 13, Day: 1},
			{Year: 2025, Month: 0, Day: 1},
			{Year: 2025, Month: 1, Day: 0},
			{Year: 2025, Month: 1, Day: 31},
			{Year: 2025, Month: 2, Day: 30},             // 29 days
			{Year: 2025, Month: 6, Day: 30, Leap: true}, // the leap 6th month has 29 days
			{Year: 2025, Month: 5, Day: 1, Leap: true},  // 2025's leap month is the 6th
			{Year: 2026, Month: 1, Day: 1, Leap: true},  // 2026 has none
			{Year: 1799, Month: 11, Day: 30},            // 29 days
			{Year: 3000, Month: 14, Day: 1},
		} {
			t.Run(d.String(), func(t *testing.T) {
				_, err := d.Solar()
				require.ErrorIs(t, err, dossier.ErrInvalidLunarDate)
				require.NotErrorIs(t, err, dossier.ErrOutOfRange)
				assert.Contains(t, err.Error(), d.String())
			})
		}
	})
}

// TestLunarRoundTrip converts every supported day to its lunar date and
// back, checking that successive days have successive lunar dates, then
// every lunar date of the supported years to its day and back.
func TestLunarRoundTrip(t *testing.T) {
	var prev dossier.LunarDate
	days := 0
	for day := lunarFirst; !day.After(lunarLast); day = day.AddDate(0, 0, 1) {
		got, err := dossier.ToLunar(day.Add(12 * time.Hour))
		require.NoError(t, err, day)
		back, err := got.Solar()
		require.NoError(t, err, got)
		require.True(t, back.Equal(day), "%v → %v → %v", day, got, back)
		if days > 0 {
			switch {
			case got.Day > 1:
				require.Equal(t, dossier.LunarDate{Year: prev.Year, Month: prev.Month, Day: prev.Day + 1, Leap: prev.Leap}, got, day)
			case prev.Day < 29:
				t.Fatalf("%v: %v follows %v", day, got, prev)
			}
		}
		prev = got
		days++
	}
	assert.Equal(t, 146097, days) // 400 Gregorian years

	months := 0
	for year := dossier.FirstLunarYear; year <= dossier.LastLunarYear; year++ {
		leap, err := dossier.LeapMonth(year)
		require.NoError(t, err)
		for month := 1; month <= 12; month++ {
			for _, isLeap := range []bool{false, true} {
				if isLeap && month != leap {
					continue
				}
				n, err := dossier.LunarMonthDays(year, month, isLeap)
				require.NoError(t, err)
				months++
				for day := 1; day <= 30; day++ {
					d := dossier.LunarDate{Year: year, Month: month, Day: day, Leap: isLeap}
					solar, err := d.Solar()
					if day > n {
						require.ErrorIs(t, err, dossier.ErrInvalidLunarDate, d)
						continue
					}
					if errors.Is(err, dossier.ErrOutOfRange) { // the end of 2199
						require.Equal(t, dossier.LastLunarYear, year, d)
						continue
					}
					require.NoError(t, err, d)
					back, err := dossier.ToLunar(solar)
					require.NoError(t, err)
					require.Equal(t, d, back)
				}
			}
		}
	}
	assert.Greater(t, months, 400*12)
}

// FuzzLunar checks that no input panics: any supported day round-trips,
// any instant converts or is out of range, and any lunar date converts
// back to itself or fails with one of the two documented errors.
func FuzzLunar(f *testing.F) {
	f.Add(int64(0), 2025, 1, 1, false)
	f.Add(int64(-1), 2020, 4, 15, true)
	f.Add(int64(146096), 2199, 12, 30, false)
	f.Add(int64(1<<62), 1799, 11, 1, false)
	f.Add(int64(math.MinInt64), math.MinInt, -1, math.MaxInt, true)
	f.Fuzz(func(t *testing.T, off int64, year, month, day int, leap bool) {
		const span = 146097 // days from 1 Jan 1800 to 31 Dec 2199
		n := off % span
		if n < 0 {
			n += span
		}
		solar := lunarFirst.AddDate(0, 0, int(n))
		l, err := dossier.ToLunar(solar)
		require.NoError(t, err, solar)
		back, err := l.Solar()
		require.NoError(t, err, l)
		require.True(t, back.Equal(solar), "%v → %v → %v", solar, l, back)

		if l, err := dossier.ToLunar(time.Unix(off, 0)); err != nil {
			require.ErrorIs(t, err, dossier.ErrOutOfRange)
		} else {
			back, err := l.Solar()
			require.NoError(t, err)
			y, m, d := time.Unix(off, 0).In(vntime.Location).Date()
			require.True(t, back.Equal(vntime.Date(y, m, d)))
		}

		d := dossier.LunarDate{Year: year, Month: month, Day: day, Leap: leap}
		_ = d.String()
		_ = d.YearName()
		s, err := d.Solar()
		if err != nil {
			require.True(t, errors.Is(err, dossier.ErrOutOfRange) || errors.Is(err, dossier.ErrInvalidLunarDate), err)
			return
		}
		got, err := dossier.ToLunar(s)
		require.NoError(t, err)
		require.Equal(t, d, got)
		if _, err := dossier.LunarMonthDays(year, month, leap); err != nil { // 1799: not a supported year
			require.ErrorIs(t, err, dossier.ErrOutOfRange)
		}
	})
}

func BenchmarkToLunar(b *testing.B) {
	days := make([]time.Time, 1024)
	for i := range days {
		days[i] = vntime.Date(1900, time.January, 1).AddDate(0, 0, i*71)
	}
	if _, err := dossier.ToLunar(days[0]); err != nil { // builds the table
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := dossier.ToLunar(days[i&1023]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkLunarSolar(b *testing.B) {
	dates := make([]dossier.LunarDate, 1024)
	for i := range dates {
		l, err := dossier.ToLunar(vntime.Date(1900, time.January, 1).AddDate(0, 0, i*71))
		if err != nil {
			b.Fatal(err)
		}
		dates[i] = l
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := dates[i&1023].Solar(); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
