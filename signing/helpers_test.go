package signing_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/require"
)

// testNow is the clock of the test CA and TSA: certificates must be valid
// when pdfsig looks at them, so it is close to the real time.
var testNow = time.Now().In(vntime.Location).Truncate(time.Second)

func newCA(t testing.TB) *signingtest.CA {
	t.Helper()
	ca, err := signingtest.NewCA("motcua Test CA", testNow)
	require.NoError(t, err)
	return ca
}

func newSigner(t testing.TB, ca *signingtest.CA, name string, kt signingtest.KeyType) *signing.Signer {
	t.Helper()
	s, err := ca.Signer(name, kt)
	require.NoError(t, err)
	return s
}

func newTSA(t testing.TB, ca *signingtest.CA, fault signingtest.TSAFault) *signingtest.TSA {
	t.Helper()
	tsa, err := signingtest.NewTSA(ca, fault)
	require.NoError(t, err)
	t.Cleanup(tsa.Close)
	return tsa
}

func samplePDF(t testing.TB, o signingtest.PDFOptions) []byte {
	t.Helper()
	b, err := signingtest.PDF(o)
	require.NoError(t, err)
	return b
}

func signBytes(ctx context.Context, in []byte, s *signing.Signer, opt signing.Options) ([]byte, error) {
	var out bytes.Buffer
	err := signing.Sign(ctx, bytes.NewReader(in), int64(len(in)), &out, s, opt)
	return out.Bytes(), err
}

func mustSign(t testing.TB, in []byte, s *signing.Signer, opt signing.Options) []byte {
	t.Helper()
	out, err := signBytes(context.Background(), in, s, opt)
	require.NoError(t, err)
	return out
}

func writeTemp(t testing.TB, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

// qpdfCheck runs qpdf --check and returns its output and whether it was
// clean (exit status 0, no warning).
func qpdfCheck(t testing.TB, pdf []byte) (string, bool) {
	t.Helper()
	qpdf := testenv.Tool(t, "qpdf")
	out, err := exec.Command(qpdf, "--check", writeTemp(t, pdf)).CombinedOutput()
	clean := err == nil && !bytes.Contains(bytes.ToLower(out), []byte("warning"))
	return string(out), clean
}

var validRe = regexp.MustCompile(`Signature Validation: (.*)`)

// pdfsig runs poppler's pdfsig without the trust check and returns, per
// signature, its validation line, and whether a signature covers the total
// document.
func pdfsig(t testing.TB, pdf []byte) (validations []string, total bool, out string) {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	o, _ := exec.Command(tool, "-nocert", writeTemp(t, pdf)).CombinedOutput()
	out = string(o)
	for _, m := range validRe.FindAllStringSubmatch(out, -1) {
		validations = append(validations, strings.TrimSpace(m[1]))
	}
	// pdfsig lists signatures in form order, which other signers do not
	// keep in signing order: one of them must cover the total document.
	total = strings.Contains(out, "Total document signed")
	return validations, total, out
}

// requireInterop asserts the file is what independent tools accept: every
// signature valid in pdfsig, the last covering the whole file, and qpdf
// --check without warnings.
func requireInterop(t testing.TB, pdf []byte, wantSigs int) {
	t.Helper()
	vals, total, out := pdfsig(t, pdf)
	require.Len(t, vals, wantSigs, out)
	for i, v := range vals {
		require.Equal(t, "Signature is Valid.", v, "signature %d\n%s", i+1, out)
	}
	require.True(t, total, "last signature must cover the total document\n%s", out)
	qout, clean := qpdfCheck(t, pdf)
	require.True(t, clean, qout)
	_, sigs, err := signing.Inspect(pdf)
	require.NoError(t, err)
	require.Len(t, sigs, wantSigs)
	for i, s := range sigs {
		require.NoError(t, s.Check, "signature %d", i)
	}
}
