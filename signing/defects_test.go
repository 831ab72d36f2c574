package signing_test

// Each test here first runs raw pdfsign (the pinned version) and asserts
// the defect the signing issue lists is really there, then shows that
// signing.Sign does it right on the same input.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rawPdfsign signs in with pdfsign as a new user would. A panic inside
// pdfsign is returned as an error.
func rawPdfsign(in []byte, leaf *signingtest.Leaf, sd sign.SignData) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfsign panicked: %v", r)
		}
	}()
	rdr, err := pdf.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		return nil, err
	}
	sd.Signer = leaf.Key
	sd.Certificate = leaf.Cert
	sd.CertificateChains = [][]*x509.Certificate{leaf.Chain}
	sd.DigestAlgorithm = crypto.SHA256
	var buf bytes.Buffer
	if err := sign.Sign(bytes.NewReader(in), &buf, rdr, int64(len(in)), sd); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func issue(t testing.TB, ca *signingtest.CA, name string, kt signingtest.KeyType) *signingtest.Leaf {
	t.Helper()
	l, err := ca.Issue(name, kt)
	require.NoError(t, err)
	return l
}

func approval(info sign.SignDataSignatureInfo) sign.SignData {
	return sign.SignData{Signature: sign.SignDataSignature{CertType: sign.ApprovalSignature, Info: info}}
}

// Defect 1: non-ASCII text is written as UTF-16BE inside a literal string
// without escaping; "ĩ" (U+0129) is bytes 01 29 and 0x29 is ")".
func TestDefectVietnameseText(t *testing.T) {
	ca := newCA(t)
	leaf := issue(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{Text: "Don dang ky"})
	cases := []struct {
		name string
		info sign.SignDataSignatureInfo
		opt  signing.Options
	}{
		{"name with ĩ", sign.SignDataSignatureInfo{Name: "Trần Văn Nghĩa", Date: testNow},
			signing.Options{Name: "Trần Văn Nghĩa"}},
		{"unbalanced parenthesis in Vietnamese reason", sign.SignDataSignatureInfo{Name: "A", Reason: "Nộp hồ sơ (bản chính", Date: testNow},
			signing.Options{Name: "A", Reason: "Nộp hồ sơ (bản chính"}},
		{"backslash and parentheses", sign.SignDataSignatureInfo{Name: "A", Location: "Phường Bến Nghé \\ Quận 1)", Date: testNow},
			signing.Options{Name: "A", Location: "Phường Bến Nghé \\ Quận 1)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			raw, err := rawPdfsign(in, leaf, approval(tc.info))
			require.NoError(t, err, "pdfsign itself reports no error")
			// The defect: the dictionary is malformed, so the text read
			// back is not what was asked (or the dictionary is lost).
			_, sigs, perr := signing.Inspect(raw)
			broken := perr != nil || len(sigs) != 1 || sigs[0].Name != tc.opt.Name ||
				sigs[0].Reason != tc.opt.Reason || sigs[0].Location != tc.opt.Location
			assert.True(t, broken, "pdfsign wrote the text correctly: defect gone?")
			out, clean := qpdfCheck(t, raw)
			assert.False(t, clean, "qpdf accepted pdfsign's output:\n%s", out)

			good := mustSign(t, in, newSignerFromLeaf(t, leaf), tc.opt)
			_, sigs, err = signing.Inspect(good)
			require.NoError(t, err)
			require.Len(t, sigs, 1)
			assert.Equal(t, tc.opt.Name, sigs[0].Name)
			assert.Equal(t, tc.opt.Reason, sigs[0].Reason)
			assert.Equal(t, tc.opt.Location, sigs[0].Location)
			requireInterop(t, good, 1)
		})
	}
}

func newSignerFromLeaf(t testing.TB, l *signingtest.Leaf) *signing.Signer {
	t.Helper()
	s, err := signing.NewSigner(l.Key, l.Chain)
	require.NoError(t, err)
	return s
}

// Defect 2: the zero CertType is a certification signature allowing no
// changes, which forbids the officer's countersignature.
func TestDefectZeroValueIsCertification(t *testing.T) {
	ca := newCA(t)
	leaf := issue(t, ca, "Applicant", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{})
	raw, err := rawPdfsign(in, leaf, sign.SignData{Signature: sign.SignDataSignature{Info: sign.SignDataSignatureInfo{Name: "Applicant", Date: testNow}}})
	require.NoError(t, err)
	_, sigs, err := signing.Inspect(raw)
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	assert.Equal(t, 1, sigs[0].DocMDP, "pdfsign's zero value: certification, no changes allowed")
	_, err = signBytes(t.Context(), raw, newSigner(t, ca, "Officer", signingtest.ECDSAP256), signing.Options{})
	require.ErrorIs(t, err, signing.ErrNotAllowed, "a countersignature would break the DocMDP P=1 signature")

	good := mustSign(t, in, newSignerFromLeaf(t, leaf), signing.Options{Name: "Applicant"})
	_, sigs, err = signing.Inspect(good)
	require.NoError(t, err)
	require.Len(t, sigs, 1)
	assert.Zero(t, sigs[0].DocMDP, "signing's zero value is an approval signature")
	both := mustSign(t, good, newSigner(t, ca, "Officer", signingtest.ECDSAP256), signing.Options{Name: "Officer"})
	requireInterop(t, both, 2)
}

// Defect 3: an RSA-4096 key overflows the reserved space, and the retry
// path writes a corrupt file.
func TestDefectRSA4096(t *testing.T) {
	if testing.Short() {
		t.Skip("RSA-4096 key generation is slow")
	}
	ca := newCA(t)
	leaf := issue(t, ca, "RSA 4096", signingtest.RSA4096)
	in := samplePDF(t, signingtest.PDFOptions{})
	raw, err := rawPdfsign(in, leaf, approval(sign.SignDataSignatureInfo{Name: "RSA", Date: testNow}))
	require.NoError(t, err, "pdfsign reports no error")
	_, sigs, perr := signing.Inspect(raw)
	t.Logf("pdfsign output: %d bytes for a %d-byte input; parse error: %v", len(raw), len(in), perr)
	assert.True(t, perr != nil || len(sigs) != 1 || sigs[0].Check != nil, "pdfsign signed with RSA-4096 correctly: defect gone?")
	_, clean := qpdfCheck(t, raw)
	assert.False(t, clean, "qpdf accepted pdfsign's RSA-4096 output")

	good := mustSign(t, in, newSignerFromLeaf(t, leaf), signing.Options{Name: "RSA 4096"})
	requireInterop(t, good, 1)
}

// Defect 4: the placeholder is found by searching the first long run of
// '0' bytes in the whole file.
func TestDefectZeroRunPlaceholder(t *testing.T) {
	ca := newCA(t)
	leaf := issue(t, ca, "Applicant", signingtest.ECDSAP256)
	t.Run("content holds a run of zeros", func(t *testing.T) {
		in := samplePDF(t, signingtest.PDFOptions{ZeroRun: 20000})
		raw, err := rawPdfsign(in, leaf, approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow}))
		require.NoError(t, err, "pdfsign reports no error")
		vals, _, out := pdfsig(t, raw)
		assert.False(t, len(vals) == 1 && vals[0] == "Signature is Valid.", "pdfsign signed at the right place: defect gone?\n%s", out)
		good := mustSign(t, in, newSignerFromLeaf(t, leaf), signing.Options{Name: "A"})
		requireInterop(t, good, 1)
	})
	t.Run("second signature after a timestamped one", func(t *testing.T) {
		tsa := newTSA(t, ca, signingtest.TSAHonest)
		in := samplePDF(t, signingtest.PDFOptions{})
		sd := approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow})
		sd.TSA = sign.TSA{URL: tsa.URL}
		first, err := rawPdfsign(in, leaf, sd)
		require.NoError(t, err)
		second, err := rawPdfsign(first, leaf, approval(sign.SignDataSignatureInfo{Name: "B", Date: testNow}))
		require.NoError(t, err, "pdfsign reports no error")
		vals, _, out := pdfsig(t, second)
		ok := len(vals) == 2 && vals[0] == "Signature is Valid." && vals[1] == "Signature is Valid."
		assert.False(t, ok, "pdfsign countersigned a timestamped signature correctly: defect gone?\n%s", out)

		good1 := mustSign(t, in, newSignerFromLeaf(t, leaf), signing.Options{Name: "A", Timestamp: &signing.Timestamp{URL: tsa.URL}})
		good2 := mustSign(t, good1, newSignerFromLeaf(t, leaf), signing.Options{Name: "B"})
		requireInterop(t, good2, 2)
	})
}

// Defect 5: encrypted input is refused (AES-256) or silently corrupted
// (RC4, AES-128).
func TestDefectEncrypted(t *testing.T) {
	qpdf := testenv.Tool(t, "qpdf")
	ca := newCA(t)
	leaf := issue(t, ca, "Applicant", signingtest.ECDSAP256)
	plain := samplePDF(t, signingtest.PDFOptions{Text: "secret"})
	cases := []struct {
		name string
		args []string
	}{
		{"RC4-128", []string{"128", "--use-aes=n"}},
		{"AES-128", []string{"128", "--use-aes=y"}},
		{"AES-256", []string{"256"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := writeTemp(t, plain)
			dst := src + ".enc.pdf"
			args := append([]string{"--allow-weak-crypto", "--encrypt", "", "owner"}, tc.args...)
			args = append(args, "--", src, dst)
			out, err := exec.Command(qpdf, args...).CombinedOutput()
			require.NoError(t, err, string(out))
			enc := readFile(t, dst)

			raw, err := rawPdfsign(enc, leaf, approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow}))
			if err == nil {
				// pdfsign wrote its strings in clear text into an encrypted
				// file: readers decrypt them into garbage. Its field is
				// named "Signature 1"; pdfsig shows something else.
				_, _, pout := pdfsig(t, raw)
				assert.NotContains(t, pout, "Signature Field Name: Signature 1", "pdfsign signed an encrypted file correctly: defect gone?")
			} else {
				assert.Equal(t, "AES-256", tc.name, "pdfsign refuses only AES-256: %v", err)
			}

			_, err = signBytes(t.Context(), enc, newSignerFromLeaf(t, leaf), signing.Options{})
			require.ErrorIs(t, err, signing.ErrEncrypted)
		})
	}
}

// Defect 6: other AcroForm fields are dropped from /Fields.
func TestDefectFieldsDropped(t *testing.T) {
	ca := newCA(t)
	leaf := issue(t, ca, "Applicant", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{FormField: true})
	fields, _, err := signing.Inspect(in)
	require.NoError(t, err)
	require.Contains(t, fields, "applicant")

	raw, err := rawPdfsign(in, leaf, approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow}))
	require.NoError(t, err)
	fields, _, err = signing.Inspect(raw)
	require.NoError(t, err)
	assert.NotContains(t, fields, "applicant", "pdfsign kept the form field: defect gone?")

	good := mustSign(t, in, newSignerFromLeaf(t, leaf), signing.Options{Name: "A"})
	fields, _, err = signing.Inspect(good)
	require.NoError(t, err)
	assert.Contains(t, fields, "applicant")
	assert.Contains(t, fields, "Signature1")
	requireInterop(t, good, 1)
}

// Defect 7: the TSA call has no timeout or context, and the reply's imprint
// and nonce are not checked.
func TestDefectTSA(t *testing.T) {
	ca := newCA(t)
	leaf := issue(t, ca, "Applicant", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{})

	t.Run("no timeout", func(t *testing.T) {
		release := make(chan struct{})
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
			http.Error(w, "gone", http.StatusServiceUnavailable)
		}))
		defer srv.Close()
		defer close(release)
		done := make(chan error, 1)
		go func() {
			sd := approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow})
			sd.TSA = sign.TSA{URL: srv.URL}
			_, err := rawPdfsign(in, leaf, sd)
			done <- err
		}()
		select {
		case <-done:
			t.Fatal("pdfsign returned although the TSA never answered: defect gone?")
		case <-time.After(1500 * time.Millisecond):
			// Still waiting: pdfsign has no timeout and takes no context.
		}

		ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
		defer cancel()
		start := time.Now()
		_, err := signBytes(ctx, in, newSignerFromLeaf(t, leaf), signing.Options{Timestamp: &signing.Timestamp{URL: srv.URL}})
		require.ErrorIs(t, err, signing.ErrTimestamp)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Less(t, time.Since(start), 5*time.Second)

		_, err = signBytes(t.Context(), in, newSignerFromLeaf(t, leaf), signing.Options{Timestamp: &signing.Timestamp{URL: srv.URL, Timeout: 200 * time.Millisecond}})
		require.ErrorIs(t, err, signing.ErrTimestamp)
	})
	for _, tc := range []struct {
		name  string
		fault signingtest.TSAFault
	}{{"wrong imprint", signingtest.TSAWrongImprint}, {"wrong nonce", signingtest.TSAWrongNonce}} {
		t.Run(tc.name, func(t *testing.T) {
			tsa := newTSA(t, ca, tc.fault)
			sd := approval(sign.SignDataSignatureInfo{Name: "A", Date: testNow})
			sd.TSA = sign.TSA{URL: tsa.URL}
			_, err := rawPdfsign(in, leaf, sd)
			assert.NoError(t, err, "pdfsign accepted the bad token: that is the defect")

			_, err = signBytes(t.Context(), in, newSignerFromLeaf(t, leaf), signing.Options{Timestamp: &signing.Timestamp{URL: tsa.URL}})
			require.ErrorIs(t, err, signing.ErrTimestamp)
			var te *signing.TimestampError
			require.True(t, errors.As(err, &te))
			assert.Equal(t, tsa.URL, te.URL)
		})
	}
}

func readFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	require.NoError(t, err)
	return b
}
