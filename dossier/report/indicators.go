package report

import (
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
)

// ErrInvalidIndicators: the indicators given to [WriteIndicators] are
// inconsistent; see [*IndicatorError].
var ErrInvalidIndicators = errors.New("report: invalid indicators")

// IndicatorError says what is wrong with an indicator report. It unwraps
// to [ErrInvalidIndicators].
type IndicatorError struct {
	// Index is the offending indicator's index in the report's Indicators,
	// or -1 for the report itself (period, list of indicators).
	Index int
	// ID is the offending indicator's ID.
	ID dossier.IndicatorID
	// Field names the offending field, e.g. "Rate" or "Period".
	Field string
	// Why explains the problem.
	Why string
}

// Error implements error.
func (e *IndicatorError) Error() string {
	if e.Index < 0 {
		return fmt.Sprintf("report: invalid indicators: %s: %s", e.Field, e.Why)
	}
	return fmt.Sprintf("report: invalid indicators: #%d (%s): %s: %s", e.Index, e.ID, e.Field, e.Why)
}

// Unwrap returns [ErrInvalidIndicators].
func (e *IndicatorError) Unwrap() error { return ErrInvalidIndicators }

var (
	sheetIndicators = text{"Chỉ số 766", "Indicators 766"}
	sheetSteps      = text{"Cách tính", "Computation"}

	titleIndicators = text{"BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP TRONG THỰC HIỆN THỦ TỤC HÀNH CHÍNH, DỊCH VỤ CÔNG",
		"INDEX OF SERVICE TO CITIZENS AND BUSINESSES IN ADMINISTRATIVE PROCEDURES AND PUBLIC SERVICES"}
	basisIndicators = text{"(Theo Quyết định số 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ và mô tả công thức tính chỉ số 766 của Cổng Dịch vụ công quốc gia)",
		"(Decision 766/QĐ-TTg of 23 June 2022 of the Prime Minister; formulas as described by the National Public Service Portal)"}
	titleSteps = text{"CÁCH TÍNH TỪNG CHỈ SỐ", "HOW EACH INDICATOR WAS COMPUTED"}
	labelAll   = text{"Tất cả cơ quan tiếp nhận", "All receiving agencies"}
)

// Layout of the indicators sheet: title, legal basis, unit and period in
// rows 1–4, two rows of merged headers (6–7), the column numbers (8), one
// row per indicator from row 9.
const (
	indHeadRow  = 6
	indNumRow   = 8
	indFirstRow = 9
	indCols     = 8
)

// Columns of the indicators sheet, 1-based.
const (
	indColNo = iota + 1
	indColID
	indColName
	indColNumerator
	indColDenominator
	indColRate
	indColTarget
	indColAttainment
)

var indHeaders = []header{
	{text{"STT", "No."}, indColNo, 6, indColNo, 7},
	{text{"Chỉ số", "Indicator"}, indColID, 6, indColID, 7},
	{text{"Tên chỉ số", "Name"}, indColName, 6, indColName, 7},
	{text{"Số liệu", "Counted"}, indColNumerator, 6, indColDenominator, 6},
	{text{"Tử số", "Numerator"}, indColNumerator, 7, indColNumerator, 7},
	{text{"Mẫu số", "Denominator"}, indColDenominator, 7, indColDenominator, 7},
	{text{"Tỷ lệ", "Rate"}, indColRate, 6, indColRate, 7},
	{text{"Chấm điểm", "Score"}, indColTarget, 6, indColAttainment, 6},
	{text{"Ngưỡng đạt điểm tối đa", "Rate for the full score"}, indColTarget, 7, indColTarget, 7},
	{text{"Tỷ lệ điểm đạt được", "Share of the full score"}, indColAttainment, 7, indColAttainment, 7},
}

var indWidths = [indCols]float64{5, 8, 46, 11, 11, 10, 13, 13}

// Layout of the computation sheet: title and period in rows 1–2, the
// header in row 4, one row per step from row 5.
const (
	stepHeadRow  = 4
	stepFirstRow = 5
	stepCols     = 4
)

var stepHeaders = [stepCols]text{{"Chỉ số", "Indicator"}, {"Tên chỉ số", "Name"}, {"Bước", "Step"}, {"Diễn giải", "Explanation"}}

var stepWidths = [stepCols]float64{8, 40, 6, 100}

// maxIndicators bounds the indicators of one workbook, so that memory
// stays small whatever the input: [dossier.Indicators] gives six.
const maxIndicators = 1000

// WriteIndicators writes the Decision 766 indicators of a report (see
// [dossier.Indicators]) to w as an XLSX workbook of two sheets.
//
// The first ("Chỉ số 766", or "Indicators 766" in English) has the
// decision, the unit and the period in its title, two rows of merged
// headers and a row of column numbers, then one row per indicator: its
// number and name, numerator and denominator as integers, the rate, the
// rate that earns the full score and the share of it attained, formatted
// as percentages. The rate and the attainment are formulas
// (ROUND(numerator/denominator, 4), ROUND(rate/target, 4) below the
// target, 1 at or above it), each stored with the report's value, so a
// clerk who corrects a count sees them follow and programs that do not
// recalculate read the right figures; indicators without a target leave
// both score cells empty. The second ("Cách tính", "Computation") lists
// each indicator's steps ([dossier.Indicator.Steps]) one per row, in the
// same language. The unit line is opt.Unit followed by the report's
// agency code, either alone, or "all receiving agencies" when both are
// empty. Both sheets print on A4 landscape, one page wide, with their
// headers repeated.
//
// The report is checked first: a nil w, an unset or empty period, no
// indicators or more than 1,000, an empty or repeated ID, a negative
// count, a numerator above its denominator, or a rate, target or
// attainment that is not what the counts give is an error
// ([*IndicatorError], or [ErrInvalidOptions] for w and opt) and nothing
// is written.
func WriteIndicators(w io.Writer, ind dossier.IndicatorReport, opt Options) error {
	l, err := opt.lang()
	if err != nil {
		return err
	}
	if w == nil {
		return fmt.Errorf("%w: nil writer", ErrInvalidOptions)
	}
	if err := checkIndicators(&ind); err != nil {
		return err
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	if err := buildIndicators(f, &ind, &opt, l); err != nil {
		return fmt.Errorf("report: indicators: %w", err)
	}
	return writeZip(f, w)
}

func buildIndicators(f *excelize.File, ind *dossier.IndicatorReport, opt *Options, l lang) error {
	sheet, steps := sheetIndicators.in(l), sheetSteps.in(l)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if _, err := f.NewSheet(steps); err != nil {
		return err
	}
	if err := printSetup(f, sheet, indHeadRow, indNumRow); err != nil {
		return err
	}
	if err := printSetup(f, steps, stepHeadRow, stepHeadRow); err != nil {
		return err
	}
	st, err := newStatStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := writeIndicatorTable(sw, ind, opt, l, &st); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	sw, err = f.NewStreamWriter(steps)
	if err != nil {
		return err
	}
	if err := writeIndicatorSteps(sw, ind, l, &st); err != nil {
		return err
	}
	return sw.Flush()
}

// titleLines writes rows 1.. of a sheet, each merged across cols columns.
func titleLines(sw *excelize.StreamWriter, cols int, lines []titleLine) error {
	for i, t := range lines {
		var ro []excelize.RowOpts
		if t.height > 0 {
			ro = append(ro, excelize.RowOpts{Height: t.height})
		}
		if err := sw.SetRow(cell(1, i+1), []any{excelize.Cell{StyleID: t.style, Value: t.text}}, ro...); err != nil {
			return err
		}
		if err := sw.MergeCell(cell(1, i+1), cell(cols, i+1)); err != nil {
			return err
		}
	}
	return nil
}

type titleLine struct {
	text   string
	style  int
	height float64
}

func periodLine(p dossier.Period, l lang) string {
	return fmt.Sprintf(labelPeriod.in(l), day(p.From), day(p.To.Add(-time.Nanosecond)))
}

// indicatorUnit is the unit line of the indicators' title.
func indicatorUnit(unit, agency string, l lang) string {
	switch {
	case unit != "" && agency != "":
		return labelUnit.in(l) + unit + " (" + agency + ")"
	case unit != "":
		return labelUnit.in(l) + unit
	case agency != "":
		return labelUnit.in(l) + agency
	}
	return labelUnit.in(l) + labelAll.in(l)
}

func writeIndicatorTable(sw *excelize.StreamWriter, ind *dossier.IndicatorReport, opt *Options, l lang, st *statStyles) error {
	for c, width := range indWidths {
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: indNumRow,
		TopLeftCell: cell(1, indFirstRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := titleLines(sw, indCols, []titleLine{
		{titleIndicators.in(l), st.title, 36},
		{basisIndicators.in(l), st.subtitle, 0},
		{indicatorUnit(opt.Unit, ind.Agency, l), st.subtitle, 0},
		{periodLine(ind.Period, l), st.subtitle, 0},
	}); err != nil {
		return err
	}

	var grid [2][indCols]any
	for r := range grid {
		for c := range grid[r] {
			grid[r][c] = excelize.Cell{StyleID: st.head}
		}
	}
	for _, h := range indHeaders {
		grid[h.row-indHeadRow][h.col-1] = excelize.Cell{StyleID: st.head, Value: h.text.in(l)}
	}
	for r := range grid {
		if err := sw.SetRow(cell(1, indHeadRow+r), grid[r][:], excelize.RowOpts{Height: 30}); err != nil {
			return err
		}
	}
	if err := mergeAndNumber(sw, indHeaders, indCols, indNumRow, st.num); err != nil {
		return err
	}

	for i := range ind.Indicators {
		in := &ind.Indicators[i]
		row := indFirstRow + i
		num, den, rate := cell(indColNumerator, row), cell(indColDenominator, row), cell(indColRate, row)
		values := []any{
			excelize.Cell{StyleID: st.count, Value: i + 1},
			excelize.Cell{StyleID: st.totalKey, Value: string(in.ID)},
			excelize.Cell{StyleID: st.key, Value: in.ID.Label(l.tag())},
			excelize.Cell{StyleID: st.count, Value: in.Numerator},
			excelize.Cell{StyleID: st.count, Value: in.Denominator},
			excelize.Cell{StyleID: st.rate, Value: fraction(in.Rate),
				Formula: fmt.Sprintf("IF(%s=0,0,ROUND(%s/%s,4))", den, num, den)},
			excelize.Cell{StyleID: st.rate},
			excelize.Cell{StyleID: st.rate},
		}
		if in.Target > 0 {
			target := cell(indColTarget, row)
			values[indColTarget-1] = excelize.Cell{StyleID: st.rate, Value: fraction(in.Target)}
			values[indColAttainment-1] = excelize.Cell{StyleID: st.rate, Value: fraction(in.Attainment),
				Formula: fmt.Sprintf("IF(%s>=%s,1,ROUND(%s/%s,4))", rate, target, rate, target)}
		}
		if err := sw.SetRow(cell(1, row), values); err != nil {
			return err
		}
	}
	return nil
}

func writeIndicatorSteps(sw *excelize.StreamWriter, ind *dossier.IndicatorReport, l lang, st *statStyles) error {
	for c, width := range stepWidths {
		if err := sw.SetColWidth(c+1, c+1, width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: stepHeadRow,
		TopLeftCell: cell(1, stepFirstRow), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := titleLines(sw, stepCols, []titleLine{
		{titleSteps.in(l), st.title, 24},
		{periodLine(ind.Period, l), st.subtitle, 0},
	}); err != nil {
		return err
	}
	head := make([]any, stepCols)
	for c, h := range stepHeaders {
		head[c] = excelize.Cell{StyleID: st.head, Value: h.in(l)}
	}
	if err := sw.SetRow(cell(1, stepHeadRow), head, excelize.RowOpts{Height: 24}); err != nil {
		return err
	}
	row := stepFirstRow
	for i := range ind.Indicators {
		in := &ind.Indicators[i]
		steps := in.Steps(l.tag())
		for k, s := range steps {
			values := []any{excelize.Cell{StyleID: st.totalKey}, excelize.Cell{StyleID: st.key},
				excelize.Cell{StyleID: st.count, Value: k + 1}, excelize.Cell{StyleID: st.key, Value: s}}
			if k == 0 {
				values[0] = excelize.Cell{StyleID: st.totalKey, Value: string(in.ID)}
				values[1] = excelize.Cell{StyleID: st.key, Value: in.ID.Label(l.tag())}
			}
			if err := sw.SetRow(cell(1, row+k), values); err != nil {
				return err
			}
		}
		if len(steps) > 1 {
			for c := 1; c <= 2; c++ {
				if err := sw.MergeCell(cell(c, row), cell(c, row+len(steps)-1)); err != nil {
					return err
				}
			}
		}
		row += len(steps)
	}
	return nil
}

// fraction converts basis points to the fraction a percentage cell holds.
func fraction(bp int) float64 { return float64(bp) / 10000 }

// halfUp returns num × 10,000 / den in basis points rounded half up, as
// the dossier package computes rates and attainments; 0 when den is 0.
func halfUp(num, den int) int {
	if den <= 0 {
		return 0
	}
	return int((int64(num)*20000 + int64(den)) / (2 * int64(den)))
}

// checkIndicators checks what WriteIndicators needs of a report.
func checkIndicators(r *dossier.IndicatorReport) error {
	p := r.Period
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return &IndicatorError{Index: -1, Field: "Period", Why: fmt.Sprintf("[%v, %v) is unset or empty", p.From, p.To)}
	}
	for _, t := range []time.Time{p.From, p.To} {
		if _, ok := serial(t); !ok {
			return &IndicatorError{Index: -1, Field: "Period", Why: "outside the dates a workbook can show"}
		}
	}
	switch n := len(r.Indicators); {
	case n == 0:
		return &IndicatorError{Index: -1, Field: "Indicators", Why: "none"}
	case n > maxIndicators:
		return &IndicatorError{Index: -1, Field: "Indicators", Why: fmt.Sprintf("%d, more than %d", n, maxIndicators)}
	}
	seen := make(map[dossier.IndicatorID]bool, len(r.Indicators))
	for i := range r.Indicators {
		in := &r.Indicators[i]
		bad := func(field, why string, args ...any) error {
			return &IndicatorError{Index: i, ID: in.ID, Field: field, Why: fmt.Sprintf(why, args...)}
		}
		switch {
		case in.ID == "":
			return bad("ID", "empty")
		case seen[in.ID]:
			return bad("ID", "repeated")
		case in.Numerator < 0 || in.Numerator > maxCount:
			return bad("Numerator", "%d is out of range", in.Numerator)
		case in.Denominator < 0 || in.Denominator > maxCount:
			return bad("Denominator", "%d is out of range", in.Denominator)
		case in.Numerator > in.Denominator:
			return bad("Numerator", "%d is above the denominator %d", in.Numerator, in.Denominator)
		case in.Rate != halfUp(in.Numerator, in.Denominator):
			return bad("Rate", "is %d basis points, the counts give %d", in.Rate, halfUp(in.Numerator, in.Denominator))
		case in.Target < 0 || in.Target > 10000:
			return bad("Target", "%d basis points is out of range", in.Target)
		}
		want := 0
		if in.Target > 0 {
			want = 10000
			if in.Rate < in.Target {
				want = halfUp(in.Rate, in.Target)
			}
		}
		if in.Attainment != want {
			return bad("Attainment", "is %d basis points, the rate and target give %d", in.Attainment, want)
		}
		seen[in.ID] = true
	}
	return nil
}
