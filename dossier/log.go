package dossier

import (
	"context"
	"iter"
)

// LogEntry is one leaf of a store's transparency log: an event of a
// dossier, at its position in commit order.
type LogEntry struct {
	// Index is the leaf's position in the log, from 0.
	Index int64 `json:"index"`
	// Code is the dossier's code.
	Code string `json:"code"`
	// Seq is the event's [Event.Seq] in the dossier's trail.
	Seq uint64 `json:"seq"`
	// Leaf is the leaf hash, [LeafHash] of the event.
	Leaf Hash `json:"leaf"`
}

// Log is the transparency log a [Store] keeps over every event of every
// dossier: a Merkle tree (RFC 6962/9162, as Certificate Transparency and
// Go's checksum database keep theirs) whose leaves are the events' leaf
// hashes ([LeafHash]) in commit order. Create and Update append the leaves
// of the new events in the same transaction as the events, so the log and
// the trails never disagree; nothing is ever removed or changed.
//
// The agency signs checkpoints of the log ([SignCheckpoint] of a
// [Checkpoint] with [TreeHash]); an inspector who keeps one can later check
// that the log still extends it ([ProveConsistency], [VerifyExtends]) and
// that an event is in it ([ProveInclusion], [Checkpoint.VerifyInclusion])
// without opening the database, and [Audit] checks a whole store against
// its log and a checkpoint.
type Log interface {
	// HashReader reads the log's stored hashes (tlog's layout, see
	// [StoredHashIndex]); indexes beyond the log are an error wrapping
	// [ErrLogRange].
	HashReader
	// LogSize returns the number of leaves.
	LogSize(ctx context.Context) (int64, error)
	// LogEntries yields the entries with indexes from from (inclusive) to
	// to (exclusive), in index order. An error ends the sequence with a
	// zero LogEntry and the error. [Audit] asks for the indexes below 0,
	// where only a table edited behind the store's back can hold entries.
	LogEntries(ctx context.Context, from, to int64) iter.Seq2[LogEntry, error]
	// DossierEntries yields the entries of the dossier with the given code,
	// in Seq order; none for an unknown code. An error ends the sequence
	// with a zero LogEntry and the error.
	DossierEntries(ctx context.Context, code string) iter.Seq2[LogEntry, error]
}

// CodeOrderedLog is a [Log] that can list its entries in the order of the
// dossiers' codes, then of their events' Seq. It is optional: [Audit] uses
// it, when a store has it and the trails differ from the log, to join the
// log to the dossiers in one pass instead of a look-up per dossier. An error ends the sequence with a zero
// LogEntry and the error.
type CodeOrderedLog interface {
	LogEntriesByCode(ctx context.Context) iter.Seq2[LogEntry, error]
}
