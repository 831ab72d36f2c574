package dossier

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

//go:embed data/vn-2025.json
var vn2025 []byte

//go:embed data/vn-2026.json
var vn2026 []byte

// MaxCalendarJSON is the largest calendar document [ReadYearsJSON] reads.
//
// The limits of calendar data, in one place: a document is at most
// MaxCalendarJSON bytes (1 MiB; ReadYearsJSON reads one byte more, never
// the rest), nested no deeper than encoding/json's 10,000 levels; its
// years lie in 1976..9999; [NewCalendar] refuses a closure outside 1
// December of the year before to 31 January of the year after, and a
// worked day outside its year, so the calendar it builds holds one entry
// per day of the years it spans and no more. Past any of these, the whole document is refused with a
// [*CalendarError] wrapping [ErrCalendar] and no year is returned.
const MaxCalendarJSON = 1 << 20

type yearsDoc struct {
	Years []yearJSON `json:"years"`
}

type yearJSON struct {
	Year        int           `json:"year"`
	Provisional bool          `json:"provisional,omitempty"`
	Sources     []string      `json:"sources,omitempty"`
	Closed      []closureJSON `json:"closed,omitempty"`
	Worked      []workedJSON  `json:"worked,omitempty"`
}

type closureJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Name   string `json:"name,omitempty"`
	Source string `json:"source,omitempty"`
}

type workedJSON struct {
	Date   string `json:"date"`
	Name   string `json:"name,omitempty"`
	Source string `json:"source,omitempty"`
}

// ReadYearsJSON reads official yearly calendars in this JSON form:
//
//	{"years": [{"year": 2027, "sources": ["Thông báo ... năm 2027"],
//	  "closed": [{"from": "2027-02-05", "to": "2027-02-11", "name": "Tết Nguyên đán",
//	              "source": "Công văn số .../VPCP-KGVX"}],
//	  "worked": [{"date": "2027-01-09", "name": "Làm bù"}]}]}
//
// Dates are YYYY-MM-DD in Asia/Ho_Chi_Minh; "closed" spans are inclusive.
// A "source" names the document of one entry (default: the year's
// "sources"); "provisional": true marks a year computed from rules, as
// [WriteYearsJSON] writes [ProvisionalYear]'s results.
// Unknown fields, malformed dates and documents over [MaxCalendarJSON]
// bytes are errors wrapping [ErrCalendar]. The years are checked for
// consistency when given to [NewCalendar].
func ReadYearsJSON(r io.Reader) ([]Year, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxCalendarJSON+1))
	if err != nil {
		return nil, fmt.Errorf("dossier: read calendar: %w", err)
	}
	if len(data) > MaxCalendarJSON {
		return nil, &CalendarError{Field: "document", Why: fmt.Sprintf("larger than %d bytes", MaxCalendarJSON)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc yearsDoc
	if err := dec.Decode(&doc); err != nil {
		return nil, &CalendarError{Field: "document", Why: err.Error()}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &CalendarError{Field: "document", Why: "data after the document"}
	}
	var errs []error
	years := make([]Year, len(doc.Years))
	for i, yj := range doc.Years {
		y := Year{Year: yj.Year, Sources: yj.Sources, Provisional: yj.Provisional}
		if yj.Year < 1976 || yj.Year > 9999 {
			errs = append(errs, &CalendarError{Year: yj.Year, Field: fmt.Sprintf("years[%d].year", i), Why: "outside 1976..9999"})
		}
		for k, c := range yj.Closed {
			from, err1 := parseDay(c.From)
			to, err2 := parseDay(c.To)
			if err := errors.Join(err1, err2); err != nil {
				errs = append(errs, &CalendarError{Year: yj.Year, Field: fmt.Sprintf("closed[%d]", k), Why: err.Error()})
				continue
			}
			y.Closed = append(y.Closed, Closure{From: from, To: to, Name: c.Name, Source: c.Source})
		}
		for k, w := range yj.Worked {
			d, err := parseDay(w.Date)
			if err != nil {
				errs = append(errs, &CalendarError{Year: yj.Year, Field: fmt.Sprintf("worked[%d]", k), Why: err.Error()})
				continue
			}
			y.Worked = append(y.Worked, WorkedDay{Date: d, Name: w.Name, Source: w.Source})
		}
		years[i] = y
	}
	if len(errs) > 0 {
		return nil, joinErrors(errs)
	}
	return years, nil
}

func parseDay(s string) (time.Time, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, vntime.Location)
	if err != nil {
		return time.Time{}, fmt.Errorf("date %q is not YYYY-MM-DD", s)
	}
	return t, nil
}

// WriteYearsJSON writes years in the form [ReadYearsJSON] reads.
func WriteYearsJSON(w io.Writer, years []Year) error {
	var doc yearsDoc
	for _, y := range years {
		yj := yearJSON{Year: y.Year, Sources: y.Sources, Provisional: y.Provisional}
		for _, c := range y.Closed {
			yj.Closed = append(yj.Closed, closureJSON{c.From.In(vntime.Location).Format(time.DateOnly), c.To.In(vntime.Location).Format(time.DateOnly), c.Name, c.Source})
		}
		for _, d := range y.Worked {
			yj.Worked = append(yj.Worked, workedJSON{d.Date.In(vntime.Location).Format(time.DateOnly), d.Name, d.Source})
		}
		doc.Years = append(doc.Years, yj)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("dossier: write calendar: %w", err)
	}
	return nil
}

// OfficialYears returns the embedded official civil-service calendars of
// 2025 and 2026, each with its sources. Append later years read with
// [ReadYearsJSON] and build a [Calendar] with [NewCalendar].
func OfficialYears() ([]Year, error) {
	var out []Year
	for _, b := range [][]byte{vn2025, vn2026} {
		ys, err := ReadYearsJSON(bytes.NewReader(b))
		if err != nil {
			return nil, err
		}
		out = append(out, ys...)
	}
	return out, nil
}

// Official returns the calendar of the embedded official years 2025 and
// 2026 ([OfficialYears]), every other year from [FirstYear] to [LastYear]
// computed from [LabourCode] and marked provisional, with the default
// options: Saturday and Sunday off, office hours 07:30–11:30 and
// 13:00–17:00, cut-off 15:00. To add a year's official notice when it is
// published, read it with [ReadYearsJSON] and build the calendar with
// [NewCalendar] from [OfficialYears] and it; [CompareCalendars] and
// [DueChanges] then say what changed.
func Official() (*Calendar, error) {
	ys, err := OfficialYears()
	if err != nil {
		return nil, err
	}
	return NewCalendar(CalendarOptions{}, ys...)
}
