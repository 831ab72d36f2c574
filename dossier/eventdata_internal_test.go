package dossier

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDataBuilder(t *testing.T) {
	tests := []struct {
		name string
		sets [][2]string
		want map[string]string
		keys []string
	}{
		{"none", nil, nil, nil},
		{"sorted", [][2]string{{"procedure", "1.001"}, {"channel", "online"}, {"fee", "50000"}},
			map[string]string{"procedure": "1.001", "channel": "online", "fee": "50000"}, []string{"channel", "fee", "procedure"}},
		{"a later set wins", [][2]string{{"b", "1"}, {"a", "x"}, {"b", "2"}, {"a", "y"}, {"b", "3"}},
			map[string]string{"a": "y", "b": "3"}, []string{"a", "b"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b dataBuilder
			for _, s := range tt.sets {
				b.set(s[0], s[1])
			}
			d := b.data()
			assert.Equal(t, tt.want, d.Map())
			var keys []string
			for k := range d.All() {
				keys = append(keys, k)
			}
			assert.Equal(t, tt.keys, keys)
			assert.Equal(t, NewEventData(tt.want), d, "same as built from a map")
		})
	}
}
