//go:build !race

package peakrss

// raceEnabled: the race detector multiplies a process's memory.
const raceEnabled = false
