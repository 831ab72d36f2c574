package main

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/xlsx"
)

// maxFuzzInput caps the fuzzers' inputs.
const maxFuzzInput = 1 << 20

// registerSeed is a small register workbook as excelize writes it (shared
// strings, numbers, a date).
func registerSeed(tb testing.TB) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	rows := [][]any{
		{"Sổ theo dõi hồ sơ"},
		{"STT", "Mã hồ sơ", "Mã thủ tục", "Người nộp", "Hình thức nộp", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày giải quyết", "Trạng thái", "Số ngày quá hạn"},
		{1, "A-1", "1.001193", "Lê & <Nam>", "Trực tiếp", 46083, 46086, 46091, "Có kết quả", nil},
		{2, "A-2", "1.001193", "Hà", "Trực tuyến", "02/03/2026", "05/03/2026", "", "Đang giải quyết", 2},
	}
	for i, r := range rows {
		cell, err := excelize.CoordinatesToCellName(1, i+1)
		require.NoError(tb, err)
		require.NoError(tb, f.SetSheetRow("Sheet1", cell, &r))
	}
	b, err := f.WriteToBuffer()
	require.NoError(tb, err)
	return b.Bytes()
}

func testAuditor(tb testing.TB) *auditor {
	tb.Helper()
	cal, err := dossier.Official()
	require.NoError(tb, err)
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	require.NoError(tb, err)
	return newAuditor(cal, cat, "vi")
}

func TestWorkbookReader(t *testing.T) {
	wb, err := openWorkbook(t.Context(), bytes.NewReader(registerSeed(t)), int64(len(registerSeed(t))))
	require.NoError(t, err)
	require.Len(t, wb.Sheets, 1)
	var got [][]string
	require.NoError(t, sheetRows(t.Context(), wb, wb.Sheets[0], nil, func(n int, cells []string) error {
		got = append(got, append([]string(nil), cells...))
		return nil
	}))
	require.Len(t, got, 4)
	assert.Equal(t, []string{"1", "A-1", "1.001193", "Lê & <Nam>", "Trực tiếp", "46083", "46086", "46091", "Có kết quả"}, got[2])
	assert.Equal(t, "2", got[3][9])

	au := testAuditor(t)
	var findings []regFinding
	sum, err := au.auditWorkbook(t.Context(), wb, nil, func(*regResult) {}, func(f regFinding) { findings = append(findings, f) })
	require.NoError(t, err)
	assert.Equal(t, 2, sum.Rows)
	// received 02/03/2026, due 05/03, settled 10/03, days late blank.
	assert.Equal(t, []string{kindHiddenLate}, kindsOf(findings, "A-1"))
	// open, 2 days late claimed with no --as-of: nothing to judge.
	assert.Empty(t, kindsOf(findings, "A-2"))
}

// FuzzWorkbook: any bytes given as a register are read or refused, and
// audited, without a panic and without reading past the limits.
func FuzzWorkbook(f *testing.F) {
	f.Add(registerSeed(f))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	au := testAuditor(f)
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > maxFuzzInput {
			return
		}
		wb, err := openWorkbook(context.Background(), bytes.NewReader(b), int64(len(b)))
		if err != nil {
			assert.True(t, errors.Is(err, xlsx.ErrNotXLSX) || errors.Is(err, xlsx.ErrTooLarge), err)
			return
		}
		_, _ = au.auditWorkbook(context.Background(), wb, nil, func(*regResult) {}, func(regFinding) {})
	})
}
