package main

import (
	"bytes"
	"flag"
	"strconv"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// loadCalendar returns the official calendar, with the official years of
// a ReadYearsJSON file added when path is set.
func loadCalendar(path string) (*dossier.Calendar, error) {
	if path == "" {
		cal, err := dossier.Official()
		if err != nil {
			return nil, inputErr("calendar", "", err)
		}
		return cal, nil
	}
	b, err := readFile(path, dossier.MaxCalendarJSON)
	if err != nil {
		return nil, err
	}
	extra, err := dossier.ReadYearsJSON(bytes.NewReader(b))
	if err != nil {
		return nil, inputErr("calendar", path, err)
	}
	years, err := dossier.OfficialYears()
	if err != nil {
		return nil, inputErr("calendar", "", err)
	}
	// A year given in the file replaces the embedded one.
	keep := years[:0]
	for _, y := range years {
		replaced := false
		for _, e := range extra {
			replaced = replaced || e.Year == y.Year
		}
		if !replaced {
			keep = append(keep, y)
		}
	}
	cal, err := dossier.NewCalendar(dossier.CalendarOptions{}, append(keep, extra...)...)
	if err != nil {
		return nil, inputErr("calendar", path, err)
	}
	return cal, nil
}

// dayJSON is a day off in due's JSON output.
type dayJSON struct {
	Date        string `json:"date"`
	Kind        string `json:"kind"`
	Name        string `json:"name,omitempty"`
	Source      string `json:"source,omitempty"`
	Provisional bool   `json:"provisional"`
	Label       string `json:"label"`
}

// dueJSON is due's JSON output.
type dueJSON struct {
	Received         time.Time `json:"received"`
	Start            time.Time `json:"start"`
	CutOff           string    `json:"cut_off"`
	Deadline         string    `json:"deadline"`
	Unit             string    `json:"unit"`
	N                int       `json:"n"`
	Due              time.Time `json:"due"`
	Skipped          []dayJSON `json:"skipped"`
	ProvisionalYears []int     `json:"provisional_years,omitempty"`
}

// due is "motcua due".
func (a *app) due(args []string) error {
	fs := flag.NewFlagSet("due", flag.ContinueOnError)
	var from timeFlag
	fs.Var(&from, "from", "")
	days := fs.Int("days", -1, "")
	var unit catalog.TimeUnit
	fs.Func("unit", "", func(s string) error { return unit.UnmarshalText([]byte(s)) })
	proc := fs.String("procedure", "", "")
	catPath := fs.String("catalog", "", "")
	catFormat := fs.String("format", "", "")
	var ch catalog.Channel
	fs.Func("channel", "", func(s string) error { return ch.UnmarshalText([]byte(s)) })
	cutOffText := fs.String("cut-off", "", "")
	calPath := fs.String("calendar", "", "")
	if _, err := a.parse(fs, "due", args, 0, 0); err != nil {
		return err
	}
	if !from.set {
		return usageErr("due", "missing_flag", "--from")
	}
	if (*days >= 0) == (*proc != "") {
		return usageErr("due", "missing_flag", "--days | --procedure")
	}
	var cutOff time.Duration
	if *cutOffText != "" {
		var err error
		if cutOff, err = parseClock(*cutOffText); err != nil {
			return usageErr("due", "bad_flag", "--cut-off "+*cutOffText)
		}
	}
	cal, err := loadCalendar(*calPath)
	if err != nil {
		return err
	}
	dl := dossier.Deadline{N: *days, Unit: unit}
	if dl.Unit == catalog.UnitUnknown {
		dl.Unit = catalog.WorkingDays
	}
	if *proc != "" {
		cat, err := loadCatalogOrSample(a, *catPath, *catFormat)
		if err != nil {
			return err
		}
		p, ok := cat.Get(*proc, from.t)
		if !ok {
			return &cliError{Exit: exitFindings, Code: "procedure", Arg: *proc}
		}
		pt := p.ProcessingTime(ch)
		if !pt.Fixed() {
			return &cliError{Exit: exitFindings, Code: "no_fixed", Arg: *proc}
		}
		dl = dossier.Deadline{N: pt.Time, Unit: pt.Unit}
	}
	if cutOff == 0 {
		cutOff = cal.CutOff()
	}
	start, err := cal.StartOfCount(from.t, cutOff)
	if err != nil {
		return &cliError{Exit: exitFindings, Code: "due", Err: err}
	}
	due, err := cal.DueDateCutOff(from.t, dl, cutOff)
	if err != nil {
		return &cliError{Exit: exitFindings, Code: "due", Err: err}
	}
	off, err := cal.DaysOff(from.t, due)
	if err != nil {
		return &cliError{Exit: exitFindings, Code: "due", Err: err}
	}
	prov, err := cal.ProvisionalYears(from.t, due)
	if err != nil {
		return &cliError{Exit: exitFindings, Code: "due", Err: err}
	}
	if a.json {
		out := dueJSON{Received: from.t, Start: start, CutOff: clock(cutOff), Deadline: dl.Label(a.lang),
			Unit: dl.Unit.String(), N: dl.N, Due: due, Skipped: []dayJSON{}, ProvisionalYears: prov}
		for _, d := range off {
			out.Skipped = append(out.Skipped, dayJSON{Date: d.Date.Format(time.DateOnly), Kind: d.Kind.String(),
				Name: d.Name, Source: d.Source, Provisional: d.Provisional, Label: d.Label(a.lang)})
		}
		return a.printJSON(out)
	}
	a.printf("%-16s %s\n", a.text("Tiếp nhận:", "Received:"), dossier.FormatTime(from.t, a.lang))
	a.printf("%-16s %s (%s %s)\n", a.text("Bắt đầu tính:", "Count starts:"), dossier.FormatTime(start, a.lang),
		a.text("giờ chốt", "cut-off"), clock(cutOff))
	a.printf("%-16s %s\n", a.text("Thời hạn:", "Processing time:"), dl.Label(a.lang))
	a.printf("%-16s %s\n", a.text("Hẹn trả:", "Due:"), dossier.FormatTime(due, a.lang))
	if len(off) == 0 {
		a.printf("%s\n", a.text("Không có ngày nghỉ nào được bỏ qua.", "No day off skipped."))
	} else {
		a.printf("%s\n", a.text("Các ngày không tính ("+strconv.Itoa(len(off))+"):", "Days not counted ("+strconv.Itoa(len(off))+"):"))
		for _, d := range off {
			line := "  " + d.Label(a.lang)
			switch {
			case d.Source != "" && d.Provisional:
				line += " — " + a.text("quy tắc dự kiến: ", "provisional rule: ") + d.Source
			case d.Source != "":
				line += " — " + a.text("văn bản: ", "official: ") + d.Source
			}
			a.printf("%s\n", line)
		}
	}
	if len(prov) > 0 {
		ys := ""
		for i, y := range prov {
			if i > 0 {
				ys += ", "
			}
			ys += strconv.Itoa(y)
		}
		a.printf("%s\n", a.text("Lưu ý: năm "+ys+" chưa có thông báo nghỉ chính thức; ngày hẹn có thể thay đổi khi thông báo được ban hành.",
			"Note: "+ys+" has no official notice yet; the due date may change when it is published."))
	}
	return nil
}
