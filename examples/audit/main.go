// Command audit shows what the transparency log is for. A ward's one-stop
// system keeps its dossiers in SQLite; at the end of the month the
// inspector takes a checkpoint of the log, signed with the ward's key.
// Later someone with access to the database moves a dossier's due date ten
// days on in SQL — a late dossier would count as on time in every
// statistic. The inspector audits the database against the checkpoint she
// kept: the audit names the dossier and the field, and a citizen's receipt
// still proves what was filed.
package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/sqlstore"
)

func main() {
	dir, err := os.MkdirTemp("", "motcua-audit-")
	if err == nil {
		defer os.RemoveAll(dir)
		err = run(context.Background(), os.Stdout, filepath.Join(dir, "phuong.db"))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// vn is Vietnam's time zone (UTC+7, no daylight saving).
var vn = time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)

func run(ctx context.Context, w io.Writer, path string) error {
	store, err := sqlstore.Open(ctx, sqlstore.SQLite, path)
	if err != nil {
		return err
	}
	defer store.Close()
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	if err != nil {
		return err
	}
	cal, err := dossier.Official()
	if err != nil {
		return err
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, vn)
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { return now }))
	if err != nil {
		return err
	}
	citizen := dossier.Actor{ID: "vneid:001199012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-mc-02", Role: dossier.RoleOfficer, Unit: "000.00.07.H26"}

	// November: three births registered, one of them settled late.
	var codes []string
	for i, name := range []string{"Nguyễn Minh An", "Trần Thu Hà", "Lê Gia Bảo"} {
		d, err := svc.Submit(ctx, citizen, dossier.Submission{ProcedureCode: "1.001193", Agency: "000.00.07.H26",
			Channel: catalog.Online, Applicant: dossier.Applicant{Name: "Phạm Thị Mai", CitizenID: "001199012345"},
			FormData: map[string]any{"ho_ten_tre": name}})
		if err != nil {
			return err
		}
		codes = append(codes, d.Code)
		now = now.Add(time.Hour)
		if _, err := svc.Receive(ctx, d.Code, clerk); err != nil {
			return err
		}
		now = now.AddDate(0, 0, 2+3*i) // each takes longer: the third is late
		if _, err := svc.Start(ctx, d.Code, clerk); err != nil {
			return err
		}
		if d, err = svc.Approve(ctx, d.Code, clerk); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  due %s, settled %s: %s\n", d.Code, d.DueAt.Format("02/01"), d.SettledAt.Format("02/01"), d.Timeliness())
	}
	receipt, err := svc.Receipt(ctx, codes[2])
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "receipt of the third: %s\n\n", receipt)

	// 30 November: the ward signs a checkpoint; the inspector keeps it and
	// the ward's public key.
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	key, err := dossier.NewLogKey("ubnd-phuong-07.h26", priv)
	if err != nil {
		return err
	}
	size, err := store.LogSize(ctx)
	if err != nil {
		return err
	}
	root, err := dossier.TreeHash(ctx, size, store)
	if err != nil {
		return err
	}
	checkpoint, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: "ubnd-phuong-07.h26/dossiers", Size: size, Root: root,
		Time: time.Date(2026, 11, 30, 17, 0, 0, 0, vn)}, key)
	if err != nil {
		return err
	}
	vkey, err := dossier.VerifierKey(key.Name(), key.Public())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "checkpoint kept by the inspector (%d events):\n%s\n", size, checkpoint)

	// December: someone moves the late dossier's due date ten days on, in SQL
	// (due_at holds nanoseconds since 1970).
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `UPDATE motcua_dossiers SET due_at = due_at + ? WHERE code = ?`,
		int64(10*24*time.Hour), codes[2]); err != nil {
		return err
	}
	d, err := store.Get(ctx, codes[2])
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "after the edit, %s is %s\n\n", d.Code, d.Timeliness())

	// The inspector's audit, with the checkpoint and the public key only.
	verifier, err := dossier.ParseVerifierKey(vkey)
	if err != nil {
		return err
	}
	rep, err := dossier.Audit(ctx, store, dossier.AuditOptions{Checkpoint: checkpoint, Verifier: verifier})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "audit: %d dossiers, %d events, log of %d, clean: %v\n", rep.Dossiers, rep.Events, rep.Size, rep.Clean())
	for _, f := range rep.Findings {
		fmt.Fprintf(w, "  %s\n", f)
	}

	// The citizen's receipt still proves the submission is in the log.
	cp, err := dossier.OpenCheckpoint(checkpoint, verifier)
	if err != nil {
		return err
	}
	proof, err := dossier.ProveInclusion(ctx, store, cp.Size, receipt.LogIndex)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "receipt in the checkpoint's log: %v\n", receipt.VerifyInclusion(cp, proof) == nil)
	return nil
}
