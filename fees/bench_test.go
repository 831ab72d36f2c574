package fees_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
)

// BenchmarkQuote1 quotes one item with one adjustment applied: the
// enterprise registration charge at the counter during the 2025–2026 cut.
func BenchmarkQuote1(b *testing.B) {
	s := sample(b)
	req := fees.Request{At: day(2025, time.August, 1), Channel: fees.Counter, Items: []fees.ItemRequest{{Code: "DKDN"}}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Quote(req); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkQuote5 quotes five items of every rule form: a judicial record
// with a group rate and a cut, certified copies by tiers with a cap, the
// registration fee on a house (percentage with a cap), a notarisation
// (brackets) and a free registration.
func BenchmarkQuote5(b *testing.B) {
	s := sample(b)
	req := fees.Request{
		At: day(2025, time.August, 1), Channel: fees.Online, Groups: []string{"student"}, Locality: "01",
		Items: []fees.ItemRequest{
			{Code: "LLTP", Quantity: 3},
			{Code: "CT-BANSAO", Quantity: 12, Copies: 2},
			{Code: "LPTB-NHADAT", DeclaredValue: 3_456_789_000},
			{Code: "CC-HOPDONG", DeclaredValue: 3_456_789_000},
			{Code: "HT-KHAISINH"},
		},
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.Quote(req); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkExplain5(b *testing.B) {
	s := sample(b)
	q, err := s.Quote(fees.Request{
		At: day(2025, time.August, 1), Channel: fees.Online, Groups: []string{"student"},
		Items: []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 12, Copies: 2},
			{Code: "LPTB-NHADAT", DeclaredValue: 3_456_789_000}, {Code: "CC-HOPDONG", DeclaredValue: 3_456_789_000}, {Code: "HT-KHAISINH"}},
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := q.Explain("vi"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMoney(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fees.ParseMoney("1.234.567.000 ₫"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSample(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := fees.Sample(); err != nil {
			b.Fatal(err)
		}
	}
}
