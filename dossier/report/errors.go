package report

import (
	"errors"
	"fmt"
)

// Sentinel errors. The typed errors of this package unwrap to one of them,
// so callers test with [errors.Is].
var (
	// ErrInvalidOptions: an [Options] field is out of range (unknown
	// language, unusable temporary directory...).
	ErrInvalidOptions = errors.New("report: invalid options")
	// ErrInvalidSummary: the summary given to [WriteStatistics] is
	// inconsistent; see [*SummaryError].
	ErrInvalidSummary = errors.New("report: invalid summary")
	// ErrInvalidDossier: a dossier given to [WriteRegister] holds a value
	// a workbook cannot carry; see [*RowError].
	ErrInvalidDossier = errors.New("report: invalid dossier")
)

// SummaryError says what is wrong with a summary. It unwraps to
// [ErrInvalidSummary].
type SummaryError struct {
	// Row is the index of the offending row in Summary.Rows, or -1 for the
	// summary itself (period, grouping, totals row).
	Row int
	// Key is the offending row's key.
	Key string
	// Field names the offending field, e.g. "SettledLate" or "Period".
	Field string
	// Why explains the problem.
	Why string
}

// Error implements error.
func (e *SummaryError) Error() string {
	if e.Row < 0 {
		return fmt.Sprintf("report: invalid summary: %s: %s", e.Field, e.Why)
	}
	return fmt.Sprintf("report: invalid summary: row %d (%q): %s: %s", e.Row, e.Key, e.Field, e.Why)
}

// Unwrap returns [ErrInvalidSummary].
func (e *SummaryError) Unwrap() error { return ErrInvalidSummary }

// RowError says which dossier of a register could not be written and why.
// It unwraps to its cause: [ErrInvalidDossier] for a value a workbook cannot
// carry, the iterator's own error, or a calendar error.
type RowError struct {
	// N is the position of the dossier in the iteration, from 1.
	N int
	// Code is the dossier's code (empty when the iterator failed).
	Code string
	// Err is the cause.
	Err error
}

// Error implements error.
func (e *RowError) Error() string {
	if e.Code == "" {
		return fmt.Sprintf("report: register: dossier #%d: %v", e.N, e.Err)
	}
	return fmt.Sprintf("report: register: dossier #%d (%s): %v", e.N, e.Code, e.Err)
}

// Unwrap returns the cause.
func (e *RowError) Unwrap() error { return e.Err }
