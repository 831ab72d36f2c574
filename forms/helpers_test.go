package forms_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// businessSchema returns the embedded enterprise registration form.
func businessSchema(t testing.TB) *forms.Schema {
	t.Helper()
	s, err := forms.SampleEnterpriseRegistration()
	require.NoError(t, err)
	return s
}

// submission reads good.json or bad.json of examples/forms, numbers as json.Number.
func submission(t testing.TB, name string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "examples", "forms", name))
	require.NoError(t, err)
	return decode(t, string(b))
}

func decode(t testing.TB, s string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(s))
	dec.UseNumber()
	var m map[string]any
	require.NoError(t, dec.Decode(&m))
	return m
}

// clone deep-copies a decoded JSON value through JSON.
func clone(t testing.TB, m map[string]any) map[string]any {
	t.Helper()
	b, err := json.Marshal(m)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var out map[string]any
	require.NoError(t, dec.Decode(&out))
	return out
}

// set changes a value at a dotted path ("owner.citizen_id", "members.1.share");
// a nil value deletes the key.
func set(t testing.TB, m map[string]any, path string, v any, del bool) map[string]any {
	t.Helper()
	m = clone(t, m)
	parts := strings.Split(path, ".")
	var cur any = m
	for i, p := range parts {
		last := i == len(parts)-1
		switch c := cur.(type) {
		case map[string]any:
			if last {
				if del {
					delete(c, p)
				} else {
					c[p] = v
				}
				return m
			}
			cur = c[p]
		case []any:
			var idx int
			require.NoError(t, json.Unmarshal([]byte(p), &idx))
			if last {
				c[idx] = v
				return m
			}
			cur = c[idx]
		default:
			t.Fatalf("path %s: not a container at %s", path, p)
		}
	}
	return m
}

func must(t testing.TB, s *forms.Schema, opts ...forms.Option) *forms.Form {
	t.Helper()
	f, err := s.Compile(opts...)
	require.NoError(t, err)
	return f
}

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}
