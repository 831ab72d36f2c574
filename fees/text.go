package fees

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"

	"golang.org/x/text/language"
)

// Languages the schedule format and the explanations speak.
const (
	LangVI = "vi"
	LangEN = "en"
)

// Text is a display text keyed by language tag ("vi", "en"), the shape of
// forms.Text and motcua's convention for text in several languages: a
// province may add another language without a new release. Vietnamese is
// required wherever a Text names something, and [Text.Get] falls back to
// it. [New] refuses a key that is not a language tag written canonically
// (a typo such as "vn", or "EN" for "en") with a problem wrapping
// [ErrUnknownField], as an unknown field of the document is.
//
// In JSON a Text is an object {"vi": "...", "en": "..."}, written with
// "vi" first, then "en", then other languages; empty texts are left out.
type Text map[string]string

// Get returns the text in lang, else in lang's base language ("en" for
// "en-US"), else the Vietnamese text, else the English one, else any other
// (of the smallest tag), else "".
func (t Text) Get(lang string) string {
	if s := t[lang]; s != "" {
		return s
	}
	if base, _, ok := strings.Cut(lang, "-"); ok {
		if s := t[base]; s != "" {
			return s
		}
	}
	if s := t[LangVI]; s != "" {
		return s
	}
	if s := t[LangEN]; s != "" {
		return s
	}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		if s := t[k]; s != "" {
			return s
		}
	}
	return ""
}

// MarshalJSON writes the object with "vi" first, then "en", then any other
// language in order of its tag; empty texts are left out.
func (t Text) MarshalJSON() ([]byte, error) {
	keys := []string{LangVI, LangEN}
	for _, k := range slices.Sorted(maps.Keys(t)) {
		if k != LangVI && k != LangEN {
			keys = append(keys, k)
		}
	}
	b := []byte{'{'}
	for _, k := range keys {
		v := t[k]
		if v == "" {
			continue
		}
		if len(b) > 1 {
			b = append(b, ',')
		}
		kj, err := json.Marshal(k)
		if err != nil {
			return nil, err
		}
		vj, err := json.Marshal(v)
		if err != nil {
			return nil, err
		}
		b = append(append(append(b, kj...), ':'), vj...)
	}
	return append(b, '}'), nil
}

// checkText adds a problem for every key of t that is not a language tag
// written canonically.
func checkText(add addFunc, path string, t Text) {
	for _, k := range slices.Sorted(maps.Keys(t)) {
		tag, err := language.Parse(k)
		switch {
		case err != nil:
			add(ErrUnknownField, path+"."+k, "%q is not a language tag (Vietnamese is \"vi\", English \"en\")", k)
		case tag.String() != k:
			add(ErrUnknownField, path+"."+k, "language %q is written %q", k, tag.String())
		}
	}
}
