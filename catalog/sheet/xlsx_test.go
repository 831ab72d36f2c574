package sheet

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/xlsx"
)

// testPackage opens a workbook of one empty sheet and the shared strings
// sst, as Read opens one.
func testPackage(t testing.TB, sst ...string) *pkg {
	t.Helper()
	var shared strings.Builder
	shared.WriteString(`<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	for _, s := range sst {
		shared.WriteString("<si><t>")
		require.NoError(t, xml.EscapeText(&shared, []byte(s)))
		shared.WriteString("</t></si>")
	}
	shared.WriteString("</sst>")
	parts := []struct{ name, xml string }{
		{"xl/workbook.xml", `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="s" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/>` +
			`<Relationship Id="rId2" Target="sharedStrings.xml" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"/></Relationships>`},
		{"xl/sharedStrings.xml", shared.String()},
		{"xl/worksheets/sheet1.xml", `<worksheet/>`},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, part := range parts {
		w, err := zw.Create(part.name)
		require.NoError(t, err)
		_, err = w.Write([]byte(part.xml))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	p, err := openPackage(context.Background(), bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	require.Equal(t, len(sst), p.wb.SharedStrings())
	return p
}

// rowsOf reads worksheet XML with the shared strings sst.
func rowsOf(t testing.TB, xml string, sst ...string) (map[int][]string, error) {
	p := testPackage(t, sst...)
	got := map[int][]string{}
	err := p.wb.ReadRows(context.Background(), strings.NewReader(xml), "s", func(num int, cells []string) error {
		got[num] = append([]string(nil), cells...)
		return nil
	})
	return got, err
}

func TestReadRows(t *testing.T) {
	const head = `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	const tail = `</sheetData></worksheet>`
	tests := []struct {
		name    string
		xml     string
		want    map[int][]string
		wantErr string
	}{
		{"inline, shared, number, bool, formula string", head +
			`<row r="1"><c r="A1" t="inlineStr"><is><t>Mã</t></is></c><c r="C1" t="s"><v>1</v></c></row>` +
			`<row r="3"><c r="B3"><v>42</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="str"><f>A1</f><v>x</v></c></row>` + tail,
			map[int][]string{1: {"Mã", "", "tên"}, 3: {"", "42", "", "1", "x"}}, ""},
		{"rich text, phonetic run left out", head +
			`<row r="1"><c r="A1" t="inlineStr"><is><r><t>Đăng </t></r><r><rPr/><t>ký</t></r><rPh><t>x</t></rPh></is></c></row>` + tail,
			map[int][]string{1: {"Đăng ký"}}, ""},
		{"no references: next row and column", head +
			`<row><c t="inlineStr"><is><t>a</t></is></c><c t="inlineStr"><is><t>b</t></is></c></row><row><c><v>1</v></c></row>` + tail,
			map[int][]string{1: {"a", "b"}, 2: {"1"}}, ""},
		{"escapes", head + `<row r="1"><c r="A1" t="inlineStr"><is><t>a_x000D_b_x005F_x0041_</t></is></c></row>` + tail,
			map[int][]string{1: {"a\rb_x0041_"}}, ""},
		{"prefixed elements (strict files)", `<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>7</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
			map[int][]string{1: {"7"}}, ""},
		{"empty shared string cell", head + `<row r="1"><c r="A1" t="s"><v></v></c></row>` + tail,
			map[int][]string{1: {""}}, ""},
		{"shared string out of range", head + `<row r="1"><c r="A1" t="s"><v>9</v></c></row>` + tail, nil, "shared string"},
		{"column past XFD", head + `<row r="1"><c r="XFE1"><v>1</v></c></row>` + tail, nil, "columns A to XFD"},
		{"bad reference", head + `<row r="1"><c r="1A"><v>1</v></c></row>` + tail, nil, "columns A to XFD"},
		{"row past Excel's last", head + `<row r="1048577"><c><v>1</v></c></row>` + tail, nil, "row number"},
		{"row number not a number", head + `<row r="x"><c><v>1</v></c></row>` + tail, nil, "row number"},
		{"cut short", head + `<row r="1"><c r="A1"><v>1</v>`, nil, "XML"},
		{"mismatched end", head + `<row r="1"></c></row>` + tail, nil, ""},
		{"not XML", "\x00\x01", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rowsOf(t, tt.xml, "mã", "tên")
			if tt.want == nil {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestColumnIndex(t *testing.T) {
	tests := []struct {
		ref  string
		want int
	}{
		{"A1", 0}, {"z9", 25}, {"AA10", 26}, {"XFD1048576", 16383},
		{"XFE1", -1}, {"A", -1}, {"1", -1}, {"A1B", -1}, {"", -1}, {"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA1", -1},
	}
	for _, tt := range tests {
		t.Run(tt.ref, func(t *testing.T) {
			assert.Equal(t, tt.want, xlsx.ColumnFold(tt.ref)) // as Read reads references
		})
	}
}

// FuzzReadRows checks that the worksheet reader never panics, and that
// what it reads is within Excel's rows and columns.
func FuzzReadRows(f *testing.F) {
	f.Add([]byte(`<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><r><t>x</t></r></is></c></row></sheetData></worksheet>`))
	f.Add([]byte(`<worksheet><sheetData><row><c><v>1</v></c></row><row r="2"><c r="XFD2"><v>_x0041_</v></c></row></sheetData></worksheet>`))
	p := testPackage(f, "a", "b")
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			t.Skip("input larger than 64 KiB")
		}
		_ = p.wb.ReadRows(context.Background(), bytes.NewReader(data), "s", func(num int, cells []string) error {
			require.GreaterOrEqual(t, num, 1)
			require.LessOrEqual(t, num, maxRows)
			require.LessOrEqual(t, len(cells), xlsx.MaxColumns)
			return nil
		})
	})
}

func TestCountRows(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want int
	}{
		{"rows", `<sheetData><row r="1"><c/></row><row r="2"/><row>` + "</row></sheetData>", 3},
		{"prefixed", `<x:sheetData><x:row r="1"></x:row><x:row	r="2"></x:row></x:sheetData>`, 2},
		{"not rows", `<rowBreaks/><c t="row"/><arrow/>`, 0},
		{"a straddling row", strings.Repeat(" ", 256<<10-2) + `<row r="1"/>`, 1},
		{"rows across many reads", strings.Repeat(`<row r="1"><c r="A1"><v>12</v></c></row>`, 100_000), 100_000},
		{"rows near every read's end", strings.Repeat(strings.Repeat(" ", 29)+"<row/>", 50_000), 50_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			zw := zip.NewWriter(&buf)
			w, err := zw.Create("s.xml")
			require.NoError(t, err)
			_, err = w.Write([]byte(tt.xml))
			require.NoError(t, err)
			require.NoError(t, zw.Close())
			zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
			require.NoError(t, err)
			assert.Equal(t, tt.want, countRows(context.Background(), zr.File[0].Open))
		})
	}
}
