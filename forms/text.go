package forms

import (
	"encoding/json"
	"errors"
)

// Text is a multilingual string keyed by language ("vi", "en"). Vietnamese
// is the default: [Text.Get] falls back to it. In JSON a Text is an object
// ({"vi": "Họ và tên", "en": "Full name"}) or a plain string, taken as "vi".
type Text map[string]string

// Languages the package ships messages for.
const (
	LangVI = "vi"
	LangEN = "en"
)

// Get returns the text in lang, else the Vietnamese text, else any text.
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if s, ok := t[LangVI]; ok && s != "" {
		return s
	}
	if s, ok := t[LangEN]; ok && s != "" {
		return s
	}
	return ""
}

// UnmarshalJSON accepts an object of languages or a plain (Vietnamese) string.
func (t *Text) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*t = Text{LangVI: s}
		return nil
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return errors.New("forms: text must be a string or an object of languages")
	}
	*t = m
	return nil
}
