package main

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/signing"
)

var agency = paper.Agency{Parent: "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", Name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG", Place: "Hà Nội", Phone: "024 3825 0000"}

func paperOf(d dossier.Dossier, p *catalog.Procedure, rcpt *dossier.Receipt) paper.Paper {
	return paper.Paper{Kind: paper.Receipt, Dossier: d, Procedure: p, Agency: agency, Receipt: rcpt, Officer: "Cán bộ một cửa"}
}

// queueRow is a dossier of the clerk's queue.
type queueRow struct {
	D               dossier.Dossier
	Status, Due     string
	Submitted       string
	Overdue, Paused bool
}

// queue lists the open dossiers by due date (those not yet received
// first, by filing time), the overdue ones marked.
func (a *App) queue(w http.ResponseWriter, r *http.Request, _ User) {
	now := a.now()
	var rows []queueRow
	// Everything at the desk: awaiting intake, being handled, or with its
	// result waiting to be returned.
	f := dossier.Filter{Brief: true, Statuses: []dossier.Status{dossier.Submitted, dossier.Received, dossier.InProgress,
		dossier.AwaitingSupplement, dossier.AwaitingPayment, dossier.Transferred, dossier.ResultReady}}
	for d, err := range a.store.List(r.Context(), f) {
		if err != nil {
			serverError(w, err)
			return
		}
		row := queueRow{D: d, Status: d.Status.Label("vi"), Submitted: dossier.FormatTime(d.SubmittedAt, "vi"), Overdue: d.OverdueAt(now), Paused: d.Paused()}
		if !d.DueAt.IsZero() {
			row.Due = dossier.FormatTime(d.DueAt, "vi")
		}
		rows = append(rows, row)
	}
	slices.SortStableFunc(rows, func(x, y queueRow) int {
		if x.D.DueAt.IsZero() != y.D.DueAt.IsZero() {
			if x.D.DueAt.IsZero() {
				return -1
			}
			return 1
		}
		if c := x.D.DueAt.Compare(y.D.DueAt); c != 0 {
			return c
		}
		return cmp.Compare(x.D.SubmittedAt.UnixNano(), y.D.SubmittedAt.UnixNano())
	})
	a.page(w, r, http.StatusOK, "queue", "Hàng đợi hồ sơ", map[string]any{"Rows": rows, "Now": dossier.FormatTime(now, "vi")})
}

// deskActions are the clerk's buttons, by the state machine's action.
var deskActions = map[dossier.Action]string{
	dossier.Receive: "Tiếp nhận", dossier.Start: "Bắt đầu giải quyết", dossier.RequestSupplement: "Yêu cầu bổ sung",
	dossier.Approve: "Phê duyệt và ký số", dossier.ReturnResult: "Trả kết quả",
}

type deskButton struct{ Action, Label string }

func (a *App) desk(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		notFound(w)
		return
	}
	var buttons []deskButton
	for _, act := range dossier.Actions(d.Status) {
		if l, ok := deskActions[act]; ok {
			buttons = append(buttons, deskButton{act.String(), l})
		}
	}
	data := map[string]any{"D": d, "Status": d.Status.Label("vi"), "Buttons": buttons, "Overdue": d.OverdueAt(a.now()),
		"Submitted": dossier.FormatTime(d.SubmittedAt, "vi"), "Proc": a.procedureOf(d)}
	if !d.DueAt.IsZero() {
		data["Due"] = dossier.FormatTime(d.DueAt, "vi")
	}
	a.page(w, r, http.StatusOK, "desk", "Hồ sơ "+d.Code, data)
}

func (a *App) deskPost(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		notFound(w)
		return
	}
	var act dossier.Action
	if act.UnmarshalText([]byte(r.PathValue("action"))) != nil {
		notFound(w)
		return
	}
	by := u.actor()
	ctx := r.Context()
	switch act {
	case dossier.Receive:
		_, err = a.svc.Receive(ctx, d.Code, by)
	case dossier.Start:
		_, err = a.svc.Start(ctx, d.Code, by)
	case dossier.RequestSupplement:
		_, err = a.svc.RequestSupplement(ctx, d.Code, by, strings.TrimSpace(r.PostFormValue("reason")))
	case dossier.Approve:
		err = a.approve(r, u, d)
	case dossier.ReturnResult:
		_, err = a.svc.ReturnResult(ctx, d.Code, by, dossier.Electronic)
	default:
		notFound(w)
		return
	}
	if err != nil {
		a.page(w, r, http.StatusUnprocessableEntity, "problem", "Lỗi", map[string]any{"Message": dossier.Message(err, "vi"), "Back": "/can-bo/ho-so/" + d.Code})
		return
	}
	http.Redirect(w, r, "/can-bo/ho-so/"+d.Code, http.StatusSeeOther)
}

// approve countersigns the applicant's signed application as the result
// and records the approval; the result is kept only if the approval is.
func (a *App) approve(r *http.Request, u User, d dossier.Dossier) error {
	var signed []byte
	for _, att := range d.Attachments {
		if b, err := a.blobs.get(att.SHA256); err == nil && att.MediaType == "application/pdf" && bytes.HasPrefix(b, []byte("%PDF")) {
			if rep, err := signing.Verify(r.Context(), bytes.NewReader(b), int64(len(b)), signing.Policy{Roots: a.ca.Pool(), At: a.now()}); err == nil && len(rep.Signatures) > 0 {
				signed = b
				break
			}
		}
	}
	if signed == nil {
		return errors.New("hồ sơ không có tờ khai đã ký số để ký duyệt (no signed application to countersign)")
	}
	signer, err := signing.NewSigner(a.officer.Key, a.officer.Chain)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	if err := signing.Sign(r.Context(), bytes.NewReader(signed), int64(len(signed)), &out, signer, signing.Options{
		Name: a.officer.Cert.Subject.CommonName, Reason: "Phê duyệt kết quả hồ sơ " + d.Code, Location: agency.Place, Time: a.now(),
	}); err != nil {
		return err
	}
	if _, err := a.svc.Approve(r.Context(), d.Code, u.actor()); err != nil {
		return err
	}
	return a.keepResult(d.Code, out.Bytes())
}

// resultPath is the file naming a dossier's result; the code has been
// checked by dossier.ParseCode and is hashed into the name anyway.
func (a *App) resultPath(code string) string {
	h := sha256.Sum256([]byte(code))
	return filepath.Join(a.cfg.Dir, "results", hex.EncodeToString(h[:]))
}

func (a *App) keepResult(code string, pdf []byte) error {
	sum, err := a.blobs.put(bytes.NewReader(pdf))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(a.cfg.Dir, "results"), 0o750); err != nil {
		return err
	}
	return os.WriteFile(a.resultPath(code), []byte(sum), 0o640)
}

func (a *App) result(code string) ([]byte, error) {
	sum, err := os.ReadFile(a.resultPath(code))
	if err != nil {
		return nil, err
	}
	return a.blobs.get(string(sum))
}

func (a *App) hasResult(code string) bool {
	_, err := os.Stat(a.resultPath(code))
	return err == nil
}

// statistics writes the month's settlement statistics by procedure.
func (a *App) statistics(w http.ResponseWriter, r *http.Request, _ User) {
	now := a.now()
	sum, err := dossier.Summarize(r.Context(), a.store, dossier.Month(now.Year(), now.Month()), dossier.GroupProcedure)
	if err != nil {
		serverError(w, err)
		return
	}
	var b bytes.Buffer
	if err := report.WriteStatistics(&b, sum, report.Options{Unit: "Trung tâm Phục vụ hành chính công", AsOf: now,
		ProcedureName: report.CatalogNames(a.cat, now)}); err != nil {
		serverError(w, err)
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="thong-ke-`+now.Format("2006-01")+`.xlsx"`)
	_, _ = w.Write(b.Bytes())
}
