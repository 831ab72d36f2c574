package dossier_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// vn is Vietnam's time zone (UTC+7, no daylight saving).
var vn = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)

func ExampleCalendar_DueDate() {
	cal, err := dossier.Official()
	if err != nil {
		fmt.Println(err)
		return
	}
	// Received on Friday 13 February 2026, the last working day before Tết.
	for _, received := range []time.Time{
		time.Date(2026, 2, 13, 10, 0, 0, 0, vn),
		time.Date(2026, 2, 13, 15, 30, 0, 0, vn), // after the 15:00 cut-off
	} {
		due, err := cal.DueDate(received, dossier.Days(3))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(received.Format("Mon 02/01 15:04"), "→", due.Format("Mon 02/01/2006 15:04"))
	}
	// Output:
	// Fri 13/02 10:00 → Wed 25/02/2026 17:00
	// Fri 13/02 15:30 → Thu 26/02/2026 17:00
}

// A year without an official notice is computed from the Labour Code and
// marked provisional; every day off says where it comes from.
func ExampleCalendar_Day() {
	cal, err := dossier.Official()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range []time.Time{
		time.Date(2026, 2, 17, 0, 0, 0, 0, vn), // Tết Bính Ngọ, published
		time.Date(2027, 2, 8, 0, 0, 0, 0, vn),  // Tết Đinh Mùi, not yet published
	} {
		day, err := cal.Day(t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s %s provisional=%v: %s\n", day.Date.Format("02/01/2006"), day.Kind, day.Provisional, day.Name)
	}
	// Output:
	// 17/02/2026 closed provisional=false: Tết Nguyên đán Bính Ngọ
	// 08/02/2027 closed provisional=true: Tết Nguyên đán Đinh Mùi
}

// The days off the rules give a year, before the Government's notice.
func ExampleProvisionalYear() {
	y, err := dossier.ProvisionalYear(2027, nil, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range y.Closed {
		fmt.Printf("%s–%s %s\n", c.From.Format("02/01"), c.To.Format("02/01"), c.Name)
	}
	// Output:
	// 01/01–03/01 Tết Dương lịch
	// 04/02–10/02 Tết Nguyên đán Đinh Mùi
	// 16/04–18/04 Giỗ Tổ Hùng Vương (10/3 âm lịch)
	// 30/04–30/04 Ngày Chiến thắng
	// 01/05–02/05 Ngày Quốc tế lao động
	// 03/05–03/05 Nghỉ bù Ngày Quốc tế lao động
	// 02/09–05/09 Quốc khánh
}

func ExampleFormatCode() {
	day := time.Date(2025, 11, 26, 0, 0, 0, 0, vn)
	code := dossier.FormatCode("000.00.01.H12", day, 1)
	agency, d, seq, err := dossier.ParseCode(code)
	fmt.Println(code)
	fmt.Println(agency, d.Format("02/01/2006"), seq, err)
	// Output:
	// 000.00.01.H12-251126-0001
	// 000.00.01.H12 26/11/2025 1 <nil>
}

func ExampleService() {
	ctx := context.Background()
	cat, _ := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
		Documents: []catalog.Requirement{{Name: "Tờ khai đăng ký khai sinh", Originals: 1}}})
	cal, _ := dossier.Official()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, vn)
	clock := func() time.Time { return now }
	svc, err := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithClock(clock))
	if err != nil {
		fmt.Println(err)
		return
	}
	citizen := dossier.Actor{ID: "cd-001199012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-07", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}

	d, err := svc.Submit(ctx, citizen, dossier.Submission{
		ProcedureCode: "1.001193", Agency: "000.00.01.H12", Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Thị Lan", CitizenID: "001199012345"},
		Attachments: []dossier.Attachment{{Name: "Tờ khai đăng ký khai sinh", MediaType: "application/pdf", Size: 48213,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	d, _ = svc.Receive(ctx, d.Code, clerk)
	fmt.Println(d.Code, d.Status, "due", d.DueAt.Format("02/01/2006 15:04"))

	now = now.Add(time.Hour)
	_, err = svc.Approve(ctx, d.Code, citizen)
	fmt.Println(errors.Is(err, dossier.ErrInvalidTransition), err)

	d, _ = svc.Approve(ctx, d.Code, clerk)
	d, _ = svc.ReturnResult(ctx, d.Code, clerk, dossier.Electronic)
	fmt.Println(d.Status, d.Timeliness(), len(d.Events), "events, trail ok:", d.Verify() == nil)
	// Output:
	// 000.00.01.H12-260302-0001 received due 05/03/2026 17:00
	// true dossier: 000.00.01.H12-260302-0001 received: cannot approve: not allowed to role applicant
	// returned early 4 events, trail ok: true
}

func ExampleVerifyTrail() {
	d := dossier.Dossier{Code: "000.00.01.H12-260302-0001"}
	ev := dossier.Event{Seq: 1, At: time.Date(2026, 3, 2, 9, 0, 0, 0, vn),
		Actor: dossier.Actor{ID: "cd-1", Role: dossier.RoleApplicant}, Action: dossier.Submit, To: dossier.Submitted}
	ev.Hash = dossier.EventHash(d.Code, &ev)
	d.Events = append(d.Events, ev)
	fmt.Println(dossier.VerifyTrail(d.Code, d.Events))

	d.Events[0].Actor.ID = "someone-else" // an edit of history
	err := dossier.VerifyTrail(d.Code, d.Events)
	var te *dossier.TrailError
	fmt.Println(errors.As(err, &te), te.Index, errors.Is(err, dossier.ErrTampered))
	// Output:
	// <nil>
	// true 0 true
}

func ExampleSummarize() {
	ctx := context.Background()
	store := dossier.NewMemStore()
	received := time.Date(2026, 3, 2, 9, 0, 0, 0, vn)
	for i, ch := range []catalog.Channel{catalog.Online, catalog.Online, catalog.Counter, catalog.Post} {
		d := dossier.Dossier{Code: dossier.FormatCode("000.00.01.H12", received, i+1), Agency: "000.00.01.H12",
			ProcedureCode: "1.001193", Online: catalog.Full, Channel: ch, Status: dossier.InProgress,
			SubmittedAt: received, ReceivedAt: received, DueAt: received.Add(72 * time.Hour)}
		if i < 2 {
			d.Status, d.Outcome, d.SettledAt = dossier.ResultReady, dossier.Granted, received.Add(time.Duration(i*80)*time.Hour)
		}
		if err := store.Create(ctx, d); err != nil {
			fmt.Println(err)
			return
		}
	}
	s, err := dossier.Summarize(ctx, store, dossier.Month(2026, time.March), dossier.GroupProcedure)
	if err != nil {
		fmt.Println(err)
		return
	}
	r := s.Rows[0]
	fmt.Printf("%s: received %d (online %d), settled %d (early %d, late %d), pending %d (overdue %d)\n",
		r.Key, r.Received(), r.NewOnlineFull+r.NewOnlinePartial, r.Settled(), r.SettledEarly, r.SettledLate,
		r.Pending(), r.PendingOverdue)
	fmt.Printf("online rate %.0f%%, on-time rate %.0f%%\n", 100*r.OnlineRate, 100*r.OnTimeRate)
	// Output:
	// 1.001193: received 4 (online 2), settled 2 (early 1, late 1), pending 2 (overdue 2)
	// online rate 50%, on-time rate 50%
}
