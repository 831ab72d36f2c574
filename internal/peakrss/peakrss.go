// Package peakrss measures the peak resident memory of a piece of work for
// motcua's benchmarks: the work runs in a child process (the test binary
// itself, re-run on one test), so the figure is that work's own peak
// (VmHWM of /proc/self/status) and not the benchmark process's, whose heap
// holds everything before it.
package peakrss

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// childEnv names the environment variable that tells a test binary it was
// started by [Child]; its value is the argument passed on.
const childEnv = "MOTCUA_PEAKRSS_ARG"

// Arg returns the argument [Child] passed to this process and true, or ""
// and false when the process is not a child started by Child. A helper test
// calls it first and returns at once when it is false.
func Arg() (string, bool) {
	v, ok := os.LookupEnv(childEnv)
	return v, ok
}

// Report writes the process's peak resident memory so far to standard
// output, where [Child] reads it, along with base, the baseline [Now]
// returned before the work. The helper test calls it after the work.
func Report(base int64) {
	peak, _ := read("VmHWM:")
	fmt.Printf("peakrss %d %d\n", base, peak)
}

// Now returns the process's peak resident memory so far, in bytes: the
// baseline a helper passes to [Report].
func Now() int64 {
	v, _ := read("VmHWM:")
	return v
}

// read returns a field of /proc/self/status in bytes.
func read(field string) (int64, error) {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, field); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10, err
		}
	}
	return 0, fmt.Errorf("peakrss: no %s in /proc/self/status", field)
}

// Child runs the test named test of the current test binary in a child
// process with arg (see [Arg]) and returns the peak resident memory the
// child reported with [Report] and its baseline, in bytes. It skips the
// benchmark where /proc/self/status does not exist (not Linux).
func Child(tb testing.TB, test, arg string) (base, peak int64) {
	tb.Helper()
	if _, err := os.Stat("/proc/self/status"); err != nil {
		tb.Skip("peakrss: /proc/self/status is not available on this system")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+test+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), childEnv+"="+arg)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("peakrss: %s(%s): %v\n%s", test, arg, err, out)
	}
	for line := range strings.Lines(string(out)) {
		if _, err := fmt.Sscanf(line, "peakrss %d %d", &base, &peak); err == nil {
			return base, peak
		}
	}
	tb.Fatalf("peakrss: %s(%s) reported nothing:\n%s", test, arg, out)
	return 0, 0
}

// ReportMetric runs [Child] and reports its peak as "peak-MB" and the
// work's part of it (peak less baseline) as "work-MB" on b.
func ReportMetric(b *testing.B, test, arg string) {
	b.Helper()
	base, peak := Child(b, test, arg)
	b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
	b.ReportMetric(float64(peak-base)/(1<<20), "work-MB")
}
