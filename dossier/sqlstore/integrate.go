package sqlstore

import (
	"cmp"
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/motcua/motcua/dossier"
)

// PostgreSQL's integration of the log (see the package documentation): the
// statement or transaction that writes events queues their leaves in
// motcua_log_pending, takes no lock and commits; the writer then wakes the
// store's integrator and returns. The integrator, one goroutine per store,
// integrates in short transactions under the log's lock every leaf queued,
// as every read of the log does first.

// integratorTick is how long the integrator waits, when nothing wakes it,
// before it looks at the queue again: for leaves queued by other processes
// whose integrators stopped, and for those of a round that failed.
const integratorTick = time.Second

// integratorLinger is how long the integrator waits, once woken, before
// its round: the leaves queued meanwhile are taken with the first.
const integratorLinger = 20 * time.Millisecond

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
			full, err = s.integrateRound(ctx, c.Conn(), r)
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

// integrateRound integrates up to logPage queued leaves through c, and
// reports whether it took that many (more may be queued). It marks r
// (when not nil) taking as it sends the take.
func (s *Store) integrateRound(ctx context.Context, c *pgx.Conn, r *integration) (full bool, err error) {
	a := &logAppender{s: s, known: make(map[int64]dossier.Hash, 8), manual: true}
	var b pgx.Batch
	b.Queue("BEGIN ISOLATION LEVEL READ COMMITTED")
	b.Queue(s.qs.pgLogTake, logPage)
	if r != nil {
		s.intMu.Lock()
		r.taking = true
		s.intMu.Unlock()
	}
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

// wakeIntegrator tells the store's integrator that leaves were queued,
// without waiting: a wake already pending covers this one too.
func (s *Store) wakeIntegrator() {
	if !s.pg || s.noLog {
		return
	}
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// startIntegrator starts the store's integrator (PostgreSQL with the log),
// which integrates the leaves queued until [Store.Close] or stopIntegrator
// stops it. Its first round runs at once: leaves left queued by writers of
// processes that stopped are integrated soon after [Open].
func (s *Store) startIntegrator() {
	if !s.pg || s.noLog {
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

// settle integrates the leaves queued, if any (PostgreSQL): leaves whose
// integration has not run yet, or failed. Reads of the log call it first,
// so that they never miss a committed event.
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
	// Leaves queued since the integration began are for the next one: the
	// size now covers every commit before the call.
	n, _, err = read()
	return n, err
}
