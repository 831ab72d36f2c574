package forms

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// AdminUnits is a list of administrative units that admin_unit fields are
// checked against: a 2-digit value must be a province, a 5-digit value a
// commune-level unit (xã, phường, đặc khu). [*AdminUnitList] implements it;
// an integrator may plug in their own (a database, a service cache).
type AdminUnits interface {
	Province(code string) bool
	Commune(code string) bool
}

// Commune is a commune-level unit.
type Commune struct {
	Code     string
	Name     string
	Province string
}

// AdminUnitList is an immutable list of provinces and, optionally,
// communes. Without communes, any 5-digit commune code is accepted (its
// shape only is checked).
type AdminUnitList struct {
	provinces map[string]string
	communes  map[string]Commune
}

// ProvincesAt returns the province list in force at t: the 34 provinces
// since 1 July 2025 (Asia/Ho_Chi_Minh), the 63 provinces before. The list
// has no communes; load them with [ReadAdminUnits].
func ProvincesAt(t time.Time) *AdminUnitList {
	codes, name := provinceCodes34, province34
	if t.Before(vntime.Date(2025, time.July, 1)) {
		codes, name = provinceCodes63, province63
	}
	m := make(map[string]string)
	for _, c := range strings.Fields(codes) {
		m[c], _ = name(c)
	}
	return &AdminUnitList{provinces: m}
}

// Province reports whether code is a province of the list.
func (l *AdminUnitList) Province(code string) bool {
	_, ok := l.provinces[code]
	return ok
}

// Commune reports whether code is a commune of the list, or, when the list
// has no communes, whether it is five digits.
func (l *AdminUnitList) Commune(code string) bool {
	if l.communes == nil {
		return len(code) == 5 && allDigits(code)
	}
	_, ok := l.communes[code]
	return ok
}

// ProvinceName returns a province's full name ("Thành phố Hà Nội").
func (l *AdminUnitList) ProvinceName(code string) (string, bool) {
	n, ok := l.provinces[code]
	return n, ok
}

// CommuneByCode returns a commune of the list.
func (l *AdminUnitList) CommuneByCode(code string) (Commune, bool) {
	c, ok := l.communes[code]
	return c, ok
}

// ProvinceCodes returns the province codes, sorted.
func (l *AdminUnitList) ProvinceCodes() []string {
	out := make([]string, 0, len(l.provinces))
	for c := range l.provinces {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// CommuneCodes returns the commune codes, sorted (none without communes).
func (l *AdminUnitList) CommuneCodes() []string {
	out := make([]string, 0, len(l.communes))
	for c := range l.communes {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// maxAdminUnitsBytes caps what ReadAdminUnits reads.
const maxAdminUnitsBytes = 32 << 20

type auWard struct {
	Code     string `json:"Code"`
	FullName string `json:"FullName"`
}

type auProvince struct {
	Code     string   `json:"Code"`
	FullName string   `json:"FullName"`
	Wards    []auWard `json:"Wards"`
	District []struct {
		Code string   `json:"Code"`
		Ward []auWard `json:"Ward"`
	} `json:"District"`
}

// ReadAdminUnits reads a list of provinces with their communes from JSON:
// an array of {"Code", "FullName", "Wards": [{"Code", "FullName"}]}, the
// layout of the simplified exports of the General Statistics Office
// catalogue; the former three-level layout ("District": [{"Ward": [...]}])
// is read too. Codes must be 2 (province) and 5 (commune) digits and unique.
// Errors wrap [ErrAdminUnitsData].
func ReadAdminUnits(r io.Reader) (*AdminUnitList, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxAdminUnitsBytes+1))
	if err != nil {
		return nil, fmt.Errorf("forms: read administrative units: %w", err)
	}
	if len(b) > maxAdminUnitsBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrAdminUnitsData, maxAdminUnitsBytes)
	}
	var ps []auProvince
	if err := json.Unmarshal(b, &ps); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrAdminUnitsData, err)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("%w: no provinces", ErrAdminUnitsData)
	}
	l := &AdminUnitList{provinces: make(map[string]string, len(ps)), communes: make(map[string]Commune)}
	add := func(p string, w auWard) error {
		if len(w.Code) != 5 || !allDigits(w.Code) {
			return fmt.Errorf("%w: commune code %q is not 5 digits", ErrAdminUnitsData, w.Code)
		}
		if _, dup := l.communes[w.Code]; dup {
			return fmt.Errorf("%w: duplicate commune code %s", ErrAdminUnitsData, w.Code)
		}
		l.communes[w.Code] = Commune{Code: w.Code, Name: w.FullName, Province: p}
		return nil
	}
	for _, p := range ps {
		if len(p.Code) != 2 || !allDigits(p.Code) {
			return nil, fmt.Errorf("%w: province code %q is not 2 digits", ErrAdminUnitsData, p.Code)
		}
		if _, dup := l.provinces[p.Code]; dup {
			return nil, fmt.Errorf("%w: duplicate province code %s", ErrAdminUnitsData, p.Code)
		}
		l.provinces[p.Code] = p.FullName
		for _, w := range p.Wards {
			if err := add(p.Code, w); err != nil {
				return nil, err
			}
		}
		for _, d := range p.District {
			for _, w := range d.Ward {
				if err := add(p.Code, w); err != nil {
					return nil, err
				}
			}
		}
	}
	return l, nil
}
