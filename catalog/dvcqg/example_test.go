package dvcqg_test

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/dvcqg"
)

func ExampleReadProcedure() {
	f, err := os.Open("testdata/1.900001.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	p, err := dvcqg.ReadProcedure(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(p.Code, p.Name)
	fmt.Println(p.Online.Label("vi"), "|", p.ProcessingTime(catalog.ChannelUnknown).Label("vi"), "|", p.Sector)
	for _, ch := range p.Channels {
		for _, fee := range ch.Fees {
			if fee.HasAmount {
				fmt.Printf("%s: %s, %s (%s)\n", ch.Channel, fee.AmountLabel("vi"), fee.Kind.Label("vi"), fee.Text)
			}
		}
	}
	for _, v := range p.Variants {
		fmt.Println(v.Code, v.Duration().Label("vi"))
	}
	fmt.Println("returned:", p.ReturnMethods)
	fmt.Println(p.Decision, p.DecisionDate.Format("02/01/2006"))
	// Output:
	// 1.900001 Cấp Giấy chứng nhận đủ điều kiện buôn bán phân bón
	// Trực tuyến toàn trình | 7 ngày làm việc | Bảo vệ thực vật
	// online: 230.000 ₫, Không rõ (Thẩm định điều kiện: 230.000/lần)
	// online: 15.000 ₫, Phí dịch vụ (Phí gửi kết quả qua bưu chính)
	// counter: 230.000 ₫, Phí (Phí thẩm định: 230.000 đồng/lần)
	// post: 50.000 ₫, Lệ phí (Lệ phí cấp giấy chứng nhận: 50.000 đồng)
	// 1.900001.01 7 ngày làm việc
	// returned: [post counter online]
	// 999/QĐ-BNNMT 06/05/2026
}

func ExampleReadRecords() {
	stream := `{"code": "1.000001", "name": "Đăng ký khai sinh", "isWard": true, "isFullProcess": true,
  "executionMethods": [{"submissionMethod": "ONLINE", "processingTime": 0, "processingTimeUnit": "WORKING_DAY", "fees": []}],
  "categoriesDetails": [{"name": "Hộ tịch"}], "unitGroupsExecuting": [{"name": "Ủy ban nhân dân cấp xã"}],
  "executionCases": [{"name": "", "profileComponents": [{"name": "Tờ khai", "originalQty": 1}]}],
  "procedureProposal": {"proposalNumber": "1/QĐ-BTP", "decisionDate": 1751302800000}}
{"code": "1.000002", "name": "Đăng ký kết hôn", "executionMethods": [{"submissionMethod": "DIRECT", "processingTime": -5, "processingTimeUnit": "WORKING_DAY"}]}
`
	c, problems, err := dvcqg.ReadRecords(strings.NewReader(stream))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Stats(time.Time{}).Text("vi"))
	for _, p := range problems {
		if p.Skipped {
			fmt.Println(p)
		}
	}
	for _, p := range c.Search(catalog.Query{Text: "dang ky khai sinh"}) {
		fmt.Println(p.Code, p.Name, p.DecisionDate.Format("02/01/2006"))
	}
	// Output:
	// 1/1 thủ tục trực tuyến (100,0%)
	// dvcqg: 1.000002 (#1) executionMethods[0].processingTime: processing time -5 is out of range 0..10000 (record skipped)
	// 1.000001 Đăng ký khai sinh 01/07/2025
}
