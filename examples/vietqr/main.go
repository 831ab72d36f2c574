// Command vietqr shows a fee paid by bank transfer from end to end: a
// citizen files a dossier, the portal shows a VietQR code with the amount
// and the dossier code, the bank's statement comes back (as a clerk
// exports it, CSV or xlsx), and reconciliation records the payment on the
// dossier's trail.
//
//	go run ./examples/vietqr                       # prints the steps
//	go run ./examples/vietqr -out /tmp/qr          # also writes qr.png and qr.svg there
//	go run ./examples/vietqr -statement saoke.csv  # reconciles your own export
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
)

func main() {
	out := flag.String("out", "", "directory to write qr.png and qr.svg into")
	statement := flag.String("statement", "", "a statement export (.csv or .xlsx) to reconcile instead of the built-in one")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *out, *statement); err != nil {
		fmt.Fprintln(os.Stderr, "vietqr:", err)
		os.Exit(1)
	}
}

// account is the agency's account at Vietcombank that receives fees.
var account = bank.Account{BIN: "970436", Number: "0011001932418", Name: "UBND PHUONG BA DINH"}

func run(ctx context.Context, w io.Writer, outDir, statementFile string) error {
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
	now := time.Date(2025, 11, 26, 9, 0, 0, 0, dossier.Location)
	svc, err := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithFees(schedule, nil),
		dossier.WithClock(func() time.Time { return now }))
	if err != nil {
		return err
	}

	// 1. The citizen files "Cấp bản sao trích lục hộ tịch" online.
	proc, ok := cat.Get("1.004884", now)
	if !ok {
		return fmt.Errorf("procedure 1.004884 not in the sample catalogue")
	}
	d, err := svc.Submit(ctx, dossier.Actor{ID: "vneid:001085012345", Role: dossier.RoleApplicant}, dossier.Submission{
		ProcedureCode: proc.Code, Agency: "000.00.01.H12", Channel: catalog.Online, Level: catalog.Commune,
		Applicant:   dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "001085012345"},
		Attachments: []dossier.Attachment{dossier.NewAttachment(proc.Documents[0].Name, "to-khai.pdf", []byte("%PDF-1.7"))},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Hồ sơ %s: phải nộp %s\n", d.Code, d.FeeQuote.Total)

	// 2. The portal shows the VietQR code of the fee.
	p, err := bank.Request(account, &d)
	if err != nil {
		return err
	}
	payload, err := p.Encode()
	if err != nil {
		return err
	}
	b, _ := vietqr.LookupBank(p.BIN)
	fmt.Fprintf(w, "Mã VietQR (%s, tài khoản %s): %s\n", b.ShortName, p.Account, payload)
	if outDir != "" {
		if err := writeImages(outDir, payload); err != nil {
			return err
		}
		fmt.Fprintf(w, "Ảnh mã QR: %s, %s\n", filepath.Join(outDir, "qr.png"), filepath.Join(outDir, "qr.svg"))
	}

	// 3. The statement comes back: the bank kept the code, without its
	// punctuation, after its own prefix.
	var lines []bank.Line
	if statementFile != "" {
		lines, err = readStatement(statementFile)
	} else {
		lines, err = bank.ReadCSV(strings.NewReader(sampleStatement(d.Code, d.FeeQuote.Total)), bank.ReadOptions{})
	}
	if err != nil {
		return err
	}
	dues, err := bank.Dues(ctx, svc.Store(), dossier.Filter{})
	if err != nil {
		return err
	}
	r, err := bank.Reconcile(dues, lines, bank.Options{})
	if err != nil {
		return err
	}
	for _, res := range r.Results {
		l := lines[res.Line]
		fmt.Fprintf(w, "Dòng %d (%s, %s): %s %s\n", l.Row, l.Reference, l.Amount, res.Status.Label("vi"), res.Code)
	}

	// 4. The clerk records what the statement settles.
	clerk := dossier.Actor{ID: "cb-ketoan-01", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	paid, err := bank.Record(ctx, svc, clerk, r.Settlements)
	for _, d := range paid {
		fmt.Fprintf(w, "Đã ghi nhận: %s %s, %s, người nộp %s\n", d.Code, d.Payment.Amount, d.Payment.Reference, d.Payment.Payer)
		if err := d.Verify(); err != nil {
			return err
		}
	}
	return err
}

// sampleStatement is a statement as a bank exports it, with the dossier's
// transfer among others.
func sampleStatement(code string, amount fees.Money) string {
	spaced := strings.NewReplacer(".", " ", "-", " ").Replace(code)
	return "SAO KE TAI KHOAN 0011001932418;;;;\n" +
		"Ngày giao dịch;Số bút toán;Số tiền ghi có;Nội dung;Người chuyển\n" +
		"26/11/2025 09:31:12;FT25330001;" + fmt.Sprint(int64(amount)) + ";MBVCB.8811.NGUYEN VAN AN chuyen tien " + spaced + ";NGUYEN VAN AN\n" +
		"26/11/2025 10:02:40;FT25330002;500.000;ung ho quy khuyen hoc;LE VAN CUONG\n"
}

func readStatement(file string) ([]bank.Line, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if strings.EqualFold(filepath.Ext(file), ".xlsx") {
		return bank.ReadXLSX(f, bank.ReadOptions{})
	}
	return bank.ReadCSV(f, bank.ReadOptions{})
}

func writeImages(dir, payload string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, write := range map[string]func(io.Writer, string, vietqr.ImageOptions) error{
		"qr.png": vietqr.WritePNG, "qr.svg": vietqr.WriteSVG,
	} {
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if err := write(f, payload, vietqr.ImageOptions{Size: 320}); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	return nil
}
