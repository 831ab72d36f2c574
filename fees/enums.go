package fees

// The enums of this package are typed constants whose zero value means
// unknown; each has String and text marshalling. Unknown text is an error
// wrapping ErrSyntax.

// Rounding is the named rounding mode applied once to each quote line, at
// the end: after its rules have been summed and its adjustments applied on
// exact amounts, and before the line enters the total.
type Rounding uint8

// Rounding modes.
const (
	RoundUnknown  Rounding = iota
	RoundHalfUp            // to the nearest đồng, halves up: 0,5 → 1 ("half-up")
	RoundHalfEven          // to the nearest đồng, halves to even ("half-even")
	RoundDown              // drop the fraction ("down")
	RoundUp                // any fraction counts as a whole đồng ("up")
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

func (r Rounding) valid() bool { return r > RoundUnknown && int(r) < len(roundingNames) }

// Channel is the way a dossier is filed, on which some reductions depend.
// The zero value is unknown: no channel-specific adjustment applies.
type Channel uint8

// Filing channels.
const (
	ChannelUnknown Channel = iota
	Online                 // filed on the public-service portal ("online")
	Counter                // filed at the one-stop counter ("counter")
	Post                   // filed by post ("post")
)

var channelNames = [...]string{"unknown", "online", "counter", "post"}

var channelVI = [...]string{"không rõ", "trực tuyến", "trực tiếp tại bộ phận một cửa", "qua bưu chính"}

var channelEN = [...]string{"unknown", "online", "at the counter", "by post"}

// String returns "online", "counter", "post" or "unknown".
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

// Label returns the channel's display name in lang ("vi" or "en"; anything
// else gives Vietnamese): "trực tuyến", "online"...
func (c Channel) Label(lang string) string {
	i := enumIndex(int(c), len(channelVI))
	if lang == "en" {
		return channelEN[i]
	}
	return channelVI[i]
}

func (c Channel) valid() bool { return int(c) < len(channelNames) }

// Kind says whether an item is a fee (phí: pays for a service) or a charge
// (lệ phí: paid to the State for an administrative act), the two categories
// of the Law on Fees and Charges 2015.
type Kind uint8

// Item kinds.
const (
	KindUnknown Kind = iota
	Fee              // phí ("fee")
	Charge           // lệ phí ("charge")
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

// Label returns the kind's display name in lang ("vi" or "en"; anything
// else gives Vietnamese): "phí", "lệ phí", "fee", "charge".
func (k Kind) Label(lang string) string {
	i := enumIndex(int(k), len(kindNames))
	if lang == "en" {
		return kindNames[i]
	}
	return kindVI[i]
}

func (k Kind) valid() bool { return k > KindUnknown && int(k) < len(kindNames) }

// Effect is what an adjustment does to the amount it applies to.
type Effect uint8

// Adjustment effects.
const (
	EffectUnknown Effect = iota
	Exempt               // the amount becomes 0 ("exempt")
	Multiply             // the amount is multiplied by the adjustment's Rate ("multiply"; a 50% cut is rate 1/2)
	SetAmount            // the amount becomes the adjustment's Amount ("set")
)

var effectNames = [...]string{"unknown", "exempt", "multiply", "set"}

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

// Stacking says how an adjustment combines with the ones of lower order
// that applied before it on the same line.
type Stacking uint8

// Stacking rules.
const (
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

func (s Stacking) valid() bool { return s > StackingUnknown && int(s) < len(stackingNames) }

// Form is the form of a rule, as reported on a quote line.
type Form uint8

// Rule forms.
const (
	FormUnknown  Form = iota
	FormFlat          // a fixed amount per dossier ("flat")
	FormPerUnit       // a price per unit, by tiers of unit numbers ("per_unit")
	FormPercent       // a rate of the declared value with floor and cap ("percent")
	FormBrackets      // brackets of the declared value ("brackets")
	FormFree          // no amount ("free")
)

var formNames = [...]string{"unknown", "flat", "per_unit", "percent", "brackets", "free"}

// String returns the form's name as in JSON.
func (f Form) String() string { return enumName(formNames[:], int(f)) }

// MarshalText writes the form's name.
func (f Form) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// UnmarshalText reads a form's name.
func (f *Form) UnmarshalText(b []byte) error {
	v, err := enumParse("form", formNames[:], string(b))
	*f = Form(v)
	return err
}

func enumName(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return names[0]
	}
	return names[i]
}

func enumParse(what string, names []string, s string) (int, error) {
	for i, n := range names {
		if n == s {
			return i, nil
		}
	}
	return 0, parseErr(what, s, ErrSyntax)
}
