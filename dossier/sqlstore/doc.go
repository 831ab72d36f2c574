// Package sqlstore keeps dossiers in a SQL database: SQLite embedded by
// default (pure Go, no cgo, one file, no server to run) and PostgreSQL for
// a province whose portal replicas share one database. [Store] implements
// [dossier.Store] with the same guarantees as the in-memory store, made
// durable:
//
//   - One transaction per change: [Store.Update] checks the stored version
//     (a stale one is [dossier.ErrConflict] and writes nothing), checks
//     that the trail only grows ([dossier.ErrAppendOnly]), rewrites the
//     dossier row, inserts the new events and queues their log leaves,
//     which the store's integrator adds to the log after the commit (see
//     below). Event rows are never updated or deleted; database triggers
//     refuse it.
//   - [Store.NextCode] draws dossier codes from a counter per agency and
//     day, one atomic statement each: unique and gap-free under
//     concurrent callers and processes.
//   - [Store.List] pages through the dossiers in code order with keyset
//     pagination, each filter backed by an index, so listing a million
//     dossiers holds one page in memory; [dossier.Summarize] runs over it
//     unchanged.
//   - Every event is a leaf of the store's transparency log
//     ([dossier.Log]), queued in the transaction that writes it and
//     integrated after its commit, in the background and by every read of
//     the log; see below.
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
// The leaves are numbered from 0, contiguous, none lost or duplicated
// under concurrent writers and processes, and the primary key on idx
// would refuse a duplicate anyway. Each dossier's events are in the log in
// the order of its trail.
//
// A log appended in the transaction of the events would have to be locked
// from the append through the commit and its flush. PostgreSQL lets many
// transactions write at once: the commits could not be grouped, and the
// writers would queue on the lock (schema 9 did this, at half the rate of
// the store without the log). SQLite writes one transaction at a time
// anyway, but the append through a trigger cost each transition a
// quarter more CPU (schema 10: 0.79x the rate without the log, 8
// writers). Since schema 10 (PostgreSQL) and 11 (SQLite) the log is
// integrated after the commit, off the write path, as Trillian's
// sequencer does; the loop is one, each driver has its own statements:
//
//   - The statement (PostgreSQL; or the transaction, for a creation or
//     more than four new events, and always for SQLite) that writes the
//     events also inserts their leaf hashes ([dossier.LeafHash], computed
//     by the store) into the unsequenced queue motcua_log_pending, in the
//     order of the trail (one INSERT), and takes no lock and reads
//     nothing of the log: PostgreSQL's one-statement update is still one
//     statement, one round trip, and commits as any other (the session's
//     synchronous_commit), grouped with the others; SQLite's commits as
//     any other, durable with its leaves under [SyncFull]. Create or Update then wakes the store's
//     integrator (without waiting for it) and returns: the write never
//     waits for the log's lock, and a failure of the log's integration is
//     never the error of a write.
//   - The integrator, one goroutine per store started by [Open], runs
//     integration rounds 100 ms after a write wakes it (the writes of those
//     milliseconds share the round: one lock, one commit and its flush)
//     until the queue is empty, then waits for the next write to wake it,
//     or for a second (for leaves queued by other processes, or left by a
//     round that failed; after failures it waits longer, up to 30
//     seconds). A PostgreSQL round is one short READ COMMITTED
//     transaction: it takes the log's lock (a transaction-level advisory
//     lock keyed by the OID of motcua_log, so stores in different schemas
//     of one database do not wait for each other) and, in the same round
//     trip (the function motcua_log_take), reads the log's size and the
//     roots of its complete subtrees and deletes and returns up to 1,000
//     queued leaves, the oldest first; the store numbers them, computes
//     their stored hashes with tlog, and inserts both tables' rows with
//     one statement pipelined with the COMMIT. No hash is computed by the
//     server. A round takes the leaves of every write committed before its
//     take, so under load one round serves many writers; an integrator of
//     another process that gets the lock after they were taken finds none,
//     and commits a transaction that wrote nothing. A SQLite round is
//     one write transaction (BEGIN IMMEDIATE, on the store's one write
//     connection, between the writers' transactions): it reads the log's
//     size, takes the frontier (the roots of the complete subtrees) its
//     last committed round cached when the log still has that size (the
//     log only grows, so it is that log; another process's append makes
//     the store read the roots from the tables), takes up to 1,000 queued
//     leaves, the oldest first, computes their stored hashes with tlog,
//     inserts both tables' rows, deletes the leaves taken and commits.
//   - Every read of the log integrates the leaves queued first:
//     [Store.LogSize], [Store.LogEntries], [Store.DossierEntries] and
//     [Store.LogEntriesByCode] look at the queue (one EXISTS, in the same
//     statement as the size for LogSize) and, when it holds leaves, join
//     the store's integration under way or start one, and read once it
//     has ended. So a reader of the log sees every event committed before
//     its call: the receipt's log index, read through
//     [Store.DossierEntries] just after Create, exists; checkpoints,
//     proofs and [dossier.Audit] see every committed event.
//     [Store.ReadHashes] reads the hashes of the leaves the log holds, and
//     integrates nothing.
//   - [Store.Close] stops the integrator and waits for it and for the
//     rounds under way: a round ends or, cancelled, is rolled back, never
//     half written. Leaves still queued stay queued, committed with their
//     events, for the next store's integrator or read (as do those of a
//     process that crashed).
//
// A transition is acknowledged once its events are committed and durable
// as the session's synchronous_commit (SQLite: its synchronous setting)
// says, its leaves queued with them, and other sessions see them
// only then; its leaves follow within a round (some 100 ms later), or at
// the next read of the log, whichever comes first. A read of the log that
// cannot integrate the leaves queued (on a full disk, say) fails with that
// error rather than answer without them; the trails still read and
// verify. The log's order is the order of integration, not
// the order of the events' commits: the leaves of one round are in the
// order they were queued, and the writes of different dossiers that
// commit at about the same time may be logged in either order. A
// dossier's order is kept: its next event can only be written after the
// commit of the one before, so it is queued after it and never integrated
// before it. (The issue that specified the log asked for leaves "appended
// in the same transaction as the events"; the log still holds exactly the
// committed events, each once, and nothing rolled back: what it gives up
// is the commit order between dossiers, which no reader of the log relies
// on, for writes that no longer wait for one another.)
//
// The queue is not guarded against deletion (the integration deletes what
// it takes; SQLite's trigger refuses updates): a queued leaf edited or
// removed before its integration gives a log that disagrees with the
// trails, which the audit reports.
//
// Processes of schema 9 (PostgreSQL) still running after the migration to
// schema 10 append through their function motcua_log_append, which the
// migration keeps: it takes the same lock, so their leaves and the
// integrated ones make one log, none lost or duplicated; but an event they
// append can precede in the log an earlier event of the same dossier still
// queued by a process of schema 10, so stop them before the migration.
// Likewise SQLite's processes of schema 10 append through the view
// motcua_log_append, which schema 11 keeps: its trigger checks the log's
// size, and the integration reads it in its write transaction, so one log
// comes out; stop them before the migration for the same reason. The
// migration leaves the log as it is and starts with an empty queue.
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
