package dossier

import (
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Placement says how a [HolidayRule] places its days in a year.
type Placement uint8

// Placements of holidays. The zero value is unknown.
const (
	PlacementUnknown Placement = iota
	// OnSolarDate: the solar date Month/Day (1 January, 30 April, 1 May).
	OnSolarDate
	// OnLunarDate: the lunar date Month/Day of the lunar year whose Tết
	// falls in the year (Hùng Kings' day, 10/3 âm lịch).
	OnLunarDate
	// AroundTet: Days working days, the first of them the second day
	// before Tết or the first working day after it (see [LabourCode]).
	AroundTet
	// WithAdjacentDay: the solar date Month/Day and one day next to it,
	// the one before or the one after, whichever joins more days off into
	// one run; the day before on a tie (Quốc khánh under the Labour Code
	// 2019: 2 September and 1 or 3 September).
	WithAdjacentDay
)

var placementNames = [...]string{"", "solar_date", "lunar_date", "around_tet", "with_adjacent_day"}

// String returns the stable identifier: "solar_date", "lunar_date",
// "around_tet", "with_adjacent_day"; or "Placement(n)".
func (p Placement) String() string { return enumString(placementNames[:], uint8(p), "Placement") }

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (p Placement) MarshalText() ([]byte, error) {
	return enumMarshal(placementNames[:], uint8(p), "placement")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (p *Placement) UnmarshalText(b []byte) error {
	v, err := enumParse(placementNames[:], string(b), "placement")
	*p = Placement(v)
	return err
}

// HolidayRule is one holiday of the law, as a dated rule: the years it is
// in force, how its days are placed, and the legal basis. A rule that
// changes gets a new rule for the years from the change on; the old one
// keeps its years. Rules compute the provisional years of a [Calendar].
type HolidayRule struct {
	// Name is the holiday's Vietnamese name, e.g. "Tết Dương lịch".
	Name string
	// Basis is the legal provision, e.g. "Bộ luật Lao động 2019, Điều 112
	// khoản 1 điểm a".
	Basis string
	// From and To are the first and last years the rule is in force; To 0
	// means still in force.
	From, To int
	// Placement says how the days are placed.
	Placement Placement
	// Month and Day are the solar or lunar date of the holiday (unused for
	// [AroundTet]).
	Month, Day int
	// Days is the number of days off: the working days of [AroundTet]; 1
	// for the other placements (2 for [WithAdjacentDay], counting the
	// adjacent day). Zero means the placement's usual number.
	Days int
	// Compensation is the legal basis of the compensatory day off taken on
	// the next working day when a day of the holiday falls on a weekly day
	// off; empty means none.
	Compensation string
}

// In reports whether the rule is in force in year.
func (r *HolidayRule) In(year int) bool { return year >= r.From && (r.To == 0 || year <= r.To) }

// The provisions of the Labour Codes the default rules rest on.
const (
	lc2012 = "Bộ luật Lao động số 10/2012/QH13, Điều 115"
	lc2019 = "Bộ luật Lao động số 45/2019/QH14, Điều 112"
	// The compensatory day off: Labour Code 2012 Art. 115(3); Labour Code
	// 2019 Art. 111(3) (a weekly day off that falls on a holiday is taken
	// on the next working day).
	comp2012 = "Bộ luật Lao động số 10/2012/QH13, Điều 115 khoản 3 (nghỉ bù vào ngày kế tiếp)"
	comp2019 = "Bộ luật Lao động số 45/2019/QH14, Điều 111 khoản 3 (nghỉ bù vào ngày làm việc kế tiếp)"
	// tetPattern describes how the Government has placed the five days of
	// Tết for the civil service in the notices of 2020 to 2026.
	tetPattern = "năm ngày làm việc, bắt đầu từ ngày thứ hai trước Tết (28 hoặc 29 tháng Chạp) hoặc ngày làm việc đầu tiên sau đó, như các phương án nghỉ Tết 2017–2026 được Thủ tướng Chính phủ đồng ý"
)

// FirstRuleYear is the first year [LabourCode] computes: the first whole
// year under the Labour Code 2012 (in force since 1 May 2013).
const FirstRuleYear = 2014

// LabourCode returns the holidays of the Labour Code for the civil
// service, as dated rules:
//
//   - 2014–2020, Labour Code 2012 Art. 115(1): 1 January; Tết, 5 days;
//     Hùng Kings' day (10/3 âm lịch); 30 April; 1 May; 2 September.
//   - From 2021, Labour Code 2019 Art. 112(1): the same, with Quốc khánh of
//     2 days: 2 September and the day before or after (Art. 112(1)(đ)).
//
// A day of 1 January, Hùng Kings' day, 30 April, 1 May or Quốc khánh that
// falls on Saturday or Sunday gives a compensatory day off on the next
// working day (Labour Code 2012 Art. 115(3), Labour Code 2019 Art. 111(3)).
//
// The days of Tết and the day next to 2 September are decided by the Prime
// Minister each year (Labour Code 2019 Art. 112(3)). The rules follow the
// pattern of the published schedules: for Tết, the first five working days
// from the second day before Tết, which gives every schedule found from
// 2017 to 2026 (2017: 26/1–1/2, 2018: 14–20/2, 2020: 23–29/1, 2022:
// 29/1–6/2, 2023: 20–26/1, 2024: 8–14/2, 2025: 25/1–2/2, 2026: 14–22/2,
// with the weekends); for 2 September, the adjacent day that makes the
// longer run of days off, 1 September on a tie, which gives the published
// 2024 (Saturday 31/8 – Tuesday 3/9, the Ministry of Labour's notice), 2025
// (1–2/9) and 2026 (1–2/9, before its swap); the schedules of 2021–2023
// could not be confirmed from the sources at hand. The
// rules never swap working days: the swaps the Government often approves
// (a Saturday worked for a bridge day off) come only with an official
// notice (see [Year]). Against the embedded notices, the rules give every
// day of 2025 and 2026 but those swaps: in 2025, Saturday 26 April worked
// for Friday 2 May off; in 2026, Saturday 10 January worked for Friday
// 2 January off, and Saturday 22 August for Monday 31 August.
//
// Not included: 24 November, Vietnamese Culture Day (Ngày Văn hóa Việt
// Nam). Politburo Resolution 80-NQ/TW (January 2026) called for it to be a
// paid day off and Government Resolution 30/NQ-CP (February 2026) tasked
// an amendment of Labour Code Art. 112(1); no amendment in force could be
// confirmed from the sources at hand. Once it is, add a rule:
//
//	rules := append(dossier.LabourCode(), dossier.HolidayRule{
//		Name: "Ngày Văn hóa Việt Nam", Basis: "...", From: 2027,
//		Placement: dossier.OnSolarDate, Month: 11, Day: 24, Compensation: "...",
//	})
func LabourCode() []HolidayRule {
	return []HolidayRule{
		{Name: "Tết Dương lịch", Basis: lc2012 + " khoản 1 điểm a", From: FirstRuleYear, To: 2020, Placement: OnSolarDate, Month: 1, Day: 1, Compensation: comp2012},
		{Name: "Tết Nguyên đán", Basis: lc2012 + " khoản 1 điểm b; " + tetPattern, From: FirstRuleYear, To: 2020, Placement: AroundTet, Days: 5},
		{Name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", Basis: lc2012 + " khoản 1 điểm e", From: FirstRuleYear, To: 2020, Placement: OnLunarDate, Month: 3, Day: 10, Compensation: comp2012},
		{Name: "Ngày Chiến thắng", Basis: lc2012 + " khoản 1 điểm c", From: FirstRuleYear, To: 2020, Placement: OnSolarDate, Month: 4, Day: 30, Compensation: comp2012},
		{Name: "Ngày Quốc tế lao động", Basis: lc2012 + " khoản 1 điểm d", From: FirstRuleYear, To: 2020, Placement: OnSolarDate, Month: 5, Day: 1, Compensation: comp2012},
		{Name: "Quốc khánh", Basis: lc2012 + " khoản 1 điểm đ", From: FirstRuleYear, To: 2020, Placement: OnSolarDate, Month: 9, Day: 2, Compensation: comp2012},

		{Name: "Tết Dương lịch", Basis: lc2019 + " khoản 1 điểm a", From: 2021, Placement: OnSolarDate, Month: 1, Day: 1, Compensation: comp2019},
		{Name: "Tết Nguyên đán", Basis: lc2019 + " khoản 1 điểm b và khoản 3; " + tetPattern, From: 2021, Placement: AroundTet, Days: 5},
		{Name: "Giỗ Tổ Hùng Vương (10/3 âm lịch)", Basis: lc2019 + " khoản 1 điểm e", From: 2021, Placement: OnLunarDate, Month: 3, Day: 10, Compensation: comp2019},
		{Name: "Ngày Chiến thắng", Basis: lc2019 + " khoản 1 điểm c", From: 2021, Placement: OnSolarDate, Month: 4, Day: 30, Compensation: comp2019},
		{Name: "Ngày Quốc tế lao động", Basis: lc2019 + " khoản 1 điểm d", From: 2021, Placement: OnSolarDate, Month: 5, Day: 1, Compensation: comp2019},
		{Name: "Quốc khánh", Basis: lc2019 + " khoản 1 điểm đ và khoản 3; ngày liền kề là ngày làm cho kỳ nghỉ dài hơn, ngày 1/9 khi như nhau", From: 2021, Placement: WithAdjacentDay, Month: 9, Day: 2, Days: 2, Compensation: comp2019},
	}
}

// checkRules reports the first problem of rules, as a [*CalendarError].
func checkRules(rules []HolidayRule) error {
	for i := range rules {
		r := &rules[i]
		field := fmt.Sprintf("rules[%d]", i)
		bad := func(why string) error { return &CalendarError{Year: r.From, Field: field, Why: why} }
		switch {
		case r.Name == "":
			return bad("no name")
		case r.From < 1 || (r.To != 0 && r.To < r.From):
			return bad("years out of order")
		case r.Days < 0 || r.Days > 10:
			return bad("days outside 0..10")
		}
		switch r.Placement {
		case OnSolarDate, WithAdjacentDay:
			if r.Month < 1 || r.Month > 12 || r.Day < 1 || r.Day > time.Date(2001, time.Month(r.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
				return bad("no such solar date")
			}
		case OnLunarDate:
			if r.Month < 1 || r.Month > 12 || r.Day < 1 || r.Day > 29 {
				return bad("lunar date must be day 1..29 of month 1..12 (day 30 is missing in short months)")
			}
		case AroundTet:
		case PlacementUnknown:
			return bad("unknown placement")
		default:
			return bad("unknown placement")
		}
	}
	return nil
}

// ProvisionalYear computes year from rules (nil: [LabourCode]) for a week
// whose days off are weekend (empty: Saturday and Sunday): the holidays in
// force that year, the compensatory days off, and no swapped day. The
// result is marked [Year.Provisional]; each closure's Source names its
// rule. An error wraps [ErrCalendar] (a malformed rule, a year before every
// rule) or [ErrOutOfRange] (a lunar date outside the lunar calendar's
// years).
func ProvisionalYear(year int, rules []HolidayRule, weekend []time.Weekday) (Year, error) {
	if rules == nil {
		rules = LabourCode()
	}
	if err := checkRules(rules); err != nil {
		return Year{}, err
	}
	we, err := weekendSet(weekend)
	if err != nil {
		return Year{}, err
	}
	return provisionalYear(year, rules, we)
}

// weekendSet returns the weekly days off of ws (empty: Saturday, Sunday).
func weekendSet(ws []time.Weekday) ([7]bool, error) {
	if len(ws) == 0 {
		return [7]bool{time.Saturday: true, time.Sunday: true}, nil
	}
	var we [7]bool
	for _, w := range ws {
		if w < time.Sunday || w > time.Saturday {
			return we, &CalendarError{Field: "weekend", Why: fmt.Sprintf("weekday %d", int(w))}
		}
		we[w] = true
	}
	return we, nil
}

// weekdayOf returns the weekday of day number d.
func weekdayOf(d int64) time.Weekday {
	w := (d + 4) % 7 // 1 Jan 1970 was a Thursday
	if w < 0 {
		w += 7
	}
	return time.Weekday(w)
}

// dayOff is one computed day off of a provisional year.
type dayOff struct {
	day    int64
	rule   *HolidayRule
	comp   bool // a compensatory day
	tetFor int  // AroundTet: the lunar year
}

func provisionalYear(year int, rules []HolidayRule, weekend [7]bool) (Year, error) {
	first := -1
	for i := range rules {
		if first < 0 || rules[i].From < first {
			first = rules[i].From
		}
	}
	if first < 0 || year < first {
		return Year{}, &CalendarError{Year: year, Field: "year", Why: fmt.Sprintf("no official calendar and no holiday rule in force (rules start in %d): give the year's official calendar", max(first, 0))}
	}
	var offs []dayOff
	taken := func(d int64) bool {
		return slices.ContainsFunc(offs, func(o dayOff) bool { return o.day == d })
	}
	isWork := func(d int64) bool { return !weekend[weekdayOf(d)] && !taken(d) }
	for i := range rules {
		r := &rules[i]
		if !r.In(year) {
			continue
		}
		switch r.Placement {
		case OnSolarDate:
			offs = append(offs, dayOff{day: dayNumber(vntime.Date(year, time.Month(r.Month), r.Day)), rule: r})
		case OnLunarDate:
			d, ok := lunarDayNumber(year, r.Month, r.Day, false)
			if !ok {
				return Year{}, lunarRangeError(year)
			}
			offs = append(offs, dayOff{day: d, rule: r})
		case AroundTet:
			t, ok := tetDayNumber(year)
			if !ok {
				return Year{}, lunarRangeError(year)
			}
			n := r.Days
			if n == 0 {
				n = 5
			}
			for d := t - 2; n > 0; d++ {
				if isWork(d) {
					offs = append(offs, dayOff{day: d, rule: r, tetFor: year})
					n--
				}
			}
		case WithAdjacentDay:
			main := dayNumber(vntime.Date(year, time.Month(r.Month), r.Day))
			offs = append(offs, dayOff{day: main, rule: r})
			adj := main - 1
			if runLength(main, main+1, weekend, offs) > runLength(main, main-1, weekend, offs) {
				adj = main + 1
			}
			offs = append(offs, dayOff{day: adj, rule: r})
		case PlacementUnknown:
		}
	}
	slices.SortStableFunc(offs, func(a, b dayOff) int { return int(a.day - b.day) })
	// Compensatory days, in date order: a holiday on a weekly day off is
	// taken on the next working day.
	for i, n := 0, len(offs); i < n; i++ {
		o := offs[i]
		if o.rule.Compensation == "" || !weekend[weekdayOf(o.day)] {
			continue
		}
		d := o.day + 1
		for !isWork(d) {
			d++
		}
		offs = append(offs, dayOff{day: d, rule: o.rule, comp: true})
	}
	slices.SortStableFunc(offs, func(a, b dayOff) int { return int(a.day - b.day) })
	y := Year{Year: year, Provisional: true, Sources: []string{provisionalSource}}
	lastTo := int64(-1 << 62) // the last day of the previous closure
	for i := 0; i < len(offs); {
		// One closure per run of the same holiday's days (weekly days off
		// between them and around them included, as notices write them;
		// a weekly day off between two holidays goes to the earlier).
		j := i + 1
		for j < len(offs) && offs[j].rule == offs[i].rule && offs[j].comp == offs[i].comp && allOff(offs[j-1].day+1, offs[j].day, weekend) {
			j++
		}
		from, to := offs[i].day, offs[j-1].day
		for from-1 > lastTo && weekend[weekdayOf(from-1)] && !taken(from-1) && dayTime(from-1, 0).Year() == year {
			from--
		}
		for weekend[weekdayOf(to+1)] && !taken(to+1) {
			to++
		}
		r := offs[i].rule
		name, src := r.Name, r.Basis
		switch {
		case offs[i].comp:
			name, src = "Nghỉ bù "+r.Name, r.Compensation
		case offs[i].tetFor != 0:
			name = r.Name + " " + LunarDate{Year: offs[i].tetFor}.YearName()
		}
		y.Closed = append(y.Closed, Closure{From: dayTime(from, 0), To: dayTime(to, 0), Name: name, Source: "Tạm tính: " + src})
		lastTo = to
		i = j
	}
	return y, nil
}

// provisionalSource is the [Year.Sources] entry of a provisional year.
const provisionalSource = "Tạm tính theo quy định của Bộ luật Lao động về ngày nghỉ lễ, tết (chưa có thông báo chính thức của năm)"

// allOff reports whether every day of [from, to) is a weekly day off.
func allOff(from, to int64, weekend [7]bool) bool {
	for d := from; d < to; d++ {
		if !weekend[weekdayOf(d)] {
			return false
		}
	}
	return true
}

// runLength returns the length of the run of days off through main and adj
// when both are off, counting weekly days off and the days in offs.
func runLength(main, adj int64, weekend [7]bool, offs []dayOff) int {
	off := func(d int64) bool {
		return d == main || d == adj || weekend[weekdayOf(d)] || slices.ContainsFunc(offs, func(o dayOff) bool { return o.day == d })
	}
	lo, hi := min(main, adj), max(main, adj)
	for off(lo - 1) {
		lo--
	}
	for off(hi + 1) {
		hi++
	}
	return int(hi - lo + 1)
}

func lunarRangeError(year int) error {
	return &RangeError{
		What:   "lunar year " + strconv.Itoa(year),
		First:  vntime.Date(FirstLunarYear, 1, 1),
		Last:   vntime.Date(LastLunarYear, 12, 31),
		Remedy: "holidays on lunar dates can only be computed within the lunar calendar's years",
	}
}
