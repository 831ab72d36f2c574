package forms

// Province lists, written as code so that they cannot be changed at run
// time. Source: the General Statistics Office's administrative-unit
// catalogue.

// provinceCodes34 are the codes of the 34 provinces and centrally-run
// cities in force since 1 July 2025 (Resolution 202/2025/QH15).
const provinceCodes34 = "01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96"

// provinceCodes63 are the codes of the 63 provinces and centrally-run cities
// before 1 July 2025. Citizen IDs keep this numbering (with a leading 0)
// for the province of birth registration.
const provinceCodes63 = "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96"

// province34 returns the name of a province of the 34-province list.
func province34(code string) (string, bool) {
	switch code {
	case "01":
		return "Thành phố Hà Nội", true
	case "04":
		return "Tỉnh Cao Bằng", true
	case "08":
		return "Tỉnh Tuyên Quang", true
	case "11":
		return "Tỉnh Điện Biên", true
	case "12":
		return "Tỉnh Lai Châu", true
	case "14":
		return "Tỉnh Sơn La", true
	case "15":
		return "Tỉnh Lào Cai", true
	case "19":
		return "Tỉnh Thái Nguyên", true
	case "20":
		return "Tỉnh Lạng Sơn", true
	case "22":
		return "Tỉnh Quảng Ninh", true
	case "24":
		return "Tỉnh Bắc Ninh", true
	case "25":
		return "Tỉnh Phú Thọ", true
	case "31":
		return "Thành phố Hải Phòng", true
	case "33":
		return "Tỉnh Hưng Yên", true
	case "37":
		return "Tỉnh Ninh Bình", true
	case "38":
		return "Tỉnh Thanh Hoá", true
	case "40":
		return "Tỉnh Nghệ An", true
	case "42":
		return "Tỉnh Hà Tĩnh", true
	case "44":
		return "Tỉnh Quảng Trị", true
	case "46":
		return "Thành phố Huế", true
	case "48":
		return "Thành phố Đà Nẵng", true
	case "51":
		return "Tỉnh Quảng Ngãi", true
	case "52":
		return "Tỉnh Gia Lai", true
	case "56":
		return "Tỉnh Khánh Hoà", true
	case "66":
		return "Tỉnh Đắk Lắk", true
	case "68":
		return "Tỉnh Lâm Đồng", true
	case "75":
		return "Thành phố Đồng Nai", true
	case "79":
		return "Thành phố Hồ Chí Minh", true
	case "80":
		return "Tỉnh Tây Ninh", true
	case "82":
		return "Tỉnh Đồng Tháp", true
	case "86":
		return "Tỉnh Vĩnh Long", true
	case "91":
		return "Tỉnh An Giang", true
	case "92":
		return "Thành phố Cần Thơ", true
	case "96":
		return "Tỉnh Cà Mau", true
	}
	return "", false
}

// province63 returns the name of a province of the 63-province list.
func province63(code string) (string, bool) {
	switch code {
	case "01":
		return "Thành phố Hà Nội", true
	case "02":
		return "Tỉnh Hà Giang", true
	case "04":
		return "Tỉnh Cao Bằng", true
	case "06":
		return "Tỉnh Bắc Kạn", true
	case "08":
		return "Tỉnh Tuyên Quang", true
	case "10":
		return "Tỉnh Lào Cai", true
	case "11":
		return "Tỉnh Điện Biên", true
	case "12":
		return "Tỉnh Lai Châu", true
	case "14":
		return "Tỉnh Sơn La", true
	case "15":
		return "Tỉnh Yên Bái", true
	case "17":
		return "Tỉnh Hoà Bình", true
	case "19":
		return "Tỉnh Thái Nguyên", true
	case "20":
		return "Tỉnh Lạng Sơn", true
	case "22":
		return "Tỉnh Quảng Ninh", true
	case "24":
		return "Tỉnh Bắc Giang", true
	case "25":
		return "Tỉnh Phú Thọ", true
	case "26":
		return "Tỉnh Vĩnh Phúc", true
	case "27":
		return "Tỉnh Bắc Ninh", true
	case "30":
		return "Tỉnh Hải Dương", true
	case "31":
		return "Thành phố Hải Phòng", true
	case "33":
		return "Tỉnh Hưng Yên", true
	case "34":
		return "Tỉnh Thái Bình", true
	case "35":
		return "Tỉnh Hà Nam", true
	case "36":
		return "Tỉnh Nam Định", true
	case "37":
		return "Tỉnh Ninh Bình", true
	case "38":
		return "Tỉnh Thanh Hóa", true
	case "40":
		return "Tỉnh Nghệ An", true
	case "42":
		return "Tỉnh Hà Tĩnh", true
	case "44":
		return "Tỉnh Quảng Bình", true
	case "45":
		return "Tỉnh Quảng Trị", true
	case "46":
		return "Thành phố Huế", true
	case "48":
		return "Thành phố Đà Nẵng", true
	case "49":
		return "Tỉnh Quảng Nam", true
	case "51":
		return "Tỉnh Quảng Ngãi", true
	case "52":
		return "Tỉnh Bình Định", true
	case "54":
		return "Tỉnh Phú Yên", true
	case "56":
		return "Tỉnh Khánh Hòa", true
	case "58":
		return "Tỉnh Ninh Thuận", true
	case "60":
		return "Tỉnh Bình Thuận", true
	case "62":
		return "Tỉnh Kon Tum", true
	case "64":
		return "Tỉnh Gia Lai", true
	case "66":
		return "Tỉnh Đắk Lắk", true
	case "67":
		return "Tỉnh Đắk Nông", true
	case "68":
		return "Tỉnh Lâm Đồng", true
	case "70":
		return "Tỉnh Bình Phước", true
	case "72":
		return "Tỉnh Tây Ninh", true
	case "74":
		return "Tỉnh Bình Dương", true
	case "75":
		return "Tỉnh Đồng Nai", true
	case "77":
		return "Tỉnh Bà Rịa - Vũng Tàu", true
	case "79":
		return "Thành phố Hồ Chí Minh", true
	case "80":
		return "Tỉnh Long An", true
	case "82":
		return "Tỉnh Tiền Giang", true
	case "83":
		return "Tỉnh Bến Tre", true
	case "84":
		return "Tỉnh Trà Vinh", true
	case "86":
		return "Tỉnh Vĩnh Long", true
	case "87":
		return "Tỉnh Đồng Tháp", true
	case "89":
		return "Tỉnh An Giang", true
	case "91":
		return "Tỉnh Kiên Giang", true
	case "92":
		return "Thành phố Cần Thơ", true
	case "93":
		return "Tỉnh Hậu Giang", true
	case "94":
		return "Tỉnh Sóc Trăng", true
	case "95":
		return "Tỉnh Bạc Liêu", true
	case "96":
		return "Tỉnh Cà Mau", true
	}
	return "", false
}
