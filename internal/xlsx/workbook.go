package xlsx

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"math"
	"path"
	"strconv"
	"strings"
)

// Excel's bounds: columns A to XFD, rows 1 to 1,048,576.
const (
	// MaxColumns is Excel's number of columns, A to XFD.
	MaxColumns = 16384
	// MaxRows is Excel's number of rows.
	MaxRows = 1048576
)

// Limits bound the work [Open] and [Workbook.Rows] do on a workbook, and
// say how strictly they read it; a zero field takes its default.
type Limits struct {
	// SharedStringsBytes bounds the unpacked shared strings part, which is
	// held in memory (default 512 MiB).
	SharedStringsBytes int64
	// PartBytes bounds each other part read whole: the workbook and its
	// relationships (default 16 MiB).
	PartBytes int64
	// AnyPartBytes, when set, bounds every part of the package, read or
	// not (styles, pictures, unlisted sheets...), but the worksheets
	// directly under xl/worksheets/, which SheetBytes bounds; [Open]
	// checks them on the zip directory, in its order, before reading any
	// (default: only the parts read are bounded).
	AnyPartBytes int64
	// SheetBytes bounds each worksheet part, streamed (default: none).
	SheetBytes int64
	// TotalBytes bounds all the parts of the package together (default:
	// none).
	TotalBytes int64
	// CellBytes bounds one cell's or shared string's text (default 64 KiB;
	// Excel allows 32,767 characters).
	CellBytes int
	// TagBytes bounds one XML tag (default 64 KiB).
	TagBytes int
	// Columns is how many columns, from A, [Workbook.Rows] reports; cells
	// beyond are skipped (default and at most [MaxColumns]).
	Columns int

	// Strict holds the shared strings and the worksheets to the XML rules
	// encoding/xml's strict decoder enforces (the workbook and its
	// relationships always are): elements nest and are closed by the
	// part's end (local names compared), names and attributes are well
	// formed, text and attribute values hold only characters XML carries,
	// entities are XML's five or references to such characters, the
	// encoding declared is UTF-8. Rows then lie within 1 to [MaxRows] and
	// cells within columns A to XFD, with a reference or without (default:
	// the scanner reads what it can, and cells without a reference beyond
	// Columns are skipped).
	Strict bool
	// Tolerant accepts what Excel never writes but a hand-made file may
	// hold: rows that repeat or go back (each given as it comes), cell
	// references in lower case ("b7"), an empty row or cell reference
	// (r=""), taken as none, and a workbook that lists no worksheet
	// present in the package (default: errors).
	Tolerant bool
	// Value, when not nil, makes every cell's value in place of the
	// reading [Workbook.ReadRows] documents: it receives the cell's type
	// attribute ("" when absent) and its text, entities resolved,
	// _xHHHH_ escapes not decoded, valid until it returns (the shared
	// strings are at [Workbook.SharedString]). An error it returns ends
	// the reading as an [*Error] wrapping [ErrNotXLSX] at the cell's row.
	Value func(typ string, text []byte) (string, error)
}

// withDefaults returns l with its zero fields set to the defaults.
func (l Limits) withDefaults() Limits {
	if l.SharedStringsBytes <= 0 {
		l.SharedStringsBytes = 512 << 20
	}
	if l.PartBytes <= 0 {
		l.PartBytes = 16 << 20
	}
	if l.CellBytes <= 0 {
		l.CellBytes = 1 << 16
	}
	if l.TagBytes <= 0 {
		l.TagBytes = 1 << 16
	}
	if l.Columns <= 0 || l.Columns > MaxColumns {
		l.Columns = MaxColumns
	}
	return l
}

// Workbook is an xlsx package opened for streaming its sheets row by row:
// only the shared strings are held in memory, never a worksheet. It is
// safe for concurrent use as long as [Limits].Value is.
type Workbook struct {
	// Sheets are the workbook's worksheets present in the package, in
	// workbook order.
	Sheets []Sheet
	// Date1904 reports the 1904 date system (serial 0 is 1 January 1904).
	Date1904 bool

	listed []Sheet // every sheet the workbook lists; file nil when absent
	// sst holds the shared strings end to end: string i is
	// sst[sstEnd[i-1]:sstEnd[i]] (sstEnd[-1] being 0), one allocation
	// for all of them.
	sst    string
	sstEnd []uint32
	limits Limits
}

// Sheet is a worksheet of a [Workbook].
type Sheet struct {
	Name string // as the workbook names it
	Part string // the package part, such as "xl/worksheets/sheet1.xml"
	// Size is the part's declared unpacked size in bytes.
	Size int64

	file *zip.File
}

// Present reports whether the package holds the sheet's part: a sheet
// [Workbook.Lookup] finds may lack it.
func (s Sheet) Present() bool { return s.file != nil }

// oleMagic starts an OLE compound file: a legacy .xls, or an xlsx
// encrypted with a password.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Open reads the structure and the shared strings of the xlsx package
// r of size bytes, holding every part's declared unpacked size to limits.
// Part names are compared ignoring letter case, as the Open Packaging
// Conventions want; a sheet the relationships do not resolve is looked
// for at its usual name, xl/worksheets/sheet<sheetId>.xml, and the shared
// strings at xl/sharedStrings.xml.
func Open(ctx context.Context, r io.ReaderAt, size int64, limits Limits) (*Workbook, error) {
	l := limits.withDefaults()
	var head [8]byte
	if n, _ := r.ReadAt(head[:min(max(size, 0), 8)], 0); bytes.Equal(head[:n], oleMagic) {
		return nil, &Error{Detail: "a legacy .xls or an encrypted workbook; save it as .xlsx without a password", Err: ErrNotXLSX}
	}
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &Error{Detail: err.Error(), Err: ErrNotXLSX}
	}
	files := make(map[string]*zip.File, len(zr.File))
	var total uint64
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if l.AnyPartBytes > 0 {
			limit, field := l.AnyPartBytes, "AnyPartBytes"
			if isWorksheet(name) {
				limit, field = l.SheetBytes, "SheetBytes"
			}
			if err := checkSize(f, limit, field); err != nil {
				return nil, err
			}
		}
		total += min(f.UncompressedSize64, math.MaxUint64-total)
		if l.TotalBytes > 0 && total > uint64(l.TotalBytes) {
			return nil, &Error{Detail: fmt.Sprintf("unpacks to more than %d bytes", l.TotalBytes), Err: ErrTooLarge,
				Limit: "TotalBytes", Max: l.TotalBytes}
		}
		files[name] = f
	}
	wb := &Workbook{limits: l}
	targets := map[string]string{} // relationship id -> lower-case part name
	sstPart := "xl/sharedstrings.xml"
	if f := files["xl/_rels/workbook.xml.rels"]; f != nil {
		err := readPart(ctx, f, l, func(tok *token) {
			if tok.name != "Relationship" || tok.kind == tokEnd {
				return
			}
			id, _ := tok.attr("Id")
			target, _ := tok.attr("Target")
			typ, _ := tok.attr("Type")
			targets[id] = resolve(target)
			if strings.HasSuffix(typ, "/sharedStrings") {
				sstPart = targets[id]
			}
		})
		if err != nil {
			return nil, err
		}
	}
	book := files["xl/workbook.xml"]
	if book == nil {
		return nil, &Error{Detail: "no xl/workbook.xml part", Err: ErrNotXLSX}
	}
	err = readPart(ctx, book, l, func(tok *token) {
		if tok.kind == tokEnd {
			return
		}
		switch tok.name {
		case "workbookPr":
			v, _ := tok.attr("date1904")
			wb.Date1904 = v == "1" || v == "true"
		case "sheet":
			name, _ := tok.attr("name")
			id, _ := tok.attr("id")
			part := targets[id]
			if part == "" { // no relationship: the usual name
				n, _ := tok.attr("sheetId")
				part = "xl/worksheets/sheet" + strings.ToLower(n) + ".xml"
			}
			s := Sheet{Name: name, Part: part}
			if f := files[part]; f != nil {
				s = Sheet{Name: name, Part: f.Name, Size: int64(min(f.UncompressedSize64, 1<<62)), file: f}
			}
			wb.listed = append(wb.listed, s)
		}
	})
	if err != nil {
		return nil, err
	}
	for _, s := range wb.listed {
		if s.file == nil {
			continue
		}
		if l.SheetBytes > 0 {
			if err := checkSize(s.file, l.SheetBytes, "SheetBytes"); err != nil {
				return nil, err
			}
		}
		wb.Sheets = append(wb.Sheets, s)
	}
	if len(wb.Sheets) == 0 && !l.Tolerant {
		return nil, &Error{Detail: "no worksheet", Err: ErrNotXLSX}
	}
	if f := files[sstPart]; f != nil {
		if err := wb.readShared(ctx, f); err != nil {
			return nil, err
		}
	}
	return wb, nil
}

// isWorksheet reports whether a lower-case part name is directly under
// xl/worksheets/.
func isWorksheet(name string) bool {
	rest, ok := strings.CutPrefix(name, "xl/worksheets/")
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

// checkSize refuses part f when it declares more than limit unpacked
// bytes, naming the Limits field.
func checkSize(f *zip.File, limit int64, field string) error {
	if limit <= 0 || f.UncompressedSize64 <= uint64(limit) {
		return nil
	}
	size := int64(min(f.UncompressedSize64, math.MaxInt64))
	return &Error{Part: f.Name, Detail: fmt.Sprintf("unpacks to %d bytes, more than %d", size, limit), Err: ErrTooLarge,
		Limit: field, Size: size, Max: limit}
}

// readPart reads a small part (at most PartBytes unpacked) as strict XML
// to its end, calling fn with each token but text.
func readPart(ctx context.Context, f *zip.File, l Limits, fn func(*token)) error {
	if err := checkSize(f, l.PartBytes, "PartBytes"); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Part: f.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	defer rc.Close()
	sc := newScanner(io.LimitReader(rc, l.PartBytes), l.CellBytes, l.TagBytes)
	sc.strict = true
	return sc.each(ctx, f.Name, func(tok *token) error {
		if tok.kind != tokText {
			fn(tok)
		}
		return nil
	})
}

// each calls fn with every token of part, as token gives them, to the
// end or the first error; [Workbook.ReadRows], whose tokens are the most,
// calls token in its own loop.
func (s *scanner) each(ctx context.Context, part string, fn func(*token) error) error {
	for {
		tok, err := s.token(ctx, part, 0)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := fn(tok); err != nil {
			return err
		}
	}
}

// ctxEveryTokens is how many XML tokens the readers scan between two looks
// at the context, so that a part without rows (comments, one endless row)
// cannot outlast a deadline; ctxEveryRows is how many rows.
const (
	ctxEveryTokens = 1 << 16
	ctxEveryRows   = 1024
)

// token returns the next token of part, the one loop of the readers:
// it looks at ctx every ctxEveryTokens tokens and returns io.EOF at the
// end, ctx's error as is, and any other failure as an [*Error] at row
// (0: not at a row). A strict scanner checks each token.
func (s *scanner) token(ctx context.Context, part string, row int) (*token, error) {
	if s.count++; s.count%ctxEveryTokens == 0 {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
	}
	tok, err := s.next()
	if err == nil && s.strict {
		err = s.check(tok)
	}
	switch {
	case err == nil:
		return tok, nil
	case err == io.EOF && s.strict && len(s.open) > 0:
		return nil, &Error{Part: part, Row: row, Detail: fmt.Sprintf("XML cut short: <%s> not closed", clip([]byte(s.open[len(s.open)-1]))), Err: ErrNotXLSX}
	case err == io.EOF:
		return tok, err
	case s.tooLarge:
		return nil, &Error{Part: part, Row: row, Detail: err.Error(), Err: ErrTooLarge}
	}
	return nil, &Error{Part: part, Row: row, Detail: err.Error(), Err: ErrNotXLSX}
}

// readShared reads the shared strings: each <si>'s text, runs joined,
// phonetic runs left out, _xHHHH_ escapes decoded.
func (wb *Workbook) readShared(ctx context.Context, f *zip.File) error {
	l := wb.limits
	if err := checkSize(f, l.SharedStringsBytes, "SharedStringsBytes"); err != nil {
		return err
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Part: f.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	defer rc.Close()
	sc := newScanner(io.LimitReader(rc, l.SharedStringsBytes), l.CellBytes, l.TagBytes)
	sc.strict = l.Strict
	var all strings.Builder
	defer func() { wb.sst = all.String() }()
	var cur []byte
	inSI, inT, inRPh := false, false, false
	return sc.each(ctx, f.Name, func(tok *token) error {
		switch {
		case tok.kind == tokText:
			if inSI && inT && !inRPh {
				if len(cur)+len(tok.text) > l.CellBytes {
					return &Error{Part: f.Name, Detail: fmt.Sprintf("a shared string over %d bytes", l.CellBytes), Err: ErrTooLarge, Limit: "CellBytes", Max: int64(l.CellBytes)}
				}
				cur = appendTokenText(cur, tok)
			}
		case tok.name == "si":
			if tok.kind == tokStart {
				inSI, cur = true, cur[:0]
			} else {
				if tok.kind == tokEnd || tok.kind == tokEmpty {
					s := unescape(cur)
					if all.Len()+len(s) > math.MaxUint32 {
						return &Error{Part: f.Name, Detail: "shared strings over 4 GiB", Err: ErrTooLarge, Limit: "SharedStringsBytes", Max: l.SharedStringsBytes}
					}
					all.Write(s)
					wb.sstEnd = append(wb.sstEnd, uint32(all.Len()))
				}
				inSI = false
			}
		case tok.name == "t":
			inT = tok.kind == tokStart
		case tok.name == "rPh":
			inRPh = tok.kind == tokStart
		}
		return nil
	})
}

// SharedStrings returns the number of shared strings.
func (wb *Workbook) SharedStrings() int { return len(wb.sstEnd) }

// SharedString returns shared string i, and whether there is one.
func (wb *Workbook) SharedString(i int) (string, bool) {
	if i < 0 || i >= len(wb.sstEnd) {
		return "", false
	}
	from := uint32(0)
	if i > 0 {
		from = wb.sstEnd[i-1]
	}
	return wb.sst[from:wb.sstEnd[i]], true
}

// Lookup returns the first sheet the workbook lists by name, letter case
// ignored, in workbook order, and whether it lists one; the sheet may be
// absent from the package (see [Sheet.Present]).
func (wb *Workbook) Lookup(name string) (Sheet, bool) {
	for _, s := range wb.listed {
		if strings.EqualFold(s.Name, name) {
			return s, true
		}
	}
	return Sheet{}, false
}

// Open opens the worksheet part of s for reading, as [Workbook.ReadRows]
// takes it (to count its bytes, say).
func (s Sheet) Open() (io.ReadCloser, error) {
	if s.file == nil {
		return nil, &Error{Part: s.Name, Detail: "not a sheet of an opened workbook", Err: ErrNotXLSX}
	}
	rc, err := s.file.Open()
	if err != nil {
		return nil, &Error{Part: s.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	return rc, nil
}

// RowFunc receives a row's number (from 1) and its cells' text by column
// (column A at 0), valid until it returns; an error it returns ends the
// reading and is returned as is.
type RowFunc func(num int, cells []string) error

// Rows calls fn with every row of sheet s, as [Workbook.ReadRows].
func (wb *Workbook) Rows(ctx context.Context, s Sheet, fn RowFunc) error {
	rc, err := s.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return wb.ReadRows(ctx, rc, s.Name, fn)
}

// ReadRows calls fn with every row of the worksheet XML r (the part of
// the sheet named name, for errors). Shared strings are resolved, inline
// strings read and _xHHHH_ escapes decoded; booleans are "TRUE" or
// "FALSE"; numbers, dates (serial numbers), errors and formula strings
// stay as written ([Limits].Value changes all that). Cells beyond
// [Limits].Columns are skipped; a row element without cells gives an
// empty row. The context is looked at every 1,024 rows and every 65,536
// tokens.
func (wb *Workbook) ReadRows(ctx context.Context, r io.Reader, name string, fn RowFunc) error {
	l := wb.limits
	if l.Columns == 0 { // a Workbook not from Open
		l = l.withDefaults()
	}
	sc := newScanner(r, l.CellBytes, l.TagBytes)
	sc.strict = l.Strict
	cells := make([]string, 0, 16)
	var text []byte
	rowNum, col, rows := 0, -1, 0
	cellType := ""
	inRow, inCell, inV, inIS, inT, inRPh := false, false, false, false, false, false
	flushCell := func() error {
		if col < 0 || col >= l.Columns {
			return nil
		}
		v := ""
		switch {
		case l.Value != nil:
			var err error
			if v, err = l.Value(cellType, text); err != nil {
				return &Error{Part: name, Row: rowNum, Detail: err.Error(), Err: ErrNotXLSX}
			}
		case cellType == "s":
			i, err := strconv.Atoi(strings.TrimSpace(string(text)))
			s, ok := wb.SharedString(i)
			if err != nil || !ok {
				return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("shared string %q out of range", clip(text)), Err: ErrNotXLSX}
			}
			v = s
		case cellType == "b":
			v = "FALSE"
			if strings.TrimSpace(string(text)) == "1" {
				v = "TRUE"
			}
		default:
			v = string(unescape(text))
		}
		for len(cells) <= col {
			cells = append(cells, "")
		}
		cells[col] = v
		return nil
	}
	emit := func() error {
		if err := fn(rowNum, cells); err != nil {
			return err
		}
		if rows++; rows%ctxEveryRows == 0 {
			return ctx.Err()
		}
		return nil
	}
	for {
		tok, err := sc.token(ctx, name, rowNum)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if tok.kind == tokText {
			if inCell && (inV || (inIS && inT && !inRPh)) {
				if len(text)+len(tok.text) > l.CellBytes {
					return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("a cell over %d bytes", l.CellBytes), Err: ErrTooLarge, Limit: "CellBytes", Max: int64(l.CellBytes)}
				}
				text = appendTokenText(text, tok)
			}
			continue
		}
		switch tok.name {
		case "row":
			switch tok.kind {
			case tokStart, tokEmpty:
				n := rowNum + 1
				if v, ok := tok.attr("r"); ok && (v != "" || !l.Tolerant) {
					if n, err = strconv.Atoi(v); err != nil || n < 1 || n <= rowNum && !l.Tolerant {
						return &Error{Part: name, Detail: fmt.Sprintf("row number %q", clip([]byte(v))), Err: ErrNotXLSX}
					}
				}
				if l.Strict && n > MaxRows {
					return &Error{Part: name, Detail: fmt.Sprintf("row number %d outside 1 to %d", n, MaxRows), Err: ErrNotXLSX}
				}
				rowNum, col, cells, inRow = n, -1, cells[:0], tok.kind == tokStart
				if tok.kind == tokEmpty {
					if err := emit(); err != nil {
						return err
					}
				}
			case tokEnd:
				if !inRow {
					continue
				}
				inRow = false
				if err := emit(); err != nil {
					return err
				}
			}
		case "c":
			if !inRow {
				continue
			}
			switch tok.kind {
			case tokStart, tokEmpty:
				next := col + 1
				if ref, ok := tok.attr("r"); ok && (ref != "" || !l.Tolerant) {
					if next = column(ref, l.Tolerant); next < 0 {
						return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("cell reference %q not in columns A to XFD", clip([]byte(ref))), Err: ErrNotXLSX}
					}
				} else if l.Strict && next >= MaxColumns {
					return &Error{Part: name, Row: rowNum, Detail: "a cell past column XFD: not in columns A to XFD", Err: ErrNotXLSX}
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

// clip cuts text from the file to 80 bytes for an error message.
func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
