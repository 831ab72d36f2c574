package dossier

import (
	"fmt"
	"slices"
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
// 07:30–11:30 and 13:00–17:00, and a cut-off at 15:00.
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
}

// Year is the official calendar of one year: the days the civil service
// does not work besides the weekend (public holidays, Tết, compensatory
// days off) and the weekend days it works instead (swapped working days),
// with the documents that decided them.
type Year struct {
	// Year is the calendar year, e.g. 2026.
	Year int
	// Sources names the legal documents the calendar rests on.
	Sources []string
	// Closed lists the spans of days off, weekends inside them included.
	Closed []Closure
	// Worked lists the weekend days worked instead of a day off.
	Worked []WorkedDay
}

// Closure is a span of days off, From to To inclusive (dates at midnight in
// Asia/Ho_Chi_Minh).
type Closure struct {
	From, To time.Time
	// Name says why, e.g. "Tết Nguyên đán".
	Name string
}

// WorkedDay is a weekend day worked to make up for a day off.
type WorkedDay struct {
	Date time.Time
	// Name says why, e.g. "làm bù cho thứ Sáu 02/01/2026".
	Name string
}

// Calendar counts working days, working hours and calendar days for
// deadlines, from the official yearly calendars it was built with. It is
// immutable and safe for concurrent use. Dates outside its years are an
// error wrapping [ErrOutOfRange]: a deadline is never guessed.
type Calendar struct {
	first   int64   // day number of 1 January of the first year
	cum     []int32 // cum[i]: working days among day offsets < i; len ndays+1
	wdays   []int32 // offsets of working days, in order
	office  []Session
	cutOff  int64 // seconds after midnight
	daySecs int64 // working seconds per day
	years   []Year
}

// NewCalendar builds a calendar from the official years, which must be
// consecutive. Every problem found in them is reported, joined, each a
// [*CalendarError]: a closure outside its year or ending before it starts,
// a worked day that is not a weekend day or falls in a closure, a gap or a
// repeated year.
func NewCalendar(opts CalendarOptions, years ...Year) (*Calendar, error) {
	if len(years) == 0 {
		return nil, &CalendarError{Field: "years", Why: "no year"}
	}
	weekend := [7]bool{time.Saturday: true, time.Sunday: true}
	if len(opts.Weekend) > 0 {
		weekend = [7]bool{}
		for _, w := range opts.Weekend {
			if w < time.Sunday || w > time.Saturday {
				return nil, &CalendarError{Field: "weekend", Why: fmt.Sprintf("weekday %d", int(w))}
			}
			weekend[w] = true
		}
	}
	office := opts.Office
	if len(office) == 0 {
		office = []Session{{7*time.Hour + 30*time.Minute, 11*time.Hour + 30*time.Minute}, {13 * time.Hour, 17 * time.Hour}}
	}
	c := &Calendar{office: slices.Clone(office), cutOff: 15 * 3600}
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
	slices.SortFunc(ys, func(a, b Year) int { return a.Year - b.Year })
	var errs []error
	for i := 1; i < len(ys); i++ {
		if ys[i].Year != ys[i-1].Year+1 {
			errs = append(errs, &CalendarError{Year: ys[i].Year, Field: "year", Why: fmt.Sprintf("follows %d: years must be consecutive and distinct", ys[i-1].Year)})
		}
	}
	lo, hi := ys[0].Year, ys[len(ys)-1].Year
	if lo < 1976 || hi > 9999 {
		return nil, &CalendarError{Year: lo, Field: "year", Why: "outside 1976..9999"}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	c.first = dayNumber(vntime.Date(lo, 1, 1))
	ndays := int(dayNumber(vntime.Date(hi+1, 1, 1)) - c.first)
	work := make([]bool, ndays)
	for o := range work {
		wd := time.Weekday((c.first + int64(o) + 4) % 7) // 1 Jan 1970 was a Thursday
		work[o] = !weekend[wd]
	}
	closed := make([]bool, ndays)
	for _, y := range ys {
		ylo, yhi := dayNumber(vntime.Date(y.Year, 1, 1)), dayNumber(vntime.Date(y.Year+1, 1, 1))
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
				for d := max(f, c.first); d <= t && d < c.first+int64(ndays); d++ {
					closed[d-c.first] = true
					work[d-c.first] = false
				}
			}
		}
	}
	for _, y := range ys {
		ylo, yhi := dayNumber(vntime.Date(y.Year, 1, 1)), dayNumber(vntime.Date(y.Year+1, 1, 1))
		for k, w := range y.Worked {
			d := dayNumber(w.Date)
			field := fmt.Sprintf("worked[%d]", k)
			switch {
			case w.Date.IsZero():
				errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "missing date"})
			case d < ylo || d >= yhi:
				errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "outside its year"})
			case !weekend[w.Date.In(vntime.Location).Weekday()]:
				errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "not a weekend day"})
			case closed[d-c.first]:
				errs = append(errs, &CalendarError{Year: y.Year, Field: field, Why: "inside a closure"})
			default:
				work[d-c.first] = true
			}
		}
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	c.cum = make([]int32, ndays+1)
	for o, ok := range work {
		c.cum[o+1] = c.cum[o]
		if ok {
			c.cum[o+1]++
			c.wdays = append(c.wdays, int32(o))
		}
	}
	c.years = make([]Year, len(ys))
	for i, y := range ys {
		c.years[i] = Year{Year: y.Year, Sources: slices.Clone(y.Sources), Closed: slices.Clone(y.Closed), Worked: slices.Clone(y.Worked)}
	}
	return c, nil
}

// Years returns the years the calendar covers, oldest first.
func (c *Calendar) Years() []Year {
	out := make([]Year, len(c.years))
	for i, y := range c.years {
		out[i] = Year{Year: y.Year, Sources: slices.Clone(y.Sources), Closed: slices.Clone(y.Closed), Worked: slices.Clone(y.Worked)}
	}
	return out
}

// CutOff returns the calendar's default cut-off time of day.
func (c *Calendar) CutOff() time.Duration { return time.Duration(c.cutOff) * time.Second }

// offset returns t's day offset in the calendar, or an error.
func (c *Calendar) offset(t time.Time) (int64, error) {
	o := dayNumber(t) - c.first
	if o < 0 || o >= int64(len(c.cum)-1) {
		return 0, fmt.Errorf("%w: %s not in %d–%d", ErrOutOfRange, t.In(vntime.Location).Format(time.DateOnly), c.years[0].Year, c.years[len(c.years)-1].Year)
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
		return 0, fmt.Errorf("%w: %d working days after %s", ErrOutOfRange, n, dayTime(c.first+o, 0).Format(time.DateOnly))
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
		return time.Time{}, fmt.Errorf("%w: %d days after %s", ErrOutOfRange, n, dayTime(c.first+o, 0).Format(time.DateOnly))
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
