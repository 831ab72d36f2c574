package dossier

import (
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/vnfmt"
)

// A rule's text: Vietnamese and English templates whose %[n]s verbs take
// the error's Params, formatted for the language (see formatParam).
type ruleText struct{ vi, en string }

// ruleTexts are the display texts of the rules a [*TransitionError] or a
// [Problem] reports, keyed by the stable code in their Rule field.
var ruleTexts = map[string]ruleText{
	// Transitions.
	"not_a_transition": {"đây không phải là thao tác xử lý hồ sơ đã nộp", "not a transition of a filed dossier"},
	"state":            {"không thực hiện được khi hồ sơ ở trạng thái “%[1]s”", "not allowed from %[1]s"},
	"no_actor":         {"chưa xác định người thực hiện", "no actor"},
	"role":             {"vai trò “%[1]s” không được thực hiện thao tác này", "not allowed to role %[1]s"},
	"actor":            {"người thực hiện %[1]s với vai trò “%[2]s” không được nộp hồ sơ", "not allowed to %[1]s as %[2]s"},
	"reason_required":  {"cần nêu rõ lý do", "a reason is required"},
	"time_order":       {"thời điểm %[1]s sớm hơn thao tác gần nhất", "time %[1]s is before the last event"},
	"due_date":         {"không tính được thời hạn trả kết quả: %[1]s", "cannot compute the due date: %[1]s"},
	"no_target_unit":   {"chưa chọn đơn vị nhận hồ sơ", "no target unit"},
	"same_unit":        {"hồ sơ đang ở đơn vị %[1]s", "already at %[1]s"},
	"nothing_supplied": {"chưa có giấy tờ hoặc thông tin bổ sung", "nothing supplied"},
	"attachment":       {"%[1]s", "%[1]s"},
	"record":           {"không ghi nhận được thao tác: %[1]s", "cannot record the change: %[1]s"},
	"negative_amount":  {"số tiền không được âm", "negative amount"},
	"amount_differs":   {"số tiền %[1]s khác số tiền đã tính %[2]s", "amount %[1]s differs from the quoted %[2]s"},
	"no_amount_due":    {"hồ sơ không có khoản phải nộp", "no amount due"},
	"already_paid":     {"phí, lệ phí đã được nộp", "already paid"},
	"nothing_to_pay":   {"không có khoản phí, lệ phí phải nộp", "nothing to pay"},
	"underpaid":        {"đã nộp %[1]s, phải nộp %[2]s", "paid %[1]s, due %[2]s"},
	"unpaid":           {"chưa nộp phí, lệ phí %[1]s", "fees of %[1]s not paid"},
	"delivery":         {"chưa chọn hình thức trả kết quả", "unknown delivery"},
	"withdraw_reason":  {"cán bộ rút hồ sơ thay người nộp phải nêu lý do", "an officer withdrawing for the applicant must give the reason"},
	"no_due":           {"hồ sơ không có thời hạn giải quyết cố định", "the dossier has no fixed processing time"},
	"apology_late":     {"văn bản xin lỗi phải được gửi trước thời hạn %[1]s", "an apology must come before the due time %[1]s"},
	"unit_not_handled": {"đơn vị “%[1]s” chưa tham gia giải quyết hồ sơ", "unit %[1]s has not handled the dossier"},
	"due_not_later":    {"thời hạn mới phải sau %[1]s", "the new due time must be after %[1]s"},
	"due_invalid":      {"thời hạn mới không hợp lệ: %[1]s", "new due time: %[1]s"},
	"due_day_off":      {"thời hạn mới %[1]s không phải ngày làm việc", "the new due time %[1]s is not on a working day"},

	// Submissions: fields.
	"procedure_unknown":      {"không có thủ tục mã %[1]s trong danh mục", "no procedure %[1]s in the catalogue"},
	"procedure_not_in_force": {"thủ tục %[1]s không còn hoặc chưa có hiệu lực vào ngày %[2]s", "procedure %[1]s is not in force on %[2]s"},
	"agency":                 {"mã cơ quan tiếp nhận không hợp lệ: %[1]s", "bad agency code: %[1]s"},
	"channel_offline":        {"thủ tục %[1]s không được nộp trực tuyến", "procedure %[1]s cannot be filed online"},
	"channel_unknown":        {"chưa chọn cách thức nộp hồ sơ", "unknown channel"},
	"level_ambiguous":        {"thủ tục %[1]s được giải quyết ở nhiều cấp: cần chọn cấp", "procedure %[1]s has several levels: say which"},
	"level_unsupported":      {"thủ tục %[1]s không được giải quyết ở cấp %[2]s", "procedure %[1]s is not handled at the %[2]s level"},
	"name_empty":             {"chưa nhập họ tên người nộp", "the applicant's name is empty"},
	"id_missing":             {"cần có số định danh cá nhân hoặc mã số thuế", "neither a citizen ID nor a tax code"},
	"citizen_id":             {"số định danh cá nhân %[1]s không gồm đúng 12 chữ số", "citizen ID %[1]s is not 12 digits"},
	"tax_code":               {"mã số thuế %[1]s không gồm 10 chữ số (hoặc 10-3)", "tax code %[1]s is not 10 digits (or 10-3)"},
	"too_long":               {"dài %[1]s ký tự, tối đa %[2]s", "%[1]s characters, at most %[2]s"},
	"too_many":               {"có %[1]s mục, tối đa %[2]s", "%[1]s items, at most %[2]s"},
	"form_too_large":         {"dữ liệu biểu mẫu %[1]s, vượt quá %[2]s", "form data of %[1]s, more than %[2]s"},

	// Submissions: form and fees.
	"form_unknown": {"không có biểu mẫu %[1]s", "form %[1]s is not known"},
	"form":         {"%[1]s", "%[1]s"},
	"fee":          {"không tính được phí, lệ phí: %[1]s", "the fees cannot be quoted: %[1]s"},

	// Submissions: documents.
	"case_unknown":       {"trường hợp “%[1]s” không thuộc thủ tục", "case %[1]s is not one of the procedure's"},
	"document_unknown":   {"“%[1]s” không phải là giấy tờ của thủ tục", "%[1]s is not a document of the procedure"},
	"document_index":     {"thủ tục không có giấy tờ số %[1]s", "the procedure has no document number %[1]s"},
	"document_missing":   {"thiếu giấy tờ bắt buộc “%[1]s”", "required document %[1]s missing"},
	"document_duplicate": {"giấy tờ “%[1]s” đã được đính kèm ở tệp thứ %[2]s", "document %[1]s is already attached as attachment %[2]s"},
	"media_type":         {"“%[1]s”: định dạng %[2]s không được chấp nhận (chỉ nhận %[3]s)", "%[1]s: media type %[2]s not among %[3]s"},
	"file_too_large":     {"“%[1]s”: tệp %[2]s, vượt quá %[3]s", "%[1]s: %[2]s, more than %[3]s"},
	"attachment_name":    {"tệp đính kèm chưa có tên giấy tờ", "attachment without a name"},
	"attachment_size":    {"kích thước tệp không hợp lệ (%[1]s byte)", "size %[1]s"},
	"attachment_sha256":  {"mã băm SHA-256 không phải 64 chữ số hệ mười sáu viết thường", "SHA-256 is not 64 lowercase hex digits"},
}

// sentinelTexts are the display texts of the sentinels, keyed by a stable
// code, for [ErrorCode] and [Message].
var sentinelTexts = []struct {
	err    error
	code   string
	vi, en string
}{
	{ErrNotFound, "not_found", "Không tìm thấy hồ sơ", "No such dossier"},
	{ErrExists, "exists", "Mã hồ sơ đã tồn tại", "A dossier with this code already exists"},
	{ErrConflict, "conflict", "Hồ sơ vừa được người khác cập nhật, hãy tải lại", "The dossier was changed meanwhile: reload it"},
	{ErrSubmission, "submission", "Hồ sơ chưa đủ điều kiện để nộp", "The dossier cannot be filed as it is"},
	{ErrInvalidTransition, "invalid_transition", "Không thực hiện được thao tác với hồ sơ", "The action is not allowed"},
	{ErrTampered, "tampered", "Dữ liệu hồ sơ bị sửa đổi ngoài quy trình", "The dossier's record was changed outside its trail"},
	{ErrAppendOnly, "append_only", "Không được sửa hoặc xoá quá trình xử lý đã ghi", "Recorded steps cannot be changed or removed"},
	{ErrOutOfRange, "out_of_range", "Ngày nằm ngoài lịch làm việc", "The date is outside the working calendar"},
	{ErrCalendar, "calendar", "Dữ liệu lịch làm việc không hợp lệ", "The calendar data are invalid"},
	{ErrInvalidCode, "invalid_code", "Mã hồ sơ hoặc mã cơ quan không hợp lệ", "Invalid dossier or agency code"},
	{ErrLogRange, "log_range", "Vị trí nằm ngoài sổ nhật ký", "Outside the log"},
	{ErrProof, "proof", "Bằng chứng của sổ nhật ký không hợp lệ", "The log proof does not verify"},
	{ErrCheckpoint, "checkpoint", "Điểm kiểm tra của sổ nhật ký không hợp lệ", "Invalid log checkpoint"},
	{ErrLogKey, "log_key", "Khoá của sổ nhật ký không hợp lệ", "Invalid log key"},
	{ErrTooLarge, "too_large", "Dữ liệu vượt quá giới hạn cho phép", "The input is larger than allowed"},
	{ErrInvalidDossier, "invalid_dossier", "Hồ sơ không hợp lệ", "Invalid dossier"},
}

// machine is the language of Error(): English, with values in their
// stable forms (identifiers, plain numbers, RFC 3339 times).
const machine = "\x00"

// ruleMessage formats the rule's text with params in lang. An unknown rule
// gives the rule itself.
func ruleMessage(rule string, params []any, lang string) string {
	t, ok := ruleTexts[rule]
	if !ok {
		return rule
	}
	tmpl := t.vi
	if lang == machine || vnfmt.English(lang) {
		tmpl = t.en
	}
	args := make([]any, len(params))
	for i, p := range params {
		args[i] = formatParam(p, lang)
	}
	return fmt.Sprintf(tmpl, args...)
}

// formatParam formats one parameter of a message for lang.
func formatParam(p any, lang string) string {
	m := lang == machine
	switch v := p.(type) {
	case string:
		if m {
			return fmt.Sprintf("%q", clip(v))
		}
		return clip(v)
	case fees.Money:
		if m {
			return fmt.Sprint(int64(v))
		}
		return vnfmt.Money(int64(v), lang)
	case int:
		if m {
			return fmt.Sprint(v)
		}
		return vnfmt.Int(int64(v), lang)
	case int64:
		if m {
			return fmt.Sprint(v)
		}
		return vnfmt.Int(v, lang)
	case time.Time:
		if m {
			return v.Format(time.RFC3339)
		}
		return vnfmt.DateTime(v.In(Location), lang)
	case day:
		if m {
			return time.Time(v).Format(time.DateOnly)
		}
		return vnfmt.Date(time.Time(v))
	case []string:
		if m {
			return fmt.Sprint(v)
		}
		return strings.Join(v, ", ")
	case error:
		if m {
			return v.Error()
		}
		if s := Message(v, lang); s != "" {
			return s
		}
		return v.Error()
	case interface{ Label(string) string }:
		if m {
			return fmt.Sprint(v)
		}
		return v.Label(lang)
	}
	return fmt.Sprint(p)
}

// day is a parameter shown as a date only.
type day time.Time

// sizeText is a parameter shown as a size ("10 MB").
type sizeText int64

// Label implements the labelled parameters of formatParam.
func (s sizeText) Label(lang string) string { return vnfmt.Bytes(int64(s), lang) }

// String is the machine form: bytes.
func (s sizeText) String() string { return fmt.Sprintf("%d bytes", int64(s)) }

// Message returns the refusal in lang ("vi", the default, or "en") for a
// citizen or clerk: "Không thể nộp phí, lệ phí: đã nộp 5.000 ₫, phải nộp
// 15.000 ₫".
func (e *TransitionError) Message(lang string) string {
	what := lowerFirst(e.Action.Label(lang))
	why := e.Why
	if e.Rule != "" {
		why = ruleMessage(e.Rule, e.Params, lang)
	}
	if vnfmt.English(lang) {
		return "Cannot " + what + ": " + why
	}
	return "Không thể " + what + ": " + why
}

// Message returns the problem in lang ("vi", the default, or "en"): a form
// problem in the words of [forms.FieldError.Message] (naming the field by
// its label), a fee problem in those of [fees.Message], the others from
// this package's table.
func (p Problem) Message(lang string) string {
	var fe *forms.FieldError
	if errors.As(p.Err, &fe) {
		return fe.Message(lang)
	}
	if p.Rule == "" {
		if s := Message(p.Err, lang); s != "" {
			return s
		}
		return p.Err.Error()
	}
	msg := ruleMessage(p.Rule, p.Params, lang)
	if p.Rule == "fee" {
		if s := fees.Message(p.Err, lang); s != "" {
			msg = ruleMessage(p.Rule, []any{s}, lang)
		}
	}
	return upperFirst(msg)
}

// Messages returns one message per problem, in lang.
func (e *SubmissionError) Messages(lang string) []string {
	out := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p.Message(lang)
	}
	return out
}

// ErrorCode returns the stable code of err: the rule of a
// [*TransitionError] or of a [Problem] (e.g. "underpaid", "state",
// "document_unknown", "procedure_unknown"), "submission" for a
// [*SubmissionError], "mismatch" for a [*MismatchError], else the code of
// the first sentinel of this package err wraps ("not_found", "conflict",
// "tampered", ...), or "" when it wraps none.
func ErrorCode(err error) string {
	var te *TransitionError
	var p Problem
	var pp *Problem
	var me *MismatchError
	var se *SubmissionError
	switch {
	case err == nil:
		return ""
	case errors.As(err, &se):
		return "submission"
	case errors.As(err, &te) && te.Rule != "":
		return te.Rule
	case errors.As(err, &p) && p.Rule != "":
		return p.Rule
	case errors.As(err, &pp) && pp.Rule != "":
		return pp.Rule
	case errors.As(err, &me):
		return "mismatch"
	}
	for _, s := range sentinelTexts {
		if errors.Is(err, s.err) {
			return s.code
		}
	}
	return ""
}

// Message returns the text to show a citizen or clerk for err, in lang
// ("vi", the default, or "en"): a [*TransitionError]'s or a [*SubmissionError]'s
// own message (a submission's problems one per line), a [*MismatchError]
// naming the field, else the message of the first sentinel of this
// package err wraps. It returns "" for an error of another package.
func Message(err error, lang string) string {
	var te *TransitionError
	var se *SubmissionError
	var me *MismatchError
	var re *RangeError
	var pr Problem
	en := vnfmt.English(lang)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &se):
		head := "Hồ sơ chưa đủ điều kiện để nộp:"
		if en {
			head = "The dossier cannot be filed:"
		}
		return head + "\n" + strings.Join(se.Messages(lang), "\n")
	case errors.As(err, &te):
		return te.Message(lang)
	case errors.As(err, &pr):
		return pr.Message(lang)
	case errors.As(err, &me):
		if en {
			return fmt.Sprintf("Dossier %s: %s was changed outside its trail", me.Code, me.Field)
		}
		return fmt.Sprintf("Hồ sơ %s: trường %s bị sửa ngoài quá trình xử lý", me.Code, me.Field)
	case errors.As(err, &re):
		if en {
			return fmt.Sprintf("The date is outside the working calendar (%s to %s)", vnfmt.Date(re.First), vnfmt.Date(re.Last))
		}
		return fmt.Sprintf("Ngày nằm ngoài lịch làm việc (từ %s đến %s)", vnfmt.Date(re.First), vnfmt.Date(re.Last))
	}
	for _, s := range sentinelTexts {
		if errors.Is(err, s.err) {
			if en {
				return s.en
			}
			return s.vi
		}
	}
	return ""
}

// lowerFirst lowers the first letter of a label for use inside a sentence.
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// upperFirst capitalises the first letter of a message.
func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
