package forms_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// The Vietnamese tags the package registers work in the Rules of a text
// field; on the field whose type implies them they are redundant and
// accepted.
func TestVietnameseRules(t *testing.T) {
	const schema = `{"id": "x", "fields": [
	  {"key": "id_or_tax", "type": "text", "rules": "vn_citizen_id|vn_tax_code"},
	  {"key": "cccd", "type": "text", "rules": "vn_citizen_id"},
	  {"key": "mobile", "type": "text", "rules": "vn_phone"},
	  {"key": "province", "type": "text", "rules": "vn_admin_unit"},
	  {"key": "typed", "type": "citizen_id", "rules": "vn_citizen_id"},
	  {"key": "typed_more", "type": "citizen_id", "rules": "vn_citizen_id,startswith=079"}
	]}`
	var s forms.Schema
	require.NoError(t, json.Unmarshal([]byte(schema), &s))
	form := must(t, &s)
	tests := []struct {
		name, key string
		value     any
		rule      string
	}{
		{"citizen ID in an either-or", "id_or_tax", "001085012345", ""},
		{"tax code in an either-or", "id_or_tax", "0301234562", ""},
		{"neither", "id_or_tax", "12345", "vn_citizen_id|vn_tax_code"},
		{"citizen ID on text", "cccd", "001085012345", ""},
		{"bad citizen ID on text", "cccd", "001785012345", "citizen_id"},
		{"phone on text", "mobile", "0912 345 678", ""},
		{"bad phone on text", "mobile", "0112345678", "phone"},
		{"province on text", "province", "79", ""},
		{"bad province on text", "province", "99", "admin_unit"},
		{"redundant tag on the typed field", "typed", "001085012345", ""},
		{"redundant tag, bad value", "typed", "001785012345", "citizen_id"},
		{"redundant tag beside another", "typed_more", "001085012345", "startswith"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verrs := formErrors(t, form, map[string]any{tt.key: tt.value})
			if tt.rule == "" {
				assert.Empty(t, verrs)
				return
			}
			require.Len(t, verrs, 1)
			assert.Equal(t, tt.rule, verrs[0].Rule)
		})
	}
	t.Run("exported as formats", func(t *testing.T) {
		b, err := form.JSONSchema()
		require.NoError(t, err)
		var js struct {
			Properties map[string]struct {
				AnyOf []map[string]any `json:"anyOf"`
			} `json:"properties"`
		}
		require.NoError(t, json.Unmarshal(b, &js))
		assert.Contains(t, js.Properties["cccd"].AnyOf[1]["allOf"], map[string]any{"format": forms.FormatCitizenID})
		assert.Contains(t, js.Properties["mobile"].AnyOf[1]["allOf"], map[string]any{"format": forms.FormatPhone})
		assert.NotContains(t, js.Properties["typed"].AnyOf[1], "allOf", "the implied tag is not exported twice")
	})
}
