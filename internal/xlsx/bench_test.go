package xlsx

import (
	"bytes"
	"fmt"
	"testing"
)

// sheetXML returns a worksheet of n rows of ten cells as excelize writes
// them: shared strings, numbers and an inline string.
func sheetXML(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	for r := 1; r <= n; r++ {
		fmt.Fprintf(&b, `<row r="%d">`, r)
		for c := 0; c < 10; c++ {
			ref := string(rune('A'+c)) + fmt.Sprint(r)
			switch c % 3 {
			case 0:
				fmt.Fprintf(&b, `<c r="%s" t="s"><v>%d</v></c>`, ref, r%len(fuzzShared))
			case 1:
				fmt.Fprintf(&b, `<c r="%s"><v>%d</v></c>`, ref, 46083+r)
			default:
				fmt.Fprintf(&b, `<c r="%s" t="inlineStr"><is><t>Phạm Thị Mai &amp; %d</t></is></c>`, ref, r)
			}
		}
		b.WriteString(`</row>`)
	}
	b.WriteString(`</sheetData></worksheet>`)
	return b.Bytes()
}

// BenchmarkReadRows: the scanner against the encoding/xml reference on the
// same sheet XML, already inflated.
func BenchmarkReadRows(b *testing.B) {
	data := sheetXML(100_000)
	b.Run("scanner", func(b *testing.B) {
		wb := testWorkbook(fuzzShared, Limits{})
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			n := 0
			if err := wb.ReadRows(b.Context(), bytes.NewReader(data), "s", func(int, []string) error { n++; return nil }); err != nil || n != 100_000 {
				b.Fatal(n, err)
			}
		}
	})
	b.Run("encoding-xml", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			n := 0
			if !referenceRead(data, fuzzShared, MaxColumns, func(int, []string) { n++ }) || n != 100_000 {
				b.Fatal(n)
			}
		}
	})
}
