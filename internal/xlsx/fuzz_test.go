package xlsx

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fuzzShared is the shared string table of the fuzzers' sheets.
var fuzzShared = []string{"zero", "một", "a_x0041_"}

// FuzzRows: on any XML the scanner never panics and, whenever both it and
// the encoding/xml reference accept the XML, they give the same rows.
func FuzzRows(f *testing.F) {
	for _, tt := range rowsTests {
		f.Add([]byte(tt.xml))
	}
	f.Add([]byte(`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c><c r="B1"><v>1</v></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<row><c t="s"><v>0</v></c></row><!-- > --><![CDATA[<x>]]>`))
	f.Add([]byte(`<a b='>'>`))
	f.Add([]byte("<x:row r='2'><x:c r='C2' t='str'><x:v>a&#13;\r\nb&amp;_x005F_<![CDATA[c\r]]></x:v></x:c></x:row>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		wb := testWorkbook(fuzzShared, Limits{Columns: 8}.withDefaults())
		var got []refRow
		err := wb.ReadRows(context.Background(), bytes.NewReader(b), "sheet", func(num int, cells []string) error {
			got = append(got, refRow{num, append([]string{}, cells...)})
			return nil
		})
		if err != nil {
			var xe *Error
			require.ErrorAs(t, err, &xe)
			assert.True(t, errors.Is(err, ErrNotXLSX) || errors.Is(err, ErrTooLarge), err)
		}
		want, ok := referenceRows(b, fuzzShared, 8)
		if err != nil || !ok {
			return
		}
		require.Equal(t, want, got)
	})
}

// FuzzScanner: the scanner ends on any bytes, with at most one token a
// byte.
func FuzzScanner(f *testing.F) {
	f.Add([]byte(`<row><c t="s"><v>0</v></c></row><!-- > --><![CDATA[<x>]]>`))
	f.Add([]byte(`<a b='>'>`))
	f.Add([]byte(`<![CDATA[]]><!---->`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sc := newScanner(bytes.NewReader(b), 1<<10, 1<<10)
		for i := 0; i < len(b)+1; i++ {
			tok, err := sc.next()
			if err != nil {
				return
			}
			if tok.kind != tokText {
				_, _ = tok.attr("r")
			}
		}
		t.Fatal("the scanner returned more tokens than bytes")
	})
}
