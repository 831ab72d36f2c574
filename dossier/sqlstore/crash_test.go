package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// Environment of the child process of TestCrashSafety.
const (
	crashDriver = "MOTCUA_SQLSTORE_CRASH_DRIVER"
	crashDSN    = "MOTCUA_SQLSTORE_CRASH_DSN"
)

// TestCrashSafety re-executes the test binary as a child that writes
// transitions in a loop (new dossiers and updates, from several goroutines)
// and reports each commit on its standard output, kills it with SIGKILL at
// a random moment, reopens the database and checks it: every reported
// commit is there, every trail verifies and matches its dossier, the log
// agrees with the trails (every committed event has its leaf, no leaf
// lacks its event, the stored tree is the tree of the leaves, the audit is
// clean), and code sequences continue after the highest code issued.
// Several rounds run on the same database.
func TestCrashSafety(t *testing.T) {
	if driver := os.Getenv(crashDriver); driver != "" {
		crashChild(t, driver, os.Getenv(crashDSN))
		return
	}
	rounds := 6
	if testing.Short() {
		rounds = 2
	}
	forEach(t, func(t *testing.T, b backend) {
		driver, dsn := b.dsn(t)
		committed := map[string]int64{} // code -> highest version reported
		rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
		for round := range rounds {
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1", "-test.timeout=5m")
			childDSN := dsn
			if driver == Postgres {
				childDSN = withParam(dsn, "application_name", crashApp)
			}
			cmd.Env = append(os.Environ(), crashDriver+"="+driver, crashDSN+"="+childDSN)
			out, err := cmd.StdoutPipe()
			require.NoError(t, err)
			cmd.Stderr = os.Stderr
			require.NoError(t, cmd.Start())
			lines := make(chan string, 1024)
			var wg sync.WaitGroup
			wg.Add(1)
			go func() {
				defer wg.Done()
				sc := bufio.NewScanner(out)
				for sc.Scan() {
					lines <- sc.Text()
				}
				close(lines)
			}()
			// Wait for the child's first commit, then let it run a random while.
			first, ok := <-lines
			require.True(t, ok, "child wrote nothing")
			time.Sleep(time.Duration(50+rng.IntN(700)) * time.Millisecond)
			require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
			n := 0
			record := func(line string) {
				f := strings.Fields(line)
				if len(f) != 3 || f[0] != "ok" {
					return
				}
				v, err := strconv.ParseInt(f[2], 10, 64)
				require.NoError(t, err)
				committed[f[1]] = max(committed[f[1]], v)
				n++
			}
			record(first)
			for line := range lines {
				record(line)
			}
			wg.Wait()
			_ = cmd.Wait()
			t.Logf("round %d: child killed after %d commits", round, n)
			if driver == Postgres {
				waitForBackends(t, dsn)
			}
			checkAfterCrash(t, driver, dsn, committed)
		}
	})
}

// crashApp is the application_name of the crash child's PostgreSQL
// connections.
const crashApp = "motcua-crash-child"

// waitForBackends waits until the server has ended the killed child's
// connections. A statement that was running when the child died (an
// autocommit update) runs to its end, committing or not, before its
// backend notices and exits: checking earlier could read the log before
// that commit and the dossiers after it.
func waitForBackends(t *testing.T, dsn string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer db.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var n int
		require.NoError(t, db.QueryRow(`SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = $1 AND datname = current_database()`, crashApp).Scan(&n))
		if n == 0 {
			return
		}
		require.True(t, time.Now().Before(deadline), "the killed child's %d connections are still open", n)
		time.Sleep(10 * time.Millisecond)
	}
}

func checkAfterCrash(t *testing.T, driver, dsn string, committed map[string]int64) {
	t.Helper()
	ctx := context.Background()
	s, err := Open(ctx, driver, dsn)
	require.NoError(t, err)
	defer s.Close()
	if !s.pg {
		var res string
		require.NoError(t, s.r.QueryRowContext(ctx, "PRAGMA integrity_check").Scan(&res))
		require.Equal(t, "ok", res)
	}
	seen := map[string]int64{}
	maxSeq := map[string]int{}
	for d, err := range s.List(ctx, dossier.Filter{}) {
		require.NoError(t, err, "every dossier reads back whole")
		require.NoError(t, d.Verify(), "trail of %s", d.Code)
		seen[d.Code] = d.Version
		agency, day, seq, err := dossier.ParseCode(d.Code)
		require.NoError(t, err)
		k := agency + "|" + day.Format("060102")
		maxSeq[k] = max(maxSeq[k], seq)
	}
	for code, v := range committed {
		got, ok := seen[code]
		require.True(t, ok, "committed dossier %s is missing", code)
		require.GreaterOrEqual(t, got, v, "committed version of %s is missing", code)
	}
	var rows int64
	require.NoError(t, s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM motcua_events").Scan(&rows))
	var sum int64
	for _, v := range seen {
		sum += v
	}
	assert.Equal(t, sum, rows, "no event rows beyond the dossiers' versions")
	order := checkLog(t, s)
	assert.Equal(t, sum, int64(len(order)), "a leaf for every committed event, none more")
	rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{})
	require.NoError(t, err)
	assert.True(t, rep.Clean(), "%v", rep.Findings)
	for k, top := range maxSeq {
		agency, day, _ := strings.Cut(k, "|")
		d, err := time.ParseInLocation("060102", day, t0.Location())
		require.NoError(t, err)
		code, err := s.NextCode(ctx, agency, d)
		require.NoError(t, err)
		_, _, seq, err := dossier.ParseCode(code)
		require.NoError(t, err)
		require.Greater(t, seq, top, "no code is issued twice")
	}
}

// crashChild writes until it is killed: each worker creates dossiers and
// moves existing ones along, printing "ok CODE VERSION" after each commit.
func crashChild(t *testing.T, driver, dsn string) {
	ctx := context.Background()
	s, err := Open(ctx, driver, dsn)
	if err != nil {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	var mu sync.Mutex
	report := func(code string, v int64) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(os.Stdout, "ok %s %d\n", code, v) // unbuffered: one write per line
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), uint64(w)))
			var mine []string
			for {
				if len(mine) == 0 || rng.IntN(3) == 0 {
					at := t0.Add(time.Duration(rng.IntN(3)) * 24 * time.Hour)
					code, err := s.NextCode(ctx, "000.00.01.H12", at)
					if err != nil {
						fmt.Fprintln(os.Stderr, "crash child:", err)
						os.Exit(3)
					}
					d := newDossier(code, at)
					if err := s.Create(ctx, d); err != nil {
						fmt.Fprintln(os.Stderr, "crash child:", err)
						os.Exit(3)
					}
					report(code, d.Version)
					mine = append(mine, code)
					continue
				}
				code := mine[rng.IntN(len(mine))]
				d, err := s.Get(ctx, code)
				if err != nil {
					fmt.Fprintln(os.Stderr, "crash child:", err)
					os.Exit(3)
				}
				v := d.Version
				for range 1 + rng.IntN(2) {
					step(&d, d.Events[len(d.Events)-1].At.Add(time.Minute))
				}
				if err := s.Update(ctx, d, v); err != nil {
					fmt.Fprintln(os.Stderr, "crash child:", err)
					os.Exit(3)
				}
				report(code, d.Version)
			}
		}()
	}
	wg.Wait()
}
