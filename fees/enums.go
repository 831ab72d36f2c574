package fees

import "github.com/motcua/motcua/internal/vnfmt"

// The enums of this package are typed constants whose zero value means
// unknown ("unknown" in String, "không rõ"/"unknown" in Label); each
// has String, Label and text marshalling. Unknown text is an error
// wrapping ErrSyntax.

// Rounding is the named rounding mode applied once to each quote line, at
// the end: after its rules have been summed and its adjustments applied on
// exact amounts, and before the line enters the total.
type Rounding uint8

// Rounding modes.
const (
	RoundUnknown  Rounding = iota // not said ("unknown")
	RoundHalfUp                   // to the nearest đồng, halves up: 0,5 → 1 ("half-up")
	RoundHalfEven                 // to the nearest đồng, halves to even ("half-even")
	RoundDown                     // drop the fraction ("down")
	RoundUp                       // any fraction counts as a whole đồng ("up")
)

var roundingNames = [...]string{"unknown", "half-up", "half-even", "down", "up"}

var roundingVI = [...]string{"không rõ", "làm tròn nửa lên", "làm tròn nửa về số chẵn", "bỏ phần lẻ", "làm tròn lên"}

var roundingEN = [...]string{"unknown", "rounded half up", "rounded half to even", "fraction dropped", "rounded up"}

// String returns the mode's name as in JSON: "half-up", "half-even", "down",
// "up", or "unknown".
func (r Rounding) String() string { return enumName(roundingNames[:], int(r)) }

// MarshalText writes the mode's name.
func (r Rounding) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a mode's name.
func (r *Rounding) UnmarshalText(b []byte) error {
	v, err := enumParse("rounding", roundingNames[:], string(b))
	*r = Rounding(v)
	return err
}

// Label returns the mode's display text in lang (English for a tag
// starting with "en", Vietnamese otherwise): "làm tròn nửa lên", "rounded
// half up"...; "không rõ" or "unknown" for the zero value.
func (r Rounding) Label(lang string) string {
	return enumLabel(roundingVI[:], roundingEN[:], int(r), lang)
}

func (r Rounding) valid() bool { return r > RoundUnknown && int(r) < len(roundingNames) }

// Channel is the way a dossier is filed, on which some reductions depend.
// The numbering is the national public-service portal's, the same as
// catalog.Channel: 1 in person at the counter, 2 online, 3 by post, so a
// catalogue's channel converts with a plain fees.Channel(c). The zero
// value is unknown: no channel-specific adjustment applies.
type Channel uint8

// Filing channels.
const (
	ChannelUnknown Channel = iota // not said ("unknown")
	Counter                       // filed in person at the one-stop counter ("counter"), 1
	Online                        // filed on the public-service portal ("online"), 2
	Post                          // filed by post ("post"), 3
)

var channelNames = [...]string{"unknown", "counter", "online", "post"}

var channelVI = [...]string{"không rõ", "trực tiếp tại bộ phận một cửa", "trực tuyến", "qua bưu chính"}

var channelEN = [...]string{"unknown", "at the counter", "online", "by post"}

// String returns "counter", "online", "post" or "unknown".
func (c Channel) String() string { return enumName(channelNames[:], int(c)) }

// MarshalText writes the channel's name.
func (c Channel) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads a channel's name; "" and "unknown" give ChannelUnknown.
func (c *Channel) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = ChannelUnknown
		return nil
	}
	v, err := enumParse("channel", channelNames[:], string(b))
	*c = Channel(v)
	return err
}

// Label returns the channel's display name in lang (English for a tag
// starting with "en", Vietnamese otherwise): "trực tuyến", "online"...;
// "không rõ" or "unknown" for the zero value or a number out of range.
func (c Channel) Label(lang string) string {
	return enumLabel(channelVI[:], channelEN[:], int(c), lang)
}

func (c Channel) valid() bool { return int(c) < len(channelNames) }

// Kind says whether an item is a fee (phí: pays for a service) or a charge
// (lệ phí: paid to the State for an administrative act), the two categories
// of the Law on Fees and Charges 2015.
type Kind uint8

// Item kinds.
const (
	KindUnknown Kind = iota // not said ("unknown")
	Fee                     // phí ("fee")
	Charge                  // lệ phí ("charge")
)

var kindNames = [...]string{"unknown", "fee", "charge"}

var kindVI = [...]string{"không rõ", "phí", "lệ phí"}

// String returns "fee", "charge" or "unknown".
func (k Kind) String() string { return enumName(kindNames[:], int(k)) }

// MarshalText writes the kind's name.
func (k Kind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a kind's name.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := enumParse("kind", kindNames[:], string(b))
	*k = Kind(v)
	return err
}

// Label returns the kind's display name in lang (English for a tag
// starting with "en", Vietnamese otherwise): "phí", "lệ phí", "fee",
// "charge"; "không rõ" or "unknown" for the zero value.
func (k Kind) Label(lang string) string { return enumLabel(kindVI[:], kindNames[:], int(k), lang) }

func (k Kind) valid() bool { return k > KindUnknown && int(k) < len(kindNames) }

// Effect is what an adjustment does to the amount it applies to.
type Effect uint8

// Adjustment effects.
const (
	EffectUnknown Effect = iota // not said ("unknown")
	Exempt                      // the amount becomes 0 ("exempt")
	Multiply                    // the amount is multiplied by the adjustment's Rate ("multiply"; a 50% cut is rate 1/2)
	SetAmount                   // the amount becomes the adjustment's Amount ("set")
)

var effectNames = [...]string{"unknown", "exempt", "multiply", "set"}

var effectVI = [...]string{"không rõ", "miễn", "thu theo tỷ lệ", "mức thu còn"}

var effectEN = [...]string{"unknown", "exempt", "pay a share", "amount set to"}

// String returns "exempt", "multiply", "set" or "unknown".
func (e Effect) String() string { return enumName(effectNames[:], int(e)) }

// MarshalText writes the effect's name.
func (e Effect) MarshalText() ([]byte, error) { return []byte(e.String()), nil }

// UnmarshalText reads an effect's name.
func (e *Effect) UnmarshalText(b []byte) error {
	v, err := enumParse("effect", effectNames[:], string(b))
	*e = Effect(v)
	return err
}

// Label returns the effect's display text in lang (English for a tag
// starting with "en", Vietnamese otherwise): "miễn", "thu theo tỷ lệ",
// "mức thu còn", "exempt"...; "không rõ" or "unknown" for the zero value.
func (e Effect) Label(lang string) string { return enumLabel(effectVI[:], effectEN[:], int(e), lang) }

// Stacking says how an adjustment combines with the ones of lower order
// that applied before it on the same line.
type Stacking uint8

// Stacking rules.
const (
	// StackingUnknown is the zero value: not said ("unknown").
	StackingUnknown Stacking = iota
	// Stack applies on the amount left by the earlier adjustments ("stack").
	Stack
	// Exclusive applies only when no earlier adjustment applied, and then
	// no later one applies ("exclusive").
	Exclusive
	// Final applies on the amount left by the earlier adjustments, and then
	// no later one applies ("final"); exemptions are usually final.
	Final
)

var stackingNames = [...]string{"unknown", "stack", "exclusive", "final"}

var stackingVI = [...]string{"không rõ", "cộng dồn với ưu đãi trước", "chỉ áp dụng khi chưa có ưu đãi nào", "áp dụng sau cùng"}

var stackingEN = [...]string{"unknown", "stacks on earlier ones", "only when none applied before", "applies last"}

// String returns "stack", "exclusive", "final" or "unknown".
func (s Stacking) String() string { return enumName(stackingNames[:], int(s)) }

// MarshalText writes the stacking rule's name.
func (s Stacking) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads a stacking rule's name.
func (s *Stacking) UnmarshalText(b []byte) error {
	v, err := enumParse("stacking", stackingNames[:], string(b))
	*s = Stacking(v)
	return err
}

// Label returns the stacking rule's display text in lang (English for a
// tag starting with "en", Vietnamese otherwise); "không rõ" or "unknown"
// for the zero value.
func (s Stacking) Label(lang string) string {
	return enumLabel(stackingVI[:], stackingEN[:], int(s), lang)
}

func (s Stacking) valid() bool { return s > StackingUnknown && int(s) < len(stackingNames) }

// RuleForm is the form of a [Rule] (flat, per unit, percent, brackets,
// free), as reported on a quote line's [Part].
type RuleForm uint8

// Rule forms.
const (
	RuleFormUnknown RuleForm = iota // not said ("unknown")
	RuleFlat                        // a fixed amount per dossier ("flat")
	RulePerUnit                     // a price per unit, by tiers of unit numbers ("per_unit")
	RulePercent                     // a rate of the declared value with floor and cap ("percent")
	RuleBrackets                    // brackets of the declared value ("brackets")
	RuleFree                        // no amount ("free")
)

var ruleFormNames = [...]string{"unknown", "flat", "per_unit", "percent", "brackets", "free"}

var ruleFormVI = [...]string{"không rõ", "mức thu cố định", "mức thu theo đơn vị", "mức thu theo tỷ lệ", "mức thu theo bậc giá trị", "không thu"}

var ruleFormEN = [...]string{"unknown", "flat amount", "amount per unit", "percentage", "brackets of value", "free"}

// String returns the form's name as in JSON: "flat", "per_unit",
// "percent", "brackets", "free" or "unknown".
func (f RuleForm) String() string { return enumName(ruleFormNames[:], int(f)) }

// MarshalText writes the form's name.
func (f RuleForm) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a form's name.
func (f *RuleForm) UnmarshalText(b []byte) error {
	v, err := enumParse("rule form", ruleFormNames[:], string(b))
	*f = RuleForm(v)
	return err
}

// Label returns the form's display name in lang (English for a tag
// starting with "en", Vietnamese otherwise): "mức thu cố định", "flat
// amount"...; "không rõ" or "unknown" for the zero value.
func (f RuleForm) Label(lang string) string {
	return enumLabel(ruleFormVI[:], ruleFormEN[:], int(f), lang)
}

func enumName(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return names[0]
	}
	return names[i]
}

// enumLabel returns vi[i] or en[i] by lang; an index out of range gives
// the zero value's label.
func enumLabel(vi, en []string, i int, lang string) string {
	if vnfmt.English(lang) {
		return enumName(en, i)
	}
	return enumName(vi, i)
}

func enumParse(what string, names []string, s string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, parseErr(what, s, ErrSyntax)
}
