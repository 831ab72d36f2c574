package fees_test

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/fees"
)

func ExampleMoney_String() {
	fmt.Println(fees.Money(1_234_000))
	fmt.Println(fees.Money(-5000))
	// Output:
	// 1.234.000 ₫
	// -5.000 ₫
}

// String is the stable Vietnamese form; Format writes an amount for a
// reader of either language.
func ExampleMoney_Format() {
	m := fees.Money(200_000)
	fmt.Println(m.Format("vi"))
	fmt.Println(m.Format("en"))
	// Output:
	// 200.000 ₫
	// 200,000 VND
}

// A catalogue's filing channel converts directly: both packages number the
// channels as the national portal does (1 counter, 2 online, 3 post).
func ExampleChannel() {
	const fromCatalog = 2 // catalog.Online
	ch := fees.Channel(fromCatalog)
	fmt.Println(ch, "·", ch.Label("vi"), "·", ch.Label("en"))
	fmt.Println(fees.ChannelUnknown, "·", fees.ChannelUnknown.Label("vi"))
	// Output:
	// online · trực tuyến · online
	// unknown · không rõ
}

func ExampleParseMoney() {
	for _, s := range []string{"1.234.000 ₫", "50.000đ", "200000 đồng", "1,5 ₫"} {
		m, err := fees.ParseMoney(s)
		fmt.Println(int64(m), err)
	}
	// Output:
	// 1234000 <nil>
	// 50000 <nil>
	// 200000 <nil>
	// 0 fees: parse money "1,5 ₫": invalid syntax
}

func ExampleMoney_Add() {
	big := fees.Money(9_000_000_000_000_000_000)
	_, err := big.Add(big)
	fmt.Println(errors.Is(err, fees.ErrOverflow))
	// Output:
	// true
}

// A citizen asks at the counter for two certified copies of a 5-page
// document and files an enterprise registration online, on 1 August 2025.
func ExampleSchedule_Quote() {
	s, err := fees.Sample()
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := s.Quote(fees.Request{
		At:      time.Date(2025, time.August, 1, 9, 0, 0, 0, fees.Location),
		Channel: fees.Online,
		Items: []fees.ItemRequest{
			{Code: "CT-BANSAO", Quantity: 5, Copies: 2},
			{Code: "DKDN"},
			{Code: "CBTT-DN"},
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range q.Lines {
		fmt.Printf("%-10s %12s  %s\n", l.Code, l.Amount, l.Basis)
	}
	fmt.Println("Total:", q.Total)
	// Output:
	// CT-BANSAO      14.000 ₫  Thông tư 226/2016/TT-BTC, Điều 4, khoản 1
	// DKDN                0 ₫  Thông tư 47/2019/TT-BTC, Điều 4, Biểu mức thu
	// CBTT-DN       100.000 ₫  Thông tư 47/2019/TT-BTC, Điều 4, Biểu mức thu
	// Total: 114.000 ₫
}

func ExampleQuote_Explain() {
	s, err := fees.Sample()
	if err != nil {
		fmt.Println(err)
		return
	}
	q, err := s.Quote(fees.Request{
		At:      time.Date(2025, time.August, 1, 9, 0, 0, 0, fees.Location),
		Channel: fees.Counter,
		Groups:  []string{"student"},
		Items:   []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "DKDN"}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	text, err := q.Explain("vi")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(text)
	// Output:
	// BẢNG TÍNH PHÍ, LỆ PHÍ
	// Thời điểm: 09:00 ngày 01/08/2025 (giờ Việt Nam); Hình thức nộp: trực tiếp tại bộ phận một cửa; Đối tượng: Sinh viên
	//
	// 1. Phí cung cấp thông tin lý lịch tư pháp [LLTP] (phí)
	//    Căn cứ: Thông tư 244/2016/TT-BTC, Điều 4 (áp dụng từ 01/01/2017)
	//    - Mức thu cho một lần yêu cầu: 200.000 ₫
	//    - In thêm từ phiếu thứ 3: 3 phiếu (2 × 0 ₫, 1 × 5.000 ₫) = 5.000 ₫
	//    Cộng: 205.000 ₫
	//    * Mức thu 100.000 đồng cho sinh viên, người có công, thân nhân liệt sĩ (Thông tư 244/2016/TT-BTC, Điều 4): mức thu còn 100.000 ₫ đối với phần “Mức thu cho một lần yêu cầu”: 205.000 ₫ → 105.000 ₫
	//    Phải nộp: 105.000 ₫
	//
	// 2. Lệ phí đăng ký doanh nghiệp [DKDN] (lệ phí)
	//    Căn cứ: Thông tư 47/2019/TT-BTC, Điều 4, Biểu mức thu (áp dụng từ 20/09/2019)
	//    - Mức thu: 50.000 ₫
	//    * Giảm 50% theo Thông tư 64/2025/TT-BTC (hỗ trợ sản xuất, kinh doanh) (Thông tư 64/2025/TT-BTC, Điều 1): thu 50%: 50.000 ₫ → 25.000 ₫
	//    Phải nộp: 25.000 ₫
	//
	// TỔNG CỘNG: 130.000 ₫
}

// A province loads its own schedule from JSON. Unknown fields are errors
// that name the field.
func ExampleParseJSON() {
	doc := `{
	  "format": "motcua-fees/1",
	  "name": {"vi": "Biểu lệ phí của tỉnh"},
	  "rounding": "half-up",
	  "items": [{
	    "code": "GPXD",
	    "name": {"vi": "Lệ phí cấp giấy phép xây dựng"},
	    "kind": "charge",
	    "versions": [{"from": "2024-01-01", "basis": {"document": "Nghị quyết của HĐND tỉnh"}, "rules": [{"flat": 75000}]}]
	  }],
	  "adjustments": [{
	    "id": "ONLINE", "order": 1, "name": {"vi": "Giảm 50% khi nộp trực tuyến"},
	    "effect": "multiply", "rate": "50%", "stacking": "stack",
	    "items": ["GPXD"], "channels": ["online"], "basis": {"document": "Nghị quyết của HĐND tỉnh"}
	  }]
	}`
	s, err := fees.ParseJSON([]byte(doc))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ch := range []fees.Channel{fees.Counter, fees.Online} {
		q, err := s.Quote(fees.Request{At: time.Date(2024, time.May, 2, 0, 0, 0, 0, fees.Location), Channel: ch, Items: []fees.ItemRequest{{Code: "GPXD"}}})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(ch, q.Total)
	}

	_, err = fees.ParseJSON([]byte(strings.Replace(doc, `"kind": "charge",`, `"kind": "charge", "amount": 1,`, 1)))
	fmt.Println(err)
	// Output:
	// counter 75.000 ₫
	// online 37.500 ₫
	// fees: schedule document: unknown field "amount"
}
