package xlsx

import (
	"archive/zip"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// MaxColumns is Excel's number of columns, A to XFD.
const MaxColumns = 16384

// Limits bound the work [Open] and [Workbook.Rows] do on a workbook; a
// zero field takes its default.
type Limits struct {
	// SharedStringsBytes bounds the unpacked shared strings part, which is
	// held in memory (default 512 MiB).
	SharedStringsBytes int64
	// PartBytes bounds each other part read whole: the workbook and its
	// relationships (default 16 MiB).
	PartBytes int64
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
// safe for concurrent use.
type Workbook struct {
	// Sheets are the workbook's worksheets present in the package, in
	// workbook order.
	Sheets []Sheet
	// Date1904 reports the 1904 date system (serial 0 is 1 January 1904).
	Date1904 bool

	shared []string
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

// Open reads the structure and the shared strings of the xlsx package
// r of size bytes, holding every part's declared unpacked size to limits.
func Open(ctx context.Context, r io.ReaderAt, size int64, limits Limits) (*Workbook, error) {
	l := limits.withDefaults()
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, &Error{Detail: err.Error(), Err: ErrNotXLSX}
	}
	files := map[string]*zip.File{}
	var total uint64
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if l.TotalBytes > 0 && total > uint64(l.TotalBytes) {
			return nil, &Error{Detail: fmt.Sprintf("unpacks to more than %d bytes", l.TotalBytes), Err: ErrTooLarge}
		}
		files[strings.TrimPrefix(f.Name, "/")] = f
	}
	book := files["xl/workbook.xml"]
	if book == nil {
		return nil, &Error{Detail: "no xl/workbook.xml", Err: ErrNotXLSX}
	}
	wb := &Workbook{limits: l}
	var wx struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(book, l.PartBytes, &wx); err != nil {
		return nil, err
	}
	wb.Date1904 = wx.Pr.Date1904 == "1" || wx.Pr.Date1904 == "true"
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
			Type   string `xml:"Type,attr"`
		} `xml:"Relationship"`
	}
	if f := files["xl/_rels/workbook.xml.rels"]; f != nil {
		if err := decodePart(f, l.PartBytes, &rels); err != nil {
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
				if err := wb.readShared(ctx, f); err != nil {
					return nil, err
				}
			}
		}
	}
	for _, s := range wx.Sheets {
		f := files[target[s.RID]]
		if f == nil {
			continue
		}
		if l.SheetBytes > 0 && f.UncompressedSize64 > uint64(l.SheetBytes) {
			return nil, &Error{Part: f.Name, Detail: fmt.Sprintf("unpacks to %d bytes, more than %d", f.UncompressedSize64, l.SheetBytes), Err: ErrTooLarge}
		}
		wb.Sheets = append(wb.Sheets, Sheet{Name: s.Name, Part: f.Name, Size: int64(min(f.UncompressedSize64, 1<<62)), file: f})
	}
	if len(wb.Sheets) == 0 {
		return nil, &Error{Detail: "no worksheet", Err: ErrNotXLSX}
	}
	return wb, nil
}

// decodePart decodes a small XML part of at most limit unpacked bytes.
func decodePart(f *zip.File, limit int64, v any) error {
	if f.UncompressedSize64 > uint64(limit) {
		return &Error{Part: f.Name, Detail: fmt.Sprintf("unpacks to %d bytes, more than %d", f.UncompressedSize64, limit), Err: ErrTooLarge}
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Part: f.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, limit)).Decode(v); err != nil {
		return &Error{Part: f.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	return nil
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
// (0: not at a row).
func (s *scanner) token(ctx context.Context, part string, row int) (token, error) {
	if s.count++; s.count%ctxEveryTokens == 0 {
		if err := ctx.Err(); err != nil {
			return token{}, err
		}
	}
	tok, err := s.next()
	switch {
	case err == nil, err == io.EOF:
		return tok, err
	case s.tooLarge:
		return token{}, &Error{Part: part, Row: row, Detail: err.Error(), Err: ErrTooLarge}
	}
	return token{}, &Error{Part: part, Row: row, Detail: err.Error(), Err: ErrNotXLSX}
}

// readShared reads the shared strings: each <si>'s text, runs joined,
// phonetic runs left out.
func (wb *Workbook) readShared(ctx context.Context, f *zip.File) error {
	l := wb.limits
	if f.UncompressedSize64 > uint64(l.SharedStringsBytes) {
		return &Error{Part: f.Name, Detail: fmt.Sprintf("unpacks to %d bytes, more than %d", f.UncompressedSize64, l.SharedStringsBytes), Err: ErrTooLarge}
	}
	rc, err := f.Open()
	if err != nil {
		return &Error{Part: f.Name, Detail: err.Error(), Err: ErrNotXLSX}
	}
	defer rc.Close()
	sc := newScanner(io.LimitReader(rc, l.SharedStringsBytes), l.CellBytes, l.TagBytes)
	var cur []byte
	inSI, inT, inRPh := false, false, false
	for {
		tok, err := sc.token(ctx, f.Name, 0)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch {
		case tok.kind == tokText:
			if inSI && inT && !inRPh {
				if len(cur)+len(tok.text) > l.CellBytes {
					return &Error{Part: f.Name, Detail: fmt.Sprintf("a shared string over %d bytes", l.CellBytes), Err: ErrTooLarge}
				}
				cur = appendTokenText(cur, &tok)
			}
		case tok.name == "si":
			if tok.kind == tokStart {
				inSI, cur = true, cur[:0]
			} else {
				if tok.kind == tokEnd || tok.kind == tokEmpty {
					wb.shared = append(wb.shared, string(unescape(cur)))
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

// SharedStrings returns the number of shared strings.
func (wb *Workbook) SharedStrings() int { return len(wb.shared) }

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
// stay as written. Cells beyond [Limits].Columns are skipped; a row
// element without cells gives an empty row. The context is looked at
// every 1,024 rows and every 65,536 tokens.
func (wb *Workbook) ReadRows(ctx context.Context, r io.Reader, name string, fn RowFunc) error {
	l := wb.limits
	if l.Columns == 0 { // a Workbook not from Open
		l = l.withDefaults()
	}
	sc := newScanner(r, l.CellBytes, l.TagBytes)
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
		switch cellType {
		case "s":
			i, err := strconv.Atoi(strings.TrimSpace(string(text)))
			if err != nil || i < 0 || i >= len(wb.shared) {
				return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("shared string %q out of range", clip(text)), Err: ErrNotXLSX}
			}
			v = wb.shared[i]
		case "b":
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
					return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("a cell over %d bytes", l.CellBytes), Err: ErrTooLarge}
				}
				text = appendTokenText(text, &tok)
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
						return &Error{Part: name, Detail: fmt.Sprintf("row number %q", clip([]byte(v))), Err: ErrNotXLSX}
					}
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
				if ref, ok := tok.attr("r"); ok {
					if next = Column(ref); next < 0 {
						return &Error{Part: name, Row: rowNum, Detail: fmt.Sprintf("cell reference %q", clip([]byte(ref))), Err: ErrNotXLSX}
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

// clip cuts text from the file to 80 bytes for an error message.
func clip(b []byte) string {
	if len(b) > 80 {
		return string(b[:80]) + "…"
	}
	return string(b)
}
