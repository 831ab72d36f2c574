package vietqr

import (
	"errors"
	"fmt"
)

// Sentinel errors. Every error returned by this package wraps one of them,
// so callers can test with [errors.Is].
var (
	// ErrSyntax reports a payload that is not a sequence of EMVCo data
	// objects (two-digit ID, two-digit length, value), or a template whose
	// content is not one.
	ErrSyntax = errors.New("vietqr: invalid syntax")
	// ErrMissing reports a mandatory field that is absent: the payload
	// format indicator, the VietQR merchant account template (GUID
	// A000000727), the bank BIN, the account, the service code, the
	// currency, the country or the CRC.
	ErrMissing = errors.New("vietqr: missing field")
	// ErrDuplicate reports a field given twice in the same template.
	ErrDuplicate = errors.New("vietqr: duplicate field")
	// ErrLength reports a value longer (or shorter) than its field allows.
	ErrLength = errors.New("vietqr: value length out of range")
	// ErrCharset reports a character a field does not allow: text fields
	// are EMVCo "ans", printable ASCII only; numeric fields are digits.
	ErrCharset = errors.New("vietqr: character not allowed")
	// ErrValue reports a value the specification does not define: a payload
	// format other than "01", a point of initiation other than 11 or 12, a
	// currency other than 704, a country other than VN, an unknown service
	// code, a zero or negative amount.
	ErrValue = errors.New("vietqr: invalid value")
	// ErrChecksum reports a CRC that does not match the payload.
	ErrChecksum = errors.New("vietqr: checksum mismatch")
	// ErrTooLarge reports a payload longer than [MaxPayload] characters, or
	// content too large for a QR symbol.
	ErrTooLarge = errors.New("vietqr: payload too large")
)

// FieldError reports a problem with one field of a payload. Field is the
// path of the field's IDs, template first: "54" is the amount,
// "38.01.00" the bank BIN inside the beneficiary template inside the
// merchant account information, "62.08" the purpose of transaction.
type FieldError struct {
	Field string // the IDs from the root, joined by dots ("" for the payload as a whole)
	Value string // the offending value, at most 32 bytes of it
	Err   error  // a sentinel such as ErrLength, ErrValue, ErrChecksum
	Msg   string // the detail, in English
}

// Error describes the problem in English, for programs and logs.
func (e *FieldError) Error() string {
	name := fieldNames[e.Field]
	switch {
	case e.Field == "":
		return "vietqr: " + e.Msg
	case name == "":
		return fmt.Sprintf("vietqr: field %s: %s", e.Field, e.Msg)
	default:
		return fmt.Sprintf("vietqr: field %s (%s): %s", e.Field, name, e.Msg)
	}
}

// Unwrap returns the sentinel.
func (e *FieldError) Unwrap() error { return e.Err }

// fieldNames are the English names of the fields, for messages.
var fieldNames = map[string]string{
	"00":       "payload format indicator",
	"01":       "point of initiation method",
	"38":       "merchant account information",
	"38.00":    "GUID",
	"38.01":    "beneficiary organisation",
	"38.01.00": "bank BIN",
	"38.01.01": "account or card number",
	"38.02":    "service code",
	"52":       "merchant category code",
	"53":       "transaction currency",
	"54":       "transaction amount",
	"58":       "country code",
	"59":       "merchant name",
	"60":       "merchant city",
	"61":       "postal code",
	"62":       "additional data field template",
	"62.01":    "bill number",
	"62.05":    "reference label",
	"62.07":    "terminal label",
	"62.08":    "purpose of transaction",
	"63":       "CRC",
}

func fieldErr(field, value string, err error, format string, args ...any) *FieldError {
	if len(value) > 32 {
		value = value[:32]
	}
	return &FieldError{Field: field, Value: value, Err: err, Msg: fmt.Sprintf(format, args...)}
}
