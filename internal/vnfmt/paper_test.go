package vnfmt

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLongDate(t *testing.T) {
	loc := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct {
		name string
		t    time.Time
		long string
		clk  string
	}{
		{"day below 10, December", time.Date(2026, 12, 2, 9, 30, 0, 0, loc), "ngày 02 tháng 12 năm 2026", "09 giờ 30 phút, ngày 02 tháng 12 năm 2026"},
		{"January takes a zero", time.Date(2026, 1, 15, 14, 5, 0, 0, loc), "ngày 15 tháng 01 năm 2026", "14 giờ 05 phút, ngày 15 tháng 01 năm 2026"},
		{"February takes a zero", time.Date(2027, 2, 28, 0, 0, 0, 0, loc), "ngày 28 tháng 02 năm 2027", "00 giờ 00 phút, ngày 28 tháng 02 năm 2027"},
		{"March does not", time.Date(2026, 3, 5, 17, 0, 0, 0, loc), "ngày 05 tháng 3 năm 2026", "17 giờ 00 phút, ngày 05 tháng 3 năm 2026"},
		{"written in t's own location", time.Date(2026, 4, 30, 20, 0, 0, 0, time.UTC).In(loc), "ngày 01 tháng 5 năm 2026", "03 giờ 00 phút, ngày 01 tháng 5 năm 2026"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.long, LongDate(tc.t))
			assert.Equal(t, tc.clk, ClockDate(tc.t))
		})
	}
}
