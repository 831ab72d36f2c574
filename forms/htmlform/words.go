package htmlform

import (
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/vnfmt"
)

// word returns the renderer's own text of a stable code in lang, with {n}
// replaced by n. A function rather than a map, so that the table cannot be
// changed at run time.
func word(code, lang string, n ...string) string {
	vi, en := "", ""
	switch code {
	case "summary_title":
		vi, en = "Có lỗi cần sửa", "There is a problem"
	case "error_prefix":
		vi, en = "Lỗi:", "Error:"
	case "optional":
		vi, en = "(không bắt buộc)", "(optional)"
	case "yes":
		vi, en = "Có", "Yes"
	case "no":
		vi, en = "Không", "No"
	case "submit":
		vi, en = "Tiếp tục", "Continue"
	case "refresh":
		vi, en = "Cập nhật câu hỏi theo câu trả lời", "Update the questions to my answers"
	case "add_row":
		vi, en = "Thêm dòng", "Add another row"
	case "remove_row":
		vi, en = "Xóa dòng {n}", "Remove row {n}"
	case "row":
		vi, en = "Dòng {n}", "Row {n}"
	case "row_of":
		vi, en = "{n}, dòng {m}", "{n}, row {m}"
	case "choose":
		vi, en = "Chọn", "Choose"
	case "date_hint":
		vi, en = "Ngày/tháng/năm, ví dụ 15/03/1985", "Day/month/year, for example 15/03/1985"
	case "money_hint":
		vi, en = "Số tiền bằng đồng, ví dụ 1.000.000", "An amount in đồng, for example 1.000.000"
	case "admin_unit_hint":
		vi, en = "Mã tỉnh, thành phố (2 chữ số) hoặc mã xã, phường (5 chữ số)", "The code of a province (2 digits) or of a commune (5 digits)"
	case "file_types":
		vi, en = "Loại tệp: {n}.", "File types: {n}."
	case "file_size":
		vi, en = "Tối đa {n} mỗi tệp.", "At most {n} a file."
	case "file_count":
		vi, en = "Tối đa {n} tệp.", "At most {n} files."
	case "file_one":
		vi, en = "Một tệp.", "One file."
	case "kept":
		vi, en = "Tệp đã tải lên (bỏ chọn để gỡ bỏ)", "Files already uploaded (untick to remove)"
	case "images":
		vi, en = "ảnh", "images"
	case "any_file":
		vi, en = "mọi loại tệp", "any file"
	}
	s := vi
	if vnfmt.English(lang) {
		s = en
	}
	if len(n) > 0 {
		s = strings.Replace(s, "{n}", n[0], 1)
	}
	if len(n) > 1 {
		s = strings.Replace(s, "{m}", n[1], 1)
	}
	return s
}

// mediaLabel names a media type of a file field for people: "PDF", "ảnh",
// "JPEG"; an unknown type is shown as written.
func mediaLabel(mt, lang string) string {
	switch strings.ToLower(mt) {
	case "application/pdf":
		return "PDF"
	case "image/*":
		return word("images", lang)
	case "image/jpeg":
		return "JPEG"
	case "image/png":
		return "PNG"
	case "image/tiff":
		return "TIFF"
	case "application/msword", "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
		return "Word"
	case "application/vnd.ms-excel", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
		return "Excel"
	case "application/xml", "text/xml":
		return "XML"
	}
	return mt
}

// itoa formats a count for people ("1.000" in Vietnamese).
func itoa(n int, lang string) string {
	if n < 1000 {
		return strconv.Itoa(n)
	}
	return vnfmt.Int(int64(n), lang)
}
