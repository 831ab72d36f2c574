package main

import (
	"html/template"
	"net/http"
	"strings"

	"github.com/motcua/motcua/dossier"
)

// trusted marks HTML the form renderer wrote (escaped by html/template
// there) as safe to insert.
func trusted(s string) template.HTML { return template.HTML(s) } //nolint:gosec // written by html/template

// page writes a page of the layout.
func (a *App) page(w http.ResponseWriter, r *http.Request, status int, name, title string, data map[string]any) {
	u, signedIn := a.user(r)
	data["Title"], data["User"], data["SignedIn"], data["CSRF"] = title, u, signedIn, a.csrf(r)
	data["Officer"] = signedIn && u.Role == dossier.RoleOfficer
	var b strings.Builder
	if err := pages.ExecuteTemplate(&b, name, data); err != nil {
		serverError(w, err)
		return
	}
	data["Body"] = trusted(b.String())
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = pages.ExecuteTemplate(w, "layout", data)
}

func (a *App) loginPage(w http.ResponseWriter, r *http.Request) {
	next := r.URL.Query().Get("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	a.page(w, r, http.StatusOK, "login", "Đăng nhập", map[string]any{"Next": next})
}

func (a *App) login(w http.ResponseWriter, r *http.Request) {
	u, err := a.idp.Authenticate(r)
	if err != nil {
		a.page(w, r, http.StatusUnprocessableEntity, "login", "Lỗi: Đăng nhập", map[string]any{"Error": "Thông tin đăng nhập không hợp lệ (họ tên và số CCCD 12 chữ số).", "Next": "/"})
		return
	}
	if err := a.setSession(w, u); err != nil {
		serverError(w, err)
		return
	}
	next := r.PostFormValue("next")
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		next = "/"
	}
	if u.Role == dossier.RoleOfficer && next == "/" {
		next = "/can-bo"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

func (a *App) logout(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", MaxAge: -1, HttpOnly: true})
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

var pages = template.Must(template.New("").Parse(`
{{define "layout"}}<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} — Cổng dịch vụ công (demo motcua)</title><link rel="stylesheet" href="/static/style.css"></head>
<body><header class="bar"><a href="/" class="brand">Cổng dịch vụ công — bản trình diễn</a>
<nav>{{if .SignedIn}}<span id="who">{{.User.Name}}</span>{{if .Officer}} <a href="/can-bo">Hàng đợi</a>{{end}}
<form method="post" action="/dang-xuat" class="inline"><input type="hidden" name="_csrf" value="{{.CSRF}}"><button type="submit" class="link">Đăng xuất</button></form>
{{else}}<a href="/dang-nhap">Đăng nhập</a>{{end}} <a href="/tra-cuu">Tra cứu hồ sơ</a></nav></header>
<main id="main">{{.Body}}</main></body></html>{{end}}

{{define "login"}}<h1>Đăng nhập</h1>
<p>Nhà cung cấp định danh giả lập: ở cổng thật đây là VNeID hoặc hệ thống đăng nhập một lần của tỉnh.</p>
{{if .Error}}<div class="govuk-error-summary" role="alert"><h2>Có lỗi cần sửa</h2><p>{{.Error}}</p></div>{{end}}
<form method="post" action="/dang-nhap"><input type="hidden" name="_csrf" value="{{.CSRF}}"><input type="hidden" name="next" value="{{.Next}}">
<div class="govuk-form-group"><label class="govuk-label" for="name">Họ và tên</label><input class="govuk-input" id="name" name="name" autocomplete="name"></div>
<div class="govuk-form-group"><label class="govuk-label" for="cccd">Số CCCD (công dân)</label><input class="govuk-input" id="cccd" name="cccd" inputmode="numeric"></div>
<div class="govuk-form-group"><label class="govuk-label" for="phone">Điện thoại</label><input class="govuk-input" id="phone" name="phone" type="tel"></div>
<fieldset class="govuk-fieldset"><legend>Vai trò</legend>
<div><input type="radio" id="role-citizen" name="role" value="citizen" checked><label for="role-citizen">Công dân</label></div>
<div><input type="radio" id="role-officer" name="role" value="officer"><label for="role-officer">Cán bộ một cửa</label></div></fieldset>
<button type="submit" class="govuk-button" id="login">Đăng nhập</button></form>{{end}}

{{define "home"}}<h1>Tìm thủ tục hành chính</h1>
<form method="get" action="/" role="search"><label class="govuk-label" for="q">Tên thủ tục (gõ có dấu hoặc không dấu)</label>
<input class="govuk-input" id="q" name="q" value="{{.Q}}"> <button type="submit" class="govuk-button" id="search">Tìm</button></form>
{{if .Searched}}<p>{{len .Hits}} kết quả</p><ul class="hits">{{range .Hits}}<li><a href="/thu-tuc/{{.Code}}">{{.Name}}</a> <span class="code">{{.Code}}</span> — {{.Online.Label "vi"}}</li>{{end}}</ul>{{end}}{{end}}

{{define "procedure"}}<h1>{{.P.Name}}</h1><p class="code">Mã thủ tục {{.P.Code}} · {{.P.Agency}} · {{.Days}}</p>
<h2>Thành phần hồ sơ</h2><ol>{{range .P.Documents}}<li>{{.Name}}{{if .Optional}} (không bắt buộc){{end}}</li>{{end}}</ol>
{{if .SignedIn}}<form method="post" action="/thu-tuc/{{.P.Code}}/nop"><input type="hidden" name="_csrf" value="{{.CSRF}}"><button type="submit" class="govuk-button" id="start">Nộp hồ sơ trực tuyến</button></form>
{{else}}<p><a href="/dang-nhap?next=/thu-tuc/{{.P.Code}}">Đăng nhập để nộp hồ sơ</a></p>{{end}}{{end}}

{{define "steps"}}<p class="code">{{.D.Proc.Code}} {{.D.Proc.Name}}</p><ol class="steps">{{range $i, $s := .Steps}}<li{{if eq $i $.Step}} aria-current="step"{{end}}>{{$s.VI}}</li>{{end}}</ol>{{end}}

{{define "step"}}{{template "steps" .}}<h1>{{.Heading}}</h1>{{.Form}}{{end}}

{{define "sign"}}{{template "steps" .}}<h1>Ký số tờ khai</h1>
{{if .Signed}}<p id="signed">Tờ khai đã được ký số.</p><p><a href="/nop/{{.D.ID}}/nop">Tiếp tục</a></p>{{else}}
<p>Yêu cầu ký đã được gửi tới dịch vụ ký số từ xa của <strong>{{.Signer}}</strong>. Hãy xác nhận trên ứng dụng ký số trước {{.Expires}}.</p>
<p>Mã băm cần ký (SHA-256): <code id="digest">{{.Digest}}</code></p>
<form method="post" action="/nop/{{.D.ID}}/ky-so"><input type="hidden" name="_csrf" value="{{.CSRF}}">
<button type="submit" class="govuk-button" id="confirm-sign">Xác nhận ký (giả lập ứng dụng ký số)</button></form>{{end}}{{end}}

{{define "review"}}{{template "steps" .}}<h1>Phí, lệ phí và nộp hồ sơ</h1>
{{if .Problems}}<div class="govuk-error-summary" role="alert" tabindex="-1" autofocus><h2 class="govuk-error-summary__title">Có lỗi cần sửa</h2><ul>{{range .Problems}}<li>{{.}}</li>{{end}}</ul></div>{{end}}
{{if .Total}}<p>Tổng phí, lệ phí: <strong id="fee-total">{{.Total}}</strong></p><pre class="explain">{{.Explain}}</pre>{{else if .FeeError}}<p>{{.FeeError}}</p>{{else}}<p>Thủ tục không thu phí, lệ phí.</p>{{end}}
<form method="post" action="/nop/{{.D.ID}}/nop"><input type="hidden" name="_csrf" value="{{.CSRF}}"><button type="submit" class="govuk-button" id="submit">Nộp hồ sơ</button></form>{{end}}

{{define "dossier"}}<h1>Hồ sơ <span id="code">{{.D.Code}}</span></h1>
<dl><dt>Trạng thái</dt><dd id="status">{{.Status}}{{if .Overdue}} <strong class="overdue">Quá hạn</strong>{{end}}</dd><dt>Nộp lúc</dt><dd>{{.Submitted}}</dd>
{{if .Received}}<dt>Tiếp nhận lúc</dt><dd>{{.Received}}</dd><dt>Hẹn trả kết quả</dt><dd id="due">{{.Due}}</dd>{{end}}
{{if .D.FeeQuote}}<dt>Phí, lệ phí</dt><dd id="fee">{{.D.FeeQuote.Total}}{{if .D.Payment}} — đã thanh toán{{end}}</dd>{{end}}</dl>
{{if .Unpaid}}<h2>Thanh toán bằng VietQR</h2><p>Quét mã bằng ứng dụng ngân hàng: số tiền {{.Unpaid}}, nội dung mang mã hồ sơ.</p>
<img id="vietqr" src="/ho-so/{{.D.Code}}/vietqr.png" width="256" height="256" alt="Mã VietQR thanh toán {{.Unpaid}} cho hồ sơ {{.D.Code}}">
<form method="post" action="/ho-so/{{.D.Code}}/thanh-toan"><input type="hidden" name="_csrf" value="{{.CSRF}}"><button type="submit" class="govuk-button" id="pay">Đã chuyển khoản (giả lập thông báo của ngân hàng)</button></form>{{end}}
<ul>{{if .Received}}<li><a id="receipt" href="/ho-so/{{.D.Code}}/giay-tiep-nhan.pdf">Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)</a></li>{{end}}
{{if .Result}}<li><a id="result" href="/ho-so/{{.D.Code}}/ket-qua.pdf">Kết quả đã ký số (PDF)</a></li>{{end}}</ul>
{{if .Supplement}}<h2>Bổ sung hồ sơ</h2>{{.Supplement}}{{end}}{{end}}

{{define "lookup"}}<h1>Tra cứu hồ sơ</h1><form method="get" action="/tra-cuu"><label class="govuk-label" for="ma">Mã hồ sơ</label>
<input class="govuk-input" id="ma" name="ma" value="{{.Code}}"> <button type="submit" class="govuk-button" id="find">Tra cứu</button></form>
{{if .Missing}}<p id="lookup-result">Không tìm thấy hồ sơ {{.Code}}.</p>{{else if .D}}<p id="lookup-result">Hồ sơ {{.D.Code}}: {{.Status}}{{if .Due}}, hẹn trả {{.Due}}{{end}}.</p>{{end}}{{end}}

{{define "queue"}}<h1>Hàng đợi hồ sơ</h1><p>Theo hạn trả kết quả; lúc {{.Now}}. <a id="stats" href="/can-bo/thong-ke.xlsx">Thống kê tháng (xlsx)</a></p>
<table id="queue"><thead><tr><th scope="col">Mã hồ sơ</th><th scope="col">Người nộp</th><th scope="col">Trạng thái</th><th scope="col">Nộp lúc</th><th scope="col">Hẹn trả</th></tr></thead><tbody>
{{range .Rows}}<tr{{if .Overdue}} class="overdue"{{end}}><td><a href="/can-bo/ho-so/{{.D.Code}}">{{.D.Code}}</a></td><td>{{.D.Applicant.Name}}</td><td>{{.Status}}</td><td>{{.Submitted}}</td>
<td>{{if .Due}}{{.Due}}{{else}}chưa tiếp nhận{{end}}{{if .Overdue}} <strong>Quá hạn</strong>{{end}}{{if .Paused}} (tạm dừng){{end}}</td></tr>{{end}}
</tbody></table>{{end}}

{{define "desk"}}<h1>Hồ sơ {{.D.Code}}</h1><p>{{.Proc.Name}}</p>
<dl><dt>Người nộp</dt><dd>{{.D.Applicant.Name}}, CCCD {{.D.Applicant.CitizenID}}</dd><dt>Trạng thái</dt><dd id="status">{{.Status}}{{if .Overdue}} <strong class="overdue">Quá hạn</strong>{{end}}</dd>
<dt>Nộp lúc</dt><dd>{{.Submitted}}</dd>{{if .Due}}<dt>Hẹn trả</dt><dd>{{.Due}}</dd>{{end}}</dl>
<h2>Giấy tờ</h2><ul>{{range .D.Attachments}}<li>{{.Name}}: {{.FileName}} ({{.MediaType}}, {{.Size}} byte)</li>{{end}}</ul>
{{range .Buttons}}<form method="post" action="/can-bo/ho-so/{{$.D.Code}}/{{.Action}}" class="action"><input type="hidden" name="_csrf" value="{{$.CSRF}}">
{{if eq .Action "request_supplement"}}<label class="govuk-label" for="reason">Nội dung yêu cầu bổ sung</label><textarea class="govuk-textarea" id="reason" name="reason" rows="3"></textarea>{{end}}
<button type="submit" class="govuk-button" id="do-{{.Action}}">{{.Label}}</button></form>{{end}}{{end}}

{{define "problem"}}<h1>Không thực hiện được</h1><div class="govuk-error-summary" role="alert" tabindex="-1" autofocus><p id="problem">{{.Message}}</p></div><p><a href="{{.Back}}">Quay lại</a></p>{{end}}
`))

const styleCSS = `[hidden]{display:none!important}
body{font-family:"DejaVu Sans",Arial,sans-serif;margin:0;color:#0b0c0c;line-height:1.4}
.bar{background:#b01c1c;color:#fff;padding:.6em 1em;display:flex;justify-content:space-between;flex-wrap:wrap}
.bar a,.bar .link{color:#fff;margin-left:1em}.brand{font-weight:bold;margin-left:0!important}
main{max-width:960px;margin:1em auto;padding:0 1em}
.govuk-form-group{margin:0 0 1.2em}.govuk-label,legend{display:block;font-weight:bold;margin-bottom:.2em}
.govuk-hint{color:#505a5f;margin-bottom:.3em}.govuk-input,.govuk-select,.govuk-textarea{font:inherit;padding:.3em;border:2px solid #0b0c0c;width:100%;max-width:32em;box-sizing:border-box}
.govuk-fieldset{border:0;padding:0;margin:0 0 1em}.htmlform-row{border-left:4px solid #b1b4b6;padding-left:1em}
.govuk-radios__item,.govuk-checkboxes__item{margin:.2em 0}.govuk-radios__label,.govuk-checkboxes__label{display:inline;font-weight:normal}
.govuk-form-group--error{border-left:5px solid #d4351c;padding-left:1em}.govuk-error-message{color:#d4351c;font-weight:bold;margin:.2em 0}
.govuk-input--error,.govuk-textarea--error,.govuk-select--error{border-color:#d4351c}
.govuk-error-summary{border:5px solid #d4351c;padding:1em;margin-bottom:1.5em}.govuk-error-summary a{color:#d4351c;font-weight:bold}
.govuk-visually-hidden{position:absolute!important;width:1px!important;height:1px!important;overflow:hidden!important;clip:rect(0 0 0 0)!important;white-space:nowrap!important}
.govuk-button{font:inherit;background:#00703c;color:#fff;border:0;padding:.5em 1em;margin:.3em .3em .3em 0;cursor:pointer}
.govuk-button--secondary{background:#f3f2f1;color:#0b0c0c}.govuk-button--warning{background:#d4351c}
.link{background:none;border:0;font:inherit;text-decoration:underline;cursor:pointer}.inline{display:inline}
.code{color:#505a5f}.steps li[aria-current]{font-weight:bold}.overdue{color:#d4351c}tr.overdue{background:#fbe9e7}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #b1b4b6;padding:.4em;text-align:left}pre.explain{background:#f3f2f1;padding:1em;white-space:pre-wrap}
:focus{outline:3px solid #fd0}`
