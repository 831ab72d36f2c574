package fees_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The limits of fees' readers (see the package documentation), each at the
// limit and one past it.

func TestScheduleDocumentLimits(t *testing.T) {
	doc := bytes.TrimSpace(fees.SampleJSON())
	pad := func(n int) []byte {
		require.LessOrEqual(t, len(doc), n)
		return append(bytes.Clone(doc), bytes.Repeat([]byte(" "), n-len(doc))...)
	}
	tests := []struct {
		name string
		data []byte
		err  error
	}{
		{"at the limit", pad(fees.MaxScheduleBytes), nil},
		{"past the limit", pad(fees.MaxScheduleBytes + 1), fees.ErrTooLarge},
		{"nested past encoding/json's depth", []byte(`{"note": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`), fees.ErrSyntax},
	}
	readers := []struct {
		name string
		read func([]byte) (*fees.Schedule, error)
	}{
		{"Parse", func(b []byte) (*fees.Schedule, error) { return fees.Parse(bytes.NewReader(b)) }},
		{"ParseJSON", fees.ParseJSON},
	}
	for _, tt := range tests {
		for _, r := range readers {
			t.Run(tt.name+"/"+r.name, func(t *testing.T) {
				s, err := r.read(tt.data)
				if tt.err == nil {
					require.NoError(t, err)
					assert.NotEmpty(t, s.Codes())
					return
				}
				require.ErrorIs(t, err, tt.err)
				var fe *fees.FormatError
				require.ErrorAs(t, err, &fe)
				assert.Nil(t, s)
			})
		}
	}
	t.Run("Parse reads one byte past the limit, not the rest", func(t *testing.T) {
		r := &countingReader{r: bytes.NewReader(pad(fees.MaxScheduleBytes + 1<<20))}
		_, err := fees.Parse(r)
		require.ErrorIs(t, err, fees.ErrTooLarge)
		assert.LessOrEqual(t, r.n, int64(fees.MaxScheduleBytes+1))
	})
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func TestRequestLimits(t *testing.T) {
	s := sample(t)
	at := day(2024, time.March, 1)
	items := func(n int) []fees.ItemRequest {
		out := make([]fees.ItemRequest, n)
		for i := range out {
			out[i] = fees.ItemRequest{Code: "DKDN"}
		}
		return out
	}
	groups := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = "student"
		}
		return out
	}
	one := items(1)
	tests := []struct {
		name  string
		req   fees.Request
		field string // "": accepted
	}{
		{"items at the limit", fees.Request{At: at, Items: items(fees.MaxRequestItems)}, ""},
		{"items past the limit", fees.Request{At: at, Items: items(fees.MaxRequestItems + 1)}, "items"},
		{"groups at the limit", fees.Request{At: at, Items: one, Groups: groups(fees.MaxRequestGroups)}, ""},
		{"groups past the limit", fees.Request{At: at, Items: one, Groups: groups(fees.MaxRequestGroups + 1)}, "groups"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := s.Quote(tt.req)
			if tt.field == "" {
				require.NoError(t, err)
				assert.Len(t, q.Lines, len(tt.req.Items))
				return
			}
			require.ErrorIs(t, err, fees.ErrRequest)
			var re *fees.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.field, re.Field)
			assert.Equal(t, fees.Quote{}, q)
		})
	}
}
