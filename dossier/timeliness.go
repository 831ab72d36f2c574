package dossier

import (
	"fmt"
	"time"
)

// Timeliness says how a dossier's settlement compares with its due time.
// The zero value means not settled (or never received).
type Timeliness uint8

// Timeliness values.
const (
	TimelinessUnknown Timeliness = iota
	Early                        // settled before the due day (trước hạn)
	OnTime                       // settled on the due day, by the due time (đúng hạn)
	Late                         // settled after the due time, or after an apology (quá hạn)
)

var timelinessNames = [...]string{"", "early", "on_time", "late"}

var timelinessLabels = [...][2]string{
	{"Chưa giải quyết", "Not settled"},
	{"Trước hạn", "Early"},
	{"Đúng hạn", "On time"},
	{"Quá hạn", "Late"},
}

// String returns the stable identifier ("early", "on_time", "late"),
// "unknown" for the zero value.
func (t Timeliness) String() string { return enumString(timelinessNames[:], uint8(t), "Timeliness") }

// Label returns the display name in lang ("vi", the default, or "en"):
// "Trước hạn", "Đúng hạn", "Quá hạn"; the zero value is "Chưa giải quyết"
// ("Not settled").
func (t Timeliness) Label(lang string) string {
	return enumLabel(timelinessLabels[:], uint8(t), lang, t.String)
}

// Timeliness returns how d was settled against its due time: [Early] when
// settled on a day before the due day, [OnTime] when on the due day by the
// due time, [Late] when after it or when an apology letter was issued
// (the apology admits the delay). Unsettled or never received dossiers
// give [TimelinessUnknown].
func (d *Dossier) Timeliness() Timeliness {
	if d.SettledAt.IsZero() || d.DueAt.IsZero() {
		return TimelinessUnknown
	}
	switch {
	case d.Apologies > 0 || d.SettledAt.After(d.DueAt):
		return Late
	case dayNumber(d.SettledAt) < dayNumber(d.DueAt):
		return Early
	}
	return OnTime
}

// Open reports whether d has been received and is still being handled (not
// settled, refused or withdrawn).
func (d *Dossier) Open() bool {
	return !d.ReceivedAt.IsZero() && d.SettledAt.IsZero() && d.ClosedAt.IsZero()
}

// Paused reports whether d's clock is stopped for supplementation.
func (d *Dossier) Paused() bool { return d.Status == AwaitingSupplement && !d.PausedAt.IsZero() }

// OverdueAt reports whether d is open and past its due time at t. While the
// clock is paused, d is overdue only if it was paused after its due time.
func (d *Dossier) OverdueAt(t time.Time) bool {
	if !d.Open() || d.DueAt.IsZero() {
		return false
	}
	if d.Paused() {
		return d.PausedAt.After(d.DueAt)
	}
	return t.After(d.DueAt)
}

// DaysRemaining returns the working days from t's date to d's due date in
// cal: positive when there is time left, 0 on the due day, negative when
// overdue. A paused dossier counts from its pause. It is an error wrapping
// [ErrInvalidTransition] for a dossier that is not open.
func (d *Dossier) DaysRemaining(cal *Calendar, t time.Time) (int, error) {
	if !d.Open() || d.DueAt.IsZero() {
		return 0, fmt.Errorf("%w: %s is %s, not open", ErrInvalidTransition, d.Code, d.Status)
	}
	if d.Paused() {
		t = d.PausedAt
	}
	return cal.WorkingDaysBetween(t, d.DueAt)
}
