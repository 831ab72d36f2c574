package bank

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
)

// MaxHeaderRow is how many rows from the top the readers search for the
// header row (banks put the account's details above it).
const MaxHeaderRow = 30

// ReadOptions sets limits and choices of [ReadCSV] and [ReadXLSX]. The
// zero value works.
type ReadOptions struct {
	// MaxLines is the most transaction rows read; 0 means 1,000,000.
	MaxLines int
	// MaxBytes is the largest file read; 0 means 256 MiB.
	MaxBytes int64
	// Sheet is the xlsx sheet to read; "" means the first.
	Sheet string
	// Comma is the CSV separator; 0 tries ',', ';' and tab and takes the
	// one that finds the header row.
	Comma rune
}

func (o ReadOptions) limits() (int, int64) {
	lines, size := o.MaxLines, o.MaxBytes
	if lines <= 0 {
		lines = 1_000_000
	}
	if size <= 0 {
		size = 256 << 20
	}
	return lines, size
}

// column is a statement column the readers know.
type column int

const (
	colDate column = iota
	colCredit
	colDebit
	colContent
	colReference
	colPayer
	colAccount
	numColumns
)

// headers are the header texts of each column, compared after folding
// to ASCII, lower case and single spaces ("Số tiền ghi có" is "so tien ghi
// co"). The package documentation lists them.
var headers = [numColumns][]string{
	colDate:      {"ngay", "ngay giao dich", "ngay gd", "ngay hieu luc", "ngay hach toan", "thoi gian", "thoi gian giao dich", "date", "transaction date", "value date", "posting date", "time"},
	colCredit:    {"so tien ghi co", "ghi co", "co", "so tien co", "tien vao", "phat sinh co", "credit", "credit amount", "amount", "so tien", "money in"},
	colDebit:     {"so tien ghi no", "ghi no", "no", "so tien no", "tien ra", "phat sinh no", "debit", "debit amount", "money out"},
	colContent:   {"noi dung", "noi dung giao dich", "noi dung chuyen khoan", "dien giai", "mo ta", "content", "description", "details", "narrative", "remarks", "transaction details"},
	colReference: {"so tham chieu", "ma giao dich", "so but toan", "ma gd", "so gd", "so giao dich", "reference", "ref", "reference number", "transaction id", "transaction no"},
	colPayer:     {"nguoi chuyen", "ten nguoi chuyen", "ten doi ung", "ten tai khoan doi ung", "ten tk doi ung", "don vi chuyen", "payer", "payer name", "remitter", "counterparty", "counterparty name"},
	colAccount:   {"tai khoan doi ung", "so tai khoan doi ung", "so tk doi ung", "tk doi ung", "tai khoan chuyen", "payer account", "counterparty account", "remitter account"},
}

func normHeader(s string) string {
	return strings.ToLower(strings.Join(strings.Fields(vietqr.ASCII(strings.NewReplacer(":", " ", "(", " ", ")", " ", "/", " ", "_", " ").Replace(s))), " "))
}

// layout maps columns to cell positions (-1 when absent).
type layout struct {
	pos  [numColumns]int
	name [numColumns]string
}

// findHeader returns the layout of a header row, and whether the row is
// one: it names the date, credit and content columns.
func findHeader(row []string) (layout, bool) {
	var l layout
	for c := range l.pos {
		l.pos[c] = -1
	}
	for i, cell := range row {
		h := normHeader(cell)
		for c := range numColumns {
			if l.pos[c] < 0 {
				for _, name := range headers[c] {
					if h == name {
						l.pos[c], l.name[c] = i, cell
						break
					}
				}
			}
		}
	}
	return l, l.pos[colDate] >= 0 && l.pos[colCredit] >= 0 && l.pos[colContent] >= 0
}

// rows is a source of statement rows.
type rows interface {
	next() ([]string, error) // io.EOF at the end
}

// read turns rows into lines: the header first, then one line per credit.
func read(src rows, o ReadOptions, xlsx bool) ([]Line, error) {
	maxLines, _ := o.limits()
	var lay layout
	found := false
	row := 0
	for !found {
		cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		row++
		if row > MaxHeaderRow {
			break
		}
		lay, found = findHeader(cells)
	}
	if !found {
		return nil, &StatementError{Problems: []*RowError{rowErr(0, "", "", ErrHeader,
			"no row among the first %d names the date, credit amount and content columns", MaxHeaderRow)}}
	}
	var lines []Line
	se := &StatementError{}
	problem := func(e *RowError) {
		if len(se.Problems) < MaxProblems {
			se.Problems = append(se.Problems, e)
		} else {
			se.More++
		}
	}
	for {
		cells, err := src.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		row++
		cell := func(c column) string {
			if p := lay.pos[c]; p >= 0 && p < len(cells) {
				return strings.TrimSpace(cells[p])
			}
			return ""
		}
		date := cell(colDate)
		if date == "" {
			continue // a blank row, a total or a footer
		}
		t, derr := parseDate(date, xlsx)
		if derr != nil {
			problem(rowErr(row, lay.name[colDate], date, ErrSyntax, "%v", derr))
			continue
		}
		credit, cerr := parseAmount(cell(colCredit))
		if cerr != nil {
			problem(rowErr(row, lay.name[colCredit], cell(colCredit), ErrSyntax, "%v", cerr))
			continue
		}
		if lay.pos[colDebit] >= 0 {
			if _, err := parseAmount(cell(colDebit)); err != nil {
				problem(rowErr(row, lay.name[colDebit], cell(colDebit), ErrSyntax, "%v", err))
				continue
			}
		}
		if credit <= 0 {
			continue // money out, or nothing
		}
		if len(lines) == maxLines {
			return nil, &StatementError{Problems: []*RowError{rowErr(row, "", "", ErrTooLarge, "more than %d transaction rows", maxLines)}}
		}
		lines = append(lines, Line{
			Row: row, Date: t, Amount: credit, Content: cell(colContent),
			Reference: cell(colReference), Payer: cell(colPayer), Account: cell(colAccount),
		})
	}
	if len(se.Problems) > 0 {
		return nil, se
	}
	return lines, nil
}

// dateLayouts are the date and time forms of Vietnamese banks' exports.
var dateLayouts = []string{
	"02/01/2006 15:04:05", "02/01/2006 15:04", "02/01/2006", "2/1/2006 15:04:05", "2/1/2006 15:04", "2/1/2006",
	"02-01-2006 15:04:05", "02-01-2006", "02.01.2006", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	"2006/01/02 15:04:05", "2006/01/02", time.RFC3339,
}

func parseDate(s string, xlsx bool) (time.Time, error) {
	for _, l := range dateLayouts {
		if t, err := time.ParseInLocation(l, s, dossier.Location); err == nil {
			return t.In(dossier.Location), nil
		}
	}
	if xlsx {
		// A date cell read raw is Excel's serial number of days.
		if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && !math.IsNaN(f) {
			u, err := excelize.ExcelDateToTime(f, false)
			if err == nil {
				return time.Date(u.Year(), u.Month(), u.Day(), u.Hour(), u.Minute(), u.Second(), 0, dossier.Location), nil
			}
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date (dd/mm/yyyy, with hh:mm[:ss], or yyyy-mm-dd)", s)
}

// parseAmount reads an amount as banks write it: "1.234.000", "1,234,000",
// "1 234 000", "1234000", with "VND" or "đ" after it, ",00" or ".00"
// after it (a non-zero fraction is an error: the đồng has no subunit), a
// sign; "" and "-" are zero.
func parseAmount(s string) (fees.Money, error) {
	t := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' || r == '\u202f' || r == '\t' {
			return -1
		}
		return r
	}, s)
	for _, mark := range []string{"VNĐ", "VND", "vnđ", "vnd", "₫", "đ", "Đ"} {
		t = strings.TrimSuffix(t, mark)
	}
	neg := false
	switch {
	case t == "" || t == "-":
		return 0, nil
	case t[0] == '-':
		neg, t = true, t[1:]
	case t[0] == '+':
		t = t[1:]
	}
	// A fraction: the last separator followed by one or two digits, or by
	// zeros only (Excel's raw "1234000.000").
	if i := strings.LastIndexAny(t, ".,"); i >= 0 {
		frac := t[i+1:]
		if len(frac) >= 1 && (len(frac) <= 2 || strings.Trim(frac, "0") == "" && len(frac) != 3) && allDigits(frac) {
			if strings.Trim(frac, "0") != "" {
				return 0, fmt.Errorf("%q has a fraction of a đồng", s)
			}
			t = t[:i]
		}
	}
	var sep byte
	digits := make([]byte, 0, len(t))
	group := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
			group++
		case c == '.' || c == ',':
			if sep != 0 && c != sep || i == 0 || (sep != 0 && group != 3) || group > 3 {
				return 0, fmt.Errorf("%q is not an amount", s)
			}
			sep, group = c, 0
		default:
			return 0, fmt.Errorf("%q is not an amount", s)
		}
	}
	if len(digits) == 0 || sep != 0 && group != 3 {
		return 0, fmt.Errorf("%q is not an amount", s)
	}
	n, err := strconv.ParseInt(string(digits), 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%q is out of range", s)
	}
	if neg {
		n = -n
	}
	return fees.Money(n), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ReadCSV reads a bank statement exported as CSV (UTF-8, as Excel's "CSV
// UTF-8" writes, with or without a byte-order mark). The header row is
// found among the first [MaxHeaderRow] rows by its column names (see the
// package documentation); rows above it are skipped, and so are rows
// without a date (totals, footers) and rows without a credit (money out).
// Every bad date or amount is reported at once in a [*StatementError] of
// [*RowError] values, and no line is returned.
func ReadCSV(r io.Reader, o ReadOptions) ([]Line, error) {
	_, maxBytes := o.limits()
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bank: read statement: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, &StatementError{Problems: []*RowError{rowErr(0, "", "", ErrTooLarge, "more than %d bytes", maxBytes)}}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	comma := o.Comma
	if comma == 0 {
		comma = sniffComma(data)
	}
	return read(csvRows(data, comma), o, false)
}

// sniffComma returns the separator among ',', ';' and tab with which one of
// the first MaxHeaderRow lines reads as a header row (',' when none does:
// the reader then reports the missing header).
func sniffComma(data []byte) rune {
	for _, comma := range []rune{',', ';', '\t'} {
		rest := data
		for range MaxHeaderRow {
			if len(rest) == 0 {
				break
			}
			ln := rest
			if i := bytes.IndexByte(rest, '\n'); i >= 0 {
				ln, rest = rest[:i], rest[i+1:]
			} else {
				rest = nil
			}
			r := csv.NewReader(bytes.NewReader(ln))
			r.Comma, r.FieldsPerRecord, r.LazyQuotes = comma, -1, true
			if rec, err := r.Read(); err == nil {
				if _, ok := findHeader(rec); ok {
					return comma
				}
			}
		}
	}
	return ','
}

type csvSource struct{ r *csv.Reader }

func csvRows(data []byte, comma rune) *csvSource {
	r := csv.NewReader(bufio.NewReader(bytes.NewReader(data)))
	r.Comma, r.FieldsPerRecord, r.ReuseRecord = comma, -1, true
	return &csvSource{r}
}

func (s *csvSource) next() ([]string, error) {
	rec, err := s.r.Read()
	if err != nil && err != io.EOF {
		line := 0
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line = pe.StartLine
		}
		return nil, &StatementError{Problems: []*RowError{rowErr(line, "", "", ErrSyntax, "not CSV: %v", err)}}
	}
	return rec, err
}

// ReadXLSX reads a bank statement exported as an Excel workbook (xlsx),
// from its first sheet or o.Sheet, as [ReadCSV] reads CSV. Date cells may
// be dates (Excel's serial numbers) or text; amount cells numbers or text.
func ReadXLSX(r io.Reader, o ReadOptions) ([]Line, error) {
	_, maxBytes := o.limits()
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("bank: read statement: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, &StatementError{Problems: []*RowError{rowErr(0, "", "", ErrTooLarge, "more than %d bytes", maxBytes)}}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: 4 * maxBytes, UnzipXMLSizeLimit: maxBytes})
	if err != nil {
		return nil, &StatementError{Problems: []*RowError{rowErr(0, "", "", ErrSyntax, "not an xlsx workbook: %v", err)}}
	}
	defer f.Close()
	sheet := o.Sheet
	if sheet == "" {
		sheet = f.GetSheetName(0)
	}
	rs, err := f.Rows(sheet)
	if err != nil {
		return nil, &StatementError{Problems: []*RowError{rowErr(0, "", "", ErrSyntax, "sheet %q: %v", sheet, err)}}
	}
	defer rs.Close()
	return read(&xlsxSource{rs: rs}, o, true)
}

type xlsxSource struct {
	rs  *excelize.Rows
	row int
}

func (s *xlsxSource) next() ([]string, error) {
	if !s.rs.Next() {
		if err := s.rs.Error(); err != nil {
			return nil, &StatementError{Problems: []*RowError{rowErr(s.row+1, "", "", ErrSyntax, "%v", err)}}
		}
		return nil, io.EOF
	}
	s.row++
	cells, err := s.rs.Columns(excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, &StatementError{Problems: []*RowError{rowErr(s.row, "", "", ErrSyntax, "%v", err)}}
	}
	return cells, nil
}
