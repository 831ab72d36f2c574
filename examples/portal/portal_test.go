package main

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/signing"
)

func TestFilingOverHTTP(t *testing.T) {
	app, srv, _ := testPortal(t)
	c := newClient(t, srv.URL)
	code, err := c.file("Nguyễn Văn An", "001085012345")
	require.NoError(t, err)
	d, err := app.svc.Get(t.Context(), code)
	require.NoError(t, err)
	d, err = app.svc.Get(t.Context(), code)
	require.NoError(t, err)
	assert.Equal(t, dossier.Submitted, d.Status)
	assert.Equal(t, "001085012345", d.Applicant.CitizenID)
	require.Len(t, d.Attachments, 2, "the signed application and the ID scan")
	require.NotNil(t, d.FeeQuote)
	assert.Positive(t, int64(d.FeeQuote.Total))
	pdf, err := app.blobs.get(d.Attachments[0].SHA256)
	require.NoError(t, err)
	rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Roots: app.ca.Pool(), At: app.now()})
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 1)
	assert.True(t, rep.Signatures[0].OK(), "the two-phase signature verifies and is trusted")

	status, body, err := c.get("/ho-so/" + code)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, status)
	assert.Contains(t, body, "đã thanh toán", "paid through the VietQR step")
	require.NotNil(t, d.Payment)
	status, _, err = c.get("/ho-so/" + code + "/vietqr.png")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, status, "no payment code once paid")

	other := newClient(t, srv.URL)
	_, err = other.expect("/dang-nhap", "/dang-nhap", [][2]string{{"name", "Trần Thị Bình"}, {"cccd", "001185012345"}})
	require.NoError(t, err)
	status, _, err = other.get("/ho-so/" + code)
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, status, "another citizen does not see the dossier")
	status, _, err = other.get("/can-bo")
	require.NoError(t, err)
	assert.Equal(t, http.StatusForbidden, status, "a citizen is no officer")
	_, body, err = other.get("/tra-cuu?ma=" + code)
	require.NoError(t, err)
	assert.Contains(t, body, "Chờ tiếp nhận", "anyone with the code can look it up")
}

func TestSecurity(t *testing.T) {
	_, srv, _ := testPortal(t)
	c := newClient(t, srv.URL)
	tests := []struct {
		name   string
		req    func() *http.Request
		status int
	}{
		{"POST without the CSRF token", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, srv.URL+"/dang-nhap", strings.NewReader("name=An&cccd=001085012345"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, http.StatusForbidden},
		{"POST from another site", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, srv.URL+"/dang-nhap", strings.NewReader("name=An"))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			r.Header.Set("Sec-Fetch-Site", "cross-site")
			return r
		}, http.StatusForbidden},
		{"a body over the limit", func() *http.Request {
			r, _ := http.NewRequest(http.MethodPost, srv.URL+"/dang-nhap", bytes.NewReader(make([]byte, maxBody+1)))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return r
		}, http.StatusRequestEntityTooLarge},
		{"a dossier path that climbs", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, srv.URL+"/ho-so/..%2F..%2Fportal.db/ket-qua.pdf", nil)
			return r
		}, http.StatusSeeOther},
		{"an unknown procedure", func() *http.Request {
			r, _ := http.NewRequest(http.MethodGet, srv.URL+"/thu-tuc/..%2Fetc", nil)
			return r
		}, http.StatusNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := c.http.Do(tc.req())
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, tc.status, resp.StatusCode)
			assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "script-src 'self'")
			assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"))
			assert.Equal(t, "DENY", resp.Header.Get("X-Frame-Options"))
		})
	}
	t.Run("the blob store takes digests only", func(t *testing.T) {
		b, err := newBlobs(t.TempDir())
		require.NoError(t, err)
		for _, bad := range []string{"../portal.db", strings.Repeat("A", 64), strings.Repeat("a", 63), "", strings.Repeat("g", 64)} {
			_, err := b.path(bad)
			assert.ErrorIs(t, err, errBadDigest, bad)
		}
	})
}
