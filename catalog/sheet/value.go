package sheet

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/vntime"
)

// Date layouts. Write uses dateLayout for midnight in Asia/Ho_Chi_Minh and
// dateTimeLayout otherwise (fractional seconds only when present).
const (
	dateLayout     = "02/01/2006"
	dateTimeLayout = "02/01/2006 15:04:05.999999999"
)

// formatDate returns the text Write stores for t ("" for the zero time).
func formatDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(vntime.Location)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.Format(dateLayout)
	}
	return t.Format(dateTimeLayout)
}

// excelEpoch is day 0 of Excel's 1900 date system (serial 60, the
// non-existent 29 February 1900, is rejected).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, vntime.Location)

// parseDate reads dd/mm/yyyy [hh:mm[:ss[.fff]]], yyyy-mm-dd, RFC 3339 and
// Excel date serial numbers (1900 date system), all in Asia/Ho_Chi_Minh
// unless the text carries its own offset.
func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2/1/2006", "2/1/2006 15:04", "2/1/2006 15:04:05", "2006-01-02", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, vntime.Location); err == nil {
			return t, true
		}
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.In(vntime.Location), true
	}
	// An Excel date: a positive number of days since the epoch, the
	// fraction being the time of day, rounded to the millisecond.
	if f, err := strconv.ParseFloat(s, 64); err == nil && f >= 1 && f < 2958466 && f != 60 {
		if f < 60 {
			f++ // Excel counts 29 February 1900
		}
		days := math.Floor(f)
		ms := math.Round((f - days) * 86400e3)
		return excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(ms) * time.Millisecond), true
	}
	return time.Time{}, false
}

// parseInt reads a whole number: plain digits, an Excel number without a
// fraction ("15", "15.0", "1.5E+3"), or Vietnamese thousands grouping with
// dots ("230.000"). It reports false outside [min, max].
func parseInt(s string, lo, hi int64) (int64, bool) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, n >= lo && n <= hi
	}
	if grouped(s) {
		n, err := strconv.ParseInt(strings.ReplaceAll(s, ".", ""), 10, 64)
		return n, err == nil && n >= lo && n <= hi
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > maxExactInt {
		return 0, false
	}
	n := int64(f)
	return n, n >= lo && n <= hi
}

// grouped reports whether s is digits grouped by threes with dots, such as
// "1.500.000", with an optional minus sign.
func grouped(s string) bool {
	s = strings.TrimPrefix(s, "-")
	parts := strings.Split(s, ".")
	if len(parts) < 2 || len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for i, p := range parts {
		if i > 0 && len(p) != 3 {
			return false
		}
		for _, c := range []byte(p) {
			if c < '0' || c > '9' {
				return false
			}
		}
	}
	return true
}

// storable reports why s cannot be written to a cell and read back
// unchanged, or "" when it can. Read trims spaces around every cell, and
// XML 1.0 cannot carry most control characters nor a bare carriage return.
func storable(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	if strings.TrimSpace(s) != s {
		return "has spaces around it"
	}
	n := 0
	for _, r := range s {
		if n += utf16.RuneLen(r); n > maxCellChars {
			return "is longer than a cell holds (32,767 characters)"
		}
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0xFFFE || r == 0xFFFF || (r >= 0xD800 && r <= 0xDFFF) {
			return "holds a control character (" + strconv.QuoteRune(r) + ")"
		}
	}
	return ""
}
