package paper

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNum: coordinates print with at most two decimals, rounded half away
// from zero, as strconv would print the rounded value.
func TestNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{0, "0"}, {3, "3"}, {12.5, "12.5"}, {-0.05, "-0.05"}, {0.004, "0"}, {-0.004, "0"},
		{0.005, "0.01"}, {-0.005, "-0.01"}, {595.28, "595.28"}, {841.89, "841.89"},
		{1.999, "2"}, {10.10, "10.1"}, {-123.456, "-123.46"}, {100, "100"}, {0.1, "0.1"},
	} {
		assert.Equal(t, tc.want, num(tc.v), "%v", tc.v)
	}
	for i := -100000; i <= 100000; i += 7 {
		v := float64(i) / 137
		old := strconv.FormatFloat(float64(int64(v*100+0.5*sign(v)))/100, 'f', -1, 64)
		if old == "-0" {
			old = "0"
		}
		if got := num(v); got != old {
			t.Fatalf("num(%v) = %s, want %s", v, got, old)
		}
	}
}
