package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out, dir, 1000))
	s := out.String()
	stats := filepath.Join(dir, "thong-ke-2026-11.xlsx")
	register := filepath.Join(dir, "so-theo-doi-2026-11.xlsx")
	assert.Contains(t, s, "1000 synthetic dossiers")
	assert.Contains(t, s, "statistics: "+stats+" (8 agencies")
	assert.Contains(t, s, "register:   "+register+" (1000 dossiers")

	f, err := excelize.OpenFile(stats)
	require.NoError(t, err)
	defer f.Close()
	assert.Equal(t, []string{"Thống kê", "Biểu đồ"}, f.GetSheetList())
	rows, err := f.GetRows("Thống kê")
	require.NoError(t, err)
	require.Len(t, rows, 8+8+1)
	assert.Equal(t, "000.00.31.H12", rows[8][1])
	assert.Equal(t, "Tổng cộng", rows[16][1])

	procStats := filepath.Join(dir, "thong-ke-thu-tuc-2026-11.xlsx")
	assert.Contains(t, s, procStats+" (6 procedures")
	p, err := excelize.OpenFile(procStats)
	require.NoError(t, err)
	defer p.Close()
	rows, err = p.GetRows("Thống kê")
	require.NoError(t, err)
	require.Len(t, rows, 8+6+1)
	assert.Equal(t, "Thủ tục hành chính", rows[4][1])
	assert.Equal(t, "1.000656 – Đăng ký kết hôn", rows[8][1], "the procedure's name beside its code")
	assert.Equal(t, "1.009994 – Cấp giấy phép xây dựng", rows[12][1])

	g, err := excelize.OpenFile(register)
	require.NoError(t, err)
	defer g.Close()
	rows, err = g.GetRows("Sổ theo dõi")
	require.NoError(t, err)
	require.Len(t, rows, 1000+2)
	assert.Equal(t, "1000", rows[1001][0])
}
