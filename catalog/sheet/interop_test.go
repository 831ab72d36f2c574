package sheet_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/testenv"
)

// openpyxlScript prints, as JSON, the sheet names, the header row of
// "Thủ tục" and a few cells of the workbook named by argv[1].
const openpyxlScript = `
import json, sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
procs = wb["Thủ tục"]
rows = [[c for c in r] for r in procs.iter_rows(values_only=True)]
docs = [[c for c in r] for r in wb["Thành phần hồ sơ"].iter_rows(values_only=True)]
fees = [[c for c in r] for r in wb["Phí, lệ phí"].iter_rows(values_only=True)]
steps = [[c for c in r] for r in wb["Trình tự thực hiện"].iter_rows(values_only=True)]
variants = [[c for c in r] for r in wb["Thời hạn theo trường hợp"].iter_rows(values_only=True)]
legal = [[c for c in r] for r in wb["Văn bản pháp lý"].iter_rows(values_only=True)]
info = [[c for c in r] for r in wb["Thông tin"].iter_rows(values_only=True)]
print(json.dumps({"sheets": wb.sheetnames, "header": rows[0], "row2": rows[1], "row3": rows[2], "row4": rows[3],
                  "doc2": docs[1], "fee2": fees[1], "step2": steps[1], "variant3": variants[2],
                  "legal2": legal[1], "info": info}, ensure_ascii=False, default=str))
`

// TestOpenpyxl opens a written workbook with Python's openpyxl, an
// independent reader, and compares cell values.
func TestOpenpyxl(t *testing.T) {
	python := testenv.Openpyxl(t)
	c, err := catalog.New(rich()...)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, c))
	path := filepath.Join(t.TempDir(), "catalog.xlsx")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o600))

	out, err := exec.CommandContext(t.Context(), python, "-c", openpyxlScript, path).Output()
	require.NoError(t, err, "openpyxl: %s", out)
	var got struct {
		Sheets []string `json:"sheets"`
		Header []any    `json:"header"`
		Row2   []any    `json:"row2"`
		Row3   []any    `json:"row3"`
		Row4   []any    `json:"row4"`
		Doc2   []any    `json:"doc2"`
		Fee2   []any    `json:"fee2"`
		Step2  []any    `json:"step2"`
		Var3   []any    `json:"variant3"`
		Legal2 []any    `json:"legal2"`
		Info   [][]any  `json:"info"`
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)

	assert.Equal(t, []string{"Thủ tục", "Trường hợp", "Thành phần hồ sơ", "Cách thức thực hiện", "Phí, lệ phí",
		"Trình tự thực hiện", "Thời hạn theo trường hợp", "Văn bản pháp lý", "Thông tin"}, got.Sheets)
	require.Len(t, got.Header, 20)
	assert.Equal(t, "Mã thủ tục", got.Header[0])
	assert.Equal(t, "Thời hạn giải quyết (ngày làm việc)", got.Header[5])
	assert.Equal(t, "Hết hiệu lực từ ngày", got.Header[15])
	assert.Equal(t, []any{"Cơ quan có thẩm quyền", "Yêu cầu, điều kiện", "Cách thức trả kết quả", "Ghi chú"}, got.Header[16:])

	// Rows are sorted by code then validity: the 2016 version comes first.
	require.Len(t, got.Row2, 20)
	assert.Equal(t, "1.001193", got.Row2[0])
	assert.Equal(t, "Đăng ký khai sinh (trước 1/7/2025)", got.Row2[1])
	assert.Equal(t, "Cấp xã\nCấp huyện", got.Row2[3])
	assert.Equal(t, "Trực tuyến một phần", got.Row2[4])
	assert.Equal(t, float64(1), got.Row2[5])
	assert.Equal(t, "01/01/2016", got.Row2[14])
	assert.Equal(t, "01/07/2025", got.Row2[15])

	require.Len(t, got.Row3, 20)
	assert.Equal(t, "Ủy ban nhân dân cấp xã", got.Row3[16])
	assert.Equal(t, "Không", got.Row3[17])
	assert.Equal(t, "Trực tiếp\nDịch vụ bưu chính\nTrực tuyến", got.Row3[18])
	assert.Equal(t, "Ghi chú\ttab giữa dòng\n\ndòng sau", got.Row3[19])

	require.Len(t, got.Row4, 20)
	assert.Equal(t, "2.000488", got.Row4[0])
	assert.Equal(t, float64(20), got.Row4[5])
	assert.Equal(t, "04/03/2025 15:30:05.123456789", got.Row4[13])
	assert.Equal(t, "01/01/2025 00:00:01", got.Row4[14])

	require.GreaterOrEqual(t, len(got.Doc2), 10)
	assert.Equal(t, []any{"1.001193", "01/07/2025", nil}, got.Doc2[:3], "the old version has no documents")
	assert.Equal(t, "Tờ khai đăng ký khai sinh", got.Doc2[3])
	assert.Equal(t, "application/pdf\nimage/jpeg", got.Doc2[7])
	assert.Equal(t, float64(10<<20), got.Doc2[8])
	require.Len(t, got.Doc2, 12)
	assert.Equal(t, []any{"TP-G06.00023480", "Có"}, got.Doc2[10:])

	require.GreaterOrEqual(t, len(got.Fee2), 5)
	assert.Equal(t, float64(150000), got.Fee2[3])
	assert.Equal(t, "Lệ phí: 150.000 đồng/giấy phép", got.Fee2[4])
	require.Len(t, got.Fee2, 7)
	assert.Equal(t, "Lệ phí", got.Fee2[5])
	assert.Nil(t, got.Fee2[6])

	assert.Equal(t, []any{"1.001193", "01/07/2025", "Bước 1: Nộp hồ sơ\n- Trực tiếp\n- Trực tuyến"}, got.Step2)
	assert.Equal(t, []any{"1.001193", "01/07/2025", "1.001193.01", nil, float64(2), "Tháng"}, got.Var3)
	assert.Equal(t, []any{"1.001193", "01/07/2025", "60/2014/QH13", "Luật Hộ tịch"}, got.Legal2)
	require.Len(t, got.Info, 2)
	assert.Equal(t, []any{"Ghi chú"}, got.Info[0])
	assert.Equal(t, []any{nil}, got.Info[1], "the catalogue has no note")
}
