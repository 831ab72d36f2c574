package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/motcua/motcua/dossier"
)

// The outbox (schema 8): a trigger on motcua_events enqueues every event
// in motcua_outbox, in the statement that writes it, so Create, Update and
// PostgreSQL's one-statement update enqueue in their own transaction.

var _ dossier.Outbox = (*Store)(nil)

const outboxColumns = "id, code, seq, attempts, not_before, held, last_error"

// outboxReady is the condition of a claimable entry: the first of its
// dossier (by seq), not held, due and not leased at ? (twice).
const outboxReady = `o.held = 0 AND o.not_before <= ? AND o.leased <= ?
	AND NOT EXISTS (SELECT 1 FROM motcua_outbox p WHERE p.code = o.code AND p.seq < o.seq)`

// OutboxClaim implements [dossier.Outbox.OutboxClaim] in one write
// transaction (PostgreSQL: rows another claim has locked are skipped).
func (s *Store) OutboxClaim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]dossier.OutboxEntry, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	if err := dossier.CheckOutboxClaim(now, lease, limit); err != nil {
		return nil, err
	}
	at, until := now.UnixNano(), now.Add(lease).UnixNano()
	var out []dossier.OutboxEntry
	err := s.inTx(ctx, "outbox claim", "", func(tx *sql.Tx) error {
		out = out[:0]
		var rows *sql.Rows
		var err error
		if s.pg {
			rows, err = tx.QueryContext(ctx, s.q(`UPDATE motcua_outbox SET leased = ? WHERE id IN (
	SELECT o.id FROM motcua_outbox o WHERE `+outboxReady+` ORDER BY o.id LIMIT ? FOR UPDATE SKIP LOCKED)
RETURNING `+outboxColumns), until, at, at, limit)
		} else {
			rows, err = tx.QueryContext(ctx, `UPDATE motcua_outbox SET leased = ? WHERE id IN (
	SELECT o.id FROM motcua_outbox o WHERE `+outboxReady+` ORDER BY o.id LIMIT ?)
RETURNING `+outboxColumns, until, at, at, limit)
		}
		if err != nil {
			return err
		}
		out, err = scanOutbox(rows, out)
		return err
	})
	if err != nil {
		return nil, err
	}
	sortOutbox(out) // RETURNING keeps no order
	return out, nil
}

func scanOutbox(rows *sql.Rows, out []dossier.OutboxEntry) ([]dossier.OutboxEntry, error) {
	for rows.Next() {
		var e dossier.OutboxEntry
		var seq, attempts, notBefore int64
		var held int
		if err := rows.Scan(&e.ID, &e.Code, &seq, &attempts, &notBefore, &held, &e.LastError); err != nil {
			rows.Close()
			return nil, err
		}
		e.Seq, e.Attempts, e.Held = uint64(seq), int(attempts), held != 0
		if notBefore != 0 {
			e.NotBefore = fromNanos(sql.NullInt64{Int64: notBefore, Valid: true})
		}
		out = append(out, e)
	}
	return out, closeRows(rows)
}

func sortOutbox(es []dossier.OutboxEntry) {
	for i := 1; i < len(es); i++ { // short lists, mostly sorted
		for j := i; j > 0 && es[j].ID < es[j-1].ID; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

// OutboxDone implements [dossier.Outbox.OutboxDone] with one DELETE.
func (s *Store) OutboxDone(ctx context.Context, ids ...int64) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	if len(ids) == 0 {
		return nil
	}
	return s.inTx(ctx, "outbox done", "", func(tx *sql.Tx) error {
		if s.pg {
			_, err := tx.ExecContext(ctx, `DELETE FROM motcua_outbox WHERE id = ANY ($1::bigint[])`, ids)
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM motcua_outbox WHERE id IN (SELECT value FROM json_each(?))`, jsonInts(ids))
		return err
	})
}

func jsonInts(ids []int64) string {
	b := make([]byte, 0, 12*len(ids)+2)
	b = append(b, '[')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = fmt.Appendf(b, "%d", id)
	}
	return string(append(b, ']'))
}

// OutboxRetry implements [dossier.Outbox.OutboxRetry].
func (s *Store) OutboxRetry(ctx context.Context, id int64, notBefore time.Time, lastError string, hold bool) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	var nb int64
	if !notBefore.IsZero() {
		nb = notBefore.UnixNano()
	}
	h := 0
	if hold {
		h = 1
	}
	lastError = clipError(lastError)
	return s.outboxUpdate(ctx, "outbox retry", id,
		`UPDATE motcua_outbox SET attempts = attempts + 1, not_before = ?, last_error = ?, held = ?, leased = 0 WHERE id = ?`, nb, lastError, h, id)
}

// OutboxRelease implements [dossier.Outbox.OutboxRelease].
func (s *Store) OutboxRelease(ctx context.Context, id int64) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	return s.outboxUpdate(ctx, "outbox release", id, `UPDATE motcua_outbox SET held = 0, not_before = 0 WHERE id = ?`, id)
}

func (s *Store) outboxUpdate(ctx context.Context, op string, id int64, q string, args ...any) error {
	var n int64
	err := s.inTx(ctx, op, "", func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.q(q), args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return err
	}
	if n == 0 {
		return fmt.Errorf("%w: no entry %d", dossier.ErrOutbox, id)
	}
	return nil
}

// clipError bounds the stored error text (4,000 bytes, on a UTF-8
// boundary).
func clipError(s string) string {
	const limit = 4000
	if len(s) <= limit {
		return s
	}
	n := limit
	for n > 0 && s[n]&0xc0 == 0x80 {
		n--
	}
	return s[:n]
}

// OutboxEntries implements [dossier.Outbox.OutboxEntries].
func (s *Store) OutboxEntries(ctx context.Context, after int64, limit int) ([]dossier.OutboxEntry, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, fmt.Errorf("%w: limit %d: want a positive number", dossier.ErrOutbox, limit)
	}
	rows, err := s.r.QueryContext(ctx, s.q(`SELECT `+outboxColumns+` FROM motcua_outbox WHERE id > ? ORDER BY id LIMIT ?`), after, limit)
	if err != nil {
		return nil, dbError("outbox entries", "", err)
	}
	out, err := scanOutbox(rows, nil)
	if err != nil {
		return nil, dbError("outbox entries", "", err)
	}
	return out, nil
}
