package sqlstore

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"modernc.org/sqlite"

	"github.com/motcua/motcua/dossier"
)

// SQLite on a full disk (issue #18), two ways: the database on a tmpfs of
// 3 MiB mounted for the test (when it may mount: root, with the
// capability), and a child process writing under a file-size limit
// (RLIMIT_FSIZE of 2 MiB), which SQLite meets the same way, a write that
// cannot be done. Either way writes fill the space until one fails with a
// clear error (SQLITE_FULL or SQLITE_IOERR, never a corruption), later
// writes fail the same way and reads go on; closed and opened again, the
// database passes its integrity check, every acknowledged transition is
// there and every trail and the log verify, and with space again it takes
// writes.

// Environment of the child process of TestFaultSQLiteDiskFull.
const fsizeDirEnv = "MOTCUA_SQLSTORE_FSIZE_DIR"

// sqliteFull and sqliteIOErr are SQLite's primary result codes of a write
// that did not fit: the disk is full, or the write failed (EFBIG past a
// file-size limit).
const (
	sqliteIOErr = 10
	sqliteFull  = 13
)

func TestFaultSQLiteDiskFull(t *testing.T) {
	if dir := os.Getenv(fsizeDirEnv); dir != "" {
		fsizeChild(dir)
		return
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 18))
	cases := []struct {
		name string
		// fill fills the disk under the database at path and returns
		// the acknowledged commits, having checked the failure.
		fill func(t *testing.T) (path string, committed map[string]int64)
	}{
		{"tmpfs", func(t *testing.T) (string, map[string]int64) {
			dir, mounted := faultTmpfs(t, 3<<20)
			if !mounted {
				t.Skip("mounting a tmpfs is not permitted here (needs root with CAP_SYS_ADMIN); the rlimit case covers the full disk")
			}
			// Space to give back once the disk is full.
			reserve := filepath.Join(dir, "reserve")
			require.NoError(t, os.WriteFile(reserve, make([]byte, 512<<10), 0o600))
			path := filepath.Join(dir, "motcua.db")
			s, err := Open(t.Context(), SQLite, path)
			require.NoError(t, err)
			committed, first := fillDisk(t.Context(), s, rng, nil)
			requireFullError(t, first)
			t.Logf("the first failed write: %v", first)
			// Later writes fail the same way, or fit in what a rolled
			// back one left; reads go on.
			for range 5 {
				code, v, err := (&faultLoad{}).write(t.Context(), s, rng, nil)
				if err != nil {
					requireFullError(t, err)
					continue
				}
				committed[code] = v
			}
			for code, v := range committed {
				d, err := s.Get(t.Context(), code)
				require.NoError(t, err)
				require.Equal(t, v, d.Version)
				require.NoError(t, d.Verify())
			}
			require.NoError(t, s.Close())
			// Opened again on the full disk, it reads and every trail
			// verifies. The log's reads integrate the leaves still queued
			// first, which needs space: the audit is clean, or fails with
			// the disk's error (never a finding, never a corruption) and
			// is clean once there is space again (checkAfterCrash).
			s, err = Open(t.Context(), SQLite, path)
			require.NoError(t, err)
			n := 0
			for d, err := range s.List(t.Context(), dossier.Filter{}) {
				require.NoError(t, err)
				require.NoError(t, d.Verify(), "trail of %s", d.Code)
				n++
			}
			assert.Equal(t, len(committed), n)
			if rep, err := dossier.Audit(t.Context(), s, dossier.AuditOptions{}); err != nil {
				requireFullError(t, err)
				t.Logf("the audit on the full disk: %v", err)
			} else {
				assert.True(t, rep.Clean(), "%v", rep.Findings)
			}
			require.NoError(t, s.Close())
			require.NoError(t, os.Remove(reserve))
			return path, committed
		}},
		{"rlimit-fsize", func(t *testing.T) (string, map[string]int64) {
			dir := t.TempDir()
			return filepath.Join(dir, "motcua.db"), fsizeRun(t, dir)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			path, committed := c.fill(t)
			t.Logf("%d dossiers written before the disk was full", len(committed))
			require.NotEmpty(t, committed)
			checkAfterCrash(t, SQLite, path, committed)
			s, err := Open(t.Context(), SQLite, path)
			require.NoError(t, err)
			defer s.Close()
			_, _, err = (&faultLoad{}).write(t.Context(), s, rng, nil)
			require.NoError(t, err, "with space again, the store writes")
		})
	}
}

// fillDisk writes new dossiers until a write fails, reporting each commit
// to report (if not nil), and returns the commits and the error.
func fillDisk(ctx context.Context, s *Store, rng *rand.Rand, report func(code string, v int64)) (map[string]int64, error) {
	committed := map[string]int64{}
	l := &faultLoad{}
	deadline := time.Now().Add(40 * time.Second)
	for time.Now().Before(deadline) {
		code, v, err := l.write(ctx, s, rng, nil)
		if err != nil {
			return committed, err
		}
		committed[code] = v
		if report != nil {
			report(code, v)
		}
	}
	return committed, errors.New("the disk did not fill in 40 s")
}

// requireFullError asserts err is SQLite saying the write did not fit,
// and not a corruption.
func requireFullError(t *testing.T, err error) {
	t.Helper()
	require.Error(t, err)
	require.NotErrorIs(t, err, ErrCorrupt)
	var se *sqlite.Error
	require.ErrorAs(t, err, &se, "%v", err)
	requireFullCode(t, se.Code(), err.Error())
}

// requireFullCode asserts SQLite's result code and message are those of a
// write that did not fit: "database or disk is full", or a write error.
func requireFullCode(t *testing.T, code int, msg string) {
	t.Helper()
	switch code & 0xff {
	case sqliteFull:
		assert.Contains(t, msg, "database or disk is full")
	case sqliteIOErr:
		assert.Contains(t, msg, "I/O error")
	default:
		t.Fatalf("SQLite result code %d: %s", code, msg)
	}
	assert.Contains(t, msg, "sqlstore: ", "the store says what it was doing")
}

// faultTmpfs mounts a tmpfs of size bytes on a new directory and returns
// it; without the right to mount it returns a plain temporary directory
// and false. The cleanup unmounts it.
func faultTmpfs(t *testing.T, size int) (string, bool) {
	t.Helper()
	dir := t.TempDir()
	if os.Geteuid() != 0 {
		return dir, false
	}
	mnt := filepath.Join(dir, "tmpfs")
	require.NoError(t, os.Mkdir(mnt, 0o700))
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, fmt.Sprintf("size=%d,mode=0700", size)); err != nil {
		t.Logf("mount tmpfs: %v", err)
		return dir, false
	}
	t.Cleanup(func() { _ = syscall.Unmount(mnt, syscall.MNT_DETACH) })
	return mnt, true
}

// fsizeRun runs the child under the file-size limit on a database in dir
// and returns what it acknowledged, and checks its first error.
func fsizeRun(t *testing.T, dir string) map[string]int64 {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFaultSQLiteDiskFull$", "-test.count=1")
	cmd.Env = append(os.Environ(), fsizeDirEnv+"="+dir)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	require.NoError(t, err, "the child under the file-size limit\n%s", out)
	committed := map[string]int64{}
	failed := false
	sc := bufio.NewScanner(strings.NewReader(string(out)))
	for sc.Scan() {
		f := strings.SplitN(sc.Text(), " ", 3)
		switch {
		case len(f) == 3 && f[0] == "ok":
			v, err := strconv.ParseInt(f[2], 10, 64)
			require.NoError(t, err)
			committed[f[1]] = v
		case len(f) == 3 && f[0] == "err":
			code, err := strconv.Atoi(f[1])
			require.NoError(t, err)
			if !failed {
				t.Logf("the child's first failed write: %s", f[2])
			}
			requireFullCode(t, code, f[2])
			failed = true
		}
	}
	require.True(t, failed, "the child reported no failed write:\n%s", out)
	return committed
}

// fsizeChild is the child: under RLIMIT_FSIZE, it fills the database in
// dir, printing "ok CODE VERSION" per commit, then "err RESULTCODE
// MESSAGE" for each failure, the first and five writes after it.
func fsizeChild(dir string) {
	signal.Ignore(syscall.SIGXFSZ) // a write past the limit fails with EFBIG instead
	lim := syscall.Rlimit{Cur: 2 << 20, Max: 2 << 20}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
		fmt.Fprintln(os.Stderr, "fsize child:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	s, err := Open(ctx, SQLite, filepath.Join(dir, "motcua.db"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "fsize child:", err)
		os.Exit(3)
	}
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 18))
	_, first := fillDisk(ctx, s, rng, func(code string, v int64) { fmt.Printf("ok %s %d\n", code, v) })
	failed := func(err error) {
		var se *sqlite.Error
		if !errors.As(err, &se) {
			fmt.Fprintln(os.Stderr, "fsize child: not an SQLite error:", err)
			os.Exit(4)
		}
		fmt.Printf("err %d %s\n", se.Code(), strings.ReplaceAll(err.Error(), "\n", " "))
	}
	failed(first)
	for range 5 {
		if code, v, err := (&faultLoad{}).write(ctx, s, rng, nil); err != nil {
			failed(err)
		} else {
			fmt.Printf("ok %s %d\n", code, v)
		}
	}
	_ = s.Close()
	os.Exit(0)
}
