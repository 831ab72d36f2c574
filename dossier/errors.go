package dossier

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors. The typed errors of this package unwrap to one of them,
// so callers test with [errors.Is].
var (
	// ErrNotFound: no dossier has the code.
	ErrNotFound = errors.New("dossier: not found")
	// ErrExists: a dossier with the code already exists.
	ErrExists = errors.New("dossier: already exists")
	// ErrConflict: the stored version is not the expected one (a concurrent
	// update won); nothing was written.
	ErrConflict = errors.New("dossier: version conflict")
	// ErrInvalidTransition: the action is not allowed in the dossier's state,
	// by the actor, or without what the rules require; nothing changed.
	ErrInvalidTransition = errors.New("dossier: invalid transition")
	// ErrInvalidDossier: a dossier or submission is malformed (empty code,
	// unknown procedure, bad channel...).
	ErrInvalidDossier = errors.New("dossier: invalid dossier")
	// ErrSubmission: a submission failed its checks (form data, required
	// documents, fees); see [*SubmissionError].
	ErrSubmission = errors.New("dossier: submission rejected")
	// ErrTampered: the trail does not verify; see [*TrailError].
	ErrTampered = errors.New("dossier: trail tampered")
	// ErrAppendOnly: an update would change or remove events already stored.
	ErrAppendOnly = errors.New("dossier: trail is append-only")
	// ErrOutOfRange: a date falls outside the years the calendar knows.
	ErrOutOfRange = errors.New("dossier: date outside the calendar")
	// ErrCalendar: calendar data is malformed or inconsistent.
	ErrCalendar = errors.New("dossier: invalid calendar")
	// ErrInvalidCode: a dossier code or agency code is malformed.
	ErrInvalidCode = errors.New("dossier: invalid code")
	// ErrTooLarge: an input is larger than its documented limit.
	ErrTooLarge = errors.New("dossier: too large")
)

// TransitionError says why an action was refused. It unwraps to
// [ErrInvalidTransition].
type TransitionError struct {
	// Code is the dossier's code, empty for a submission.
	Code string
	// From is the dossier's state when the action was attempted.
	From Status
	// Action is the refused action.
	Action Action
	// Rule is the stable code of the rule that refused it: "state" (not
	// allowed in the dossier's state), "role", "no_actor",
	// "reason_required", "time_order", "underpaid", "unpaid",
	// "already_paid", "apology_late", ... — the keys of the message table
	// that [TransitionError.Message] and [Message] read; [ErrorCode]
	// returns it.
	Rule string
	// Params are the values the rule's message quotes, typed so that each
	// language shows them its way: amounts as [fees.Money] ("15.000 ₫"),
	// times as [time.Time], states and actions as [Status] and [Action].
	Params []any
	// Why explains the refusal in English: the end of Error's text.
	Why string
}

// refusal returns the TransitionError of rule with params, its Why
// written from the rule's English text.
func refusal(code string, from Status, a Action, rule string, params ...any) *TransitionError {
	return &TransitionError{Code: code, From: from, Action: a, Rule: rule, Params: params,
		Why: ruleMessage(rule, params, machine)}
}

// Error implements error.
func (e *TransitionError) Error() string {
	return fmt.Sprintf("dossier: %s %s: cannot %s: %s", e.Code, e.From, e.Action, e.Why)
}

// Unwrap returns [ErrInvalidTransition].
func (e *TransitionError) Unwrap() error { return ErrInvalidTransition }

// ProblemKind classifies a [Problem] of a submission.
type ProblemKind uint8

// Kinds of submission problems.
const (
	ProblemUnknown  ProblemKind = iota
	ProblemForm                 // the form data failed validation
	ProblemDocument             // a required document is missing or unacceptable
	ProblemFee                  // the fees could not be quoted
	ProblemField                // a field of the submission itself (applicant, channel...)
)

var problemNames = [...]string{"", "form", "document", "fee", "field"}

// String returns the stable identifier ("form", "document", "fee",
// "field"), "unknown" for the zero value.
func (k ProblemKind) String() string { return enumString(problemNames[:], uint8(k), "ProblemKind") }

// Problem is one problem of a submission.
type Problem struct {
	// Kind says which check found it.
	Kind ProblemKind
	// Path names what is wrong: a form field path, a document name, a
	// submission field such as "Applicant.CitizenID".
	Path string
	// Rule is the stable code of the check that failed ("citizen_id",
	// "procedure_unknown", "document_missing", "media_type", ...; "form"
	// for a form field, whose [forms.FieldError] has its own rule; "fee"
	// for a fee quote): the key of the message table that
	// [Problem.Message] reads; [ErrorCode] returns it.
	Rule string
	// Params are the values the rule's message quotes.
	Params []any
	// Err describes the problem; for form problems it is the validator's
	// error (e.g. a forms.FieldError).
	Err error
}

// problem returns the Problem of rule with params, whose Err wraps
// [ErrInvalidDossier] with the rule's English text.
func problem(kind ProblemKind, path, rule string, params ...any) Problem {
	return Problem{Kind: kind, Path: path, Rule: rule, Params: params,
		Err: fmt.Errorf("%w: %s", ErrInvalidDossier, ruleMessage(rule, params, machine))}
}

// Error implements error: the kind, the path, and the detail (which is
// not preceded by the path again when it starts with it, as a form
// field's error does).
func (p Problem) Error() string {
	msg := "<nil>"
	if p.Err != nil {
		msg = p.Err.Error()
	}
	if p.Path == "" || strings.HasPrefix(msg, p.Path+": ") {
		return fmt.Sprintf("%s %s", p.Kind, msg)
	}
	return fmt.Sprintf("%s %s: %s", p.Kind, p.Path, msg)
}

// Unwrap returns the underlying error.
func (p Problem) Unwrap() error { return p.Err }

// SubmissionError lists every problem found when a dossier was submitted:
// form data, required documents and fees are all checked before it is
// returned. It unwraps to [ErrSubmission] and to each problem.
type SubmissionError struct {
	Problems []Problem
}

// Error implements error: one line per problem.
func (e *SubmissionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "dossier: submission rejected, %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns [ErrSubmission] and every problem.
func (e *SubmissionError) Unwrap() []error {
	errs := make([]error, 0, len(e.Problems)+1)
	errs = append(errs, ErrSubmission)
	for _, p := range e.Problems {
		errs = append(errs, p)
	}
	return errs
}

// TrailError names the first event of a trail that does not verify. It
// unwraps to [ErrTampered].
type TrailError struct {
	// Code is the dossier's code.
	Code string
	// Index is the position of the first bad event in the trail (0-based);
	// len(trail) when the trail is too short.
	Index int
	// Seq is the sequence number the event at Index carries (0 if none).
	Seq uint64
	// Why explains what does not match.
	Why string
}

// Error implements error.
func (e *TrailError) Error() string {
	return fmt.Sprintf("dossier: %s: trail broken at index %d (seq %d): %s", e.Code, e.Index, e.Seq, e.Why)
}

// Unwrap returns [ErrTampered].
func (e *TrailError) Unwrap() error { return ErrTampered }

// CalendarError is a problem in calendar data. It unwraps to [ErrCalendar].
type CalendarError struct {
	// Year is the calendar year concerned, 0 if unknown.
	Year int
	// Field names the offending entry, e.g. "closed[2].to".
	Field string
	// Why explains the problem.
	Why string
}

// Error implements error.
func (e *CalendarError) Error() string {
	return fmt.Sprintf("dossier: calendar %d: %s: %s", e.Year, e.Field, e.Why)
}

// Unwrap returns [ErrCalendar].
func (e *CalendarError) Unwrap() error { return ErrCalendar }

// RangeError says that a date lies outside the range that the calendar or
// the lunar conversion supports. It unwraps to [ErrOutOfRange].
type RangeError struct {
	// What names the computation, e.g. "lunar date" or "working days".
	What string
	// Date is the date asked for (in Asia/Ho_Chi_Minh), or zero when the
	// request named no single date (a lunar date outside its years).
	Date time.Time
	// First and Last are the first and last days supported, at midnight in
	// Asia/Ho_Chi_Minh.
	First, Last time.Time
	// Remedy says what to do about it.
	Remedy string
}

// Error implements error.
func (e *RangeError) Error() string {
	s := "dossier: date outside the calendar: " + e.What
	if !e.Date.IsZero() {
		s += " " + e.Date.Format(time.DateOnly)
	}
	s += fmt.Sprintf(" (supported %s to %s)", e.First.Format(time.DateOnly), e.Last.Format(time.DateOnly))
	if e.Remedy != "" {
		s += ": " + e.Remedy
	}
	return s
}

// Unwrap returns [ErrOutOfRange].
func (e *RangeError) Unwrap() error { return ErrOutOfRange }

// Sentinel errors of the transparency log ([MemLog], [Checkpoint]).
var (
	// ErrLogRange: a leaf index or tree size lies outside the log, or a
	// log lacks a hash a computation needs.
	ErrLogRange = errors.New("dossier: outside the log")
	// ErrProof: an inclusion or consistency proof does not verify; see
	// [*ProofError].
	ErrProof = errors.New("dossier: log proof does not verify")
	// ErrCheckpoint: a checkpoint is malformed, or its signature is missing
	// or does not verify; see [*CheckpointError].
	ErrCheckpoint = errors.New("dossier: invalid checkpoint")
	// ErrLogKey: a log key, its name or a verifier key is malformed.
	ErrLogKey = errors.New("dossier: invalid log key")
)

// ProofError says why a log proof does not verify. It unwraps to
// [ErrProof].
type ProofError struct {
	// Proof is "inclusion" or "consistency".
	Proof string
	// Index and Size are an inclusion proof's leaf index and tree size.
	Index, Size int64
	// From and To are a consistency proof's tree sizes.
	From, To int64
	// Why explains what does not match.
	Why string
}

// Error implements error.
func (e *ProofError) Error() string {
	if e.Proof == "consistency" {
		return fmt.Sprintf("dossier: consistency proof from %d to %d leaves: %s", e.From, e.To, e.Why)
	}
	return fmt.Sprintf("dossier: %s proof of leaf %d in %d: %s", e.Proof, e.Index, e.Size, e.Why)
}

// Unwrap returns [ErrProof].
func (e *ProofError) Unwrap() error { return ErrProof }

// CheckpointError says why a checkpoint was refused by [OpenCheckpoint] or
// could not be signed by [SignCheckpoint]. It unwraps to [ErrCheckpoint].
type CheckpointError struct {
	// Line is the line of the checkpoint text at fault, counted from 1
	// (1 origin, 2 size, 3 root hash, 4 time); 0 when the fault lies
	// elsewhere: the input's size, the note's framing, the signature.
	Line int
	// Verified reports that the signature did verify: the text is
	// malformed although the key's holder signed it.
	Verified bool
	// Why explains the problem.
	Why string
}

// Error implements error.
func (e *CheckpointError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("dossier: checkpoint line %d: %s", e.Line, e.Why)
	}
	return "dossier: checkpoint: " + e.Why
}

// Unwrap returns [ErrCheckpoint].
func (e *CheckpointError) Unwrap() error { return ErrCheckpoint }
