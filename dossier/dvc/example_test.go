package dvc_test

import (
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/dvc"
)

// memPortal is a Portal that keeps what it is sent, in order.
type memPortal struct{ states []string }

func (p *memPortal) SyncDossiers(_ context.Context, rs []dvc.Record, updating bool) error { return nil }

func (p *memPortal) UpdateProgress(_ context.Context, ps []dvc.Progress) error {
	for _, x := range ps {
		p.states = append(p.states, x.MaHoSo+" "+x.TrangThai+" "+x.NoiDungXuLy)
	}
	return nil
}

// A dossier's events reach the portal in order through the store's outbox.
func Example() {
	ctx := context.Background()
	cat, _ := catalog.New(catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	cal, _ := dossier.Official()
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, dossier.Location)
	store := dossier.NewMemStore() // or sqlstore.Open: the outbox is written with the events
	svc, _ := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { now = now.Add(time.Minute); return now }))
	d, _ := svc.Submit(ctx, dossier.Actor{ID: "cong-dan-1", Role: dossier.RoleApplicant}, dossier.Submission{
		ProcedureCode: "1.000001", Agency: "000.00.01.H12", Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "001099012345"}})
	clerk := dossier.Actor{ID: "can-bo-1", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	svc.Receive(ctx, d.Code, clerk)

	portal := &memPortal{} // or dvc.NewClient(dvc.Config{...}) for the real portal
	sender, _ := dvc.NewSender(store, portal, &dvc.Mapper{Catalog: cat}, dvc.Options{})
	for {
		n, err := sender.Step(ctx) // sender.Run(ctx) in a service
		if err != nil || n == 0 {
			break
		}
	}
	for _, s := range portal.states {
		fmt.Println(s)
	}
	left, _ := sender.Pending(ctx)
	fmt.Println("left in the outbox:", left)
	// Output:
	// 000.00.01.H12-260302-0001 1 Nộp hồ sơ
	// 000.00.01.H12-260302-0001 2 Tiếp nhận hồ sơ
	// left in the outbox: 0
}
