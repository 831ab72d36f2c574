package forms_test

import (
	"context"
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

func compileErr(t *testing.T, fields string) *forms.SchemaError {
	t.Helper()
	var s forms.Schema
	require.NoError(t, json.Unmarshal([]byte(`{"id": "t", "fields": `+fields+`}`), &s))
	f, err := s.Compile()
	require.Error(t, err)
	require.Nil(t, f)
	require.ErrorIs(t, err, forms.ErrInvalidSchema)
	var se *forms.SchemaError
	require.ErrorAs(t, err, &se)
	return se
}

const base = `{"key": "kind", "type": "choice", "choices": [{"value": "a"}, {"value": "b"}]},
  {"key": "n", "type": "integer"}, {"key": "d", "type": "decimal"}, {"key": "ok", "type": "bool"},
  {"key": "when", "type": "date"}, {"key": "name", "type": "text"}, {"key": "tags", "type": "multichoice", "choices": [{"value": "x"}]},
  {"key": "addr", "type": "group", "fields": [{"key": "city", "type": "text"}]},
  {"key": "rows", "type": "repeat", "fields": [{"key": "q", "type": "integer"}]}`

func TestCompileProblems(t *testing.T) {
	tests := []struct {
		name   string
		field  string
		want   error
		detail string
	}{
		{"unknown type", `{"key": "x", "type": "color"}`, forms.ErrUnknownType, "unknown or missing type"},
		{"missing type", `{"key": "x"}`, forms.ErrUnknownType, "unknown or missing type"},
		{"bad key", `{"key": "Họ tên", "type": "text"}`, forms.ErrBadField, "must match"},
		{"duplicate key", `{"key": "n", "type": "text"}`, forms.ErrDuplicateKey, `"n" is used twice`},
		{"unknown rule", `{"key": "x", "type": "text", "rules": "nosuchtag"}`, forms.ErrUnknownRule, "Undefined validation function"},
		{"unknown rule in or", `{"key": "x", "type": "text", "rules": "alpha|nosuch"}`, forms.ErrUnknownRule, "nosuch"},
		{"bad rule param", `{"key": "x", "type": "text", "rules": "min=abc"}`, forms.ErrBadRule, "min=abc"},
		{"bad rule param on number", `{"key": "x", "type": "integer", "rules": "gt=1.5"}`, forms.ErrBadRule, "gt=1.5"},
		// validator stops at the first passing alternative: the bad one shows
		// only on values the first rejects, and must be caught at compile time.
		{"bad param after passing alternative", `{"key": "x", "type": "text", "rules": "max=10|len=x"}`, forms.ErrBadRule, "len=x"},
		{"bad number param after passing alternative", `{"key": "x", "type": "integer", "rules": "max=7|len=x"}`, forms.ErrBadRule, "len=x"},
		{"bad decimal param after passing alternative", `{"key": "x", "type": "decimal", "rules": "lt=8|gt=y"}`, forms.ErrBadRule, "gt=y"},
		{"cross-field rule", `{"key": "x", "type": "text", "rules": "eqfield=name"}`, forms.ErrBadRule, "needs other fields"},
		{"required_if tag", `{"key": "x", "type": "text", "rules": "required_if=kind a"}`, forms.ErrBadRule, "needs other fields"},
		{"dive", `{"key": "x", "type": "text", "rules": "dive"}`, forms.ErrBadRule, "needs other fields"},
		{"empty tag", `{"key": "x", "type": "text", "rules": "min=1,,max=3"}`, forms.ErrBadRule, "empty tag"},
		{"file system tag", `{"key": "x", "type": "text", "rules": "max=200,file"}`, forms.ErrBadRule, "file system"},
		{"unknown vn tag", `{"key": "x", "type": "text", "rules": "vn_cccd"}`, forms.ErrUnknownRule,
			`rule "vn_cccd" is not defined: the Vietnamese rules are vn_citizen_id, vn_tax_code, vn_phone and vn_admin_unit`},
		{"vn tag on a number", `{"key": "x", "type": "integer", "rules": "vn_phone"}`, forms.ErrRuleNotApplicable, `rule "vn_phone" checks text, not type integer`},
		{"rules on bool", `{"key": "x", "type": "bool", "rules": "required"}`, forms.ErrRuleNotApplicable, "type bool takes no rules"},
		{"rules on date", `{"key": "x", "type": "date", "rules": "len=10"}`, forms.ErrRuleNotApplicable, "type date takes no rules"},
		{"rules on group", `{"key": "x", "type": "group", "rules": "min=1", "fields": [{"key": "y", "type": "text"}]}`, forms.ErrRuleNotApplicable, "type group takes no rules"},
		{"min > max len", `{"key": "x", "type": "text", "min_len": 5, "max_len": 2}`, forms.ErrBadRange, "min_len 5 > max_len 2"},
		{"negative len", `{"key": "x", "type": "text", "min_len": -1}`, forms.ErrBadRange, "negative"},
		{"min > max", `{"key": "x", "type": "integer", "min": 10, "max": 2}`, forms.ErrBadRange, "min 10 > max 2"},
		{"decimal min > max", `{"key": "x", "type": "decimal", "min": 1.5, "max": 1.25}`, forms.ErrBadRange, "min 1.5 > max 1.25"},
		{"integer fractional min", `{"key": "x", "type": "integer", "min": 1.5}`, forms.ErrBadField, "not a whole number"},
		{"money negative min", `{"key": "x", "type": "money", "min": -1}`, forms.ErrBadRange, "negative"},
		{"items", `{"key": "x", "type": "repeat", "min_items": 3, "max_items": 1, "fields": [{"key": "y", "type": "text"}]}`, forms.ErrBadRange, "min_items 3 > max_items 1"},
		{"len on integer", `{"key": "x", "type": "integer", "max_len": 3}`, forms.ErrBadField, "min_len/max_len does not apply"},
		{"min on text", `{"key": "x", "type": "text", "min": 3}`, forms.ErrBadField, "min/max does not apply"},
		{"pattern on email", `{"key": "x", "type": "email", "pattern": "a"}`, forms.ErrBadField, "pattern does not apply"},
		{"bad pattern", `{"key": "x", "type": "text", "pattern": "("}`, forms.ErrBadField, "pattern"},
		{"choice without choices", `{"key": "x", "type": "choice"}`, forms.ErrBadField, "needs choices"},
		{"duplicate choice", `{"key": "x", "type": "choice", "choices": [{"value": "a"}, {"value": "a"}]}`, forms.ErrDuplicateKey, `"a" is listed twice`},
		{"empty choice", `{"key": "x", "type": "choice", "choices": [{"value": " "}]}`, forms.ErrBadField, "empty value"},
		{"group without fields", `{"key": "x", "type": "group"}`, forms.ErrBadField, "needs fields"},
		{"fields on text", `{"key": "x", "type": "text", "fields": [{"key": "y", "type": "text"}]}`, forms.ErrBadField, "fields does not apply"},
		{"file on text", `{"key": "x", "type": "text", "file": {"max_files": 1}}`, forms.ErrBadField, "file does not apply"},
		{"bad media type", `{"key": "x", "type": "file", "file": {"accept": ["pdf"]}}`, forms.ErrBadField, "not a media type"},
		{"negative file limit", `{"key": "x", "type": "file", "file": {"max_bytes": -1}}`, forms.ErrBadRange, "negative"},
		{"required and required_if", `{"key": "x", "type": "text", "required": true, "required_if": "set(n)"}`, forms.ErrBadField, "both set"},
		{"condition syntax", `{"key": "x", "type": "text", "visible_if": "kind = \"a\""}`, forms.ErrBadCondition, "unexpected character"},
		{"condition unterminated", `{"key": "x", "type": "text", "visible_if": "kind == \"a"}`, forms.ErrBadCondition, "unterminated"},
		{"condition trailing", `{"key": "x", "type": "text", "visible_if": "set(n) set(d)"}`, forms.ErrBadCondition, "unexpected"},
		{"condition missing field", `{"key": "x", "type": "text", "visible_if": "nope == 1"}`, forms.ErrBadCondition, `"nope" does not exist`},
		{"condition missing group field", `{"key": "x", "type": "text", "visible_if": "addr.zip == \"1\""}`, forms.ErrBadCondition, `"addr.zip" does not exist`},
		{"condition into repeat", `{"key": "x", "type": "text", "visible_if": "rows.q == 1"}`, forms.ErrBadCondition, "not a group"},
		{"condition string vs number", `{"key": "x", "type": "text", "visible_if": "n == \"1\""}`, forms.ErrBadCondition, "want a number"},
		{"condition number vs string", `{"key": "x", "type": "text", "visible_if": "name == 1"}`, forms.ErrBadCondition, "want a non-empty string"},
		{"condition empty string", `{"key": "x", "type": "text", "visible_if": "name == \"\""}`, forms.ErrBadCondition, "want a non-empty string"},
		{"condition unknown choice", `{"key": "x", "type": "text", "visible_if": "kind in [\"a\", \"c\"]"}`, forms.ErrBadCondition, `"c" is not a choice`},
		{"condition ordered text", `{"key": "x", "type": "text", "visible_if": "name < \"m\""}`, forms.ErrBadCondition, "cannot be ordered"},
		{"condition fraction on integer", `{"key": "x", "type": "text", "visible_if": "n > 1.5"}`, forms.ErrBadCondition, "whole number"},
		{"condition bool ordered", `{"key": "x", "type": "text", "visible_if": "ok > true"}`, forms.ErrBadCondition, "takes only == and !="},
		{"condition bool vs string", `{"key": "x", "type": "text", "visible_if": "ok == \"true\""}`, forms.ErrBadCondition, "want true or false"},
		{"condition date compare", `{"key": "x", "type": "text", "visible_if": "when == \"01/01/2025\""}`, forms.ErrBadCondition, "only be tested with set()"},
		{"condition multichoice compare", `{"key": "x", "type": "text", "visible_if": "tags == \"x\""}`, forms.ErrBadCondition, "only be tested with set()"},
		{"condition deep", `{"key": "x", "type": "text", "visible_if": "` + deep(40) + `"}`, forms.ErrBadCondition, "nested too deeply"},
		{"self cycle", `{"key": "x", "type": "text", "visible_if": "set(x)"}`, forms.ErrCycle, "depend on each other"},
		{"id_check not a date", `{"key": "x", "type": "citizen_id", "id_check": {"birth_date": "name"}}`, forms.ErrBadField, "not a date field"},
		{"id_check sex values", `{"key": "x", "type": "citizen_id", "id_check": {"sex": "kind", "male": "a", "female": "z"}}`, forms.ErrBadField, "two choices"},
		{"id_check on text", `{"key": "x", "type": "text", "id_check": {"birth_date": "when"}}`, forms.ErrBadField, "id_check does not apply"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			se := compileErr(t, "["+base+", "+tt.field+"]")
			require.ErrorIs(t, se, tt.want)
			require.Len(t, se.Problems, 1, se.Error())
			assert.Contains(t, se.Problems[0].Error(), tt.detail)
		})
	}
}

func deep(n int) string {
	s := "set(n)"
	for range n {
		s = "(" + s + ")"
	}
	return s
}

func TestCompileReportsEveryProblem(t *testing.T) {
	se := compileErr(t, `[
	  {"key": "a", "type": "text", "visible_if": "set(b)"},
	  {"key": "b", "type": "text", "visible_if": "set(a)"},
	  {"key": "c", "type": "nope"},
	  {"key": "c", "type": "text"},
	  {"key": "d", "type": "text", "rules": "frobnicate"},
	  {"key": "e", "type": "integer", "min": 5, "max": 1},
	  {"key": "f", "type": "text", "required_if": "missing == 1"},
	  {"key": "rows", "type": "repeat", "fields": [
	    {"key": "q", "type": "integer"},
	    {"key": "r", "type": "text", "visible_if": "q > 1 && e > 1"}
	  ]}
	]`)
	for _, want := range []error{forms.ErrCycle, forms.ErrUnknownType, forms.ErrDuplicateKey, forms.ErrUnknownRule, forms.ErrBadRange, forms.ErrBadCondition} {
		assert.ErrorIs(t, se, want)
	}
	assert.Len(t, se.Problems, 7, se.Error())
	assert.Contains(t, se.Error(), `rows.r: visible_if: mixes fields of repeat "rows" with fields outside it`)
}

func TestCompileSchemaLevel(t *testing.T) {
	s := forms.Schema{}
	_, err := s.Compile()
	var se *forms.SchemaError
	require.ErrorAs(t, err, &se)
	assert.Len(t, se.Problems, 2) // no id, no fields
	_, err = (&forms.Schema{ID: "x", Fields: []forms.Field{{Key: "a", Type: forms.TypeText}}}).Compile(nil)
	require.ErrorIs(t, err, forms.ErrOption)
	_, err = (&forms.Schema{ID: "x", Fields: []forms.Field{{Key: "a", Type: forms.TypeText}}}).Compile(forms.WithAdminUnits(nil))
	require.ErrorIs(t, err, forms.ErrOption)
}

// TestConditionsAllowed: references that resolve and type-check compile.
func TestConditionsAllowed(t *testing.T) {
	for _, c := range []string{
		`kind == "a"`, `kind != "b"`, `kind in ["a", "b"]`, `kind not in ["a"]`, `set(kind)`, `!set(tags)`,
		`n > 1 && n <= 10 || n == -1`, `d >= 1.5 and d < 2e3`, `ok == true`, `not ok != false`,
		`addr.city == "Huế"`, `set(addr)`, `set(rows)`, `set(when)`, `(n in [1, 2, 3]) or (kind == "a" and !(d > 0))`,
		`name == "a \"quoted\" name"`,
	} {
		t.Run(c, func(t *testing.T) {
			var s forms.Schema
			require.NoError(t, json.Unmarshal([]byte(`{"id": "t", "fields": [`+base+`]}`), &s))
			s.Fields = append(s.Fields, forms.Field{Key: "x", Type: forms.TypeText, VisibleIf: c})
			_, err := s.Compile()
			require.NoError(t, err)
		})
	}
}

func TestFormIsACopy(t *testing.T) {
	s := &forms.Schema{ID: "copy", Fields: []forms.Field{
		{Key: "kind", Type: forms.TypeChoice, Required: true, Choices: []forms.Choice{{Value: "a"}}},
	}}
	f := must(t, s)
	s.Fields[0].Choices[0].Value = "b"
	s.Fields[0].Required = false
	require.NoError(t, f.Validate(context.Background(), map[string]any{"kind": "a"}))
	err := f.Validate(context.Background(), map[string]any{})
	require.ErrorIs(t, err, forms.ErrRequired)
}

func TestFieldTypeText(t *testing.T) {
	for ty := forms.TypeText; ty <= forms.TypeRepeat; ty++ {
		b, err := ty.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, ty, forms.ParseFieldType(string(b)))
		var back forms.FieldType
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, ty, back)
	}
	_, err := forms.TypeUnknown.MarshalText()
	require.ErrorIs(t, err, forms.ErrUnknownType)
	assert.Equal(t, "FieldType(99)", forms.FieldType(99).String())
	assert.Equal(t, forms.TypeUnknown, forms.ParseFieldType("unknown"))
}

func TestSchemaJSONRoundTrip(t *testing.T) {
	s := businessSchema(t)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	var back forms.Schema
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, *s, back)
	var tx forms.Text
	require.NoError(t, json.Unmarshal([]byte(`"Họ tên"`), &tx))
	assert.Equal(t, "Họ tên", tx.Get("en"))
	require.Error(t, json.Unmarshal([]byte(`12`), &tx))
}

func TestValidAt(t *testing.T) {
	f := must(t, businessSchema(t))
	assert.False(t, f.ValidAt(mustTime("2025-06-30T23:59:59+07:00")))
	assert.True(t, f.ValidAt(mustTime("2025-07-01T00:00:00+07:00")))
	assert.Equal(t, "BM-DKDN-01", f.ID())
	assert.Equal(t, "2025.1", f.Version())
	_, err := (&forms.Schema{ID: "x", Fields: []forms.Field{{Key: "a", Type: forms.TypeText}},
		ValidFrom: mustTime("2025-07-01T00:00:00+07:00"), ValidTo: mustTime("2025-01-01T00:00:00+07:00")}).Compile()
	require.True(t, errors.Is(err, forms.ErrBadRange))
}
