package dossier

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

// vnOffset is Asia/Ho_Chi_Minh's offset from UTC in seconds (fixed since 1975).
const vnOffset = 7 * 3600

// dayNumber returns the number of days since 1 Jan 1970 of t's date in
// Asia/Ho_Chi_Minh.
func dayNumber(t time.Time) int64 {
	s := t.Unix() + vnOffset
	d := s / 86400
	if s%86400 < 0 {
		d--
	}
	return d
}

// secondOfDay returns the seconds since midnight of t in Asia/Ho_Chi_Minh.
func secondOfDay(t time.Time) int64 {
	s := (t.Unix() + vnOffset) % 86400
	if s < 0 {
		s += 86400
	}
	return s
}

// dayTime returns the instant sec seconds after midnight of day number d,
// in Asia/Ho_Chi_Minh.
func dayTime(d, sec int64) time.Time {
	return time.Unix(d*86400-vnOffset+sec, 0).In(vntime.Location)
}

// Session is a span of office hours within a day, as offsets from midnight:
// Start ≤ t < End.
type Session struct {
	Start time.Duration `json:"start"`
	End   time.Duration `json:"end"`
}

// CalendarOptions are the settings of a [Calendar]. The zero value gives
// the civil service's usual week: Saturday and Sunday off, office hours
// 07:30–11:30 and 13:00–17:00, a cut-off at 15:00, and the Labour Code's
// holidays for the years without an official calendar.
type CalendarOptions struct {
	// Weekend lists the weekly days off; empty means Saturday and Sunday.
	Weekend []time.Weekday
	// Office lists the office sessions of a working day in order; empty
	// means 07:30–11:30 and 13:00–17:00. Results are due at the end of the
	// last session.
	Office []Session
	// CutOff is the time of day from which a dossier received counts from
	// the next working day; zero means 15:00. Per-procedure cut-offs are
	// [Terms.CutOff].
	CutOff time.Duration
	// Rules compute the years without an official calendar; nil means
	// [LabourCode]. See [ProvisionalYear].
	Rules []HolidayRule
	// OfficialOnly restricts the calendar to the official years given,
	// which must then be consecutive: no year is computed from rules, and
	// a date outside the given years is an error wrapping [ErrOutOfRange].
	// Inspectors who accept only published calendars set it.
	OfficialOnly bool
}

// The years a [Calendar] covers when built without
// [CalendarOptions.OfficialOnly]: from the first year of the default rules
// to the last year of the lunar calendar. Official years outside them
// widen the range.
const (
	FirstYear = FirstRuleYear
	LastYear  = LastLunarYear
)

// Year is the calendar of one year: the days the civil service does not
// work besides the weekend (public holidays, Tết, compensatory days off)
// and the weekend days it works instead (swapped working days), with the
// documents that decided them, or, for a provisional year, the rules that
// computed them.
type Year struct {
	// Year is the calendar year, e.g. 2026.
	Year int
	// Sources names the legal documents the calendar rests on.
	Sources []string
	// Closed lists the spans of days off, weekends inside them included.
	Closed []Closure
	// Worked lists the weekend days worked instead of a day off.
	Worked []WorkedDay
	// Provisional says the year was computed from holiday rules
	// ([ProvisionalYear]) because no official notice of it was given: its
	// days off may still change when the Government publishes the year's
	// schedule (Tết, 2 September, swapped days).
	Provisional bool
}

// Closure is a span of days off, From to To inclusive (dates at midnight in
// Asia/Ho_Chi_Minh).
type Closure struct {
	From, To time.Time
	// Name says why, e.g. "Tết Nguyên đán".
	Name string
	// Source is the document that decided it, or the rule that computed
	// it; empty means the year's Sources.
	Source string
}

// WorkedDay is a weekend day worked to make up for a day off.
type WorkedDay struct {
	Date time.Time
	// Name says why, e.g. "làm bù cho thứ Sáu 02/01/2026".
	Name string
	// Source is the document that decided it; empty means the year's
	// Sources.
	Source string
}

// Calendar counts working days, working hours and calendar days for
// deadlines. It is immutable and safe for concurrent use.
//
// Years with an official notice stand as published; every other year from
// [FirstYear] to [LastYear] is computed from the holiday rules
// ([LabourCode] by default) and marked provisional, so a calendar never
// runs out in normal use. [Calendar.Day] says of each date where it comes
// from. Dates outside the range are an error wrapping [ErrOutOfRange] (a
// [*RangeError] naming the range): a deadline is never guessed.
type Calendar struct {
	first   int64   // day number of 1 January of the first year
	cum     []int32 // cum[i]: working days among day offsets < i; len ndays+1
	wdays   []int32 // offsets of working days, in order
	office  []Session
	cutOff  int64 // seconds after midnight
	daySecs int64 // working seconds per day
	weekend [7]bool
	years   []Year // every year covered, oldest first
	given   []int  // indices in years of the years given to NewCalendar
	strict  bool   // OfficialOnly
}

// NewCalendar builds a calendar from the official years given (none is
// allowed) and, unless opts.OfficialOnly is set, the years computed from
// opts.Rules for every other year from [FirstYear] to [LastYear]. Every
// problem found in the years is reported, joined, each a [*CalendarError]:
// a closure outside its year or ending before it starts, a worked day that
// is not a weekend day or falls in a closure, a repeated year, a malformed
// rule; with OfficialOnly, also no year or a gap between years.
func NewCalendar(opts CalendarOptions, years ...Year) (*Calendar, error) {
	if opts.OfficialOnly && len(years) == 0 {
		return nil, &CalendarError{Field: "years", Why: "no year"}
	}
	weekend, err := weekendSet(opts.Weekend)
	if err != nil {
		return nil, err
	}
	rules := opts.Rules
	if rules == nil {
		rules = LabourCode()
	}
	if !opts.OfficialOnly {
		if err := checkRules(rules); err != nil {
			return nil, err
		}
	}
	office := opts.Office
	if len(office) == 0 {
		office = []Session{{7*time.Hour + 30*time.Minute, 11*time.Hour + 30*time.Minute}, {13 * time.Hour, 17 * time.Hour}}
	}
	c := &Calendar{office: slices.Clone(office), cutOff: 15 * 3600, weekend: weekend, strict: opts.OfficialOnly}
	var prevEnd time.Duration
	for i, s := range office {
		if s.Start < prevEnd || s.End <= s.Start || s.End > 24*time.Hour || s.Start%time.Second != 0 || s.End%time.Second != 0 {
			return nil, &CalendarError{Field: fmt.Sprintf("office[%d]", i), Why: "sessions must be whole seconds, ordered, non-empty and within the day"}
		}
		prevEnd = s.End
		c.daySecs += int64((s.End - s.Start) / time.Second)
	}
	if opts.CutOff != 0 {
		if opts.CutOff < 0 || opts.CutOff > 24*time.Hour {
			return nil, &CalendarError{Field: "cutOff", Why: "outside the day"}
		}
		c.cutOff = int64(opts.CutOff / time.Second)
	}
	ys := slices.Clone(years)
	slices.SortStableFunc(ys, func(a, b Year) int { return a.Year - b.Year })
	var errs []error
	for i := 1; i < len(ys); i++ {
		switch {
		case ys[i].Year == ys[i-1].Year:
			errs = append(errs, &CalendarError{Year: ys[i].Year, Field: "year", Why: "given twice"})
		case opts.OfficialOnly && ys[i].Year != ys[i-1].Year+1:
			errs = append(errs, &CalendarError{Year: ys[i].Year, Field: "year", Why: fmt.Sprintf("follows %d: with OfficialOnly, years must be consecutive", ys[i-1].Year)})
		}
	}
	lo, hi := FirstYear, LastYear
	if len(ys) > 0 {
		if opts.OfficialOnly {
			lo, hi = ys[0].Year, ys[len(ys)-1].Year
		} else {
			lo, hi = min(lo, ys[0].Year), max(hi, ys[len(ys)-1].Year)
		}
	}
	if lo < 1976 || hi > 9999 {
		return nil, &CalendarError{Year: lo, Field: "year", Why: "outside 1976..9999"}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	// Every year of the range: given, or computed from the rules. A run of
	// years that cannot be computed is one error.
	all := make([]Year, 0, hi-lo+1)
	k := 0
	gap := func(from, to int, err error) {
		why := err.Error()
		var ce *CalendarError
		if errors.As(err, &ce) {
			why = ce.Why
		}
		errs = append(errs, &CalendarError{Year: from, Field: "year", Why: fmt.Sprintf("years %d–%d have no official calendar and cannot be computed: %s", from, to, why)})
	}
	failFrom, failErr := 0, error(nil)
	for y := lo; y <= hi; y++ {
		if k < len(ys) && ys[k].Year == y {
			c.given = append(c.given, len(all))
			all = append(all, cloneYear(ys[k]))
			k++
		} else if py, err := provisionalYear(y, rules, weekend); err != nil {
			if failErr == nil {
				failFrom, failErr = y, err
			}
			continue
		} else {
			all = append(all, py)
		}
		if failErr != nil {
			gap(failFrom, y-1, failErr)
			failErr = nil
		}
	}
	if failErr != nil {
		gap(failFrom, hi, failErr)
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	c.first = dayNumber(vntime.Date(lo, 1, 1))
	ndays := int(dayNumber(vntime.Date(hi+1, 1, 1)) - c.first)
	work := make([]bool, ndays)
	for o := range work {
		work[o] = !weekend[weekdayOf(c.first+int64(o))]
	}
	closed := make([]bool, ndays)
	for _, i := range c.given {
		errs = append(errs, c.checkClosures(&all[i], work, closed)...)
	}
	for i := range all {
		if !slices.Contains(c.given, i) {
			errs = append(errs, c.checkClosures(&all[i], work, closed)...)
		}
	}
	for _, i := range c.given {
		errs = append(errs, c.checkWorked(&all[i], work, closed)...)
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	c.cum = make([]int32, ndays+1)
	c.wdays = make([]int32, 0, ndays*5/7+1)
	for o, ok := range work {
		c.cum[o+1] = c.cum[o]
		if ok {
			c.cum[o+1]++
			c.wdays = append(c.wdays, int32(o))
		}
	}
	c.years = all
	return c, nil
}

// checkClosures checks y's closures and marks their days closed.
func (c *Calendar) checkClosures(y *Year, work, closed []bool) []error {
	var errs []error
	ylo, yhi := dayNumber(vntime.Date(y.Year, 1, 1)), dayNumber(vntime.Date(y.Year+1, 1, 1))
	end := c.first + int64(len(work))
	for k, cl := range y.Closed {
		f, t := dayNumber(cl.From), dayNumber(cl.To)
		field := fmt.Sprintf("closed[%d]", k)
		switch {
		case cl.From.IsZero() || cl.To.IsZero():
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "missing date"})
		case t < f:
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "ends before it starts"})
		case f < ylo-31 || t >= yhi+31 || f >= yhi || t < ylo:
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "outside its year"})
		default:
			for d := max(f, c.first); d <= t && d < end; d++ {
				closed[d-c.first] = true
				work[d-c.first] = false
			}
		}
	}
	return errs
}

// checkWorked checks y's worked days and marks them working.
func (c *Calendar) checkWorked(y *Year, work, closed []bool) []error {
	var errs []error
	ylo, yhi := dayNumber(vntime.Date(y.Year, 1, 1)), dayNumber(vntime.Date(y.Year+1, 1, 1))
	for k, w := range y.Worked {
		d := dayNumber(w.Date)
		field := fmt.Sprintf("worked[%d]", k)
		switch {
		case w.Date.IsZero():
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "missing date"})
		case d < ylo || d >= yhi:
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "outside its year"})
		case !c.weekend[weekdayOf(d)]:
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "not a weekend day"})
		case closed[d-c.first]:
			errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "inside a closure"})
		default:
			work[d-c.first] = true
		}
	}
	return errs
}

func cloneYear(y Year) Year {
	return Year{Year: y.Year, Sources: slices.Clone(y.Sources), Closed: slices.Clone(y.Closed), Worked: slices.Clone(y.Worked), Provisional: y.Provisional}
}

// Years returns the years given to [NewCalendar], oldest first (the
// official ones, unless provisional years were given). [Calendar.Year]
// returns any year the calendar covers.
func (c *Calendar) Years() []Year {
	out := make([]Year, len(c.given))
	for i, k := range c.given {
		out[i] = cloneYear(c.years[k])
	}
	return out
}

// Year returns the calendar's year y: as given to [NewCalendar], or as
// computed from the rules (marked [Year.Provisional]).
func (c *Calendar) Year(y int) (Year, error) {
	i := y - c.years[0].Year
	if i < 0 || i >= len(c.years) {
		return Year{}, c.rangeError("year "+strconv.Itoa(y), time.Time{})
	}
	return cloneYear(c.years[i]), nil
}

// Range returns the first and last days the calendar covers, at midnight
// in Asia/Ho_Chi_Minh.
func (c *Calendar) Range() (first, last time.Time) {
	return dayTime(c.first, 0), dayTime(c.first+int64(len(c.cum))-2, 0)
}

// rangeError is the error for t (or a request named by what) outside the
// calendar.
func (c *Calendar) rangeError(what string, t time.Time) error {
	first, last := c.Range()
	e := &RangeError{What: what, First: first, Last: last}
	if !t.IsZero() {
		e.Date = dayTime(dayNumber(t), 0)
	}
	switch {
	case c.strict:
		e.Remedy = "the calendar holds only the official years given (OfficialOnly): load that year's official calendar with ReadYearsJSON, or build the calendar without OfficialOnly to compute it from the holiday rules"
	case !t.IsZero() && dayNumber(t) < c.first:
		e.Remedy = fmt.Sprintf("years before %d have no holiday rules: give the year's official calendar to NewCalendar", c.years[0].Year)
	default:
		e.Remedy = fmt.Sprintf("years after %d are beyond the lunar calendar the holiday rules need: give the year's official calendar to NewCalendar", c.years[len(c.years)-1].Year)
	}
	return e
}

// CutOff returns the calendar's default cut-off time of day.
func (c *Calendar) CutOff() time.Duration { return time.Duration(c.cutOff) * time.Second }

// offset returns t's day offset in the calendar, or an error.
func (c *Calendar) offset(t time.Time) (int64, error) {
	o := dayNumber(t) - c.first
	if o < 0 || o >= int64(len(c.cum)-1) {
		return 0, c.rangeError("date", t)
	}
	return o, nil
}

func (c *Calendar) isWork(o int64) bool { return c.cum[o+1] != c.cum[o] }

// IsWorkingDay reports whether t's date (in Asia/Ho_Chi_Minh) is a working day.
func (c *Calendar) IsWorkingDay(t time.Time) (bool, error) {
	o, err := c.offset(t)
	if err != nil {
		return false, err
	}
	return c.isWork(o), nil
}

// AddWorkingDays returns midnight of the n-th working day after t's date;
// n = 0 returns midnight of t's date. n must not be negative.
func (c *Calendar) AddWorkingDays(t time.Time, n int) (time.Time, error) {
	o, err := c.offset(t)
	if err != nil {
		return time.Time{}, err
	}
	r, err := c.addDays(o, n)
	if err != nil {
		return time.Time{}, err
	}
	return dayTime(c.first+r, 0), nil
}

func (c *Calendar) addDays(o int64, n int) (int64, error) {
	if n < 0 {
		return 0, fmt.Errorf("%w: negative count %d", ErrOutOfRange, n)
	}
	if n == 0 {
		return o, nil
	}
	k := int64(c.cum[o+1]) + int64(n) - 1
	if k >= int64(len(c.wdays)) {
		return 0, c.rangeError(fmt.Sprintf("%d working days after", n), dayTime(c.first+o, 0))
	}
	return int64(c.wdays[k]), nil
}

// WorkingDaysBetween returns the number of working days after a's date up
// to and including b's date; negative when b is before a. It inverts
// [Calendar.AddWorkingDays]: WorkingDaysBetween(t, AddWorkingDays(t, n)) = n.
func (c *Calendar) WorkingDaysBetween(a, b time.Time) (int, error) {
	oa, err := c.offset(a)
	if err != nil {
		return 0, err
	}
	ob, err := c.offset(b)
	if err != nil {
		return 0, err
	}
	return int(c.cum[ob+1] - c.cum[oa+1]), nil
}

// NextWorkingDay returns midnight of the first working day strictly after
// t's date.
func (c *Calendar) NextWorkingDay(t time.Time) (time.Time, error) { return c.AddWorkingDays(t, 1) }

// StartOfCount returns when the deadline of a dossier received at t starts
// to run, with cut-off cutOff (0: the calendar's): t itself on a working day
// during office hours before the cut-off; the opening of the day's office
// hours when received before them, or of the next session when received in
// a break; otherwise, the opening of the next working day (received after
// the cut-off, after hours, or on a day off, as online filings may be).
func (c *Calendar) StartOfCount(t time.Time, cutOff time.Duration) (time.Time, error) {
	o, s, err := c.start(t, cutOff)
	if err != nil {
		return time.Time{}, err
	}
	return dayTime(c.first+o, s), nil
}

// start returns the day offset and second of day at which a deadline for a
// dossier received at t starts running.
func (c *Calendar) start(t time.Time, cutOff time.Duration) (int64, int64, error) {
	o, err := c.offset(t)
	if err != nil {
		return 0, 0, err
	}
	co := c.cutOff
	if cutOff > 0 {
		co = int64(cutOff / time.Second)
	}
	sec := secondOfDay(t)
	if c.isWork(o) && sec < co {
		for _, s := range c.office {
			if sec < int64(s.End/time.Second) {
				return o, max(sec, int64(s.Start/time.Second)), nil
			}
		}
	}
	n, err := c.addDays(o, 1)
	if err != nil {
		return 0, 0, err
	}
	return n, int64(c.office[0].Start / time.Second), nil
}

// DueDate returns the appointment for a dossier received at receivedAt with
// deadline dl, using the calendar's cut-off. See [Calendar.DueDateCutOff].
func (c *Calendar) DueDate(receivedAt time.Time, dl Deadline) (time.Time, error) {
	return c.DueDateCutOff(receivedAt, dl, 0)
}

// DueDateCutOff returns the appointment for a dossier received at
// receivedAt with deadline dl and cut-off cutOff (0: the calendar's). The
// count starts as [Calendar.StartOfCount] says; then
//
//   - working days: the result is due at the close of office hours of the
//     N-th working day after the start day (N = 0: the start day itself);
//   - calendar days: at the close of the N-th day after the start day, or
//     of the next working day when that day is not one;
//   - months: as calendar days, to the same day N months after the start
//     day;
//   - working hours: N hours of office time after the start.
func (c *Calendar) DueDateCutOff(receivedAt time.Time, dl Deadline, cutOff time.Duration) (time.Time, error) {
	if dl.N < 0 || dl.N > 100000 {
		return time.Time{}, fmt.Errorf("%w: deadline %d", ErrOutOfRange, dl.N)
	}
	o, sec, err := c.start(receivedAt, cutOff)
	if err != nil {
		return time.Time{}, err
	}
	closeSec := int64(c.office[len(c.office)-1].End / time.Second)
	switch dl.Unit {
	case catalog.WorkingDays:
		r, err := c.addDays(o, dl.N)
		if err != nil {
			return time.Time{}, err
		}
		return dayTime(c.first+r, closeSec), nil
	case catalog.CalendarDays:
		return c.calendarDue(o, int64(dl.N), closeSec)
	case catalog.Months:
		// The same day N months later (Go's normalisation: 31 Jan + 1
		// month is 3 Mar), then as calendar days.
		end := dayTime(c.first+o, 0).AddDate(0, dl.N, 0)
		return c.calendarDue(o, dayNumber(end)-(c.first+o), closeSec)
	case catalog.WorkingHours:
		return c.addHours(o, sec, int64(dl.N)*3600)
	case catalog.UnitUnknown, catalog.UnitOther:
	}
	return time.Time{}, fmt.Errorf("%w: deadline unit %s", ErrInvalidDossier, dl.Unit)
}

// calendarDue returns the close of day o+n, or of the next working day when
// that day is not one.
func (c *Calendar) calendarDue(o, n, closeSec int64) (time.Time, error) {
	r := o + n
	if r < 0 || r >= int64(len(c.cum)-1) {
		return time.Time{}, c.rangeError(fmt.Sprintf("%d days after", n), dayTime(c.first+o, 0))
	}
	if !c.isWork(r) {
		var err error
		if r, err = c.addDays(r, 1); err != nil {
			return time.Time{}, err
		}
	}
	return dayTime(c.first+r, closeSec), nil
}

// addHours returns the instant need seconds of office time after second sec
// of working day o (sec within or at the start of a session).
func (c *Calendar) addHours(o, sec, need int64) (time.Time, error) {
	if need == 0 {
		return dayTime(c.first+o, sec), nil
	}
	for _, s := range c.office {
		st, en := int64(s.Start/time.Second), int64(s.End/time.Second)
		if sec >= en {
			continue
		}
		from := max(sec, st)
		if need <= en-from {
			return dayTime(c.first+o, from+need), nil
		}
		need -= en - from
	}
	// Whole days, then the remainder in the last one.
	full := (need - 1) / c.daySecs
	need -= full * c.daySecs
	r, err := c.addDays(o, int(full)+1)
	if err != nil {
		return time.Time{}, err
	}
	return c.addHours(r, int64(c.office[0].Start/time.Second), need)
}

func joinErrors(errs []error) error {
	if len(errs) == 1 {
		return errs[0]
	}
	return calendarErrors(errs)
}

// calendarErrors joins several calendar problems; it unwraps to each.
type calendarErrors []error

func (e calendarErrors) Error() string {
	s := fmt.Sprintf("dossier: %d calendar problems:", len(e))
	for _, err := range e {
		s += "\n\t" + err.Error()
	}
	return s
}

func (e calendarErrors) Unwrap() []error { return e }

// officeSecondsBefore returns the office seconds of a working day before
// second sec of that day.
func (c *Calendar) officeSecondsBefore(sec int64) int64 {
	var n int64
	for _, s := range c.office {
		st, en := int64(s.Start/time.Second), int64(s.End/time.Second)
		if sec <= st {
			break
		}
		n += min(sec, en) - st
	}
	return n
}

// WorkingTimeBetween returns the office time from a to b: the time within
// office hours of working days; negative when b is before a.
func (c *Calendar) WorkingTimeBetween(a, b time.Time) (time.Duration, error) {
	if b.Before(a) {
		d, err := c.WorkingTimeBetween(b, a)
		return -d, err
	}
	oa, err := c.offset(a)
	if err != nil {
		return 0, err
	}
	ob, err := c.offset(b)
	if err != nil {
		return 0, err
	}
	pos := func(o, sec int64) int64 { // office seconds from the calendar's start
		n := int64(c.cum[o]) * c.daySecs
		if c.isWork(o) {
			n += c.officeSecondsBefore(sec)
		}
		return n
	}
	return time.Duration(pos(ob, secondOfDay(b))-pos(oa, secondOfDay(a))) * time.Second, nil
}

// Resume returns the new due time of a dossier whose clock was paused at
// pausedAt (for supplementation) with due time dueAt, when it resumes at
// resumedAt: the time left at the pause, counted in the deadline's unit,
// runs again from resumedAt as from a receipt (cut-off included). Time used
// before the pause still counts. A pause after the due time leaves nothing
// to run: the dossier is due at once (at the start of the count).
func (c *Calendar) Resume(pausedAt, dueAt, resumedAt time.Time, unit catalog.TimeUnit, cutOff time.Duration) (time.Time, error) {
	o, sec, err := c.start(resumedAt, cutOff)
	if err != nil {
		return time.Time{}, err
	}
	closeSec := int64(c.office[len(c.office)-1].End / time.Second)
	switch unit {
	case catalog.WorkingDays:
		left, err := c.WorkingDaysBetween(pausedAt, dueAt)
		if err != nil {
			return time.Time{}, err
		}
		r, err := c.addDays(o, max(left, 0))
		if err != nil {
			return time.Time{}, err
		}
		return dayTime(c.first+r, closeSec), nil
	case catalog.CalendarDays, catalog.Months:
		// What is left of a deadline in months is counted in calendar days.
		return c.calendarDue(o, max(dayNumber(dueAt)-dayNumber(pausedAt), 0), closeSec)
	case catalog.WorkingHours:
		left, err := c.WorkingTimeBetween(pausedAt, dueAt)
		if err != nil {
			return time.Time{}, err
		}
		return c.addHours(o, sec, max(int64(left/time.Second), 0))
	case catalog.UnitUnknown, catalog.UnitOther:
	}
	return time.Time{}, fmt.Errorf("%w: deadline unit %s", ErrInvalidDossier, unit)
}
