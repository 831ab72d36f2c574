//go:build unix

package dossier_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time (user and system, every thread) the process
// has used, so benchmarks on a shared, loaded machine can report CPU cost
// next to wall time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
