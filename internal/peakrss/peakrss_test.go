package peakrss

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHelperAllocate is the child of TestChild: it holds arg megabytes.
func TestHelperAllocate(t *testing.T) {
	arg, ok := Arg()
	if !ok {
		return
	}
	base := Now()
	n := 0
	for _, c := range arg {
		n = n*10 + int(c-'0')
	}
	buf := make([]byte, n<<20)
	for i := range buf {
		buf[i] = byte(i)
	}
	Report(base)
	if n > 0 {
		_ = buf[len(buf)-1]
	}
}

func TestChild(t *testing.T) {
	if _, ok := Arg(); ok {
		return
	}
	tests := []struct {
		name string
		mb   string
		min  int64
		max  int64
	}{
		{"nothing", "0", 0, 8 << 20},
		{"64 MB", "64", 60 << 20, 80 << 20},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			base, peak := Child(t, "TestHelperAllocate", tt.mb)
			require.Positive(t, base)
			assert.GreaterOrEqual(t, peak-base, tt.min)
			if !raceEnabled { // its shadow memory counts too
				assert.LessOrEqual(t, peak-base, tt.max)
			}
		})
	}
}
