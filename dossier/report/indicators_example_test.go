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

// A ward's Decision 766 indicators for November 2026, from two dossiers
// handled through the service, written to Excel: the table, then the
// step-by-step computation of the on-time rate.
func ExampleWriteIndicators() {
	ctx := context.Background()
	cat, err := catalog.New(
		catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3},
		catalog.Procedure{Code: "2.001417", Name: "Đăng ký hộ kinh doanh", Sector: "Thành lập doanh nghiệp",
			Levels: []catalog.Level{catalog.Commune}, Online: catalog.Offline, ProcessingDays: 3})
	if err != nil {
		log.Fatal(err)
	}
	cal, err := dossier.Official()
	if err != nil {
		log.Fatal(err)
	}
	store := dossier.NewMemStore()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, dossier.Location)
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { return now }))
	if err != nil {
		log.Fatal(err)
	}
	citizen := dossier.Actor{ID: "cd-001199012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-07", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	for _, filing := range []struct {
		proc    string
		channel catalog.Channel
		settle  int // day of November the result is returned
	}{{"1.001193", catalog.Online, 3}, {"2.001417", catalog.Counter, 20}} {
		now = time.Date(2026, 11, 2, 9, 0, 0, 0, dossier.Location)
		d, err := svc.Submit(ctx, citizen, dossier.Submission{ProcedureCode: filing.proc, Agency: "000.00.01.H12",
			Channel: filing.channel, Applicant: dossier.Applicant{Name: "Nguyễn Thị Lan", CitizenID: "001199012345"}})
		if err != nil {
			log.Fatal(err)
		}
		steps := []func() (dossier.Dossier, error){
			func() (dossier.Dossier, error) { return svc.Receive(ctx, d.Code, clerk) },
			func() (dossier.Dossier, error) { return svc.Approve(ctx, d.Code, clerk) },
			func() (dossier.Dossier, error) { return svc.ReturnResult(ctx, d.Code, clerk, dossier.Electronic) },
		}
		for i, step := range steps {
			if i > 0 {
				now = time.Date(2026, 11, filing.settle, 10, 0, 0, 0, dossier.Location)
			}
			if _, err := step(); err != nil {
				log.Fatal(err)
			}
		}
	}

	ind, err := dossier.Indicators(ctx, store, cat, dossier.Month(2026, 11), "000.00.01.H12")
	if err != nil {
		log.Fatal(err)
	}
	var buf bytes.Buffer
	if err := report.WriteIndicators(&buf, ind, report.Options{Unit: "UBND phường Ba Đình"}); err != nil {
		log.Fatal(err)
	}

	f, err := excelize.OpenReader(&buf)
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	fmt.Println(f.GetSheetList())
	rows, _ := f.GetRows("Chỉ số 766")
	for _, r := range rows[2:4] {
		fmt.Println(r[0])
	}
	for _, r := range rows[8:] {
		fmt.Println(strings.Join(r[1:], " | "))
	}
	steps, _ := f.GetRows("Cách tính")
	for _, r := range steps[4:8] {
		fmt.Println(r[3])
	}
	// Output:
	// [Chỉ số 766 Cách tính]
	// Đơn vị: UBND phường Ba Đình (000.00.01.H12)
	// Kỳ báo cáo: từ ngày 01/11/2026 đến ngày 30/11/2026
	// 2.1 | Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn | 1 | 2 | 50.0%
	// 3.1 | Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến | 1 | 2 | 50.0% | 80.0% | 62.5%
	// 3.3 | Tỷ lệ hồ sơ nộp trực tuyến | 1 | 2 | 50.0% | 50.0% | 100.0%
	// 3.6 | Tỷ lệ hồ sơ thanh toán trực tuyến | 0 | 0 | 0.0%
	// 4.1 | Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử | 2 | 2 | 100.0%
	// 4.2 | Tỷ lệ hồ sơ thực hiện số hóa hồ sơ | 0 | 2 | 0.0% | 80.0% | 0.0%
	// Tử số: 1 hồ sơ xử lý đúng hạn, trong hạn (kết thúc xử lý không sau ngày hẹn trả; không quá 01 lần yêu cầu bổ sung; không có thư xin lỗi)
	// Mẫu số: 2 hồ sơ được tiếp nhận, xử lý trong kỳ
	// Tỷ lệ = 1 / 2 = 50,0%
	// Không có ngưỡng điểm trong mô tả công thức
}
