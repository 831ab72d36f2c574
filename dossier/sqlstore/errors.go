package sqlstore

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
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
	// ErrCorrupt: the stored data is damaged: the database reports its
	// file or an index corrupt, a row cannot be decoded into a dossier, or
	// the rows contradict each other (a dossier's events are stored but its
	// row is not); see [*CorruptError]. A store never answers
	// [dossier.ErrNotFound] for a dossier it can tell was stored.
	ErrCorrupt = errors.New("sqlstore: corrupt data")
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

// CorruptError says what is damaged. It unwraps to [ErrCorrupt] and to Err.
type CorruptError struct {
	// Code is the dossier's code; empty when the damage cannot be tied to
	// one dossier (a listing, a page of the file).
	Code string
	// Column names the offending column, e.g. "status" or "events.action";
	// empty when the database itself reported the corruption, or when the
	// rows contradict each other.
	Column string
	// Op is what the store was doing when the database reported the
	// corruption: "get", "list", "update", "integrity check"...; empty for
	// a value that does not decode.
	Op string
	// Err is the decoding error, the driver's error (an SQLite
	// SQLITE_CORRUPT or SQLITE_NOTADB error, a PostgreSQL error of class XX)
	// or the contradiction found.
	Err error
}

// Error implements error.
func (e *CorruptError) Error() string {
	switch {
	case e.Column != "":
		return fmt.Sprintf("sqlstore: dossier %s: column %s: %v", e.Code, e.Column, e.Err)
	case e.Code != "" && e.Op != "":
		return fmt.Sprintf("sqlstore: %s %s: database corrupt: %v", e.Op, e.Code, e.Err)
	case e.Code != "":
		return fmt.Sprintf("sqlstore: dossier %s: database corrupt: %v", e.Code, e.Err)
	case e.Op != "":
		return fmt.Sprintf("sqlstore: %s: database corrupt: %v", e.Op, e.Err)
	}
	return fmt.Sprintf("sqlstore: database corrupt: %v", e.Err)
}

// Unwrap returns [ErrCorrupt] and Err.
func (e *CorruptError) Unwrap() []error { return []error{ErrCorrupt, e.Err} }

// SQLite's primary result codes that mean a damaged file, and PostgreSQL's
// SQLSTATEs of the same meaning (class XX: data_corrupted, index_corrupted).
const (
	sqliteCorrupt  = 11 // SQLITE_CORRUPT (and its extended codes)
	sqliteNotADB   = 26 // SQLITE_NOTADB
	pgDataCorrupt  = "XX001"
	pgIndexCorrupt = "XX002"
)

// isCorruption reports whether err is the database saying its data is
// damaged.
func isCorruption(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		c := se.Code() & 0xff
		return c == sqliteCorrupt || c == sqliteNotADB
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == pgDataCorrupt || pe.Code == pgIndexCorrupt)
}

// dbError wraps err, returned while doing op (for the dossier code, if
// any): a corruption the database reports becomes a [*CorruptError]; an
// error of the store's own (a [*CorruptError], an error wrapping a
// sentinel of package dossier) is returned as it is; anything else is
// wrapped with op and code.
func dbError(op, code string, err error) error {
	switch {
	case err == nil:
		return nil
	case isCorruption(err):
		return &CorruptError{Code: code, Op: op, Err: err}
	case isStoreError(err):
		return err
	case code != "":
		return fmt.Errorf("sqlstore: %s %s: %w", op, code, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// scanError is the error of a row that the driver cannot scan into the
// columns' Go types (text in an integer column): an impossible shape for a
// row the store wrote, so a [*CorruptError], unless the database reported
// an error of its own.
func scanError(op, code string, err error) error {
	if isCorruption(err) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return dbError(op, code, err)
	}
	var ce *CorruptError
	if errors.As(err, &ce) {
		return err
	}
	return &CorruptError{Code: code, Op: op, Err: err}
}
