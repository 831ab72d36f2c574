package paper

import (
	"context"
	"fmt"
	"io"
	"iter"
	"os"
	"strconv"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vnfmt"
)

// RegisterOptions configures [Renderer.WriteRegister].
type RegisterOptions struct {
	// Agency is the body that keeps the register.
	Agency Agency
	// Book is the register's volume ("Quyển số"), printed under the title
	// when set.
	Book string
	// Date is the register's date on its first page; zero means the time
	// of the last dossier's last event.
	Date time.Time
	// ProcedureName returns the name of a procedure code (for instance
	// report.CatalogNames of the catalogue); nil prints the codes.
	ProcedureName func(code string) string
	// TempDir is where the register is spooled before it is copied to w;
	// empty means os.TempDir().
	TempDir string
}

// registerColumns are the columns of form 07, Sổ theo dõi hồ sơ, on A4
// landscape.
var registerColumns = []column{
	{"STT", 0.035, center},
	{"Mã hồ sơ", 0.155, left},
	{"Tên thủ tục hành chính", 0.13, left},
	{"Số lượng hồ sơ (bộ)", 0.04, center},
	{"Tên cá nhân, tổ chức", 0.08, left},
	{"Địa chỉ, số điện thoại", 0.1, left},
	{"Cơ quan chủ trì giải quyết", 0.075, left},
	{"Nhận hồ sơ", 0.06, center},
	{"Hẹn trả kết quả", 0.06, center},
	{"Chuyển hồ sơ đến cơ quan giải quyết", 0.06, center},
	{"Nhận kết quả từ cơ quan giải quyết", 0.06, center},
	{"Trả kết quả", 0.06, center},
	{"Ghi chú", 0.085, left},
}

// WriteRegister writes form 07, the register of dossiers (Sổ theo dõi hồ
// sơ), to w as a PDF on A4 landscape: one row a dossier in the order
// dossiers yields them, with the dossier code, the procedure, the
// applicant and their address and phone, the handling unit, the times of
// receipt, appointment, transfer, result and return, and the state. The
// header row repeats on every page, and the pages are numbered.
//
// Pages are streamed to a temporary file as they fill, so memory stays
// bounded whatever the number of dossiers; when every row is written the
// file is copied to w. When ctx is done, dossiers yields an error, or a
// text holds a character the font lacks, WriteRegister stops and returns
// the error without writing anything to w.
func (r *Renderer) WriteRegister(ctx context.Context, w io.Writer, dossiers iter.Seq2[dossier.Dossier, error], opt RegisterOptions) (err error) {
	if opt.Agency.Name == "" {
		return &PaperError{Kind: Register, Rule: "no_agency", Detail: "Agency.Name is empty"}
	}
	for _, s := range []string{opt.Agency.Parent, opt.Agency.Name, opt.Agency.Place, opt.Book} {
		if len(s) > maxText {
			return &PaperError{Kind: Register, Rule: "too_long", Detail: fmt.Sprintf("a text of %d bytes, more than %d", len(s), maxText)}
		}
	}
	spool, err := os.CreateTemp(opt.TempDir, "motcua-register-*.pdf")
	if err != nil {
		return fmt.Errorf("paper: register: %w", err)
	}
	defer func() {
		spool.Close()
		if rerr := os.Remove(spool.Name()); err == nil && rerr != nil {
			err = fmt.Errorf("paper: register: %w", rerr)
		}
	}()
	pw := newWriter(spool, r.regular, r.bold)
	defer pw.release()
	c := newCanvas(r, pw, pageH, pageW)
	c.left, c.right = 15*mm, pageH-15*mm
	date := opt.Date
	c.heading(opt.Agency, "", "SĐK", date)
	c.title("SỔ THEO DÕI HỒ SƠ", opt.Book)
	c.footer = true
	c.pageNumber()
	t := c.newTable(registerColumns, style{size: 7}, style{size: 7, bold: true})
	n := 0
	var lastAt time.Time
	for d, derr := range dossiers {
		if derr != nil {
			return derr
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		n++
		t.row(registerRow(n, &d, opt.ProcedureName)...)
		if c.err != nil {
			return fmt.Errorf("paper: register row %d (%s): %w", n, cut80(d.Code), c.err)
		}
		if k := len(d.Events); k > 0 && d.Events[k-1].At.After(lastAt) {
			lastAt = d.Events[k-1].At
		}
	}
	if n == 0 {
		t.row("", "Không có hồ sơ")
	}
	t.end()
	c.finish()
	if c.err != nil {
		return c.err
	}
	if date.IsZero() {
		date = lastAt
	}
	if date.IsZero() {
		date = time.Unix(0, 0)
	}
	if err := pw.finish(info{title: "Sổ theo dõi hồ sơ", subject: "Mẫu số 07, Thông tư 03/2025/TT-VPCP", author: clean(opt.Agency.Name), date: date.In(vnLocation)}); err != nil {
		return fmt.Errorf("paper: register: %w", err)
	}
	if _, err := spool.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("paper: register: %w", err)
	}
	if _, err := io.Copy(w, spool); err != nil {
		return fmt.Errorf("paper: register: %w", err)
	}
	return nil
}

// short is a time as the register writes it: "08:35", then "02/12/2026"
// on a line of its own.
func short(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vnLocation).Format("15:04\n02/01/2006")
}

func registerRow(n int, d *dossier.Dossier, name func(string) string) []string {
	proc := d.ProcedureCode
	if name != nil {
		if s := name(d.ProcedureCode); s != "" {
			proc = s + " (" + d.ProcedureCode + ")"
		}
	}
	contact := d.Applicant.Address
	if d.Applicant.Phone != "" {
		if contact != "" {
			contact += "; "
		}
		contact += d.Applicant.Phone
	}
	var transferred, result time.Time
	for i := range d.Events {
		switch d.Events[i].Action {
		case dossier.Transfer:
			if transferred.IsZero() {
				transferred = d.Events[i].At
			}
		case dossier.Start:
			if transferred.IsZero() {
				transferred = d.Events[i].At
			}
		}
	}
	result = d.SettledAt
	returned := time.Time{}
	if d.Status == dossier.Returned {
		returned = d.ClosedAt
	}
	unit := d.Unit
	if unit == "" {
		unit = d.Agency
	}
	note := d.Status.Label("vi")
	if d.Apologies > 0 {
		note += "; " + strconv.Itoa(d.Apologies) + " văn bản xin lỗi"
	}
	if d.FeeQuote != nil && d.FeeQuote.Total > 0 {
		note += "; " + vnfmt.Money(int64(d.FeeQuote.Total), "vi")
	}
	return []string{strconv.Itoa(n), d.Code, proc, "01", d.Applicant.Name, contact, unit,
		short(d.ReceivedAt), short(d.DueAt), short(transferred), short(result), short(returned), note}
}
