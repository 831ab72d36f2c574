package forms

import (
	"encoding/json"
	"errors"
	"strings"
)

// Text is a multilingual string keyed by language tag ("vi", "en").
// Vietnamese is the default: [Text.Get] falls back to it. In JSON a Text is
// an object ({"vi": "Họ và tên", "en": "Full name"}) or a plain string,
// taken as "vi"; [ReadSchema] refuses keys that are not language tags.
//
// Text is motcua's convention for text shown to people in several
// languages, which the other packages follow: a map keyed by plain string
// tags rather than a struct with a field per language, so that a province
// can add a language (a minority language, say) without a new release, and
// the JSON stays the same object. Every function that writes for people
// takes the language the same way, as a plain string tag: "vi" or "" for
// Vietnamese, "en" (or "en-US"...) for English.
type Text map[string]string

// Languages the package ships messages for.
const (
	LangVI = "vi"
	LangEN = "en"
)

// Get returns the text in lang, else in lang's base language ("en" for
// "en-US"), else the Vietnamese text, else the English text, else "".
func (t Text) Get(lang string) string {
	if s, ok := t[lang]; ok && s != "" {
		return s
	}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		if s, ok := t[base]; ok && s != "" {
			return s
		}
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
