package forms

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestEveryRuleHasMessages: each rule Validate can report has a Vietnamese
// and an English message naming the field.
func TestEveryRuleHasMessages(t *testing.T) {
	rules := []string{"required", "required_if", "unexpected", "unknown", "type", "date", "choice", "min", "max", "len",
		"pattern", "email", "phone", "citizen_id", "tax_code", "admin_unit", "min_items", "max_items", "unique",
		"file_type", "file_size", "file_count", "citizen_id_birth", "citizen_id_sex"}
	for _, r := range rules {
		for _, ty := range []FieldType{TypeText, TypeInteger} {
			e := &FieldError{Path: "p", Rule: r, Param: "3", Label: Text{"vi": "Nhãn", "en": "Label"}, Type: ty}
			vi, en := e.Message(LangVI), e.Message(LangEN)
			assert.True(t, strings.Contains(vi, "Nhãn") && !strings.Contains(vi, "không hợp lệ ("), "%s vi: %s", r, vi)
			assert.True(t, strings.Contains(en, "Label") && !strings.Contains(en, "breaks rule"), "%s en: %s", r, en)
			assert.NotContains(t, vi+en, "{", r)
		}
	}
	for _, k := range messageRules {
		m, ok := message(k)
		assert.True(t, ok, k)
		assert.Contains(t, m.vi, "{label}", k)
		assert.Contains(t, m.en, "{label}", k)
	}
	for ty := TypeText; ty <= TypeRepeat; ty++ {
		w, ok := typeWord(ty)
		assert.True(t, ok && w.vi != "" && w.en != "", ty.String())
	}
}

// messageRules lists the rules message knows.
var messageRules = []string{"required", "required_if", "unexpected", "unknown", "type", "date", "choice", "unique", "pattern", "email", "phone", "citizen_id", "citizen_id_birth", "citizen_id_sex", "tax_code", "admin_unit", "min/s", "max/s", "len/s", "min/n", "max/n", "len/n", "gt", "gte", "lt", "lte", "eq", "ne", "oneof", "min_items", "max_items", "file_type", "file_size", "file_count", "alpha", "alphanum", "numeric", "number", "lowercase", "uppercase", "startswith", "endswith", "contains", "excludes", "url", "http_url", "uri", "ascii", "printascii", "containsany", "excludesall", "datetime", "uuid", "hexadecimal", "e164", "ip", "boolean"}
