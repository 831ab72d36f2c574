package sfnt

import "errors"

// Sentinels a [*FormatError] unwraps to.
var (
	// ErrTruncated: a table or the file ends before what it describes.
	ErrTruncated = errors.New("sfnt: truncated font")
	// ErrMalformed: a value is out of its allowed range.
	ErrMalformed = errors.New("sfnt: malformed font")
	// ErrUnsupported: a well-formed file of a kind this package does not
	// read (CFF outlines, a collection, no Unicode cmap).
	ErrUnsupported = errors.New("sfnt: unsupported font")
)

// FormatError says why a font was refused. It unwraps to [ErrTruncated],
// [ErrMalformed] or [ErrUnsupported].
type FormatError struct {
	// Table is the tag of the table at fault, "" for the file as a whole.
	Table string
	// Why describes the problem.
	Why string
	// Err is the sentinel.
	Err error
}

func (e *FormatError) Error() string { return "sfnt: " + e.Why }

// Unwrap returns the sentinel.
func (e *FormatError) Unwrap() error { return e.Err }
