package catalogtest

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestUniqueName(t *testing.T) {
	assert.GreaterOrEqual(t, UniqueNames, 1<<20, "a sheet's worth of rows")
	seen := make(map[string]int, UniqueNames)
	for i := range UniqueNames {
		n := UniqueName(i)
		if j, dup := seen[n]; dup {
			t.Fatalf("UniqueName(%d) = UniqueName(%d) = %q", i, j, n)
		}
		seen[n] = i
	}
	assert.Equal(t, UniqueName(0), UniqueName(UniqueNames))
	assert.NotEqual(t, UniqueName(0), UniqueName(1))
}
