// Command fees quotes a few requests against motcua's embedded sample
// schedule of fees and charges and prints the explanation a clerk reads to
// the applicant: every rule, every exemption or reduction with its legal
// basis, the rounding and the total.
//
//	go run ./examples/fees          # Vietnamese
//	go run ./examples/fees -lang en # English
//	go run ./examples/fees -json    # the quotes as JSON, as a dossier stores them
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/motcua/motcua/fees"
)

func main() {
	lang := flag.String("lang", "vi", `explanation language: "vi" or "en"`)
	asJSON := flag.Bool("json", false, "print the quotes as JSON instead of the explanation")
	flag.Parse()
	if err := run(os.Stdout, *lang, *asJSON); err != nil {
		fmt.Fprintln(os.Stderr, "fees:", err)
		os.Exit(1)
	}
}

// requests are the demonstration requests: the time of filing is part of
// each request, never the clock.
func requests() []struct {
	title string
	req   fees.Request
} {
	at := func(y int, m time.Month, d, h int) time.Time {
		return time.Date(y, m, d, h, 0, 0, 0, fees.Location)
	}
	return []struct {
		title string
		req   fees.Request
	}{
		{"Sinh viên xin phiếu lý lịch tư pháp và sao y giấy tờ tại bộ phận một cửa", fees.Request{
			At: at(2025, time.August, 4, 9), Channel: fees.Counter, Groups: []string{"student"},
			Items: []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 4, Copies: 3}},
		}},
		{"Thành lập doanh nghiệp: trực tuyến năm 2024, rồi tại bộ phận một cửa trong thời gian giảm lệ phí", fees.Request{
			At: at(2024, time.March, 11, 14), Channel: fees.Online,
			Items: []fees.ItemRequest{{Code: "DKDN"}, {Code: "CBTT-DN"}},
		}},
		{"", fees.Request{
			At: at(2025, time.July, 1, 8), Channel: fees.Counter,
			Items: []fees.ItemRequest{{Code: "DKDN"}, {Code: "CBTT-DN"}},
		}},
		{"Mua nhà ở Hà Nội: công chứng hợp đồng, lệ phí trước bạ, giấy phép xây dựng", fees.Request{
			At: at(2026, time.February, 2, 10), Channel: fees.Counter, Locality: "01",
			Items: []fees.ItemRequest{
				{Code: "CC-HOPDONG", DeclaredValue: 4_250_000_000},
				{Code: "LPTB-NHADAT", DeclaredValue: 4_250_000_000},
				{Code: "GPXD-NHAO-HN"},
			},
		}},
	}
}

func run(w io.Writer, lang string, asJSON bool) error {
	s, err := fees.Sample()
	if err != nil {
		return err
	}
	var quotes []fees.Quote
	for _, r := range requests() {
		q, err := s.Quote(r.req)
		if err != nil {
			return err
		}
		quotes = append(quotes, q)
		if asJSON {
			continue
		}
		if r.title != "" {
			fmt.Fprintf(w, "=== %s\n", r.title)
		}
		text, err := q.Explain(lang)
		if err != nil {
			return err
		}
		fmt.Fprintln(w, text)
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(quotes)
	}
	return nil
}
