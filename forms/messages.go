package forms

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/vnfmt"
)

// msg is a message template: {label} and {param} are replaced.
type msg struct{ vi, en string }

// message returns the template of a rule; "rule/kind" keys refine by the
// value's kind (s: characters, n: numbers). A function rather than a map, so
// that the table cannot be changed at run time.
func message(rule string) (msg, bool) {
	switch rule {
	case "required":
		return msg{"{label} là bắt buộc", "{label} is required"}, true
	case "required_if":
		return msg{"{label} là bắt buộc trong trường hợp này", "{label} is required in this case"}, true
	case "unexpected":
		return msg{"{label} không được điền trong trường hợp này", "{label} must not be filled in this case"}, true
	case "unknown":
		return msg{"Trường {label} không có trong biểu mẫu", "Field {label} is not part of the form"}, true
	case "type":
		return msg{"{label} phải là {param}", "{label} must be {param}"}, true
	case "date":
		return msg{"{label} phải là ngày hợp lệ dạng dd/mm/yyyy", "{label} must be a valid date (dd/mm/yyyy)"}, true
	case "choice":
		return msg{"{label} phải là một trong các lựa chọn cho phép", "{label} must be one of the allowed choices"}, true
	case "unique":
		return msg{"{label} có lựa chọn bị trùng", "{label} has a repeated choice"}, true
	case "pattern":
		return msg{"{label} không đúng định dạng", "{label} is not in the expected format"}, true
	case "email":
		return msg{"{label} không phải địa chỉ thư điện tử hợp lệ", "{label} is not a valid e-mail address"}, true
	case "phone":
		return msg{"{label} không phải số điện thoại Việt Nam hợp lệ", "{label} is not a valid Vietnamese phone number"}, true
	case "citizen_id":
		return msg{"{label} không phải số định danh cá nhân (CCCD) hợp lệ", "{label} is not a valid citizen ID number"}, true
	case "citizen_id_birth":
		return msg{"{label} không khớp với ngày sinh đã khai", "{label} does not match the declared date of birth"}, true
	case "citizen_id_sex":
		return msg{"{label} không khớp với giới tính đã khai", "{label} does not match the declared sex"}, true
	case "tax_code":
		return msg{"{label} không phải mã số thuế hợp lệ", "{label} is not a valid tax code"}, true
	case "admin_unit":
		return msg{"{label} không phải mã đơn vị hành chính hợp lệ", "{label} is not a valid administrative unit code"}, true
	case "min/s":
		return msg{"{label} phải có ít nhất {param} ký tự", "{label} must have at least {param} characters"}, true
	case "max/s":
		return msg{"{label} chỉ được có tối đa {param} ký tự", "{label} must have at most {param} characters"}, true
	case "len/s":
		return msg{"{label} phải có đúng {param} ký tự", "{label} must have exactly {param} characters"}, true
	case "min/n":
		return msg{"{label} phải lớn hơn hoặc bằng {param}", "{label} must be at least {param}"}, true
	case "max/n":
		return msg{"{label} phải nhỏ hơn hoặc bằng {param}", "{label} must be at most {param}"}, true
	case "len/n":
		return msg{"{label} phải bằng {param}", "{label} must equal {param}"}, true
	case "gt":
		return msg{"{label} phải lớn hơn {param}", "{label} must be greater than {param}"}, true
	case "gte":
		return msg{"{label} phải lớn hơn hoặc bằng {param}", "{label} must be at least {param}"}, true
	case "lt":
		return msg{"{label} phải nhỏ hơn {param}", "{label} must be less than {param}"}, true
	case "lte":
		return msg{"{label} phải nhỏ hơn hoặc bằng {param}", "{label} must be at most {param}"}, true
	case "eq":
		return msg{"{label} phải bằng {param}", "{label} must equal {param}"}, true
	case "ne":
		return msg{"{label} không được bằng {param}", "{label} must not equal {param}"}, true
	case "oneof":
		return msg{"{label} phải là một trong các giá trị [{param}]", "{label} must be one of [{param}]"}, true
	case "min_items":
		return msg{"{label} phải có ít nhất {param} mục", "{label} must have at least {param} items"}, true
	case "max_items":
		return msg{"{label} chỉ được có tối đa {param} mục", "{label} must have at most {param} items"}, true
	case "file_type":
		return msg{"{label}: loại tệp {param} không được chấp nhận", "{label}: file type {param} is not accepted"}, true
	case "file_size":
		return msg{"{label}: tệp vượt quá dung lượng cho phép ({param})", "{label}: file exceeds the size limit ({param})"}, true
	case "file_count":
		return msg{"{label} chỉ được đính kèm tối đa {param} tệp", "{label} accepts at most {param} files"}, true
	case "alpha":
		return msg{"{label} chỉ được chứa chữ cái không dấu", "{label} must contain only ASCII letters"}, true
	case "alphanum":
		return msg{"{label} chỉ được chứa chữ cái không dấu và chữ số", "{label} must contain only ASCII letters and digits"}, true
	case "numeric":
		return msg{"{label} phải là một số", "{label} must be numeric"}, true
	case "number":
		return msg{"{label} chỉ được chứa chữ số", "{label} must contain only digits"}, true
	case "lowercase":
		return msg{"{label} phải viết thường", "{label} must be lowercase"}, true
	case "uppercase":
		return msg{"{label} phải viết hoa", "{label} must be uppercase"}, true
	case "startswith":
		return msg{"{label} phải bắt đầu bằng {param}", "{label} must start with {param}"}, true
	case "endswith":
		return msg{"{label} phải kết thúc bằng {param}", "{label} must end with {param}"}, true
	case "contains":
		return msg{"{label} phải chứa {param}", "{label} must contain {param}"}, true
	case "excludes":
		return msg{"{label} không được chứa {param}", "{label} must not contain {param}"}, true
	case "url":
		return msg{"{label} phải là địa chỉ URL hợp lệ", "{label} must be a valid URL"}, true
	case "http_url":
		return msg{"{label} phải là địa chỉ http(s) hợp lệ", "{label} must be a valid http(s) URL"}, true
	case "uri":
		return msg{"{label} phải là URI hợp lệ", "{label} must be a valid URI"}, true
	case "ascii":
		return msg{"{label} chỉ được chứa ký tự ASCII", "{label} must contain only ASCII characters"}, true
	case "printascii":
		return msg{"{label} chỉ được chứa ký tự ASCII in được", "{label} must contain only printable ASCII characters"}, true
	case "containsany":
		return msg{"{label} phải chứa ít nhất một ký tự trong {param}", "{label} must contain at least one of {param}"}, true
	case "excludesall":
		return msg{"{label} không được chứa ký tự nào trong {param}", "{label} must not contain any of {param}"}, true
	case "datetime":
		return msg{"{label} phải theo định dạng {param}", "{label} must have the format {param}"}, true
	case "uuid":
		return msg{"{label} phải là UUID hợp lệ", "{label} must be a valid UUID"}, true
	case "hexadecimal":
		return msg{"{label} phải là số thập lục phân", "{label} must be hexadecimal"}, true
	case "e164":
		return msg{"{label} phải là số điện thoại dạng E.164", "{label} must be an E.164 phone number"}, true
	case "ip":
		return msg{"{label} phải là địa chỉ IP hợp lệ", "{label} must be a valid IP address"}, true
	case "boolean":
		return msg{"{label} phải là giá trị đúng/sai", "{label} must be a boolean value"}, true
	}
	return msg{}, false
}

// typeWord names each type in the "type" message.
func typeWord(t FieldType) (msg, bool) {
	switch t {
	case TypeText:
		return msg{"chuỗi ký tự", "text"}, true
	case TypeInteger:
		return msg{"số nguyên", "a whole number"}, true
	case TypeDecimal:
		return msg{"số", "a number"}, true
	case TypeMoney:
		return msg{"số tiền nguyên (đồng), không âm", "a whole, non-negative amount of đồng"}, true
	case TypeDate:
		return msg{"ngày dạng dd/mm/yyyy", "a date (dd/mm/yyyy)"}, true
	case TypeBool:
		return msg{"có hoặc không", "yes or no"}, true
	case TypeChoice:
		return msg{"một lựa chọn", "a choice"}, true
	case TypeMultiChoice:
		return msg{"danh sách lựa chọn", "a list of choices"}, true
	case TypeEmail:
		return msg{"địa chỉ thư điện tử", "an e-mail address"}, true
	case TypePhone:
		return msg{"số điện thoại", "a phone number"}, true
	case TypeCitizenID:
		return msg{"số định danh cá nhân", "a citizen ID number"}, true
	case TypeTaxCode:
		return msg{"mã số thuế", "a tax code"}, true
	case TypeAdminUnit:
		return msg{"mã đơn vị hành chính", "an administrative unit code"}, true
	case TypeFile:
		return msg{"danh sách tệp đính kèm", "a list of attachments"}, true
	case TypeGroup:
		return msg{"một nhóm thông tin", "a group of fields"}, true
	case TypeRepeat:
		return msg{"danh sách", "a list"}, true
	case TypeUnknown:
	}
	return msg{}, false
}

// Message returns the error's message in lang, a plain language tag:
// English for tags starting with "en", Vietnamese for anything else, the
// empty tag included. It names the field by its label and writes numbers
// the language's way: "Vốn điều lệ phải lớn hơn hoặc bằng 1.000.000 ₫",
// "tệp vượt quá dung lượng cho phép (10 MB)"; "1,000,000 VND" and "10 MB"
// in English. A value quoted from the submission (a media type, an unknown
// key) is cut after 80 characters with "…".
func (e *FieldError) Message(lang string) string {
	en := vnfmt.English(lang)
	label := e.Label.Get(lang)
	if label == "" {
		label = e.Path
	}
	label = clipPath(label)
	m, ok := message(e.Rule)
	if !ok {
		kind := "s"
		if e.Type.numeric() {
			kind = "n"
		}
		m, ok = message(e.Rule + "/" + kind)
	}
	param := e.displayParam(lang)
	if !ok {
		if en {
			return label + " breaks rule " + clip(e.Rule) + paramSuffix(param)
		}
		return label + " không hợp lệ (" + clip(e.Rule) + paramSuffix(param) + ")"
	}
	t := m.vi
	if en {
		t = m.en
	}
	return strings.NewReplacer("{label}", label, "{param}", param).Replace(t)
}

// displayParam writes the rule's parameter for people: amounts of money
// with their unit, sizes in KB or MB, counts and limits with their
// thousands grouped, the type's name for a type error.
func (e *FieldError) displayParam(lang string) string {
	switch e.Rule {
	case "type":
		if w, ok := typeWord(e.Type); ok {
			if vnfmt.English(lang) {
				return w.en
			}
			return w.vi
		}
		return ""
	case "file_size":
		if n, err := strconv.ParseInt(e.Param, 10, 64); err == nil {
			return vnfmt.Bytes(n, lang)
		}
	case "min_items", "max_items", "file_count":
		if n, err := strconv.ParseInt(e.Param, 10, 64); err == nil {
			return vnfmt.Int(n, lang)
		}
	case "min", "max", "len", "gt", "gte", "lt", "lte", "eq", "ne":
		return numberParam(e.Type, e.Param, lang)
	}
	return clip(e.Param)
}

// numberParam writes a limit: characters for text, an amount of đồng for
// money, a number otherwise.
func numberParam(t FieldType, p, lang string) string {
	if n, err := strconv.ParseInt(p, 10, 64); err == nil {
		if t == TypeMoney {
			return vnfmt.Money(n, lang)
		}
		return vnfmt.Int(n, lang)
	}
	if t == TypeDecimal {
		if x, err := strconv.ParseFloat(p, 64); err == nil {
			return vnfmt.Decimal(x, lang)
		}
	}
	return clip(p)
}

func paramSuffix(p string) string {
	if p == "" {
		return ""
	}
	return "=" + p
}
