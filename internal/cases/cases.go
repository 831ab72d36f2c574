// Package cases reads and runs golden cases in the "motcua-cases/1" JSON
// format: fee quotes (item, value, date → amount) and deadlines (received,
// procedure or term → due time). The command `motcua test` runs case files
// a province writes; the fees and dossier packages run their own golden
// cases (fees/testdata/cases, dossier/testdata/cases) through this package,
// so the repository's rules and a province's suite are checked by one
// engine. The format is documented in cmd/motcua's package comment.
package cases

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
)

// Format is the format identifier a case file carries.
const Format = "motcua-cases/1"

// MaxFile bounds a case file, in bytes.
const MaxFile = 16 << 20

// File is a file of golden cases.
type File struct {
	Format    string     `json:"format"`
	Schedule  string     `json:"schedule,omitempty"`
	Catalog   string     `json:"catalog,omitempty"`
	Calendar  string     `json:"calendar,omitempty"`
	Fees      []Fee      `json:"fees,omitempty"`
	Deadlines []Deadline `json:"deadlines,omitempty"`
}

// Fee is a request to the schedule and the amount (or error) expected.
type Fee struct {
	Name     string    `json:"name"`
	At       string    `json:"at"`
	Channel  string    `json:"channel,omitempty"`
	Groups   []string  `json:"groups,omitempty"`
	Locality string    `json:"locality,omitempty"`
	Items    []FeeItem `json:"items"`
	Total    *int64    `json:"total,omitempty"`
	Lines    []int64   `json:"lines,omitempty"`
	Basis    string    `json:"basis,omitempty"`
	Error    string    `json:"error,omitempty"`
}

// FeeItem is one item of a fee case's request.
type FeeItem struct {
	Code     string `json:"code"`
	Quantity int64  `json:"quantity,omitempty"`
	Copies   int64  `json:"copies,omitempty"`
	Value    int64  `json:"value,omitempty"`
}

// Deadline is a receipt, the procedure or term, and the due time (or
// error) expected.
type Deadline struct {
	Name      string `json:"name"`
	Received  string `json:"received"`
	Procedure string `json:"procedure,omitempty"`
	Channel   string `json:"channel,omitempty"`
	Days      *int   `json:"days,omitempty"`
	Unit      string `json:"unit,omitempty"`
	CutOff    string `json:"cut_off,omitempty"`
	Due       string `json:"due,omitempty"`
	Error     string `json:"error,omitempty"`
}

// Result is the outcome of one case. Got and Want are set when a value
// differs; Message says what went wrong.
type Result struct {
	File    string `json:"file"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Pass    bool   `json:"pass"`
	Got     string `json:"got,omitempty"`
	Want    string `json:"want,omitempty"`
	Message string `json:"message,omitempty"`
}

// Explain turns an error of the rules into the text a person reads; nil
// means err.Error().
type Explain func(error) string

// Parse reads a case file strictly: unknown keys, a wrong format, a case
// without a name or with a name used twice, a case expecting nothing are
// errors.
func Parse(b []byte) (*File, error) {
	if len(b) > MaxFile {
		return nil, fmt.Errorf("%d bytes, limit %d", len(b), MaxFile)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var cf File
	if err := dec.Decode(&cf); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the JSON object")
	}
	if cf.Format != Format {
		return nil, fmt.Errorf("format %q, want %q", cf.Format, Format)
	}
	names := map[string]bool{}
	for i, c := range cf.Fees {
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("fees[%d]: no name", i)
		case names["fees/"+c.Name]:
			return nil, fmt.Errorf("fees[%d]: name %q used twice", i, c.Name)
		case c.Total == nil && c.Lines == nil && c.Error == "":
			return nil, fmt.Errorf("fees[%d] %q: expects nothing (total, lines or error)", i, c.Name)
		case len(c.Items) == 0:
			return nil, fmt.Errorf("fees[%d] %q: no items", i, c.Name)
		}
		names["fees/"+c.Name] = true
	}
	for i, c := range cf.Deadlines {
		switch {
		case c.Name == "":
			return nil, fmt.Errorf("deadlines[%d]: no name", i)
		case names["deadlines/"+c.Name]:
			return nil, fmt.Errorf("deadlines[%d]: name %q used twice", i, c.Name)
		case c.Due == "" && c.Error == "":
			return nil, fmt.Errorf("deadlines[%d] %q: expects nothing (due or error)", i, c.Name)
		case (c.Days == nil) == (c.Procedure == ""):
			return nil, fmt.Errorf("deadlines[%d] %q: give days or procedure", i, c.Name)
		}
		names["deadlines/"+c.Name] = true
	}
	return &cf, nil
}

// Request is the fee request the case describes.
func (c Fee) Request() (fees.Request, error) {
	at, err := ParseTime(c.At)
	if err != nil {
		return fees.Request{}, fmt.Errorf("at: %w", err)
	}
	req := fees.Request{At: at, Groups: c.Groups, Locality: c.Locality}
	if c.Channel != "" {
		if err := req.Channel.UnmarshalText([]byte(c.Channel)); err != nil {
			return fees.Request{}, fmt.Errorf("channel: %w", err)
		}
	}
	for _, it := range c.Items {
		req.Items = append(req.Items, fees.ItemRequest{Code: it.Code, Quantity: it.Quantity, Copies: it.Copies, DeclaredValue: fees.Money(it.Value)})
	}
	return req, nil
}

// RunFee quotes the case on s and compares the quote with what the case
// expects.
func RunFee(s *fees.Schedule, c Fee, explain Explain) Result {
	r := Result{Kind: "fees", Name: c.Name}
	fail := func(got, want, m string) Result {
		r.Got, r.Want, r.Message = got, want, m
		return r
	}
	req, err := c.Request()
	if err != nil {
		return fail("", "", err.Error())
	}
	q, err := s.Quote(req)
	if c.Error != "" {
		got := fees.ErrorCode(err)
		if err == nil {
			got = "ok: " + q.Total.String()
		}
		if got != c.Error {
			return fail(got, c.Error, fmt.Sprintf("error %s, want %s", got, c.Error))
		}
		r.Pass = true
		return r
	}
	if err != nil {
		return fail(fees.ErrorCode(err), "", text(explain, err))
	}
	if c.Total != nil && int64(q.Total) != *c.Total {
		return fail(q.Total.String(), fees.Money(*c.Total).String(), fmt.Sprintf("total %s, want %s", q.Total, fees.Money(*c.Total)))
	}
	if c.Lines != nil {
		if len(q.Lines) != len(c.Lines) {
			return fail(fmt.Sprint(len(q.Lines)), fmt.Sprint(len(c.Lines)), fmt.Sprintf("%d lines, want %d", len(q.Lines), len(c.Lines)))
		}
		for i, l := range q.Lines {
			if int64(l.Amount) != c.Lines[i] {
				return fail(l.Amount.String(), fees.Money(c.Lines[i]).String(), fmt.Sprintf("line %d: %s, want %s", i+1, l.Amount, fees.Money(c.Lines[i])))
			}
		}
	}
	if c.Basis != "" && (len(q.Lines) == 0 || q.Lines[0].Basis.Document != c.Basis) {
		got := ""
		if len(q.Lines) > 0 {
			got = q.Lines[0].Basis.Document
		}
		return fail(got, c.Basis, fmt.Sprintf("basis %q, want %q", got, c.Basis))
	}
	r.Pass = true
	return r
}

// RunDeadline computes the case's due time on cal (and cat, for a case by
// procedure; a nil cat makes such a case fail) and compares it with what
// the case expects. lang is the language of the times in the messages.
func RunDeadline(cal *dossier.Calendar, cat *catalog.Catalog, c Deadline, lang string, explain Explain) Result {
	r := Result{Kind: "deadlines", Name: c.Name}
	fail := func(got, want, m string) Result {
		r.Got, r.Want, r.Message = got, want, m
		return r
	}
	received, err := ParseTime(c.Received)
	if err != nil {
		return fail("", "", "received: "+err.Error())
	}
	var cutOff time.Duration
	if c.CutOff != "" {
		if cutOff, err = ParseClock(c.CutOff); err != nil {
			return fail("", "", "cut_off: "+err.Error())
		}
	}
	var dl dossier.Deadline
	gotErr := ""
	if c.Procedure != "" {
		if cat == nil {
			return fail("", "", "no catalogue for a case by procedure")
		}
		var ch catalog.Channel
		if c.Channel != "" {
			if err := ch.UnmarshalText([]byte(c.Channel)); err != nil {
				return fail("", "", "channel: "+err.Error())
			}
		}
		p, ok := cat.Get(c.Procedure, received)
		switch {
		case !ok:
			gotErr = "procedure_unknown"
		case !p.ProcessingTime(ch).Fixed():
			gotErr = "no_fixed_duration"
		default:
			pt := p.ProcessingTime(ch)
			dl = dossier.Deadline{N: pt.Time, Unit: pt.Unit}
		}
	} else {
		dl = dossier.Deadline{N: *c.Days, Unit: catalog.WorkingDays}
		if c.Unit != "" {
			if err := dl.Unit.UnmarshalText([]byte(c.Unit)); err != nil {
				return fail("", "", "unit: "+err.Error())
			}
		}
	}
	var due time.Time
	if gotErr == "" {
		due, err = cal.DueDateCutOff(received, dl, cutOff)
		if err != nil {
			gotErr = dossier.ErrorCode(err)
			if gotErr == "" {
				gotErr = "error"
			}
		}
	}
	if c.Error != "" {
		got := gotErr
		if got == "" {
			got = "ok: " + dossier.FormatTime(due, "en")
		}
		if got != c.Error {
			return fail(got, c.Error, fmt.Sprintf("error %s, want %s", got, c.Error))
		}
		r.Pass = true
		return r
	}
	if gotErr != "" {
		m := gotErr
		if err != nil {
			m = text(explain, err)
		}
		return fail(gotErr, "", m)
	}
	want, err := ParseTime(c.Due)
	if err != nil {
		return fail("", "", "due: "+err.Error())
	}
	if !due.Equal(want) {
		return fail(dossier.FormatTime(due, lang), dossier.FormatTime(want, lang),
			fmt.Sprintf("%s, want %s", dossier.FormatTime(due, lang), dossier.FormatTime(want, lang)))
	}
	r.Pass = true
	return r
}

func text(explain Explain, err error) string {
	if explain == nil {
		return err.Error()
	}
	return explain(err)
}

// timeLayouts are the ways a time may be written in case files and on
// motcua's command line, in Asia/Ho_Chi_Minh unless it carries its offset.
var timeLayouts = [...]string{
	"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006",
	"2/1/2006 15:04:05", "2/1/2006 15:04", "2/1/2006",
	"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
}

// ErrTimeSyntax is the error of a time ParseTime cannot read.
var ErrTimeSyntax = errors.New("not a time (dd/mm/yyyy [hh:mm], yyyy-mm-dd[Thh:mm] or RFC 3339)")

// ParseTime reads a time: dd/mm/yyyy with an optional hh:mm[:ss], ISO 8601
// (yyyy-mm-dd[Thh:mm[:ss]]) or RFC 3339 with its offset. A time without an
// offset is in Asia/Ho_Chi_Minh; the result always is.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(dossier.Location), nil
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, dossier.Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q: %w", s, ErrTimeSyntax)
}

// ParseClock reads a time of day, hh:mm, as the duration since midnight.
func ParseClock(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 0, fmt.Errorf("%q: not hh:mm", s)
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}
