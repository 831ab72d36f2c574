package dossier

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHolidaysAgainstHND checks Tết and Hùng Kings' day (10/3 âm lịch) of
// every year 1900–2199 against Hồ Ngọc Đức's published tables
// (testdata/lunar/hnd-tk.txt), and that the provisional years place their
// days off on those dates: Tết's five working days start from the second
// day before it, and Hùng Kings' day, when it falls on a weekend, is
// compensated on the Monday after.
func TestHolidaysAgainstHND(t *testing.T) {
	ref := hndYears(t)
	weekend := [7]bool{time.Saturday: true, time.Sunday: true}
	rules := LabourCode()
	for y := 1900; y <= LastLunarYear; y++ {
		if _, listed := hndDisagreements[y]; listed {
			continue // the tables follow the calendar of the time; see TestLunarMatchesHND
		}
		t.Run(strconv.Itoa(y), func(t *testing.T) {
			months := ref[y].months
			var hung int64 = -1
			for _, m := range months {
				if m.month == 3 && !m.leap {
					hung = int64(m.start) + 9
				}
			}
			require.NotEqual(t, int64(-1), hung)
			tet, ok := tetDayNumber(y)
			require.True(t, ok)
			assert.Equal(t, civil(months[0].start), civil(int32(tet)), "Tết")
			got, ok := lunarDayNumber(y, 3, 10, false)
			require.True(t, ok)
			assert.Equal(t, civil(int32(hung)), civil(int32(got)), "Hùng Kings' day")
			if y < FirstRuleYear {
				return
			}
			py, err := provisionalYear(y, rules, weekend)
			require.NoError(t, err)
			off := func(d int64) bool {
				for _, c := range py.Closed {
					if dayNumber(c.From) <= d && d <= dayNumber(c.To) {
						return true
					}
				}
				return false
			}
			assert.True(t, off(hung), "Hùng Kings' day %s is a day off", civil(int32(hung)))
			if weekend[weekdayOf(hung)] {
				monday := hung + 1
				for weekdayOf(monday) != time.Monday {
					monday++
				}
				assert.True(t, off(monday), "Hùng Kings' day compensated on Monday %s", civil(int32(monday)))
			}
			assert.False(t, off(tet-3) && !weekend[weekdayOf(tet-3)], "Tết starts no earlier than the second day before it")
			assert.True(t, off(tet), "Tết's first day %s is off", civil(int32(tet)))
		})
	}
}
