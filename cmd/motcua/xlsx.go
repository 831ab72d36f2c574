package main

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Limits of the workbook reader: a register is outside input.
const (
	maxSharedStrings = 512 << 20 // unpacked bytes of the shared strings part
	maxSmallPart     = 16 << 20  // workbook, relationships
	maxCellBytes     = 1 << 16   // one cell's text (Excel allows 32,767 characters)
	maxColumns       = 64        // cells beyond this column are ignored
	maxTagBytes      = 1 << 16   // one XML tag
)

var errXLSX = errors.New("not a readable xlsx workbook")

// workbook is an xlsx file opened for streaming its sheets row by row:
// only the shared strings are held in memory, never a worksheet.
type workbook struct {
	zr       *zip.Reader
	sheets   []wbSheet
	shared   []string
	date1904 bool
}

type wbSheet struct {
	name string
	file *zip.File
}

// openWorkbook reads the workbook's structure and shared strings.
func openWorkbook(r io.ReaderAt, size int64) (*workbook, error) {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errXLSX, err)
	}
	wb := &workbook{zr: zr}
	files := map[string]*zip.File{}
	for _, f := range zr.File {
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	book := files["xl/workbook.xml"]
	if book == nil {
		return nil, fmt.Errorf("%w: no xl/workbook.xml", errXLSX)
	}
	var wx struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(book, &wx); err != nil {
		return nil, err
	}
	wb.date1904 = wx.Pr.Date1904 == "1" || wx.Pr.Date1904 == "true"
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	if f := files["xl/_rels/workbook.xml.rels"]; f != nil {
		if err := decodePart(f, &rels); err != nil {
			return nil, err
		}
	}
	target := map[string]string{}
	for _, r := range rels.Rel {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
		if strings.HasSuffix(r.Type, "/sharedStrings") {
			if f := files[t]; f != nil {
				if err := wb.readShared(f); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, s := range wx.Sheets {
		if f := files[target[s.RID]]; f != nil {
			wb.sheets = append(wb.sheets, wbSheet{name: s.Name, file: f})
		}
	}
	if len(wb.sheets) == 0 {
		return nil, fmt.Errorf("%w: no worksheet", errXLSX)
	}
	return wb, nil
}

// decodePart decodes a small XML part.
func decodePart(f *zip.File, v any) error {
	if f.UncompressedSize64 > maxSmallPart {
		return fmt.Errorf("%w: %s is too large", errXLSX, f.Name)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errXLSX, f.Name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, maxSmallPart)).Decode(v); err != nil {
		return fmt.Errorf("%w: %s: %v", errXLSX, f.Name, err)
	}
	return nil
}

// readShared reads the shared strings: each <si>'s text, runs joined,
// phonetic runs left out.
func (wb *workbook) readShared(f *zip.File) error {
	if f.UncompressedSize64 > maxSharedStrings {
		return fmt.Errorf("%w: shared strings of %d bytes", errXLSX, f.UncompressedSize64)
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("%w: %v", errXLSX, err)
	}
	defer rc.Close()
	sc := newScanner(io.LimitReader(rc, maxSharedStrings))
	var cur []byte
	inSI, inT, inRPh := false, false, false
	for {
		tok, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: shared strings: %v", errXLSX, err)
		}
		switch {
		case tok.kind == tokText:
			if inSI && inT && !inRPh {
				if len(cur)+len(tok.text) > maxCellBytes {
					return fmt.Errorf("%w: a shared string over %d bytes", errXLSX, maxCellBytes)
				}
				cur = appendText(cur, tok.text)
			}
		case tok.name == "si":
			if tok.kind == tokStart {
				inSI, cur = true, cur[:0]
			} else {
				if tok.kind == tokEnd || tok.kind == tokEmpty {
					wb.shared = append(wb.shared, string(cur))
				}
				inSI = false
			}
		case tok.name == "t":
			inT = tok.kind == tokStart
		case tok.name == "rPh":
			inRPh = tok.kind == tokStart
		}
	}
}

// rows calls fn with every row of sheet, its number from 1 and its cells'
// text by column (column A at 0; at most maxColumns). Shared strings are
// resolved; numbers, booleans and dates stay as written in the XML (a date
// is a serial number). The cells slice is reused between calls. The
// worksheet's unpacked bytes read are counted into bar.
func (wb *workbook) rows(ctx context.Context, s wbSheet, bar *progress, fn func(num int, cells []string) error) error {
	rc, err := s.file.Open()
	if err != nil {
		return fmt.Errorf("%w: %s: %v", errXLSX, s.name, err)
	}
	defer rc.Close()
	var r io.Reader = rc
	if bar != nil {
		r = countingReader{rc, bar}
	}
	sc := newScanner(r)
	cells := make([]string, 0, 16)
	var text []byte
	rowNum, col, rows := 0, -1, 0
	cellType := ""
	inRow, inCell, inV, inIS, inT, inRPh := false, false, false, false, false, false
	flushCell := func() error {
		if col < 0 || col >= maxColumns {
			return nil
		}
		v := ""
		switch cellType {
		case "s":
			i, err := strconv.Atoi(strings.TrimSpace(string(text)))
			if err != nil || i < 0 || i >= len(wb.shared) {
				return fmt.Errorf("%w: %s row %d: shared string %q out of range", errXLSX, s.name, rowNum, text)
			}
			v = wb.shared[i]
		case "b":
			v = "FALSE"
			if strings.TrimSpace(string(text)) == "1" {
				v = "TRUE"
			}
		default:
			v = string(text)
		}
		for len(cells) <= col {
			cells = append(cells, "")
		}
		cells[col] = v
		return nil
	}
	for {
		tok, err := sc.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%w: %s: %v", errXLSX, s.name, err)
		}
		if tok.kind == tokText {
			if inCell && (inV || (inIS && inT && !inRPh)) {
				if len(text)+len(tok.text) > maxCellBytes {
					return fmt.Errorf("%w: %s row %d: a cell over %d bytes", errXLSX, s.name, rowNum, maxCellBytes)
				}
				text = appendText(text, tok.text)
			}
			continue
		}
		switch tok.name {
		case "row":
			switch tok.kind {
			case tokStart, tokEmpty:
				n := rowNum + 1
				if v, ok := tok.attr("r"); ok {
					if n, err = strconv.Atoi(v); err != nil || n < 1 || n <= rowNum {
						return fmt.Errorf("%w: %s: row number %q", errXLSX, s.name, v)
					}
				}
				rowNum, col, cells, inRow = n, -1, cells[:0], tok.kind == tokStart
				if tok.kind == tokEmpty {
					if err := fn(rowNum, cells); err != nil {
						return err
					}
				}
			case tokEnd:
				if !inRow {
					continue
				}
				inRow = false
				if err := fn(rowNum, cells); err != nil {
					return err
				}
				if rows++; rows&1023 == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
			}
		case "c":
			if !inRow {
				continue
			}
			switch tok.kind {
			case tokStart, tokEmpty:
				next := col + 1
				if ref, ok := tok.attr("r"); ok {
					if next = columnOf(ref); next < 0 {
						return fmt.Errorf("%w: %s row %d: cell reference %q", errXLSX, s.name, rowNum, ref)
					}
				}
				col = next
				cellType, _ = tok.attr("t")
				text = text[:0]
				inCell = tok.kind == tokStart
				if tok.kind == tokEmpty {
					if err := flushCell(); err != nil {
						return err
					}
				}
			case tokEnd:
				if inCell {
					if err := flushCell(); err != nil {
						return err
					}
				}
				inCell = false
			}
		case "v":
			inV = tok.kind == tokStart
		case "is":
			inIS = tok.kind == tokStart
		case "t":
			inT = tok.kind == tokStart
		case "rPh":
			inRPh = tok.kind == tokStart
		}
	}
}

// columnOf returns the 0-based column of a cell reference ("B7" → 1),
// -1 when it is not one.
func columnOf(ref string) int {
	n, i := 0, 0
	for ; i < len(ref) && ref[i] >= 'A' && ref[i] <= 'Z'; i++ {
		n = n*26 + int(ref[i]-'A'+1)
		if n > 16384 {
			return -1
		}
	}
	if i == 0 || i == len(ref) {
		return -1
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return -1
		}
	}
	return n - 1
}

// Token kinds of the scanner.
const (
	tokText = iota
	tokStart
	tokEnd
	tokEmpty
)

// token is one piece of XML: text, or a tag with its local name and its
// raw attributes.
type token struct {
	kind  int
	name  string
	attrs []byte
	text  []byte
}

// attr returns the value of attribute name (unescaped).
func (t *token) attr(name string) (string, bool) {
	a := t.attrs
	for len(a) > 0 {
		a = bytes.TrimLeft(a, " \t\r\n")
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return "", false
		}
		key := bytes.TrimSpace(a[:eq])
		rest := bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		val := rest[1 : 1+end]
		if i := bytes.IndexByte(key, ':'); i >= 0 {
			key = key[i+1:]
		}
		if string(key) == name {
			return string(appendText(nil, val)), true
		}
		a = rest[end+2:]
	}
	return "", false
}

// scanner splits XML into tokens, fast: a worksheet of a million rows is
// read at the speed of inflating it. It understands what spreadsheet
// parts hold (elements, attributes, text, entities, CDATA, comments,
// processing instructions); names lose their namespace prefix.
type scanner struct {
	r       *bufio.Reader
	scratch []byte
	tag     []byte
}

func newScanner(r io.Reader) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 1<<16)}
}

// next returns the next token; its slices are valid until the next call.
func (s *scanner) next() (token, error) {
	for {
		b, err := s.r.Peek(1)
		if err != nil {
			return token{}, err
		}
		if b[0] != '<' {
			s.scratch = s.scratch[:0]
			for {
				chunk, err := s.r.ReadSlice('<')
				if err == nil {
					s.scratch = append(s.scratch, chunk[:len(chunk)-1]...)
					if uerr := s.r.UnreadByte(); uerr != nil {
						return token{}, uerr
					}
					break
				}
				s.scratch = append(s.scratch, chunk...)
				if err == bufio.ErrBufferFull {
					if len(s.scratch) > maxCellBytes*4 {
						return token{}, errors.New("text too long")
					}
					continue
				}
				if err == io.EOF {
					break
				}
				return token{}, err
			}
			return token{kind: tokText, text: s.scratch}, nil
		}
		if err := s.readTag(); err != nil {
			return token{}, err
		}
		t := s.tag // without '<' and '>'
		switch {
		case len(t) == 0:
			return token{}, errors.New("empty tag")
		case t[0] == '?', bytes.HasPrefix(t, []byte("!--")), bytes.HasPrefix(t, []byte("!DOCTYPE")):
			continue
		case bytes.HasPrefix(t, []byte("![CDATA[")):
			return token{kind: tokText, text: cdataText(t)}, nil
		case t[0] == '/':
			return token{kind: tokEnd, name: localName(t[1:])}, nil
		}
		kind := tokStart
		if t[len(t)-1] == '/' {
			kind, t = tokEmpty, t[:len(t)-1]
		}
		name := t
		attrs := []byte(nil)
		if i := bytes.IndexAny(t, " \t\r\n"); i >= 0 {
			name, attrs = t[:i], t[i:]
		}
		return token{kind: kind, name: localName(name), attrs: attrs}, nil
	}
}

// readTag reads a tag from '<' to its '>' into s.tag, without them;
// a '>' inside quotes, a comment or CDATA does not end it.
func (s *scanner) readTag() error {
	if _, err := s.r.ReadByte(); err != nil { // '<'
		return err
	}
	s.tag = s.tag[:0]
	var quote byte
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		if len(s.tag) >= maxTagBytes {
			return errors.New("tag too long")
		}
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			s.tag = append(s.tag, c)
			continue
		}
		if c == '>' {
			switch {
			case bytes.HasPrefix(s.tag, []byte("!--")):
				if !bytes.HasSuffix(s.tag, []byte("--")) || len(s.tag) < 5 {
					s.tag = append(s.tag, c)
					continue
				}
			case bytes.HasPrefix(s.tag, []byte("![CDATA[")):
				if !bytes.HasSuffix(s.tag, []byte("]]")) {
					s.tag = append(s.tag, c)
					continue
				}
			}
			return nil
		}
		if (c == '"' || c == '\'') && !bytes.HasPrefix(s.tag, []byte("!")) {
			quote = c
		}
		s.tag = append(s.tag, c)
	}
}

func cdataText(t []byte) []byte {
	t = t[len("![CDATA["):]
	return t[:len(t)-2]
}

// localName returns a name without its namespace prefix.
func localName(b []byte) string {
	if i := bytes.IndexByte(b, ':'); i >= 0 {
		b = b[i+1:]
	}
	switch string(b) { // the names the readers look at, without allocating
	case "row":
		return "row"
	case "c":
		return "c"
	case "v":
		return "v"
	case "t":
		return "t"
	case "is":
		return "is"
	case "si":
		return "si"
	case "rPh":
		return "rPh"
	}
	return string(b)
}

// appendText appends XML text to dst with its entities and character
// references resolved and OOXML's _xHHHH_ escapes decoded; a malformed
// entity is kept as written.
func appendText(dst, src []byte) []byte {
	for len(src) > 0 {
		i := bytes.IndexAny(src, "&_")
		if i < 0 {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if src[0] == '_' {
			if len(src) >= 7 && src[1] == 'x' && src[6] == '_' {
				if n, err := strconv.ParseUint(string(src[2:6]), 16, 16); err == nil {
					dst = utf8.AppendRune(dst, rune(n))
					src = src[7:]
					continue
				}
			}
			dst, src = append(dst, '_'), src[1:]
			continue
		}
		end := bytes.IndexByte(src, ';')
		if end < 0 || end > 12 {
			dst, src = append(dst, '&'), src[1:]
			continue
		}
		ent := string(src[1:end])
		switch ent {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = errors.New("unknown entity")
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				dst, src = append(dst, '&'), src[1:]
				continue
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
		src = src[end+1:]
	}
	return dst
}
