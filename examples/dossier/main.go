// Command dossier follows one application for a judicial record
// certificate (phiếu lý lịch tư pháp) through the one-stop shop around Tết
// 2026: filed online after the cut-off on the eve of the holiday, received
// with its appointment counted in working days, returned for
// supplementation (the clock pauses), supplemented, approved and returned
// electronically. It prints the receipt, the due-date arithmetic and the
// hash-chained trail, then shows that an edit of history is caught, and
// counts a deadline in 2027, a year without a published calendar yet.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
)

func main() {
	if err := run(context.Background(), os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// vn is Vietnam's time zone (UTC+7, no daylight saving).
var vn = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)

const layout = "Mon 02/01/2006 15:04"

// clock is the example's clock: the time each step happens.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }
func (c *clock) set(y int, m time.Month, d, hh, mm int) {
	c.t = time.Date(y, m, d, hh, mm, 0, 0, vn)
}

func run(ctx context.Context, w io.Writer) error {
	cat, err := catalog.New(catalog.Procedure{
		Code: "1.001234", Name: "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", Sector: "Lý lịch tư pháp",
		Agency: "Sở Tư pháp", Levels: []catalog.Level{catalog.Province}, Online: catalog.Full, ProcessingDays: 10,
		Documents: []catalog.Requirement{
			{Name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", Originals: 1, MediaTypes: []string{"application/pdf"}},
			{Name: "Bản chụp giấy tờ tùy thân", Copies: 1, MediaTypes: []string{"application/pdf", "image/jpeg"}},
			{Name: "Giấy tờ chứng minh nơi cư trú", Copies: 1, Optional: true},
		},
		FeeItems: []string{"LLTP"},
	})
	if err != nil {
		return err
	}
	cal, err := dossier.Official()
	if err != nil {
		return err
	}
	schedule, err := fees.Sample()
	if err != nil {
		return err
	}
	clk := &clock{}
	svc, err := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithClock(clk.now), dossier.WithFees(schedule, nil))
	if err != nil {
		return err
	}
	citizen := dossier.Actor{ID: "vneid:001199012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-mc-07", Role: dossier.RoleOfficer, Unit: "000.00.12.H01"}
	handler := dossier.Actor{ID: "cb-lltp-03", Role: dossier.RoleOfficer, Unit: "000.00.12.H01"}
	gateway := dossier.Actor{ID: "payment-gateway", Role: dossier.RoleSystem}

	// 1. Filed online on Wednesday 11 February 2026 at 16:10, after the 15:00 cut-off.
	clk.set(2026, 2, 11, 16, 10)
	d, err := svc.Submit(ctx, citizen, dossier.Submission{
		ProcedureCode: "1.001234", Agency: "000.00.12.H01", Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Lan", CitizenID: "001199012345", Phone: "0912345678",
			Email: "lan.nguyen@example.vn", Address: "12 Hàng Bài, phường Hoàn Kiếm, Hà Nội"},
		FormData: map[string]any{"muc_dich": "Bổ sung hồ sơ xin việc", "so_luong": float64(1)},
		Attachments: []dossier.Attachment{
			{Name: "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", FileName: "to-khai.pdf", MediaType: "application/pdf", Size: 182344,
				SHA256: "5a2e0a3c1f6b0d3c9d1e2f4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c"},
			{Name: "Bản chụp giấy tờ tùy thân", FileName: "cccd.jpg", MediaType: "image/jpeg", Size: 402113,
				SHA256: "0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b1c"},
		},
	})
	if err != nil {
		return err
	}
	clk.set(2026, 2, 11, 16, 12)
	if d, err = svc.Pay(ctx, d.Code, gateway, dossier.Payment{Amount: d.FeeQuote.Total, Method: "online", Reference: "GD-260211-88412"}); err != nil {
		return err
	}

	// 2. Received by the counter the same evening; the count starts on the next working day.
	clk.set(2026, 2, 11, 16, 30)
	if d, err = svc.Receive(ctx, d.Code, clerk); err != nil {
		return err
	}
	start, err := cal.StartOfCount(d.ReceivedAt, 0)
	if err != nil {
		return err
	}
	fmt.Fprintln(w, "PHIẾU TIẾP NHẬN VÀ HẸN TRẢ KẾT QUẢ (mẫu 01)")
	fmt.Fprintf(w, "  Mã hồ sơ:        %s\n", d.Code)
	fmt.Fprintf(w, "  Người nộp:       %s, CCCD %s\n", d.Applicant.Name, d.Applicant.CitizenID)
	fmt.Fprintf(w, "  Thủ tục:         %s (%s)\n", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam", d.ProcedureCode)
	fmt.Fprintf(w, "  Hình thức nộp:   %s\n", d.Channel)
	for i, a := range d.Attachments {
		fmt.Fprintf(w, "  Giấy tờ %d:       %s (%s, %d bytes)\n", i+1, a.Name, a.MediaType, a.Size)
	}
	for _, l := range d.FeeQuote.Lines {
		fmt.Fprintf(w, "  Lệ phí:          %s: %d đồng (%s)\n", l.Name, l.Amount, l.LegalBasis)
	}
	fmt.Fprintf(w, "  Đã nộp:          %d đồng, %s\n", d.Payment.Amount, d.Payment.Reference)
	fmt.Fprintf(w, "  Tiếp nhận lúc:   %s\n", d.ReceivedAt.Format(layout))
	fmt.Fprintf(w, "  Tính từ:         %s (after the 15:00 cut-off)\n", start.Format(layout))
	fmt.Fprintf(w, "  Thời hạn:        %d working days\n", d.Deadline.N)
	fmt.Fprintf(w, "  Hẹn trả:         %s\n", d.DueAt.Format(layout))
	wd, err := cal.WorkingDaysBetween(start, d.DueAt)
	if err != nil {
		return err
	}
	cd := int(d.DueAt.Sub(start).Hours() / 24)
	fmt.Fprintf(w, "  (%d working days after Thu 12/02 take %d calendar days: Tết 14–22/02/2026 is closed)\n\n", wd, cd)

	// 3. Taken up after Tết, then returned for supplementation: the clock pauses.
	clk.set(2026, 2, 23, 8, 15)
	if d, err = svc.Start(ctx, d.Code, handler); err != nil {
		return err
	}
	clk.set(2026, 2, 23, 10, 0)
	if d, err = svc.RequestSupplement(ctx, d.Code, handler, "Bổ sung giấy tờ chứng minh nơi cư trú (mẫu 02)"); err != nil {
		return err
	}
	left, err := d.DaysRemaining(cal, clk.now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Paused %s with %d working days left (due %s)\n", d.PausedAt.Format(layout), left, d.DueAt.Format(layout))

	// 4. Supplemented two days later: the time left runs again.
	clk.set(2026, 2, 25, 14, 0)
	if d, err = svc.Supplement(ctx, d.Code, citizen, []dossier.Attachment{{Name: "Giấy tờ chứng minh nơi cư trú",
		FileName: "xac-nhan-cu-tru.pdf", MediaType: "application/pdf", Size: 95230,
		SHA256: "7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b"}}, nil); err != nil {
		return err
	}
	fmt.Fprintf(w, "Resumed %s: new appointment %s\n", clk.now().Format(layout), d.DueAt.Format(layout))

	// 5. Approved, signed and returned electronically.
	clk.set(2026, 3, 6, 9, 30)
	if d, err = svc.Approve(ctx, d.Code, handler); err != nil {
		return err
	}
	clk.set(2026, 3, 6, 9, 45)
	if d, err = svc.ReturnResult(ctx, d.Code, clerk, dossier.Electronic); err != nil {
		return err
	}
	fmt.Fprintf(w, "Settled %s: %s, %s\n\n", d.SettledAt.Format(layout), d.Status, d.Timeliness())

	fmt.Fprintln(w, "TRAIL")
	for _, ev := range d.Events {
		from := "-"
		if ev.From != dossier.StatusUnknown {
			from = ev.From.String()
		}
		fmt.Fprintf(w, "  #%d %s %-19s %-19s → %-19s by %-20s %s…\n", ev.Seq, ev.At.In(vn).Format("02/01 15:04"),
			ev.Action, from, ev.To, ev.Actor.ID, ev.Hash.String()[:12])
		if ev.Reason != "" {
			fmt.Fprintf(w, "     reason: %s\n", ev.Reason)
		}
		if due, ok := ev.Data.Lookup("due"); ok {
			fmt.Fprintf(w, "     due: %s\n", due)
		}
	}
	fmt.Fprintf(w, "Trail verifies: %v; head %s\n", d.Verify() == nil, d.Head())

	// An edit of history is caught, and named.
	forged := d.Clone()
	forged.Events[2].At = forged.Events[2].At.Add(-6 * time.Hour) // pretend the clerk received it before the cut-off
	err = forged.Verify()
	var te *dossier.TrailError
	if !errors.As(err, &te) {
		return fmt.Errorf("tampering not detected: %v", err)
	}
	fmt.Fprintf(w, "After editing event #%d: %v\n\n", te.Seq, err)
	return beyond(w, cal)
}

// beyond counts a deadline past the last published calendar: the year
// without an official notice is computed from the Labour Code's holidays
// and the lunar calendar, marked provisional, and every day skipped says
// where it comes from.
func beyond(w io.Writer, cal *dossier.Calendar) error {
	received := time.Date(2027, 2, 3, 10, 0, 0, 0, vn)
	due, err := cal.DueDate(received, dossier.Days(3))
	if err != nil {
		return err
	}
	tet, err := dossier.LunarNewYear(2027)
	if err != nil {
		return err
	}
	lunar, err := dossier.ToLunar(due)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "BEYOND THE PUBLISHED CALENDARS: received %s, 3 working days\n", received.Format(layout))
	fmt.Fprintf(w, "  Tết %s: %s\n", lunar.YearName(), tet.Format("Mon 02/01/2006"))
	fmt.Fprintf(w, "  Hẹn trả: %s (%s)\n", due.Format(layout), lunar)
	off, err := cal.DaysOff(received, due)
	if err != nil {
		return err
	}
	for _, d := range off {
		mark := "official"
		if d.Provisional {
			mark = "provisional"
		}
		fmt.Fprintf(w, "  skipped %s  %-8s %-11s %s\n", d.Date.Format("Mon 02/01"), d.Kind, mark, d.Name)
	}
	ys, err := cal.ProvisionalYears(received, due)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "  rests on provisional years %v: re-announce with dossier.DueChanges when the notice comes\n", ys)
	return nil
}
