package dossier_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/forms"
)

// Example_quickStart is the README's quick start as written (the lines
// between the markers), with the values it takes from a portal: the
// signed-in citizen, the declaration's data, the uploaded scans and the
// clerk. TestReadmeQuickStart holds the README to it.
func Example_quickStart() {
	ctx := context.Background()
	applicant := dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "001085012345", Phone: "0912345678",
		Email: "an.nguyen@example.vn", Address: "Số 1 phố Tràng Tiền, phường Hoàn Kiếm, Hà Nội"}
	citizen := dossier.Actor{ID: "vneid:" + applicant.CitizenID, Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-motcua-02", Role: dossier.RoleOfficer, Unit: "000.00.01.H26"}
	data := map[string]any{
		"enterprise_name": "Doanh nghiệp tư nhân Một Cửa An", "enterprise_type": "tunhan",
		"charter_capital": float64(500_000_000), "business_lines": []any{"6201"}, "main_line": "6201",
		"owner": map[string]any{"full_name": applicant.Name, "birth_date": "15/03/1985", "sex": "nam",
			"citizen_id": applicant.CitizenID, "nationality": "Việt Nam", "phone": applicant.Phone},
		"address": map[string]any{"province": "01", "commune": "00004", "street": "Số 1 phố Tràng Tiền"},
		"phone":   applicant.Phone, "email": applicant.Email, "has_foreign_investment": false, "accounting": "doc_lap",
		"documents": []any{map[string]any{"name": "giay-de-nghi.pdf", "media_type": "application/pdf", "size": float64(4096)}},
	}
	scans := []dossier.Attachment{
		dossier.NewAttachment("Giấy đề nghị đăng ký doanh nghiệp", "giay-de-nghi.pdf", []byte("%PDF-1.7 signed application")),
		dossier.NewAttachment("Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân", "cccd.pdf", []byte("%PDF-1.7 scan")),
	}
	filed := time.Date(2026, 4, 23, 9, 45, 0, 0, dossier.Location)
	clock := func() time.Time { return filed }

	// quick start: begin
	cat, _ := catalog.Sample()                        // or catalog.ReadJSON, sheet.Read, dvcqg.ReadAll
	schedule, _ := fees.Sample()                      // or fees.Parse(your schedule JSON)
	cal, _ := dossier.Official()                      // working days 2014–2199: official notices, other years from the Labour Code
	schema, _ := forms.SampleEnterpriseRegistration() // or forms.ReadSchema(your schema JSON)
	form, _ := schema.Compile()

	svc, _ := dossier.NewService(dossier.NewMemStore(), cat, cal, // or sqlstore.Open(ctx, sqlstore.SQLite, "motcua.db")
		dossier.WithForms(map[string]dossier.FormValidator{schema.ID: form}),
		dossier.WithFees(schedule, nil),
		dossier.WithClock(clock)) // a fixed clock for the example; leave it out in a portal

	proc := cat.Search(catalog.Query{Text: "dang ky thanh lap doanh nghiep tu nhan", Limit: 1})[0]
	d, err := svc.Submit(ctx, citizen, dossier.Submission{
		ProcedureCode: proc.Code, Agency: "000.00.01.H26", Channel: catalog.Online,
		Applicant: applicant, FormData: data, Attachments: scans,
	})
	var sub *dossier.SubmissionError
	if errors.As(err, &sub) {
		fmt.Println(dossier.Message(err, "vi")) // every problem at once, in Vietnamese: form fields, documents, fees
		return
	}
	fmt.Println(d.Code, d.FeeQuote.Total)    // 000.00.01.H26-260423-0001 100.000 ₫
	d, err = svc.Receive(ctx, d.Code, clerk) // d.DueAt: the appointment in working days
	fmt.Println(dossier.FormatTime(d.DueAt, "vi"), err)
	// quick start: end

	// Output:
	// 000.00.01.H26-260423-0001 100.000 ₫
	// Thứ Tư 29/04/2026 17:00 <nil>
}

// TestReadmeQuickStart checks that the README's quick start is the code
// of Example_quickStart, line for line (indentation aside), so the README
// shows code that compiles and runs.
func TestReadmeQuickStart(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	require.NoError(t, err)
	_, rest, ok := strings.Cut(string(readme), "## Quick start")
	require.True(t, ok, "README has a quick start")
	_, rest, ok = strings.Cut(rest, "```go\n")
	require.True(t, ok)
	block, _, ok := strings.Cut(rest, "```")
	require.True(t, ok)
	src, err := os.ReadFile("quickstart_example_test.go")
	require.NoError(t, err)
	_, code, _ := strings.Cut(string(src), "// quick start: begin\n")
	code, _, _ = strings.Cut(code, "\t// quick start: end")
	lines := func(s string) []string {
		var out []string
		for l := range strings.SplitSeq(s, "\n") {
			if l = strings.Join(strings.Fields(l), " "); l != "" {
				out = append(out, l)
			}
		}
		return out
	}
	require.NotEmpty(t, lines(code))
	assert.Equal(t, lines(code), lines(block), "README's quick start differs from Example_quickStart")
}
