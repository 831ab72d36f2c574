package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/sqlstore"
)

// A ward keeps its dossiers in one SQLite file: the Service runs its
// transitions through the store, and everything is there after a restart.
func Example() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "motcua-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "phuong.db")

	store, err := sqlstore.Open(ctx, sqlstore.SQLite, file)
	if err != nil {
		fmt.Println(err)
		return
	}
	cat, _ := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
		Documents: []catalog.Requirement{{Name: "Tờ khai đăng ký khai sinh", Originals: 1}}})
	cal, _ := dossier.Official()
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, dossier.Location)
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { return now }))
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
	now = now.Add(10 * time.Minute)
	if _, err := svc.Receive(ctx, d.Code, clerk); err != nil {
		fmt.Println(err)
		return
	}
	store.Close()

	// Reopen, as after a restart.
	store, err = sqlstore.Open(ctx, sqlstore.SQLite, file)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer store.Close()
	d, err = store.Get(ctx, d.Code)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Code, d.Status, "due", d.DueAt.Format("02/01/2006 15:04"))
	for _, ev := range d.Events {
		fmt.Println(ev.Seq, ev.Action, ev.To)
	}
	fmt.Println("trail verifies:", d.Verify() == nil)
	// Each event is a leaf of the store's transparency log.
	for e, err := range store.DossierEntries(ctx, d.Code) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("log leaf %d: event %d, matches the trail: %t\n", e.Index, e.Seq, e.Leaf == dossier.LeafHash(&d.Events[e.Seq-1]))
	}
	// The database's own integrity check, and every dossier verified.
	rep, err := store.Check(ctx, sqlstore.CheckOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%s: %d dossier, %d events, clean: %t\n", rep.Database, rep.Dossiers, rep.Events, rep.Clean())
	version, _ := store.Version(ctx)
	fmt.Println("schema version", version)
	// Output:
	// 000.00.01.H12-260302-0001 received due 05/03/2026 17:00
	// 1 submit submitted
	// 2 receive received
	// trail verifies: true
	// log leaf 0: event 1, matches the trail: true
	// log leaf 1: event 2, matches the trail: true
	// sqlite integrity_check: 1 dossier, 2 events, clean: true
	// schema version 11
}
