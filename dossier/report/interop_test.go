package report_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/internal/testenv"
)

// openpyxlDump prints, as JSON, what openpyxl reads from a workbook: per
// worksheet every non-empty cell's cached value (dates as Excel serials),
// its formula, its number format, the merged ranges, the frozen cell, the
// print titles and the page setup; chart sheets by name.
const openpyxlDump = `
import json, sys, datetime
import openpyxl
from openpyxl.utils.datetime import to_excel
path = sys.argv[1]
values = openpyxl.load_workbook(path, data_only=True)
formulas = openpyxl.load_workbook(path, data_only=False)
out = {"sheets": values.sheetnames, "charts": [c.title for c in values.chartsheets], "cells": {}}
for ws in values.worksheets:
    fs = formulas[ws.title]
    cells = {}
    for row in ws.iter_rows():
        for c in row:
            f = fs[c.coordinate].value
            if c.value is None and f is None:
                continue
            v = c.value
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = to_excel(v)
            cells[c.coordinate] = {"v": v, "f": f if isinstance(f, str) and f.startswith("=") else None,
                                   "fmt": c.number_format}
    out["cells"][ws.title] = {
        "cells": cells,
        "merged": sorted(str(r) for r in ws.merged_cells.ranges),
        "freeze": ws.freeze_panes,
        "titles": ws.print_title_rows,
        "orientation": ws.page_setup.orientation,
        "paper": ws.page_setup.paperSize,
    }
json.dump(out, sys.stdout)
`

type openpyxlCell struct {
	V   any     `json:"v"`
	F   *string `json:"f"`
	Fmt string  `json:"fmt"`
}

type openpyxlSheet struct {
	Cells       map[string]openpyxlCell `json:"cells"`
	Merged      []string                `json:"merged"`
	Freeze      string                  `json:"freeze"`
	Titles      string                  `json:"titles"`
	Orientation string                  `json:"orientation"`
	Paper       any                     `json:"paper"`
}

type openpyxlBook struct {
	Sheets []string                 `json:"sheets"`
	Charts []string                 `json:"charts"`
	Cells  map[string]openpyxlSheet `json:"cells"`
}

func readOpenpyxl(t *testing.T, py string, b []byte) openpyxlBook {
	t.Helper()
	path := filepath.Join(t.TempDir(), "book.xlsx")
	require.NoError(t, os.WriteFile(path, b, 0o600))
	cmd := exec.Command(py, "-c", openpyxlDump, path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var book openpyxlBook
	require.NoError(t, json.Unmarshal(out, &book))
	return book
}

// compareWithExcelize checks that openpyxl reads every cell excelize reads,
// with the same value and formula, and nothing else.
func compareWithExcelize(t *testing.T, b []byte, sheet string, got openpyxlSheet) {
	t.Helper()
	f := open(t, b)
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	seen := 0
	for r, row := range rows {
		for c, want := range row {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			formula, err := f.GetCellFormula(sheet, ref)
			require.NoError(t, err)
			cell, ok := got.Cells[ref]
			if want == "" && formula == "" {
				assert.False(t, ok && cell.V != nil && cell.V != "", "%s: openpyxl reads %v", ref, cell.V)
				continue
			}
			seen++
			if !assert.True(t, ok, "%s missing in openpyxl", ref) {
				continue
			}
			if formula != "" {
				require.NotNil(t, cell.F, ref)
				assert.Equal(t, "="+formula, *cell.F, ref)
			} else {
				assert.Nil(t, cell.F, ref)
			}
			switch v := cell.V.(type) {
			case float64:
				w, err := strconv.ParseFloat(want, 64)
				require.NoError(t, err, "%s: excelize reads %q, openpyxl %v", ref, want, v)
				assert.InDelta(t, w, v, 1e-12, ref)
			case string:
				assert.Equal(t, want, v, ref)
			default:
				t.Errorf("%s: openpyxl reads %T %v, excelize %q", ref, v, v, want)
			}
		}
	}
	assert.Equal(t, seen, countNonEmpty(got.Cells), "openpyxl reads no cell excelize does not")
}

func countNonEmpty(cells map[string]openpyxlCell) int {
	n := 0
	for _, c := range cells {
		if (c.V != nil && c.V != "") || c.F != nil {
			n++
		}
	}
	return n
}

func TestInteropOpenpyxl(t *testing.T) {
	py := testenv.Openpyxl(t)

	t.Run("statistics", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, report.WriteStatistics(&buf, sampleSummary(), report.Options{Unit: "UBND phường Ba Đình"}))
		book := readOpenpyxl(t, py, buf.Bytes())
		assert.Equal(t, []string{"Thống kê", "Biểu đồ"}, book.Sheets)
		assert.Equal(t, []string{"Biểu đồ"}, book.Charts)
		s := book.Cells["Thống kê"]
		compareWithExcelize(t, buf.Bytes(), "Thống kê", s)
		assert.ElementsMatch(t, statMerges, s.Merged)
		assert.Equal(t, "C9", s.Freeze)
		assert.Equal(t, "$5:$8", s.Titles)
		assert.Equal(t, "landscape", s.Orientation)
		assert.EqualValues(t, 9, s.Paper)
		assert.Equal(t, "0.0%", s.Cells["T11"].Fmt)
		assert.Equal(t, "#,##0", s.Cells["C11"].Fmt)
	})

	t.Run("statistics by procedure with names", func(t *testing.T) {
		table := dossier.Summary{Period: dossier.Month(2026, 11), GroupBy: dossier.GroupProcedure,
			Rows:  []dossier.SummaryRow{{Key: "1.001193", NewOnlineFull: 2, SettledOnTime: 2}},
			Total: dossier.SummaryRow{NewOnlineFull: 2, SettledOnTime: 2}}
		names := func(code string) string { return map[string]string{"1.001193": "Đăng ký khai sinh"}[code] }
		var buf bytes.Buffer
		require.NoError(t, report.WriteStatistics(&buf, table, report.Options{ProcedureName: names}))
		s := readOpenpyxl(t, py, buf.Bytes()).Cells["Thống kê"]
		compareWithExcelize(t, buf.Bytes(), "Thống kê", s)
		assert.Equal(t, "Thủ tục hành chính", s.Cells["B5"].V)
		assert.Equal(t, "1.001193 – Đăng ký khai sinh", s.Cells["B9"].V)
	})

	t.Run("register", func(t *testing.T) {
		var buf bytes.Buffer
		require.NoError(t, report.WriteRegister(t.Context(), &buf, seqOf(sampleDossiers()), report.Options{AsOf: at(10, 12, 0)}))
		book := readOpenpyxl(t, py, buf.Bytes())
		assert.Equal(t, []string{"Sổ theo dõi"}, book.Sheets)
		s := book.Cells["Sổ theo dõi"]
		compareWithExcelize(t, buf.Bytes(), "Sổ theo dõi", s)
		assert.Equal(t, []string{"A1:J1"}, s.Merged)
		assert.Equal(t, "A3", s.Freeze)
		assert.Equal(t, "$2:$2", s.Titles)
		// openpyxl sees real dates: it converts them to datetimes because
		// of their format, and back to the serials excelize reads.
		assert.Equal(t, "dd/mm/yyyy", s.Cells["F3"].Fmt)
		assert.InDelta(t, 46328, s.Cells["F3"].V, 0)
	})
}
