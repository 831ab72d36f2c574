package xlsx_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/xlsx"
)

// TestExcelizeWorkbook reads a workbook excelize writes, sheet by sheet.
// (A test, not an Example: examples must compile in another module, and an
// internal package cannot be imported there.)
func TestExcelizeWorkbook(t *testing.T) {
	f := excelize.NewFile()
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Mã hồ sơ", "Ngày tiếp nhận"}))
	require.NoError(t, f.SetSheetRow("Sheet1", "A2", &[]any{"A-1", 46083}))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	require.NoError(t, f.Close())

	ctx := context.Background()
	wb, err := xlsx.Open(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), xlsx.Limits{})
	require.NoError(t, err)
	var got [][]string
	var nums []int
	for _, s := range wb.Sheets {
		require.Equal(t, "Sheet1", s.Name)
		require.NoError(t, wb.Rows(ctx, s, func(num int, cells []string) error {
			nums = append(nums, num)
			got = append(got, append([]string(nil), cells...))
			return nil
		}))
	}
	require.Equal(t, []int{1, 2}, nums)
	require.Equal(t, [][]string{{"Mã hồ sơ", "Ngày tiếp nhận"}, {"A-1", "46083"}}, got)
}
