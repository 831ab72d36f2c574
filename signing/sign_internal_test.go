package signing

import (
	"bytes"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

// writeRun writes exactly n bytes c after what the buffer holds, for any
// n, a placeholder's kilobytes included.
func TestWriteRun(t *testing.T) {
	for _, n := range []int{-1, 0, 1, 2, 3, 7, 8, 9, 1000, 4096, 4097, 9999} {
		t.Run(strconv.Itoa(n), func(t *testing.T) {
			var b bytes.Buffer
			b.WriteString("<")
			writeRun(&b, '0', n)
			b.WriteString(">")
			assert.Equal(t, "<"+string(bytes.Repeat([]byte{'0'}, max(n, 0)))+">", b.String())
		})
	}
}
