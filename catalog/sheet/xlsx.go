package sheet

import (
	"archive/zip"
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

	"github.com/motcua/motcua/internal/errdetail"
)

// This file reads the parts of an xlsx package that [Read] needs as
// streams: the workbook's sheet list, its relationships, the shared
// strings (held, as cells refer to them by number) and each worksheet, row
// by row, never holding a worksheet's XML. archive/zip fails a part that
// unpacks to more than its declared size, so the declared sizes bound the
// work before any of it is done.

// pkg is an opened xlsx package.
type pkg struct {
	parts  map[string]*zip.File // by lower-case name
	sheets []sheetRef           // in workbook order
	// sst holds the shared strings end to end; string i is
	// sst[sstEnd[i-1]:sstEnd[i]] (sstEnd[-1] being 0).
	sst    string
	sstEnd []uint32
	// interned holds short cell values already seen; see intern.
	interned map[string]string
}

// sheetRef is a sheet of the workbook and its part.
type sheetRef struct {
	name, part string
}

// openPackage checks the zip structure and sizes of data, size bytes, and
// reads its sheet list and shared strings.
func openPackage(ctx context.Context, data io.ReaderAt, size int64) (*pkg, error) {
	var head [8]byte
	if n, _ := data.ReadAt(head[:], 0); bytes.Equal(head[:n], []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return nil, fmt.Errorf("%w: a legacy .xls or an encrypted workbook; save it as .xlsx without a password", ErrNotXLSX)
	}
	zr, err := zip.NewReader(data, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotXLSX, err)
	}
	p := &pkg{parts: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	for _, zf := range zr.File {
		limit, name := uint64(MaxPartBytes), "MaxPartBytes"
		if isWorksheet(zf.Name) {
			limit, name = MaxSheetBytes, "MaxSheetBytes"
		}
		if zf.UncompressedSize64 > limit {
			return nil, fmt.Errorf("%w: part %s unpacks to %d bytes, more than %s (%d)",
				ErrTooLarge, quote(zf.Name), zf.UncompressedSize64, name, limit)
		}
		total += zf.UncompressedSize64
		if total > MaxUnpackedBytes {
			return nil, fmt.Errorf("%w: unpacks to more than MaxUnpackedBytes (%d)", ErrTooLarge, MaxUnpackedBytes)
		}
		p.parts[strings.ToLower(zf.Name)] = zf
	}
	wb := p.parts["xl/workbook.xml"]
	if wb == nil {
		return nil, fmt.Errorf("%w: no xl/workbook.xml part", ErrNotXLSX)
	}
	targets := map[string]string{} // relationship id -> part name
	sstPart := "xl/sharedstrings.xml"
	if rels := p.parts["xl/_rels/workbook.xml.rels"]; rels != nil {
		err := p.scan(ctx, rels, func(e xml.StartElement) {
			if e.Name.Local != "Relationship" {
				return
			}
			target := resolve(attr(e, "Target"))
			targets[attr(e, "Id")] = target
			if strings.HasSuffix(attr(e, "Type"), "/sharedStrings") {
				sstPart = target
			}
		}, nil, nil)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrNotXLSX, rels.Name, clipErr(err))
		}
	}
	err = p.scan(ctx, wb, func(e xml.StartElement) {
		if e.Name.Local != "sheet" {
			return
		}
		part := targets[attr(e, "id")]
		if part == "" { // no relationships: the usual names
			part = "xl/worksheets/sheet" + attr(e, "sheetId") + ".xml"
		}
		p.sheets = append(p.sheets, sheetRef{name: attr(e, "name"), part: part})
	}, nil, nil)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrNotXLSX, wb.Name, clipErr(err))
	}
	if zf := p.parts[sstPart]; zf != nil {
		if err := p.readSharedStrings(ctx, zf); err != nil {
			return nil, fmt.Errorf("%w: %s: %s", ErrNotXLSX, clip(zf.Name), clipErr(err))
		}
	}
	return p, nil
}

// clipErr returns err's message cut to 200 characters: XML errors quote
// element names, which a hostile file makes as long as it likes.
func clipErr(err error) string { return errdetail.ClipPath(err.Error()) }

// clip cuts a name from the file after 80 characters with "…".
func clip(s string) string { return errdetail.Clip(s) }

// isWorksheet reports whether a part is a worksheet, which Read streams
// rather than holds.
func isWorksheet(name string) bool {
	rest, ok := strings.CutPrefix(strings.ToLower(name), "xl/worksheets/")
	return ok && !strings.Contains(rest, "/")
}

// resolve returns the lower-case part name of a relationship target of
// xl/workbook.xml: relative to xl/, or absolute.
func resolve(target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.ToLower(path.Clean(target[1:]))
	}
	return strings.ToLower(path.Clean("xl/" + target))
}

// attr returns the value of the attribute of e with the local name name.
func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// scan reads a part as XML to its end, checking that it is well-formed,
// and calls start, end and text as [walk] does.
func (p *pkg) scan(ctx context.Context, zf *zip.File, start func(xml.StartElement), end func(name string) error, text func(stack []string, data []byte)) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return walk(ctx, rc, start, end, text)
}

// walk decodes XML from r with raw tokens, checking that elements nest,
// and calls start, end and text as the tokens come; stack holds the local
// names of the open elements. It returns ctx's error, looked at every
// ctxEveryTokens tokens, so that a part without rows (comments, one
// endless row) cannot outlast a deadline.
func walk(ctx context.Context, r io.Reader, start func(xml.StartElement), end func(name string) error, text func(stack []string, data []byte)) error {
	dec := xml.NewDecoder(r)
	dec.Strict = true
	var stack []string
	for n := 1; ; n++ {
		if n%ctxEveryTokens == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		tok, err := dec.RawToken()
		if err == io.EOF {
			if len(stack) != 0 {
				return errors.New("XML cut short")
			}
			return nil
		} else if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name.Local)
			if start != nil {
				start(t)
			}
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				return fmt.Errorf("element </%s> closes nothing open", t.Name.Local)
			}
			stack = stack[:len(stack)-1]
			if end != nil {
				if err := end(t.Name.Local); err != nil {
					return err
				}
			}
		case xml.CharData:
			if text != nil && len(stack) > 0 {
				text(stack, t)
			}
		}
	}
}

// isText reports whether stack ends inside the text of a string item: the
// t of an si or is, or of a rich-text run r in one (phonetic runs rPh are
// not the text).
func isText(stack []string, item string) bool {
	n := len(stack)
	return n >= 2 && stack[n-1] == "t" && (stack[n-2] == item || n >= 3 && stack[n-2] == "r" && stack[n-3] == item)
}

// readSharedStrings reads the shared string table.
func (p *pkg) readSharedStrings(ctx context.Context, zf *zip.File) error {
	var b strings.Builder
	var cur []byte
	err := p.scan(ctx, zf, func(e xml.StartElement) {
		if e.Name.Local == "si" {
			cur = cur[:0]
		}
	}, func(name string) error {
		if name == "si" {
			b.WriteString(unescape(string(cur)))
			p.sstEnd = append(p.sstEnd, uint32(b.Len()))
		}
		return nil
	}, func(stack []string, data []byte) {
		if isText(stack, "si") {
			cur = append(cur, data...)
		}
	})
	p.sst = b.String()
	return err
}

// sharedString returns shared string i.
func (p *pkg) sharedString(i int) (string, bool) {
	if i < 0 || i >= len(p.sstEnd) {
		return "", false
	}
	from := uint32(0)
	if i > 0 {
		from = p.sstEnd[i-1]
	}
	return p.sst[from:p.sstEnd[i]], true
}

// sheet returns the part of the sheet named name (letter case ignored),
// and whether the workbook lists the sheet; the part is nil when the
// package lacks it.
func (p *pkg) sheet(name string) (part *zip.File, listed bool) {
	for _, s := range p.sheets {
		if strings.EqualFold(s.name, name) {
			return p.parts[s.part], true
		}
	}
	return nil, false
}

// countRows returns an estimate of the number of rows of a worksheet part,
// at most maxRows: the number of row elements its bytes open, counted
// without parsing (a fast pass over the unpacked bytes), so that the
// reader can size its tables once instead of growing them.
func (p *pkg) countRows(ctx context.Context, zf *zip.File) int {
	rc, err := zf.Open()
	if err != nil {
		return 0
	}
	defer rc.Close()
	buf := make([]byte, 256<<10)
	n, keep := 0, 0
	for {
		if err := ctx.Err(); err != nil {
			return n
		}
		m, err := io.ReadFull(rc, buf[keep:])
		data := buf[:keep+m]
		// Matches in the last 32 bytes wait for the next read, which sees
		// them with the 32 bytes before them.
		limit := len(data) - 32
		if err != nil {
			limit = len(data)
		}
		for i := keep - min(keep, 32); ; {
			j := bytes.Index(data[i:], []byte("row"))
			if j < 0 || i+j >= limit || i+j+3 >= len(data) {
				break
			}
			k := i + j
			if c := data[k+3]; opensRow(data, k) && (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') {
				n++
			}
			i = k + 3
		}
		if n >= maxRows {
			return maxRows
		}
		if err != nil {
			return n
		}
		// Keep the last 64 bytes: a "<row " may straddle two reads.
		keep = copy(buf, data[len(data)-64:])
	}
}

// opensRow reports whether the "row" at data[k:] follows "<" or "<prefix:",
// a start tag (not "</row" or "</x:row").
func opensRow(data []byte, k int) bool {
	if k == 0 {
		return false
	}
	if data[k-1] == '<' {
		return true
	}
	if data[k-1] != ':' {
		return false
	}
	j := k - 2
	for j >= 0 && (data[j] == '_' || data[j] == '-' || data[j] == '.' ||
		'a' <= data[j] && data[j] <= 'z' || 'A' <= data[j] && data[j] <= 'Z' || '0' <= data[j] && data[j] <= '9') {
		j--
	}
	return j >= 0 && j < k-2 && data[j] == '<'
}

// rowFunc receives a row's number (1-based) and its cells' values by
// column (0-based), valid until it returns.
type rowFunc func(num int, cells []string) error

// rows streams the rows of a worksheet part to fn, checking ctx every
// ctxEvery rows.
func (p *pkg) rows(ctx context.Context, zf *zip.File, fn rowFunc) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return p.readRows(ctx, rc, fn)
}

// readRows streams the rows of worksheet XML to fn, as [pkg.rows].
func (p *pkg) readRows(ctx context.Context, r io.Reader, fn rowFunc) error {
	var (
		rowNum, col int
		cells       []string
		inRow       bool
		cellType    string
		value       []byte
		hasValue    bool
		count       int
	)
	start := func(e xml.StartElement) {
		switch e.Name.Local {
		case "row":
			if r := attr(e, "r"); r != "" {
				n, err := strconv.Atoi(r)
				if err != nil || n < 1 {
					n = -1
				}
				rowNum = n
			} else {
				rowNum++
			}
			inRow, col, cells = true, -1, cells[:0]
		case "c":
			if r := attr(e, "r"); r != "" {
				col = columnIndex(r)
			} else {
				col++
			}
			cellType, value, hasValue = attr(e, "t"), value[:0], false
		case "v", "t":
			hasValue = true
		}
	}
	end := func(name string) error {
		switch name {
		case "c":
			if !inRow {
				return nil
			}
			if col < 0 || col >= maxColumns {
				return errors.New("a cell reference outside columns A to XFD")
			}
			if !hasValue {
				return nil
			}
			v := p.intern(value)
			switch cellType {
			case "s":
				if v == "" {
					break
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				s, ok := p.sharedString(i)
				if err != nil || !ok {
					return fmt.Errorf("shared string %s does not exist", quote(v))
				}
				v = s
			case "inlineStr":
				v = unescape(v)
			}
			for len(cells) <= col {
				cells = append(cells, "")
			}
			cells[col] = v
		case "row":
			inRow = false
			if rowNum < 1 || rowNum > maxRows {
				return fmt.Errorf("row number outside 1 to %d", maxRows)
			}
			if count++; count%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			return fn(rowNum, cells)
		}
		return nil
	}
	text := func(stack []string, data []byte) {
		n := len(stack)
		switch {
		case n >= 2 && stack[n-1] == "v" && stack[n-2] == "c":
			value = append(value, data...)
		case isText(stack, "is"):
			value = append(value, data...)
		}
	}
	return walk(ctx, r, start, end, text)
}

// intern returns b as a string, the same string for the same short value
// seen before: sectors, agencies and results repeat down a sheet, and the
// catalogue then holds each once. The table is bounded (internMax values of
// at most internLen bytes), so a hostile sheet cannot grow it.
func (p *pkg) intern(b []byte) string {
	if len(b) > internLen {
		return string(b)
	}
	if s, ok := p.interned[string(b)]; ok {
		return s
	}
	s := string(b)
	if p.interned == nil {
		p.interned = map[string]string{}
	}
	if len(p.interned) < internMax {
		p.interned[s] = s
	}
	return s
}

// Bounds of the intern table.
const (
	internLen = 128
	internMax = 1 << 16
)

// ctxEvery is how many rows [pkg.rows] reads between two looks at the
// context.
const ctxEvery = 1024

// ctxEveryTokens is how many XML tokens walk reads between two looks at
// the context.
const ctxEveryTokens = 1 << 16

// maxColumns is Excel's number of columns, A to XFD.
const maxColumns = 16384

// columnIndex returns the 0-based column of a cell reference such as
// "AB12", or -1.
func columnIndex(ref string) int {
	col := 0
	i := 0
	for ; i < len(ref); i++ {
		c := ref[i]
		switch {
		case 'A' <= c && c <= 'Z':
			col = col*26 + int(c-'A') + 1
		case 'a' <= c && c <= 'z':
			col = col*26 + int(c-'a') + 1
		default:
			goto digits
		}
		if col > maxColumns {
			return -1
		}
	}
digits:
	if col == 0 || i == len(ref) {
		return -1
	}
	for ; i < len(ref); i++ {
		if ref[i] < '0' || ref[i] > '9' {
			return -1
		}
	}
	return col - 1
}

// unescape decodes the _xHHHH_ escapes by which xlsx writers store
// characters XML cannot carry (and _x005F_ for a literal underscore
// before such a sequence), as excelize and Excel read them.
func unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		if i+7 <= len(s) && s[i] == '_' && s[i+1] == 'x' && s[i+6] == '_' {
			if r, err := strconv.ParseUint(s[i+2:i+6], 16, 32); err == nil {
				if utf8.ValidRune(rune(r)) { // excelize drops a lone surrogate
					b.WriteRune(rune(r))
				}
				i += 7
				continue
			}
		}
		b.WriteByte(s[i])
		i++
	}
	return b.String()
}
