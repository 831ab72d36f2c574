package sqlstore

import (
	"strings"
)

// dossierColumns are the columns of motcua_dossiers in the order
// encodeDossier gives their values.
var dossierColumns = []string{
	"code", "agency", "unit", "procedure_code", "procedure_version", "sector", "level", "online",
	"channel", "status", "outcome", "applicant_name", "applicant_citizen_id", "applicant_tax_code",
	"applicant_phone", "applicant_email", "applicant_address", "deadline_n", "deadline_unit",
	"cut_off", "restart_on_supplement", "submitted_at", "received_at", "due_at", "paused_at",
	"settled_at", "closed_at", "apologies", "delivery", "version", "head", "body", "trail",
	"supplement_requests", "facts",
}

// briefColumns is how many leading columns of dossierColumns a brief
// listing reads (all but head and body).
const briefColumns = 30

// eventColumns is the number of columns of motcua_events.
const eventColumns = 14

const eventColumnList = "code, pos, seq, at, actor_id, actor_role, actor_unit, action, from_status, to_status, reason, data, prev_hash, hash"

// maxEventsPerInsert bounds the rows of one multi-row INSERT of events.
const maxEventsPerInsert = 64

// queries holds the statements, rewritten for the store's dialect.
type queries struct {
	insertDossier string
	updateDossier string // guarded by version and trail digest
	updateSlow    string // guarded by version only
	getDossier    string
	getJoined     string   // a dossier row joined with its events
	traces        string   // whether a code has a dossier row, events, log leaves
	nextCodes     []string // the first code after one, in each of the dossiers, events, log tables
	orphans       []string // codes with events, log leaves, but no dossier row
	lockVersion   string
	eventHashes   string
	getEvents     string
	nextSeq       string
	insertEvent   []string // by row count - 1
	pgUpdate      []string // PostgreSQL: guarded update and insert of n events, by n - 1
	pgUpdateLog   []string // PostgreSQL: pgUpdate, appending the leaves too
	selectBrief   string   // SELECT ... FROM motcua_dossiers (no WHERE)
	selectFull    string

	// The transparency log.
	logSize        string // one past the highest index; no row when empty
	logLock        string // PostgreSQL: take the append lock, then read the size and the subtree roots
	readHashes     string // stored hashes at the indexes of one array argument
	readHashRange  string // stored hashes from one index to before another
	logEntries     string // entries from an index, below another, a page
	dossierEntries string // a dossier's entries after a sequence number, a page
	appendLog      string // insert leaves (PostgreSQL: and their stored hashes)
	appendHashes   string // SQLite: insert stored hashes
	logQueue       string // queue a dossier's leaves in motcua_log_pending (SQLite: as JSON)
	logQueueOne    string // SQLite: queue one leaf
	pgLogTake      string // PostgreSQL: lock, size and roots, and a first page of queued leaves
	logTake        string // SQLite: the first page of queued leaves
	logTaken       string // SQLite: delete the queued leaves up to an id
	logSizeQueued  string // the log's size, and whether leaves are queued
	logQueued      string // whether leaves are queued
	pgLogAppend    string // PostgreSQL: motcua_log_append, schema 9's append (its tests)
}

func newQueries(s *Store) queries {
	var qs queries
	cols := strings.Join(dossierColumns, ", ")
	qs.insertDossier = s.q("INSERT INTO motcua_dossiers (" + cols + ") VALUES (" + placeholders(len(dossierColumns)) +
		") ON CONFLICT (code) DO NOTHING")
	set := make([]string, 0, len(dossierColumns)-1)
	for _, c := range dossierColumns[1:] {
		set = append(set, c+" = ?")
	}
	qs.updateDossier = s.q("UPDATE motcua_dossiers SET " + strings.Join(set, ", ") + " WHERE code = ? AND version = ? AND trail = ?")
	qs.updateSlow = s.q("UPDATE motcua_dossiers SET " + strings.Join(set, ", ") + " WHERE code = ? AND version = ?")
	qs.selectFull = "SELECT " + strings.Join(dossierColumns[:briefColumns], ", ") + ", body FROM motcua_dossiers"
	qs.selectBrief = "SELECT " + strings.Join(dossierColumns[:briefColumns], ", ") + " FROM motcua_dossiers"
	qs.getDossier = s.q(qs.selectFull + " WHERE code = ?")
	var dcols, ecols []string
	for _, c := range dossierColumns[:briefColumns] {
		dcols = append(dcols, "d."+c)
	}
	for c := range strings.SplitSeq(eventColumnList, ", ") {
		ecols = append(ecols, "e."+c)
	}
	qs.getJoined = s.q("SELECT " + strings.Join(dcols, ", ") + ", d.body, " + strings.Join(ecols, ", ") +
		" FROM motcua_dossiers d JOIN motcua_events e ON e.code = d.code AND e.pos <= d.version WHERE d.code = ? ORDER BY e.pos")
	qs.traces = s.q("SELECT EXISTS (SELECT 1 FROM motcua_dossiers WHERE code = ?), EXISTS (SELECT 1 FROM motcua_events WHERE code = ?), " +
		"EXISTS (SELECT 1 FROM motcua_log WHERE code = ?)")
	for _, t := range []string{"motcua_dossiers", "motcua_events", "motcua_log"} {
		qs.nextCodes = append(qs.nextCodes, s.q("SELECT code FROM "+t+" WHERE code > ? ORDER BY code LIMIT 1"))
	}
	qs.orphans = []string{
		"SELECT code FROM motcua_events e WHERE pos = 1 AND NOT EXISTS (SELECT 1 FROM motcua_dossiers d WHERE d.code = e.code) ORDER BY code",
		"SELECT code FROM motcua_log l WHERE seq = 1 AND NOT EXISTS (SELECT 1 FROM motcua_dossiers d WHERE d.code = l.code) ORDER BY code",
	}
	lock := "SELECT version, trail FROM motcua_dossiers WHERE code = ?"
	if s.pg {
		lock += " FOR UPDATE"
	}
	qs.lockVersion = s.q(lock)
	qs.getEvents = s.q("SELECT " + eventColumnList + " FROM motcua_events WHERE code = ? AND pos <= ? ORDER BY code, pos")
	qs.eventHashes = s.q("SELECT seq, hash FROM motcua_events WHERE code = ? AND pos <= ? ORDER BY pos")
	qs.nextSeq = s.q(`INSERT INTO motcua_code_sequences (agency, day, last) VALUES (?, ?, 1)
ON CONFLICT (agency, day) DO UPDATE SET last = motcua_code_sequences.last + 1 RETURNING last`)
	qs.insertEvent = make([]string, maxEventsPerInsert)
	row := "(" + placeholders(eventColumns) + ")"
	for n := 1; n <= maxEventsPerInsert; n++ {
		qs.insertEvent[n-1] = s.q("INSERT INTO motcua_events (" + eventColumnList + ") VALUES " +
			strings.TrimSuffix(strings.Repeat(row+", ", n), ", "))
	}
	qs.logSize = "SELECT idx + 1 FROM motcua_log ORDER BY idx DESC LIMIT 1"
	qs.logLock = "SELECT size, idx, hash FROM motcua_log_lock()"
	qs.logEntries = s.q("SELECT idx, code, seq, leaf FROM motcua_log WHERE idx >= ? AND idx < ? ORDER BY idx LIMIT ?")
	qs.dossierEntries = s.q("SELECT idx, code, seq, leaf FROM motcua_log WHERE code = ? AND seq > ? ORDER BY seq LIMIT ?")
	// Arrays of any length in one fixed statement: PostgreSQL's arrays,
	// SQLite's JSON arrays (hashes in hex).
	if s.pg {
		qs.readHashes = "SELECT idx, hash FROM motcua_log_hashes WHERE idx = ANY ($1::bigint[])"
		qs.readHashRange = "SELECT idx, hash FROM motcua_log_hashes WHERE idx >= $1 AND idx < $2"
		qs.appendLog = `WITH l AS (
	INSERT INTO motcua_log (idx, code, seq, leaf)
	SELECT $1::bigint + t.i - 1, t.code, t.seq, t.leaf
	FROM unnest($2::text[], $3::bigint[], $4::bytea[]) WITH ORDINALITY AS t (code, seq, leaf, i)
)
INSERT INTO motcua_log_hashes (idx, hash)
SELECT $5::bigint + t.i - 1, t.hash FROM unnest($6::bytea[]) WITH ORDINALITY AS t (hash, i)`
	} else {
		qs.readHashes = "SELECT idx, hash FROM motcua_log_hashes WHERE idx IN (SELECT value FROM json_each(?))"
		qs.readHashRange = "SELECT idx, hash FROM motcua_log_hashes WHERE idx >= ? AND idx < ?"
		qs.appendLog = "INSERT INTO motcua_log (idx, code, seq, leaf) SELECT ? + key, value->>0, value->>1, unhex(value->>2) FROM json_each(?)"
		qs.appendHashes = "INSERT INTO motcua_log_hashes (idx, hash) SELECT ? + key, unhex(value) FROM json_each(?)"
		qs.logQueue = "INSERT INTO motcua_log_pending (code, seq, leaf) SELECT value->>0, value->>1, unhex(value->>2) FROM json_each(?) ORDER BY key"
		qs.logQueueOne = "INSERT INTO motcua_log_pending (code, seq, leaf) VALUES (?, ?, ?)"
		qs.logTake = "SELECT id, code, seq, leaf FROM motcua_log_pending ORDER BY id LIMIT ?"
		qs.logTaken = "DELETE FROM motcua_log_pending WHERE id <= ?"
	}
	qs.logSizeQueued = "SELECT COALESCE((SELECT idx + 1 FROM motcua_log ORDER BY idx DESC LIMIT 1), 0), EXISTS (SELECT 1 FROM motcua_log_pending)"
	qs.logQueued = "SELECT EXISTS (SELECT 1 FROM motcua_log_pending)"
	if s.pg {
		upd := "UPDATE motcua_dossiers SET " + strings.Join(set, ", ") + " WHERE code = ? AND version = ? AND trail = ? RETURNING code"
		qs.pgUpdate = make([]string, pgUpdateEvents)
		qs.pgUpdateLog = make([]string, pgUpdateEvents)
		for n := 1; n <= pgUpdateEvents; n++ {
			vals := make([]string, n)
			for i := range vals {
				vals[i] = "(" + strings.Join(pgEventTypes, ", ") + ")"
			}
			ins := "INSERT INTO motcua_events (" + eventColumnList + ") SELECT v.* FROM u, (VALUES " +
				strings.Join(vals, ", ") + ") AS v (" + eventColumnList + ")"
			qs.pgUpdate[n-1] = s.q("WITH u AS (" + upd + ") " + ins)
			// The leaves are queued for the row u updated, if any: the
			// statement returns a row when it wrote, none otherwise; the
			// store's integrator integrates them after the commit.
			qs.pgUpdateLog[n-1] = s.q("WITH u AS (" + upd + "), e AS (" + ins + "), p AS (" + pgQueue +
				" FROM u, unnest(?::bigint[], ?::bytea[]) WITH ORDINALITY AS t (seq, leaf, i) ORDER BY t.i) SELECT code FROM u")
		}
		qs.logQueue = "WITH u (code) AS (VALUES ($1::text)) " + pgQueue +
			" FROM u, unnest($2::bigint[], $3::bytea[]) WITH ORDINALITY AS t (seq, leaf, i) ORDER BY t.i"
		qs.pgLogTake = "SELECT size, idx, hash, pending, code, seq, leaf FROM motcua_log_take($1)"
		qs.pgLogAppend = "SELECT motcua_log_append($1::text, $2::bigint[], $3::bytea[])"
	}
	return qs
}

// pgQueue is the head of the INSERT that queues a dossier's leaves (the
// code of the row u a statement updated, the sequence numbers and leaves
// of t), in the order of the events.
const pgQueue = "INSERT INTO motcua_log_pending (code, seq, leaf) SELECT u.code, t.seq, t.leaf"

// pgUpdateEvents is the most new events the one-statement PostgreSQL
// update writes; more go through a transaction.
const pgUpdateEvents = 4

// pgEventTypes are the placeholders of an event row with their types, for
// a VALUES list whose types PostgreSQL cannot infer.
var pgEventTypes = []string{"?::text", "?::bigint", "?::bigint", "?::bigint", "?::text", "?::text", "?::text",
	"?::text", "?::text", "?::text", "?::text", "?::text", "?::bytea", "?::bytea"}

func (qs *queries) insertEvents(n int) string { return qs.insertEvent[n-1] }

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}
