package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"unsafe"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// openPTY opens a pseudo-terminal pair: what the child writes to tty,
// the test reads from master.
func openPTY(t *testing.T) (master, tty *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals here: %v", err)
	}
	var unlock int32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); e != 0 {
		m.Close()
		t.Skipf("unlockpt: %v", e)
	}
	var n uint32
	if _, _, e := syscall.Syscall(syscall.SYS_IOCTL, m.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); e != 0 {
		m.Close()
		t.Skipf("ptsname: %v", e)
	}
	s, err := os.OpenFile("/dev/pts/"+strconv.Itoa(int(n)), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		m.Close()
		t.Skipf("open pts: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

// TestProgress: a progress bar on a terminal, none through a pipe.
func TestProgress(t *testing.T) {
	w := newWard(t)
	reg := filepath.Join(w.dir, "register.xlsx")
	require.Equal(t, exitOK, motcua(t, w.dir, nil, "report", "register", w.db, "--out", reg).code)

	t.Run("piped: no bar", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "audit", "register", reg, "--catalog", w.catalog)
		assert.Equal(t, exitOK, r.code)
		assert.Empty(t, r.stderr)
	})
	t.Run("piped with --progress always", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "audit", "register", reg, "--catalog", w.catalog, "--progress", "always")
		assert.Equal(t, exitOK, r.code)
		assert.Contains(t, r.stderr, "Đọc sổ [")
		assert.Contains(t, r.stderr, "100%")
	})
	t.Run("terminal: a bar", func(t *testing.T) {
		master, tty := openPTY(t)
		cmd := exec.Command(binary, "audit", "register", reg, "--catalog", w.catalog)
		cmd.Dir = w.dir
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, tty
		require.NoError(t, cmd.Start())
		err := cmd.Wait()
		require.NoError(t, err)
		tty.Close()
		var got bytes.Buffer
		buf := make([]byte, 4096)
		for {
			n, err := master.Read(buf)
			got.Write(buf[:n])
			if err != nil || bytes.Contains(got.Bytes(), []byte("100%")) {
				break
			}
		}
		assert.Contains(t, got.String(), "\rĐọc sổ [")
		assert.Contains(t, got.String(), "100%")
		assert.Contains(t, out.String(), "Hồ sơ trong sổ", "the report itself still goes to stdout")
	})
}
