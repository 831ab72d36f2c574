package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// migration is one numbered step of the schema. Steps are applied in order,
// each in the transaction that records it in motcua_schema_migrations; a
// step is never changed once released, only followed by new ones.
type migration struct {
	version int
	name    string
	sqlite  []string
	pg      []string
	// run, when set, is Go code run after the statements, in the same
	// transaction (to fill new tables from the rows already there).
	run func(ctx context.Context, s *Store, tx *sql.Tx) error
}

// Column types: times are int64 nanoseconds since the Unix epoch (NULL for
// the zero time) so that event times keep the nanoseconds their hashes
// cover; enums are their stable text identifiers ("" for unknown); hashes
// are 32 raw bytes.
var migrations = []migration{
	{
		version: 1,
		name:    "dossiers, events, code sequences",
		sqlite: []string{
			// Clustered by code: listings read the table in order.
			dossiersTable("TEXT", "BLOB") + " WITHOUT ROWID",
			eventsTable("TEXT", "BLOB") + " WITHOUT ROWID",
			sequencesTable + " WITHOUT ROWID",
		},
		pg: []string{
			dossiersTable(pgCode, "BYTEA"),
			eventsTable(pgCode, "BYTEA"),
			sequencesTable,
		},
	},
	{
		version: 2,
		name:    "indexes for list filters",
		sqlite:  listIndexes,
		pg:      listIndexes,
	},
	{
		version: 3,
		name:    "events are append-only",
		sqlite: []string{
			`CREATE TRIGGER motcua_events_no_update BEFORE UPDATE ON motcua_events
BEGIN SELECT RAISE(ABORT, 'motcua: dossier events are append-only'); END`,
			`CREATE TRIGGER motcua_events_no_delete BEFORE DELETE ON motcua_events
BEGIN SELECT RAISE(ABORT, 'motcua: dossier events are append-only'); END`,
		},
		pg: []string{
			`CREATE FUNCTION motcua_events_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'motcua: dossier events are append-only'; END $$`,
			`CREATE TRIGGER motcua_events_no_change BEFORE UPDATE OR DELETE ON motcua_events
FOR EACH ROW EXECUTE FUNCTION motcua_events_append_only()`,
			`CREATE TRIGGER motcua_events_no_truncate BEFORE TRUNCATE ON motcua_events
FOR EACH STATEMENT EXECUTE FUNCTION motcua_events_append_only()`,
		},
	},
	{
		version: 4,
		name:    "trail digest for one-statement updates",
		sqlite:  []string{`ALTER TABLE motcua_dossiers ADD COLUMN trail BLOB`},
		pg:      []string{`ALTER TABLE motcua_dossiers ADD COLUMN trail BYTEA`},
	},
	{
		version: 5,
		name:    "transparency log",
		sqlite: []string{
			logTable("TEXT", "BLOB") + " WITHOUT ROWID",
			logHashesTable("BLOB") + " WITHOUT ROWID",
			logEventIndex,
			`CREATE TRIGGER motcua_log_no_update BEFORE UPDATE ON motcua_log
BEGIN SELECT RAISE(ABORT, 'motcua: the transparency log is append-only'); END`,
			`CREATE TRIGGER motcua_log_no_delete BEFORE DELETE ON motcua_log
BEGIN SELECT RAISE(ABORT, 'motcua: the transparency log is append-only'); END`,
			`CREATE TRIGGER motcua_log_hashes_no_update BEFORE UPDATE ON motcua_log_hashes
BEGIN SELECT RAISE(ABORT, 'motcua: the transparency log is append-only'); END`,
			`CREATE TRIGGER motcua_log_hashes_no_delete BEFORE DELETE ON motcua_log_hashes
BEGIN SELECT RAISE(ABORT, 'motcua: the transparency log is append-only'); END`,
		},
		pg: []string{
			logTable(pgCode, "BYTEA"),
			logHashesTable("BYTEA"),
			logEventIndex,
			`CREATE FUNCTION motcua_log_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'motcua: the transparency log is append-only'; END $$`,
			`CREATE TRIGGER motcua_log_no_change BEFORE UPDATE OR DELETE ON motcua_log
FOR EACH ROW EXECUTE FUNCTION motcua_log_append_only()`,
			`CREATE TRIGGER motcua_log_no_truncate BEFORE TRUNCATE ON motcua_log
FOR EACH STATEMENT EXECUTE FUNCTION motcua_log_append_only()`,
			`CREATE TRIGGER motcua_log_hashes_no_change BEFORE UPDATE OR DELETE ON motcua_log_hashes
FOR EACH ROW EXECUTE FUNCTION motcua_log_append_only()`,
			`CREATE TRIGGER motcua_log_hashes_no_truncate BEFORE TRUNCATE ON motcua_log_hashes
FOR EACH STATEMENT EXECUTE FUNCTION motcua_log_append_only()`,
			pgLogLockFunction,
		},
		run: backfillLog,
	},
	{
		version: 6,
		name:    "log append in one statement",
		sqlite:  []string{sqliteLogAppendView, sqliteLogAppendTrigger6},
		pg:      []string{pgLogAppendFunction},
	},
	{
		version: 7,
		name:    "log append checks the size only",
		sqlite:  []string{`DROP TRIGGER motcua_log_append_insert`, sqliteLogAppendTrigger},
	},
	{
		version: 8,
		name:    "outbox, indicator facts",
		sqlite: append([]string{
			outboxTable("INTEGER PRIMARY KEY AUTOINCREMENT", "TEXT"),
			outboxEventIndex,
			// In the transaction of the events, whatever statement writes them.
			`CREATE TRIGGER motcua_outbox_enqueue AFTER INSERT ON motcua_events
BEGIN INSERT INTO motcua_outbox (code, seq) VALUES (NEW.code, NEW.seq); END`,
			`ALTER TABLE motcua_dossiers ADD COLUMN supplement_requests BIGINT NOT NULL DEFAULT 0`,
			`ALTER TABLE motcua_dossiers ADD COLUMN facts BIGINT NOT NULL DEFAULT 0`,
		}, factsBackfill(false)...),
		pg: append([]string{
			outboxTable("BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY", pgCode),
			outboxEventIndex,
			// A statement-level trigger over the transition table: one INSERT
			// per statement that writes events, the one-statement update
			// (motcua_log_append) included.
			`CREATE FUNCTION motcua_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN
	INSERT INTO motcua_outbox (code, seq) SELECT n.code, n.seq FROM motcua_new_events n ORDER BY n.code, n.seq;
	RETURN NULL;
END $$`,
			`CREATE TRIGGER motcua_outbox_enqueue AFTER INSERT ON motcua_events
REFERENCING NEW TABLE AS motcua_new_events FOR EACH STATEMENT EXECUTE FUNCTION motcua_outbox_enqueue()`,
			`ALTER TABLE motcua_dossiers ADD COLUMN supplement_requests BIGINT NOT NULL DEFAULT 0`,
			`ALTER TABLE motcua_dossiers ADD COLUMN facts BIGINT NOT NULL DEFAULT 0`,
		}, factsBackfill(true)...),
	},
	{
		version: 9,
		name:    "covering index for statistics",
		sqlite:  []string{`CREATE INDEX motcua_dossiers_stats ON motcua_dossiers (received_at, ` + statsColumns + `)`},
		pg:      []string{`CREATE INDEX motcua_dossiers_stats ON motcua_dossiers (received_at) INCLUDE (` + statsColumns + `)`},
	},
	{
		// PostgreSQL only: the events' transaction queues its leaves, and
		// the writer integrates them into the log after the commit (see
		// the package documentation). motcua_log_append stays, for the
		// processes of schema 9 still running: it takes the same lock.
		version: 10,
		name:    "log integrated after the commit",
		pg:      []string{pgLogPendingTable, pgLogTakeFunction},
	},
	{
		// SQLite only: schema 10's queue, integrated by the store's
		// integrator in a write transaction of its own. The view
		// motcua_log_append stays, for the processes of schema 10 still
		// running.
		version: 11,
		name:    "SQLite log integrated after the commit",
		sqlite: []string{sqliteLogPendingTable,
			`CREATE TRIGGER motcua_log_pending_no_update BEFORE UPDATE ON motcua_log_pending
BEGIN SELECT RAISE(ABORT, 'motcua: queued log leaves are not updated'); END`},
	},
}

// sqliteLogPendingTable is SQLite's motcua_log_pending (see
// pgLogPendingTable): id is the rowid, one past the highest present at
// each insert, so the queue's order is that of the inserts among the rows
// it holds. Its rows are not updated (a trigger refuses it), only deleted
// by the integration that moves them into the log.
const sqliteLogPendingTable = `CREATE TABLE motcua_log_pending (
	id   INTEGER PRIMARY KEY,
	code TEXT    NOT NULL,
	seq  BIGINT  NOT NULL,
	leaf BLOB    NOT NULL
)`

// pgLogPendingTable is PostgreSQL's queue of leaves not yet in the log:
// the leaf hash of event seq of dossier code, queued by the transaction
// that writes the event, numbered by id in the order of their inserts.
// The integration moves them into motcua_log in id order. The rows are
// not guarded: the integration deletes them, and a row edited or removed
// before its integration leaves a log that does not match the trails,
// which [dossier.Audit] reports.
const pgLogPendingTable = `CREATE TABLE motcua_log_pending (
	id   BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	code ` + pgCode + ` NOT NULL,
	seq  BIGINT NOT NULL,
	leaf BYTEA  NOT NULL
)`

// pgLogTakeFunction starts an integration: it takes the log's append lock
// and reads the log's size and the subtree roots the next leaves need
// (motcua_log_lock: a first row with the size alone, then a row per root
// with idx and hash), then deletes up to page queued leaves, the oldest
// first, and returns them (a row each with pending, code, seq and leaf, in
// no particular order). Each query of the VOLATILE function takes a fresh
// snapshot after the lock at READ COMMITTED, so it sees the leaves the
// previous holder integrated and every leaf queued by a commit before the
// lock was granted. No hash is computed on the server: the store numbers
// and hashes the leaves with tlog. One round trip, the lock held from
// there to the commit.
const pgLogTakeFunction = `CREATE FUNCTION motcua_log_take(page bigint)
RETURNS TABLE (size bigint, idx bigint, hash bytea, pending bigint, code text, seq bigint, leaf bytea)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
	RETURN QUERY SELECT l.size, l.idx, l.hash, NULL::bigint, NULL::text, NULL::bigint, NULL::bytea FROM motcua_log_lock() l;
	RETURN QUERY WITH d AS (
		DELETE FROM motcua_log_pending p WHERE p.id IN (SELECT q.id FROM motcua_log_pending q ORDER BY q.id LIMIT page)
		RETURNING p.id, p.code, p.seq, p.leaf
	)
	SELECT NULL::bigint, NULL::bigint, NULL::bytea, d.id, d.code::text, d.seq, d.leaf FROM d;
END $$`

// statsColumns are the columns the settlement table and the indicators
// read (aggregate.go): with them in an index over received_at, the
// aggregate queries scan the index alone, a tenth of the rows' width.
const statsColumns = `submitted_at, closed_at, settled_at, due_at, paused_at, apologies, supplement_requests, facts,
	status, outcome, channel, online, delivery, agency, sector, procedure_code, level`

// outboxTable holds the outbox's entries (see [dossier.Outbox]): times
// are Unix nanoseconds, 0 for none.
func outboxTable(id, code string) string {
	return `CREATE TABLE motcua_outbox (
	id         ` + id + `,
	code       ` + code + ` NOT NULL,
	seq        BIGINT  NOT NULL,
	attempts   BIGINT  NOT NULL DEFAULT 0,
	not_before BIGINT  NOT NULL DEFAULT 0,
	leased     BIGINT  NOT NULL DEFAULT 0,
	held       INTEGER NOT NULL DEFAULT 0,
	last_error TEXT    NOT NULL DEFAULT ''
)`
}

// outboxEventIndex finds a dossier's entries in order, and keeps an event
// from being enqueued twice.
const outboxEventIndex = `CREATE UNIQUE INDEX motcua_outbox_event ON motcua_outbox (code, seq)`

// factsBackfill fills the columns of [dossier.FactsOf] for the rows
// written before schema 8, as factsColumns computes them (the trail's
// RequestSupplement events; a fee total above zero; a payment by a method
// [dossier.OnlinePayment] accepts; attachments). Events written before
// schema 8 are not enqueued in the outbox.
func factsBackfill(pg bool) []string {
	supplements := `UPDATE motcua_dossiers SET supplement_requests = (SELECT COUNT(*) FROM motcua_events e
	WHERE e.code = motcua_dossiers.code AND e.pos <= motcua_dossiers.version AND e.action = 'request_supplement')`
	if pg {
		return []string{supplements, `UPDATE motcua_dossiers SET facts =
	(CASE WHEN COALESCE((b #>> '{feeQuote,total}')::bigint, 0) > 0 THEN 1 ELSE 0 END) +
	(CASE WHEN jsonb_typeof(b -> 'payment') = 'object'
		AND lower(btrim(COALESCE(b #>> '{payment,method}', ''), E' 	
')) NOT IN ('', 'counter', 'cash') THEN 2 ELSE 0 END) +
	(CASE WHEN jsonb_typeof(b -> 'attachments') = 'array' AND jsonb_array_length(b -> 'attachments') > 0 THEN 4 ELSE 0 END)
FROM (SELECT code AS c, body::jsonb AS b FROM motcua_dossiers) j WHERE j.c = motcua_dossiers.code`}
	}
	return []string{supplements, `UPDATE motcua_dossiers SET facts =
	(CASE WHEN COALESCE(json_extract(body, '$.feeQuote.total'), 0) > 0 THEN 1 ELSE 0 END) +
	(CASE WHEN json_type(body, '$.payment') = 'object'
		AND lower(trim(COALESCE(json_extract(body, '$.payment.method'), ''), ' ' || char(9, 10, 13))) NOT IN ('', 'counter', 'cash') THEN 2 ELSE 0 END) +
	(CASE WHEN json_type(body, '$.attachments') = 'array' AND json_array_length(body, '$.attachments') > 0 THEN 4 ELSE 0 END)`}
}

// pgCode is the type of codes in PostgreSQL: compared byte by byte, so
// that listings follow Go's string order whatever the database's locale
// (SQLite compares text byte by byte already).
const pgCode = `TEXT COLLATE "C"`

func dossiersTable(code, blob string) string {
	return `CREATE TABLE motcua_dossiers (
	code                  ` + code + ` NOT NULL PRIMARY KEY,
	agency                TEXT    NOT NULL,
	unit                  TEXT    NOT NULL,
	procedure_code        TEXT    NOT NULL,
	procedure_version     BIGINT,
	sector                TEXT    NOT NULL,
	level                 TEXT    NOT NULL,
	online                TEXT    NOT NULL,
	channel               TEXT    NOT NULL,
	status                TEXT    NOT NULL,
	outcome               TEXT    NOT NULL,
	applicant_name        TEXT    NOT NULL,
	applicant_citizen_id  TEXT    NOT NULL,
	applicant_tax_code    TEXT    NOT NULL,
	applicant_phone       TEXT    NOT NULL,
	applicant_email       TEXT    NOT NULL,
	applicant_address     TEXT    NOT NULL,
	deadline_n            BIGINT  NOT NULL,
	deadline_unit         TEXT    NOT NULL,
	cut_off               BIGINT  NOT NULL,
	restart_on_supplement INTEGER NOT NULL,
	submitted_at          BIGINT,
	received_at           BIGINT,
	due_at                BIGINT,
	paused_at             BIGINT,
	settled_at            BIGINT,
	closed_at             BIGINT,
	apologies             BIGINT  NOT NULL,
	delivery              TEXT    NOT NULL,
	body                  TEXT    NOT NULL,
	version               BIGINT  NOT NULL,
	head                  ` + blob + `
)`
}

func eventsTable(code, blob string) string {
	return `CREATE TABLE motcua_events (
	code        ` + code + ` NOT NULL REFERENCES motcua_dossiers (code),
	pos         BIGINT NOT NULL,
	seq         BIGINT NOT NULL,
	at          BIGINT,
	actor_id    TEXT   NOT NULL,
	actor_role  TEXT   NOT NULL,
	actor_unit  TEXT   NOT NULL,
	action      TEXT   NOT NULL,
	from_status TEXT   NOT NULL,
	to_status   TEXT   NOT NULL,
	reason      TEXT   NOT NULL,
	data        TEXT,
	prev_hash   ` + blob + ` NOT NULL,
	hash        ` + blob + ` NOT NULL,
	PRIMARY KEY (code, pos)
)`
}

// logTable holds the leaves of the transparency log, one per event, by
// index in commit order.
func logTable(code, blob string) string {
	return `CREATE TABLE motcua_log (
	idx  BIGINT PRIMARY KEY,
	code ` + code + ` NOT NULL,
	seq  BIGINT NOT NULL,
	leaf ` + blob + ` NOT NULL
)`
}

// logHashesTable holds the log's stored hashes by storage index
// ([dossier.StoredHashIndex]).
func logHashesTable(blob string) string {
	return `CREATE TABLE motcua_log_hashes (
	idx  BIGINT PRIMARY KEY,
	hash ` + blob + ` NOT NULL
)`
}

// logEventIndex finds a dossier's leaves, and keeps an event from being
// logged twice.
const logEventIndex = `CREATE UNIQUE INDEX motcua_log_event ON motcua_log (code, seq)`

// pgLogLockFunction takes the log's append lock, a transaction-level
// advisory lock keyed by the log table's OID (so that stores in different
// schemas of one database do not wait for each other), then reads the
// log's size n and the stored hashes the next appends read: the roots of
// the complete subtrees of the first n leaves, one per bit set in n (the
// subtree of 2ˡ leaves at position (n >> l) − 1 of level l, stored at
// index 2m − popcount(m) + l with m = ((n >> l) << l) − 1, tlog's
// StoredHashIndex). A VOLATILE function's queries take fresh snapshots,
// which see the appends the previous holder committed (READ COMMITTED).
// The first row holds the size alone, the next ones the hashes: one round
// trip, the lock held from there to the commit.
const pgLogLockFunction = `CREATE FUNCTION motcua_log_lock() RETURNS TABLE (size bigint, idx bigint, hash bytea)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	n bigint;
	m bigint;
	k bigint;
	i bigint;
	roots bigint[] := '{}';
BEGIN
	PERFORM pg_advisory_xact_lock(` + pgLogLockClass + `, 'motcua_log'::regclass::oid::int);
	SELECT g.idx + 1 INTO n FROM motcua_log g ORDER BY g.idx DESC LIMIT 1;
	n := COALESCE(n, 0);
	FOR l IN 0..62 LOOP
		IF (n >> l) & 1 = 1 THEN
			m := ((n >> l) << l) - 1;
			i := 0;
			k := m;
			WHILE k > 0 LOOP
				i := i + k;
				k := k >> 1;
			END LOOP;
			roots := roots || (i + l);
		END IF;
	END LOOP;
	RETURN QUERY SELECT n, NULL::bigint, NULL::bytea
		UNION ALL SELECT n, h.idx, h.hash FROM motcua_log_hashes h WHERE h.idx = ANY (roots);
END $$`

// sqliteLogAppendView is where SQLite's store appends to the log, one
// INSERT of a row: the log's size the leaves follow, the stored hashes
// (JSON [[index,"hex"],...]) the hashes were computed from that the
// transaction did not read itself, the leaves ([["code",seq,"hex"],...])
// and, from storage index base, their stored hashes (["hex",...]).
const sqliteLogAppendView = `CREATE VIEW motcua_log_append (size, used, entries, base, hashes) AS
SELECT NULL, NULL, NULL, NULL, NULL WHERE 0`

// sqliteLogAppendTrigger6 is schema 6's sqliteLogAppendTrigger: it also
// checked, joining a JSON list of them, the stored hashes the new ones
// were computed from.
const sqliteLogAppendTrigger6 = `CREATE TRIGGER motcua_log_append_insert INSTEAD OF INSERT ON motcua_log_append
BEGIN
	SELECT RAISE(ABORT, '` + sqliteStaleFrontier + `')
	WHERE COALESCE((SELECT idx + 1 FROM motcua_log ORDER BY idx DESC LIMIT 1), 0) <> NEW.size
		OR (SELECT COUNT(*) FROM json_each(NEW.used) j JOIN motcua_log_hashes h
			ON h.idx = j.value->>0 AND h.hash = unhex(j.value->>1)) <> json_array_length(NEW.used);
	INSERT INTO motcua_log (idx, code, seq, leaf)
	SELECT NEW.size + key, value->>0, value->>1, unhex(value->>2) FROM json_each(NEW.entries);
	INSERT INTO motcua_log_hashes (idx, hash)
	SELECT NEW.base + key, unhex(value) FROM json_each(NEW.hashes);
END`

// sqliteLogAppendTrigger writes a row inserted into motcua_log_append to
// the log's tables, after checking, in the write transaction, that the log
// has the size the hashes were computed for: the store's cached frontier
// is the one its last committed append left (it is dropped when a
// transaction fails), so a log of that size is that log, and any other
// writer's append, which only grows the log, makes it stale. A stale one
// aborts the statement, and the store computes the hashes again from the
// tables. (Schema 6 also compared the stored hashes the new ones were
// computed from, a JSON join that cost a third of the log's time; the
// column used is ignored since.)
const sqliteLogAppendTrigger = `CREATE TRIGGER motcua_log_append_insert INSTEAD OF INSERT ON motcua_log_append
BEGIN
	SELECT RAISE(ABORT, '` + sqliteStaleFrontier + `')
	WHERE COALESCE((SELECT idx + 1 FROM motcua_log ORDER BY idx DESC LIMIT 1), 0) <> NEW.size;
	INSERT INTO motcua_log (idx, code, seq, leaf)
	SELECT NEW.size + key, value->>0, value->>1, unhex(value->>2) FROM json_each(NEW.entries);
	INSERT INTO motcua_log_hashes (idx, hash)
	SELECT NEW.base + key, unhex(value) FROM json_each(NEW.hashes);
END`

// sqliteStaleFrontier is the message of sqliteLogAppendTrigger's refusal.
const sqliteStaleFrontier = "motcua: stale log frontier"

// pgLogAppendFunction appends leaves to the log: it takes the append lock
// (as motcua_log_lock does), reads the log's size n, computes the stored
// hashes of each leaf as tlog's StoredHashes does (RFC 6962: an interior
// node is SHA-256 of 0x01, its left child and its right one), reading the
// roots of the complete subtrees of the first n leaves it merges with, and
// inserts the rows of both tables; it returns n, the index of the first new
// leaf. Called from the statement that writes the events, it makes a write
// one autocommit statement, the lock held from the call to the commit of
// that statement. The fresh snapshot each query of a VOLATILE function
// takes sees the previous holder's commit only at READ COMMITTED, so it
// refuses to run at another level (SQLSTATE MCL01: the store retries in a
// READ COMMITTED transaction).
//
// frontier[l+1] holds the root of level l that this call computed; a NULL
// there, for a bit l set in the current size, is a root of the first n
// leaves, read from motcua_log_hashes (each is merged at most once: a level
// is set again only by a root computed here).
const pgLogAppendFunction = `CREATE FUNCTION motcua_log_append(log_code text, log_seqs bigint[], log_leaves bytea[]) RETURNS bigint
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
	n0 bigint;
	n bigint;
	base bigint := 0;
	m bigint;
	x bigint;
	l int;
	h bytea;
	r bytea;
	frontier bytea[] := '{}';
	hashes bytea[] := '{}';
BEGIN
	IF current_setting('transaction_isolation') <> 'read committed' THEN
		RAISE EXCEPTION 'motcua: the log is appended at READ COMMITTED, not %', current_setting('transaction_isolation')
			USING ERRCODE = 'MCL01';
	END IF;
	IF cardinality(log_seqs) IS DISTINCT FROM cardinality(log_leaves) THEN
		RAISE EXCEPTION 'motcua: % sequence numbers for % leaves', cardinality(log_seqs), cardinality(log_leaves);
	END IF;
	PERFORM pg_advisory_xact_lock(` + pgLogLockClass + `, 'motcua_log'::regclass::oid::int);
	SELECT g.idx + 1 INTO n0 FROM motcua_log g ORDER BY g.idx DESC LIMIT 1;
	n0 := COALESCE(n0, 0);
	x := n0;
	WHILE x > 0 LOOP
		base := base + x;
		x := x >> 1;
	END LOOP;
	n := n0;
	FOR j IN 1..cardinality(log_leaves) LOOP
		h := log_leaves[j];
		IF h IS NULL OR length(h) <> 32 THEN
			RAISE EXCEPTION 'motcua: leaf % of % bytes', j, length(h);
		END IF;
		hashes := hashes || h;
		l := 0;
		WHILE (n >> l) & 1 = 1 LOOP
			r := frontier[l + 1];
			IF r IS NULL THEN
				m := ((n0 >> l) << l) - 1;
				x := l;
				WHILE m > 0 LOOP
					x := x + m;
					m := m >> 1;
				END LOOP;
				SELECT s.hash INTO r FROM motcua_log_hashes s WHERE s.idx = x;
				IF r IS NULL OR length(r) <> 32 THEN
					RAISE EXCEPTION 'motcua: stored log hash % missing or malformed', x;
				END IF;
			END IF;
			h := sha256('\x01'::bytea || r || h);
			hashes := hashes || h;
			l := l + 1;
		END LOOP;
		frontier[l + 1] := h;
		n := n + 1;
	END LOOP;
	INSERT INTO motcua_log (idx, code, seq, leaf)
	SELECT n0 + t.i - 1, log_code, t.seq, t.leaf FROM unnest(log_seqs, log_leaves) WITH ORDINALITY AS t (seq, leaf, i);
	INSERT INTO motcua_log_hashes (idx, hash)
	SELECT base + t.i - 1, t.hash FROM unnest(hashes) WITH ORDINALITY AS t (hash, i);
	RETURN n0;
END $$`

// pgLogLockClass is the first key of the log's advisory lock ("motl").
const pgLogLockClass = "1836020844"

const sequencesTable = `CREATE TABLE motcua_code_sequences (
	agency TEXT    NOT NULL,
	day    INTEGER NOT NULL,
	last   BIGINT  NOT NULL,
	PRIMARY KEY (agency, day)
)`

// listIndexes back the filters of List: each equality filter has an index
// ending in code, so a filtered page is one index range scan in code
// order; the period filter has indexes on its two bounds.
var listIndexes = []string{
	`CREATE INDEX motcua_dossiers_agency ON motcua_dossiers (agency, code)`,
	`CREATE INDEX motcua_dossiers_procedure ON motcua_dossiers (procedure_code, code)`,
	`CREATE INDEX motcua_dossiers_sector ON motcua_dossiers (sector, code)`,
	`CREATE INDEX motcua_dossiers_status ON motcua_dossiers (status, code)`,
	`CREATE INDEX motcua_dossiers_channel ON motcua_dossiers (channel, code)`,
	`CREATE INDEX motcua_dossiers_level ON motcua_dossiers (level, code)`,
	`CREATE INDEX motcua_dossiers_submitted ON motcua_dossiers (submitted_at)`,
	`CREATE INDEX motcua_dossiers_closed ON motcua_dossiers (closed_at)`,
}

// SchemaVersion is the schema version this code creates and reads: the
// number of its last migration.
func SchemaVersion() int { return migrations[len(migrations)-1].version }

// pgMigrationLock is the key of the PostgreSQL advisory lock that
// serialises migrations run by several processes at once.
const pgMigrationLock = 0x6d6f74637561 // "motcua"

// Migrate brings the database's schema up to [SchemaVersion], applying the
// missing migrations in order, each in its own transaction together with
// its record in motcua_schema_migrations. It is safe to run from several
// processes at once. A database whose schema is newer than this code is an
// error wrapping [ErrSchema] and is left unchanged; a damaged database
// file, a [*CorruptError]. [Open] calls it.
func (s *Store) Migrate(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	for {
		done, err := s.migrateStep(ctx, SchemaVersion())
		if err != nil && isCorruption(err) {
			return &CorruptError{Op: "migrate", Err: err}
		}
		if err != nil || done {
			return err
		}
	}
}

// migrateTo applies migrations up to version target (tests use it to build
// an old schema).
func (s *Store) migrateTo(ctx context.Context, target int) error {
	for {
		done, err := s.migrateStep(ctx, target)
		if err != nil || done {
			return err
		}
	}
}

// migrateStep applies the next migration not yet applied, up to target,
// and reports whether there was none left.
func (s *Store) migrateStep(ctx context.Context, target int) (done bool, err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	if s.pg {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(pgMigrationLock)); err != nil {
			return false, fmt.Errorf("sqlstore: migrate: lock: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS motcua_schema_migrations (
	version    INTEGER NOT NULL PRIMARY KEY,
	name       TEXT    NOT NULL,
	applied_at TEXT    NOT NULL
)`); err != nil {
		return false, fmt.Errorf("sqlstore: migrate: %w", err)
	}
	cur, count, err := schemaState(ctx, tx)
	if err != nil {
		return false, err
	}
	known := SchemaVersion()
	switch {
	case cur > known:
		return false, &SchemaError{Found: cur, Known: known, Why: "the database was migrated by a newer version of motcua"}
	case count != cur:
		return false, &SchemaError{Found: cur, Known: known, Why: fmt.Sprintf("%d migrations recorded up to version %d", count, cur)}
	case cur >= target:
		return true, tx.Commit()
	}
	m := migrations[cur] // migrations[i].version == i+1
	stmts := m.sqlite
	if s.pg {
		stmts = m.pg
	}
	for _, q := range stmts {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return false, fmt.Errorf("sqlstore: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	if m.run != nil {
		if err := m.run(ctx, s, tx); err != nil {
			return false, fmt.Errorf("sqlstore: migration %d (%s): %w", m.version, m.name, err)
		}
	}
	now := `datetime('now')`
	if s.pg {
		now = `to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')`
	}
	if _, err := tx.ExecContext(ctx, s.q(`INSERT INTO motcua_schema_migrations (version, name, applied_at) VALUES (?, ?, `+now+`)`), m.version, m.name); err != nil {
		return false, fmt.Errorf("sqlstore: migration %d: record: %w", m.version, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("sqlstore: migration %d: commit: %w", m.version, err)
	}
	return false, nil
}

type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func schemaState(ctx context.Context, q querier) (cur, count int, err error) {
	var v sql.NullInt64
	if err := q.QueryRowContext(ctx, `SELECT MAX(version), COUNT(*) FROM motcua_schema_migrations`).Scan(&v, &count); err != nil {
		return 0, 0, fmt.Errorf("sqlstore: read schema version: %w", err)
	}
	return int(v.Int64), count, nil
}

// Version returns the schema version recorded in the database: 0 for an
// empty database, [SchemaVersion] after [Store.Migrate].
func (s *Store) Version(ctx context.Context) (int, error) {
	if s.closed.Load() {
		return 0, ErrClosed
	}
	cur, _, err := schemaState(ctx, s.r)
	if err != nil && !s.hasMigrationsTable(ctx) {
		return 0, nil
	}
	return cur, err
}

func (s *Store) hasMigrationsTable(ctx context.Context) bool {
	var n int
	q := `SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'motcua_schema_migrations'`
	if s.pg {
		q = `SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = 'motcua_schema_migrations'`
	}
	err := s.r.QueryRowContext(ctx, q).Scan(&n)
	return err == nil && n > 0
}

var errNoRows = sql.ErrNoRows

func isNoRows(err error) bool { return errors.Is(err, errNoRows) }
