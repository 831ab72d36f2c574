package forms

import (
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// Sex is the sex encoded in a citizen ID. The zero value is unknown.
type Sex int

// The sexes.
const (
	SexUnknown Sex = iota
	Male
	Female
)

// String returns "male", "female" or "unknown".
func (s Sex) String() string {
	switch s {
	case Male:
		return "male"
	case Female:
		return "female"
	case SexUnknown:
		return "unknown"
	}
	return fmt.Sprintf("Sex(%d)", int(s))
}

// MarshalText writes [Sex.String].
func (s Sex) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads "male" or "female"; anything else is unknown.
func (s *Sex) UnmarshalText(b []byte) error {
	switch string(b) {
	case "male":
		*s = Male
	case "female":
		*s = Female
	default:
		*s = SexUnknown
	}
	return nil
}

// CitizenID is a decoded 12-digit personal identification number (số định
// danh cá nhân, printed on the CCCD card).
type CitizenID struct {
	// Number is the 12 digits.
	Number string
	// Province is the 3-digit code of the province of birth registration
	// (001–096, the 63-province numbering).
	Province string
	// Sex and BirthYear come from the century/sex digit and the next two.
	Sex       Sex
	BirthYear int
}

// ParseCitizenID checks and decodes a citizen ID: 12 digits, a known
// province code, a century/sex digit 0–5 (1900s: 0 male, 1 female; 2000s:
// 2/3; 2100s: 4/5) and the birth year. Errors wrap [ErrCitizenID].
func ParseCitizenID(s string) (CitizenID, error) {
	if len(s) != 12 || !allDigits(s) {
		return CitizenID{}, fmt.Errorf("%w: want 12 digits", ErrCitizenID)
	}
	if _, ok := province63(s[1:3]); !ok || s[0] != '0' {
		return CitizenID{}, fmt.Errorf("%w: unknown province code %s", ErrCitizenID, s[:3])
	}
	g := int(s[3] - '0')
	if g > 5 {
		return CitizenID{}, fmt.Errorf("%w: century/sex digit %d", ErrCitizenID, g)
	}
	sex := Male
	if g%2 == 1 {
		sex = Female
	}
	year := 1900 + 100*(g/2) + int(s[4]-'0')*10 + int(s[5]-'0')
	return CitizenID{Number: s, Province: s[:3], Sex: sex, BirthYear: year}, nil
}

// TaxCode is a decoded tax code (mã số thuế).
type TaxCode struct {
	// Base is the 10-digit code (or the 12-digit personal ID).
	Base string
	// Branch is the 3-digit dependent-unit suffix, if any.
	Branch string
	// Personal reports a 12-digit personal ID used as tax code.
	Personal bool
}

// String writes the code as usually printed: 0123456789 or 0123456789-001.
func (t TaxCode) String() string {
	if t.Branch == "" {
		return t.Base
	}
	return t.Base + "-" + t.Branch
}

// ParseTaxCode checks a tax code: 10 digits, or 13 (also written
// 0123456789-001) with a branch other than 000; the tenth digit is
// 10 − (Σ wᵢ·dᵢ mod 11) with weights 31,29,23,19,17,13,7,5,3 (a remainder
// of 0 is invalid) and digits 3–9 are not all zero. With
// [WithPersonalTaxCodes], the option [Schema.Compile] takes too, a valid
// 12-digit citizen ID is also accepted (individuals and household businesses
// since 1 July 2025); other options have no effect here. Errors wrap
// [ErrTaxCode], or [ErrOption] for a bad option.
func ParseTaxCode(s string, opts ...Option) (TaxCode, error) {
	var cfg config
	for _, o := range opts {
		if o == nil {
			return TaxCode{}, fmt.Errorf("%w: nil option", ErrOption)
		}
		if err := o(&cfg); err != nil {
			return TaxCode{}, err
		}
	}
	return parseTaxCode(s, cfg.personalTax)
}

func parseTaxCode(s string, personalID bool) (TaxCode, error) {
	if personalID && len(s) == 12 {
		if _, err := ParseCitizenID(s); err != nil {
			return TaxCode{}, fmt.Errorf("%w: 12 digits but not a personal ID", ErrTaxCode)
		}
		return TaxCode{Base: s, Personal: true}, nil
	}
	var base, branch string
	switch {
	case len(s) == 10:
		base = s
	case len(s) == 13:
		base, branch = s[:10], s[10:]
	case len(s) == 14 && s[10] == '-':
		base, branch = s[:10], s[11:]
	default:
		return TaxCode{}, fmt.Errorf("%w: want 10 or 13 digits", ErrTaxCode)
	}
	if !allDigits(base) || !allDigits(branch) {
		return TaxCode{}, fmt.Errorf("%w: not digits", ErrTaxCode)
	}
	if branch == "000" {
		return TaxCode{}, fmt.Errorf("%w: branch 000", ErrTaxCode)
	}
	if base[2:9] == "0000000" {
		return TaxCode{}, fmt.Errorf("%w: digits 3 to 9 are zero", ErrTaxCode)
	}
	sum := 0
	for i, w := range [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3} {
		sum += w * int(base[i]-'0')
	}
	r := sum % 11
	if r == 0 || int(base[9]-'0') != 10-r {
		return TaxCode{}, fmt.Errorf("%w: bad check digit", ErrTaxCode)
	}
	return TaxCode{Base: base, Branch: branch}, nil
}

// NormalizePhone checks a Vietnamese phone number and returns it in E.164
// form (+84…). Accepted: a leading 0 or +84, spaces and dots anywhere;
// mobiles 03[2-9], 05[25689], 07[06-9], 08[1-9] and 09x followed by 7
// digits; landlines 02 followed by 9 digits. Errors wrap [ErrPhone].
func NormalizePhone(s string) (string, error) {
	var d [20]byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '.' {
			continue
		}
		if n == len(d) {
			return "", fmt.Errorf("%w: too long", ErrPhone)
		}
		d[n] = c
		n++
	}
	num := string(d[:n])
	if strings.HasPrefix(num, "+84") {
		num = "0" + num[3:]
	}
	if !allDigits(num) || !phoneShape(num) {
		return "", fmt.Errorf("%w: not a Vietnamese mobile or landline number", ErrPhone)
	}
	return "+84" + num[1:], nil
}

// phoneShape checks 0-prefixed digits.
func phoneShape(num string) bool {
	switch {
	case len(num) == 10 && num[0] == '0':
		a, b := num[1], num[2]
		switch a {
		case '3':
			return b >= '2'
		case '5':
			return b == '2' || b == '5' || b == '6' || b == '8' || b == '9'
		case '7':
			return b == '0' || b >= '6'
		case '8':
			return b >= '1'
		case '9':
			return true
		}
		return false
	case len(num) == 11 && num[0] == '0' && num[1] == '2':
		return true
	}
	return false
}

// ParseDate reads a date written dd/mm/yyyy or yyyy-mm-dd (two-digit day
// and month, four-digit year) and returns midnight in Asia/Ho_Chi_Minh.
func ParseDate(s string) (time.Time, bool) {
	var y, m, d int
	switch {
	case len(s) == 10 && s[2] == '/' && s[5] == '/' && allDigits(s[:2]+s[3:5]+s[6:]):
		d, m, y = atoi(s[:2]), atoi(s[3:5]), atoi(s[6:])
	case len(s) == 10 && s[4] == '-' && s[7] == '-' && allDigits(s[:4]+s[5:7]+s[8:]):
		y, m, d = atoi(s[:4]), atoi(s[5:7]), atoi(s[8:])
	default:
		return time.Time{}, false
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return time.Time{}, false
	}
	return vntime.Date(y, time.Month(m), d), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// blank reports whether r is one of the characters an empty string may
// consist of. The set is the one of the exported JSON Schema's "empty"
// pattern, so that both agree.
func blank(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u3000':
		return true
	}
	return false
}

// blankPattern is the pattern of a blank string, in the syntax ECMAScript
// and Go's regexp share (the two spaces beyond ASCII are written as such).
const blankPattern = "^[ \\t\\n\\r\\v\\f\u00a0\u3000]*$"

func isBlank(s string) bool {
	return strings.TrimFunc(s, blank) == ""
}
