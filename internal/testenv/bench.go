package testenv

import "testing"

// ReportCPU starts counting the process's CPU time; the returned function
// reports it per operation as "cpu-ns/op". On a machine whose cores are
// shared, wall time (ns/op) also counts the time other processes ran; CPU
// time does not. Use it as defer testenv.ReportCPU(b)().
func ReportCPU(b *testing.B) func() {
	start := CPUTime()
	return func() {
		if used := CPUTime() - start; b.N > 0 && used > 0 {
			b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
		}
	}
}
