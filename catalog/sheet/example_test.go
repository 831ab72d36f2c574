package sheet_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/sheet"
)

func ExampleRead() {
	// A province's catalogue, written here by Write; a workbook typed in
	// Excel or LibreOffice in the same layout reads the same way.
	c, err := catalog.New(catalog.Procedure{
		Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full,
		Documents: []catalog.Requirement{{Name: "Tờ khai đăng ký khai sinh", Originals: 1}},
		ValidFrom: time.Date(2025, 7, 1, 0, 0, 0, 0, catalog.Location),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var file bytes.Buffer
	if err := sheet.Write(&file, c); err != nil {
		fmt.Println(err)
		return
	}

	got, err := sheet.Read(context.Background(), &file)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, _ := got.Get("1.001193", time.Date(2026, 1, 1, 0, 0, 0, 0, catalog.Location))
	fmt.Println(p.Name, "|", p.Online.Label("vi"), "|", p.Documents[0].Name)
	fmt.Println(got.Stats(time.Time{}))

	// Problems are all reported, each at its cell.
	_, err = sheet.Read(context.Background(), bytes.NewReader([]byte("not a workbook")))
	fmt.Println(errors.Is(err, sheet.ErrNotXLSX))
	// Output:
	// Đăng ký khai sinh | Trực tuyến toàn trình | Tờ khai đăng ký khai sinh
	// 1 of 1 procedures online (100.0%)
	// true
}
