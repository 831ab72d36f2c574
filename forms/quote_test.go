package forms_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// Values from the submission are quoted in part: an attacker-sized key or
// media type cannot make an attacker-sized message.
func TestMessagesClipValues(t *testing.T) {
	form := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "scan", Type: forms.TypeFile, File: &forms.FileSpec{Accept: []string{"application/pdf"}}, Label: forms.Text{"vi": "Bản quét"}},
	}})
	tests := []struct {
		name     string
		sub      map[string]any
		path, vi string
	}{
		{"unknown key at the limit", map[string]any{strings.Repeat("k", 80): 1},
			strings.Repeat("k", 80), "Trường " + strings.Repeat("k", 80) + " không có trong biểu mẫu"},
		{"unknown key past the limit", map[string]any{strings.Repeat("k", 81): 1},
			strings.Repeat("k", 80) + "…", "Trường " + strings.Repeat("k", 80) + "… không có trong biểu mẫu"},
		{"unknown key that is no identifier", map[string]any{strings.Repeat("ả", 81): 1},
			`["` + strings.Repeat("ả", 80) + `…"]`, `Trường ["` + strings.Repeat("ả", 80) + `…"] không có trong biểu mẫu`},
		{"media type at the limit", map[string]any{"scan": []forms.File{{Name: "a", MediaType: strings.Repeat("á", 80), Size: 1}}},
			"scan[0]", "Bản quét: loại tệp " + strings.Repeat("á", 80) + " không được chấp nhận"},
		{"media type past the limit", map[string]any{"scan": []forms.File{{Name: "a", MediaType: strings.Repeat("á", 81), Size: 1}}},
			"scan[0]", "Bản quét: loại tệp " + strings.Repeat("á", 80) + "… không được chấp nhận"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verrs := formErrors(t, form, tt.sub)
			require.Len(t, verrs, 1)
			assert.Equal(t, tt.path, verrs[0].Path)
			assert.Equal(t, tt.vi, verrs[0].Message("vi"))
		})
	}
	t.Run("a 10 MB unknown key", func(t *testing.T) {
		err := form.Validate(t.Context(), map[string]any{strings.Repeat("k", 10<<20): 1})
		require.ErrorIs(t, err, forms.ErrUnexpected)
		assert.Less(t, len(err.Error()), 300, "was 21 MB")
	})
}

// A deep path keeps its start and its end in messages; the Path field
// keeps it whole.
func TestMessagesClipDeepPaths(t *testing.T) {
	const depth = 10000
	leaf := forms.Field{Key: "n", Type: forms.TypeInteger, Max: forms.Num("9")}
	for range depth - 1 {
		leaf = forms.Field{Key: "g", Type: forms.TypeGroup, Fields: []forms.Field{leaf}}
	}
	form := must(t, &forms.Schema{ID: "deep", Fields: []forms.Field{leaf}})
	sub := map[string]any{"n": 10}
	for range depth - 1 {
		sub = map[string]any{"g": sub}
	}
	verrs := formErrors(t, form, sub)
	require.Len(t, verrs, 1)
	full := strings.Repeat("g.", depth-1) + "n"
	assert.Equal(t, full, verrs[0].Path)
	text := verrs[0].Error()
	assert.Less(t, len(text), 400, "was 30 KB")
	assert.True(t, strings.HasPrefix(text, "g.g.g."), text)
	assert.True(t, strings.HasSuffix(text, "g.g.n: n must be at most 9"), text)
	assert.Contains(t, text, "…")

	for _, tt := range []struct {
		name, key string
		cut       bool
	}{{"path at the limit", "nn", false}, {"path past the limit", "nnn", true}} {
		t.Run(tt.name, func(t *testing.T) {
			leaf := forms.Field{Key: tt.key, Type: forms.TypeInteger, Max: forms.Num("9")}
			sub := map[string]any{tt.key: 10}
			for range 99 {
				leaf = forms.Field{Key: "g", Type: forms.TypeGroup, Fields: []forms.Field{leaf}}
				sub = map[string]any{"g": sub}
			}
			verrs := formErrors(t, must(t, &forms.Schema{ID: "x", Fields: []forms.Field{leaf}}), sub)
			require.Len(t, verrs, 1)
			path, _, _ := strings.Cut(verrs[0].Error(), ": ")
			assert.Equal(t, tt.cut, strings.Contains(path, "…"), path)
			if !tt.cut {
				assert.Len(t, path, 200)
			}
		})
	}

	t.Run("unknown key at the limit", func(t *testing.T) {
		form := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{{Key: "n", Type: forms.TypeInteger, Max: forms.Num("9")}}})
		key := strings.Repeat("k", 80)
		sub := map[string]any{"n": 10, key: 1}
		verrs := formErrors(t, form, sub)
		require.Len(t, verrs, 2)
		assert.Equal(t, key+": Field "+key+" is not part of the form", verrs[1].Error(), "a path of 80 is not cut")
	})
}

// Schema problems quote the schema's own values in part too.
func TestSchemaProblemsClipValues(t *testing.T) {
	huge := strings.Repeat("A", 1<<20)
	_, err := (&forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: huge, Type: forms.TypeText},
		{Key: "c", Type: forms.TypeChoice, Choices: []forms.Choice{{Value: huge}, {Value: huge}}},
		{Key: "f", Type: forms.TypeFile, File: &forms.FileSpec{Accept: []string{huge}}},
		{Key: "t", Type: forms.TypeText, Rules: huge},
	}}).Compile()
	var se *forms.SchemaError
	require.ErrorAs(t, err, &se)
	require.Len(t, se.Problems, 4, err.Error())
	assert.Less(t, len(err.Error()), 2000)
}
