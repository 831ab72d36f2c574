// Package vnfmt formats numbers, money, percentages, sizes, weekdays and
// dates the way Vietnamese text writes them ("200.000 ₫", "55,4%",
// "Thứ Hai", "13/02/2026"), and in English for lang tags starting with
// "en" ("200,000 VND", "55.4%", "Monday"). Every motcua package that
// shows a value to people formats it here, so a portal's pages read the
// same whichever package wrote them.
package vnfmt

import (
	"strconv"
	"time"
)

// English reports whether lang asks for English: a tag starting with "en"
// in any case. Everything else, the empty tag included, is Vietnamese.
func English(lang string) bool {
	return len(lang) >= 2 && lang[0]|0x20 == 'e' && lang[1]|0x20 == 'n'
}

// Int returns n with its thousands grouped: "1.088" in Vietnamese,
// "1,088" in English.
func Int(n int64, lang string) string {
	return string(AppendInt(nil, n, lang))
}

// AppendInt appends [Int]'s text of n to b.
func AppendInt(b []byte, n int64, lang string) []byte {
	sep := byte('.')
	if English(lang) {
		sep = ','
	}
	var digits [20]byte
	d := strconv.AppendUint(digits[:0], abs(n), 10)
	if n < 0 {
		b = append(b, '-')
	}
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, sep)
		}
		b = append(b, c)
	}
	return b
}

// abs returns |n| as an unsigned number; the most negative int64 too.
func abs(n int64) uint64 {
	if n < 0 {
		return uint64(-(n + 1)) + 1
	}
	return uint64(n)
}

// Money returns an amount of đồng: "200.000 ₫" in Vietnamese, "200,000 VND"
// in English.
func Money(dong int64, lang string) string {
	if English(lang) {
		return Int(dong, lang) + " VND"
	}
	return Int(dong, lang) + " ₫"
}

// Percent returns part of whole as a percentage with one decimal, rounded
// half up: Percent(1088, 1964, "vi") is "55,4%", "55.4%" in English. A
// whole of zero or less gives "0%" ("0,0%" would claim a measurement).
func Percent(part, whole int64, lang string) string {
	if whole <= 0 || part < 0 {
		return "0%"
	}
	// tenths of a percent, rounded half up, in uint64 against overflow.
	p, w := uint64(part), uint64(whole)
	var tenths uint64
	if p <= (1<<64-1)/2000 {
		tenths = (p*2000/w + 1) / 2
	} else {
		tenths = p / (w / 1000)
	}
	sep := byte(',')
	if English(lang) {
		sep = '.'
	}
	b := strconv.AppendUint(nil, tenths/10, 10)
	b = append(b, sep, byte('0'+tenths%10), '%')
	return string(b)
}

// Bytes returns a size for a person: "10 MB", "1,5 MB", "800 KB",
// "512 byte" in Vietnamese, with a decimal point and "bytes" in English.
// The units are binary (1 MB is 1,048,576 bytes), as upload limits are
// written; one decimal is shown when the size is not a whole number of
// the unit.
func Bytes(n int64, lang string) string {
	en := English(lang)
	if n < 1024 {
		if en {
			return strconv.FormatInt(n, 10) + " bytes"
		}
		return strconv.FormatInt(n, 10) + " byte"
	}
	units := [...]string{"KB", "MB", "GB", "TB", "PB", "EB"}
	u, size := 0, uint64(n)
	for size >= 1024*1024 && u < len(units)-1 {
		size /= 1024
		u++
	}
	// size is in units of 1024^u bytes, to be divided once more by 1024.
	whole, rest := size/1024, size%1024
	tenths := (rest*10 + 512) / 1024
	if tenths == 10 {
		whole, tenths = whole+1, 0
	}
	if whole == 1024 && u < len(units)-1 {
		whole, u = 1, u+1
	}
	b := strconv.AppendUint(nil, whole, 10)
	if tenths != 0 {
		sep := byte(',')
		if en {
			sep = '.'
		}
		b = append(b, sep, byte('0'+tenths))
	}
	return string(b) + " " + units[u]
}

var weekdays = [2][7]string{
	{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"},
	{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
}

// Weekday returns the day's name: "Thứ Hai" … "Chủ nhật", or "Monday" …
// "Sunday".
func Weekday(d time.Weekday, lang string) string {
	if d < time.Sunday || d > time.Saturday {
		return strconv.Itoa(int(d))
	}
	if English(lang) {
		return weekdays[1][d]
	}
	return weekdays[0][d]
}

// Date returns t's day as dd/mm/yyyy, the form Vietnamese papers use in
// both languages.
func Date(t time.Time) string { return t.Format("02/01/2006") }

// DateTime returns t as "15:04 ngày 13/02/2026" in Vietnamese and
// "15:04, 13/02/2026" in English.
func DateTime(t time.Time, lang string) string {
	if English(lang) {
		return t.Format("15:04, 02/01/2006")
	}
	return t.Format("15:04 ngày 02/01/2006")
}
