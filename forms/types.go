package forms

import "fmt"

// FieldType is the declared type of a field. The zero value is unknown and
// is rejected by [Schema.Compile].
type FieldType int

// The field types.
const (
	TypeUnknown     FieldType = iota
	TypeText                  // a string
	TypeInteger               // a whole JSON number
	TypeDecimal               // any JSON number
	TypeMoney                 // a whole, non-negative number of đồng
	TypeDate                  // a string dd/mm/yyyy or yyyy-mm-dd
	TypeBool                  // true or false
	TypeChoice                // one of Choices
	TypeMultiChoice           // a list of distinct Choices
	TypeEmail                 // an e-mail address
	TypePhone                 // a Vietnamese phone number
	TypeCitizenID             // a 12-digit citizen ID (CCCD)
	TypeTaxCode               // a tax code (MST)
	TypeAdminUnit             // a province (2-digit) or commune (5-digit) code
	TypeFile                  // a list of attachments
	TypeGroup                 // an object of Fields
	TypeRepeat                // a list of objects of Fields
)

// name returns the type's schema name, or "" for an unknown value.
func (t FieldType) name() string {
	switch t {
	case TypeUnknown:
		return "unknown"
	case TypeText:
		return "text"
	case TypeInteger:
		return "integer"
	case TypeDecimal:
		return "decimal"
	case TypeMoney:
		return "money"
	case TypeDate:
		return "date"
	case TypeBool:
		return "bool"
	case TypeChoice:
		return "choice"
	case TypeMultiChoice:
		return "multichoice"
	case TypeEmail:
		return "email"
	case TypePhone:
		return "phone"
	case TypeCitizenID:
		return "citizen_id"
	case TypeTaxCode:
		return "tax_code"
	case TypeAdminUnit:
		return "admin_unit"
	case TypeFile:
		return "file"
	case TypeGroup:
		return "group"
	case TypeRepeat:
		return "repeat"
	}
	return ""
}

// String returns the type's schema name ("text", "citizen_id", ...).
func (t FieldType) String() string {
	if n := t.name(); n != "" {
		return n
	}
	return fmt.Sprintf("FieldType(%d)", int(t))
}

// MarshalText writes the type's schema name.
func (t FieldType) MarshalText() ([]byte, error) {
	if t == TypeUnknown || t.name() == "" {
		return nil, fmt.Errorf("%w: %d", ErrUnknownType, int(t))
	}
	return []byte(t.name()), nil
}

// UnmarshalText reads a schema name. An unknown name gives [TypeUnknown]
// without error, so that [Schema.Compile] can report it with the field's path
// alongside every other problem.
func (t *FieldType) UnmarshalText(b []byte) error {
	*t = ParseFieldType(string(b))
	return nil
}

// ParseFieldType returns the type named s, or [TypeUnknown].
func ParseFieldType(s string) FieldType {
	for t := TypeText; t <= TypeRepeat; t++ {
		if t.name() == s {
			return t
		}
	}
	return TypeUnknown
}

// scalar reports whether values of the type are single JSON scalars.
func (t FieldType) scalar() bool {
	switch t {
	case TypeText, TypeInteger, TypeDecimal, TypeMoney, TypeDate, TypeBool, TypeChoice,
		TypeEmail, TypePhone, TypeCitizenID, TypeTaxCode, TypeAdminUnit:
		return true
	case TypeUnknown, TypeMultiChoice, TypeFile, TypeGroup, TypeRepeat:
		return false
	}
	return false
}

// stringy reports whether values of the type are JSON strings.
func (t FieldType) stringy() bool {
	switch t {
	case TypeText, TypeDate, TypeChoice, TypeEmail, TypePhone, TypeCitizenID, TypeTaxCode, TypeAdminUnit:
		return true
	case TypeUnknown, TypeInteger, TypeDecimal, TypeMoney, TypeBool, TypeMultiChoice, TypeFile, TypeGroup, TypeRepeat:
		return false
	}
	return false
}

// numeric reports whether values of the type are JSON numbers.
func (t FieldType) numeric() bool {
	return t == TypeInteger || t == TypeDecimal || t == TypeMoney
}
