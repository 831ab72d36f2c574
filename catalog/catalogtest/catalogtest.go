// Package catalogtest generates large, deterministic procedure catalogues for
// tests and benchmarks: the size of a province's catalogue (about 2,000
// procedures) with a chosen number of them online.
package catalogtest

import (
	"fmt"
	"math/rand/v2"

	"github.com/motcua/motcua/catalog"
)

// Words the generated names and sectors are built from: real words of
// Vietnamese procedure names, so that text searches behave as on real data.
var (
	verbs = []string{
		"Đăng ký", "Cấp", "Cấp lại", "Cấp đổi", "Gia hạn", "Điều chỉnh", "Thu hồi",
		"Xác nhận", "Chứng thực", "Công nhận", "Thẩm định", "Phê duyệt", "Thông báo",
		"Giải quyết", "Hỗ trợ", "Chuyển đổi",
	}
	objects = []string{
		"giấy phép xây dựng", "khai sinh", "kết hôn", "khai tử", "hộ kinh doanh",
		"doanh nghiệp tư nhân", "quyền sử dụng đất", "giấy chứng nhận đủ điều kiện",
		"chứng chỉ hành nghề", "giấy phép lái xe", "trợ cấp xã hội", "hộ nghèo",
		"thường trú", "tạm trú", "phiếu lý lịch tư pháp", "bản sao từ sổ gốc",
		"giấy phép kinh doanh", "hợp đồng lao động", "hồ sơ người có công",
		"dự án đầu tư", "giấy phép môi trường", "văn bằng", "chứng chỉ",
	}
	qualifiers = []string{
		"", "", "", " có yếu tố nước ngoài", " đối với nhà ở riêng lẻ", " cho tổ chức",
		" cho cá nhân", " lần đầu", " do bị mất, hỏng", " trong trường hợp thay đổi",
		" tại khu công nghiệp", " đối với công trình cấp II",
	}
	sectors = []string{
		"Hộ tịch", "Chứng thực", "Đất đai", "Hoạt động xây dựng", "Lý lịch tư pháp",
		"Bảo trợ xã hội", "Thành lập và hoạt động doanh nghiệp", "Đường bộ",
		"Đăng ký, quản lý cư trú", "Giáo dục và Đào tạo", "Khám bệnh, chữa bệnh",
		"Môi trường", "Lao động", "Người có công", "Đầu tư tại Việt Nam",
		"Thương mại quốc tế", "Văn hóa", "Du lịch", "Thủy sản", "Lâm nghiệp",
	}
	agencies = []string{
		"Ủy ban nhân dân cấp xã", "Sở Tư pháp", "Sở Tài chính", "Sở Xây dựng",
		"Sở Nông nghiệp và Môi trường", "Sở Y tế", "Sở Nội vụ", "Công an cấp xã",
		"Sở Giáo dục và Đào tạo", "Sở Công Thương", "Văn phòng đăng ký đất đai",
	}
)

// places are where a procedure's variant applies, for [UniqueName].
var places = []string{
	"Hà Nội", "Hải Phòng", "Đà Nẵng", "Huế", "Cần Thơ", "Thành phố Hồ Chí Minh", "Quảng Ninh",
	"Cao Bằng", "Lạng Sơn", "Lai Châu", "Điện Biên", "Sơn La", "Tuyên Quang", "Lào Cai",
	"Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình", "Thanh Hóa", "Nghệ An",
	"Hà Tĩnh", "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk",
	"Đồng Nai", "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
}

// phases name the stage or kind of applicant a procedure's variant is for,
// for [UniqueName].
var phases = []string{
	"giai đoạn một", "giai đoạn hai", "đối với hộ gia đình", "đối với doanh nghiệp nhỏ và vừa",
	"đối với hợp tác xã", "đối với đơn vị sự nghiệp công lập", "theo cơ chế một cửa liên thông",
	"theo thủ tục rút gọn", "đối với cá nhân nước ngoài", "trong khu kinh tế",
}

// nameQualifiers are the distinct qualifiers, for [UniqueName].
var nameQualifiers = qualifiers[2:]

// UniqueNames is how many distinct names [UniqueName] gives.
var UniqueNames = len(verbs) * len(objects) * len(nameQualifiers) * len(places) * len(phases)

// UniqueName returns the i-th of [UniqueNames] distinct procedure names,
// made of the words of real ones as a province's catalogue has them: every
// name its own, every word shared with many other names (no name carries a
// number of its own). i is taken modulo UniqueNames; neighbouring i differ
// in every part.
func UniqueName(i int) string {
	q := i % UniqueNames
	// Mixed radix over the word lists: the names of i and i+1 differ in
	// the verb, and every part changes along the catalogue.
	v := q % len(verbs)
	q /= len(verbs)
	o := q % len(objects)
	q /= len(objects)
	k := q % len(nameQualifiers)
	q /= len(nameQualifiers)
	pl := q % len(places)
	q /= len(places)
	return verbs[v] + " " + objects[(o+v)%len(objects)] + nameQualifiers[k] + " " + phases[q%len(phases)] + " tại " + places[pl]
}

// Procedures returns n valid, distinct procedures of which online are
// partly or fully online (clamped to 0..n). The same arguments always give
// the same procedures.
func Procedures(n, online int) []catalog.Procedure {
	online = max(0, min(online, n))
	r := rand.New(rand.NewPCG(uint64(n), 0x6d6f74637561))
	procs := make([]catalog.Procedure, n)
	for i := range procs {
		level := catalog.Level(1 + r.IntN(4))
		lv := []catalog.Level{level}
		if level == catalog.Commune && r.IntN(4) == 0 {
			lv = append(lv, catalog.Province)
		}
		ol := catalog.Offline
		// Spread the online procedures evenly over the catalogue.
		if (i+1)*online/n != i*online/n {
			ol = catalog.Partial
			if r.IntN(3) == 0 {
				ol = catalog.Full
			}
		}
		obj := objects[r.IntN(len(objects))]
		procs[i] = catalog.Procedure{
			Code:           fmt.Sprintf("%d.%06d", 1+i%3, 100000+i),
			Name:           verbs[r.IntN(len(verbs))] + " " + obj + qualifiers[r.IntN(len(qualifiers))],
			Sector:         sectors[r.IntN(len(sectors))],
			Agency:         agencies[r.IntN(len(agencies))],
			Levels:         lv,
			Online:         ol,
			ProcessingDays: r.IntN(31),
			Documents: []catalog.Requirement{
				{Name: "Đơn đề nghị " + obj, Originals: 1},
				{Name: "Bản sao giấy tờ tùy thân", Copies: 1, Optional: r.IntN(2) == 0},
			},
			LegalBasis: []string{fmt.Sprintf("Nghị định số %d/2025/NĐ-CP", 1+r.IntN(300))},
			Result:     "Kết quả giải quyết " + obj,
		}
	}
	return procs
}

// Catalog returns [catalog.New] of [Procedures](n, online). It cannot fail
// for generated procedures; a failure would be a bug in this package and is
// returned as an error.
func Catalog(n, online int) (*catalog.Catalog, error) {
	return catalog.New(Procedures(n, online)...)
}
