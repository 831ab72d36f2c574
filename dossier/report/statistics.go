package report

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// Layout of the statistics sheet. Rows 1–3 hold the title, the unit and the
// period; rows 5–7 the three levels of merged headers; row 8 the column
// numbers the official forms carry; data rows start at row 9 and the totals
// row follows them.
const (
	statTitleRow  = 1
	statUnitRow   = 2
	statPeriodRow = 3
	statHeadRow   = 5 // first header row
	statNumRow    = 8 // column numbers
	statFirstRow  = 9 // first data row
	statCols      = 20
)

// Columns of the statistics sheet, 1-based.
const (
	colNo = iota + 1
	colKey
	colReceived
	colCarriedOver
	colOnlineFull
	colOnlinePartial
	colCounter
	colPost
	colSettled
	colEarly
	colOnTime
	colLate
	colRefused
	colWithdrawn
	colPending
	colWithinTerm
	colOverdue
	colAwaitingSupplement
	colOnlineRate
	colOnTimeRate
)

// header is one header cell of the statistics sheet: its text and the cells
// it spans (the top-left cell is where it is written).
type header struct {
	text         text
	col, row     int
	toCol, toRow int
}

// statHeaders are the statistics sheet's headers, following the table of
// Circular 01/2018/TT-VPCP (biểu mẫu 06a) with the columns Decree
// 118/2025/NĐ-CP's reporting adds (online filings split by level, refused,
// withdrawn and awaiting supplementation).
var statHeaders = []header{
	{text{"STT", "No."}, colNo, 5, colNo, 7},
	// colKey's header depends on the grouping; see groupHeader.
	{text{"Số hồ sơ nhận giải quyết", "Dossiers received"}, colReceived, 5, colPost, 5},
	{text{"Tổng số", "Total"}, colReceived, 6, colReceived, 7},
	{text{"Kỳ trước chuyển qua", "Carried over"}, colCarriedOver, 6, colCarriedOver, 7},
	{text{"Mới tiếp nhận", "Newly received"}, colOnlineFull, 6, colPost, 6},
	{text{"Trực tuyến toàn trình", "Online (full)"}, colOnlineFull, 7, colOnlineFull, 7},
	{text{"Trực tuyến một phần", "Online (partial)"}, colOnlinePartial, 7, colOnlinePartial, 7},
	{text{"Trực tiếp", "At the counter"}, colCounter, 7, colCounter, 7},
	{text{"Bưu chính", "By post"}, colPost, 7, colPost, 7},
	{text{"Số hồ sơ đã giải quyết", "Dossiers settled"}, colSettled, 5, colLate, 5},
	{text{"Tổng số", "Total"}, colSettled, 6, colSettled, 7},
	{text{"Trước hạn", "Early"}, colEarly, 6, colEarly, 7},
	{text{"Đúng hạn", "On time"}, colOnTime, 6, colOnTime, 7},
	{text{"Quá hạn", "Late"}, colLate, 6, colLate, 7},
	{text{"Trả lại, rút hồ sơ", "Refused or withdrawn"}, colRefused, 5, colWithdrawn, 5},
	{text{"Từ chối giải quyết", "Refused"}, colRefused, 6, colRefused, 7},
	{text{"Rút hồ sơ", "Withdrawn"}, colWithdrawn, 6, colWithdrawn, 7},
	{text{"Số hồ sơ đang giải quyết", "Dossiers pending"}, colPending, 5, colAwaitingSupplement, 5},
	{text{"Tổng số", "Total"}, colPending, 6, colPending, 7},
	{text{"Trong hạn", "Within term"}, colWithinTerm, 6, colWithinTerm, 7},
	{text{"Quá hạn", "Overdue"}, colOverdue, 6, colOverdue, 7},
	{text{"Chờ bổ sung", "Awaiting supplementation"}, colAwaitingSupplement, 6, colAwaitingSupplement, 7},
	{text{"Tỷ lệ", "Rates"}, colOnlineRate, 5, colOnTimeRate, 5},
	{text{"Hồ sơ trực tuyến", "Filed online"}, colOnlineRate, 6, colOnlineRate, 7},
	{text{"Giải quyết đúng hạn", "Settled on time"}, colOnTimeRate, 6, colOnTimeRate, 7},
}

// statWidths are the column widths, in characters.
var statWidths = [statCols]float64{5, 34, 9, 10, 11, 11, 9, 9, 9, 9, 9, 9, 10, 9, 9, 9, 9, 11, 10, 11}

// keyNameWidth is the width of the group column when it shows procedure
// names beside their codes.
const keyNameWidth = 50

// statStyles are the style IDs of the statistics sheet.
type statStyles struct {
	title, subtitle, head, num      int
	key, count, rate                int
	totalKey, totalCount, totalRate int
}

func newStatStyles(f *excelize.File) (statStyles, error) {
	border := []excelize.Border{
		{Type: "left", Color: "000000", Style: 1}, {Type: "right", Color: "000000", Style: 1},
		{Type: "top", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1},
	}
	center := &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	percent := "0.0%"
	defs := []*excelize.Style{
		{Font: &excelize.Font{Bold: true, Size: 14}, Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center"}},
		{Font: &excelize.Font{Italic: true, Size: 11}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		{Font: &excelize.Font{Bold: true}, Alignment: center, Border: border,
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDEBF7"}}},
		{Font: &excelize.Font{Italic: true, Size: 9}, Alignment: center, Border: border},
		{Border: border, Alignment: &excelize.Alignment{Vertical: "center", WrapText: true}},
		{Border: border, NumFmt: 3},
		{Border: border, CustomNumFmt: &percent},
		{Border: border, Font: &excelize.Font{Bold: true}, Alignment: &excelize.Alignment{Horizontal: "center"}},
		{Border: border, Font: &excelize.Font{Bold: true}, NumFmt: 3},
		{Border: border, Font: &excelize.Font{Bold: true}, CustomNumFmt: &percent},
	}
	ids := make([]int, len(defs))
	for i, d := range defs {
		id, err := f.NewStyle(d)
		if err != nil {
			return statStyles{}, fmt.Errorf("report: style: %w", err)
		}
		ids[i] = id
	}
	return statStyles{ids[0], ids[1], ids[2], ids[3], ids[4], ids[5], ids[6], ids[7], ids[8], ids[9]}, nil
}

// WriteStatistics writes the settlement statistics table to w as an XLSX
// workbook of two sheets: the table ("Thống kê", or "Statistics" in
// English) and a chart sheet ("Biểu đồ", "Chart") plotting the on-time and
// online rates per group.
//
// The table has the reporting unit and period in its title, three rows of
// merged headers and a row of column numbers, one row per row of table
// (same order) and a totals row. The received, settled and pending totals of
// each row, every cell of the totals row and both rates are formulas, each
// stored with its computed value; the rates ignore [dossier.SummaryRow]'s
// OnlineRate and OnTimeRate and are computed from the counts, as the
// formulas do. Headers are frozen, columns sized, and the sheet prints on A4
// landscape, one page wide, repeating the header rows on every page.
//
// The summary is checked first: a period that is unset or empty, an unknown
// grouping, a negative count, a row whose received dossiers do not equal
// its settled, refused, withdrawn and pending ones, or a totals row that is
// not the sum of the rows is a [*SummaryError] and nothing is written.
func WriteStatistics(w io.Writer, table dossier.Summary, opt Options) error {
	l, err := opt.lang()
	if err != nil {
		return err
	}
	if err := checkSummary(&table); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := buildStatistics(f, &table, &opt, l); err != nil {
		return err
	}
	return writeZip(f, w)
}

func buildStatistics(f *excelize.File, table *dossier.Summary, opt *Options, l lang) error {
	sheet := sheetStatistics.in(l)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("report: statistics: %w", err)
	}
	if err := printSetup(f, sheet, statHeadRow, statNumRow); err != nil {
		return err
	}
	st, err := newStatStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return fmt.Errorf("report: statistics: %w", err)
	}
	if err := writeStatistics(sw, table, opt, l, &st); err != nil {
		return fmt.Errorf("report: statistics: %w", err)
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("report: statistics: %w", err)
	}
	if err := addChart(f, sheet, len(table.Rows), l, table.Period); err != nil {
		return fmt.Errorf("report: chart: %w", err)
	}
	// The table stays the active sheet, as the first one of a new
	// workbook; SetActiveSheet would parse the flushed table back.
	return nil
}

// printSetup sets A4 landscape, one page wide, and repeats rows first–last
// on every printed page. It must run before the sheet's stream writer is
// created, which writes the sheet properties first.
func printSetup(f *excelize.File, sheet string, first, last int) error {
	fit := true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("report: print setup: %w", err)
	}
	size, orient, wide, tall := 9, "landscape", 1, 0 // 9 is A4
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall,
	}); err != nil {
		return fmt.Errorf("report: print setup: %w", err)
	}
	margin, edge := 0.5, 0.3
	if err := f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{
		Left: &margin, Right: &margin, Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge,
	}); err != nil {
		return fmt.Errorf("report: print setup: %w", err)
	}
	err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoteSheet(sheet), first, last),
		Scope:    sheet,
	})
	if err != nil {
		return fmt.Errorf("report: print setup: %w", err)
	}
	return nil
}

// quoteSheet quotes a sheet name for use in a reference.
func quoteSheet(name string) string {
	q := []byte{'\''}
	for i := 0; i < len(name); i++ {
		if name[i] == '\'' {
			q = append(q, '\'')
		}
		q = append(q, name[i])
	}
	return string(append(q, '\''))
}

func writeStatistics(sw *excelize.StreamWriter, table *dossier.Summary, opt *Options, l lang, st *statStyles) error {
	widths := statWidths
	if table.GroupBy == dossier.GroupProcedure && opt.ProcedureName != nil {
		widths[colKey-1] = keyNameWidth
	}
	for c, width := range widths {
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{
		Freeze: true, XSplit: colKey, YSplit: statNumRow,
		TopLeftCell: cell(colReceived, statFirstRow), ActivePane: "bottomRight",
	}); err != nil {
		return err
	}

	// Title, unit and period, each merged across the table.
	last := table.Period.To.Add(-time.Nanosecond)
	lines := []struct {
		row, style int
		text       string
		height     float64
	}{
		{statTitleRow, st.title, titleStatistics.in(l), 24},
		{statUnitRow, st.subtitle, unitLine(opt.Unit, l), 0},
		{statPeriodRow, st.subtitle, fmt.Sprintf(labelPeriod.in(l), day(table.Period.From), day(last)), 0},
	}
	for _, t := range lines {
		var ro []excelize.RowOpts
		if t.height > 0 {
			ro = append(ro, excelize.RowOpts{Height: t.height})
		}
		if err := sw.SetRow(cell(1, t.row), []any{excelize.Cell{StyleID: t.style, Value: t.text}}, ro...); err != nil {
			return err
		}
		if err := sw.MergeCell(cell(1, t.row), cell(statCols, t.row)); err != nil {
			return err
		}
	}

	// Headers: every cell of the header block carries the header style, so
	// merged ranges get their borders; texts go to top-left cells.
	var grid [3][statCols]any
	for r := range grid {
		for c := range grid[r] {
			grid[r][c] = excelize.Cell{StyleID: st.head}
		}
	}
	heads := append([]header{{groupHeader[table.GroupBy], colKey, 5, colKey, 7}}, statHeaders...)
	for _, h := range heads {
		grid[h.row-statHeadRow][h.col-1] = excelize.Cell{StyleID: st.head, Value: h.text.in(l)}
	}
	heights := [3]float64{30, 30, 45}
	for r := range grid {
		if err := sw.SetRow(cell(1, statHeadRow+r), grid[r][:], excelize.RowOpts{Height: heights[r]}); err != nil {
			return err
		}
	}
	if err := mergeAndNumber(sw, heads, statCols, statNumRow, st.num); err != nil {
		return err
	}

	// One row per group, then the totals.
	for i := range table.Rows {
		r := &table.Rows[i]
		row := statFirstRow + i
		values := statRow(r, row, st.count, st.rate)
		values[colNo-1] = excelize.Cell{StyleID: st.count, Value: i + 1}
		values[colKey-1] = excelize.Cell{StyleID: st.key, Value: keyLabel(r.Key, table.GroupBy, opt, l)}
		if err := sw.SetRow(cell(1, row), values); err != nil {
			return err
		}
	}
	totalRow := statFirstRow + len(table.Rows)
	values := statRow(&table.Total, totalRow, st.totalCount, st.totalRate)
	if len(table.Rows) > 0 {
		// Every count of the totals row sums the column above it.
		for c := colReceived; c <= colAwaitingSupplement; c++ {
			v := values[c-1].(excelize.Cell)
			v.Formula = fmt.Sprintf("SUM(%s:%s)", cell(c, statFirstRow), cell(c, totalRow-1))
			values[c-1] = v
		}
	}
	values[colNo-1] = excelize.Cell{StyleID: st.totalKey}
	values[colKey-1] = excelize.Cell{StyleID: st.totalKey, Value: labelTotal.in(l)}
	return sw.SetRow(cell(1, totalRow), values)
}

// statRow returns the cells of one line of the table at the given row,
// the group's key and number aside: counts as values, the received,
// settled and pending totals and the rates as formulas with their values.
func statRow(r *dossier.SummaryRow, row, count, rate int) []any {
	v := make([]any, statCols)
	n := func(c, x int) { v[c-1] = excelize.Cell{StyleID: count, Value: x} }
	sum := func(c, from, to, x int) {
		v[c-1] = excelize.Cell{StyleID: count, Value: x,
			Formula: fmt.Sprintf("SUM(%s:%s)", cell(from, row), cell(to, row))}
	}
	sum(colReceived, colCarriedOver, colPost, r.Received())
	n(colCarriedOver, r.CarriedOver)
	n(colOnlineFull, r.NewOnlineFull)
	n(colOnlinePartial, r.NewOnlinePartial)
	n(colCounter, r.NewCounter)
	n(colPost, r.NewPost)
	sum(colSettled, colEarly, colLate, r.Settled())
	n(colEarly, r.SettledEarly)
	n(colOnTime, r.SettledOnTime)
	n(colLate, r.SettledLate)
	n(colRefused, r.Refused)
	n(colWithdrawn, r.Withdrawn)
	sum(colPending, colWithinTerm, colAwaitingSupplement, r.Pending())
	n(colWithinTerm, r.PendingWithinTerm)
	n(colOverdue, r.PendingOverdue)
	n(colAwaitingSupplement, r.AwaitingSupplement)

	onlineRate, onTimeRate := rates(r)
	newCells := fmt.Sprintf("SUM(%s:%s)", cell(colOnlineFull, row), cell(colPost, row))
	v[colOnlineRate-1] = excelize.Cell{StyleID: rate, Value: onlineRate,
		Formula: fmt.Sprintf("IF(%s=0,0,(%s+%s)/%s)", newCells, cell(colOnlineFull, row), cell(colOnlinePartial, row), newCells)}
	settled := cell(colSettled, row)
	v[colOnTimeRate-1] = excelize.Cell{StyleID: rate, Value: onTimeRate,
		Formula: fmt.Sprintf("IF(%s=0,0,(%s+%s)/%s)", settled, cell(colEarly, row), cell(colOnTime, row), settled)}
	return v
}

// rates computes the online and on-time rates as the sheet's formulas do.
func rates(r *dossier.SummaryRow) (online, onTime float64) {
	if n := r.New(); n > 0 {
		online = float64(r.NewOnlineFull+r.NewOnlinePartial) / float64(n)
	}
	if n := r.Settled(); n > 0 {
		onTime = float64(r.SettledEarly+r.SettledOnTime) / float64(n)
	}
	return online, onTime
}

func unitLine(unit string, l lang) string {
	if unit == "" {
		return ""
	}
	return labelUnit.in(l) + unit
}

// keyLabel is the text of a group in the table and the chart: a
// procedure's code is followed by its name when opt.ProcedureName knows it.
func keyLabel(key string, g dossier.GroupBy, opt *Options, l lang) string {
	switch {
	case g == dossier.GroupNone:
		if opt.Unit != "" {
			return opt.Unit
		}
		return labelWhole.in(l)
	case key == "":
		return labelNoKey.in(l)
	case g == dossier.GroupLevel:
		if lv, err := catalog.ParseLevel(key); err == nil {
			return lv.Label(l.tag())
		}
	case g == dossier.GroupProcedure && opt.ProcedureName != nil:
		if name := strings.TrimSpace(opt.ProcedureName(key)); name != "" {
			return key + " – " + name
		}
	}
	return key
}

// CatalogNames returns a [Options.ProcedureName] that looks names up in
// cat: the name of the version in force at at, or of the newest version
// when none is (a procedure abolished during the period still has its
// name); "" for a code cat does not have, or a nil cat.
func CatalogNames(cat *catalog.Catalog, at time.Time) func(code string) string {
	return func(code string) string {
		if cat == nil {
			return ""
		}
		if p, ok := cat.Get(code, at); ok {
			return p.Name
		}
		if p, ok := cat.Get(code, time.Time{}); ok {
			return p.Name
		}
		return ""
	}
}

// addChart adds the chart sheet: the on-time and online rates of each group
// (of the totals row when there is no group), as horizontal bars.
func addChart(f *excelize.File, sheet string, rows int, l lang, p dossier.Period) error {
	from, to := statFirstRow, statFirstRow+rows-1
	if rows == 0 {
		from, to = statFirstRow, statFirstRow
	}
	q := quoteSheet(sheet)
	ref := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d:$%s$%d", q, name, from, name, to)
	}
	head := func(c int) string {
		name, _ := excelize.ColumnNumberToName(c)
		return fmt.Sprintf("%s!$%s$%d", q, name, statHeadRow+1)
	}
	zero, one, vary := 0.0, 1.0, false
	title := titleChart.in(l) + " (" + day(p.From) + " – " + day(p.To.Add(-time.Nanosecond)) + ")"
	return f.AddChartSheet(sheetChart.in(l), &excelize.Chart{
		Type: excelize.Bar,
		Series: []excelize.ChartSeries{
			{Name: head(colOnTimeRate), Categories: ref(colKey), Values: ref(colOnTimeRate),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"2E75B6"}}},
			{Name: head(colOnlineRate), Categories: ref(colKey), Values: ref(colOnlineRate),
				Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F4B183"}}},
		},
		Title:      excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: title, Font: &excelize.Font{Bold: true, Size: 14}}}},
		Legend:     excelize.ChartLegend{Position: "bottom"},
		VaryColors: &vary,
		XAxis:      excelize.ChartAxis{ReverseOrder: true},
		YAxis: excelize.ChartAxis{Minimum: &zero, Maximum: &one, MajorGridLines: true,
			NumFmt: excelize.ChartNumFmt{CustomNumFmt: "0%"}},
	})
}

// cell returns the A1 reference of column c (1-based) and row r.
func cell(c, r int) string {
	name, _ := excelize.CoordinatesToCellName(c, r)
	return name
}

// checkSummary checks what WriteStatistics needs of a summary.
func checkSummary(s *dossier.Summary) error {
	p := s.Period
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return &SummaryError{Row: -1, Field: "Period", Why: fmt.Sprintf("[%v, %v) is unset or empty", p.From, p.To)}
	}
	if _, ok := groupHeader[s.GroupBy]; !ok {
		return &SummaryError{Row: -1, Field: "GroupBy", Why: "unknown grouping " + s.GroupBy.String()}
	}
	if _, ok := serial(p.From); !ok {
		return &SummaryError{Row: -1, Field: "Period", Why: "outside the dates a workbook can show"}
	}
	if _, ok := serial(p.To); !ok {
		return &SummaryError{Row: -1, Field: "Period", Why: "outside the dates a workbook can show"}
	}
	if len(s.Rows) > excelize.TotalRows-statFirstRow {
		return &SummaryError{Row: -1, Field: "Rows", Why: fmt.Sprintf("%d rows do not fit in a sheet", len(s.Rows))}
	}
	var sum dossier.SummaryRow
	total := fields(&sum)
	for i := range s.Rows {
		r := &s.Rows[i]
		if err := checkRow(r); err != nil {
			err.Row, err.Key = i, r.Key
			return err
		}
		for k, f := range fields(r) {
			if *total[k].n > math.MaxInt-*f.n {
				return &SummaryError{Row: i, Key: r.Key, Field: f.name, Why: "total overflows"}
			}
			*total[k].n += *f.n
		}
	}
	if err := checkRow(&s.Total); err != nil {
		err.Row, err.Field = -1, "Total."+err.Field
		return err
	}
	for k, f := range fields(&s.Total) {
		if *f.n != *total[k].n {
			return &SummaryError{Row: -1, Field: "Total." + f.name,
				Why: fmt.Sprintf("is %d, the rows sum to %d", *f.n, *total[k].n)}
		}
	}
	return nil
}

// checkRow checks that r's counts are not negative and balance.
func checkRow(r *dossier.SummaryRow) *SummaryError {
	for _, f := range fields(r) {
		if *f.n < 0 {
			return &SummaryError{Field: f.name, Why: fmt.Sprintf("negative count %d", *f.n)}
		}
		if *f.n > maxCount {
			return &SummaryError{Field: f.name, Why: fmt.Sprintf("count %d is too large", *f.n)}
		}
	}
	in := r.CarriedOver + r.New()
	out := r.Settled() + r.Refused + r.Withdrawn + r.Pending()
	if in != out {
		return &SummaryError{Field: "CarriedOver", Why: fmt.Sprintf(
			"received %d (carried over and new) but settled, refused, withdrawn and pending make %d", in, out)}
	}
	return nil
}

// maxCount bounds each count so that sums stay exact in a spreadsheet's
// doubles and in int arithmetic: far more dossiers than any country has.
const maxCount = 1 << 40

type field struct {
	name string
	n    *int
}

// fields lists r's counts with their names.
func fields(r *dossier.SummaryRow) [13]field {
	return [13]field{
		{"CarriedOver", &r.CarriedOver}, {"NewOnlineFull", &r.NewOnlineFull},
		{"NewOnlinePartial", &r.NewOnlinePartial}, {"NewCounter", &r.NewCounter},
		{"NewPost", &r.NewPost}, {"SettledEarly", &r.SettledEarly},
		{"SettledOnTime", &r.SettledOnTime}, {"SettledLate", &r.SettledLate},
		{"Refused", &r.Refused}, {"Withdrawn", &r.Withdrawn},
		{"PendingWithinTerm", &r.PendingWithinTerm}, {"PendingOverdue", &r.PendingOverdue},
		{"AwaitingSupplement", &r.AwaitingSupplement},
	}
}

// mergeAndNumber merges the header cells that span several columns or
// rows, then writes the row of column numbers "(1)" … "(cols)" the
// official forms carry under their headers.
func mergeAndNumber(sw *excelize.StreamWriter, heads []header, cols, numRow, style int) error {
	for _, h := range heads {
		if h.col == h.toCol && h.row == h.toRow {
			continue
		}
		if err := sw.MergeCell(cell(h.col, h.row), cell(h.toCol, h.toRow)); err != nil {
			return err
		}
	}
	nums := make([]any, cols)
	for c := range nums {
		nums[c] = excelize.Cell{StyleID: style, Value: "(" + strconv.Itoa(c+1) + ")"}
	}
	return sw.SetRow(cell(1, numRow), nums)
}
