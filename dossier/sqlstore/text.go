package sqlstore

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/dossier"
)

// Text is stored as UTF-8 (PostgreSQL refuses anything else in text
// columns, and JSON would silently replace invalid bytes, changing what
// event hashes cover), so both backends refuse strings that are not valid
// UTF-8, and NUL bytes in columns of their own.

// checkColumn reports an error wrapping ErrInvalidDossier unless s can be
// stored in a text column.
func checkColumn(code, what, s string) error {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return fmt.Errorf("%w: %s: %s %q is not valid UTF-8 text", dossier.ErrInvalidDossier, code, what, s)
	}
	return nil
}

// checkJSON reports an error wrapping ErrInvalidDossier unless s is valid
// UTF-8 (JSON escapes NUL).
func checkJSON(code, what, s string) error {
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: %s: %s %q is not valid UTF-8", dossier.ErrInvalidDossier, code, what, s)
	}
	return nil
}

// checkText checks every string of d before it is stored.
func checkText(d *dossier.Dossier) error {
	c := d.Code
	cols := []struct{ what, s string }{
		{"code", d.Code}, {"agency", d.Agency}, {"unit", d.Unit}, {"procedure code", d.ProcedureCode},
		{"sector", d.Sector}, {"applicant name", d.Applicant.Name}, {"citizen ID", d.Applicant.CitizenID},
		{"tax code", d.Applicant.TaxCode}, {"phone", d.Applicant.Phone}, {"email", d.Applicant.Email},
		{"address", d.Applicant.Address},
	}
	for _, col := range cols {
		if err := checkColumn(c, col.what, col.s); err != nil {
			return err
		}
	}
	for _, u := range d.Units {
		if err := checkJSON(c, "unit", u); err != nil {
			return err
		}
	}
	for _, a := range d.Attachments {
		for _, s := range []string{a.Name, a.FileName, a.MediaType, a.SHA256} {
			if err := checkJSON(c, "attachment", s); err != nil {
				return err
			}
		}
	}
	if q := d.FeeQuote; q != nil {
		for _, l := range q.Lines {
			for _, s := range []string{l.Code, l.Name, l.LegalBasis} {
				if err := checkJSON(c, "fee line", s); err != nil {
					return err
				}
			}
		}
	}
	if p := d.Payment; p != nil {
		if err := checkJSON(c, "payment", p.Method+p.Reference); err != nil {
			return err
		}
	}
	if err := checkValue(c, d.FormData); err != nil {
		return err
	}
	for i := range d.Events {
		ev := &d.Events[i]
		for _, s := range []string{ev.Actor.ID, ev.Actor.Unit, ev.Reason} {
			if err := checkColumn(c, fmt.Sprintf("event #%d", i), s); err != nil {
				return err
			}
		}
		for k, v := range ev.Data.All() {
			if err := checkJSON(c, fmt.Sprintf("event #%d data", i), k+v); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkValue walks form data for strings that are not valid UTF-8.
func checkValue(code string, v any) error {
	switch x := v.(type) {
	case string:
		return checkJSON(code, "form data", x)
	case map[string]any:
		for k, e := range x {
			if err := checkJSON(code, "form data key", k); err != nil {
				return err
			}
			if err := checkValue(code, e); err != nil {
				return err
			}
		}
	case []any:
		for _, e := range x {
			if err := checkValue(code, e); err != nil {
				return err
			}
		}
	case []map[string]any:
		for _, e := range x {
			if err := checkValue(code, e); err != nil {
				return err
			}
		}
	case []string:
		for _, e := range x {
			if err := checkJSON(code, "form data", e); err != nil {
				return err
			}
		}
	}
	return nil
}
