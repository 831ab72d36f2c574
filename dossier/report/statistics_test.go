package report_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
)

// sampleSummary is a two-sector table of November 2026 whose rows balance.
func sampleSummary() dossier.Summary {
	return dossier.Summary{
		Period:  dossier.Month(2026, 11),
		GroupBy: dossier.GroupSector,
		Rows: []dossier.SummaryRow{
			{Key: "Hộ tịch", CarriedOver: 2, NewOnlineFull: 5, NewOnlinePartial: 1, NewCounter: 3,
				SettledEarly: 4, SettledOnTime: 2, SettledLate: 1, Refused: 1,
				PendingWithinTerm: 1, PendingOverdue: 1, AwaitingSupplement: 1},
			{Key: "Đất đai", NewOnlinePartial: 2, NewCounter: 1, NewPost: 1,
				SettledOnTime: 1, SettledLate: 1, Withdrawn: 1, PendingWithinTerm: 1},
		},
		Total: dossier.SummaryRow{CarriedOver: 2, NewOnlineFull: 5, NewOnlinePartial: 3, NewCounter: 4, NewPost: 1,
			SettledEarly: 4, SettledOnTime: 3, SettledLate: 2, Refused: 1, Withdrawn: 1,
			PendingWithinTerm: 2, PendingOverdue: 1, AwaitingSupplement: 1},
	}
}

func open(t *testing.T, b []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	require.NoError(t, err)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// trimRows drops trailing empty cells of each row, as excelize's GetRows does.
func trimRows(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		n := len(r)
		for n > 0 && r[n-1] == "" {
			n--
		}
		out[i] = r[:n]
		if n == 0 {
			out[i] = nil
		}
	}
	return out
}

func normRows(rows [][]string) [][]string {
	for i, r := range rows {
		if len(r) == 0 {
			rows[i] = nil
		}
	}
	return rows
}

var statHeadersVI = [][]string{
	{"STT", "Lĩnh vực", "Số hồ sơ nhận giải quyết", "", "", "", "", "", "Số hồ sơ đã giải quyết", "", "", "",
		"Trả lại, rút hồ sơ", "", "Số hồ sơ đang giải quyết", "", "", "", "Tỷ lệ", ""},
	{"", "", "Tổng số", "Kỳ trước chuyển qua", "Mới tiếp nhận", "", "", "", "Tổng số", "Trước hạn", "Đúng hạn", "Quá hạn",
		"Từ chối giải quyết", "Rút hồ sơ", "Tổng số", "Trong hạn", "Quá hạn", "Chờ bổ sung", "Hồ sơ trực tuyến", "Giải quyết đúng hạn"},
	{"", "", "", "", "Trực tuyến toàn trình", "Trực tuyến một phần", "Trực tiếp", "Bưu chính"},
}

var statHeadersEN = [][]string{
	{"No.", "Level", "Dossiers received", "", "", "", "", "", "Dossiers settled", "", "", "",
		"Refused or withdrawn", "", "Dossiers pending", "", "", "", "Rates", ""},
	{"", "", "Total", "Carried over", "Newly received", "", "", "", "Total", "Early", "On time", "Late",
		"Refused", "Withdrawn", "Total", "Within term", "Overdue", "Awaiting supplementation", "Filed online", "Settled on time"},
	{"", "", "", "", "Online (full)", "Online (partial)", "At the counter", "By post"},
}

var statMerges = []string{"A1:T1", "A2:T2", "A3:T3", "A5:A7", "B5:B7", "C5:H5", "C6:C7", "D6:D7", "E6:H6",
	"I5:L5", "I6:I7", "J6:J7", "K6:K7", "L6:L7", "M5:N5", "M6:M7", "N6:N7", "O5:R5", "O6:O7", "P6:P7",
	"Q6:Q7", "R6:R7", "S5:T5", "S6:S7", "T6:T7"}

// assertGrid compares cell texts, numbers within 1e-12: excelize reads
// numbers back rounded to 15 significant digits.
func assertGrid(t *testing.T, want, got [][]string) {
	t.Helper()
	want, got = normRows(want), normRows(got)
	if !assert.Len(t, got, len(want)) {
		assert.Equal(t, want, got)
		return
	}
	for i := range want {
		if !assert.Len(t, got[i], len(want[i]), "row %d: %q", i+1, got[i]) {
			continue
		}
		for j := range want[i] {
			a, errA := strconv.ParseFloat(want[i][j], 64)
			b, errB := strconv.ParseFloat(got[i][j], 64)
			if errA == nil && errB == nil {
				assert.InDelta(t, a, b, 1e-12, "row %d col %d", i+1, j+1)
				continue
			}
			assert.Equal(t, want[i][j], got[i][j], "row %d col %d", i+1, j+1)
		}
	}
}

func numberRow() []string {
	r := make([]string, 20)
	for i := range r {
		r[i] = "(" + strconv.Itoa(i+1) + ")"
	}
	return r
}

// rowFormulas returns the formulas of data row r (received, settled and
// pending totals, rates), keyed by column letter.
func rowFormulas(r string) map[string]string {
	return map[string]string{
		"C": "SUM(D" + r + ":H" + r + ")",
		"I": "SUM(J" + r + ":L" + r + ")",
		"O": "SUM(P" + r + ":R" + r + ")",
		"S": "IF(SUM(E" + r + ":H" + r + ")=0,0,(E" + r + "+F" + r + ")/SUM(E" + r + ":H" + r + "))",
		"T": "IF(I" + r + "=0,0,(J" + r + "+K" + r + ")/I" + r + ")",
	}
}

func TestWriteStatistics(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteStatistics(&buf, sampleSummary(), report.Options{Unit: "UBND phường Ba Đình"}))
	f := open(t, buf.Bytes())
	const sheet = "Thống kê"
	assert.Equal(t, []string{sheet, "Biểu đồ"}, f.GetSheetList())
	assert.Equal(t, 0, f.GetActiveSheetIndex())

	// Every cell, raw.
	want := [][]string{
		{"BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"},
		{"Đơn vị: UBND phường Ba Đình"},
		{"Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026"},
		nil,
	}
	want = append(want, statHeadersVI...)
	want = append(want, numberRow(),
		[]string{"1", "Hộ tịch", "11", "2", "5", "1", "3", "0", "7", "4", "2", "1", "1", "0", "3", "1", "1", "1",
			ftoa(6.0 / 9), ftoa(6.0 / 7)},
		[]string{"2", "Đất đai", "4", "0", "0", "2", "1", "1", "2", "0", "1", "1", "0", "1", "1", "1", "0", "0",
			ftoa(2.0 / 4), ftoa(1.0 / 2)},
		[]string{"", "Tổng cộng", "15", "2", "5", "3", "4", "1", "9", "4", "3", "2", "1", "1", "4", "2", "1", "1",
			ftoa(8.0 / 13), ftoa(7.0 / 9)},
	)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assertGrid(t, trimRows(want), rows)

	// Every formula, and no other cell has one.
	formulas := map[string]string{}
	for _, r := range []string{"9", "10", "11"} {
		for c, fm := range rowFormulas(r) {
			formulas[c+r] = fm
		}
	}
	for _, c := range strings.Split("C D E F G H I J K L M N O P Q R", " ") {
		formulas[c+"11"] = "SUM(" + c + "9:" + c + "10)"
	}
	for r := 1; r <= 11; r++ {
		for c := 1; c <= 20; c++ {
			ref, _ := excelize.CoordinatesToCellName(c, r)
			got, err := f.GetCellFormula(sheet, ref)
			require.NoError(t, err)
			assert.Equal(t, formulas[ref], got, "formula of %s", ref)
		}
	}

	// Merged ranges and their texts.
	merges, err := f.GetMergeCells(sheet)
	require.NoError(t, err)
	var got []string
	for _, m := range merges {
		got = append(got, m.GetStartAxis()+":"+m.GetEndAxis())
		v, _ := f.GetCellValue(sheet, m.GetStartAxis())
		assert.Equal(t, v, m.GetCellValue())
		assert.NotEmpty(t, v, "merged range %s has a text", m.GetStartAxis())
	}
	assert.ElementsMatch(t, statMerges, got)

	// Formats: counts with thousands separators, rates as percent.
	for ref, want := range map[string]string{"S9": "66.7%", "T9": "85.7%", "T11": "77.8%", "C11": "15"} {
		v, err := f.GetCellValue(sheet, ref)
		require.NoError(t, err)
		assert.Equal(t, want, v, ref)
	}
	style, err := f.GetCellStyle(sheet, "S10")
	require.NoError(t, err)
	st, err := f.GetStyle(style)
	require.NoError(t, err)
	require.NotNil(t, st.CustomNumFmt)
	assert.Equal(t, "0.0%", *st.CustomNumFmt)

	// Frozen headers, widths, print setup.
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 2, panes.XSplit)
	assert.Equal(t, 8, panes.YSplit)
	assert.Equal(t, "C9", panes.TopLeftCell)
	w, err := f.GetColWidth(sheet, "B")
	require.NoError(t, err)
	assert.InDelta(t, 34, w, 0.01)
	layout, err := f.GetPageLayout(sheet)
	require.NoError(t, err)
	require.NotNil(t, layout.Size)
	require.NotNil(t, layout.Orientation)
	require.NotNil(t, layout.FitToWidth)
	assert.Equal(t, 9, *layout.Size)
	assert.Equal(t, "landscape", *layout.Orientation)
	assert.Equal(t, 1, *layout.FitToWidth)
	props, err := f.GetSheetProps(sheet)
	require.NoError(t, err)
	require.NotNil(t, props.FitToPage)
	assert.True(t, *props.FitToPage)
	assert.Contains(t, f.GetDefinedName(), excelize.DefinedName{
		Name: "_xlnm.Print_Titles", RefersTo: "'Thống kê'!$5:$8", Scope: sheet})

	// The chart sheet plots both rates per sector.
	chart := zipPart(t, buf.Bytes(), "xl/charts/chart1.xml")
	for _, ref := range []string{"'Thống kê'!$B$9:$B$10", "'Thống kê'!$T$9:$T$10", "'Thống kê'!$S$9:$S$10",
		"'Thống kê'!$T$6", "'Thống kê'!$S$6", "Tỷ lệ giải quyết đúng hạn và tỷ lệ hồ sơ trực tuyến (01/11/2026 – 30/11/2026)"} {
		assert.Contains(t, chart, xmlEscape(ref))
	}
	assert.Contains(t, zipPart(t, buf.Bytes(), "xl/workbook.xml"), `name="Biểu đồ"`)
	zipPart(t, buf.Bytes(), "xl/chartsheets/sheet2.xml")
}

// TestWriteStatisticsFormulas recomputes every formula with excelize's
// engine: each cached value is what the formula gives, and a clerk's edit
// flows into the row and the totals.
func TestWriteStatisticsFormulas(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteStatistics(&buf, sampleSummary(), report.Options{}))
	f := open(t, buf.Bytes())
	const sheet = "Thống kê"
	check := func() {
		t.Helper()
		for r := 9; r <= 11; r++ {
			for c := 3; c <= 20; c++ {
				ref, _ := excelize.CoordinatesToCellName(c, r)
				if fm, _ := f.GetCellFormula(sheet, ref); fm == "" {
					continue
				}
				cached, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				require.NoError(t, err)
				calc, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
				require.NoError(t, err, ref)
				a, err := strconv.ParseFloat(cached, 64)
				require.NoError(t, err, ref)
				b, err := strconv.ParseFloat(calc, 64)
				require.NoError(t, err, ref)
				assert.InDelta(t, a, b, 1e-12, "%s: cached %s, computed %s", ref, cached, calc)
			}
		}
	}
	check()

	// The clerk finds 4 more online filings in the land sector.
	require.NoError(t, f.SetCellInt(sheet, "E10", 4))
	for ref, want := range map[string]string{"C10": "8", "C11": "19", "E11": "9", "S10": ftoa(6.0 / 8)} {
		got, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
		require.NoError(t, err)
		a, _ := strconv.ParseFloat(want, 64)
		b, err := strconv.ParseFloat(got, 64)
		require.NoError(t, err)
		assert.InDelta(t, a, b, 1e-12, ref)
	}
}

func TestWriteStatisticsVariants(t *testing.T) {
	level := dossier.Summary{
		Period:  dossier.Period{From: dossier.Month(2026, 1).From, To: dossier.Month(2026, 4).From},
		GroupBy: dossier.GroupLevel,
		Rows: []dossier.SummaryRow{
			{Key: "commune", NewCounter: 3, SettledOnTime: 3},
			{Key: "province", NewOnlineFull: 1, PendingOverdue: 1},
			{Key: "", CarriedOver: 1, Withdrawn: 1},
		},
		Total: dossier.SummaryRow{CarriedOver: 1, NewCounter: 3, NewOnlineFull: 1, SettledOnTime: 3, PendingOverdue: 1, Withdrawn: 1},
	}
	none := dossier.Summary{Period: dossier.Month(2026, 2), Rows: []dossier.SummaryRow{{NewCounter: 2, PendingWithinTerm: 2}},
		Total: dossier.SummaryRow{NewCounter: 2, PendingWithinTerm: 2}}
	empty := dossier.Summary{Period: dossier.Month(2026, 3), GroupBy: dossier.GroupAgency}
	tests := []struct {
		name    string
		table   dossier.Summary
		opt     report.Options
		sheets  []string
		head    [][]string
		keys    []string // column B of the data rows and the totals row
		last    string   // the period line
		chartB  string   // the chart's categories
		noTotal bool     // the totals row holds values, not formulas
	}{
		{"english levels", level, report.Options{Lang: "en-GB"}, []string{"Statistics", "Chart"}, statHeadersEN,
			[]string{"Commune level", "Provincial level", "(unspecified)", "Total"},
			"Reporting period: 01/01/2026 to 31/03/2026", "'Statistics'!$B$9:$B$11", false},
		{"single group with unit", none, report.Options{Lang: "vi", Unit: "UBND xã Tân Lập"}, []string{"Thống kê", "Biểu đồ"}, nil,
			[]string{"UBND xã Tân Lập", "Tổng cộng"}, "Kỳ báo cáo: từ ngày 01/02/2026 đến ngày 28/02/2026", "'Thống kê'!$B$9:$B$9", false},
		{"no rows", empty, report.Options{}, []string{"Thống kê", "Biểu đồ"}, nil,
			[]string{"Tổng cộng"}, "Kỳ báo cáo: từ ngày 01/03/2026 đến ngày 31/03/2026", "'Thống kê'!$B$9:$B$9", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, report.WriteStatistics(&buf, tc.table, tc.opt))
			f := open(t, buf.Bytes())
			assert.Equal(t, tc.sheets, f.GetSheetList())
			sheet := tc.sheets[0]
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			require.Len(t, rows, 8+len(tc.keys))
			assert.Equal(t, tc.last, rows[2][0])
			if tc.head != nil {
				assert.Equal(t, trimRows(tc.head), rows[4:7])
			}
			for i, k := range tc.keys {
				assert.Equal(t, k, rows[8+i][1])
			}
			totalRow := strconv.Itoa(8 + len(tc.keys))
			fm, err := f.GetCellFormula(sheet, "D"+totalRow)
			require.NoError(t, err)
			assert.Equal(t, tc.noTotal, fm == "", "D%s formula %q", totalRow, fm)
			total := rows[len(rows)-1]
			tt := tc.table.Total
			assert.Equal(t, []string{strconv.Itoa(tt.Received()), strconv.Itoa(tt.CarriedOver)}, total[2:4])
			assert.Contains(t, zipPart(t, buf.Bytes(), "xl/charts/chart1.xml"), xmlEscape(tc.chartB))
		})
	}
}

func TestWriteStatisticsInvalid(t *testing.T) {
	mod := func(m func(s *dossier.Summary)) dossier.Summary {
		s := sampleSummary()
		m(&s)
		return s
	}
	tests := []struct {
		name  string
		table dossier.Summary
		opt   report.Options
		want  error
		field string
		row   int
	}{
		{"no period", mod(func(s *dossier.Summary) { s.Period = dossier.Period{} }), report.Options{}, report.ErrInvalidSummary, "Period", -1},
		{"reversed period", mod(func(s *dossier.Summary) { s.Period.From, s.Period.To = s.Period.To, s.Period.From }),
			report.Options{}, report.ErrInvalidSummary, "Period", -1},
		{"unknown grouping", mod(func(s *dossier.Summary) { s.GroupBy = 42 }), report.Options{}, report.ErrInvalidSummary, "GroupBy", -1},
		{"negative count", mod(func(s *dossier.Summary) {
			s.Rows[1].NewPost = -1
			s.Rows[1].NewCounter += 2
			s.Total.NewCounter += 2
			s.Total.NewPost--
		}),
			report.Options{}, report.ErrInvalidSummary, "NewPost", 1},
		{"unbalanced row", mod(func(s *dossier.Summary) { s.Rows[0].SettledLate++; s.Total.SettledLate++ }),
			report.Options{}, report.ErrInvalidSummary, "CarriedOver", 0},
		{"total off", mod(func(s *dossier.Summary) { s.Total.NewCounter++; s.Total.PendingOverdue++ }),
			report.Options{}, report.ErrInvalidSummary, "Total.NewCounter", -1},
		{"unbalanced total", mod(func(s *dossier.Summary) { s.Total.PendingOverdue++ }),
			report.Options{}, report.ErrInvalidSummary, "Total.CarriedOver", -1},
		{"huge count", mod(func(s *dossier.Summary) { s.Rows[0].CarriedOver += 1 << 50; s.Rows[0].PendingOverdue += 1 << 50 }),
			report.Options{}, report.ErrInvalidSummary, "CarriedOver", 0},
		{"unknown language", sampleSummary(), report.Options{Lang: "fr"}, report.ErrInvalidOptions, "", 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := report.WriteStatistics(&buf, tc.table, tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, buf.Len(), "nothing written")
			if tc.want != report.ErrInvalidSummary {
				return
			}
			var se *report.SummaryError
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.field, se.Field)
			assert.Equal(t, tc.row, se.Row)
			assert.True(t, strings.HasPrefix(err.Error(), "report: invalid summary: "), err.Error())
		})
	}
}

// failWriter accepts n bytes, then fails.
type failWriter struct {
	n   int
	err error
}

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, w.err
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteStatisticsWriterFails(t *testing.T) {
	boom := errors.New("disk full")
	for _, n := range []int{0, 100, 3000} {
		err := report.WriteStatistics(&failWriter{n: n, err: boom}, sampleSummary(), report.Options{})
		require.ErrorIs(t, err, boom, "failing after %d bytes", n)
	}
}

func zipPart(t *testing.T, b []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err)
	rc, err := zr.Open(name)
	require.NoError(t, err, name)
	defer rc.Close()
	data, err := io.ReadAll(rc)
	require.NoError(t, err)
	return string(data)
}

func xmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "'", "&#39;", `"`, "&#34;").Replace(s)
}

// TestWriteStatisticsProcedureNames: grouped by procedure, each row shows
// the procedure's name beside its code when a name lookup is given.
func TestWriteStatisticsProcedureNames(t *testing.T) {
	cat, err := catalog.New(
		catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3},
		catalog.Procedure{Code: "2.000488", Name: "Đăng ký thành lập hộ kinh doanh", Sector: "Đăng ký kinh doanh",
			Levels: []catalog.Level{catalog.District}, Online: catalog.Partial, ProcessingDays: 3,
			ValidTo: time.Date(2026, 11, 15, 0, 0, 0, 0, time.UTC)},
	)
	require.NoError(t, err)
	table := dossier.Summary{
		Period:  dossier.Month(2026, 11),
		GroupBy: dossier.GroupProcedure,
		Rows: []dossier.SummaryRow{
			{Key: "1.001193", NewOnlineFull: 3, SettledOnTime: 3},
			{Key: "2.000488", NewCounter: 1, PendingWithinTerm: 1},
			{Key: "9.999999", NewPost: 1, SettledLate: 1},
			{Key: "", NewCounter: 1, Withdrawn: 1},
		},
		Total: dossier.SummaryRow{NewOnlineFull: 3, NewCounter: 2, NewPost: 1, SettledOnTime: 3, SettledLate: 1,
			PendingWithinTerm: 1, Withdrawn: 1},
	}
	names := map[string]string{"1.001193": "  Đăng ký khai sinh ", "9.999999": ""}
	tests := []struct {
		name string
		opt  report.Options
		keys []string // column B of the data rows
	}{
		{"without names", report.Options{}, []string{"1.001193", "2.000488", "9.999999", "(không xác định)"}},
		{"from a catalogue", report.Options{ProcedureName: report.CatalogNames(cat, table.Period.To.Add(-time.Nanosecond))},
			[]string{"1.001193 – Đăng ký khai sinh", "2.000488 – Đăng ký thành lập hộ kinh doanh", "9.999999", "(không xác định)"}},
		{"from a function, in English", report.Options{Lang: "en", ProcedureName: func(code string) string { return names[code] }},
			[]string{"1.001193 – Đăng ký khai sinh", "2.000488", "9.999999", "(unspecified)"}},
		{"nil catalogue", report.Options{ProcedureName: report.CatalogNames(nil, time.Time{})},
			[]string{"1.001193", "2.000488", "9.999999", "(không xác định)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, report.WriteStatistics(&buf, table, tc.opt))
			f := open(t, buf.Bytes())
			sheet := f.GetSheetList()[0]
			head, err := f.GetCellValue(sheet, "B5")
			require.NoError(t, err)
			assert.Contains(t, []string{"Thủ tục hành chính", "Procedure"}, head)
			for i, want := range tc.keys {
				got, err := f.GetCellValue(sheet, "B"+strconv.Itoa(9+i))
				require.NoError(t, err)
				assert.Equal(t, want, got)
			}
			// The chart's categories are the same cells.
			assert.Contains(t, zipPart(t, buf.Bytes(), "xl/charts/chart1.xml"), xmlEscape("!$B$9:$B$12"))
		})
	}
}
