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
print(json.dumps({"sheets": wb.sheetnames, "header": rows[0], "row2": rows[1], "row4": rows[3],
                  "doc2": docs[1], "fee2": fees[1]}, ensure_ascii=False, default=str))
`

// TestOpenpyxl opens a written workbook with Python's openpyxl, an
// independent reader, and compares cell values.
func TestOpenpyxl(t *testing.T) {
	python := openpyxlPython(t)
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
		Row4   []any    `json:"row4"`
		Doc2   []any    `json:"doc2"`
		Fee2   []any    `json:"fee2"`
	}
	require.NoError(t, json.Unmarshal(out, &got), "%s", out)

	assert.Equal(t, []string{"Thủ tục", "Trường hợp", "Thành phần hồ sơ", "Cách thức thực hiện", "Phí, lệ phí"}, got.Sheets)
	require.Len(t, got.Header, 16)
	assert.Equal(t, "Mã thủ tục", got.Header[0])
	assert.Equal(t, "Thời hạn giải quyết (ngày làm việc)", got.Header[5])
	assert.Equal(t, "Hết hiệu lực từ ngày", got.Header[15])

	// Rows are sorted by code then validity: the 2016 version comes first.
	require.Len(t, got.Row2, 16)
	assert.Equal(t, "1.001193", got.Row2[0])
	assert.Equal(t, "Đăng ký khai sinh (trước 1/7/2025)", got.Row2[1])
	assert.Equal(t, "Cấp xã\nCấp huyện", got.Row2[3])
	assert.Equal(t, "Trực tuyến một phần", got.Row2[4])
	assert.Equal(t, float64(1), got.Row2[5])
	assert.Equal(t, "01/01/2016", got.Row2[14])
	assert.Equal(t, "01/07/2025", got.Row2[15])

	require.Len(t, got.Row4, 16)
	assert.Equal(t, "2.000488", got.Row4[0])
	assert.Equal(t, float64(20), got.Row4[5])
	assert.Equal(t, "04/03/2025 15:30:05.123456789", got.Row4[13])
	assert.Equal(t, "01/01/2025 00:00:01", got.Row4[14])

	require.GreaterOrEqual(t, len(got.Doc2), 10)
	assert.Equal(t, []any{"1.001193", "01/07/2025", nil}, got.Doc2[:3], "the old version has no documents")
	assert.Equal(t, "Tờ khai đăng ký khai sinh", got.Doc2[3])
	assert.Equal(t, "application/pdf\nimage/jpeg", got.Doc2[7])
	assert.Equal(t, float64(10<<20), got.Doc2[8])

	require.GreaterOrEqual(t, len(got.Fee2), 5)
	assert.Equal(t, float64(150000), got.Fee2[3])
	assert.Equal(t, "Lệ phí: 150.000 đồng/giấy phép", got.Fee2[4])
}

// openpyxlPython returns a python3 that can import openpyxl: the one on
// PATH, or else the system's /usr/bin/python3 (where apt installs
// python3-openpyxl when PATH starts with another Python, such as pyenv's).
func openpyxlPython(t *testing.T) string {
	t.Helper()
	python := testenv.Tool(t, "python3")
	var msg []byte
	for _, p := range []string{python, "/usr/bin/python3"} {
		out, err := exec.Command(p, "-c", "import openpyxl").CombinedOutput()
		if err == nil {
			return p
		}
		msg = append(msg, out...)
	}
	testenv.Missing(t, "python3 cannot import openpyxl (apt-get install python3-openpyxl): "+string(msg))
	return ""
}
