package paper_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/fees"
)

// Example renders the receipt and appointment (form 01) of a dossier just
// received, with the lookup QR code and the receipt's integrity data.
func Example() {
	ctx := context.Background()
	ttf, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") // the integrator's font
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := paper.New(paper.Options{Font: ttf, LookupURL: "https://dichvucong.example.gov.vn/tra-cuu?ma={code}"})
	if err != nil {
		fmt.Println(err)
		return
	}

	cat, _ := catalog.Sample()
	schedule, _ := fees.Sample()
	cal, _ := dossier.Official()
	now := time.Date(2026, 12, 2, 8, 30, 0, 0, dossier.Location)
	svc, _ := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithFees(schedule, nil),
		dossier.WithClock(func() time.Time { return now }))
	d, err := svc.Submit(ctx, dossier.Actor{ID: "vneid:074185012345", Role: dossier.RoleApplicant}, dossier.Submission{
		ProcedureCode: "2.001417", Agency: "000.00.01.H57", Channel: catalog.Counter,
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Hồng Nhung", CitizenID: "074185012345"},
		Attachments: []dossier.Attachment{
			dossier.NewAttachment("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai.pdf", []byte("%PDF-1.7")),
			dossier.NewAttachment("Bản chụp giấy tờ tùy thân", "cccd.jpg", []byte("\xff\xd8\xff\xe0")),
		},
	})
	if err != nil {
		fmt.Println(dossier.Message(err, "vi"))
		return
	}
	d, _ = svc.Receive(ctx, d.Code, dossier.Actor{ID: "cb-07", Role: dossier.RoleOfficer, Unit: "000.00.01.H57"})
	rec, _ := svc.Receipt(ctx, d.Code)
	proc, _ := cat.Get(d.ProcedureCode, d.SubmittedAt)

	var pdf bytes.Buffer
	err = r.Write(&pdf, paper.Paper{
		Kind: paper.Receipt, Dossier: d, Procedure: &proc, Receipt: &rec, Number: "125/TN-TTHCC", Officer: "Trần Văn Nghĩa",
		Agency: paper.Agency{Parent: "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG", Name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", Place: "Thủ Dầu Một"},
	})
	fmt.Println(err)
	fmt.Println(paper.Receipt.Form(), paper.Receipt.Label("vi"))
	fmt.Println(string(pdf.Bytes()[:8]), pdf.Len() < 60<<10)
	fmt.Println(r.LookupURL(d.Code))
	fmt.Println(dossier.FormatTime(d.DueAt, "vi"))
	// Output:
	// <nil>
	// 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	// %PDF-1.7 true
	// https://dichvucong.example.gov.vn/tra-cuu?ma=000.00.01.H57-261202-0001
	// Thứ Tư 16/12/2026 17:00
}
