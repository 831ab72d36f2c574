package forms_test

import (
	"context"
	"testing"
)

// BenchmarkValidate validates the enterprise registration form (34 fields,
// one repeat group) on the good and the bad submission of examples/forms.
func BenchmarkValidate(b *testing.B) {
	f := must(b, businessSchema(b))
	ctx := context.Background()
	for _, name := range []string{"good.json", "bad.json"} {
		sub := submission(b, name)
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = f.Validate(ctx, sub)
			}
		})
	}
}

func BenchmarkCompile(b *testing.B) {
	s := businessSchema(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Compile(); err != nil {
			b.Fatal(err)
		}
	}
}
