package vnfmt

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDecimal(t *testing.T) {
	for _, tc := range []struct {
		name   string
		x      float64
		vi, en string
	}{
		{"zero", 0, "0", "0"},
		{"whole", 100, "100", "100"},
		{"whole grouped", 1e6, "1.000.000", "1,000,000"},
		{"fraction", 0.5, "0,5", "0.5"},
		{"grouped fraction", 1234.25, "1.234,25", "1,234.25"},
		{"negative", -1234.5, "-1.234,5", "-1,234.5"},
		{"beyond int64", 1e20, "100000000000000000000", "100000000000000000000"},
		{"infinity", math.Inf(1), "+Inf", "+Inf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.vi, Decimal(tc.x, "vi"))
			assert.Equal(t, tc.en, Decimal(tc.x, "en"))
		})
	}
}
