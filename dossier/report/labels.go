package report

import (
	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// text is a display text in Vietnamese and English, indexed by [lang].
type text [2]string

func (t text) in(l lang) string { return t[l] }

var (
	sheetStatistics = text{"Thống kê", "Statistics"}
	sheetChart      = text{"Biểu đồ", "Chart"}
	sheetRegister   = text{"Sổ theo dõi", "Register"}

	titleStatistics = text{"BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
		"REPORT ON THE SETTLEMENT OF ADMINISTRATIVE PROCEDURES"}
	titleRegister = text{"SỔ THEO DÕI HỒ SƠ", "REGISTER OF DOSSIERS"}
	titleChart    = text{"Tỷ lệ giải quyết đúng hạn và tỷ lệ hồ sơ trực tuyến",
		"On-time settlement rate and online filing rate"}
	labelUnit   = text{"Đơn vị: ", "Unit: "}
	labelPeriod = text{"Kỳ báo cáo: từ ngày %s đến ngày %s", "Reporting period: %s to %s"}
	labelTotal  = text{"Tổng cộng", "Total"}
	labelNoKey  = text{"(không xác định)", "(unspecified)"}
	labelWhole  = text{"Toàn đơn vị", "Whole unit"}
)

// groupHeader is the header of the statistics table's second column.
var groupHeader = map[dossier.GroupBy]text{
	dossier.GroupNone:      {"Đơn vị", "Unit"},
	dossier.GroupSector:    {"Lĩnh vực", "Sector"},
	dossier.GroupAgency:    {"Cơ quan, đơn vị", "Agency"},
	dossier.GroupProcedure: {"Thủ tục hành chính", "Procedure"},
	dossier.GroupLevel:     {"Cấp", "Level"},
}

// channelLabel is the register's text for how a dossier was filed; online
// filings say whether the procedure was fully or partly online.
func channelLabel(c catalog.Channel, o catalog.OnlineLevel, l lang) string {
	switch c {
	case catalog.Counter:
		return text{"Trực tiếp", "At the counter"}.in(l)
	case catalog.Post:
		return text{"Bưu chính", "By post"}.in(l)
	case catalog.Online:
		switch o {
		case catalog.Full:
			return text{"Trực tuyến toàn trình", "Online (full)"}.in(l)
		case catalog.Partial:
			return text{"Trực tuyến một phần", "Online (partial)"}.in(l)
		case catalog.OnlineUnknown, catalog.Offline:
		}
		return text{"Trực tuyến", "Online"}.in(l)
	case catalog.ChannelUnknown:
	}
	return ""
}
