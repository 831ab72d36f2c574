package dossier

import (
	"encoding/json"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// EventData is the details of an [Event] (new due time, target unit,
// payment reference, attachment digests...): text values by key.
//
// EventData is immutable: copies of a dossier share their events' data
// safely, which keeps copying a long trail cheap, and nothing can edit a
// recorded detail behind the trail's hash. Build one with [NewEventData];
// the zero EventData is empty. In JSON it is an object.
type EventData struct {
	p []dataPair // keys unique, in byte order
}

type dataPair struct{ k, v string }

// NewEventData returns the data holding m's entries (a copy).
func NewEventData(m map[string]string) EventData {
	if len(m) == 0 {
		return EventData{}
	}
	p := make([]dataPair, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		p = append(p, dataPair{k, m[k]})
	}
	return EventData{p: p}
}

// Len returns the number of entries.
func (d EventData) Len() int { return len(d.p) }

// IsZero reports whether d is empty.
func (d EventData) IsZero() bool { return len(d.p) == 0 }

// Lookup returns the value of key and whether it is set.
func (d EventData) Lookup(key string) (string, bool) {
	i, ok := slices.BinarySearchFunc(d.p, key, func(p dataPair, key string) int { return strings.Compare(p.k, key) })
	if !ok {
		return "", false
	}
	return d.p[i].v, true
}

// Get returns the value of key, or "" when it is not set.
func (d EventData) Get(key string) string {
	v, _ := d.Lookup(key)
	return v
}

// All yields the entries in byte order of their keys.
func (d EventData) All() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for _, p := range d.p {
			if !yield(p.k, p.v) {
				return
			}
		}
	}
}

// Map returns the entries as a new map (nil when d is empty).
func (d EventData) Map() map[string]string {
	if d.IsZero() {
		return nil
	}
	m := make(map[string]string, d.Len())
	for k, v := range d.All() {
		m[k] = v
	}
	return m
}

// String returns the entries as "k=v, k=v" in key order, for logs.
func (d EventData) String() string {
	var b strings.Builder
	for k, v := range d.All() {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%s", k, v)
	}
	return b.String()
}

// MarshalJSON encodes d as a JSON object with its keys in byte order.
func (d EventData) MarshalJSON() ([]byte, error) {
	b := []byte{'{'}
	for k, v := range d.All() {
		if len(b) > 1 {
			b = append(b, ',')
		}
		var err error
		if b, err = appendJSONString(b, k); err != nil {
			return nil, err
		}
		b = append(b, ':')
		if b, err = appendJSONString(b, v); err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
}

func appendJSONString(b []byte, s string) ([]byte, error) {
	q, err := json.Marshal(s)
	return append(b, q...), err
}

// UnmarshalJSON decodes a JSON object of strings (or null, which is empty).
func (d *EventData) UnmarshalJSON(b []byte) error {
	if p, ok := parseSortedObject(b); ok {
		*d = EventData{p: p}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("%w: event data: %w", ErrInvalidDossier, err)
	}
	*d = NewEventData(m)
	return nil
}

// dataBuilder collects an event's data.
type dataBuilder struct{ p []dataPair }

// set sets key to v; a later set of the same key wins.
func (b *dataBuilder) set(key, v string) {
	if b.p == nil {
		b.p = make([]dataPair, 0, 4)
	}
	b.p = append(b.p, dataPair{key, v})
}

// data returns the entries sorted by key, the last set of each key
// winning; b is not used after.
func (b *dataBuilder) data() EventData {
	p := b.p
	slices.SortStableFunc(p, func(x, y dataPair) int { return strings.Compare(x.k, y.k) })
	out := p[:0]
	for i := range p {
		if i+1 < len(p) && p[i+1].k == p[i].k {
			continue // a later value of the same key follows
		}
		out = append(out, p[i])
	}
	return EventData{p: out}
}

// parseSortedObject reads, without reflection, the JSON that MarshalJSON
// writes: an object of strings whose keys are in strictly increasing byte
// order, with no escapes, no control characters and valid UTF-8. The
// entries share one string of b. Anything else (escapes, another order, a
// repeated key, other value types, bad syntax) reports false, and
// encoding/json decides, so the result is always the one encoding/json
// gives; FuzzEventDataFastPath holds the two to it.
func parseSortedObject(b []byte) ([]dataPair, bool) {
	if !utf8.Valid(b) {
		return nil, false
	}
	s := string(b)
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return nil, false
	}
	i = skipSpace(s, i+1)
	var p []dataPair
	if i < len(s) && s[i] == '}' {
		return nil, false // an empty object, rare: encoding/json decides
	}
	for {
		k, j, ok := plainString(s, i)
		if !ok {
			return nil, false
		}
		i = skipSpace(s, j)
		if i >= len(s) || s[i] != ':' {
			return nil, false
		}
		v, j, ok := plainString(s, skipSpace(s, i+1))
		if !ok {
			return nil, false
		}
		if len(p) > 0 && p[len(p)-1].k >= k {
			return nil, false
		}
		if p == nil {
			p = make([]dataPair, 0, 8)
		}
		p = append(p, dataPair{k, v})
		i = skipSpace(s, j)
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			if skipSpace(s, i+1) != len(s) {
				return nil, false
			}
			return p, true
		default:
			return nil, false
		}
	}
}

// plainString reads the JSON string at s[i:] if it has no escape and no
// control character, returning its content and the index after it.
func plainString(s string, i int) (string, int, bool) {
	if i >= len(s) || s[i] != '"' {
		return "", i, false
	}
	for j := i + 1; j < len(s); j++ {
		switch c := s[j]; {
		case c == '"':
			return s[i+1 : j], j + 1, true
		case c == '\\' || c < 0x20:
			return "", j, false
		}
	}
	return "", len(s), false
}

// skipSpace returns the index of the first non-white-space byte of s at
// or after i (JSON's white space: space, tab, newline, carriage return).
func skipSpace(s string, i int) int {
	for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
		i++
	}
	return i
}
