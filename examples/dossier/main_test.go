package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out))
	s := out.String()
	assert.Contains(t, s, "Mã hồ sơ:        000.00.12.H01-260211-0001")
	assert.Contains(t, s, "Tính từ:         Thu 12/02/2026 07:30") // after the cut-off
	assert.Contains(t, s, "Hẹn trả:         Thu 05/03/2026 17:00") // 10 working days across Tết 2026
	assert.Contains(t, s, "(10 working days after Thu 12/02 take 21 calendar days")
	assert.Contains(t, s, "with 8 working days left")
	assert.Contains(t, s, "new appointment Mon 09/03/2026 17:00")
	assert.Contains(t, s, "returned, early")
	assert.Contains(t, s, "Trail verifies: true")
	assert.Contains(t, s, "trail broken at index 2 (seq 3)")
	assert.Equal(t, 8, strings.Count(s, "…\n"), "eight events")
	// Past the published calendars: Tết Đinh Mùi 2027 computed, provisional.
	assert.Contains(t, s, "Tết Đinh Mùi: Sat 06/02/2027")
	assert.Contains(t, s, "Hẹn trả: Mon 15/02/2027 17:00")
	assert.Contains(t, s, "skipped Thu 04/02  closed   provisional Tết Nguyên đán Đinh Mùi")
	assert.Equal(t, 9, strings.Count(s, "skipped "), "Thu 4 – Sun 14 Feb but the working Thu 11 and Fri 12")
	assert.Contains(t, s, "rests on provisional years [2027]")
}
