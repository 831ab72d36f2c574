package fees

import (
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Location is Asia/Ho_Chi_Minh, the zone of every [Date] and of the times
// this package writes: UTC+07:00, which Vietnam has kept without daylight
// saving since 1975, as a fixed zone with the IANA name, so it works where
// the system has no time zone files. The same value as catalog.Location
// and dossier.Location; do not reassign it.
var Location = vntime.Location

// Date is a calendar day in Vietnam (Asia/Ho_Chi_Minh). Versions and
// adjustments are in force from the start of their From day up to, but not
// including, the start of their Until day. The zero Date means "no bound".
//
// In JSON a Date is a string "2006-01-02"; the empty string is the zero Date.
type Date struct {
	year  int16
	month uint8
	day   uint8
}

// NewDate returns the given day. It returns an error wrapping [ErrSyntax]
// for a day that does not exist or a year outside 1900–9999.
func NewDate(year int, month time.Month, day int) (Date, error) {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	if year < 1900 || year > 9999 || t.Year() != year || t.Month() != month || t.Day() != day {
		return Date{}, parseErr("date", t.Format("2006-01-02"), ErrSyntax)
	}
	return Date{year: int16(year), month: uint8(month), day: uint8(day)}, nil
}

// MustDate is [NewDate] for constants in tests and examples: it panics on a
// day that does not exist.
func MustDate(year int, month time.Month, day int) Date {
	d, err := NewDate(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date (no bound).
func (d Date) IsZero() bool { return d.year == 0 }

// Time returns midnight at the start of d in Asia/Ho_Chi_Minh, or the zero
// time for the zero Date.
func (d Date) Time() time.Time {
	if d.IsZero() {
		return time.Time{}
	}
	return time.Date(int(d.year), time.Month(d.month), int(d.day), 0, 0, 0, 0, Location)
}

// unix returns the Unix time of the start of d.
func (d Date) unix() int64 { return d.Time().Unix() }

// Before reports whether d is an earlier day than e.
func (d Date) Before(e Date) bool {
	if d.year != e.year {
		return d.year < e.year
	}
	if d.month != e.month {
		return d.month < e.month
	}
	return d.day < e.day
}

// String returns "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Time().Format(time.DateOnly)
}

// MarshalText writes d as [Date.String] does.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02" or "" (the zero Date).
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	s := string(b)
	if len(s) != len(time.DateOnly) {
		return parseErr("date", s, ErrSyntax)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return parseErr("date", s, ErrSyntax)
	}
	v, err := NewDate(t.Year(), t.Month(), t.Day())
	if err != nil {
		return parseErr("date", s, ErrSyntax)
	}
	*d = v
	return nil
}
