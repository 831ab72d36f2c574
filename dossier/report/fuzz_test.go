package report_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
)

// FuzzWriteRegister writes dossiers whose applicant-supplied texts and
// dates are arbitrary: the register never panics, rejects only dates a
// workbook cannot show, and reads back every printable text unchanged.
func FuzzWriteRegister(f *testing.F) {
	f.Add("000.00.01.H12-261102-0001", "Nguyễn Văn An", int64(1_793_000_000), int64(3))
	f.Add("<x&y>", "  leading space", int64(-5_000_000_000), int64(-1))
	f.Add("\x00\xff", "tab\there", int64(300_000_000_000), int64(1<<40))
	f.Fuzz(func(t *testing.T, code, name string, received, dueDays int64) {
		if len(code) > 256 || len(name) > 4096 {
			t.Skip("texts this long say nothing more")
		}
		rec := time.Unix(received, 0)
		d := dossier.Dossier{Code: code, Applicant: dossier.Applicant{Name: name}, Status: dossier.InProgress,
			ReceivedAt: rec, DueAt: rec.Add(time.Duration(dueDays%100_000) * 24 * time.Hour)}
		var buf bytes.Buffer
		err := report.WriteRegister(t.Context(), &buf, seqOf([]dossier.Dossier{d}), report.Options{AsOf: rec.AddDate(0, 0, 7)})
		if err != nil {
			require.True(t, errors.Is(err, report.ErrInvalidDossier), "%v", err)
			assert.Zero(t, buf.Len())
			return
		}
		rows, err := open(t, buf.Bytes()).GetRows("Sổ theo dõi")
		require.NoError(t, err)
		require.Len(t, rows, 3)
		cells := append(rows[2], "", "", "", "")
		if printable(code) {
			assert.Equal(t, code, cells[1])
		}
		if printable(name) {
			assert.Equal(t, name, cells[3])
		}
	})
}

func printable(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return !unicode.IsPrint(r) && r != ' '
	})
}
