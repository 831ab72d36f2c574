package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/dossier"
)

// The integration of the log (see the package documentation): the
// statement or transaction that writes events queues their leaves in
// motcua_log_pending, takes no lock and commits; the writer then wakes the
// store's integrator and returns. The integrator, one goroutine per store,
// integrates every leaf queued in short transactions of its own (under the
// log's lock for PostgreSQL, in a write transaction for SQLite), as every
// read of the log does first. The loop is one; a round's statements are
// each driver's (pgRound, sqliteRound).

// integratorTick is how long the integrator waits, when nothing wakes it,
// before it looks at the queue again: for leaves queued by other processes
// whose integrators stopped, and for those of a round that failed.
const integratorTick = time.Second

// integratorLinger is how long the integrator waits, once woken, before
// its round: the leaves queued meanwhile are taken with the first. Much
// of a round's cost is fixed (the lock, a commit and its pages or its
// flush), so fewer and larger rounds leave more of SQLite's write lock and
// of PostgreSQL's flushes to the writers: with 8 writers, the rate with
// the log against the rate without went from a median of 0.89× at 20 ms
// to 0.95× at 100 ms (README, performance). Reads of the log do not wait
// for it: they integrate the queue first.
const integratorLinger = 100 * time.Millisecond

// integratorBackoff bounds the wait after failed rounds, which doubles
// from integratorTick/10 at each failure in a row.
const integratorBackoff = 30 * time.Second

// pendingLeaf is a leaf read from motcua_log_pending.
type pendingLeaf struct {
	id   int64
	code string
	seq  uint64
	leaf dossier.Hash
}

// integrate moves every queued leaf into the log, in the order of the
// queue, a round of up to 1,000 leaves at a time, until a round finds
// fewer. The first round marks r taking, under the store's intMu, as it
// takes the queued leaves: callers that join r before that have their
// leaves taken.
func (s *Store) integrate(ctx context.Context, r *integration) error {
	round := s.sqliteRound
	if s.pg {
		round = s.pgRound
	}
	for {
		full, err := round(ctx, r)
		r = nil
		if err != nil || !full {
			return err
		}
	}
}

// markTaking marks r (when not nil) taking: its round is about to take
// the queued leaves.
func (s *Store) markTaking(r *integration) {
	if r == nil {
		return
	}
	s.intMu.Lock()
	r.taking = true
	s.intMu.Unlock()
}

// sqliteRound is a round of SQLite's integration, in one write
// transaction (BEGIN IMMEDIATE on the store's one write connection, so
// every commit before it is seen, and no other writer runs until its
// commit): it reads the log's size (and reuses the cached frontier if the
// log still has its size: resumeAppend), takes up to logPage queued
// leaves in the order of the queue, numbers them and computes their
// stored hashes with tlog, inserts the log's rows and hashes, deletes the
// leaves taken and commits. It reports whether it took logPage leaves.
func (s *Store) sqliteRound(ctx context.Context, r *integration) (full bool, err error) {
	s.markTaking(r)
	err = s.inTx(ctx, "integrate the log", "", func(tx *sql.Tx) error {
		rows, err := s.txQuery(ctx, tx, s.qs.logTake, logPage)
		if err != nil {
			return fmt.Errorf("take queued log leaves: %w", err)
		}
		var page []pendingLeaf
		for rows.Next() {
			var id int64
			var code *string
			var seq *int64
			var leaf []byte
			if err := rows.Scan(&id, &code, &seq, &leaf); err != nil {
				rows.Close()
				return scanError("take queued log leaves", "", err)
			}
			p, err := queuedLeaf(id, code, seq, leaf)
			if err != nil {
				rows.Close()
				return err
			}
			page = append(page, p)
		}
		if err := closeRows(rows); err != nil {
			return fmt.Errorf("take queued log leaves: %w", err)
		}
		if len(page) == 0 {
			return nil
		}
		a, err := s.resumeAppend(ctx, tx)
		if err != nil {
			return err
		}
		for _, p := range page {
			if err := a.add(ctx, p.code, p.seq, p.leaf); err != nil {
				return err
			}
		}
		if err := s.finishAppend(ctx, a); err != nil {
			return err
		}
		if _, err := s.txExec(ctx, tx, s.qs.logTaken, page[len(page)-1].id); err != nil {
			return fmt.Errorf("delete queued log leaves: %w", err)
		}
		full = len(page) == logPage
		return nil
	})
	return full, err
}

// pgRound is a round of PostgreSQL's integration, through a connection of
// the pool (pgxRound).
func (s *Store) pgRound(ctx context.Context, r *integration) (full bool, err error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return false, fmt.Errorf("connect: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqlstore: integrate the log: driver connection %T", dc)
		}
		var err error
		full, err = s.pgxRound(ctx, c.Conn(), r)
		if err != nil && c.Conn().PgConn().TxStatus() != 'I' {
			// Leave no transaction open on the pooled connection.
			if _, rerr := c.Conn().Exec(ctx, "ROLLBACK"); rerr != nil {
				return errors.Join(err, driver.ErrBadConn)
			}
		}
		return err
	})
	return full, err
}

// pgxRound integrates up to logPage queued leaves through c, and reports
// whether it took that many (more may be queued): it takes the log's
// lock, reads the log's size and the roots the next leaves need and takes
// the queued leaves (BEGIN and motcua_log_take pipelined: one round
// trip), numbers them and computes their stored hashes with tlog
// ([dossier.StoredHashes]), inserts the leaves and the hashes and commits
// (one statement and the COMMIT pipelined: a second round trip). A writer
// whose leaves another writer integrated while it waited for the lock
// finds none, and commits a transaction that wrote nothing. It marks r
// (when not nil) taking as it sends the take.
func (s *Store) pgxRound(ctx context.Context, c *pgx.Conn, r *integration) (full bool, err error) {
	a := &logAppender{s: s, known: make(map[int64]dossier.Hash, 8), manual: true}
	var b pgx.Batch
	b.Queue("BEGIN ISOLATION LEVEL READ COMMITTED")
	b.Queue(s.qs.pgLogTake, logPage)
	s.markTaking(r)
	br := c.SendBatch(ctx, &b)
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
			p, err := queuedLeaf(*id, code, seq, leaf)
			if err != nil {
				return nil, err
			}
			page = append(page, p)
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

// queuedLeaf checks a row read from motcua_log_pending (code and seq are
// nil when NULL) and returns it as a pendingLeaf: a row of another shape
// is a [*CorruptError].
func queuedLeaf(id int64, code *string, seq *int64, leaf []byte) (pendingLeaf, error) {
	c := ""
	if code != nil {
		c = *code
	}
	if len(leaf) != len(dossier.Hash{}) || seq == nil || *seq < 1 {
		n := "NULL"
		if seq != nil {
			n = strconv.FormatInt(*seq, 10)
		}
		return pendingLeaf{}, &CorruptError{Code: c, Column: "log_pending.leaf",
			Err: fmt.Errorf("queued leaf %d: event #%s, leaf of %d bytes", id, n, len(leaf))}
	}
	return pendingLeaf{id: id, code: c, seq: uint64(*seq), leaf: dossier.Hash(leaf)}, nil
}

// wakeIntegrator tells the store's integrator that leaves were queued,
// without waiting: a wake already pending covers this one too.
func (s *Store) wakeIntegrator() {
	if s.noLog {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// startIntegrator starts the store's integrator (with the log),
// which integrates the leaves queued until [Store.Close] or stopIntegrator
// stops it. Its first round runs at once: leaves left queued by writers of
// processes that stopped are integrated soon after [Open].
func (s *Store) startIntegrator() {
	if s.noLog {
		return
	}
	s.intMu.Lock()
	defer s.intMu.Unlock()
	if s.closed.Load() || s.intStop != nil {
		return
	}
	stop, done := make(chan struct{}), make(chan struct{})
	s.intStop, s.intDone = stop, done
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer close(done)
		s.integrator(stop)
	}()
}

// stopIntegrator stops the store's integrator and waits for it, and for
// the integrations under way, to end.
// Leaves queued meanwhile stay queued for the reads of the log, or for
// the integrator of another store.
func (s *Store) stopIntegrator() {
	s.intMu.Lock()
	stop, done := s.intStop, s.intDone
	s.intStop, s.intDone = nil, nil
	s.intMu.Unlock()
	if stop == nil {
		return
	}
	close(stop)
	<-done
	// And the runs it started, which its end did not cancel.
	for {
		s.intMu.Lock()
		r := s.intNext
		if r == nil {
			r = s.intRun
		}
		s.intMu.Unlock()
		if r == nil {
			return
		}
		<-r.done
	}
}

// integrator integrates the queued leaves until stop is closed: a round
// integratorLinger after a writer wakes it, or every integratorTick when
// the queue holds leaves (other processes' writers, a round that failed);
// after a failure it waits longer each time, up to integratorBackoff, and
// ignores wakes meanwhile.
func (s *Store) integrator(stop <-chan struct{}) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-stop:
			cancel()
		case <-ctx.Done():
		}
	}()
	timer := time.NewTimer(0)
	defer timer.Stop()
	failed := time.Duration(0) // the wait after the last failure, 0 after a success
	woken := true              // the first round: leaves left queued before Open
	for {
		var err error
		if woken {
			err = s.integrateShared(ctx)
		} else {
			err = s.settle(ctx)
		}
		if ctx.Err() != nil {
			return
		}
		wait := integratorTick
		if err != nil {
			failed = min(max(2*failed, integratorTick/10), integratorBackoff)
			wait = failed
		} else {
			failed = 0
		}
		timer.Reset(wait)
		wake := s.wake
		if failed > 0 {
			wake = nil
		}
		select {
		case <-stop:
			return
		case <-wake:
			// Gather the writes of the next few milliseconds into the
			// round: one round (a lock, a commit and its flush) for many.
			woken = true
			timer.Reset(integratorLinger)
			select {
			case <-stop:
				return
			case <-timer.C:
			}
		case <-timer.C:
			woken = failed > 0
		}
	}
}

// integration is one run of integrate shared by the store's callers.
type integration struct {
	done   chan struct{} // closed when it ended
	err    error
	taking bool // set, under intMu, when it sends its first take of queued leaves
}

// integrateShared returns once an integration that took the queued leaves
// after the call began has ended, and returns its error. The store's
// callers (the integrator and the readers of the log) share the runs: a
// caller joins the run under way if it has not yet taken the queued
// leaves, else the next one, which starts when that one ends and
// integrates the leaves queued meanwhile. The runs go on in a goroutine of
// their own, unaffected by a caller's cancellation (the caller stops
// waiting, the run integrates the leaves all the same), until
// [Store.Close] cancels them.
func (s *Store) integrateShared(ctx context.Context) error {
	s.intMu.Lock()
	if s.closed.Load() {
		s.intMu.Unlock()
		return ErrClosed
	}
	var r *integration
	switch {
	case s.intRun == nil:
		r = &integration{done: make(chan struct{})}
		s.intRun = r
		s.bg.Add(1)
		go s.runIntegrations(r)
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

// runIntegrations runs r, then the runs callers asked for meanwhile, until
// none is asked for, or the store is closed (which cancels the run under
// way).
func (s *Store) runIntegrations(r *integration) {
	defer s.bg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		select {
		case <-s.quit:
			cancel()
		case <-ctx.Done():
		}
	}()
	for r != nil {
		if f := s.beforeRound.Load(); f != nil {
			(*f)()
		}
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

// settle integrates the leaves queued, if any: leaves whose
// integration has not run yet, or failed. Reads of the log call it first,
// so that they never miss a committed event.
func (s *Store) settle(ctx context.Context) error {
	if s.noLog {
		return nil
	}
	st, err := s.stmt(ctx, false, s.qs.logQueued)
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

// queuedLogSize is LogSize with the log: one statement reads the size and
// whether leaves are queued; when some are, they are integrated and the
// size read again.
func (s *Store) queuedLogSize(ctx context.Context) (int64, error) {
	st, err := s.stmt(ctx, false, s.qs.logSizeQueued)
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
	// Leaves queued since the integration began are for the next one: the
	// size now covers every commit before the call.
	n, _, err = read()
	return n, err
}
