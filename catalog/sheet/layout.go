package sheet

import (
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
)

// Sheet names of the layout.
const (
	// SheetProcedures has one row per procedure version.
	SheetProcedures = "Thủ tục"
	// SheetCases has one row per case (trường hợp) of a procedure version.
	SheetCases = "Trường hợp"
	// SheetDocuments has one row per required document.
	SheetDocuments = "Thành phần hồ sơ"
	// SheetChannels has one row per filing channel's terms.
	SheetChannels = "Cách thức thực hiện"
	// SheetFees has one row per fee of a filing channel.
	SheetFees = "Phí, lệ phí"
	// SheetSteps has one row per execution step of a procedure version.
	SheetSteps = "Trình tự thực hiện"
	// SheetVariants has one row per variant with its own code and deadline.
	SheetVariants = "Thời hạn theo trường hợp"
	// SheetLegalRefs has one row per legal document with its number apart.
	SheetLegalRefs = "Văn bản pháp lý"
	// SheetInfo holds the catalogue's note in its cell A2.
	SheetInfo = "Thông tin"
)

// sheetOrder lists the layout's sheets in the order Write writes them.
var sheetOrder = []string{SheetProcedures, SheetCases, SheetDocuments, SheetChannels, SheetFees,
	SheetSteps, SheetVariants, SheetLegalRefs, SheetInfo}

// Excel's limits.
const (
	maxCellChars = 32767
	maxRows      = 1048576
	// maxExactInt is the largest integer a spreadsheet number (a float64)
	// holds exactly.
	maxExactInt = 1 << 53
)

// Separator joins the items of a list in one cell: one item per line.
const Separator = "\n"

// column is one column of a sheet: its header and whether a row must fill it.
type column struct {
	header   string
	required bool
}

// Column indices of each sheet, in the order Write writes them.
const (
	pCode = iota
	pName
	pSector
	pLevels
	pOnline
	pDays
	pAgency
	pSubjects
	pResult
	pLegal
	pForm
	pFeeItems
	pDecision
	pDecisionDate
	pValidFrom
	pValidTo
	pAuthority
	pConditions
	pReturn
	pNote
)

var procColumns = []column{
	pCode:         {"Mã thủ tục", true},
	pName:         {"Tên thủ tục", true},
	pSector:       {"Lĩnh vực", false},
	pLevels:       {"Cấp thực hiện", false},
	pOnline:       {"Mức độ dịch vụ công trực tuyến", true},
	pDays:         {"Thời hạn giải quyết (ngày làm việc)", false},
	pAgency:       {"Cơ quan thực hiện", false},
	pSubjects:     {"Đối tượng thực hiện", false},
	pResult:       {"Kết quả thực hiện", false},
	pLegal:        {"Căn cứ pháp lý", false},
	pForm:         {"Mã tờ khai", false},
	pFeeItems:     {"Mã khoản phí, lệ phí", false},
	pDecision:     {"Quyết định công bố", false},
	pDecisionDate: {"Ngày quyết định", false},
	pValidFrom:    {"Hiệu lực từ ngày", false},
	pValidTo:      {"Hết hiệu lực từ ngày", false},
	pAuthority:    {"Cơ quan có thẩm quyền", false},
	pConditions:   {"Yêu cầu, điều kiện", false},
	pReturn:       {"Cách thức trả kết quả", false},
	pNote:         {"Ghi chú", false},
}

// Columns shared by the detail sheets: the procedure version they belong to.
const (
	kCode = iota
	kValidFrom
)

const (
	cNumber = 2 + iota
	cName
)

var caseColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	cNumber:    {"Số thứ tự trường hợp", true},
	cName:      {"Tên trường hợp", false},
}

const (
	dCase = 2 + iota
	dName
	dOriginals
	dCopies
	dRequired
	dMediaTypes
	dMaxBytes
	dTemplate
	dCode
	dEForm
)

var docColumns = []column{
	kCode:       {"Mã thủ tục", true},
	kValidFrom:  {"Hiệu lực từ ngày", false},
	dCase:       {"Trường hợp", false},
	dName:       {"Tên giấy tờ", true},
	dOriginals:  {"Số bản chính", false},
	dCopies:     {"Số bản sao", false},
	dRequired:   {"Bắt buộc", false},
	dMediaTypes: {"Định dạng tệp", false},
	dMaxBytes:   {"Dung lượng tối đa (byte)", false},
	dTemplate:   {"Mẫu đơn, tờ khai", false},
	dCode:       {"Mã giấy tờ", false},
	dEForm:      {"Biểu mẫu điện tử", false},
}

const (
	chNumber = 2 + iota
	chChannel
	chTime
	chUnit
	chNote
)

var channelColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	chNumber:   {"Số thứ tự", true},
	chChannel:  {"Hình thức nộp", true},
	chTime:     {"Thời hạn", false},
	chUnit:     {"Đơn vị thời hạn", true},
	chNote:     {"Ghi chú", false},
}

const (
	fChannel = 2 + iota
	fAmount
	fText
	fKind
	fCurrency
)

var feeColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	fChannel:   {"Số thứ tự cách thức", true},
	fAmount:    {"Số tiền (đồng)", false},
	fText:      {"Mô tả", false},
	fKind:      {"Loại phí", false},
	fCurrency:  {"Loại tiền", false},
}

const sText = 2

var stepColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	sText:      {"Nội dung bước", true},
}

const (
	vCode = 2 + iota
	vName
	vTime
	vUnit
)

var variantColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	vCode:      {"Mã trường hợp", false},
	vName:      {"Tên trường hợp", false},
	vTime:      {"Thời hạn", false},
	vUnit:      {"Đơn vị thời hạn", true},
}

const (
	lCode = 2 + iota
	lName
)

var legalColumns = []column{
	kCode:      {"Mã thủ tục", true},
	kValidFrom: {"Hiệu lực từ ngày", false},
	lCode:      {"Số ký hiệu", false},
	lName:      {"Tên văn bản", false},
}

var infoColumns = []column{{"Ghi chú", false}}

// Display names of the enumerations, as written; Read compares them in
// Unicode NFC (text typed on some systems is decomposed) and also accepts the
// stable identifiers of package catalog ("commune", "full", "online",
// "working_days"), case-insensitively.
var (
	channelLabels = map[catalog.Channel]string{
		catalog.Counter: "Trực tiếp",
		catalog.Online:  "Trực tuyến",
		catalog.Post:    "Dịch vụ bưu chính",
	}
	unitLabels = map[catalog.TimeUnit]string{
		catalog.WorkingDays:  "Ngày làm việc",
		catalog.CalendarDays: "Ngày",
		catalog.WorkingHours: "Giờ làm việc",
		catalog.UnitOther:    "Khác",
		catalog.Months:       "Tháng",
	}
	feeKindLabels = map[catalog.FeeKind]string{
		catalog.Fee:        "Phí",
		catalog.Charge:     "Lệ phí",
		catalog.ServiceFee: "Phí dịch vụ",
	}
)

const (
	yes = "Có"
	no  = "Không"
	// noFixedDuration is the processing time of a procedure with
	// NoFixedDuration, in the column of its number of days.
	noFixedDuration = "Không cố định"
)

// isNoFixedDuration reports whether a processing-time cell says there is
// no fixed duration: "Không cố định" in any case, with or without
// diacritics, "Không quy định", "Không xác định", or the stable identifier
// "other" of [catalog.UnitOther].
func isNoFixedDuration(s string) bool {
	switch catalog.Fold(s) {
	case "khong co dinh", "khong quy dinh", "khong qui dinh", "khong xac dinh", "other":
		return true
	}
	return false
}

// parseLevel accepts "Cấp xã", "xã", "commune" (any case).
func parseLevel(s string) (catalog.Level, bool) {
	s = norm.NFC.String(s)
	for l := catalog.Commune; l <= catalog.Central; l++ {
		label := l.Label("vi")
		if strings.EqualFold(s, label) || strings.EqualFold(s, strings.TrimPrefix(label, "Cấp ")) ||
			strings.EqualFold(s, l.String()) {
			return l, true
		}
	}
	return catalog.LevelUnknown, false
}

// parseOnline accepts "Trực tuyến toàn trình", "full", and the legacy
// levels "1".."4" or "Mức độ 3".
func parseOnline(s string) (catalog.OnlineLevel, bool) {
	s = norm.NFC.String(s)
	for o := catalog.Offline; o <= catalog.Full; o++ {
		if strings.EqualFold(s, o.Label("vi")) || strings.EqualFold(s, o.String()) {
			return o, true
		}
	}
	legacy := s
	for _, prefix := range []string{"mức độ ", "Mức độ ", "MỨC ĐỘ ", "mức ", "Mức "} {
		legacy = strings.TrimPrefix(legacy, prefix)
	}
	if len(legacy) == 1 && legacy[0] >= '1' && legacy[0] <= '4' {
		o, err := catalog.FromLegacyLevel(int(legacy[0] - '0'))
		return o, err == nil
	}
	return catalog.OnlineUnknown, false
}

func parseChannel(s string) (catalog.Channel, bool) {
	s = norm.NFC.String(s)
	for c, label := range channelLabels {
		if strings.EqualFold(s, label) || strings.EqualFold(s, c.String()) {
			return c, true
		}
	}
	return catalog.ChannelUnknown, false
}

func parseUnit(s string) (catalog.TimeUnit, bool) {
	s = norm.NFC.String(s)
	for u, label := range unitLabels {
		if strings.EqualFold(s, label) || strings.EqualFold(s, u.String()) {
			return u, true
		}
	}
	return catalog.UnitUnknown, false
}

func parseFeeKind(s string) (catalog.FeeKind, bool) {
	s = norm.NFC.String(s)
	for k, label := range feeKindLabels {
		if strings.EqualFold(s, label) || strings.EqualFold(s, k.String()) {
			return k, true
		}
	}
	return catalog.FeeKindUnknown, false
}

// parseCurrency accepts an ISO 4217 code in any letter case; "" is đồng.
func parseCurrency(s string) (string, bool) {
	if len(s) != 3 {
		return "", false
	}
	u := strings.ToUpper(s)
	for i := range 3 {
		if u[i] < 'A' || u[i] > 'Z' {
			return "", false
		}
	}
	return u, true
}

// parseBool accepts Có/Không, x, yes/no, true/false, 1/0.
func parseBool(s string) (v, ok bool) {
	switch strings.ToLower(norm.NFC.String(s)) {
	case "có", "co", "x", "yes", "true", "1":
		return true, true
	case "không", "khong", "no", "false", "0":
		return false, true
	}
	return false, false
}
