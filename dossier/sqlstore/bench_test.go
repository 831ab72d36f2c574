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
	type variant struct {
		name string
		be   backend
		opts []Option
	}
	variants := []variant{
		{"sqlite", backends[0], nil},
		{"sqlite-syncfull", backends[0], []Option{SyncFull()}},
		{"postgres", backends[1], []Option{MaxConns(16)}},
		{"postgres-async", backend{"postgres", func(t testing.TB) (string, string) {
			return Postgres, withParam(pgSchema(t), "synchronous_commit", "off")
		}}, []Option{MaxConns(16)}},
	}
	for _, v := range variants {
		for _, writers := range []int{1, 8} {
			for _, log := range []bool{false, true} {
				b.Run(fmt.Sprintf("%s/writers=%d/log=%s", v.name, writers, map[bool]string{false: "off", true: "on"}[log]), func(b *testing.B) {
					s := v.be.open(b, v.opts...)
					if !log {
						s.stopIntegrator() // it reads noLog
					}
					s.noLog = !log
					benchTransitions(b, s, writers)
				})
			}
		}
	}
}

func benchTransitions(b *testing.B, s *Store, writers int) {
	ctx := context.Background()
	const perWriter = 300
	pop := make([]dossier.Dossier, 0, writers*perWriter)
	for i := range writers * perWriter {
		pop = append(pop, newDossier(fmt.Sprintf("000.00.01.H12-260302-%04d", i+1), t0))
	}
	createMany(b, s, pop)
	jobs := make(chan struct{})
	var failed atomic.Pointer[error]
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			i := 0
			for range jobs {
				code := pop[w*perWriter+i%perWriter].Code
				i++
				d, err := s.Get(ctx, code)
				if err == nil {
					v := d.Version
					step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
					err = s.Update(ctx, d, v)
				}
				if err != nil {
					failed.CompareAndSwap(nil, &err)
				}
			}
		}()
	}
	start, cpu := time.Now(), cpuTime()
	n := 0
	for b.Loop() {
		jobs <- struct{}{}
		n++
	}
	close(jobs)
	wg.Wait()
	if !s.noLog {
		// The leaves still queued are integrated within the time
		// measured.
		if _, err := s.LogSize(ctx); err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64((cpuTime()-cpu).Microseconds())/float64(n), "cpu-µs/transition")
	if p := failed.Load(); p != nil {
		b.Fatal(*p)
	}
	b.ReportMetric(float64(n)/elapsed.Seconds(), "transitions/s")
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
