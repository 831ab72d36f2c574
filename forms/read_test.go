package forms_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// A misspelt key used to be dropped by encoding/json, leaving the field
// optional; ReadSchema refuses it, naming its path, at every level.
func TestReadSchemaRefuses(t *testing.T) {
	tests := []struct {
		name      string
		doc       string
		err       error
		path      string
		line, col int
		detail    string
	}{
		{"misspelt required", `{"id": "x", "fields": [
  {"key": "a", "type": "text", "requird": true}]}`,
			forms.ErrUnknownField, "fields[0].requird", 2, 32, `unknown field (did you mean "required"?)`},
		{"key in another case", `{"id": "x", "fields": [{"key": "a", "type": "text", "Required": true}]}`,
			forms.ErrUnknownField, `fields[0]["Required"]`, 1, 53, `unknown field (did you mean "required"?)`},
		{"schema level", `{"id": "x", "titel": "T", "fields": []}`,
			forms.ErrUnknownField, "titel", 1, 13, `unknown field (did you mean "title"?)`},
		{"sub-field of a group", `{"id": "x", "fields": [{"key": "g", "type": "group", "fields": [
  {"key": "a", "type": "text"},
  {"key": "b", "type": "text", "requird": true}]}]}`,
			forms.ErrUnknownField, "fields[0].fields[1].requird", 3, 32, `unknown field (did you mean "required"?)`},
		{"row field of a repeat", `{"id": "x", "fields": [{"key": "r", "type": "repeat", "fields": [{"key": "a", "type": "text", "visibleif": "b == 1"}]}]}`,
			forms.ErrUnknownField, "fields[0].fields[0].visibleif", 1, 95, `unknown field (did you mean "visible_if"?)`},
		{"choice", `{"id": "x", "fields": [{"key": "c", "type": "choice", "choices": [{"value": "a", "lable": "A"}]}]}`,
			forms.ErrUnknownField, "fields[0].choices[0].lable", 1, 82, `unknown field (did you mean "label"?)`},
		{"file spec", `{"id": "x", "fields": [{"key": "f", "type": "file", "file": {"max_byte": 10}}]}`,
			forms.ErrUnknownField, "fields[0].file.max_byte", 1, 62, `unknown field (did you mean "max_bytes"?)`},
		{"id check", `{"id": "x", "fields": [{"key": "c", "type": "citizen_id", "id_check": {"birthdate": "d"}}]}`,
			forms.ErrUnknownField, "fields[0].id_check.birthdate", 1, 72, `unknown field (did you mean "birth_date"?)`},
		{"no suggestion", `{"id": "x", "fields": [{"key": "a", "type": "text", "colour": "red"}]}`,
			forms.ErrUnknownField, "fields[0].colour", 1, 53, "unknown field"},
		{"label language not a tag", `{"id": "x", "fields": [{"key": "a", "type": "text", "label": {"vn": "Họ tên"}}]}`,
			forms.ErrUnknownField, "fields[0].label.vn", 1, 63, `"vn" is not a language tag (Vietnamese is "vi", English "en")`},
		{"label language not canonical", `{"id": "x", "title": {"VI": "Tờ khai"}, "fields": []}`,
			forms.ErrUnknownField, `title["VI"]`, 1, 23, `language "VI" is written "vi"`},
		{"nested choice label", `{"id": "x", "fields": [{"key": "g", "type": "group", "fields": [{"key": "c", "type": "choice", "choices": [{"value": "a", "label": {"en_US": "A"}}]}]}]}`,
			forms.ErrUnknownField, `fields[0].fields[0].choices[0].label["en_US"]`, 1, 133, `language "en_US" is written "en-US"`},
		{"label of a number", `{"id": "x", "fields": [{"key": "a", "type": "text", "label": {"vi": 1}}]}`,
			forms.ErrSyntax, "fields[0].label.vi", 1, 69, "want a string, got a number"},
		{"key given twice", `{"id": "x", "fields": [{"key": "a", "type": "text", "required": true, "required": false}]}`,
			forms.ErrSyntax, "fields[0].required", 1, 71, "key given twice"},
		{"wrong type", `{"id": "x", "fields": [{"key": "a", "type": "text", "required": "yes"}]}`,
			forms.ErrSyntax, "fields[0].required", 1, 65, "want true or false, got a string"},
		{"fraction for a length", `{"id": "x", "fields": [{"key": "a", "type": "text", "max_len": 1.5}]}`,
			forms.ErrSyntax, "fields[0].max_len", 1, 64, "1.5 is not a whole number of 64 bits"},
		{"string for a limit", `{"id": "x", "fields": [{"key": "a", "type": "integer", "min": "5"}]}`,
			forms.ErrSyntax, "fields[0].min", 1, 63, "want a number, got a string"},
		{"fields not a list", `{"id": "x", "fields": {"key": "a"}}`,
			forms.ErrSyntax, "fields", 1, 23, "want an array, got an object"},
		{"bad date", `{"id": "x", "valid_from": "01/07/2025", "fields": []}`,
			forms.ErrSyntax, "valid_from", 1, 27, `"01/07/2025" is not an RFC 3339 time (2025-07-01T00:00:00+07:00)`},
		{"not an object", `[]`, forms.ErrSyntax, "", 1, 1, "the schema document must be a JSON object"},
		{"data after", `{"id": "x", "fields": []} {}`, forms.ErrSyntax, "", 1, 27, "data after the schema object"},
		{"cut short", `{"id": "x", "fields": [`, forms.ErrSyntax, "fields", 1, 24, "unexpected end of document"},
		{"bad JSON", `{"id": "x" "fields": []}`, forms.ErrSyntax, "", 1, 12, "invalid character '\"' after object key:value pair"},
		{"empty", ``, forms.ErrSyntax, "", 1, 1, "unexpected end of document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := forms.ReadSchema(strings.NewReader(tt.doc))
			require.ErrorIs(t, err, tt.err)
			var fe *forms.FormatError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tt.path, fe.Path)
			assert.Equal(t, tt.line, fe.Line, "line")
			assert.Equal(t, tt.col, fe.Column, "column")
			assert.Equal(t, tt.detail, fe.Detail)
		})
	}
}

func TestReadSchemaErrorText(t *testing.T) {
	_, err := forms.ReadSchema(strings.NewReader(`{"id": "x", "fields": [{"key": "a", "type": "text", "requird": true}]}`))
	assert.EqualError(t, err, `forms: schema document: line 1, column 53: fields[0].requird: unknown field (did you mean "required"?)`)
}

// What encoding/json reads, ReadSchema reads the same; and it accepts
// what the package writes.
func TestReadSchemaAgreesWithEncodingJSON(t *testing.T) {
	docs := map[string]string{
		"sample":                       string(sampleJSON(t)),
		"nulls":                        `{"id": "x", "title": null, "fields": [{"key": "a", "type": "text", "min_len": null, "label": "Họ tên"}]}`,
		"unknown type left to Compile": `{"id": "x", "fields": [{"key": "a", "type": "txt"}]}`,
		"languages":                    `{"id": "x", "title": {"vi": "Tờ khai", "en": "Form", "fr": "Formulaire", "zh-Hans": "表格"}, "fields": []}`,
	}
	for name, doc := range docs {
		t.Run(name, func(t *testing.T) {
			got, err := forms.ReadSchema(strings.NewReader(doc))
			require.NoError(t, err)
			var want forms.Schema
			require.NoError(t, json.Unmarshal([]byte(doc), &want))
			assert.Equal(t, &want, got)
		})
	}
	t.Run("written by the package", func(t *testing.T) {
		s := businessSchema(t)
		b, err := json.Marshal(s)
		require.NoError(t, err)
		again, err := forms.ReadSchema(bytes.NewReader(b))
		require.NoError(t, err)
		assert.Equal(t, s, again)
	})
	t.Run("unknown type is Compile's", func(t *testing.T) {
		s, err := forms.ReadSchema(strings.NewReader(docs["unknown type left to Compile"]))
		require.NoError(t, err)
		_, err = s.Compile()
		require.ErrorIs(t, err, forms.ErrUnknownType)
	})
}

func sampleJSON(t *testing.T) []byte {
	t.Helper()
	b, err := json.Marshal(businessSchema(t))
	require.NoError(t, err)
	return b
}

func TestReadSchemaLimits(t *testing.T) {
	small := `{"id": "x", "fields": [{"key": "a", "type": "text"}]}`
	nested := func(levels int) string {
		var b strings.Builder
		b.WriteString(`{"id": "x", "fields": [`)
		for range levels - 1 {
			b.WriteString(`{"key": "g", "type": "group", "fields": [`)
		}
		b.WriteString(`{"key": "a", "type": "text"}`)
		for range levels - 1 {
			b.WriteString(`]}`)
		}
		b.WriteString(`]}`)
		return b.String()
	}
	tests := []struct {
		name string
		doc  string
		err  error
	}{
		{"at the size limit", small + strings.Repeat(" ", forms.MaxSchemaBytes-len(small)), nil},
		{"past the size limit", small + strings.Repeat(" ", forms.MaxSchemaBytes-len(small)+1), forms.ErrTooLarge},
		{"at the depth limit", nested(forms.MaxSchemaDepth), nil},
		{"past the depth limit", nested(forms.MaxSchemaDepth + 1), forms.ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := forms.ReadSchema(strings.NewReader(tt.doc))
			if tt.err == nil {
				require.NoError(t, err)
				_, err = s.Compile()
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			var fe *forms.FormatError
			require.ErrorAs(t, err, &fe)
		})
	}
	t.Run("reader error", func(t *testing.T) {
		_, err := forms.ReadSchema(iotest.ErrReader(errors.New("disk")))
		require.EqualError(t, err, "forms: read schema: disk")
	})
}

// A huge unknown key is quoted in part: the error stays short.
func TestReadSchemaClipsHugeKey(t *testing.T) {
	key := strings.Repeat("x", 1<<20)
	doc := fmt.Sprintf(`{"id": "x", "fields": [{"key": "a", "type": "text", %q: 1}]}`, key)
	_, err := forms.ReadSchema(strings.NewReader(doc))
	require.ErrorIs(t, err, forms.ErrUnknownField)
	assert.Less(t, len(err.Error()), 300)
	assert.Contains(t, err.Error(), "fields[0]."+strings.Repeat("x", 80)+"…: unknown field")
}
