package catalog_test

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
)

func ExampleNew() {
	_, err := catalog.New(
		catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full},
		catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full},
		catalog.Procedure{Code: "1.000894", Name: "", Levels: []catalog.Level{catalog.Commune}, Online: catalog.Partial, ProcessingDays: -3},
	)
	var ce *catalog.ConsistencyError
	if errors.As(err, &ce) {
		for _, p := range ce.Problems {
			fmt.Println(p.Index, p.Code, p.Field)
		}
	}
	fmt.Println(errors.Is(err, catalog.ErrEmptyName))
	// Output:
	// 1 1.001193 ValidFrom
	// 2 1.000894 Name
	// 2 1.000894 ProcessingDays
	// true
}

func ExampleCatalog_Search() {
	c, err := catalog.Sample()
	if err != nil {
		panic(err)
	}
	// Typed without diacritics, as on a phone keyboard.
	for _, p := range c.Search(catalog.Query{Text: "dang ky khai sinh", Limit: 3}) {
		fmt.Println(p.Code, p.Name)
	}
	fmt.Println("--")
	for _, p := range c.Search(catalog.Query{
		Text:   "giấy phép",
		Levels: []catalog.Level{catalog.Province},
		Online: []catalog.OnlineLevel{catalog.Partial},
	}) {
		fmt.Println(p.Code, p.Name, "|", p.Online.Label("vi"))
	}
	// Output:
	// 1.001193 Đăng ký khai sinh
	// 1.001766 Đăng ký khai sinh có yếu tố nước ngoài
	// --
	// 1.002809 Cấp Giấy phép lái xe | Trực tuyến một phần
	// 1.009974 Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II | Trực tuyến một phần
	// 1.009976 Gia hạn giấy phép xây dựng | Trực tuyến một phần
	// 1.012236 Cấp giấy phép hành nghề khám bệnh, chữa bệnh | Trực tuyến một phần
}

func ExampleCatalog_Stats() {
	c, err := catalog.Sample()
	if err != nil {
		panic(err)
	}
	s := c.Stats(time.Date(2026, 1, 1, 0, 0, 0, 0, catalog.Location))
	fmt.Println(s.Text("vi"))
	fmt.Println(s.Text("en"))
	fmt.Println(catalog.Full.Label("vi")+":", s.ByOnline[catalog.Full])
	fmt.Println(catalog.Commune.Label("en")+":", s.ByLevel[catalog.Commune])
	// Output:
	// 46/51 thủ tục trực tuyến (90,2%)
	// 46 of 51 procedures online (90.2%)
	// Trực tuyến toàn trình: 20
	// Commune level: 33
}

func ExampleReadJSON() {
	in := `{"procedures": [
	  {"code": "1.001193", "name": "Đăng ký khai sinh", "sector": "Hộ tịch",
	   "levels": ["commune"], "online": "full", "processingDays": 0},
	  {"code": "2.001417", "name": "Cấp Phiếu lý lịch tư pháp", "sector": "Lý lịch tư pháp",
	   "levels": ["province"], "online": "full", "processingDays": 10}
	]}`
	c, err := catalog.ReadJSON(strings.NewReader(in))
	if err != nil {
		panic(err)
	}
	p, _ := c.Get("2.001417", time.Time{})
	fmt.Println(p.Name, p.ProcessingDays, p.Levels[0].Label("vi"))

	_, err = catalog.ReadJSON(strings.NewReader(`{"procedures": [], "province": "Hà Nội"}`))
	fmt.Println(err)
	// Output:
	// Cấp Phiếu lý lịch tư pháp 10 Cấp tỉnh
	// catalog: unknown field "province"
}

func ExampleFromLegacyLevel() {
	for n := 1; n <= 4; n++ {
		o, _ := catalog.FromLegacyLevel(n)
		fmt.Println(n, o, o.Label("en"))
	}
	// Output:
	// 1 offline Offline
	// 2 offline Offline
	// 3 partial Partly online
	// 4 full Fully online
}

func ExampleProcedure_ProcessingTime() {
	procs := []catalog.Procedure{
		{Code: "2.000908", Name: "Chứng thực bản sao từ bản chính", ProcessingDays: 0},
		{Code: "1.001193", Name: "Đăng ký khai sinh", ProcessingDays: 3, Channels: []catalog.ChannelTerms{
			{Channel: catalog.Online, Time: 1, Unit: catalog.WorkingDays}}},
		{Code: "2.002481", Name: "Xét, cấp học bổng chính sách", NoFixedDuration: true},
	}
	for _, p := range procs {
		d := p.ProcessingTime(catalog.Online)
		due := "due date counted"
		if !d.Fixed() {
			due = "no due date"
		}
		fmt.Printf("%s: %s | %s | %s\n", p.Code, d.Label("vi"), d.Label("en"), due)
	}
	// Output:
	// 2.000908: trong ngày | same day | due date counted
	// 1.001193: 1 ngày làm việc | 1 working day | due date counted
	// 2.002481: không cố định | no fixed duration | no due date
}

func ExampleChannel_Label() {
	for _, c := range []catalog.Channel{catalog.Counter, catalog.Online, catalog.Post, catalog.ChannelUnknown} {
		fmt.Println(uint8(c), c.Label("vi"), "|", c.Label("en"))
	}
	// Output:
	// 1 Trực tiếp | At the counter
	// 2 Trực tuyến | Online
	// 3 Qua dịch vụ bưu chính | By post
	// 0 Không rõ | Unknown
}

func ExampleNewOwned() {
	// A reader that builds procedures only for the catalogue hands them
	// over: the catalogue keeps them without a copy.
	procs := []catalog.Procedure{
		{Code: "2.000011", Name: "Đăng ký thành lập doanh nghiệp tư nhân", Levels: []catalog.Level{catalog.Province}, Online: catalog.Full},
		{Code: "1.001193", Name: "Đăng ký khai sinh", Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full},
	}
	c, err := catalog.NewOwned(procs)
	if err != nil {
		panic(err)
	}
	// procs is the catalogue's now: the caller leaves it alone.
	for p := range c.All() {
		fmt.Println(p.Code, p.Name)
	}
	// Output:
	// 1.001193 Đăng ký khai sinh
	// 2.000011 Đăng ký thành lập doanh nghiệp tư nhân
}

// announced is an upload that tells its size (from its Content-Length,
// say) as a bytes.Reader does, with Len.
type announced struct {
	io.Reader
	size int
}

func (a announced) Len() int { return a.size }

func ExampleReadJSON_tooLarge() {
	// A document past MaxJSONBytes is refused before it is read, when the
	// reader tells its size, and otherwise on the byte past the limit.
	upload := announced{strings.NewReader(`{"procedures":[]}`), catalog.MaxJSONBytes + 1}
	_, err := catalog.ReadJSON(upload)
	var le *catalog.LimitError
	fmt.Println(errors.Is(err, catalog.ErrTooLarge), errors.As(err, &le) && le.Limit == "MaxJSONBytes")
	fmt.Println(err)
	// Output:
	// true true
	// catalog: the JSON document exceeds MaxJSONBytes (67108864)
}

// A reader adds procedures as it reads them, completes one from a later
// row, leaves out one it found a problem in, and builds the catalogue.
func ExampleBuilder() {
	var b catalog.Builder
	birth := b.Add(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full})
	bad := b.Add(catalog.Procedure{Code: "1.000894", Name: "Đăng ký kết hôn"})
	// A later row lists a document of the first procedure.
	p, _ := b.Procedure(birth)
	p.Documents = append(p.Documents, catalog.Requirement{Name: "Tờ khai đăng ký khai sinh", Originals: 1})
	b.Set(birth, p)
	// The reader reported a problem of the second on its row.
	b.Exclude(bad)
	c, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	got, _ := c.Get("1.001193", time.Time{})
	fmt.Println(c.Len(), got.Name, len(got.Documents))
	// Output: 1 Đăng ký khai sinh 1
}
