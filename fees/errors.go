package fees

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Every error returned by this package wraps one of them,
// so callers can test with [errors.Is].
var (
	// ErrOverflow reports an amount that does not fit in an int64 number of
	// đồng (or an intermediate exact value that does not). It is never
	// silent: no computation wraps around.
	ErrOverflow = errors.New("fees: amount overflows")
	// ErrSyntax reports text that is not a valid amount, rate, date or
	// schedule document.
	ErrSyntax = errors.New("fees: invalid syntax")
	// ErrUnknownField reports a field of a schedule document that the format
	// does not define.
	ErrUnknownField = errors.New("fees: unknown field")
	// ErrTooLarge reports a schedule document larger than [MaxScheduleBytes].
	ErrTooLarge = errors.New("fees: schedule document too large")
	// ErrInvalid reports a schedule definition that breaks a rule of the
	// format (missing name, bad rate, rule with two forms...).
	ErrInvalid = errors.New("fees: invalid schedule")
	// ErrOverlap reports two versions of an item whose [From, Until) periods
	// overlap.
	ErrOverlap = errors.New("fees: overlapping versions")
	// ErrDuplicate reports an item code, adjustment id, adjustment order or
	// rule id used twice.
	ErrDuplicate = errors.New("fees: duplicate")
	// ErrUnknownItem reports an item code the schedule does not define.
	ErrUnknownItem = errors.New("fees: unknown item")
	// ErrNotInForce reports an item with no version in force at the quote time.
	ErrNotInForce = errors.New("fees: no version in force")
	// ErrNegative reports a negative quantity, number of copies or declared
	// value.
	ErrNegative = errors.New("fees: negative input")
	// ErrValueRequired reports a missing declared value for an item whose
	// rule is a percentage of it.
	ErrValueRequired = errors.New("fees: declared value required")
	// ErrUnknownGroup reports an applicant group the schedule does not define.
	ErrUnknownGroup = errors.New("fees: unknown group")
	// ErrLocality reports an item quoted outside the locality it belongs to,
	// or a locality the schedule does not define.
	ErrLocality = errors.New("fees: wrong locality")
	// ErrRequest reports a request that cannot be quoted as a whole (no time,
	// no items, unknown channel).
	ErrRequest = errors.New("fees: invalid request")
	// ErrLanguage reports an explanation language other than "vi" and "en".
	ErrLanguage = errors.New("fees: unsupported language")
)

// OverflowError reports which checked operation overflowed.
type OverflowError struct {
	Op string // "add", "sub", "mul", "rate"...
	A  int64  // first operand
	B  int64  // second operand
}

// Error describes the problem in English, for programs and logs.
func (e *OverflowError) Error() string {
	return fmt.Sprintf("fees: %s %d, %d: amount overflows int64 đồng", e.Op, e.A, e.B)
}

// Unwrap returns [ErrOverflow].
func (e *OverflowError) Unwrap() error { return ErrOverflow }

// ParseError reports text that could not be parsed as a [Money], [Rate] or
// [Date].
type ParseError struct {
	What  string // "money", "rate", "date"
	Input string // the text, truncated to 64 bytes
	Err   error  // a sentinel: ErrSyntax or ErrOverflow
}

// Error describes the problem in English, for programs and logs.
func (e *ParseError) Error() string {
	return fmt.Sprintf("fees: parse %s %q: %v", e.What, e.Input, strings.TrimPrefix(e.Err.Error(), "fees: "))
}

// Unwrap returns the sentinel.
func (e *ParseError) Unwrap() error { return e.Err }

func parseErr(what, input string, err error) *ParseError {
	if len(input) > 64 {
		input = input[:64]
	}
	return &ParseError{What: what, Input: input, Err: err}
}

// FormatError reports a schedule document that is not valid JSON of the
// documented format: bad syntax, a value of the wrong type, an unknown field.
type FormatError struct {
	Offset int64  // byte offset in the document, when known
	Field  string // the offending field (dotted path for type errors), when known
	Err    error  // ErrSyntax, ErrUnknownField or ErrTooLarge
	Detail string // the decoder's message
}

// Error describes the problem in English, for programs and logs.
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("fees: schedule document")
	if e.Offset > 0 {
		fmt.Fprintf(&b, " at byte %d", e.Offset)
	}
	b.WriteString(": ")
	if e.Field != "" {
		if errors.Is(e.Err, ErrUnknownField) {
			fmt.Fprintf(&b, "unknown field %q", e.Field)
			return b.String()
		}
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "fees: "))
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (e *FormatError) Unwrap() error { return e.Err }

// DefinitionError is one problem in a schedule's [Definition], at a path
// of the schedule document such as
// items[3].versions[0].rules[1].per_unit.tiers[0].from. It is a mistake of
// whoever wrote the schedule, found by [New], not a problem of a request
// (that is [RequestError]) nor of a citizen's form field.
type DefinitionError struct {
	Path string // where in the definition, as in the JSON document
	Err  error  // a sentinel such as ErrInvalid, ErrOverlap, ErrDuplicate, ErrUnknownField
	Msg  string // the detail, in English
}

// Error describes the problem in English, for programs and logs.
func (e *DefinitionError) Error() string {
	return "fees: " + e.Path + ": " + e.Msg
}

// Unwrap returns the sentinel.
func (e *DefinitionError) Unwrap() error { return e.Err }

// ScheduleError lists every problem found in a schedule definition, so a
// clerk fixing a schedule sees them all at once.
type ScheduleError struct {
	Problems []*DefinitionError
}

// Error describes the problem in English, for programs and logs.
func (e *ScheduleError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "fees: invalid schedule (%d problem", len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteByte('s')
	}
	b.WriteString(")")
	for i, p := range e.Problems {
		if i == 10 {
			fmt.Fprintf(&b, "; and %d more", len(e.Problems)-10)
			break
		}
		b.WriteString("; ")
		b.WriteString(p.Path)
		b.WriteString(": ")
		b.WriteString(p.Msg)
	}
	return b.String()
}

// Unwrap returns each problem, so errors.Is(err, ErrOverlap) reports whether
// any problem is an overlap.
func (e *ScheduleError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// RequestError reports a problem with a quote request: Field is the
// offending field ("at", "channel", "groups[1]", "items[2].quantity"), Code
// the item code when the problem is with an item.
type RequestError struct {
	Field string
	Code  string
	Err   error // a sentinel such as ErrUnknownItem, ErrNotInForce, ErrOverflow
	Msg   string
}

// Error describes the problem in English, for programs and logs.
func (e *RequestError) Error() string {
	var b strings.Builder
	b.WriteString("fees: quote: ")
	b.WriteString(e.Field)
	if e.Code != "" {
		fmt.Fprintf(&b, " (%s)", e.Code)
	}
	b.WriteString(": ")
	if e.Msg != "" {
		b.WriteString(e.Msg)
	} else {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "fees: "))
	}
	return b.String()
}

// Unwrap returns the sentinel (or the wrapped [OverflowError]).
func (e *RequestError) Unwrap() error { return e.Err }
