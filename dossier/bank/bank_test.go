package bank_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/fees"
)

var day = time.Date(2025, 11, 26, 10, 0, 0, 0, dossier.Location)

func line(amount fees.Money, content, ref string) bank.Line {
	return bank.Line{Date: day, Amount: amount, Content: content, Reference: ref}
}

func TestCompact(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"code", "000.00.01.H12-251126-0001", "0000001H122511260001"},
		{"spaces for dots, lower case", "000 00 01 h12 251126 0001", "0000001H122511260001"},
		{"diacritics", "Nộp lệ phí HS 000.00.01.H12", "NOPLEPHIHS0000001H12"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { assert.Equal(t, tc.want, bank.Compact(tc.in)) })
	}
}

func TestReconcile(t *testing.T) {
	dues := []bank.Due{
		{Code: "000.00.01.H12-251126-0001", Amount: 230000},
		{Code: "000.00.01.H12-251126-0002", Amount: 100000},
		{Code: "000.00.01.H12-251126-0003", Amount: 50000},
		{Code: "000.00.01.H12-251126-0004", Amount: 80000, Paid: true, Reference: "FT2511260099"},
		{Code: "000.00.01.H12-251127-0005", Amount: 60000},
		{Code: "000.00.01.H12-251127-1000", Amount: 10000},
		{Code: "000.00.01.H12-251127-10000", Amount: 20000},
		{Code: "000.00.01.H12-251128-0007", Amount: 70000},
	}
	tests := []struct {
		name      string
		line      bank.Line
		status    bank.Status
		code      string
		received  fees.Money
		truncated bool
		dupOf     int
	}{
		{"exact, bank prefix, diacritics dropped", line(230000, "MBVCB.11223344.NGUYEN VAN AN chuyen tien 000.00.01.H12-251126-0001", "FT1"), bank.Matched, "000.00.01.H12-251126-0001", 230000, false, -1},
		{"spaces moved, dashes dropped, lower case", line(60000, "nop le phi 000 00 01 h12 251127 0005", "FT2"), bank.Matched, "000.00.01.H12-251127-0005", 60000, false, -1},
		{"underpaid", line(40000, "HS 000.00.01.H12-251126-0002", "FT3"), bank.Underpaid, "000.00.01.H12-251126-0002", 40000, false, -1},
		{"topped up: matched on the sum", line(60000, "HS 0000001H122511260002 bo sung", "FT4"), bank.Matched, "000.00.01.H12-251126-0002", 100000, false, -1},
		{"paid again after settling: duplicate", line(100000, "HS 000.00.01.H12-251126-0002", "FT5"), bank.Duplicate, "000.00.01.H12-251126-0002", 100000, false, -1},
		{"overpaid", line(70000, "000.00.01.H12-251126-0003", "FT6"), bank.Overpaid, "000.00.01.H12-251126-0003", 70000, false, -1},
		{"already paid on the trail", line(80000, "000.00.01.H12-251126-0004", "FT7"), bank.Duplicate, "000.00.01.H12-251126-0004", 0, false, -1},
		{"same reference as an earlier line", line(230000, "000.00.01.H12-251126-0001", "FT1"), bank.Duplicate, "000.00.01.H12-251126-0001", 230000, false, 0},
		{"cut by the bank", line(70000, "IBFT NGUYEN THI BINH nop phi 000.00.01.H12-251128-00", "FT8"), bank.Matched, "000.00.01.H12-251128-0007", 70000, true, -1},
		{"longer sequence wins over the code inside it", line(20000, "000.00.01.H12-251127-10000", "FT9"), bank.Matched, "000.00.01.H12-251127-10000", 20000, false, -1},
		{"no code", line(50000, "ung ho quy vac xin", "FT10"), bank.Unmatched, "", 0, false, -1},
		{"cut too short to be sure", line(50000, "chuyen tien 000.00.01.H12", "FT11"), bank.Unmatched, "", 0, false, -1},
		{"two dossiers", line(10000, "000.00.01.H12-251127-1000 va 000.00.01.H12-251126-0003", "FT12"), bank.Ambiguous, "", 0, false, -1},
	}
	lines := make([]bank.Line, len(tests))
	for i, tc := range tests {
		lines[i] = tc.line
	}
	r, err := bank.Reconcile(dues, lines, bank.Options{})
	require.NoError(t, err)
	require.Len(t, r.Results, len(tests))
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := r.Results[i]
			assert.Equal(t, i, res.Line)
			assert.Equal(t, tc.status, res.Status)
			assert.Equal(t, tc.code, res.Code)
			assert.Equal(t, tc.received, res.Received)
			assert.Equal(t, tc.truncated, res.Truncated)
			assert.Equal(t, tc.dupOf, res.DuplicateOf)
		})
	}
	assert.Equal(t, []string{"000.00.01.H12-251127-1000", "000.00.01.H12-251126-0003"}, r.Results[12].Codes)
	assert.Equal(t, 5, r.Count(bank.Matched))
	assert.Equal(t, 3, r.Count(bank.Duplicate))
	var settled []string
	for _, s := range r.Settlements {
		settled = append(settled, s.Code+" "+s.Reference)
	}
	assert.Equal(t, []string{
		"000.00.01.H12-251126-0001 FT1", "000.00.01.H12-251127-0005 FT2", "000.00.01.H12-251126-0002 FT3+FT4",
		"000.00.01.H12-251128-0007 FT8", "000.00.01.H12-251127-10000 FT9",
	}, settled)
	assert.Equal(t, []int{2, 3}, r.Settlements[2].Lines)
	require.Len(t, r.Unpaid, 1, "an ambiguous line pays nothing: a clerk decides")
	assert.Equal(t, "000.00.01.H12-251127-1000", r.Unpaid[0].Code)

	t.Run("unpaid dues and the tolerance turned off", func(t *testing.T) {
		r, err := bank.Reconcile(dues, []bank.Line{lines[8]}, bank.Options{MinPrefix: -1})
		require.NoError(t, err)
		assert.Equal(t, bank.Unmatched, r.Results[0].Status)
		assert.Len(t, r.Unpaid, 7)
	})
}

func TestReconcileRejects(t *testing.T) {
	tests := []struct {
		name  string
		dues  []bank.Due
		lines []bank.Line
		err   error
	}{
		{"code twice", []bank.Due{{Code: "A-1", Amount: 1}, {Code: "a 1", Amount: 2}}, nil, bank.ErrDuplicateDue},
		{"no code", []bank.Due{{Code: "--", Amount: 1}}, nil, bank.ErrInvalid},
		{"negative due", []bank.Due{{Code: "A1", Amount: -1}}, nil, bank.ErrInvalid},
		{"negative line", []bank.Due{{Code: "A1", Amount: 1}}, []bank.Line{{Amount: -5, Content: "A1"}}, bank.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := bank.Reconcile(tc.dues, tc.lines, bank.Options{})
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, r)
			assert.NotEmpty(t, bank.Message(err, "vi"))
		})
	}
}

func TestStatus(t *testing.T) {
	for s := bank.StatusUnknown; s <= bank.Ambiguous; s++ {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var u bank.Status
		require.NoError(t, u.UnmarshalText(b))
		assert.Equal(t, s, u)
		assert.NotEmpty(t, s.Label("vi"))
		assert.NotEmpty(t, s.Label("en"))
	}
	assert.Equal(t, "nộp thiếu", bank.Underpaid.Label("vi"))
	assert.Equal(t, "overpaid", bank.Overpaid.Label("en"))
	assert.Equal(t, "Status(99)", bank.Status(99).String())
	_, err := bank.Status(99).MarshalText()
	require.ErrorIs(t, err, bank.ErrInvalid)
	var u bank.Status
	require.ErrorIs(t, u.UnmarshalText([]byte("x")), bank.ErrInvalid)
	assert.Equal(t, "không rõ", bank.Status(99).Label("vi"))
	assert.True(t, strings.HasPrefix(bank.Message(bank.ErrHeader, "en"), "The statement"))
	assert.Equal(t, "header", bank.ErrorCode(bank.ErrHeader))
	assert.Empty(t, bank.ErrorCode(assert.AnError))
	assert.Empty(t, bank.Message(assert.AnError, "vi"))
}
