package dossier

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
)

// DayKind says what a date is in a [Calendar]. The zero value is unknown.
type DayKind uint8

// Kinds of days.
const (
	DayKindUnknown DayKind = iota
	// DayWorking is an ordinary working day.
	DayWorking
	// DayWeekend is a weekly day off ([CalendarOptions.Weekend]).
	DayWeekend
	// DayClosed is a day off of a [Closure]: a holiday, Tết, a
	// compensatory or swapped day off (weekends inside the span included).
	DayClosed
	// DayWorkedWeekend is a weekly day off worked instead of a swapped day
	// off ([WorkedDay]).
	DayWorkedWeekend
)

var dayKindNames = [...]string{"", "working", "weekend", "closed", "worked_weekend"}

var dayKindLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Ngày làm việc", "Working day"},
	{"Nghỉ hằng tuần", "Weekly day off"},
	{"Ngày nghỉ", "Day off"},
	{"Làm bù ngày nghỉ hằng tuần", "Weekend day worked"},
}

// String returns the stable identifier: "working", "weekend", "closed",
// "worked_weekend"; "unknown" for the zero value; or "DayKind(n)".
func (k DayKind) String() string { return enumString(dayKindNames[:], uint8(k), "DayKind") }

// Label returns the display name in lang ("vi", the default, or "en").
func (k DayKind) Label(lang string) string {
	return enumLabel(dayKindLabels[:], uint8(k), lang, k.String)
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (k DayKind) MarshalText() ([]byte, error) {
	return enumMarshal(dayKindNames[:], uint8(k), "day kind")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *DayKind) UnmarshalText(b []byte) error {
	v, err := enumParse(dayKindNames[:], string(b), "day kind")
	*k = DayKind(v)
	return err
}

// Day is what a [Calendar] knows of one date: whether it is worked, why,
// and on what authority.
type Day struct {
	// Date is midnight of the day in Asia/Ho_Chi_Minh.
	Date time.Time
	// Kind is the kind of day.
	Kind DayKind
	// Name is the closure's or worked day's name (empty for ordinary days).
	Name string
	// Source is the official document that decided the day, or the rule
	// that computed it in a provisional year (empty for ordinary days).
	Source string
	// Provisional says the day's year has no official notice: it was
	// computed from the holiday rules and may change.
	Provisional bool
}

// Label describes the day for a person in lang ("vi", the default, or
// "en"): its weekday and date, its kind, and the closure's name:
// "Thứ Ba 17/02/2026: Ngày nghỉ (Tết Nguyên đán)", with "dự kiến"
// ("provisional") when its year has no official notice.
func (d Day) Label(lang string) string {
	s := vnfmt.Weekday(d.Date.Weekday(), lang) + " " + vnfmt.Date(d.Date) + ": " + d.Kind.Label(lang)
	if d.Name != "" {
		s += " (" + d.Name + ")"
	}
	if d.Provisional {
		if vnfmt.English(lang) {
			return s + ", provisional"
		}
		return s + ", dự kiến"
	}
	return s
}

// FormatTime returns t in Asia/Ho_Chi_Minh for a person, with its weekday:
// "Thứ Tư 29/04/2026 17:00" in Vietnamese (the default),
// "Wednesday 29/04/2026 17:00" in English.
func FormatTime(t time.Time, lang string) string {
	t = t.In(Location)
	return vnfmt.Weekday(t.Weekday(), lang) + " " + t.Format("02/01/2006 15:04")
}

// Working reports whether the day is a working day.
func (d Day) Working() bool { return d.Kind == DayWorking || d.Kind == DayWorkedWeekend }

// Day returns what the calendar knows of t's date (in Asia/Ho_Chi_Minh).
func (c *Calendar) Day(t time.Time) (Day, error) {
	o, err := c.offset(t)
	if err != nil {
		return Day{}, err
	}
	return c.day(c.first + o), nil
}

// day describes day number d, which the calendar covers.
func (c *Calendar) day(d int64) Day {
	date := dayTime(d, 0)
	y := &c.years[date.Year()-c.years[0].Year]
	out := Day{Date: date, Provisional: y.Provisional}
	if c.isWork(d - c.first) {
		out.Kind = DayWorking
		for _, w := range y.Worked {
			if dayNumber(w.Date) == d {
				out.Kind, out.Name, out.Source = DayWorkedWeekend, w.Name, sourceOr(w.Source, y)
			}
		}
		return out
	}
	// A closure may reach into the next or previous year: look at the
	// neighbours too.
	for _, yy := range c.yearsAround(date.Year()) {
		for _, cl := range yy.Closed {
			if dayNumber(cl.From) <= d && d <= dayNumber(cl.To) {
				out.Kind, out.Name, out.Source = DayClosed, cl.Name, sourceOr(cl.Source, yy)
				out.Provisional = yy.Provisional
				return out
			}
		}
	}
	out.Kind = DayWeekend
	return out
}

// yearsAround returns the calendar's years year, year-1 and year+1 that it
// covers, year first.
func (c *Calendar) yearsAround(year int) []*Year {
	out := make([]*Year, 0, 3)
	for _, y := range [...]int{year, year - 1, year + 1} {
		if i := y - c.years[0].Year; i >= 0 && i < len(c.years) {
			out = append(out, &c.years[i])
		}
	}
	return out
}

func sourceOr(s string, y *Year) string {
	if s != "" {
		return s
	}
	return strings.Join(y.Sources, "; ")
}

// DaysOff returns the days that are not worked from a's date to b's date
// inclusive, in order: weekly days off and closures, each with its name
// and source. It is the explanation of a deadline: the days a count
// skipped.
func (c *Calendar) DaysOff(a, b time.Time) ([]Day, error) {
	oa, err := c.offset(a)
	if err != nil {
		return nil, err
	}
	ob, err := c.offset(b)
	if err != nil {
		return nil, err
	}
	var out []Day
	for o := oa; o <= ob; o++ {
		if !c.isWork(o) {
			out = append(out, c.day(c.first+o))
		}
	}
	return out, nil
}

// ProvisionalYears returns the provisional years (computed from rules, no
// official notice) that the days from a's date to b's date inclusive fall
// in, oldest first; nil when every one is official. A deadline counted over
// such a span may change when the notice comes.
func (c *Calendar) ProvisionalYears(a, b time.Time) ([]int, error) {
	if _, err := c.offset(a); err != nil {
		return nil, err
	}
	if _, err := c.offset(b); err != nil {
		return nil, err
	}
	return c.provisionalYears(dayNumber(a), dayNumber(b)), nil
}

func (c *Calendar) provisionalYears(da, db int64) []int {
	if db < da {
		da, db = db, da
	}
	var out []int
	for y := dayTime(da, 0).Year(); y <= dayTime(db, 0).Year(); y++ {
		if i := y - c.years[0].Year; i >= 0 && i < len(c.years) && c.years[i].Provisional {
			out = append(out, y)
		}
	}
	return out
}

// DayChange is a date that is worked under one calendar and not under the
// other; see [CompareCalendars].
type DayChange struct {
	// Before and After are the day in the old and the new calendar.
	Before, After Day
}

// CompareCalendars returns the days from a's date to b's date inclusive
// whose working status differs between the calendars before and after, in
// order: what an official notice changed in a provisional year. A day whose
// status is the same (only its source or name changed) is not listed.
func CompareCalendars(before, after *Calendar, a, b time.Time) ([]DayChange, error) {
	if before == nil || after == nil {
		return nil, fmt.Errorf("%w: CompareCalendars needs two calendars", ErrCalendar)
	}
	var out []DayChange
	for d := dayNumber(a); d <= dayNumber(b); d++ {
		t := dayTime(d, 0)
		x, err := before.Day(t)
		if err != nil {
			return nil, err
		}
		y, err := after.Day(t)
		if err != nil {
			return nil, err
		}
		if x.Working() != y.Working() {
			out = append(out, DayChange{Before: x, After: y})
		}
	}
	return out, nil
}
