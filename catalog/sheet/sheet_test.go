package sheet_test

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/catalogtest"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/vntime"
)

// rich returns procedures that use every field the layout has.
func rich() []catalog.Procedure {
	return []catalog.Procedure{
		{
			Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
			Agency: "Ủy ban nhân dân cấp xã", Levels: []catalog.Level{catalog.Commune},
			Online: catalog.Full, ProcessingDays: 0,
			Documents: []catalog.Requirement{
				{Name: "Tờ khai đăng ký khai sinh", Originals: 1, Template: "Mẫu TP/HT-2020-KS.1",
					MediaTypes: []string{"application/pdf", "image/jpeg"}, MaxBytes: 10 << 20,
					Code: "TP-G06.00023480", EForm: true},
				{Name: "Giấy chứng sinh", Originals: 1},
				{Name: "Văn bản ủy quyền", Copies: 1, Optional: true},
			},
			FormID: "hotich-khaisinh", FeeItems: []string{"LP-HT-01"},
			LegalBasis: []string{"Luật Hộ tịch số 60/2014/QH13", "Nghị định số 123/2015/NĐ-CP, Điều 9; khoản 1"},
			Result:     "Giấy khai sinh (bản chính)",
			Subjects:   []string{"Công dân Việt Nam", "Người nước ngoài"},
			Decision:   "Quyết định số 1/QĐ-BTP", DecisionDate: vntime.Date(2025, 6, 30),
			ValidFrom: vntime.Date(2025, 7, 1),
			LegalRefs: []catalog.LegalRef{{Code: "60/2014/QH13", Name: "Luật Hộ tịch"},
				{Code: "Nghị định số 123/2015/NĐ-CP"}, {Name: "Thông tư hướng dẫn\nnhiều dòng"}},
			Authority:     "Ủy ban nhân dân cấp xã",
			Steps:         []string{"Bước 1: Nộp hồ sơ\n- Trực tiếp\n- Trực tuyến", "Bước 2: Nhận kết quả"},
			Conditions:    "Không",
			ReturnMethods: []catalog.Channel{catalog.Counter, catalog.Post, catalog.Online},
			Variants: []catalog.Variant{
				{Code: "1.001193.01", Name: "Trẻ em sinh ra ở nước ngoài", Time: 10, Unit: catalog.CalendarDays},
				{Code: "1.001193.01", Time: 2, Unit: catalog.Months},
				{Time: 0, Unit: catalog.UnitOther},
			},
			Note: "Ghi chú\ttab giữa dòng\n\ndòng sau",
		},
		{
			Code: "1.001193", Name: "Đăng ký khai sinh (trước 1/7/2025)", Online: catalog.Partial,
			Levels: []catalog.Level{catalog.Commune, catalog.District}, ProcessingDays: 1,
			ValidFrom: vntime.Date(2016, 1, 1), ValidTo: vntime.Date(2025, 7, 1),
		},
		{
			Code: "2.000488", Name: "Cấp giấy phép xây dựng", Sector: "Hoạt động xây dựng",
			Levels: []catalog.Level{catalog.Province, catalog.Central}, Online: catalog.Partial, ProcessingDays: 20,
			Cases: []catalog.Case{
				{Name: "Công trình không theo tuyến", Documents: []catalog.Requirement{
					{Name: "Đơn đề nghị cấp giấy phép xây dựng", Originals: 1},
					{Name: "Bản vẽ thiết kế", Originals: 2, Copies: 1},
				}},
				{Name: "", Documents: []catalog.Requirement{{Name: "Đơn đề nghị", Originals: 1}}},
				{Name: "Trường hợp chưa có giấy tờ"},
			},
			Channels: []catalog.ChannelTerms{
				{Channel: catalog.Counter, Time: 20, Unit: catalog.WorkingDays, Note: "Kể từ ngày nhận đủ hồ sơ",
					Fees: []catalog.FeeNote{
						{Amount: 150000, HasAmount: true, Text: "Lệ phí: 150.000 đồng/giấy phép", Kind: catalog.Charge},
						{Text: "Theo quy định của HĐND tỉnh", Kind: catalog.Fee},
						{Amount: 0, HasAmount: true},
						{Amount: 10, HasAmount: true, Text: "10 USD/người", Kind: catalog.ServiceFee, Currency: "USD"},
						{Currency: "VND"},
					}},
				{Channel: catalog.Online, Time: 18, Unit: catalog.CalendarDays},
				{Channel: catalog.Post, Time: 36, Unit: catalog.WorkingHours, Fees: []catalog.FeeNote{{Amount: 50000, HasAmount: true}}},
				{Channel: catalog.Counter, Time: 0, Unit: catalog.UnitOther, Note: "Trả ngay"},
				{Channel: catalog.Online, Time: 3, Unit: catalog.Months},
			},
			DecisionDate: time.Date(2025, 3, 4, 15, 30, 5, 123456789, vntime.Location),
			ValidFrom:    time.Date(2024, 12, 31, 17, 0, 1, 0, time.UTC),
		},
		{
			Code: "2.002481", Name: "Xét, cấp học bổng chính sách", Sector: "Giáo dục và Đào tạo",
			Levels: []catalog.Level{catalog.Province}, Online: catalog.Offline, NoFixedDuration: true,
			Channels: []catalog.ChannelTerms{{Channel: catalog.Counter, Time: 1, Unit: catalog.UnitOther, Note: "Hai lần trong năm học"}},
		},
	}
}

// TestRichCoversEveryField guards TestRoundTrip: every field of Procedure,
// nested ones included, is set in at least one procedure of rich(), so a
// field added to package catalog without a column fails here.
func TestRichCoversEveryField(t *testing.T) {
	set := map[string]bool{}
	var walk func(v reflect.Value, path string)
	walk = func(v reflect.Value, path string) {
		switch {
		case v.Type() == reflect.TypeFor[time.Time]():
			set[path] = set[path] || !v.IsZero()
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				walk(v.Field(i), v.Type().Name()+"."+v.Type().Field(i).Name)
			}
		case v.Kind() == reflect.Slice:
			set[path] = set[path] || v.Len() > 0
			if v.Type().Elem().Kind() == reflect.Struct {
				walk(reflect.Zero(v.Type().Elem()), "") // registers the fields
				for i := range v.Len() {
					walk(v.Index(i), "")
				}
			}
		default:
			set[path] = set[path] || !v.IsZero()
		}
	}
	for _, p := range rich() {
		walk(reflect.ValueOf(p), "")
	}
	for path, ok := range set {
		if path != "" {
			assert.True(t, ok, "%s is not set in any procedure of rich()", path)
		}
	}
	assert.Greater(t, len(set), 40)
}

func roundTrip(t *testing.T, c *catalog.Catalog) *catalog.Catalog {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, c))
	got, err := sheet.Read(t.Context(), &buf)
	require.NoError(t, err)
	return got
}

func TestRoundTrip(t *testing.T) {
	sample, err := catalog.Sample()
	require.NoError(t, err)
	tests := []struct {
		name  string
		procs []catalog.Procedure
		note  string
	}{
		{"empty", nil, ""},
		{"every field", rich(), "Nguồn: thử nghiệm\nDòng hai"},
		{"sample", slices.Collect(sample.All()), sample.Note()},
		{"generated", catalogtest.Procedures(300, 150), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := catalog.New(tt.procs...)
			require.NoError(t, err)
			c = c.WithNote(tt.note)
			got := roundTrip(t, c)
			assert.Equal(t, tt.note, got.Note())
			want := slices.Collect(c.All())
			have := slices.Collect(got.All())
			require.Len(t, have, len(want))
			for i := range want {
				assert.Equal(t, want[i], have[i], "procedure %s", want[i].Code)
			}
		})
	}
}

// workbook builds an xlsx file from rows given per sheet.
func workbook(t testing.TB, sheets map[string][][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	first := true
	for _, name := range []string{sheet.SheetProcedures, sheet.SheetCases, sheet.SheetDocuments, sheet.SheetChannels, sheet.SheetFees,
		sheet.SheetSteps, sheet.SheetVariants, sheet.SheetLegalRefs, sheet.SheetInfo, "Ghi chú"} {
		rows, ok := sheets[name]
		if !ok {
			continue
		}
		if first {
			require.NoError(t, f.SetSheetName("Sheet1", name))
			first = false
		} else {
			_, err := f.NewSheet(name)
			require.NoError(t, err)
		}
		for r, row := range rows {
			cell, err := excelize.CoordinatesToCellName(1, r+1)
			require.NoError(t, err)
			require.NoError(t, f.SetSheetRow(name, cell, &row))
		}
	}
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

var procHeader = []any{"Mã thủ tục", "Tên thủ tục", "Lĩnh vực", "Cấp thực hiện", "Mức độ dịch vụ công trực tuyến",
	"Thời hạn giải quyết (ngày làm việc)", "Cơ quan thực hiện", "Đối tượng thực hiện", "Kết quả thực hiện",
	"Căn cứ pháp lý", "Mã tờ khai", "Mã khoản phí, lệ phí", "Quyết định công bố", "Ngày quyết định",
	"Hiệu lực từ ngày", "Hết hiệu lực từ ngày"}

func proc(code, name, levels, online string, days any, extra ...any) []any {
	row := []any{code, name, "Hộ tịch", levels, online, days}
	return append(row, extra...)
}

func TestReadHandTyped(t *testing.T) {
	// Columns in another order, headers in other case with line breaks,
	// alternative spellings, Excel numbers and dates.
	data := workbook(t, map[string][][]any{
		sheet.SheetProcedures: {
			{"TÊN THỦ TỤC", norm.NFD.String("Mã thủ tục"), "Mức độ dịch vụ công\ntrực tuyến", "Cấp thực hiện", "Hiệu lực từ ngày", "Thời hạn giải quyết (ngày làm việc)"},
			{"  Đăng ký kết hôn ", "1.000894", "Mức độ 4", "xã; Province", 45839, 15.0},
			{"Chứng thực bản sao", "2.000815", "partial", norm.NFD.String("Cấp xã"), "2025-07-01", "3"},
			{},
			{"Đăng ký khai tử", "1.000656", "1", "commune", "1/7/2025", nil},
		},
		sheet.SheetDocuments: {
			{"Mã thủ tục", "Hiệu lực từ ngày", "Tên giấy tờ", "Bắt buộc", "Số bản chính"},
			{"1.000894", "01/07/2025", "Tờ khai đăng ký kết hôn", "x", 2},
			{"1.000894", "01/07/2025", "Giấy xác nhận tình trạng hôn nhân", "không", nil},
		},
		"Ghi chú": {{"Bảng này bị bỏ qua"}},
	})
	c, err := sheet.Read(t.Context(), bytes.NewReader(data))
	require.NoError(t, err)
	require.Equal(t, 3, c.Len())

	p, ok := c.Get("1.000894", time.Time{})
	require.True(t, ok)
	assert.Equal(t, "Đăng ký kết hôn", p.Name)
	assert.Equal(t, catalog.Full, p.Online)
	assert.Equal(t, []catalog.Level{catalog.Commune, catalog.Province}, p.Levels)
	assert.Equal(t, 15, p.ProcessingDays)
	assert.True(t, p.ValidFrom.Equal(vntime.Date(2025, 7, 1)), "Excel serial 45839 is 1 July 2025, got %v", p.ValidFrom)
	assert.Equal(t, []catalog.Requirement{
		{Name: "Tờ khai đăng ký kết hôn", Originals: 2},
		{Name: "Giấy xác nhận tình trạng hôn nhân", Optional: true},
	}, p.Documents)

	p, ok = c.Get("2.000815", time.Time{})
	require.True(t, ok)
	assert.Equal(t, catalog.Partial, p.Online)
	assert.Equal(t, 3, p.ProcessingDays)
	assert.True(t, p.ValidFrom.Equal(vntime.Date(2025, 7, 1)))

	p, ok = c.Get("1.000656", time.Time{})
	require.True(t, ok)
	assert.Equal(t, catalog.Offline, p.Online)
	assert.Equal(t, 0, p.ProcessingDays)
}

// TestReadNoFixedDuration reads the spellings of "no fixed duration" typed
// in the processing-time column.
func TestReadNoFixedDuration(t *testing.T) {
	for _, cell := range []any{"Không cố định", "KHONG CO DINH", "không quy định", "Không xác định", "other"} {
		t.Run(fmt.Sprint(cell), func(t *testing.T) {
			data := workbook(t, map[string][][]any{
				sheet.SheetProcedures: {procHeader, proc("2.002481", "Xét, cấp học bổng chính sách", "Cấp tỉnh", "Trực tiếp", cell)},
			})
			c, err := sheet.Read(t.Context(), bytes.NewReader(data))
			require.NoError(t, err)
			p, ok := c.Get("2.002481", time.Time{})
			require.True(t, ok)
			assert.True(t, p.NoFixedDuration)
			assert.Equal(t, 0, p.ProcessingDays)
			assert.False(t, p.ProcessingTime(catalog.Counter).Fixed())
		})
	}
}

func TestReadProblems(t *testing.T) {
	okProc := proc("1.000001", "Thủ tục A", "Cấp xã", "Trực tuyến toàn trình", 5)
	tests := []struct {
		name   string
		sheets map[string][][]any
		want   []string // "Sheet!Cell: message" of every problem, in order
		is     []error  // sentinels the error must wrap
	}{
		{
			name: "bad values on several rows",
			sheets: map[string][][]any{sheet.SheetProcedures: {
				procHeader,
				okProc,
				proc("1.000002", "Thủ tục B", "Cấp làng", "Trực tuyến", "mười"),
				proc("", "", "Cấp tỉnh", "", -1),
				proc("1.000004", "Thủ tục D", "", "full", 1, nil, nil, nil, nil, nil, nil, nil, "31/02/2025", "hôm nay"),
			}},
			want: []string{
				`Thủ tục!D3: "Cấp làng" is not a level (Cấp xã, Cấp huyện, Cấp tỉnh, Cấp trung ương)`,
				`Thủ tục!E3: "Trực tuyến" is not an online level (Trực tiếp, Trực tuyến một phần, Trực tuyến toàn trình, or 1 to 4)`,
				`Thủ tục!F3: "mười" is not a number of days (or Không cố định)`,
				`Thủ tục!A4: mã thủ tục is empty`,
				`Thủ tục!B4: tên thủ tục is empty`,
				`Thủ tục!E4: mức độ dịch vụ công trực tuyến is empty`,
				`Thủ tục!F4: "-1" is not a number of days (or Không cố định)`,
				`Thủ tục!N5: "31/02/2025" is not a date (dd/mm/yyyy)`,
				`Thủ tục!O5: "hôm nay" is not a date (dd/mm/yyyy)`,
			},
			is: []error{sheet.ErrValue, sheet.ErrNumber, sheet.ErrRequired, sheet.ErrDate},
		},
		{
			name: "catalog consistency",
			sheets: map[string][][]any{sheet.SheetProcedures: {
				procHeader,
				proc("1.000001", "A", "", "full", 1, nil, nil, nil, nil, nil, nil, nil, nil, "01/01/2025", "01/01/2024"),
				proc("1.000002", "B", "", "full", 1, nil, nil, nil, nil, nil, nil, nil, nil, "01/01/2024"),
				proc("1.000002", "B mới", "", "full", 1, nil, nil, nil, nil, nil, nil, nil, nil, "01/01/2025"),
			}},
			want: []string{
				`Thủ tục!P2: procedure #0 "1.000001": ValidTo: catalog: ValidTo before ValidFrom: 2024-01-01 is not after 2025-01-01`,
				`Thủ tục!O4: procedure #2 "1.000002": ValidFrom: catalog: duplicate code in overlapping validity: overlaps procedure #1`,
			},
			is: []error{catalog.ErrValidity, catalog.ErrDuplicateCode},
		},
		{
			name:   "duplicate version",
			sheets: map[string][][]any{sheet.SheetProcedures: {procHeader, okProc, okProc}},
			want:   []string{`Thủ tục!A3: procedure "1.000001" valid from always is also defined on row 2`},
			is:     []error{sheet.ErrDuplicate},
		},
		{
			name:   "missing sheet",
			sheets: map[string][][]any{"Ghi chú": {{"x"}}},
			want:   []string{`Thủ tục: sheet missing`},
			is:     []error{sheet.ErrMissingSheet},
		},
		{
			name: "headers",
			sheets: map[string][][]any{sheet.SheetProcedures: {
				{"Mã thủ tục", "Tên", "Mức độ dịch vụ công trực tuyến", "Mã thủ tục", nil},
				{"1.000001", "A", "full", "x", "y"},
			}},
			want: []string{
				`Thủ tục: missing column "Tên thủ tục"`,
				`Thủ tục!B1: unknown column "Tên"`,
				`Thủ tục!D1: column "Mã thủ tục" appears twice`,
				`Thủ tục!E2: value "y" in a column without a header`,
			},
			is: []error{sheet.ErrHeader},
		},
		{
			name: "details",
			sheets: map[string][][]any{
				sheet.SheetProcedures: {procHeader, okProc},
				sheet.SheetCases: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số thứ tự trường hợp", "Tên trường hợp"},
					{"1.000001", nil, 1, "Trường hợp 1"},
					{"1.000001", nil, 1, "Trường hợp 1 lần nữa"},
					{"9.999999", nil, 1, "Không có thủ tục"},
					{"1.000001", "01/01/2020", 2, "Sai hiệu lực"},
					{"1.000001", nil, 0, "Số 0"},
				},
				sheet.SheetDocuments: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Trường hợp", "Tên giấy tờ", "Số bản chính", "Số bản sao", "Bắt buộc"},
					{"1.000001", nil, 3, "Giấy tờ", 1},
					{"1.000001", nil, nil, "", "một", 1.5, "có lẽ"},
				},
				sheet.SheetChannels: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số thứ tự", "Hình thức nộp", "Thời hạn", "Đơn vị thời hạn"},
					{"1.000001", nil, 1, "Bồ câu", 5, "tuần"},
					{"1.000001", nil, 2, "Trực tuyến", 5, "Ngày"},
				},
				sheet.SheetFees: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số thứ tự cách thức", "Số tiền (đồng)", "Mô tả"},
					{"1.000001", nil, 2, "230.000", "ok"},
					{"1.000001", nil, 3, "100", "kênh không có"},
					{"1.000001", nil, 2, "1,5", "số lẻ"},
				},
			},
			want: []string{
				`Trường hợp!C3: case 1 of procedure "1.000001" is defined twice`,
				`Trường hợp!A4: no procedure "9.999999" valid from always on sheet Thủ tục`,
				`Trường hợp!A5: no procedure "1.000001" valid from 01/01/2020 on sheet Thủ tục`,
				`Trường hợp!C6: "0" is not a case number (1, 2, ...)`,
				`Thành phần hồ sơ!C2: procedure "1.000001" has no case 3 on sheet Trường hợp`,
				`Thành phần hồ sơ!D3: tên giấy tờ is empty`,
				`Thành phần hồ sơ!E3: "một" is not a number of originals`,
				`Thành phần hồ sơ!F3: "1.5" is not a number of copies`,
				`Thành phần hồ sơ!G3: "có lẽ" is not Có or Không`,
				`Cách thức thực hiện!D2: "Bồ câu" is not a channel (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)`,
				`Cách thức thực hiện!F2: "tuần" is not a time unit (Ngày làm việc, Ngày, Giờ làm việc, Tháng, Khác)`,
				`Phí, lệ phí!C3: procedure "1.000001" has no channel 3 on sheet Cách thức thực hiện`,
				`Phí, lệ phí!D4: "1,5" is not a whole amount`,
			},
			is: []error{sheet.ErrDuplicate, sheet.ErrReference, sheet.ErrNumber, sheet.ErrRequired, sheet.ErrValue},
		},
		{
			name: "fields of issue 10",
			sheets: map[string][][]any{
				sheet.SheetProcedures: {
					append(slices.Clone(procHeader), "Cách thức trả kết quả"),
					proc("1.000001", "A", "", "full", 1, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, "Trực tiếp\nbồ câu"),
				},
				sheet.SheetDocuments: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Tên giấy tờ", "Biểu mẫu điện tử"},
					{"1.000001", nil, "Tờ khai", "có thể"},
				},
				sheet.SheetChannels: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số thứ tự", "Hình thức nộp", "Thời hạn", "Đơn vị thời hạn"},
					{"1.000001", nil, 1, "Trực tuyến", 1, "Tháng"},
				},
				sheet.SheetFees: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số thứ tự cách thức", "Loại phí", "Loại tiền"},
					{"1.000001", nil, 1, "Thuế", "đô"},
				},
				sheet.SheetSteps: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Nội dung bước"},
					{"1.000001", nil, nil},
				},
				sheet.SheetVariants: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Mã trường hợp", "Thời hạn", "Đơn vị thời hạn"},
					{"1.000001", nil, "1.000001.01", -3, "tuần"},
				},
				sheet.SheetLegalRefs: {
					{"Mã thủ tục", "Hiệu lực từ ngày", "Số ký hiệu", "Tên văn bản"},
					{"1.000001", nil, nil, nil, "x"},
				},
				sheet.SheetInfo: {{"Ghi chú"}, {"một"}, {"hai"}},
			},
			want: []string{
				`Thủ tục!Q2: "bồ câu" is not a return method (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)`,
				`Thành phần hồ sơ!D2: "có thể" is not Có or Không`,
				`Phí, lệ phí!D2: "Thuế" is not a kind of fee (Phí, Lệ phí, Phí dịch vụ)`,
				`Phí, lệ phí!E2: "đô" is not an ISO 4217 currency code such as USD`,
				`Trình tự thực hiện!C2: nội dung bước is empty`,
				`Thời hạn theo trường hợp!D2: "-3" is not a processing time`,
				`Thời hạn theo trường hợp!E2: "tuần" is not a time unit (Ngày làm việc, Ngày, Giờ làm việc, Tháng, Khác)`,
				`Văn bản pháp lý!D2: neither a number nor a name`,
				`Văn bản pháp lý!E2: value "x" in a column without a header`,
				`Thông tin!A3: the note is the one cell below the header; row 3 has another`,
			},
			is: []error{sheet.ErrValue, sheet.ErrRequired, sheet.ErrNumber, sheet.ErrDuplicate, sheet.ErrHeader},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sheet.Read(t.Context(), bytes.NewReader(workbook(t, tt.sheets)))
			require.Error(t, err)
			assert.Nil(t, c)
			var se *sheet.Error
			require.ErrorAs(t, err, &se)
			var got []string
			for _, p := range se.Problems {
				got = append(got, p.Error())
			}
			assert.Equal(t, tt.want, got)
			for _, target := range tt.is {
				assert.ErrorIs(t, err, target)
			}
			var ce sheet.CellError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, se.Problems[0], ce)
		})
	}
}

func TestReadNotXLSX(t *testing.T) {
	valid := workbook(t, map[string][][]any{sheet.SheetProcedures: {procHeader}})
	var emptyZip bytes.Buffer
	zw := zip.NewWriter(&emptyZip)
	w, err := zw.Create("hello.txt")
	require.NoError(t, err)
	_, _ = w.Write([]byte("xin chào"))
	require.NoError(t, zw.Close())

	// A workbook whose worksheet XML is cut in the middle.
	var cut bytes.Buffer
	zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	require.NoError(t, err)
	zw = zip.NewWriter(&cut)
	for _, f := range zr.File {
		rc, err := f.Open()
		require.NoError(t, err)
		var b bytes.Buffer
		_, err = b.ReadFrom(rc)
		require.NoError(t, err)
		data := b.Bytes()
		if strings.HasPrefix(f.Name, "xl/worksheets/") {
			data = data[:len(data)/2]
		}
		w, err := zw.Create(f.Name)
		require.NoError(t, err)
		_, err = w.Write(data)
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())

	tests := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, sheet.ErrNotXLSX},
		{"text", []byte("Mã thủ tục,Tên thủ tục\n1.000001,A\n"), sheet.ErrNotXLSX},
		{"garbage", bytes.Repeat([]byte{0xff, 0x00, 'P', 'K'}, 1000), sheet.ErrNotXLSX},
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...), sheet.ErrNotXLSX},
		{"zip without workbook", emptyZip.Bytes(), sheet.ErrNotXLSX},
		{"truncated", valid[:len(valid)/2], sheet.ErrNotXLSX},
		{"worksheet cut", cut.Bytes(), sheet.ErrNotXLSX},
		{"too large", make([]byte, sheet.MaxFileBytes+1), sheet.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := sheet.Read(t.Context(), bytes.NewReader(tt.data))
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, c)
		})
	}
}

func TestWriteUnrepresentable(t *testing.T) {
	base := func() catalog.Procedure {
		return catalog.Procedure{Code: "1.000001", Name: "Thủ tục", Online: catalog.Full}
	}
	tests := []struct {
		name   string
		change func(p *catalog.Procedure)
		want   string
	}{
		{"spaces", func(p *catalog.Procedure) { p.Name = " Thủ tục " }, `Thủ tục!B2: name " Thủ tục " has spaces around it`},
		{"line break in list", func(p *catalog.Procedure) { p.LegalBasis = []string{"Luật\nsố 1"} },
			`Thủ tục!J2: legal basis "Luật\nsố 1" has a line break, which separates list items`},
		{"empty list item", func(p *catalog.Procedure) { p.Subjects = []string{"Công dân", ""} },
			`Thủ tục!H2: subject "" is an empty list item`},
		{"control character", func(p *catalog.Procedure) { p.Result = "Giấy\x01phép" },
			`Thủ tục!I2: result "Giấy\x01phép" holds a control character ('\x01')`},
		{"carriage return", func(p *catalog.Procedure) { p.Agency = "Sở\rTư pháp" },
			`Thủ tục!G2: agency "Sở\rTư pháp" holds a control character ('\r')`},
		{"too long", func(p *catalog.Procedure) { p.Result = strings.Repeat("ê", 32768) },
			`is longer than a cell holds (32,767 characters)`},
		{"amount without HasAmount", func(p *catalog.Procedure) {
			p.Channels = []catalog.ChannelTerms{{Channel: catalog.Online, Unit: catalog.WorkingDays,
				Fees: []catalog.FeeNote{{Amount: 5}}}}
		}, `Phí, lệ phí!D2: amount 5 is set but HasAmount is false`},
		{"huge amount", func(p *catalog.Procedure) {
			p.Channels = []catalog.ChannelTerms{{Channel: catalog.Online, Unit: catalog.WorkingDays,
				Fees: []catalog.FeeNote{{Amount: 1 << 60, HasAmount: true}}}}
		}, `Phí, lệ phí!D2: amount 1152921504606846976 is beyond a spreadsheet number's precision`},
		{"document name", func(p *catalog.Procedure) {
			p.Cases = []catalog.Case{{Name: "A", Documents: []catalog.Requirement{{Name: "Đơn\t"}}}}
		}, `Thành phần hồ sơ!D2: document name "Đơn\t" has spaces around it`},
		{"empty step", func(p *catalog.Procedure) { p.Steps = []string{"Bước 1", ""} },
			`Trình tự thực hiện!C3: an empty step would read back as no step`},
		{"legal document number", func(p *catalog.Procedure) { p.LegalRefs = []catalog.LegalRef{{Code: "78/2025/QH15 "}} },
			`Văn bản pháp lý!C2: legal document number "78/2025/QH15 " has spaces around it`},
		{"variant name", func(p *catalog.Procedure) {
			p.Variants = []catalog.Variant{{Name: "\tA", Unit: catalog.Months}}
		}, `Thời hạn theo trường hợp!D2: variant name "\tA" has spaces around it`},
		{"note", func(p *catalog.Procedure) { p.Note = "\tGhi chú" },
			`Thủ tục!T2: note "\tGhi chú" has spaces around it`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := base()
			tt.change(&p)
			c, err := catalog.New(p)
			require.NoError(t, err)
			var buf bytes.Buffer
			err = sheet.Write(&buf, c)
			require.ErrorIs(t, err, sheet.ErrUnrepresentable)
			assert.Contains(t, err.Error(), tt.want)
			assert.Zero(t, buf.Len(), "nothing is written on error")
		})
	}
}

func TestWriteCatalogueNote(t *testing.T) {
	c, err := catalog.New(rich()...)
	require.NoError(t, err)
	var buf bytes.Buffer
	err = sheet.Write(&buf, c.WithNote("Nguồn\n"))
	require.ErrorIs(t, err, sheet.ErrUnrepresentable)
	assert.Contains(t, err.Error(), `Thông tin!A2: catalogue note "Nguồn\n" has spaces around it`)
	assert.Zero(t, buf.Len())
}

func TestWriteNil(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, nil))
	c, err := sheet.Read(t.Context(), &buf)
	require.NoError(t, err)
	assert.Zero(t, c.Len())
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	c, err := catalog.New(rich()...)
	require.NoError(t, err)
	require.ErrorContains(t, sheet.Write(failWriter{}, c), "disk full")
}

type failReader struct{}

func (failReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadError(t *testing.T) {
	_, err := sheet.Read(t.Context(), failReader{})
	require.ErrorContains(t, err, "connection reset")
}
