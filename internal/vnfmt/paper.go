package vnfmt

import (
	"strconv"
	"time"
)

// LongDate writes t's date as Vietnamese administrative documents do
// (Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the months 1 and 2
// take a leading zero): "ngày 02 tháng 12 năm 2026", "ngày 15 tháng 01 năm
// 2026", "ngày 05 tháng 3 năm 2026". t is written in its own location.
func LongDate(t time.Time) string {
	return string(AppendLongDate(nil, t))
}

// AppendLongDate appends [LongDate] of t to b.
func AppendLongDate(b []byte, t time.Time) []byte {
	b = append(b, "ngày "...)
	b = appendTwo(b, t.Day())
	b = append(b, " tháng "...)
	if m := int(t.Month()); m <= 2 {
		b = appendTwo(b, m)
	} else {
		b = strconv.AppendInt(b, int64(m), 10)
	}
	b = append(b, " năm "...)
	return strconv.AppendInt(b, int64(t.Year()), 10)
}

// ClockDate writes t as the one-stop shop's papers give a time: "09 giờ 30
// phút, ngày 02 tháng 12 năm 2026".
func ClockDate(t time.Time) string {
	b := appendTwo(nil, t.Hour())
	b = append(b, " giờ "...)
	b = appendTwo(b, t.Minute())
	b = append(b, " phút, "...)
	return string(AppendLongDate(b, t))
}

func appendTwo(b []byte, n int) []byte {
	if n < 10 {
		b = append(b, '0')
	}
	return strconv.AppendInt(b, int64(n), 10)
}
