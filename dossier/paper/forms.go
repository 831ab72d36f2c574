package paper

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vnfmt"
)

var vnLocation = dossier.Location

// form is a paper ready to draw: its date and its body.
type form struct {
	date time.Time
	draw func(c *canvas)
}

// last returns the latest event of the dossier with one of the actions.
func last(d *dossier.Dossier, actions ...dossier.Action) *dossier.Event {
	for i := len(d.Events) - 1; i >= 0; i-- {
		for _, a := range actions {
			if d.Events[i].Action == a {
				return &d.Events[i]
			}
		}
	}
	return nil
}

// dueBefore returns the appointment in force just before event i: the last
// "due" an earlier event recorded (zero when none did).
func dueBefore(d *dossier.Dossier, i int) time.Time {
	for j := i - 1; j >= 0; j-- {
		if v, ok := d.Events[j].Data.Lookup("due"); ok {
			t, err := time.Parse(time.RFC3339, v)
			if err != nil {
				return time.Time{}
			}
			return t.In(vnLocation)
		}
	}
	return time.Time{}
}

func clock(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vnfmt.ClockDate(t.In(vnLocation))
}

func procName(p *Paper) string {
	d := &p.Dossier
	if p.Procedure != nil && p.Procedure.Name != "" {
		return clean(p.Procedure.Name) + " (mã thủ tục " + clean(p.Procedure.Code) + ")"
	}
	return "thủ tục mã " + clean(d.ProcedureCode)
}

func (r *Renderer) fill(p *Paper) (*form, error) {
	d := &p.Dossier
	none := func(what string) (*form, error) {
		return nil, &PaperError{Kind: p.Kind, Code: d.Code, Rule: "no_event", Detail: "the trail has no " + what + " event"}
	}
	date := func(ev *dossier.Event) time.Time {
		if !p.Date.IsZero() {
			return p.Date.In(vnLocation)
		}
		return ev.At.In(vnLocation)
	}
	switch p.Kind {
	case Receipt:
		ev := last(d, dossier.Receive)
		if ev == nil {
			return none("receive")
		}
		return &form{date: date(ev), draw: func(c *canvas) { r.receipt(c, p, ev, date(ev)) }}, nil
	case SupplementRequest:
		ev := last(d, dossier.ReturnForCompletion, dossier.RequestSupplement)
		if ev == nil {
			return none("return_for_completion or request_supplement")
		}
		return &form{date: date(ev), draw: func(c *canvas) { supplement(c, p, ev, date(ev)) }}, nil
	case Refusal:
		ev := last(d, dossier.RefuseIntake, dossier.Refuse)
		if ev == nil {
			return none("refuse_intake or refuse")
		}
		return &form{date: date(ev), draw: func(c *canvas) { refusal(c, p, ev, date(ev)) }}, nil
	case Apology:
		ev := last(d, dossier.Apologize)
		if ev == nil {
			return none("apologize")
		}
		return &form{date: date(ev), draw: func(c *canvas) { apology(c, p, ev, date(ev)) }}, nil
	case StopNotice:
		ev := last(d, dossier.Withdraw)
		if ev == nil {
			return none("withdraw")
		}
		return &form{date: date(ev), draw: func(c *canvas) { stop(c, p, ev, date(ev)) }}, nil
	case ControlSlip:
		if len(d.Events) == 0 {
			return none("")
		}
		ev := &d.Events[len(d.Events)-1]
		return &form{date: date(ev), draw: func(c *canvas) { control(c, p, date(ev)) }}, nil
	}
	return nil, &PaperError{Kind: p.Kind, Code: d.Code, Rule: "kind", Detail: "unknown kind"}
}

// applicant draws who filed: name, identifier, address and contacts.
func applicant(c *canvas, a dossier.Applicant) {
	c.field("Tên tổ chức, cá nhân", a.Name)
	switch {
	case a.CitizenID != "":
		c.field("Số định danh cá nhân", a.CitizenID)
	case a.TaxCode != "":
		c.field("Mã số thuế", a.TaxCode)
	}
	c.field("Địa chỉ", a.Address)
	contact := a.Phone
	if a.Email != "" {
		if contact != "" {
			contact += "; "
		}
		contact += "thư điện tử: " + a.Email
	}
	c.field("Số điện thoại", contact)
}

// receipt is form 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
func (r *Renderer) receipt(c *canvas, p *Paper, ev *dossier.Event, date time.Time) {
	d := &p.Dossier
	c.heading(p.Agency, p.Number, "TN", date)
	c.title("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: "+d.Code)
	c.para(clean(p.Agency.Name)+" đã tiếp nhận hồ sơ của:", body, left, c.left, 0)
	applicant(c, d.Applicant)
	c.field("Nội dung yêu cầu giải quyết", procName(p))
	c.field("Hình thức nộp", d.Channel.Label("vi"))
	c.para("1. Thành phần hồ sơ và số lượng mỗi loại giấy tờ:", body, left, c.left, 0)
	documents(c, p)
	c.para("2. Số lượng hồ sơ: 01 bộ.", body, left, c.left, 0)
	c.field("3. Thời gian giải quyết hồ sơ theo quy định", d.Deadline.Label("vi"))
	c.field("4. Thời gian nhận hồ sơ", clock(ev.At))
	due := "không cố định (thủ tục không quy định thời hạn giải quyết)"
	if !d.DueAt.IsZero() {
		due = clock(d.DueAt)
	}
	c.field("5. Thời gian trả kết quả giải quyết hồ sơ", due)
	c.para("6. Phí, lệ phí:", body, left, c.left, 0)
	feeTable(c, d)
	at := p.ResultAt
	if at == "" {
		at = "Bộ phận Một cửa, " + clean(p.Agency.Name)
	}
	c.field("7. Nơi trả kết quả", at)
	lookup := r.LookupURL(d.Code)
	var rec string
	if p.Receipt != nil {
		rec = p.Receipt.String()
	}
	if lookup != "" || rec != "" {
		qrSize := 25 * mm
		c.ensure(qrSize)
		top := c.y
		textRight := c.right - qrSize*2 - 8*mm
		save := c.right
		c.right = textRight
		if lookup != "" {
			c.para("8. Tra cứu hồ sơ (mã QR bên trái): "+lookup, cellStyle, left, c.left, 0)
		}
		if rec != "" {
			c.para("9. Dữ liệu xác thực (mã QR bên phải): mã hồ sơ "+p.Receipt.Code+"; mã băm SHA-256 của sự kiện nộp hồ sơ "+p.Receipt.SubmitHash.String()+"; vị trí "+strconv.FormatInt(p.Receipt.LogIndex, 10)+" trong nhật ký minh bạch.", cellStyle, left, c.left, 0)
		}
		c.right = save
		x := c.right - qrSize
		if rec != "" {
			c.qr(x, top, qrSize, rec)
			x -= qrSize + 4*mm
		}
		if lookup != "" {
			c.qr(x, top, qrSize, lookup)
		}
		c.y = max(c.y, top+qrSize)
	}
	c.signatures([2]string{"NGƯỜI NỘP HỒ SƠ", d.Applicant.Name}, [2]string{"NGƯỜI TIẾP NHẬN HỒ SƠ", p.Officer})
}

// documents draws the documents received: the procedure's list with
// originals and copies, and the electronic files attached to each.
func documents(c *canvas, p *Paper) {
	d := &p.Dossier
	t := c.newTable([]column{
		{"STT", 0.06, center}, {"Tên giấy tờ", 0.4, left}, {"Bản chính", 0.1, center},
		{"Bản sao", 0.1, center}, {"Ghi chú", 0.34, left},
	}, cellStyle, cellBold)
	files := map[string][]string{}
	for _, a := range d.Attachments {
		name := a.FileName
		if name == "" {
			name = a.SHA256[:min(12, len(a.SHA256))]
		}
		files[a.Name] = append(files[a.Name], "bản điện tử: "+name+" ("+vnfmt.Bytes(a.Size, "vi")+")")
	}
	n := 0
	listed := map[string]bool{}
	var reqs []catalog.Requirement
	if p.Procedure != nil {
		reqs = p.Procedure.Documents
	}
	for _, req := range reqs {
		if req.Optional && len(files[req.Name]) == 0 {
			continue
		}
		n++
		listed[req.Name] = true
		t.row(strconv.Itoa(n), req.Name, count(req.Originals), count(req.Copies), strings.Join(files[req.Name], "\n"))
	}
	for _, a := range d.Attachments {
		if listed[a.Name] {
			continue
		}
		listed[a.Name] = true
		n++
		t.row(strconv.Itoa(n), a.Name, "", "", strings.Join(files[a.Name], "\n"))
	}
	if n == 0 {
		t.row("", "Không có giấy tờ kèm theo", "", "", "")
	}
	t.end()
}

func count(n int) string {
	if n <= 0 {
		return ""
	}
	return fmt.Sprintf("%02d", n)
}

// feeTable draws the fee lines and the total, and whether they are paid.
func feeTable(c *canvas, d *dossier.Dossier) {
	q := d.FeeQuote
	if q == nil || len(q.Lines) == 0 && q.Total == 0 {
		c.para("Không thu phí, lệ phí.", body, left, c.left+6*mm, 0)
		return
	}
	t := c.newTable([]column{{"Khoản thu", 0.5, left}, {"Căn cứ", 0.32, left}, {"Số tiền", 0.18, right}}, cellStyle, cellBold)
	for _, l := range q.Lines {
		t.row(l.Name, l.LegalBasis, vnfmt.Money(int64(l.Amount), "vi"))
	}
	paid := "Tổng cộng"
	if d.Payment != nil {
		paid = "Tổng cộng (đã nộp lúc " + vnfmt.DateTime(d.Payment.PaidAt.In(vnLocation), "vi") + ")"
	}
	t.row(paid, "", vnfmt.Money(int64(q.Total), "vi"))
	t.end()
}

func reasonLines(s string) []string {
	var out []string
	for _, ln := range strings.Split(clean(s), "\n") {
		if strings.TrimSpace(ln) != "" {
			out = append(out, strings.TrimSpace(ln))
		}
	}
	return out
}

// supplement is form 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
func supplement(c *canvas, p *Paper, ev *dossier.Event, date time.Time) {
	d := &p.Dossier
	c.heading(p.Agency, p.Number, "PYCBS", date)
	c.title("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Mã hồ sơ: "+d.Code)
	c.para("Hồ sơ của:", body, left, c.left, 0)
	applicant(c, d.Applicant)
	c.field("Nội dung yêu cầu giải quyết", procName(p))
	if !d.ReceivedAt.IsZero() && ev.Action == dossier.RequestSupplement {
		c.field("Ngày tiếp nhận", clock(d.ReceivedAt))
	}
	c.para("Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:", body, left, c.left, 0)
	items := p.Items
	if len(items) == 0 {
		items = reasonLines(ev.Reason)
	}
	for i, it := range items {
		c.para(strconv.Itoa(i+1)+". "+clean(it), body, left, c.left+6*mm, 0)
	}
	if len(p.Items) > 0 && ev.Reason != "" {
		c.field("Lý do", ev.Reason)
	}
	if ev.Action == dossier.RequestSupplement {
		c.para("Thời gian giải quyết hồ sơ tạm dừng từ "+clock(ev.At)+" đến khi nhận đủ hồ sơ bổ sung; thời gian đã giải quyết trước đó vẫn được tính.", body, left, c.left, 0)
	}
	guide := "Trong quá trình bổ sung, hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ " + clean(p.Agency.Name)
	if p.Agency.Phone != "" {
		guide += ", số điện thoại " + clean(p.Agency.Phone)
	}
	c.para(guide+" để được hướng dẫn./.", body, left, c.left, 0)
	c.signatures([2]string{}, [2]string{"NGƯỜI HƯỚNG DẪN", p.Officer})
}

// refusal is form 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
func refusal(c *canvas, p *Paper, ev *dossier.Event, date time.Time) {
	d := &p.Dossier
	c.heading(p.Agency, p.Number, "PTC", date)
	c.title("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: "+d.Code)
	c.para(clean(p.Agency.Name)+" tiếp nhận hồ sơ của:", body, left, c.left, 0)
	applicant(c, d.Applicant)
	c.field("Nội dung yêu cầu giải quyết", procName(p))
	stage := "tiếp nhận"
	if ev.Action == dossier.Refuse {
		stage = "giải quyết"
	}
	c.para("Qua xem xét, "+clean(p.Agency.Name)+" thông báo không "+stage+" hồ sơ này với lý do cụ thể như sau:", body, left, c.left, 0)
	for _, ln := range reasonLines(ev.Reason) {
		c.para(ln, body, left, c.left+6*mm, 0)
	}
	c.field("Thời điểm từ chối", clock(ev.At))
	c.para("Xin thông báo cho Ông/Bà được biết và thực hiện./.", body, left, c.left, 0)
	who := "NGƯỜI TIẾP NHẬN HỒ SƠ"
	if ev.Action == dossier.Refuse {
		who = "THỦ TRƯỞNG CƠ QUAN"
	}
	c.signatures([2]string{}, [2]string{who, p.Officer})
}

// apology is form 04: Văn bản xin lỗi và đề nghị gia hạn thời gian giải
// quyết.
func apology(c *canvas, p *Paper, ev *dossier.Event, date time.Time) {
	d := &p.Dossier
	idx := int(ev.Seq) - 1
	c.heading(p.Agency, p.Number, "XL", date)
	c.title("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "")
	c.para("Kính gửi: "+clean(d.Applicant.Name), body, center, c.left, 0)
	c.y += 2 * mm
	name := clean(p.Agency.Name)
	c.para("Ngày "+strings.TrimPrefix(vnfmt.LongDate(d.ReceivedAt.In(vnLocation)), "ngày ")+", "+name+" tiếp nhận hồ sơ đề nghị giải quyết "+procName(p)+" của Ông/Bà/Tổ chức.", body, left, c.left, 10*mm)
	c.para("Mã hồ sơ: "+d.Code+".", body, left, c.left, 10*mm)
	c.para("Thời gian hẹn trả kết quả giải quyết hồ sơ: "+clock(dueBefore(d, idx))+".", body, left, c.left, 10*mm)
	c.para("Tuy nhiên đến nay, "+name+" chưa trả kết quả giải quyết hồ sơ cho Ông/Bà/Tổ chức. Lý do: "+strings.Join(reasonLines(ev.Reason), " ")+".", body, left, c.left, 10*mm)
	due := ""
	if v, ok := ev.Data.Lookup("due"); ok {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			due = clock(t)
		}
	}
	c.para("Sự chậm trễ này đã gây phiền hà cho Ông/Bà/Tổ chức. "+name+" xin lỗi Ông/Bà/Tổ chức và đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào "+due+".", body, left, c.left, 10*mm)
	c.para("Xin trân trọng cảm ơn sự hợp tác của Ông/Bà/Tổ chức./.", body, left, c.left, 10*mm)
	c.y += 2 * mm
	top := c.y
	c.para("Nơi nhận:", smallBold, left, c.left, 0)
	c.para("- Như trên;", small, left, c.left, 0)
	c.para("- Lưu: VT.", small, left, c.left, 0)
	c.y = top
	c.signatures([2]string{}, [2]string{"THỦ TRƯỞNG CƠ QUAN", p.Officer})
}

// stop is form 05: Thông báo dừng giải quyết hồ sơ.
func stop(c *canvas, p *Paper, ev *dossier.Event, date time.Time) {
	d := &p.Dossier
	c.heading(p.Agency, p.Number, "TB", date)
	c.title("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: "+d.Code)
	c.para("Kính gửi: "+clean(d.Applicant.Name), body, center, c.left, 0)
	c.y += 2 * mm
	c.para(clean(p.Agency.Name)+" thông báo dừng giải quyết hồ sơ sau:", body, left, c.left, 0)
	c.field("Nội dung yêu cầu giải quyết", procName(p))
	if !d.ReceivedAt.IsZero() {
		c.field("Thời gian nhận hồ sơ", clock(d.ReceivedAt))
	} else {
		c.field("Thời gian nộp hồ sơ", clock(d.SubmittedAt))
	}
	why := strings.Join(reasonLines(ev.Reason), " ")
	if why == "" {
		why = "theo đề nghị rút hồ sơ của Ông/Bà/Tổ chức"
	}
	c.field("Lý do dừng giải quyết", why)
	c.field("Thời điểm dừng giải quyết", clock(ev.At))
	c.para("Xin thông báo cho Ông/Bà/Tổ chức được biết./.", body, left, c.left, 0)
	c.signatures([2]string{}, [2]string{"THỦ TRƯỞNG CƠ QUAN", p.Officer})
}

// control is form 06: Phiếu kiểm soát quá trình giải quyết hồ sơ, one row
// for each step of the trail.
func control(c *canvas, p *Paper, date time.Time) {
	d := &p.Dossier
	c.heading(p.Agency, p.Number, "PKS", date)
	c.title("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: "+d.Code)
	c.field("Kèm theo hồ sơ của", d.Applicant.Name)
	c.field("Nội dung yêu cầu giải quyết", procName(p))
	units := strings.Join(d.Units, ", ")
	if units == "" {
		units = d.Unit
	}
	c.field("Cơ quan (bộ phận) giải quyết hồ sơ", units)
	c.field("Thời gian trả kết quả theo hẹn", clock(d.DueAt))
	t := c.newTable([]column{
		{"TT", 0.06, center}, {"Bước xử lý", 0.24, left}, {"Người, cơ quan thực hiện", 0.2, left},
		{"Thời gian giao, nhận hồ sơ", 0.2, left}, {"Kết quả (trước hạn / đúng hạn / quá hạn)", 0.14, center}, {"Ghi chú", 0.16, left},
	}, cellStyle, cellBold)
	for i, ev := range d.Events {
		who := ev.Actor.ID
		if ev.Actor.Unit != "" {
			who += " (" + ev.Actor.Unit + ")"
		}
		due := dueBefore(d, i+1)
		verdict := ""
		if settles(ev.Action) && !due.IsZero() {
			switch {
			case dayOf(ev.At).Before(dayOf(due)):
				verdict = "Trước hạn"
			case !ev.At.After(due):
				verdict = "Đúng hạn"
			default:
				verdict = "Quá hạn"
			}
		}
		note := ev.Reason
		if to := ev.Data.Get("to"); to != "" {
			note = strings.TrimSpace("chuyển đến " + to + ". " + note)
		}
		t.row(strconv.Itoa(i+1), ev.Action.Label("vi"), who, clock(ev.At), verdict, note)
	}
	t.end()
	c.signatures([2]string{}, [2]string{"NGƯỜI LẬP PHIẾU", p.Officer})
}

func settles(a dossier.Action) bool {
	return a == dossier.Approve || a == dossier.Refuse || a == dossier.ReturnResult
}

// dayOf is t's calendar day in Vietnam.
func dayOf(t time.Time) time.Time {
	y, m, d := t.In(vnLocation).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, vnLocation)
}
