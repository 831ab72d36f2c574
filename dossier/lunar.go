package dossier

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// FirstLunarYear and LastLunarYear are the first and last lunar years that
// [LunarNewYear], [LeapMonth] and [LunarMonthDays] know. [ToLunar] and
// [LunarDate.Solar] convert the solar days 1 January 1800 to 31 December
// 2199, which run from the 12th month of lunar year 1799 (1 January 1800 is
// 7/12/1799 âm lịch) to the 11th month of lunar year 2199 (31 December
// 2199 is 14/11/2199).
const (
	FirstLunarYear = 1800
	LastLunarYear  = 2199
)

// ErrInvalidLunarDate: a lunar date that does not exist, such as month 13,
// day 0, day 30 of a 29-day month, or a leap month in a year whose leap
// month has another number (or that has none).
var ErrInvalidLunarDate = errors.New("dossier: invalid lunar date")

const (
	// lunarFirstDay and lunarLastDay are the day numbers of 1 Jan 1800 and
	// 31 Dec 2199, the solar days the conversions support.
	lunarFirstDay = -62091
	lunarLastDay  = 84005
	// A lunar table runs from the 11th month of lunarTableFirstYear (which
	// holds 1 Jan 1800) to the 11th month of lunarTableLastYear.
	lunarTableFirstYear = 1799
	lunarTableLastYear  = 2200
	// lunarUTC7Year is the first lunar year that Vietnam computes for
	// UTC+7; the years before it are computed for UTC+8.
	lunarUTC7Year = 1968
)

// LunarDate is a date of the Vietnamese lunisolar calendar (âm lịch).
//
// The calendar follows the rules set out by Hồ Ngọc Đức
// (https://www.informatik.uni-leipzig.de/~duc/amlich/calrules.html), the
// de facto standard of Vietnamese calendars: a month begins on the day of
// the new moon; the 11th month is the one holding the winter solstice; when
// 13 months separate two 11th months, the first month after the 11th that
// holds no major solar term (trung khí, a multiple of 30° of the sun's
// longitude) is the leap month (tháng nhuận) and repeats the number of the
// month before it. Days, and the instants compared with their midnights,
// are taken at UTC+7, Vietnam's time, not at China's UTC+8, so the two
// calendars part in some years (see [LunarNewYear]). That holds from lunar
// year 1968, when North Vietnam adopted a calendar for UTC+7 (decision of
// 8 August 1967; the South followed in 1975); the lunar years before 1968
// are computed for UTC+8, the time of the calendar then in use, as in Hồ
// Ngọc Đức's tables.
//
// The new moons and the sun's longitude come from the astronomy of
// Calendrical Calculations (Reingold and Dershowitz, Millennium edition:
// Meeus's new-moon series, Bretagnon and Simon's solar longitude with
// aberration and nutation, their ΔT), which reproduce Hồ Ngọc Đức's
// published year tables; the shorter series of his amlich.js program
// (Meeus's new moon with 13 terms, the sun's longitude with 3) puts the
// first day of a month on the next day in eight years from 2054 to 2199,
// Tết in 2175 and 2199 among them, against his tables.
//
// The tests compare every month with those tables (TK19 to TK22, lunar
// years 1800 to 2199). They agree in every year from 1926 to 2199. In 19
// years from 1800 to 1925 the tables follow the calendars of the time,
// which no rule reproduces: the leap month differs in 1800, 1803, 1805, 1808
// and 1811, Tết in 1896, 1916 and 1925, and the first day of a month in
// 1801, 1804, 1809, 1831, 1841, 1862, 1880, 1890, 1906, 1914 and 1920. The
// tests also compare the same computation for UTC+8 with the Hong Kong
// Observatory's tables of the Chinese calendar (1900 to 2100).
//
// The zero value is not a valid date.
type LunarDate struct {
	Year  int  // lunar year, numbered as the solar year in which its Tết falls
	Month int  // 1..12
	Day   int  // 1..30
	Leap  bool // the leap month (tháng nhuận) that follows the month of the same number
}

// ToLunar returns the lunar date of t's date in Asia/Ho_Chi_Minh, whatever
// t's location: 20:00 UTC on 28 January 2025 is already 03:00 on
// 29 January in Vietnam, Tết 2025. A date outside 1 January 1800 to
// 31 December 2199 is a [*RangeError].
func ToLunar(t time.Time) (LunarDate, error) {
	if t.Before(dayTime(lunarFirstDay, 0)) || !t.Before(dayTime(lunarLastDay+1, 0)) {
		y, m, d := t.In(vntime.Location).Date()
		return LunarDate{}, lunarDateRangeError(vntime.Date(y, m, d), "")
	}
	return vnLunar().lunarDate(dayNumber(t)), nil
}

// Solar returns midnight, in Asia/Ho_Chi_Minh, of the day d names. A date
// that does not exist is an error wrapping [ErrInvalidLunarDate]. A date
// whose day falls outside 1 January 1800 to 31 December 2199, or that lies
// in a lunar year too far out to be checked, is a [*RangeError].
func (d LunarDate) Solar() (time.Time, error) {
	tab := vnLunar()
	dn, check := tab.dayNumber(d.Year, d.Month, d.Day, d.Leap)
	switch check {
	case lunarOK:
		return dayTime(dn, 0), nil
	case lunarBeyond:
		return time.Time{}, lunarDateRangeError(dayTime(dn, 0), "")
	case lunarUnknown:
		return time.Time{}, lunarDateRangeError(time.Time{},
			fmt.Sprintf("%s is outside the lunar years %d to %d", d, FirstLunarYear, LastLunarYear))
	default:
		return time.Time{}, fmt.Errorf("%w: %s: %s", ErrInvalidLunarDate, d, tab.whyInvalid(d.Year, d.Month, d.Day, d.Leap))
	}
}

// String returns the date as Vietnamese write it, day/month/year followed
// by "âm lịch" (lunar), with "nhuận" (leap) after the month of a leap
// month: "10/3/2026 âm lịch", "15/4 nhuận/2020 âm lịch".
func (d LunarDate) String() string {
	b := make([]byte, 0, 32)
	b = strconv.AppendInt(b, int64(d.Day), 10)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d.Month), 10)
	if d.Leap {
		b = append(b, " nhuận"...)
	}
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(d.Year), 10)
	b = append(b, " âm lịch"...)
	return string(b)
}

var (
	heavenlyStems   = [10]string{"Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý"}
	earthlyBranches = [12]string{"Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi"}
)

// YearName returns the name of d's lunar year in the sexagenary cycle (can
// chi), heavenly stem then earthly branch: 2025 is "Ất Tỵ", 2026 "Bính
// Ngọ", 2027 "Đinh Mùi". It names any year, in the supported range or not.
func (d LunarDate) YearName() string {
	y := int64(d.Year) // no overflow in the additions below
	return heavenlyStems[floorMod(y+6, 10)] + " " + earthlyBranches[floorMod(y+8, 12)]
}

// floorMod returns a mod n in [0, n).
func floorMod(a, n int64) int64 {
	m := a % n
	if m < 0 {
		m += n
	}
	return m
}

// LunarNewYear returns Tết, the first day of lunar year year, at midnight in
// Asia/Ho_Chi_Minh. A year outside [FirstLunarYear] to [LastLunarYear] is a
// [*RangeError].
//
// Vietnamese Tết and the Chinese New Year fall on different days when the
// new moon comes between 23:00 and midnight Vietnam time, or when the leap
// months of the two calendars differ. Between 1900 and 2100, Hồ Ngọc Đức's
// tables and the Hong Kong Observatory's put them on different days in
// 1925, 1968, 1969, 1985, 2007, 2030 and 2053. In 1985 Tết came a month
// before the Chinese New Year (21 January against 20 February): China had a
// leap 10th month in 1984, Vietnam a leap 2nd month in 1985. In 2007 Tết
// was 17 February, the Chinese New Year 18 February; in 1968, 29 and 30
// January. In 1925 the difference is the tables' alone: the rule gives
// 24 January in both countries, and so does LunarNewYear. It also gives
// 14 February 1896 and 4 February 1916 where Hồ Ngọc Đức's tables, following
// the calendars of the time, have 13 February and 3 February (see
// [LunarDate]).
func LunarNewYear(year int) (time.Time, error) {
	dn, ok := tetDayNumber(year)
	if !ok {
		return time.Time{}, lunarYearRangeError(year)
	}
	return dayTime(dn, 0), nil
}

// LeapMonth returns the number of the leap month of lunar year year, which
// repeats the month of that number, or 0 if the year has none: 2020 has a
// leap 4th month, 2023 a leap 2nd, 2025 a leap 6th, 2033 a leap 11th. A
// year outside [FirstLunarYear] to [LastLunarYear] is a [*RangeError].
func LeapMonth(year int) (int, error) {
	tab := vnLunar()
	i, ok := tab.yearMonths(year)
	if !ok {
		return 0, lunarYearRangeError(year)
	}
	for ; tab.months[i].year == int16(year); i++ {
		if tab.months[i].leap {
			return int(tab.months[i].month), nil
		}
	}
	return 0, nil
}

// LunarMonthDays returns the number of days, 29 or 30, of month month of
// lunar year year, or of its leap month when leap is set. A month that does
// not exist is an error wrapping [ErrInvalidLunarDate]; a year outside
// [FirstLunarYear] to [LastLunarYear] is a [*RangeError].
func LunarMonthDays(year, month int, leap bool) (int, error) {
	if month < 1 || month > 12 {
		return 0, fmt.Errorf("%w: month %d of lunar year %d: months are 1 to 12", ErrInvalidLunarDate, month, year)
	}
	tab := vnLunar()
	if _, ok := tab.yearMonths(year); !ok {
		return 0, lunarYearRangeError(year)
	}
	i, ok := tab.find(year, month, leap)
	if !ok {
		return 0, fmt.Errorf("%w: leap month %d of lunar year %d: %s", ErrInvalidLunarDate, month, year, tab.leapText(year))
	}
	return int(tab.months[i+1].start - tab.months[i].start), nil
}

// lunarDayNumber returns the day number (days since 1970-01-01 of the date
// in Asia/Ho_Chi_Minh, the same numbering as dayNumber in calendar.go) of
// lunar date (year, month, day, leap), and false when it does not exist or
// is out of range.
func lunarDayNumber(year, month, day int, leap bool) (int64, bool) {
	dn, check := vnLunar().dayNumber(year, month, day, leap)
	return dn, check == lunarOK
}

// tetDayNumber returns the day number of Tết of lunar year year, false out
// of range.
func tetDayNumber(year int) (int64, bool) {
	tab := vnLunar()
	i, ok := tab.yearMonths(year)
	if !ok {
		return 0, false
	}
	return int64(tab.months[i].start), true
}

// lunarDateRangeError returns the error for a date outside the supported
// days; date is zero when the lunar date has no known solar day.
func lunarDateRangeError(date time.Time, remedy string) *RangeError {
	if remedy == "" {
		remedy = "the lunar calendar is computed for 1 January 1800 to 31 December 2199"
	}
	return &RangeError{
		What:   "lunar date",
		Date:   date,
		First:  dayTime(lunarFirstDay, 0),
		Last:   dayTime(lunarLastDay, 0),
		Remedy: remedy,
	}
}

// lunarYearRangeError returns the error for a lunar year outside the
// supported years.
func lunarYearRangeError(year int) *RangeError {
	return &RangeError{
		What:   "lunar year " + strconv.Itoa(year),
		First:  dayTime(lunarFirstDay, 0),
		Last:   dayTime(lunarLastDay, 0),
		Remedy: fmt.Sprintf("the lunar years %d to %d are supported", FirstLunarYear, LastLunarYear),
	}
}

// vnLunar returns the table of Vietnam's lunar months, built on first use.
var vnLunar = sync.OnceValue(buildVietnamLunarTable)

// lunarMonth is one month of a lunar table.
type lunarMonth struct {
	start int32 // day number of its first day
	year  int16 // its lunar year
	month int8  // 1..12
	leap  bool
}

// lunarTable lists lunar months, in order, from the 11th month of lunar
// year lunarTableFirstYear to the 11th month of lunarTableLastYear; that
// last entry only marks the end of the one before it. It is immutable once
// built.
type lunarTable struct {
	months []lunarMonth
	// yearStart[y-lunarTableFirstYear] is the index in months of the first
	// month of lunar year y: its 1st month, or the table's first month.
	yearStart [lunarTableLastYear - lunarTableFirstYear + 1]int32
}

// lunarCheck is the outcome of looking a lunar date up.
type lunarCheck uint8

const (
	lunarOK      lunarCheck = iota
	lunarInvalid            // no such date
	lunarBeyond             // the date exists, its day is outside the supported days
	lunarUnknown            // the date is outside the months of the table
)

// lunarDate returns the lunar date of day number dn, which must lie within
// the table.
func (t *lunarTable) lunarDate(dn int64) LunarDate {
	// Binary search for the last month starting on or before dn.
	lo, hi := 0, len(t.months)-1 // months[lo].start <= dn < months[hi].start
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if int64(t.months[mid].start) <= dn {
			lo = mid
		} else {
			hi = mid
		}
	}
	m := t.months[lo]
	return LunarDate{Year: int(m.year), Month: int(m.month), Day: int(dn-int64(m.start)) + 1, Leap: m.leap}
}

// yearMonths returns the index of the 1st month of lunar year year, false
// if year is outside FirstLunarYear..LastLunarYear.
func (t *lunarTable) yearMonths(year int) (int, bool) {
	if year < FirstLunarYear || year > LastLunarYear {
		return 0, false
	}
	return int(t.yearStart[year-lunarTableFirstYear]), true
}

// find returns the index of month (month, leap) of lunar year year, which
// must be between lunarTableFirstYear and lunarTableLastYear.
func (t *lunarTable) find(year, month int, leap bool) (int, bool) {
	last := len(t.months) - 1 // the end marker is no month of its own
	for i := int(t.yearStart[year-lunarTableFirstYear]); i < last && t.months[i].year == int16(year); i++ {
		if int(t.months[i].month) == month && t.months[i].leap == leap {
			return i, true
		}
	}
	return 0, false
}

// dayNumber returns the day number of a lunar date and whether it is in
// range.
func (t *lunarTable) dayNumber(year, month, day int, leap bool) (int64, lunarCheck) {
	if month < 1 || month > 12 || day < 1 || day > 30 {
		return 0, lunarInvalid
	}
	// The table knows the months from 11/1799 to 10/2200, leap months
	// included, and nothing else.
	if year < lunarTableFirstYear || year > lunarTableLastYear ||
		year == lunarTableFirstYear && month < 11 || year == lunarTableLastYear && month > 10 {
		return 0, lunarUnknown
	}
	i, ok := t.find(year, month, leap)
	if !ok {
		return 0, lunarInvalid
	}
	start := int64(t.months[i].start)
	if int64(day) > int64(t.months[i+1].start)-start {
		return 0, lunarInvalid
	}
	dn := start + int64(day) - 1
	if dn < lunarFirstDay || dn > lunarLastDay {
		return dn, lunarBeyond
	}
	return dn, lunarOK
}

// whyInvalid explains why dayNumber found the date invalid.
func (t *lunarTable) whyInvalid(year, month, day int, leap bool) string {
	switch {
	case month < 1 || month > 12:
		return "months are 1 to 12"
	case day < 1 || day > 30:
		return "days are 1 to 30"
	}
	i, ok := t.find(year, month, leap)
	if !ok {
		return t.leapText(year)
	}
	n := t.months[i+1].start - t.months[i].start
	if leap {
		return fmt.Sprintf("leap month %d of %d has %d days", month, year, n)
	}
	return fmt.Sprintf("month %d of %d has %d days", month, year, n)
}

// leapText says which leap month lunar year year has.
func (t *lunarTable) leapText(year int) string {
	last := len(t.months) - 1
	for i := int(t.yearStart[year-lunarTableFirstYear]); i < last && t.months[i].year == int16(year); i++ {
		if t.months[i].leap {
			return fmt.Sprintf("the leap month of %d is month %d", year, t.months[i].month)
		}
	}
	return fmt.Sprintf("%d has no leap month", year)
}

// buildVietnamLunarTable returns Vietnam's calendar: the months of the
// lunar years before lunarUTC7Year computed for UTC+8, the later ones for
// UTC+7.
func buildVietnamLunarTable() *lunarTable {
	before := lunarMonths(8, lunarTableFirstYear, lunarUTC7Year)
	after := lunarMonths(7, lunarUTC7Year-1, lunarTableLastYear)
	months := make([]lunarMonth, 0, len(before)+len(after))
	for _, m := range before {
		if m.year < lunarUTC7Year {
			months = append(months, m)
		}
	}
	for _, m := range after {
		if m.year >= lunarUTC7Year {
			months = append(months, m)
		}
	}
	return newLunarTable(months)
}

// buildLunarTable returns the calendar computed for a time zone tz hours
// east of UTC (7 for Vietnam, 8 for China) over the whole table.
func buildLunarTable(tz float64) *lunarTable {
	return newLunarTable(lunarMonths(tz, lunarTableFirstYear, lunarTableLastYear))
}

// newLunarTable indexes months, the last of which is an end marker.
func newLunarTable(months []lunarMonth) *lunarTable {
	t := &lunarTable{months: months}
	for i, m := range months[:len(months)-1] {
		if m.month == 1 && !m.leap {
			t.yearStart[int(m.year)-lunarTableFirstYear] = int32(i)
		}
	}
	return t
}

// lunarMonths computes, for a time zone tz hours east of UTC, the lunar
// months from the 11th month of lunar year from (the new moon month that
// holds the winter solstice of solar year from) to the 11th month of lunar
// year to, which ends the list as a marker. From one 11th month to the
// next there are 12 months, or 13 of which the first after the 11th
// without a major solar term is the leap month.
func lunarMonths(tz float64, from, to int) []lunarMonth {
	months := make([]lunarMonth, 0, 12*(to-from)+13)
	a11 := lunarMonth11(from, tz)
	// k numbers the new moon that begins month a11.
	k := math.Floor((float64(a11)+25566.923001305)/29.530588853 + 0.5)
	for newMoonDay(k, tz) < a11 {
		k++
	}
	for newMoonDay(k, tz) > a11 {
		k--
	}
	for y := from; y < to; y++ {
		b11 := lunarMonth11(y+1, tz)
		// The month starts from a11 to b11, both included.
		var starts [15]int64
		n := 0
		for d := a11; d < b11 && n < len(starts)-1; n++ {
			starts[n] = d
			d = newMoonDay(k+float64(n+1), tz)
		}
		starts[n] = b11
		k += float64(n)
		// The leap month, if any: the first after the 11th whose first day
		// and the next month's first day begin with the sun in the same
		// 30° sector.
		leap := n
		if n == 13 {
			for i := 1; i < 13; i++ {
				if sunSector(starts[i], tz) == sunSector(starts[i+1], tz) {
					leap = i
					break
				}
			}
		}
		for i := range n {
			m := lunarMonth{start: int32(starts[i]), month: int8(11 + i), year: int16(y)}
			if i >= leap {
				m.month--
				m.leap = i == leap
			}
			if m.month > 12 {
				m.month -= 12
				m.year++
			}
			months = append(months, m)
		}
		a11 = b11
	}
	return append(months, lunarMonth{start: int32(a11), month: 11, year: int16(to)})
}

// lunarMonth11 returns the day number of the first day of the 11th lunar
// month of solar year y, the new moon month that holds its winter solstice,
// for a time zone tz hours east of UTC.
func lunarMonth11(y int, tz float64) int64 {
	// k numbers the last mean new moon before 31 December; the true one
	// begins month 11 unless the sun has passed 270° by its day.
	k := math.Floor(float64(civilDays(y, time.December, 31)+25567) / 29.530588853)
	nm := newMoonDay(k, tz)
	if sunSector(nm, tz) >= 9 {
		nm = newMoonDay(k-1, tz)
	}
	return nm
}

// newMoonDay returns the day number, in a time zone tz hours east of UTC,
// of new moon k.
func newMoonDay(k, tz float64) int64 {
	return int64(math.Floor(newMoon(k) + tz/24))
}

// sunSector returns the 30° sector (0 to 11, 0 from the March equinox) of
// the sun's longitude at midnight beginning day number dn in a time zone tz
// hours east of UTC.
func sunSector(dn int64, tz float64) int {
	return int(solarLongitude(float64(dn)-tz/24) / 30)
}

// civilDays returns the day number of a date of the proleptic Gregorian
// calendar.
func civilDays(y int, m time.Month, d int) int64 {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// The astronomy of Calendrical Calculations (E. M. Reingold and
// N. Dershowitz, Millennium edition, Cambridge University Press, 2001).
// Moments are days since 1970-01-01 00:00 UT.

const (
	momentJ2000  = 10957.5 // 2000-01-01 12:00 TT
	synodicMonth = 29.530588853
)

// newMoon returns the moment of new moon k, counted from the new moon of
// 1 January 1900 as Hồ Ngọc Đức counts them: Meeus's series
// (Astronomical Algorithms, ch. 49) as Calendrical Calculations gives it.
func newMoon(k float64) float64 {
	n := k - 1237 // counted from the new moon of 6 January 2000
	c := n / 1236.85
	approx := 10962.59765 + c*(synodicMonth*1236.85+c*(0.0001337+c*(-0.000000150+c*0.00000000073)))
	e := 1 + c*(-0.002516+c*-0.0000074)
	solarAnomaly := 2.5534 + c*(29.10535669*1236.85+c*(-0.0000218+c*-0.00000011))
	lunarAnomaly := 201.5643 + c*(385.81693528*1236.85+c*(0.0107438+c*(0.00001239+c*-0.000000058)))
	moonArgument := 160.7108 + c*(390.67050274*1236.85+c*(-0.0016341+c*(-0.00000227+c*0.000000011)))
	omega := 124.7746 + c*(-1.56375580*1236.85+c*(0.0020691+c*0.00000215))
	correction := -0.00017 * sinDeg(omega)
	for _, t := range newMoonTerms {
		v := t.v
		for range t.e {
			v *= e
		}
		correction += v * sinDeg(t.m*solarAnomaly+t.mp*lunarAnomaly+t.f*moonArgument)
	}
	var additional float64
	for _, t := range newMoonPlanetary {
		additional += t.v * sinDeg(t.a+t.b*n)
	}
	extra := 0.000325 * sinDeg(299.77+c*(132.8475848+c*-0.009173))
	tt := approx + correction + extra + additional
	return tt - ephemerisCorrection(tt)
}

// newMoonTerms are the periodic terms of the new moon: coefficient v in
// days, times E to the power e, times the sine of m times the sun's mean
// anomaly plus mp times the moon's plus f times its argument of latitude.
var newMoonTerms = [...]struct {
	v        float64
	e        int
	m, mp, f float64
}{
	{-0.40720, 0, 0, 1, 0},
	{0.17241, 1, 1, 0, 0},
	{0.01608, 0, 0, 2, 0},
	{0.01039, 0, 0, 0, 2},
	{0.00739, 1, -1, 1, 0},
	{-0.00514, 1, 1, 1, 0},
	{0.00208, 2, 2, 0, 0},
	{-0.00111, 0, 0, 1, -2},
	{-0.00057, 0, 0, 1, 2},
	{0.00056, 1, 1, 2, 0},
	{-0.00042, 0, 0, 3, 0},
	{0.00042, 1, 1, 0, 2},
	{0.00038, 1, 1, 0, -2},
	{-0.00024, 1, -1, 2, 0},
	{-0.00007, 0, 2, 1, 0},
	{0.00004, 0, 0, 2, -2},
	{0.00004, 0, 3, 0, 0},
	{0.00003, 0, 1, 1, -2},
	{0.00003, 0, 0, 2, 2},
	{-0.00003, 0, 1, 1, 2},
	{0.00003, 0, -1, 1, 2},
	{-0.00002, 0, -1, 1, -2},
	{-0.00002, 0, 1, 3, 0},
	{0.00002, 0, 0, 4, 0},
}

// newMoonPlanetary are the planetary arguments of the new moon: v days
// times the sine of a + b·n degrees.
var newMoonPlanetary = [...]struct{ v, a, b float64 }{
	{0.000165, 251.88, 0.016321},
	{0.000164, 251.83, 26.641886},
	{0.000126, 349.42, 36.412478},
	{0.000110, 84.66, 18.206239},
	{0.000062, 141.74, 53.303771},
	{0.000060, 207.14, 2.453732},
	{0.000056, 154.84, 7.306860},
	{0.000047, 34.52, 27.261239},
	{0.000042, 207.19, 0.121824},
	{0.000040, 291.34, 1.844379},
	{0.000037, 161.72, 24.198154},
	{0.000035, 239.56, 25.513099},
	{0.000023, 331.55, 3.592518},
}

// solarLongitude returns the sun's apparent longitude, in degrees in
// [0, 360), at moment t (UT): Bretagnon and Simon's series (Planetary
// Programs and Tables from −4000 to +2800, 1986) with aberration and
// nutation, as Calendrical Calculations gives it.
func solarLongitude(t float64) float64 {
	c := (t + ephemerisCorrection(t) - momentJ2000) / 36525 // Julian centuries of TT from J2000
	var sigma float64
	for _, s := range solarLongitudeTerms {
		sigma += s.x * sinDeg(s.y*c+s.z)
	}
	longitude := 282.7771834 + 36000.76953744*c + 0.000005729577951308232*sigma
	aberration := 0.0000974*cosDeg(177.63+35999.01848*c) - 0.005575
	nutation := -0.004778*sinDeg(124.90+c*(-1934.134+c*0.002063)) - 0.0003667*sinDeg(201.11+c*(72001.5377+c*0.00057))
	return mod360(longitude + aberration + nutation)
}

// solarLongitudeTerms are the periodic terms of the sun's longitude: x
// times the sine of y·c + z degrees, c in Julian centuries.
var solarLongitudeTerms = [...]struct{ x, y, z float64 }{
	{403406, 0.9287892, 270.54861},
	{195207, 35999.1376958, 340.19128},
	{119433, 35999.4089666, 63.91854},
	{112392, 35998.7287385, 331.26220},
	{3891, 71998.20261, 317.843},
	{2819, 71998.4403, 86.631},
	{1721, 36000.35726, 240.052},
	{660, 71997.4812, 310.26},
	{350, 32964.4678, 247.23},
	{334, -19.4410, 260.87},
	{314, 445267.1117, 297.82},
	{268, 45036.8840, 343.14},
	{242, 3.1008, 166.79},
	{234, 22518.4434, 81.53},
	{158, -19.9739, 3.50},
	{132, 65928.9345, 132.75},
	{129, 9038.0293, 182.95},
	{114, 3034.7684, 162.03},
	{99, 33718.148, 29.8},
	{93, 3034.448, 266.4},
	{86, -2280.773, 249.2},
	{78, 29929.992, 157.6},
	{72, 31556.493, 257.8},
	{68, 149.588, 185.1},
	{64, 9037.750, 69.9},
	{46, 107997.405, 8.0},
	{38, -4444.176, 197.1},
	{37, 151.771, 250.4},
	{32, 67555.316, 65.3},
	{29, 31556.080, 162.7},
	{28, -4561.540, 341.5},
	{27, 107996.706, 291.6},
	{27, 1221.655, 98.5},
	{25, 62894.167, 146.7},
	{24, 31437.369, 110.0},
	{21, 14578.298, 5.2},
	{21, -31931.757, 342.6},
	{20, 34777.243, 230.9},
	{18, 1221.999, 256.1},
	{17, 62894.511, 45.3},
	{14, -4442.039, 242.9},
	{13, 107997.909, 115.2},
	{13, 119.066, 151.8},
	{13, 16859.071, 285.3},
	{12, -4.578, 53.3},
	{10, 26895.292, 126.6},
	{10, -39.127, 205.7},
	{10, 12297.536, 85.9},
	{10, 90073.778, 146.1},
}

// ephemerisCorrection returns ΔT, dynamical time minus universal time, in
// days at moment t, by the formulas of Calendrical Calculations (after
// Meeus) for the years from 1700.
func ephemerisCorrection(t float64) float64 {
	year := time.Unix(int64(math.Floor(t))*86400, 0).UTC().Year()
	c := float64(civilDays(year, time.July, 1)-civilDays(1900, time.January, 1)) / 36525
	switch {
	case year >= 1988 && year <= 2019:
		return float64(year-1933) / 86400
	case year >= 1900 && year <= 1987:
		return -0.00002 + c*(0.000297+c*(0.025184+c*(-0.181133+c*(0.553040+c*(-0.861938+c*(0.677066+c*-0.212591))))))
	case year >= 1800 && year <= 1899:
		return -0.000009 + c*(0.003844+c*(0.083563+c*(0.865736+c*(4.867575+c*(15.845535+
			c*(31.332267+c*(38.291999+c*(28.316289+c*(11.636204+c*2.043794)))))))))
	case year >= 1700 && year <= 1799:
		x := float64(year - 1700)
		return (8.118780842 + x*(-0.005092142+x*(0.003336121+x*-0.0000266484))) / 86400
	default:
		x := 0.5 + float64(civilDays(year, time.January, 1)-civilDays(1810, time.January, 1))
		return (x*x/41048480 - 15) / 86400
	}
}

// sinDeg and cosDeg are the sine and cosine of an angle in degrees.
func sinDeg(a float64) float64 { return math.Sin(mod360(a) * (math.Pi / 180)) }
func cosDeg(a float64) float64 { return math.Cos(mod360(a) * (math.Pi / 180)) }

// mod360 reduces an angle in degrees to [0, 360).
func mod360(a float64) float64 {
	r := a - 360*math.Floor(a/360)
	if r >= 360 { // a tiny negative a rounds up
		r = 0
	}
	return r
}
