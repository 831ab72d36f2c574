package dossier_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

func TestEventData(t *testing.T) {
	tests := []struct {
		name   string
		in     map[string]string
		keys   []string
		json   string
		String string
	}{
		{"nil", nil, nil, `{}`, ""},
		{"empty", map[string]string{}, nil, `{}`, ""},
		{"one", map[string]string{"due": "2026-03-05T17:00:00+07:00"}, []string{"due"}, `{"due":"2026-03-05T17:00:00+07:00"}`, "due=2026-03-05T17:00:00+07:00"},
		{"byte order", map[string]string{"b": "2", "a": "1", "Z": "0", "đ": "3"}, []string{"Z", "a", "b", "đ"},
			`{"Z":"0","a":"1","b":"2","đ":"3"}`, "Z=0, a=1, b=2, đ=3"},
		{"escaped", map[string]string{"attachment:Tờ \"khai\"": "<x>"}, []string{"attachment:Tờ \"khai\""},
			`{"attachment:Tờ \"khai\"":"\u003cx\u003e"}`, "attachment:Tờ \"khai\"=<x>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dossier.NewEventData(tt.in)
			assert.Equal(t, len(tt.in), d.Len())
			assert.Equal(t, len(tt.in) == 0, d.IsZero())
			var keys []string
			for k, v := range d.All() {
				keys = append(keys, k)
				assert.Equal(t, tt.in[k], v)
				got, ok := d.Lookup(k)
				assert.True(t, ok)
				assert.Equal(t, v, got)
				assert.Equal(t, v, d.Get(k))
			}
			assert.Equal(t, tt.keys, keys, "keys in byte order")
			_, ok := d.Lookup("absent")
			assert.False(t, ok)
			assert.Empty(t, d.Get("absent"))
			assert.Equal(t, tt.String, d.String())
			if len(tt.in) == 0 {
				assert.Nil(t, d.Map())
			} else {
				assert.Equal(t, tt.in, d.Map())
			}

			js, err := json.Marshal(d)
			require.NoError(t, err)
			assert.JSONEq(t, tt.json, string(js))
			assert.Equal(t, tt.json, string(js), "keys in byte order, as encoding/json writes a map")
			var back dossier.EventData
			require.NoError(t, json.Unmarshal(js, &back))
			assert.Equal(t, d.Map(), back.Map())
		})
	}
}

func TestEventDataIsACopy(t *testing.T) {
	m := map[string]string{"to": "unit-a"}
	d := dossier.NewEventData(m)
	m["to"] = "unit-b"
	assert.Equal(t, "unit-a", d.Get("to"), "changing the map given does not change the data")
	got := d.Map()
	got["to"] = "unit-c"
	assert.Equal(t, "unit-a", d.Get("to"), "changing the map returned does not change the data")
}

func TestEventDataJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want map[string]string
		err  bool
	}{
		{"object", `{"b": "2", "a": "1"}`, map[string]string{"a": "1", "b": "2"}, false},
		{"null", `null`, nil, false},
		{"empty", `{}`, nil, false},
		{"duplicate key: the last wins", `{"a": "1", "a": "2"}`, map[string]string{"a": "2"}, false},
		{"number value", `{"a": 1}`, nil, true},
		{"array", `["a"]`, nil, true},
		{"string", `"a"`, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dossier.NewEventData(map[string]string{"before": "x"})
			err := json.Unmarshal([]byte(tt.in), &d)
			if tt.err {
				require.ErrorIs(t, err, dossier.ErrInvalidDossier)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, d.Map())
		})
	}
	// In an event, empty data is left out.
	js, err := json.Marshal(dossier.Event{Seq: 1, Actor: dossier.Actor{ID: "a", Role: dossier.RoleApplicant}, Action: dossier.Submit, To: dossier.Submitted})
	require.NoError(t, err)
	assert.NotContains(t, string(js), `"data"`)
}

// FuzzEventDataJSON decodes arbitrary JSON as event data: an error or data
// that encodes back to the same entries, never a panic.
func FuzzEventDataJSON(f *testing.F) {
	for _, s := range []string{`{"a": "1", "b": "2"}`, `null`, `{"a": "1", "a": "2"}`, `{"\u00e9": "\ud800"}`, `[1]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var d dossier.EventData
		if json.Unmarshal(b, &d) != nil {
			return
		}
		var m map[string]string
		require.NoError(t, json.Unmarshal(b, &m), "accepted what a map refuses")
		js, err := json.Marshal(d)
		require.NoError(t, err)
		var back dossier.EventData
		require.NoError(t, json.Unmarshal(js, &back))
		require.True(t, maps.Equal(d.Map(), back.Map()))
		require.True(t, maps.Equal(m, d.Map()) || (len(m) == 0 && d.IsZero()))
	})
}

func ExampleEventData() {
	d := dossier.NewEventData(map[string]string{"to": "000.00.02.H12", "note": "chuyển phòng"})
	fmt.Println(d.Get("to"))
	for k, v := range d.All() {
		fmt.Printf("%s: %s\n", k, v)
	}
	js, _ := json.Marshal(d)
	fmt.Println(string(js))
	// Output:
	// 000.00.02.H12
	// note: chuyển phòng
	// to: 000.00.02.H12
	// {"note":"chuyển phòng","to":"000.00.02.H12"}
}
