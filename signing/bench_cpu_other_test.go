//go:build !unix

package signing_test

import "testing"

// processCPU is not measured here.
func processCPU() int64 { return 0 }

// reportCPU reports nothing where processCPU is not measured.
func reportCPU(*testing.B, int64) {}
