package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// draft is a filing in progress: the answers, the files, the signature.
type draft struct {
	ID, Owner string
	Proc      catalog.Procedure
	Form      *htmlform.Submission // earlier answers of the form
	FormData  map[string]any       // the form's answers, once valid
	Docs      *htmlform.Submission // earlier answers of the documents step
	Scans     []dossier.Attachment // the required documents, once complete
	Files     map[string]htmlform.Stored
	App       string // SHA-256 of the application PDF to sign
	Pending   []byte // the signature waiting for its value (signing.Pending as JSON)
	Signed    string // SHA-256 of the signed application
}

// steps of a filing, in order.
var steps = []struct{ Slug, VI string }{
	{"to-khai", "Điền tờ khai"}, {"giay-to", "Đính kèm giấy tờ"}, {"ky-so", "Ký số"}, {"nop", "Phí, lệ phí và nộp hồ sơ"},
}

func (a *App) home(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	var hits []catalog.Procedure
	if q != "" {
		if len(q) > 200 {
			q = q[:200]
		}
		hits = a.cat.Search(catalog.Query{Text: q, At: a.now(), Limit: 20})
	}
	a.page(w, r, http.StatusOK, "home", "Dịch vụ công trực tuyến", map[string]any{"Q": q, "Hits": hits, "Searched": q != ""})
}

func (a *App) procedure(w http.ResponseWriter, r *http.Request) {
	p, ok := a.procedureAt(r.PathValue("code"))
	if !ok {
		notFound(w)
		return
	}
	a.page(w, r, http.StatusOK, "procedure", p.Name, map[string]any{"P": p, "Days": dossier.Days(p.ProcessingDays).Label("vi")})
}

func (a *App) startDraft(w http.ResponseWriter, r *http.Request, u User) {
	p, ok := a.procedureAt(r.PathValue("code"))
	if !ok {
		notFound(w)
		return
	}
	id := make([]byte, 12)
	if _, err := rand.Read(id); err != nil {
		serverError(w, err)
		return
	}
	d := &draft{ID: hex.EncodeToString(id), Owner: u.ID, Proc: p, Files: map[string]htmlform.Stored{}}
	a.mu.Lock()
	a.drafts[d.ID] = d
	a.mu.Unlock()
	first := "to-khai"
	if a.forms[p.FormID] == nil {
		first = "giay-to"
	}
	http.Redirect(w, r, "/nop/"+d.ID+"/"+first, http.StatusSeeOther)
}

// draftOf returns the user's draft of the request, or nil.
func (a *App) draftOf(r *http.Request, u User) *draft {
	a.mu.Lock()
	defer a.mu.Unlock()
	d := a.drafts[r.PathValue("draft")]
	if d == nil || d.Owner != u.ID {
		return nil
	}
	return d
}

func (a *App) draftPage(w http.ResponseWriter, r *http.Request, u User) {
	d := a.draftOf(r, u)
	if d == nil {
		notFound(w)
		return
	}
	switch r.PathValue("step") {
	case "to-khai":
		a.formStep(w, r, d, http.StatusOK, d.Form, nil)
	case "giay-to":
		a.docsStep(w, r, d, http.StatusOK, d.Docs, nil)
	case "ky-so":
		a.signStep(w, r, u, d)
	case "nop":
		a.reviewStep(w, r, d, nil)
	default:
		notFound(w)
	}
}

func (a *App) draftPost(w http.ResponseWriter, r *http.Request, u User) {
	d := a.draftOf(r, u)
	if d == nil {
		notFound(w)
		return
	}
	switch r.PathValue("step") {
	case "to-khai":
		a.formPost(w, r, d)
	case "giay-to":
		a.docsPost(w, r, d)
	case "ky-so":
		a.signPost(w, r, u, d)
	case "nop":
		a.submit(w, r, u, d)
	default:
		notFound(w)
	}
}

// formView shows a rendered form inside the filing's page.
func (a *App) formView(w http.ResponseWriter, r *http.Request, status int, d *draft, step int, fr *htmlform.Renderer, action string, sub *htmlform.Submission, verrs forms.ValidationErrors) {
	var b strings.Builder
	err := fr.Render(r.Context(), &b, htmlform.View{Lang: "vi", Action: action, Submission: sub, Errors: verrs,
		Hidden: map[string]string{"_csrf": a.csrf(r)}, Script: "/static/htmlform.js"})
	if err != nil {
		serverError(w, err)
		return
	}
	title := steps[step].VI
	if len(verrs) > 0 {
		title = "Lỗi: " + title
	}
	a.page(w, r, status, "step", title, map[string]any{"D": d, "Step": step, "Steps": steps, "Form": trusted(b.String()), "Heading": steps[step].VI})
}

func (a *App) formStep(w http.ResponseWriter, r *http.Request, d *draft, status int, sub *htmlform.Submission, verrs forms.ValidationErrors) {
	fr := a.forms[d.Proc.FormID]
	if fr == nil {
		notFound(w)
		return
	}
	a.formView(w, r, status, d, 0, fr, "/nop/"+d.ID+"/to-khai", sub, verrs)
}

// parse reads a rendered form's post, stores its files and answers a
// visibility question itself; ok is false when the response is written.
func (a *App) parse(w http.ResponseWriter, r *http.Request, fr *htmlform.Renderer, files map[string]htmlform.Stored) (*htmlform.Submission, bool) {
	sub, err := fr.Parse(r, htmlform.ParseOptions{MaxBytes: maxBody, MaxMemory: maxInForm, Kept: func(sum string) (htmlform.Stored, bool) {
		a.mu.Lock()
		defer a.mu.Unlock()
		st, ok := files[sum]
		return st, ok
	}})
	if err != nil {
		status := http.StatusBadRequest
		if errors.Is(err, htmlform.ErrTooLarge) {
			status = http.StatusRequestEntityTooLarge
		}
		http.Error(w, htmlform.Message(err, "vi"), status)
		return nil, false
	}
	for _, up := range sub.Uploads {
		rc, err := up.Open()
		if err != nil {
			serverError(w, err)
			return nil, false
		}
		_, err = a.blobs.put(rc)
		rc.Close()
		if err != nil {
			serverError(w, err)
			return nil, false
		}
		a.mu.Lock()
		files[up.SHA256] = up.Stored
		a.mu.Unlock()
	}
	if sub.Action.Kind == htmlform.ActionVisibility {
		w.Header().Set("Content-Type", "application/json")
		_ = sub.WriteVisibility(w)
		return nil, false
	}
	return sub, true
}

// answered reads a step's post and keeps its answers in *keep; it shows the
// page again (a row added or removed, the questions updated, the errors)
// and returns false until the answers are sent and valid.
func (a *App) answered(w http.ResponseWriter, r *http.Request, fr *htmlform.Renderer, d *draft, keep **htmlform.Submission,
	show func(int, *htmlform.Submission, forms.ValidationErrors)) (map[string]any, bool) {
	sub, ok := a.parse(w, r, fr, d.Files)
	if !ok {
		return nil, false
	}
	a.mu.Lock()
	*keep = sub
	a.mu.Unlock()
	if !sub.Action.Final() {
		show(http.StatusOK, sub, nil)
		return nil, false
	}
	var verrs forms.ValidationErrors
	if err := fr.Form().Validate(r.Context(), sub.Data); errors.As(err, &verrs) {
		show(http.StatusUnprocessableEntity, sub, verrs)
		return nil, false
	} else if err != nil {
		serverError(w, err)
		return nil, false
	}
	return sub.Data, true
}

func (a *App) formPost(w http.ResponseWriter, r *http.Request, d *draft) {
	fr := a.forms[d.Proc.FormID]
	if fr == nil {
		notFound(w)
		return
	}
	answers, ok := a.answered(w, r, fr, d, &d.Form, func(status int, sub *htmlform.Submission, verrs forms.ValidationErrors) {
		a.formStep(w, r, d, status, sub, verrs)
	})
	if !ok {
		return
	}
	data, err := jsonData(answers)
	if err != nil {
		serverError(w, err)
		return
	}
	a.mu.Lock()
	d.FormData = data
	a.mu.Unlock()
	http.Redirect(w, r, "/nop/"+d.ID+"/giay-to", http.StatusSeeOther)
}

// signedFirst reports whether the procedure's first document is the
// application itself, made from the form and signed in the next step.
func (a *App) signedFirst(p catalog.Procedure) bool {
	return a.forms[p.FormID] != nil && len(p.Documents) > 0 && p.Documents[0].Template != ""
}

// docsForm returns the upload form of a procedure's required documents:
// one file field per document, required unless the catalogue says optional,
// with its accepted types and size.
func (a *App) docsForm(p catalog.Procedure) (*htmlform.Renderer, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if fr, ok := a.docs[p.Code]; ok {
		return fr, nil
	}
	s := &forms.Schema{ID: "docs-" + p.Code, Title: forms.Text{"vi": "Giấy tờ kèm theo", "en": "Documents"}}
	for i, req := range p.Documents {
		if i == 0 && a.signedFirst(p) {
			continue
		}
		var counts []string
		if req.Originals > 0 {
			counts = append(counts, strconv.Itoa(req.Originals)+" bản chính")
		}
		if req.Copies > 0 {
			counts = append(counts, strconv.Itoa(req.Copies)+" bản sao")
		}
		hint := strings.Join(counts, ", ")
		maxBytes := int64(maxUpload)
		if req.MaxBytes > 0 && req.MaxBytes < maxBytes {
			maxBytes = req.MaxBytes
		}
		s.Fields = append(s.Fields, forms.Field{Key: "doc_" + strconv.Itoa(i+1), Type: forms.TypeFile, Required: !req.Optional,
			Label: forms.Text{"vi": req.Name}, Hint: forms.Text{"vi": hint},
			File: &forms.FileSpec{Accept: req.MediaTypes, MaxBytes: maxBytes, MaxFiles: 1}})
	}
	if len(s.Fields) == 0 {
		return nil, nil
	}
	fr, err := htmlform.New(s, htmlform.Options{})
	if err != nil {
		return nil, err
	}
	a.docs[p.Code] = fr
	return fr, nil
}

func (a *App) docsStep(w http.ResponseWriter, r *http.Request, d *draft, status int, sub *htmlform.Submission, verrs forms.ValidationErrors) {
	fr, err := a.docsForm(d.Proc)
	if err != nil {
		serverError(w, err)
		return
	}
	if fr == nil {
		http.Redirect(w, r, "/nop/"+d.ID+"/ky-so", http.StatusSeeOther)
		return
	}
	a.formView(w, r, status, d, 1, fr, "/nop/"+d.ID+"/giay-to", sub, verrs)
}

// attachments turns the documents step's files into the dossier's
// attachments, read back from the blob store by their digest.
func (a *App) attachments(data map[string]any, files map[string]htmlform.Stored) ([]dossier.Attachment, error) {
	var out []dossier.Attachment
	for key, v := range data {
		n, ok := strings.CutPrefix(key, "doc_")
		list, _ := v.([]any)
		if !ok || len(list) == 0 {
			continue
		}
		f, _ := list[0].(forms.File)
		for sum, st := range files {
			if st.File != f {
				continue
			}
			content, err := a.blobs.get(sum)
			if err != nil {
				return nil, err
			}
			att, err := dossier.ReadAttachment("", f.Name, bytes.NewReader(content), maxUpload)
			if err != nil {
				return nil, err
			}
			att.Document = "#" + n // the n-th document of the procedure's list
			out = append(out, att)
			break
		}
	}
	return out, nil
}

func (a *App) docsPost(w http.ResponseWriter, r *http.Request, d *draft) {
	fr, err := a.docsForm(d.Proc)
	if err != nil || fr == nil {
		notFound(w)
		return
	}
	answers, ok := a.answered(w, r, fr, d, &d.Docs, func(status int, sub *htmlform.Submission, verrs forms.ValidationErrors) {
		a.docsStep(w, r, d, status, sub, verrs)
	})
	if !ok {
		return
	}
	a.mu.Lock()
	files := d.Files
	a.mu.Unlock()
	scans, err := a.attachments(answers, files)
	if err != nil {
		serverError(w, err)
		return
	}
	a.mu.Lock()
	d.Scans = scans
	a.mu.Unlock()
	http.Redirect(w, r, "/nop/"+d.ID+"/ky-so", http.StatusSeeOther)
}

// signStep lays out the applicant's signature on the application PDF
// (signing.Prepare) and asks the remote signing service for its value.
func (a *App) signStep(w http.ResponseWriter, r *http.Request, u User, d *draft) {
	leaf, err := a.leaf(u)
	if err != nil {
		serverError(w, err)
		return
	}
	a.mu.Lock()
	pending := d.Pending
	a.mu.Unlock()
	var p signing.Pending
	if pending == nil {
		pdf, err := signingtest.PDF(signingtest.PDFOptions{Text: vietqr.ASCII("Giay de nghi - " + d.Proc.Code + " " + d.Proc.Name + " - " + u.Name + " - CCCD " + u.CitizenID)})
		if err != nil {
			serverError(w, err)
			return
		}
		app, err := a.blobs.put(bytes.NewReader(pdf))
		if err != nil {
			serverError(w, err)
			return
		}
		pp, err := signing.Prepare(r.Context(), bytes.NewReader(pdf), int64(len(pdf)), leaf.Chain, signing.Options{
			Name: u.Name, Reason: "Nộp hồ sơ " + d.Proc.Name, Location: "Cổng dịch vụ công", Time: a.now(),
		})
		if err != nil {
			serverError(w, err)
			return
		}
		if pending, err = pp.MarshalJSON(); err != nil {
			serverError(w, err)
			return
		}
		a.mu.Lock()
		d.App, d.Pending = app, pending
		a.mu.Unlock()
	}
	if err := p.UnmarshalJSON(pending); err != nil {
		serverError(w, err)
		return
	}
	a.page(w, r, http.StatusOK, "sign", steps[2].VI, map[string]any{"D": d, "Step": 2, "Steps": steps,
		"Digest": hex.EncodeToString(p.Digest()), "Expires": dossier.FormatTime(p.Expires(), "vi"), "Signer": p.Certificate().Subject.CommonName,
		"Signed": d.Signed != ""})
}

// signPost is the remote service's answer: the test CA's key of the
// citizen signs the digest (on a phone, in a real service), and
// signing.Complete finishes the signature.
func (a *App) signPost(w http.ResponseWriter, r *http.Request, u User, d *draft) {
	leaf, err := a.leaf(u)
	if err != nil {
		serverError(w, err)
		return
	}
	a.mu.Lock()
	pending, app := d.Pending, d.App
	a.mu.Unlock()
	var p signing.Pending
	if pending == nil || p.UnmarshalJSON(pending) != nil {
		http.Redirect(w, r, "/nop/"+d.ID+"/ky-so", http.StatusSeeOther)
		return
	}
	sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
	if err != nil {
		serverError(w, err)
		return
	}
	pdf, err := a.blobs.get(app)
	if err != nil {
		serverError(w, err)
		return
	}
	var out bytes.Buffer
	if err := signing.Complete(r.Context(), bytes.NewReader(pdf), int64(len(pdf)), &out, &p, sig, nil, signing.CompleteOptions{Now: a.now()}); err != nil {
		serverError(w, fmt.Errorf("complete the signature: %w", err))
		return
	}
	sum, err := a.blobs.put(&out)
	if err != nil {
		serverError(w, err)
		return
	}
	a.mu.Lock()
	d.Signed = sum
	a.mu.Unlock()
	http.Redirect(w, r, "/nop/"+d.ID+"/nop", http.StatusSeeOther)
}

func feeItems(p catalog.Procedure) []fees.ItemRequest {
	items := make([]fees.ItemRequest, len(p.FeeItems))
	for i, code := range p.FeeItems {
		items[i] = fees.ItemRequest{Code: code, Quantity: 1}
	}
	return items
}

// reviewStep shows the fee with its explanation and the submit button.
func (a *App) reviewStep(w http.ResponseWriter, r *http.Request, d *draft, problems []string) {
	data := map[string]any{"D": d, "Step": 3, "Steps": steps, "Problems": problems}
	if len(d.Proc.FeeItems) > 0 {
		q, err := a.schedule.Quote(fees.Request{Items: feeItems(d.Proc), At: a.now(), Channel: fees.Online})
		if err == nil {
			text, _ := q.Explain("vi")
			data["Total"], data["Explain"] = q.Total.String(), text
		} else {
			data["FeeError"] = fees.Message(err, "vi")
		}
	}
	status := http.StatusOK
	title := steps[3].VI
	if len(problems) > 0 {
		status, title = http.StatusUnprocessableEntity, "Lỗi: "+title
	}
	a.page(w, r, status, "review", title, data)
}

func (a *App) submit(w http.ResponseWriter, r *http.Request, u User, d *draft) {
	a.mu.Lock()
	atts := append([]dossier.Attachment(nil), d.Scans...)
	signed, formData := d.Signed, d.FormData
	a.mu.Unlock()
	if signed != "" && a.signedFirst(d.Proc) {
		pdf, err := a.blobs.get(signed)
		if err != nil {
			serverError(w, err)
			return
		}
		app := dossier.NewAttachment(d.Proc.Documents[0].Name, "giay-de-nghi-da-ky.pdf", pdf)
		atts = append([]dossier.Attachment{app}, atts...)
	}
	doss, err := a.svc.Submit(r.Context(), u.actor(), dossier.Submission{
		ProcedureCode: d.Proc.Code, Agency: agencyCode, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: u.Name, CitizenID: u.CitizenID, Phone: u.Phone, Email: u.Email},
		FormData:  formData, Attachments: atts,
	})
	if err != nil {
		a.reviewStep(w, r, d, strings.Split(dossier.Message(err, "vi"), "\n"))
		return
	}
	a.mu.Lock()
	delete(a.drafts, d.ID)
	a.mu.Unlock()
	http.Redirect(w, r, "/ho-so/"+doss.Code, http.StatusSeeOther)
}

func (a *App) dossierPage(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		notFound(w)
		return
	}
	data := map[string]any{"D": d, "Status": d.Status.Label("vi"), "Submitted": dossier.FormatTime(d.SubmittedAt, "vi"),
		"Result": a.hasResult(d.Code), "Overdue": d.OverdueAt(a.now())}
	if !d.ReceivedAt.IsZero() {
		data["Received"], data["Due"] = dossier.FormatTime(d.ReceivedAt, "vi"), dossier.FormatTime(d.DueAt, "vi")
	}
	if d.FeeQuote != nil && d.Payment == nil && d.FeeQuote.Total > 0 {
		data["Unpaid"] = d.FeeQuote.Total.String()
	}
	if d.Status == dossier.AwaitingSupplement {
		if fr, err := a.docsForm(a.procedureOf(d)); err == nil && fr != nil {
			var b strings.Builder
			if err := fr.Render(r.Context(), &b, htmlform.View{Action: "/ho-so/" + d.Code + "/bo-sung", Hidden: map[string]string{"_csrf": a.csrf(r)},
				Submit: forms.Text{"vi": "Gửi bổ sung"}}); err == nil {
				data["Supplement"] = trusted(b.String())
			}
		}
	}
	a.page(w, r, http.StatusOK, "dossier", "Hồ sơ "+d.Code, data)
}

// procedureOf returns the dossier's procedure as filed.
func (a *App) procedureOf(d dossier.Dossier) catalog.Procedure {
	p, _ := a.cat.Get(d.ProcedureCode, d.SubmittedAt)
	return p
}

func (a *App) dossierPost(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		notFound(w)
		return
	}
	switch r.PathValue("action") {
	case "thanh-toan": // the bank's notification, simulated
		if d.FeeQuote == nil {
			notFound(w)
			return
		}
		_, err = a.svc.Pay(r.Context(), d.Code, dossier.Actor{ID: "vietqr-demo-bank", Role: dossier.RoleSystem},
			dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr", Reference: "QR-" + d.Code, PaidAt: a.now()})
	case "bo-sung":
		var fr *htmlform.Renderer
		if fr, err = a.docsForm(a.procedureOf(d)); err != nil || fr == nil {
			notFound(w)
			return
		}
		files := map[string]htmlform.Stored{}
		sub, ok := a.parse(w, r, fr, files)
		if !ok {
			return
		}
		var atts []dossier.Attachment
		if atts, err = a.attachments(sub.Data, files); err == nil {
			_, err = a.svc.Supplement(r.Context(), d.Code, u.actor(), atts, nil)
		}
	default:
		notFound(w)
		return
	}
	if err != nil {
		a.page(w, r, http.StatusUnprocessableEntity, "problem", "Lỗi", map[string]any{"Message": dossier.Message(err, "vi"), "Back": "/ho-so/" + d.Code})
		return
	}
	http.Redirect(w, r, "/ho-so/"+d.Code, http.StatusSeeOther)
}

// vietQR draws the VietQR code of the dossier's fee: the agency's account,
// the amount and the dossier code in the purpose (dossier/bank).
func (a *App) vietQR(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil || d.FeeQuote == nil || d.Payment != nil {
		notFound(w)
		return
	}
	p, err := bank.Request(a.cfg.Account, &d)
	if err != nil {
		serverError(w, err)
		return
	}
	content, err := p.Encode()
	if err != nil {
		serverError(w, err)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "no-store")
	_ = vietqr.WritePNG(w, content, vietqr.ImageOptions{Size: 256})
}

func (a *App) receiptPDF(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil || d.ReceivedAt.IsZero() {
		notFound(w)
		return
	}
	rcpt, err := a.svc.Receipt(r.Context(), d.Code)
	if err != nil {
		serverError(w, err)
		return
	}
	p := a.procedureOf(d)
	var b bytes.Buffer
	if err := a.papers.Write(&b, paperOf(d, &p, &rcpt)); err != nil {
		serverError(w, err)
		return
	}
	pdfResponse(w, "giay-tiep-nhan-"+d.Code+".pdf", b.Bytes())
}

func (a *App) resultPDF(w http.ResponseWriter, r *http.Request, u User) {
	d, err := a.loadDossier(r.Context(), u, r.PathValue("code"))
	if err != nil {
		notFound(w)
		return
	}
	pdf, err := a.result(d.Code)
	if err != nil {
		notFound(w)
		return
	}
	pdfResponse(w, "ket-qua-"+d.Code+".pdf", pdf)
}

func pdfResponse(w http.ResponseWriter, name string, pdf []byte) {
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(pdf)))
	_, _ = w.Write(pdf)
}

// lookup shows a dossier's status to anyone holding its code, as the
// receipt's QR code promises.
func (a *App) lookup(w http.ResponseWriter, r *http.Request) {
	code := strings.TrimSpace(r.URL.Query().Get("ma"))
	data := map[string]any{"Code": code}
	if code != "" {
		d, err := dossier.Dossier{}, error(dossier.ErrNotFound)
		if _, _, _, perr := dossier.ParseCode(code); perr == nil {
			d, err = a.svc.Get(r.Context(), code)
		}
		if err != nil {
			data["Missing"] = true
		} else {
			data["D"], data["Status"] = d, d.Status.Label("vi")
			if !d.DueAt.IsZero() {
				data["Due"] = dossier.FormatTime(d.DueAt, "vi")
			}
		}
	}
	a.page(w, r, http.StatusOK, "lookup", "Tra cứu hồ sơ", data)
}

// jsonData returns the form's data as decoded from its JSON (numbers kept
// exact): the shape the store gives back, so that the trail's hash of the
// submitted data and of the stored data agree (dossier hashes the map as
// given: a forms.File struct and the JSON object it becomes order their keys
// differently).
func jsonData(m map[string]any) (map[string]any, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out map[string]any
	return out, dec.Decode(&out)
}
