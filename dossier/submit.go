package dossier

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/forms"
)

// Submission is what an applicant files (or an officer files for them at
// the counter).
type Submission struct {
	// ProcedureCode is the national code of the procedure.
	ProcedureCode string
	// Agency is the receiving agency's code, the first part of the dossier
	// code, e.g. "000.00.01.H12".
	Agency string
	// Level is the level of government handling the dossier; it may be
	// left zero when the procedure has a single level.
	Level catalog.Level
	// Case names the procedure's case ([catalog.Case.Name]) whose documents
	// apply, when it has several.
	Case string
	// Applicant is who files.
	Applicant Applicant
	// Channel is how the dossier is filed.
	Channel catalog.Channel
	// FormData is the declaration form's data.
	FormData map[string]any
	// Attachments are the documents, named after the required documents.
	Attachments []Attachment
}

// Submit files a dossier: it checks the submission, the form data (with the
// form set by [WithForms]), the attachments against the procedure's
// required documents, and quotes the fees (with [WithFees]), and reports
// every problem at once in a [*SubmissionError]. A dossier that passes gets
// its code from [Store.NextCode] (allocated on the filing day), its
// deadline from the catalogue or [Terms], and a trail starting with the
// submission event, whose data commit to the form data and attachment
// digests; it is stored with [Store.Create] in state [Submitted]. The
// returned dossier shares sub's FormData and Attachments (the store keeps
// its own copies).
func (s *Service) Submit(ctx context.Context, by Actor, sub Submission) (Dossier, error) {
	at := s.clock()
	if by.ID == "" || (by.Role != RoleApplicant && by.Role != RoleOfficer) {
		return Dossier{}, refusal("", StatusUnknown, Submit, "actor", by.ID, by.Role)
	}
	var probs []Problem
	field := func(path, rule string, params ...any) {
		probs = append(probs, problem(ProblemField, path, rule, params...))
	}
	proc, ok := s.cat.Get(sub.ProcedureCode, at)
	switch {
	case ok:
	case len(s.cat.Versions(sub.ProcedureCode)) > 0:
		field("ProcedureCode", "procedure_not_in_force", sub.ProcedureCode, day(at))
	default:
		field("ProcedureCode", "procedure_unknown", sub.ProcedureCode)
	}
	if err := CheckAgency(sub.Agency); err != nil {
		field("Agency", "agency", err)
	}
	switch sub.Channel {
	case catalog.Counter, catalog.Post:
	case catalog.Online:
		if ok && !proc.Online.IsOnline() {
			field("Channel", "channel_offline", proc.Code)
		}
	default:
		field("Channel", "channel_unknown")
	}
	checkApplicant(&sub.Applicant, field)
	checkLimits(&sub, field)
	level := sub.Level
	if ok {
		switch {
		case level == catalog.LevelUnknown && len(proc.Levels) == 1:
			level = proc.Levels[0]
		case level == catalog.LevelUnknown:
			field("Level", "level_ambiguous", proc.Code)
		case !proc.HasLevel(level):
			field("Level", "level_unsupported", proc.Code, level)
		}
	}
	d := Dossier{
		Agency: sub.Agency, ProcedureCode: sub.ProcedureCode, Level: level,
		Applicant: sub.Applicant, Channel: sub.Channel,
		FormData: sub.FormData, Attachments: sub.Attachments, // the store keeps its own copies
		Status: Submitted, SubmittedAt: at,
	}
	if ok {
		d.ProcedureVersion, d.Sector, d.Online = proc.ValidFrom, proc.Sector, proc.Online
		probs = append(probs, s.checkForm(ctx, &proc, sub.FormData)...)
		reqs, known := documents(&proc, sub.Case)
		if !known {
			probs = append(probs, problem(ProblemDocument, "Case", "case_unknown", sub.Case))
		}
		atts, p := checkDocuments(reqs, sub.Attachments, known)
		probs = append(probs, p...)
		d.Attachments = atts
		q, p := s.quote(&d, &proc)
		probs = append(probs, p...)
		d.FeeQuote = q
		t := s.terms[proc.Code]
		d.Deadline = deadlineOf(&proc, sub.Channel, t)
		d.CutOff = int(t.CutOff.Minutes())
		d.RestartOnSupplement = t.RestartOnSupplement
	}
	if len(probs) > 0 {
		return Dossier{}, &SubmissionError{Problems: probs}
	}
	code, err := s.store.NextCode(ctx, sub.Agency, at)
	if err != nil {
		return Dossier{}, fmt.Errorf("dossier: submit: %w", err)
	}
	d.Code = code
	var data dataBuilder
	if err := setSubmitData(data.set, &d); err != nil {
		return Dossier{}, &SubmissionError{Problems: []Problem{{Kind: ProblemForm, Path: "FormData", Rule: "form", Params: []any{err}, Err: err}}}
	}
	d.appendEvent(Event{At: at, Actor: by, Action: Submit, To: Submitted, Data: data.data()})
	if err := s.store.Create(ctx, d); err != nil {
		return Dossier{}, fmt.Errorf("dossier: submit: %w", err)
	}
	return d, nil
}

// Limits of a submission, checked by [Service.Submit] before anything
// else is done with its content (and, for reasons and supplements, by the
// transitions): each refused with a [Problem] or a [*TransitionError] of
// rule "too_long", "too_many" or "form_too_large", which quote the sizes,
// never the content.
const (
	// MaxTextLen is the most characters (runes) of each applicant field
	// (name, identifiers, phone, e-mail, address) and of each attachment's
	// document name, file name and media type.
	MaxTextLen = 500
	// MaxAttachments is the most attachments of a submission or of one
	// supplement.
	MaxAttachments = 200
	// MaxFormBytes is the most bytes of the form data, encoded as JSON.
	MaxFormBytes = 1 << 20
	// MaxReasonLen is the most characters of the reason of a transition.
	MaxReasonLen = 4000
)

// checkLimits checks sub against the documented limits.
func checkLimits(sub *Submission, field func(path, rule string, params ...any)) {
	text := func(path, s string) {
		if len(s) > MaxTextLen { // bytes ≥ runes: count runes only when it may matter
			if n := utf8.RuneCountInString(s); n > MaxTextLen {
				field(path, "too_long", n, MaxTextLen)
			}
		}
	}
	a := &sub.Applicant
	text("Applicant.Name", a.Name)
	text("Applicant.CitizenID", a.CitizenID)
	text("Applicant.TaxCode", a.TaxCode)
	text("Applicant.Phone", a.Phone)
	text("Applicant.Email", a.Email)
	text("Applicant.Address", a.Address)
	if n := len(sub.Attachments); n > MaxAttachments {
		field("Attachments", "too_many", n, MaxAttachments)
	} else {
		for i := range sub.Attachments {
			at := &sub.Attachments[i]
			p := "Attachments[" + strconv.Itoa(i) + "]."
			text(p+"Name", at.Name)
			text(p+"Document", at.Document)
			text(p+"FileName", at.FileName)
			text(p+"MediaType", at.MediaType)
		}
	}
	if len(sub.FormData) > 0 {
		if b, err := json.Marshal(sub.FormData); err == nil && len(b) > MaxFormBytes {
			field("FormData", "form_too_large", sizeText(int64(len(b))), sizeText(MaxFormBytes))
		}
	}
}

func checkApplicant(a *Applicant, field func(path, rule string, params ...any)) {
	if strings.TrimSpace(a.Name) == "" {
		field("Applicant.Name", "name_empty")
	}
	if a.CitizenID == "" && a.TaxCode == "" {
		field("Applicant", "id_missing")
	}
	if a.CitizenID != "" && (len(a.CitizenID) != 12 || !allDigits(a.CitizenID)) {
		field("Applicant.CitizenID", "citizen_id", a.CitizenID)
	}
	if tc := a.TaxCode; tc != "" {
		base, branch, dash := strings.Cut(tc, "-")
		if len(base) != 10 || !allDigits(base) || (dash && (len(branch) != 3 || !allDigits(branch))) {
			field("Applicant.TaxCode", "tax_code", tc)
		}
	}
}

func (s *Service) checkForm(ctx context.Context, p *catalog.Procedure, data map[string]any) []Problem {
	if s.forms == nil || p.FormID == "" {
		return nil
	}
	f, ok := s.forms[p.FormID]
	if !ok || f == nil {
		return []Problem{problem(ProblemForm, p.FormID, "form_unknown", p.FormID)}
	}
	err := f.Validate(ctx, data)
	if err == nil {
		return nil
	}
	var verrs forms.ValidationErrors
	if errors.As(err, &verrs) && len(verrs) > 0 {
		out := make([]Problem, len(verrs))
		for i, fe := range verrs {
			out[i] = Problem{Kind: ProblemForm, Path: fe.Path, Rule: "form", Params: []any{fe}, Err: fe}
		}
		return out
	}
	var multi interface{ Unwrap() []error }
	if errors.As(err, &multi) {
		if errs := multi.Unwrap(); len(errs) > 0 {
			out := make([]Problem, len(errs))
			for i, e := range errs {
				out[i] = Problem{Kind: ProblemForm, Rule: "form", Params: []any{e}, Err: e}
			}
			return out
		}
	}
	return []Problem{{Kind: ProblemForm, Rule: "form", Params: []any{err}, Err: err}}
}

func (s *Service) quote(d *Dossier, p *catalog.Procedure) (*FeeQuote, []Problem) {
	if s.fees == nil || len(p.FeeItems) == 0 {
		return nil, nil
	}
	var req fees.Request
	if s.feeReq != nil {
		req = s.feeReq(d, p)
	} else {
		req = fees.Request{At: d.SubmittedAt, Channel: FeeChannel(d.Channel)}
		for _, c := range p.FeeItems {
			req.Items = append(req.Items, fees.ItemRequest{Code: c})
		}
	}
	q, err := s.fees.Quote(req)
	if err != nil {
		return nil, []Problem{{Kind: ProblemFee, Path: strings.Join(p.FeeItems, ","), Rule: "fee", Params: []any{err}, Err: err}}
	}
	fq := QuoteFromFees(q)
	return &fq, nil
}

// FeeChannel maps a filing channel to the fee schedule's channel: the
// same number, the national portal's (1 counter, 2 online, 3 post); a
// channel fees does not know is unknown.
func FeeChannel(c catalog.Channel) fees.Channel {
	if !c.Valid() {
		return fees.ChannelUnknown
	}
	return fees.Channel(c)
}

// QuoteFromFees keeps what a dossier records of a fee quote: the total and,
// per line, its item code, Vietnamese name, amount and legal basis.
func QuoteFromFees(q fees.Quote) FeeQuote {
	out := FeeQuote{Total: q.Total, Lines: make([]FeeLine, len(q.Lines))}
	for i, l := range q.Lines {
		out.Lines[i] = FeeLine{Code: l.Code, Name: l.Name.Get("vi"), Amount: l.Amount, LegalBasis: l.Basis.String()}
	}
	return out
}

// deadlineOf returns the processing time of p for a channel: the terms'
// override, else the catalogue's ([catalog.Procedure.ProcessingTime]:
// the channel's time, else the procedure's), [NoFixedDuration] when the
// catalogue gives none.
func deadlineOf(p *catalog.Procedure, ch catalog.Channel, t Terms) Deadline {
	if t.Deadline.N > 0 || t.Deadline.Unit != catalog.UnitUnknown {
		dl := t.Deadline
		if dl.Unit == catalog.UnitUnknown {
			dl.Unit = catalog.WorkingDays
		}
		return dl
	}
	pt := p.ProcessingTime(ch)
	if !pt.Fixed() {
		return NoFixedDuration
	}
	return Deadline{N: pt.Time, Unit: pt.Unit}
}
