package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
)

// faultCluster is a throw-away PostgreSQL cluster a fault test makes, kills
// and restarts, as .ci/postgres.sh makes the shared one: initdb into a
// temporary directory owned by an unprivileged user (the server refuses to
// run as root), trust authentication, listening on 127.0.0.1 and on a unix
// socket in its own directory. The test's cleanup stops it and removes the
// directory.
type faultCluster struct {
	t    testing.TB
	bin  string // the directory of initdb, pg_ctl, postgres
	dir  string // owned by the server's user: data/, server.log, the socket
	port int
	cred *syscall.Credential // nil when not root
}

// faultPGBin returns the directory of PostgreSQL's server programs, newest
// version first, skipping (failing in CI) when they are not installed.
func faultPGBin(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("MOTCUA_PG_BIN"); p != "" {
		return p
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool {
		a, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[i])))
		b, _ := strconv.Atoi(filepath.Base(filepath.Dir(dirs[j])))
		return a > b
	})
	for _, d := range dirs {
		if faultExecutable(filepath.Join(d, "initdb")) && faultExecutable(filepath.Join(d, "pg_ctl")) {
			return d
		}
	}
	for _, name := range []string{"initdb", "pg_ctl"} {
		if _, err := exec.LookPath(name); err != nil {
			testenv.Missing(t, "PostgreSQL's initdb and pg_ctl are not installed (apt-get install postgresql; or set MOTCUA_PG_BIN)")
		}
	}
	p, _ := exec.LookPath("initdb")
	return filepath.Dir(p)
}

func faultExecutable(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.Mode()&0o111 != 0
}

// faultFreePort returns a TCP port of 127.0.0.1 nobody listens on now.
func faultFreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// newFaultDir makes an empty directory the server's user owns, removed
// after the test.
func newFaultDir(t testing.TB, cred *syscall.Credential) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "motcua-fault-*")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	if cred != nil {
		require.NoError(t, os.Chown(dir, int(cred.Uid), int(cred.Gid)))
	}
	require.NoError(t, os.Chmod(dir, 0o700))
	return dir
}

// faultCredential is the unprivileged user the server runs as when the
// test runs as root (user postgres, else nobody), nil otherwise.
func faultCredential(t testing.TB) *syscall.Credential {
	t.Helper()
	if os.Geteuid() != 0 {
		return nil
	}
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	}
	t.Fatal("running as root, and there is no postgres or nobody user to run PostgreSQL as")
	return nil
}

// run runs one of the cluster's programs as its user and fails the test
// with its output when it fails.
func (c *faultCluster) run(timeout time.Duration, prog string, args ...string) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, prog), args...)
	cmd.Dir = "/"
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=Asia/Ho_Chi_Minh")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	out, err := cmd.CombinedOutput()
	if err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		c.t.Fatalf("%s %s: %v\n%s\nserver log:\n%s", prog, strings.Join(args, " "), err, out, faultTail(log, 4000))
	}
}

func faultTail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

// newFaultCluster makes and starts a cluster with extra server settings.
func newFaultCluster(t testing.TB, settings ...string) *faultCluster {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("the fault tests find and kill the server's processes through /proc (Linux)")
	}
	cred := faultCredential(t)
	c := &faultCluster{t: t, bin: faultPGBin(t), cred: cred}
	c.dir = newFaultDir(t, cred)
	c.run(60*time.Second, "initdb", "-D", c.data(), "-U", "motcua", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
	c.configure(settings...)
	t.Cleanup(c.stop)
	c.start()
	return c
}

func (c *faultCluster) data() string { return filepath.Join(c.dir, "data") }

// configure appends settings ("name = value") to postgresql.conf.
func (c *faultCluster) configure(settings ...string) {
	c.t.Helper()
	c.port = faultFreePort(c.t)
	base := []string{
		"listen_addresses = '127.0.0.1'",
		fmt.Sprintf("port = %d", c.port),
		fmt.Sprintf("unix_socket_directories = '%s'", c.dir),
		"max_connections = 40",
		"shared_buffers = 32MB",
		"fsync = on", // the durability checks rely on it
	}
	f, err := os.OpenFile(filepath.Join(c.data(), "postgresql.conf"), os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(c.t, err)
	_, err = f.WriteString("\n# motcua fault test\n" + strings.Join(append(base, settings...), "\n") + "\n")
	require.NoError(c.t, err)
	require.NoError(c.t, f.Close())
}

// start starts the server and waits until it accepts connections (after
// crash recovery, when it was killed).
func (c *faultCluster) start() {
	c.t.Helper()
	c.run(60*time.Second, "pg_ctl", "-D", c.data(), "-l", filepath.Join(c.dir, "server.log"), "-w", "-t", "50", "start")
}

// stop stops the server at once, if it runs; the cleanup of every test.
func (c *faultCluster) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, "pg_ctl"), "-D", c.data(), "-m", "immediate", "-w", "stop")
	cmd.Dir = "/"
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	_ = cmd.Run()
}

// dsn is the pgx data source name of the cluster's postgres database.
func (c *faultCluster) dsn() string {
	return fmt.Sprintf("postgres://motcua@127.0.0.1:%d/postgres?sslmode=disable&connect_timeout=2", c.port)
}

// kill kills the server the hard way: the postmaster and every process it
// started (by pid, read from postmaster.pid and /proc), with SIGKILL, as
// the kernel's OOM killer or a power cut would end them; it returns when
// they are gone. The next start runs crash recovery.
func (c *faultCluster) kill() {
	c.t.Helper()
	b, err := os.ReadFile(filepath.Join(c.data(), "postmaster.pid"))
	require.NoError(c.t, err)
	pid, err := strconv.Atoi(strings.TrimSpace(strings.SplitN(string(b), "\n", 2)[0]))
	require.NoError(c.t, err)
	pids := append([]int{pid}, faultChildren(pid)...)
	for _, p := range pids {
		_ = syscall.Kill(p, syscall.SIGKILL)
	}
	deadline := time.Now().Add(20 * time.Second)
	for _, p := range pids {
		for syscall.Kill(p, 0) == nil && !faultZombie(p) {
			require.True(c.t, time.Now().Before(deadline), "process %d survived SIGKILL", p)
			time.Sleep(5 * time.Millisecond)
		}
	}
	// The dead postmaster is its parent's to reap (init's, or a
	// container's first process, which may never do it); while its pid
	// exists, a new server takes postmaster.pid for a live one. Once it
	// is dead, the file is stale, as after a power cut.
	reaped := time.Now().Add(2 * time.Second)
	for syscall.Kill(pid, 0) == nil && time.Now().Before(reaped) {
		time.Sleep(10 * time.Millisecond)
	}
	if faultZombie(pid) {
		require.NoError(c.t, os.Remove(filepath.Join(c.data(), "postmaster.pid")))
	}
}

// faultChildren returns the pids of the processes whose parent is pid.
func faultChildren(pid int) []int {
	entries, _ := os.ReadDir("/proc")
	var out []int
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if faultParent(p) == pid {
			out = append(out, p)
		}
	}
	return out
}

// faultStat returns the fields of /proc/pid/stat after the command name.
func faultStat(pid int) []string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return nil
	}
	i := strings.LastIndexByte(string(b), ')')
	if i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

func faultParent(pid int) int {
	f := faultStat(pid)
	if len(f) < 2 {
		return -1
	}
	ppid, _ := strconv.Atoi(f[1])
	return ppid
}

// faultZombie reports whether pid has exited and waits for its parent.
func faultZombie(pid int) bool {
	f := faultStat(pid)
	return len(f) > 0 && f[0] == "Z"
}

// waitReady waits until dsn accepts a query.
func waitReady(t testing.TB, dsn string, within time.Duration) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	require.NoError(t, err)
	defer db.Close()
	deadline := time.Now().Add(within)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		err := db.PingContext(ctx)
		cancel()
		if err == nil {
			return
		}
		require.True(t, time.Now().Before(deadline), "the server at %s does not answer: %v", dsn, err)
		time.Sleep(50 * time.Millisecond)
	}
}
