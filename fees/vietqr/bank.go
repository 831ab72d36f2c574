package vietqr

import (
	"slices"
	"sort"
)

// Bank is a bank or payment institution reachable through NAPAS 24/7
// transfers, with its bank identification number (BIN) as the VietQR
// beneficiary template carries it.
type Bank struct {
	// BIN is the six-digit bank identification number (field 38.01.00).
	BIN string `json:"bin"`
	// Code is the short code banks and the VietQR bank list use ("VCB",
	// "ICB", "BIDV"...).
	Code string `json:"code"`
	// ShortName is the name people use ("Vietcombank").
	ShortName string `json:"shortName"`
	// Name is the registered Vietnamese name.
	Name string `json:"name"`
}

// banks is the BIN table, sorted by BIN.
//
// Source: the State Bank of Vietnam's list of bank identification numbers
// of card issuers (970400–970470, as republished with the letter it came
// from in github.com/subiz/vietqr, bank.csv and spec/), cross-checked with
// the bank list of the VietQR service (api.vietqr.io/v2/banks, as copied
// in open projects in 2025), which adds the BINs outside 9704xx that NAPAS
// routes (CAKE and Ubank by VPBank, Timo, ViettelMoney, VNPT Money, KBank,
// CIMB, HSBC, Citibank, DBS, Nonghyup, the Bank for Social Policies) and
// the 2024–2025 renamings: LPBank (Lộc Phát), PGBank (Thịnh vượng và
// Phát triển), MBV (formerly OceanBank, 970414), Vikki (formerly DongA
// Bank, 970406), Public Bank Vietnam. A BIN missing here can still be
// encoded: [Payload.Encode] checks only that it has six digits.
var banks = []Bank{
	{"422589", "CIMB", "CIMB", "Ngân hàng TNHH MTV CIMB Việt Nam"},
	{"458761", "HSBC", "HSBC", "Ngân hàng TNHH MTV HSBC (Việt Nam)"},
	{"533948", "CITIBANK", "Citibank", "Ngân hàng Citibank, N.A. - Chi nhánh Hà Nội"},
	{"546034", "CAKE", "CAKE", "TMCP Việt Nam Thịnh Vượng - Ngân hàng số CAKE by VPBank"},
	{"546035", "UBANK", "Ubank", "TMCP Việt Nam Thịnh Vượng - Ngân hàng số Ubank by VPBank"},
	{"668888", "KBANK", "KBank", "Ngân hàng Đại chúng TNHH Kasikornbank"},
	{"796500", "DBS", "DBSBank", "DBS Bank Ltd - Chi nhánh Thành phố Hồ Chí Minh"},
	{"801011", "NHBHN", "Nonghyup", "Ngân hàng Nonghyup - Chi nhánh Hà Nội"},
	{"963388", "TIMO", "Timo", "Ngân hàng số Timo by Ban Viet Bank"},
	{"970400", "SGICB", "SaigonBank", "Ngân hàng TMCP Sài Gòn Công Thương"},
	{"970403", "STB", "Sacombank", "Ngân hàng TMCP Sài Gòn Thương Tín"},
	{"970405", "VBA", "Agribank", "Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam"},
	{"970406", "VIKKI", "Vikki", "Ngân hàng TNHH MTV Số Vikki"},
	{"970407", "TCB", "Techcombank", "Ngân hàng TMCP Kỹ thương Việt Nam"},
	{"970408", "GPB", "GPBank", "Ngân hàng Thương mại TNHH MTV Dầu Khí Toàn Cầu"},
	{"970409", "BAB", "BacABank", "Ngân hàng TMCP Bắc Á"},
	{"970410", "SCVN", "StandardChartered", "Ngân hàng TNHH MTV Standard Chartered Bank Việt Nam"},
	{"970412", "PVCB", "PVcomBank", "Ngân hàng TMCP Đại Chúng Việt Nam"},
	{"970414", "MBV", "MBV", "Ngân hàng TNHH MTV Việt Nam Hiện Đại"},
	{"970415", "ICB", "VietinBank", "Ngân hàng TMCP Công thương Việt Nam"},
	{"970416", "ACB", "ACB", "Ngân hàng TMCP Á Châu"},
	{"970418", "BIDV", "BIDV", "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam"},
	{"970419", "NCB", "NCB", "Ngân hàng TMCP Quốc Dân"},
	{"970421", "VRB", "VRB", "Ngân hàng Liên doanh Việt - Nga"},
	{"970422", "MB", "MBBank", "Ngân hàng TMCP Quân đội"},
	{"970423", "TPB", "TPBank", "Ngân hàng TMCP Tiên Phong"},
	{"970424", "SHBVN", "ShinhanBank", "Ngân hàng TNHH MTV Shinhan Việt Nam"},
	{"970425", "ABB", "ABBANK", "Ngân hàng TMCP An Bình"},
	{"970426", "MSB", "MSB", "Ngân hàng TMCP Hàng Hải Việt Nam"},
	{"970427", "VAB", "VietABank", "Ngân hàng TMCP Việt Á"},
	{"970428", "NAB", "NamABank", "Ngân hàng TMCP Nam Á"},
	{"970429", "SCB", "SCB", "Ngân hàng TMCP Sài Gòn"},
	{"970430", "PGB", "PGBank", "Ngân hàng TMCP Thịnh vượng và Phát triển"},
	{"970431", "EIB", "Eximbank", "Ngân hàng TMCP Xuất Nhập khẩu Việt Nam"},
	{"970432", "VPB", "VPBank", "Ngân hàng TMCP Việt Nam Thịnh Vượng"},
	{"970433", "VIETBANK", "VietBank", "Ngân hàng TMCP Việt Nam Thương Tín"},
	{"970434", "IVB", "IndovinaBank", "Ngân hàng TNHH Indovina"},
	{"970436", "VCB", "Vietcombank", "Ngân hàng TMCP Ngoại Thương Việt Nam"},
	{"970437", "HDB", "HDBank", "Ngân hàng TMCP Phát triển Thành phố Hồ Chí Minh"},
	{"970438", "BVB", "BaoVietBank", "Ngân hàng TMCP Bảo Việt"},
	{"970439", "PBVN", "PublicBank", "Ngân hàng TNHH MTV Public Việt Nam"},
	{"970440", "SEAB", "SeABank", "Ngân hàng TMCP Đông Nam Á"},
	{"970441", "VIB", "VIB", "Ngân hàng TMCP Quốc tế Việt Nam"},
	{"970442", "HLBVN", "HongLeong", "Ngân hàng TNHH MTV Hong Leong Việt Nam"},
	{"970443", "SHB", "SHB", "Ngân hàng TMCP Sài Gòn - Hà Nội"},
	{"970444", "CBB", "CBBank", "Ngân hàng Thương mại TNHH MTV Xây dựng Việt Nam"},
	{"970446", "COOPBANK", "COOPBANK", "Ngân hàng Hợp tác xã Việt Nam"},
	{"970448", "OCB", "OCB", "Ngân hàng TMCP Phương Đông"},
	{"970449", "LPB", "LPBank", "Ngân hàng TMCP Lộc Phát Việt Nam"},
	{"970452", "KLB", "KienLongBank", "Ngân hàng TMCP Kiên Long"},
	{"970454", "VCCB", "VietCapitalBank", "Ngân hàng TMCP Bản Việt"},
	{"970455", "IBKHN", "IBKHN", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh Hà Nội"},
	{"970456", "IBKHCM", "IBKHCM", "Ngân hàng Công nghiệp Hàn Quốc - Chi nhánh TP. Hồ Chí Minh"},
	{"970457", "WVN", "Woori", "Ngân hàng TNHH MTV Woori Việt Nam"},
	{"970458", "UOB", "UnitedOverseas", "Ngân hàng United Overseas - Chi nhánh TP. Hồ Chí Minh"},
	{"970462", "KBHN", "KookminHN", "Ngân hàng Kookmin - Chi nhánh Hà Nội"},
	{"970463", "KBHCM", "KookminHCM", "Ngân hàng Kookmin - Chi nhánh Thành phố Hồ Chí Minh"},
	{"970466", "KEBHANAHCM", "KEBHanaHCM", "Ngân hàng KEB Hana - Chi nhánh Thành phố Hồ Chí Minh"},
	{"970467", "KEBHANAHN", "KEBHANAHN", "Ngân hàng KEB Hana - Chi nhánh Hà Nội"},
	{"971005", "VIETTELMONEY", "ViettelMoney", "Tổng Công ty Dịch vụ số Viettel"},
	{"971011", "VNPTMONEY", "VNPTMoney", "VNPT Money"},
	{"971133", "PVDB", "PVcomBank Pay", "Ngân hàng TMCP Đại Chúng Việt Nam - Ngân hàng số"},
	{"977777", "MAFC", "MAFC", "Công ty Tài chính TNHH MTV Mirae Asset (Việt Nam)"},
	{"999888", "VBSP", "VBSP", "Ngân hàng Chính sách Xã hội"},
}

// LookupBank returns the bank with the given BIN from the table (see
// [Banks] for its source), and whether there is one.
func LookupBank(bin string) (Bank, bool) {
	i := sort.Search(len(banks), func(i int) bool { return banks[i].BIN >= bin })
	if i < len(banks) && banks[i].BIN == bin {
		return banks[i], true
	}
	return Bank{}, false
}

// BankByCode returns the bank with the given short code ("VCB", "BIDV"),
// compared without regard to ASCII case, and whether there is one.
func BankByCode(code string) (Bank, bool) {
	for _, b := range banks {
		if equalFoldASCII(b.Code, code) {
			return b, true
		}
	}
	return Bank{}, false
}

// Banks returns a copy of the BIN table, sorted by BIN. Its sources: the
// State Bank of Vietnam's list of bank identification numbers (9704xx),
// and the VietQR service's bank list for the BINs outside it and the
// banks' current names (2025).
func Banks() []Bank { return slices.Clone(banks) }

func equalFoldASCII(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'a' <= x && x <= 'z' {
			x -= 'a' - 'A'
		}
		if 'a' <= y && y <= 'z' {
			y -= 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
