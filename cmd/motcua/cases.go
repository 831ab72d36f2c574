package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
)

// casesFormat is the format identifier of case files.
const casesFormat = "motcua-cases/1"

// maxCaseFile bounds a case file.
const maxCaseFile = 16 << 20

// caseFile is a file of golden cases; see the package comment.
type caseFile struct {
	Format    string         `json:"format"`
	Schedule  string         `json:"schedule,omitempty"`
	Catalog   string         `json:"catalog,omitempty"`
	Calendar  string         `json:"calendar,omitempty"`
	Fees      []feeCase      `json:"fees,omitempty"`
	Deadlines []deadlineCase `json:"deadlines,omitempty"`
}

// feeCase: a request to the schedule, and the amount (or error) expected.
type feeCase struct {
	Name     string        `json:"name"`
	At       string        `json:"at"`
	Channel  string        `json:"channel,omitempty"`
	Groups   []string      `json:"groups,omitempty"`
	Locality string        `json:"locality,omitempty"`
	Items    []feeCaseItem `json:"items"`
	Total    *int64        `json:"total,omitempty"`
	Lines    []int64       `json:"lines,omitempty"`
	Basis    string        `json:"basis,omitempty"`
	Error    string        `json:"error,omitempty"`
}

type feeCaseItem struct {
	Code     string `json:"code"`
	Quantity int64  `json:"quantity,omitempty"`
	Copies   int64  `json:"copies,omitempty"`
	Value    int64  `json:"value,omitempty"`
}

// deadlineCase: a receipt, the procedure or term, and the due time (or
// error) expected.
type deadlineCase struct {
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

// caseResult is the outcome of one case.
type caseResult struct {
	File    string `json:"file"`
	Kind    string `json:"kind"`
	Name    string `json:"name"`
	Pass    bool   `json:"pass"`
	Got     string `json:"got,omitempty"`
	Want    string `json:"want,omitempty"`
	Message string `json:"message,omitempty"`
}

// test is "motcua test CASES...".
func (a *app) test(args []string) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	filter := fs.String("run", "", "")
	pos, err := a.parse(fs, "test", args, 1, -1)
	if err != nil {
		return err
	}
	var files []string
	for _, p := range pos {
		st, err := os.Stat(p)
		if err != nil {
			return inputErr("open", p, err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".json") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return inputErr("read", p, err)
		}
	}
	sort.Strings(files)
	var results []caseResult
	for _, f := range files {
		rs, err := a.runCaseFile(f, *filter)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}
	failed := 0
	for _, r := range results {
		if !r.Pass {
			failed++
		}
	}
	if a.json {
		if err := a.printJSON(map[string]any{"cases": results, "passed": len(results) - failed, "failed": failed}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			if r.Pass {
				a.printf("%s %s: %s\n", a.text("ĐẠT  ", "PASS "), r.File, r.Name)
				continue
			}
			a.printf("%s %s: %s: %s\n", a.text("TRƯỢT", "FAIL "), r.File, r.Name, r.Message)
		}
		a.printf("%d %s, %d %s\n", len(results)-failed, a.text("đạt", "passed"), failed, a.text("trượt", "failed"))
	}
	if failed > 0 {
		return errFindings
	}
	return nil
}

// runCaseFile reads one case file and runs its cases.
func (a *app) runCaseFile(path, filter string) ([]caseResult, error) {
	b, err := readFile(path, maxCaseFile)
	if err != nil {
		return nil, err
	}
	cf, err := parseCases(b)
	if err != nil {
		return nil, inputErr("cases", path, err)
	}
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(path), p)
	}
	var out []caseResult
	if len(cf.Fees) > 0 {
		s, err := loadSchedule(rel(cf.Schedule))
		if err != nil {
			return nil, err
		}
		for _, c := range cf.Fees {
			if filter != "" && !strings.Contains(c.Name, filter) {
				continue
			}
			r := runFeeCase(s, c, a.lang)
			r.File = path
			out = append(out, r)
		}
	}
	if len(cf.Deadlines) > 0 {
		cal, err := loadCalendar(rel(cf.Calendar))
		if err != nil {
			return nil, err
		}
		var cat *catalog.Catalog
		for _, c := range cf.Deadlines {
			if c.Procedure != "" && cat == nil {
				if cat, err = loadCatalogOrSample(a, rel(cf.Catalog), ""); err != nil {
					return nil, err
				}
			}
		}
		for _, c := range cf.Deadlines {
			if filter != "" && !strings.Contains(c.Name, filter) {
				continue
			}
			r := runDeadlineCase(cal, cat, c, a.lang)
			r.File = path
			out = append(out, r)
		}
	}
	return out, nil
}

// parseCases reads a case file strictly: unknown keys, a wrong format, a
// case without a name, a case expecting nothing are errors.
func parseCases(b []byte) (*caseFile, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var cf caseFile
	if err := dec.Decode(&cf); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("data after the JSON object")
	}
	if cf.Format != casesFormat {
		return nil, fmt.Errorf("format %q, want %q", cf.Format, casesFormat)
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

func runFeeCase(s *fees.Schedule, c feeCase, lang string) caseResult {
	r := caseResult{Kind: "fees", Name: c.Name}
	fail := func(got, want, m string) caseResult {
		r.Got, r.Want, r.Message = got, want, m
		return r
	}
	at, err := parseTime(c.At)
	if err != nil {
		return fail("", "", "at: "+err.Error())
	}
	req := fees.Request{At: at, Groups: c.Groups, Locality: c.Locality}
	if c.Channel != "" {
		if err := req.Channel.UnmarshalText([]byte(c.Channel)); err != nil {
			return fail("", "", "channel: "+err.Error())
		}
	}
	for _, it := range c.Items {
		req.Items = append(req.Items, fees.ItemRequest{Code: it.Code, Quantity: it.Quantity, Copies: it.Copies, DeclaredValue: fees.Money(it.Value)})
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
		return fail(fees.ErrorCode(err), "", errText(err, lang))
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

func runDeadlineCase(cal *dossier.Calendar, cat *catalog.Catalog, c deadlineCase, lang string) caseResult {
	r := caseResult{Kind: "deadlines", Name: c.Name}
	fail := func(got, want, m string) caseResult {
		r.Got, r.Want, r.Message = got, want, m
		return r
	}
	received, err := parseTime(c.Received)
	if err != nil {
		return fail("", "", "received: "+err.Error())
	}
	var cutOff time.Duration
	if c.CutOff != "" {
		if cutOff, err = parseClock(c.CutOff); err != nil {
			return fail("", "", "cut_off: "+err.Error())
		}
	}
	var dl dossier.Deadline
	gotErr := ""
	if c.Procedure != "" {
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
			m = errText(err, lang)
		}
		return fail(gotErr, "", m)
	}
	want, err := parseTime(c.Due)
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
