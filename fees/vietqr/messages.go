package vietqr

import "github.com/motcua/motcua/internal/msgtable"

// messages are the display texts of the sentinels, keyed by a stable code.
var messages = msgtable.Table{
	msgtable.E(ErrChecksum, "checksum", "Mã QR bị sai hoặc hỏng (mã kiểm tra CRC không khớp)", "The QR code is wrong or damaged (the CRC does not match)"),
	msgtable.E(ErrMissing, "missing", "Mã QR thiếu thông tin bắt buộc", "The QR code lacks a mandatory field"),
	msgtable.E(ErrDuplicate, "duplicate", "Mã QR có một trường bị lặp lại", "The QR code has a field twice"),
	msgtable.E(ErrLength, "length", "Một trường của mã QR quá dài hoặc quá ngắn", "A field of the QR code is too long or too short"),
	msgtable.E(ErrCharset, "charset", "Một trường của mã QR có ký tự không được phép (chỉ dùng chữ không dấu)", "A field of the QR code has a character that is not allowed (ASCII only)"),
	msgtable.E(ErrValue, "value", "Một trường của mã QR có giá trị không hợp lệ", "A field of the QR code has an invalid value"),
	msgtable.E(ErrTooLarge, "too_large", "Nội dung mã QR quá dài", "The QR code content is too long"),
	msgtable.E(ErrSyntax, "syntax", "Không phải mã VietQR hợp lệ", "Not a valid VietQR code"),
}

// ErrorCode returns the stable code of the first sentinel of this package
// that err wraps ("checksum", "missing", "length"...), or "" when it wraps
// none.
func ErrorCode(err error) string { return messages.Code(err) }

// Message returns the text to show a citizen or clerk for err, in lang
// (English for a tag starting with "en", Vietnamese otherwise), from the
// message table keyed by [ErrorCode]. It returns "" for an error of another
// package.
func Message(err error, lang string) string { return messages.Message(err, lang) }
