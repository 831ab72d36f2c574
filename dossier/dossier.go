package dossier

import (
	"slices"
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
	"github.com/motcua/motcua/internal/vntime"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/fees"
)

// Dossier is one application (hồ sơ) and its whole life: what was filed, by
// whom, through which channel, its current state, its deadline and the
// hash-chained trail of every change.
//
// A Dossier is a value: the [Store] hands out copies, and the [Service]
// transition methods are the way to change one, so that each change is
// checked, recorded as an [Event] and saved with optimistic concurrency.
type Dossier struct {
	// Code is the dossier code of Circular 01/2018/TT-VPCP Art. 19, e.g.
	// "000.00.01.H12-251126-0001"; see [FormatCode].
	Code string `json:"code"`
	// Agency is the code of the receiving agency, the code's first part.
	Agency string `json:"agency"`
	// Unit is the unit currently handling the dossier (the receiving agency
	// at first, the target of the latest transfer after one).
	Unit string `json:"unit,omitempty"`
	// Units lists every unit that has handled the dossier, in order.
	Units []string `json:"units,omitempty"`
	// ProcedureCode is the national code of the procedure, e.g. "1.001193".
	ProcedureCode string `json:"procedureCode"`
	// ProcedureVersion is the ValidFrom of the procedure version in force at
	// submission (zero for a version in force since always).
	ProcedureVersion time.Time `json:"procedureVersion,omitzero"`
	// Sector is the procedure's sector, kept for statistics.
	Sector string `json:"sector,omitempty"`
	// Level is the level of government handling the dossier.
	Level catalog.Level `json:"level,omitzero"`
	// Online is the procedure's online level at submission, kept for
	// statistics (fully or partly online filings).
	Online catalog.OnlineLevel `json:"online,omitzero"`
	// Applicant is who files.
	Applicant Applicant `json:"applicant"`
	// Channel is how the dossier was filed.
	Channel catalog.Channel `json:"channel,omitzero"`
	// FormData is the declaration form's data, as validated at submission.
	FormData map[string]any `json:"formData,omitempty"`
	// Attachments are the uploaded or scanned documents (metadata only).
	Attachments []Attachment `json:"attachments,omitempty"`
	// FeeQuote is the fee quoted at submission, if fees apply.
	FeeQuote *FeeQuote `json:"feeQuote,omitempty"`
	// Payment records the payment of the fees, once paid.
	Payment *Payment `json:"payment,omitempty"`
	// Status is the current state.
	Status Status `json:"status,omitzero"`
	// Outcome says how the dossier was settled, once it is.
	Outcome Outcome `json:"outcome,omitempty"`
	// Deadline is the processing time counted from receipt.
	Deadline Deadline `json:"deadline,omitzero"`
	// CutOff is the cut-off used when the dossier was received, in minutes
	// after midnight; see [Terms].
	CutOff int `json:"cutOff,omitempty"`
	// RestartOnSupplement says that supplementation restarts the clock
	// instead of resuming it; see [Terms].
	RestartOnSupplement bool `json:"restartOnSupplement,omitempty"`
	// SubmittedAt is when the dossier was filed.
	SubmittedAt time.Time `json:"submittedAt"`
	// ReceivedAt is when the counter received it (zero before).
	ReceivedAt time.Time `json:"receivedAt,omitzero"`
	// DueAt is the appointment for the result (zero before receipt; moves on
	// supplementation and apology).
	DueAt time.Time `json:"dueAt,omitzero"`
	// PausedAt is when the clock was paused for supplementation after
	// receipt (zero when running).
	PausedAt time.Time `json:"pausedAt,omitzero"`
	// SettledAt is when the result was approved or the dossier refused on
	// the merits (zero before).
	SettledAt time.Time `json:"settledAt,omitzero"`
	// ClosedAt is when the dossier left processing for good: returned,
	// refused or withdrawn (zero before).
	ClosedAt time.Time `json:"closedAt,omitzero"`
	// Apologies counts the apology letters issued (mẫu 04).
	Apologies int `json:"apologies,omitempty"`
	// Delivery is how the result was returned.
	Delivery Delivery `json:"delivery,omitempty"`
	// Events is the hash-chained trail, oldest first; see [VerifyTrail].
	Events []Event `json:"events"`
	// Version counts the stored changes; it equals len(Events) and is the
	// number [Store.Update] checks.
	Version int64 `json:"version"`
}

// Applicant is the citizen or organisation that files a dossier.
type Applicant struct {
	// Name is the person's or organisation's name.
	Name string `json:"name"`
	// CitizenID is the 12-digit citizen identity number (CCCD) of a person.
	CitizenID string `json:"citizenId,omitempty"`
	// TaxCode is the tax code (MST) of an organisation or household business.
	TaxCode string `json:"taxCode,omitempty"`
	// Phone is a contact phone number.
	Phone string `json:"phone,omitempty"`
	// Email is a contact e-mail address.
	Email string `json:"email,omitempty"`
	// Address is the postal address (where results go by post).
	Address string `json:"address,omitempty"`
}

// Location is Asia/Ho_Chi_Minh, the zone of every time this package
// computes and of the dates of Vietnamese papers: UTC+07:00, which Vietnam
// has kept without daylight saving since 1975, as a fixed zone with the
// IANA name, so it works where the system has no time zone files. The same
// value as catalog.Location and fees.Location; do not reassign it.
var Location = vntime.Location

// Attachment describes one uploaded document; its content lives outside the
// dossier, identified by its digest.
type Attachment struct {
	// Name is the name of the required document it satisfies, as in the
	// procedure's list ([catalog.Requirement.Name]). [Service.Submit] and
	// [Service.Supplement] match it after Unicode NFC, collapsing white
	// space and folding case (a browser's NFD "Tờ khai" is the catalogue's
	// NFC one), and store the catalogue's exact name.
	Name string `json:"name"`
	// Document, when set, names the required document instead of Name: "#n"
	// for the n-th document of the procedure's list (counted from 1, the
	// general list first, then the case's), or the document's code
	// ([catalog.Requirement.Code]). Submit and Supplement replace it by the
	// document's Name; it is never stored.
	Document string `json:"document,omitempty"`
	// FileName is the uploaded file's name.
	FileName string `json:"fileName,omitempty"`
	// MediaType is the content's media type, e.g. "application/pdf".
	MediaType string `json:"mediaType"`
	// Size is the content's size in bytes.
	Size int64 `json:"size"`
	// SHA256 is the lowercase hex SHA-256 of the content.
	SHA256 string `json:"sha256"`
}

// FeeQuote is the fee quoted for a dossier: the total and its lines as the
// fee schedule computed them (see [QuoteFromFees]).
type FeeQuote struct {
	// Total is the amount due.
	Total fees.Money `json:"total"`
	// Lines are the items charged, each after its reductions.
	Lines []FeeLine `json:"lines,omitempty"`
}

// FeeLine is one line of a [FeeQuote].
type FeeLine struct {
	// Code is the fee item's code.
	Code string `json:"code,omitempty"`
	// Name describes the line.
	Name string `json:"name"`
	// Amount is the line's amount due.
	Amount fees.Money `json:"amount"`
	// LegalBasis is the legal document the line rests on.
	LegalBasis string `json:"legalBasis,omitempty"`
}

// Payment records that fees were paid.
type Payment struct {
	// Amount is the amount paid.
	Amount fees.Money `json:"amount"`
	// Method is how, e.g. "counter", "vnpay", "bank transfer", "vietqr".
	Method string `json:"method,omitempty"`
	// Reference is the bank's transaction reference (mã giao dịch), or the
	// receipt number of a payment at the counter.
	Reference string `json:"reference,omitempty"`
	// Payer is who paid, as the bank or the counter recorded them: a name,
	// an account, or both ("NGUYEN VAN AN 0123456789"); empty when the
	// applicant paid in person.
	Payer string `json:"payer,omitempty"`
	// PaidAt is when it was paid: the time of the Pay event.
	PaidAt time.Time `json:"paidAt"`
}

// Actor is who performs an action: an officer, the applicant or a system.
type Actor struct {
	// ID identifies the person or system (an account or staff number).
	ID string `json:"id"`
	// Role is the capacity they act in.
	Role Role `json:"role"`
	// Unit is the officer's unit (agency code or department); empty for
	// applicants.
	Unit string `json:"unit,omitempty"`
}

// Deadline is a processing time: N units of [catalog.WorkingDays],
// [catalog.WorkingHours], [catalog.CalendarDays] or [catalog.Months].
type Deadline struct {
	N    int              `json:"n"`
	Unit catalog.TimeUnit `json:"unit,omitzero"`
}

// NoFixedDuration is the deadline of a procedure without a fixed
// processing time ([catalog.Procedure.NoFixedDuration], a channel whose
// time is [catalog.UnitOther]): a dossier received with it has no due time,
// so no appointment, no overdue state, no apology and no timeliness.
var NoFixedDuration = Deadline{Unit: catalog.UnitOther}

// Fixed reports whether a due time can be counted with d: false for
// [NoFixedDuration].
func (d Deadline) Fixed() bool { return d.Unit != catalog.UnitOther }

// Label returns the processing time for a person in lang ("vi", the
// default, or "en"): "10 ngày làm việc", "4 giờ làm việc", "30 ngày",
// "3 tháng" ("10 working days", ...); zero working days or hours is "trong
// ngày" ("same day").
func (d Deadline) Label(lang string) string {
	en := vnfmt.English(lang)
	unit := d.Unit
	if unit == catalog.UnitUnknown {
		unit = catalog.WorkingDays
	}
	if !d.Fixed() {
		if en {
			return "no fixed duration"
		}
		return "không cố định"
	}
	if d.N == 0 && (unit == catalog.WorkingDays || unit == catalog.WorkingHours) {
		if en {
			return "same day"
		}
		return "trong ngày"
	}
	var vi, eng string
	switch unit {
	case catalog.WorkingDays:
		vi, eng = "ngày làm việc", "working day"
	case catalog.WorkingHours:
		vi, eng = "giờ làm việc", "working hour"
	case catalog.CalendarDays:
		vi, eng = "ngày", "day"
	case catalog.Months:
		vi, eng = "tháng", "month"
	default:
		vi, eng = unit.String(), unit.String()
	}
	if en {
		if d.N != 1 {
			eng += "s"
		}
		return vnfmt.Int(int64(d.N), lang) + " " + eng
	}
	return vnfmt.Int(int64(d.N), lang) + " " + vi
}

// Days returns a deadline of n working days.
func Days(n int) Deadline { return Deadline{N: n, Unit: catalog.WorkingDays} }

// Clone returns a deep copy of d: slices, maps and pointed-to values are
// copied, so changing the copy never changes d. Form data is copied through
// maps and slices ([]any, map[string]any and []map[string]any); other
// values are treated as immutable, and events' [EventData] is immutable, so
// the copy shares it.
func (d Dossier) Clone() Dossier {
	c := d
	c.Units = slices.Clone(d.Units)
	c.FormData = cloneMap(d.FormData)
	c.Attachments = slices.Clone(d.Attachments)
	if d.FeeQuote != nil {
		q := *d.FeeQuote
		q.Lines = slices.Clone(q.Lines)
		c.FeeQuote = &q
	}
	if d.Payment != nil {
		p := *d.Payment
		c.Payment = &p
	}
	c.Events = cloneEvents(d.Events)
	return c
}

// brief returns a copy of d without units, form data, attachments, fee
// quote, payment and events: what [Filter.Brief] lets a store leave out.
func (d *Dossier) brief() Dossier {
	c := *d
	c.Units, c.FormData, c.Attachments, c.FeeQuote, c.Payment, c.Events = nil, nil, nil, nil, nil, nil
	return c
}

// cloneEvents copies evs (an Event holds nothing mutable), leaving room
// for one more event (the next transition appends one).
func cloneEvents(evs []Event) []Event {
	if evs == nil {
		return nil
	}
	out := make([]Event, len(evs), len(evs)+1)
	copy(out, evs)
	return out
}

func cloneMap(m map[string]any) map[string]any {
	if m == nil {
		return nil
	}
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = cloneValue(v)
	}
	return out
}

func cloneValue(v any) any {
	switch x := v.(type) {
	case map[string]any:
		return cloneMap(x)
	case []any:
		out := make([]any, len(x))
		for i := range x {
			out[i] = cloneValue(x[i])
		}
		return out
	case []map[string]any:
		out := make([]map[string]any, len(x))
		for i := range x {
			out[i] = cloneMap(x[i])
		}
		return out
	case []string:
		return slices.Clone(x)
	}
	return v
}
