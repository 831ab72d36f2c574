package forms_test

import (
	"context"
	"encoding/json"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// TestConditionSemantics: a field "x" is required when the condition holds;
// whether Validate asks for it shows how the condition evaluated.
func TestConditionSemantics(t *testing.T) {
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		cond string
		sub  map[string]any
		want bool
	}{
		{`kind == "a"`, map[string]any{"kind": "a"}, true},
		{`kind == "a"`, map[string]any{"kind": "b"}, false},
		{`kind == "a"`, map[string]any{}, false},
		{`kind != "a"`, map[string]any{}, true},
		{`kind != "a"`, map[string]any{"kind": "a"}, false},
		{`kind != "a"`, map[string]any{"kind": 5}, true},
		{`kind in ["a", "b"]`, map[string]any{"kind": "b"}, true},
		{`kind not in ["a", "b"]`, map[string]any{"kind": "b"}, false},
		{`kind not in ["a", "b"]`, map[string]any{"kind": " "}, true},
		{`set(kind)`, map[string]any{"kind": "  "}, false},
		{`set(kind)`, map[string]any{"kind": "a"}, true},
		{`!set(kind)`, map[string]any{"kind": nil}, true},
		{`n > 10`, map[string]any{"n": n("11")}, true},
		{`n > 10`, map[string]any{"n": n("10")}, false},
		{`n >= 10`, map[string]any{"n": float64(10)}, true},
		{`n < 0`, map[string]any{"n": n("-1")}, true},
		{`n <= 0`, map[string]any{"n": n("0")}, true},
		{`n <= 0`, map[string]any{}, false},
		{`n > 1`, map[string]any{"n": "5"}, false},
		{`n > 1`, map[string]any{"n": n("2.5")}, false},
		{`n == 0`, map[string]any{"n": n("0")}, true},
		{`n in [1, 2]`, map[string]any{"n": n("2")}, true},
		{`d == 0.5`, map[string]any{"d": n("0.5")}, true},
		{`d > 0.25 && d < 0.75`, map[string]any{"d": n("0.5")}, true},
		{`ok == true`, map[string]any{"ok": true}, true},
		{`ok == true`, map[string]any{"ok": "true"}, false},
		{`ok == false`, map[string]any{"ok": false}, true},
		{`ok != true`, map[string]any{}, true},
		{`set(ok)`, map[string]any{"ok": false}, true},
		{`addr.city == "Huế"`, map[string]any{"addr": map[string]any{"city": "Huế"}}, true},
		{`addr.city == "Huế"`, map[string]any{"addr": "Huế"}, false},
		{`set(rows)`, map[string]any{"rows": []any{}}, false},
		{`set(rows)`, map[string]any{"rows": []any{map[string]any{}}}, true},
		{`kind == "a" and n > 1 or ok == true`, map[string]any{"ok": true}, true},
		{`kind == "a" and (n > 1 or ok == true)`, map[string]any{"ok": true}, false},
		{`not kind == "a" && !(n > 1)`, map[string]any{"kind": "b", "n": n("0")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.cond, func(t *testing.T) {
			var s forms.Schema
			require.NoError(t, json.Unmarshal([]byte(`{"id": "t", "fields": [`+base+`]}`), &s))
			s.Fields = append(s.Fields, forms.Field{Key: "x", Type: forms.TypeText, RequiredIf: tt.cond})
			f := must(t, &s)
			err := f.Validate(context.Background(), tt.sub)
			required := false
			if err != nil {
				var verrs forms.ValidationErrors
				require.ErrorAs(t, err, &verrs)
				for _, e := range verrs {
					if e.Path == "x" && e.Rule == "required_if" {
						required = true
					}
				}
			}
			assert.Equal(t, tt.want, required, "%v", err)
		})
	}
}

// TestExportedPatternsCompileInGo: every pattern of the exported schema is
// valid for Go's regexp as well as for ECMAScript (checked by ajv).
func TestExportedPatternsCompileInGo(t *testing.T) {
	for _, f := range []*forms.Form{must(t, businessSchema(t)), typesForm(t)} {
		b, err := f.JSONSchema()
		require.NoError(t, err)
		var doc any
		require.NoError(t, json.Unmarshal(b, &doc))
		count := 0
		var walk func(any)
		walk = func(v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					if p, ok := e.(string); ok && k == "pattern" {
						_, err := regexp.Compile(p)
						assert.NoError(t, err, p)
						count++
					}
					walk(e)
				}
			case []any:
				for _, e := range x {
					walk(e)
				}
			}
		}
		walk(doc)
		assert.Positive(t, count)
	}
}
