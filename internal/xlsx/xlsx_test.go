package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

var rowsTests = []struct {
	name, xml string
	want      []refRow
	err       error
}{
	{"numbers and shared strings", `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>1</v></c><c r="C1"><v>3.5</v></c></row></sheetData></worksheet>`,
		[]refRow{{1, []string{"một", "", "3.5"}}}, nil},
	{"prefixes as openpyxl and LibreOffice", `<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="2"><x:c r="B2" t="inlineStr"><x:is><x:t>Lê &amp; &lt;Nam&gt;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`,
		[]refRow{{2, []string{"", "Lê & <Nam>"}}}, nil},
	{"rich text and phonetic runs", `<row><c t="inlineStr"><is><r><t>Đăng </t></r><r><t>ký</t></r><rPh><t>x</t></rPh></is></c></row>`,
		[]refRow{{1, []string{"Đăng ký"}}}, nil},
	{"booleans, errors, formula strings", `<row><c t="b"><v>1</v></c><c t="b"><v>0</v></c><c t="e"><v>#N/A</v></c><c t="str"><f>A1</f><v>x</v></c></row>`,
		[]refRow{{1, []string{"TRUE", "FALSE", "#N/A", "x"}}}, nil},
	{"character references, CDATA, OOXML escapes", "<row><c t=\"str\"><v>&#272;&#x1EA1;<![CDATA[<&>]]>_x000D_a_b</v></c></row>",
		[]refRow{{1, []string{"Đạ<&>\ra_b"}}}, nil},
	{"line ends", "<row><c t=\"str\"><v>a\r\nb\rc</v></c></row>",
		[]refRow{{1, []string{"a\nb\nc"}}}, nil},
	{"rows without numbers and empty rows", `<row/><row><c><v>1</v></c></row><row r="5"></row>`,
		[]refRow{{1, []string{}}, {2, []string{"1"}}, {5, []string{}}}, nil},
	{"white space in tags", "<row ><c\tr=\"B1\" ><v >1</v\n></c ></row   ><row r='3' />",
		[]refRow{{1, []string{"", "1"}}, {3, []string{}}}, nil},
	{"cells beyond the columns skipped", `<row><c r="H1"><v>8</v></c><c r="I1"><v>9</v></c></row>`,
		[]refRow{{1, []string{"", "", "", "", "", "", "", "8"}}}, nil},
	{"comments and instructions", `<?xml version="1.0"?><!-- <row> --><row><c><v>1</v></c></row>`,
		[]refRow{{1, []string{"1"}}}, nil},
	{"shared string out of range", `<row><c t="s"><v>7</v></c></row>`, nil, ErrNotXLSX},
	{"bad cell reference", `<row><c r="a1"><v>1</v></c></row>`, nil, ErrNotXLSX},
	{"rows going back", `<row r="2"/><row r="1"/>`, nil, ErrNotXLSX},
	{"row number zero", `<row r="0"/>`, nil, ErrNotXLSX},
	{"unclosed tag", `<row><c`, nil, ErrNotXLSX},
}

func TestReadRows(t *testing.T) {
	for _, tt := range rowsTests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, testWorkbook(fuzzShared, Limits{Columns: 8}.withDefaults()), tt.xml)
			if !checkRows(t, got, err, tt.want, tt.err) {
				return
			}
			ref, ok := referenceRows([]byte(tt.xml), fuzzShared, 8)
			require.True(t, ok)
			assert.Equal(t, tt.want, ref)
		})
	}
}

func TestLimits(t *testing.T) {
	tests := []struct {
		name   string
		limits Limits
		xml    string
	}{
		{"cell", Limits{CellBytes: 4}, `<row><c><v>12345</v></c></row>`},
		{"tag", Limits{TagBytes: 8}, `<row><c r="A1" t="s"><v>0</v></c></row>`},
		{"text", Limits{CellBytes: 4}, "<row>" + string(bytes.Repeat([]byte("x"), 1<<17)) + "</row>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := &Workbook{limits: tt.limits.withDefaults()}
			err := wb.ReadRows(t.Context(), bytes.NewReader([]byte(tt.xml)), "s", func(int, []string) error { return nil })
			require.ErrorIs(t, err, ErrTooLarge)
		})
	}
}

func TestReadRowsStops(t *testing.T) {
	stop := errors.New("stop")
	wb := &Workbook{}
	n := 0
	err := wb.ReadRows(t.Context(), bytes.NewReader([]byte(`<row/><row/><row/>`)), "s", func(int, []string) error {
		n++
		return stop
	})
	assert.Same(t, stop, err)
	assert.Equal(t, 1, n)

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = wb.ReadRows(ctx, bytes.NewReader(bytes.Repeat([]byte(`<row/>`), 2*ctxEveryRows)), "s", func(int, []string) error { return nil })
	assert.ErrorIs(t, err, context.Canceled)
}

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain", "Đăng ký", "Đăng ký"},
		{"entities", "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;", `a & b <c> "d" 'e'`},
		{"character references", "&#272;&#x1EA1;", "Đạ"},
		{"OOXML escape", "line_x000D_break", "line\rbreak"},
		{"escaped underscore", "_x005F_x0041_", "_x0041_"},
		{"underscore kept", "ma_ho_so", "ma_ho_so"},
		{"unknown entity kept", "&nbsp;x", "&nbsp;x"},
		{"bad reference kept", "&#xZZ;", "&#xZZ;"},
		{"unterminated kept", "a & b", "a & b"},
		{"line ends", "a\r\nb\rc", "a\nb\nc"},
		{"referenced CR kept", "a&#13;b", "a\rb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, string(unescape(appendEntities(nil, []byte(tt.in)))))
		})
	}
}

func TestColumn(t *testing.T) {
	for ref, want := range map[string]int{"A1": 0, "J3": 9, "AA10": 26, "XFD1": 16383, "A": -1, "1": -1, "a1": -1, "XFE1": -1, "A1B": -1, "": -1} {
		assert.Equal(t, want, Column(ref), ref)
		assert.Equal(t, want, refColumn(ref), ref)
	}
}

// book returns a workbook as excelize writes it, with two sheets.
func book(t *testing.T) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	_, err := f.NewSheet("Hồ sơ")
	require.NoError(t, err)
	require.NoError(t, f.SetSheetRow("Sheet1", "A1", &[]any{"STT", 1, true, "Lê & <Nam>"}))
	require.NoError(t, f.SetSheetRow("Hồ sơ", "B3", &[]any{"x_y", 2.5}))
	var buf bytes.Buffer
	require.NoError(t, f.Write(&buf))
	return buf.Bytes()
}

func TestOpen(t *testing.T) {
	b := book(t)
	wb, err := Open(t.Context(), bytes.NewReader(b), int64(len(b)), Limits{})
	require.NoError(t, err)
	require.Len(t, wb.Sheets, 2)
	assert.Equal(t, "Sheet1", wb.Sheets[0].Name)
	assert.Equal(t, "Hồ sơ", wb.Sheets[1].Name)
	assert.Equal(t, "xl/worksheets/sheet2.xml", wb.Sheets[1].Part)
	assert.False(t, wb.Date1904)
	read := func(s Sheet) []refRow {
		var got []refRow
		require.NoError(t, wb.Rows(t.Context(), s, func(num int, cells []string) error {
			got = append(got, refRow{num, append([]string{}, cells...)})
			return nil
		}))
		return got
	}
	assert.Equal(t, []refRow{{1, []string{"STT", "1", "TRUE", "Lê & <Nam>"}}}, read(wb.Sheets[0]))
	assert.Equal(t, []refRow{{3, []string{"", "x_y", "2.5"}}}, read(wb.Sheets[1]))
}

func TestOpenRefuses(t *testing.T) {
	b := book(t)
	var noBook bytes.Buffer
	zw := zip.NewWriter(&noBook)
	w, err := zw.Create("xl/worksheets/sheet1.xml")
	require.NoError(t, err)
	_, err = w.Write([]byte("<worksheet/>"))
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	tests := []struct {
		name   string
		data   []byte
		limits Limits
		err    error
	}{
		{"not a zip", []byte("hello"), Limits{}, ErrNotXLSX},
		{"no workbook part", noBook.Bytes(), Limits{}, ErrNotXLSX},
		{"total", b, Limits{TotalBytes: 100}, ErrTooLarge},
		{"sheet", b, Limits{SheetBytes: 10}, ErrTooLarge},
		{"part", b, Limits{PartBytes: 10}, ErrTooLarge},
		{"shared strings", b, Limits{SharedStringsBytes: 10}, ErrTooLarge},
		{"shared string", b, Limits{CellBytes: 3}, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Open(t.Context(), bytes.NewReader(tt.data), int64(len(tt.data)), tt.limits)
			require.ErrorIs(t, err, tt.err)
			var xe *Error
			assert.ErrorAs(t, err, &xe)
		})
	}
}

// testWorkbook returns a workbook with the shared strings shared, as
// Open would hold them, and limits.
func testWorkbook(shared []string, limits Limits) *Workbook {
	var all strings.Builder
	wb := &Workbook{limits: limits}
	for _, s := range shared {
		all.WriteString(s)
		wb.sstEnd = append(wb.sstEnd, uint32(all.Len()))
	}
	wb.sst = all.String()
	return wb
}

// readAll returns the rows of worksheet XML as wb reads them.
func readAll(t *testing.T, wb *Workbook, xml string) ([]refRow, error) {
	t.Helper()
	var got []refRow
	err := wb.ReadRows(t.Context(), strings.NewReader(xml), "s", func(num int, cells []string) error {
		got = append(got, refRow{num, append([]string{}, cells...)})
		return nil
	})
	return got, err
}

// checkRows checks rows read against want, or the error against wantErr
// (an *Error of part "s"), and reports whether rows were read.
func checkRows(t *testing.T, got []refRow, err error, want []refRow, wantErr error) bool {
	t.Helper()
	if wantErr != nil {
		require.ErrorIs(t, err, wantErr)
		var xe *Error
		require.ErrorAs(t, err, &xe)
		assert.Equal(t, "s", xe.Part)
		return false
	}
	require.NoError(t, err)
	assert.Equal(t, want, got)
	return true
}
