package report

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

// TestReleaseSpool checks that releaseSpool still reaches excelize's chunk
// buffer (an excelize upgrade that changes it must be noticed), that it
// leaves a sheet alone whose rows are still in memory, and that a released
// sheet is written whole.
func TestReleaseSpool(t *testing.T) {
	f := excelize.NewFile(excelize.Options{TmpDir: t.TempDir()})
	defer func() { _ = f.Close() }()
	_, err := f.NewSheet("small")
	require.NoError(t, err)

	big, err := f.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	text := strings.Repeat("a", 30_000)
	row := make([]any, 20)
	for i := range row {
		row[i] = text
	}
	const rows = 30 // 18 MB: more than excelize keeps before spilling
	for r := 1; r <= rows; r++ {
		ref, _ := excelize.CoordinatesToCellName(1, r)
		require.NoError(t, big.SetRow(ref, row))
	}
	require.NoError(t, big.Flush())
	assert.True(t, releaseSpool(big), "the spilled sheet's buffer is released")

	small, err := f.NewStreamWriter("small")
	require.NoError(t, err)
	require.NoError(t, small.SetRow("A1", []any{"kept"}))
	require.NoError(t, small.Flush())
	assert.False(t, releaseSpool(small), "rows still in memory are kept")

	var buf bytes.Buffer
	require.NoError(t, writeZip(f, &buf))
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	part := func(name string) string {
		rc, err := zr.Open(name)
		require.NoError(t, err, name)
		defer rc.Close()
		b, err := io.ReadAll(rc)
		require.NoError(t, err)
		return string(b)
	}
	sheet := part("xl/worksheets/sheet1.xml")
	assert.Equal(t, rows, strings.Count(sheet, "<row "))
	assert.Equal(t, rows*20, strings.Count(sheet, text))
	assert.True(t, strings.HasSuffix(sheet, "</worksheet>"))
	assert.Contains(t, part("xl/worksheets/sheet2.xml"), "<t>kept</t>")
}
