package xlsx

import (
	"errors"
	"strconv"
)

// Sentinel errors; every error [Open] and [Workbook.Rows] return for a bad
// input is an [*Error] wrapping one of them.
var (
	// ErrNotXLSX: the input is not a readable xlsx workbook (not a zip, no
	// workbook part, malformed XML, a dangling shared string...).
	ErrNotXLSX = errors.New("xlsx: not a readable xlsx workbook")
	// ErrTooLarge: a part, a cell or a tag exceeds its [Limits].
	ErrTooLarge = errors.New("xlsx: workbook too large")
)

// Error is a problem of one part of a workbook, at one row when Row is
// not 0.
type Error struct {
	Part   string // the part or sheet name
	Row    int    // 1-based; 0 when not at a row
	Detail string // what is wrong
	Err    error  // ErrNotXLSX or ErrTooLarge
	// Limit names the [Limits] field exceeded ("PartBytes",
	// "TotalBytes"...) when Err is ErrTooLarge; Max is its value and Size
	// the part's declared unpacked size (0 when not a part's size).
	Limit     string
	Size, Max int64
}

// Error returns the sentinel's message, the part, the row and the detail.
func (e *Error) Error() string {
	s := e.Err.Error()
	if e.Part != "" {
		s += ": " + e.Part
	}
	if e.Row > 0 {
		s += " row " + strconv.Itoa(e.Row)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the sentinel.
func (e *Error) Unwrap() error { return e.Err }
