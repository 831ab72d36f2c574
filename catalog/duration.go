package catalog

import "github.com/motcua/motcua/internal/vnfmt"

// Duration is a processing time as a catalogue publishes it: a number of
// Units, or, with the Unit [UnitOther], no fixed duration at all. The zero
// Duration has an unknown unit.
type Duration struct {
	// Time is the number of Units; meaningless for [UnitOther].
	Time int
	// Unit is the unit of Time.
	Unit TimeUnit
}

// Fixed reports whether d is a duration one can count a due date with: a
// number of working days, calendar days, working hours or months. It is
// false for [UnitOther] (no fixed duration) and for an unknown unit.
func (d Duration) Fixed() bool {
	switch d.Unit {
	case WorkingDays, CalendarDays, WorkingHours, Months:
		return true
	case UnitUnknown, UnitOther:
	}
	return false
}

// SameDay reports whether d is a fixed duration of 0: the procedure is
// settled on the day the dossier is received.
func (d Duration) SameDay() bool { return d.Fixed() && d.Time == 0 }

// durationEN holds the English units, singular and plural.
var durationEN = [...][2]string{
	WorkingDays:  {"working day", "working days"},
	CalendarDays: {"day", "days"},
	WorkingHours: {"working hour", "working hours"},
	Months:       {"month", "months"},
}

// Label returns d for a person in lang ("vi", the default, or "en"):
// "10 ngày làm việc" ("10 working days"), "1.000 ngày" ("1,000 days"),
// "trong ngày" ("same day") for a fixed duration of 0, "không cố định"
// ("no fixed duration") for [UnitOther], "không rõ" ("unknown") for an
// unknown unit.
func (d Duration) Label(lang string) string {
	en := langIndex(lang) == 1
	switch {
	case !d.Fixed():
		return d.Unit.Label(lang)
	case d.Time == 0 && en:
		return "same day"
	case d.Time == 0:
		return "trong ngày"
	case en:
		unit := durationEN[d.Unit][1]
		if d.Time == 1 {
			unit = durationEN[d.Unit][0]
		}
		return vnfmt.Int(int64(d.Time), lang) + " " + unit
	}
	return vnfmt.Int(int64(d.Time), lang) + " " + d.Unit.Label(lang)
}

// Duration returns the channel's processing time.
func (c ChannelTerms) Duration() Duration { return Duration{Time: c.Time, Unit: c.Unit} }

// ProcessingTime returns the processing time that applies to a dossier
// filed through ch, the one a one-stop shop counts its due date with:
//
//   - the Duration of ch's entry in Channels, when there is one with a
//     known unit — [UnitOther] included: the source says that this channel
//     has no fixed duration;
//   - otherwise, for a procedure with NoFixedDuration, Duration{Unit:
//     UnitOther};
//   - otherwise ProcessingDays working days (0: settled the same day).
//
// ch may be [ChannelUnknown] for the procedure's headline time. A caller
// sets a due date only when the result is [Duration.Fixed].
func (p *Procedure) ProcessingTime(ch Channel) Duration {
	if ch != ChannelUnknown {
		for _, c := range p.Channels {
			if c.Channel == ch && c.Unit.Valid() && c.Time >= 0 {
				return c.Duration()
			}
		}
	}
	if p.NoFixedDuration {
		return Duration{Unit: UnitOther}
	}
	return Duration{Time: p.ProcessingDays, Unit: WorkingDays}
}

// AmountLabel returns the fee's amount for a person in lang ("vi", the
// default, or "en"): "230.000 ₫" ("230,000 VND") in đồng, "10 USD" in
// another currency, "" when the fee has no amount (HasAmount false).
func (f FeeNote) AmountLabel(lang string) string {
	switch {
	case !f.HasAmount:
		return ""
	case f.Currency == "" || f.Currency == "VND":
		return vnfmt.Money(f.Amount, lang)
	}
	return vnfmt.Int(f.Amount, lang) + " " + f.Currency
}
