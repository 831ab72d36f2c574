package vnfmt

import (
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestInt(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0", "0"},
		{999, "999", "999"},
		{1000, "1.000", "1,000"},
		{1088, "1.088", "1,088"},
		{-200000, "-200.000", "-200,000"},
		{1234567, "1.234.567", "1,234,567"},
		{math.MaxInt64, "9.223.372.036.854.775.807", "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9.223.372.036.854.775.808", "-9,223,372,036,854,775,808"},
	} {
		t.Run(tc.vi, func(t *testing.T) {
			assert.Equal(t, tc.vi, Int(tc.n, "vi"))
			assert.Equal(t, tc.vi, Int(tc.n, ""))
			assert.Equal(t, tc.en, Int(tc.n, "en-GB"))
		})
	}
}

func TestMoney(t *testing.T) {
	assert.Equal(t, "200.000 ₫", Money(200000, "vi"))
	assert.Equal(t, "200,000 VND", Money(200000, "EN"))
	assert.Equal(t, "0 ₫", Money(0, "vi"))
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		part, whole int64
		vi, en      string
	}{
		{1088, 1964, "55,4%", "55.4%"},
		{1, 3, "33,3%", "33.3%"},
		{2, 3, "66,7%", "66.7%"},
		{1, 2000, "0,1%", "0.1%"}, // 0.05 rounds half up
		{1, 2001, "0,0%", "0.0%"},
		{5, 5, "100,0%", "100.0%"},
		{0, 0, "0%", "0%"},
		{3, -1, "0%", "0%"},
		{math.MaxInt64, math.MaxInt64, "100,0%", "100.0%"},
	} {
		assert.Equal(t, tc.vi, Percent(tc.part, tc.whole, "vi"), "%d/%d", tc.part, tc.whole)
		assert.Equal(t, tc.en, Percent(tc.part, tc.whole, "en"), "%d/%d", tc.part, tc.whole)
	}
}

func TestBytes(t *testing.T) {
	for _, tc := range []struct {
		n      int64
		vi, en string
	}{
		{0, "0 byte", "0 bytes"},
		{512, "512 byte", "512 bytes"},
		{1024, "1 KB", "1 KB"},
		{800 << 10, "800 KB", "800 KB"},
		{10 << 20, "10 MB", "10 MB"},
		{3 << 19, "1,5 MB", "1.5 MB"},
		{1<<20 - 1, "1 MB", "1 MB"}, // 1023.999 KB rounds to 1 MB
		{2 << 30, "2 GB", "2 GB"},
		{math.MaxInt64, "8 EB", "8 EB"},
	} {
		assert.Equal(t, tc.vi, Bytes(tc.n, "vi"), "%d", tc.n)
		assert.Equal(t, tc.en, Bytes(tc.n, "en"), "%d", tc.n)
	}
}

func TestWeekdayDate(t *testing.T) {
	d := time.Date(2026, 2, 13, 15, 30, 0, 0, time.FixedZone("Asia/Ho_Chi_Minh", 7*3600))
	assert.Equal(t, "Thứ Sáu", Weekday(d.Weekday(), "vi"))
	assert.Equal(t, "Friday", Weekday(d.Weekday(), "en"))
	assert.Equal(t, "Chủ nhật", Weekday(time.Sunday, ""))
	assert.Equal(t, "9", Weekday(9, "vi"))
	assert.Equal(t, "13/02/2026", Date(d))
	assert.Equal(t, "15:30 ngày 13/02/2026", DateTime(d, "vi"))
	assert.Equal(t, "15:30, 13/02/2026", DateTime(d, "en"))
}
