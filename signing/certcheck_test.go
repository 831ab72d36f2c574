package signing_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// leafSigner issues a certificate shaped by edit under ca.
func leafSigner(t *testing.T, ca *signingtest.CA, edit func(*x509.Certificate)) *signing.Signer {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(time.Now().UnixNano()), Subject: pkix.Name{CommonName: "Trần Văn Nghĩa"},
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.AddDate(0, 1, 0),
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageContentCommitment,
	}
	edit(tpl)
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.Cert, key.Public(), ca.Key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	s, err := signing.NewSigner(key, []*x509.Certificate{leaf, ca.Cert})
	require.NoError(t, err)
	return s
}

// Sign refuses a certificate outside its validity period at the signing
// time, or one whose key usage forbids signing documents, unless
// AllowInvalidCertificate says otherwise.
func TestSignChecksCertificate(t *testing.T) {
	ca := newCA(t)
	in := samplePDF(t, signingtest.PDFOptions{})
	docSigning := asn1.ObjectIdentifier{1, 3, 6, 1, 5, 5, 7, 3, 36}
	// A root that expired yesterday, over a leaf valid today.
	oldCA, err := signingtest.NewCA("Old CA", testNow.AddDate(-1, 0, -1))
	require.NoError(t, err)
	oldLeaf := leafSigner(t, oldCA, func(*x509.Certificate) {})
	cases := []struct {
		name    string
		signer  *signing.Signer
		at      time.Time
		allow   bool
		code    signing.ProblemCode // "" when the signature is made
		subject string
	}{
		{"valid", leafSigner(t, ca, func(*x509.Certificate) {}), testNow, false, "", ""},
		{"expired", leafSigner(t, ca, func(c *x509.Certificate) { c.NotAfter = testNow.Add(-time.Minute) }), testNow, false, signing.CodeExpired, "Trần Văn Nghĩa"},
		{"expired, allowed", leafSigner(t, ca, func(c *x509.Certificate) { c.NotAfter = testNow.Add(-time.Minute) }), testNow, true, "", ""},
		{"not yet valid", leafSigner(t, ca, func(c *x509.Certificate) { c.NotBefore = testNow.Add(time.Minute) }), testNow, false, signing.CodeNotYetValid, "Trần Văn Nghĩa"},
		{"signing time before validity", leafSigner(t, ca, func(*x509.Certificate) {}), testNow.Add(-2 * time.Hour), false, signing.CodeNotYetValid, "Trần Văn Nghĩa"},
		{"issuer expired", oldLeaf, testNow, false, signing.CodeExpired, "Old CA"},
		{"key encipherment only", leafSigner(t, ca, func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyEncipherment }), testNow, false, signing.CodeKeyUsage, "Trần Văn Nghĩa"},
		{"key encipherment only, allowed", leafSigner(t, ca, func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageKeyEncipherment }), testNow, true, "", ""},
		{"no key usage at all", leafSigner(t, ca, func(c *x509.Certificate) { c.KeyUsage = 0 }), testNow, false, "", ""},
		{"non-repudiation only", leafSigner(t, ca, func(c *x509.Certificate) { c.KeyUsage = x509.KeyUsageContentCommitment }), testNow, false, "", ""},
		{"server authentication only", leafSigner(t, ca, func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth} }), testNow, false, signing.CodeKeyUsage, "Trần Văn Nghĩa"},
		{"client authentication and email", leafSigner(t, ca, func(c *x509.Certificate) {
			c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageEmailProtection}
		}), testNow, false, "", ""},
		{"document signing (RFC 9336)", leafSigner(t, ca, func(c *x509.Certificate) { c.UnknownExtKeyUsage = []asn1.ObjectIdentifier{docSigning} }), testNow, false, "", ""},
		{"any usage", leafSigner(t, ca, func(c *x509.Certificate) { c.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageAny} }), testNow, false, "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out, err := signBytes(t.Context(), in, tc.signer, signing.Options{Time: tc.at, AllowInvalidCertificate: tc.allow})
			if tc.code == "" {
				require.NoError(t, err)
				assert.NotEmpty(t, out)
				return
			}
			require.ErrorIs(t, err, signing.ErrCertificate)
			require.ErrorIs(t, err, signing.ErrKey)
			var ce *signing.CertificateError
			require.True(t, errors.As(err, &ce))
			assert.Equal(t, tc.code, ce.Code)
			assert.Equal(t, tc.subject, ce.Subject)
			assert.True(t, ce.At.Equal(tc.at))
			assert.Empty(t, out, "nothing is written")
		})
	}
}

func TestCertificateErrorMessage(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, signing.Location)
	cases := []struct {
		name   string
		err    signing.CertificateError
		vi, en string
	}{
		{"expired", signing.CertificateError{Code: signing.CodeExpired, Subject: "Trần Văn Nghĩa", At: at, NotAfter: at.Add(-time.Hour).UTC()},
			`Chứng thư số của "Trần Văn Nghĩa" đã hết hạn lúc 08:00 ngày 02/03/2026 (thời điểm ký 09:00 ngày 02/03/2026)`,
			`the certificate of "Trần Văn Nghĩa" expired at 08:00, 02/03/2026 (signing time 09:00, 02/03/2026)`},
		{"not yet valid", signing.CertificateError{Code: signing.CodeNotYetValid, Subject: "Lê Thị Hoa", At: at, NotBefore: at.AddDate(0, 0, 1)},
			`Chứng thư số của "Lê Thị Hoa" chưa có hiệu lực trước 09:00 ngày 03/03/2026 (thời điểm ký 09:00 ngày 02/03/2026)`,
			`the certificate of "Lê Thị Hoa" is not valid before 09:00, 03/03/2026 (signing time 09:00, 02/03/2026)`},
		{"key usage", signing.CertificateError{Code: signing.CodeKeyUsage, Subject: "server", At: at, Detail: "no signing"},
			`Mục đích sử dụng khóa của chứng thư số của "server" không cho phép ký tài liệu: no signing`,
			`the key usage of the certificate of "server" does not allow signing documents: no signing`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.vi, tc.err.Message("vi"))
			assert.Equal(t, tc.vi, tc.err.Message(""), "Vietnamese by default")
			assert.Equal(t, tc.en, tc.err.Message("en"))
			assert.Equal(t, "signing: "+tc.en, tc.err.Error())
		})
	}
}
