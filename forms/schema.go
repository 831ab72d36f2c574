package forms

import (
	"encoding/json"
	"time"
)

// Schema is a form (tờ khai) as data. It is serialisable as JSON and is
// checked by [Schema.Compile].
type Schema struct {
	// ID names the form, e.g. "BM-DKKD-01".
	ID string `json:"id"`
	// Version distinguishes successive editions of the form.
	Version string `json:"version,omitempty"`
	// Title is the form's heading.
	Title Text `json:"title,omitempty"`
	// Fields are the top-level fields, in display and error order.
	Fields []Field `json:"fields"`
	// ValidFrom and ValidTo bound the period the form is in use; zero is
	// unbounded. See [Form.ValidAt].
	ValidFrom time.Time `json:"valid_from,omitzero"`
	ValidTo   time.Time `json:"valid_to,omitzero"`
}

// Field is one field of a [Schema].
type Field struct {
	// Key is the field's name in the submission: a lowercase ASCII
	// identifier ([a-z][a-z0-9_]*), unique among its siblings.
	Key string `json:"key"`
	// Type is the declared type; values are converted by it before checks.
	Type FieldType `json:"type"`
	// Label names the field in messages; Hint is help text for the user.
	Label Text `json:"label,omitempty"`
	Hint  Text `json:"hint,omitempty"`
	// Required means present and not empty (0 and false are values).
	Required bool `json:"required,omitempty"`
	// RequiredIf makes the field required when the condition holds.
	RequiredIf string `json:"required_if,omitempty"`
	// VisibleIf shows the field only when the condition holds; a hidden
	// field is not validated and must not be filled.
	VisibleIf string `json:"visible_if,omitempty"`
	// MinLen and MaxLen bound a text's length in characters (runes).
	MinLen *int `json:"min_len,omitempty"`
	MaxLen *int `json:"max_len,omitempty"`
	// Min and Max bound a number (integer, decimal, money).
	Min *json.Number `json:"min,omitempty"`
	Max *json.Number `json:"max,omitempty"`
	// Pattern is a regular expression a text must match (unanchored, in
	// the syntax Go's regexp and ECMAScript share).
	Pattern string `json:"pattern,omitempty"`
	// Choices are the allowed values of a choice or multichoice field.
	Choices []Choice `json:"choices,omitempty"`
	// Rules are extra checks in go-playground/validator/v10 tag syntax
	// ("startswith=CT,max=120"), applied to the converted value, with
	// the Vietnamese tags vn_citizen_id, vn_tax_code, vn_phone and
	// vn_admin_unit besides validator's own. Cross-field tags are not
	// allowed: use RequiredIf and VisibleIf. Types date, bool,
	// multichoice, file, group and repeat take no rules.
	Rules string `json:"rules,omitempty"`
	// Fields are the sub-fields of a group or of each row of a repeat.
	Fields []Field `json:"fields,omitempty"`
	// MinItems and MaxItems bound the rows of a repeat or the choices of a
	// multichoice.
	MinItems *int `json:"min_items,omitempty"`
	MaxItems *int `json:"max_items,omitempty"`
	// File sets the limits of a file field.
	File *FileSpec `json:"file,omitempty"`
	// IDCheck cross-checks a citizen_id field with a birth date and a sex.
	IDCheck *IDCheck `json:"id_check,omitempty"`
}

// Choice is one allowed value of a choice field.
type Choice struct {
	Value string `json:"value"`
	Label Text   `json:"label,omitempty"`
}

// FileSpec limits the attachments of a file field.
type FileSpec struct {
	// Accept lists media types ("application/pdf", "image/*"); empty
	// accepts any.
	Accept []string `json:"accept,omitempty"`
	// MaxBytes bounds each file's size; 0 is unbounded.
	MaxBytes int64 `json:"max_bytes,omitempty"`
	// MaxFiles bounds the number of files; 0 is unbounded.
	MaxFiles int `json:"max_files,omitempty"`
}

// IDCheck names the fields a citizen ID is cross-checked with: the century,
// sex digit and birth year in the ID must agree with them.
type IDCheck struct {
	// BirthDate is the key of a date field.
	BirthDate string `json:"birth_date,omitempty"`
	// Sex is the key of a choice field; Male and Female are its values.
	Sex    string `json:"sex,omitempty"`
	Male   string `json:"male,omitempty"`
	Female string `json:"female,omitempty"`
}

// Ptr returns a pointer to v, for the optional limits of a [Field].
func Ptr[T any](v T) *T { return &v }

// Num returns a *json.Number for [Field.Min] and [Field.Max].
func Num(s string) *json.Number { n := json.Number(s); return &n }
