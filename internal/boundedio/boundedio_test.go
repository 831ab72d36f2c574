package boundedio

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// plain hides a reader's Len and Stat, as a network stream would.
type plain struct{ io.Reader }

func TestReader(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		max     int64
		want    string
		wantErr error
	}{
		{"empty", "", 4, "", nil},
		{"below", "abc", 4, "abc", nil},
		{"at the limit", "abcd", 4, "abcd", nil},
		{"one past", "abcde", 4, "abcd", ErrTooLarge},
		{"far past", strings.Repeat("x", 1<<20), 4, "xxxx", ErrTooLarge},
		{"zero limit", "a", 0, "", ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := io.ReadAll(Reader(iotest.OneByteReader(strings.NewReader(tt.in)), tt.max))
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, tt.want, string(got))
		})
	}
}

func TestReadAll(t *testing.T) {
	failing := errors.New("disk on fire")
	path := filepath.Join(t.TempDir(), "f")
	require.NoError(t, os.WriteFile(path, []byte("abcde"), 0o600))
	tests := []struct {
		name    string
		r       func() io.Reader
		max     int64
		want    string
		wantErr error
	}{
		{"stream below", func() io.Reader { return plain{strings.NewReader("abc")} }, 4, "abc", nil},
		{"stream at the limit", func() io.Reader { return plain{strings.NewReader("abcd")} }, 4, "abcd", nil},
		{"stream one past", func() io.Reader { return plain{strings.NewReader("abcde")} }, 4, "", ErrTooLarge},
		{"stream of 2 MB, limit 1 MB", func() io.Reader { return plain{bytes.NewReader(make([]byte, 2<<20))} }, 1 << 20, "", ErrTooLarge},
		{"hint at the limit", func() io.Reader { return strings.NewReader("abcd") }, 4, "abcd", nil},
		{"hint past: refused before reading", func() io.Reader { return strings.NewReader("abcde") }, 4, "", ErrTooLarge},
		{"file past", func() io.Reader {
			f, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		}, 4, "", ErrTooLarge},
		{"file at the limit", func() io.Reader {
			f, err := os.Open(path)
			require.NoError(t, err)
			t.Cleanup(func() { f.Close() })
			return f
		}, 5, "abcde", nil},
		{"failing reader", func() io.Reader { return iotest.ErrReader(failing) }, 4, "", failing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadAll(tt.r(), tt.max)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				assert.Nil(t, got)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(got))
		})
	}
}

// TestReadAllBuffer checks that the buffer never grows past the limit:
// refusing a 64 MB stream with a 16 MB limit allocates the doubling
// buffers up to 16 MB and one of the limit's size (about 48 MB in all,
// never two alive beyond 32 MB), where a bytes.Buffer would double past
// the limit to 32 MB and more.
func TestReadAllBuffer(t *testing.T) {
	const max = 16 << 20
	before := totalAlloc()
	_, err := ReadAll(plain{io.LimitReader(zeros{}, 64<<20)}, max)
	allocated := totalAlloc() - before
	require.ErrorIs(t, err, ErrTooLarge)
	assert.Less(t, allocated, uint64(3*max+(1<<20)))
}

// totalAlloc returns the bytes allocated by the process so far.
func totalAlloc() uint64 {
	var s runtime.MemStats
	runtime.ReadMemStats(&s)
	return s.TotalAlloc
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
