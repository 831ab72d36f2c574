package report

import (
	"bytes"
	"iter"
	"strconv"
	"strings"
	"testing"
	"time"

	"encoding/xml"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vntime"
)

func named(names ...string) iter.Seq2[dossier.Dossier, error] {
	return func(yield func(dossier.Dossier, error) bool) {
		for i, n := range names {
			if !yield(dossier.Dossier{Code: "X-" + strconv.Itoa(i+1), Applicant: dossier.Applicant{Name: n}}, nil) {
				return
			}
		}
	}
}

// TestRegisterRollsOver checks that a full sheet continues in the next one,
// numbering on, each sheet with its title, headers, filter and print titles.
func TestRegisterRollsOver(t *testing.T) {
	long := strings.Repeat("&", 300) // 1,500 bytes of XML
	tests := []struct {
		name   string
		lim    limits
		names  []string
		sheets [][]int // the numbers in each sheet
	}{
		{"by rows", limits{rows: 2, bytes: 1 << 30}, []string{"a", "b", "c", "d", "e"}, [][]int{{1, 2}, {3, 4}, {5}}},
		{"exactly full", limits{rows: 2, bytes: 1 << 30}, []string{"a", "b", "c", "d"}, [][]int{{1, 2}, {3, 4}}},
		{"by bytes", limits{rows: 100, bytes: 4100}, []string{long, long, "c", long}, [][]int{{1, 2}, {3, 4}}},
		{"one huge row", limits{rows: 100, bytes: 100}, []string{long, "b"}, [][]int{{1}, {2}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, writeRegister(t.Context(), &buf, named(tc.names...), &Options{}, tc.lim))
			f, err := excelize.OpenReader(&buf)
			require.NoError(t, err)
			defer func() { _ = f.Close() }()
			var want []string
			for i := range tc.sheets {
				want = append(want, (&register{lang: vi}).sheetName(i+1))
			}
			assert.Equal(t, want, f.GetSheetList())
			assert.Equal(t, "Sổ theo dõi (2)", want[1])
			names := f.GetDefinedName()
			for i, sheet := range want {
				rows, err := f.GetRows(sheet)
				require.NoError(t, err)
				require.Len(t, rows, 2+len(tc.sheets[i]), sheet)
				assert.Equal(t, "SỔ THEO DÕI HỒ SƠ", rows[0][0])
				assert.Equal(t, "STT", rows[1][0])
				for k, n := range tc.sheets[i] {
					assert.Equal(t, strconv.Itoa(n), rows[2+k][0])
					assert.Equal(t, tc.names[n-1], rows[2+k][3])
				}
				assert.Contains(t, names, excelize.DefinedName{Name: "_xlnm.Print_Titles",
					RefersTo: quoteSheet(sheet) + "!$2:$2", Scope: sheet})
			}
		})
	}
}

func TestXMLBound(t *testing.T) {
	for _, s := range []string{"", "abc", "Nguyễn Văn An", `<&>"'`, "a\x00b\tc\n", "\xff\xfe", strings.Repeat("Đ&", 50)} {
		var b strings.Builder
		require.NoError(t, xmlEscapeText(&b, s))
		assert.GreaterOrEqual(t, xmlBound(s), int64(b.Len()), "%q", s)
	}
}

func TestSerial(t *testing.T) {
	tests := []struct {
		at   time.Time
		want int64
		ok   bool
	}{
		{vntime.Date(1970, 1, 1), 25569, true},
		{vntime.Date(2026, 11, 2), 46328, true},
		{time.Date(2026, 11, 1, 17, 30, 0, 0, time.UTC), 46328, true}, // 00:30 on 2 November in Hanoi
		{vntime.Date(1900, 3, 1), 61, true},
		{vntime.Date(1900, 2, 28), 59, false},
		{vntime.Date(9999, 12, 31), 2958465, true},
		{vntime.Date(10000, 1, 1), 2958466, false},
	}
	for _, tc := range tests {
		got, ok := serial(tc.at)
		assert.Equal(t, tc.ok, ok, tc.at.String())
		if tc.ok {
			assert.Equal(t, tc.want, got, tc.at.String())
		}
	}
}

// xmlEscapeText escapes s as encoding/xml does for excelize's cells.
func xmlEscapeText(b *strings.Builder, s string) error { return xml.EscapeText(b, []byte(s)) }
