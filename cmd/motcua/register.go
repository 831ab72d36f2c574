package main

import (
	"context"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/xlsx"
)

// Columns a register may have. A register is recognised by its header
// row: the first of its first rows that names at least a dossier code,
// a date of receipt and a due date column.
const (
	colNo = iota
	colCode
	colProcCode
	colProcName
	colApplicant
	colChannel
	colReceived
	colDue
	colSettled
	colReturned
	colStatus
	colLate
	colNote
	colTerm
	numCols
)

// colNames are the stable names of the columns, for --json.
var colNames = [numCols]string{"no", "code", "procedure_code", "procedure_name", "applicant", "channel",
	"received", "due", "settled", "returned", "status", "days_late", "note", "term"}

// headerNames are the headers each column is known by, folded
// (catalog.Fold): motcua's register (dossier/report, Vietnamese and
// English), the register form of the Circulars (Circular 01/2018/TT-VPCP
// mẫu 06, Circular 03/2025/TT-VPCP mẫu 07) and common variants.
var headerNames = map[string]int{
	"stt": colNo, "no": colNo, "so thu tu": colNo,
	"ma ho so": colCode, "dossier code": colCode, "ma so ho so": colCode, "so ho so": colCode,
	"ma thu tuc": colProcCode, "procedure": colProcCode, "procedure code": colProcCode, "ma tthc": colProcCode,
	"ma thu tuc hanh chinh":  colProcCode,
	"ten thu tuc hanh chinh": colProcName, "ten thu tuc": colProcName, "ten tthc": colProcName,
	"procedure name": colProcName, "thu tuc hanh chinh": colProcName,
	"nguoi nop": colApplicant, "applicant": colApplicant, "ten ca nhan to chuc": colApplicant,
	"to chuc ca nhan nop ho so": colApplicant,
	"hinh thuc nop":             colChannel, "channel": colChannel, "kenh nop": colChannel,
	"ngay tiep nhan": colReceived, "received": colReceived, "nhan ho so": colReceived,
	"ngay nhan ho so": colReceived, "thoi gian tiep nhan": colReceived, "ngay nhan": colReceived,
	"ngay hen tra": colDue, "due": colDue, "hen tra ket qua": colDue, "ngay hen tra ket qua": colDue,
	"thoi gian hen tra": colDue,
	"ngay giai quyet":   colSettled, "settled": colSettled, "nhan ket qua tu co quan giai quyet": colSettled,
	"ngay co ket qua": colSettled, "ngay hoan thanh": colSettled,
	"tra ket qua": colReturned, "returned": colReturned, "tra ket qua cho ca nhan to chuc": colReturned,
	"ngay tra ket qua": colReturned,
	"trang thai":       colStatus, "status": colStatus, "tinh trang": colStatus,
	"so ngay qua han": colLate, "days late": colLate,
	"ghi chu": colNote, "note": colNote, "notes": colNote,
	"thoi han giai quyet": colTerm, "processing time": colTerm, "thoi han": colTerm,
	"so ngay giai quyet": colTerm,
}

// headerRowsScanned is how many rows of a sheet are looked at for its
// header row.
const headerRowsScanned = 20

// layout is where a sheet's columns are: col[c] is the 0-based column of
// c, -1 when the sheet has none.
type layout struct {
	header int
	col    [numCols]int
}

// name says which known layout the columns are: motcua's register, the
// Circular's register form, or another arrangement of known headers.
func (l *layout) name() string {
	switch {
	case l.col[colProcCode] >= 0 && l.col[colLate] >= 0:
		return "motcua"
	case l.col[colProcName] >= 0 && l.col[colReturned] >= 0:
		return "circular"
	}
	return "other"
}

// matchHeader returns the layout of a header row, ok when it has the
// columns an audit needs.
func matchHeader(num int, cells []string) (layout, bool) {
	l := layout{header: num}
	for i := range l.col {
		l.col[i] = -1
	}
	for i, c := range cells {
		f := catalog.Fold(c)
		if f == "" {
			continue
		}
		k, ok := headerNames[f]
		if !ok {
			// "Ngày tiếp nhận (ngày, tháng, năm)": the words before a
			// parenthesis or a line break.
			if j := strings.IndexAny(c, "(\n"); j > 0 {
				k, ok = headerNames[catalog.Fold(c[:j])]
			}
		}
		if ok && l.col[k] < 0 {
			l.col[k] = i
		}
	}
	return l, l.col[colCode] >= 0 && l.col[colReceived] >= 0 && l.col[colDue] >= 0 &&
		(l.col[colProcCode] >= 0 || l.col[colProcName] >= 0 || l.col[colTerm] >= 0)
}

// Finding kinds of audit register, stable codes for --json.
const (
	kindDue         = "due_date"     // the register's due date is not the one the rules give
	kindHiddenLate  = "hidden_late"  // late by the rules, not late in the register
	kindFalseLate   = "false_late"   // late in the register, not by the rules
	kindDaysLate    = "days_late"    // the register's days late differ from the rules'
	kindUnknownProc = "procedure"    // the procedure is not in the catalogue: nothing to recompute
	kindBadCell     = "bad_cell"     // a date or number cell that cannot be read
	kindNoDue       = "no_due"       // a received dossier with a fixed term and no due date
	kindNoFixedDue  = "no_fixed_due" // a due date for a procedure without a fixed duration
)

var findingText = map[string][2]string{
	kindDue:         {"hạn trả trong sổ khác hạn tính lại", "the register's due date differs from the recomputed one"},
	kindHiddenLate:  {"quá hạn nhưng sổ không ghi quá hạn", "late, but not late in the register"},
	kindFalseLate:   {"sổ ghi quá hạn nhưng không quá hạn", "late in the register, but not late"},
	kindDaysLate:    {"số ngày quá hạn khác số tính lại", "days late differ from the recomputed ones"},
	kindUnknownProc: {"thủ tục không có trong danh mục", "procedure not in the catalogue"},
	kindBadCell:     {"ô không đọc được", "unreadable cell"},
	kindNoDue:       {"thiếu ngày hẹn trả", "no due date"},
	kindNoFixedDue:  {"có hạn trả dù thủ tục không có thời hạn cố định", "a due date for a procedure without a fixed duration"},
}

// findingKinds in the order of the summary table.
var findingKinds = []string{kindHiddenLate, kindFalseLate, kindDue, kindDaysLate, kindNoDue, kindNoFixedDue, kindUnknownProc, kindBadCell}

// regFinding is one mismatch of one register row.
type regFinding struct {
	Sheet      string `json:"sheet"`
	Row        int    `json:"row"`
	Code       string `json:"code"`
	Kind       string `json:"kind"`
	Register   string `json:"register,omitempty"`
	Recomputed string `json:"recomputed,omitempty"`
	Message    string `json:"message"`
}

// regResult is the recomputation of one row.
type regResult struct {
	Sheet      string `json:"sheet"`
	Row        int    `json:"row"`
	Code       string `json:"code"`
	Procedure  string `json:"procedure,omitempty"`
	Term       string `json:"term,omitempty"`
	Received   string `json:"received,omitempty"`
	Due        string `json:"due,omitempty"`
	Recomputed string `json:"recomputed_due,omitempty"`
	Settled    string `json:"settled,omitempty"`
	Timeliness string `json:"timeliness"`
	DaysLate   int    `json:"days_late,omitempty"`
	// RegisterLate says the register calls the dossier late.
	RegisterLate bool `json:"register_late"`
	Findings     int  `json:"findings"`
}

// regSummary is the summary table of audit register.
type regSummary struct {
	Layouts      map[string]string `json:"layouts"`
	Rows         int               `json:"rows"`
	Checked      int               `json:"checked"`
	Unchecked    int               `json:"unchecked"`
	Early        int               `json:"early"`
	OnTime       int               `json:"on_time"`
	Late         int               `json:"late"`
	Pending      int               `json:"pending"`
	Overdue      int               `json:"overdue"`
	RegisterLate int               `json:"register_late"`
	RowsWrong    int               `json:"rows_with_findings"`
	Findings     map[string]int    `json:"findings"`
}

// auditor recomputes register rows.
type auditor struct {
	cal      *dossier.Calendar
	cat      *catalog.Catalog
	byName   map[string]string // folded procedure name → code
	asOf     time.Time
	cutOff   time.Duration
	calDays  bool // days late in calendar days
	date1904 bool
	lang     string
	labels   map[string]string // folded text cache
}

func newAuditor(cal *dossier.Calendar, cat *catalog.Catalog, lang string) *auditor {
	a := &auditor{cal: cal, cat: cat, byName: map[string]string{}, lang: lang, labels: map[string]string{}, cutOff: cal.CutOff()}
	for p := range cat.All() {
		a.byName[catalog.Fold(p.Name)] = p.Code
	}
	return a
}

// fold folds a short repeated text (channel, status, note) with a cache
// of bounded size.
func (a *auditor) fold(s string) string {
	if f, ok := a.labels[s]; ok {
		return f
	}
	f := catalog.Fold(s)
	if len(a.labels) < 4096 {
		a.labels[s] = f
	}
	return f
}

// numberingRow matches a row of column numbers under a header: "(1)",
// "1", "(2)"...
var numberingRow = regexp.MustCompile(`^\(?[0-9]{1,2}\)?$`)

// cellTime reads a date cell: an Excel serial number (with a fraction
// for the time of day), or text dd/mm/yyyy [hh:mm] or ISO. hasTime says
// the cell gives the time of day too.
func (a *auditor) cellTime(s string) (t time.Time, hasTime bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	if f, perr := strconv.ParseFloat(s, 64); perr == nil {
		if f < 1 || f > 2958465 || math.IsNaN(f) {
			return time.Time{}, false, fmt.Errorf("%q is not an Excel date", s)
		}
		base := time.Date(1899, 12, 30, 0, 0, 0, 0, dossier.Location)
		if a.date1904 {
			base = time.Date(1904, 1, 1, 0, 0, 0, 0, dossier.Location)
		}
		days := math.Floor(f)
		secs := math.Round((f - days) * 86400)
		t = base.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
		return t, secs != 0, nil
	}
	t, err = parseTime(s)
	if err != nil {
		return time.Time{}, false, err
	}
	return t, t.Hour() != 0 || t.Minute() != 0 || t.Second() != 0, nil
}

// channelOf reads the register's channel text.
func (a *auditor) channelOf(s string) catalog.Channel {
	f := a.fold(s)
	switch {
	case f == "":
		return catalog.ChannelUnknown
	case strings.Contains(f, "buu chinh") || strings.Contains(f, "post"):
		return catalog.Post
	case strings.Contains(f, "truc tuyen") || strings.Contains(f, "online"):
		return catalog.Online
	case strings.Contains(f, "truc tiep") || strings.Contains(f, "counter"):
		return catalog.Counter
	}
	return catalog.ChannelUnknown
}

// claimsLate reads a status or note: +1 late, -1 not late, 0 silent.
func (a *auditor) claimsLate(s string) int {
	f := a.fold(s)
	switch {
	case f == "":
		return 0
	case strings.Contains(f, "qua han") || strings.Contains(f, "tre han") || strings.Contains(f, "late") || strings.Contains(f, "overdue"):
		return 1
	case strings.Contains(f, "dung han") || strings.Contains(f, "truoc han") || strings.Contains(f, "on time") || strings.Contains(f, "early"):
		return -1
	}
	return 0
}

func day(t time.Time) time.Time {
	t = t.In(dossier.Location)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, dossier.Location)
}

// date writes a day as dd/mm/yyyy.
func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(dossier.Location).Format("02/01/2006")
}

// row recomputes one data row; it returns the result (nil for a row that
// is not a dossier: blank, a sub-header, a row of column numbers) and
// calls report with each finding.
func (a *auditor) row(sheet string, num int, cells []string, l *layout, report func(regFinding)) *regResult {
	get := func(c int) string {
		if i := l.col[c]; i >= 0 && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	code := get(colCode)
	if code == "" {
		return nil
	}
	if numberingRow.MatchString(code) && numberingRow.MatchString(get(colReceived)) {
		return nil
	}
	if f := a.fold(get(colReceived)); f == "ngay thang nam" || f == "ngay" || headerNames[a.fold(code)] == colCode {
		return nil
	}
	res := &regResult{Sheet: sheet, Row: num, Code: code, Timeliness: "unchecked"}
	find := func(kind, reg, rec, detail string) {
		res.Findings++
		t := findingText[kind]
		m := t[0]
		if a.lang == "en" {
			m = t[1]
		}
		if detail != "" {
			m += ": " + detail
		}
		report(regFinding{Sheet: sheet, Row: num, Code: code, Kind: kind, Register: reg, Recomputed: rec, Message: m})
	}
	times := [numCols]time.Time{}
	hasTime := [numCols]bool{}
	for _, c := range []int{colReceived, colDue, colSettled, colReturned} {
		t, ht, err := a.cellTime(get(c))
		if err != nil {
			find(kindBadCell, get(c), "", colNames[c]+": "+err.Error())
			return res
		}
		times[c], hasTime[c] = t, ht
	}
	received, due := times[colReceived], times[colDue]
	settled := times[colSettled]
	if settled.IsZero() {
		settled = times[colReturned]
	}
	res.Received, res.Due, res.Settled = date(received), date(due), date(settled)
	if received.IsZero() {
		return res // not received yet: nothing runs
	}
	// The register's own word on lateness.
	lateCell := get(colLate)
	regLate := 0
	if lateCell != "" {
		n, err := strconv.ParseFloat(lateCell, 64)
		if err != nil || n < 0 || n != math.Trunc(n) || n > 1e6 {
			find(kindBadCell, lateCell, "", colNames[colLate]+": not a whole number of days")
			return res
		}
		regLate = int(n)
	}
	claim := 0 // +1: the register says late; -1: not late; 0: it says nothing
	switch {
	case l.col[colLate] >= 0:
		claim = -1
		if regLate > 0 {
			claim = 1
		}
	default:
		if c := a.claimsLate(get(colNote)); c != 0 {
			claim = c
		} else if c := a.claimsLate(get(colStatus)); c != 0 {
			claim = c
		} else if !due.IsZero() && !settled.IsZero() {
			claim = -1
			if day(settled).After(day(due)) {
				claim = 1
			}
		}
	}
	res.RegisterLate = claim == 1
	// The processing time: the register's own column, else the catalogue's.
	var dl dossier.Deadline
	if term := get(colTerm); term != "" {
		n, err := strconv.Atoi(strings.Fields(term)[0])
		if err != nil || n < 0 || n > 10000 {
			find(kindBadCell, term, "", colNames[colTerm]+": not a number of working days")
			return res
		}
		dl = dossier.Days(n)
	} else {
		pcode := get(colProcCode)
		if pcode == "" {
			pcode = a.byName[a.fold(get(colProcName))]
		}
		p, ok := a.cat.Get(pcode, received)
		if !ok {
			find(kindUnknownProc, firstNonEmpty(get(colProcCode), get(colProcName)), "", "")
			return res
		}
		res.Procedure = p.Code
		pt := p.ProcessingTime(a.channelOf(get(colChannel)))
		if !pt.Fixed() {
			res.Term = dossier.NoFixedDuration.Label(a.lang)
			res.Timeliness = "no_fixed_duration"
			if !due.IsZero() {
				find(kindNoFixedDue, date(due), "", "")
			}
			return res
		}
		dl = dossier.Deadline{N: pt.Time, Unit: pt.Unit}
	}
	res.Term = dl.Label(a.lang)
	// The due dates the rules allow: one when the time of receipt is
	// known, else the earliest (received before the cut-off) and the
	// latest (after it).
	first, last := received, received
	if !hasTime[colReceived] {
		first = day(received)
		last = first.Add(24*time.Hour - time.Second)
	}
	lo, err := a.cal.DueDateCutOff(first, dl, a.cutOff)
	if err != nil {
		find(kindBadCell, date(received), "", err.Error())
		return res
	}
	hi, err := a.cal.DueDateCutOff(last, dl, a.cutOff)
	if err != nil {
		find(kindBadCell, date(received), "", err.Error())
		return res
	}
	rec := hi
	switch {
	case due.IsZero():
		find(kindNoDue, "", date(hi), "")
	case day(due).Equal(day(lo)):
		rec = lo
	case day(due).Equal(day(hi)):
		rec = hi
	case day(due).Before(day(lo)):
		rec = lo
		find(kindDue, date(due), date(lo), a.dueDetail(dl, received))
	default:
		find(kindDue, date(due), date(hi), a.dueDetail(dl, received))
	}
	res.Recomputed = date(rec)
	// Timeliness against the recomputed due date, by days: a settlement on
	// the due day is on time (the register gives no hour).
	end := settled
	if end.IsZero() {
		if a.asOf.IsZero() || !day(a.asOf).After(day(rec)) {
			res.Timeliness = "pending"
			if !a.asOf.IsZero() && claim == 1 && regLate > 0 {
				find(kindFalseLate, strconv.Itoa(regLate), "0", "")
			}
			return res
		}
		end = a.asOf
		res.Timeliness = "overdue"
	} else {
		switch s, r := day(settled), day(rec); {
		case s.Before(r):
			res.Timeliness = dossier.Early.String()
		case s.Equal(r):
			res.Timeliness = dossier.OnTime.String()
		default:
			res.Timeliness = dossier.Late.String()
		}
	}
	late := day(end).After(day(rec))
	if late {
		res.DaysLate = a.daysLate(rec, end)
	}
	sameDay := day(end).Equal(day(rec))
	switch {
	case late && claim == -1:
		find(kindHiddenLate, "0", strconv.Itoa(res.DaysLate), fmt.Sprintf("%s %s, %s %s", a.word("hạn", "due"), date(rec), a.word("giải quyết", "settled"), date(end)))
	case !late && claim == 1 && !(sameDay && regLate <= 1):
		// Settled on the due day after office hours is late by hours: the
		// register may say 1 day, and a date cannot tell.
		find(kindFalseLate, strconv.Itoa(regLate), "0", fmt.Sprintf("%s %s, %s %s", a.word("hạn", "due"), date(rec), a.word("giải quyết", "settled"), date(end)))
	case late && l.col[colLate] >= 0 && regLate != res.DaysLate:
		find(kindDaysLate, strconv.Itoa(regLate), strconv.Itoa(res.DaysLate), "")
	}
	return res
}

func (a *auditor) word(vi, en string) string {
	if a.lang == "en" {
		return en
	}
	return vi
}

// dueDetail explains a recomputed due date: the term counted from the
// receipt.
func (a *auditor) dueDetail(dl dossier.Deadline, received time.Time) string {
	return fmt.Sprintf("%s %s %s", dl.Label(a.lang), a.word("từ", "from"), date(received))
}

// daysLate counts the days from the due date to end, at least 1.
func (a *auditor) daysLate(due, end time.Time) int {
	if a.calDays {
		return max(int(day(end).Sub(day(due)).Hours()/24+0.5), 1)
	}
	n, err := a.cal.WorkingDaysBetween(due, end)
	if err != nil {
		return 1
	}
	return max(n, 1)
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// auditWorkbook reads every sheet of wb with a recognised header and
// recomputes each row; onRow and onFinding see each as it comes, so that
// nothing but the summary grows with the register.
func (a *auditor) auditWorkbook(ctx context.Context, wb *xlsx.Workbook, bar *progress, onRow func(*regResult), onFinding func(regFinding)) (*regSummary, error) {
	sum := &regSummary{Layouts: map[string]string{}, Findings: map[string]int{}}
	a.date1904 = wb.Date1904
	found := false
	for _, sh := range wb.Sheets {
		var lay *layout
		err := sheetRows(ctx, wb, sh, bar, func(num int, cells []string) error {
			if lay == nil {
				if num > headerRowsScanned {
					return errStopSheet
				}
				if l, ok := matchHeader(num, cells); ok {
					lay = &l
					sum.Layouts[sh.Name] = l.name()
				}
				return nil
			}
			res := a.row(sh.Name, num, cells, lay, func(f regFinding) {
				sum.Findings[f.Kind]++
				onFinding(f)
			})
			if res == nil {
				return nil
			}
			sum.Rows++
			switch res.Timeliness {
			case "unchecked", "no_fixed_duration":
				sum.Unchecked++
			default:
				sum.Checked++
			}
			switch res.Timeliness {
			case "early":
				sum.Early++
			case "on_time":
				sum.OnTime++
			case "late":
				sum.Late++
			case "pending":
				sum.Pending++
			case "overdue":
				sum.Overdue++
			}
			if res.RegisterLate {
				sum.RegisterLate++
			}
			if res.Findings > 0 {
				sum.RowsWrong++
			}
			onRow(res)
			return nil
		})
		if err != nil && !errors.Is(err, errStopSheet) {
			return nil, err
		}
		found = found || lay != nil
	}
	if !found {
		return nil, errNoLayout
	}
	return sum, nil
}

var (
	errStopSheet = errors.New("no header in this sheet")
	errNoLayout  = errors.New("no sheet with a register's header row")
)
