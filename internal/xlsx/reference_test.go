package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
)

// refRow is a row as a reader gives it.
type refRow struct {
	Num   int
	Cells []string
}

// referenceRows reads worksheet XML with encoding/xml (strict, raw
// tokens: no nesting check, as the scanner), following the rules
// [Workbook.ReadRows] documents; ok is false when encoding/xml refuses the
// XML or the rules refuse the sheet.
func referenceRows(data []byte, shared []string, columns int) (rows []refRow, ok bool) {
	ok = referenceRead(data, shared, columns, func(num int, cells []string) {
		rows = append(rows, refRow{num, append([]string{}, cells...)})
	})
	if !ok {
		return nil, false
	}
	return rows, true
}

// referenceRead is referenceRows calling fn with each row instead.
func referenceRead(data []byte, shared []string, columns int, fn func(num int, cells []string)) bool {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	attr := func(e xml.StartElement, name string) (string, bool) {
		for _, a := range e.Attr {
			if a.Name.Local == name {
				return a.Value, true
			}
		}
		return "", false
	}
	var (
		cells                               []string
		text                                []byte
		rowNum, col                         int
		cellType                            string
		inRow, inCell, inV, inIS, inT, inRP bool
		failed                              bool
	)
	flush := func() {
		if col < 0 || col >= columns {
			return
		}
		v := ""
		switch cellType {
		case "s":
			i, err := strconv.Atoi(strings.TrimSpace(string(text)))
			if err != nil || i < 0 || i >= len(shared) {
				failed = true
				return
			}
			v = shared[i]
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
	}
	emit := func() { fn(rowNum, cells) }
	for !failed {
		tok, err := dec.RawToken()
		if errors.Is(err, io.EOF) {
			return true
		}
		if err != nil {
			return false
		}
		switch t := tok.(type) {
		case xml.CharData:
			if inCell && (inV || (inIS && inT && !inRP)) {
				text = append(text, t...)
			}
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				n := rowNum + 1
				if v, ok := attr(t, "r"); ok {
					if n, err = strconv.Atoi(v); err != nil || n < 1 || n <= rowNum {
						return false
					}
				}
				rowNum, col, cells, inRow = n, -1, cells[:0], true
			case "c":
				if !inRow {
					continue
				}
				next := col + 1
				if ref, ok := attr(t, "r"); ok {
					if next = refColumn(ref); next < 0 {
						return false
					}
				}
				col = next
				cellType, _ = attr(t, "t")
				text, inCell = text[:0], true
			case "v":
				inV = true
			case "is":
				inIS = true
			case "t":
				inT = true
			case "rPh":
				inRP = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "row":
				if inRow {
					inRow = false
					emit()
				}
			case "c":
				if inRow && inCell {
					flush()
				}
				inCell = false
			case "v":
				inV = false
			case "is":
				inIS = false
			case "t":
				inT = false
			case "rPh":
				inRP = false
			}
		}
	}
	return false
}

// refColumn is Column written another way: letters as a base-26 numeral.
func refColumn(ref string) int {
	letters := strings.TrimRight(ref, "0123456789")
	digits := ref[len(letters):]
	if letters == "" || digits == "" || len(letters) > 3 {
		return -1
	}
	n := 0
	for _, c := range letters {
		if c < 'A' || c > 'Z' {
			return -1
		}
		n = n*26 + int(c-'A') + 1
	}
	if n > MaxColumns {
		return -1
	}
	return n - 1
}
