package report

import (
	"context"
	"fmt"
	"io"
	"iter"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
)

// Layout of a register sheet: the title in row 1, the headers in row 2,
// one dossier a row from row 3.
const (
	regTitleRow = 1
	regHeadRow  = 2
	regFirstRow = 3
	regCols     = 10
)

// regHeaders are the register's column headers, after the logbook of
// Circular 01/2018/TT-VPCP (mẫu 06).
var regHeaders = [regCols]text{
	{"STT", "No."},
	{"Mã hồ sơ", "Dossier code"},
	{"Mã thủ tục", "Procedure"},
	{"Người nộp", "Applicant"},
	{"Hình thức nộp", "Channel"},
	{"Ngày tiếp nhận", "Received"},
	{"Ngày hẹn trả", "Due"},
	{"Ngày giải quyết", "Settled"},
	{"Trạng thái", "Status"},
	{"Số ngày quá hạn", "Days late"},
}

var regWidths = [regCols]float64{9, 28, 12, 32, 22, 13, 13, 13, 20, 10}

// limits bound a register sheet. A sheet holds at most [excelize.TotalRows]
// rows, and its XML part must stay under 4 GiB: a larger zip entry needs
// excelize's in-memory post-pass (writeZip64LFH), which streaming skips.
// When either bound would be passed, the register goes on in a new sheet.
type limits struct {
	rows  int   // dossier rows per sheet
	bytes int64 // estimated bytes of sheet XML
}

var defaultLimits = limits{
	rows:  excelize.TotalRows - regFirstRow + 1,
	bytes: 3 << 30,
}

// WriteRegister writes the register of dossiers (sổ theo dõi hồ sơ) to w as
// an XLSX workbook, one row per dossier in the order dossiers yields them:
// number, dossier code, procedure code, applicant, channel, received, due
// and settled dates, status and days late. Dates are the calendar days in
// Asia/Ho_Chi_Minh as Excel dates formatted dd/mm/yyyy, blank when unset.
//
// Days late are counted for a dossier settled after its due time (to the
// settlement) and, when opt.AsOf is set, for one still open and past it (to
// AsOf, or to the pause of a dossier awaiting supplementation): the days
// after the due date up to that date, in working days of opt.Calendar when
// set, calendar days otherwise, and at least 1. They are blank otherwise.
//
// Rows are written through excelize's StreamWriter, spooled to a temporary
// file in opt.TempDir, and the workbook is compressed straight into w: memory
// stays bounded whatever the number of dossiers. A sheet holds up to
// 1,048,574 dossiers; the register goes on in "Sổ theo dõi (2)" and so on.
// The header row is frozen, filtered and repeated on every printed page (A4
// landscape, one page wide).
//
// ctx is checked between rows. When ctx is done, dossiers yields an error,
// or a dossier has a date Excel cannot show (a [*RowError] wrapping
// [ErrInvalidDossier]), WriteRegister stops and returns the error without
// having written anything to w. Once every row is read the workbook is
// compressed into w; ctx done then stops the writing, leaving w with an
// incomplete archive, and the error wraps ctx.Err().
func WriteRegister(ctx context.Context, w io.Writer, dossiers iter.Seq2[dossier.Dossier, error], opt Options) error {
	return writeRegister(ctx, w, dossiers, &opt, defaultLimits)
}

func writeRegister(ctx context.Context, w io.Writer, dossiers iter.Seq2[dossier.Dossier, error], opt *Options, lim limits) error {
	l, err := opt.lang()
	if err != nil {
		return err
	}
	dir, err := opt.tempDir()
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	f := excelize.NewFile(excelize.Options{TmpDir: dir})
	defer func() { _ = f.Close() }()
	reg, err := newRegister(f, opt, l, lim)
	if err != nil {
		return err
	}
	done := ctx.Done()
	for d, err := range dossiers {
		select {
		case <-done:
			return ctx.Err()
		default:
		}
		if err != nil {
			return &RowError{N: reg.n + 1, Err: err}
		}
		if err := reg.add(&d); err != nil {
			return err
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := reg.finish(); err != nil {
		return err
	}
	return writeZip(f, ctxWriter{ctx, w})
}

// ctxWriter fails writes once ctx is done, so that cancelling stops the
// compression of a large register too.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(p)
}

// register writes dossiers to the sheets of a workbook.
type register struct {
	f      *excelize.File
	opt    *Options
	lang   lang
	lim    limits
	sw     *excelize.StreamWriter
	sheets int   // sheets started
	n      int   // dossiers written
	row    int   // last row written in the current sheet
	bytes  int64 // estimated XML bytes of the current sheet
	values [regCols]any
	cells  [regCols]excelize.Cell
	styles struct{ title, head, text, num, date int }
}

func newRegister(f *excelize.File, opt *Options, l lang, lim limits) (*register, error) {
	r := &register{f: f, opt: opt, lang: l, lim: lim}
	border := []excelize.Border{
		{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1},
	}
	date := "dd/mm/yyyy"
	defs := []struct {
		id *int
		s  *excelize.Style
	}{
		{&r.styles.title, &excelize.Style{Font: &excelize.Font{Bold: true, Size: 14},
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}}},
		{&r.styles.head, &excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
			Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}}},
		{&r.styles.text, &excelize.Style{Border: border}},
		{&r.styles.num, &excelize.Style{Border: border, NumFmt: 1}},
		{&r.styles.date, &excelize.Style{Border: border, CustomNumFmt: &date,
			Alignment: &excelize.Alignment{Horizontal: "center"}}},
	}
	for _, d := range defs {
		id, err := f.NewStyle(d.s)
		if err != nil {
			return nil, fmt.Errorf("report: register: style: %w", err)
		}
		*d.id = id
	}
	colStyle := [regCols]int{r.styles.num, r.styles.text, r.styles.text, r.styles.text, r.styles.text,
		r.styles.date, r.styles.date, r.styles.date, r.styles.text, r.styles.num}
	for c := range r.cells {
		r.cells[c].StyleID = colStyle[c]
	}
	if err := r.startSheet(); err != nil {
		return nil, err
	}
	return r, nil
}

// sheetName is the name of the register's k-th sheet, from 1.
func (r *register) sheetName(k int) string {
	name := sheetRegister.in(r.lang)
	if k > 1 {
		name += " (" + strconv.Itoa(k) + ")"
	}
	return name
}

// startSheet begins the next sheet: title and header rows.
func (r *register) startSheet() error {
	r.sheets++
	sheet := r.sheetName(r.sheets)
	var err error
	if r.sheets == 1 {
		err = r.f.SetSheetName("Sheet1", sheet)
	} else {
		_, err = r.f.NewSheet(sheet)
	}
	if err != nil {
		return fmt.Errorf("report: register: %w", err)
	}
	if err := printSetup(r.f, sheet, regHeadRow, regHeadRow); err != nil {
		return err
	}
	sw, err := r.f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("report: register: %w", err)
	}
	r.sw, r.row, r.bytes = sw, regHeadRow, 0
	if err := r.writeHead(); err != nil {
		return fmt.Errorf("report: register: %w", err)
	}
	return nil
}

func (r *register) writeHead() error {
	for c, width := range regWidths {
		if err := r.sw.SetColWidth(c+1, c+1, width); err != nil {
			return err
		}
	}
	if err := r.sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: regHeadRow,
		TopLeftCell: cell(1, regFirstRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	title := titleRegister.in(r.lang)
	if r.opt.Unit != "" {
		title += " — " + r.opt.Unit
	}
	if err := r.sw.SetRow(cell(1, regTitleRow), []any{excelize.Cell{StyleID: r.styles.title, Value: title}},
		excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	if err := r.sw.MergeCell(cell(1, regTitleRow), cell(regCols, regTitleRow)); err != nil {
		return err
	}
	head := make([]any, regCols)
	for c, h := range regHeaders {
		head[c] = excelize.Cell{StyleID: r.styles.head, Value: h.in(r.lang)}
	}
	return r.sw.SetRow(cell(1, regHeadRow), head, excelize.RowOpts{Height: 30})
}

// finishSheet closes the current sheet: the filter over its rows, and the
// stream's end.
func (r *register) finishSheet() error {
	sheet := r.sheetName(r.sheets)
	if err := r.f.AutoFilter(sheet, cell(1, regHeadRow)+":"+cell(regCols, max(r.row, regHeadRow+1)), nil); err != nil {
		return fmt.Errorf("report: register: filter: %w", err)
	}
	if err := r.sw.Flush(); err != nil {
		return fmt.Errorf("report: register: %w", err)
	}
	releaseSpool(r.sw)
	return nil
}

// finish ends the last sheet. The first sheet stays the active one, as
// in a new workbook: calling SetActiveSheet here would make excelize parse
// every flushed sheet back into memory.
func (r *register) finish() error { return r.finishSheet() }

// rowOverhead bounds the XML of a row beside its texts: the row and cell
// elements, references, styles, numbers.
const rowOverhead = 512

// add writes one dossier.
func (r *register) add(d *dossier.Dossier) error {
	n := r.n + 1
	est := int64(rowOverhead) + xmlBound(d.Code) + xmlBound(d.ProcedureCode) + xmlBound(d.Applicant.Name)
	if r.row-regHeadRow >= r.lim.rows || (r.row > regHeadRow && r.bytes+est > r.lim.bytes) {
		if err := r.finishSheet(); err != nil {
			return err
		}
		if err := r.startSheet(); err != nil {
			return err
		}
	}
	c := &r.cells
	c[0].Value = n
	c[1].Value = str(d.Code)
	c[2].Value = str(d.ProcedureCode)
	c[3].Value = str(d.Applicant.Name)
	c[4].Value = str(channelLabel(d.Channel, d.Online, r.lang))
	for i, t := range [3]struct {
		name string
		at   time.Time
	}{{"ReceivedAt", d.ReceivedAt}, {"DueAt", d.DueAt}, {"SettledAt", d.SettledAt}} {
		c[5+i].Value = nil
		if t.at.IsZero() {
			continue
		}
		s, ok := serial(t.at)
		if !ok {
			return &RowError{N: n, Code: d.Code, Err: fmt.Errorf("%w: %s %s is outside the dates a workbook can show",
				ErrInvalidDossier, t.name, t.at.Format(time.RFC3339))}
		}
		c[5+i].Value = s
	}
	c[8].Value = nil
	if d.Status != dossier.StatusUnknown {
		c[8].Value = d.Status.Label(r.lang.tag()) // "Status(n)" for a state this package does not know
	}
	late, err := r.daysLate(d)
	if err != nil {
		return &RowError{N: n, Code: d.Code, Err: err}
	}
	c[9].Value = nil
	if late > 0 {
		c[9].Value = late
	}
	for i := range c {
		r.values[i] = c[i]
	}
	r.row++
	if err := r.sw.SetRow(cell(1, r.row), r.values[:]); err != nil {
		return &RowError{N: n, Code: d.Code, Err: err}
	}
	r.n, r.bytes = n, r.bytes+est
	return nil
}

// daysLate returns how many days d is late, 0 when it is not.
func (r *register) daysLate(d *dossier.Dossier) (int, error) {
	if d.DueAt.IsZero() || d.ReceivedAt.IsZero() {
		return 0, nil
	}
	var end time.Time
	switch {
	case !d.SettledAt.IsZero():
		end = d.SettledAt
	case d.ClosedAt.IsZero() && !d.Status.Closed() && !r.opt.AsOf.IsZero():
		end = r.opt.AsOf
		if d.Status == dossier.AwaitingSupplement && !d.PausedAt.IsZero() {
			end = d.PausedAt
		}
	default:
		return 0, nil
	}
	if !end.After(d.DueAt) {
		return 0, nil
	}
	var days int64
	if r.opt.Calendar != nil {
		n, err := r.opt.Calendar.WorkingDaysBetween(d.DueAt, end)
		if err != nil {
			return 0, fmt.Errorf("days late: %w", err)
		}
		days = int64(n)
	} else {
		a, _ := serial(d.DueAt)
		b, _ := serial(end)
		days = b - a
	}
	return int(max(days, 1)), nil
}

// str returns s as a cell value: nil, an empty cell, when s is empty.
func str(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// xmlBound bounds the bytes s takes in sheet XML: markup characters become
// entities of up to 5 bytes, invalid bytes a 3-byte replacement character.
func xmlBound(s string) int64 {
	n := int64(len(s))
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b == '&' || b == '<' || b == '>' || b == '"' || b == '\'' || b < 0x20:
			n += 4
		case b >= 0x80:
			n += 2
		}
	}
	return n
}
