package htmlform_test

import (
	"io"
	"testing"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

// sampleAnswers is a complete answer to the sample enterprise registration
// form of a two-member LLC (with the members repeat and its conditions).
func sampleAnswers() []pair {
	return []pair{
		{"enterprise_name", "Công ty TNHH Một Cửa"}, {"enterprise_type", "tnhh2"}, {"charter_capital", "2.000.000.000"},
		{"business_lines", "6201"}, {"business_lines", "6202"}, {"main_line", "6201"},
		{"owner.full_name", "Nguyễn Văn An"}, {"owner.birth_date", "15/03/1985"}, {"owner.sex", "nam"},
		{"owner.citizen_id", "001085012345"}, {"owner.nationality", "Việt Nam"}, {"owner.title", "Giám đốc"},
		{"_rows.members", "2"},
		{"members[0].full_name", "Nguyễn Văn An"}, {"members[0].citizen_id", "001085012345"}, {"members[0].contribution", "1.000.000.000"}, {"members[0].share", "50"}, {"members[0].is_legal_rep", "true"}, {"members[0].rep_title", "Giám đốc"},
		{"members[1].full_name", "Trần Thị Bình"}, {"members[1].citizen_id", "001185012345"}, {"members[1].contribution", "1.000.000.000"}, {"members[1].share", "50"},
		{"address.province", "01"}, {"address.commune", "00004"}, {"address.street", "Số 1 Tràng Tiền"},
		{"phone", "0912345678"}, {"has_foreign_investment", "false"}, {"accounting", "doc_lap"},
	}
}

func BenchmarkRender(b *testing.B) {
	r := sample(b)
	s, err := r.Parse(post(b, sampleAnswers(), upload{"documents", "a.pdf", pdf}), htmlform.ParseOptions{})
	if err != nil {
		b.Fatal(err)
	}
	var verrs forms.ValidationErrors
	b.ReportAllocs()
	for b.Loop() {
		if err := r.Render(b.Context(), io.Discard, htmlform.View{Action: "/nop", Submission: s, Errors: verrs}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	r := sample(b)
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		req := post(b, sampleAnswers(), upload{"documents", "a.pdf", pdf})
		b.StartTimer()
		s, err := r.Parse(req, htmlform.ParseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if err := r.Form().Validate(b.Context(), s.Data); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
}
