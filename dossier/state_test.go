package dossier_test

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/vntime"
)

// lifeDossier runs a dossier of the fee-charging procedure through every
// kind of step the service records: submission with form data and an
// attachment, payment, receipt, start, transfer, supplementation request
// and supplement, apology, approval and return.
func lifeDossier(t *testing.T) dossier.Dossier {
	t.Helper()
	f := newFixture(t, time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location))
	sub := birthSubmission()
	sub.ProcedureCode, sub.Channel = "2.000002", catalog.Counter
	sub.Level = catalog.Province
	sub.Attachments = nil      // the procedure lists no document; the supplement brings one
	sub.FormData["so_ban"] = 2 // an int, as a handler builds it: float64 once through JSON
	sub.Applicant.Phone, sub.Applicant.Address = "0912345678", "12 Lê Lợi, Huế"
	d, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	steps := []func() (dossier.Dossier, error){
		func() (dossier.Dossier, error) {
			return f.svc.Pay(f.ctx, d.Code, applicant, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr", Reference: "FT1"})
		},
		func() (dossier.Dossier, error) { return f.svc.Receive(f.ctx, d.Code, officer) },
		func() (dossier.Dossier, error) { return f.svc.Start(f.ctx, d.Code, officer) },
		func() (dossier.Dossier, error) {
			return f.svc.Transfer(f.ctx, d.Code, officer, "000.00.02.H12", "chuyển Phòng Tư pháp")
		},
		func() (dossier.Dossier, error) {
			return f.svc.RequestSupplement(f.ctx, d.Code, officer, "thiếu bản sao")
		},
		func() (dossier.Dossier, error) {
			return f.svc.Supplement(f.ctx, d.Code, applicant, []dossier.Attachment{{Name: "Bản sao", MediaType: "image/jpeg", Size: 10, SHA256: sumB}},
				map[string]any{"ghi_chu": "đã bổ sung"})
		},
		func() (dossier.Dossier, error) {
			return f.svc.Apologize(f.ctx, d.Code, officer, d.DueAt.AddDate(0, 0, 7), "quá tải")
		},
		func() (dossier.Dossier, error) { return f.svc.Approve(f.ctx, d.Code, officer) },
		func() (dossier.Dossier, error) { return f.svc.ReturnResult(f.ctx, d.Code, officer, dossier.ByPost) },
	}
	for i, s := range steps {
		f.clock.add(time.Hour)
		d, err = s()
		require.NoError(t, err, "step %d", i)
		require.NoError(t, d.Verify(), "step %d verifies", i)
	}
	return d
}

// TestVerifyNamesEditedFields edits each field a transition sets, as a
// database administrator would, and checks Verify names it.
func TestVerifyNamesEditedFields(t *testing.T) {
	base := lifeDossier(t)
	require.NoError(t, base.Verify())
	tests := []struct {
		field string
		edit  func(d *dossier.Dossier)
	}{
		{"Agency", func(d *dossier.Dossier) { d.Agency = "000.00.09.H12" }},
		{"Unit", func(d *dossier.Dossier) { d.Unit = "000.00.09.H12" }},
		{"Units", func(d *dossier.Dossier) { d.Units = d.Units[:1] }},
		{"ProcedureCode", func(d *dossier.Dossier) { d.ProcedureCode = "1.000001" }},
		{"ProcedureVersion", func(d *dossier.Dossier) { d.ProcedureVersion = vntime.Date(2020, 1, 1) }},
		{"Sector", func(d *dossier.Dossier) { d.Sector = "Hộ tịch" }},
		{"Level", func(d *dossier.Dossier) { d.Level = catalog.Commune }},
		{"Online", func(d *dossier.Dossier) { d.Online = catalog.Full }},
		{"Applicant.Name", func(d *dossier.Dossier) { d.Applicant.Name = "Trần Văn Bình" }},
		{"Applicant.CitizenID", func(d *dossier.Dossier) { d.Applicant.CitizenID = "001199099999" }},
		{"Applicant.Phone", func(d *dossier.Dossier) { d.Applicant.Phone = "0988888888" }},
		{"Applicant.Address", func(d *dossier.Dossier) { d.Applicant.Address = "" }},
		{"Channel", func(d *dossier.Dossier) { d.Channel = catalog.Online }},
		{"FormData", func(d *dossier.Dossier) { d.FormData["ho_ten_tre"] = "Nguyễn Minh Ân" }},
		{"Attachments", func(d *dossier.Dossier) { d.Attachments[0].Size++ }},
		{"FeeQuote.Total", func(d *dossier.Dossier) { d.FeeQuote.Total = 1000 }},
		{"FeeQuote", func(d *dossier.Dossier) { d.FeeQuote.Lines[0].LegalBasis = "?" }},
		{"Payment.Amount", func(d *dossier.Dossier) { d.Payment.Amount = 5000 }},
		{"Payment.Reference", func(d *dossier.Dossier) { d.Payment.Reference = "FT2" }},
		{"Payment.PaidAt", func(d *dossier.Dossier) { d.Payment.PaidAt = d.Payment.PaidAt.Add(time.Hour) }},
		{"Payment", func(d *dossier.Dossier) { d.Payment = nil }},
		{"Outcome", func(d *dossier.Dossier) { d.Outcome = dossier.Denied }},
		{"Deadline", func(d *dossier.Dossier) { d.Deadline.N = 30 }},
		{"CutOff", func(d *dossier.Dossier) { d.CutOff = 16 * 60 }},
		{"RestartOnSupplement", func(d *dossier.Dossier) { d.RestartOnSupplement = true }},
		{"SubmittedAt", func(d *dossier.Dossier) { d.SubmittedAt = d.SubmittedAt.Add(-time.Minute) }},
		{"ReceivedAt", func(d *dossier.Dossier) { d.ReceivedAt = d.ReceivedAt.Add(-6 * time.Hour) }},
		{"DueAt", func(d *dossier.Dossier) { d.DueAt = d.DueAt.AddDate(0, 0, 10) }}, // a late dossier made on time
		{"PausedAt", func(d *dossier.Dossier) { d.PausedAt = d.SubmittedAt }},
		{"SettledAt", func(d *dossier.Dossier) { d.SettledAt = d.SettledAt.Add(-48 * time.Hour) }},
		{"ClosedAt", func(d *dossier.Dossier) { d.ClosedAt = time.Time{} }},
		{"Apologies", func(d *dossier.Dossier) { d.Apologies = 0 }}, // hides the admitted delay
		{"Delivery", func(d *dossier.Dossier) { d.Delivery = dossier.AtCounter }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			d := base.Clone()
			tt.edit(&d)
			err := d.Verify()
			require.ErrorIs(t, err, dossier.ErrTampered)
			var fe *dossier.MismatchError
			require.ErrorAs(t, err, &fe, "got %v", err)
			assert.Equal(t, tt.field, fe.Field)
			assert.Equal(t, base.Code, fe.Code)
			assert.NotEqual(t, fe.Stored, fe.Trail)
			assert.Contains(t, err.Error(), tt.field)
		})
	}
	t.Run("Status", func(t *testing.T) {
		d := base.Clone()
		d.Status = dossier.InProgress
		var te *dossier.TrailError
		require.ErrorAs(t, d.Verify(), &te)
	})
	t.Run("message quotes at most 200 bytes of a value", func(t *testing.T) {
		d := base.Clone()
		d.Applicant.Name = strings.Repeat("Â", 5000)
		err := d.Verify()
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 600)
	})
}

// TestVerifyEveryStateAndRoundTrip: dossiers in every state verify, and
// still do after a JSON round trip (numbers in form data come back as
// float64, as from a SQL store).
func TestVerifyEveryStateAndRoundTrip(t *testing.T) {
	for _, s := range []dossier.Status{dossier.Submitted, dossier.Received, dossier.InProgress, dossier.AwaitingSupplement,
		dossier.AwaitingPayment, dossier.Transferred, dossier.ResultReady, dossier.Refused, dossier.Returned, dossier.Withdrawn} {
		t.Run(s.String(), func(t *testing.T) {
			f, code := reach(t, s)
			d, err := f.store.Get(f.ctx, code)
			require.NoError(t, err)
			require.NoError(t, d.Verify())
			b, err := json.Marshal(d)
			require.NoError(t, err)
			var back dossier.Dossier
			require.NoError(t, json.Unmarshal(b, &back))
			require.NoError(t, back.Verify())
		})
	}
	d := lifeDossier(t)
	b, err := json.Marshal(d)
	require.NoError(t, err)
	var back dossier.Dossier
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, 2.0, back.FormData["so_ban"], "float64 after JSON")
	require.NoError(t, back.Verify(), "the digest does not depend on the number's Go type")
}

// TestVerifyFormat1Trail reads a dossier written by motcua before trail
// format 2 (testdata/trail-v1.json, made by the previous commit's Service:
// payment, receipt, supplement, apology, approval, return) and checks that
// it still verifies, that what format 1 carried is still checked, and
// documents what it could not carry.
func TestVerifyFormat1Trail(t *testing.T) {
	b, err := os.ReadFile("testdata/trail-v1.json")
	require.NoError(t, err)
	var v1 dossier.Dossier
	require.NoError(t, json.Unmarshal(b, &v1))
	require.NoError(t, v1.Verify(), "a format 1 trail still verifies")
	_, isV2 := v1.Events[0].Data.Lookup("format")
	require.False(t, isV2)

	checked := map[string]func(d *dossier.Dossier){
		"DueAt":          func(d *dossier.Dossier) { d.DueAt = d.DueAt.AddDate(0, 0, 10) },
		"Payment.Amount": func(d *dossier.Dossier) { d.Payment.Amount++ },
		"Attachments":    func(d *dossier.Dossier) { d.Attachments[0].SHA256 = sumB },
		"ReceivedAt":     func(d *dossier.Dossier) { d.ReceivedAt = d.ReceivedAt.Add(time.Hour) },
		"Apologies":      func(d *dossier.Dossier) { d.Apologies = 0 },
		"ProcedureCode":  func(d *dossier.Dossier) { d.ProcedureCode = "1.000001" },
		"FeeQuote.Total": func(d *dossier.Dossier) { d.FeeQuote.Total = 1 },
	}
	for field, edit := range checked {
		t.Run(field, func(t *testing.T) {
			d := v1.Clone()
			edit(&d)
			var fe *dossier.MismatchError
			require.ErrorAs(t, d.Verify(), &fe)
			assert.Equal(t, field, fe.Field)
		})
	}
	// What a format 1 submission did not record cannot be checked.
	d := v1.Clone()
	d.Applicant.Name = "Trần Văn Bình"
	d.Sector = "Hộ tịch"
	assert.NoError(t, d.Verify(), "format 1 carried neither the applicant nor the sector")
}

// TestSubmissionData: an importer building a trail with SubmissionData
// gets a trail that binds the imported fields.
func TestSubmissionData(t *testing.T) {
	at := time.Date(2024, 5, 6, 9, 0, 0, 0, vntime.Location)
	d := dossier.Dossier{Code: "000.00.01.H12-240506-0001", Agency: "000.00.01.H12", ProcedureCode: "1.000001",
		Level: catalog.Commune, Channel: catalog.Counter, Status: dossier.Submitted, SubmittedAt: at,
		Applicant: dossier.Applicant{Name: "Lê Thị Hoa", CitizenID: "001199012399"}, Deadline: dossier.Days(3),
		FeeQuote: &dossier.FeeQuote{Total: fees.Money(50000)}}
	data, err := dossier.SubmissionData(&d)
	require.NoError(t, err)
	assert.Equal(t, "2", data.Get("format"))
	assert.Equal(t, "Lê Thị Hoa", data.Get("applicant.name"))
	ev := dossier.Event{Seq: 1, At: at, Actor: officer, Action: dossier.Submit, To: dossier.Submitted, Data: data}
	ev.Hash = dossier.EventHash(d.Code, &ev)
	d.Events, d.Version = []dossier.Event{ev}, 1
	require.NoError(t, d.Verify())
	d.Applicant.CitizenID = "001199012300"
	var fe *dossier.MismatchError
	require.True(t, errors.As(d.Verify(), &fe))
	assert.Equal(t, "Applicant.CitizenID", fe.Field)
	_, err = dossier.SubmissionData(&dossier.Dossier{FormData: map[string]any{"bad": func() {}}})
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
}
