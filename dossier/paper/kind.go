package paper

import (
	"fmt"
	"strconv"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Kind is one of the one-stop shop's papers, numbered as the forms of
// Appendix I of Circular 03/2025/TT-VPCP. The zero value is unknown.
type Kind uint8

// The papers.
const (
	KindUnknown       Kind = iota
	Receipt                // 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả
	SupplementRequest      // 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
	Refusal                // 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ
	Apology                // 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
	StopNotice             // 05 Thông báo dừng giải quyết hồ sơ
	ControlSlip            // 06 Phiếu kiểm soát quá trình giải quyết hồ sơ
	Register               // 07 Sổ theo dõi hồ sơ
)

var kindNames = [...]string{"unknown", "receipt", "supplement_request", "refusal", "apology", "stop_notice", "control_slip", "register"}

var kindTitles = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment"},
	{"Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ", "Request to complete the dossier"},
	{"Phiếu từ chối tiếp nhận giải quyết hồ sơ", "Refusal of the dossier"},
	{"Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết", "Apology and extension of the processing time"},
	{"Thông báo dừng giải quyết hồ sơ", "Notice that processing stops"},
	{"Phiếu kiểm soát quá trình giải quyết hồ sơ", "Processing control slip"},
	{"Sổ theo dõi hồ sơ", "Dossier register"},
}

// Valid reports whether k is one of the papers.
func (k Kind) Valid() bool { return k >= Receipt && k <= Register }

// Form returns the form's number in Appendix I of Circular 03/2025/TT-VPCP
// ("01" … "07"), or "" for an unknown kind.
func (k Kind) Form() string {
	if !k.Valid() {
		return ""
	}
	return fmt.Sprintf("%02d", int(k))
}

// String returns the stable identifier ("receipt", "supplement_request",
// "refusal", "apology", "stop_notice", "control_slip", "register"),
// "unknown" for the zero value, "Kind(n)" otherwise.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Label returns the paper's title in lang ("vi", the default, or "en"):
// "Giấy tiếp nhận hồ sơ và hẹn trả kết quả", "Receipt and appointment"...
func (k Kind) Label(lang string) string {
	i := 0
	if vnfmt.English(lang) {
		i = 1
	}
	if int(k) < len(kindTitles) {
		return kindTitles[k][i]
	}
	return k.String()
}

// MarshalText implements encoding.TextMarshaler; an unknown kind is an
// error wrapping [ErrInput].
func (k Kind) MarshalText() ([]byte, error) {
	if !k.Valid() {
		return nil, fmt.Errorf("%w: kind %d", ErrInput, int(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler; it reads the
// identifiers of [Kind.String] and the form numbers "01" … "07".
func (k *Kind) UnmarshalText(b []byte) error {
	s := string(b)
	for i := Receipt; i <= Register; i++ {
		if s == kindNames[i] || s == i.Form() {
			*k = i
			return nil
		}
	}
	return fmt.Errorf("%w: unknown paper %q", ErrInput, cut80(s))
}
