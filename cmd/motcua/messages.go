package main

// messages are the command's display texts, keyed by a stable code: the
// code is what --json output carries ("error": {"code": ...}), the texts
// what a person reads.
var messages = map[string][2]string{
	"unknown_command": {"Lệnh không tồn tại", "Unknown command"},
	"bad_flag":        {"Tùy chọn không hợp lệ", "Bad option"},
	"missing_arg":     {"Thiếu tham số", "Missing argument"},
	"extra_arg":       {"Thừa tham số", "Unexpected argument"},
	"missing_flag":    {"Thiếu tùy chọn bắt buộc", "Missing required option"},
	"conflict":        {"Các tùy chọn không dùng được cùng nhau", "Options that cannot be used together"},
	"open":            {"Không mở được tệp", "Cannot open the file"},
	"is_dir":          {"Là thư mục, không phải tệp", "Is a folder, not a file"},
	"read":            {"Không đọc được tệp", "Cannot read the file"},
	"write":           {"Không ghi được", "Cannot write"},
	"too_large":       {"Tệp quá lớn", "The file is too large"},
	"not_pdf":         {"Không phải tệp PDF đọc được", "Not a readable PDF file"},
	"verify":          {"Không kiểm tra được chữ ký", "Cannot verify the signatures"},
	"roots":           {"Không đọc được chứng thư gốc tin cậy", "Cannot read the trusted root certificates"},
	"key":             {"Không đọc được khóa ký", "Cannot read the signing key"},
	"sign":            {"Không ký được tệp", "Cannot sign the file"},
	"schedule":        {"Không đọc được biểu phí", "Cannot read the fee schedule"},
	"quote":           {"Không tính được phí, lệ phí", "Cannot compute the fees"},
	"calendar":        {"Không đọc được lịch làm việc", "Cannot read the working calendar"},
	"due":             {"Không tính được ngày hẹn trả", "Cannot compute the due date"},
	"catalog":         {"Không đọc được danh mục thủ tục", "Cannot read the procedure catalogue"},
	"procedure":       {"Không có thủ tục này trong danh mục", "No such procedure in the catalogue"},
	"no_fixed":        {"Thủ tục không có thời hạn giải quyết cố định", "The procedure has no fixed processing time"},
	"schema":          {"Không đọc được biểu mẫu", "Cannot read the form schema"},
	"submission":      {"Không đọc được dữ liệu tờ khai", "Cannot read the submission"},
	"database":        {"Không mở được cơ sở dữ liệu", "Cannot open the database"},
	"report":          {"Không lập được báo cáo", "Cannot write the report"},
	"register":        {"Không đọc được sổ theo dõi hồ sơ", "Cannot read the register"},
	"no_layout":       {"Không nhận ra bố cục sổ theo dõi (thiếu cột Mã hồ sơ, Ngày tiếp nhận hoặc Ngày hẹn trả)", "The register's layout is not recognised (no dossier code, received or due column)"},
	"checkpoint":      {"Không mở được mốc kiểm tra (checkpoint)", "Cannot open the checkpoint"},
	"verifier_key":    {"Khóa công khai của cơ quan không hợp lệ", "The agency's verifier key is invalid"},
	"audit":           {"Không kiểm tra được cơ sở dữ liệu", "Cannot audit the database"},
	"cases":           {"Không đọc được tệp ca kiểm thử", "Cannot read the case file"},
	"bad_value":       {"Giá trị không hợp lệ", "Invalid value"},
	"findings":        {"Có sai sót", "Problems found"},
}

// msg returns the text of code in lang; the code itself when it has none.
func msg(code, lang string) string {
	m, ok := messages[code]
	if !ok {
		return code
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}
