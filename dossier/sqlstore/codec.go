package sqlstore

import (
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

var errorsIs = errors.Is

// Times are stored as nanoseconds since the Unix epoch, which covers the
// years 1678 to 2261.
var (
	minTime = time.Unix(0, math.MinInt64)
	maxTime = time.Unix(0, math.MaxInt64)
)

// nanos encodes t: NULL for the zero time.
func nanos(code, what string, t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if t.Before(minTime) || t.After(maxTime) {
		return nil, fmt.Errorf("%w: %s: %s %s is outside the years 1678 to 2261", dossier.ErrInvalidDossier, code, what, t.Format(time.RFC3339))
	}
	return t.UnixNano(), nil
}

// fromNanos decodes a stored time, in Asia/Ho_Chi_Minh.
func fromNanos(v sql.NullInt64) time.Time {
	if !v.Valid {
		return time.Time{}
	}
	return time.Unix(0, v.Int64).In(vntime.Location)
}

type textEnum interface {
	~uint8
	MarshalText() ([]byte, error)
}

// enumText returns the stable identifier of v, "" for the zero value.
func enumText[E textEnum](code, what string, v E) (string, error) {
	if v == 0 {
		return "", nil
	}
	b, err := v.MarshalText()
	if err != nil {
		return "", fmt.Errorf("%w: %s: %s: %w", dossier.ErrInvalidDossier, code, what, err)
	}
	return string(b), nil
}

// parseEnum decodes a stored identifier, "" being the zero value.
func parseEnum[E ~uint8, P interface {
	*E
	UnmarshalText([]byte) error
}](code, column string, b []byte) (E, error) {
	var v E
	if len(b) == 0 {
		return v, nil
	}
	if err := P(&v).UnmarshalText(b); err != nil {
		return v, &CorruptError{Code: code, Column: column, Err: err}
	}
	return v, nil
}

// body holds what a dossier row keeps as JSON: what no filter uses.
// Nil and empty are told apart, so a dossier reads back as it was written.
type body struct {
	Units       []string             `json:"units"`
	FormData    map[string]any       `json:"formData"`
	Attachments []dossier.Attachment `json:"attachments"`
	FeeQuote    *dossier.FeeQuote    `json:"feeQuote"`
	// NoFeeLines says FeeQuote.Lines is empty but not nil.
	NoFeeLines bool             `json:"noFeeLines,omitempty"`
	Payment    *dossier.Payment `json:"payment"`
	// PaidAt is Payment.PaidAt in Unix nanoseconds (JSON's time text
	// loses the location).
	PaidAt *int64 `json:"paidAt,omitempty"`
}

// encodeDossier returns the values of dossierColumns for d.
func encodeDossier(d *dossier.Dossier) ([]any, error) {
	c := d.Code
	if err := checkText(d); err != nil {
		return nil, err
	}
	b := body{Units: d.Units, FormData: d.FormData, Attachments: d.Attachments, FeeQuote: d.FeeQuote, Payment: d.Payment}
	if q := d.FeeQuote; q != nil && q.Lines != nil && len(q.Lines) == 0 {
		b.NoFeeLines = true
	}
	if p := d.Payment; p != nil && !p.PaidAt.IsZero() {
		v, err := nanos(c, "payment time", p.PaidAt)
		if err != nil {
			return nil, err
		}
		n := v.(int64)
		b.PaidAt = &n
	}
	js, err := json.Marshal(&b)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: form data, attachments, fees or payment cannot be stored as JSON: %w", dossier.ErrInvalidDossier, c, err)
	}
	var errs []error
	enum := func(s string, err error) string {
		if err != nil {
			errs = append(errs, err)
		}
		return s
	}
	tm := func(what string, t time.Time) any {
		v, err := nanos(c, what, t)
		if err != nil {
			errs = append(errs, err)
		}
		return v
	}
	restart := 0
	if d.RestartOnSupplement {
		restart = 1
	}
	var head any
	if len(d.Events) > 0 {
		h := d.Head()
		head = h[:]
	}
	row := []any{
		c, d.Agency, d.Unit, d.ProcedureCode, tm("procedure version", d.ProcedureVersion), d.Sector,
		enum(enumText(c, "level", d.Level)),
		enum(enumText(c, "online level", d.Online)),
		enum(enumText(c, "channel", d.Channel)),
		enum(enumText(c, "status", d.Status)),
		enum(enumText(c, "outcome", d.Outcome)),
		d.Applicant.Name, d.Applicant.CitizenID, d.Applicant.TaxCode, d.Applicant.Phone, d.Applicant.Email, d.Applicant.Address,
		int64(d.Deadline.N), enum(enumText(c, "deadline unit", d.Deadline.Unit)),
		int64(d.CutOff), restart,
		tm("submission time", d.SubmittedAt), tm("receipt time", d.ReceivedAt), tm("due time", d.DueAt),
		tm("pause time", d.PausedAt), tm("settlement time", d.SettledAt), tm("closing time", d.ClosedAt),
		int64(d.Apologies), enum(enumText(c, "delivery", d.Delivery)),
		d.Version, head, string(js), trailDigest(d.Events),
	}
	row = append(row, factsColumns(d)...)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return row, nil
}

// factsColumns returns the values of the columns supplement_requests and
// facts (schema 8): [dossier.FactsOf] d, the facts bits being factFeeDue,
// factPaidOnline and factDigitised.
func factsColumns(d *dossier.Dossier) []any {
	f := dossier.FactsOf(d)
	var bits int64
	if f.FeeDue {
		bits |= factFeeDue
	}
	if f.PaidOnline {
		bits |= factPaidOnline
	}
	if f.Digitised {
		bits |= factDigitised
	}
	return []any{int64(f.SupplementRequests), bits}
}

// The bits of the facts column.
const (
	factFeeDue     = 1
	factPaidOnline = 2
	factDigitised  = 4
)

// trailDigest returns the running digest of the sequence numbers and
// hashes of evs, which Update compares with the stored one to check, in its
// UPDATE statement, that the trail only grows: t₀ is 32 zero bytes and
// tᵢ = SHA-256(tᵢ₋₁ ‖ u64(Seq) ‖ Hash).
func trailDigest(evs []dossier.Event) []byte {
	var t [sha256.Size]byte
	var buf [sha256.Size + 8 + sha256.Size]byte
	for i := range evs {
		copy(buf[:], t[:])
		binary.BigEndian.PutUint64(buf[sha256.Size:], evs[i].Seq)
		copy(buf[sha256.Size+8:], evs[i].Hash[:])
		t = sha256.Sum256(buf[:])
	}
	return t[:]
}

// rowScanner is *sql.Rows or *sql.Row.
type rowScanner interface {
	Scan(dest ...any) error
}

// scanDossier reads a row of selectBrief (brief) or selectFull into d,
// leaving Events out.
func scanDossier(rows rowScanner, d *dossier.Dossier, brief bool) error {
	r := dossierRow{d: d, brief: brief}
	if err := rows.Scan(r.dest(nil)...); err != nil {
		return scanError("read dossier", "", err)
	}
	return r.finish()
}

// dossierRow reads the columns of a dossier row into d: Scan into dest,
// then finish.
type dossierRow struct {
	d                                                       *dossier.Dossier
	brief                                                   bool
	level, online, channel, status, outcome, unit, delivery sql.RawBytes
	procVersion, submitted, received, due, paused, settled  sql.NullInt64
	closed                                                  sql.NullInt64
	deadlineN, cutOff, restart, apologies                   int64
	js                                                      []byte
}

// dest appends the scan destinations of the row's columns to buf.
func (r *dossierRow) dest(buf []any) []any {
	d := r.d
	buf = append(buf,
		&d.Code, &d.Agency, &d.Unit, &d.ProcedureCode, &r.procVersion, &d.Sector,
		&r.level, &r.online, &r.channel, &r.status, &r.outcome,
		&d.Applicant.Name, &d.Applicant.CitizenID, &d.Applicant.TaxCode, &d.Applicant.Phone, &d.Applicant.Email, &d.Applicant.Address,
		&r.deadlineN, &r.unit, &r.cutOff, &r.restart,
		&r.submitted, &r.received, &r.due, &r.paused, &r.settled, &r.closed,
		&r.apologies, &r.delivery, &d.Version,
	)
	if !r.brief {
		buf = append(buf, &r.js)
	}
	return buf
}

// finish decodes what dest scanned.
func (r *dossierRow) finish() error {
	d := r.d
	level, online, channel, status, outcome, unit, delivery := r.level, r.online, r.channel, r.status, r.outcome, r.unit, r.delivery
	procVersion, submitted, received, due, paused, settled, closed := r.procVersion, r.submitted, r.received, r.due, r.paused, r.settled, r.closed
	deadlineN, cutOff, restart, apologies, js, brief := r.deadlineN, r.cutOff, r.restart, r.apologies, r.js, r.brief
	c := d.Code
	var err error
	var errs []error
	keep := func(e error) {
		if e != nil {
			errs = append(errs, e)
		}
	}
	d.Level, err = parseEnum[catalog.Level](c, "level", level)
	keep(err)
	d.Online, err = parseEnum[catalog.OnlineLevel](c, "online", online)
	keep(err)
	d.Channel, err = parseEnum[catalog.Channel](c, "channel", channel)
	keep(err)
	d.Status, err = parseEnum[dossier.Status](c, "status", status)
	keep(err)
	d.Outcome, err = parseEnum[dossier.Outcome](c, "outcome", outcome)
	keep(err)
	d.Deadline.Unit, err = parseEnum[catalog.TimeUnit](c, "deadline_unit", unit)
	keep(err)
	d.Delivery, err = parseEnum[dossier.Delivery](c, "delivery", delivery)
	keep(err)
	if len(errs) > 0 {
		return errs[0]
	}
	d.ProcedureVersion = fromNanos(procVersion)
	d.Deadline.N = int(deadlineN)
	d.CutOff = int(cutOff)
	d.RestartOnSupplement = restart != 0
	d.SubmittedAt, d.ReceivedAt, d.DueAt = fromNanos(submitted), fromNanos(received), fromNanos(due)
	d.PausedAt, d.SettledAt, d.ClosedAt = fromNanos(paused), fromNanos(settled), fromNanos(closed)
	d.Apologies = int(apologies)
	if brief {
		return nil
	}
	var b body
	if err := json.Unmarshal(js, &b); err != nil {
		return &CorruptError{Code: c, Column: "body", Err: err}
	}
	d.Units, d.FormData, d.Attachments, d.FeeQuote, d.Payment = b.Units, b.FormData, b.Attachments, b.FeeQuote, b.Payment
	if b.NoFeeLines && d.FeeQuote != nil && d.FeeQuote.Lines == nil {
		d.FeeQuote.Lines = []dossier.FeeLine{}
	}
	if d.Payment != nil {
		d.Payment.PaidAt = time.Time{}
		if b.PaidAt != nil {
			d.Payment.PaidAt = fromNanos(sql.NullInt64{Int64: *b.PaidAt, Valid: true})
		}
	}
	return nil
}

// encodeEvents returns the rows of motcua_events for evs, the events of
// dossier code from position first (0-based).
func encodeEvents(code string, evs []dossier.Event, first int) ([][]any, error) {
	out := make([][]any, len(evs))
	for i := range evs {
		ev := &evs[i]
		pos := first + i + 1
		bad := func(err error) ([][]any, error) {
			return nil, fmt.Errorf("%w: %s: event #%d: %w", dossier.ErrInvalidDossier, code, pos-1, err)
		}
		if ev.Seq > math.MaxInt64 {
			return bad(fmt.Errorf("sequence number %d too large", ev.Seq))
		}
		at, err := nanos(code, "event time", ev.At)
		if err != nil {
			return nil, err
		}
		role, err := enumText(code, "actor role", ev.Actor.Role)
		if err != nil {
			return nil, err
		}
		action, err := enumText(code, "action", ev.Action)
		if err != nil {
			return nil, err
		}
		from, err := enumText(code, "from state", ev.From)
		if err != nil {
			return nil, err
		}
		to, err := enumText(code, "to state", ev.To)
		if err != nil {
			return nil, err
		}
		var data any
		if !ev.Data.IsZero() {
			js, err := json.Marshal(ev.Data)
			if err != nil {
				return bad(err)
			}
			data = string(js)
		}
		prev, hash := ev.PrevHash, ev.Hash
		out[i] = []any{code, int64(pos), int64(ev.Seq), at, ev.Actor.ID, role, ev.Actor.Unit,
			action, from, to, ev.Reason, data, prev[:], hash[:]}
	}
	return out, nil
}

// scanEvent reads a row of motcua_events (all columns, in order) into ev
// and returns its dossier code and position.
func scanEvent(rows rowScanner, ev *dossier.Event) (code string, pos int64, err error) {
	r := eventRow{ev: ev}
	if err := rows.Scan(r.dest(nil)...); err != nil {
		return "", 0, scanError("read event", "", err)
	}
	return r.finish()
}

// eventRow reads the columns of an event row into ev: Scan into dest, then
// finish.
type eventRow struct {
	ev                     *dossier.Event
	code                   string
	pos, seq               int64
	at                     sql.NullInt64
	role, action, from, to sql.RawBytes
	data                   sql.NullString
	prev, hash             sql.RawBytes
}

// dest appends the scan destinations of the row's columns to buf.
func (r *eventRow) dest(buf []any) []any {
	return append(buf, &r.code, &r.pos, &r.seq, &r.at, &r.ev.Actor.ID, &r.role, &r.ev.Actor.Unit, &r.action, &r.from, &r.to,
		&r.ev.Reason, &r.data, &r.prev, &r.hash)
}

// finish decodes what dest scanned, returning the event's dossier code and
// position.
func (r *eventRow) finish() (code string, pos int64, err error) {
	ev, code, pos, seq, at := r.ev, r.code, r.pos, r.seq, r.at
	role, action, from, to, data, prev, hash := r.role, r.action, r.from, r.to, r.data, r.prev, r.hash
	ev.Seq = uint64(seq)
	ev.At = fromNanos(at)
	if ev.Actor.Role, err = parseEnum[dossier.Role](code, "events.actor_role", role); err != nil {
		return code, pos, err
	}
	if ev.Action, err = parseEnum[dossier.Action](code, "events.action", action); err != nil {
		return code, pos, err
	}
	if ev.From, err = parseEnum[dossier.Status](code, "events.from_status", from); err != nil {
		return code, pos, err
	}
	if ev.To, err = parseEnum[dossier.Status](code, "events.to_status", to); err != nil {
		return code, pos, err
	}
	if len(prev) != len(ev.PrevHash) || len(hash) != len(ev.Hash) {
		return code, pos, &CorruptError{Code: code, Column: "events.hash", Err: fmt.Errorf("hash of %d and %d bytes at position %d", len(prev), len(hash), pos)}
	}
	copy(ev.PrevHash[:], prev)
	copy(ev.Hash[:], hash)
	if data.Valid {
		if err := ev.Data.UnmarshalJSON([]byte(data.String)); err != nil { // directly: encoding/json would first scan the whole input
			return code, pos, &CorruptError{Code: code, Column: "events.data", Err: err}
		}
	}
	return code, pos, nil
}
