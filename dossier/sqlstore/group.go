package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PostgreSQL's log lock is held from the append to the commit, the commit's
// WAL flush included, so transactions that append commit one at a time.
// Concurrent one-statement updates of a store are therefore grouped: the
// first writer to find no group running leads one, and writes in one READ
// COMMITTED transaction the updates queued meanwhile (in code order, so that
// groups of different processes lock their dossiers in one order), then
// the leaves of those whose guard matched, in that order, with one call of
// motcua_log_append, and commits: one flush of the WAL for the group. An
// update whose guard did not match (stale version, changed trail, missing
// dossier) wrote nothing and goes on alone, down the path that finds out
// why; when a statement of the group fails, the transaction is rolled back
// and each update goes on alone. Each update's leaves are thus appended in
// the transaction that writes its events, and only if it commits.

// maxGroup bounds the updates of one group.
const maxGroup = 64

// maxGroups is the most groups a store writes at once: while one holds
// the log's lock to its commit, the next writes its dossiers.
const maxGroups = 2

// group queues the updates waiting for a group's leader.
type group struct {
	mu      sync.Mutex
	queue   []*grouped
	running int // groups being written
}

// grouped is one update waiting in a group.
type grouped struct {
	code   string
	n      int   // new events
	args   []any // of qs.pgUpdate[n-1]
	codes  []string
	seqs   []int64
	leaves [][]byte
	done   chan groupResult // buffered: the leader never waits
}

type groupResult struct {
	lead    bool // the receiver leads the next group
	written bool // the update committed, with its leaves
	err     error
}

// pgUpdateGrouped writes u with the group, and reports whether it was
// written; false and no error means it goes on alone.
func (s *Store) pgUpdateGrouped(ctx context.Context, u *grouped) (bool, error) {
	u.done = make(chan groupResult, 1)
	g := &s.group
	g.mu.Lock()
	if g.running >= maxGroups {
		g.queue = append(g.queue, u)
		g.mu.Unlock()
		r := <-u.done
		if !r.lead {
			return r.written, r.err
		}
		g.mu.Lock() // u was taken off the queue, and leads
	} else {
		g.running++
	}
	n := min(len(g.queue), maxGroup-1)
	items := append([]*grouped{u}, g.queue[:n]...)
	g.queue = slices.Clone(g.queue[n:])
	g.mu.Unlock()

	s.writeGroup(context.WithoutCancel(ctx), items)

	g.mu.Lock()
	if len(g.queue) > 0 {
		next := g.queue[0]
		g.queue = g.queue[1:]
		next.done <- groupResult{lead: true} // it leads in this group's stead
	} else {
		g.running--
	}
	g.mu.Unlock()
	r := <-u.done
	return r.written, r.err
}

// writeGroup writes the updates of items in one transaction and sends each
// its result. The statements go in one pipeline, one round trip: BEGIN,
// each guarded update with its events (qs.pgUpdate), the append of the
// leaves of the events this transaction inserted (qs.pgGroupAppend, so
// that the log's lock is taken after the dossiers' row locks, as a write
// alone takes them), COMMIT. A failed statement aborts the transaction
// (the COMMIT then rolls it back), and each update goes on alone.
func (s *Store) writeGroup(ctx context.Context, items []*grouped) {
	slices.SortStableFunc(items, func(a, b *grouped) int { return strings.Compare(a.code, b.code) })
	written := make([]bool, len(items))
	err := s.pipeline(ctx, func(c *pgx.Conn) error {
		b := &pgx.Batch{}
		b.Queue("BEGIN ISOLATION LEVEL READ COMMITTED")
		var codes []string
		var seqs []int64
		var leaves [][]byte
		for _, u := range items {
			b.Queue(s.qs.pgUpdate[u.n-1], u.args...)
			codes, seqs, leaves = append(codes, u.codes...), append(seqs, u.seqs...), append(leaves, u.leaves...)
		}
		b.Queue(s.qs.pgGroupAppend, codes, seqs, leaves)
		b.Queue("COMMIT")
		br := c.SendBatch(ctx, b)
		if _, err := br.Exec(); err != nil {
			br.Close()
			return err
		}
		for i, u := range items {
			tag, err := br.Exec()
			if err != nil {
				br.Close()
				return err
			}
			written[i] = tag.RowsAffected() == int64(u.n)
		}
		if _, err := br.Exec(); err != nil {
			br.Close()
			return err
		}
		tag, err := br.Exec()
		if err == nil && tag.String() != "COMMIT" {
			err = errRolledBack
		}
		if e := br.Close(); err == nil {
			err = e
		}
		if err != nil {
			return &commitError{err}
		}
		return nil
	})
	var ce *commitError
	for i, u := range items {
		switch {
		case err == nil && written[i]:
			u.done <- groupResult{written: true}
		case errors.As(err, &ce) && written[i]:
			// The outcome is unknown, as for a write alone.
			u.done <- groupResult{err: fmt.Errorf("sqlstore: update %s: commit: %w", u.code, ce.err)}
		default:
			// Not written, or rolled back: nothing of it was written.
			u.done <- groupResult{}
		}
	}
}

// errRolledBack is a group's COMMIT answered by a rollback.
var errRolledBack = errors.New("transaction rolled back")

// commitError is a failure of a group's COMMIT.
type commitError struct{ err error }

func (e *commitError) Error() string { return e.err.Error() }

// pipeline runs f on one of the writer pool's connections, as pgx.
func (s *Store) pipeline(ctx context.Context, f func(*pgx.Conn) error) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: unexpected PostgreSQL connection %T", dc)
		}
		return f(c.Conn())
	})
}
