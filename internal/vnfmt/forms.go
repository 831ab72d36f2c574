package vnfmt

import (
	"math"
	"strconv"
	"strings"
)

// Decimal returns a number that may have a fraction, its thousands
// grouped and its decimal comma: "1.234,5" in Vietnamese, "1,234.5" in
// English, with as many decimals as x needs (the shortest that reads back
// as x). NaN and infinities are written as strconv writes them.
func Decimal(x float64, lang string) string {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	if x == math.Trunc(x) && math.Abs(x) < 1<<63 {
		return Int(int64(x), lang)
	}
	s := strconv.FormatFloat(math.Abs(x), 'f', -1, 64)
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil { // too large for int64: not grouped
		w = -1
	}
	var b []byte
	if x < 0 {
		b = append(b, '-')
	}
	if w >= 0 {
		b = AppendInt(b, w, lang)
	} else {
		b = append(b, whole...)
	}
	if frac != "" {
		if English(lang) {
			b = append(b, '.')
		} else {
			b = append(b, ',')
		}
		b = append(b, frac...)
	}
	return string(b)
}
