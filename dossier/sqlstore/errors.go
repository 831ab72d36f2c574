package sqlstore

import (
	"errors"
	"fmt"
)

// Sentinel errors of the SQL store. Errors about dossiers themselves wrap
// the sentinels of package dossier ([dossier.ErrNotFound],
// [dossier.ErrConflict], [dossier.ErrExists], [dossier.ErrInvalidDossier],
// [dossier.ErrAppendOnly], [dossier.ErrInvalidCode]).
var (
	// ErrDriver: the driver name is not one the store supports.
	ErrDriver = errors.New("sqlstore: unsupported driver")
	// ErrOption: an option has a value out of range.
	ErrOption = errors.New("sqlstore: invalid option")
	// ErrSchema: the database's schema cannot be used by this code: it was
	// written by a newer version of the store, or its migration records are
	// inconsistent; see [*SchemaError].
	ErrSchema = errors.New("sqlstore: incompatible schema")
	// ErrCorrupt: a stored row cannot be decoded into a dossier; see
	// [*CorruptError].
	ErrCorrupt = errors.New("sqlstore: corrupt row")
	// ErrClosed: the store was closed.
	ErrClosed = errors.New("sqlstore: store closed")
)

// SchemaError says why the database's schema cannot be used. It unwraps to
// [ErrSchema].
type SchemaError struct {
	// Found is the highest migration recorded in the database.
	Found int
	// Known is the highest migration this code knows.
	Known int
	// Why explains the problem.
	Why string
}

// Error implements error.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("sqlstore: schema version %d, this code knows up to %d: %s", e.Found, e.Known, e.Why)
}

// Unwrap returns [ErrSchema].
func (e *SchemaError) Unwrap() error { return ErrSchema }

// CorruptError names a stored value that cannot be decoded. It unwraps to
// [ErrCorrupt] and to the decoding error.
type CorruptError struct {
	// Code is the dossier's code.
	Code string
	// Column names the offending column, e.g. "status" or "events.action".
	Column string
	// Err is the decoding error.
	Err error
}

// Error implements error.
func (e *CorruptError) Error() string {
	return fmt.Sprintf("sqlstore: dossier %s: column %s: %v", e.Code, e.Column, e.Err)
}

// Unwrap returns [ErrCorrupt] and the decoding error.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }
