package dvcqg

import (
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/errdetail"
)

// Sentinel errors. Every [Problem] wraps one of them.
var (
	// ErrSyntax: the input is not well-formed JSON.
	ErrSyntax = errors.New("dvcqg: malformed JSON")
	// ErrType: a key holds a JSON value of the wrong type (a string where
	// a number belongs, a fraction where a whole number belongs...).
	ErrType = errors.New("dvcqg: wrong JSON type")
	// ErrMissing: a key the mapping needs is absent or empty.
	ErrMissing = errors.New("dvcqg: missing field")
	// ErrUnknownValue: an enumeration holds a value the mapping does not
	// know (a submission method, a time unit, a fee type).
	ErrUnknownValue = errors.New("dvcqg: unknown value")
	// ErrValue: a value is out of range (a negative time or count, a
	// number too large to be meant).
	ErrValue = errors.New("dvcqg: absurd value")
	// ErrInexact: a value has no exact place in [catalog.Procedure] and is
	// kept approximately or as text (a time in months, a fee in a foreign
	// currency, a second sector).
	ErrInexact = errors.New("dvcqg: value kept inexactly")
	// ErrDuplicate: two records have the same code; the one updated last
	// is kept.
	ErrDuplicate = errors.New("dvcqg: duplicate code")
	// ErrTooLarge: an input or a record exceeds [MaxInputBytes].
	ErrTooLarge = errors.New("dvcqg: input too large")
)

// Problem is one problem of one record. A record is left out of the
// catalogue when one of its problems has Skipped set; problems with Skipped
// false only report what was approximated or missing.
type Problem struct {
	// Source names the input: a file name for ReadAll, empty otherwise.
	Source string
	// Index is the record's position in its source (0-based).
	Index int
	// Code is the record's code, when it could be read.
	Code string
	// Path is the JSON path of the offending value, such as
	// "executionMethods[1].processingTimeUnit"; empty for the whole record.
	Path string
	// Skipped reports whether this problem left the record out of the
	// catalogue.
	Skipped bool
	// Err describes the problem and wraps a sentinel.
	Err error
}

// Error implements error:
// `1.001686 (a.json #0) executionMethods[1].processingTime: -3 is negative`.
func (p Problem) Error() string {
	var b strings.Builder
	b.WriteString("dvcqg: ")
	if p.Code != "" {
		b.WriteString(errdetail.Clip(p.Code))
	} else {
		b.WriteString("record")
	}
	b.WriteString(" (")
	if p.Source != "" {
		b.WriteString(errdetail.ClipPath(p.Source))
		b.WriteString(" ")
	}
	fmt.Fprintf(&b, "#%d)", p.Index)
	if p.Path != "" {
		b.WriteString(" ")
		b.WriteString(errdetail.ClipPath(p.Path))
	}
	b.WriteString(": ")
	b.WriteString(p.Err.Error())
	if p.Skipped {
		b.WriteString(" (record skipped)")
	}
	return b.String()
}

// Unwrap returns Err.
func (p Problem) Unwrap() error { return p.Err }

// Error lists the problems of a record that [ReadProcedure] could not import.
type Error struct {
	Problems []Problem
}

// Error implements error: one line per problem.
func (e *Error) Error() string {
	if len(e.Problems) == 1 {
		return e.Problems[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "dvcqg: %d problems:", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns every problem.
func (e *Error) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

// quote quotes a value of the input for a message, cut after 80
// characters with "…".
func quote(s string) string { return errdetail.Quote(s) }

// clip cuts a value of the input after 80 characters with "…".
func clip(s string) string { return errdetail.Clip(s) }

// errorf returns a detail message that unwraps to sentinel; see
// [errdetail.Errorf].
func errorf(sentinel error, format string, args ...any) error {
	return errdetail.Errorf(sentinel, format, args...)
}
