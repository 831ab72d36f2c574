// Package forms declares the forms (tờ khai) of administrative procedures,
// validates submissions against them with messages in Vietnamese and English,
// and exports them as JSON Schema (draft 2020-12) for web front ends.
//
// A [Schema] is plain data, serialisable as JSON: fields with a [FieldType]
// (text, integer, decimal, money, date, bool, choice, multichoice, email,
// phone, citizen_id, tax_code, admin_unit, file, group, repeat), multilingual
// labels ([Text]), limits, validator/v10 rules and conditions. Conditions
// (RequiredIf, VisibleIf) are small expressions over other fields:
//
//	enterprise_type == "tnhh2" && charter_capital >= 1000000000
//	set(tax_code) || !(owner_type in ["individual", "household"])
//
// [ReadSchema] reads a schema from its JSON document strictly: a key the
// format does not define ("requird"), at any level, is a [*FormatError]
// naming its path and line, where encoding/json would silently drop it and
// leave the field optional.
//
// [Schema.Compile] checks the schema and reports every problem at once in a
// [SchemaError]; the resulting [Form] is immutable and safe for concurrent use.
// [Form.Validate] walks the schema over a submission (the map decoded from
// JSON), converts each value by its declared type, and returns every problem,
// in schema order, as [ValidationErrors]. Single values are checked with
// go-playground/validator/v10, through a validator instance owned by the form
// on which the Vietnamese identifier tags are registered: vn_citizen_id,
// vn_tax_code, vn_phone and vn_admin_unit. They are what the citizen_id,
// tax_code, phone and admin_unit types check, and they may be used in the
// Rules of any text field ("vn_citizen_id|vn_tax_code" takes either); on
// the field whose type implies one it is redundant and accepted. Every tag
// is checked when the form is compiled, so the validator never panics at
// validation time: a tag that does not exist is [ErrUnknownRule], a bad
// parameter [ErrBadRule], a rule on a type that takes none
// [ErrRuleNotApplicable].
//
// Absent and empty are the same: a key that is missing, null, a string of
// blanks, an empty list or an empty object counts as not filled. 0 and false
// are values. A field whose VisibleIf condition is false must not be filled
// (or is ignored with [DropHidden]); keys the schema does not know are
// reported.
//
// The Vietnamese identifiers are also plain functions: [ParseCitizenID],
// [ParseTaxCode], [NormalizePhone] and the dated administrative-unit lists
// ([ProvincesAt], [ReadAdminUnits]).
//
// # Limits
//
// Schemas, submissions and unit lists may come from outside; what each
// reader accepts is bounded, and input past a bound is refused whole, with
// an error wrapping a sentinel, before anything is returned:
//
//   - [ReadSchema]: [MaxSchemaBytes] (4 MiB) of document and fields nested
//     [MaxSchemaDepth] (32) levels deep, a [*FormatError] wrapping
//     [ErrTooLarge]; keys and paths quoted in its message are clipped.
//   - [Form.ValidateJSON]: [MaxSubmissionBytes] (8 MiB), refused with
//     [ErrSubmissionTooLarge] before decoding; JSON nested more than
//     encoding/json's 10,000 levels is [ErrBadJSON]. A repeat holds at
//     most its MaxItems entries (each one beyond is a "max_items" error).
//     [Form.Validate] takes a map already decoded, so the caller's decoder
//     bounds it; it looks at the context before each row of a repeat.
//   - [ReadAdminUnits]: 32 MiB of JSON, [ErrAdminUnitsData].
//
// The work of validation is linear in the submission: one pass over the
// schema's fields and the submission's values, each value checked once.
package forms
