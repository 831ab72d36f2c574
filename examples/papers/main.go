// Command papers files a judicial record request at a provincial one-stop
// counter, takes it through receipt, a supplementation request, an apology
// and approval, and writes the papers of Circular 03/2025/TT-VPCP as PDF
// files: the receipt and appointment (01) with its QR codes and integrity
// data, the supplementation request (02), the apology (04), the control
// slip (06) and the register (07).
//
//	go run ./examples/papers -font /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf -out /tmp/papers
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/fees"
)

func main() {
	fontPath := flag.String("font", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "a TrueType font with the Vietnamese letters")
	boldPath := flag.String("bold", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", "its bold face (optional)")
	out := flag.String("out", "papers", "the folder the PDF files go to")
	flag.Parse()
	if err := run(*fontPath, *boldPath, *out); err != nil {
		fmt.Fprintln(os.Stderr, "papers:", err)
		os.Exit(1)
	}
}

func run(fontPath, boldPath, out string) error {
	ctx := context.Background()
	ttf, err := os.ReadFile(fontPath)
	if err != nil {
		return err
	}
	bold, _ := os.ReadFile(boldPath) // optional
	r, err := paper.New(paper.Options{Font: ttf, BoldFont: bold, LookupURL: "https://dichvucong.example.gov.vn/tra-cuu?ma={code}"})
	if err != nil {
		return fmt.Errorf("%s", paper.Message(err, "vi"))
	}
	cat, err := catalog.Sample()
	if err != nil {
		return err
	}
	schedule, err := fees.Sample()
	if err != nil {
		return err
	}
	cal, err := dossier.Official()
	if err != nil {
		return err
	}
	now := time.Date(2026, 12, 2, 8, 30, 0, 0, dossier.Location)
	svc, err := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithFees(schedule, nil),
		dossier.WithClock(func() time.Time { return now }))
	if err != nil {
		return err
	}
	citizen := dossier.Actor{ID: "vneid:074185012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-motcua-07", Role: dossier.RoleOfficer, Unit: "000.00.01.H57"}
	d, err := svc.Submit(ctx, citizen, dossier.Submission{
		ProcedureCode: "2.001417", Agency: "000.00.01.H57", Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Hồng Nhung", CitizenID: "074185012345", Phone: "0912345678",
			Address: "Số 12 đường Yersin, phường Phú Cường, tỉnh Bình Dương"},
		Attachments: []dossier.Attachment{
			dossier.NewAttachment("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai.pdf", []byte("%PDF-1.7 tờ khai")),
			dossier.NewAttachment("Bản chụp giấy tờ tùy thân", "cccd.jpg", []byte("\xff\xd8\xff\xe0 ảnh chụp")),
		},
	})
	if err != nil {
		return fmt.Errorf("%s", dossier.Message(err, "vi"))
	}
	agency := paper.Agency{Parent: "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG", Name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", Place: "Thủ Dầu Một", Phone: "0274 3822 822"}
	proc, _ := cat.Get(d.ProcedureCode, d.SubmittedAt)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	write := func(k paper.Kind, d dossier.Dossier, mod func(*paper.Paper)) error {
		p := paper.Paper{Kind: k, Dossier: d, Procedure: &proc, Agency: agency, Officer: "Trần Văn Nghĩa"}
		if mod != nil {
			mod(&p)
		}
		var buf bytes.Buffer
		if err := r.Write(&buf, p); err != nil {
			return fmt.Errorf("%s", paper.Message(err, "vi"))
		}
		name := filepath.Join(out, k.Form()+"-"+k.String()+".pdf")
		fmt.Printf("%s  %s (%d bytes)\n", name, k.Label("vi"), buf.Len())
		return os.WriteFile(name, buf.Bytes(), 0o644)
	}
	steps := []func() error{
		func() (err error) { d, err = svc.Receive(ctx, d.Code, clerk); return },
		func() error {
			rec, err := svc.Receipt(ctx, d.Code)
			if err != nil {
				return err
			}
			return write(paper.Receipt, d, func(p *paper.Paper) { p.Receipt = &rec; p.Number = "125/TN-TTHCC" })
		},
		func() (err error) { now = now.Add(2 * time.Hour); d, err = svc.Start(ctx, d.Code, clerk); return },
		func() (err error) {
			d, err = svc.RequestSupplement(ctx, d.Code, clerk, "Bản chụp giấy tờ tùy thân đã hết hạn")
			return
		},
		func() error { return write(paper.SupplementRequest, d, nil) },
		func() (err error) {
			now = now.Add(24 * time.Hour)
			d, err = svc.Supplement(ctx, d.Code, citizen, []dossier.Attachment{
				dossier.NewAttachment("Bản chụp giấy tờ tùy thân", "cccd-moi.jpg", []byte("\xff\xd8\xff\xe0 ảnh mới"))}, nil)
			return
		},
		func() (err error) {
			now = now.Add(72 * time.Hour)
			due := time.Date(d.DueAt.Year(), d.DueAt.Month(), d.DueAt.Day(), 17, 0, 0, 0, dossier.Location)
			for {
				due = due.AddDate(0, 0, 1)
				if ok, err := cal.IsWorkingDay(due); err != nil || ok {
					break
				}
			}
			d, err = svc.Apologize(ctx, d.Code, clerk, due, "Chưa nhận được kết quả xác minh của cơ quan Công an")
			return
		},
		func() error { return write(paper.Apology, d, nil) },
		func() (err error) {
			now = now.Add(24 * time.Hour)
			d, err = svc.AwaitPayment(ctx, d.Code, clerk, 0)
			return
		},
		func() (err error) {
			d, err = svc.Pay(ctx, d.Code, citizen, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr", Reference: "FT26340000001"})
			return
		},
		func() (err error) { d, err = svc.Approve(ctx, d.Code, clerk); return },
		func() error { return write(paper.ControlSlip, d, nil) },
	}
	for _, step := range steps {
		if err := step(); err != nil {
			return fmt.Errorf("%s", dossier.Message(err, "vi"))
		}
	}
	f, err := os.Create(filepath.Join(out, "07-register.pdf"))
	if err != nil {
		return err
	}
	defer f.Close()
	seq := func(yield func(dossier.Dossier, error) bool) { yield(d, nil) } // a store's List in a portal
	if err := r.WriteRegister(ctx, f, seq, paper.RegisterOptions{Agency: agency, Book: "Quyển số: 01/2026",
		ProcedureName: func(code string) string {
			p, _ := cat.Get(code, now)
			return p.Name
		}}); err != nil {
		return fmt.Errorf("%s", paper.Message(err, "vi"))
	}
	fmt.Println(f.Name(), " ", paper.Register.Label("vi"))
	return f.Close()
}
