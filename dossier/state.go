package dossier

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
)

// The trail binds the dossier: every field a transition sets is carried by
// the event that set it, in its [EventData], or derived from the events
// (their actions, states and times), so [Dossier.Verify] can rebuild the
// state from the trail and name the first field that differs.
//
// Trail format 2 (written since motcua records "format" in the submission)
// adds to format 1 what the submission sets. The keys, by action:
//
//	submit         format="2", agency, procedure, procedureVersion (RFC 3339,
//	               absent for a version in force since always), sector,
//	               level, online, channel, applicant.name,
//	               applicant.citizenId, applicant.taxCode, applicant.phone,
//	               applicant.email, applicant.address (absent when empty),
//	               deadline ("N unit"), cutOff (minutes), restartOnSupplement
//	               ("true"), formSHA256, attachments, feeQuote (digests, see
//	               below), fee (the total), attachment:NAME (its SHA-256)
//	receive        due
//	start          unit (when the officer's unit takes the dossier)
//	transfer       to
//	supplement     attachment:NAME, attachments and formSHA256 of the
//	               dossier after the supplement, due (after receipt)
//	await_payment  amount, feeQuote (when the step sets the quote)
//	pay            amount, reference, method, payer (when set)
//	return_result  via
//	apologize      previousDue, due, unit
//
// A digest is the lowercase hex SHA-256 of the value's JSON encoding by
// encoding/json (map keys sorted, struct fields in declaration order): of
// the Attachments list, of the FeeQuote, and of FormData in its JSON form:
// form data holding other values than JSON's own (float64, string, bool,
// nil, map[string]any, []any) — a struct such as forms.File, an int, a
// json.Number — is first read back from its encoding as JSON values, as a
// store that keeps it as JSON returns it, so the digest is the same before
// and after a round trip through any store. The times of the
// steps are the events' At: submitted, received, paused (request
// supplementation), resumed, settled (approve, refuse), closed (refuse at
// intake, refuse, return, withdraw), paid.
//
// Format 1 trails (no "format" key) still verify: the fields their
// submission did not carry (applicant, level, sector, online level,
// procedure version, terms, attachment metadata, fee lines) are not
// compared, nor the form data after a supplement (a format 1 supplement
// did not record the form it left); everything else is.
const trailFormat = "2"

// digest returns the lowercase hex SHA-256 of v's JSON encoding, or "" for
// an empty value.
func digest(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("%w: digest: %w", ErrInvalidDossier, err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// formDigest returns the digest of form data in its JSON form (see the
// package's trail format): data of JSON's own values is hashed as it is,
// other data after a round trip through its JSON encoding.
func formDigest(m map[string]any) (string, error) {
	if jsonNative(m) {
		return digest(m)
	}
	b, err := json.Marshal(m)
	if err != nil {
		return "", fmt.Errorf("%w: digest: %w", ErrInvalidDossier, err)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return "", fmt.Errorf("%w: digest: %w", ErrInvalidDossier, err)
	}
	return digest(v)
}

// jsonNative reports whether v holds only the values encoding/json
// decodes into an any: float64, string, bool, nil, map[string]any, []any.
func jsonNative(v any) bool {
	switch x := v.(type) {
	case nil, string, bool:
		return true
	case float64:
		return true
	case map[string]any:
		for _, e := range x {
			if !jsonNative(e) {
				return false
			}
		}
		return true
	case []any:
		for _, e := range x {
			if !jsonNative(e) {
				return false
			}
		}
		return true
	}
	return false
}

// SubmissionData returns the event data the [Service] records in the
// submission's event of d, in trail format 2: what [Dossier.Verify] later
// checks the fields the submission set against. A tool that imports
// dossiers from another system builds their submission events with it
// (and the later events with the keys listed above), so that the imported
// trail binds the imported fields.
func SubmissionData(d *Dossier) (EventData, error) {
	var b dataBuilder
	if err := setSubmitData(b.set, d); err != nil {
		return EventData{}, err
	}
	return b.data(), nil
}

// setSubmitData records in the submission's event what the submission
// sets, in trail format 2.
func setSubmitData(set func(k, v string), d *Dossier) error {
	set("format", trailFormat)
	set("agency", d.Agency)
	set("procedure", d.ProcedureCode)
	if !d.ProcedureVersion.IsZero() {
		set("procedureVersion", d.ProcedureVersion.Format(time.RFC3339Nano))
	}
	opt := func(k, v string) {
		if v != "" {
			set(k, v)
		}
	}
	opt("sector", d.Sector)
	if d.Level != catalog.LevelUnknown {
		set("level", d.Level.String())
	}
	if d.Online != 0 {
		set("online", d.Online.String())
	}
	set("channel", d.Channel.String())
	a := &d.Applicant
	opt("applicant.name", a.Name)
	opt("applicant.citizenId", a.CitizenID)
	opt("applicant.taxCode", a.TaxCode)
	opt("applicant.phone", a.Phone)
	opt("applicant.email", a.Email)
	opt("applicant.address", a.Address)
	set("deadline", deadlineText(d.Deadline))
	if d.CutOff != 0 {
		set("cutOff", strconv.Itoa(d.CutOff))
	}
	if d.RestartOnSupplement {
		set("restartOnSupplement", "true")
	}
	if err := setDigests(set, d, true, true); err != nil {
		return err
	}
	if d.FeeQuote != nil {
		s, err := digest(d.FeeQuote)
		if err != nil {
			return err
		}
		set("feeQuote", s)
		set("fee", strconv.FormatInt(int64(d.FeeQuote.Total), 10))
	}
	for _, at := range d.Attachments {
		set("attachment:"+at.Name, at.SHA256)
	}
	return nil
}

// setDigests records the digests of d's form data and attachments.
func setDigests(set func(k, v string), d *Dossier, form, atts bool) error {
	if form && len(d.FormData) > 0 {
		s, err := formDigest(d.FormData)
		if err != nil {
			return err
		}
		set("formSHA256", s)
	}
	if atts && len(d.Attachments) > 0 {
		s, err := digest(d.Attachments)
		if err != nil {
			return err
		}
		set("attachments", s)
	}
	return nil
}

func deadlineText(dl Deadline) string { return strconv.Itoa(dl.N) + " " + dl.Unit.String() }

// MismatchError says that a field of a stored dossier differs from what its
// trail gives: the record was edited outside the [Service]. It unwraps to
// [ErrTampered].
type MismatchError struct {
	// Code is the dossier's code.
	Code string
	// Field names the field, e.g. "DueAt" or "Applicant.CitizenID".
	Field string
	// Stored is the stored value, Trail the value the trail gives, both as
	// text (digests for form data, attachments and fee quotes).
	Stored, Trail string
}

// Error implements error.
func (e *MismatchError) Error() string {
	return fmt.Sprintf("dossier: %s: field %s is %q but the trail gives %q (edited outside the trail)", e.Code, e.Field, clip(e.Stored), clip(e.Trail))
}

// Unwrap returns [ErrTampered].
func (e *MismatchError) Unwrap() error { return ErrTampered }

// clip shortens a quoted value to 200 bytes (at a rune boundary).
func clip(s string) string {
	if len(s) <= 200 {
		return s
	}
	n := 200
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n] + "…"
}

// trailState is what a trail says of its dossier.
type trailState struct {
	format                                       string
	agency, procedure, procVersion               string
	sector, level, online, channel               string
	applicant                                    [6]string
	deadline, cutOff, restart                    string
	form, attachments, feeQuote, fee             string
	attachmentSums                               map[string]string
	status                                       Status
	outcome                                      Outcome
	submitted, received, due, paused             time.Time
	settled, closed                              time.Time
	apologies                                    int
	delivery                                     string
	unit                                         string
	units                                        []string
	paid                                         bool
	payAmount, payMethod, payReference, payer    string
	paidAt                                       time.Time
	hasForm, hasAttachmentsDigest, hasFeeDigest  bool
	receivedSet, pausedSet, settledSet, closeSet bool
	supplemented                                 bool
}

// replay folds a verified trail into the state it gives.
func replay(code string, events []Event) (*trailState, error) {
	st := &trailState{}
	bad := func(i int, why string, args ...any) error {
		return &TrailError{Code: code, Index: i, Seq: events[i].Seq, Why: fmt.Sprintf(why, args...)}
	}
	due := func(i int, ev *Event) error {
		v, ok := ev.Data.Lookup("due")
		if !ok {
			return bad(i, "%s without a due time", ev.Action)
		}
		if v == "" { // no fixed duration: no due time
			st.due = time.Time{}
			return nil
		}
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return bad(i, "due time %q: %v", v, err)
		}
		st.due = t
		return nil
	}
	for i := range events {
		ev := &events[i]
		st.status = ev.To
		data := ev.Data
		switch ev.Action {
		case Submit:
			st.submitted = ev.At
			st.format = data.Get("format")
			st.agency = data.Get("agency")
			st.procedure = data.Get("procedure")
			st.procVersion = data.Get("procedureVersion")
			st.sector, st.level, st.online, st.channel = data.Get("sector"), data.Get("level"), data.Get("online"), data.Get("channel")
			for k, key := range applicantKeys {
				st.applicant[k] = data.Get(key)
			}
			st.deadline, st.cutOff, st.restart = data.Get("deadline"), data.Get("cutOff"), data.Get("restartOnSupplement")
			st.form, st.hasForm = data.Lookup("formSHA256")
			st.attachments, st.hasAttachmentsDigest = data.Lookup("attachments")
			st.feeQuote, st.hasFeeDigest = data.Lookup("feeQuote")
			st.fee = data.Get("fee")
			st.collectAttachments(data)
		case Receive:
			st.received, st.receivedSet = ev.At, true
			if err := due(i, ev); err != nil {
				return nil, err
			}
			st.unit = agencyOf(code, st)
			st.units = append(st.units, st.unit)
		case Start:
			if u, ok := data.Lookup("unit"); ok {
				st.unit = u
				st.units = append(st.units, u)
			}
		case Transfer:
			st.unit = data.Get("to")
			st.units = append(st.units, st.unit)
		case RequestSupplement:
			st.paused, st.pausedSet = ev.At, true
		case Supplement:
			st.supplemented = true
			st.collectAttachments(data)
			if v, ok := data.Lookup("formSHA256"); ok {
				st.form, st.hasForm = v, true
			}
			if v, ok := data.Lookup("attachments"); ok {
				st.attachments, st.hasAttachmentsDigest = v, true
			}
			if st.receivedSet {
				if err := due(i, ev); err != nil {
					return nil, err
				}
				st.paused, st.pausedSet = time.Time{}, false
			}
		case AwaitPayment:
			if st.fee == "" {
				st.fee = data.Get("amount")
				st.feeQuote, st.hasFeeDigest = data.Lookup("feeQuote")
			}
		case Pay:
			st.paid, st.paidAt = true, ev.At
			st.payAmount, st.payMethod, st.payReference = data.Get("amount"), data.Get("method"), data.Get("reference")
			st.payer = data.Get("payer")
		case Approve:
			st.settled, st.settledSet, st.outcome = ev.At, true, Granted
		case Refuse:
			st.settled, st.settledSet, st.outcome = ev.At, true, Denied
			st.closed, st.closeSet = ev.At, true
		case RefuseIntake, Withdraw, Stop:
			st.closed, st.closeSet = ev.At, true
		case ReturnResult:
			st.closed, st.closeSet = ev.At, true
			st.delivery = data.Get("via")
		case Apologize:
			if err := due(i, ev); err != nil {
				return nil, err
			}
			st.apologies++
		case ActionUnknown:
		}
	}
	return st, nil
}

var applicantKeys = [6]string{"applicant.name", "applicant.citizenId", "applicant.taxCode", "applicant.phone", "applicant.email", "applicant.address"}

// collectAttachments records the attachment digests of a format 1 trail
// (format 2 compares the digest of the whole list instead).
func (st *trailState) collectAttachments(data EventData) {
	if st.format != "" {
		return
	}
	if st.attachmentSums == nil {
		st.attachmentSums = map[string]string{}
	}
	for k, v := range data.All() {
		if name, ok := strings.CutPrefix(k, "attachment:"); ok {
			st.attachmentSums[name] = v
		}
	}
}

// agencyOf returns the receiving agency: the submission's, or, in a format
// 1 trail, the first part of the code.
func agencyOf(code string, st *trailState) string {
	if st.agency != "" {
		return st.agency
	}
	a, _, _ := strings.Cut(code, "-")
	return a
}

// checkFields compares d with the state its (verified) trail gives and
// returns the first difference as a [*MismatchError], in the order of the
// Dossier's fields.
func (d *Dossier) checkFields() error {
	st, err := replay(d.Code, d.Events)
	if err != nil {
		return err
	}
	v2 := st.format != ""
	var first *MismatchError
	cmp := func(field, stored, trail string) {
		if first == nil && stored != trail {
			first = &MismatchError{Code: d.Code, Field: field, Stored: stored, Trail: trail}
		}
	}
	cmpTime := func(field string, stored, trail time.Time) {
		if first == nil && !stored.Equal(trail) {
			first = &MismatchError{Code: d.Code, Field: field, Stored: timeText(stored), Trail: timeText(trail)}
		}
	}
	cmp("Agency", d.Agency, agencyOf(d.Code, st))
	cmp("Unit", d.Unit, st.unit)
	cmp("Units", strings.Join(d.Units, ","), strings.Join(st.units, ","))
	cmp("ProcedureCode", d.ProcedureCode, st.procedure)
	if v2 {
		pv := ""
		if !d.ProcedureVersion.IsZero() {
			pv = d.ProcedureVersion.Format(time.RFC3339Nano)
		}
		if st.procVersion != "" && pv != "" {
			if t, err := time.Parse(time.RFC3339Nano, st.procVersion); err == nil && t.Equal(d.ProcedureVersion) {
				pv = st.procVersion
			}
		}
		cmp("ProcedureVersion", pv, st.procVersion)
		cmp("Sector", d.Sector, st.sector)
		cmp("Level", zeroText(d.Level != catalog.LevelUnknown, d.Level.String()), st.level)
		cmp("Online", zeroText(d.Online != 0, d.Online.String()), st.online)
		a := &d.Applicant
		for k, v := range [6]string{a.Name, a.CitizenID, a.TaxCode, a.Phone, a.Email, a.Address} {
			cmp("Applicant."+applicantFields[k], v, st.applicant[k])
		}
	}
	cmp("Channel", d.Channel.String(), st.channel)
	stored := ""
	if len(d.FormData) > 0 {
		if stored, err = formDigest(d.FormData); err != nil {
			return err
		}
	}
	if v2 || !st.supplemented {
		// A format 1 supplement did not record the form it left.
		cmp("FormData", stored, st.form)
	}
	if v2 {
		stored = ""
		if len(d.Attachments) > 0 {
			if stored, err = digest(d.Attachments); err != nil {
				return err
			}
		}
		cmp("Attachments", stored, st.attachments)
	} else {
		sums := make(map[string]string, len(d.Attachments))
		for _, a := range d.Attachments {
			sums[a.Name] = a.SHA256
		}
		cmp("Attachments", mapText(sums), mapText(st.attachmentSums))
	}
	storedFee, storedDigest := "", ""
	if d.FeeQuote != nil {
		storedFee = strconv.FormatInt(int64(d.FeeQuote.Total), 10)
		if storedDigest, err = digest(d.FeeQuote); err != nil {
			return err
		}
	}
	cmp("FeeQuote.Total", storedFee, st.fee)
	if v2 {
		cmp("FeeQuote", storedDigest, st.feeQuote)
	}
	if d.Payment != nil || st.paid {
		var p Payment
		if d.Payment != nil {
			p = *d.Payment
		}
		cmp("Payment", strconv.FormatBool(d.Payment != nil), strconv.FormatBool(st.paid))
		cmp("Payment.Amount", strconv.FormatInt(int64(p.Amount), 10), st.payAmount)
		cmp("Payment.Method", p.Method, st.payMethod)
		cmp("Payment.Reference", p.Reference, st.payReference)
		cmp("Payment.Payer", p.Payer, st.payer)
		cmpTime("Payment.PaidAt", p.PaidAt, st.paidAt)
	}
	cmp("Status", d.Status.String(), st.status.String())
	cmp("Outcome", d.Outcome.String(), st.outcome.String())
	if v2 {
		cmp("Deadline", deadlineText(d.Deadline), st.deadline)
		cmp("CutOff", zeroText(d.CutOff != 0, strconv.Itoa(d.CutOff)), st.cutOff)
		cmp("RestartOnSupplement", zeroText(d.RestartOnSupplement, "true"), st.restart)
	}
	cmpTime("SubmittedAt", d.SubmittedAt, st.submitted)
	cmpTime("ReceivedAt", d.ReceivedAt, st.received)
	cmpTime("DueAt", d.DueAt, st.due)
	cmpTime("PausedAt", d.PausedAt, st.paused)
	cmpTime("SettledAt", d.SettledAt, st.settled)
	cmpTime("ClosedAt", d.ClosedAt, st.closed)
	cmp("Apologies", strconv.Itoa(d.Apologies), strconv.Itoa(st.apologies))
	cmp("Delivery", zeroText(d.Delivery != DeliveryUnknown, d.Delivery.String()), st.delivery)
	if first != nil {
		return first
	}
	return nil
}

var applicantFields = [6]string{"Name", "CitizenID", "TaxCode", "Phone", "Email", "Address"}

func zeroText(set bool, s string) string {
	if !set {
		return ""
	}
	return s
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339Nano)
}

func mapText(m map[string]string) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(k + "=" + m[k])
	}
	return b.String()
}
