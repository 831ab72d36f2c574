package sheet

import (
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/errdetail"
)

// Sentinel errors. Every problem [Read] and [Write] report is a [CellError]
// whose Err wraps one of them, or a [catalog.Problem] wrapping one of the
// catalog package's sentinels; test with [errors.Is].
var (
	// ErrNotXLSX: the input is not an xlsx workbook (not a zip, a legacy
	// .xls or encrypted file, a damaged package).
	ErrNotXLSX = errors.New("sheet: not an xlsx workbook")
	// ErrTooLarge: the input exceeds [MaxFileBytes], or a part unpacks to
	// more than [MaxPartBytes], or all of them to more than
	// [MaxUnpackedBytes].
	ErrTooLarge = errors.New("sheet: workbook too large")
	// ErrMissingSheet: a sheet the layout requires is absent.
	ErrMissingSheet = errors.New("sheet: missing sheet")
	// ErrHeader: a header row lacks a required column, names a column
	// twice, or names a column the layout does not define.
	ErrHeader = errors.New("sheet: bad header")
	// ErrRequired: a required cell is empty.
	ErrRequired = errors.New("sheet: required value missing")
	// ErrNumber: a cell that holds a count, a duration or an amount is not
	// a whole number in range.
	ErrNumber = errors.New("sheet: not a whole number")
	// ErrDate: a date cell is neither dd/mm/yyyy, ISO 8601 nor an Excel date.
	ErrDate = errors.New("sheet: not a date")
	// ErrValue: a cell holds a value outside the layout's list (an unknown
	// level, online level, channel, time unit or yes/no answer).
	ErrValue = errors.New("sheet: unknown value")
	// ErrReference: a row refers to a procedure version, case or channel
	// that no row defines.
	ErrReference = errors.New("sheet: reference to an undefined row")
	// ErrDuplicate: two rows define the same procedure version, case or
	// channel.
	ErrDuplicate = errors.New("sheet: duplicate row")
	// ErrUnrepresentable: [Write] cannot store a value so that [Read] gives
	// it back unchanged (surrounding spaces, a line break inside a list
	// item, characters XML cannot carry, more than 32,767 characters...).
	ErrUnrepresentable = errors.New("sheet: value cannot be stored losslessly")
)

// CellError is one problem at one cell, or at one sheet when Cell is empty.
type CellError struct {
	// Sheet is the sheet's name, e.g. "Thủ tục".
	Sheet string
	// Cell is the cell reference, e.g. "F17"; empty for a whole-sheet problem.
	Cell string
	// Err describes the problem and unwraps to a sentinel.
	Err error
}

// Error implements error: `Thủ tục!F17: "mười" is not a number of days`.
func (e CellError) Error() string {
	if e.Cell == "" {
		return e.Sheet + ": " + e.Err.Error()
	}
	return e.Sheet + "!" + e.Cell + ": " + e.Err.Error()
}

// Unwrap returns Err.
func (e CellError) Unwrap() error { return e.Err }

// Error lists every problem of one workbook, in sheet and row order. It
// unwraps to each [CellError], so errors.Is(err, ErrNumber) holds when any
// cell is not a number, and errors.As(err, &cellErr) finds the first.
type Error struct {
	// Problems lists the first [MaxProblems] problems.
	Problems []CellError
	// More counts the problems found beyond MaxProblems, not listed.
	More int
}

// Error implements error: one line per problem.
func (e *Error) Error() string {
	if len(e.Problems) == 1 && e.More == 0 {
		return "sheet: " + e.Problems[0].Error()
	}
	var b strings.Builder
	fmt.Fprintf(&b, "sheet: %d problems:", len(e.Problems)+e.More)
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.Error())
	}
	if e.More > 0 {
		fmt.Fprintf(&b, "\n\t... and %d more", e.More)
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

// detail is a problem description that reads well after a cell reference
// errorf returns a detail message that unwraps to sentinel; see
// [errdetail.Errorf].
func errorf(sentinel error, format string, args ...any) error {
	return errdetail.Errorf(sentinel, format, args...)
}
