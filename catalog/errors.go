package catalog

import (
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/errdetail"
)

// Sentinel errors. The problems found by [New] and [ReadJSON] wrap one of
// them, so callers can test with [errors.Is].
var (
	// ErrDuplicateCode: two versions of one code are in force at the same time.
	ErrDuplicateCode = errors.New("catalog: duplicate code in overlapping validity")
	// ErrEmptyCode: a procedure has no code.
	ErrEmptyCode = errors.New("catalog: empty code")
	// ErrEmptyName: a procedure has no name.
	ErrEmptyName = errors.New("catalog: empty name")
	// ErrNegativeDays: a processing time is negative.
	ErrNegativeDays = errors.New("catalog: negative processing days")
	// ErrFixedAndNot: a procedure has both NoFixedDuration and a number
	// of ProcessingDays.
	ErrFixedAndNot = errors.New("catalog: processing days on a procedure with no fixed duration")
	// ErrUnknownLevel: a level or online level outside the known values.
	ErrUnknownLevel = errors.New("catalog: unknown level")
	// ErrUnnamedDocument: a required document has no name.
	ErrUnnamedDocument = errors.New("catalog: required document without a name")
	// ErrInvalidDocument: a required document has negative counts or size.
	ErrInvalidDocument = errors.New("catalog: invalid required document")
	// ErrInvalidFee: a published fee has a currency that is not an ISO 4217 code.
	ErrInvalidFee = errors.New("catalog: invalid fee")
	// ErrValidity: ValidTo is not after ValidFrom.
	ErrValidity = errors.New("catalog: ValidTo before ValidFrom")
	// ErrLegacyLevel: a legacy online level outside 1..4.
	ErrLegacyLevel = errors.New("catalog: legacy online level outside 1..4")
	// ErrSyntax: the input is not a well-formed catalogue document.
	ErrSyntax = errors.New("catalog: malformed input")
	// ErrUnknownField: the input has a field the format does not define.
	ErrUnknownField = errors.New("catalog: unknown field")
	// ErrTooLarge: the input exceeds one of the package's limits (see
	// [MaxJSONBytes]); the error is a [*LimitError].
	ErrTooLarge = errors.New("catalog: input too large")
)

// LimitError reports an input past one of the package's limits. It
// unwraps to [ErrTooLarge].
type LimitError struct {
	// Limit names the limit: "MaxJSONBytes".
	Limit string
	// Max is the limit's value (bytes).
	Max int64
	// What says what exceeded it: "the JSON document".
	What string
}

// Error implements error: "catalog: the JSON document exceeds
// MaxJSONBytes (67108864)".
func (e *LimitError) Error() string {
	return fmt.Sprintf("catalog: %s exceeds %s (%d)", e.What, e.Limit, e.Max)
}

// Unwrap returns [ErrTooLarge].
func (e *LimitError) Unwrap() error { return ErrTooLarge }

// Problem is one consistency problem of one procedure.
type Problem struct {
	// Index is the position of the procedure in the input (0-based).
	Index int
	// Code is the procedure's code, possibly empty.
	Code string
	// Field names the offending field, e.g. "Documents[2].Name".
	Field string
	// Err is the sentinel describing the problem, possibly wrapped with detail.
	Err error
}

// Error implements error.
func (p Problem) Error() string {
	return fmt.Sprintf("procedure #%d %s: %s: %v", p.Index, errdetail.Quote(p.Code), p.Field, p.Err)
}

// Unwrap returns the underlying sentinel.
func (p Problem) Unwrap() error { return p.Err }

// ConsistencyError lists every problem [New] found. It unwraps to each
// problem, so errors.Is(err, ErrEmptyName) holds when any procedure has an
// empty name.
type ConsistencyError struct {
	Problems []Problem
}

// Error implements error: one line per problem.
func (e *ConsistencyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "catalog: %d problem(s):", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns every problem.
func (e *ConsistencyError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}
