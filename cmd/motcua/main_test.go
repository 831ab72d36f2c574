package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/peakrss"
	"github.com/motcua/motcua/internal/testenv"
)

// binary is the motcua command built for the tests, run as a process
// exactly as a clerk or a CI job runs it.
var binary string

func TestMain(m *testing.M) {
	if _, child := peakrss.Arg(); child {
		os.Exit(m.Run()) // a benchmark's helper: no binary needed
	}
	dir, err := os.MkdirTemp("", "motcua-cmd-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "motcua")
	if runtime.GOOS == "windows" {
		binary += ".exe"
	}
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "go build:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a run of the command gave.
type result struct {
	stdout, stderr string
	code           int
}

// motcua runs the command with args in dir (the test's temporary folder
// when empty), with a clean language environment plus env.
func motcua(t testing.TB, dir string, env []string, args ...string) result {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = dir
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + os.Getenv("HOME"), "TMPDIR=" + os.TempDir()}, env...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	r := result{out.String(), errb.String(), code}
	// Nothing panics on any input: a panic recovered by run is reported
	// as "internal", an unrecovered one by the runtime as "goroutine".
	assert.NotContains(t, r.stderr, "panic", "args %q", args)
	assert.NotContains(t, r.stderr, "goroutine ", "args %q", args)
	return r
}

// decode parses JSON output.
func decode(t testing.TB, s string, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(s), v), "output: %s", s)
}

// repo returns a path inside the checkout.
func repo(parts ...string) string {
	return filepath.Join(append([]string{testenv.RepoRoot()}, parts...)...)
}

func TestUsage(t *testing.T) {
	tests := []struct {
		name     string
		env      []string
		args     []string
		code     int
		stdout   string // substring
		stderr   string // substring
		noStdout bool
	}{
		{name: "no arguments", args: nil, code: exitUsage, stderr: "Cách dùng: motcua", noStdout: true},
		{name: "unknown command", args: []string{"frobnicate"}, code: exitUsage, stderr: "Lệnh không tồn tại: frobnicate"},
		{name: "unknown global flag", args: []string{"--colour"}, code: exitUsage, stderr: "Tùy chọn không hợp lệ"},
		{name: "bad language", args: []string{"--lang", "fr", "due"}, code: exitUsage, stderr: "--lang fr"},
		{name: "help", args: []string{"--help"}, code: exitOK, stdout: "Mã thoát: 0"},
		{name: "help in English", args: []string{"--lang", "en", "help"}, code: exitOK, stdout: "Exit codes: 0"},
		{name: "LANG=en chooses English", env: []string{"LANG=en_US.UTF-8"}, args: []string{"help", "due"}, code: exitOK, stdout: "Usage: motcua due"},
		{name: "LANG=vi stays Vietnamese", env: []string{"LANG=vi_VN.UTF-8"}, args: []string{"help", "due"}, code: exitOK, stdout: "Cách dùng: motcua due"},
		{name: "--lang wins over LANG", env: []string{"LANG=en_US.UTF-8"}, args: []string{"--lang=vi", "help"}, code: exitOK, stdout: "Lệnh:"},
		{name: "subcommand -h", args: []string{"verify", "-h"}, code: exitOK, stdout: "motcua verify"},
		{name: "help of unknown", args: []string{"help", "nope"}, code: exitUsage, stderr: "nope"},
		{name: "verify without file", args: []string{"verify"}, code: exitUsage, stderr: "motcua verify"},
		{name: "verify two files", args: []string{"verify", "a.pdf", "b.pdf"}, code: exitUsage, stderr: "Thừa tham số: b.pdf"},
		{name: "verify bad --allow", args: []string{"verify", "a.pdf", "--allow", "all"}, code: exitUsage, stderr: "--allow all"},
		{name: "sign without key", args: []string{"sign", "a.pdf", "b.pdf"}, code: exitUsage, stderr: "--p12"},
		{name: "sign p12 and key", args: []string{"sign", "a.pdf", "b.pdf", "--p12", "x", "--key", "y"}, code: exitUsage, stderr: "không dùng được cùng nhau"},
		{name: "quote without --at", args: []string{"quote", "--item", "LLTP"}, code: exitUsage, stderr: "--at"},
		{name: "quote without item", args: []string{"quote", "--at", "01/01/2025"}, code: exitUsage, stderr: "--item"},
		{name: "quote value before item", args: []string{"quote", "--value", "5", "--item", "LLTP", "--at", "01/01/2025"}, code: exitUsage, stderr: "--value comes after"},
		{name: "quote bad channel", args: []string{"quote", "--item", "LLTP", "--at", "01/01/2025", "--channel", "fax"}, code: exitUsage, stderr: "channel"},
		{name: "quote positional", args: []string{"quote", "LLTP"}, code: exitUsage, stderr: "LLTP"},
		{name: "due without --from", args: []string{"due", "--days", "3"}, code: exitUsage, stderr: "--from"},
		{name: "due bad date", args: []string{"due", "--from", "31/02/2026", "--days", "3"}, code: exitUsage, stderr: "31/02/2026"},
		{name: "due both days and procedure", args: []string{"due", "--from", "02/03/2026", "--days", "3", "--procedure", "1.001193"}, code: exitUsage, stderr: "--days | --procedure"},
		{name: "due bad unit", args: []string{"due", "--from", "02/03/2026", "--days", "3", "--unit", "weeks"}, code: exitUsage, stderr: "unit"},
		{name: "due bad cut-off", args: []string{"due", "--from", "02/03/2026", "--days", "3", "--cut-off", "25:00"}, code: exitUsage, stderr: "--cut-off"},
		{name: "catalog without subcommand", args: []string{"catalog"}, code: exitUsage, stderr: "motcua catalog"},
		{name: "catalog unknown subcommand", args: []string{"catalog", "merge", "x"}, code: exitUsage, stderr: "catalog merge"},
		{name: "catalog convert one file", args: []string{"catalog", "convert", "x.json"}, code: exitUsage, stderr: "Thiếu tham số"},
		{name: "form unknown subcommand", args: []string{"form", "render", "a", "b"}, code: exitUsage, stderr: "form render"},
		{name: "report without --out", args: []string{"report", "register", "x.db"}, code: exitUsage, stderr: "--out"},
		{name: "report stats without period", args: []string{"report", "stats", "x.db", "--out", "s.xlsx"}, code: exitUsage, stderr: "--from, --to"},
		{name: "report bad group", args: []string{"report", "stats", "x.db", "--out", "s.xlsx", "--from", "01/01/2026", "--to", "01/02/2026", "--group", "colour"}, code: exitUsage, stderr: "--group colour"},
		{name: "audit unknown", args: []string{"audit", "ledger"}, code: exitUsage, stderr: "audit ledger"},
		{name: "audit db key without checkpoint", args: []string{"audit", "db", "x.db", "--key", "k"}, code: exitUsage, stderr: "--checkpoint --key"},
		{name: "audit register bad --late", args: []string{"audit", "register", "r.xlsx", "--late", "hours"}, code: exitUsage, stderr: "--late hours"},
		{name: "test without cases", args: []string{"test"}, code: exitUsage, stderr: "motcua test"},
		{name: "usage error in JSON", args: []string{"--json", "frobnicate"}, code: exitUsage, stderr: `"code": "unknown_command"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, t.TempDir(), tt.env, tt.args...)
			assert.Equal(t, tt.code, r.code, "stderr: %s", r.stderr)
			assert.Contains(t, r.stdout, tt.stdout)
			assert.Contains(t, r.stderr, tt.stderr)
			if tt.noStdout {
				assert.Empty(t, r.stdout)
			}
			if tt.code == exitUsage {
				assert.Contains(t, r.stderr, "Cách dùng", "a usage error prints the usage")
			}
		})
	}
}

// TestInputErrors: a missing or unreadable input is exit code 3 with a
// message naming it, in the language asked, never a crash.
func TestInputErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.bin")
	require.NoError(t, os.WriteFile(garbage, []byte("\x00\x01PK\x03\x04 not anything {[<"), 0o644))
	missing := filepath.Join(dir, "missing")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"verify missing", []string{"verify", missing}, exitInput, "Không mở được tệp"},
		{"verify not a PDF", []string{"verify", garbage}, exitInput, "Không phải tệp PDF"},
		{"verify a folder", []string{"verify", dir}, exitInput, "thư mục"},
		{"verify missing roots", []string{"verify", garbage, "--roots", missing}, exitInput, missing},
		{"verify roots not certificates", []string{"verify", garbage, "--roots", garbage}, exitInput, "chứng thư gốc"},
		{"sign missing p12", []string{"sign", garbage, filepath.Join(dir, "o.pdf"), "--p12", missing}, exitInput, missing},
		{"sign garbage p12", []string{"sign", garbage, filepath.Join(dir, "o.pdf"), "--p12", garbage}, exitInput, "khóa ký"},
		{"quote garbage schedule", []string{"quote", "--schedule", garbage, "--item", "LLTP", "--at", "01/01/2025"}, exitInput, "biểu phí"},
		{"due garbage calendar", []string{"due", "--from", "01/01/2025", "--days", "1", "--calendar", garbage}, exitInput, "lịch làm việc"},
		{"catalog missing", []string{"catalog", "check", missing}, exitInput, missing},
		{"catalog garbage json", []string{"catalog", "check", garbage, "--format", "json"}, exitInput, "danh mục"},
		{"catalog garbage xlsx", []string{"catalog", "check", garbage, "--format", "xlsx"}, exitInput, "danh mục"},
		{"catalog garbage portal", []string{"catalog", "check", garbage, "--format", "portal"}, exitFindings, "LỖI"},
		{"form garbage schema", []string{"form", "validate", garbage, garbage}, exitInput, "biểu mẫu"},
		{"form garbage submission", []string{"form", "validate", "sample", garbage}, exitInput, "tờ khai"},
		{"report missing database", []string{"report", "register", missing, "--out", filepath.Join(dir, "r.xlsx")}, exitInput, missing},
		{"report garbage database", []string{"report", "register", garbage, "--out", filepath.Join(dir, "r.xlsx")}, exitInput, "cơ sở dữ liệu"},
		{"audit db missing", []string{"audit", "db", missing}, exitInput, missing},
		{"audit db bad key", []string{"audit", "db", garbage, "--checkpoint", garbage, "--key", "nope"}, exitInput, "Khóa công khai"},
		{"audit register garbage", []string{"audit", "register", garbage}, exitInput, "sổ theo dõi"},
		{"audit register missing", []string{"audit", "register", missing}, exitInput, missing},
		{"test missing", []string{"test", missing}, exitInput, missing},
		{"test garbage", []string{"test", garbage}, exitInput, "ca kiểm thử"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, dir, nil, tt.args...)
			assert.Equal(t, tt.code, r.code, "stdout %s stderr %s", r.stdout, r.stderr)
			assert.Contains(t, r.stdout+r.stderr, tt.want)
			assert.NotContains(t, r.stderr, "Cách dùng", "an input error is not a usage error")
			_, err := os.Stat(filepath.Join(dir, "r.xlsx"))
			assert.True(t, os.IsNotExist(err), "nothing written on error")
		})
	}
	t.Run("English and JSON", func(t *testing.T) {
		r := motcua(t, dir, nil, "--lang", "en", "--json", "verify", missing)
		assert.Equal(t, exitInput, r.code)
		var e struct {
			Error struct {
				Code    string `json:"code"`
				Exit    int    `json:"exit"`
				Message string `json:"message"`
			} `json:"error"`
		}
		decode(t, r.stderr, &e)
		assert.Equal(t, "open", e.Error.Code)
		assert.Equal(t, exitInput, e.Error.Exit)
		assert.True(t, strings.HasPrefix(e.Error.Message, "Cannot open the file: "+missing), e.Error.Message)
	})
}
