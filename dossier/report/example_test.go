package report_test

import (
	"bytes"
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
)

func ExampleWriteStatistics() {
	table := dossier.Summary{
		Period:  dossier.Month(2026, 11),
		GroupBy: dossier.GroupSector,
		Rows: []dossier.SummaryRow{
			{Key: "Hộ tịch", NewOnlineFull: 6, NewCounter: 2, SettledEarly: 5, SettledLate: 1, PendingWithinTerm: 2},
			{Key: "Đất đai", CarriedOver: 3, NewCounter: 1, SettledOnTime: 2, PendingOverdue: 2},
		},
		Total: dossier.SummaryRow{CarriedOver: 3, NewOnlineFull: 6, NewCounter: 3, SettledEarly: 5,
			SettledOnTime: 2, SettledLate: 1, PendingWithinTerm: 2, PendingOverdue: 2},
	}
	var buf bytes.Buffer
	if err := report.WriteStatistics(&buf, table, report.Options{Unit: "UBND phường Ba Đình"}); err != nil {
		log.Fatal(err)
	}

	// Read it back as a spreadsheet program would.
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	for _, ref := range []string{"A1", "A3", "B9", "C9", "T9", "B11", "C11", "S11", "T11"} {
		v, _ := f.GetCellValue("Thống kê", ref)
		formula, _ := f.GetCellFormula("Thống kê", ref)
		if formula != "" {
			formula = "  =" + formula
		}
		fmt.Printf("%s %s%s\n", ref, v, formula)
	}
	// Output:
	// [Thống kê Biểu đồ]
	// A1 BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH
	// A3 Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026
	// B9 Hộ tịch
	// C9 8  =SUM(D9:H9)
	// T9 83.3%  =IF(I9=0,0,(J9+K9)/I9)
	// B11 Tổng cộng
	// C11 12  =SUM(C9:C10)
	// S11 66.7%  =IF(SUM(E11:H11)=0,0,(E11+F11)/SUM(E11:H11))
	// T11 87.5%  =IF(I11=0,0,(J11+K11)/I11)
}

func ExampleWriteRegister() {
	day := func(d, h int) time.Time { return time.Date(2026, 11, d, h, 0, 0, 0, dossier.Location) }
	dossiers := []dossier.Dossier{
		{Code: "000.00.01.H12-261102-0001", ProcedureCode: "1.001193", Applicant: dossier.Applicant{Name: "Nguyễn Văn An"},
			Channel: catalog.Online, Online: catalog.Full, Status: dossier.Returned,
			ReceivedAt: day(2, 9), DueAt: day(6, 17), SettledAt: day(5, 10)},
		{Code: "000.00.01.H12-261103-0001", ProcedureCode: "1.000656", Applicant: dossier.Applicant{Name: "Trần Thị Bình"},
			Channel: catalog.Counter, Status: dossier.InProgress,
			ReceivedAt: day(3, 8), DueAt: day(5, 10)},
	}
	seq := func(yield func(dossier.Dossier, error) bool) {
		for _, d := range dossiers {
			if !yield(d, nil) {
				return
			}
		}
	}
	var buf bytes.Buffer
	opt := report.Options{Lang: "en", AsOf: day(10, 12)}
	if err := report.WriteRegister(context.Background(), &buf, seq, opt); err != nil {
		log.Fatal(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Register")
	for _, r := range rows {
		fmt.Println(strings.Join(r, " | "))
	}
	// Output:
	// REGISTER OF DOSSIERS
	// No. | Dossier code | Procedure | Applicant | Channel | Received | Due | Settled | Status | Days late
	// 1 | 000.00.01.H12-261102-0001 | 1.001193 | Nguyễn Văn An | Online (full) | 02/11/2026 | 06/11/2026 | 05/11/2026 | Returned
	// 2 | 000.00.01.H12-261103-0001 | 1.000656 | Trần Thị Bình | At the counter | 03/11/2026 | 05/11/2026 |  | In progress | 5
}

// Grouped by procedure, the table shows each procedure's name beside its
// code, looked up in the catalogue.
func ExampleCatalogNames() {
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 1})
	if err != nil {
		log.Fatal(err)
	}
	period := dossier.Month(2026, 11)
	table := dossier.Summary{
		Period:  period,
		GroupBy: dossier.GroupProcedure,
		Rows:    []dossier.SummaryRow{{Key: "1.001193", NewOnlineFull: 4, SettledEarly: 4}},
		Total:   dossier.SummaryRow{NewOnlineFull: 4, SettledEarly: 4},
	}
	opt := report.Options{ProcedureName: report.CatalogNames(cat, period.To.Add(-time.Nanosecond))}
	var buf bytes.Buffer
	if err := report.WriteStatistics(&buf, table, opt); err != nil {
		log.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	for _, ref := range []string{"B5", "B9"} {
		v, _ := f.GetCellValue("Thống kê", ref)
		fmt.Println(ref, v)
	}
	// Output:
	// B5 Thủ tục hành chính
	// B9 1.001193 – Đăng ký khai sinh
}
