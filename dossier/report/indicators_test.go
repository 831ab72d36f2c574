package report_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/internal/testenv"
)

const (
	wardA = "000.00.01.H12"
	wardB = "000.00.02.H12"
)

// district builds, through dossier.Service on a MemStore, the dossiers of
// two wards in November 2026 (and one received in October), lived the way
// the indicators count them: filed online and at the counter, with and
// without scans, fees paid online and in cash, results returned
// electronically, at the counter and by post, on time, late after two
// supplementation requests, and still open past their due time. Three
// procedures of the catalogue, two of them online, give formula 3.1.
func district(t testing.TB) (dossier.Store, *catalog.Catalog) {
	t.Helper()
	ctx := t.Context()
	cat, err := catalog.New(
		catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
			Documents: []catalog.Requirement{{Name: "Tờ khai", Originals: 1}}},
		catalog.Procedure{Code: "1.000656", Name: "Chứng thực bản sao", Sector: "Chứng thực",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Partial, ProcessingDays: 2},
		catalog.Procedure{Code: "2.001417", Name: "Đăng ký hộ kinh doanh", Sector: "Thành lập doanh nghiệp",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Offline, ProcessingDays: 3},
	)
	require.NoError(t, err)
	cal, err := dossier.Official()
	require.NoError(t, err)
	store := dossier.NewMemStore()
	var now time.Time
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	citizen := dossier.Actor{ID: "cd-001199012345", Role: dossier.RoleApplicant}
	scan := []dossier.Attachment{{Name: "Tờ khai", FileName: "to-khai.pdf", MediaType: "application/pdf", Size: 48213,
		SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}

	type step struct {
		day, hour int
		do        func(code string, clerk dossier.Actor) (dossier.Dossier, error)
	}
	approve := func(code string, c dossier.Actor) (dossier.Dossier, error) { return svc.Approve(ctx, code, c) }
	deliver := func(via dossier.Delivery) func(string, dossier.Actor) (dossier.Dossier, error) {
		return func(code string, c dossier.Actor) (dossier.Dossier, error) {
			return svc.ReturnResult(ctx, code, c, via)
		}
	}
	askFees := func(code string, c dossier.Actor) (dossier.Dossier, error) {
		return svc.AwaitPayment(ctx, code, c, 50_000)
	}
	pay := func(method string) func(string, dossier.Actor) (dossier.Dossier, error) {
		return func(code string, c dossier.Actor) (dossier.Dossier, error) {
			return svc.Pay(ctx, code, c, dossier.Payment{Amount: 50_000, Method: method})
		}
	}
	askMore := func(code string, c dossier.Actor) (dossier.Dossier, error) {
		return svc.RequestSupplement(ctx, code, c, "thiếu giấy tờ")
	}
	supply := func(code string, _ dossier.Actor) (dossier.Dossier, error) {
		return svc.Supplement(ctx, code, citizen, nil, map[string]any{"bo_sung": true})
	}
	lives := []struct {
		agency, proc string
		channel      catalog.Channel
		scans        bool
		month, filed int // filing day in 2026 (month 10 or 11)
		steps        []step
	}{
		{wardA, "1.001193", catalog.Online, true, 11, 2, []step{{3, 10, approve}, {3, 15, deliver(dossier.Electronic)}}},
		{wardA, "1.000656", catalog.Counter, false, 11, 3, []step{{3, 10, askFees}, {3, 11, pay("vnpay")},
			{4, 9, approve}, {4, 10, deliver(dossier.AtCounter)}}},
		{wardA, "2.001417", catalog.Counter, false, 11, 4, []step{{5, 9, askMore}, {6, 9, supply}, {6, 10, askMore},
			{9, 9, supply}, {9, 10, approve}, {9, 11, deliver(dossier.ByPost)}}},
		{wardA, "1.001193", catalog.Online, true, 11, 5, nil}, // still open at the month's end: late
		{wardA, "2.001417", catalog.Counter, false, 11, 10, []step{{10, 10, askFees}, {10, 11, pay("cash")},
			{20, 9, approve}, {20, 10, deliver(dossier.AtCounter)}}}, // approved after its due day
		{wardA, "1.001193", catalog.Post, true, 10, 28, []step{{29, 9, approve}}}, // carried over, settled in October
		{wardA, "1.001193", catalog.Online, true, 10, 29, nil},                    // carried over, late
		{wardB, "1.001193", catalog.Online, true, 11, 12, []step{{12, 15, approve}, {13, 9, deliver(dossier.Electronic)}}},
	}
	for i, life := range lives {
		now = time.Date(2026, time.Month(life.month), life.filed, 8, 30, 0, 0, dossier.Location)
		sub := dossier.Submission{ProcedureCode: life.proc, Agency: life.agency, Channel: life.channel,
			Applicant: dossier.Applicant{Name: fmt.Sprintf("Nguyễn Văn %c", 'A'+i), CitizenID: "001199012345"}}
		if life.scans {
			sub.Attachments = scan
		}
		d, err := svc.Submit(ctx, citizen, sub)
		require.NoError(t, err, "dossier %d", i)
		clerk := dossier.Actor{ID: "cb-07", Role: dossier.RoleOfficer, Unit: life.agency}
		now = now.Add(30 * time.Minute)
		_, err = svc.Receive(ctx, d.Code, clerk)
		require.NoError(t, err, "dossier %d", i)
		for _, s := range life.steps {
			now = time.Date(2026, time.Month(life.month), s.day, s.hour, 0, 0, 0, dossier.Location)
			_, err = s.do(d.Code, clerk)
			require.NoError(t, err, "dossier %d, %d/%d", i, s.day, life.month)
		}
	}
	return store, cat
}

// wantIndicator is an indicator row as the sheet should show it.
type wantIndicator struct {
	id                    dossier.IndicatorID
	num, den              int
	rate, target, attains float64 // fractions; target 0: no score cells
}

// The indicators sheet's two header rows, as excelize reads them.
var (
	indHeadsVI = [][]string{
		{"STT", "Chỉ số", "Tên chỉ số", "Số liệu", "", "Tỷ lệ", "Chấm điểm"},
		{"", "", "", "Tử số", "Mẫu số", "", "Ngưỡng đạt điểm tối đa", "Tỷ lệ điểm đạt được"},
	}
	indHeadsEN = [][]string{
		{"No.", "Indicator", "Name", "Counted", "", "Rate", "Score"},
		{"", "", "", "Numerator", "Denominator", "", "Rate for the full score", "Share of the full score"},
	}
)

func TestWriteIndicators(t *testing.T) {
	store, cat := district(t)
	november := dossier.Month(2026, 11)
	tests := []struct {
		name     string
		agency   string
		opt      report.Options
		sheets   []string
		title    string
		unitLine string
		period   string
		heads    [][]string
		want     []wantIndicator
	}{
		{
			name: "one ward in Vietnamese", agency: wardA, opt: report.Options{Unit: "UBND phường Ba Đình"},
			sheets:   []string{"Chỉ số 766", "Cách tính"},
			title:    "BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
			unitLine: "Đơn vị: UBND phường Ba Đình (000.00.01.H12)",
			period:   "Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026",
			heads:    indHeadsVI,
			want: []wantIndicator{
				{dossier.OnTimeRate, 2, 6, 0.3333, 0, 0},
				{dossier.OnlineProcedures, 2, 3, 0.6667, 0.8, 0.8334},
				{dossier.OnlineFiling, 2, 5, 0.4, 0.5, 0.8},
				{dossier.OnlinePaid, 1, 2, 0.5, 0, 0},
				{dossier.ElectronicResult, 1, 4, 0.25, 0, 0},
				{dossier.DigitisedFiling, 2, 5, 0.4, 0.8, 0.5},
			},
		},
		{
			name: "every ward in English", opt: report.Options{Lang: "en-GB"},
			sheets:   []string{"Indicators 766", "Computation"},
			title:    "INDEX OF SERVICE TO CITIZENS AND BUSINESSES",
			unitLine: "Unit: All receiving agencies",
			period:   "Reporting period: 01/11/2026 to 30/11/2026",
			heads:    indHeadsEN,
			want: []wantIndicator{
				{dossier.OnTimeRate, 3, 7, 0.4286, 0, 0},
				{dossier.OnlineProcedures, 2, 3, 0.6667, 0.8, 0.8334},
				{dossier.OnlineFiling, 3, 6, 0.5, 0.5, 1},
				{dossier.OnlinePaid, 1, 2, 0.5, 0, 0},
				{dossier.ElectronicResult, 2, 5, 0.4, 0, 0},
				{dossier.DigitisedFiling, 3, 6, 0.5, 0.8, 0.625},
			},
		},
		{
			name: "a ward with nothing received", agency: "000.00.09.H12", opt: report.Options{},
			sheets:   []string{"Chỉ số 766", "Cách tính"},
			title:    "BỘ CHỈ SỐ PHỤC VỤ NGƯỜI DÂN, DOANH NGHIỆP",
			unitLine: "Đơn vị: 000.00.09.H12",
			period:   "Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026",
			heads:    indHeadsVI,
			want: []wantIndicator{
				{dossier.OnTimeRate, 0, 0, 0, 0, 0},
				{dossier.OnlineProcedures, 2, 3, 0.6667, 0.8, 0.8334},
				{dossier.OnlineFiling, 0, 0, 0, 0.5, 0},
				{dossier.OnlinePaid, 0, 0, 0, 0, 0},
				{dossier.ElectronicResult, 0, 0, 0, 0, 0},
				{dossier.DigitisedFiling, 0, 0, 0, 0.8, 0},
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := dossier.Indicators(t.Context(), store, cat, november, tc.agency)
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, report.WriteIndicators(&buf, rep, tc.opt))
			f := open(t, buf.Bytes())
			require.Equal(t, tc.sheets, f.GetSheetList())
			sheet, steps := tc.sheets[0], tc.sheets[1]

			rows, err := f.GetRows(sheet)
			require.NoError(t, err)
			require.Len(t, rows, 8+len(tc.want))
			assert.Contains(t, rows[0][0], tc.title)
			assert.Contains(t, rows[1][0], "766/QĐ-TTg")
			assert.Equal(t, tc.unitLine, rows[2][0])
			assert.Equal(t, tc.period, rows[3][0])
			assert.Equal(t, tc.heads, trimRows(rows[5:7]))
			assert.Equal(t, []string{"(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)"}, rows[7])
			merged, err := f.GetMergeCells(sheet)
			require.NoError(t, err)
			var ranges []string
			for _, m := range merged {
				ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			assert.ElementsMatch(t, []string{"A1:H1", "A2:H2", "A3:H3", "A4:H4", "A6:A7", "B6:B7", "C6:C7",
				"D6:E6", "F6:F7", "G6:H6"}, ranges)

			lang := "vi"
			if tc.opt.Lang != "" {
				lang = "en"
			}
			for i, w := range tc.want {
				r := 9 + i
				ref := func(col string) string { return fmt.Sprintf("%s%d", col, r) }
				raw := func(col string) string {
					v, err := f.GetCellValue(sheet, ref(col), excelize.Options{RawCellValue: true})
					require.NoError(t, err)
					return v
				}
				assert.Equal(t, fmt.Sprint(i+1), raw("A"), ref("A"))
				assert.Equal(t, string(w.id), raw("B"), ref("B"))
				assert.Equal(t, w.id.Label(lang), raw("C"), ref("C"))
				assert.Equal(t, fmt.Sprint(w.num), raw("D"), ref("D"))
				assert.Equal(t, fmt.Sprint(w.den), raw("E"), ref("E"))
				assert.Equal(t, ftoa(w.rate), raw("F"), ref("F"))
				formula, err := f.GetCellFormula(sheet, ref("F"))
				require.NoError(t, err)
				assert.Equal(t, fmt.Sprintf("IF(E%d=0,0,ROUND(D%d/E%d,4))", r, r, r), formula)
				assert.Equal(t, "0.0%", numFmt(t, f, sheet, ref("F")))
				// Recalculated, the formula gives the stored value.
				assert.InDelta(t, w.rate, calc(t, f, sheet, ref("F")), 1e-12, ref("F"))
				assert.Equal(t, "#,##0", numFmt(t, f, sheet, ref("D")))
				formula, err = f.GetCellFormula(sheet, ref("H"))
				require.NoError(t, err)
				if w.target == 0 {
					assert.Empty(t, raw("G"), ref("G"))
					assert.Empty(t, raw("H"), ref("H"))
					assert.Empty(t, formula)
					continue
				}
				assert.Equal(t, ftoa(w.target), raw("G"), ref("G"))
				assert.Equal(t, ftoa(w.attains), raw("H"), ref("H"))
				assert.Equal(t, fmt.Sprintf("IF(F%d>=G%d,1,ROUND(F%d/G%d,4))", r, r, r, r), formula)
				assert.Equal(t, "0.0%", numFmt(t, f, sheet, ref("H")))
				assert.InDelta(t, w.attains, calc(t, f, sheet, ref("H")), 1e-12, ref("H"))
			}

			// The second sheet: each indicator's steps, one per row, in
			// the report's order, with the ID and name merged over them.
			srows, err := f.GetRows(steps)
			require.NoError(t, err)
			assert.Equal(t, tc.period, srows[1][0])
			var want [][]string
			var wantMerges []string
			for i := range rep.Indicators {
				in := &rep.Indicators[i]
				st := in.Steps(lang)
				require.NotEmpty(t, st)
				first := 5 + len(want)
				for k, s := range st {
					row := []string{"", "", fmt.Sprint(k + 1), s}
					if k == 0 {
						row[0], row[1] = string(in.ID), in.ID.Label(lang)
					}
					want = append(want, row)
				}
				last := first + len(st) - 1
				wantMerges = append(wantMerges, fmt.Sprintf("A%d:A%d", first, last), fmt.Sprintf("B%d:B%d", first, last))
			}
			assert.Equal(t, want, srows[4:])
			merged, err = f.GetMergeCells(steps)
			require.NoError(t, err)
			ranges = nil
			for _, m := range merged {
				ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
			}
			assert.ElementsMatch(t, append([]string{"A1:D1", "A2:D2"}, wantMerges...), ranges)
		})
	}
}

// calc recalculates a cell's formula with excelize's engine.
func calc(t *testing.T, f *excelize.File, sheet, ref string) float64 {
	t.Helper()
	v, err := f.CalcCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	require.NoError(t, err, ref)
	x, err := strconv.ParseFloat(v, 64)
	require.NoError(t, err, "%s: %q", ref, v)
	return x
}

// numFmt returns the number format of a cell: its custom format, or the
// built-in format's code for the ones the report uses.
func numFmt(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	require.NoError(t, err)
	st, err := f.GetStyle(id)
	require.NoError(t, err)
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	return map[int]string{0: "General", 3: "#,##0"}[st.NumFmt]
}

// TestWriteIndicatorsSteps checks the explanation of one indicator below
// its target, in both languages, against the numbers of its row.
func TestWriteIndicatorsSteps(t *testing.T) {
	store, cat := district(t)
	rep, err := dossier.Indicators(t.Context(), store, cat, dossier.Month(2026, 11), wardA)
	require.NoError(t, err)
	tests := []struct {
		name, lang, sheet string
		want              []string
	}{
		{"Vietnamese", "vi", "Cách tính", []string{
			"Tử số: 2 hồ sơ có tệp đính kèm trong thành phần hồ sơ",
			"Mẫu số: 5 hồ sơ tiếp nhận trong kỳ",
			"Tỷ lệ = 2 / 5 = 40,0%",
			"Dưới 80,0%: 40,0% × điểm tối đa / 80,0% = 50,0% điểm tối đa",
		}},
		{"English", "en", "Computation", []string{
			"Numerator: 2 dossiers with attached documents",
			"Denominator: 5 dossiers received in the period",
			"Rate = 2 / 5 = 40.0%",
			"Below 80.0%: 40.0% × full score / 80.0% = 50.0% of the full score",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, report.WriteIndicators(&buf, rep, report.Options{Lang: tc.lang}))
			rows, err := open(t, buf.Bytes()).GetRows(tc.sheet)
			require.NoError(t, err)
			// The steps of 4.2: the row naming it and the rows below it
			// up to the next indicator.
			var got []string
			for _, r := range rows[4:] {
				switch {
				case r[0] == string(dossier.DigitisedFiling), r[0] == "" && len(got) > 0:
					got = append(got, r[3])
				case len(got) > 0:
					t.Fatalf("row %q after 4.2's steps", r)
				}
			}
			assert.Equal(t, tc.want, got)
		})
	}
}

// countingWriter counts the bytes written to it.
type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

func TestWriteIndicatorsInvalid(t *testing.T) {
	store, cat := district(t)
	good, err := dossier.Indicators(t.Context(), store, cat, dossier.Month(2026, 11), wardA)
	require.NoError(t, err)
	with := func(change func(r *dossier.IndicatorReport)) dossier.IndicatorReport {
		r := good
		r.Indicators = append([]dossier.Indicator(nil), good.Indicators...)
		change(&r)
		return r
	}
	nov := time.Date(2026, 11, 1, 0, 0, 0, 0, dossier.Location)
	tests := []struct {
		name  string
		rep   dossier.IndicatorReport
		opt   report.Options
		nilW  bool
		want  error
		index int
		field string
	}{
		{name: "zero report", rep: dossier.IndicatorReport{}, want: report.ErrInvalidIndicators, index: -1, field: "Period"},
		{name: "empty period", rep: with(func(r *dossier.IndicatorReport) { r.Period = dossier.Period{From: nov, To: nov} }),
			want: report.ErrInvalidIndicators, index: -1, field: "Period"},
		{name: "reversed period", rep: with(func(r *dossier.IndicatorReport) { r.Period = dossier.Period{From: nov, To: nov.AddDate(0, 0, -1)} }),
			want: report.ErrInvalidIndicators, index: -1, field: "Period"},
		{name: "period before Excel's dates", rep: with(func(r *dossier.IndicatorReport) {
			r.Period = dossier.Period{From: time.Date(1899, 1, 1, 0, 0, 0, 0, dossier.Location), To: nov}
		}), want: report.ErrInvalidIndicators, index: -1, field: "Period"},
		{name: "nil indicators", rep: with(func(r *dossier.IndicatorReport) { r.Indicators = nil }),
			want: report.ErrInvalidIndicators, index: -1, field: "Indicators"},
		{name: "too many indicators", rep: with(func(r *dossier.IndicatorReport) {
			r.Indicators = make([]dossier.Indicator, 1001)
			for i := range r.Indicators {
				r.Indicators[i].ID = dossier.IndicatorID(fmt.Sprint(i))
			}
		}), want: report.ErrInvalidIndicators, index: -1, field: "Indicators"},
		{name: "empty ID", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[2].ID = "" }),
			want: report.ErrInvalidIndicators, index: 2, field: "ID"},
		{name: "repeated ID", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[3].ID = r.Indicators[0].ID }),
			want: report.ErrInvalidIndicators, index: 3, field: "ID"},
		{name: "negative numerator", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[0].Numerator = -1 }),
			want: report.ErrInvalidIndicators, index: 0, field: "Numerator"},
		{name: "negative denominator", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[0].Denominator = -6 }),
			want: report.ErrInvalidIndicators, index: 0, field: "Denominator"},
		{name: "numerator above denominator", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[1].Numerator = 4 }),
			want: report.ErrInvalidIndicators, index: 1, field: "Numerator"},
		{name: "rate not the counts'", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[2].Rate = 4001 }),
			want: report.ErrInvalidIndicators, index: 2, field: "Rate"},
		{name: "target above 100 %", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[5].Target = 10001 }),
			want: report.ErrInvalidIndicators, index: 5, field: "Target"},
		{name: "attainment not the target's", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[5].Attainment = 10000 }),
			want: report.ErrInvalidIndicators, index: 5, field: "Attainment"},
		{name: "attainment without target", rep: with(func(r *dossier.IndicatorReport) { r.Indicators[0].Attainment = 1 }),
			want: report.ErrInvalidIndicators, index: 0, field: "Attainment"},
		{name: "unknown language", rep: good, opt: report.Options{Lang: "fr"}, want: report.ErrInvalidOptions},
		{name: "nil writer", rep: good, nilW: true, want: report.ErrInvalidOptions},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var cw countingWriter
			var w io.Writer = &cw
			if tc.nilW {
				w = nil
			}
			err := report.WriteIndicators(w, tc.rep, tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, cw.n, "nothing written")
			var ie *report.IndicatorError
			if tc.field == "" {
				assert.False(t, errors.As(err, &ie))
				return
			}
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.index, ie.Index)
			assert.Equal(t, tc.field, ie.Field)
			assert.Contains(t, err.Error(), "report: invalid indicators: ")
		})
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteIndicatorsWriteError(t *testing.T) {
	store, cat := district(t)
	rep, err := dossier.Indicators(t.Context(), store, cat, dossier.Month(2026, 11), "")
	require.NoError(t, err)
	err = report.WriteIndicators(failingWriter{}, rep, report.Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "disk full")
}

func TestInteropOpenpyxlIndicators(t *testing.T) {
	py := testenv.Openpyxl(t)
	store, cat := district(t)
	rep, err := dossier.Indicators(t.Context(), store, cat, dossier.Month(2026, 11), wardA)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.WriteIndicators(&buf, rep, report.Options{Unit: "UBND phường Ba Đình"}))
	book := readOpenpyxl(t, py, buf.Bytes())
	assert.Equal(t, []string{"Chỉ số 766", "Cách tính"}, book.Sheets)
	assert.Empty(t, book.Charts)

	s := book.Cells["Chỉ số 766"]
	compareWithExcelize(t, buf.Bytes(), "Chỉ số 766", s)
	assert.Equal(t, "A9", s.Freeze)
	assert.Equal(t, "$6:$8", s.Titles)
	assert.Equal(t, "landscape", s.Orientation)
	assert.EqualValues(t, 9, s.Paper)
	assert.Contains(t, s.Merged, "D6:E6")
	assert.Equal(t, "Đơn vị: UBND phường Ba Đình (000.00.01.H12)", s.Cells["A3"].V)
	for i, in := range rep.Indicators {
		r := fmt.Sprint(9 + i)
		assert.Equal(t, string(in.ID), s.Cells["B"+r].V)
		assert.InDelta(t, in.Numerator, s.Cells["D"+r].V, 0, "D"+r)
		assert.InDelta(t, in.Denominator, s.Cells["E"+r].V, 0, "E"+r)
		assert.Equal(t, "#,##0", s.Cells["D"+r].Fmt)
		assert.InDelta(t, float64(in.Rate)/10000, s.Cells["F"+r].V, 1e-12, "F"+r)
		assert.Equal(t, "0.0%", s.Cells["F"+r].Fmt)
		if in.Target > 0 {
			assert.InDelta(t, float64(in.Target)/10000, s.Cells["G"+r].V, 1e-12, "G"+r)
			assert.InDelta(t, float64(in.Attainment)/10000, s.Cells["H"+r].V, 1e-12, "H"+r)
			assert.Equal(t, "0.0%", s.Cells["H"+r].Fmt)
		} else {
			assert.NotContains(t, s.Cells, "H"+r)
		}
	}

	st := book.Cells["Cách tính"]
	compareWithExcelize(t, buf.Bytes(), "Cách tính", st)
	assert.Equal(t, "A5", st.Freeze)
	assert.Equal(t, "$4:$4", st.Titles)
	assert.Equal(t, "landscape", st.Orientation)
	row := 5
	for _, in := range rep.Indicators {
		for k, step := range in.Steps("vi") {
			assert.Equal(t, step, st.Cells[fmt.Sprintf("D%d", row)].V)
			assert.InDelta(t, k+1, st.Cells[fmt.Sprintf("C%d", row)].V, 0)
			row++
		}
	}
	assert.Equal(t, "Chỉ số", st.Cells["A4"].V)
	assert.Equal(t, "Diễn giải", st.Cells["D4"].V)
}

func BenchmarkWriteIndicators(b *testing.B) {
	store, cat := district(b)
	rep, err := dossier.Indicators(b.Context(), store, cat, dossier.Month(2026, 11), "")
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := report.WriteIndicators(io.Discard, rep, report.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
