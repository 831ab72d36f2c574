package bank

import (
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/internal/msgtable"
)

// Sentinel errors. Every error returned by this package wraps one of them
// (or an error of package dossier, from [Record]).
var (
	// ErrHeader reports a statement whose header row was not found: no row
	// among the first [MaxHeaderRow] names the date, amount and content
	// columns.
	ErrHeader = errors.New("bank: statement header not found")
	// ErrSyntax reports a cell that is not a valid date or amount, or a
	// file that is not CSV or xlsx.
	ErrSyntax = errors.New("bank: invalid cell")
	// ErrTooLarge reports a statement over the limits of [ReadOptions].
	ErrTooLarge = errors.New("bank: statement too large")
	// ErrDuplicateDue reports two dues for the same dossier code given to
	// [Reconcile].
	ErrDuplicateDue = errors.New("bank: dossier listed twice")
	// ErrInvalid reports a due without a code or with a negative amount, or
	// a statement line with a negative amount.
	ErrInvalid = errors.New("bank: invalid input")
)

// RowError reports one problem in a statement, at a row of the file
// (counted from 1, the header row included) and a column.
type RowError struct {
	Row    int    // the file's row, from 1
	Column string // the column's header as written in the file, when known
	Value  string // the cell, at most 64 bytes of it
	Err    error  // a sentinel: ErrSyntax, ErrTooLarge, ErrHeader
	Msg    string // the detail, in English
}

// Error describes the problem in English, for programs and logs.
func (e *RowError) Error() string {
	var b strings.Builder
	b.WriteString("bank: statement")
	if e.Row > 0 {
		fmt.Fprintf(&b, " row %d", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " column %q", e.Column)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns the sentinel.
func (e *RowError) Unwrap() error { return e.Err }

// StatementError lists every problem found in a statement (the first
// [MaxProblems]), so a clerk fixing an export sees them all at once.
type StatementError struct {
	Problems []*RowError
	More     int // problems found beyond the listed ones
}

// MaxProblems is how many problems a [StatementError] lists.
const MaxProblems = 100

// Error describes the problem in English, for programs and logs.
func (e *StatementError) Error() string {
	var b strings.Builder
	n := len(e.Problems) + e.More
	fmt.Fprintf(&b, "bank: statement has %d problem", n)
	if n != 1 {
		b.WriteByte('s')
	}
	for i, p := range e.Problems {
		if i == 5 {
			fmt.Fprintf(&b, "; and %d more", n-5)
			break
		}
		b.WriteString("; ")
		b.WriteString(strings.TrimPrefix(p.Error(), "bank: statement "))
	}
	return b.String()
}

// Unwrap returns each problem.
func (e *StatementError) Unwrap() []error {
	errs := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		errs[i] = p
	}
	return errs
}

func rowErr(row int, column, value string, err error, format string, args ...any) *RowError {
	if len(value) > 64 {
		value = value[:64]
	}
	return &RowError{Row: row, Column: column, Value: value, Err: err, Msg: fmt.Sprintf(format, args...)}
}

// messages are the display texts of the sentinels, keyed by a stable code.
var messages = msgtable.Table{
	msgtable.E(ErrHeader, "header", "Không tìm thấy dòng tiêu đề của sao kê (cần các cột ngày, số tiền ghi có, nội dung)", "The statement's header row was not found (it needs date, credit amount and content columns)"),
	msgtable.E(ErrSyntax, "syntax", "Sao kê có ô ngày hoặc số tiền không đọc được", "The statement has a date or amount that cannot be read"),
	msgtable.E(ErrTooLarge, "too_large", "Sao kê quá lớn", "The statement is too large"),
	msgtable.E(ErrDuplicateDue, "duplicate_due", "Một hồ sơ được liệt kê hai lần trong danh sách cần thu", "A dossier is listed twice among the dues"),
	msgtable.E(ErrInvalid, "invalid", "Dữ liệu đối soát không hợp lệ", "The reconciliation input is invalid"),
}

// ErrorCode returns the stable code of the first sentinel of this package
// that err wraps ("header", "syntax", "too_large"...), or "" when it wraps
// none.
func ErrorCode(err error) string { return messages.Code(err) }

// Message returns the text to show a clerk for err, in lang (English for
// a tag starting with "en", Vietnamese otherwise), from the message table
// keyed by [ErrorCode]. It returns "" for an error of another package.
func Message(err error, lang string) string { return messages.Message(err, lang) }
