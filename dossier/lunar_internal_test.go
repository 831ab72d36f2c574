package dossier

import (
	"bufio"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/vntime"
)

// readLunarCodes returns the hexadecimal year codes of a reference table
// in testdata/lunar, skipping comments and the TKnn labels.
func readLunarCodes(t *testing.T, name string) []uint32 {
	t.Helper()
	f, err := os.Open("testdata/lunar/" + name)
	require.NoError(t, err)
	defer f.Close()
	var codes []uint32
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, w := range strings.Fields(line) {
			if strings.HasPrefix(w, "TK") {
				continue
			}
			v, err := strconv.ParseUint(strings.TrimPrefix(w, "0x"), 16, 32)
			require.NoError(t, err, "%s: %q", name, w)
			codes = append(codes, uint32(v))
		}
	}
	require.NoError(t, sc.Err())
	return codes
}

// lunarRefYear is one lunar year of a reference table: its months in
// order, and the day after its last one (the next Tết).
type lunarRefYear struct {
	months []lunarMonth
	end    int32
}

func (y lunarRefYear) leapMonth() int {
	for _, m := range y.months {
		if m.leap {
			return int(m.month)
		}
	}
	return 0
}

// hndYears decodes Hồ Ngọc Đức's tables TK19..TK22 (see the header of
// hnd-tk.txt): lunar years 1800 to 2199.
func hndYears(t *testing.T) map[int]lunarRefYear {
	t.Helper()
	codes := readLunarCodes(t, "hnd-tk.txt")
	require.Len(t, codes, 400)
	years := make(map[int]lunarRefYear, len(codes))
	for i, k := range codes {
		y := 1800 + i
		start := int32(dayNumber(vntime.Date(y, time.January, 1))) + int32(k>>17)
		leap := int(k & 0xf)
		var ry lunarRefYear
		for m := 1; m <= 12; m++ {
			ry.months = append(ry.months, lunarMonth{start: start, year: int16(y), month: int8(m)})
			start += 29 + int32(k>>(4+12-m)&1) // month 1 in the highest of the 12 bits
			if m == leap {
				ry.months = append(ry.months, lunarMonth{start: start, year: int16(y), month: int8(m), leap: true})
				start += 29 + int32(k>>16&1)
			}
		}
		ry.end = start
		years[y] = ry
	}
	// Each year must end on the next one's Tết, or the decoding is wrong.
	for y := 1800; y < 2199; y++ {
		require.Equal(t, years[y+1].months[0].start, years[y].end, "hnd-tk.txt: end of lunar year %d", y)
	}
	return years
}

// chinaYears decodes the Chinese lunarInfo table (see the header of
// china-lunarinfo.txt): lunar years 1900 to 2100, computed for UTC+8.
func chinaYears(t *testing.T) map[int]lunarRefYear {
	t.Helper()
	codes := readLunarCodes(t, "china-lunarinfo.txt")
	require.Len(t, codes, 201)
	years := make(map[int]lunarRefYear, len(codes))
	start := int32(dayNumber(vntime.Date(1900, time.January, 31))) // a civil date; the numbering is the same at UTC+8
	for i, k := range codes {
		y := 1900 + i
		leap := int(k & 0xf)
		var ry lunarRefYear
		for m := 1; m <= 12; m++ {
			ry.months = append(ry.months, lunarMonth{start: start, year: int16(y), month: int8(m)})
			start += 29 + int32(k>>(16-m)&1)
			if m == leap {
				ry.months = append(ry.months, lunarMonth{start: start, year: int16(y), month: int8(m), leap: true})
				start += 29 + int32(k>>16&1)
			}
		}
		ry.end = start
		years[y] = ry
	}
	return years
}

// tableYear returns lunar year y of a table in the form of a reference
// year.
func tableYear(tab *lunarTable, y int) lunarRefYear {
	var ry lunarRefYear
	i := int(tab.yearStart[y-lunarTableFirstYear])
	for ; tab.months[i].year == int16(y) && i < len(tab.months)-1; i++ {
		ry.months = append(ry.months, tab.months[i])
	}
	ry.end = tab.months[i].start
	return ry
}

func civil(dn int32) string { return dayTime(int64(dn), 0).Format(time.DateOnly) }

// hndDisagreements are the years in which Hồ Ngọc Đức's tables follow the
// calendars of the time rather than the rule computed for UTC+8: China's
// calendar was computed for Beijing's meridian (UTC+7:45:40) until 1928,
// which accounts for 1896 to 1920, and the 19th-century calendars (Qing
// and Nguyễn) with older astronomy; no single computation reproduces them
// all. The value says what differs: the tables' date, then the computed one.
var hndDisagreements = map[int]string{
	1800: "leap month 3, computed 4",
	1801: "month 2 begins 15 Mar, computed 14 Mar",
	1803: "leap month 1, computed 2",
	1804: "months 4 and 7 begin 10 May and 5 Aug, computed 9 May and 6 Aug",
	1805: "leap month 8, computed 6",
	1808: "leap month 6, computed 5",
	1809: "month 12 begins 6 Jan 1810, computed 5 Jan",
	1811: "leap month 2, computed 3",
	1831: "month 3 begins 12 Apr, computed 13 Apr",
	1841: "month 12 begins 11 Jan 1842, computed 12 Jan",
	1862: "month 12 begins 19 Jan 1863, computed 20 Jan",
	1880: "month 10 begins 3 Nov, computed 2 Nov",
	1890: "month 7 begins 15 Aug, computed 16 Aug",
	1896: "Tết 13 Feb, computed 14 Feb (new moon at 00:12 UTC+8, 23:58 in Beijing)",
	1906: "month 4 begins 23 Apr, computed 24 Apr (new moon at 00:06 UTC+8, 23:52 in Beijing)",
	1914: "month 10 begins 17 Nov, computed 18 Nov (new moon at 00:02 UTC+8, 23:47 in Beijing)",
	1916: "Tết 3 Feb, computed 4 Feb (new moon at 00:05 UTC+8, 23:51 in Beijing)",
	1920: "month 10 begins 10 Nov, computed 11 Nov (new moon at 00:05 UTC+8, 23:50 in Beijing)",
	1925: "Tết 25 Jan, computed 24 Jan (new moon at 22:45 UTC+8 on 24 Jan, so the tables' date fits no rule)",
}

func TestLunarMatchesHND(t *testing.T) {
	listed := slices.Sorted(maps.Keys(hndDisagreements))
	assert.Equal(t, listed, slices.Sorted(slices.Values(docYears(t, "LunarDate", "which no rule reproduces:"))), "the years in the doc of LunarDate")
	ref := hndYears(t)
	tab := vnLunar()
	for y := FirstLunarYear; y <= LastLunarYear; y++ {
		t.Run(strconv.Itoa(y), func(t *testing.T) {
			want, got := ref[y], tableYear(tab, y)
			if why, ok := hndDisagreements[y]; ok {
				// Keep the list exact: a listed year must still disagree.
				assert.NotEqual(t, want.months, got.months, "listed as disagreeing: %s", why)
				return
			}
			assert.Equal(t, civil(want.months[0].start), civil(got.months[0].start), "Tết")
			assert.Equal(t, want.leapMonth(), got.leapMonth(), "leap month")
			assert.Equal(t, want.months, got.months, "months")
			if y == LastLunarYear {
				assert.Equal(t, civil(want.end), civil(got.end), "Tết %d", y+1)
			}
		})
	}
}

// TestLunarUTC7Before1968 shows why the years before 1968 are computed for
// UTC+8: for UTC+7 the tables of 1926-1967 would disagree in many years
// (Tết 1935 and 1965 among them), for UTC+8 in none.
func TestLunarUTC7Before1968(t *testing.T) {
	ref := hndYears(t)
	utc7, utc8 := buildLunarTable(7), buildLunarTable(8)
	var off7, off8 []int
	for y := 1926; y < lunarUTC7Year; y++ {
		if !assert.ObjectsAreEqual(ref[y].months, tableYear(utc7, y).months) {
			off7 = append(off7, y)
		}
		if !assert.ObjectsAreEqual(ref[y].months, tableYear(utc8, y).months) {
			off8 = append(off8, y)
		}
	}
	assert.Empty(t, off8, "UTC+8")
	assert.Subset(t, off7, []int{1935, 1965}, "UTC+7")
	assert.Greater(t, len(off7), 10, "UTC+7: %v", off7)
	t.Logf("for UTC+7, 1926-1967 would disagree with the tables in %d years: %v", len(off7), off7)
	assert.Equal(t, "1965-02-01", civil(tableYear(utc7, 1965).months[0].start))
	assert.Equal(t, "1965-02-02", civil(ref[1965].months[0].start))
	// And from 1968 on, UTC+7 it is: for UTC+8 Tết 1968 would be 30 Jan.
	assert.Equal(t, "1968-01-29", civil(ref[1968].months[0].start))
	assert.Equal(t, "1968-01-30", civil(tableYear(utc8, 1968).months[0].start))
}

// chinaDisagreements are the years in which the same computation for
// UTC+8 differs from the Chinese table, with the reason.
var chinaDisagreements = map[int]string{
	1914: "month 10 begins 17 Nov, computed 18 Nov: new moon at 00:02 UTC+8; China's calendar used Beijing's meridian (UTC+7:45:40) until 1928",
	1916: "New Year 3 Feb, computed 4 Feb: new moon at 00:05 UTC+8, before midnight in Beijing (as above)",
	1920: "month 10 begins 10 Nov, computed 11 Nov: new moon at 00:05 UTC+8, before midnight in Beijing (as above)",
	1933: "month 6 begins 22 Jul, computed 23 Jul: new moon at 00:03 UTC+8; the calendar then published put it before midnight",
	2097: "month 7 begins 8 Aug, computed 7 Aug: new moon at 23:58:38 UTC+8 by this astronomy, after midnight by the observatory's; ΔT so far ahead is uncertain by minutes",
}

func TestLunarMatchesChina(t *testing.T) {
	ref := chinaYears(t)
	tab := buildLunarTable(8)
	for y := 1900; y <= 2100; y++ {
		t.Run(strconv.Itoa(y), func(t *testing.T) {
			want, got := ref[y], tableYear(tab, y)
			if why, ok := chinaDisagreements[y]; ok {
				assert.NotEqual(t, want.months, got.months, "listed as disagreeing: %s", why)
				// Leap months agree even there.
				assert.Equal(t, want.leapMonth(), got.leapMonth(), "leap month")
				return
			}
			assert.Equal(t, civil(want.months[0].start), civil(got.months[0].start), "New Year")
			assert.Equal(t, want.leapMonth(), got.leapMonth(), "leap month")
			assert.Equal(t, want.months, got.months, "months")
		})
	}
}

// docYears returns the years listed in the doc comment of function or type
// name in lunar.go after prefix, up to the end of the sentence.
func docYears(t *testing.T, name, prefix string) []int {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "lunar.go", nil, parser.ParseComments)
	require.NoError(t, err)
	var doc string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Name.Name == name && d.Doc != nil {
				doc = d.Doc.Text()
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name && d.Doc != nil {
					doc = d.Doc.Text()
				}
			}
		}
	}
	doc = strings.Join(strings.Fields(doc), " ")
	_, sentence, ok := strings.Cut(doc, prefix)
	require.True(t, ok, "doc of %s has no %q", name, prefix)
	sentence, _, _ = strings.Cut(sentence, ".")
	var years []int
	for _, s := range regexp.MustCompile(`\b\d{4}\b`).FindAllString(sentence, -1) {
		y, err := strconv.Atoi(s)
		require.NoError(t, err)
		years = append(years, y)
	}
	return years
}

func TestTetDiffersFromChina(t *testing.T) {
	vn, cn := hndYears(t), chinaYears(t)
	var differ []int
	for y := 1900; y <= 2100; y++ {
		if vn[y].months[0].start != cn[y].months[0].start {
			differ = append(differ, y)
			t.Logf("%d: Tết %s, Chinese New Year %s", y, civil(vn[y].months[0].start), civil(cn[y].months[0].start))
		}
	}
	assert.Equal(t, differ, docYears(t, "LunarNewYear", "Between 1900 and 2100, Hồ Ngọc Đức's tables and the Hong Kong Observatory's put them on different days in"))
	for _, c := range []struct {
		year   int
		vn, cn string
	}{
		{1968, "1968-01-29", "1968-01-30"},
		{1985, "1985-01-21", "1985-02-20"},
		{2007, "2007-02-17", "2007-02-18"},
	} {
		t.Run(strconv.Itoa(c.year), func(t *testing.T) {
			assert.Contains(t, differ, c.year)
			assert.Equal(t, c.vn, civil(vn[c.year].months[0].start), "Tết")
			assert.Equal(t, c.cn, civil(cn[c.year].months[0].start), "Chinese New Year")
			tet, err := LunarNewYear(c.year)
			require.NoError(t, err)
			assert.Equal(t, c.vn, tet.Format(time.DateOnly), "LunarNewYear")
		})
	}
	// What LunarNewYear itself returns, as its doc says: the tables' list
	// less 1925 (a date of the tables alone), plus 1916 (where both tables
	// keep the Beijing-meridian date).
	var api []int
	for y := 1900; y <= 2100; y++ {
		dn, ok := tetDayNumber(y)
		require.True(t, ok)
		if int32(dn) != cn[y].months[0].start {
			api = append(api, y)
		}
	}
	want := append([]int{1916}, slices.DeleteFunc(slices.Clone(differ), func(y int) bool { return y == 1925 })...)
	assert.Equal(t, want, api)
}

// TestLunarTableShape checks the structure of the tables: months of 29 or
// 30 days, 12 or 13 per year, numbered in order, the index of years, and
// the supported days covered.
func TestLunarTableShape(t *testing.T) {
	require.Equal(t, int64(lunarFirstDay), dayNumber(vntime.Date(1800, time.January, 1)))
	require.Equal(t, int64(lunarLastDay), dayNumber(vntime.Date(2199, time.December, 31)))
	for _, c := range []struct {
		name string
		tab  *lunarTable
	}{
		{"Vietnam", vnLunar()},
		{"UTC+7", buildLunarTable(7)},
		{"UTC+8", buildLunarTable(8)},
	} {
		t.Run(c.name, func(t *testing.T) {
			ms := c.tab.months
			require.LessOrEqual(t, int64(ms[0].start), int64(lunarFirstDay))
			require.Greater(t, int64(ms[len(ms)-1].start), int64(lunarLastDay))
			assert.Equal(t, lunarMonth{start: ms[0].start, year: lunarTableFirstYear, month: 11}, ms[0])
			assert.Equal(t, int16(lunarTableLastYear), ms[len(ms)-1].year)
			for i := 1; i < len(ms); i++ {
				prev, m := ms[i-1], ms[i]
				n := m.start - prev.start
				assert.True(t, n == 29 || n == 30, "%v lasts %d days", prev, n)
				switch {
				case m.leap:
					assert.Equal(t, prev.month, m.month, "%v after %v", m, prev)
					assert.Equal(t, prev.year, m.year)
				case prev.month == 12:
					assert.Equal(t, lunarMonth{start: m.start, year: prev.year + 1, month: 1}, m)
				default:
					assert.Equal(t, lunarMonth{start: m.start, year: prev.year, month: prev.month + 1}, m)
				}
			}
			for y := FirstLunarYear; y <= LastLunarYear+1; y++ {
				m := ms[c.tab.yearStart[y-lunarTableFirstYear]]
				assert.Equal(t, lunarMonth{start: m.start, year: int16(y), month: 1}, m)
				n := len(tableYear(c.tab, y).months)
				if y <= LastLunarYear {
					assert.True(t, n == 12 || n == 13, "lunar year %d has %d months", y, n)
				}
			}
		})
	}
}

// TestLunarMargins checks that no result hangs on a rounding: no new moon
// within a second of local midnight and no major solar term within a
// second of the midnight beginning a month, so the tables cannot change
// with the floating-point details of a platform (fused multiply-add, the
// last bit of a sine).
func TestLunarMargins(t *testing.T) {
	const second = 1.0 / 86400
	for _, tz := range []float64{7, 8} {
		t.Run(strconv.FormatFloat(tz, 'f', -1, 64), func(t *testing.T) {
			tab := buildLunarTable(tz)
			k0 := math.Floor((float64(tab.months[0].start)+25566.923001305)/synodicMonth + 0.5)
			minMoon, minSun := 1.0, 1.0
			for i, m := range tab.months {
				v := newMoon(k0+float64(i)) + tz/24
				require.Equal(t, int64(m.start), int64(math.Floor(v)), "new moon %d", i)
				minMoon = min(minMoon, math.Abs(v-math.Round(v)))
				l := solarLongitude(float64(m.start) - tz/24)
				minSun = min(minSun, math.Abs(l-30*math.Round(l/30))/(360/365.2422))
			}
			t.Logf("UTC+%v: nearest new moon to midnight %.1f s, nearest major term to a month's first midnight %.1f s", tz, minMoon*86400, minSun*86400)
			assert.Greater(t, minMoon, second)
			assert.Greater(t, minSun, second)
		})
	}
}

func TestLunarDayNumber(t *testing.T) {
	day := func(y int, m time.Month, d int) int64 { return dayNumber(vntime.Date(y, m, d)) }
	tests := []struct {
		name                string
		year, month, dayOfM int
		leap                bool
		want                int64
		ok                  bool
	}{
		{"Hùng Kings 2026", 2026, 3, 10, false, day(2026, time.April, 26), true},
		{"Tết 2027", 2027, 1, 1, false, day(2027, time.February, 6), true},
		{"leap 6th month 2025", 2025, 6, 1, true, day(2025, time.July, 25), true},
		{"first supported day", 1799, 12, 7, false, day(1800, time.January, 1), true},
		{"before 1800", 1799, 11, 1, false, 0, false},
		{"no leap 5th month in 2025", 2025, 5, 1, true, 0, false},
		{"day 30 of a 29-day month", 2025, 2, 30, false, 0, false},
		{"month 13", 2025, 13, 1, false, 0, false},
		{"year 3000", 3000, 1, 1, false, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := lunarDayNumber(tt.year, tt.month, tt.dayOfM, tt.leap)
			require.Equal(t, tt.ok, ok)
			if ok {
				assert.Equal(t, civil(int32(tt.want)), civil(int32(got)))
			}
		})
	}
	for _, c := range []struct {
		year int
		want int64
		ok   bool
	}{
		{2025, day(2025, time.January, 29), true},
		{2026, day(2026, time.February, 17), true},
		{FirstLunarYear, day(1800, time.January, 25), true},
		{LastLunarYear, day(2199, time.January, 26), true},
		{FirstLunarYear - 1, 0, false},
		{LastLunarYear + 1, 0, false},
	} {
		t.Run("Tết "+strconv.Itoa(c.year), func(t *testing.T) {
			got, ok := tetDayNumber(c.year)
			require.Equal(t, c.ok, ok)
			assert.Equal(t, c.want, got)
		})
	}
}

func BenchmarkLunarTableBuild(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		buildVietnamLunarTable()
	}
}
