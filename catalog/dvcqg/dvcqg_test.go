package dvcqg_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/vntime"
)

// want holds the expected mapping of each record in testdata.
var want = map[string]catalog.Procedure{
	"1.900001": {
		Code: "1.900001", Name: "Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón",
		Sector: "Bảo vệ thực vật", Agency: "Chi cục Trồng trọt và Bảo vệ thực vật",
		Levels: []catalog.Level{catalog.Commune, catalog.Province}, Online: catalog.Full,
		ProcessingDays: 7,
		Documents: []catalog.Requirement{
			{Name: "Đơn đề nghị cấp Giấy chứng nhận theo Mẫu số 01", Originals: 1, Template: "Mẫu số 01 (đơn đề nghị).docx",
				Code: "TEST-KQ0001", EForm: true},
			{Name: "Giấy chứng nhận bồi dưỡng chuyên môn về phân bón (nếu có)", Copies: 1, Optional: true, Code: "TEST-KQ0002"},
			{Name: "Bản thuyết minh điều kiện cơ sở\n(kèm sơ đồ)", Originals: 1, Copies: 1, Code: "TEST-KQ0003"},
		},
		Channels: []catalog.ChannelTerms{
			{Channel: catalog.Online, Time: 7, Unit: catalog.WorkingDays, Note: "07 ngày làm việc kể từ ngày nhận đủ hồ sơ",
				Fees: []catalog.FeeNote{
					{Amount: 230000, HasAmount: true, Text: "Thẩm định điều kiện: 230.000/lần"},
					{Amount: 15000, HasAmount: true, Text: "Phí gửi kết quả qua bưu chính", Kind: catalog.ServiceFee},
				}},
			{Channel: catalog.Counter, Time: 7, Unit: catalog.WorkingDays, Fees: []catalog.FeeNote{
				{Amount: 230000, HasAmount: true, Text: "Phí thẩm định: 230.000 đồng/lần", Kind: catalog.Fee}}},
			{Channel: catalog.Post, Time: 7, Unit: catalog.WorkingDays, Fees: []catalog.FeeNote{
				{Amount: 50000, HasAmount: true, Text: "Lệ phí cấp giấy chứng nhận: 50.000 đồng", Kind: catalog.Charge}}},
		},
		LegalBasis: []string{"Luật Trồng trọt (31/2018/QH14)", "Nghị định số 84/2019/NĐ-CP quy định về quản lý phân bón"},
		LegalRefs: []catalog.LegalRef{{Code: "31/2018/QH14", Name: "Luật Trồng trọt"},
			{Code: "84/2019/NĐ-CP", Name: "Nghị định số 84/2019/NĐ-CP quy định về quản lý phân bón"}},
		Result:        "Giấy chứng nhận đủ điều kiện buôn bán phân bón",
		Subjects:      []string{"Doanh nghiệp", "Hợp tác xã"},
		Steps:         []string{"Bước 1: Tổ chức, cá nhân nộp hồ sơ.\nBước 2: Cơ quan tiếp nhận kiểm tra và trả kết quả."},
		ReturnMethods: []catalog.Channel{catalog.Post, catalog.Counter, catalog.Online},
		Variants: []catalog.Variant{{Code: "1.900001.01", Name: "Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón",
			Time: 7, Unit: catalog.WorkingDays}},
		Decision: "999/QĐ-BNNMT", DecisionDate: vntime.Date(2026, 5, 6),
	},
	"1.900002": {
		Code: "1.900002", Name: "Hỗ trợ học bổng cho người khuyết tật",
		Sector: "Giáo dục và Đào tạo", Agency: "Ủy ban nhân dân cấp huyện",
		Levels: []catalog.Level{catalog.District}, Online: catalog.Partial, ProcessingDays: 10,
		Cases: []catalog.Case{
			{Name: "Đối với người khuyết tật học tại cơ sở giáo dục công lập", Documents: []catalog.Requirement{
				{Name: "Đơn đề nghị hỗ trợ", Originals: 1, Code: "TEST-KQ0004"},
			}},
			{Name: "Đối với người khuyết tật học tại cơ sở giáo dục ngoài công lập", Documents: []catalog.Requirement{
				{Name: "Đơn đề nghị hỗ trợ", Originals: 1, Code: "TEST-KQ0004"},
				{Name: "Giấy xác nhận khuyết tật", Copies: 2, Code: "TEST-KQ0005"},
			}},
		},
		Channels: []catalog.ChannelTerms{
			{Channel: catalog.Counter, Time: 10, Unit: catalog.CalendarDays},
			{Channel: catalog.Online, Time: 10, Unit: catalog.CalendarDays,
				Fees: []catalog.FeeNote{{Text: "Theo quy định của Bộ trưởng Bộ Tài chính"}}},
			{Channel: catalog.Post, Time: 10, Unit: catalog.CalendarDays},
		},
		Result:     "Quyết định hỗ trợ học bổng; Văn bản trả lời",
		Subjects:   []string{"Công dân Việt Nam"},
		Authority:  "Ủy ban nhân dân cấp tỉnh",
		Steps:      []string{"Trường hợp học tại cơ sở công lập\nNộp hồ sơ tại nhà trường."},
		Conditions: "Không",
		Decision:   "01/QĐ-BGDĐT", DecisionDate: vntime.Date(2019, 8, 11),
	},
	"2.900003": {
		Code: "2.900003", Name: "Công nhận tổ chức giám định quốc tế",
		Sector: "Tiêu chuẩn đo lường chất lượng", Agency: "Bộ Khoa học và Công nghệ, Bộ Công Thương",
		Levels: []catalog.Level{catalog.Central}, Online: catalog.Offline, ProcessingDays: 0,
		Documents: []catalog.Requirement{{Name: "Hồ sơ năng lực", Originals: 1, Code: "TEST-KQ0006"}},
		Channels: []catalog.ChannelTerms{
			{Channel: catalog.Post, Time: 3, Unit: catalog.Months, Note: "Trong thời hạn 03 tháng",
				Fees: []catalog.FeeNote{{Amount: 10, HasAmount: true, Text: "10 USD/người", Kind: catalog.ServiceFee, Currency: "USD"}}},
			{Channel: catalog.Counter, Time: 1, Unit: catalog.UnitOther, Note: "Theo lịch hẹn",
				Fees: []catalog.FeeNote{{Text: "32.000.000 đồng/lần"}}},
		},
		LegalBasis:    []string{"nghị định 146/2025"},
		LegalRefs:     []catalog.LegalRef{{Code: "nghị định 146/2025"}},
		Authority:     "Bộ Khoa học và Công nghệ",
		Conditions:    "Tổ chức giám định có năng lực\ntheo quy định",
		ReturnMethods: []catalog.Channel{catalog.Counter, catalog.Online, catalog.Post},
		Variants:      []catalog.Variant{{Code: "2.900003.01", Name: "Công nhận lần đầu", Time: 3, Unit: catalog.Months}},
		Note:          "Ghi chú",
		Decision:      "77/QĐ-BKHCN", DecisionDate: vntime.Date(2025, 6, 24),
	},
}

func TestReadAllTestdata(t *testing.T) {
	c, problems, err := dvcqg.ReadAll(os.DirFS("testdata"), "*.json")
	require.NoError(t, err)
	require.Equal(t, len(want), c.Len())
	for code, w := range want {
		t.Run(code, func(t *testing.T) {
			got, ok := c.Get(code, vntime.Date(2026, 1, 1))
			require.True(t, ok)
			assert.Equal(t, w, got)
		})
	}
	var msgs []string
	for _, p := range problems {
		assert.False(t, p.Skipped)
		msgs = append(msgs, p.Error())
	}
	assert.Equal(t, []string{
		`dvcqg: 2.900003 (2.900003.json #0) categoriesDetails[1].name: second sector "Thương mại quốc tế" dropped: a procedure has one sector`,
		`dvcqg: 2.900003 (2.900003.json #0) executionCases[0].profileComponents[1].name: document without a name left out`,
		`dvcqg: 2.900003 (2.900003.json #0) returningMethods[1].value: return methods differ by kind of submission (OFFLINE: [counter], ONLINE: [online post]): their union is kept`,
	}, msgs)
	assert.ErrorIs(t, problems[0], dvcqg.ErrInexact)
	assert.ErrorIs(t, problems[1], dvcqg.ErrMissing)
	assert.ErrorIs(t, problems[2], dvcqg.ErrInexact)
	assert.Contains(t, c.Note(), "3 of 3 records, 3 problem(s)")
}

func TestRead(t *testing.T) {
	tests := []struct {
		file string
		want error
	}{
		{"1.900001.json", nil},
		{"1.900002.json", nil},
		{"2.900003.json", dvcqg.ErrInexact}, // ReadProcedure is strict
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, err := os.Open("testdata/" + tt.file)
			require.NoError(t, err)
			defer f.Close()
			p, err := dvcqg.ReadProcedure(f)
			if tt.want != nil {
				require.ErrorIs(t, err, tt.want)
				var e *dvcqg.Error
				require.ErrorAs(t, err, &e)
				assert.Len(t, e.Problems, 3)
				assert.Zero(t, p.Code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, want[strings.TrimSuffix(tt.file, ".json")], p)
		})
	}
}

func TestBadRecords(t *testing.T) {
	c, problems, err := dvcqg.ReadAll(os.DirFS("testdata/bad"), "*.jsonl")
	require.NoError(t, err)
	assert.Equal(t, []string{"1.900010", "1.900016"}, slices.Sorted(func(yield func(string) bool) {
		for p := range c.All() {
			if !yield(p.Code) {
				return
			}
		}
	}))
	p, ok := c.Get("1.900010", vntime.Date(2026, 1, 1))
	require.True(t, ok)
	assert.Equal(t, "Bản cập nhật", p.Name, "the record updated last wins")
	p, ok = c.Get("1.900016", vntime.Date(2026, 1, 1))
	require.True(t, ok)
	assert.Len(t, p.Channels, 2, "the FAX method is left out")

	type row struct {
		msg      string
		sentinel error
	}
	want := []row{
		{`dvcqg: 1.900011 (records.jsonl #1) executionMethods[1].processingTime: processing time -3 is out of range 0..10000 (record skipped)`, dvcqg.ErrValue},
		{`dvcqg: 1.900012 (records.jsonl #2) executionMethods[2].processingTimeUnit: unknown time unit "WEEK" (record skipped)`, dvcqg.ErrUnknownValue},
		{`dvcqg: 1.900013 (records.jsonl #3) executionMethods[0].processingTime: string is not a valid whole number (record skipped)`, dvcqg.ErrType},
		{`dvcqg: 1.900014 (records.jsonl #4) executionMethods[0].submissionMethod: unexpected end of JSON input (at byte 98) (record skipped)`, dvcqg.ErrSyntax},
		{`dvcqg: record (records.jsonl #5) code: no procedure code (record skipped)`, dvcqg.ErrMissing},
		{`dvcqg: 1.900016 (records.jsonl #6) executionMethods[2].submissionMethod: unknown submission method "FAX": method left out`, dvcqg.ErrUnknownValue},
		{`dvcqg: 1.900010 (records.jsonl #0): record records.jsonl#7 with this code was updated later or at the same time (record skipped)`, dvcqg.ErrDuplicate},
		{`dvcqg: 1.900018 (records.jsonl #8) executionMethods[0].fees[0].value: number 1.5 is not a valid whole number (record skipped)`, dvcqg.ErrType},
	}
	require.Len(t, problems, len(want))
	for i, w := range want {
		assert.Equal(t, w.msg, problems[i].Error())
		assert.ErrorIs(t, problems[i], w.sentinel, w.msg)
	}

	// Strict mode stops at the first problem.
	c, problems, err = dvcqg.ReadAll(os.DirFS("testdata/bad"), "*.jsonl", dvcqg.Strict())
	require.ErrorIs(t, err, dvcqg.ErrValue)
	assert.Equal(t, want[0].msg, err.Error())
	var p1 dvcqg.Problem
	require.ErrorAs(t, err, &p1)
	assert.Equal(t, "1.900011", p1.Code)
	assert.Equal(t, "executionMethods[1].processingTime", p1.Path)
	assert.Nil(t, c)
	assert.Nil(t, problems)
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	require.NoError(t, err)
	return b
}

func TestReadRecordsShapes(t *testing.T) {
	a, b, c := readFile(t, "1.900001.json"), readFile(t, "1.900002.json"), readFile(t, "2.900003.json")
	var compact bytes.Buffer
	lines := func(recs ...[]byte) []byte {
		var out bytes.Buffer
		for _, r := range recs {
			compact.Reset()
			require.NoError(t, jsonCompact(&compact, r))
			out.Write(compact.Bytes())
			out.WriteByte('\n')
		}
		return out.Bytes()
	}
	join := func(sep string, recs ...[]byte) []byte { return bytes.Join(recs, []byte(sep)) }
	tests := []struct {
		name  string
		input []byte
		codes int
		err   error
	}{
		{"one object", a, 1, nil},
		{"array", slices.Concat([]byte("\ufeff [\n"), join(",\n", a, b, c), []byte("\n]\n")), 3, nil},
		{"empty array", []byte("[]"), 0, nil},
		{"empty input", nil, 0, nil},
		{"JSON lines", lines(a, b, c), 3, nil},
		{"pretty objects one after another", join("\n", a, b, c), 3, nil},
		{"broken array", slices.Concat([]byte("["), a, []byte(", {\"code\": ")), 0, dvcqg.ErrSyntax},
		{"unterminated array", slices.Concat([]byte("["), a), 0, dvcqg.ErrSyntax},
		{"data after array", slices.Concat([]byte("["), a, []byte("] x")), 0, dvcqg.ErrSyntax},
		{"not an object", []byte(`"1.900001"`), 0, nil},
		{"stray separators", slices.Concat([]byte(", } ] 5\n"), lines(a)), 1, nil},
		{"array with holes", slices.Concat([]byte("[,"), a, []byte(",]")), 0, dvcqg.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cat, _, err := dvcqg.ReadRecords(bytes.NewReader(tt.input))
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Nil(t, cat)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.codes, cat.Len())
		})
	}
}

func TestWrongTypes(t *testing.T) {
	base := string(readFile(t, "1.900001.json"))
	tests := []struct {
		name, from, to, path string
		err                  error
	}{
		{"record is an array", base, `[1, 2]`, "", dvcqg.ErrType},
		{"name is a number", `"name": "Cấp`, `"name": 5, "x": "Cấp`, "name", dvcqg.ErrType},
		{"flag is a string", `"isWard": true`, `"isWard": "có"`, "isWard", dvcqg.ErrType},
		{"methods is an object", `"executionMethods": [`, `"executionMethods": {"a": 1}, "y": [`, "executionMethods", dvcqg.ErrType},
		{"copy count is a string", `"copyQty": 1,`, `"copyQty": "một",`, "executionCases[0].profileComponents[1].copyQty", dvcqg.ErrType},
		{"decision date is text", `"decisionDate": 1778000400000`, `"decisionDate": "06/05/2026"`, "procedureProposal.decisionDate", dvcqg.ErrType},
		{"negative copies", `"copyQty": 1,`, `"copyQty": -1,`, "executionCases[0].profileComponents[1].copyQty", dvcqg.ErrValue},
		{"huge fee", `"value": 230000,`, `"value": 99999999999999999,`, "executionMethods[0].fees[0].value", dvcqg.ErrValue},
		{"no unit", `"processingTimeUnit": "WORKING_DAY",`, `"processingTimeUnit": "",`, "executionMethods[0].processingTimeUnit", dvcqg.ErrMissing},
		{"no name", `"name": "Cấp Giấy chứng nhận đủ điều kiện buôn bán\tphân bón "`, `"name": "  "`, "name", dvcqg.ErrMissing},
		{"trailing garbage", base, base + "}", "", dvcqg.ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := strings.Replace(base, tt.from, tt.to, 1)
			require.NotEqual(t, base, input, "replacement applies")
			_, err := dvcqg.ReadProcedure(strings.NewReader(input))
			require.ErrorIs(t, err, tt.err)
			var e *dvcqg.Error
			require.ErrorAs(t, err, &e)
			assert.Equal(t, tt.path, e.Problems[0].Path, "%v", err)
			assert.True(t, e.Problems[0].Skipped)
		})
	}
}

func TestWarnings(t *testing.T) {
	base := string(readFile(t, "1.900001.json"))
	tests := []struct {
		name, from, to, path string
		err                  error
	}{
		{"no level", `"isWard": true,
  "isProvince": true,`, `"isWard": false,
  "isProvince": false,`, "isWard", dvcqg.ErrMissing},
		{"no sector", `"name": "Bảo vệ thực vật",
      "code": "G10-NN99"
    }
  ],`, `"name": "",
      "code": "G10-NN99"
    }
  ],`, "categoriesDetails", dvcqg.ErrMissing},
		{"unknown fee type", `"type": "SERVICE_FEE"`, `"type": "TIP"`, "executionMethods[0].fees[1].type", dvcqg.ErrUnknownValue},
		{"absurd decision date", `"decisionDate": 1778000400000`, `"decisionDate": -99999999999999`, "procedureProposal.decisionDate", dvcqg.ErrValue},
		{"unknown variant unit", `"type": "WORKING_DAY"`, `"type": "FORTNIGHT"`, "cases[0].processingDay.type", dvcqg.ErrUnknownValue},
		{"negative variant time", `"qty": 7`, `"qty": -7`, "cases[0].processingDay.qty", dvcqg.ErrValue},
		{"unknown currency", `"currencyName": "Việt Nam Đồng"`, `"currencyName": "Bảng Anh"`, "executionMethods[0].fees[0].currencyName", dvcqg.ErrInexact},
		{"unknown return method", `"AT_HOME",`, `"BY_PIGEON",`, "returningMethods[0].value[0]", dvcqg.ErrUnknownValue},
		{"unknown submission kind", `"type": "ONLINE",
      "value"`, `"type": "KIOSK",
      "value"`, "returningMethods[0].type", dvcqg.ErrUnknownValue},
		{"return methods differ by kind", `"ONLINE"
      ]
    }
  ]`, `"AT_HOME"
      ]
    }
  ]`, "returningMethods[1].value", dvcqg.ErrInexact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := strings.Replace(base, tt.from, tt.to, 1)
			require.NotEqual(t, base, input, "replacement applies")
			c, problems, err := dvcqg.ReadRecords(strings.NewReader(input))
			require.NoError(t, err)
			assert.Equal(t, 1, c.Len(), "a warning does not stop the record")
			require.NotEmpty(t, problems)
			assert.Equal(t, tt.path, problems[0].Path)
			assert.ErrorIs(t, problems[0], tt.err)
			assert.False(t, problems[0].Skipped)
		})
	}
}

func TestReadAllErrors(t *testing.T) {
	_, _, err := dvcqg.ReadAll(os.DirFS("testdata"), "[")
	require.Error(t, err)

	fsys := fstest.MapFS{
		"a.json":     {Data: readFile(t, "1.900001.json")},
		"sub/b.json": {Data: readFile(t, "1.900002.json")},
		"dir.json":   {Mode: os.ModeDir},
	}
	c, problems, err := dvcqg.ReadAll(fsys, "*.json")
	require.NoError(t, err)
	assert.Empty(t, problems)
	assert.Equal(t, 1, c.Len())

	c, _, err = dvcqg.ReadAll(fsys, "nothing*.json")
	require.NoError(t, err)
	assert.Zero(t, c.Len())
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReaderError(t *testing.T) {
	_, err := dvcqg.ReadProcedure(failReader{})
	require.ErrorContains(t, err, "connection reset")
	_, _, err = dvcqg.ReadRecords(failReader{})
	require.ErrorContains(t, err, "connection reset")
}

// TestImportRoundTrips checks that what the mapping fills — every field of
// issue 10 included — survives catalog's JSON and catalog/sheet's workbook.
func TestImportRoundTrips(t *testing.T) {
	c, _, err := dvcqg.ReadAll(os.DirFS("testdata"), "*.json")
	require.NoError(t, err)
	want := slices.Collect(c.All())

	var js bytes.Buffer
	require.NoError(t, c.WriteJSON(&js))
	back, err := catalog.ReadJSON(&js)
	require.NoError(t, err)
	assert.Equal(t, want, slices.Collect(back.All()))
	assert.Equal(t, c.Note(), back.Note())

	var xlsx bytes.Buffer
	require.NoError(t, sheet.Write(&xlsx, c))
	back, err = sheet.Read(t.Context(), &xlsx)
	require.NoError(t, err)
	assert.Equal(t, want, slices.Collect(back.All()))
	assert.Equal(t, c.Note(), back.Note())
}

// TestNoWorkerLeft: the decoding workers end with every import, failed or
// not.
func TestNoWorkerLeft(t *testing.T) {
	before := runtime.NumGoroutine()
	for range 20 {
		_, _, err := dvcqg.ReadRecords(failReader{})
		require.Error(t, err)
		_, _, err = dvcqg.ReadRecords(strings.NewReader(`[{"code": "1.000001"}, {"code": "1.000002"} {`))
		require.ErrorIs(t, err, dvcqg.ErrSyntax)
		_, _, err = dvcqg.ReadAll(os.DirFS("testdata"), "[")
		require.Error(t, err)
		_, _, err = dvcqg.ReadAll(fstest.MapFS{"a.json": {Data: readFile(t, "1.900001.json")}, "b.json": {Data: []byte(`[`)}}, "*.json")
		require.ErrorIs(t, err, dvcqg.ErrSyntax)
		_, _, err = dvcqg.ReadRecords(bytes.NewReader(readFile(t, "1.900001.json")))
		require.NoError(t, err)
	}
	// Goroutines that have returned may take a moment to be counted out.
	for range 100 {
		if runtime.NumGoroutine() <= before {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d goroutines before, %d after", before, runtime.NumGoroutine())
}

// TestNoFixedDuration maps a record whose execution methods all have the
// unit OTHER (a scholarship paid twice a year) onto NoFixedDuration, not
// onto a same-day procedure; one fixed method is enough for a fixed time.
func TestNoFixedDuration(t *testing.T) {
	record := func(methods string) string {
		return `{"code": "1.900099", "name": "Xét, cấp học bổng chính sách", "isProvince": true,
  "executionMethods": [` + methods + `],
  "categoriesDetails": [{"name": "Giáo dục và Đào tạo"}], "unitGroupsExecuting": [{"name": "Sở Giáo dục và Đào tạo"}],
  "executionCases": [{"name": "", "profileComponents": [{"name": "Đơn đề nghị", "originalQty": 1}]}],
  "procedureProposal": {"proposalNumber": "1/QĐ-BGDĐT", "decisionDate": 1751302800000}}`
	}
	const (
		counterOther = `{"submissionMethod": "DIRECT", "processingTime": 1, "processingTimeUnit": "OTHER", "description": "Hai lần trong năm học"}`
		onlineOther  = `{"submissionMethod": "ONLINE", "processingTime": 0, "processingTimeUnit": "OTHER"}`
		online5      = `{"submissionMethod": "ONLINE", "processingTime": 5, "processingTimeUnit": "WORKING_DAY"}`
	)
	for _, tt := range []struct {
		name     string
		methods  string
		none     bool
		days     int
		counter  catalog.Duration
		headline catalog.Duration
	}{
		{"every method OTHER", counterOther + "," + onlineOther, true, 0,
			catalog.Duration{Time: 1, Unit: catalog.UnitOther}, catalog.Duration{Unit: catalog.UnitOther}},
		{"one method fixed", counterOther + "," + online5, false, 5,
			catalog.Duration{Time: 1, Unit: catalog.UnitOther}, catalog.Duration{Time: 5, Unit: catalog.WorkingDays}},
		{"same day is not OTHER", `{"submissionMethod": "DIRECT", "processingTime": 0, "processingTimeUnit": "WORKING_DAY"}`, false, 0,
			catalog.Duration{Unit: catalog.WorkingDays}, catalog.Duration{Unit: catalog.WorkingDays}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := dvcqg.ReadProcedure(strings.NewReader(record(tt.methods)))
			require.NoError(t, err)
			assert.Equal(t, tt.none, p.NoFixedDuration)
			assert.Equal(t, tt.days, p.ProcessingDays)
			assert.Equal(t, tt.counter, p.ProcessingTime(catalog.Counter))
			assert.Equal(t, tt.headline, p.ProcessingTime(catalog.ChannelUnknown))
			_, err = catalog.New(p)
			require.NoError(t, err, "catalog accepts the mapping")
		})
	}
}

// TestReadAllMissingFolder: a folder that is not there is an error, not an
// empty catalogue; an empty folder is an empty catalogue.
func TestReadAllMissingFolder(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(dir+"/a.json", []byte(`[]`), 0o600))
	for _, tt := range []struct {
		name string
		fsys fs.FS
		glob string
	}{
		{"missing folder", os.DirFS(dir + "/missing"), "*.json"},
		{"missing subfolder", os.DirFS(dir), "records/*.json"},
		{"a file, not a folder", os.DirFS(dir), "a.json/*.json"},
		{"missing folder, no pattern", os.DirFS(dir), "records/1.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, problems, err := dvcqg.ReadAll(tt.fsys, tt.glob)
			require.Error(t, err)
			assert.Nil(t, c)
			assert.Nil(t, problems)
			assert.Contains(t, err.Error(), "dvcqg: folder of")
		})
	}
	t.Run("not exist", func(t *testing.T) {
		_, _, err := dvcqg.ReadAll(os.DirFS(dir+"/missing"), "*.json")
		require.ErrorIs(t, err, fs.ErrNotExist)
	})
	t.Run("empty folder", func(t *testing.T) {
		c, problems, err := dvcqg.ReadAll(os.DirFS(t.TempDir()), "*.json")
		require.NoError(t, err)
		assert.Empty(t, problems)
		assert.Equal(t, 0, c.Len())
	})
	t.Run("existing subfolder", func(t *testing.T) {
		c, _, err := dvcqg.ReadAll(fstest.MapFS{"records/a.json": {Data: []byte(`[]`)}}, "records/*.json")
		require.NoError(t, err)
		assert.Equal(t, 0, c.Len())
	})
}
