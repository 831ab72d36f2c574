package fees

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
)

// FormatVersion is the value of [Definition.Format] this package reads.
const FormatVersion = "motcua-fees/1"

// Basis is the legal basis of an amount: the document that sets it and the
// article or appendix line.
type Basis struct {
	Document string `json:"document"`          // "Thông tư 226/2016/TT-BTC"
	Article  string `json:"article,omitempty"` // "Điều 4, khoản 1"
	Issuer   string `json:"issuer,omitempty"`  // "Bộ Tài chính"
}

// String returns "Document, Article".
func (b Basis) String() string {
	if b.Article == "" {
		return b.Document
	}
	return b.Document + ", " + b.Article
}

// Definition is a fee schedule as data: what [New] builds a [Schedule]
// from and what [ParseJSON] reads. The JSON format is documented in the
// package comment.
type Definition struct {
	Format      string          `json:"format"`                // must be FormatVersion
	Name        Text            `json:"name"`                  // the schedule's title
	Note        string          `json:"note,omitempty"`        // free comment: sources, assumptions
	Rounding    Rounding        `json:"rounding"`              // default rounding of every line
	Groups      map[string]Text `json:"groups,omitempty"`      // applicant groups adjustments may name
	Localities  map[string]Text `json:"localities,omitempty"`  // provinces items and adjustments may name
	Items       []Item          `json:"items"`                 // at least one
	Adjustments []Adjustment    `json:"adjustments,omitempty"` // exemptions and reductions
}

// Item is one fee or charge with its dated versions.
type Item struct {
	Code     string    `json:"code"`               // unique, [A-Za-z0-9._-]{1,64}
	Name     Text      `json:"name"`               // what the citizen pays for
	Kind     Kind      `json:"kind"`               // fee (phí) or charge (lệ phí)
	Issuer   string    `json:"issuer,omitempty"`   // who sets it: "Bộ Tài chính", "HĐND thành phố Hà Nội"
	Unit     Text      `json:"unit,omitzero"`      // what Quantity counts ("trang"/"page"), for per-unit rules
	Locality string    `json:"locality,omitempty"` // province code when the item is set by one province
	Note     string    `json:"note,omitempty"`     // free comment: sources, assumptions
	Versions []Version `json:"versions"`           // non-overlapping [From, Until) periods
}

// Version is the content of an item in force from From (inclusive) to Until
// (exclusive; zero means still in force).
type Version struct {
	From     Date     `json:"from"`
	Until    Date     `json:"until,omitzero"`
	Basis    Basis    `json:"basis"`
	Rounding Rounding `json:"rounding,omitempty"` // overrides the schedule's rounding when set
	Rules    []Rule   `json:"rules"`              // summed; at least one
	Note     string   `json:"note,omitempty"`
}

// Rule is one component of an amount. Exactly one of Flat, PerUnit,
// Percent, Brackets and Free is set. ID names the component so that an
// adjustment can target it; it must be unique within a version.
type Rule struct {
	ID       string    `json:"id,omitempty"`
	Label    Text      `json:"label,omitzero"`
	Flat     *Money    `json:"flat,omitempty"`     // a fixed amount per dossier, whatever the quantity
	PerUnit  *PerUnit  `json:"per_unit,omitempty"` // a price per unit of Quantity, per copy
	Percent  *Percent  `json:"percent,omitempty"`  // a rate of the declared value
	Brackets *Brackets `json:"brackets,omitempty"` // brackets of the declared value
	Free     bool      `json:"free,omitempty"`     // nothing to pay
}

// PerUnit prices units 1..Quantity by tiers: unit n costs the Price of the
// tier with the largest From ≤ n. The amount for one copy is capped at
// CapPerCopy when it is positive, then multiplied by the number of copies.
type PerUnit struct {
	Tiers      []Tier `json:"tiers"`                  // From strictly increasing, the first From is 1
	CapPerCopy Money  `json:"cap_per_copy,omitempty"` // 0: no cap
}

// Tier is the price of units numbered From and above (up to the next tier).
type Tier struct {
	From  int64 `json:"from"`
	Price Money `json:"price"`
}

// Percent is Rate × declared value, at least Floor and at most Cap (when
// Cap is positive).
type Percent struct {
	Rate  Rate  `json:"rate"`
	Floor Money `json:"floor,omitempty"`
	Cap   Money `json:"cap,omitempty"` // 0: no cap
}

// Brackets picks the bracket with the largest From ≤ declared value and
// charges Fixed + Rate × (value − ExcessOver), at least Floor and at most
// Cap (when positive).
type Brackets struct {
	Brackets []Bracket `json:"brackets"` // From strictly increasing, the first From is 0
	Floor    Money     `json:"floor,omitempty"`
	Cap      Money     `json:"cap,omitempty"` // 0: no cap
}

// Bracket is one band of declared values, from From (inclusive; values are
// whole đồng, so "above 100 million" is From 100000001).
type Bracket struct {
	From       Money `json:"from"`
	Fixed      Money `json:"fixed,omitempty"`
	Rate       Rate  `json:"rate,omitzero"`
	ExcessOver Money `json:"excess_over,omitempty"` // at most From
}

// Adjustment is an ordered exception to the items' amounts: an exemption,
// a reduction or a fixed lower amount, in force from From to Until, for
// the listed items, when the request matches every non-empty condition
// (any listed channel, any listed group, any listed locality).
// Adjustments apply on each line in increasing Order; Stacking says how
// they combine.
type Adjustment struct {
	ID         string    `json:"id"`
	Order      int       `json:"order"` // unique; lower applies first
	Name       Text      `json:"name"`
	Effect     Effect    `json:"effect"`
	Rate       Rate      `json:"rate,omitzero"`    // for Multiply: what is left to pay, 1/2 for a 50% cut
	Amount     Money     `json:"amount,omitempty"` // for SetAmount
	Stacking   Stacking  `json:"stacking"`
	From       Date      `json:"from,omitzero"`
	Until      Date      `json:"until,omitzero"`
	Items      []string  `json:"items"`               // item codes; at least one
	Component  string    `json:"component,omitempty"` // a rule ID: apply to that component only
	Channels   []Channel `json:"channels,omitempty"`
	Groups     []string  `json:"groups,omitempty"`
	Localities []string  `json:"localities,omitempty"`
	Basis      Basis     `json:"basis"`
	Note       string    `json:"note,omitempty"`
}

// Schedule is a built, checked fee schedule. It is immutable and safe for
// concurrent use.
type Schedule struct {
	def   Definition
	items map[string]*compiledItem
	codes []string
}

type compiledItem struct {
	item     *Item
	versions []compiledVersion // sorted by From
	adjs     []*compiledAdj    // sorted by Order
}

type compiledVersion struct {
	v           *Version
	from, until int64 // Unix seconds; until 0 = open
	rounding    Rounding
	tiers       int // tiers of the per-unit rules, to size a quote's buffers
}

type compiledAdj struct {
	a           *Adjustment
	from, until int64 // Unix seconds; 0 = open
	channels    uint8 // bit set of channels; 0 = any
}

var codeRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// New checks def and builds a [Schedule] from a deep copy of it. It returns
// a [*ScheduleError] listing every problem found: missing names, bad rules,
// overlapping versions ([ErrOverlap]), duplicate codes ([ErrDuplicate]),
// adjustments naming unknown items, groups, localities or components.
func New(def Definition) (*Schedule, error) {
	def = cloneDefinition(def)
	var probs []*DefinitionError
	add := func(err error, path, format string, args ...any) {
		probs = append(probs, &DefinitionError{Path: path, Err: err, Msg: fmt.Sprintf(format, args...)})
	}
	if def.Format != FormatVersion {
		add(ErrInvalid, "format", "want %q, got %q", FormatVersion, def.Format)
	}
	if def.Name[LangVI] == "" {
		add(ErrInvalid, "name.vi", "missing")
	}
	checkText(add, "name", def.Name)
	if !def.Rounding.valid() {
		add(ErrInvalid, "rounding", "missing or unknown rounding mode")
	}
	for _, g := range slices.Sorted(maps.Keys(def.Groups)) {
		if t := def.Groups[g]; !codeRE.MatchString(g) || t[LangVI] == "" {
			add(ErrInvalid, "groups."+g, "group needs a code [A-Za-z0-9._-]{1,64} and a Vietnamese name")
		}
		checkText(add, "groups."+g, def.Groups[g])
	}
	for _, l := range slices.Sorted(maps.Keys(def.Localities)) {
		if t := def.Localities[l]; !codeRE.MatchString(l) || t[LangVI] == "" {
			add(ErrInvalid, "localities."+l, "locality needs a code [A-Za-z0-9._-]{1,64} and a Vietnamese name")
		}
		checkText(add, "localities."+l, def.Localities[l])
	}
	if len(def.Items) == 0 {
		add(ErrInvalid, "items", "no items")
	}
	s := &Schedule{items: make(map[string]*compiledItem, len(def.Items))}
	for i := range def.Items {
		it := &def.Items[i]
		p := fmt.Sprintf("items[%d]", i)
		if !codeRE.MatchString(it.Code) {
			add(ErrInvalid, p+".code", "code %q is not [A-Za-z0-9._-]{1,64}", it.Code)
		} else if _, dup := s.items[it.Code]; dup {
			add(ErrDuplicate, p+".code", "code %q used twice", it.Code)
		}
		if it.Name[LangVI] == "" {
			add(ErrInvalid, p+".name.vi", "missing")
		}
		checkText(add, p+".name", it.Name)
		checkText(add, p+".unit", it.Unit)
		if !it.Kind.valid() {
			add(ErrInvalid, p+".kind", "want \"fee\" or \"charge\"")
		}
		if it.Locality != "" {
			if _, ok := def.Localities[it.Locality]; !ok {
				add(ErrLocality, p+".locality", "locality %q is not in the schedule's localities", it.Locality)
			}
		}
		if len(it.Versions) == 0 {
			add(ErrInvalid, p+".versions", "no versions")
		}
		ci := &compiledItem{item: it}
		for j := range it.Versions {
			v := &it.Versions[j]
			vp := fmt.Sprintf("%s.versions[%d]", p, j)
			checkPeriod(add, vp, v.From, v.Until, true)
			if v.Basis.Document == "" {
				add(ErrInvalid, vp+".basis.document", "missing legal basis")
			}
			if v.Rounding != RoundUnknown && !v.Rounding.valid() {
				add(ErrInvalid, vp+".rounding", "unknown rounding mode")
			}
			if len(v.Rules) == 0 {
				add(ErrInvalid, vp+".rules", "no rules")
			}
			ids := map[string]bool{}
			for k := range v.Rules {
				r := &v.Rules[k]
				rp := fmt.Sprintf("%s.rules[%d]", vp, k)
				if r.ID != "" {
					if ids[r.ID] {
						add(ErrDuplicate, rp+".id", "rule id %q used twice in this version", r.ID)
					}
					ids[r.ID] = true
				}
				checkText(add, rp+".label", r.Label)
				checkRule(add, rp, r)
			}
			cv := compiledVersion{v: v, from: v.From.unix(), rounding: v.Rounding}
			if !v.Until.IsZero() {
				cv.until = v.Until.unix()
			}
			for _, r := range v.Rules {
				if r.PerUnit != nil {
					cv.tiers += len(r.PerUnit.Tiers)
				}
			}
			if cv.rounding == RoundUnknown {
				cv.rounding = def.Rounding
			}
			ci.versions = append(ci.versions, cv)
		}
		sort.SliceStable(ci.versions, func(a, b int) bool { return ci.versions[a].from < ci.versions[b].from })
		for j := 1; j < len(ci.versions); j++ {
			prev, cur := ci.versions[j-1], ci.versions[j]
			if prev.until == 0 || prev.until > cur.from {
				add(ErrOverlap, p+".versions", "version from %s overlaps version from %s (until %s)",
					cur.v.From, prev.v.From, untilText(prev.v.Until))
			}
		}
		if codeRE.MatchString(it.Code) {
			if _, dup := s.items[it.Code]; !dup {
				s.items[it.Code] = ci
				s.codes = append(s.codes, it.Code)
			}
		}
	}
	ids := map[string]bool{}
	orders := map[int]string{}
	for i := range def.Adjustments {
		a := &def.Adjustments[i]
		p := fmt.Sprintf("adjustments[%d]", i)
		if !codeRE.MatchString(a.ID) {
			add(ErrInvalid, p+".id", "id %q is not [A-Za-z0-9._-]{1,64}", a.ID)
		} else if ids[a.ID] {
			add(ErrDuplicate, p+".id", "id %q used twice", a.ID)
		}
		ids[a.ID] = true
		if other, dup := orders[a.Order]; dup {
			add(ErrDuplicate, p+".order", "order %d already used by %q: the order of adjustments must be explicit", a.Order, other)
		}
		orders[a.Order] = a.ID
		if a.Name[LangVI] == "" {
			add(ErrInvalid, p+".name.vi", "missing")
		}
		checkText(add, p+".name", a.Name)
		switch a.Effect {
		case Exempt:
		case Multiply:
			if a.Rate.Cmp(Rate{num: 1, den: 1}) > 0 {
				add(ErrInvalid, p+".rate", "rate %s would raise the amount; adjustments only lower it", a.Rate)
			}
		case SetAmount:
			if a.Amount < 0 {
				add(ErrInvalid, p+".amount", "negative amount")
			}
		case EffectUnknown:
			add(ErrInvalid, p+".effect", "want \"exempt\", \"multiply\" or \"set\"")
		default:
			add(ErrInvalid, p+".effect", "unknown effect")
		}
		if !a.Stacking.valid() {
			add(ErrInvalid, p+".stacking", "want \"stack\", \"exclusive\" or \"final\"")
		}
		checkPeriod(add, p, a.From, a.Until, false)
		if a.Basis.Document == "" {
			add(ErrInvalid, p+".basis.document", "missing legal basis")
		}
		if len(a.Items) == 0 {
			add(ErrInvalid, p+".items", "no items: list the item codes explicitly")
		}
		ca := &compiledAdj{a: a}
		if !a.From.IsZero() {
			ca.from = a.From.unix()
		}
		if !a.Until.IsZero() {
			ca.until = a.Until.unix()
		}
		for j, c := range a.Channels {
			if c == ChannelUnknown || !c.valid() {
				add(ErrInvalid, fmt.Sprintf("%s.channels[%d]", p, j), "want \"online\", \"counter\" or \"post\"")
				continue
			}
			ca.channels |= 1 << c
		}
		for j, g := range a.Groups {
			if _, ok := def.Groups[g]; !ok {
				add(ErrUnknownGroup, fmt.Sprintf("%s.groups[%d]", p, j), "group %q is not in the schedule's groups", g)
			}
		}
		for j, l := range a.Localities {
			if _, ok := def.Localities[l]; !ok {
				add(ErrLocality, fmt.Sprintf("%s.localities[%d]", p, j), "locality %q is not in the schedule's localities", l)
			}
		}
		seen := map[string]bool{}
		for j, code := range a.Items {
			ip := fmt.Sprintf("%s.items[%d]", p, j)
			if seen[code] {
				add(ErrDuplicate, ip, "item %q listed twice", code)
				continue
			}
			seen[code] = true
			ci, ok := s.items[code]
			if !ok {
				add(ErrUnknownItem, ip, "item %q is not in the schedule", code)
				continue
			}
			if a.Component != "" {
				for _, v := range ci.versions {
					if !slices.ContainsFunc(v.v.Rules, func(r Rule) bool { return r.ID == a.Component }) {
						add(ErrInvalid, p+".component", "item %q version from %s has no rule with id %q", code, v.v.From, a.Component)
					}
				}
			}
			ci.adjs = append(ci.adjs, ca)
		}
	}
	if len(probs) > 0 {
		return nil, &ScheduleError{Problems: probs}
	}
	for _, ci := range s.items {
		sort.SliceStable(ci.adjs, func(a, b int) bool { return ci.adjs[a].a.Order < ci.adjs[b].a.Order })
	}
	s.def = def
	return s, nil
}

func untilText(d Date) string {
	if d.IsZero() {
		return "open"
	}
	return d.String()
}

type addFunc func(err error, path, format string, args ...any)

func checkPeriod(add addFunc, p string, from, until Date, fromRequired bool) {
	if fromRequired && from.IsZero() {
		add(ErrInvalid, p+".from", "missing")
	}
	if !from.IsZero() && !until.IsZero() && !from.Before(until) {
		add(ErrInvalid, p+".until", "until %s is not after from %s", until, from)
	}
}

func checkRule(add addFunc, p string, r *Rule) {
	n := 0
	if r.Flat != nil {
		n++
		if *r.Flat < 0 {
			add(ErrNegative, p+".flat", "negative amount")
		}
	}
	if r.PerUnit != nil {
		n++
		pu := r.PerUnit
		if len(pu.Tiers) == 0 {
			add(ErrInvalid, p+".per_unit.tiers", "no tiers")
		}
		for i, t := range pu.Tiers {
			tp := fmt.Sprintf("%s.per_unit.tiers[%d]", p, i)
			if i == 0 && t.From != 1 {
				add(ErrInvalid, tp+".from", "the first tier starts at unit 1")
			}
			if i > 0 && t.From <= pu.Tiers[i-1].From {
				add(ErrInvalid, tp+".from", "tiers must start at increasing units")
			}
			if t.Price < 0 {
				add(ErrNegative, tp+".price", "negative price")
			}
		}
		if pu.CapPerCopy < 0 {
			add(ErrNegative, p+".per_unit.cap_per_copy", "negative cap")
		}
	}
	if r.Percent != nil {
		n++
		pc := r.Percent
		checkFloorCap(add, p+".percent", pc.Floor, pc.Cap)
	}
	if r.Brackets != nil {
		n++
		br := r.Brackets
		if len(br.Brackets) == 0 {
			add(ErrInvalid, p+".brackets.brackets", "no brackets")
		}
		for i, b := range br.Brackets {
			bp := fmt.Sprintf("%s.brackets.brackets[%d]", p, i)
			if i == 0 && b.From != 0 {
				add(ErrInvalid, bp+".from", "the first bracket starts at 0")
			}
			if i > 0 && b.From <= br.Brackets[i-1].From {
				add(ErrInvalid, bp+".from", "brackets must start at increasing values")
			}
			if b.Fixed < 0 {
				add(ErrNegative, bp+".fixed", "negative amount")
			}
			if b.ExcessOver < 0 || b.ExcessOver > b.From {
				add(ErrInvalid, bp+".excess_over", "must be between 0 and the bracket's from")
			}
		}
		checkFloorCap(add, p+".brackets", br.Floor, br.Cap)
	}
	if r.Free {
		n++
	}
	if n != 1 {
		add(ErrInvalid, p, "a rule has exactly one of flat, per_unit, percent, brackets, free (has %d)", n)
	}
}

func checkFloorCap(add addFunc, p string, floor, cp Money) {
	if floor < 0 {
		add(ErrNegative, p+".floor", "negative floor")
	}
	if cp < 0 {
		add(ErrNegative, p+".cap", "negative cap")
	}
	if cp > 0 && floor > cp {
		add(ErrInvalid, p+".floor", "floor %s is above cap %s", floor.Format(LangEN), cp.Format(LangEN))
	}
}

// cloneDefinition deep-copies def so that the caller's later changes do
// not reach a built Schedule.
func cloneDefinition(def Definition) Definition {
	out := def
	out.Name = maps.Clone(def.Name)
	out.Groups = cloneTexts(def.Groups)
	out.Localities = cloneTexts(def.Localities)
	out.Items = slices.Clone(def.Items)
	for i := range out.Items {
		it := &out.Items[i]
		it.Name, it.Unit = maps.Clone(it.Name), maps.Clone(it.Unit)
		it.Versions = slices.Clone(it.Versions)
		for j := range it.Versions {
			v := &it.Versions[j]
			v.Rules = slices.Clone(v.Rules)
			for k := range v.Rules {
				r := &v.Rules[k]
				r.Label = maps.Clone(r.Label)
				if r.Flat != nil {
					f := *r.Flat
					r.Flat = &f
				}
				if r.PerUnit != nil {
					pu := *r.PerUnit
					pu.Tiers = slices.Clone(pu.Tiers)
					r.PerUnit = &pu
				}
				if r.Percent != nil {
					pc := *r.Percent
					r.Percent = &pc
				}
				if r.Brackets != nil {
					br := *r.Brackets
					br.Brackets = slices.Clone(br.Brackets)
					r.Brackets = &br
				}
			}
		}
	}
	out.Adjustments = slices.Clone(def.Adjustments)
	for i := range out.Adjustments {
		a := &out.Adjustments[i]
		a.Name = maps.Clone(a.Name)
		a.Items = slices.Clone(a.Items)
		a.Channels = slices.Clone(a.Channels)
		a.Groups = slices.Clone(a.Groups)
		a.Localities = slices.Clone(a.Localities)
	}
	return out
}

// cloneTexts deep-copies a map of texts; nil stays nil.
func cloneTexts(m map[string]Text) map[string]Text {
	if m == nil {
		return nil
	}
	out := make(map[string]Text, len(m))
	for k, t := range m {
		out[k] = maps.Clone(t)
	}
	return out
}

// Definition returns a deep copy of the definition the schedule was built
// from.
func (s *Schedule) Definition() Definition { return cloneDefinition(s.def) }

// Codes returns the item codes in the order of the definition.
func (s *Schedule) Codes() []string { return slices.Clone(s.codes) }

// Name returns (a copy of) the schedule's title.
func (s *Schedule) Name() Text { return maps.Clone(s.def.Name) }

// Item returns a copy of the item with the given code, and whether the
// schedule has it.
func (s *Schedule) Item(code string) (Item, bool) {
	if s == nil {
		return Item{}, false
	}
	ci, ok := s.items[code]
	if !ok {
		return Item{}, false
	}
	d := cloneDefinition(Definition{Items: []Item{*ci.item}})
	return d.Items[0], true
}
