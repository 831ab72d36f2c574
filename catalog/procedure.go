package catalog

import (
	"fmt"
	"time"
)

// Procedure is one version of an administrative procedure (thủ tục hành
// chính). A code may have several versions with disjoint validity; see
// [Catalog.Get].
type Procedure struct {
	// Code is the national procedure code, such as "1.001612".
	Code string `json:"code"`
	// Name is the procedure's Vietnamese name.
	Name string `json:"name"`
	// Sector is the field (lĩnh vực), e.g. "Hộ tịch".
	Sector string `json:"sector,omitempty"`
	// Agency is the agency that settles the procedure (cơ quan thực hiện).
	Agency string `json:"agency,omitempty"`
	// Levels lists the levels of government that handle it.
	Levels []Level `json:"levels"`
	// Online says how far it can be done online.
	Online OnlineLevel `json:"online"`
	// ProcessingDays is the statutory processing time in working days
	// (0: settled on the day). Per-channel times are in Channels.
	ProcessingDays int `json:"processingDays"`
	// Documents is the list of required documents (thành phần hồ sơ) of the
	// general case. Procedures with several cases list them in Cases.
	Documents []Requirement `json:"documents,omitempty"`
	// Cases lists the alternative sets of required documents when the
	// procedure distinguishes cases (e.g. public or private schools).
	Cases []Case `json:"cases,omitempty"`
	// Channels lists per-channel processing times and fees where they differ
	// from ProcessingDays, as the national portal publishes them.
	Channels []ChannelTerms `json:"channels,omitempty"`
	// FormID names the declaration form's schema (see package forms).
	FormID string `json:"formId,omitempty"`
	// FeeItems are the codes of the items of a fee schedule (see package
	// fees) charged for this procedure.
	FeeItems []string `json:"feeItems,omitempty"`
	// LegalBasis lists the legal documents the procedure rests on.
	LegalBasis []string `json:"legalBasis,omitempty"`
	// Result names what the applicant receives (kết quả thực hiện).
	Result string `json:"result,omitempty"`
	// Subjects lists who may file (đối tượng thực hiện): citizens, enterprises...
	Subjects []string `json:"subjects,omitempty"`
	// Decision is the decision that published this version, if known.
	Decision string `json:"decision,omitempty"`
	// DecisionDate is the date of Decision, if known.
	DecisionDate time.Time `json:"decisionDate,omitzero"`
	// ValidFrom is the first instant this version is in force; zero means
	// since always.
	ValidFrom time.Time `json:"validFrom,omitzero"`
	// ValidTo is the first instant this version is no longer in force
	// (exclusive); zero means open-ended.
	ValidTo time.Time `json:"validTo,omitzero"`
}

// InForce reports whether this version is in force at t: ValidFrom ≤ t < ValidTo.
func (p *Procedure) InForce(t time.Time) bool {
	return (p.ValidFrom.IsZero() || !t.Before(p.ValidFrom)) &&
		(p.ValidTo.IsZero() || t.Before(p.ValidTo))
}

// HasLevel reports whether the procedure is handled at level l.
func (p *Procedure) HasLevel(l Level) bool {
	for _, x := range p.Levels {
		if x == l {
			return true
		}
	}
	return false
}

// overlaps reports whether the validity periods of p and q intersect.
func (p *Procedure) overlaps(q *Procedure) bool {
	pStartsBeforeQEnds := q.ValidTo.IsZero() || p.ValidFrom.IsZero() || p.ValidFrom.Before(q.ValidTo)
	qStartsBeforePEnds := p.ValidTo.IsZero() || q.ValidFrom.IsZero() || q.ValidFrom.Before(p.ValidTo)
	return pStartsBeforeQEnds && qStartsBeforePEnds
}

// Requirement is one required document (giấy tờ) of a procedure.
type Requirement struct {
	// Name describes the document, e.g. "Tờ khai đăng ký khai sinh".
	Name string `json:"name"`
	// Originals is the number of originals (bản chính) to submit.
	Originals int `json:"originals,omitempty"`
	// Copies is the number of copies (bản sao) to submit.
	Copies int `json:"copies,omitempty"`
	// Optional documents may be omitted (e.g. only in some situations).
	Optional bool `json:"optional,omitempty"`
	// MediaTypes lists accepted media types of a scanned upload, e.g.
	// "application/pdf"; empty accepts any.
	MediaTypes []string `json:"mediaTypes,omitempty"`
	// MaxBytes limits the size of one upload; 0 means no limit.
	MaxBytes int64 `json:"maxBytes,omitempty"`
	// Template names the form template (mẫu đơn, tờ khai) when there is one.
	Template string `json:"template,omitempty"`
}

// Case is one alternative set of required documents.
type Case struct {
	// Name describes when the case applies; empty for the general case.
	Name string `json:"name,omitempty"`
	// Documents lists the documents required in this case.
	Documents []Requirement `json:"documents"`
}

// Channel is a way of filing a dossier. The zero value is unknown.
type Channel uint8

// Filing channels.
const (
	ChannelUnknown Channel = iota
	Counter                // trực tiếp: at the one-stop counter
	Online                 // trực tuyến
	Post                   // qua dịch vụ bưu chính
)

var channelNames = [...]string{"", "counter", "online", "post"}

// String returns the stable identifier ("counter", "online", "post").
func (c Channel) String() string {
	if c >= Counter && c <= Post {
		return channelNames[c]
	}
	return fmt.Sprintf("Channel(%d)", uint8(c))
}

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) {
	if c < Counter || c > Post {
		return nil, fmt.Errorf("%w: channel %d", ErrUnknownLevel, uint8(c))
	}
	return []byte(channelNames[c]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Channel) UnmarshalText(b []byte) error {
	for i := Counter; i <= Post; i++ {
		if channelNames[i] == string(b) {
			*c = i
			return nil
		}
	}
	return fmt.Errorf("%w: channel %q", ErrUnknownLevel, b)
}

// TimeUnit is the unit of a processing time. The zero value is unknown.
type TimeUnit uint8

// Units of processing time.
const (
	UnitUnknown  TimeUnit = iota
	WorkingDays           // ngày làm việc
	CalendarDays          // ngày (calendar days)
	WorkingHours          // giờ làm việc
	UnitOther             // no fixed duration; see the description
)

var unitNames = [...]string{"", "working_days", "days", "working_hours", "other"}

// String returns the stable identifier ("working_days"...).
func (u TimeUnit) String() string {
	if u >= WorkingDays && u <= UnitOther {
		return unitNames[u]
	}
	return fmt.Sprintf("TimeUnit(%d)", uint8(u))
}

// MarshalText implements encoding.TextMarshaler.
func (u TimeUnit) MarshalText() ([]byte, error) {
	if u < WorkingDays || u > UnitOther {
		return nil, fmt.Errorf("%w: time unit %d", ErrUnknownLevel, uint8(u))
	}
	return []byte(unitNames[u]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (u *TimeUnit) UnmarshalText(b []byte) error {
	for i := WorkingDays; i <= UnitOther; i++ {
		if unitNames[i] == string(b) {
			*u = i
			return nil
		}
	}
	return fmt.Errorf("%w: time unit %q", ErrUnknownLevel, b)
}

// ChannelTerms are the processing time and fees of one filing channel.
type ChannelTerms struct {
	Channel Channel `json:"channel"`
	// Time is the processing time in Unit.
	Time int `json:"time"`
	// Unit is the unit of Time.
	Unit TimeUnit `json:"unit"`
	// Note is free text about the deadline.
	Note string `json:"note,omitempty"`
	// Fees lists the fees published for this channel.
	Fees []FeeNote `json:"fees,omitempty"`
}

// FeeNote is a fee as a catalogue publishes it: an amount where a number is
// given, and the text that describes it. Computation belongs to package fees.
type FeeNote struct {
	// Amount in đồng (the unit of fees.Money); meaningful when HasAmount.
	Amount int64 `json:"amount,omitempty"`
	// HasAmount is false when only a description is given.
	HasAmount bool `json:"hasAmount,omitempty"`
	// Text is the published description, e.g. "230.000 đồng/lần".
	Text string `json:"text,omitempty"`
}
