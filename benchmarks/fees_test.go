package benchmarks

// Peers for package fees: shopspring/decimal (arbitrary-precision decimal
// arithmetic, the usual choice for money in Go), bojanz/currency (CLDR
// currency formatting and amounts on cockroachdb/apd).
//
//	cd benchmarks && go test -run Fees -bench Fees -benchmem

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/bojanz/currency"
	"github.com/shopspring/decimal"

	"github.com/motcua/motcua/fees"
)

// TestFeesFormatMatchesCLDR checks fees.Money's Vietnamese formatting
// against bojanz/currency's CLDR "vi" locale, an independent source, and
// that each side parses the other's output.
func TestFeesFormatMatchesCLDR(t *testing.T) {
	f := currency.NewFormatter(currency.NewLocale("vi"))
	for _, v := range []int64{0, 7, 999, 1000, 50_000, 1_234_000, 200_000_000, 70_000_000_000, math.MaxInt64} {
		a, err := currency.NewAmountFromInt64(v, "VND")
		if err != nil {
			t.Fatal(err)
		}
		cldr := f.Format(a)
		ours := fees.Money(v).String()
		back, err := fees.ParseMoney(cldr)
		if err != nil || int64(back) != v {
			t.Errorf("fees.ParseMoney(%q) = %d, %v; want %d", cldr, back, err, v)
		}
		if normalizeSpaces(cldr) != ours {
			t.Errorf("CLDR vi formats %d as %q, fees as %q", v, cldr, ours)
		}
		pa, err := f.Parse(ours, "VND")
		if err != nil || pa.Number() != a.Number() {
			t.Errorf("currency parses %q as %v, %v; want %s", ours, pa.Number(), err, a.Number())
		}
	}
}

// normalizeSpaces turns CLDR's no-break spaces into plain spaces.
func normalizeSpaces(s string) string {
	r := []rune(s)
	for i, c := range r {
		if c == '\u00a0' || c == '\u202f' {
			r[i] = ' '
		}
	}
	return string(r)
}

// TestFeesRateMatchesDecimal cross-checks fees' exact rates and half-up
// rounding against shopspring/decimal on the rates of the sample schedule,
// over values spread across the int64 range.
func TestFeesRateMatchesDecimal(t *testing.T) {
	rates := []string{"0.5%", "2%", "5%", "10%", "0.1%", "0.06%", "0.05%", "0.04%", "0.03%", "0.02%", "1/2", "7/10", "1/3"}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, rs := range rates {
		r, err := fees.ParseRate(rs)
		if err != nil {
			t.Fatal(err)
		}
		dr := decimal.NewFromInt(r.Num()).Div(decimal.NewFromInt(r.Den()))
		if r.Den() == 3 {
			dr = decimal.NewFromInt(1) // 1/3 has no finite decimal: compare v/3 instead
		}
		for range 20_000 {
			v := fees.Money(rng.Int64N(1 << uint(rng.IntN(50)+1)))
			got, err := v.MulRate(r, fees.RoundHalfUp)
			if err != nil {
				t.Fatal(err)
			}
			want := decimal.NewFromInt(int64(v)).Mul(dr)
			if r.Den() == 3 {
				want = want.DivRound(decimal.NewFromInt(3), 16)
			}
			if w := want.Round(0).IntPart(); w != int64(got) {
				t.Fatalf("%s of %d: fees %d, decimal %d", rs, v, got, w)
			}
		}
	}
}

var sinkMoney fees.Money

func BenchmarkFeesRateFees(b *testing.B) {
	rate := fees.MustRate(5, 1000)
	b.ReportAllocs()
	for b.Loop() {
		m, err := fees.Money(1_234_567_891).MulRate(rate, fees.RoundHalfUp)
		if err != nil {
			b.Fatal(err)
		}
		sinkMoney = m
	}
}

func BenchmarkFeesRateDecimal(b *testing.B) {
	rate := decimal.RequireFromString("0.005")
	b.ReportAllocs()
	for b.Loop() {
		sinkMoney = fees.Money(decimal.NewFromInt(1_234_567_891).Mul(rate).Round(0).IntPart())
	}
}

func BenchmarkFeesRateCurrency(b *testing.B) {
	a, err := currency.NewAmountFromInt64(1_234_567_891, "VND")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		m, err := a.Mul("0.005")
		if err != nil {
			b.Fatal(err)
		}
		v, err := m.RoundTo(0, currency.RoundHalfUp).Int64()
		if err != nil {
			b.Fatal(err)
		}
		sinkMoney = fees.Money(v)
	}
}

var sinkString string

func BenchmarkFeesFormatFees(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		sinkString = fees.Money(1_234_567_000).String()
	}
}

func BenchmarkFeesFormatCurrency(b *testing.B) {
	f := currency.NewFormatter(currency.NewLocale("vi"))
	a, err := currency.NewAmountFromInt64(1_234_567_000, "VND")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		sinkString = f.Format(a)
	}
}

func BenchmarkFeesParseFees(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		m, err := fees.ParseMoney("1.234.567.000 ₫")
		if err != nil {
			b.Fatal(err)
		}
		sinkMoney = m
	}
}

func BenchmarkFeesParseCurrency(b *testing.B) {
	f := currency.NewFormatter(currency.NewLocale("vi"))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := f.Parse("1.234.567.000 ₫", "VND"); err != nil {
			b.Fatal(err)
		}
	}
}
