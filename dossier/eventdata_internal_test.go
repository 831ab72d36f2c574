package dossier

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestParseSortedObject(t *testing.T) {
	for _, tc := range []struct {
		in   string
		ok   bool
		want []dataPair
	}{
		{`{"a":"1","b":"Tờ khai"}`, true, []dataPair{{"a", "1"}, {"b", "Tờ khai"}}},
		{" {\n\t\"a\" : \"\" , \"due\":\"2026-03-02T17:00:00+07:00\"}\r\n", true, []dataPair{{"a", ""}, {"due", "2026-03-02T17:00:00+07:00"}}},
		{`{"b":"1","a":"2"}`, false, nil}, // another order
		{`{"a":"1","a":"2"}`, false, nil}, // a repeated key: the last wins in encoding/json
		{`{"a":"x\"y"}`, false, nil},      // an escape
		{`{"a":1}`, false, nil},           // not a string
		{`{}`, false, nil},                // empty
		{`null`, false, nil},              // null
		{`{"a":"1"`, false, nil},          // cut
		{`{"a":"1"} x`, false, nil},       // trailing
		{"{\"a\":\"\xff\"}", false, nil},  // bad UTF-8
		{"{\"a\":\"x\ty\"}", false, nil},  // a control character
	} {
		p, ok := parseSortedObject([]byte(tc.in))
		assert.Equal(t, tc.ok, ok, "%q", tc.in)
		assert.Equal(t, tc.want, p, "%q", tc.in)
		var d EventData
		err := d.UnmarshalJSON([]byte(tc.in))
		var m map[string]string
		jerr := json.Unmarshal([]byte(tc.in), &m)
		if jerr != nil {
			assert.Error(t, err, "%q", tc.in)
			continue
		}
		require.NoError(t, err, "%q", tc.in)
		assert.Equal(t, NewEventData(m), d, "%q decodes as encoding/json does", tc.in)
	}
}

// FuzzEventDataFastPath holds the reflection-free reading of event data to
// encoding/json's: whenever it accepts an input, encoding/json gives the
// same entries.
func FuzzEventDataFastPath(f *testing.F) {
	f.Add([]byte(`{"a":"1","b":"Tờ khai"}`))
	f.Add([]byte(`{"amount":"15000","method":"vietqr","payer":"TRAN VAN BINH","reference":"FT1"}`))
	f.Add([]byte(`{"b":"1","a":"2"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return
		}
		p, ok := parseSortedObject(b)
		if !ok {
			return
		}
		var m map[string]string
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("accepted %q, which encoding/json refuses: %v", b, err)
		}
		if got, want := (EventData{p: p}), NewEventData(m); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v, encoding/json gives %v", b, got, want)
		}
	})
}
