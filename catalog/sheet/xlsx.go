package sheet

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/motcua/motcua/internal/errdetail"
	"github.com/motcua/motcua/internal/xlsx"
)

// This file opens the xlsx package [Read] reads through internal/xlsx,
// which streams each worksheet row by row, never holding its XML, and
// holds the shared strings (cells refer to them by number). archive/zip
// fails a part that unpacks to more than its declared size, so the
// declared sizes bound the work before any of it is done.

// pkg is an opened xlsx package.
type pkg struct {
	wb *xlsx.Workbook
	// interned holds short cell values already seen; see intern.
	interned map[string]string
}

// openPackage checks the zip structure and sizes of data, size bytes, and
// reads its sheet list and shared strings, as strict XML. Every part is
// held to MaxPartBytes but the worksheets, held to MaxSheetBytes; cells
// and tags are bounded by their part only.
func openPackage(ctx context.Context, data io.ReaderAt, size int64) (*pkg, error) {
	p := &pkg{}
	wb, err := xlsx.Open(ctx, data, size, xlsx.Limits{
		SharedStringsBytes: MaxPartBytes,
		PartBytes:          MaxPartBytes,
		AnyPartBytes:       MaxPartBytes,
		SheetBytes:         MaxSheetBytes,
		TotalBytes:         MaxUnpackedBytes,
		CellBytes:          MaxSheetBytes,
		TagBytes:           MaxSheetBytes,
		Strict:             true,
		Tolerant:           true,
		Value:              p.value,
	})
	if err != nil {
		return nil, packageError(err)
	}
	p.wb = wb
	return p, nil
}

// packageError returns the error of Read for an error of xlsx.Open: one
// wrapping ErrTooLarge that names the limit of limits.go exceeded, or
// ErrNotXLSX; the context's error stays as is.
func packageError(err error) error {
	var xe *xlsx.Error
	if !errors.As(err, &xe) {
		return err
	}
	if errors.Is(err, xlsx.ErrTooLarge) {
		limit := "MaxPartBytes"
		switch xe.Limit {
		case "TotalBytes":
			return fmt.Errorf("%w: unpacks to more than MaxUnpackedBytes (%d)", ErrTooLarge, MaxUnpackedBytes)
		case "SheetBytes":
			limit = "MaxSheetBytes"
		}
		if xe.Size > 0 {
			return fmt.Errorf("%w: part %s unpacks to %d bytes, more than %s (%d)", ErrTooLarge, quote(xe.Part), xe.Size, limit, xe.Max)
		}
		return fmt.Errorf("%w: %s", ErrTooLarge, detail(err, true))
	}
	return fmt.Errorf("%w: %s", ErrNotXLSX, detail(err, true))
}

// detail returns what an error of internal/xlsx says without its
// sentinel's words (the part when withPart, the row, what is wrong), cut
// to 200 characters: a hostile file makes names as long as it likes.
func detail(err error, withPart bool) string {
	var xe *xlsx.Error
	if !errors.As(err, &xe) {
		return clipErr(err)
	}
	s := xe.Detail
	if xe.Row > 0 {
		s = "row " + strconv.Itoa(xe.Row) + ": " + s
	}
	if withPart && xe.Part != "" {
		s = xe.Part + ": " + s
	}
	return errdetail.ClipPath(s)
}

// clipErr returns err's message cut to 200 characters.
func clipErr(err error) string { return errdetail.ClipPath(err.Error()) }

// value makes a cell's value from its type and text: a shared string, an
// inline string with its _xHHHH_ escapes decoded, or the text as written
// (a number, a date serial, a boolean's 0 or 1, a formula's string).
func (p *pkg) value(typ string, text []byte) (string, error) {
	switch typ {
	case "s":
		if len(text) == 0 {
			return "", nil
		}
		i, ok := index(text)
		s, found := p.wb.SharedString(i)
		if !ok || !found {
			return "", fmt.Errorf("shared string %s does not exist", quote(string(text)))
		}
		return s, nil
	case "inlineStr":
		return xlsx.Unescape(p.intern(text)), nil
	}
	return p.intern(text), nil
}

// index reads a shared string's number, spaces around it allowed, as
// strconv.Atoi would after strings.TrimSpace; plain digits are read
// without a copy.
func index(b []byte) (int, bool) {
	if len(b) > 0 && len(b) <= 9 {
		n := 0
		for _, c := range b {
			if c < '0' || c > '9' {
				goto slow
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
slow:
	n, err := strconv.Atoi(string(bytes.TrimSpace(b)))
	return n, err == nil
}

// countRows returns an estimate of the number of rows of a worksheet part,
// at most maxRows: the number of row elements its bytes open, counted
// without parsing (a fast pass over the unpacked bytes), so that the
// reader can size its tables once instead of growing them.
func countRows(ctx context.Context, open func() (io.ReadCloser, error)) int {
	rc, err := open()
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
