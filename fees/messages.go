package fees

import (
	"errors"

	"github.com/motcua/motcua/internal/vnfmt"
)

// messages are the display texts of the sentinels, keyed by a stable code.
var messages = []struct {
	err    error
	code   string
	vi, en string
}{
	{ErrUnknownItem, "unknown_item", "Không có khoản phí, lệ phí này trong biểu phí", "This fee or charge is not in the schedule"},
	{ErrNotInForce, "not_in_force", "Không có mức thu áp dụng tại thời điểm nộp hồ sơ", "No rate is in force at the time of filing"},
	{ErrNegative, "negative", "Số lượng, số bản hoặc giá trị kê khai không được âm", "Quantity, copies or declared value cannot be negative"},
	{ErrValueRequired, "value_required", "Cần kê khai giá trị tài sản hoặc hợp đồng để tính phí", "A declared value is needed to compute this amount"},
	{ErrUnknownGroup, "unknown_group", "Đối tượng miễn, giảm không có trong biểu phí", "This exemption group is not in the schedule"},
	{ErrLocality, "locality", "Khoản thu không áp dụng tại địa bàn này", "This amount does not apply in this locality"},
	{ErrRequest, "request", "Yêu cầu tính phí không hợp lệ", "The quote request is invalid"},
	{ErrOverflow, "overflow", "Số tiền vượt quá giới hạn tính toán", "The amount is too large to compute"},
	{ErrOverlap, "overlap", "Các mức thu của cùng một khoản có thời gian áp dụng chồng lấn", "Two versions of an item overlap in time"},
	{ErrDuplicate, "duplicate", "Mã bị trùng trong biểu phí", "A code is used twice in the schedule"},
	{ErrUnknownField, "unknown_field", "Tệp biểu phí có trường không được định nghĩa", "The schedule document has an undefined field"},
	{ErrTooLarge, "too_large", "Tệp biểu phí quá lớn", "The schedule document is too large"},
	{ErrInvalid, "invalid", "Biểu phí không hợp lệ", "The schedule is invalid"},
	{ErrSyntax, "syntax", "Sai định dạng (số tiền, tỷ lệ, ngày hoặc tệp biểu phí)", "Bad format (amount, rate, date or schedule document)"},
	{ErrLanguage, "language", "Ngôn ngữ không được hỗ trợ", "Unsupported language"},
}

// ErrorCode returns the stable code of the first sentinel of this package
// that err wraps ("unknown_item", "not_in_force", "overflow"...), or ""
// when it wraps none.
func ErrorCode(err error) string {
	for _, m := range messages {
		if errors.Is(err, m.err) {
			return m.code
		}
	}
	return ""
}

// Message returns the text to show a citizen or clerk for err, in lang
// (English for a tag starting with "en", Vietnamese otherwise), from the message table
// keyed by [ErrorCode]. It returns "" for an error of another package.
func Message(err error, lang string) string {
	for _, m := range messages {
		if errors.Is(err, m.err) {
			if vnfmt.English(lang) {
				return m.en
			}
			return m.vi
		}
	}
	return ""
}
