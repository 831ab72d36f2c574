package sqlstore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// BenchmarkTransition measures transitions per second: each is what the
// dossier Service does, Get then Update with one new event, through 1 and
// 8 concurrent writers working on their own dossiers. SQLite runs on a
// file on disk with the default synchronous=NORMAL and with SyncFull. Each
// runs with the transparency log off (the store as it was before the log:
// PostgreSQL's update is one statement outside a transaction) and on, side
// by side.
//
//	go test -run '^$' -bench Transition -benchtime 2s ./dossier/sqlstore
func BenchmarkTransition(b *testing.B) {
	for _, v := range transitionVariants() {
		for _, writers := range []int{1, 8} {
			for _, log := range []bool{false, true} {
				b.Run(fmt.Sprintf("%s/writers=%d/log=%s", v.name, writers, map[bool]string{false: "off", true: "on"}[log]), func(b *testing.B) {
					s := v.be.open(b, v.opts...)
					if !log {
						logOff(s)
					}
					benchTransitions(b, s, writers)
				})
			}
		}
	}
}

// benchTransitions runs b's transitions through writers on a population
// of s, and reports their rate and the process's CPU time for each.
func benchTransitions(b *testing.B, s *Store, writers int) {
	r := newTransitionRun(b, s, writers)
	jobs, wait := r.start()
	start, cpu := time.Now(), cpuTime()
	n := 0
	for b.Loop() {
		jobs <- struct{}{}
		n++
	}
	if err := wait(); err != nil {
		b.Fatal(err)
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(n), "cpu-µs/transition")
	b.ReportMetric(float64(n)/elapsed.Seconds(), "transitions/s")
}

// BenchmarkTransitionLog measures what the transparency log costs the
// writers as the issue states it, log on against log off in one run,
// without what separates two benchmarks run one after the other (the
// server's checkpoints and the disk's writeback after the first, a drift
// of the machine): a store with the log and one without, opened side by
// side on the same server (SQLite: two files in one directory), take turns
// in slices of transitionSlice transitions through the same number of
// writers, the store that goes first alternating. The store with the log
// integrates its queued leaves (LogSize) within its own slice, so that
// none of its work is left to run during the other's. It reports each
// store's rate and their ratio.
//
//	go test -run '^$' -bench TransitionLog -benchtime 40000x ./dossier/sqlstore
func BenchmarkTransitionLog(b *testing.B) {
	for _, v := range transitionVariants() {
		for _, writers := range []int{1, 8} {
			b.Run(fmt.Sprintf("%s/writers=%d", v.name, writers), func(b *testing.B) {
				off := v.be.open(b, v.opts...)
				logOff(off)
				runs := [2]*transitionRun{newTransitionRun(b, off, writers), newTransitionRun(b, v.be.open(b, v.opts...), writers)}
				var took [2]time.Duration
				var done [2]int
				b.ResetTimer()
				for k := 0; done[0]+done[1] < 2*b.N; k++ {
					for j := range 2 {
						i := (k + j) % 2 // off first, then on first, ...
						n := min(transitionSlice, b.N-done[i])
						if n == 0 {
							continue
						}
						jobs, wait := runs[i].start()
						start := time.Now()
						for range n {
							jobs <- struct{}{}
						}
						if err := wait(); err != nil {
							b.Fatal(err)
						}
						took[i] += time.Since(start)
						done[i] += n
					}
				}
				offRate, onRate := float64(done[0])/took[0].Seconds(), float64(done[1])/took[1].Seconds()
				b.ReportMetric(offRate, "off-transitions/s")
				b.ReportMetric(onRate, "on-transitions/s")
				b.ReportMetric(onRate/offRate, "on/off")
			})
		}
	}
}

// transitionSlice is how many transitions a store of
// BenchmarkTransitionLog runs in its turn: some 0.2 to 1 s.
const transitionSlice = 1000

// transitionVariant is a store BenchmarkTransition and
// BenchmarkTransitionLog run: a backend and the options it is opened with.
type transitionVariant struct {
	name string
	be   backend
	opts []Option
}

func transitionVariants() []transitionVariant {
	return []transitionVariant{
		{"sqlite", backends[0], nil},
		{"sqlite-syncfull", backends[0], []Option{SyncFull()}},
		{"postgres", backends[1], []Option{MaxConns(16)}},
		{"postgres-async", backend{"postgres", func(t testing.TB) (string, string) {
			return Postgres, withParam(pgSchema(t), "synchronous_commit", "off")
		}}, []Option{MaxConns(16)}},
	}
}

// logOff turns the transparency log of s off, as the store was before the
// log: its writes queue no leaves and it runs no integrator.
func logOff(s *Store) {
	s.stopIntegrator() // it reads noLog
	s.noLog = true
}

// transitionRun is a benchmark's population of dossiers in a store,
// writers*300 of them, each writer working on its own.
type transitionRun struct {
	s       *Store
	writers int
	pop     []dossier.Dossier
	next    []int // the next dossier of each writer, counted from its first
}

const dossiersPerWriter = 300

func newTransitionRun(b *testing.B, s *Store, writers int) *transitionRun {
	pop := make([]dossier.Dossier, 0, writers*dossiersPerWriter)
	for i := range writers * dossiersPerWriter {
		pop = append(pop, newDossier(fmt.Sprintf("000.00.01.H12-260302-%04d", i+1), t0))
	}
	createMany(b, s, pop)
	return &transitionRun{s: s, writers: writers, pop: pop, next: make([]int, writers)}
}

// start starts the writers: each transition sent on jobs is one of them,
// what the dossier Service does (Get, then Update with one new event).
// wait closes jobs, waits for the writers and, with the log, for the
// integration of every leaf queued, and returns the first error.
func (r *transitionRun) start() (jobs chan<- struct{}, wait func() error) {
	ctx := context.Background()
	ch := make(chan struct{})
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for w := range r.writers {
		wg.Go(func() {
			for range ch {
				code := r.pop[w*dossiersPerWriter+r.next[w]%dossiersPerWriter].Code
				r.next[w]++
				d, err := r.s.Get(ctx, code)
				if err == nil {
					v := d.Version
					step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
					err = r.s.Update(ctx, d, v)
				}
				if err != nil {
					failed.CompareAndSwap(nil, &err)
				}
			}
		})
	}
	return ch, func() error {
		close(ch)
		wg.Wait()
		if p := failed.Load(); p != nil {
			return *p
		}
		if !r.s.noLog {
			// The leaves still queued are integrated within the time
			// measured.
			if _, err := r.s.LogSize(ctx); err != nil {
				return err
			}
		}
		return nil
	}
}

// bigSize is the number of dossiers of the large listing benchmarks.
const bigSize = 1_000_000

// bigSQLite returns a SQLite store holding bigSize dossiers of
// population(bigSize, 1), built once in the temporary directory and kept
// for later runs (remove $TMPDIR/motcua-sqlstore-bench-*.db to rebuild).
func bigSQLite(b *testing.B) *Store {
	path := filepath.Join(os.TempDir(), fmt.Sprintf("motcua-sqlstore-bench-v%d-%d.db", SchemaVersion(), bigSize))
	ctx := context.Background()
	if _, err := os.Stat(path); err != nil {
		b.Logf("building %d dossiers in %s", bigSize, path)
		start := time.Now()
		tmp := path + ".tmp"
		os.Remove(tmp)
		s, err := Open(ctx, SQLite, tmp)
		require.NoError(b, err)
		for i := 0; i < bigSize; i += 100_000 {
			createMany(b, s, populationFrom(100_000, uint64(i)+1, i))
		}
		require.NoError(b, s.Close())
		require.NoError(b, os.Rename(tmp, path))
		os.Remove(tmp + "-wal")
		os.Remove(tmp + "-shm")
		b.Logf("built in %v", time.Since(start))
	}
	s, err := Open(ctx, SQLite, path)
	require.NoError(b, err)
	b.Cleanup(func() { s.Close() })
	return s
}

// bigPostgres returns a PostgreSQL store holding bigSize dossiers, kept in
// the schema bench_1m of the server for later runs.
func bigPostgres(b *testing.B) *Store {
	base := os.Getenv(pgEnv)
	if base == "" {
		b.Skip(pgEnv + " is not set")
	}
	ctx := context.Background()
	s, err := Open(ctx, Postgres, base)
	require.NoError(b, err)
	_, err = s.w.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS bench_1m")
	require.NoError(b, err)
	s.Close()
	s, err = Open(ctx, Postgres, withParam(base, "search_path", "bench_1m"), MaxConns(4))
	require.NoError(b, err)
	b.Cleanup(func() { s.Close() })
	var n int
	require.NoError(b, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM motcua_dossiers").Scan(&n))
	if n != bigSize {
		require.Zero(b, n, "bench_1m holds a partial build: drop the schema")
		b.Logf("building %d dossiers in schema bench_1m", bigSize)
		start := time.Now()
		for i := 0; i < bigSize; i += 100_000 {
			createMany(b, s, populationFrom(100_000, uint64(i)+1, i))
		}
		_, err := s.w.ExecContext(ctx, "ANALYZE")
		require.NoError(b, err)
		b.Logf("built in %v", time.Since(start))
	}
	// The rows schema 8's migration rewrote (the facts backfill) leave dead
	// versions behind until autovacuum passes: count the live table.
	_, err = s.w.ExecContext(ctx, "VACUUM ANALYZE motcua_dossiers")
	require.NoError(b, err)
	return s
}

// peakHeap samples the live heap while f runs and returns its peak.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var peak atomic.Uint64
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		var m runtime.MemStats
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&m)
			if m.HeapAlloc > peak.Load() {
				peak.Store(m.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	return peak.Load()
}

// BenchmarkList lists 100,000 and 1,000,000 dossiers, brief (what
// Summarize reads) and whole (with their trails): time per dossier and the
// peak heap stay flat as the row count grows tenfold.
//
//	go test -run '^$' -bench 'List|Summarize' -benchtime 1x -benchmem ./dossier/sqlstore
func BenchmarkList(b *testing.B) {
	for _, be := range []struct {
		name string
		open func(*testing.B) *Store
	}{{"sqlite", bigSQLite}, {"postgres", bigPostgres}} {
		for _, brief := range []bool{true, false} {
			for _, n := range []int{100_000, bigSize} {
				name := fmt.Sprintf("%s/brief=%t/rows=%d", be.name, brief, n)
				b.Run(name, func(b *testing.B) {
					s := be.open(b)
					ctx := context.Background()
					var peak uint64
					for b.Loop() {
						got := 0
						peak = max(peak, peakHeap(func() {
							for _, err := range s.List(ctx, dossier.Filter{Brief: brief, Limit: n}) {
								if err != nil {
									b.Fatal(err)
								}
								got++
							}
						}))
						if got != n {
							b.Fatalf("listed %d dossiers, want %d", got, n)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/dossier")
					b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
				})
			}
		}
	}
}

// BenchmarkSummarize computes the settlement table of the whole period
// over 1,000,000 dossiers, grouped by agency.
func BenchmarkSummarize(b *testing.B) {
	p := dossier.Period{From: t0.AddDate(-1, 0, 0), To: t0.AddDate(1, 0, 0)}
	for _, be := range []struct {
		name string
		open func(*testing.B) *Store
	}{{"sqlite", bigSQLite}, {"postgres", bigPostgres}} {
		b.Run(be.name, func(b *testing.B) {
			s := be.open(b)
			ctx := context.Background()
			var peak uint64
			for b.Loop() {
				peak = max(peak, peakHeap(func() {
					sum, err := dossier.Summarize(ctx, s, p, dossier.GroupAgency)
					if err != nil {
						b.Fatal(err)
					}
					if sum.Total.Received() == 0 {
						b.Fatal("nothing summarised")
					}
				}))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}

// BenchmarkIndicators counts the Decision 766 indicators of the whole
// period over 1,000,000 dossiers, in SQL (CountIndicators) and, for
// comparison, in Go over full listings (dossier.CountIndicators).
func BenchmarkIndicators(b *testing.B) {
	p := dossier.Period{From: t0.AddDate(-1, 0, 0), To: t0.AddDate(1, 0, 0)}
	for _, be := range []struct {
		name string
		open func(*testing.B) *Store
	}{{"sqlite", bigSQLite}, {"postgres", bigPostgres}} {
		b.Run(be.name+"/sql", func(b *testing.B) {
			s := be.open(b)
			for b.Loop() {
				c, err := s.CountIndicators(context.Background(), p, "")
				if err != nil {
					b.Fatal(err)
				}
				if c.Handled == 0 {
					b.Fatal("nothing counted")
				}
			}
		})
	}
}

// BenchmarkTransitionOutbox measures what enqueueing in the outbox adds to
// a transition: the same writes with the enqueueing trigger dropped and
// kept, side by side (the log on, one writer).
//
//	go test -run '^$' -bench TransitionOutbox -benchtime 2s ./dossier/sqlstore
func BenchmarkTransitionOutbox(b *testing.B) {
	for _, be := range backends {
		for _, outbox := range []bool{false, true} {
			b.Run(fmt.Sprintf("%s/outbox=%t", be.name, outbox), func(b *testing.B) {
				s := be.open(b)
				if !outbox {
					_, err := s.w.ExecContext(context.Background(), "DROP TRIGGER motcua_outbox_enqueue"+map[bool]string{true: " ON motcua_events", false: ""}[s.pg])
					require.NoError(b, err)
				}
				benchTransitions(b, s, 1)
			})
		}
	}
}
