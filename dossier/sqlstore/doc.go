// Package sqlstore keeps dossiers in a SQL database: SQLite embedded by
// default (pure Go, no cgo, one file, no server to run) and PostgreSQL for
// a province whose portal replicas share one database. [Store] implements
// [dossier.Store] with the same guarantees as the in-memory store, made
// durable:
//
//   - One transaction per change: [Store.Update] checks the stored version
//     (a stale one is [dossier.ErrConflict] and writes nothing), checks
//     that the trail only grows ([dossier.ErrAppendOnly]), rewrites the
//     dossier row and inserts the new events. Event rows are never updated
//     or deleted; database triggers refuse it.
//   - [Store.NextCode] draws dossier codes from a counter per agency and
//     day, one atomic statement each: unique and gap-free under
//     concurrent callers and processes.
//   - [Store.List] pages through the dossiers in code order with keyset
//     pagination, each filter backed by an index, so listing a million
//     dossiers holds one page in memory; [dossier.Summarize] runs over it
//     unchanged.
//   - The schema is created and migrated by the store with numbered
//     migrations recorded in the table motcua_schema_migrations: [Open]
//     migrates an older schema, and refuses one newer than the code
//     ([ErrSchema]). Tables are prefixed motcua_, so the store can share a
//     database (or a PostgreSQL schema, through search_path) with others.
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
