package bank_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
)

// service files n dossiers of "Cấp bản sao trích lục hộ tịch" (a fee
// item, one document, no form) through a real Service.
func service(t *testing.T, n int) (*dossier.Service, []dossier.Dossier) {
	t.Helper()
	cat, err := catalog.Sample()
	require.NoError(t, err)
	schedule, err := fees.Sample()
	require.NoError(t, err)
	cal, err := dossier.Official()
	require.NoError(t, err)
	now := time.Date(2025, 11, 26, 9, 0, 0, 0, dossier.Location)
	svc, err := dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithFees(schedule, nil),
		dossier.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	proc, ok := cat.Get("1.004884", now)
	require.True(t, ok)
	citizen := dossier.Actor{ID: "vneid:001085012345", Role: dossier.RoleApplicant}
	var ds []dossier.Dossier
	for range n {
		d, err := svc.Submit(t.Context(), citizen, dossier.Submission{
			ProcedureCode: proc.Code, Agency: "000.00.01.H12", Channel: catalog.Online, Level: catalog.Commune,
			Applicant:   dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "001085012345"},
			Attachments: []dossier.Attachment{dossier.NewAttachment(proc.Documents[0].Name, "to-khai.pdf", []byte("%PDF-1.7"))},
		})
		require.NoError(t, err)
		require.NotNil(t, d.FeeQuote)
		require.Positive(t, d.FeeQuote.Total)
		ds = append(ds, d)
	}
	return svc, ds
}

func TestRequestReconcileRecord(t *testing.T) {
	svc, ds := service(t, 3)
	ctx := t.Context()
	acct := bank.Account{BIN: "970436", Number: "0011001932418", Name: "UBND PHUONG BA DINH"}

	p, err := bank.Request(acct, &ds[0])
	require.NoError(t, err)
	assert.Equal(t, ds[0].Code, p.Purpose)
	assert.Equal(t, ds[0].FeeQuote.Total, p.Amount)
	assert.Equal(t, vietqr.Dynamic, p.Initiation)
	payload, err := p.Encode()
	require.NoError(t, err)
	back, err := vietqr.Decode(payload)
	require.NoError(t, err)
	assert.Equal(t, p, back)

	// The bank passes the purpose on, with its own prefix and the code's
	// punctuation turned into spaces.
	lines := []bank.Line{
		{Row: 2, Date: time.Date(2025, 11, 26, 9, 30, 0, 0, dossier.Location), Amount: ds[0].FeeQuote.Total,
			Content: "MBVCB.9988.NGUYEN VAN AN chuyen tien " + back.Purpose, Reference: "FT25330001", Payer: "NGUYEN VAN AN", Account: "0123456789"},
		{Row: 3, Date: time.Date(2025, 11, 26, 9, 40, 0, 0, dossier.Location), Amount: ds[1].FeeQuote.Total - 1000,
			Content: bank.Compact(ds[1].Code), Reference: "FT25330002"},
	}
	dues, err := bank.Dues(ctx, svc.Store(), dossier.Filter{Brief: true})
	require.NoError(t, err)
	require.Len(t, dues, 3)
	r, err := bank.Reconcile(dues, lines, bank.Options{})
	require.NoError(t, err)
	assert.Equal(t, bank.Matched, r.Results[0].Status)
	assert.Equal(t, bank.Underpaid, r.Results[1].Status)
	require.Len(t, r.Settlements, 1)
	assert.Equal(t, []bank.Due{dues[2]}, r.Unpaid)

	clerk := dossier.Actor{ID: "cb-ketoan-01", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	paid, err := bank.Record(ctx, svc, clerk, r.Settlements)
	require.NoError(t, err)
	require.Len(t, paid, 1)
	d, err := svc.Get(ctx, ds[0].Code)
	require.NoError(t, err)
	require.NotNil(t, d.Payment)
	assert.Equal(t, dossier.Payment{Amount: ds[0].FeeQuote.Total, Method: bank.Method, Reference: "FT25330001",
		Payer: "NGUYEN VAN AN 0123456789", PaidAt: d.Payment.PaidAt}, *d.Payment)
	require.NoError(t, d.Verify(), "the payment is on the trail and verifies")

	// Read again, the statement finds the dossier paid: a duplicate, and
	// recording it again is refused by the dossier.
	dues, err = bank.Dues(ctx, svc.Store(), dossier.Filter{})
	require.NoError(t, err)
	r, err = bank.Reconcile(dues, lines, bank.Options{})
	require.NoError(t, err)
	assert.Equal(t, bank.Duplicate, r.Results[0].Status)
	assert.Empty(t, r.Settlements)
	_, err = bank.Record(ctx, svc, clerk, []bank.Settlement{{Code: ds[0].Code, Amount: ds[0].FeeQuote.Total}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), ds[0].Code)

	_, err = bank.Request(acct, &d)
	require.ErrorIs(t, err, bank.ErrInvalid, "already paid")
	_, err = bank.Request(bank.Account{BIN: "97043", Number: "1"}, &ds[2])
	var fe *vietqr.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "38.01.00", fe.Field)
	free := dossier.Dossier{Code: "000.00.01.H12-251126-0009"}
	_, err = bank.Request(acct, &free)
	require.ErrorIs(t, err, bank.ErrInvalid, "nothing to pay")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = bank.Record(cctx, svc, clerk, []bank.Settlement{{Code: ds[2].Code, Amount: ds[2].FeeQuote.Total}})
	require.ErrorIs(t, err, context.Canceled)
}

func TestRequestLongCode(t *testing.T) {
	d := dossier.Dossier{Code: "000.00.01.H12-251126-12345", FeeQuote: &dossier.FeeQuote{Total: 10000}}
	p, err := bank.Request(bank.Account{BIN: "970436", Number: "1"}, &d)
	require.NoError(t, err)
	assert.Equal(t, "0000001H1225112612345", p.Purpose, "26 characters: the compact form")
}
