// Command onlinefiling runs the citizen's five steps of an online filing end
// to end on motcua's embedded defaults, and prints a transcript in Vietnamese
// with English glosses naming the package that did each step:
//
//  1. the applicant has an account (a fixed applicant with a valid CCCD
//     stands in for the portal's identity provider);
//  2. picks the procedure from the catalogue (catalog) and fills the
//     declaration form (forms) — a first wrong attempt shows the errors;
//  3. attaches the scanned documents the procedure requires;
//  4. signs the application PDF (signing), submits and pays the quoted fee
//     (fees, dossier);
//  5. the one-stop counter receives it with an appointment counted in working
//     days, asks once for a document, the citizen supplements, the officer
//     approves and countersigns the PDF with a timestamp, the result goes back
//     by post; the unit's statistics and register go to Excel (dossier/report).
//
// Everything is local: the sample catalogue, the sample fee schedule, the
// working calendar (official for 2026, the story's year; any other year
// from the Labour Code), the in-memory store, a throw-away certification
// authority and a local timestamp authority. It writes the signed PDF and the
// two workbooks to a temporary folder, or to -out DIR, and exits non-zero if
// any step fails.
//
//	go run ./examples/onlinefiling [-out DIR]
package main

import (
	"bytes"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

func main() {
	out := flag.String("out", "", "folder for the signed PDF and the workbooks (default: a new temporary folder)")
	flag.Parse()
	dir := *out
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "motcua-onlinefiling-"); err != nil {
			fmt.Fprintln(os.Stderr, "onlinefiling:", err)
			os.Exit(1)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "onlinefiling:", err)
		os.Exit(1)
	}
	if err := run(context.Background(), os.Stdout, dir); err != nil {
		fmt.Fprintln(os.Stderr, "onlinefiling: FAILED:", err)
		os.Exit(1)
	}
}

// The story's fixed facts.
const (
	procedureCode = "2.001610"      // Đăng ký thành lập doanh nghiệp tư nhân
	agency        = "000.00.01.H26" // the provincial business registration office
)

// clock is the story's clock: every step happens at a time it sets, so the
// transcript is the same on every run.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) at(m time.Month, d, hh, mm int) time.Time {
	c.t = time.Date(2026, m, d, hh, mm, 0, 0, dossier.Location)
	return c.t
}

// transcript prints numbered steps with the package that did them.
type transcript struct{ w io.Writer }

func (t transcript) step(pkg, vi, en string) {
	fmt.Fprintf(t.w, "\n== %s — %s   [%s]\n", vi, en, pkg)
}
func (t transcript) line(format string, args ...any) {
	fmt.Fprintf(t.w, "   "+format+"\n", args...)
}

func run(ctx context.Context, w io.Writer, outDir string) error {
	out := transcript{w}
	clk := &clock{}

	// ---- Embedded defaults.
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
	schema, err := forms.SampleEnterpriseRegistration()
	if err != nil {
		return err
	}
	form, err := schema.Compile()
	if err != nil {
		return err
	}
	store := dossier.NewMemStore()
	svc, err := dossier.NewService(store, cat, cal,
		dossier.WithClock(clk.now),
		dossier.WithForms(map[string]dossier.FormValidator{schema.ID: form}),
		dossier.WithFees(schedule, nil))
	if err != nil {
		return err
	}
	ca, err := signingtest.NewCA("motcua Demo CA", clk.at(4, 20, 8, 0))
	if err != nil {
		return err
	}
	tsa, err := signingtest.NewTSA(ca, signingtest.TSAHonest)
	if err != nil {
		return err
	}
	defer tsa.Close()
	tsa.Now = clk.now

	// ---- 1. The applicant's account.
	out.step("portal identity", "1. Tài khoản người nộp", "1. The applicant's account")
	applicant := dossier.Applicant{
		Name: "Nguyễn Văn An", CitizenID: "001085012345", Phone: "0912345678",
		Email: "an.nguyen@example.vn", Address: "Số 1 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội",
	}
	citizen := dossier.Actor{ID: "vneid:" + applicant.CitizenID, Role: dossier.RoleApplicant}
	id, err := forms.ParseCitizenID(applicant.CitizenID)
	if err != nil {
		return err
	}
	out.line("%s, CCCD %s (nơi sinh mã %s, sinh năm %d) — citizen ID checked", applicant.Name, applicant.CitizenID, id.Province, id.BirthYear)

	// ---- 2. The procedure and its form.
	out.step("catalog, forms", "2. Chọn thủ tục và điền tờ khai", "2. Pick the procedure, fill the form")
	hits := cat.Search(catalog.Query{Text: "dang ky thanh lap doanh nghiep tu nhan", At: clk.at(4, 23, 9, 0), Limit: 1})
	if len(hits) == 0 || hits[0].Code != procedureCode {
		return fmt.Errorf("catalog search did not find %s first", procedureCode)
	}
	proc := hits[0]
	out.line("Tìm \"dang ky thanh lap doanh nghiep tu nhan\" → %s %s", proc.Code, proc.Name)
	out.line("%s; %s; %s (%s); tờ khai %s", proc.Agency, proc.Online.Label("vi"),
		dossier.Days(proc.ProcessingDays).Label("vi"), dossier.Days(proc.ProcessingDays).Label("en"), proc.FormID)

	data := declaration(applicant)
	wrong := declaration(applicant)
	wrong["owner"].(map[string]any)["citizen_id"] = "001185012345" // century digit 1: a woman born in the 1900s
	wrong["phone"] = "0123"
	delete(wrong, "main_line")
	err = form.Validate(ctx, wrong)
	var verrs forms.ValidationErrors
	if !errors.As(err, &verrs) {
		return fmt.Errorf("the wrong form was not rejected: %v", err)
	}
	out.line("Lần 1 (first attempt): %d lỗi (errors)", len(verrs))
	for _, fe := range verrs {
		out.line("  ✗ %s: %s", fe.Path, fe.Message(forms.LangVI))
		out.line("      (%s)", fe.Message(forms.LangEN))
	}
	if err := form.Validate(ctx, data); err != nil {
		return fmt.Errorf("the corrected form was rejected: %w", err)
	}
	out.line("Lần 2 (second attempt): hợp lệ — valid")

	// ---- 3. The scanned documents.
	out.step("catalog, dossier", "3. Đính kèm giấy tờ", "3. Attach the required documents")
	application, err := signingtest.PDF(signingtest.PDFOptions{Text: "Giay de nghi dang ky doanh nghiep tu nhan - Nguyen Van An"})
	if err != nil {
		return err
	}
	idScan := []byte("%PDF-1.7 scan of the CCCD (front and back), blurred")
	for _, r := range proc.Documents {
		need := "bắt buộc (required)"
		if r.Optional {
			need = "không bắt buộc (optional)"
		}
		out.line("- %s: %d bản chính, %d bản sao, %s", r.Name, r.Originals, r.Copies, need)
	}

	// ---- 4. Sign, submit, pay.
	out.step("signing, fees, dossier", "4. Ký số, nộp hồ sơ, nộp phí", "4. Sign, submit and pay")
	applicantKey, err := ca.Signer(applicant.Name, signingtest.RSA2048)
	if err != nil {
		return err
	}
	var signed bytes.Buffer
	if err := signing.Sign(ctx, bytes.NewReader(application), int64(len(application)), &signed, applicantKey, signing.Options{
		Name: applicant.Name, Reason: "Nộp hồ sơ đăng ký thành lập doanh nghiệp tư nhân",
		Location: "Hà Nội", Time: clk.at(4, 23, 9, 40),
	}); err != nil {
		return fmt.Errorf("applicant's signature: %w", err)
	}
	out.line("Người nộp ký số tờ khai (applicant signed the application PDF): %d bytes", signed.Len())

	clk.at(4, 23, 9, 45)
	d, err := svc.Submit(ctx, citizen, dossier.Submission{
		ProcedureCode: proc.Code, Agency: agency, Channel: catalog.Online,
		Applicant: applicant, FormData: data,
		Attachments: []dossier.Attachment{
			dossier.NewAttachment(proc.Documents[0].Name, "giay-de-nghi.pdf", signed.Bytes()),
			byNumber(2, dossier.NewAttachment("", "cccd.pdf", idScan)),
		},
	})
	if err != nil {
		return fmt.Errorf("submit: %w", err)
	}
	out.line("Mã hồ sơ (dossier code): %s", d.Code)
	quote, err := schedule.Quote(fees.Request{At: d.SubmittedAt, Channel: fees.Online, Items: feeItems(proc)})
	if err != nil {
		return err
	}
	explained, err := quote.Explain("vi")
	if err != nil {
		return err
	}
	out.line("Phí, lệ phí (fees) — giải thích (explanation):")
	for _, l := range splitLines(explained) {
		out.line("  %s", l)
	}
	if quote.Total != d.FeeQuote.Total {
		return fmt.Errorf("the dossier's quote %s differs from the schedule's %s", d.FeeQuote.Total, quote.Total)
	}
	clk.at(4, 23, 9, 48)
	_, err = svc.Pay(ctx, d.Code, citizen, dossier.Payment{Amount: d.FeeQuote.Total / 2, Method: "online"})
	if dossier.ErrorCode(err) != "underpaid" {
		return fmt.Errorf("a payment of half the fee was not refused as underpaid: %v", err)
	}
	out.line("Nộp thiếu (half the fee): %s", dossier.Message(err, "vi"))
	out.line("      (%s)", dossier.Message(err, "en"))
	clk.at(4, 23, 9, 50)
	if d, err = svc.Pay(ctx, d.Code, dossier.Actor{ID: "payment-gateway", Role: dossier.RoleSystem},
		dossier.Payment{Amount: d.FeeQuote.Total, Method: "online", Reference: "GD-260423-0042", PaidAt: clk.now()}); err != nil {
		return fmt.Errorf("pay: %w", err)
	}
	out.line("Tổng (total): %s — đã thanh toán trực tuyến (paid online, ref %s)", d.FeeQuote.Total, d.Payment.Reference)

	// ---- 5. The one-stop counter.
	out.step("dossier", "5. Bộ phận một cửa xử lý", "5. The one-stop counter handles it")
	clerk := dossier.Actor{ID: "cb-motcua-02", Role: dossier.RoleOfficer, Unit: agency}
	handler := dossier.Actor{ID: "cb-dkkd-05", Role: dossier.RoleOfficer, Unit: agency}
	clk.at(4, 23, 10, 30)
	if d, err = svc.Receive(ctx, d.Code, clerk); err != nil {
		return fmt.Errorf("receive: %w", err)
	}
	out.line("PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ (receipt and appointment, form 01)")
	out.line("  Mã hồ sơ:      %s", d.Code)
	out.line("  Người nộp:     %s, CCCD %s", d.Applicant.Name, d.Applicant.CitizenID)
	out.line("  Thủ tục:       %s %s", proc.Code, proc.Name)
	out.line("  Tiếp nhận lúc: %s (received)", dossier.FormatTime(d.ReceivedAt, "vi"))
	out.line("  Thời hạn:      %s (%s)", d.Deadline.Label("vi"), d.Deadline.Label("en"))
	out.line("  Hẹn trả:       %s (due; Hùng Kings' Day, Monday 27/04, is a holiday)", dossier.FormatTime(d.DueAt, "vi"))

	clk.at(4, 24, 8, 30)
	if d, err = svc.Start(ctx, d.Code, handler); err != nil {
		return fmt.Errorf("start: %w", err)
	}
	clk.at(4, 24, 10, 0)
	if d, err = svc.RequestSupplement(ctx, d.Code, handler, "Bản sao CCCD bị mờ, đề nghị bổ sung bản rõ nét (mẫu 02)"); err != nil {
		return fmt.Errorf("request supplement: %w", err)
	}
	left, err := d.DaysRemaining(cal, clk.now())
	if err != nil {
		return err
	}
	out.line("Yêu cầu bổ sung (supplementation asked) %s: tạm dừng, còn %d ngày làm việc (clock paused, %d working days left)",
		dossier.FormatTime(d.PausedAt, "vi"), left, left)

	clk.at(4, 28, 8, 15)
	clearScan := []byte("%PDF-1.7 scan of the CCCD (front and back), sharp")
	if d, err = svc.Supplement(ctx, d.Code, citizen,
		[]dossier.Attachment{dossier.NewAttachment(proc.Documents[1].Name, "cccd-ro-net.pdf", clearScan)}, nil); err != nil {
		return fmt.Errorf("supplement: %w", err)
	}
	out.line("Đã bổ sung (supplemented) %s: hẹn trả mới (new due) %s — 30/04–03/05 are holidays",
		dossier.FormatTime(clk.now(), "vi"), dossier.FormatTime(d.DueAt, "vi"))

	if d.Status != dossier.InProgress {
		return fmt.Errorf("after supplementation the dossier is %s, not %s", d.Status, dossier.InProgress)
	}
	clk.at(4, 29, 16, 0)
	if d, err = svc.Approve(ctx, d.Code, handler); err != nil {
		return fmt.Errorf("approve: %w", err)
	}
	officerKey, err := ca.Signer("Lê Thị Hoa", signingtest.ECDSAP256)
	if err != nil {
		return err
	}
	var final bytes.Buffer
	if err := signing.Sign(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), &final, officerKey, signing.Options{
		Name: "Lê Thị Hoa", Reason: "Phê duyệt: cấp Giấy chứng nhận đăng ký doanh nghiệp",
		Location: "Phòng Đăng ký kinh doanh, Sở Tài chính Hà Nội", Time: clk.now(),
		Timestamp: &signing.Timestamp{URL: tsa.URL, Timeout: 10 * time.Second},
	}); err != nil {
		return fmt.Errorf("officer's countersignature: %w", err)
	}
	out.line("Duyệt (approved) %s; cán bộ ký số kèm dấu thời gian (officer countersigned with an RFC 3161 timestamp)",
		dossier.FormatTime(d.SettledAt, "vi"))

	clk.at(4, 29, 16, 30)
	if d, err = svc.ReturnResult(ctx, d.Code, clerk, dossier.ByPost); err != nil {
		return fmt.Errorf("return result: %w", err)
	}
	out.line("Trả kết quả qua bưu chính (result returned by post): %s, %s", d.Status, timeliness(d))

	// ---- Checks anyone can repeat.
	out.step("signing", "Kiểm tra chữ ký", "Verify the signed PDF")
	rep, err := signing.Verify(ctx, bytes.NewReader(final.Bytes()), int64(final.Len()), signing.Policy{
		Roots: ca.Pool(), At: clk.now(),
	})
	if err != nil {
		return err
	}
	for _, l := range splitLines(rep.Text("vi")) {
		out.line("%s", l)
	}
	// Two valid signatures; after the applicant's only the officer's
	// signature was added, and nothing at all after the officer's.
	valid := 0
	for i, sig := range rep.Signatures {
		last := i == len(rep.Signatures)-1
		if sig.OK() && ((last && sig.ChangesAfter == signing.ChangesNone && sig.Coverage == signing.CoverageWholeDocument) ||
			(!last && sig.ChangesAfter == signing.ChangesSignatures)) {
			valid++
		}
	}
	out.line("=> %d chữ ký hợp lệ (valid signatures); sau chữ ký cuối không có thay đổi (nothing changed after the last)", valid)
	if valid != 2 || len(rep.Signatures) != 2 || (rep.Status != signing.StatusValid && rep.Status != signing.StatusValidWithChanges) {
		return fmt.Errorf("the final PDF does not verify as two valid signatures: %s", rep.Status)
	}

	out.step("dossier", "Kiểm tra nhật ký", "Verify the hash-chained trail")
	for _, ev := range d.Events {
		from := "—"
		if ev.From != dossier.StatusUnknown {
			from = ev.From.String()
		}
		out.line("#%d %s %-18s %s → %s  %s", ev.Seq, ev.At.Format("02/01 15:04"), ev.Action, from, ev.To, shortHash(ev.Hash))
	}
	if err := dossier.VerifyTrail(d.Code, d.Events); err != nil {
		return fmt.Errorf("trail: %w", err)
	}
	out.line("=> nhật ký toàn vẹn (trail intact): %d sự kiện (events)", len(d.Events))

	// ---- Files.
	out.step("dossier/report", "Xuất báo cáo", "Export the statistics and the register")
	pdfPath := filepath.Join(outDir, "ho-so-da-ky.pdf")
	if err := os.WriteFile(pdfPath, final.Bytes(), 0o644); err != nil {
		return err
	}
	sum, err := dossier.Summarize(ctx, store, dossier.Month(2026, time.April), dossier.GroupProcedure)
	if err != nil {
		return err
	}
	opt := report.Options{Unit: "Phòng Đăng ký kinh doanh — Sở Tài chính Hà Nội", AsOf: clk.now(), Calendar: cal, TempDir: outDir}
	statsPath := filepath.Join(outDir, "thong-ke-04-2026.xlsx")
	if err := writeFile(statsPath, func(w io.Writer) error { return report.WriteStatistics(w, sum, opt) }); err != nil {
		return err
	}
	registerPath := filepath.Join(outDir, "so-theo-doi-ho-so.xlsx")
	if err := writeFile(registerPath, func(w io.Writer) error {
		return report.WriteRegister(ctx, w, store.List(ctx, dossier.Filter{}), opt)
	}); err != nil {
		return err
	}
	out.line("Tháng 04/2026: tiếp nhận %d, trước hạn %d, đúng hạn %d, quá hạn %d (received, early, on time, late)",
		sum.Total.Received(), sum.Total.SettledEarly, sum.Total.SettledOnTime, sum.Total.SettledLate)
	out.line("PDF đã ký (signed PDF):   %s", pdfPath)
	out.line("Thống kê (statistics):    %s", statsPath)
	out.line("Sổ theo dõi (register):   %s", registerPath)
	return nil
}

// declaration is the enterprise registration form of a private enterprise
// owned by the applicant.
func declaration(a dossier.Applicant) map[string]any {
	return map[string]any{
		"enterprise_name": "Doanh nghiệp tư nhân Một Cửa An",
		"enterprise_type": "tunhan",
		"charter_capital": float64(500_000_000),
		"business_lines":  []any{"6201", "6202"},
		"main_line":       "6201",
		"owner": map[string]any{
			"full_name": a.Name, "birth_date": "15/03/1985", "sex": "nam",
			"citizen_id": a.CitizenID, "nationality": "Việt Nam", "phone": a.Phone,
		},
		"address":                map[string]any{"province": "01", "commune": "00004", "street": "Số 1 phố Tràng Tiền"},
		"phone":                  a.Phone,
		"email":                  a.Email,
		"has_foreign_investment": false,
		"accounting":             "doc_lap",
		"documents": []any{
			map[string]any{"name": "giay-de-nghi.pdf", "media_type": "application/pdf", "size": float64(4096)},
		},
	}
}

// byNumber names the attachment's document by its number in the
// procedure's list instead of by its name.
func byNumber(n int, a dossier.Attachment) dossier.Attachment {
	a.Document = fmt.Sprintf("#%d", n)
	return a
}

func feeItems(p catalog.Procedure) []fees.ItemRequest {
	items := make([]fees.ItemRequest, len(p.FeeItems))
	for i, code := range p.FeeItems {
		items[i] = fees.ItemRequest{Code: code, Quantity: 1}
	}
	return items
}

func timeliness(d dossier.Dossier) string {
	t := d.Timeliness()
	return strings.ToLower(t.Label("vi")) + " (" + strings.ToLower(t.Label("en")) + ")"
}

func shortHash(h dossier.Hash) string { return hex.EncodeToString(h[:6]) }

func splitLines(s string) []string {
	var out []string
	for _, l := range bytes.Split(bytes.TrimRight([]byte(s), "\n"), []byte("\n")) {
		out = append(out, string(l))
	}
	return out
}

// writeFile writes through fn into path, removing the file if fn fails.
func writeFile(path string, fn func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fn(f); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write %s: %w", filepath.Base(path), err)
	}
	return f.Close()
}
