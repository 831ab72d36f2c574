package sheet

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestKeyTable(t *testing.T) {
	tests := []struct {
		name string
		keys []string // of procedures 0, 1, ...; "" for none
		dups map[int]int
	}{
		{"empty", nil, nil},
		{"one", []string{"1.1"}, nil},
		{"a duplicate", []string{"1.1", "1.2", "1.1"}, map[int]int{2: 0}},
		{"procedures without keys", []string{"", "1.1", "", "", "1.2", "1.1"}, map[int]int{5: 1}},
		{"growing", func() []string {
			var out []string
			for i := range 10000 {
				out = append(out, "1."+strconv.Itoa(i%7000))
			}
			return out
		}(), func() map[int]int {
			m := map[int]int{}
			for i := 7000; i < 10000; i++ {
				m[i] = i - 7000
			}
			return m
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var kt keyTable
			for i, k := range tt.keys {
				if k == "" {
					continue
				}
				first, dup := kt.add(k, i)
				want, wantDup := tt.dups[i]
				assert.Equal(t, wantDup, dup, i)
				if wantDup {
					assert.Equal(t, want, first, i)
				}
			}
			for i, k := range tt.keys {
				if _, dup := tt.dups[i]; k == "" || dup {
					continue
				}
				got, ok := kt.find(k)
				assert.True(t, ok, k)
				assert.Equal(t, i, got, k)
			}
			_, ok := kt.find("9.9")
			assert.False(t, ok)
			_, ok = kt.find("")
			assert.False(t, ok)
		})
	}
}
