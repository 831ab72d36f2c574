package forms

import "fmt"

// Option configures [Schema.Compile].
type Option func(*config) error

type config struct {
	units       AdminUnits
	unitList    *AdminUnitList
	personalTax bool
	dropHidden  bool
}

// WithAdminUnits sets the list admin_unit fields are checked against. The
// default is the 34-province list in force since 1 July 2025, without
// communes; pick another date with [ProvincesAt], load communes with
// [ReadAdminUnits].
func WithAdminUnits(u AdminUnits) Option {
	return func(c *config) error {
		if u == nil {
			return fmt.Errorf("%w: nil AdminUnits", ErrOption)
		}
		if l, ok := u.(*AdminUnitList); ok {
			if l == nil {
				return fmt.Errorf("%w: nil AdminUnits", ErrOption)
			}
			c.unitList = l
		} else {
			c.unitList = nil
		}
		c.units = u
		return nil
	}
}

// WithPersonalTaxCodes makes tax_code fields (and [ParseTaxCode]) accept a
// 12-digit personal ID, the tax code of individuals and household
// businesses since 1 July 2025.
func WithPersonalTaxCodes() Option {
	return func(c *config) error {
		c.personalTax = true
		return nil
	}
}

// DropHidden makes Validate ignore a filled field whose VisibleIf condition
// is false, instead of reporting it as unexpected. The submission is never
// modified.
func DropHidden() Option {
	return func(c *config) error {
		c.dropHidden = true
		return nil
	}
}
