package dvcqg

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hidden hides a reader's size, as a network stream would.
type hidden struct{ io.Reader }

const minimal = `{"code":"1.000001","name":"Đăng ký khai sinh","isWard":true,"executionMethods":[{"submissionMethod":"DIRECT","processingTime":5,"processingTimeUnit":"WORKING_DAY"}]}`

func TestReadInputLimit(t *testing.T) {
	// The logic at a small limit (a 256 MiB input takes long under the
	// race detector); the package's own limit with a sized reader, which
	// is refused before anything is read.
	const small = 4 << 10
	pad := func(n int) string { return minimal + strings.Repeat(" ", n-len(minimal)) }
	tests := []struct {
		name    string
		r       io.Reader
		max     int64
		wantErr bool
	}{
		{"stream at the limit", hidden{strings.NewReader(pad(small))}, small, false},
		{"stream one byte past", hidden{strings.NewReader(pad(small + 1))}, small, true},
		{"sized at the limit", strings.NewReader(pad(small)), small, false},
		{"sized one byte past", strings.NewReader(pad(small + 1)), small, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data, err := readAll(tt.r, tt.max)
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Len(t, data, small)
				return
			}
			require.ErrorIs(t, err, ErrTooLarge)
			assert.Nil(t, data)
			assert.Contains(t, err.Error(), "MaxInputBytes")
		})
	}
	huge := bytes.NewReader(make([]byte, MaxInputBytes+1))
	t.Run("ReadRecords past MaxInputBytes", func(t *testing.T) {
		c, problems, err := ReadRecords(huge)
		require.ErrorIs(t, err, ErrTooLarge)
		assert.Nil(t, c)
		assert.Nil(t, problems)
	})
	t.Run("ReadProcedure past MaxInputBytes", func(t *testing.T) {
		_, err := ReadProcedure(strings.NewReader(minimal + strings.Repeat(" ", MaxInputBytes)))
		require.ErrorIs(t, err, ErrTooLarge)
	})
}

// TestReadAllTotal: the files of ReadAll count together against
// MaxInputBytes.
func TestReadAllTotal(t *testing.T) {
	big := make([]byte, MaxInputBytes/2)
	copy(big, minimal)
	for i := len(minimal); i < len(big); i++ {
		big[i] = ' '
	}
	tests := []struct {
		name    string
		files   int
		extra   int
		wantErr bool
	}{
		{"two halves: at the limit", 2, 0, false},
		{"two halves and a byte", 2, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for i := range tt.files {
				fsys["r/"+string(rune('a'+i))+".json"] = &fstest.MapFile{Data: big}
			}
			if tt.extra > 0 {
				fsys["r/z.json"] = &fstest.MapFile{Data: []byte(strings.Repeat(" ", tt.extra))}
			}
			c, problems, err := ReadAll(fsys, "r/*.json")
			if !tt.wantErr {
				require.NoError(t, err)
				assert.Equal(t, 1, c.Len(), "one code, twice")
				return
			}
			require.ErrorIs(t, err, ErrTooLarge)
			assert.Nil(t, c)
			assert.Nil(t, problems)
		})
	}
}

func TestReadRecordsLimit(t *testing.T) {
	const max = 100
	lines := func(n int) []byte { return bytes.Repeat([]byte("{}\n"), n) }
	array := func(n int) []byte {
		return []byte("[" + strings.TrimSuffix(strings.Repeat("{},", n), ",") + "]")
	}
	tests := []struct {
		name    string
		data    []byte
		wantErr bool
	}{
		{"lines at the limit", lines(max), false},
		{"lines one past", lines(max + 1), true},
		{"array at the limit", array(max), false},
		{"array one past", array(max + 1), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im, err := newImporter(nil)
			require.NoError(t, err)
			im.maxRecords = max
			if err := im.stream(tt.data, ""); err != nil {
				im.stop()
				require.True(t, tt.wantErr, "unexpected %v", err)
				require.ErrorIs(t, err, ErrTooLarge)
				assert.Contains(t, err.Error(), "MaxRecords")
				return
			}
			require.False(t, tt.wantErr, "no error past the limit")
			c, problems, err := im.finish()
			require.NoError(t, err)
			assert.Equal(t, 0, c.Len())
			noCode := 0
			for _, p := range problems {
				if p.Path == "code" && p.Skipped {
					noCode++
				}
			}
			assert.Equal(t, max, noCode, "each {} lacks a code")
		})
	}
}

// TestMessagesClipped: a record whose values and depth are
// attacker-sized gives a message of bounded size.
func TestMessagesClipped(t *testing.T) {
	long := strings.Repeat("ư", 1<<19) // 1 MB
	deep := `{"code":"1.1","name":"A","x":` + strings.Repeat(`{"k":`, 9000) + `1` + strings.Repeat(`}`, 8999) + `]}`
	tests := []struct {
		name string
		in   string
	}{
		{"long code and unknown unit", `{"code":"` + long + `","name":"A","isWard":true,"executionMethods":[{"submissionMethod":"DIRECT","processingTime":1,"processingTimeUnit":"` + long + `"}]}`},
		{"long submission method", `{"code":"1.1","name":"A","isWard":true,"executionMethods":[{"submissionMethod":"` + long + `","processingTime":1,"processingTimeUnit":"DAY"}]}`},
		{"long number", `{"code":"1.1","name":"A","executionMethods":[{"processingTime":` + strings.Repeat("9", 1<<20) + `}]}`},
		{"deep syntax error", deep},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, problems, err := ReadRecords(strings.NewReader(tt.in))
			require.NoError(t, err)
			require.NotEmpty(t, problems)
			for _, p := range problems {
				assert.Less(t, len(p.Error()), 1200, "%d bytes", len(p.Error()))
			}
		})
	}
}
