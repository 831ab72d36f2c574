package sqlstore

import (
	"cmp"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/dossier"
)

// PostgreSQL's integration of the log (see the package documentation): the
// transaction that writes events queues their leaves in motcua_log_pending
// without any lock; after its commit, the writer integrates, in a short
// transaction under the log's lock, every leaf queued, its own and those of
// the writers that committed meanwhile.

// pendingLeaf is a leaf read from motcua_log_pending.
type pendingLeaf struct {
	id   int64
	code string
	seq  uint64
	leaf dossier.Hash
}

// integrate moves every queued leaf into the log, in the order of the
// queue, a round of up to 1,000 leaves at a time: it takes the log's lock,
// reads the log's size and the roots the next leaves need and takes the
// queued leaves (BEGIN and motcua_log_take pipelined: one round trip),
// numbers them and computes their stored hashes with tlog
// ([dossier.StoredHashes]), inserts the leaves and the hashes and commits
// (one statement and the COMMIT pipelined: a second round trip). A writer
// whose leaves another writer integrated while it waited for the lock
// finds none, and commits a transaction that wrote nothing.
//
// The first round marks r taking, under the store's intMu, as it sends
// its take: callers that join r before that have their leaves taken.
func (s *Store) integrate(ctx context.Context, r *integration) error {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	for {
		var full bool
		err := conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("sqlstore: integrate the log: driver connection %T", dc)
			}
			var err error
			full, err = s.integrateRound(ctx, c.Conn(), r, nil)
			r = nil
			if err != nil && c.Conn().PgConn().TxStatus() != 'I' {
				// Leave no transaction open on the pooled connection.
				if _, rerr := c.Conn().Exec(ctx, "ROLLBACK"); rerr != nil {
					return errors.Join(err, driver.ErrBadConn)
				}
			}
			return err
		})
		if err != nil || !full {
			return err
		}
	}
}

// leadWrite is a write pipelined before an integration round: a statement
// committed on its own before the round's BEGIN, and what it returned.
type leadWrite struct {
	query string
	args  []any
	wrote bool  // it returned a row
	err   error // its error: the round did not run
}

// integrateRound integrates up to logPage queued leaves through c, and
// reports whether it took that many (more may be queued). It marks r
// (when not nil) taking as it sends the take. A lead write, when given,
// is sent with its COMMIT in the same round trip, before the take: the
// leaves it queues are taken.
func (s *Store) integrateRound(ctx context.Context, c *pgx.Conn, r *integration, lead *leadWrite) (full bool, err error) {
	a := &logAppender{s: s, known: make(map[int64]dossier.Hash, 8), manual: true}
	var b pgx.Batch
	if lead != nil {
		b.Queue(lead.query, lead.args...)
		b.Queue("COMMIT")
	}
	b.Queue("BEGIN ISOLATION LEVEL READ COMMITTED")
	b.Queue(s.qs.pgLogTake, logPage)
	if r != nil {
		s.intMu.Lock()
		r.taking = true
		s.intMu.Unlock()
	}
	br := c.SendBatch(ctx, &b)
	if lead != nil {
		rows, err := br.Query()
		if err == nil {
			lead.wrote = rows.Next()
			rows.Close()
			err = rows.Err()
		}
		if err == nil {
			_, err = br.Exec()
		}
		if err != nil {
			// The statements after it were skipped.
			lead.err = err
			_ = br.Close()
			return false, nil
		}
	}
	var page []pendingLeaf
	_, err = br.Exec()
	if err == nil {
		page, err = readPending(br, a)
	}
	if cerr := br.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, fmt.Errorf("lock the log: %w", err)
	}
	if len(page) == 0 {
		if _, err := c.Exec(ctx, "COMMIT"); err != nil {
			return false, fmt.Errorf("commit: %w", err)
		}
		return false, nil
	}
	a.base = dossier.StoredHashCount(a.size)
	for _, p := range page {
		if err := a.add(ctx, p.code, p.seq, p.leaf); err != nil {
			return false, err
		}
	}
	b = pgx.Batch{}
	b.Queue(s.qs.appendLog, a.flushArgs()...)
	b.Queue("COMMIT")
	if err := c.SendBatch(ctx, &b).Close(); err != nil {
		return false, fmt.Errorf("append to the log: %w", err)
	}
	return len(page) == logPage, nil
}

// readPending reads the result of motcua_log_take from br: the log's size
// and its roots into a, and returns the queued leaves it took, in the
// order of the queue.
func readPending(br pgx.BatchResults, a *logAppender) ([]pendingLeaf, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var page []pendingLeaf
	for rows.Next() {
		var size, idx, id, seq *int64
		var code *string
		var hash, leaf []byte
		if err := rows.Scan(&size, &idx, &hash, &id, &code, &seq, &leaf); err != nil {
			return nil, scanError("take queued log leaves", "", err)
		}
		switch {
		case id != nil:
			c := ""
			if code != nil {
				c = *code
			}
			if len(leaf) != len(dossier.Hash{}) || seq == nil || *seq < 1 {
				return nil, &CorruptError{Code: c, Column: "log_pending.leaf",
					Err: fmt.Errorf("queued leaf %d: event #%v, leaf of %d bytes", *id, seq, len(leaf))}
			}
			page = append(page, pendingLeaf{id: *id, code: c, seq: uint64(*seq), leaf: dossier.Hash(leaf)})
		case size != nil:
			a.size = *size
			if idx != nil && len(hash) == len(dossier.Hash{}) {
				a.known[*idx] = dossier.Hash(hash)
			}
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(page, func(x, y pendingLeaf) int { return cmp.Compare(x.id, y.id) })
	return page, nil
}

// afterCommit integrates the leaves a write of dossier code (op) queued,
// after its commit. An error here comes after the commit: the write is
// stored, and the error wraps [ErrIntegrate].
func (s *Store) afterCommit(ctx context.Context, op, code string) error {
	if !s.pg || s.noLog {
		return nil
	}
	if s.beforeIntegrate != nil {
		if err := s.beforeIntegrate(); err != nil {
			return dbError(op, code, fmt.Errorf("%w: %w", ErrIntegrate, err))
		}
	}
	if err := s.integrateShared(ctx); err != nil {
		return dbError(op, code, fmt.Errorf("%w: %w", ErrIntegrate, err))
	}
	return nil
}

// integration is one run of integrate shared by the store's callers.
type integration struct {
	done   chan struct{} // closed when it ended
	err    error
	taking bool // set, under intMu, when it sends its first take of queued leaves
}

// integrateShared returns once an integration that took the queued leaves
// after the call began has ended, and returns its error. The store's
// callers share the runs: a caller joins the run under way if it has not
// yet taken the queued leaves, else the next one, which starts when that
// one ends and integrates the leaves of all who joined it, so that
// concurrent writers of one process make one integration (one lock, one
// commit) instead of one each. The runs go on in a goroutine of their
// own, unaffected by a caller's cancellation (the caller stops waiting,
// the run integrates its leaves all the same).
func (s *Store) integrateShared(ctx context.Context) error {
	s.intMu.Lock()
	var r *integration
	switch {
	case s.intRun == nil:
		r = &integration{done: make(chan struct{})}
		s.intRun = r
		go s.runIntegrations(context.WithoutCancel(ctx), r)
	case !s.intRun.taking:
		r = s.intRun
	default:
		if s.intNext == nil {
			s.intNext = &integration{done: make(chan struct{})}
		}
		r = s.intNext
	}
	s.intMu.Unlock()
	select {
	case <-r.done:
		return r.err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// lead makes the caller the leader of a new integration, when none is
// under way: its write and the integration's take go in one round trip
// (pgUpdateLeading). Callers that arrive meanwhile wait for the next one.
func (s *Store) lead() *integration {
	s.intMu.Lock()
	defer s.intMu.Unlock()
	if s.intRun != nil || s.beforeIntegrate != nil {
		return nil
	}
	r := &integration{done: make(chan struct{}), taking: true}
	s.intRun = r
	return r
}

// finishLead ends the leader's integration r with err, and starts the
// runs callers asked for meanwhile.
func (s *Store) finishLead(ctx context.Context, r *integration, err error) {
	r.err = err
	close(r.done)
	s.intMu.Lock()
	next := s.intNext
	s.intRun, s.intNext = next, nil
	s.intMu.Unlock()
	if next != nil {
		go s.runIntegrations(context.WithoutCancel(ctx), next)
	}
}

// pgUpdateLeading is pgUpdateLogged for the leader of integration r: the
// one-statement update of n events, its commit, and the first round of
// the integration that takes its leaves go in one round trip, the
// round's INSERT and COMMIT in a second. It reports whether the update
// wrote, and ends r.
func (s *Store) pgUpdateLeading(ctx context.Context, code string, n int, args []any, r *integration) (wrote bool, err error) {
	lead := &leadWrite{query: s.qs.pgUpdateLog[n-1], args: args}
	var ierr error
	defer func() { s.finishLead(ctx, r, ierr) }()
	conn, err := s.w.Conn(ctx)
	if err != nil {
		ierr = err
		return false, dbError("update", code, err)
	}
	defer conn.Close()
	var full bool
	ierr = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: integrate the log: driver connection %T", dc)
		}
		var err error
		full, err = s.integrateRound(ctx, c.Conn(), nil, lead)
		if err != nil && c.Conn().PgConn().TxStatus() != 'I' {
			if _, rerr := c.Conn().Exec(ctx, "ROLLBACK"); rerr != nil {
				return errors.Join(err, driver.ErrBadConn)
			}
		}
		return err
	})
	if lead.err != nil {
		return false, dbError("update", code, lead.err)
	}
	if ierr == nil && full {
		ierr = s.integrate(context.WithoutCancel(ctx), nil)
	}
	if ierr != nil && lead.wrote {
		return true, dbError("update", code, fmt.Errorf("%w: %w", ErrIntegrate, ierr))
	}
	return lead.wrote, nil
}

// runIntegrations runs r, then the runs callers asked for meanwhile, until
// none is asked for.
func (s *Store) runIntegrations(ctx context.Context, r *integration) {
	for r != nil {
		if err := s.check(ctx); err != nil {
			r.err = err
		} else {
			r.err = s.integrate(ctx, r)
		}
		close(r.done)
		s.intMu.Lock()
		r, s.intRun, s.intNext = s.intNext, s.intNext, nil
		s.intMu.Unlock()
	}
}

// settle integrates the leaves left queued, if any (PostgreSQL): a writer
// that stopped between its commit and its integration left them. Reads of
// the log call it first, so that they never miss a committed event.
func (s *Store) settle(ctx context.Context) error {
	if !s.pg || s.noLog {
		return nil
	}
	st, err := s.stmt(ctx, false, s.qs.pgLogPending)
	if err != nil {
		return dbError("read the log", "", err)
	}
	var pending bool
	if err := st.QueryRowContext(ctx).Scan(&pending); err != nil {
		return dbError("read the log", "", err)
	}
	if !pending {
		return nil
	}
	if err := s.integrateShared(ctx); err != nil {
		return dbError("integrate the log", "", err)
	}
	return nil
}

// pgLogSize is LogSize for PostgreSQL: one statement reads the size and
// whether leaves are queued; when some are, they are integrated and the
// size read again.
func (s *Store) pgLogSize(ctx context.Context) (int64, error) {
	st, err := s.stmt(ctx, false, s.qs.pgLogSize)
	if err != nil {
		return 0, dbError("log size", "", err)
	}
	read := func() (n int64, pending bool, err error) {
		if err := st.QueryRowContext(ctx).Scan(&n, &pending); err != nil {
			return 0, false, dbError("log size", "", err)
		}
		return n, pending, nil
	}
	n, pending, err := read()
	if err != nil || !pending {
		return n, err
	}
	if err := s.integrateShared(ctx); err != nil {
		return 0, dbError("integrate the log", "", err)
	}
	// Leaves queued since the integration began are for their writers to
	// integrate: the size now covers every commit before the call.
	n, _, err = read()
	return n, err
}
