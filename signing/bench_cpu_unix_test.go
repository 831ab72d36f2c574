//go:build unix

package signing_test

import (
	"syscall"
	"testing"
)

// processCPU returns the CPU time the process has used (user and system,
// every thread), in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// reportCPU reports the process's CPU time per iteration since start as
// cpu-ns/op: on a shared machine wall time counts the other processes'
// load, CPU time much less.
func reportCPU(b *testing.B, start int64) {
	if b.N > 0 && start > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(b.N), "cpu-ns/op")
	}
}
