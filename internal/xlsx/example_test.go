package xlsx_test

import (
	"bytes"
	"context"
	"fmt"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/xlsx"
)

func Example() {
	f := excelize.NewFile()
	_ = f.SetSheetRow("Sheet1", "A1", &[]any{"Mã hồ sơ", "Ngày tiếp nhận"})
	_ = f.SetSheetRow("Sheet1", "A2", &[]any{"A-1", 46083})
	var buf bytes.Buffer
	_ = f.Write(&buf)
	_ = f.Close()

	ctx := context.Background()
	wb, err := xlsx.Open(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), xlsx.Limits{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range wb.Sheets {
		err := wb.Rows(ctx, s, func(num int, cells []string) error {
			fmt.Println(s.Name, num, cells)
			return nil
		})
		if err != nil {
			fmt.Println(err)
		}
	}
	// Output:
	// Sheet1 1 [Mã hồ sơ Ngày tiếp nhận]
	// Sheet1 2 [A-1 46083]
}
