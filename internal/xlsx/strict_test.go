package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// referenceStrict reports whether encoding/xml's strict decoder reads b
// to its end with its elements nested (local names compared) and closed,
// as catalog/sheet read its parts before it read them through this
// package.
func referenceStrict(b []byte) bool {
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.Strict = true
	var open []string
	for {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return len(open) == 0
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.StartElement:
			open = append(open, t.Name.Local)
		case xml.EndElement:
			if len(open) == 0 || open[len(open)-1] != t.Name.Local {
				return false
			}
			open = open[:len(open)-1]
		}
	}
}

// strictScan reports whether the strict scanner reads b to its end.
func strictScan(b []byte) error {
	sc := newScanner(bytes.NewReader(b), 1<<16, 1<<16)
	sc.strict = true
	for {
		_, err := sc.token(context.Background(), "p", 0)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

var strictTests = []struct {
	name, xml string
	ok        bool
}{
	{"a worksheet", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" + `<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>Lê &amp; &#272;&#x1EA1;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>`, true},
	{"CDATA, comments, instructions, a doctype", `<!DOCTYPE w><w><!-- a - b --><?pi x?><![CDATA[<&>]]></w>`, true},
	{"white space in tags, both quotes", "<w a = 'x' b=\"y\" ><v\t/></w  >", true},
	{"empty", ``, true},
	{"text only", `plain`, true},
	{"an instruction whose target is a Vietnamese name", "<?đọc x?><w/>", true},
	{"an instruction whose target holds bad UTF-8", "<?A\xa6?>", false},
	{"an instruction whose target starts with a digit", "<?1a?>", false},
	{"end tag of another element", `<row r="1"></c></row>`, false},
	{"end tag with nothing open", `<w/></w>`, false},
	{"cut short", `<w><row>`, false},
	{"cut in a tag", `<w><row r="1`, false},
	{"a control character", "\x00\x01", false},
	{"a control character by reference", `<w>&#1;</w>`, false},
	{"invalid UTF-8", "<w>\xff</w>", false},
	{"an unknown entity", `<w>&nbsp;</w>`, false},
	{"an entity without semicolon", `<w>a & b</w>`, false},
	{"a reference beyond Unicode", `<w>&#x110000;</w>`, false},
	{"an unquoted attribute", `<w a=1/>`, false},
	{"an attribute without value", `<w a/>`, false},
	{"'<' in an attribute", `<w a="<"/>`, false},
	{"an entity in an attribute", `<w a="&x;"/>`, false},
	{"a name starting with a digit", `<1w/>`, false},
	{"a tag without a name", `< w/>`, false},
	{"another encoding", `<?xml version="1.0" encoding="ISO-8859-1"?><w/>`, false},
	{"another version", `<?xml version="1.1"?><w/>`, false},
	{"two dashes in a comment", `<w><!-- a -- b --></w>`, false},
}

func TestStrict(t *testing.T) {
	for _, tt := range strictTests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.ok, referenceStrict([]byte(tt.xml)), "encoding/xml")
			err := strictScan([]byte(tt.xml))
			if tt.ok {
				require.NoError(t, err)
				return
			}
			var xe *Error
			require.ErrorAs(t, err, &xe)
			assert.ErrorIs(t, err, ErrNotXLSX)
			assert.Equal(t, "p", xe.Part)
		})
	}
}

// FuzzStrict: on any bytes the strict scanner accepts what encoding/xml's
// strict decoder accepts, with nesting checked, and refuses what it
// refuses.
func FuzzStrict(f *testing.F) {
	for _, tt := range strictTests {
		f.Add([]byte(tt.xml))
	}
	for _, tt := range rowsTests {
		f.Add([]byte(tt.xml))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<12 {
			return
		}
		err := strictScan(b)
		require.Equal(t, referenceStrict(b), err == nil, "scanner: %v", err)
	})
}

func TestReadRowsOptions(t *testing.T) {
	upper := func(typ string, text []byte) (string, error) {
		if typ == "e" {
			return "", errors.New("an error cell")
		}
		return typ + ":" + string(text), nil
	}
	tests := []struct {
		name   string
		limits Limits
		xml    string
		want   []refRow
		err    error
	}{
		{"rows going back, tolerant", Limits{Tolerant: true}, `<row r="2"/><row r="2"/><row r="1"/><row/>`,
			[]refRow{{2, []string{}}, {2, []string{}}, {1, []string{}}, {2, []string{}}}, nil},
		{"lower case references, tolerant", Limits{Tolerant: true}, `<row><c r="b1"><v>1</v></c></row>`,
			[]refRow{{1, []string{"", "1"}}}, nil},
		{"empty references, tolerant", Limits{Tolerant: true}, `<row r="4"><c r="C4"><v>1</v></c></row><row r=""><c r=""><v>2</v></c><c><v>3</v></c></row>`,
			[]refRow{{4, []string{"", "", "1"}}, {5, []string{"2", "3"}}}, nil},
		{"empty reference", Limits{}, `<row r=""/>`, nil, ErrNotXLSX},
		{"empty cell reference", Limits{}, `<row><c r=""/></row>`, nil, ErrNotXLSX},
		{"rows going back", Limits{}, `<row r="2"/><row r="2"/>`, nil, ErrNotXLSX},
		{"lower case references", Limits{}, `<row><c r="b1"><v>1</v></c></row>`, nil, ErrNotXLSX},
		{"past the last row, strict", Limits{Strict: true}, `<row r="1048577"/>`, nil, ErrNotXLSX},
		{"past the last row counted, strict", Limits{Strict: true}, `<row r="1048576"/><row/>`, nil, ErrNotXLSX},
		{"the last row, strict", Limits{Strict: true}, `<row r="1048576"/>`, []refRow{{MaxRows, []string{}}}, nil},
		{"past the last row", Limits{}, `<row r="1048577"/>`, []refRow{{MaxRows + 1, []string{}}}, nil},
		{"past XFD without references, strict", Limits{Strict: true, Columns: 2}, `<row><c r="XFD1"/><c/></row>`, nil, ErrNotXLSX},
		{"past XFD without references", Limits{Columns: 2}, `<row><c r="XFD1"/><c><v>1</v></c></row>`, []refRow{{1, []string{}}}, nil},
		{"malformed, strict", Limits{Strict: true}, `<row></c></row>`, nil, ErrNotXLSX},
		{"malformed", Limits{}, `<row></c></row>`, []refRow{{1, []string{}}}, nil},
		{"values", Limits{Value: upper}, `<row><c t="b"><v>1</v></c><c t="s"><v> 0 </v></c><c t="inlineStr"><is><t>a_x0041_&amp;</t></is></c><c/></row>`,
			[]refRow{{1, []string{"b:1", "s: 0 ", "inlineStr:a_x0041_&", ":"}}}, nil},
		{"a value's error", Limits{Value: upper}, `<row><c t="e"><v>#N/A</v></c></row>`, nil, ErrNotXLSX},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := readAll(t, testWorkbook(fuzzShared, tt.limits.withDefaults()), tt.xml)
			checkRows(t, got, err, tt.want, tt.err)
		})
	}
}

// TestContextComments: a part of comments only, which gives no token the
// readers use, still looks at the context.
func TestContextComments(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	data := bytes.Repeat([]byte("<!--x-->"), 2*ctxEveryTokens)
	err := testWorkbook(nil, Limits{}).ReadRows(ctx, bytes.NewReader(data), "s", func(int, []string) error { return nil })
	require.ErrorIs(t, err, context.Canceled)
}

func TestUnescape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a_x000D_b", "a\rb"},
		{"_x005F_x0041_", "_x0041_"},
		{"lone _xD800_ surrogate", "lone  surrogate"},
		{"_xZZZZ_", "_xZZZZ_"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			assert.Equal(t, tt.want, Unescape(tt.in))
			assert.Equal(t, tt.want, string(unescape([]byte(tt.in))))
		})
	}
}

// zipOf returns a zip of the parts, name and content in turn.
func zipOf(t *testing.T, parts ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(parts); i += 2 {
		w, err := zw.Create(parts[i])
		require.NoError(t, err)
		_, err = w.Write([]byte(parts[i+1]))
		require.NoError(t, err)
	}
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

// withDeclared adds to a zip a part that declares size unpacked bytes
// and holds none: the limits are checked on the declared sizes.
func withDeclared(t *testing.T, data []byte, name string, size uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	require.NoError(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		require.NoError(t, zw.Copy(f))
	}
	_, err = zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, UncompressedSize64: size})
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

const (
	relsNS  = `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	relType = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
)

func TestOpenPackage(t *testing.T) {
	// Upper-case part names, a sheet found by its sheetId, another by a
	// relationship, one listed but absent, the shared strings at their
	// usual name without a relationship.
	data := zipOf(t,
		"XL/Workbook.xml", `<workbook `+relsNS+`><sheets><sheet name="Một" sheetId="1"/><sheet name="Hai" sheetId="7" r:id="rId2"/><sheet name="Ba" sheetId="3" r:id="rId3"/><sheet name="một" sheetId="9"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels", `<Relationships><Relationship Id="rId2" Type="`+relType+`worksheet" Target="worksheets/Other.xml"/><Relationship Id="rId3" Type="`+relType+`worksheet" Target="/xl/worksheets/gone.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml", `<worksheet><sheetData><row><c t="s"><v>1</v></c></row></sheetData></worksheet>`,
		"xl/worksheets/other.xml", `<worksheet/>`,
		"xl/sharedStrings.xml", `<sst><si><t>a</t></si><si><r><t>b</t></r><r><t>_x0043_</t></r></si></sst>`,
	)
	wb, err := Open(t.Context(), bytes.NewReader(data), int64(len(data)), Limits{Strict: true})
	require.NoError(t, err)
	require.Len(t, wb.Sheets, 2)
	assert.Equal(t, "xl/worksheets/sheet1.xml", wb.Sheets[0].Part)
	assert.Equal(t, "xl/worksheets/other.xml", wb.Sheets[1].Part)
	assert.Equal(t, 2, wb.SharedStrings())
	s, ok := wb.SharedString(1)
	assert.True(t, ok)
	assert.Equal(t, "bC", s)
	_, ok = wb.SharedString(2)
	assert.False(t, ok)

	tests := []struct {
		name           string
		listed, exists bool
		part           string
	}{
		{"MỘT", true, true, "xl/worksheets/sheet1.xml"}, // the first of the two
		{"hai", true, true, "xl/worksheets/other.xml"},
		{"Ba", true, false, ""},
		{"Bốn", false, false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, listed := wb.Lookup(tt.name)
			assert.Equal(t, tt.listed, listed)
			assert.Equal(t, tt.exists, s.Present())
			if tt.exists {
				assert.Equal(t, tt.part, s.Part)
			}
		})
	}
	var got []refRow
	first, _ := wb.Lookup("Một")
	require.NoError(t, wb.Rows(t.Context(), first, func(num int, cells []string) error {
		got = append(got, refRow{num, append([]string{}, cells...)})
		return nil
	}))
	assert.Equal(t, []refRow{{1, []string{"bC"}}}, got)
	absent, _ := wb.Lookup("Ba")
	require.ErrorIs(t, wb.Rows(t.Context(), absent, func(int, []string) error { return nil }), ErrNotXLSX)
}

func TestOpenOptions(t *testing.T) {
	book := `<workbook ` + relsNS + `><sheets><sheet name="S" sheetId="1"/></sheets></workbook>`
	base := zipOf(t, "xl/workbook.xml", book, "xl/worksheets/sheet1.xml", `<worksheet/>`)
	noSheet := zipOf(t, "xl/workbook.xml", `<workbook><sheets/></workbook>`)
	ole := append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 600)...)
	tests := []struct {
		name   string
		data   []byte
		limits Limits
		err    error
		limit  string // the Limits field an ErrTooLarge names
		detail string
	}{
		{"a picture past AnyPartBytes", withDeclared(t, base, "xl/media/image1.png", 1001), Limits{AnyPartBytes: 1000}, ErrTooLarge, "AnyPartBytes", "1001 bytes, more than 1000"},
		{"a picture at AnyPartBytes", withDeclared(t, base, "xl/media/image1.png", 1000), Limits{AnyPartBytes: 1000}, nil, "", ""},
		{"a picture, no AnyPartBytes", withDeclared(t, base, "xl/media/image1.png", 1<<40), Limits{}, nil, "", ""},
		{"an unlisted worksheet past SheetBytes", withDeclared(t, base, "xl/worksheets/sheet9.xml", 2001), Limits{AnyPartBytes: 1000, SheetBytes: 2000}, ErrTooLarge, "SheetBytes", ""},
		{"an unlisted worksheet past AnyPartBytes, below SheetBytes", withDeclared(t, base, "xl/worksheets/sheet9.xml", 2000), Limits{AnyPartBytes: 1000, SheetBytes: 2000}, nil, "", ""},
		{"a worksheet in a folder past AnyPartBytes", withDeclared(t, base, "xl/worksheets/x/sheet9.xml", 1001), Limits{AnyPartBytes: 1000, SheetBytes: 2000}, ErrTooLarge, "AnyPartBytes", ""},
		{"past TotalBytes", withDeclared(t, base, "xl/media/image1.png", 1000), Limits{TotalBytes: 1000}, ErrTooLarge, "TotalBytes", ""},
		{"the workbook past PartBytes", base, Limits{PartBytes: 10}, ErrTooLarge, "PartBytes", ""},
		{"no worksheet", noSheet, Limits{}, ErrNotXLSX, "", "no worksheet"},
		{"no worksheet, tolerant", noSheet, Limits{Tolerant: true}, nil, "", ""},
		{"a legacy .xls", ole, Limits{}, ErrNotXLSX, "", "a legacy .xls"},
		{"a malformed workbook", zipOf(t, "xl/workbook.xml", `<workbook><sheets></workbook>`), Limits{}, ErrNotXLSX, "", "closes nothing open"},
		{"malformed relationships", zipOf(t, "xl/workbook.xml", book, "xl/_rels/workbook.xml.rels", `<Relationships>`), Limits{}, ErrNotXLSX, "", "XML cut short"},
		{"malformed shared strings, strict", zipOf(t, "xl/workbook.xml", book, "xl/worksheets/sheet1.xml", `<worksheet/>`, "xl/sharedStrings.xml", `<sst><si><t>&nbsp;</t></si></sst>`), Limits{Strict: true}, ErrNotXLSX, "", "invalid character entity"},
		{"malformed shared strings", zipOf(t, "xl/workbook.xml", book, "xl/worksheets/sheet1.xml", `<worksheet/>`, "xl/sharedStrings.xml", `<sst><si><t>&nbsp;</t></si></sst>`), Limits{}, nil, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := Open(t.Context(), bytes.NewReader(tt.data), int64(len(tt.data)), tt.limits)
			if tt.err == nil {
				require.NoError(t, err)
				assert.NotNil(t, wb)
				return
			}
			require.ErrorIs(t, err, tt.err)
			assert.Nil(t, wb)
			var xe *Error
			require.ErrorAs(t, err, &xe)
			assert.Equal(t, tt.limit, xe.Limit)
			assert.Contains(t, xe.Detail, tt.detail)
			if tt.limit != "" {
				assert.Positive(t, xe.Max)
			}
		})
	}
}
