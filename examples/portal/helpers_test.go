package main

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/signing/signingtest"
)

// clock is the tests' clock, moved by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// testPortal starts the portal on a loopback server with its data in a
// temporary folder, on Thursday 23 April 2026 at 09:00.
func testPortal(t testing.TB) (*App, *httptest.Server, *clock) {
	t.Helper()
	font, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
	if err != nil {
		t.Skip("the papers' font is missing (apt-get install fonts-dejavu-core); .ci/run installs it")
	}
	clk := &clock{t: time.Date(2026, 4, 23, 9, 0, 0, 0, dossier.Location)}
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	app, err := New(t.Context(), Config{Dir: t.TempDir(), Font: font, BaseURL: base, Now: clk.now})
	require.NoError(t, err)
	srv.Config.Handler = app.Handler()
	srv.Start()
	t.Cleanup(func() { srv.Close(); app.Close() })
	return app, srv, clk
}

var reCSRF = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// client is a citizen or clerk using the portal without a browser.
type client struct {
	t    testing.TB
	base string
	http *http.Client
}

func newClient(t testing.TB, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// get returns a page's status and body.
func (c *client) get(path string) (int, string, error) {
	resp, err := c.http.Get(c.base + path)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), err
}

// token returns the CSRF token of a page.
func (c *client) token(path string) (string, error) {
	_, body, err := c.get(path)
	if err != nil {
		return "", err
	}
	m := reCSRF.FindStringSubmatch(body)
	if m == nil {
		return "", fmt.Errorf("no CSRF token on %s", path)
	}
	return m[1], nil
}

// post sends a multipart form (with the page's CSRF token) and returns the
// status and the redirect's location.
func (c *client) post(page, action string, fields [][2]string, files ...[3]string) (int, string, error) {
	tok, err := c.token(page)
	if err != nil {
		return 0, "", err
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	_ = w.WriteField("_csrf", tok)
	for _, f := range fields {
		_ = w.WriteField(f[0], f[1])
	}
	for _, f := range files {
		fw, _ := w.CreateFormFile(f[0], f[1])
		_, _ = fw.Write([]byte(f[2]))
	}
	_ = w.Close()
	resp, err := c.http.Post(c.base+action, w.FormDataContentType(), &body)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return resp.StatusCode, problems(string(b)), nil
	}
	return resp.StatusCode, resp.Header.Get("Location"), nil
}

var reProblem = regexp.MustCompile(`<li>(?:<a [^>]*>)?([^<]+)`)

// problems returns the error summary's lines of a page.
func problems(page string) string {
	var out []string
	for _, m := range reProblem.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return strings.Join(out, "; ")
}

// expect posts and checks for a redirect, returning its location.
func (c *client) expect(page, action string, fields [][2]string, files ...[3]string) (string, error) {
	status, loc, err := c.post(page, action, fields, files...)
	if err != nil {
		return "", err
	}
	if status != http.StatusSeeOther {
		return "", fmt.Errorf("POST %s: status %d: %s", action, status, loc)
	}
	return loc, nil
}

const procCode = "2.001610" // Đăng ký thành lập doanh nghiệp tư nhân

// declaration answers the enterprise registration form for a private
// enterprise of the applicant.
func declaration(name, cccd string) [][2]string {
	sex := "nam"
	if (cccd[3]-'0')%2 == 1 {
		sex = "nu"
	}
	return [][2]string{
		{"enterprise_name", "Doanh nghiệp tư nhân " + name}, {"enterprise_type", "tunhan"}, {"charter_capital", "500.000.000"},
		{"business_lines", "6201"}, {"business_lines", "6202"}, {"main_line", "6201"},
		{"owner.full_name", name}, {"owner.birth_date", "15/03/1985"}, {"owner.sex", sex}, {"owner.citizen_id", cccd},
		{"owner.nationality", "Việt Nam"}, {"address.province", "01"}, {"address.commune", "00004"}, {"address.street", "Số 1 Tràng Tiền"},
		{"phone", "0912345678"}, {"has_foreign_investment", "false"}, {"accounting", "doc_lap"},
	}
}

var scan = string(mustPDF("Ban sao CCCD"))

func mustPDF(text string) []byte {
	b, err := signingtest.PDF(signingtest.PDFOptions{Text: text})
	if err != nil {
		panic(err)
	}
	return b
}

// file runs the citizen's five steps without a browser (paying the fee)
// and returns the dossier code.
func (c *client) file(name, cccd string) (string, error) {
	if _, err := c.expect("/dang-nhap", "/dang-nhap", [][2]string{{"name", name}, {"cccd", cccd}, {"role", "citizen"}}); err != nil {
		return "", err
	}
	loc, err := c.expect("/thu-tuc/"+procCode, "/thu-tuc/"+procCode+"/nop", nil)
	if err != nil {
		return "", err
	}
	draft := strings.TrimSuffix(loc, "/to-khai")
	if loc, err = c.expect(loc, loc, declaration(name, cccd), [3]string{"documents", "to-khai.pdf", scan}); err != nil {
		return "", err
	}
	if loc, err = c.expect(loc, loc, nil, [3]string{"doc_2", "cccd.pdf", scan}); err != nil {
		return "", err
	}
	if _, err = c.expect(loc, loc, nil); err != nil { // GET prepares, POST completes the signature
		return "", err
	}
	if loc, err = c.expect(draft+"/nop", draft+"/nop", nil); err != nil {
		return "", err
	}
	code, ok := strings.CutPrefix(loc, "/ho-so/")
	if !ok {
		return "", fmt.Errorf("submission went to %s", loc)
	}
	// 5. Pay (the bank's notice, simulated).
	if _, err := c.expect(loc, loc+"/thanh-toan", nil); err != nil {
		return "", err
	}
	return code, nil
}
