package forms_test

// These tests pin down why forms walks the schema itself instead of calling
// validator/v10's ValidateMap: each one shows raw validator going wrong on
// a submission as encoding/json decodes it, then forms doing it right.

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/go-playground/validator/v10"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(s), &m))
	return m
}

func formErrors(t *testing.T, f *forms.Form, sub map[string]any) forms.ValidationErrors {
	t.Helper()
	err := f.Validate(context.Background(), sub)
	if err == nil {
		return nil
	}
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	return verrs
}

// required_if is evaluated by ValidateMap through Var, where there is no
// parent to look the other field up in: the rule never fires, so a field
// that is present but empty passes although its condition holds.
func TestValidateMapSkipsRequiredIf(t *testing.T) {
	sub := decodeJSON(t, `{"enterprise_type": "cophan", "title": ""}`)
	raw := validator.New().ValidateMap(sub, map[string]any{
		"enterprise_type": "required",
		"title":           "required_if=enterprise_type cophan",
	})
	assert.Empty(t, raw, "raw validator accepts the empty title")

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "enterprise_type", Type: forms.TypeChoice, Required: true, Choices: []forms.Choice{{Value: "cophan"}, {Value: "tnhh1"}}},
		{Key: "title", Type: forms.TypeText, RequiredIf: `enterprise_type == "cophan"`},
	}})
	verrs := formErrors(t, f, sub)
	require.Len(t, verrs, 1)
	assert.Equal(t, "title", verrs[0].Path)
	assert.Equal(t, "required_if", verrs[0].Rule)
	assert.Empty(t, formErrors(t, f, decodeJSON(t, `{"enterprise_type": "tnhh1", "title": ""}`)))
}

// An optional key that is absent reaches Var as nil, and every rule on it
// fails: ValidateMap reports false errors for fields nobody filled.
func TestValidateMapFalseErrorsForAbsentKeys(t *testing.T) {
	sub := decodeJSON(t, `{"name": "Công ty A"}`)
	raw := validator.New().ValidateMap(sub, map[string]any{
		"name":  "required",
		"email": "email",
		"fax":   "min=8",
	})
	assert.Len(t, raw, 2, "raw validator rejects the absent optional email and fax")
	assert.Contains(t, raw, "email")
	assert.Contains(t, raw, "fax")

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "name", Type: forms.TypeText, Required: true},
		{Key: "email", Type: forms.TypeEmail},
		{Key: "fax", Type: forms.TypeText, MinLen: forms.Ptr(8)},
	}})
	assert.Empty(t, formErrors(t, f, sub))
}

// encoding/json decodes a list of objects as []any; ValidateMap only dives
// into map[string]any and []map[string]any, so the rows are not checked at
// all: it reports the whole list as "not a map".
func TestValidateMapCannotDiveIntoJSONLists(t *testing.T) {
	sub := decodeJSON(t, `{"members": [{"name": "An"}, {"name": ""}]}`)
	rules := map[string]any{"members": map[string]any{"name": "required"}}
	raw := validator.New().ValidateMap(sub, rules)
	require.Len(t, raw, 1)
	err, ok := raw["members"].(error)
	require.True(t, ok)
	assert.Contains(t, err.Error(), "is not a map to dive")

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "members", Type: forms.TypeRepeat, Fields: []forms.Field{{Key: "name", Type: forms.TypeText, Required: true}}},
	}})
	verrs := formErrors(t, f, sub)
	require.Len(t, verrs, 1)
	assert.Equal(t, "members[1].name", verrs[0].Path)
	assert.Equal(t, "required", verrs[0].Rule)
}

// Even with []map[string]any, ValidateMap keeps one error map per list and
// overwrites it row after row: which rows failed is lost, and so are the
// errors of every failing row but the last.
func TestValidateMapLosesRowIndices(t *testing.T) {
	sub := map[string]any{"members": []map[string]any{{"name": ""}, {"name": "An"}, {"name": ""}, {"name": "Bình"}}}
	raw := validator.New().ValidateMap(sub, map[string]any{"members": map[string]any{"name": "required"}})
	require.Len(t, raw, 1)
	rows, ok := raw["members"].(map[string]any)
	require.True(t, ok)
	assert.Len(t, rows, 1, "two failing rows, one error, no index")

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "members", Type: forms.TypeRepeat, Fields: []forms.Field{{Key: "name", Type: forms.TypeText, Required: true}}},
	}})
	verrs := formErrors(t, f, sub)
	require.Len(t, verrs, 2)
	assert.Equal(t, "members[0].name", verrs[0].Path)
	assert.Equal(t, "members[2].name", verrs[1].Path)
}

// With UseNumber, a number is a json.Number, a string to validator: min and
// max then count its characters. -5 passes min=0 (two characters) and
// 123456789 passes max=9 (nine characters).
func TestValidateMapTreatsJSONNumbersAsStrings(t *testing.T) {
	v := validator.New()
	assert.NoError(t, v.Var(json.Number("-5"), "min=0"), "raw validator: -5 >= 0")
	assert.NoError(t, v.Var(json.Number("123456789"), "max=9"), "raw validator: 123456789 <= 9")

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "n", Type: forms.TypeInteger, Min: forms.Num("0"), Max: forms.Num("9")},
	}})
	verrs := formErrors(t, f, map[string]any{"n": json.Number("-5")})
	require.Len(t, verrs, 1)
	assert.Equal(t, "min", verrs[0].Rule)
	verrs = formErrors(t, f, map[string]any{"n": json.Number("123456789")})
	require.Len(t, verrs, 1)
	assert.Equal(t, "max", verrs[0].Rule)
}

// validator/v10 panics on an undefined tag or a bad parameter. forms finds
// those when compiling, so Validate never meets them.
func TestValidatorPanicsCaughtAtCompile(t *testing.T) {
	v := validator.New()
	assert.Panics(t, func() { _ = v.Var("x", "nosuchtag") })
	assert.Panics(t, func() { _ = v.Var("x", "min=abc") })
	for _, rules := range []string{"nosuchtag", "min=abc", "len=x|alpha"} {
		_, err := (&forms.Schema{ID: "x", Fields: []forms.Field{{Key: "a", Type: forms.TypeText, Rules: rules}}}).Compile()
		require.ErrorIs(t, err, forms.ErrInvalidSchema, rules)
	}
}
