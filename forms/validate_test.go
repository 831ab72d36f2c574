package forms_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// typesSchema has one field of every scalar type, with limits.
const typesSchema = `{"id": "types", "fields": [
  {"key": "text", "type": "text", "min_len": 2, "max_len": 5, "pattern": "^[a-zà-ỹ]+$", "label": {"vi": "Văn bản", "en": "Text"}},
  {"key": "int", "type": "integer", "min": -5, "max": 10, "label": {"vi": "Số nguyên", "en": "Integer"}},
  {"key": "dec", "type": "decimal", "min": 0.5, "max": 2.5, "label": {"vi": "Số thập phân", "en": "Decimal"}},
  {"key": "money", "type": "money", "max": 1000000000, "label": {"vi": "Số tiền", "en": "Amount"}},
  {"key": "date", "type": "date", "label": {"vi": "Ngày", "en": "Date"}},
  {"key": "flag", "type": "bool", "label": {"vi": "Cờ", "en": "Flag"}},
  {"key": "pick", "type": "choice", "choices": [{"value": "a"}, {"value": "b"}], "label": {"vi": "Lựa chọn", "en": "Choice"}},
  {"key": "picks", "type": "multichoice", "min_items": 1, "max_items": 2, "choices": [{"value": "a"}, {"value": "b"}, {"value": "c"}], "label": {"vi": "Các lựa chọn", "en": "Choices"}},
  {"key": "email", "type": "email", "label": {"vi": "Thư điện tử", "en": "E-mail"}},
  {"key": "phone", "type": "phone", "label": {"vi": "Điện thoại", "en": "Phone"}},
  {"key": "cccd", "type": "citizen_id", "label": {"vi": "Số CCCD", "en": "Citizen ID"}},
  {"key": "mst", "type": "tax_code", "label": {"vi": "Mã số thuế", "en": "Tax code"}},
  {"key": "unit", "type": "admin_unit", "label": {"vi": "Đơn vị hành chính", "en": "Administrative unit"}},
  {"key": "code", "type": "text", "rules": "startswith=HS,alphanum,max=8", "label": {"vi": "Mã hồ sơ", "en": "File code"}},
  {"key": "qty", "type": "integer", "rules": "gt=0,ne=13", "label": {"vi": "Số lượng", "en": "Quantity"}},
  {"key": "files", "type": "file", "file": {"accept": ["application/pdf", "image/*"], "max_bytes": 100, "max_files": 2}, "label": {"vi": "Tệp", "en": "Files"}}
]}`

func typesForm(t testing.TB, opts ...forms.Option) *forms.Form {
	t.Helper()
	var s forms.Schema
	require.NoError(t, json.Unmarshal([]byte(typesSchema), &s))
	return must(t, &s, opts...)
}

func TestValidateTypes(t *testing.T) {
	f := typesForm(t)
	n := func(s string) json.Number { return json.Number(s) }
	tests := []struct {
		name       string
		key        string
		value      any
		rule       string
		param      string
		vi, en     string
		sentinel   error
		wantAbsent bool
	}{
		{name: "text ok", key: "text", value: "việt"},
		{name: "text short", key: "text", value: "a", rule: "min", param: "2", vi: "Văn bản phải có ít nhất 2 ký tự", en: "Text must have at least 2 characters"},
		{name: "text long counts runes", key: "text", value: "tiếngv", rule: "max", param: "5", vi: "Văn bản chỉ được có tối đa 5 ký tự", en: "Text must have at most 5 characters"},
		{name: "text five runes ok", key: "text", value: "tiếng"},
		{name: "text pattern", key: "text", value: "AB", rule: "pattern", param: "^[a-zà-ỹ]+$", vi: "Văn bản không đúng định dạng", en: "Text is not in the expected format"},
		{name: "text number", key: "text", value: n("12"), rule: "type", vi: "Văn bản phải là chuỗi ký tự", en: "Text must be text", sentinel: forms.ErrType},
		{name: "text blank is absent", key: "text", value: " \t\u00a0", wantAbsent: true},
		{name: "int ok json.Number", key: "int", value: n("-5")},
		{name: "int ok float64", key: "int", value: float64(10)},
		{name: "int ok go int", key: "int", value: 3},
		{name: "int zero is a value", key: "int", value: n("0")},
		{name: "int exp", key: "int", value: n("1e1")},
		{name: "int below", key: "int", value: n("-6"), rule: "min", param: "-5", vi: "Số nguyên phải lớn hơn hoặc bằng -5", en: "Integer must be at least -5"},
		{name: "int above", key: "int", value: float64(11), rule: "max", param: "10", vi: "Số nguyên phải nhỏ hơn hoặc bằng 10", en: "Integer must be at most 10"},
		{name: "int fraction", key: "int", value: n("2.5"), rule: "type", vi: "Số nguyên phải là số nguyên", en: "Integer must be a whole number", sentinel: forms.ErrType},
		{name: "int string", key: "int", value: "-5", rule: "type", vi: "Số nguyên phải là số nguyên", en: "Integer must be a whole number", sentinel: forms.ErrType},
		{name: "int huge", key: "int", value: n("1e300"), rule: "type", vi: "Số nguyên phải là số nguyên", en: "Integer must be a whole number", sentinel: forms.ErrType},
		{name: "dec ok", key: "dec", value: n("2.5")},
		{name: "dec below", key: "dec", value: n("0.25"), rule: "min", param: "0.5", vi: "Số thập phân phải lớn hơn hoặc bằng 0,5", en: "Decimal must be at least 0.5"},
		{name: "dec bool", key: "dec", value: true, rule: "type", vi: "Số thập phân phải là số", en: "Decimal must be a number", sentinel: forms.ErrType},
		{name: "money ok", key: "money", value: n("1000000000")},
		{name: "money zero", key: "money", value: n("0")},
		{name: "money negative", key: "money", value: n("-1"), rule: "min", param: "0", vi: "Số tiền phải lớn hơn hoặc bằng 0 ₫", en: "Amount must be at least 0 VND"},
		{name: "money above", key: "money", value: n("1000000001"), rule: "max", param: "1000000000", vi: "Số tiền phải nhỏ hơn hoặc bằng 1.000.000.000 ₫", en: "Amount must be at most 1,000,000,000 VND"},
		{name: "money fraction", key: "money", value: n("10.5"), rule: "type", vi: "Số tiền phải là số tiền nguyên (đồng), không âm", en: "Amount must be a whole, non-negative amount of đồng", sentinel: forms.ErrType},
		{name: "date vn", key: "date", value: "01/07/2025"},
		{name: "date iso", key: "date", value: "2025-07-01"},
		{name: "date bad", key: "date", value: "30/02/2025", rule: "date", vi: "Ngày phải là ngày hợp lệ dạng dd/mm/yyyy", en: "Date must be a valid date (dd/mm/yyyy)"},
		{name: "date number", key: "date", value: n("20250701"), rule: "type", vi: "Ngày phải là ngày dạng dd/mm/yyyy", en: "Date must be a date (dd/mm/yyyy)", sentinel: forms.ErrType},
		{name: "bool false is a value", key: "flag", value: false},
		{name: "bool string", key: "flag", value: "true", rule: "type", vi: "Cờ phải là có hoặc không", en: "Flag must be yes or no", sentinel: forms.ErrType},
		{name: "choice ok", key: "pick", value: "b"},
		{name: "choice bad", key: "pick", value: "c", rule: "choice", vi: "Lựa chọn phải là một trong các lựa chọn cho phép", en: "Choice must be one of the allowed choices"},
		{name: "multi ok", key: "picks", value: []any{"a", "c"}},
		{name: "multi []string", key: "picks", value: []string{"b"}},
		{name: "multi empty is absent", key: "picks", value: []any{}, wantAbsent: true},
		{name: "multi dup", key: "picks", value: []any{"a", "a"}, rule: "unique", param: "a", vi: "Các lựa chọn có lựa chọn bị trùng", en: "Choices has a repeated choice"},
		{name: "multi unknown", key: "picks", value: []any{"z"}, rule: "choice", param: "z", vi: "Các lựa chọn phải là một trong các lựa chọn cho phép", en: "Choices must be one of the allowed choices"},
		{name: "multi too many", key: "picks", value: []any{"a", "b", "c"}, rule: "max_items", param: "2", vi: "Các lựa chọn chỉ được có tối đa 2 mục", en: "Choices must have at most 2 items"},
		{name: "multi not strings", key: "picks", value: []any{n("1")}, rule: "type", vi: "Các lựa chọn phải là danh sách lựa chọn", en: "Choices must be a list of choices", sentinel: forms.ErrType},
		{name: "email ok", key: "email", value: "a.b@example.vn"},
		{name: "email bad", key: "email", value: "a.b@", rule: "email", vi: "Thư điện tử không phải địa chỉ thư điện tử hợp lệ", en: "E-mail is not a valid e-mail address"},
		{name: "phone ok", key: "phone", value: "+84 912 345 678"},
		{name: "phone bad", key: "phone", value: "12345", rule: "phone", vi: "Điện thoại không phải số điện thoại Việt Nam hợp lệ", en: "Phone is not a valid Vietnamese phone number"},
		{name: "cccd ok", key: "cccd", value: "001085012345"},
		{name: "cccd bad", key: "cccd", value: "001885012345", rule: "citizen_id", vi: "Số CCCD không phải số định danh cá nhân (CCCD) hợp lệ", en: "Citizen ID is not a valid citizen ID number"},
		{name: "mst ok", key: "mst", value: "0301234562-001"},
		{name: "mst bad", key: "mst", value: "0301234569", rule: "tax_code", vi: "Mã số thuế không phải mã số thuế hợp lệ", en: "Tax code is not a valid tax code"},
		{name: "mst personal refused", key: "mst", value: "001085012345", rule: "tax_code", vi: "Mã số thuế không phải mã số thuế hợp lệ", en: "Tax code is not a valid tax code"},
		{name: "unit province", key: "unit", value: "79"},
		{name: "unit commune shape", key: "unit", value: "26734"},
		{name: "unit old province", key: "unit", value: "77", rule: "admin_unit", vi: "Đơn vị hành chính không phải mã đơn vị hành chính hợp lệ", en: "Administrative unit is not a valid administrative unit code"},
		{name: "unit 3 digits", key: "unit", value: "001", rule: "admin_unit", vi: "Đơn vị hành chính không phải mã đơn vị hành chính hợp lệ", en: "Administrative unit is not a valid administrative unit code"},
		{name: "rules ok", key: "code", value: "HS2025"},
		{name: "rules startswith", key: "code", value: "XX2025", rule: "startswith", param: "HS", vi: "Mã hồ sơ phải bắt đầu bằng HS", en: "File code must start with HS"},
		{name: "rules alphanum", key: "code", value: "HS-2025", rule: "alphanum", vi: "Mã hồ sơ chỉ được chứa chữ cái không dấu và chữ số", en: "File code must contain only ASCII letters and digits"},
		{name: "rules max", key: "code", value: "HS1234567", rule: "max", param: "8", vi: "Mã hồ sơ chỉ được có tối đa 8 ký tự", en: "File code must have at most 8 characters"},
		{name: "rules gt", key: "qty", value: n("0"), rule: "gt", param: "0", vi: "Số lượng phải lớn hơn 0", en: "Quantity must be greater than 0"},
		{name: "rules ne", key: "qty", value: n("13"), rule: "ne", param: "13", vi: "Số lượng không được bằng 13", en: "Quantity must not equal 13"},
		{name: "files ok", key: "files", value: []any{map[string]any{"name": "a.pdf", "media_type": "application/pdf", "size": n("100")}}},
		{name: "files typed", key: "files", value: []forms.File{{Name: "a.png", MediaType: "image/png", Size: 1}}},
		{name: "files attachment", key: "files", value: upload{"b.jpg", 5}},
		{name: "files too many", key: "files", value: []forms.File{{"a", "image/png", 1}, {"b", "image/png", 1}, {"c", "image/png", 1}}, rule: "file_count", param: "2", vi: "Tệp chỉ được đính kèm tối đa 2 tệp", en: "Files accepts at most 2 files"},
		{name: "files type", key: "files", value: []forms.File{{"a.doc", "application/msword", 1}}, rule: "file_type", param: "application/msword", vi: "Tệp: loại tệp application/msword không được chấp nhận", en: "Files: file type application/msword is not accepted"},
		{name: "files size", key: "files", value: []forms.File{{"a.pdf", "application/pdf", 101}}, rule: "file_size", param: "100", vi: "Tệp: tệp vượt quá dung lượng cho phép (100 byte)", en: "Files: file exceeds the size limit (100 bytes)"},
		{name: "files malformed", key: "files", value: []any{map[string]any{"name": "a.pdf"}}, rule: "type", vi: "Tệp phải là danh sách tệp đính kèm", en: "Files must be a list of attachments", sentinel: forms.ErrType},
		{name: "files not list", key: "files", value: "a.pdf", rule: "type", vi: "Tệp phải là danh sách tệp đính kèm", en: "Files must be a list of attachments", sentinel: forms.ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.Validate(context.Background(), map[string]any{tt.key: tt.value})
			if tt.rule == "" {
				require.NoError(t, err)
				return
			}
			var verrs forms.ValidationErrors
			require.ErrorAs(t, err, &verrs)
			require.ErrorIs(t, err, forms.ErrInvalid)
			require.Len(t, verrs, 1, err.Error())
			fe := verrs[0]
			assert.Contains(t, []string{tt.key, tt.key + "[0]"}, fe.Path)
			assert.Equal(t, tt.rule, fe.Rule)
			assert.Equal(t, tt.param, fe.Param)
			assert.Equal(t, tt.vi, fe.Message("vi"))
			assert.Equal(t, tt.en, fe.Message("en"))
			want := tt.sentinel
			if want == nil {
				want = forms.ErrRule
			}
			assert.ErrorIs(t, err, want)
		})
	}
}

type upload struct {
	name string
	size int64
}

func (u upload) AttachmentInfo() forms.File {
	return forms.File{Name: u.name, MediaType: "image/jpeg", Size: u.size}
}

func TestValidateAbsentVersusZero(t *testing.T) {
	s := &forms.Schema{ID: "z", Fields: []forms.Field{
		{Key: "n", Type: forms.TypeInteger, Required: true, Label: forms.Text{"vi": "Số con", "en": "Children"}},
		{Key: "b", Type: forms.TypeBool, Required: true},
		{Key: "s", Type: forms.TypeText, Required: true},
	}}
	f := must(t, s)
	require.NoError(t, f.Validate(context.Background(), map[string]any{"n": json.Number("0"), "b": false, "s": "x"}))
	err := f.Validate(context.Background(), map[string]any{"n": nil, "s": "  "})
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 3)
	assert.Equal(t, []string{"n", "b", "s"}, []string{verrs[0].Path, verrs[1].Path, verrs[2].Path})
	for _, e := range verrs {
		assert.Equal(t, "required", e.Rule)
		assert.ErrorIs(t, e, forms.ErrRequired)
	}
	assert.Equal(t, "Số con là bắt buộc", verrs[0].Message("vi"))
	assert.Equal(t, "Children is required", verrs[0].Message("en"))
	assert.Equal(t, "b là bắt buộc", verrs[1].Message("vi"), "a field without label is named by its key")
	assert.Equal(t, "Số con là bắt buộc", verrs[0].Message("fr"), "unknown languages get Vietnamese")
}

func TestValidateConditionsAndPaths(t *testing.T) {
	f := must(t, businessSchema(t))
	good := submission(t, "good.json")
	ctx := context.Background()
	require.NoError(t, f.Validate(ctx, good))

	// A hidden field that is filled is unexpected; with DropHidden it is ignored.
	d := set(t, good, "foreign_ratio", json.Number("10"), false)
	err := f.Validate(ctx, d)
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1)
	assert.Equal(t, "foreign_ratio", verrs[0].Path)
	assert.Equal(t, "unexpected", verrs[0].Rule)
	assert.ErrorIs(t, err, forms.ErrUnexpected)
	assert.Equal(t, "Tỷ lệ vốn nước ngoài (%) không được điền trong trường hợp này", verrs[0].Message("vi"))
	require.NoError(t, must(t, businessSchema(t), forms.DropHidden()).Validate(ctx, d))

	// required_if, with its own message, in a repeat row with the row's index.
	d = set(t, good, "members.0.rep_title", nil, true)
	d = set(t, d, "has_foreign_investment", true, false)
	err = f.Validate(ctx, d)
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 2, err.Error())
	assert.Equal(t, "members[0].rep_title", verrs[0].Path)
	assert.Equal(t, "required_if", verrs[0].Rule)
	assert.Equal(t, "Chức danh người đại diện là bắt buộc trong trường hợp này", verrs[0].Message("vi"))
	assert.Equal(t, "Representative's title is required in this case", verrs[0].Message("en"))
	assert.Equal(t, "foreign_ratio", verrs[1].Path)

	// A visible repeat with too few rows; a hidden repeat must be empty.
	d = set(t, good, "members", []any{map[string]any{"full_name": "A", "citizen_id": "001085012345", "contribution": json.Number("1"), "share": json.Number("100")}}, false)
	err = f.Validate(ctx, d)
	require.ErrorAs(t, err, &verrs)
	assert.Equal(t, "min_items", verrs[0].Rule)
	assert.Equal(t, "Danh sách thành viên / cổ đông sáng lập phải có ít nhất 2 mục", verrs[0].Message("vi"))
	d = set(t, good, "enterprise_type", "tnhh1", false)
	d = set(t, d, "owner.title", nil, true)
	err = f.Validate(ctx, d)
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1)
	assert.Equal(t, "members", verrs[0].Path)
	assert.Equal(t, "unexpected", verrs[0].Rule)

	// Unknown keys are reported last, sorted, at every level.
	d = set(t, good, "zeta", "1", false)
	d = set(t, d, "alpha", "1", false)
	d = set(t, d, "members.1.age", json.Number("3"), false)
	err = f.Validate(ctx, d)
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 3)
	assert.Equal(t, []string{"members[1].age", "alpha", "zeta"}, []string{verrs[0].Path, verrs[1].Path, verrs[2].Path})
	assert.Equal(t, "Trường alpha không có trong biểu mẫu", verrs[1].Message("vi"))
	assert.ErrorIs(t, verrs[2], forms.ErrUnexpected)
}

func TestValidateCitizenIDCrossCheck(t *testing.T) {
	f := must(t, businessSchema(t))
	good := submission(t, "good.json")
	for _, tt := range []struct {
		name, path string
		v          any
		rule       string
	}{
		{"birth year differs", "owner.birth_date", "15/03/1986", "citizen_id_birth"},
		{"sex differs", "owner.sex", "nu", "citizen_id_sex"},
		{"female id, male sex", "owner.citizen_id", "001185012345", "citizen_id_sex"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := f.Validate(context.Background(), set(t, set(t, good, tt.path, tt.v, false), "members.0.citizen_id", "001185012345", false))
			var verrs forms.ValidationErrors
			require.ErrorAs(t, err, &verrs)
			require.Len(t, verrs, 1, err.Error())
			assert.Equal(t, "owner.citizen_id", verrs[0].Path)
			assert.Equal(t, tt.rule, verrs[0].Rule)
		})
	}
	// An unreadable birth date is reported on its own field only.
	err := f.Validate(context.Background(), set(t, good, "owner.birth_date", "1985", false))
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1)
	assert.Equal(t, "owner.birth_date", verrs[0].Path)
}

func TestValidatePersonalTaxCodes(t *testing.T) {
	f := typesForm(t, forms.WithPersonalTaxCodes())
	require.NoError(t, f.Validate(context.Background(), map[string]any{"mst": "001085012345"}))
	require.Error(t, f.Validate(context.Background(), map[string]any{"mst": "001885012345"}))
}

func TestValidateJSON(t *testing.T) {
	f := typesForm(t)
	ctx := context.Background()
	require.NoError(t, f.ValidateJSON(ctx, []byte(`{"int": -5, "money": 0, "flag": false}`)))
	err := f.ValidateJSON(ctx, []byte(`{"int": 1.0e1, "money": 12345678901234567890}`))
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1)
	assert.Equal(t, "money", verrs[0].Path)
	for _, bad := range []string{``, `null`, `[]`, `"x"`, `{"a": 1} {}`, `{"a": }`} {
		err := f.ValidateJSON(ctx, []byte(bad))
		require.ErrorIs(t, err, forms.ErrBadJSON, bad)
	}
}

func TestValidateContext(t *testing.T) {
	f := typesForm(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := f.Validate(ctx, map[string]any{})
	require.ErrorIs(t, err, context.Canceled)
	assert.False(t, errors.Is(err, forms.ErrInvalid))
}

func TestValidationErrorsText(t *testing.T) {
	f := typesForm(t)
	err := f.Validate(context.Background(), map[string]any{"int": "x", "pick": "z"})
	require.EqualError(t, err, "forms: invalid submission: int: Integer must be a whole number; pick: Choice must be one of the allowed choices")
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	assert.Equal(t, []string{"int: Số nguyên phải là số nguyên", "pick: Lựa chọn phải là một trong các lựa chọn cho phép"}, verrs.Messages("vi"))
	var fe *forms.FieldError
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "int", fe.Path)
	// A validator rule without a message of its own still reads well.
	unknown := &forms.FieldError{Path: "x", Rule: "hexcolor", Label: forms.Text{"vi": "Màu"}}
	assert.Equal(t, "Màu không hợp lệ (hexcolor)", unknown.Message("vi"))
	assert.Equal(t, "Màu breaks rule hexcolor", unknown.Message("en"))
}

func TestFormConcurrentUse(t *testing.T) {
	f := must(t, businessSchema(t))
	good, bad := submission(t, "good.json"), submission(t, "bad.json")
	want := len(f.Validate(context.Background(), bad).(forms.ValidationErrors))
	done := make(chan error, 16)
	for i := range 16 {
		go func() {
			for range 50 {
				if i%2 == 0 {
					if err := f.Validate(context.Background(), good); err != nil {
						done <- err
						return
					}
					continue
				}
				var verrs forms.ValidationErrors
				if err := f.Validate(context.Background(), bad); !errors.As(err, &verrs) || len(verrs) != want {
					done <- fmt.Errorf("bad submission: %d errors, want %d", len(verrs), want)
					return
				}
			}
			done <- nil
		}()
	}
	for range 16 {
		require.NoError(t, <-done)
	}
}

func TestUnknownKeyPaths(t *testing.T) {
	f := typesForm(t)
	err := f.Validate(context.Background(), map[string]any{"": 1, "a b": 2, "ok_key": 3})
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 3)
	assert.Equal(t, []string{`[""]`, `["a b"]`, "ok_key"}, []string{verrs[0].Path, verrs[1].Path, verrs[2].Path})
	assert.Equal(t, `Trường ["a b"] không có trong biểu mẫu`, verrs[1].Message("vi"))
}

func TestValidateNilAttachment(t *testing.T) {
	f := typesForm(t)
	err := f.Validate(context.Background(), map[string]any{"files": []forms.Attachment{upload{"a.jpg", 1}, nil}})
	var verrs forms.ValidationErrors
	require.ErrorAs(t, err, &verrs)
	require.Len(t, verrs, 1)
	assert.Equal(t, "files[1]", verrs[0].Path)
	assert.Equal(t, "type", verrs[0].Rule)
}
