package forms

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors. Schema problems unwrap to [ErrInvalidSchema] and to one of
// the specific schema sentinels; field errors unwrap to one of the value
// sentinels, and [ValidationErrors] matches [ErrInvalid].
var (
	// ErrInvalidSchema is matched by every [SchemaError].
	ErrInvalidSchema = errors.New("forms: invalid schema")
	// ErrUnknownType: a field has no type or a type this package does not know.
	ErrUnknownType = errors.New("forms: unknown field type")
	// ErrUnknownRule: a tag in Rules is defined neither by validator/v10
	// nor by this package (vn_citizen_id, vn_tax_code, vn_phone,
	// vn_admin_unit).
	ErrUnknownRule = errors.New("forms: unknown validator rule")
	// ErrBadRule: a validator tag is defined but misused (a bad parameter,
	// a cross-field or file-system tag).
	ErrBadRule = errors.New("forms: bad validator rule")
	// ErrRuleNotApplicable: Rules on a type that takes none (date, bool,
	// multichoice, file, group, repeat), or a tag on a type it cannot check
	// (vn_phone on an integer).
	ErrRuleNotApplicable = errors.New("forms: rule not applicable to the field's type")
	// ErrBadCondition: a condition does not parse, names a missing field or
	// compares with the wrong type.
	ErrBadCondition = errors.New("forms: bad condition")
	// ErrCycle: conditions depend on each other in a loop.
	ErrCycle = errors.New("forms: condition cycle")
	// ErrDuplicateKey: two sibling fields (or choices) share a key.
	ErrDuplicateKey = errors.New("forms: duplicate key")
	// ErrBadRange: a minimum is above its maximum, or a limit is negative.
	ErrBadRange = errors.New("forms: bad range")
	// ErrBadField: a field is malformed in another way (bad key, an option
	// its type does not take, a bad pattern, missing choices or sub-fields).
	ErrBadField = errors.New("forms: bad field")

	// ErrInvalid is matched by [ValidationErrors].
	ErrInvalid = errors.New("forms: invalid submission")
	// ErrRequired: a required field is absent or empty.
	ErrRequired = errors.New("forms: required field missing")
	// ErrUnexpected: a hidden field is filled, or a key is unknown.
	ErrUnexpected = errors.New("forms: unexpected field")
	// ErrType: a value is not of the field's declared type.
	ErrType = errors.New("forms: wrong value type")
	// ErrRule: a value breaks a rule of its field (length, range, pattern,
	// choice, identifier check, file limit, ...).
	ErrRule = errors.New("forms: rule not satisfied")
	// ErrBadJSON: ValidateJSON got something that is not a JSON object.
	ErrBadJSON = errors.New("forms: submission is not a JSON object")
	// ErrSubmissionTooLarge: ValidateJSON got more than
	// [MaxSubmissionBytes].
	ErrSubmissionTooLarge = errors.New("forms: submission too large")

	// ErrCitizenID, ErrTaxCode, ErrPhone and ErrAdminUnit are returned by the
	// identifier functions.
	ErrCitizenID = errors.New("forms: invalid citizen ID")
	ErrTaxCode   = errors.New("forms: invalid tax code")
	ErrPhone     = errors.New("forms: invalid phone number")
	ErrAdminUnit = errors.New("forms: invalid administrative unit")
	// ErrAdminUnitsData: an administrative-unit file is malformed.
	ErrAdminUnitsData = errors.New("forms: bad administrative-unit data")
	// ErrOption: a compile option got a bad argument.
	ErrOption = errors.New("forms: bad option")

	// ErrSyntax, ErrUnknownField and ErrTooLarge are the problems of a
	// schema document read by [ReadSchema], each in a [*FormatError].
	// ErrSyntax: the document is not JSON, or a value has the wrong JSON
	// type, or a key is given twice.
	ErrSyntax = errors.New("forms: malformed schema document")
	// ErrUnknownField: a key the schema format does not define (a typo
	// such as "requird"), or a label language that is not a language tag.
	ErrUnknownField = errors.New("forms: unknown field in schema document")
	// ErrTooLarge: the document is over [MaxSchemaBytes] or nests fields
	// deeper than [MaxSchemaDepth].
	ErrTooLarge = errors.New("forms: schema document too large")
)

// FormatError reports a schema document that [ReadSchema] cannot read as
// the documented format. It unwraps to ErrSyntax, ErrUnknownField or
// ErrTooLarge.
type FormatError struct {
	// Path locates the offending key or value in the document:
	// "fields[0].requird", "fields[2].fields[1].label.vn"; empty for the
	// document as a whole.
	Path string
	// Line and Column (1-based, the column in bytes) locate it in the
	// text; 0 when unknown.
	Line, Column int
	// Err is the sentinel.
	Err error
	// Detail says what is wrong.
	Detail string
}

// Error describes the problem in English, for the schema's author:
// "forms: schema document: line 7, column 5: fields[0].requird: unknown
// field (did you mean "required"?)".
func (e *FormatError) Error() string {
	var b strings.Builder
	b.WriteString("forms: schema document")
	if e.Line > 0 {
		fmt.Fprintf(&b, ": line %d, column %d", e.Line, e.Column)
	}
	if e.Path != "" {
		b.WriteString(": ")
		b.WriteString(clipPath(e.Path))
	}
	b.WriteString(": ")
	if e.Detail != "" {
		b.WriteString(e.Detail)
	} else if e.Err != nil {
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "forms: "))
	}
	return b.String()
}

// Unwrap returns the sentinel.
func (e *FormatError) Unwrap() error { return e.Err }

// SchemaProblem is one problem found in a schema by [Schema.Compile].
type SchemaProblem struct {
	// Path names the field ("members.citizen_id"); empty for the schema.
	Path string
	// Err is the specific sentinel (ErrUnknownType, ErrCycle, ...).
	Err error
	// Detail says what is wrong.
	Detail string
}

// Error implements error.
func (p *SchemaProblem) Error() string {
	if p.Path == "" {
		return fmt.Sprintf("%v: %s", p.Err, p.Detail)
	}
	return fmt.Sprintf("%v: %s: %s", p.Err, p.Path, p.Detail)
}

// Unwrap returns the specific sentinel.
func (p *SchemaProblem) Unwrap() error { return p.Err }

// SchemaError lists every problem found in a schema.
type SchemaError struct {
	Problems []*SchemaProblem
}

// Error implements error.
func (e *SchemaError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "forms: invalid schema (%d problems)", len(e.Problems))
	for _, p := range e.Problems {
		b.WriteString("; ")
		b.WriteString(p.Error())
	}
	return b.String()
}

// Unwrap returns ErrInvalidSchema and each problem.
func (e *SchemaError) Unwrap() []error {
	errs := make([]error, 0, len(e.Problems)+1)
	errs = append(errs, ErrInvalidSchema)
	for _, p := range e.Problems {
		errs = append(errs, p)
	}
	return errs
}

// FieldError is one problem of one field of a submission, found by
// [Form.Validate]: where it is (Path), which rule the value breaks (Rule,
// with its Param) and the value as submitted (Value), shaped like
// validator/v10's field errors (namespace, tag, param, value). It is about
// a citizen's data, not about a schema (that is [SchemaProblem]); its
// [FieldError.Message] is the text to show them, in Vietnamese or English.
type FieldError struct {
	// Path locates the value: "owner.citizen_id", "members[1].share".
	// Repeat rows count from 0. An unknown key longer than 80 characters
	// is shortened with "…".
	Path string
	// Rule is the broken rule: "required", "required_if", "unexpected",
	// "unknown", "type", "date", "choice", "min", "max", "len", "pattern",
	// "email", "phone", "citizen_id", "tax_code", "admin_unit", "min_items",
	// "max_items", "unique", "file_type", "file_size", "file_count",
	// "citizen_id_birth", "citizen_id_sex", or a validator tag from Rules.
	Rule string
	// Param is the rule's parameter ("3" for min=3), if any.
	Param string
	// Value is the value as submitted (nil when absent).
	Value any
	// Label is the field's multilingual label; Type its declared type.
	Label Text
	Type  FieldType
}

// Error returns the English message prefixed with the path; a path over
// 200 characters is shortened in its middle with "…".
func (e *FieldError) Error() string {
	return clipPath(e.Path) + ": " + e.Message(LangEN)
}

// Unwrap returns the sentinel for the rule's kind: ErrRequired,
// ErrUnexpected, ErrType or ErrRule.
func (e *FieldError) Unwrap() error {
	switch e.Rule {
	case "required", "required_if":
		return ErrRequired
	case "unexpected", "unknown":
		return ErrUnexpected
	case "type":
		return ErrType
	}
	return ErrRule
}

// ValidationErrors lists every problem of a submission, in schema order.
type ValidationErrors []*FieldError

// Error joins the English messages.
func (v ValidationErrors) Error() string {
	var b strings.Builder
	b.WriteString("forms: invalid submission: ")
	for i, e := range v {
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (v ValidationErrors) Is(target error) bool { return target == ErrInvalid }

// Unwrap returns the field errors.
func (v ValidationErrors) Unwrap() []error {
	errs := make([]error, len(v))
	for i, e := range v {
		errs[i] = e
	}
	return errs
}

// Messages returns "path: message" lines in lang (see [FieldError.Message]).
func (v ValidationErrors) Messages(lang string) []string {
	out := make([]string, len(v))
	for i, e := range v {
		out[i] = clipPath(e.Path) + ": " + e.Message(lang)
	}
	return out
}
