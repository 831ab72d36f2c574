package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
)

// browser starts Debian's headless Chromium, offline (the machine has no
// outside network), with a fresh profile; it skips the test when Chromium
// is not installed, and fails it under CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		testenv.Missing(t, "chromium is not installed (apt-get install chromium); .ci/run installs it")
	}
	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1200, 900),
	)
	ctx, cancel := chromedp.NewContext(alloc)
	ctx, cancelTimeout := context.WithTimeout(ctx, 30*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancel(); cancelAlloc() })
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate("about:blank")), "start chromium")
	return ctx
}

// shot saves a screenshot of the page into the test's artifacts (go test
// -artifacts keeps them; without it they go to a temporary folder).
func shot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		jpg, err := chromedp.Run(ctx, chromedp.FullScreenshot(80))
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(t.ArtifactDir(), name+".jpg"), jpg, 0o644)
	})
}

// fetchFile downloads a URL in the page (its cookies, its origin) and
// returns the content.
func fetchFile(ctx context.Context, url string) ([]byte, error) {
	b64, err := chromedp.Run(ctx, chromedp.Evaluate[string](`fetch(`+"`"+url+"`"+`).then(r => { if (!r.ok) throw new Error(r.status); return r.arrayBuffer(); })
		.then(b => { let s = ""; new Uint8Array(b).forEach(x => s += String.fromCharCode(x)); return btoa(s); })`, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, err
	}
	return base64.StdEncoding.DecodeString(b64)
}

// waitText waits until the element sel shows want.
func waitText(sel, want string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		js := `(document.querySelector(` + "`" + sel + "`" + `) || {innerText: ""}).innerText.includes(` + "`" + want + "`" + `)`
		deadline := time.Now().Add(10 * time.Second)
		for {
			if time.Now().After(deadline) {
				page, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
				return fmt.Errorf("waiting for %s to show %q; the page says: %s", sel, want, page)
			}
			// The page may be between two documents: try again.
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err == nil && ok {
				return nil
			}
			select {
			case <-ctx.Done():
				return fmt.Errorf("waiting for %s to show %q: %w", sel, want, ctx.Err())
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

func text(ctx context.Context, sel string) (string, error) {
	return chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
}

// TestBrowserCitizen: a citizen files a dossier end to end in Chromium —
// signs in, searches without diacritics, fills the form (a wrong first
// attempt shows the Vietnamese error summary, the answers kept; a condition
// shows and hides the members without a page load), uploads the required
// scan, signs in two phases, sees the fee, submits, pays by VietQR and looks
// the dossier up by its code.
func TestBrowserCitizen(t *testing.T) {
	app, srv, _ := testPortal(t)
	ctx := browser(t)
	dir := t.TempDir()
	scanPath := filepath.Join(dir, "cccd.pdf")
	require.NoError(t, os.WriteFile(scanPath, []byte(scan), 0o644))

	// 1. The account (the stub identity provider) and 2. the procedure.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/dang-nhap"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Nguyễn Văn An"),
		chromedp.SendKeys(chromedp.CSS("#cccd"), "001085012345"),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#q")),
		chromedp.SendKeys(chromedp.CSS("#q"), "dang ky thanh lap doanh nghiep tu nhan"),
		chromedp.Click(chromedp.CSS("#search")),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/thu-tuc/`+procCode+`"]`)),
		shot(t, "1-search"),
		chromedp.Click(chromedp.CSS(`a[href="/thu-tuc/`+procCode+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#start")),
		chromedp.Click(chromedp.CSS("#start")),
		chromedp.WaitVisible(chromedp.CSS("#f-enterprise_name")),
	))

	// The script shows the members when the type calls for them.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#f-enterprise_type-2")), // tnhh2
		chromedp.WaitVisible(chromedp.CSS(`[data-htmlform-path="members"]`)),
		chromedp.Click(chromedp.CSS("#f-enterprise_type-5")), // tunhan
		chromedp.WaitNotVisible(chromedp.CSS(`[data-htmlform-path="members"]`)),
	))
	refreshHidden, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('[data-htmlform-refresh]').hidden`))
	require.NoError(t, err)
	assert.True(t, refreshHidden, "the script hides the no-script refresh button")

	// A wrong first attempt.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.CSS("#f-enterprise_name"), "Doanh nghiệp tư nhân Một Cửa An"),
		chromedp.SendKeys(chromedp.CSS("#f-phone"), "0123"),
		chromedp.Click(chromedp.CSS(`button.govuk-button[value="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(".govuk-error-summary")),
		shot(t, "2-form-errors"),
	))
	summary, err := text(ctx, ".govuk-error-summary")
	require.NoError(t, err)
	assert.Contains(t, summary, "Có lỗi cần sửa")
	assert.Contains(t, summary, "Điện thoại không phải số điện thoại Việt Nam hợp lệ")
	assert.Contains(t, summary, "Vốn điều lệ (đồng) là bắt buộc")
	assert.NotContains(t, summary, "Loại hình doanh nghiệp", "the type chosen before the attempt is kept")
	kept, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#f-enterprise_name")))
	require.NoError(t, err)
	title, err := chromedp.Run(ctx, chromedp.Title())
	require.NoError(t, err)
	focused, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.className`))
	require.NoError(t, err)
	// The summary's link moves to its field.
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`.govuk-error-summary a[href="#f-phone"]`))))
	focusedID, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.activeElement.id`))
	require.NoError(t, err)
	assert.Equal(t, "f-phone", focusedID, "the summary's link moves to the field")
	assert.Equal(t, "Doanh nghiệp tư nhân Một Cửa An", kept, "earlier answers are kept")
	assert.True(t, strings.HasPrefix(title, "Lỗi: "), title)
	assert.Equal(t, "govuk-error-summary", focused, "the summary takes the focus")

	// The right answers.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Clear(chromedp.CSS("#f-phone")),
		chromedp.SendKeys(chromedp.CSS("#f-phone"), "0912345678"),
		chromedp.SendKeys(chromedp.CSS("#f-charter_capital"), "500.000.000"),
		chromedp.Click(chromedp.CSS("#f-business_lines-4")),
		chromedp.Click(chromedp.CSS("#f-main_line-4")),
		chromedp.SendKeys(chromedp.CSS("#f-owner-full_name"), "Nguyễn Văn An"),
		chromedp.SendKeys(chromedp.CSS("#f-owner-birth_date"), "15/03/1985"),
		chromedp.Click(chromedp.CSS("#f-owner-sex")),
		chromedp.SendKeys(chromedp.CSS("#f-owner-citizen_id"), "001085012345"),
		chromedp.SendKeys(chromedp.CSS("#f-owner-nationality"), "Việt Nam"),
		chromedp.SendKeys(chromedp.CSS("#f-address-province"), "01"),
		chromedp.SendKeys(chromedp.CSS("#f-address-commune"), "00004"),
		chromedp.SendKeys(chromedp.CSS("#f-address-street"), "Số 1 Tràng Tiền"),
		chromedp.Click(chromedp.CSS("#f-has_foreign_investment-2")),
		chromedp.Click(chromedp.CSS("#f-accounting")),
		chromedp.SetUploadFiles(chromedp.CSS("#f-documents"), []string{scanPath}),
		chromedp.Click(chromedp.CSS(`button.govuk-button[value="submit"]`)),
		// 3. The scans the procedure requires.
		chromedp.WaitVisible(chromedp.CSS("#f-doc_2")),
		shot(t, "3-documents"),
		chromedp.SetUploadFiles(chromedp.CSS("#f-doc_2"), []string{scanPath}),
		chromedp.Click(chromedp.CSS(`button.govuk-button[value="submit"]`)),
		// 4. Sign in two phases, see the fee, submit.
		chromedp.WaitVisible(chromedp.CSS("#digest")),
		shot(t, "4-sign"),
		chromedp.Click(chromedp.CSS("#confirm-sign")),
		chromedp.WaitVisible(chromedp.CSS("#fee-total")),
		shot(t, "5-fees"),
	))
	fee, err := text(ctx, "#fee-total")
	require.NoError(t, err)
	assert.Contains(t, fee, "₫")

	require.NoError(t, chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("#submit")),
		chromedp.WaitVisible(chromedp.CSS("#code")),
	))
	code, err := text(ctx, "#code")
	require.NoError(t, err)
	qrWidth, err := chromedp.Run(ctx, chromedp.Poll[int](`document.querySelector('#vietqr').complete && document.querySelector('#vietqr').naturalWidth`))
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(ctx,
		shot(t, "6-dossier"),
		chromedp.Click(chromedp.CSS("#pay")),
		waitText("#fee", "đã thanh toán"),
	))
	assert.Equal(t, 256, qrWidth, "the VietQR image loads")
	d, err := app.svc.Get(t.Context(), code)
	require.NoError(t, err)
	require.NotNil(t, d.Payment, "paid")
	assert.Equal(t, d.FeeQuote.Total, d.Payment.Amount)
	assert.Len(t, d.Attachments, 2)
	assert.Equal(t, "000.00.01.H26", d.Agency)

	// Look the dossier up by its code.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/tra-cuu"),
		chromedp.SendKeys(chromedp.CSS("#ma"), code),
		chromedp.Click(chromedp.CSS("#find")),
		chromedp.WaitVisible(chromedp.CSS("#lookup-result")),
	))
	found, err := text(ctx, "#lookup-result")
	require.NoError(t, err)
	assert.Contains(t, found, code+": Chờ tiếp nhận")
}

// TestBrowserClerk: the clerk's desk in Chromium — the queue by due date
// with the overdue dossier marked, receive, start, ask for a supplement
// (the citizen supplies it), approve with a countersignature and return the
// result, the month's statistics as xlsx; then the citizen downloads the
// receipt and the signed result, which pdfsig validates (two signatures).
func TestBrowserClerk(t *testing.T) {
	pdfsig := testenv.Tool(t, "pdfsig")
	app, srv, clk := testPortal(t)
	an := newClient(t, srv.URL)
	first, err := an.file("Nguyễn Văn An", "001085012345")
	require.NoError(t, err)
	clk.add(time.Hour)
	second, err := newClient(t, srv.URL).file("Trần Thị Bình", "001185012345")
	require.NoError(t, err)

	ctx := browser(t)
	desk := func(code string) chromedp.Action[chromedp.Void] {
		return chromedp.Steps(chromedp.Navigate(srv.URL+"/can-bo/ho-so/"+code), chromedp.WaitVisible(chromedp.CSS("#status")))
	}
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/dang-nhap"),
		chromedp.SendKeys(chromedp.CSS("#name"), "Phạm Thu Trang"),
		chromedp.Click(chromedp.CSS("#role-officer")),
		chromedp.Click(chromedp.CSS("#login")),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
		desk(first),
		chromedp.Click(chromedp.CSS("#do-receive")),
		waitText("#status", "Đã tiếp nhận"),
	))
	// Ten days later the first dossier is overdue (3 working days).
	clk.add(10 * 24 * time.Hour)
	require.NoError(t, chromedp.Do(ctx,
		chromedp.Navigate(srv.URL+"/can-bo"),
		chromedp.WaitVisible(chromedp.CSS("#queue")),
		shot(t, "7-queue"),
	))
	rows, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#queue tbody tr')].map(r => r.className + '|' + r.cells[0].innerText + '|' + r.cells[4].innerText)`))
	require.NoError(t, err)
	require.Len(t, rows, 2)
	assert.Equal(t, "|"+second+"|chưa tiếp nhận", rows[0], "dossiers not yet received come first")
	assert.True(t, strings.HasPrefix(rows[1], "overdue|"+first+"|"), rows[1])
	assert.Contains(t, rows[1], "Quá hạn")

	require.NoError(t, chromedp.Do(ctx,
		desk(first),
		chromedp.Click(chromedp.CSS("#do-start")),
		waitText("#status", "Đang giải quyết"),
		chromedp.SendKeys(chromedp.CSS("#reason"), "Bản sao CCCD bị mờ, đề nghị bổ sung bản rõ nét"),
		chromedp.Click(chromedp.CSS("#do-request_supplement")),
		waitText("#status", "Chờ bổ sung"),
	))
	d, err := app.svc.Get(t.Context(), first)
	require.NoError(t, err)
	require.Equal(t, dossier.AwaitingSupplement, d.Status)
	_, err = an.expect("/ho-so/"+first, "/ho-so/"+first+"/bo-sung", nil, [3]string{"doc_2", "cccd-ro.pdf", string(mustPDF("Ban sao CCCD ro net"))})
	require.NoError(t, err)

	require.NoError(t, chromedp.Do(ctx,
		desk(first),
		chromedp.Click(chromedp.CSS("#do-approve")),
		waitText("main", "Có kết quả"),
	))
	require.NoError(t, chromedp.Do(ctx,
		shot(t, "8-desk"),
		chromedp.Click(chromedp.CSS("#do-return_result")),
		waitText("#status", "Đã trả kết quả"),
	))
	status, err := text(ctx, "#status")
	require.NoError(t, err)
	assert.Contains(t, status, "Đã trả kết quả")
	xlsx, err := fetchFile(ctx, "/can-bo/thong-ke.xlsx")
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(xlsx, []byte("PK")), "the statistics are a workbook")

	// The citizen's downloads.
	_, receipt, err := an.get("/ho-so/" + first + "/giay-tiep-nhan.pdf")
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(receipt, "%PDF-"), "the receipt (form 01) is a PDF")
	_, result, err := an.get("/ho-so/" + first + "/ket-qua.pdf")
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "ket-qua.pdf")
	require.NoError(t, os.WriteFile(path, []byte(result), 0o644))
	out, _ := exec.CommandContext(t.Context(), pdfsig, path).CombinedOutput()
	assert.Equal(t, 2, strings.Count(string(out), "Signature Validation: Signature is Valid."), "pdfsig: %s", out)
	assert.Contains(t, string(out), "Signer Certificate Common Name: Nguyễn Văn An")
	assert.Contains(t, string(out), "Signer Certificate Common Name: Lê Thị Hoa")
	rep, err := signing.Verify(t.Context(), strings.NewReader(result), int64(len(result)), signing.Policy{Roots: app.ca.Pool(), At: app.now()})
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 2)
	for _, sig := range rep.Signatures {
		assert.True(t, sig.OK(), "signature by %s", sig.Name)
	}
}
