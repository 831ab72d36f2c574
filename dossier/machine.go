package dossier

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/motcua/motcua/catalog"
)

type statusSet uint16

func setOf(ss ...Status) statusSet {
	var m statusSet
	for _, s := range ss {
		m |= 1 << s
	}
	return m
}

func (m statusSet) has(s Status) bool { return s < 16 && m&(1<<s) != 0 }

type roleSet uint8

func rolesOf(rs ...Role) roleSet {
	var m roleSet
	for _, r := range rs {
		m |= 1 << r
	}
	return m
}

func (m roleSet) has(r Role) bool { return r < 8 && m&(1<<r) != 0 }

// rule is one row of the state machine.
type rule struct {
	from   statusSet
	to     Status // StatusUnknown: decided by the action (Supplement, Pay, Apologize)
	roles  roleSet
	reason bool // a reason is required
}

// handling are the states in which the handling unit has the dossier.
var handling = setOf(Received, InProgress, Transferred)

var officer = rolesOf(RoleOfficer)

// rules is the state machine: for each action, the states it may start
// from, the state it leads to, who may take it and whether a reason is
// required. Checks that depend on the dossier (due times, units, fees) are
// in Service.apply.
var rules = [...]rule{
	Submit:              {from: setOf(StatusUnknown), to: Submitted, roles: rolesOf(RoleApplicant, RoleOfficer)},
	Receive:             {from: setOf(Submitted), to: Received, roles: officer},
	ReturnForCompletion: {from: setOf(Submitted), to: AwaitingSupplement, roles: officer, reason: true},
	RefuseIntake:        {from: setOf(Submitted), to: Refused, roles: officer, reason: true},
	Start:               {from: setOf(Received, Transferred), to: InProgress, roles: officer},
	Transfer:            {from: handling, to: Transferred, roles: officer},
	RequestSupplement:   {from: handling, to: AwaitingSupplement, roles: officer, reason: true},
	Supplement:          {from: setOf(AwaitingSupplement), roles: rolesOf(RoleApplicant, RoleOfficer)},
	AwaitPayment:        {from: handling, to: AwaitingPayment, roles: officer},
	Pay:                 {from: setOf(Submitted, AwaitingPayment), roles: rolesOf(RoleApplicant, RoleOfficer, RoleSystem)},
	Approve:             {from: handling, to: ResultReady, roles: officer},
	Refuse:              {from: handling, to: Refused, roles: officer, reason: true},
	ReturnResult:        {from: setOf(ResultReady), to: Returned, roles: rolesOf(RoleOfficer, RoleSystem)},
	Withdraw:            {from: setOf(Submitted, Received, InProgress, AwaitingSupplement, AwaitingPayment, Transferred), to: Withdrawn, roles: rolesOf(RoleApplicant, RoleOfficer)},
	Apologize:           {from: setOf(Received, InProgress, Transferred, AwaitingPayment), roles: officer, reason: true},
	Stop:                {from: setOf(Received, InProgress, AwaitingSupplement, AwaitingPayment, Transferred), to: Stopped, roles: officer, reason: true},
}

// Allowed reports whether the state machine lets action a start from state
// from. The transition may still be refused for reasons that depend on the
// dossier, the actor or the time; see the [Service] methods.
func Allowed(from Status, a Action) bool {
	return a.Valid() && rules[a].from.has(from)
}

// Actions returns the actions the state machine allows from state from,
// in the order of their constants.
func Actions(from Status) []Action {
	var out []Action
	for a := Submit; a <= Stop; a++ {
		if Allowed(from, a) {
			out = append(out, a)
		}
	}
	return out
}

// apply checks ch against d and applies it at time at, appending the event.
// On error d is unchanged.
func (s *Service) apply(d *Dossier, by Actor, at time.Time, ch *change) error {
	refuse := func(rule string, params ...any) error {
		return refusal(d.Code, d.Status, ch.action, rule, params...)
	}
	if !ch.action.Valid() || ch.action == Submit {
		return refuse("not_a_transition")
	}
	r := rules[ch.action]
	if !r.from.has(d.Status) {
		return refuse("state", d.Status)
	}
	if by.ID == "" {
		return refuse("no_actor")
	}
	if !r.roles.has(by.Role) {
		return refuse("role", by.Role)
	}
	if r.reason && ch.reason == "" {
		return refuse("reason_required")
	}
	if len(ch.reason) > MaxReasonLen {
		if n := utf8.RuneCountInString(ch.reason); n > MaxReasonLen {
			return refuse("too_long", n, MaxReasonLen)
		}
	}
	if n := len(ch.attachments); n > MaxAttachments {
		return refuse("too_many", n, MaxAttachments)
	}
	if len(d.Events) > 0 && at.Before(d.Events[len(d.Events)-1].At) {
		return refuse("time_order", at)
	}
	// Work on a shallow copy. Slices are only appended to and maps and
	// pointed-to values only replaced, never written in place, so d stays
	// as it was if we fail, and what d shares with a store's copy is never
	// changed. (Callers pass slices they own, or, as the memory store does,
	// stored slices whose spare room no one else appends to meanwhile.)
	n := *d
	ev := Event{At: at, Actor: by, Action: ch.action, From: d.Status, To: r.to, Reason: ch.reason}
	var data dataBuilder
	set := data.set
	cutOff := time.Duration(d.CutOff) * time.Minute
	switch ch.action {
	case Receive:
		n.ReceivedAt = at
		n.Unit = d.Agency
		n.Units = append(n.Units, d.Agency)
		if !d.Deadline.Fixed() {
			set("due", "") // no fixed duration: no appointment
			break
		}
		due, err := s.cal.DueDateCutOff(at, d.Deadline, cutOff)
		if err != nil {
			return refuse("due_date", err)
		}
		n.DueAt = due
		set("due", due.Format(time.RFC3339))
		s.markProvisional(set, at, due)
	case ReturnForCompletion:
	case RefuseIntake:
		n.ClosedAt = at
	case Start:
		if by.Unit != "" && by.Unit != d.Unit {
			n.Unit = by.Unit
			n.Units = append(n.Units, by.Unit)
			set("unit", by.Unit)
		}
	case Transfer:
		if ch.unit == "" {
			return refuse("no_target_unit")
		}
		if ch.unit == d.Unit {
			return refuse("same_unit", ch.unit)
		}
		n.Unit = ch.unit
		n.Units = append(n.Units, ch.unit)
		set("to", ch.unit)
	case RequestSupplement:
		n.PausedAt = at
		set("due", dueText(d.DueAt))
	case Supplement:
		if len(ch.attachments) == 0 && len(ch.formData) == 0 {
			return refuse("nothing_supplied")
		}
		atts, err := s.supplied(d, ch.attachments)
		if err != nil {
			return refuse("attachment", err)
		}
		n.Attachments = mergeAttachments(d.Attachments, atts)
		if len(ch.formData) > 0 {
			n.FormData = cloneMap(d.FormData)
			if n.FormData == nil {
				n.FormData = map[string]any{}
			}
			for k, v := range ch.formData {
				n.FormData[k] = cloneValue(v)
			}
		}
		for _, a := range atts {
			set("attachment:"+a.Name, a.SHA256)
		}
		if err := setDigests(set, &n, len(ch.formData) > 0, len(ch.attachments) > 0); err != nil {
			return refuse("record", err)
		}
		if d.ReceivedAt.IsZero() {
			ev.To = Submitted
			break
		}
		ev.To = InProgress
		if !d.Deadline.Fixed() {
			n.PausedAt = time.Time{}
			set("due", "")
			break
		}
		var due time.Time
		if d.RestartOnSupplement {
			due, err = s.cal.DueDateCutOff(at, d.Deadline, cutOff)
		} else {
			due, err = s.cal.Resume(d.PausedAt, d.DueAt, at, d.Deadline.Unit, cutOff)
		}
		if err != nil {
			return refuse("due_date", err)
		}
		n.DueAt, n.PausedAt = due, time.Time{}
		set("due", due.Format(time.RFC3339))
		s.markProvisional(set, at, due)
	case AwaitPayment:
		if ch.amount < 0 {
			return refuse("negative_amount")
		}
		if ch.amount > 0 {
			if d.FeeQuote != nil && d.FeeQuote.Total != ch.amount {
				return refuse("amount_differs", ch.amount, d.FeeQuote.Total)
			}
			if d.FeeQuote == nil {
				n.FeeQuote = &FeeQuote{Total: ch.amount}
				q, err := digest(n.FeeQuote)
				if err != nil {
					return refuse("record", err)
				}
				set("feeQuote", q)
			}
		}
		if n.FeeQuote == nil || n.FeeQuote.Total == 0 {
			return refuse("no_amount_due")
		}
		if d.Payment != nil {
			return refuse("already_paid")
		}
		set("amount", strconv.FormatInt(int64(n.FeeQuote.Total), 10))
	case Pay:
		p := ch.payment
		switch {
		case d.Payment != nil:
			return refuse("already_paid")
		case d.FeeQuote == nil || d.FeeQuote.Total <= 0:
			return refuse("nothing_to_pay")
		case p.Amount != d.FeeQuote.Total:
			return refuse("underpaid", p.Amount, d.FeeQuote.Total)
		}
		for _, f := range [...]string{p.Method, p.Reference, p.Payer} {
			if len(f) > MaxTextLen {
				if n := utf8.RuneCountInString(f); n > MaxTextLen {
					return refuse("too_long", n, MaxTextLen)
				}
			}
		}
		pay := *p
		pay.PaidAt = at
		n.Payment = &pay
		ev.To = InProgress
		if d.Status == Submitted {
			ev.To = Submitted
		}
		set("amount", strconv.FormatInt(int64(pay.Amount), 10))
		set("reference", pay.Reference)
		set("method", pay.Method)
		if pay.Payer != "" {
			set("payer", pay.Payer)
		}
	case Approve:
		if d.FeeQuote != nil && d.FeeQuote.Total > 0 && d.Payment == nil {
			return refuse("unpaid", d.FeeQuote.Total)
		}
		n.SettledAt, n.Outcome = at, Granted
	case Refuse:
		n.SettledAt, n.ClosedAt, n.Outcome = at, at, Denied
	case ReturnResult:
		if ch.delivery < AtCounter || ch.delivery > Electronic {
			return refuse("delivery")
		}
		n.ClosedAt, n.Delivery = at, ch.delivery
		set("via", ch.delivery.String())
	case Withdraw:
		if by.Role == RoleOfficer && ch.reason == "" {
			return refuse("withdraw_reason")
		}
		n.ClosedAt = at
	case Stop:
		n.ClosedAt = at
	case Apologize:
		switch {
		case d.DueAt.IsZero():
			return refuse("no_due")
		case !at.Before(d.DueAt):
			return refuse("apology_late", d.DueAt)
		case by.Unit == "" || !slices.Contains(d.Units, by.Unit):
			return refuse("unit_not_handled", by.Unit)
		case !ch.due.After(d.DueAt):
			return refuse("due_not_later", d.DueAt)
		}
		ok, err := s.cal.IsWorkingDay(ch.due)
		if err != nil {
			return refuse("due_invalid", err)
		}
		if !ok {
			return refuse("due_day_off", day(ch.due))
		}
		ev.To = d.Status
		n.DueAt = ch.due.Truncate(time.Microsecond).In(d.DueAt.Location())
		n.Apologies++
		set("previousDue", d.DueAt.Format(time.RFC3339))
		set("due", n.DueAt.Format(time.RFC3339Nano))
		set("unit", by.Unit)
	case Submit, ActionUnknown:
		return refuse("not_a_transition")
	}
	ev.Data = data.data()
	n.Status = ev.To
	n.appendEvent(ev)
	*d = n
	return nil
}

// mergeAttachments returns old with each of add replacing the attachment of
// the same name, or appended.
func mergeAttachments(old, add []Attachment) []Attachment {
	out := slices.Clone(old)
	for _, a := range add {
		if i := slices.IndexFunc(out, func(x Attachment) bool { return x.Name == a.Name }); i >= 0 {
			out[i] = a
		} else {
			out = append(out, a)
		}
	}
	return out
}

// dueText is a due time as event data: RFC 3339, or "" for none.
func dueText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

// supplied returns the attachments of a supplement with their documents'
// exact names, checked against every document the procedure lists (its
// general list and every case's) when the catalogue still has the version
// the dossier was filed under; else their own fields only.
func (s *Service) supplied(d *Dossier, atts []Attachment) ([]Attachment, error) {
	var reqs []catalog.Requirement
	if p, ok := s.cat.Get(d.ProcedureCode, d.ProcedureVersion); ok && p.ValidFrom.Equal(d.ProcedureVersion) {
		reqs = slices.Clip(p.Documents)
		for _, c := range p.Cases {
			reqs = append(reqs, c.Documents...)
		}
	}
	if len(reqs) == 0 {
		for i := range atts {
			if err := checkAttachmentShape(&atts[i]); err != nil {
				return nil, fmt.Errorf("attachment %d: %w", i+1, err)
			}
		}
		return atts, nil
	}
	out, probs := checkDocuments(reqs, atts, false)
	if len(probs) > 0 {
		return nil, probs[0]
	}
	return out, nil
}

// markProvisional records, under the event data key "provisional", the
// provisional calendar years (comma-separated) that a due time counted from
// at to due rests on; see [Dossier.ProvisionalYears].
func (s *Service) markProvisional(set func(k, v string), at, due time.Time) {
	ys := s.cal.provisionalYears(dayNumber(at), dayNumber(due))
	if len(ys) == 0 {
		return
	}
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y)
	}
	set("provisional", strings.Join(parts, ","))
}
