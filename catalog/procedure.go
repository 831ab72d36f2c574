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
	// Levels lists the levels of government whose agencies settle it (the
	// national portal's isWard, isProvince... flags). A procedure settled
	// at several levels, each for its own cases, lists each; Agency then
	// names the agencies of every level. See [Query].Levels.
	Levels []Level `json:"levels"`
	// Online says how far it can be done online.
	Online OnlineLevel `json:"online"`
	// ProcessingDays is the statutory processing time in working days
	// (0: settled on the day, unless NoFixedDuration). Per-channel times
	// are in Channels; [Procedure.ProcessingTime] gives the one that
	// applies to a channel.
	ProcessingDays int `json:"processingDays"`
	// NoFixedDuration reports that the procedure has no fixed processing
	// time (thời hạn không cố định: a scholarship paid twice a year, a
	// decision taken at the next session): a dossier of it has no due
	// date. ProcessingDays is then 0 and means nothing; [New] rejects a
	// procedure with both.
	NoFixedDuration bool `json:"noFixedDuration,omitempty"`
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
	// LegalBasis lists the legal documents the procedure rests on, one
	// readable line each (name and number together).
	LegalBasis []string `json:"legalBasis,omitempty"`
	// LegalRefs lists the same legal documents with their number (số ký
	// hiệu) and name apart, when the source gives them apart. LegalBasis
	// stays the readable list every reader uses; importers that fill both
	// (catalog/dvcqg does) keep them in the same order, LegalRefs[i] being
	// the document of LegalBasis[i]. Either may be set without the other.
	LegalRefs []LegalRef `json:"legalRefs,omitempty"`
	// Result names what the applicant receives (kết quả thực hiện).
	Result string `json:"result,omitempty"`
	// Subjects lists who may file (đối tượng thực hiện): citizens, enterprises...
	Subjects []string `json:"subjects,omitempty"`
	// Authority is the competent authority (cơ quan có thẩm quyền) when it
	// differs from, or is named besides, the settling Agency.
	Authority string `json:"authority,omitempty"`
	// Steps are the execution steps (trình tự thực hiện), in order, each a
	// possibly multi-line text.
	Steps []string `json:"steps,omitempty"`
	// Conditions states the requirements and conditions (yêu cầu, điều
	// kiện) an applicant must meet; empty when none are published.
	Conditions string `json:"conditions,omitempty"`
	// ReturnMethods lists how the result may be returned (cách thức trả
	// kết quả): at the Counter where the dossier was filed, by Post (at
	// home), or Online. Empty when not published.
	ReturnMethods []Channel `json:"returnMethods,omitempty"`
	// Variants lists named variants of the procedure (e.g. per kind of
	// applicant) that carry their own code and processing time, as the
	// national portal publishes them. Unlike Cases, they carry no documents.
	Variants []Variant `json:"variants,omitempty"`
	// Note is free text about the procedure (ghi chú).
	Note string `json:"note,omitempty"`
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
func (p *record) overlaps(q *record) bool {
	pFrom, pTo, qFrom, qTo := p.validFrom(), p.validTo(), q.validFrom(), q.validTo()
	pStartsBeforeQEnds := qTo.IsZero() || pFrom.IsZero() || pFrom.Before(qTo)
	qStartsBeforePEnds := pTo.IsZero() || qFrom.IsZero() || qFrom.Before(pTo)
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
	// Code is the document type's code in the publishing system, if any.
	Code string `json:"code,omitempty"`
	// EForm reports that an electronic form (biểu mẫu điện tử) exists for
	// the document, so an online applicant fills it in rather than uploads it.
	EForm bool `json:"eForm,omitempty"`
}

// LegalRef is a legal document a procedure rests on, with its number and
// name apart. At least one of the two is set.
type LegalRef struct {
	// Code is the document's number and symbol (số ký hiệu) as published,
	// e.g. "123/2015/NĐ-CP"; free text, not normalised.
	Code string `json:"code,omitempty"`
	// Name is the document's title (trích yếu), e.g. "Nghị định quy định
	// chi tiết một số điều của Luật Hộ tịch".
	Name string `json:"name,omitempty"`
}

// Variant is a named variant of a procedure with its own code and
// processing time.
type Variant struct {
	// Code is the variant's code, usually the procedure's code with a
	// suffix, e.g. "1.014216.01". Codes need not be unique.
	Code string `json:"code,omitempty"`
	// Name describes when the variant applies.
	Name string `json:"name,omitempty"`
	// Time is the processing time in Unit; never negative.
	Time int `json:"time"`
	// Unit is the unit of Time; [UnitOther] when the variant has no fixed
	// duration.
	Unit TimeUnit `json:"unit"`
}

// Duration returns the variant's processing time.
func (v Variant) Duration() Duration { return Duration{Time: v.Time, Unit: v.Unit} }

// Case is one alternative set of required documents.
type Case struct {
	// Name describes when the case applies; empty for the general case.
	Name string `json:"name,omitempty"`
	// Documents lists the documents required in this case.
	Documents []Requirement `json:"documents"`
}

// Channel is a way of filing a dossier. The zero value, [ChannelUnknown],
// is a channel not stated; its [Channel.Label] is "Không rõ" ("Unknown").
//
// The numbering is the national public-service portal's (Cổng Dịch vụ công
// Quốc gia), which codes the ways of filing 1 in person at the counter, 2
// online and 3 by post; it is kept so that a channel's number means the
// same here, in records exchanged with the portal and in every motcua
// package that names channels.
type Channel uint8

// Filing channels, numbered as the national portal numbers them.
const (
	ChannelUnknown Channel = iota // not stated
	Counter                       // 1, trực tiếp: at the one-stop counter
	Online                        // 2, trực tuyến
	Post                          // 3, qua dịch vụ bưu chính
)

var channelNames = [...]string{"", "counter", "online", "post"}

var channelLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Trực tiếp", "At the counter"},
	{"Trực tuyến", "Online"},
	{"Qua dịch vụ bưu chính", "By post"},
}

// Valid reports whether c is one of the defined channels.
func (c Channel) Valid() bool { return c >= Counter && c <= Post }

// String returns the stable identifier ("counter", "online", "post"), or
// "Channel(n)" for the zero value and undefined values: that text is what
// dossier trails already record for a channel not stated, so it stays.
func (c Channel) String() string {
	if c.Valid() {
		return channelNames[c]
	}
	return fmt.Sprintf("Channel(%d)", uint8(c))
}

// Label returns the display name in lang ("vi", the default, or "en"):
// "Trực tiếp", "Trực tuyến", "Qua dịch vụ bưu chính", and "Không rõ"
// ("Unknown") for [ChannelUnknown]; [Channel.String] for undefined values.
func (c Channel) Label(lang string) string {
	if c != ChannelUnknown && !c.Valid() {
		return c.String()
	}
	return channelLabels[c][langIndex(lang)]
}

// MarshalText implements encoding.TextMarshaler.
func (c Channel) MarshalText() ([]byte, error) {
	if !c.Valid() {
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

// TimeUnit is the unit of a processing time. The zero value,
// [UnitUnknown], is a unit not stated; its [TimeUnit.Label] is "không rõ"
// ("unknown"). [UnitOther] is no fixed duration: see [Duration].
type TimeUnit uint8

// Units of processing time.
const (
	UnitUnknown  TimeUnit = iota // not stated
	WorkingDays                  // ngày làm việc
	CalendarDays                 // ngày (calendar days)
	WorkingHours                 // giờ làm việc
	UnitOther                    // no fixed duration (the portal's OTHER); see the description
	Months                       // tháng (calendar months)
)

var unitNames = [...]string{"", "working_days", "days", "working_hours", "other", "months"}

var unitLabels = [...][2]string{
	{"không rõ", "unknown"},
	{"ngày làm việc", "working days"},
	{"ngày", "days"},
	{"giờ làm việc", "working hours"},
	{"không cố định", "no fixed duration"},
	{"tháng", "months"},
}

// Valid reports whether u is one of the defined units.
func (u TimeUnit) Valid() bool { return u >= WorkingDays && u <= Months }

// String returns the stable identifier ("working_days", "days",
// "working_hours", "other", "months"), or "TimeUnit(n)" for the zero value
// and undefined values.
func (u TimeUnit) String() string {
	if u.Valid() {
		return unitNames[u]
	}
	return fmt.Sprintf("TimeUnit(%d)", uint8(u))
}

// Label returns the unit's name in lang ("vi", the default, or "en"), in
// lower case as it reads after a number: "ngày làm việc", "working days";
// "không cố định" ("no fixed duration") for [UnitOther], "không rõ"
// ("unknown") for [UnitUnknown], [TimeUnit.String] for undefined values.
// [Duration.Label] writes a whole processing time.
func (u TimeUnit) Label(lang string) string {
	if u != UnitUnknown && !u.Valid() {
		return u.String()
	}
	return unitLabels[u][langIndex(lang)]
}

// MarshalText implements encoding.TextMarshaler.
func (u TimeUnit) MarshalText() ([]byte, error) {
	if !u.Valid() {
		return nil, fmt.Errorf("%w: time unit %d", ErrUnknownLevel, uint8(u))
	}
	return []byte(unitNames[u]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (u *TimeUnit) UnmarshalText(b []byte) error {
	for i := WorkingDays; i <= Months; i++ {
		if unitNames[i] == string(b) {
			*u = i
			return nil
		}
	}
	return fmt.Errorf("%w: time unit %q", ErrUnknownLevel, b)
}

// ChannelTerms are the processing time and fees of one filing channel.
type ChannelTerms struct {
	// Channel is the filing channel these terms are for.
	Channel Channel `json:"channel"`
	// Time is the processing time in Unit.
	Time int `json:"time"`
	// Unit is the unit of Time; [UnitOther] when the channel has no fixed
	// duration (Time then only repeats what the source published).
	Unit TimeUnit `json:"unit"`
	// Note is free text about the deadline.
	Note string `json:"note,omitempty"`
	// Fees lists the fees published for this channel.
	Fees []FeeNote `json:"fees,omitempty"`
}

// FeeNote is a fee as a catalogue publishes it: an amount where a number is
// given, and the text that describes it. Computation belongs to package fees.
type FeeNote struct {
	// Amount is a whole number of units of Currency: đồng (the unit of
	// fees.Money) when Currency is empty or "VND". Meaningful when HasAmount.
	Amount int64 `json:"amount,omitempty"`
	// HasAmount is false when only a description is given.
	HasAmount bool `json:"hasAmount,omitempty"`
	// Text is the published description, e.g. "230.000 đồng/lần".
	Text string `json:"text,omitempty"`
	// Kind says whether it is a fee (phí), a charge (lệ phí) or a service
	// fee (phí dịch vụ); [FeeKindUnknown] when not stated.
	Kind FeeKind `json:"kind,omitempty"`
	// Currency is the ISO 4217 code of Amount's currency, three capital
	// letters such as "USD"; empty means Vietnamese đồng (VND).
	Currency string `json:"currency,omitempty"`
}

// FeeKind is the kind of a published fee. The zero value,
// [FeeKindUnknown], is a kind not stated, which is allowed; its
// [FeeKind.Label] is "Không rõ" ("Unknown").
type FeeKind uint8

// Kinds of fee, as the Law on Fees and Charges (Luật Phí và lệ phí 2015)
// distinguishes them, plus service fees charged for a service such as
// delivery.
const (
	FeeKindUnknown FeeKind = iota // not stated
	Fee                           // phí: a fee for a public service
	Charge                        // lệ phí: a charge for an act of the State
	ServiceFee                    // phí dịch vụ: a service fee, e.g. for postal delivery
)

var feeKindNames = [...]string{"", "fee", "charge", "service_fee"}

var feeKindLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Phí", "Fee"},
	{"Lệ phí", "Charge"},
	{"Phí dịch vụ", "Service fee"},
}

// Label returns the display name in lang ("vi", the default, or "en"):
// "Phí", "Lệ phí", "Phí dịch vụ", and "Không rõ" ("Unknown") for
// [FeeKindUnknown]; [FeeKind.String] for undefined values.
func (k FeeKind) Label(lang string) string {
	if k != FeeKindUnknown && !k.Valid() {
		return k.String()
	}
	return feeKindLabels[k][langIndex(lang)]
}

// Valid reports whether k is one of the defined kinds (not unknown).
func (k FeeKind) Valid() bool { return k >= Fee && k <= ServiceFee }

// String returns the stable identifier ("fee", "charge", "service_fee"),
// "" for [FeeKindUnknown], or "FeeKind(n)".
func (k FeeKind) String() string {
	if k == FeeKindUnknown || k.Valid() {
		return feeKindNames[k]
	}
	return fmt.Sprintf("FeeKind(%d)", uint8(k))
}

// MarshalText implements encoding.TextMarshaler; [FeeKindUnknown] is
// written as "" and values outside the defined kinds are an error.
func (k FeeKind) MarshalText() ([]byte, error) {
	if k != FeeKindUnknown && !k.Valid() {
		return nil, fmt.Errorf("%w: fee kind %d", ErrUnknownLevel, uint8(k))
	}
	return []byte(feeKindNames[k]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; "" is [FeeKindUnknown].
func (k *FeeKind) UnmarshalText(b []byte) error {
	for i := FeeKindUnknown; i <= ServiceFee; i++ {
		if feeKindNames[i] == string(b) {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("%w: fee kind %q", ErrUnknownLevel, b)
}

// validCurrency reports whether s is empty or three ASCII capital letters.
func validCurrency(s string) bool {
	if s == "" {
		return true
	}
	if len(s) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
