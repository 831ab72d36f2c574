package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"

	// The two database/sql drivers the store speaks to (sqlite also for its
	// error codes).
	_ "github.com/jackc/pgx/v5/stdlib"
	"modernc.org/sqlite"
)

// Driver names accepted by [Open].
const (
	// SQLite is the embedded database (pure Go, no cgo). Its data source
	// name is a file path or a "file:" URI; ":memory:" keeps a private
	// database in memory, for tests.
	SQLite = "sqlite"
	// Postgres is PostgreSQL, or a database speaking its protocol. Its data
	// source name is a URL ("postgres://user@host:5432/db?sslmode=disable")
	// or a keyword/value string; extra parameters such as search_path or
	// synchronous_commit are passed to the server as run-time settings.
	Postgres = "postgres"
)

// Store is a [dossier.Store] in a SQL database, with its transparency log
// ([dossier.Log]: see the package documentation). It is safe for concurrent
// use by many goroutines, and several processes may share one database
// (SQLite: on one machine; PostgreSQL: anywhere).
type Store struct {
	w, r   *sql.DB // writer and reader pools; the same pool for PostgreSQL
	pg     bool
	closed atomic.Bool
	qs     queries

	mu    sync.Mutex
	stmts map[stmtKey]*sql.Stmt // prepared statements of the fixed queries

	// front is the log's frontier after this store's last committed
	// integration (SQLite), a hint the next round checks: see
	// resumeAppend; pendingFront is the one of the round in the
	// transaction under way, published by inTx when it commits.
	frontMu      sync.Mutex
	front        *frontier
	pendingFront *frontier

	// noLog turns the transparency log off, for the benchmarks that compare
	// the store with and without it (tests only: a store without its log
	// fails its audit).
	noLog bool

	// intMu guards intRun, the integration of the log under way, intNext, the one callers that arrived since wait for
	// (see integrateShared), and intStop and intDone, which stop the
	// integrator and say it ended (see startIntegrator).
	intMu   sync.Mutex
	intRun  *integration
	intNext *integration
	intStop chan struct{}
	intDone chan struct{}
	// wake (1-buffered) wakes the integrator; quit, closed by Close,
	// cancels the integrations under way; bg counts the goroutines
	// running them, which Close waits for.
	wake chan struct{}
	quit chan struct{}
	bg   sync.WaitGroup

	// beforeRound, when set (tests only), runs before each integration
	// run of the log.
	beforeRound atomic.Pointer[func()]
}

type stmtKey struct {
	write bool
	query string
}

// stmt returns the fixed query prepared on the writer (write) or reader
// pool, preparing it on first use: SQLite would otherwise compile each
// statement at every call.
func (s *Store) stmt(ctx context.Context, write bool, query string) (*sql.Stmt, error) {
	k := stmtKey{write, query}
	s.mu.Lock()
	st := s.stmts[k]
	s.mu.Unlock()
	if st != nil {
		return st, nil
	}
	// Prepare without holding mu: waiting for a connection while holding
	// it would block the transactions that hold the connections.
	db := s.r
	if write {
		db = s.w
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if prev := s.stmts[k]; prev != nil {
		st.Close()
		return prev, nil
	}
	if s.stmts == nil {
		s.stmts = make(map[stmtKey]*sql.Stmt)
	}
	s.stmts[k] = st
	return st, nil
}

// txExec runs a statement in tx, through its prepared form when [Open]
// prepared it. (Preparing here could deadlock: the transaction may hold
// the writer pool's only connection.)
func (s *Store) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	s.mu.Lock()
	st := s.stmts[stmtKey{true, query}]
	s.mu.Unlock()
	if st == nil {
		return tx.ExecContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
}

// txQuery runs a query in tx, through its prepared form when [Open]
// prepared it.
func (s *Store) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	s.mu.Lock()
	st := s.stmts[stmtKey{true, query}]
	s.mu.Unlock()
	if st == nil {
		return tx.QueryContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
}

// txQueryRow is txQuery for one row.
func (s *Store) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	s.mu.Lock()
	st := s.stmts[stmtKey{true, query}]
	s.mu.Unlock()
	if st == nil {
		return tx.QueryRowContext(ctx, query, args...)
	}
	return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
}

// prepareWrites prepares the statements of the write transactions.
func (s *Store) prepareWrites(ctx context.Context) error {
	qs := []string{s.qs.insertDossier, s.qs.updateDossier, s.qs.insertEvents(1), s.qs.insertEvents(2), s.qs.nextSeq,
		s.qs.readHashes, s.qs.readHashRange, s.qs.appendLog}
	qs = append(qs, s.qs.logQueue)
	if s.pg {
		qs = append(qs, s.qs.pgUpdate...)
		qs = append(qs, s.qs.pgUpdateLog...)
	} else {
		qs = append(qs, s.qs.logSize, s.qs.appendHashes, s.qs.logQueueOne, s.qs.logTake, s.qs.logTaken)
	}
	for _, q := range qs {
		if _, err := s.stmt(ctx, true, q); err != nil {
			return dbError("prepare", "", err)
		}
	}
	return nil
}

var _ dossier.Store = (*Store)(nil)

type config struct {
	maxConns    int
	busyTimeout time.Duration
	syncFull    bool
}

// Option sets an optional setting of [Open].
type Option func(*config) error

// MaxConns sets the most connections the store opens (default 8). With
// SQLite, one connection writes and the others read.
func MaxConns(n int) Option {
	return func(c *config) error {
		if n < 1 || n > 1000 {
			return fmt.Errorf("%w: MaxConns(%d): want 1 to 1000", ErrOption, n)
		}
		c.maxConns = n
		return nil
	}
}

// BusyTimeout sets how long SQLite waits for another process's write lock
// before giving up (default 10 s). PostgreSQL ignores it.
func BusyTimeout(d time.Duration) Option {
	return func(c *config) error {
		if d < 0 || d > time.Hour {
			return fmt.Errorf("%w: BusyTimeout(%v): want 0 to 1h", ErrOption, d)
		}
		c.busyTimeout = d
		return nil
	}
}

// SyncFull makes SQLite flush the write-ahead log to disk at every commit
// (synchronous=FULL). By default (synchronous=NORMAL) a commit survives a
// crash of the process at once, and one of the machine (power loss) once the
// log is checkpointed; the database is never corrupted either way. FULL
// costs one disk flush per transition. PostgreSQL follows the server's
// synchronous_commit setting, which the data source name may set.
func SyncFull() Option {
	return func(c *config) error {
		c.syncFull = true
		return nil
	}
}

// Open connects to a database through driver [SQLite] or [Postgres] ("pgx"
// and "postgresql" are accepted too), migrates its schema to
// [SchemaVersion] and returns the store. SQLite databases run in WAL mode
// with a busy timeout and foreign keys on. A schema newer than this code is
// an error wrapping [ErrSchema]. Call [Store.Close] when done.
func Open(ctx context.Context, driver, dsn string, opts ...Option) (*Store, error) {
	s, err := open(ctx, driver, dsn, opts)
	if err != nil {
		return nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if err := s.prepareWrites(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// The log's integrator, whose first round integrates the leaves left
	// queued.
	s.startIntegrator()
	return s, nil
}

// open connects without migrating.
func open(ctx context.Context, driver, dsn string, opts []Option) (*Store, error) {
	cfg := config{maxConns: 8, busyTimeout: 10 * time.Second}
	for _, o := range opts {
		if o == nil {
			continue
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	s := &Store{wake: make(chan struct{}, 1), quit: make(chan struct{})}
	switch driver {
	case SQLite:
		if err := s.openSQLite(dsn, &cfg); err != nil {
			return nil, err
		}
	case Postgres, "postgresql", "pgx":
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("sqlstore: open: %w", err)
		}
		db.SetMaxOpenConns(cfg.maxConns)
		db.SetMaxIdleConns(cfg.maxConns)
		s.w, s.r, s.pg = db, db, true
	default:
		return nil, fmt.Errorf("%w: %q (want %q or %q)", ErrDriver, driver, SQLite, Postgres)
	}
	s.qs = newQueries(s)
	if err := s.connect(ctx, cfg.busyTimeout); err != nil {
		s.Close()
		return nil, dbError("connect", "", err)
	}
	return s, nil
}

// connect opens the first connection. SQLite can refuse it with
// SQLITE_BUSY without waiting for the busy timeout while another
// connection, in this process or another, is turning a new database to WAL
// mode (seen here with four stores opening one new file at once): such
// refusals are retried until the busy timeout has passed.
func (s *Store) connect(ctx context.Context, busyTimeout time.Duration) error {
	deadline := time.Now().Add(busyTimeout)
	for wait := time.Millisecond; ; wait = min(2*wait, 50*time.Millisecond) {
		err := s.w.PingContext(ctx)
		if err == nil || s.pg || !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return err
		case <-time.After(wait):
		}
	}
}

// isBusy reports whether err is SQLite's SQLITE_BUSY (any extended code).
func isBusy(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code()&0xff == 5 // SQLITE_BUSY
}

func (s *Store) openSQLite(dsn string, cfg *config) error {
	if dsn == "" {
		return fmt.Errorf("%w: empty SQLite file name", ErrOption)
	}
	memory := dsn == ":memory:" || strings.Contains(dsn, "mode=memory")
	if strings.Contains(dsn, "_pragma=") || strings.Contains(dsn, "_txlock=") {
		return fmt.Errorf("%w: the SQLite data source name sets _pragma or _txlock, which the store sets itself", ErrOption)
	}
	sync := "NORMAL"
	if cfg.syncFull {
		sync = "FULL"
	}
	p := url.Values{}
	p.Add("_pragma", "busy_timeout("+strconv.FormatInt(cfg.busyTimeout.Milliseconds(), 10)+")")
	p.Add("_pragma", "foreign_keys(1)")
	if !memory {
		p.Add("_pragma", "journal_mode(WAL)")
	}
	p.Add("_pragma", "synchronous("+sync+")")
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	base := dsn + sep + p.Encode()
	// Writes go through one connection whose transactions take the write
	// lock at BEGIN (BEGIN IMMEDIATE): writers queue in the pool instead of
	// failing on a lock upgrade, and readers are never blocked (WAL).
	w, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return fmt.Errorf("sqlstore: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s.w, s.r = w, w
	if memory || cfg.maxConns == 1 {
		return nil // a private in-memory database lives in its one connection
	}
	r, err := sql.Open("sqlite", base)
	if err != nil {
		w.Close()
		return fmt.Errorf("sqlstore: open: %w", err)
	}
	r.SetMaxOpenConns(max(cfg.maxConns-1, 1))
	r.SetMaxIdleConns(max(cfg.maxConns-1, 1))
	s.r = r
	return nil
}

// Close stops the integration of the log (see the package documentation:
// a round under way ends or is rolled back) and closes the
// store's connections. Calls made after it fail with [ErrClosed].
func (s *Store) Close() error {
	if s.closed.Swap(true) {
		return nil
	}
	// Stop the integration of the log: cancel the runs under way (a run
	// starts only under intMu, on an open store), stop the integrator,
	// and wait for them.
	s.intMu.Lock()
	close(s.quit)
	s.intMu.Unlock()
	s.stopIntegrator()
	s.bg.Wait()
	s.mu.Lock()
	for _, st := range s.stmts {
		st.Close()
	}
	s.stmts = nil
	s.mu.Unlock()
	err := s.w.Close()
	if s.r != s.w {
		if e := s.r.Close(); err == nil {
			err = e
		}
	}
	return err
}

func (s *Store) check(ctx context.Context) error {
	if s.closed.Load() {
		return ErrClosed
	}
	return ctx.Err()
}

// q rewrites the ? placeholders of query for the store's dialect.
func (s *Store) q(query string) string {
	if !s.pg {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// Create implements [dossier.Store.Create]: the dossier row, its events
// and their queued log leaves are written in one transaction, for the
// store's integrator (every read of the log integrates them first).
func (s *Store) Create(ctx context.Context, d dossier.Dossier) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	if d.Code == "" {
		return fmt.Errorf("%w: empty code", dossier.ErrInvalidDossier)
	}
	if d.Version != int64(len(d.Events)) {
		return fmt.Errorf("%w: %s: version %d with %d events", dossier.ErrInvalidDossier, d.Code, d.Version, len(d.Events))
	}
	row, err := encodeDossier(&d)
	if err != nil {
		return err
	}
	evs, err := encodeEvents(d.Code, d.Events, 0)
	if err != nil {
		return err
	}
	err = s.inTx(ctx, "create", d.Code, func(tx *sql.Tx) error {
		res, err := s.txExec(ctx, tx, s.qs.insertDossier, row...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return fmt.Errorf("%w: %s", dossier.ErrExists, d.Code)
		}
		if err := s.insertEvents(ctx, tx, evs); err != nil {
			return err
		}
		return s.appendLog(ctx, tx, d.Code, d.Events)
	})
	if err != nil {
		return err
	}
	s.wakeIntegrator()
	return nil
}

// Get implements [dossier.Store.Get]. One query reads the dossier row
// joined with its events (one round trip, one snapshot); a dossier without
// events, or none, is read in two. Damage the database reports, a row of
// an impossible shape, or a dossier row missing beside its stored events
// or log leaves is a [*CorruptError], never [dossier.ErrNotFound].
func (s *Store) Get(ctx context.Context, code string) (dossier.Dossier, error) {
	if err := s.check(ctx); err != nil {
		return dossier.Dossier{}, err
	}
	st, err := s.stmt(ctx, false, s.qs.getJoined)
	if err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	rows, err := st.QueryContext(ctx, code)
	if err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	var (
		d    dossier.Dossier
		dr   = dossierRow{d: &d}
		skip [briefColumns + 1]sql.RawBytes // the dossier's columns, repeated on each event's row
		dest = make([]any, 0, briefColumns+1+eventColumns)
	)
	for rows.Next() {
		var ev dossier.Event
		er := eventRow{ev: &ev}
		dest = dest[:0]
		if d.Events == nil {
			dest = dr.dest(dest)
		} else {
			for i := range skip {
				dest = append(dest, &skip[i])
			}
		}
		if err := rows.Scan(er.dest(dest)...); err != nil {
			rows.Close()
			return dossier.Dossier{}, scanError("get", code, err)
		}
		if d.Events == nil {
			err := dr.finish()
			if err == nil {
				err = sameCode(code, d.Code)
			}
			if err != nil {
				rows.Close()
				return dossier.Dossier{}, err
			}
			d.Events = make([]dossier.Event, 0, d.Version)
		}
		_, pos, err := er.finish()
		if err == nil && pos != int64(len(d.Events))+1 {
			err = &CorruptError{Code: code, Column: "events.pos", Err: fmt.Errorf("event at position %d follows %d events", pos, len(d.Events))}
		}
		if err != nil {
			rows.Close()
			return dossier.Dossier{}, err
		}
		d.Events = append(d.Events, ev)
	}
	if err := closeRows(rows); err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	if d.Events == nil {
		return s.getApart(ctx, code, true)
	}
	if int64(len(d.Events)) != d.Version {
		return dossier.Dossier{}, &CorruptError{Code: code, Column: "events", Err: fmt.Errorf("%d events stored for version %d", len(d.Events), d.Version)}
	}
	return d, nil
}

// sameCode returns a [*CorruptError] unless the row read for the dossier
// code is that dossier's: a damaged index can lead a lookup to another row.
func sameCode(code, got string) error {
	if got == code {
		return nil
	}
	return &CorruptError{Code: code, Column: "code", Err: fmt.Errorf("the lookup of %q read the row of %q", code, got)}
}

// getApart reads the dossier row, then its events. When no row is found
// and retry is set, a dossier that was created meanwhile is read again.
func (s *Store) getApart(ctx context.Context, code string, retry bool) (dossier.Dossier, error) {
	st, err := s.stmt(ctx, false, s.qs.getDossier)
	if err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	rows, err := st.QueryContext(ctx, code)
	if err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	var d dossier.Dossier
	found := false
	for rows.Next() {
		err := scanDossier(rows, &d, false)
		if err == nil {
			err = sameCode(code, d.Code)
		}
		if err != nil {
			rows.Close()
			return dossier.Dossier{}, err
		}
		found = true
	}
	if err := closeRows(rows); err != nil {
		return dossier.Dossier{}, dbError("get", code, err)
	}
	if !found {
		created, err := s.absent(ctx, s.r, "get", code)
		if created && retry {
			return s.getApart(ctx, code, false)
		}
		return dossier.Dossier{}, err
	}
	// Events are append-only and written with the row that counts them, so
	// the first Version events are exactly those of the row just read.
	page := []dossier.Dossier{d}
	if err := s.loadEvents(ctx, page); err != nil {
		return dossier.Dossier{}, err
	}
	return page[0], nil
}

// absent returns the error for the dossier code that a lookup did not
// find, after asking the database, in one statement (one snapshot),
// whether the dossier's row, events or log leaves are there. With none of
// them the dossier was never stored: [dossier.ErrNotFound]. Events or
// leaves without the row are damage, a [*CorruptError]: a dossier row is
// never deleted (its events refer to it), so the lookup went through a
// damaged page or index. It reports created when the row is there now (the
// dossier was created after the lookup), with a nil error.
//
// A dossier is not told from one never stored when its row, its events
// and its leaves are all out of reach (a damaged page of each of the
// three trees); [Store.Check] reports such damage.
func (s *Store) absent(ctx context.Context, q querier, op, code string) (created bool, err error) {
	var row, events, leaves bool
	if err := q.QueryRowContext(ctx, s.qs.traces, code, code, code).Scan(&row, &events, &leaves); err != nil {
		return false, scanError(op, code, err)
	}
	switch {
	case row:
		return true, nil
	case events || leaves:
		what := "events"
		if !events {
			what = "log leaves"
		} else if leaves {
			what = "events and log leaves"
		}
		return false, &CorruptError{Code: code, Op: op, Err: fmt.Errorf("%w: its %s are stored", errMissingRow, what)}
	}
	return false, fmt.Errorf("%w: %s", dossier.ErrNotFound, code)
}

// Update implements [dossier.Store.Update]: in one transaction it checks
// the stored version and trail, rewrites the dossier row, appends the new
// events and queues their log leaves, as [Store.Create] does. Event rows are only ever inserted.
func (s *Store) Update(ctx context.Context, d dossier.Dossier, expectedVersion int64) error {
	if err := s.check(ctx); err != nil {
		return err
	}
	if d.Version <= expectedVersion || d.Version != int64(len(d.Events)) || expectedVersion < 0 {
		return fmt.Errorf("%w: %s: version %d with %d events, expected version %d", dossier.ErrInvalidDossier, d.Code, d.Version, len(d.Events), expectedVersion)
	}
	row, err := encodeDossier(&d)
	if err != nil {
		return err
	}
	evs, err := encodeEvents(d.Code, d.Events[expectedVersion:], int(expectedVersion))
	if err != nil {
		return err
	}
	prefix := trailDigest(d.Events[:expectedVersion])
	newEvents := d.Events[expectedVersion:]
	var pgArgs []any
	if s.pg && len(evs) <= pgUpdateEvents {
		// PostgreSQL: the guarded UPDATE and the INSERT of the events in
		// one statement, one round trip.
		pgArgs = append(row[1:], d.Code, expectedVersion, prefix)
		for _, e := range evs {
			pgArgs = append(pgArgs, e...)
		}
		// The statement commits on its own. With the log, it queues the
		// leaves too (no lock taken), for the integrator.
		if s.noLog {
			if done, err := s.pgUpdateAlone(ctx, d.Code, len(evs), pgArgs); done || err != nil {
				return err
			}
		} else {
			seqs, leaves := leafArrays(newEvents)
			args := append(pgArgs[:len(pgArgs):len(pgArgs)], seqs, leaves)
			if done, err := s.pgUpdateLogged(ctx, d.Code, len(evs), args); err != nil {
				return err
			} else if done {
				s.wakeIntegrator()
				return nil
			}
		}
	}
	err = s.inTx(ctx, "update", d.Code, func(tx *sql.Tx) error {
		// Fast path: one statement checks the version and, through the
		// trail digest, that the stored events are d's first ones
		// (PostgreSQL: and inserts the events).
		var q string
		var args []any
		if pgArgs != nil {
			q, args = s.qs.pgUpdate[len(evs)-1], pgArgs
		} else {
			q, args = s.qs.updateDossier, append(row[1:], d.Code, expectedVersion, prefix)
		}
		res, err := s.txExec(ctx, tx, q, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if pgArgs != nil && n == int64(len(evs)) {
			return s.appendLog(ctx, tx, d.Code, newEvents)
		}
		if n == 0 {
			// Nothing was written: find out why, and update a row older
			// than the trail digest.
			if err := s.updateSlow(ctx, tx, &d, expectedVersion, row); err != nil {
				return err
			}
		}
		if err := s.insertEvents(ctx, tx, evs); err != nil {
			return err
		}
		return s.appendLog(ctx, tx, d.Code, newEvents)
	})
	if err != nil {
		return err
	}
	s.wakeIntegrator()
	return nil
}

// pgUpdateAlone runs the one-statement update of n events outside a
// transaction and reports whether it wrote them.
func (s *Store) pgUpdateAlone(ctx context.Context, code string, n int, args []any) (bool, error) {
	st, err := s.stmt(ctx, true, s.qs.pgUpdate[n-1])
	if err != nil {
		return false, dbError("update", code, err)
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return false, dbError("update", code, err)
	}
	written, err := res.RowsAffected()
	if err != nil {
		return false, dbError("update", code, err)
	}
	return written == int64(n), nil
}

// pgUpdateLogged runs the one-statement update of n events that queues
// their leaves, outside a transaction, and reports whether it wrote them.
func (s *Store) pgUpdateLogged(ctx context.Context, code string, n int, args []any) (bool, error) {
	st, err := s.stmt(ctx, true, s.qs.pgUpdateLog[n-1])
	if err != nil {
		return false, dbError("update", code, err)
	}
	var updated string
	switch err := st.QueryRowContext(ctx, args...).Scan(&updated); {
	case err == nil:
		return true, nil
	case isNoRows(err):
		return false, nil
	default:
		return false, dbError("update", code, err)
	}
}

// updateSlow finds out why the guarded UPDATE matched no row: a missing
// dossier, a stale version or a changed trail. A row written before the
// trail digest existed (schema 3) is checked event by event and updated.
func (s *Store) updateSlow(ctx context.Context, tx *sql.Tx, d *dossier.Dossier, expectedVersion int64, row []any) error {
	var stored int64
	var trail []byte
	if err := tx.QueryRowContext(ctx, s.qs.lockVersion, d.Code).Scan(&stored, &trail); err != nil {
		if !isNoRows(err) {
			return scanError("update", d.Code, err)
		}
		created, err := s.absent(ctx, tx, "update", d.Code)
		if created {
			return fmt.Errorf("%w: %s: created concurrently", dossier.ErrConflict, d.Code)
		}
		return err
	}
	if stored != expectedVersion {
		return fmt.Errorf("%w: %s: stored version %d, expected %d", dossier.ErrConflict, d.Code, stored, expectedVersion)
	}
	if err := s.checkAppendOnly(ctx, tx, d, expectedVersion); err != nil {
		return err
	}
	if trail != nil {
		return &CorruptError{Code: d.Code, Column: "trail", Err: fmt.Errorf("digest does not match the stored events")}
	}
	res, err := tx.ExecContext(ctx, s.qs.updateSlow, append(row[1:], d.Code, expectedVersion)...)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n != 1 {
		return fmt.Errorf("%w: %s: changed concurrently", dossier.ErrConflict, d.Code)
	}
	return nil
}

// checkAppendOnly returns an error wrapping ErrAppendOnly unless d's first
// n events are the stored ones (same sequence numbers and hashes).
func (s *Store) checkAppendOnly(ctx context.Context, tx *sql.Tx, d *dossier.Dossier, n int64) error {
	rows, err := tx.QueryContext(ctx, s.qs.eventHashes, d.Code, n)
	if err != nil {
		return err
	}
	defer rows.Close()
	i := 0
	for rows.Next() {
		var seq int64
		var h []byte
		if err := rows.Scan(&seq, &h); err != nil {
			return scanError("update", d.Code, err)
		}
		if i >= len(d.Events) || uint64(seq) != d.Events[i].Seq || string(h) != string(d.Events[i].Hash[:]) {
			return fmt.Errorf("%w: %s: %w: event #%d changed", dossier.ErrInvalidDossier, d.Code, dossier.ErrAppendOnly, i)
		}
		i++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if int64(i) != n {
		return &CorruptError{Code: d.Code, Column: "events", Err: fmt.Errorf("%d events stored for version %d", i, n)}
	}
	return nil
}

// NextCode implements [dossier.Store.NextCode] with one atomic upsert of
// the agency's counter for the day.
func (s *Store) NextCode(ctx context.Context, agency string, day time.Time) (string, error) {
	if err := s.check(ctx); err != nil {
		return "", err
	}
	if err := dossier.CheckAgency(agency); err != nil {
		return "", err
	}
	if day.IsZero() {
		return "", fmt.Errorf("%w: zero day", dossier.ErrInvalidCode)
	}
	y, m, dd := day.In(vntime.Location).Date()
	key := int64(y)*10000 + int64(m)*100 + int64(dd)
	var n int64
	st, err := s.stmt(ctx, true, s.qs.nextSeq)
	if err == nil {
		err = st.QueryRowContext(ctx, agency, key).Scan(&n)
	}
	if err != nil {
		return "", dbError("next code", agency, err)
	}
	return dossier.FormatCode(agency, day, int(n)), nil
}

// inTx runs f in a write transaction, committing when it returns nil and
// rolling back otherwise. Errors of the database are wrapped with op and
// the dossier's code ([dbError]).
// PostgreSQL's transactions are READ COMMITTED whatever the server's
// default: the log's append reads the size the previous holder of the
// append lock committed.
func (s *Store) inTx(ctx context.Context, op, code string, f func(*sql.Tx) error) error {
	var opts *sql.TxOptions
	if s.pg {
		opts = &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	}
	tx, err := s.w.BeginTx(ctx, opts)
	if err != nil {
		return dbError(op, code, fmt.Errorf("begin: %w", err))
	}
	if err := f(tx); err != nil {
		_ = tx.Rollback()
		s.publishFrontier(false)
		return dbError(op, code, err)
	}
	if err := tx.Commit(); err != nil {
		s.publishFrontier(false)
		return dbError(op, code, fmt.Errorf("commit: %w", err))
	}
	s.publishFrontier(true)
	return nil
}

// publishFrontier makes the frontier an append of the transaction just
// ended computed the one the next append starts from, when it committed;
// when it failed, neither it nor any earlier one is kept.
func (s *Store) publishFrontier(committed bool) {
	s.frontMu.Lock()
	defer s.frontMu.Unlock()
	switch {
	case !committed:
		s.front = nil
	case s.pendingFront != nil:
		s.front = s.pendingFront
	}
	s.pendingFront = nil
}

func isStoreError(err error) bool {
	for _, e := range []error{dossier.ErrNotFound, dossier.ErrExists, dossier.ErrConflict, dossier.ErrInvalidDossier, ErrCorrupt} {
		if errorsIs(err, e) {
			return true
		}
	}
	return false
}

func (s *Store) insertEvents(ctx context.Context, tx *sql.Tx, evs [][]any) error {
	for len(evs) > 0 {
		n := min(len(evs), maxEventsPerInsert)
		args := make([]any, 0, n*eventColumns)
		for _, e := range evs[:n] {
			args = append(args, e...)
		}
		if _, err := s.txExec(ctx, tx, s.qs.insertEvents(n), args...); err != nil {
			return err
		}
		evs = evs[n:]
	}
	return nil
}

func closeRows(rows *sql.Rows) error {
	err := rows.Err()
	if e := rows.Close(); err == nil {
		err = e
	}
	return err
}
