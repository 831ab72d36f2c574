package main

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/sqlstore"
	"github.com/motcua/motcua/internal/testenv"
)

// ward is a ward's SQLite database built through the real service: five
// births registered in March 2026 (3 working days each), settled early,
// on time, late, still open, and received after the cut-off.
type ward struct {
	dir, db, catalog, checkpoint, vkey string
	codes                              map[string]string // role → dossier code
}

func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, dossier.Location)
}

func newWard(t *testing.T) *ward {
	t.Helper()
	ctx := t.Context()
	w := &ward{dir: t.TempDir(), codes: map[string]string{}}
	w.db = filepath.Join(w.dir, "phuong.db")
	w.catalog = filepath.Join(w.dir, "catalog.json")
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	require.NoError(t, err)
	f, err := os.Create(w.catalog)
	require.NoError(t, err)
	require.NoError(t, cat.WriteJSON(f))
	require.NoError(t, f.Close())

	store, err := sqlstore.Open(ctx, sqlstore.SQLite, w.db)
	require.NoError(t, err)
	defer store.Close()
	cal, err := dossier.Official()
	require.NoError(t, err)
	var now time.Time
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(func() time.Time { return now }))
	require.NoError(t, err)
	citizen := dossier.Actor{ID: "vneid:001199012345", Role: dossier.RoleApplicant}
	clerk := dossier.Actor{ID: "cb-mc-02", Role: dossier.RoleOfficer, Unit: "000.00.07.H26"}
	for _, d := range []struct {
		role             string
		received, settle time.Time // zero settle: still open
	}{
		{"early", at(2026, 3, 2, 9, 0), at(2026, 3, 4, 10, 0)},
		{"on_time", at(2026, 3, 2, 9, 30), at(2026, 3, 5, 10, 0)},
		{"late", at(2026, 3, 2, 10, 0), at(2026, 3, 10, 10, 0)},
		{"open", at(2026, 3, 2, 10, 30), time.Time{}},
		{"after_cutoff", at(2026, 3, 2, 16, 0), at(2026, 3, 6, 9, 0)},
	} {
		now = d.received.Add(-time.Minute)
		dd, err := svc.Submit(ctx, citizen, dossier.Submission{ProcedureCode: "1.001193", Agency: "000.00.07.H26",
			Channel: catalog.Counter, Applicant: dossier.Applicant{Name: "Phạm Thị Mai", CitizenID: "001199012345"}})
		require.NoError(t, err)
		w.codes[d.role] = dd.Code
		now = d.received
		_, err = svc.Receive(ctx, dd.Code, clerk)
		require.NoError(t, err)
		now = d.received.Add(time.Hour)
		_, err = svc.Start(ctx, dd.Code, clerk)
		require.NoError(t, err)
		if !d.settle.IsZero() {
			now = d.settle
			_, err = svc.Approve(ctx, dd.Code, clerk)
			require.NoError(t, err)
		}
	}
	// The checkpoint the inspector kept, and the ward's public key.
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	key, err := dossier.NewLogKey("ubnd-phuong-07.h26", priv)
	require.NoError(t, err)
	size, err := store.LogSize(ctx)
	require.NoError(t, err)
	root, err := dossier.TreeHash(ctx, size, store)
	require.NoError(t, err)
	cp, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: "ubnd-phuong-07.h26/dossiers", Size: size, Root: root,
		Time: at(2026, 3, 31, 17, 0)}, key)
	require.NoError(t, err)
	vkey, err := dossier.VerifierKey(key.Name(), key.Public())
	require.NoError(t, err)
	w.checkpoint, w.vkey = filepath.Join(w.dir, "march.checkpoint"), filepath.Join(w.dir, "ward.vkey")
	require.NoError(t, os.WriteFile(w.checkpoint, cp, 0o644))
	require.NoError(t, os.WriteFile(w.vkey, []byte(vkey+"\n"), 0o644))
	return w
}

// openpyxl runs a Python script with openpyxl, the tool a spreadsheet
// user's scripts use, with args.
func openpyxl(t *testing.T, script string, args ...string) string {
	t.Helper()
	py := testenv.Openpyxl(t)
	out, err := exec.Command(py, append([]string{"-c", script}, args...)...).CombinedOutput()
	require.NoError(t, err, "%s", out)
	return string(out)
}

// registerAudit is audit register's JSON output.
type registerAudit struct {
	Rows     []regResult  `json:"rows"`
	Findings []regFinding `json:"findings"`
	Summary  regSummary   `json:"summary"`
}

func kindsOf(fs []regFinding, code string) []string {
	var k []string
	for _, f := range fs {
		if f.Code == code {
			k = append(k, f.Kind)
		}
	}
	return k
}

func TestReportAndAuditRegister(t *testing.T) {
	w := newWard(t)
	reg := filepath.Join(w.dir, "register.xlsx")
	r := motcua(t, w.dir, nil, "report", "register", w.db, "--out", reg, "--unit", "UBND phường 7", "--catalog", w.catalog)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "(5 dòng)")

	// openpyxl reads what the register says: the late dossier is 3 working
	// days late (Fri 6, Mon 9, Tue 10 March).
	cells := openpyxl(t, `
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
for row in ws.iter_rows(min_row=2, values_only=True):
    print("|".join("" if v is None else (v.strftime("%d/%m/%Y") if hasattr(v, "strftime") else str(v)) for v in row))
`, reg)
	assert.Contains(t, cells, "STT|Mã hồ sơ|Mã thủ tục|Người nộp|Hình thức nộp|Ngày tiếp nhận|Ngày hẹn trả|Ngày giải quyết|Trạng thái|Số ngày quá hạn")
	assert.Contains(t, cells, w.codes["late"]+"|1.001193|Phạm Thị Mai|Trực tiếp|02/03/2026|05/03/2026|10/03/2026|Có kết quả|3")

	t.Run("motcua's own register audits clean", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "--json", "audit", "register", reg, "--catalog", w.catalog, "--all")
		require.Equal(t, exitOK, r.code, r.stdout+r.stderr)
		var a registerAudit
		decode(t, r.stdout, &a)
		assert.Empty(t, a.Findings)
		assert.Equal(t, map[string]string{"Sổ theo dõi": "motcua"}, a.Summary.Layouts)
		assert.Equal(t, 5, a.Summary.Rows)
		assert.Equal(t, []int{1, 2, 1, 1, 1}, []int{a.Summary.Early, a.Summary.OnTime, a.Summary.Late, a.Summary.Pending, a.Summary.RegisterLate},
			"early, on time (the one received after the cut-off too), late, pending, late in the register")
		require.Len(t, a.Rows, 5)
		byCode := map[string]regResult{}
		for _, row := range a.Rows {
			byCode[row.Code] = row
		}
		assert.Equal(t, "06/03/2026", byCode[w.codes["after_cutoff"]].Recomputed, "received at 16:00: the count starts the next day")
		assert.Equal(t, "late", byCode[w.codes["late"]].Timeliness)
		assert.Equal(t, 3, byCode[w.codes["late"]].DaysLate)
	})

	// Someone edits the register in a spreadsheet to hide the late dossier:
	// the due date moved five days on, the days late cleared.
	hidden := filepath.Join(w.dir, "hidden.xlsx")
	openpyxl(t, `
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
for row in ws.iter_rows(min_row=3):
    if row[1].value == sys.argv[3]:
        row[6].value = row[6].value + datetime.timedelta(days=5)
        row[9].value = None
wb.save(sys.argv[2])
`, reg, hidden, w.codes["late"])

	t.Run("the edited register is caught", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "--json", "audit", "register", hidden, "--catalog", w.catalog)
		require.Equal(t, exitFindings, r.code, r.stderr)
		var a registerAudit
		decode(t, r.stdout, &a)
		assert.Equal(t, []string{kindDue, kindHiddenLate}, kindsOf(a.Findings, w.codes["late"]))
		assert.Len(t, a.Findings, 2, "only the edited row")
		assert.Equal(t, "10/03/2026", a.Findings[0].Register)
		assert.Equal(t, "06/03/2026", a.Findings[0].Recomputed, "the register gives no hour: the latest due date a receipt that day allows")
		assert.Equal(t, 1, a.Summary.Late)
		assert.Zero(t, a.Summary.RegisterLate)
		assert.Equal(t, 1, a.Summary.Findings[kindHiddenLate])

		text := motcua(t, w.dir, nil, "audit", "register", hidden, "--catalog", w.catalog)
		require.Equal(t, exitFindings, text.code)
		assert.Contains(t, text.stdout, w.codes["late"]+"  quá hạn nhưng sổ không ghi quá hạn: hạn 06/03/2026, giải quyết 10/03/2026 [sổ 0, tính lại 2]")
		assert.Contains(t, text.stdout, "Dòng sai lệch")
		en := motcua(t, w.dir, nil, "--lang", "en", "audit", "register", hidden, "--catalog", w.catalog)
		assert.Contains(t, en.stdout, "late, but not late in the register")
	})

	t.Run("without the ward's catalogue the procedure is unknown", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "--json", "audit", "register", reg)
		require.Equal(t, exitFindings, r.code)
		var a registerAudit
		decode(t, r.stdout, &a)
		// The sample catalogue's 1.001193 is settled the same day.
		assert.Equal(t, 5, a.Summary.Rows)
		assert.NotEmpty(t, a.Findings)
	})

	t.Run("as of a date, the open dossier is overdue", func(t *testing.T) {
		r := motcua(t, w.dir, nil, "--json", "audit", "register", reg, "--catalog", w.catalog, "--as-of", "20/03/2026")
		require.Equal(t, exitFindings, r.code)
		var a registerAudit
		decode(t, r.stdout, &a)
		assert.Equal(t, 1, a.Summary.Overdue)
		assert.Equal(t, []string{kindHiddenLate}, kindsOf(a.Findings, w.codes["open"]), "the register was written without --as-of")
		reg2 := filepath.Join(w.dir, "register-asof.xlsx")
		r = motcua(t, w.dir, nil, "report", "register", w.db, "--out", reg2, "--as-of", "20/03/2026")
		require.Equal(t, exitOK, r.code, r.stderr)
		r = motcua(t, w.dir, nil, "audit", "register", reg2, "--catalog", w.catalog, "--as-of", "20/03/2026")
		assert.Equal(t, exitOK, r.code, r.stdout)
	})

	t.Run("statistics", func(t *testing.T) {
		stats := filepath.Join(w.dir, "stats.xlsx")
		r := motcua(t, w.dir, nil, "report", "stats", w.db, "--out", stats, "--from", "01/03/2026", "--to", "01/04/2026",
			"--group", "procedure", "--catalog", w.catalog)
		require.Equal(t, exitOK, r.code, r.stderr)
		out := openpyxl(t, `
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(wb.sheetnames)
for row in wb.worksheets[0].iter_rows(values_only=True):
    print("|".join("" if v is None else str(v) for v in row))
`, stats)
		assert.Contains(t, out, "Thống kê")
		assert.Contains(t, out, "1.001193 – Đăng ký khai sinh")
	})
}

// TestAuditCircularRegister: a register kept in the Circular's form (mẫu
// 06 of Circular 01/2018/TT-VPCP, 07 of Circular 03/2025/TT-VPCP), typed
// by hand in a spreadsheet: titles, two header rows with merged groups,
// a row of column numbers, procedure names instead of codes, dates as
// dates or as text, and a note saying "Đúng hạn" where the due date was
// pushed on.
func TestAuditCircularRegister(t *testing.T) {
	w := newWard(t)
	book := filepath.Join(w.dir, "so-theo-doi.xlsx")
	openpyxl(t, `
import sys, datetime, openpyxl
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "Mẫu 07"
ws["A1"] = "UBND PHƯỜNG 7"
ws["A2"] = "SỔ THEO DÕI HỒ SƠ"
head = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết", "Nhận hồ sơ", "Hẹn trả kết quả", "Chuyển hồ sơ đến cơ quan giải quyết", None, None,
        "Nhận kết quả từ cơ quan giải quyết", None, None, "Trả kết quả", None, "Ghi chú"]
sub = [None]*7 + ["Ngày, tháng, năm", "Ngày, tháng, năm", "Ngày, tháng, năm", "Chữ ký bên giao", "Chữ ký bên nhận",
        "Ngày, tháng, năm", "Chữ ký bên giao", "Chữ ký bên nhận", "Ngày, tháng, năm", "Chữ ký cá nhân, tổ chức", None]
ws.append([]); ws.append(head); ws.append(sub)
ws.merge_cells("J4:L4"); ws.merge_cells("M4:O4"); ws.merge_cells("P4:Q4")
ws.append(["(%d)" % i for i in range(1, 19)])
D = datetime.datetime
rows = [
  # on time, dates as dates
  [1, "H26.07-001", "Đăng ký khai sinh", 1, "Lê Văn Nam", "", "UBND phường 7", D(2026,3,2), D(2026,3,5), D(2026,3,2), "", "", D(2026,3,5), "", "", D(2026,3,5), "", ""],
  # late by the rules, hidden: due pushed to 12/03, note says on time; dates as text
  [2, "H26.07-002", "Đăng ký khai sinh", 1, "Trần Thị Lan", "", "UBND phường 7", "02/03/2026", "12/03/2026", "", "", "", "11/03/2026", "", "", "11/03/2026", "", "Đúng hạn"],
  # honestly late
  [3, "H26.07-003", "Đăng ký khai sinh", 1, "Đỗ Minh", "", "UBND phường 7", "03/03/2026", "06/03/2026", "", "", "", "09/03/2026", "", "", "09/03/2026", "", "Quá hạn 1 ngày"],
  # not in the catalogue
  [4, "H26.07-004", "Thủ tục không có trong danh mục", 1, "Vũ Hà", "", "UBND phường 7", "03/03/2026", "06/03/2026", "", "", "", "", "", "", "", "", ""],
]
for r in rows: ws.append(r)
wb.save(sys.argv[1])
`, book)
	r := motcua(t, w.dir, nil, "--json", "audit", "register", book, "--catalog", w.catalog, "--all")
	require.Equal(t, exitFindings, r.code, r.stderr)
	var a registerAudit
	decode(t, r.stdout, &a)
	assert.Equal(t, map[string]string{"Mẫu 07": "circular"}, a.Summary.Layouts)
	assert.Equal(t, 4, a.Summary.Rows, "titles, sub-headers and the numbering row are not dossiers")
	assert.Empty(t, kindsOf(a.Findings, "H26.07-001"))
	assert.Equal(t, []string{kindDue, kindHiddenLate}, kindsOf(a.Findings, "H26.07-002"))
	assert.Empty(t, kindsOf(a.Findings, "H26.07-003"), "late, and the note says so")
	assert.Equal(t, []string{kindUnknownProc}, kindsOf(a.Findings, "H26.07-004"))
	assert.Equal(t, 1, a.Summary.OnTime)
	assert.Equal(t, 2, a.Summary.Late)
	assert.Equal(t, 1, a.Summary.RegisterLate)
	assert.Equal(t, 1, a.Summary.Unchecked)
	require.Len(t, a.Rows, 4)
	assert.Equal(t, "06/03/2026", a.Rows[1].Recomputed, "received on 02/03 at an hour the register does not give: at the latest 06/03")
	assert.Equal(t, 3, a.Rows[1].DaysLate, "Mon 9, Tue 10, Wed 11 March")
	assert.Equal(t, "05/03/2026", a.Rows[0].Recomputed, "the due date given is one a receipt that day allows")
}

func TestAuditDB(t *testing.T) {
	w := newWard(t)
	tests := []struct {
		name string
		edit func(t *testing.T)
		args []string
		code int
		kind string
	}{
		{"clean, against the checkpoint", nil, []string{"--checkpoint", w.checkpoint, "--key", "@" + w.vkey}, exitOK, ""},
		{"clean, without a checkpoint", nil, nil, exitOK, ""},
		{"a due date moved in SQL", func(t *testing.T) {
			db, err := sql.Open("sqlite", w.db)
			require.NoError(t, err)
			defer db.Close()
			_, err = db.ExecContext(context.Background(), `UPDATE motcua_dossiers SET due_at = due_at + ? WHERE code = ?`,
				int64(10*24*time.Hour), w.codes["late"])
			require.NoError(t, err)
		}, []string{"--checkpoint", w.checkpoint, "--key", "@" + w.vkey}, exitFindings, "field"},
		{"a forged checkpoint", func(t *testing.T) {
			b, err := os.ReadFile(w.checkpoint)
			require.NoError(t, err)
			lines := strings.SplitN(string(b), "\n", 3)
			lines[1] = "9999"
			require.NoError(t, os.WriteFile(w.checkpoint, []byte(strings.Join(lines, "\n")), 0o644))
		}, []string{"--checkpoint", w.checkpoint, "--key", "@" + w.vkey}, exitFindings, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.edit != nil {
				tt.edit(t)
			}
			r := motcua(t, w.dir, nil, append([]string{"--json", "audit", "db", w.db}, tt.args...)...)
			require.Equal(t, tt.code, r.code, r.stdout+r.stderr)
			if tt.code == exitFindings && tt.kind == "" {
				assert.Contains(t, r.stderr, `"code": "checkpoint"`)
				return
			}
			var o struct {
				Dossiers int64 `json:"dossiers"`
				Clean    bool  `json:"clean"`
				Findings []struct {
					Kind, Label, Code string
				} `json:"findings"`
			}
			decode(t, r.stdout, &o)
			assert.Equal(t, int64(5), o.Dossiers)
			assert.Equal(t, tt.code == exitOK, o.Clean)
			if tt.kind != "" {
				require.NotEmpty(t, o.Findings)
				assert.Equal(t, tt.kind, o.Findings[0].Kind)
				assert.Equal(t, w.codes["late"], o.Findings[0].Code)
				assert.Equal(t, dossier.FindingField.Label("vi"), o.Findings[0].Label, "in the command's language, Vietnamese by default")
				text := motcua(t, w.dir, nil, append([]string{"audit", "db", w.db}, tt.args...)...)
				assert.Contains(t, text.stdout, "FIELD "+w.codes["late"])
				assert.Contains(t, text.stdout, "(Thông tin hồ sơ bị sửa): ")
			}
		})
	}
}
