package catalog

import (
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// spaces yields n spaces without holding them: padding that takes a
// document to a size without a buffer of that size in the test.
type spaces struct{ n int64 }

func (s *spaces) Read(p []byte) (int, error) {
	if s.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), s.n)]
	for i := range p {
		p[i] = ' '
	}
	s.n -= int64(len(p))
	return len(p), nil
}

// hidden hides a reader's Len, so ReadJSON cannot refuse it by its size.
type hidden struct{ io.Reader }

func TestReadJSONLimit(t *testing.T) {
	doc := `{"procedures":[{"code":"1.000001","name":"Đăng ký khai sinh","levels":["commune"],"online":"full"}]}`
	padded := func(size int64) io.Reader {
		return hidden{io.MultiReader(strings.NewReader(doc), &spaces{size - int64(len(doc))})}
	}
	// The limit's logic is tested with a 64 KiB limit (64 MiB of input
	// take seconds under the race detector); ReadJSON's own limit with a
	// sized reader, which it refuses before reading.
	const small = 64 << 10
	tests := []struct {
		name    string
		r       io.Reader
		max     int64
		wantErr error
	}{
		{"stream at the limit", padded(small), small, nil},
		{"stream one byte past", padded(small + 1), small, ErrTooLarge},
		{"stream far past", padded(100 * small), small, ErrTooLarge},
		{"document itself past", hidden{strings.NewReader(doc)}, int64(len(doc) - 1), ErrTooLarge},
		{"sized reader at the limit", strings.NewReader(doc + strings.Repeat(" ", small-len(doc))), small, nil},
		{"sized reader past MaxJSONBytes: refused before reading",
			strings.NewReader(doc + strings.Repeat(" ", MaxJSONBytes)), MaxJSONBytes, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var c *Catalog
			var err error
			if tt.max == MaxJSONBytes {
				c, err = ReadJSON(tt.r)
			} else {
				c, err = readJSON(tt.r, tt.max)
			}
			if tt.wantErr == nil {
				require.NoError(t, err)
				assert.Equal(t, 1, c.Len())
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			assert.Nil(t, c, "nothing partial")
			var le *LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, "MaxJSONBytes", le.Limit)
			assert.EqualValues(t, MaxJSONBytes, le.Max)
			assert.Equal(t, "catalog: the JSON document exceeds MaxJSONBytes (67108864)", err.Error())
		})
	}
}

func TestReadJSONReaderError(t *testing.T) {
	failing := errors.New("connection reset")
	c, err := ReadJSON(io.MultiReader(strings.NewReader(`{"procedures":[`), iotest.ErrReader(failing)))
	require.ErrorIs(t, err, failing)
	assert.NotErrorIs(t, err, ErrSyntax)
	assert.Nil(t, c)
}

// TestErrorsClipValues checks that errors quote at most 80 characters of
// a value from the input, however long it is.
func TestErrorsClipValues(t *testing.T) {
	long := strings.Repeat("ư", 1<<20/2) // 1 MB
	clipped := strings.Repeat("ư", 80) + "…"
	proc := func(extra string) string {
		return `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full"` + extra + `}]}`
	}
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"unknown field", `{"procedures":[],"` + long + `":1}`, ErrUnknownField},
		{"long code in a problem", `{"procedures":[{"code":"` + long + `","name":"","levels":["commune"],"online":"full"}]}`, ErrEmptyName},
		{"long currency", proc(`,"channels":[{"channel":"online","time":1,"unit":"days","fees":[{"currency":"` + long + `"}]}]`), ErrInvalidFee},
		{"long number literal", `{"procedures":[{"code":` + strings.Repeat("9", 1<<20) + `}]}`, ErrSyntax},
		{"long unknown level", proc(`,"levels":["` + long + `"]`), ErrSyntax},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadJSON(strings.NewReader(tt.in))
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, c)
			msg := err.Error()
			assert.Less(t, len(msg), 1000, "message of %d bytes", len(msg))
			if tt.want != ErrSyntax {
				assert.Contains(t, msg, strconv.Quote(clipped)[1:len(strconv.Quote(clipped))-1])
			}
		})
	}
}

// TestIndexLinear checks that the index holds one posting (or bit) per
// distinct word of each procedure, however many distinct words there are: 5,000
// procedures each bringing its own word give 5,000 more postings, not
// 5,000 sets of 5,000 bits.
func TestIndexLinear(t *testing.T) {
	mk := func(n int, unique bool) *Catalog {
		procs := make([]Procedure, n)
		for i := range procs {
			name := "Cấp giấy phép xây dựng"
			if unique {
				name += " số " + strconv.Itoa(100000+i)
			}
			procs[i] = Procedure{Code: "1." + strconv.Itoa(100000+i), Name: name, Sector: "Xây dựng",
				Agency: "Sở Xây dựng", Levels: []Level{Province}, Online: Full}
		}
		c, err := New(procs...)
		require.NoError(t, err)
		return c
	}
	tests := []struct {
		name      string
		n         int
		unique    bool
		wantWords int
		wantPosts int
	}{
		// cap giay phep xay dung, and so from the agency: "xay" and
		// "dung" of the sector and the agency count once per procedure.
		{"shared words", 5000, false, 6, 5000 * 6},
		// the same, "so" now in the name, and a number each.
		{"a unique word each", 5000, true, 6 + 5000, 5000 * 7},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := mk(tt.n, tt.unique)
			assert.Equal(t, tt.wantWords, len(c.index.words))
			// A frequent word's procedures are in its bitsets instead of
			// postings, which take no more memory than the postings would.
			entries, bytes := len(c.index.posts), 4*len(c.index.posts)
			for k := range c.index.anySets {
				entries += c.index.anySets[k].count()
				bytes += 8 * (len(c.index.anySets[k]) + len(c.index.nameSets[k]))
			}
			assert.Equal(t, tt.wantPosts, entries)
			assert.LessOrEqual(t, bytes, 4*tt.wantPosts)
			assert.Equal(t, tt.wantWords+1, len(c.index.off))
			got := c.Search(Query{Text: "giay phep so 100042"})
			if tt.unique {
				require.Len(t, got, 1)
				assert.Equal(t, "1.100042", got[0].Code)
			} else {
				assert.Empty(t, got)
			}
		})
	}
}
