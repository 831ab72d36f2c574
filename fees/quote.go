package fees

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

// MaxRequestItems is the largest number of items one [Request] may list.
const MaxRequestItems = 10000

// MaxRequestGroups is the largest number of applicant groups one
// [Request] may name.
const MaxRequestGroups = 100

// Request asks for the amounts due for some items at a given time.
type Request struct {
	Items    []ItemRequest `json:"items"`              // at least one
	At       time.Time     `json:"at"`                 // the time of filing; required (never taken from the clock)
	Channel  Channel       `json:"channel"`            // how the dossier is filed; unknown: no channel adjustment applies
	Groups   []string      `json:"groups,omitempty"`   // applicant groups, as defined by the schedule ("student", "poor-household")
	Locality string        `json:"locality,omitempty"` // province code, as defined by the schedule
}

// ItemRequest is one item of a [Request].
type ItemRequest struct {
	Code          string `json:"code"`
	Quantity      int64  `json:"quantity,omitempty"`       // units for per-unit rules (pages, cases); 0 means 1
	Copies        int64  `json:"copies,omitempty"`         // copies for per-unit rules; 0 means 1
	DeclaredValue Money  `json:"declared_value,omitempty"` // value for percent and bracket rules; required by them
}

// Quote is the amount due for a [Request], line by line, with the reasons.
// It is a plain value that marshals to JSON and back, so a dossier can
// store it as it was shown to the applicant. Its texts are copies: changing
// them does not change the schedule.
type Quote struct {
	At       time.Time `json:"at"`
	Channel  Channel   `json:"channel"`
	Groups   []Group   `json:"groups,omitempty"`
	Locality Group     `json:"locality,omitzero"` // zero when the request names none
	Lines    []Line    `json:"lines"`
	Total    Money     `json:"total"` // the sum of the lines' Amount
}

// Group is a code the schedule defines (an applicant group or a
// locality) with its name, as recorded on a [Quote].
type Group struct {
	Code string `json:"code"`
	Name Text   `json:"name"`
}

// Line is the computation of one requested item: its rules (Parts) summed
// into Base, each adjustment applied in order, the single rounding, and
// the Amount due.
type Line struct {
	Code          string    `json:"code"`
	Name          Text      `json:"name"`
	Kind          Kind      `json:"kind"`
	Issuer        string    `json:"issuer,omitempty"`
	Unit          Text      `json:"unit,omitzero"`
	Locality      string    `json:"locality,omitempty"`
	From          Date      `json:"from"`           // the version in force
	Until         Date      `json:"until,omitzero"` // the version's end, if any
	Basis         Basis     `json:"basis"`          // the version's legal basis
	Quantity      int64     `json:"quantity"`       // as used (0 in the request counts as 1)
	Copies        int64     `json:"copies"`         // as used (0 in the request counts as 1)
	DeclaredValue Money     `json:"declared_value,omitempty"`
	Parts         []Part    `json:"parts"`
	Base          Exact     `json:"base"`                  // the sum of the parts, before adjustments
	Adjustments   []Applied `json:"adjustments,omitempty"` // in the order applied
	Unrounded     Exact     `json:"unrounded"`             // after adjustments, before rounding
	Rounding      Rounding  `json:"rounding"`
	Amount        Money     `json:"amount"` // Unrounded rounded once with Rounding
}

// Part is the amount of one rule of a line.
type Part struct {
	ID      string    `json:"id,omitempty"`
	Label   Text      `json:"label,omitzero"`
	Form    RuleForm  `json:"form"`
	Tiers   []TierUse `json:"tiers,omitempty"`   // per_unit: units counted in each tier
	PerCopy Exact     `json:"per_copy,omitzero"` // per_unit: amount for one copy, after its cap
	Copies  int64     `json:"copies,omitempty"`  // per_unit: copies multiplied
	Value   Money     `json:"value,omitempty"`   // percent, brackets: the declared value
	Rate    Rate      `json:"rate,omitzero"`     // percent, brackets: the rate used
	Bracket Bracket   `json:"bracket,omitzero"`  // brackets: the bracket chosen (a copy)
	Floor   Money     `json:"floor,omitempty"`   // the floor, when it was applied
	Cap     Money     `json:"cap,omitempty"`     // the cap (per copy for per_unit), when it was applied
	Amount  Exact     `json:"amount"`
}

// TierUse is how many units of a per-unit rule fell in one tier.
type TierUse struct {
	From  int64 `json:"from"`
	Units int64 `json:"units"`
	Price Money `json:"price"`
}

// Applied is one adjustment applied to a line, with the amount before and
// after it.
type Applied struct {
	ID        string   `json:"id"`
	Order     int      `json:"order"`
	Name      Text     `json:"name"`
	Effect    Effect   `json:"effect"`
	Rate      Rate     `json:"rate,omitzero"`
	Amount    Money    `json:"amount,omitempty"`
	Stacking  Stacking `json:"stacking"`
	Component string   `json:"component,omitempty"`
	Basis     Basis    `json:"basis"`
	Before    Exact    `json:"before"`
	After     Exact    `json:"after"`
}

// Quote computes the amounts due for req. Amounts stay exact (fractions of
// a đồng) through every rule and adjustment of a line; each line is rounded
// once, at the end, with its version's rounding mode; the total is the sum
// of the rounded lines. Errors are [*RequestError] values wrapping
// [ErrRequest], [ErrUnknownItem], [ErrNotInForce], [ErrNegative],
// [ErrValueRequired], [ErrUnknownGroup], [ErrLocality] or [ErrOverflow].
func (s *Schedule) Quote(req Request) (Quote, error) {
	if s == nil {
		return Quote{}, &RequestError{Field: "schedule", Err: ErrRequest, Msg: "nil schedule"}
	}
	if req.At.IsZero() {
		return Quote{}, &RequestError{Field: "at", Err: ErrRequest, Msg: "no time given"}
	}
	if len(req.Items) == 0 {
		return Quote{}, &RequestError{Field: "items", Err: ErrRequest, Msg: "no items"}
	}
	if len(req.Items) > MaxRequestItems {
		return Quote{}, &RequestError{Field: "items", Err: ErrRequest, Msg: fmt.Sprintf("more than %d items", MaxRequestItems)}
	}
	if len(req.Groups) > MaxRequestGroups {
		return Quote{}, &RequestError{Field: "groups", Err: ErrRequest, Msg: fmt.Sprintf("more than %d groups", MaxRequestGroups)}
	}
	if !req.Channel.valid() {
		return Quote{}, &RequestError{Field: "channel", Err: ErrRequest, Msg: "unknown channel"}
	}
	for i, g := range req.Groups {
		if _, ok := s.def.Groups[g]; !ok {
			return Quote{}, &RequestError{Field: fmt.Sprintf("groups[%d]", i), Err: ErrUnknownGroup, Msg: fmt.Sprintf("group %q is not in the schedule", g)}
		}
	}
	if req.Locality != "" {
		if _, ok := s.def.Localities[req.Locality]; !ok {
			return Quote{}, &RequestError{Field: "locality", Err: ErrLocality, Msg: fmt.Sprintf("locality %q is not in the schedule", req.Locality)}
		}
	}
	q := Quote{At: req.At, Channel: req.Channel, Lines: make([]Line, len(req.Items))}
	if len(req.Groups) > 0 {
		q.Groups = make([]Group, len(req.Groups))
		for i, g := range req.Groups {
			q.Groups[i] = Group{Code: g, Name: maps.Clone(s.def.Groups[g])}
		}
	}
	if req.Locality != "" {
		q.Locality = Group{Code: req.Locality, Name: maps.Clone(s.def.Localities[req.Locality])}
	}
	at := req.At.Unix()
	// First pass: resolve every item and its version, and count what the
	// lines need, so that parts, tiers and adjustments of all lines share
	// one allocation each.
	var rbuf [8]resolved
	rs := rbuf[:0]
	if len(req.Items) > len(rbuf) {
		rs = make([]resolved, 0, len(req.Items))
	}
	var nParts, nTiers, nAdjs int
	for i := range req.Items {
		r, err := s.resolve(&req, i, at)
		if err != nil {
			return Quote{}, err
		}
		rs = append(rs, r)
		nParts += len(r.cv.v.Rules)
		nTiers += r.cv.tiers
		for _, ca := range r.ci.adjs {
			if ca.matches(&req, at) {
				nAdjs++
			}
		}
	}
	pool := linePool{parts: make([]Part, nParts)}
	if nTiers > 0 {
		pool.tiers = make([]TierUse, 0, nTiers)
	}
	if nAdjs > 0 {
		pool.applied = make([]Applied, 0, nAdjs)
	}
	for i := range req.Items {
		if err := quoteLine(&q.Lines[i], &req, i, rs[i], at, &pool); err != nil {
			return Quote{}, err
		}
		t, err := q.Total.Add(q.Lines[i].Amount)
		if err != nil {
			return Quote{}, &RequestError{Field: "total", Err: err}
		}
		q.Total = t
	}
	return q, nil
}

// resolved is a requested item with the version in force.
type resolved struct {
	ci *compiledItem
	cv *compiledVersion
}

// linePool holds the backing arrays the lines of one quote slice into.
type linePool struct {
	parts   []Part    // len: every rule of every line; consumed from the front
	tiers   []TierUse // cap: every tier of every per-unit rule
	applied []Applied // cap: every adjustment whose conditions match
}

func itemField(i int, f string) string { return fmt.Sprintf("items[%d]%s", i, f) }

// resolve finds the item and version of req.Items[i] and checks its input.
func (s *Schedule) resolve(req *Request, i int, at int64) (resolved, error) {
	ir := &req.Items[i]
	ci, ok := s.items[ir.Code]
	if !ok {
		return resolved{}, &RequestError{Field: itemField(i, ".code"), Code: ir.Code, Err: ErrUnknownItem}
	}
	switch {
	case ir.Quantity < 0:
		return resolved{}, &RequestError{Field: itemField(i, ".quantity"), Code: ir.Code, Err: ErrNegative}
	case ir.Copies < 0:
		return resolved{}, &RequestError{Field: itemField(i, ".copies"), Code: ir.Code, Err: ErrNegative}
	case ir.DeclaredValue < 0:
		return resolved{}, &RequestError{Field: itemField(i, ".declared_value"), Code: ir.Code, Err: ErrNegative}
	}
	it := ci.item
	if it.Locality != "" && it.Locality != req.Locality {
		return resolved{}, &RequestError{Field: itemField(i, ".code"), Code: ir.Code, Err: ErrLocality,
			Msg: fmt.Sprintf("item is set by locality %q, request is for %q", it.Locality, req.Locality)}
	}
	for k := range ci.versions {
		v := &ci.versions[k]
		if at >= v.from && (v.until == 0 || at < v.until) {
			return resolved{ci: ci, cv: v}, nil
		}
	}
	return resolved{}, &RequestError{Field: itemField(i, ".code"), Code: ir.Code, Err: ErrNotInForce,
		Msg: "no version in force at " + req.At.In(Location).Format(time.RFC3339)}
}

func quoteLine(l *Line, req *Request, i int, r resolved, at int64, pool *linePool) error {
	ir := &req.Items[i]
	ci, cv, it := r.ci, r.cv, r.ci.item
	field := func(f string) string { return itemField(i, f) }
	qty, copies := ir.Quantity, ir.Copies
	if qty == 0 {
		qty = 1
	}
	if copies == 0 {
		copies = 1
	}
	v := cv.v
	*l = Line{
		Code: it.Code, Name: maps.Clone(it.Name), Kind: it.Kind, Issuer: it.Issuer, Unit: maps.Clone(it.Unit), Locality: it.Locality,
		From: v.From, Until: v.Until, Basis: v.Basis,
		Quantity: qty, Copies: copies, DeclaredValue: ir.DeclaredValue,
		Parts: pool.parts[:len(v.Rules):len(v.Rules)], Rounding: cv.rounding,
	}
	pool.parts = pool.parts[len(v.Rules):]
	l.Adjustments = pool.applied[len(pool.applied):len(pool.applied):cap(pool.applied)]
	var buf [4]Exact
	amounts := buf[:0]
	if len(v.Rules) > len(buf) {
		amounts = make([]Exact, 0, len(v.Rules))
	}
	for k := range v.Rules {
		p := &l.Parts[k]
		if err := evalRule(p, &v.Rules[k], qty, copies, ir.DeclaredValue, &pool.tiers); err != nil {
			f := field("")
			if err == ErrValueRequired {
				f = field(".declared_value")
			}
			return &RequestError{Field: f, Code: ir.Code, Err: err}
		}
		sum, err := l.Base.add(p.Amount)
		if err != nil {
			return &RequestError{Field: field(""), Code: ir.Code, Err: err}
		}
		l.Base = sum
		amounts = append(amounts, p.Amount)
	}
	cur := l.Base
	applied := false
	for _, ca := range ci.adjs {
		a := ca.a
		if !ca.matches(req, at) || (a.Stacking == Exclusive && applied) {
			continue
		}
		if a.Effect == SetAmount && a.Component == "" {
			// The line as a whole becomes Amount, unless it is already lower.
			if set := exactOf(a.Amount); set.Cmp(cur) < 0 {
				for k := range amounts {
					amounts[k] = Exact{}
				}
				amounts[0] = set
			}
		} else {
			for k := range amounts {
				if a.Component != "" && v.Rules[k].ID != a.Component {
					continue
				}
				switch a.Effect {
				case Exempt:
					amounts[k] = Exact{}
				case Multiply:
					m, err := amounts[k].mulRate(a.Rate)
					if err != nil {
						return &RequestError{Field: field(""), Code: ir.Code, Err: err}
					}
					amounts[k] = m
				case SetAmount:
					if set := exactOf(a.Amount); set.Cmp(amounts[k]) < 0 {
						amounts[k] = set
					}
				}
			}
		}
		after, err := sumExact(amounts)
		if err != nil {
			return &RequestError{Field: field(""), Code: ir.Code, Err: err}
		}
		l.Adjustments = append(l.Adjustments, Applied{
			ID: a.ID, Order: a.Order, Name: maps.Clone(a.Name), Effect: a.Effect, Rate: a.Rate, Amount: a.Amount,
			Stacking: a.Stacking, Component: a.Component, Basis: a.Basis, Before: cur, After: after,
		})
		cur = after
		applied = true
		if a.Stacking == Exclusive || a.Stacking == Final {
			break
		}
	}
	if len(l.Adjustments) == 0 {
		l.Adjustments = nil
	} else {
		pool.applied = pool.applied[:len(pool.applied)+len(l.Adjustments)]
		l.Adjustments = l.Adjustments[:len(l.Adjustments):len(l.Adjustments)]
	}
	l.Unrounded = cur
	amt, err := cur.Round(cv.rounding)
	if err != nil {
		return &RequestError{Field: field(""), Code: ir.Code, Err: err}
	}
	l.Amount = amt
	return nil
}

func sumExact(xs []Exact) (Exact, error) {
	var s Exact
	for _, x := range xs {
		var err error
		if s, err = s.add(x); err != nil {
			return Exact{}, err
		}
	}
	return s, nil
}

// matches reports whether the adjustment applies to req at time at.
func (ca *compiledAdj) matches(req *Request, at int64) bool {
	if (ca.from != 0 && at < ca.from) || (ca.until != 0 && at >= ca.until) {
		return false
	}
	if ca.channels != 0 && ca.channels&(1<<req.Channel) == 0 {
		return false
	}
	a := ca.a
	if len(a.Groups) > 0 && !slices.ContainsFunc(a.Groups, func(g string) bool { return slices.Contains(req.Groups, g) }) {
		return false
	}
	if len(a.Localities) > 0 && !slices.Contains(a.Localities, req.Locality) {
		return false
	}
	return true
}
