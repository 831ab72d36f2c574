package forms_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/motcua/motcua/forms"
)

const maxFuzzInput = 64 << 10

func readExample(f *testing.F, name string) []byte {
	f.Helper()
	path := filepath.Join("..", "examples", "forms", name)
	if name == "business.json" {
		path = filepath.Join("data", "enterprise-registration.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// FuzzCompile compiles arbitrary schema JSON and, when it compiles,
// exports it and validates an arbitrary submission: no panic, ever, and
// only the documented errors.
func FuzzCompile(f *testing.F) {
	f.Add(readExample(f, "business.json"), readExample(f, "good.json"))
	f.Add([]byte(scopesSchema), []byte(`{"kind": "a", "info": {"level": 2, "note": "x"}}`))
	f.Add([]byte(typesSchema), []byte(`{"int": 1, "files": [{"name": "a", "media_type": "image/png", "size": 1}]}`))
	f.Add([]byte(`{"id": "x", "fields": [{"key": "a", "type": "text", "rules": "min=abc", "visible_if": "b == 1 &&"}]}`), []byte(`{}`))
	f.Add([]byte(`{"id": "x", "fields": [{"key": "a", "type": "integer", "rules": "oneof=1 2|gt=0"}]}`), []byte(`{"a": 3}`))
	f.Add([]byte(`{"id": "x", "fields": [{"key": "a", "type": "text", "rules": "max=10|len=x"}]}`), []byte(`{"a": "01234567890"}`))
	f.Fuzz(func(t *testing.T, schema, sub []byte) {
		if len(schema) > maxFuzzInput || len(sub) > maxFuzzInput {
			return
		}
		var s forms.Schema
		if json.Unmarshal(schema, &s) != nil {
			return
		}
		form, err := s.Compile()
		if err != nil {
			if !errors.Is(err, forms.ErrInvalidSchema) {
				t.Fatalf("compile error %v does not match ErrInvalidSchema", err)
			}
			return
		}
		js, err := form.JSONSchema()
		if err != nil || !json.Valid(js) {
			t.Fatalf("JSONSchema: %v", err)
		}
		checkValidate(t, form, sub)
	})
}

// FuzzValidate validates arbitrary submissions against the enterprise
// registration form.
func FuzzValidate(f *testing.F) {
	var s forms.Schema
	if err := json.Unmarshal(readExample(f, "business.json"), &s); err != nil {
		f.Fatal(err)
	}
	form, err := s.Compile()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(readExample(f, "good.json"))
	f.Add(readExample(f, "bad.json"))
	f.Add([]byte(`{"members": [1, null, {"share": "x"}], "documents": {"name": 1}, "owner": []}`))
	f.Fuzz(func(t *testing.T, sub []byte) {
		if len(sub) > maxFuzzInput {
			return
		}
		checkValidate(t, form, sub)
	})
}

func checkValidate(t *testing.T, form *forms.Form, sub []byte) {
	before := append([]byte(nil), sub...)
	err := form.ValidateJSON(context.Background(), sub)
	if !bytes.Equal(before, sub) {
		t.Fatal("ValidateJSON changed its input")
	}
	if err == nil || errors.Is(err, forms.ErrBadJSON) {
		return
	}
	var verrs forms.ValidationErrors
	if !errors.As(err, &verrs) || len(verrs) == 0 {
		t.Fatalf("unexpected error %v", err)
	}
	for _, e := range verrs {
		if e.Message(forms.LangVI) == "" || e.Message(forms.LangEN) == "" || e.Path == "" {
			t.Fatalf("error without message or path: %#v", e)
		}
	}
}

// FuzzIdentifiers feeds the identifier parsers arbitrary text.
func FuzzIdentifiers(f *testing.F) {
	for _, s := range []string{"001085012345", "0301234562-001", "+84 912 345 678", "29/02/2024", "2024-02-29", "+84", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 256 {
			return
		}
		if id, err := forms.ParseCitizenID(s); err == nil && (id.Number != s || id.Sex == forms.SexUnknown) {
			t.Fatalf("ParseCitizenID(%q) = %+v", s, id)
		}
		if tc, err := forms.ParseTaxCode(s, forms.WithPersonalTaxCodes()); err == nil {
			if again, err := forms.ParseTaxCode(tc.String(), forms.WithPersonalTaxCodes()); err != nil || again != tc {
				t.Fatalf("ParseTaxCode(%q) does not round-trip", s)
			}
		}
		if p, err := forms.NormalizePhone(s); err == nil {
			if again, err := forms.NormalizePhone(p); err != nil || again != p {
				t.Fatalf("NormalizePhone(%q) = %q does not normalise to itself", s, p)
			}
		}
		if d, ok := forms.ParseDate(s); ok && d.Format("02/01/2006") != s && d.Format("2006-01-02") != s {
			t.Fatalf("ParseDate(%q) = %v", s, d)
		}
	})
}

// FuzzReadAdminUnits reads arbitrary administrative-unit files.
func FuzzReadAdminUnits(f *testing.F) {
	f.Add([]byte(`[{"Code": "01", "FullName": "Hà Nội", "Wards": [{"Code": "00004", "FullName": "Phường Ba Đình"}]}]`))
	f.Add([]byte(`[{"Code": "01", "District": [{"Code": "001", "Ward": null}]}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		l, err := forms.ReadAdminUnits(bytes.NewReader(b))
		if err != nil {
			if !errors.Is(err, forms.ErrAdminUnitsData) {
				t.Fatalf("error %v does not match ErrAdminUnitsData", err)
			}
			return
		}
		for _, c := range l.CommuneCodes() {
			if !l.Commune(c) {
				t.Fatalf("listed commune %s not found", c)
			}
		}
	})
}

// FuzzReadSchema reads arbitrary schema documents: no panic; every error a
// *FormatError with a documented sentinel; every schema read is what
// encoding/json reads too, compiles or fails with ErrInvalidSchema, and
// reads again once written.
func FuzzReadSchema(f *testing.F) {
	f.Add(readExample(f, "business.json"))
	f.Add([]byte(scopesSchema))
	f.Add([]byte(typesSchema))
	f.Add([]byte(`{"id": "x", "fields": [{"key": "a", "type": "text", "requird": true}]}`))
	f.Add([]byte(`{"id": "x", "title": {"vn": "T"}, "fields": [{"key": "g", "type": "group", "fields": [{"key": "a", "type": "text", "Required": true}]}]}`))
	f.Add([]byte(`{"id": "x", "valid_from": "2025-07-01T00:00:00+07:00", "fields": [{"key": "a", "type": "integer", "min": 1e3, "max_len": 1.5}]}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		if len(doc) > maxFuzzInput {
			return
		}
		s, err := forms.ReadSchema(bytes.NewReader(doc))
		if err != nil {
			var fe *forms.FormatError
			if !errors.As(err, &fe) || !errors.Is(err, forms.ErrSyntax) && !errors.Is(err, forms.ErrUnknownField) && !errors.Is(err, forms.ErrTooLarge) {
				t.Fatalf("error %v is not a FormatError with a documented sentinel", err)
			}
			return
		}
		var plain forms.Schema
		if err := json.Unmarshal(doc, &plain); err != nil || !reflect.DeepEqual(&plain, s) {
			t.Fatalf("encoding/json reads %+v (%v), ReadSchema %+v", plain, err, s)
		}
		if _, err := s.Compile(); err != nil && !errors.Is(err, forms.ErrInvalidSchema) {
			t.Fatalf("compile error %v does not match ErrInvalidSchema", err)
		}
		out, err := json.Marshal(s)
		if err != nil {
			return // an unknown field type does not marshal
		}
		if _, err := forms.ReadSchema(bytes.NewReader(out)); err != nil {
			t.Fatalf("ReadSchema refuses what the package wrote: %v\n%s", err, out)
		}
	})
}
