package bank_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
)

// FuzzReconcile feeds Reconcile arbitrary contents and amounts against a
// fixed set of dues: it never panics, gives one result per line, and the
// money it counts for a dossier is what its non-duplicate lines brought.
func FuzzReconcile(f *testing.F) {
	f.Add("MBVCB.1.000.00.01.H12-251126-0001", int64(230000), "FT1", "000 00 01 H12 251126 0002", int64(5))
	f.Add("000.00.01.H12-251126-00", int64(1), "", "ung ho", int64(0))
	f.Fuzz(func(t *testing.T, c1 string, a1 int64, ref string, c2 string, a2 int64) {
		if len(c1)+len(c2)+len(ref) > 1024 || a1 < 0 || a2 < 0 || a1 > 1e12 || a2 > 1e12 {
			return
		}
		dues := []bank.Due{
			{Code: "000.00.01.H12-251126-0001", Amount: 230000},
			{Code: "000.00.01.H12-251126-0002", Amount: 100000, Paid: true, Reference: "FT9"},
			{Code: "000.00.01.H12-251126-10000", Amount: 50},
		}
		lines := []bank.Line{{Amount: fees.Money(a1), Content: c1, Reference: ref}, {Amount: fees.Money(a2), Content: c2, Reference: ref}}
		r, err := bank.Reconcile(dues, lines, bank.Options{})
		require.NoError(t, err)
		require.Len(t, r.Results, 2)
		got := map[string]fees.Money{}
		for i, res := range r.Results {
			require.NotEqual(t, bank.StatusUnknown, res.Status)
			switch res.Status {
			case bank.Matched, bank.Underpaid, bank.Overpaid:
				got[res.Code] += lines[i].Amount
				assert.Equal(t, got[res.Code], res.Received)
			case bank.Unmatched, bank.Ambiguous:
				assert.Empty(t, res.Code)
			}
		}
		for _, s := range r.Settlements {
			assert.Equal(t, got[s.Code], s.Amount)
		}
	})
}

// FuzzReadCSV feeds ReadCSV arbitrary text after a header: it never
// panics and returns either lines or a StatementError, never both.
func FuzzReadCSV(f *testing.F) {
	f.Add(statementCSV)
	f.Add("Ngày,Ghi có,Nội dung\n26/11/2025,\"1,000\",x\n")
	f.Add("Date;Amount;Description\n2025-11-26;-5;y\n")
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		lines, err := bank.ReadCSV(strings.NewReader(s), bank.ReadOptions{})
		if err != nil {
			assert.Nil(t, lines)
			var se *bank.StatementError
			require.ErrorAs(t, err, &se)
			require.NotEmpty(t, bank.ErrorCode(err))
			return
		}
		for _, l := range lines {
			assert.Positive(t, l.Amount)
			assert.False(t, l.Date.IsZero())
		}
	})
}

// FuzzReadXLSX feeds ReadXLSX arbitrary bytes: no panic, and an error
// that says what is wrong.
func FuzzReadXLSX(f *testing.F) {
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		lines, err := bank.ReadXLSX(bytes.NewReader(b), bank.ReadOptions{MaxBytes: 1 << 20})
		if err != nil {
			assert.Nil(t, lines)
			require.NotEmpty(t, bank.ErrorCode(err), err.Error())
		}
	})
}
