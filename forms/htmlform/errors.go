package htmlform

import (
	"errors"
	"fmt"

	"github.com/motcua/motcua/internal/errdetail"
	"github.com/motcua/motcua/internal/msgtable"
)

// Sentinel errors. Every error of [Renderer.Parse] is a *[ParseError]
// wrapping one of them.
var (
	// ErrRequest: the request is not a form submission this renderer can
	// read (not a POST, another content type, a malformed multipart body,
	// an unknown _action).
	ErrRequest = errors.New("htmlform: malformed form submission")
	// ErrTooLarge: the body is over [ParseOptions.MaxBytes].
	ErrTooLarge = errors.New("htmlform: form submission too large")
	// ErrTooMany: more repeat rows than the field allows (or [MaxRows]),
	// more values for one input than it takes, or more files than
	// [MaxFiles].
	ErrTooMany = errors.New("htmlform: too many values")
	// ErrSchema: [New] got a schema that does not compile; the error also
	// wraps the [forms.SchemaError].
	ErrSchema = errors.New("htmlform: invalid schema")
)

// ParseError is a submission [Renderer.Parse] refused. Nothing of it is
// returned: a refused submission changes nothing.
type ParseError struct {
	// Field is the input concerned ("members", "_action"), empty for the
	// request as a whole.
	Field string
	// Err is the sentinel.
	Err error
	// Detail says what is wrong, in English.
	Detail string
}

// Error describes the problem in English.
func (e *ParseError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%v: %s", e.Err, e.Detail)
	}
	return fmt.Sprintf("%v: %s: %s", e.Err, errdetail.Clip(e.Field), e.Detail)
}

// Unwrap returns the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }

// Message returns the text to show the citizen, in lang.
func (e *ParseError) Message(lang string) string { return Message(e, lang) }

// messages are the display texts of the sentinels, keyed by a stable code.
var messages = msgtable.Table{
	{Err: ErrTooLarge, Code: "too_large", VI: "Dữ liệu gửi lên quá lớn, vui lòng giảm dung lượng tệp đính kèm", EN: "The form sent is too large: please send smaller files"},
	{Err: ErrTooMany, Code: "too_many", VI: "Biểu mẫu có quá nhiều dòng hoặc tệp", EN: "The form has too many rows or files"},
	{Err: ErrRequest, Code: "request", VI: "Không đọc được biểu mẫu đã gửi, vui lòng gửi lại", EN: "The form sent could not be read: please send it again"},
	{Err: ErrSchema, Code: "schema", VI: "Biểu mẫu không hợp lệ", EN: "The form is not valid"},
}

// ErrorCode returns the stable code of the first sentinel of this package
// err wraps ("too_large", "too_many", "request", "schema"), or "".
func ErrorCode(err error) string { return messages.Code(err) }

// Message returns the text to show for err in lang (English for a tag
// starting with "en", Vietnamese otherwise), or "" for another package's
// error.
func Message(err error, lang string) string { return messages.Message(err, lang) }
