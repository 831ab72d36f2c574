// Package sqlstore keeps dossiers in a SQL database: SQLite embedded by
// default (pure Go, no cgo, one file, no server to run) and PostgreSQL for
// a province whose portal replicas share one database. [Store] implements
// [dossier.Store] with the same guarantees as the in-memory store, made
// durable:
//
//   - One transaction per change: [Store.Update] checks the stored version
//     (a stale one is [dossier.ErrConflict] and writes nothing), checks
//     that the trail only grows ([dossier.ErrAppendOnly]), rewrites the
//     dossier row and inserts the new events and their log leaves. Event
//     rows are never updated or deleted; database triggers refuse it.
//   - [Store.NextCode] draws dossier codes from a counter per agency and
//     day, one atomic statement each: unique and gap-free under
//     concurrent callers and processes.
//   - [Store.List] pages through the dossiers in code order with keyset
//     pagination, each filter backed by an index, so listing a million
//     dossiers holds one page in memory; [dossier.Summarize] runs over it
//     unchanged.
//   - Every event is a leaf of the store's transparency log
//     ([dossier.Log]), appended in the transaction that writes it; see
//     below.
//   - The schema is created and migrated by the store with numbered
//     migrations recorded in the table motcua_schema_migrations: [Open]
//     migrates an older schema, and refuses one newer than the code
//     ([ErrSchema]). Tables are prefixed motcua_, so the store can share a
//     database (or a PostgreSQL schema, through search_path) with others.
//
// # The transparency log
//
// Two tables hold the log. motcua_log has a row per leaf: its index idx
// from 0, the dossier's code, the event's sequence number seq and the leaf
// hash ([dossier.LeafHash]), with a unique index on (code, seq) that
// [Store.DossierEntries] reads and that keeps an event from being logged
// twice. motcua_log_hashes holds the hashes the Merkle tree stores, by
// [dossier.StoredHashIndex]: each leaf hash, then the root of every
// complete subtree it closes, as [dossier.StoredHashes] gives them, so that
// tree hashes and proofs read a few rows ([Store.ReadHashes]). Triggers
// refuse to update or delete rows of either table (and, in PostgreSQL, to
// truncate them), as they do for the events.
//
// [Store.Create] and [Store.Update] append the leaves of the new events as
// the last writes of their transaction. A write that fails appends nothing.
// The leaves are in commit order, with indexes contiguous from 0, none lost
// or duplicated under concurrent writers and processes, and the primary key
// on idx would refuse a duplicate anyway.
//
// SQLite lets one transaction write at a time (BEGIN IMMEDIATE). The store
// computes the stored hashes of each leaf with tlog ([dossier.StoredHashes])
// from the log's frontier (its size and the roots of its complete
// subtrees), cached from its last append, and writes both tables with one
// INSERT into the view motcua_log_append, whose trigger first checks, in
// the write transaction, that the log has that size and holds those roots.
// When another process appended since, or the transaction that cached the
// frontier failed, the trigger refuses and the store reads the size and the
// hashes it needs from the tables and computes them again.
//
// PostgreSQL serialises the appends with a transaction-level advisory lock
// (pg_advisory_xact_lock, keyed by the OID of motcua_log, so stores in
// different schemas of one database do not wait for each other), taken by
// the function motcua_log_append as the last write of the transaction and
// released by the commit. The function reads the log's size and the
// subtree roots it needs and computes the stored hashes on the server
// (SHA-256, RFC 6962's interior nodes, from the leaf hashes the store
// computes with [dossier.LeafHash]), so that an update of a few events is
// again one autocommit statement: the guarded UPDATE, the INSERT of the
// events and the append, one round trip, the lock held for that statement
// and its commit only. Merkle computations belong to tlog elsewhere; this
// one is done by the server for throughput (the store's writes no longer
// wait for a round trip while holding the lock), and the tests check it
// against tlog's stored hashes for every log size to 300 and across powers
// of two. The function runs at READ COMMITTED only, where its size query,
// run after the lock, sees the leaves the previous holder committed: at
// another server default the autocommit statement is refused and the write
// runs in a READ COMMITTED transaction, as writes of more events do. The
// appends of PostgreSQL transactions are still serialised from the lock
// to the commit, its WAL flush included (the figures of
// BenchmarkTransition compare the store with the log on and off).
//
// Migration 5 creates the log of an existing database in its own
// transaction: every stored event becomes a leaf. Events carry no commit
// time, so the order of their commits is not known; the migration orders
// them by event time, then dossier code, then sequence number (events
// without a time first), which keeps each valid trail in order (no event is
// dated before its predecessor). Processes running code older than schema 5
// must be stopped before it runs: they write events without leaves.
//
// # Damage
//
// A damaged database (a failing disk, a bad copy, a file edited by hand) is
// a [*CorruptError], wrapping [ErrCorrupt], from every read and write:
// SQLite's SQLITE_CORRUPT ("database disk image is malformed") and
// SQLITE_NOTADB (from [Open]), PostgreSQL's data_corrupted and
// index_corrupted (SQLSTATE XX001, XX002), a row of an impossible shape (a
// value that does not decode, text in an integer column, rows out of code
// order) and rows that contradict each other. [dossier.ErrNotFound] is the
// answer only when the database holds nothing of the dossier: when the
// lookup of a dossier row finds nothing, one more statement asks whether
// its events or log leaves are stored, each through its own B-tree, and if
// so the answer is a [*CorruptError] (a dossier row is never deleted, so
// the lookup went through a damaged page or index). Two cases remain that
// no single lookup can tell: a dossier whose row, events and leaves are all
// out of reach, and a filtered [Store.List] that a damaged secondary index
// leads past some rows (the unfiltered listing reads the table itself).
// [Store.Check] finds both: it runs the database's own integrity check
// (SQLite's integrity_check checks every index against its table;
// PostgreSQL's amcheck, when installed, bt_index_check with heapallindexed)
// and reads and verifies every dossier, naming each one that does not read.
//
// SQLite runs in WAL mode with a busy timeout and foreign keys on; one
// connection writes (writers queue in order instead of failing on locks)
// while the others read. A commit survives a crash of the process; see
// [SyncFull] for crashes of the machine.
//
// Values read back are those written, with two normalisations: times come
// back in Asia/Ho_Chi_Minh without a monotonic clock reading (the instant
// and its nanoseconds are kept), and FormData comes back as JSON decodes it
// (numbers as float64, lists as []any, objects as map[string]any). Times
// must fall within the years 1678 to 2261.
package sqlstore
