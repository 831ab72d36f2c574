package dossier_test

import (
	"errors"
	"strconv"
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

func TestTransitionMessages(t *testing.T) {
	f := newFixture(t, monday)
	sub := dossier.Submission{ProcedureCode: "2.000002", Agency: agency, Level: catalog.Province, Channel: catalog.Counter,
		Applicant: dossier.Applicant{Name: "Trần Văn Bình", CitizenID: "079088001122"}}
	d, err := f.svc.Submit(f.ctx, applicant, sub)
	require.NoError(t, err)
	total := d.FeeQuote.Total
	require.Greater(t, int64(total), int64(1000))
	f.clock.add(time.Minute)

	for _, tc := range []struct {
		name   string
		do     func() error
		rule   string
		vi, en string
		text   string // part of Error()
	}{
		{"underpaid", func() error {
			_, err := f.svc.Pay(f.ctx, d.Code, applicant, dossier.Payment{Amount: total - 1000})
			return err
		}, "underpaid",
			"Không thể nộp phí, lệ phí: đã nộp " + money(total-1000, "vi") + ", phải nộp " + money(total, "vi"),
			"Cannot pay the fees: paid " + money(total-1000, "en") + ", due " + money(total, "en"),
			"cannot pay: paid " + itoa(total-1000) + ", due " + itoa(total)},
		{"state", func() error {
			_, err := f.svc.Approve(f.ctx, d.Code, officer)
			return err
		}, "state",
			"Không thể phê duyệt kết quả: không thực hiện được khi hồ sơ ở trạng thái “Chờ tiếp nhận”",
			"Cannot approve the result: not allowed from Submitted",
			"cannot approve: not allowed from submitted"},
		{"role", func() error {
			_, err := f.svc.Receive(f.ctx, d.Code, applicant)
			return err
		}, "role",
			"Không thể tiếp nhận hồ sơ: vai trò “Người nộp hồ sơ” không được thực hiện thao tác này",
			"Cannot receive: not allowed to role Applicant",
			"not allowed to role applicant"},
		{"reason", func() error {
			_, err := f.svc.Withdraw(f.ctx, d.Code, officer, "")
			return err
		}, "withdraw_reason",
			"Không thể rút hồ sơ: cán bộ rút hồ sơ thay người nộp phải nêu lý do",
			"Cannot withdraw: an officer withdrawing for the applicant must give the reason",
			"must give the reason"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.do()
			require.ErrorIs(t, err, dossier.ErrInvalidTransition)
			var te *dossier.TransitionError
			require.ErrorAs(t, err, &te)
			assert.Equal(t, tc.rule, te.Rule)
			assert.Equal(t, tc.rule, dossier.ErrorCode(err))
			assert.Equal(t, tc.vi, te.Message("vi"))
			assert.Equal(t, tc.vi, dossier.Message(err, ""))
			assert.Equal(t, tc.en, dossier.Message(err, "en-US"))
			assert.Contains(t, err.Error(), tc.text)
		})
	}
}

func money(m fees.Money, lang string) string {
	s := itoa(m)
	var b strings.Builder
	sep := "."
	if lang == "en" {
		sep = ","
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString(sep)
		}
		b.WriteRune(c)
	}
	if lang == "en" {
		return b.String() + " VND"
	}
	return b.String() + " ₫"
}

func itoa(m fees.Money) string { return strconv.FormatInt(int64(m), 10) }

func TestSubmissionMessages(t *testing.T) {
	future, err := catalog.New(
		catalog.Procedure{Code: "9.000009", Name: "Thủ tục sắp có hiệu lực", Levels: []catalog.Level{catalog.Commune},
			Online: catalog.Offline, ValidFrom: time.Date(2030, 1, 1, 0, 0, 0, 0, dossier.Location)})
	require.NoError(t, err)
	g := newFixture(t, monday)
	svcFuture, err := dossier.NewService(g.store, future, official(t), dossier.WithClock(g.clock.now))
	require.NoError(t, err)

	for _, tc := range []struct {
		name   string
		svc    *dossier.Service
		sub    func(*dossier.Submission)
		path   string
		rule   string
		vi, en string
	}{
		{"unknown procedure", nil, func(s *dossier.Submission) { s.ProcedureCode = "7.777777" }, "ProcedureCode", "procedure_unknown",
			"Không có thủ tục mã 7.777777 trong danh mục", "No procedure 7.777777 in the catalogue"},
		{"not in force", svcFuture, func(s *dossier.Submission) { s.ProcedureCode = "9.000009"; s.Attachments = nil; s.FormData = nil },
			"ProcedureCode", "procedure_not_in_force",
			"Thủ tục 9.000009 không còn hoặc chưa có hiệu lực vào ngày 02/03/2026", "Procedure 9.000009 is not in force on 02/03/2026"},
		{"citizen id", nil, func(s *dossier.Submission) { s.Applicant.CitizenID = "12345" }, "Applicant.CitizenID", "citizen_id",
			"Số định danh cá nhân 12345 không gồm đúng 12 chữ số", "Citizen ID 12345 is not 12 digits"},
		{"no name", nil, func(s *dossier.Submission) { s.Applicant.Name = " " }, "Applicant.Name", "name_empty",
			"Chưa nhập họ tên người nộp", "The applicant's name is empty"},
		{"offline procedure online", nil, func(s *dossier.Submission) {
			s.ProcedureCode, s.Attachments, s.FormData = "3.000003", nil, nil
		}, "Channel", "channel_offline", "Thủ tục 3.000003 không được nộp trực tuyến", "Procedure 3.000003 cannot be filed online"},
		{"missing document", nil, func(s *dossier.Submission) { s.Attachments = nil }, "Tờ khai", "document_missing",
			"Thiếu giấy tờ bắt buộc “Tờ khai”", "Required document Tờ khai missing"},
		{"unknown document", nil, func(s *dossier.Submission) {
			s.Attachments = append(s.Attachments, dossier.Attachment{Name: "Sổ hộ khẩu", MediaType: "application/pdf", Size: 10, SHA256: sumB})
		}, "Attachments[1]", "document_unknown",
			"“Sổ hộ khẩu” không phải là giấy tờ của thủ tục", "Sổ hộ khẩu is not a document of the procedure"},
		{"too large", nil, func(s *dossier.Submission) { s.Attachments[0].Size = 6 << 20 }, "Attachments[0]", "file_too_large",
			"“Tờ khai”: tệp 6 MB, vượt quá 5 MB", "Tờ khai: 6 MB, more than 5 MB"},
		{"media type", nil, func(s *dossier.Submission) { s.Attachments[0].MediaType = "image/png" }, "Attachments[0]", "media_type",
			"“Tờ khai”: định dạng image/png không được chấp nhận (chỉ nhận application/pdf)",
			"Tờ khai: media type image/png not among application/pdf"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			svc := tc.svc
			if svc == nil {
				svc = g.svc
			}
			sub := birthSubmission()
			tc.sub(&sub)
			_, err := svc.Submit(g.ctx, applicant, sub)
			require.ErrorIs(t, err, dossier.ErrSubmission)
			var se *dossier.SubmissionError
			require.ErrorAs(t, err, &se)
			require.Len(t, se.Problems, 1, "%v", err)
			p := se.Problems[0]
			assert.Equal(t, tc.path, p.Path)
			assert.Equal(t, tc.rule, p.Rule)
			assert.Equal(t, tc.rule, dossier.ErrorCode(p))
			assert.Equal(t, tc.vi, p.Message("vi"))
			assert.Equal(t, tc.en, p.Message("en"))
			assert.Equal(t, []string{tc.vi}, se.Messages("vi"))
			assert.Equal(t, "submission", dossier.ErrorCode(err))
			assert.Equal(t, "Hồ sơ chưa đủ điều kiện để nộp:\n"+tc.vi, dossier.Message(err, "vi"))
		})
	}
}

func TestFormProblemPathNotRepeated(t *testing.T) {
	schema := forms.Schema{ID: "khai-sinh", Fields: []forms.Field{
		{Key: "full_name", Type: forms.TypeText, Required: true, Label: forms.Text{"vi": "Họ và tên", "en": "Full name"}},
		{Key: "cccd_me", Type: forms.TypeCitizenID, Required: true, Label: forms.Text{"vi": "Số định danh của mẹ", "en": "Mother's ID"}},
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
	for _, p := range se.Problems {
		require.NotEmpty(t, p.Path)
		assert.Equal(t, 1, strings.Count(p.Error(), p.Path), "the path is said once: %s", p.Error())
		assert.Equal(t, "form", dossier.ErrorCode(p))
		assert.NotEmpty(t, p.Message("vi"))
		assert.NotEqual(t, p.Message("vi"), p.Message("en"))
	}
}

func TestEnumLabels(t *testing.T) {
	type labeller interface {
		Label(string) string
		String() string
	}
	cases := map[string][]labeller{}
	for s := dossier.StatusUnknown; s <= dossier.Withdrawn; s++ {
		cases["Status"] = append(cases["Status"], s)
	}
	for a := dossier.ActionUnknown; a <= dossier.Apologize; a++ {
		cases["Action"] = append(cases["Action"], a)
	}
	for _, r := range []dossier.Role{dossier.RoleUnknown, dossier.RoleApplicant, dossier.RoleOfficer, dossier.RoleSystem} {
		cases["Role"] = append(cases["Role"], r)
	}
	for _, d := range []dossier.Delivery{dossier.DeliveryUnknown, dossier.AtCounter, dossier.ByPost, dossier.Electronic} {
		cases["Delivery"] = append(cases["Delivery"], d)
	}
	for _, x := range []dossier.Timeliness{dossier.TimelinessUnknown, dossier.Early, dossier.OnTime, dossier.Late} {
		cases["Timeliness"] = append(cases["Timeliness"], x)
	}
	for _, k := range []dossier.DayKind{dossier.DayKindUnknown, dossier.DayWorking, dossier.DayWeekend, dossier.DayClosed, dossier.DayWorkedWeekend} {
		cases["DayKind"] = append(cases["DayKind"], k)
	}
	for _, k := range []dossier.FindingKind{dossier.FindingUnknown, dossier.FindingField, dossier.FindingTrail, dossier.FindingRewritten,
		dossier.FindingDeleted, dossier.FindingLog, dossier.FindingCheckpoint} {
		cases["FindingKind"] = append(cases["FindingKind"], k)
	}
	for name, vals := range cases {
		t.Run(name, func(t *testing.T) {
			seen := map[string]bool{}
			for i, v := range vals {
				vi, en := v.Label("vi"), v.Label("en")
				assert.NotEmpty(t, vi)
				assert.NotEmpty(t, en)
				assert.False(t, seen[vi], "label %q twice", vi)
				seen[vi] = true
				assert.NotContains(t, v.String(), "(", "readable String")
				if i == 0 {
					assert.Equal(t, "unknown", v.String())
				}
			}
		})
	}
	assert.Equal(t, "Không rõ", dossier.StatusUnknown.Label("vi"))
	assert.Equal(t, "Đúng hạn", dossier.OnTime.Label("vi"))
	assert.Equal(t, "Status(99)", dossier.Status(99).Label("vi"))
	assert.Equal(t, "Thông tin hồ sơ bị sửa", dossier.FindingField.Label("vi"))
	assert.Equal(t, "Log does not extend the checkpoint", dossier.FindingCheckpoint.Label("en"))
}

func TestDeadlineAndDayLabels(t *testing.T) {
	for _, tc := range []struct {
		d      dossier.Deadline
		vi, en string
	}{
		{dossier.Days(10), "10 ngày làm việc", "10 working days"},
		{dossier.Days(1), "1 ngày làm việc", "1 working day"},
		{dossier.Days(0), "trong ngày", "same day"},
		{dossier.Deadline{N: 4, Unit: catalog.WorkingHours}, "4 giờ làm việc", "4 working hours"},
		{dossier.Deadline{N: 30, Unit: catalog.CalendarDays}, "30 ngày", "30 days"},
		{dossier.Deadline{N: 3, Unit: catalog.Months}, "3 tháng", "3 months"},
		{dossier.Deadline{N: 1500}, "1.500 ngày làm việc", "1,500 working days"},
	} {
		assert.Equal(t, tc.vi, tc.d.Label("vi"))
		assert.Equal(t, tc.en, tc.d.Label("en"))
	}
	cal := official(t)
	d, err := cal.Day(time.Date(2026, 2, 17, 9, 0, 0, 0, dossier.Location))
	require.NoError(t, err)
	assert.Regexp(t, `^Thứ Ba 17/02/2026: Ngày nghỉ \(.*Tết.*\)$`, d.Label("vi"))
	assert.Regexp(t, `^Tuesday 17/02/2026: Day off \(`, d.Label("en"))
	d, err = cal.Day(time.Date(2026, 3, 1, 9, 0, 0, 0, dossier.Location))
	require.NoError(t, err)
	assert.Equal(t, "Chủ nhật 01/03/2026: Nghỉ hằng tuần", d.Label("vi"))
}

func TestMessageOfOtherErrors(t *testing.T) {
	assert.Empty(t, dossier.Message(errors.New("x"), "vi"))
	assert.Empty(t, dossier.ErrorCode(nil))
	assert.Equal(t, "not_found", dossier.ErrorCode(dossier.ErrNotFound))
	assert.Equal(t, "Không tìm thấy hồ sơ", dossier.Message(dossier.ErrNotFound, "vi"))
	assert.Equal(t, "mismatch", dossier.ErrorCode(&dossier.MismatchError{Code: "X", Field: "DueAt"}))
}
