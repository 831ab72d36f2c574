package benchmarks

// Peer for package forms: santhosh-tekuri/jsonschema/v6, a complete JSON
// Schema validator, run on the schema forms exports for the enterprise
// registration form (examples/forms), with the same vn-* formats.
//
//	cd benchmarks && go test -run Forms -bench Forms -benchmem

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/motcua/motcua/forms"
)

func formsFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	path := filepath.Join("..", "examples", "forms", name)
	if name == "business.json" {
		path = filepath.Join("..", "forms", "data", "enterprise-registration.json")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// formsSubmission decodes a submission once, numbers as json.Number, the
// same value for both validators.
func formsSubmission(tb testing.TB, name string) any {
	tb.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(formsFixture(tb, name)))
	if err != nil {
		tb.Fatal(err)
	}
	return v
}

func businessForm(tb testing.TB) *forms.Form {
	tb.Helper()
	var s forms.Schema
	if err := json.Unmarshal(formsFixture(tb, "business.json"), &s); err != nil {
		tb.Fatal(err)
	}
	f, err := s.Compile()
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// stringFormat adapts a check of strings to a jsonschema format: other
// types are not its business.
func stringFormat(name string, ok func(string) bool) *jsonschema.Format {
	return &jsonschema.Format{Name: name, Validate: func(v any) error {
		s, isString := v.(string)
		if !isString || ok(s) {
			return nil
		}
		return fmt.Errorf("not a valid %s", name)
	}}
}

// peerSchema compiles the exported JSON Schema with jsonschema/v6, formats
// asserted and the vn-* formats registered.
func peerSchema(tb testing.TB, f *forms.Form) *jsonschema.Schema {
	tb.Helper()
	js, err := f.JSONSchema()
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(js))
	if err != nil {
		tb.Fatal(err)
	}
	units := forms.ProvincesAt(time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC))
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	c.RegisterFormat(stringFormat(forms.FormatDate, func(s string) bool { _, ok := forms.ParseDate(s); return ok }))
	c.RegisterFormat(stringFormat(forms.FormatPhone, func(s string) bool { _, err := forms.NormalizePhone(s); return err == nil }))
	c.RegisterFormat(stringFormat(forms.FormatCitizenID, func(s string) bool { _, err := forms.ParseCitizenID(s); return err == nil }))
	c.RegisterFormat(stringFormat(forms.FormatTaxCode, func(s string) bool { _, err := forms.ParseTaxCode(s); return err == nil }))
	c.RegisterFormat(stringFormat(forms.FormatAdminUnit, func(s string) bool {
		switch len(s) {
		case 2:
			return units.Province(s)
		case 5:
			return units.Commune(s)
		}
		return false
	}))
	if err := c.AddResource("business.json", doc); err != nil {
		tb.Fatal(err)
	}
	sch, err := c.Compile("business.json")
	if err != nil {
		tb.Fatal(err)
	}
	return sch
}

// TestFormsPeerAgrees checks both validators reach the same verdict on the
// benchmark's submissions before their speed is compared.
func TestFormsPeerAgrees(t *testing.T) {
	f := businessForm(t)
	sch := peerSchema(t, f)
	for name, wantValid := range map[string]bool{"good.json": true, "bad.json": false} {
		sub := formsSubmission(t, name).(map[string]any)
		err := f.Validate(context.Background(), sub)
		var verrs forms.ValidationErrors
		if (err == nil) != wantValid || (err != nil && !errors.As(err, &verrs)) {
			t.Fatalf("forms on %s: %v", name, err)
		}
		if perr := sch.Validate(sub); (perr == nil) != wantValid {
			t.Fatalf("jsonschema on %s: %v", name, perr)
		}
	}
}

// BenchmarkForms validates the enterprise registration form (34 fields, one
// repeat group) with forms.Validate and with jsonschema/v6 on the exported
// schema, for the good and the bad submission.
func BenchmarkForms(b *testing.B) {
	f := businessForm(b)
	sch := peerSchema(b, f)
	ctx := context.Background()
	for _, name := range []string{"good.json", "bad.json"} {
		sub := formsSubmission(b, name)
		m := sub.(map[string]any)
		b.Run("forms/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = f.Validate(ctx, m)
			}
		})
		b.Run("jsonschema/"+name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = sch.Validate(sub)
			}
		})
	}
}
