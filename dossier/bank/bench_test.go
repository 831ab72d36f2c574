package bank_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
)

// benchData makes n dues and n statement lines: most match exactly, some
// with the code's punctuation changed, some cut, some unmatched.
func benchData(n int) ([]bank.Due, []bank.Line) {
	dues := make([]bank.Due, n)
	lines := make([]bank.Line, n)
	day := time.Date(2025, 11, 26, 0, 0, 0, 0, dossier.Location)
	for i := range n {
		agency := fmt.Sprintf("000.%02d.%02d.H%02d", i%97, i%89, i%63)
		code := dossier.FormatCode(agency, day.AddDate(0, 0, i%30), i%9999+1)
		dues[i] = bank.Due{Code: code, Amount: fees.Money(10000 + i%50*1000)}
		content := "MBVCB.123456.NGUYEN VAN AN chuyen tien " + code
		switch i % 10 {
		case 7:
			content = "IBFT " + strings.NewReplacer(".", " ", "-", "").Replace(code)
		case 8:
			content = "nop phi " + code[:len(code)-3]
		case 9:
			content = "ung ho dong bao mien Trung"
		}
		lines[i] = bank.Line{Date: day, Amount: dues[i].Amount, Content: content, Reference: fmt.Sprintf("FT%09d", i)}
	}
	return dues, lines
}

// BenchmarkReconcile matches 100,000 lines against 100,000 dossiers.
func BenchmarkReconcile(b *testing.B) {
	dues, lines := benchData(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := bank.Reconcile(dues, lines, bank.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReconcileNaive is the matcher one writes first: every line
// against every due with strings.Contains on the compact forms, at 2,000
// × 2,000 (the 100,000 × 100,000 run would take 2,500 times longer).
func BenchmarkReconcileNaive(b *testing.B) {
	for _, n := range []int{2_000, 100_000} {
		dues, lines := benchData(n)
		if n == 100_000 {
			b.Run("indexed-100000", func(b *testing.B) {
				for b.Loop() {
					_, _ = bank.Reconcile(dues, lines, bank.Options{})
				}
			})
			continue
		}
		b.Run(fmt.Sprintf("naive-%d", n), func(b *testing.B) {
			codes := make([]string, len(dues))
			for i, d := range dues {
				codes[i] = bank.Compact(d.Code)
			}
			for b.Loop() {
				found := 0
				for _, l := range lines {
					c := bank.Compact(l.Content)
					for _, code := range codes {
						if strings.Contains(c, code) {
							found++
							break
						}
					}
				}
				_ = found
			}
		})
		b.Run(fmt.Sprintf("indexed-%d", n), func(b *testing.B) {
			for b.Loop() {
				_, _ = bank.Reconcile(dues, lines, bank.Options{})
			}
		})
	}
}
