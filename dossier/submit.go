package dossier

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

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
		return Dossier{}, &TransitionError{Action: Submit, Why: fmt.Sprintf("not allowed to %q as %s", by.ID, by.Role)}
	}
	var probs []Problem
	field := func(path, why string, args ...any) {
		probs = append(probs, Problem{Kind: ProblemField, Path: path, Err: fmt.Errorf("%w: %s", ErrInvalidDossier, fmt.Sprintf(why, args...))})
	}
	proc, ok := s.cat.Get(sub.ProcedureCode, at)
	if !ok {
		field("ProcedureCode", "procedure %q is not in force", sub.ProcedureCode)
	}
	if err := CheckAgency(sub.Agency); err != nil {
		probs = append(probs, Problem{Kind: ProblemField, Path: "Agency", Err: err})
	}
	switch sub.Channel {
	case catalog.Counter, catalog.Post:
	case catalog.Online:
		if ok && !proc.Online.IsOnline() {
			field("Channel", "procedure %s cannot be filed online", proc.Code)
		}
	default:
		field("Channel", "unknown channel %d", uint8(sub.Channel))
	}
	checkApplicant(&sub.Applicant, field)
	level := sub.Level
	if ok {
		switch {
		case level == catalog.LevelUnknown && len(proc.Levels) == 1:
			level = proc.Levels[0]
		case level == catalog.LevelUnknown:
			field("Level", "procedure %s has several levels: say which", proc.Code)
		case !proc.HasLevel(level):
			field("Level", "procedure %s is not handled at the %s level", proc.Code, level)
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
		probs = append(probs, checkDocuments(&proc, sub.Case, sub.Attachments)...)
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
		return Dossier{}, &SubmissionError{Problems: []Problem{{Kind: ProblemForm, Path: "FormData", Err: err}}}
	}
	d.appendEvent(Event{At: at, Actor: by, Action: Submit, To: Submitted, Data: data.data()})
	if err := s.store.Create(ctx, d); err != nil {
		return Dossier{}, fmt.Errorf("dossier: submit: %w", err)
	}
	return d, nil
}

func checkApplicant(a *Applicant, field func(path, why string, args ...any)) {
	if strings.TrimSpace(a.Name) == "" {
		field("Applicant.Name", "empty")
	}
	if a.CitizenID == "" && a.TaxCode == "" {
		field("Applicant", "neither a citizen ID nor a tax code")
	}
	if a.CitizenID != "" && (len(a.CitizenID) != 12 || !allDigits(a.CitizenID)) {
		field("Applicant.CitizenID", "%q is not 12 digits", a.CitizenID)
	}
	if tc := a.TaxCode; tc != "" {
		base, branch, dash := strings.Cut(tc, "-")
		if len(base) != 10 || !allDigits(base) || (dash && (len(branch) != 3 || !allDigits(branch))) {
			field("Applicant.TaxCode", "%q is not 10 digits (or 10-3)", tc)
		}
	}
}

func (s *Service) checkForm(ctx context.Context, p *catalog.Procedure, data map[string]any) []Problem {
	if s.forms == nil || p.FormID == "" {
		return nil
	}
	f, ok := s.forms[p.FormID]
	if !ok || f == nil {
		return []Problem{{Kind: ProblemForm, Path: p.FormID, Err: fmt.Errorf("%w: form %q is not known", ErrInvalidDossier, p.FormID)}}
	}
	err := f.Validate(ctx, data)
	if err == nil {
		return nil
	}
	var verrs forms.ValidationErrors
	if errors.As(err, &verrs) && len(verrs) > 0 {
		out := make([]Problem, len(verrs))
		for i, fe := range verrs {
			out[i] = Problem{Kind: ProblemForm, Path: fe.Path, Err: fe}
		}
		return out
	}
	var multi interface{ Unwrap() []error }
	if errors.As(err, &multi) {
		if errs := multi.Unwrap(); len(errs) > 0 {
			out := make([]Problem, len(errs))
			for i, e := range errs {
				out[i] = Problem{Kind: ProblemForm, Err: e}
			}
			return out
		}
	}
	return []Problem{{Kind: ProblemForm, Err: err}}
}

// checkAttachmentShape checks an attachment's own fields.
func checkAttachmentShape(a *Attachment) error {
	switch {
	case strings.TrimSpace(a.Name) == "":
		return fmt.Errorf("%w: attachment without a name", ErrInvalidDossier)
	case a.Size <= 0:
		return fmt.Errorf("%w: size %d", ErrInvalidDossier, a.Size)
	case len(a.SHA256) != 64 || strings.ToLower(a.SHA256) != a.SHA256:
		return fmt.Errorf("%w: SHA-256 is not 64 lowercase hex digits", ErrInvalidDossier)
	}
	if _, err := hex.DecodeString(a.SHA256); err != nil {
		return fmt.Errorf("%w: SHA-256 is not 64 lowercase hex digits", ErrInvalidDossier)
	}
	return nil
}

// checkDocuments checks atts against the procedure's required documents
// (the general list plus the chosen case's).
func checkDocuments(p *catalog.Procedure, caseName string, atts []Attachment) []Problem {
	var probs []Problem
	doc := func(path string, err error) {
		probs = append(probs, Problem{Kind: ProblemDocument, Path: path, Err: err})
	}
	reqs := p.Documents
	if len(p.Cases) > 0 {
		i := slices.IndexFunc(p.Cases, func(c catalog.Case) bool { return c.Name == caseName })
		if i < 0 {
			doc("Case", fmt.Errorf("%w: case %q is not one of the procedure's", ErrInvalidDossier, caseName))
		} else {
			reqs = append(slices.Clip(reqs), p.Cases[i].Documents...)
		}
	}
	var small [16]bool
	var seen []bool
	if len(reqs) > len(small) {
		seen = make([]bool, len(reqs))
	} else {
		seen = small[:len(reqs)]
	}
	for i, a := range atts {
		path := "Attachments[" + strconv.Itoa(i) + "]"
		if err := checkAttachmentShape(&a); err != nil {
			doc(path, err)
			continue
		}
		k := slices.IndexFunc(reqs, func(r catalog.Requirement) bool { return r.Name == a.Name })
		if k < 0 {
			doc(path, fmt.Errorf("%w: %q is not a document of the procedure", ErrInvalidDossier, a.Name))
			continue
		}
		r := &reqs[k]
		if len(r.MediaTypes) > 0 && !slices.Contains(r.MediaTypes, a.MediaType) {
			doc(path, fmt.Errorf("%w: %q: media type %q not among %v", ErrInvalidDossier, a.Name, a.MediaType, r.MediaTypes))
		}
		if r.MaxBytes > 0 && a.Size > r.MaxBytes {
			doc(path, fmt.Errorf("%w: %q: %d bytes, more than %d", ErrInvalidDossier, a.Name, a.Size, r.MaxBytes))
		}
		seen[k] = true
	}
	for k, r := range reqs {
		if !r.Optional && !seen[k] {
			doc(r.Name, fmt.Errorf("%w: required document missing", ErrInvalidDossier))
		}
	}
	return probs
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
		return nil, []Problem{{Kind: ProblemFee, Path: strings.Join(p.FeeItems, ","), Err: err}}
	}
	fq := QuoteFromFees(q)
	return &fq, nil
}

// FeeChannel maps a filing channel to the fee schedule's channel.
func FeeChannel(c catalog.Channel) fees.Channel {
	switch c {
	case catalog.Online:
		return fees.Online
	case catalog.Counter:
		return fees.Counter
	case catalog.Post:
		return fees.Post
	case catalog.ChannelUnknown:
	}
	return fees.ChannelUnknown
}

// QuoteFromFees keeps what a dossier records of a fee quote: the total and,
// per line, its item code, Vietnamese name, amount and legal basis.
func QuoteFromFees(q fees.Quote) FeeQuote {
	out := FeeQuote{Total: q.Total, Lines: make([]FeeLine, len(q.Lines))}
	for i, l := range q.Lines {
		out.Lines[i] = FeeLine{Code: l.Code, Name: l.Name.VI, Amount: l.Amount, LegalBasis: l.Basis.String()}
	}
	return out
}

// deadlineOf returns the processing time of p for a channel: the terms'
// override, else the catalogue's per-channel time when it has one in a
// countable unit, else ProcessingDays working days.
func deadlineOf(p *catalog.Procedure, ch catalog.Channel, t Terms) Deadline {
	if t.Deadline.N > 0 || t.Deadline.Unit != catalog.UnitUnknown {
		dl := t.Deadline
		if dl.Unit == catalog.UnitUnknown {
			dl.Unit = catalog.WorkingDays
		}
		return dl
	}
	for _, c := range p.Channels {
		if c.Channel == ch && c.Time >= 0 {
			switch c.Unit {
			case catalog.WorkingDays, catalog.CalendarDays, catalog.WorkingHours, catalog.Months:
				return Deadline{N: c.Time, Unit: c.Unit}
			case catalog.UnitUnknown, catalog.UnitOther:
			}
		}
	}
	return Days(p.ProcessingDays)
}
