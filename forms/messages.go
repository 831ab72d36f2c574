package forms

import "strings"

// msg is a message template: {label} and {param} are replaced.
type msg struct{ vi, en string }

// messages are keyed by rule; "rule/kind" keys refine by the value's kind
// (s: characters, n: numbers, a: lists).
var messages = map[string]msg{
	"required":         {"{label} là bắt buộc", "{label} is required"},
	"required_if":      {"{label} là bắt buộc trong trường hợp này", "{label} is required in this case"},
	"unexpected":       {"{label} không được điền trong trường hợp này", "{label} must not be filled in this case"},
	"unknown":          {"Trường {label} không có trong biểu mẫu", "Field {label} is not part of the form"},
	"type":             {"{label} phải là {param}", "{label} must be {param}"},
	"date":             {"{label} phải là ngày hợp lệ dạng dd/mm/yyyy", "{label} must be a valid date (dd/mm/yyyy)"},
	"choice":           {"{label} phải là một trong các lựa chọn cho phép", "{label} must be one of the allowed choices"},
	"unique":           {"{label} có lựa chọn bị trùng", "{label} has a repeated choice"},
	"pattern":          {"{label} không đúng định dạng", "{label} is not in the expected format"},
	"email":            {"{label} không phải địa chỉ thư điện tử hợp lệ", "{label} is not a valid e-mail address"},
	"phone":            {"{label} không phải số điện thoại Việt Nam hợp lệ", "{label} is not a valid Vietnamese phone number"},
	"citizen_id":       {"{label} không phải số định danh cá nhân (CCCD) hợp lệ", "{label} is not a valid citizen ID number"},
	"citizen_id_birth": {"{label} không khớp với ngày sinh đã khai", "{label} does not match the declared date of birth"},
	"citizen_id_sex":   {"{label} không khớp với giới tính đã khai", "{label} does not match the declared sex"},
	"tax_code":         {"{label} không phải mã số thuế hợp lệ", "{label} is not a valid tax code"},
	"admin_unit":       {"{label} không phải mã đơn vị hành chính hợp lệ", "{label} is not a valid administrative unit code"},
	"min/s":            {"{label} phải có ít nhất {param} ký tự", "{label} must have at least {param} characters"},
	"max/s":            {"{label} chỉ được có tối đa {param} ký tự", "{label} must have at most {param} characters"},
	"len/s":            {"{label} phải có đúng {param} ký tự", "{label} must have exactly {param} characters"},
	"min/n":            {"{label} phải lớn hơn hoặc bằng {param}", "{label} must be at least {param}"},
	"max/n":            {"{label} phải nhỏ hơn hoặc bằng {param}", "{label} must be at most {param}"},
	"len/n":            {"{label} phải bằng {param}", "{label} must equal {param}"},
	"gt":               {"{label} phải lớn hơn {param}", "{label} must be greater than {param}"},
	"gte":              {"{label} phải lớn hơn hoặc bằng {param}", "{label} must be at least {param}"},
	"lt":               {"{label} phải nhỏ hơn {param}", "{label} must be less than {param}"},
	"lte":              {"{label} phải nhỏ hơn hoặc bằng {param}", "{label} must be at most {param}"},
	"eq":               {"{label} phải bằng {param}", "{label} must equal {param}"},
	"ne":               {"{label} không được bằng {param}", "{label} must not equal {param}"},
	"oneof":            {"{label} phải là một trong các giá trị [{param}]", "{label} must be one of [{param}]"},
	"min_items":        {"{label} phải có ít nhất {param} mục", "{label} must have at least {param} items"},
	"max_items":        {"{label} chỉ được có tối đa {param} mục", "{label} must have at most {param} items"},
	"file_type":        {"{label}: loại tệp {param} không được chấp nhận", "{label}: file type {param} is not accepted"},
	"file_size":        {"{label}: tệp vượt quá dung lượng cho phép ({param} byte)", "{label}: file exceeds the size limit ({param} bytes)"},
	"file_count":       {"{label} chỉ được đính kèm tối đa {param} tệp", "{label} accepts at most {param} files"},
	"alpha":            {"{label} chỉ được chứa chữ cái không dấu", "{label} must contain only ASCII letters"},
	"alphanum":         {"{label} chỉ được chứa chữ cái không dấu và chữ số", "{label} must contain only ASCII letters and digits"},
	"numeric":          {"{label} phải là một số", "{label} must be numeric"},
	"number":           {"{label} chỉ được chứa chữ số", "{label} must contain only digits"},
	"lowercase":        {"{label} phải viết thường", "{label} must be lowercase"},
	"uppercase":        {"{label} phải viết hoa", "{label} must be uppercase"},
	"startswith":       {"{label} phải bắt đầu bằng {param}", "{label} must start with {param}"},
	"endswith":         {"{label} phải kết thúc bằng {param}", "{label} must end with {param}"},
	"contains":         {"{label} phải chứa {param}", "{label} must contain {param}"},
	"excludes":         {"{label} không được chứa {param}", "{label} must not contain {param}"},
	"url":              {"{label} phải là địa chỉ URL hợp lệ", "{label} must be a valid URL"},
	"http_url":         {"{label} phải là địa chỉ http(s) hợp lệ", "{label} must be a valid http(s) URL"},
	"uri":              {"{label} phải là URI hợp lệ", "{label} must be a valid URI"},
	"ascii":            {"{label} chỉ được chứa ký tự ASCII", "{label} must contain only ASCII characters"},
	"printascii":       {"{label} chỉ được chứa ký tự ASCII in được", "{label} must contain only printable ASCII characters"},
	"containsany":      {"{label} phải chứa ít nhất một ký tự trong {param}", "{label} must contain at least one of {param}"},
	"excludesall":      {"{label} không được chứa ký tự nào trong {param}", "{label} must not contain any of {param}"},
	"datetime":         {"{label} phải theo định dạng {param}", "{label} must have the format {param}"},
	"uuid":             {"{label} phải là UUID hợp lệ", "{label} must be a valid UUID"},
	"hexadecimal":      {"{label} phải là số thập lục phân", "{label} must be hexadecimal"},
	"e164":             {"{label} phải là số điện thoại dạng E.164", "{label} must be an E.164 phone number"},
	"ip":               {"{label} phải là địa chỉ IP hợp lệ", "{label} must be a valid IP address"},
	"boolean":          {"{label} phải là giá trị đúng/sai", "{label} must be a boolean value"},
}

// typeWords name each type in the "type" message.
var typeWords = map[FieldType]msg{
	TypeText:        {"chuỗi ký tự", "text"},
	TypeInteger:     {"số nguyên", "a whole number"},
	TypeDecimal:     {"số", "a number"},
	TypeMoney:       {"số tiền nguyên (đồng), không âm", "a whole, non-negative amount of đồng"},
	TypeDate:        {"ngày dạng dd/mm/yyyy", "a date (dd/mm/yyyy)"},
	TypeBool:        {"có hoặc không", "yes or no"},
	TypeChoice:      {"một lựa chọn", "a choice"},
	TypeMultiChoice: {"danh sách lựa chọn", "a list of choices"},
	TypeEmail:       {"địa chỉ thư điện tử", "an e-mail address"},
	TypePhone:       {"số điện thoại", "a phone number"},
	TypeCitizenID:   {"số định danh cá nhân", "a citizen ID number"},
	TypeTaxCode:     {"mã số thuế", "a tax code"},
	TypeAdminUnit:   {"mã đơn vị hành chính", "an administrative unit code"},
	TypeFile:        {"danh sách tệp đính kèm", "a list of attachments"},
	TypeGroup:       {"một nhóm thông tin", "a group of fields"},
	TypeRepeat:      {"danh sách", "a list"},
}

// Message returns the error's message in lang ("vi" or "en"; anything else
// gives Vietnamese), naming the field by its label.
func (e *FieldError) Message(lang string) string {
	en := lang == LangEN
	label := e.Label.Get(lang)
	if label == "" {
		label = e.Path
	}
	m, ok := messages[e.Rule]
	if !ok {
		kind := "s"
		if e.Type.numeric() {
			kind = "n"
		}
		m, ok = messages[e.Rule+"/"+kind]
	}
	param := e.Param
	if e.Rule == "type" {
		if w, ok := typeWords[e.Type]; ok {
			param = w.vi
			if en {
				param = w.en
			}
		}
	}
	if !ok {
		if en {
			return label + " breaks rule " + e.Rule + paramSuffix(e.Param)
		}
		return label + " không hợp lệ (" + e.Rule + paramSuffix(e.Param) + ")"
	}
	t := m.vi
	if en {
		t = m.en
	}
	return strings.NewReplacer("{label}", label, "{param}", param).Replace(t)
}

func paramSuffix(p string) string {
	if p == "" {
		return ""
	}
	return "=" + p
}
