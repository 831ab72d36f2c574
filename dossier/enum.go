package dossier

import "fmt"

// Status is the state of a dossier. The zero value is unknown. Text forms
// are the stable identifiers listed in [Status.String].
type Status uint8

// States of a dossier (Decree 118/2025/NĐ-CP; forms of Circular 01/2018/TT-VPCP).
const (
	StatusUnknown      Status = iota
	Submitted                 // filed, awaiting intake (chờ tiếp nhận)
	Received                  // received, receipt issued (đã tiếp nhận, mẫu 01)
	InProgress                // being processed (đang giải quyết)
	AwaitingSupplement        // returned to the applicant to complete (chờ bổ sung, mẫu 02)
	AwaitingPayment           // waiting for fees to be paid (chờ thanh toán)
	Transferred               // sent to another agency or level (đã chuyển)
	ResultReady               // result approved, awaiting return (có kết quả)
	Refused                   // refused at intake or on the merits (từ chối, mẫu 03)
	Returned                  // result handed back to the applicant (đã trả kết quả)
	Withdrawn                 // withdrawn by the applicant (rút hồ sơ)
	Stopped                   // handling stopped, the applicant notified (dừng giải quyết, mẫu 05)
)

var statusNames = [...]string{"", "submitted", "received", "in_progress", "awaiting_supplement",
	"awaiting_payment", "transferred", "result_ready", "refused", "returned", "withdrawn", "stopped"}

var statusLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Chờ tiếp nhận", "Submitted"},
	{"Đã tiếp nhận", "Received"},
	{"Đang giải quyết", "In progress"},
	{"Chờ bổ sung", "Awaiting supplementation"},
	{"Chờ thanh toán", "Awaiting payment"},
	{"Đã chuyển", "Transferred"},
	{"Có kết quả", "Result ready"},
	{"Từ chối", "Refused"},
	{"Đã trả kết quả", "Returned"},
	{"Đã rút", "Withdrawn"},
	{"Dừng giải quyết", "Stopped"},
}

// Valid reports whether s is one of the defined states.
func (s Status) Valid() bool { return s >= Submitted && s <= Stopped }

// Closed reports whether no further processing happens in state s (refused,
// returned, withdrawn). A dossier whose result is ready is settled but not
// yet closed: the result is still to be returned.
func (s Status) Closed() bool {
	return s == Refused || s == Returned || s == Withdrawn || s == Stopped
}

// String returns the stable identifier: "submitted", "received",
// "in_progress", "awaiting_supplement", "awaiting_payment", "transferred",
// "result_ready", "refused", "returned", "withdrawn", "stopped"; "unknown"
// for the zero value; or "Status(n)".
func (s Status) String() string { return enumString(statusNames[:], uint8(s), "Status") }

// Label returns the display name in lang ("vi", the default, or "en");
// the zero value is "Không rõ" ("Unknown").
func (s Status) Label(lang string) string {
	return enumLabel(statusLabels[:], uint8(s), lang, s.String)
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (s Status) MarshalText() ([]byte, error) { return enumMarshal(statusNames[:], uint8(s), "status") }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := enumParse(statusNames[:], string(b), "status")
	*s = Status(v)
	return err
}

// Action is what a transition does. The zero value is unknown.
type Action uint8

// Actions of the life of a dossier.
const (
	ActionUnknown       Action = iota
	Submit                     // the applicant (or an officer for them) files the dossier
	Receive                    // the counter receives it and issues the receipt (mẫu 01)
	ReturnForCompletion        // at intake, the counter asks to complete it (mẫu 02)
	RefuseIntake               // at intake, the counter refuses it (mẫu 03)
	Start                      // the handling unit takes it up
	Transfer                   // sent to another agency or level
	RequestSupplement          // during processing, more documents are asked for (mẫu 02)
	Supplement                 // the applicant supplies what was asked
	AwaitPayment               // fees are asked for
	Pay                        // fees are paid
	Approve                    // the result is ready
	Refuse                     // refused on the merits (mẫu 03)
	ReturnResult               // the result is handed back (counter, post, electronic)
	Withdraw                   // the applicant withdraws it
	Apologize                  // the unit at fault apologises with a new date (mẫu 04)
	Stop                       // handling is stopped, with its grounds (thông báo dừng giải quyết, mẫu 05)
)

var actionNames = [...]string{"", "submit", "receive", "return_for_completion", "refuse_intake",
	"start", "transfer", "request_supplement", "supplement", "await_payment", "pay", "approve",
	"refuse", "return_result", "withdraw", "apologize", "stop"}

// Valid reports whether a is one of the defined actions.
func (a Action) Valid() bool { return a >= Submit && a <= Stop }

var actionLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Nộp hồ sơ", "Submit"},
	{"Tiếp nhận hồ sơ", "Receive"},
	{"Yêu cầu bổ sung, hoàn thiện hồ sơ khi tiếp nhận", "Return for completion"},
	{"Từ chối tiếp nhận hồ sơ", "Refuse at intake"},
	{"Bắt đầu giải quyết", "Start processing"},
	{"Chuyển hồ sơ", "Transfer"},
	{"Yêu cầu bổ sung hồ sơ", "Request supplementation"},
	{"Bổ sung hồ sơ", "Supplement"},
	{"Yêu cầu thực hiện nghĩa vụ tài chính", "Ask for payment"},
	{"Nộp phí, lệ phí", "Pay the fees"},
	{"Phê duyệt kết quả", "Approve the result"},
	{"Từ chối giải quyết", "Refuse"},
	{"Trả kết quả", "Return the result"},
	{"Rút hồ sơ", "Withdraw"},
	{"Xin lỗi và hẹn lại ngày trả kết quả", "Apologise and set a new date"},
	{"Dừng giải quyết hồ sơ", "Stop processing"},
}

// String returns the stable identifier ("submit", "receive",
// "return_for_completion", ...), "unknown" for the zero value, or
// "Action(n)".
func (a Action) String() string { return enumString(actionNames[:], uint8(a), "Action") }

// Label returns the display name in lang ("vi", the default, or "en"):
// "Tiếp nhận hồ sơ", "Receive"...; the zero value is "Không rõ".
func (a Action) Label(lang string) string {
	return enumLabel(actionLabels[:], uint8(a), lang, a.String)
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (a Action) MarshalText() ([]byte, error) { return enumMarshal(actionNames[:], uint8(a), "action") }

// UnmarshalText implements encoding.TextUnmarshaler.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := enumParse(actionNames[:], string(b), "action")
	*a = Action(v)
	return err
}

// Role is the capacity in which an [Actor] acts. The zero value is unknown.
type Role uint8

// Roles.
const (
	RoleUnknown   Role = iota
	RoleApplicant      // the citizen or organisation (or their representative)
	RoleOfficer        // a civil servant: one-stop counter or handling unit
	RoleSystem         // an automated party, e.g. a payment gateway
)

var roleNames = [...]string{"", "applicant", "officer", "system"}

var roleLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Người nộp hồ sơ", "Applicant"},
	{"Cán bộ, công chức", "Officer"},
	{"Hệ thống", "System"},
}

// String returns the stable identifier ("applicant", "officer", "system"),
// "unknown" for the zero value.
func (r Role) String() string { return enumString(roleNames[:], uint8(r), "Role") }

// Label returns the display name in lang ("vi", the default, or "en").
func (r Role) Label(lang string) string { return enumLabel(roleLabels[:], uint8(r), lang, r.String) }

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (r Role) MarshalText() ([]byte, error) { return enumMarshal(roleNames[:], uint8(r), "role") }

// UnmarshalText implements encoding.TextUnmarshaler.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := enumParse(roleNames[:], string(b), "role")
	*r = Role(v)
	return err
}

// Outcome is how a dossier was settled. The zero value means not settled.
type Outcome uint8

// Outcomes.
const (
	OutcomeNone Outcome = iota
	Granted             // approved: the result is what was asked for
	Denied              // refused on the merits
)

var outcomeNames = [...]string{"", "granted", "denied"}

var outcomeLabels = [...][2]string{
	{"Chưa có kết quả", "Not settled"},
	{"Giải quyết", "Granted"},
	{"Từ chối", "Denied"},
}

// Label returns the display name in lang ("vi", the default, or "en");
// none is "Chưa có kết quả" ("Not settled").
func (o Outcome) Label(lang string) string {
	return enumLabel(outcomeLabels[:], uint8(o), lang, o.String)
}

// String returns the stable identifier ("granted", "denied"), "" for none.
func (o Outcome) String() string {
	if o == OutcomeNone {
		return ""
	}
	return enumString(outcomeNames[:], uint8(o), "Outcome")
}

// MarshalText implements encoding.TextMarshaler; none is the empty text.
func (o Outcome) MarshalText() ([]byte, error) {
	if o == OutcomeNone {
		return []byte{}, nil
	}
	return enumMarshal(outcomeNames[:], uint8(o), "outcome")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (o *Outcome) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*o = OutcomeNone
		return nil
	}
	v, err := enumParse(outcomeNames[:], string(b), "outcome")
	*o = Outcome(v)
	return err
}

// Delivery is how a result is handed back. The zero value is unknown.
type Delivery uint8

// Ways of returning a result.
const (
	DeliveryUnknown Delivery = iota
	AtCounter                // at the one-stop counter
	ByPost                   // by public postal service
	Electronic               // electronically (signed result through the portal)
)

var deliveryNames = [...]string{"", "counter", "post", "electronic"}

var deliveryLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Tại bộ phận một cửa", "At the counter"},
	{"Qua dịch vụ bưu chính công ích", "By post"},
	{"Trực tuyến", "Electronically"},
}

// String returns the stable identifier ("counter", "post", "electronic"),
// "unknown" for the zero value.
func (d Delivery) String() string { return enumString(deliveryNames[:], uint8(d), "Delivery") }

// Label returns the display name in lang ("vi", the default, or "en").
func (d Delivery) Label(lang string) string {
	return enumLabel(deliveryLabels[:], uint8(d), lang, d.String)
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (d Delivery) MarshalText() ([]byte, error) {
	return enumMarshal(deliveryNames[:], uint8(d), "delivery")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Delivery) UnmarshalText(b []byte) error {
	v, err := enumParse(deliveryNames[:], string(b), "delivery")
	*d = Delivery(v)
	return err
}

func enumString(names []string, v uint8, typ string) string {
	if v >= 1 && int(v) < len(names) {
		return names[v]
	}
	if v == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

// enumLabel returns labels[v] in lang, or str() for a value out of range.
func enumLabel(labels [][2]string, v uint8, lang string, str func() string) string {
	if int(v) < len(labels) {
		return labels[v][langIndex(lang)]
	}
	return str()
}

func enumMarshal(names []string, v uint8, what string) ([]byte, error) {
	if v >= 1 && int(v) < len(names) {
		return []byte(names[v]), nil
	}
	return nil, fmt.Errorf("%w: unknown %s %d", ErrInvalidDossier, what, v)
}

func enumParse(names []string, s, what string) (uint8, error) {
	for i := 1; i < len(names); i++ {
		if names[i] == s {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("%w: unknown %s %q", ErrInvalidDossier, what, s)
}

// langIndex maps a language tag to a label column: English for tags starting
// with "en", Vietnamese otherwise.
func langIndex(lang string) int {
	if len(lang) >= 2 && (lang[0]|0x20) == 'e' && (lang[1]|0x20) == 'n' {
		return 1
	}
	return 0
}
