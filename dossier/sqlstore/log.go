package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"iter"
	"strconv"

	"github.com/motcua/motcua/dossier"
)

// The transparency log ([dossier.Log]) lives in two tables: motcua_log, a
// row per leaf (index, dossier code, event sequence number, leaf hash), and
// motcua_log_hashes, the hashes tlog stores (the leaves again, and the
// roots of the complete subtrees), keyed by [dossier.StoredHashIndex].
// The transaction that writes events queues their leaves in
// motcua_log_pending, and the store's integrator integrates them after its
// commit (integrate.go), as every read of the log does first.

var _ dossier.Log = (*Store)(nil)

// logPage is the number of log entries read by one query of LogEntries,
// DossierEntries and the backfill, and the most leaves an append holds in
// memory before writing them.
const logPage = 1000

// maxHashesPerRead bounds the indexes of one query for stored hashes.
const maxHashesPerRead = 1000

// ReadHashes implements [dossier.HashReader]: the stored hashes at
// indexes, in the same order. An index the log has not stored (beyond its
// size, or negative) is an error wrapping [dossier.ErrLogRange].
func (s *Store) ReadHashes(ctx context.Context, indexes []int64) ([]dossier.Hash, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	return s.readHashes(ctx, indexes, func(q string, args ...any) (*sql.Rows, error) {
		st, err := s.stmt(ctx, false, q)
		if err != nil {
			return nil, dbError("read log hashes", "", err)
		}
		return st.QueryContext(ctx, args...)
	})
}

// contiguous reports whether indexes are consecutive and increasing.
func contiguous(indexes []int64) bool {
	for i, x := range indexes {
		if x != indexes[0]+int64(i) {
			return false
		}
	}
	return len(indexes) > 1
}

// readHashes reads the stored hashes at indexes a chunk at a time, query
// running s.qs.readHashes with the argument s.indexArg makes of a chunk,
// or, for a run of consecutive indexes (as an audit reads them),
// s.qs.readHashRange: one range scan instead of a look-up per index.
func (s *Store) readHashes(ctx context.Context, indexes []int64, query func(q string, args ...any) (*sql.Rows, error)) ([]dossier.Hash, error) {
	out := make([]dossier.Hash, len(indexes))
	got := make(map[int64]dossier.Hash, min(len(indexes), maxHashesPerRead))
	for start := 0; start < len(indexes); start += maxHashesPerRead {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		chunk := indexes[start:min(start+maxHashesPerRead, len(indexes))]
		for _, x := range chunk {
			if x < 0 {
				return nil, fmt.Errorf("%w: no stored hash %d", dossier.ErrLogRange, x)
			}
		}
		var rows *sql.Rows
		var err error
		if contiguous(chunk) && chunk[0] >= 0 {
			rows, err = query(s.qs.readHashRange, chunk[0], chunk[len(chunk)-1]+1)
		} else {
			rows, err = query(s.qs.readHashes, s.indexArg(chunk))
		}
		if err != nil {
			return nil, dbError("read log hashes", "", err)
		}
		clear(got)
		for rows.Next() {
			var x int64
			var h sql.RawBytes
			if err := rows.Scan(&x, &h); err != nil {
				rows.Close()
				return nil, dbError("read log hashes", "", err)
			}
			if len(h) != len(dossier.Hash{}) {
				rows.Close()
				return nil, &CorruptError{Column: "log_hashes.hash", Err: fmt.Errorf("stored log hash %d has %d bytes", x, len(h))}
			}
			got[x] = dossier.Hash(h)
		}
		if err := closeRows(rows); err != nil {
			return nil, dbError("read log hashes", "", err)
		}
		for i, x := range chunk {
			h, ok := got[x]
			if !ok {
				return nil, fmt.Errorf("%w: no stored hash %d", dossier.ErrLogRange, x)
			}
			out[start+i] = h
		}
	}
	return out, nil
}

// indexArg returns the one argument of s.qs.readHashes for indexes: an
// array for PostgreSQL, a JSON array for SQLite.
func (s *Store) indexArg(indexes []int64) any {
	if s.pg {
		return indexes
	}
	b := make([]byte, 0, 2+len(indexes)*8)
	b = append(b, '[')
	for i, x := range indexes {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, x, 10)
	}
	return string(append(b, ']'))
}

// LogSize implements [dossier.Log]: one past the highest index stored.
// Leaves queued and not yet integrated are integrated first.
func (s *Store) LogSize(ctx context.Context) (int64, error) {
	if err := s.check(ctx); err != nil {
		return 0, err
	}
	if !s.noLog {
		return s.queuedLogSize(ctx)
	}
	st, err := s.stmt(ctx, false, s.qs.logSize)
	if err != nil {
		return 0, dbError("log size", "", err)
	}
	var n int64
	if err := st.QueryRowContext(ctx).Scan(&n); err != nil && !isNoRows(err) {
		return 0, dbError("log size", "", err)
	}
	return n, nil
}

// LogEntries implements [dossier.Log]: the entries with indexes from from
// up to to or the end of the log, whichever comes first, read a page of
// 1,000 at a time (keyset pagination on the index), so memory holds one
// page and no connection is held while the caller's loop body runs. The
// entries are yielded as stored: an index missing from the table (a row
// deleted behind the store's back) shows as a jump of Index, and a row
// inserted at a negative index is yielded for a range below 0 (the audit
// asks for one).
func (s *Store) LogEntries(ctx context.Context, from, to int64) iter.Seq2[dossier.LogEntry, error] {
	return func(yield func(dossier.LogEntry, error) bool) {
		if from >= to {
			return
		}
		s.pageEntries(ctx, yield, s.qs.logEntries, func(last *dossier.LogEntry) []any {
			if last == nil {
				return []any{from, to, logPage}
			}
			return []any{last.Index + 1, to, logPage}
		})
	}
}

// DossierEntries implements [dossier.Log], reading pages of 1,000 entries
// through the index on (code, seq).
func (s *Store) DossierEntries(ctx context.Context, code string) iter.Seq2[dossier.LogEntry, error] {
	return func(yield func(dossier.LogEntry, error) bool) {
		if checkColumn("", "", code) != nil {
			return // a code that cannot be stored has no entries
		}
		s.pageEntries(ctx, yield, s.qs.dossierEntries, func(last *dossier.LogEntry) []any {
			if last == nil {
				return []any{code, 0, logPage}
			}
			return []any{code, int64(last.Seq), logPage}
		})
	}
}

// pageEntries yields the entries query returns, page by page: args gives
// the query's arguments for the page after the one ending with last (nil
// for the first page).
func (s *Store) pageEntries(ctx context.Context, yield func(dossier.LogEntry, error) bool, query string,
	args func(last *dossier.LogEntry) []any) {
	if err := s.check(ctx); err != nil {
		yield(dossier.LogEntry{}, err)
		return
	}
	if err := s.settle(ctx); err != nil {
		yield(dossier.LogEntry{}, err)
		return
	}
	st, err := s.stmt(ctx, false, query)
	if err != nil {
		yield(dossier.LogEntry{}, dbError("read the log", "", err))
		return
	}
	page := make([]dossier.LogEntry, 0, logPage)
	for last := (*dossier.LogEntry)(nil); ; last = &page[len(page)-1] {
		if err := s.check(ctx); err != nil {
			yield(dossier.LogEntry{}, err)
			return
		}
		rows, err := st.QueryContext(ctx, args(last)...)
		if err == nil {
			page, err = readEntries(page[:0], rows)
		}
		if err != nil {
			yield(dossier.LogEntry{}, dbError("read the log", "", err))
			return
		}
		for i := range page {
			if !yield(page[i], nil) {
				return
			}
		}
		if len(page) < logPage {
			return
		}
	}
}

// readEntries appends the rows (idx, code, seq, leaf) to page.
func readEntries(page []dossier.LogEntry, rows *sql.Rows) ([]dossier.LogEntry, error) {
	for rows.Next() {
		var e dossier.LogEntry
		var seq int64
		var leaf sql.RawBytes
		if err := rows.Scan(&e.Index, &e.Code, &seq, &leaf); err != nil {
			rows.Close()
			return page, scanError("read the log", "", err)
		}
		if len(leaf) != len(e.Leaf) || seq < 1 {
			rows.Close()
			return page, &CorruptError{Code: e.Code, Column: "log.leaf",
				Err: fmt.Errorf("log entry %d: event #%d, leaf of %d bytes", e.Index, seq, len(leaf))}
		}
		e.Seq, e.Leaf = uint64(seq), dossier.Hash(leaf)
		page = append(page, e)
	}
	return page, closeRows(rows)
}

// appendLog queues the leaves of evs, new events of dossier code, in
// motcua_log_pending in tx, in one statement, for the integration after
// the commit (integrate.go): no frontier is read, no lock taken.
func (s *Store) appendLog(ctx context.Context, tx *sql.Tx, code string, evs []dossier.Event) error {
	if s.noLog || len(evs) == 0 {
		return nil
	}
	var err error
	switch {
	case s.pg:
		seqs, leaves := leafArrays(evs)
		_, err = s.txExec(ctx, tx, s.qs.logQueue, code, seqs, leaves)
	case len(evs) == 1:
		h := dossier.LeafHash(&evs[0])
		_, err = s.txExec(ctx, tx, s.qs.logQueueOne, code, int64(evs[0].Seq), h[:])
	default:
		es := make([]dossier.LogEntry, len(evs))
		for i := range evs {
			es[i] = dossier.LogEntry{Code: code, Seq: evs[i].Seq, Leaf: dossier.LeafHash(&evs[i])}
		}
		_, err = s.txExec(ctx, tx, s.qs.logQueue, entriesJSON(es))
	}
	if err != nil {
		return fmt.Errorf("queue log leaves: %w", err)
	}
	return nil
}

// frontier is the log's size and the stored hashes of the roots of its
// complete subtrees, by storage index: what the next append reads.
type frontier struct {
	size  int64
	roots map[int64]dossier.Hash
}

// resumeAppend starts an append in tx, SQLite's write transaction, from
// the log's size, read in tx, and the frontier the store's last committed
// integration left when the log still has its size: the log only grows,
// and a frontier is kept only once its transaction committed (inTx), so a
// log of that size is that log. Otherwise (another process appended, or
// none is cached) the roots are read from the tables as needed.
func (s *Store) resumeAppend(ctx context.Context, tx *sql.Tx) (*logAppender, error) {
	s.frontMu.Lock()
	f := s.front
	s.front = nil
	s.frontMu.Unlock()
	a, err := s.beginAppend(ctx, tx)
	if err != nil {
		return nil, err
	}
	if f != nil && f.size == a.size {
		a.known = f.roots
	}
	return a, nil
}

// finishAppend writes the leaves pending in a and keeps the frontier after
// them for the next append, published when the transaction commits.
func (s *Store) finishAppend(ctx context.Context, a *logAppender) error {
	var idx []int64
	for l := range 63 {
		if a.size>>l&1 == 1 {
			idx = append(idx, dossier.StoredHashIndex(l, a.size>>l-1))
		}
	}
	hs, err := a.ReadHashes(ctx, idx)
	if err != nil {
		return fmt.Errorf("append to the log: %w", err)
	}
	if err := a.flush(ctx); err != nil {
		return err
	}
	f := &frontier{size: a.size, roots: make(map[int64]dossier.Hash, len(idx))}
	for i, x := range idx {
		f.roots[x] = hs[i]
	}
	// Published when the transaction commits (see inTx): a frontier of
	// leaves rolled back must never be used.
	s.frontMu.Lock()
	s.pendingFront = f
	s.frontMu.Unlock()
	return nil
}

// leafArrays returns the sequence numbers and leaf hashes of evs, the
// arguments of PostgreSQL's queueing of leaves.
func leafArrays(evs []dossier.Event) ([]int64, [][]byte) {
	seqs := make([]int64, len(evs))
	leaves := make([][]byte, len(evs))
	for i := range evs {
		h := dossier.LeafHash(&evs[i])
		seqs[i], leaves[i] = int64(evs[i].Seq), h[:]
	}
	return seqs, leaves
}

// logAppender appends leaves to the log in a write transaction. It is the
// [dossier.HashReader] that [dossier.StoredHashes] reads the earlier
// hashes from: those not yet written and those read with the lock from
// memory, the others from the transaction.
type logAppender struct {
	s       *Store
	tx      *sql.Tx
	size    int64                  // leaves, the pending ones included
	base    int64                  // storage index of hashes[0]
	entries []dossier.LogEntry     // pending leaves
	hashes  []dossier.Hash         // their stored hashes, from base
	known   map[int64]dossier.Hash // stored hashes read with the lock, or cached
	manual  bool                   // no tx: the caller writes the pending leaves (flushArgs)
}

// beginAppend reads the log's size. PostgreSQL first takes the log's
// append lock, and reads with the size the hashes the next leaves need
// (SQLite's write transaction holds the database's write lock already,
// and reads cost no round trip).
func (s *Store) beginAppend(ctx context.Context, tx *sql.Tx) (*logAppender, error) {
	a := &logAppender{s: s, tx: tx}
	if s.pg {
		rows, err := s.txQuery(ctx, tx, s.qs.logLock)
		if err != nil {
			return nil, fmt.Errorf("lock the log: %w", err)
		}
		a.known = make(map[int64]dossier.Hash, 8)
		for rows.Next() {
			var x sql.NullInt64
			var h sql.RawBytes
			if err := rows.Scan(&a.size, &x, &h); err != nil {
				rows.Close()
				return nil, fmt.Errorf("lock the log: %w", err)
			}
			if x.Valid && len(h) == len(dossier.Hash{}) {
				a.known[x.Int64] = dossier.Hash(h)
			}
		}
		if err := closeRows(rows); err != nil {
			return nil, fmt.Errorf("lock the log: %w", err)
		}
	} else if err := s.txQueryRow(ctx, tx, s.qs.logSize).Scan(&a.size); err != nil && !isNoRows(err) {
		return nil, fmt.Errorf("log size: %w", err)
	}
	a.base = dossier.StoredHashCount(a.size)
	return a, nil
}

// add appends a leaf, writing the pending ones when there are many.
func (a *logAppender) add(ctx context.Context, code string, seq uint64, leaf dossier.Hash) error {
	hs, err := dossier.StoredHashes(ctx, a.size, leaf, a)
	if err != nil {
		return fmt.Errorf("append to the log: %w", err)
	}
	a.entries = append(a.entries, dossier.LogEntry{Index: a.size, Code: code, Seq: seq, Leaf: leaf})
	a.hashes = append(a.hashes, hs...)
	a.size++
	if len(a.entries) >= logPage && !a.manual {
		return a.flush(ctx)
	}
	return nil
}

// ReadHashes implements [dossier.HashReader] for StoredHashes.
func (a *logAppender) ReadHashes(ctx context.Context, indexes []int64) ([]dossier.Hash, error) {
	out := make([]dossier.Hash, len(indexes))
	var missing []int64
	for i, x := range indexes {
		if h, ok := a.memory(x); ok {
			out[i] = h
		} else {
			missing = append(missing, x)
		}
	}
	if len(missing) == 0 {
		return out, nil
	}
	if a.tx == nil {
		// The integration reads the roots with the lock: one missing is
		// a stored hash removed from the table.
		return nil, &CorruptError{Column: "log_hashes.hash", Err: fmt.Errorf("%w: no stored hash %d", dossier.ErrLogRange, missing[0])}
	}
	got, err := a.s.readHashes(ctx, missing, func(q string, args ...any) (*sql.Rows, error) {
		return a.s.txQuery(ctx, a.tx, q, args...)
	})
	if err != nil {
		return nil, err
	}
	for i, x := range indexes {
		if _, ok := a.memory(x); !ok {
			out[i], got = got[0], got[1:]
		}
	}
	return out, nil
}

// memory returns the stored hash at index x if the appender holds it.
func (a *logAppender) memory(x int64) (dossier.Hash, bool) {
	if x >= a.base && x < a.base+int64(len(a.hashes)) {
		return a.hashes[x-a.base], true
	}
	h, ok := a.known[x]
	return h, ok
}

// flush writes the pending leaves and hashes: one statement for
// PostgreSQL, one for each table for SQLite.
func (a *logAppender) flush(ctx context.Context) error {
	if len(a.entries) == 0 {
		return nil
	}
	s, first := a.s, a.entries[0].Index
	if s.pg {
		if _, err := s.txExec(ctx, a.tx, s.qs.appendLog, a.flushArgs()...); err != nil {
			return fmt.Errorf("append to the log: %w", err)
		}
	} else {
		if _, err := s.txExec(ctx, a.tx, s.qs.appendLog, first, entriesJSON(a.entries)); err != nil {
			return fmt.Errorf("append to the log: %w", err)
		}
		if _, err := s.txExec(ctx, a.tx, s.qs.appendHashes, a.base, hashesJSON(a.hashes)); err != nil {
			return fmt.Errorf("append to the log: %w", err)
		}
	}
	a.base += int64(len(a.hashes))
	a.entries, a.hashes = a.entries[:0], a.hashes[:0]
	return nil
}

// flushArgs returns the arguments of PostgreSQL's s.qs.appendLog for the
// pending leaves and hashes.
func (a *logAppender) flushArgs() []any {
	codes := make([]string, len(a.entries))
	seqs := make([]int64, len(a.entries))
	leaves := make([][]byte, len(a.entries))
	for i := range a.entries {
		e := &a.entries[i]
		codes[i], seqs[i], leaves[i] = e.Code, int64(e.Seq), e.Leaf[:]
	}
	hashes := make([][]byte, len(a.hashes))
	for i := range a.hashes {
		hashes[i] = a.hashes[i][:]
	}
	first := int64(0)
	if len(a.entries) > 0 {
		first = a.entries[0].Index
	}
	return []any{first, codes, seqs, leaves, a.base, hashes}
}

// entriesJSON returns es (their indexes aside) as SQLite's append and
// queueing statements read them:
// [["code",seq,"leaf in hex"],...].
func entriesJSON(es []dossier.LogEntry) string {
	b := make([]byte, 0, len(es)*(2*len(dossier.Hash{})+48))
	b = append(b, '[')
	for i := range es {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = appendJSONString(b, es[i].Code)
		b = append(b, ',')
		b = strconv.AppendUint(b, es[i].Seq, 10)
		b = append(b, ',', '"')
		b = hex.AppendEncode(b, es[i].Leaf[:])
		b = append(b, '"', ']')
	}
	return string(append(b, ']'))
}

// hashesJSON returns hs as a JSON array of hex strings.
func hashesJSON(hs []dossier.Hash) string {
	b := make([]byte, 0, len(hs)*(2*len(dossier.Hash{})+3)+2)
	b = append(b, '[')
	for i := range hs {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = hex.AppendEncode(b, hs[i][:])
		b = append(b, '"')
	}
	return string(append(b, ']'))
}

// appendJSONString appends s, valid UTF-8, as a JSON string.
func appendJSONString(b []byte, s string) []byte {
	const digits = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"' || c == '\\':
			b = append(b, '\\', c)
		case c < 0x20:
			b = append(b, '\\', 'u', '0', '0', digits[c>>4], digits[c&0xf])
		default:
			b = append(b, c)
		}
	}
	return append(b, '"')
}

// backfillLog is migration 5's Go step: every event already stored becomes
// a leaf. Commit order is not recorded, so the events are taken by time,
// then dossier code, then sequence number (events without a time first),
// numbered by the database into a temporary table, and appended a page at
// a time: memory holds one page however many events there are.
func backfillLog(ctx context.Context, s *Store, tx *sql.Tx) error {
	blob := "BLOB"
	if s.pg {
		blob = "BYTEA"
	}
	for _, q := range []string{
		`CREATE TEMP TABLE motcua_log_backfill (n BIGINT PRIMARY KEY, code TEXT NOT NULL, seq BIGINT NOT NULL, hash ` + blob + ` NOT NULL)`,
		`INSERT INTO motcua_log_backfill (n, code, seq, hash)
SELECT ROW_NUMBER() OVER (ORDER BY e.at NULLS FIRST, e.code, e.seq), e.code, e.seq, e.hash
FROM motcua_events e JOIN motcua_dossiers d ON d.code = e.code AND e.pos <= d.version`,
	} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("backfill the log: %w", err)
		}
	}
	a, err := s.beginAppend(ctx, tx)
	if err != nil {
		return fmt.Errorf("backfill the log: %w", err)
	}
	type event struct {
		code string
		seq  int64
		hash []byte
	}
	page := make([]event, 0, logPage)
	for after := int64(0); ; {
		rows, err := tx.QueryContext(ctx, s.q(`SELECT n, code, seq, hash FROM motcua_log_backfill WHERE n > ? ORDER BY n LIMIT ?`), after, logPage)
		if err != nil {
			return fmt.Errorf("backfill the log: %w", err)
		}
		page = page[:0]
		for rows.Next() {
			var e event
			if err := rows.Scan(&after, &e.code, &e.seq, &e.hash); err != nil {
				rows.Close()
				return fmt.Errorf("backfill the log: %w", err)
			}
			page = append(page, e)
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("backfill the log: %w", err)
		}
		for _, e := range page {
			var ev dossier.Event
			if len(e.hash) != len(ev.Hash) || e.seq < 1 {
				return &CorruptError{Code: e.code, Column: "events.hash", Err: fmt.Errorf("event #%d: hash of %d bytes", e.seq, len(e.hash))}
			}
			ev.Hash = dossier.Hash(e.hash)
			if err := a.add(ctx, e.code, uint64(e.seq), dossier.LeafHash(&ev)); err != nil {
				return fmt.Errorf("backfill the log: %w", err)
			}
		}
		if len(page) < logPage {
			break
		}
	}
	if err := a.flush(ctx); err != nil {
		return fmt.Errorf("backfill the log: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `DROP TABLE motcua_log_backfill`); err != nil {
		return fmt.Errorf("backfill the log: %w", err)
	}
	return nil
}
