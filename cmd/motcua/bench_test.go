package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/internal/peakrss"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// run1 runs the built command once, discarding its output.
func run1(b *testing.B, args ...string) {
	cmd := exec.Command(binary, args...)
	var errb bytes.Buffer
	cmd.Stderr = &errb
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok && ee.ExitCode() == exitFindings {
		err = nil
	}
	require.NoError(b, err, errb.String())
}

// BenchmarkVerify10MB: the command against the library's Verify on a
// 10 MB PDF with two signatures. The command's time includes starting the
// process.
func BenchmarkVerify10MB(b *testing.B) {
	dir := b.TempDir()
	ca, err := signingtest.NewCA("Root", time.Now())
	require.NoError(b, err)
	s, err := ca.Signer("Nguyễn Thị Hoa", signingtest.ECDSAP256)
	require.NoError(b, err)
	pdf, err := signingtest.PDF(signingtest.PDFOptions{MinSize: 10 << 20})
	require.NoError(b, err)
	for range 2 {
		var out bytes.Buffer
		require.NoError(b, signing.Sign(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), &out, s, signing.Options{}))
		pdf = out.Bytes()
	}
	path := filepath.Join(dir, "big.pdf")
	require.NoError(b, os.WriteFile(path, pdf, 0o644))
	roots := filepath.Join(dir, "root.der")
	require.NoError(b, os.WriteFile(roots, ca.Cert.Raw, 0o644))
	b.Run("library", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			rep, err := signing.VerifyFile(context.Background(), path, signing.Policy{Roots: ca.Pool()})
			if err != nil || rep.Status == signing.StatusInvalid {
				b.Fatal(err, rep.Status)
			}
		}
	})
	b.Run("command", func(b *testing.B) {
		for b.Loop() {
			run1(b, "--json", "verify", path, "--roots", roots)
		}
	})
	b.Run("command-help", func(b *testing.B) { // the process start alone
		for b.Loop() {
			run1(b, "help")
		}
	})
	// The floor for any process: a program linking signing alone that only
	// calls VerifyFile (testdata/bareverify).
	bare := filepath.Join(dir, "bareverify")
	build := exec.Command("go", "build", "-o", bare, "./testdata/bareverify")
	out, err := build.CombinedOutput()
	require.NoError(b, err, string(out))
	b.Run("bare-process", func(b *testing.B) {
		for b.Loop() {
			cmd := exec.Command(bare, path, roots)
			out, err := cmd.CombinedOutput()
			require.NoError(b, err, string(out))
		}
	})
}

// BenchmarkAuditRegister: audit register of a register dossier/report
// writes, MOTCUA_BENCH_ROWS rows (default 100,000; the README's figure is
// for 1,000,000), with the command's peak resident memory.
func BenchmarkAuditRegister(b *testing.B) {
	rows := 100_000
	if v := os.Getenv("MOTCUA_BENCH_ROWS"); v != "" {
		n, err := strconv.Atoi(v)
		require.NoError(b, err)
		rows = n
	}
	dir := b.TempDir()
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	require.NoError(b, err)
	catPath := filepath.Join(dir, "catalog.json")
	f, err := os.Create(catPath)
	require.NoError(b, err)
	require.NoError(b, cat.WriteJSON(f))
	require.NoError(b, f.Close())
	cal, err := dossier.Official()
	require.NoError(b, err)
	reg := filepath.Join(dir, "register.xlsx")
	out, err := os.Create(reg)
	require.NoError(b, err)
	seq := func(yield func(dossier.Dossier, error) bool) {
		start := time.Date(2026, 3, 2, 9, 0, 0, 0, dossier.Location)
		for i := range rows {
			received := start.Add(time.Duration(i%200) * 24 * time.Hour).Add(time.Duration(i%6) * time.Hour)
			due, err := cal.DueDate(received, dossier.Days(3))
			if err != nil {
				yield(dossier.Dossier{}, err)
				return
			}
			d := dossier.Dossier{Code: fmt.Sprintf("000.00.07.H26-260302-%07d", i), ProcedureCode: "1.001193",
				Applicant: dossier.Applicant{Name: "Phạm Thị Mai"}, Channel: catalog.Counter,
				ReceivedAt: received, DueAt: due, Status: dossier.InProgress}
			if i%3 != 0 {
				d.SettledAt, d.Status = due.Add(time.Duration(i%5-2)*24*time.Hour), dossier.ResultReady
			}
			if !yield(d, nil) {
				return
			}
		}
	}
	require.NoError(b, report.WriteRegister(context.Background(), out, seq, report.Options{Calendar: cal, TempDir: dir}))
	require.NoError(b, out.Close())
	st, err := os.Stat(reg)
	require.NoError(b, err)
	for b.Loop() {
		run1(b, "--json", "audit", "register", reg, "--catalog", catPath)
	}
	b.StopTimer()
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(float64(st.Size())/(1<<20), "xlsx-MiB")
	// The peak resident memory of the same audit, run by the command's code
	// in a child process of its own (the fork of this large process would
	// count in the child's rusage).
	peakrss.ReportMetric(b, "TestHelperAuditRegister", reg+"|"+catPath)
}

// TestHelperAuditRegister is BenchmarkAuditRegister's child: it audits
// the register named by its argument and reports its peak memory.
func TestHelperAuditRegister(t *testing.T) {
	arg, ok := peakrss.Arg()
	if !ok {
		return
	}
	reg, cat, _ := strings.Cut(arg, "|")
	base := peakrss.Now()
	if code := run(context.Background(), []string{"--json", "audit", "register", reg, "--catalog", cat}, io.Discard, io.Discard, os.Getenv, false); code != exitOK && code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	peakrss.Report(base)
}

// BenchmarkVerifyInProcess: the command's verify run in this process (no
// process start), against the library's Verify of the same file.
func BenchmarkVerifyInProcess(b *testing.B) {
	dir := b.TempDir()
	ca, err := signingtest.NewCA("Root", time.Now())
	require.NoError(b, err)
	s, err := ca.Signer("Nguyễn Thị Hoa", signingtest.ECDSAP256)
	require.NoError(b, err)
	pdf, err := signingtest.PDF(signingtest.PDFOptions{MinSize: 10 << 20})
	require.NoError(b, err)
	var out bytes.Buffer
	require.NoError(b, signing.Sign(context.Background(), bytes.NewReader(pdf), int64(len(pdf)), &out, s, signing.Options{}))
	path := filepath.Join(dir, "big.pdf")
	require.NoError(b, os.WriteFile(path, out.Bytes(), 0o644))
	roots := filepath.Join(dir, "root.der")
	require.NoError(b, os.WriteFile(roots, ca.Cert.Raw, 0o644))
	b.Run("library", func(b *testing.B) {
		for b.Loop() {
			if _, err := signing.VerifyFile(context.Background(), path, signing.Policy{Roots: ca.Pool()}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("command", func(b *testing.B) {
		for b.Loop() {
			if code := run(context.Background(), []string{"--json", "verify", path, "--roots", roots}, io.Discard, io.Discard, os.Getenv, false); code != exitOK {
				b.Fatal(code)
			}
		}
	})
}
