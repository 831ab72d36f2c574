package htmlform_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
)

// allTypes returns the renderer of testdata/all-types.json, a form with
// every field type.
func allTypes(t testing.TB, opt htmlform.Options) *htmlform.Renderer {
	t.Helper()
	f, err := os.Open("testdata/all-types.json")
	require.NoError(t, err)
	defer f.Close()
	s, err := forms.ReadSchema(f)
	require.NoError(t, err)
	r, err := htmlform.New(s, opt)
	require.NoError(t, err)
	return r
}

func sample(t testing.TB) *htmlform.Renderer {
	t.Helper()
	s, err := forms.SampleEnterpriseRegistration()
	require.NoError(t, err)
	r, err := htmlform.New(s, htmlform.Options{})
	require.NoError(t, err)
	return r
}

// upload is a file part of a test request.
type upload struct {
	field, name string
	content     []byte
}

// pair is one value of a test request, in order.
type pair struct{ name, value string }

// post builds a multipart POST of the pairs and files.
func post(t testing.TB, pairs []pair, files ...upload) *http.Request {
	t.Helper()
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	for _, p := range pairs {
		require.NoError(t, w.WriteField(p.name, p.value))
	}
	for _, f := range files {
		fw, err := w.CreateFormFile(f.field, f.name)
		require.NoError(t, err)
		_, err = fw.Write(f.content)
		require.NoError(t, err)
	}
	require.NoError(t, w.Close())
	req := httptest.NewRequest(http.MethodPost, "/form", &body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	return req
}

// render renders v and returns the HTML.
func render(t testing.TB, r *htmlform.Renderer, v htmlform.View) string {
	t.Helper()
	var b strings.Builder
	require.NoError(t, r.Render(context.Background(), &b, v))
	return b.String()
}

var (
	reControl   = regexp.MustCompile(`<(input|select|textarea)\b[^>]*>`)
	reAttr      = regexp.MustCompile(`\b([a-z-]+)="([^"]*)"`)
	reElementID = regexp.MustCompile(`\bid="([^"]*)"`)
)

// attrs returns the attributes of a start tag.
func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range reAttr.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = a[2]
	}
	return m
}

// checkAccessible checks what the renderer promises of any page: every
// visible control has a unique id and a <label for> (radios and checkboxes
// also sit in a fieldset with a legend), every aria-describedby names
// elements of the page, and every error-summary link points at an element.
func checkAccessible(t *testing.T, html string) {
	t.Helper()
	ids := map[string]int{}
	for _, m := range reElementID.FindAllStringSubmatch(html, -1) {
		ids[m[1]]++
	}
	for id, n := range ids {
		require.Equal(t, 1, n, "id %q is used %d times", id, n)
	}
	for _, tag := range reControl.FindAllString(html, -1) {
		a := attrs(tag)
		if a["type"] == "hidden" {
			continue
		}
		if strings.Contains(tag, ` hidden `) && a["type"] == "submit" {
			continue
		}
		require.NotEmpty(t, a["id"], "control without id: %s", tag)
		require.Contains(t, html, `for="`+a["id"]+`"`, "control without label: %s", tag)
	}
	for _, m := range regexp.MustCompile(`aria-describedby="([^"]*)"`).FindAllStringSubmatch(html, -1) {
		for _, d := range strings.Fields(m[1]) {
			require.Contains(t, ids, d, "aria-describedby names a missing element %q", d)
		}
	}
	for _, m := range regexp.MustCompile(`<fieldset\b[^>]*>`).FindAllStringIndex(html, -1) {
		rest := html[m[1]:]
		require.True(t, strings.HasPrefix(strings.TrimSpace(rest), "<legend"), "fieldset without a legend first: %.80s", rest)
	}
	for _, m := range regexp.MustCompile(`<a href="#([^"]*)"`).FindAllStringSubmatch(html, -1) {
		require.Contains(t, ids, m[1], "error summary links to a missing element #%s", m[1])
	}
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}
