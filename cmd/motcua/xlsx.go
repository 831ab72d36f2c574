package main

import (
	"context"
	"io"

	"github.com/motcua/motcua/internal/xlsx"
)

// registerLimits bound the reading of a register, outside input: the
// shared strings held (512 MiB unpacked at most), the workbook and its
// relationships (16 MiB), one cell (64 KiB; Excel allows 32,767
// characters), one tag (64 KiB); cells beyond column 64 are ignored.
var registerLimits = xlsx.Limits{
	SharedStringsBytes: 512 << 20,
	PartBytes:          16 << 20,
	CellBytes:          1 << 16,
	TagBytes:           1 << 16,
	Columns:            64,
}

// openWorkbook opens a register workbook for streaming its sheets row by
// row: only the shared strings are held in memory, never a worksheet.
func openWorkbook(ctx context.Context, r io.ReaderAt, size int64) (*xlsx.Workbook, error) {
	return xlsx.Open(ctx, r, size, registerLimits)
}

// sheetRows calls fn with every row of sheet s of wb, its number from 1
// and its cells' text by column (column A at 0; at most 64). Shared
// strings are resolved; numbers, booleans and dates stay as written in the
// XML (a date is a serial number). The cells slice is reused between
// calls. The worksheet's unpacked bytes read are counted into bar.
func sheetRows(ctx context.Context, wb *xlsx.Workbook, s xlsx.Sheet, bar *progress, fn xlsx.RowFunc) error {
	rc, err := s.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var r io.Reader = rc
	if bar != nil {
		r = countingReader{rc, bar}
	}
	return wb.ReadRows(ctx, r, s.Name, fn)
}
