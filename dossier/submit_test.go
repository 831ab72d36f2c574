package dossier_test

import (
	"context"
	"errors"
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

// formFunc adapts a function to dossier.FormValidator.
type formFunc func(ctx context.Context, data map[string]any) error

func (f formFunc) Validate(ctx context.Context, data map[string]any) error { return f(ctx, data) }

var errFieldRequired = errors.New("required")

func requireName(_ context.Context, data map[string]any) error {
	var errs []error
	if _, ok := data["ho_ten_tre"]; !ok {
		errs = append(errs, errors.New("ho_ten_tre: "+errFieldRequired.Error()))
	}
	if _, ok := data["ngay_sinh"]; !ok {
		errs = append(errs, errors.New("ngay_sinh: "+errFieldRequired.Error()))
	}
	return errors.Join(errs...)
}

func TestSubmitReportsEveryProblem(t *testing.T) {
	f := newFixture(t, monday, dossier.WithForms(map[string]dossier.FormValidator{"khai-sinh": formFunc(requireName)}))
	sub := birthSubmission()
	sub.FormData = map[string]any{}
	sub.Applicant = dossier.Applicant{Name: " ", CitizenID: "12345", TaxCode: "01234"}
	sub.Attachments = []dossier.Attachment{
		{Name: "Giấy chứng sinh", MediaType: "image/jpeg", Size: 100, SHA256: sumA},
		{Name: "Tờ khai", MediaType: "image/png", Size: 6 << 20, SHA256: sumA},
		{Name: "Sổ hộ khẩu", MediaType: "application/pdf", Size: 100, SHA256: sumA},
		{Name: "Tờ khai", MediaType: "application/pdf", Size: 0, SHA256: "abc"},
	}
	_, err := f.svc.Submit(f.ctx, applicant, sub)
	require.ErrorIs(t, err, dossier.ErrSubmission)
	var se *dossier.SubmissionError
	require.ErrorAs(t, err, &se)
	kinds := map[dossier.ProblemKind]int{}
	for _, p := range se.Problems {
		kinds[p.Kind]++
	}
	t.Log(err)
	assert.Equal(t, 3, kinds[dossier.ProblemField], "name, citizen ID, tax code")
	assert.Equal(t, 2, kinds[dossier.ProblemForm], "two form fields")
	assert.Equal(t, 4, kinds[dossier.ProblemDocument], "media type, size, unknown document, bad attachment")
	assert.Equal(t, 0, f.store.Len(), "nothing stored")

	t.Run("unknown procedure and channel", func(t *testing.T) {
		sub := birthSubmission()
		sub.ProcedureCode, sub.Channel, sub.Agency = "9.999999", 0, "bad agency"
		_, err := f.svc.Submit(f.ctx, applicant, sub)
		require.ErrorAs(t, err, &se)
		assert.Len(t, se.Problems, 3)
	})
	t.Run("offline procedure filed online", func(t *testing.T) {
		sub := birthSubmission()
		sub.ProcedureCode, sub.Attachments = "3.000003", nil
		_, err := f.svc.Submit(f.ctx, applicant, sub)
		require.ErrorAs(t, err, &se)
		require.Len(t, se.Problems, 1)
		assert.Equal(t, "Channel", se.Problems[0].Path)
	})
	t.Run("level must be said when there are several", func(t *testing.T) {
		sub := dossier.Submission{ProcedureCode: "2.000002", Agency: agency, Channel: catalog.Counter,
			Applicant: dossier.Applicant{Name: "Trần Văn Bình", CitizenID: "079088001122"}}
		_, err := f.svc.Submit(f.ctx, applicant, sub)
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "Level", se.Problems[0].Path)
		sub.Level = catalog.Commune
		_, err = f.svc.Submit(f.ctx, applicant, sub)
		require.ErrorAs(t, err, &se)
		assert.Equal(t, "Level", se.Problems[0].Path)
	})
	t.Run("missing required document", func(t *testing.T) {
		sub := birthSubmission()
		sub.FormData = map[string]any{"ho_ten_tre": "An", "ngay_sinh": "01/03/2026"}
		sub.Attachments = nil
		_, err := f.svc.Submit(f.ctx, applicant, sub)
		require.ErrorAs(t, err, &se)
		require.Len(t, se.Problems, 1)
		assert.Equal(t, "Tờ khai", se.Problems[0].Path)
	})
	t.Run("unknown form", func(t *testing.T) {
		g := newFixture(t, monday, dossier.WithForms(map[string]dossier.FormValidator{}))
		_, err := g.svc.Submit(g.ctx, applicant, birthSubmission())
		require.ErrorAs(t, err, &se)
		assert.Equal(t, dossier.ProblemForm, se.Problems[0].Kind)
	})
	t.Run("wrong role", func(t *testing.T) {
		_, err := f.svc.Submit(f.ctx, dossier.Actor{ID: "gw", Role: dossier.RoleSystem}, birthSubmission())
		require.ErrorIs(t, err, dossier.ErrInvalidTransition)
	})
}

func TestSubmitRecordsAndCommits(t *testing.T) {
	f := newFixture(t, monday.Add(123456789*time.Nanosecond), dossier.WithForms(map[string]dossier.FormValidator{"khai-sinh": formFunc(requireName)}))
	sub := birthSubmission()
	sub.FormData["ngay_sinh"] = "01/03/2026"
	d, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12-260302-0001", d.Code)
	assert.Equal(t, dossier.Submitted, d.Status)
	assert.Equal(t, catalog.Commune, d.Level)
	assert.Equal(t, catalog.Full, d.Online)
	assert.Equal(t, "Hộ tịch", d.Sector)
	assert.Equal(t, dossier.Days(3), d.Deadline)
	assert.Equal(t, 123456000, d.SubmittedAt.Nanosecond(), "truncated to microseconds")
	ev := d.Events[0]
	assert.Equal(t, sumA, ev.Data.Get("attachment:Tờ khai"))
	assert.Len(t, ev.Data.Get("formSHA256"), 64)
	require.NoError(t, d.Verify())
	d2, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12-260302-0002", d2.Code)
	assert.Equal(t, ev.Data.Get("formSHA256"), d2.Events[0].Data.Get("formSHA256"), "same data, same digest")
}

func TestSubmitQuotesFees(t *testing.T) {
	f := newFixture(t, monday)
	sub := dossier.Submission{ProcedureCode: "2.000002", Agency: agency, Level: catalog.Province, Channel: catalog.Counter,
		Applicant: dossier.Applicant{Name: "Trần Văn Bình", CitizenID: "079088001122"}}
	d, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	require.NotNil(t, d.FeeQuote)
	assert.Positive(t, int64(d.FeeQuote.Total))
	require.Len(t, d.FeeQuote.Lines, 1)
	assert.Equal(t, "LLTP", d.FeeQuote.Lines[0].Code)
	assert.NotEmpty(t, d.FeeQuote.Lines[0].LegalBasis)
	assert.Equal(t, dossier.Days(10), d.Deadline)

	f.clock.add(time.Minute)
	d, err = f.svc.Receive(f.ctx, d.Code, officer)
	require.NoError(t, err)
	f.clock.add(time.Minute)
	_, err = f.svc.Approve(f.ctx, d.Code, officer)
	require.ErrorIs(t, err, dossier.ErrInvalidTransition, "fees not paid")
	_, err = f.svc.AwaitPayment(f.ctx, d.Code, officer, d.FeeQuote.Total+1)
	require.ErrorIs(t, err, dossier.ErrInvalidTransition, "amount differs from the quote")
	d, err = f.svc.AwaitPayment(f.ctx, d.Code, officer, d.FeeQuote.Total)
	require.NoError(t, err)
	require.Len(t, d.FeeQuote.Lines, 1, "the quote keeps its lines")
	d, err = f.svc.Pay(f.ctx, d.Code, dossier.Actor{ID: "gateway", Role: dossier.RoleSystem}, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vnpay", Reference: "TX42"})
	require.NoError(t, err)
	assert.Equal(t, dossier.InProgress, d.Status)
	_, err = f.svc.Pay(f.ctx, d.Code, applicant, dossier.Payment{Amount: d.FeeQuote.Total})
	require.ErrorIs(t, err, dossier.ErrInvalidTransition)
	d, err = f.svc.Approve(f.ctx, d.Code, officer)
	require.NoError(t, err)
	assert.Equal(t, dossier.ResultReady, d.Status)

	t.Run("pay at filing", func(t *testing.T) {
		d, err := f.svc.Submit(f.ctx, applicant, sub)
		require.NoError(t, err)
		d, err = f.svc.Pay(f.ctx, d.Code, applicant, dossier.Payment{Amount: d.FeeQuote.Total})
		require.NoError(t, err)
		assert.Equal(t, dossier.Submitted, d.Status)
		assert.NotNil(t, d.Payment)
	})
	t.Run("unknown item", func(t *testing.T) {
		g := newFixture(t, monday, dossier.WithTerms("2.000002", dossier.Terms{}))
		cat, err := catalog.New(catalog.Procedure{Code: "4.1", Name: "x", Levels: []catalog.Level{catalog.Commune},
			Online: catalog.Offline, FeeItems: []string{"NO-SUCH-ITEM"}})
		require.NoError(t, err)
		svc, err := dossier.NewService(g.store, cat, official(t), dossier.WithClock(g.clock.now), dossier.WithFees(mustFees(t), nil))
		require.NoError(t, err)
		_, err = svc.Submit(g.ctx, applicant, dossier.Submission{ProcedureCode: "4.1", Agency: agency, Channel: catalog.Counter,
			Applicant: dossier.Applicant{Name: "A", TaxCode: "0101234567-001"}})
		var se *dossier.SubmissionError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, dossier.ProblemFee, se.Problems[0].Kind)
	})
}

func TestTermsAndChannels(t *testing.T) {
	f := newFixture(t, monday, dossier.WithTerms("1.000001", dossier.Terms{
		Deadline: dossier.Deadline{N: 8, Unit: catalog.WorkingHours}, CutOff: 16 * time.Hour}))
	f.clock.set(time.Date(2026, 3, 2, 15, 30, 0, 0, time.FixedZone("ICT", 7*3600)))
	d := f.submit(t)
	d, err := f.svc.Receive(f.ctx, d.Code, officer)
	require.NoError(t, err)
	// 15:30 is before the procedure's 16:00 cut-off: 1.5 h today, 6.5 h tomorrow.
	assert.Equal(t, "2026-03-03T15:30:00+07:00", d.DueAt.Format(time.RFC3339))

	_, err = dossier.NewService(f.store, testCatalog(t), official(t), dossier.WithTerms("x", dossier.Terms{CutOff: -1}))
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
	_, err = dossier.NewService(nil, testCatalog(t), official(t))
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
	_, err = dossier.NewService(f.store, testCatalog(t), official(t), dossier.WithClock(nil))
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
	_, err = dossier.NewService(f.store, testCatalog(t), official(t), dossier.WithFees(nil, nil))
	require.ErrorIs(t, err, dossier.ErrInvalidDossier)
}

func TestSubmitWithRealForm(t *testing.T) {
	schema := forms.Schema{ID: "khai-sinh", Fields: []forms.Field{
		{Key: "ho_ten_tre", Type: forms.TypeText, Required: true},
		{Key: "cccd_me", Type: forms.TypeCitizenID, Required: true},
	}}
	form, err := schema.Compile()
	require.NoError(t, err)
	f := newFixture(t, monday, dossier.WithForms(map[string]dossier.FormValidator{"khai-sinh": form}))
	sub := birthSubmission()
	sub.FormData = map[string]any{"cccd_me": "12"}
	_, err = f.svc.Submit(f.ctx, applicant, sub)
	var se *dossier.SubmissionError
	require.ErrorAs(t, err, &se)
	require.Len(t, se.Problems, 2)
	paths := []string{se.Problems[0].Path, se.Problems[1].Path}
	assert.ElementsMatch(t, []string{"ho_ten_tre", "cccd_me"}, paths)
	require.ErrorIs(t, err, forms.ErrRequired)
	var fe *forms.FieldError
	require.ErrorAs(t, err, &fe)

	sub.FormData = map[string]any{"ho_ten_tre": "Nguyễn Minh An", "cccd_me": "001199012345"}
	_, err = f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
}

func TestNoFixedDuration(t *testing.T) {
	cat, err := catalog.New(catalog.Procedure{Code: "2.002481", Name: "Xét, cấp học bổng chính sách", Levels: []catalog.Level{catalog.Province},
		Online: catalog.Offline, NoFixedDuration: true})
	require.NoError(t, err)
	sub := dossier.Submission{ProcedureCode: "2.002481", Agency: agency, Channel: catalog.Counter,
		Applicant: dossier.Applicant{Name: "Phạm Thị Dung", CitizenID: "001199012345"}}

	t.Run("no due time", func(t *testing.T) {
		g := newFixture(t, monday)
		svc, err := dossier.NewService(g.store, cat, official(t), dossier.WithClock(g.clock.now))
		require.NoError(t, err)
		d, err := svc.Submit(g.ctx, applicant, sub)
		require.NoError(t, err)
		assert.Equal(t, dossier.NoFixedDuration, d.Deadline)
		assert.Equal(t, "không cố định", d.Deadline.Label("vi"))
		g.clock.add(time.Hour)
		d, err = svc.Receive(g.ctx, d.Code, officer)
		require.NoError(t, err)
		assert.True(t, d.DueAt.IsZero(), "received the same day is not due the same day: %v", d.DueAt)
		assert.False(t, d.OverdueAt(monday.AddDate(1, 0, 0)), "never overdue")
		_, err = svc.Apologize(g.ctx, d.Code, officer, monday.AddDate(0, 0, 10), "chậm")
		require.ErrorIs(t, err, dossier.ErrInvalidTransition)
		assert.Equal(t, "no_due", dossier.ErrorCode(err))
		g.clock.add(time.Hour)
		d, err = svc.RequestSupplement(g.ctx, d.Code, officer, "Bổ sung bảng điểm")
		require.NoError(t, err)
		g.clock.add(24 * time.Hour)
		d, err = svc.Supplement(g.ctx, d.Code, applicant, nil, map[string]any{"diem": "8,5"})
		require.NoError(t, err)
		assert.True(t, d.DueAt.IsZero())
		g.clock.add(40 * 24 * time.Hour)
		d, err = svc.Approve(g.ctx, d.Code, officer)
		require.NoError(t, err)
		assert.Equal(t, dossier.TimelinessUnknown, d.Timeliness(), "no due time, no timeliness")
		stored, err := g.store.Get(g.ctx, d.Code)
		require.NoError(t, err)
		require.NoError(t, stored.Verify(), "the trail gives no due time")
		stored.DueAt = monday.AddDate(0, 0, 5)
		var me *dossier.MismatchError
		require.ErrorAs(t, stored.Verify(), &me, "a due time added by hand is caught")
		assert.Equal(t, "DueAt", me.Field)
	})
	t.Run("terms give one", func(t *testing.T) {
		g := newFixture(t, monday)
		svc, err := dossier.NewService(g.store, cat, official(t), dossier.WithClock(g.clock.now),
			dossier.WithTerms("2.002481", dossier.Terms{Deadline: dossier.Days(20)}))
		require.NoError(t, err)
		d, err := svc.Submit(g.ctx, applicant, sub)
		require.NoError(t, err)
		d, err = svc.Receive(g.ctx, d.Code, officer)
		require.NoError(t, err)
		assert.False(t, d.DueAt.IsZero())
	})
}

func TestFeeChannel(t *testing.T) {
	for _, tc := range []struct {
		in   catalog.Channel
		want fees.Channel
	}{
		{catalog.Counter, fees.Counter}, {catalog.Online, fees.Online}, {catalog.Post, fees.Post},
		{catalog.ChannelUnknown, fees.ChannelUnknown}, {catalog.Channel(9), fees.ChannelUnknown},
	} {
		assert.Equal(t, tc.want, dossier.FeeChannel(tc.in), "%v", tc.in)
		if tc.in.Valid() {
			assert.Equal(t, tc.in.String(), dossier.FeeChannel(tc.in).String(), "same name")
		}
	}
}

func TestPaymentOnTheTrail(t *testing.T) {
	f := newFixture(t, monday)
	sub := dossier.Submission{ProcedureCode: "2.000002", Agency: agency, Level: catalog.Province, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Trần Văn Bình", CitizenID: "079088001122"}}
	d, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	f.clock.add(time.Minute)
	bank := dossier.Actor{ID: "reconciler", Role: dossier.RoleSystem}
	_, err = f.svc.Pay(f.ctx, d.Code, bank, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr",
		Reference: "FT26062123456789", Payer: strings.Repeat("x", dossier.MaxTextLen+1)})
	require.ErrorIs(t, err, dossier.ErrInvalidTransition, "a payer past the limit")
	d, err = f.svc.Pay(f.ctx, d.Code, bank, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr",
		Reference: "FT26062123456789", Payer: "TRAN VAN BINH 0123456789"})
	require.NoError(t, err)
	assert.Equal(t, "TRAN VAN BINH 0123456789", d.Payment.Payer)
	assert.Equal(t, "TRAN VAN BINH 0123456789", d.Events[len(d.Events)-1].Data.Get("payer"))
	stored, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)
	require.NoError(t, stored.Verify())
	for field, edit := range map[string]func(p *dossier.Payment){
		"Payment.Payer":     func(p *dossier.Payment) { p.Payer = "NGUOI KHAC" },
		"Payment.Reference": func(p *dossier.Payment) { p.Reference = "FT000" },
		"Payment.Amount":    func(p *dossier.Payment) { p.Amount++ },
	} {
		t.Run(field, func(t *testing.T) {
			c := stored.Clone()
			edit(c.Payment)
			var me *dossier.MismatchError
			require.ErrorAs(t, c.Verify(), &me)
			assert.Equal(t, field, me.Field)
		})
	}
}
