package bank_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/internal/testenv"
)

func at(y int, m time.Month, d, h, mi, s int) time.Time {
	return time.Date(y, m, d, h, mi, s, 0, dossier.Location)
}

// statementCSV is a statement as a Vietnamese bank's internet banking
// exports it: the account's details above the header, Vietnamese headers,
// dotted amounts, a debit, a footer.
const statementCSV = "\ufeffSAO KÊ TÀI KHOẢN;;;;;\n" +
	"Số tài khoản: 0011001932418;;;;;\n" +
	";;;;;\n" +
	"Ngày giao dịch;Số bút toán;Số tiền ghi nợ;Số tiền ghi có;Nội dung;Tên tài khoản đối ứng\n" +
	"26/11/2025 09:15:02;FT25330001;;230.000;MBVCB.112233.NGUYEN VAN AN chuyen tien 000.00.01.H12-251126-0001;NGUYEN VAN AN\n" +
	"26/11/2025 10:01;FT25330002;15.000;;Phi dich vu SMS;\n" +
	"27/11/2025;FT25330003;;\"1.000.000,00\";IBFT 000 00 01 H12 251127 0005;TRAN THI BINH\n" +
	";;;1.230.000;Tổng cộng;\n"

func TestReadCSV(t *testing.T) {
	lines, err := bank.ReadCSV(strings.NewReader(statementCSV), bank.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []bank.Line{
		{Row: 5, Date: at(2025, 11, 26, 9, 15, 2), Amount: 230000, Content: "MBVCB.112233.NGUYEN VAN AN chuyen tien 000.00.01.H12-251126-0001", Reference: "FT25330001", Payer: "NGUYEN VAN AN"},
		{Row: 7, Date: at(2025, 11, 27, 0, 0, 0), Amount: 1000000, Content: "IBFT 000 00 01 H12 251127 0005", Reference: "FT25330003", Payer: "TRAN THI BINH"},
	}, lines)
}

func TestReadCSVForms(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []bank.Line
	}{
		{"English headers, commas, signed amount column",
			"Date,Reference,Amount,Description,Payer,Payer account\n" +
				"2025-11-26 08:00:00,R1,\"1,234,000\",HS 0001,AN,0123\n" +
				"2025-11-26,R2,-50000,fee,,\n",
			[]bank.Line{{Row: 2, Date: at(2025, 11, 26, 8, 0, 0), Amount: 1234000, Content: "HS 0001", Reference: "R1", Payer: "AN", Account: "0123"}}},
		{"tabs, spaced amount with VND",
			"Ngày\tGhi có\tDiễn giải\n26/11/2025\t1 234 000 VND\tx\n",
			[]bank.Line{{Row: 2, Date: at(2025, 11, 26, 0, 0, 0), Amount: 1234000, Content: "x"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := bank.ReadCSV(strings.NewReader(tc.csv), bank.ReadOptions{})
			require.NoError(t, err)
			assert.Equal(t, tc.want, lines)
		})
	}
}

func TestReadCSVRejects(t *testing.T) {
	tests := []struct {
		name  string
		csv   string
		opts  bank.ReadOptions
		err   error
		rows  []int
		count int
	}{
		{"no header", "a,b,c\n1,2,3\n", bank.ReadOptions{}, bank.ErrHeader, []int{0}, 1},
		{"bad cells, all reported", "Ngày,Ghi có,Nội dung\n31/02/2025,1000,x\n26/11/2025,12.34.5,y\n26/11/2025,100.50,z\n26/11/2025,1000,ok\n",
			bank.ReadOptions{}, bank.ErrSyntax, []int{2, 3, 4}, 3},
		{"bad debit", "Ngày,Ghi nợ,Ghi có,Nội dung\n26/11/2025,abc,,x\n", bank.ReadOptions{}, bank.ErrSyntax, []int{2}, 1},
		{"too many lines", "Ngày,Ghi có,Nội dung\n26/11/2025,1000,x\n26/11/2025,1000,y\n", bank.ReadOptions{MaxLines: 1}, bank.ErrTooLarge, []int{3}, 1},
		{"too many bytes", statementCSV, bank.ReadOptions{MaxBytes: 100}, bank.ErrTooLarge, []int{0}, 1},
		{"not CSV", "Ngày,Ghi có,Nội dung\n26/11/2025,1000,\"x\n", bank.ReadOptions{Comma: ','}, bank.ErrSyntax, []int{2}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := bank.ReadCSV(strings.NewReader(tc.csv), tc.opts)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, lines)
			var se *bank.StatementError
			require.ErrorAs(t, err, &se, err.Error())
			require.Len(t, se.Problems, tc.count)
			for i, row := range tc.rows {
				assert.Equal(t, row, se.Problems[i].Row, se.Problems[i].Error())
			}
			assert.NotEmpty(t, bank.Message(err, "vi"))
		})
	}
}

// TestReadXLSXFromOpenpyxl reads a workbook that openpyxl writes, as a
// bank's export does: real date cells, number cells, text cells.
func TestReadXLSXFromOpenpyxl(t *testing.T) {
	py := testenv.Openpyxl(t)
	file := filepath.Join(t.TempDir(), "saoke.xlsx")
	script := `
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Sao ke"
ws.append(["NGÂN HÀNG TMCP NGOẠI THƯƠNG VIỆT NAM"])
ws.append(["Số tài khoản", "0011001932418"])
ws.append([])
ws.append(["Ngày giao dịch", "Số tham chiếu", "Ghi nợ", "Ghi có", "Nội dung chuyển khoản", "Người chuyển"])
ws.append([datetime.datetime(2025, 11, 26, 9, 15, 2), "FT1", None, 230000, "000.00.01.H12-251126-0001", "NGUYEN VAN AN"])
ws.append([datetime.datetime(2025, 11, 26, 10, 0, 0), "FT2", 15000, None, "Phi SMS", None])
ws.append(["27/11/2025", "FT3", None, "100.000", "HS 0000001H122511270005", "TRAN THI BINH"])
wb.save(sys.argv[1])
`
	out, err := exec.Command(py, "-c", script, file).CombinedOutput()
	require.NoError(t, err, "%s", out)
	f, err := os.Open(file)
	require.NoError(t, err)
	defer f.Close()
	lines, err := bank.ReadXLSX(f, bank.ReadOptions{})
	require.NoError(t, err)
	assert.Equal(t, []bank.Line{
		{Row: 5, Date: at(2025, 11, 26, 9, 15, 2), Amount: 230000, Content: "000.00.01.H12-251126-0001", Reference: "FT1", Payer: "NGUYEN VAN AN"},
		{Row: 7, Date: at(2025, 11, 27, 0, 0, 0), Amount: 100000, Content: "HS 0000001H122511270005", Reference: "FT3", Payer: "TRAN THI BINH"},
	}, lines)
}

func TestReadXLSXRejects(t *testing.T) {
	wb := excelize.NewFile()
	require.NoError(t, wb.SetSheetRow("Sheet1", "A1", &[]any{"Ngày", "Ghi có", "Nội dung"}))
	require.NoError(t, wb.SetSheetRow("Sheet1", "A2", &[]any{"hôm qua", 1000, "x"}))
	var buf bytes.Buffer
	require.NoError(t, wb.Write(&buf))
	tests := []struct {
		name string
		data []byte
		opts bank.ReadOptions
		err  error
	}{
		{"bad date", buf.Bytes(), bank.ReadOptions{}, bank.ErrSyntax},
		{"no such sheet", buf.Bytes(), bank.ReadOptions{Sheet: "Nope"}, bank.ErrSyntax},
		{"not a workbook", []byte("PK\x03\x04 not really"), bank.ReadOptions{}, bank.ErrSyntax},
		{"too large", buf.Bytes(), bank.ReadOptions{MaxBytes: 10}, bank.ErrTooLarge},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lines, err := bank.ReadXLSX(bytes.NewReader(tc.data), tc.opts)
			require.ErrorIs(t, err, tc.err)
			assert.Nil(t, lines)
		})
	}
}
