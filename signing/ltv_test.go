package signing_test

import (
	"bytes"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"math"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/internal/ber"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/ocsp"
)

// ltvFixture: a CA with an OCSP responder and CRL distribution point, an
// applicant who signs with a timestamp, an officer who countersigns
// without one.
type ltvFixture struct {
	ca        *signingtest.CA
	responder *signingtest.Responder
	tsa       *signingtest.TSA
	applicant *signingtest.Leaf
	officer   *signingtest.Leaf
	signed    []byte
}

func newLTVFixture(t *testing.T) *ltvFixture {
	t.Helper()
	ca := newCA(t)
	fx := &ltvFixture{ca: ca, responder: ca.StartRevocation()}
	t.Cleanup(fx.responder.Close)
	fx.tsa = newTSA(t, ca, signingtest.TSAHonest)
	var err error
	fx.applicant, err = ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)
	fx.officer, err = ca.Issue("Cán bộ một cửa", signingtest.RSA2048)
	require.NoError(t, err)
	a, err := signing.NewSigner(fx.applicant.Key, fx.applicant.Chain)
	require.NoError(t, err)
	o, err := signing.NewSigner(fx.officer.Key, fx.officer.Chain)
	require.NoError(t, err)
	doc := samplePDF(t, signingtest.PDFOptions{FormField: true})
	fx.signed = mustSign(t, doc, a, signing.Options{Name: "Trần Văn Nghĩa", Time: testNow, Timestamp: &signing.Timestamp{URL: fx.tsa.URL}})
	fx.signed = mustSign(t, fx.signed, o, signing.Options{Name: "Cán bộ", Time: testNow})
	return fx
}

// noNetwork fails every request: offline verification must not need one.
type noNetwork struct{ t *testing.T }

func (n noNetwork) RoundTrip(r *http.Request) (*http.Response, error) {
	n.t.Errorf("offline verification asked %s", r.URL)
	return nil, errors.New("no network")
}

func (fx *ltvFixture) extend(t *testing.T, in []byte, ts bool) []byte {
	t.Helper()
	opt := signing.ValidationOptions{Certificates: []*x509.Certificate{fx.ca.Cert}}
	if ts {
		opt.Timestamp = &signing.Timestamp{URL: fx.tsa.URL}
	}
	var out bytes.Buffer
	require.NoError(t, signing.AddValidationData(t.Context(), bytes.NewReader(in), int64(len(in)), &out, opt))
	return out.Bytes()
}

func verifyPDF(t *testing.T, pdf []byte, p signing.Policy) *signing.Report {
	t.Helper()
	rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), p)
	require.NoError(t, err)
	return rep
}

func TestRevocation(t *testing.T) {
	fx := newLTVFixture(t)
	online := signing.Policy{Roots: fx.ca.Pool(), At: testNow, Revocation: signing.RevocationOnline}
	offline := signing.Policy{Roots: fx.ca.Pool(), At: testNow, Revocation: signing.RevocationOffline,
		HTTPClient: &http.Client{Transport: noNetwork{t}}}

	t.Run("online-good", func(t *testing.T) {
		rep := verifyPDF(t, fx.signed, online)
		require.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
		for _, s := range rep.Signatures {
			require.Len(t, s.Revocation, 1)
			assert.Equal(t, signing.StatusGood, s.Revocation[0].Status)
			assert.Equal(t, "ocsp", s.Revocation[0].Source)
			assert.False(t, s.Revocation[0].Embedded)
		}
	})
	t.Run("offline-without-embedded-data-is-unknown", func(t *testing.T) {
		rep := verifyPDF(t, fx.signed, offline)
		assert.Equal(t, signing.StatusUntrusted, rep.Status, rep.Text(signing.English))
		assert.True(t, rep.Signatures[0].Has(signing.CodeRevocationUnknown))
		assert.False(t, rep.Signatures[0].Trusted)
	})
	t.Run("offline-after-lt-extension", func(t *testing.T) {
		rep := verifyPDF(t, fx.extend(t, fx.signed, false), offline)
		require.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
		assert.True(t, rep.Signatures[0].Revocation[0].Embedded)
	})
	for _, tc := range []struct {
		name   string
		fault  signingtest.RevocationFault
		source string
	}{{"responder-unknown", signingtest.RevocationUnknownStatus, ""}, {"responder-down", signingtest.RevocationDown, ""}, {"ocsp-down-crl-used", signingtest.RevocationNoOCSP, "crl"}} {
		t.Run(tc.name, func(t *testing.T) {
			fx.responder.SetFault(tc.fault)
			defer fx.responder.SetFault(signingtest.RevocationHonest)
			rep := verifyPDF(t, fx.signed, online)
			s := rep.Signatures[0]
			if tc.source == "" {
				assert.Equal(t, signing.StatusUntrusted, rep.Status, rep.Text(signing.English))
				assert.True(t, s.Has(signing.CodeRevocationUnknown), rep.Text(signing.English))
				assert.Equal(t, signing.StatusUnknownRevocation, s.Revocation[0].Status)
				return
			}
			assert.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
			assert.Equal(t, tc.source, s.Revocation[0].Source)
		})
	}
	t.Run("revoked-after-signing-stays-valid", func(t *testing.T) {
		ca2 := newLTVFixture(t)
		ca2.responder.Revoke(ca2.applicant.Cert, testNow.Add(time.Hour), ocsp.KeyCompromise)
		rep := verifyPDF(t, ca2.signed, signing.Policy{Roots: ca2.ca.Pool(), At: testNow, Revocation: signing.RevocationOnline})
		s := rep.Signatures[0]
		assert.False(t, s.Has(signing.CodeRevoked), rep.Text(signing.English))
		assert.Equal(t, signing.StatusRevoked, s.Revocation[0].Status)
	})
	t.Run("revoked-before-signing-is-invalid", func(t *testing.T) {
		ca2 := newLTVFixture(t)
		ca2.responder.Revoke(ca2.applicant.Cert, testNow.Add(-time.Hour), ocsp.KeyCompromise)
		for _, fault := range []signingtest.RevocationFault{signingtest.RevocationHonest, signingtest.RevocationNoOCSP} {
			ca2.responder.SetFault(fault)
			rep := verifyPDF(t, ca2.signed, signing.Policy{Roots: ca2.ca.Pool(), At: testNow, Revocation: signing.RevocationOnline})
			s := rep.Signatures[0]
			assert.Equal(t, signing.StatusInvalid, rep.Status, rep.Text(signing.English))
			require.True(t, s.Has(signing.CodeRevoked), rep.Text(signing.English))
			assert.Equal(t, "keyCompromise", s.Revocation[0].Reason)
			assert.False(t, s.Trusted)
		}
	})
	t.Run("bad-mode", func(t *testing.T) {
		_, err := signing.Verify(t.Context(), bytes.NewReader(fx.signed), int64(len(fx.signed)), signing.Policy{Revocation: 7})
		require.ErrorIs(t, err, signing.ErrOptions)
	})
}

func TestLongTermValidation(t *testing.T) {
	fx := newLTVFixture(t)
	offline := signing.Policy{Roots: fx.ca.Pool(), At: testNow, Revocation: signing.RevocationOffline,
		HTTPClient: &http.Client{Transport: noNetwork{t}}}
	lt := fx.extend(t, fx.signed, false)
	lta := fx.extend(t, fx.signed, true)
	ltaTwice := fx.extend(t, lta, true)
	tests := []struct {
		name   string
		pdf    []byte
		levels []signing.Level
	}{
		{"signed", fx.signed, []signing.Level{signing.LevelT, signing.LevelB}},
		{"b-lt", lt, []signing.Level{signing.LevelLT, signing.LevelB}},
		{"b-lta", lta, []signing.Level{signing.LevelLTA, signing.LevelLTA, signing.LevelUnknown}},
		{"b-lta-renewed", ltaTwice, []signing.Level{signing.LevelLTA, signing.LevelLTA, signing.LevelUnknown, signing.LevelUnknown}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pol := offline
			if tc.name == "signed" {
				pol.Revocation = signing.RevocationNone
			}
			rep := verifyPDF(t, tc.pdf, pol)
			require.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
			var got []signing.Level
			for _, s := range rep.Signatures {
				got = append(got, s.Level)
				assert.True(t, s.OK(), rep.Text(signing.English))
			}
			assert.Equal(t, tc.levels, got)
			if tc.name != "signed" {
				last := rep.Signatures[1]
				assert.LessOrEqual(t, last.ChangesAfter, signing.ChangesValidationData, "the DSS and document timestamp are validation data")
			}
		})
	}

	t.Run("outside-tools", func(t *testing.T) {
		// pdfsig keeps both signatures valid after each extension; poppler
		// 22 does not validate document timestamps ("not yet verified").
		for _, pdf := range [][]byte{lt, lta, ltaTwice} {
			ops, out := pdfsigOpinions(t, pdf)
			require.GreaterOrEqual(t, len(ops), 2, out)
			for i, o := range ops {
				if i < 2 {
					require.Equal(t, "Signature is Valid.", o.validation, out)
				} else {
					require.Contains(t, o.validation, "not yet been verified", "a document timestamp pdfsig cannot check")
				}
			}
			qout, clean := qpdfCheck(t, pdf)
			require.True(t, clean, qout)
			_, sigs, err := signing.Inspect(pdf)
			require.NoError(t, err)
			for i, s := range sigs {
				require.NoError(t, s.Check, "signature %d", i)
			}
		}
		certs, ocsps, crls, err := signing.DSS(ltaTwice)
		require.NoError(t, err)
		assert.GreaterOrEqual(t, len(certs), 4) // two leaves, the TSA, the root
		require.NotEmpty(t, ocsps)
		openssl := testenv.Tool(t, "openssl")
		dir := t.TempDir()
		for i, o := range ocsps {
			out, err := exec.Command(openssl, "ocsp", "-respin", writeFile(t, dir, "r.der", o), "-noverify", "-resp_text").CombinedOutput()
			require.NoError(t, err, "response %d\n%s", i, out)
			assert.Contains(t, string(out), "Cert Status: good")
		}
		assert.Empty(t, crls, "OCSP answered: no CRL needed")
		opensslVerifyAll(t, ltaTwice, fx.ca)
	})

	t.Run("crl-when-ocsp-is-down", func(t *testing.T) {
		fx.responder.SetFault(signingtest.RevocationNoOCSP)
		defer fx.responder.SetFault(signingtest.RevocationHonest)
		out := fx.extend(t, fx.signed, false)
		_, _, crls, err := signing.DSS(out)
		require.NoError(t, err)
		require.NotEmpty(t, crls)
		openssl := testenv.Tool(t, "openssl")
		o, err := exec.Command(openssl, "crl", "-inform", "DER", "-noout", "-text", "-in", writeFile(t, t.TempDir(), "c.crl", crls[0])).CombinedOutput()
		require.NoError(t, err, "%s", o)
		assert.Contains(t, string(o), "Certificate Revocation List")
		rep := verifyPDF(t, out, offline)
		assert.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
		assert.Equal(t, "crl", rep.Signatures[0].Revocation[0].Source)
	})

	t.Run("largest-limits", func(t *testing.T) {
		// Limits as large as they go bound nothing: the self-checks'
		// allowance for what the updates add does not overflow.
		var out bytes.Buffer
		require.NoError(t, signing.AddValidationData(t.Context(), bytes.NewReader(fx.signed), int64(len(fx.signed)), &out,
			signing.ValidationOptions{Certificates: []*x509.Certificate{fx.ca.Cert}, Timestamp: &signing.Timestamp{URL: fx.tsa.URL},
				Limits: signing.Limits{MaxObjects: math.MaxInt, MaxRevisions: math.MaxInt, MaxStreamBytes: math.MaxInt64}}))
		rep := verifyPDF(t, out.Bytes(), offline)
		assert.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
	})
	t.Run("nothing-written-without-evidence", func(t *testing.T) {
		fx.responder.SetFault(signingtest.RevocationDown)
		defer fx.responder.SetFault(signingtest.RevocationHonest)
		var out bytes.Buffer
		err := signing.AddValidationData(t.Context(), bytes.NewReader(fx.signed), int64(len(fx.signed)), &out,
			signing.ValidationOptions{Certificates: []*x509.Certificate{fx.ca.Cert}})
		var ve *signing.ValidationDataError
		require.ErrorAs(t, err, &ve)
		require.ErrorIs(t, err, signing.ErrValidationData)
		assert.Zero(t, out.Len())
	})
	t.Run("nothing-written-without-issuer", func(t *testing.T) {
		// A signature that carries its leaf alone: the root must be given.
		leaf, err := fx.ca.Issue("Chỉ có lá", signingtest.ECDSAP256)
		require.NoError(t, err)
		s, err := signing.NewSigner(leaf.Key, leaf.Chain[:1])
		require.NoError(t, err)
		doc := mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{Time: testNow})
		var out bytes.Buffer
		err = signing.AddValidationData(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, signing.ValidationOptions{})
		require.ErrorIs(t, err, signing.ErrValidationData)
		assert.Zero(t, out.Len())
		require.NoError(t, signing.AddValidationData(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out,
			signing.ValidationOptions{Certificates: []*x509.Certificate{fx.ca.Cert}}))
		rep := verifyPDF(t, out.Bytes(), offline)
		assert.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
	})
}

func atoi(t *testing.T, b []byte) int {
	t.Helper()
	n, err := strconv.Atoi(string(b))
	require.NoError(t, err)
	return n
}

// cmsAt decodes the /Contents hex string at pdf[a:b] and returns the CMS
// without its zero padding.
func cmsAt(t *testing.T, pdf []byte, a, b int) []byte {
	t.Helper()
	raw, err := hex.DecodeString(string(pdf[a+1 : b-1]))
	require.NoError(t, err)
	_, n, err := ber.ToDER(raw)
	require.NoError(t, err)
	return raw[:n]
}

// opensslVerifyAll checks every signature's CMS with openssl cms -verify
// against the root, over the bytes it signs.
func opensslVerifyAll(t *testing.T, pdf []byte, ca *signingtest.CA) {
	t.Helper()
	openssl := testenv.Tool(t, "openssl")
	dir := t.TempDir()
	root := writeFile(t, dir, "root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}))
	locs := byteRangeRe.FindAllSubmatchIndex(pdf, -1)
	require.NotEmpty(t, locs)
	for i := range locs {
		a, b := contentsSpan(t, pdf, i)
		br := byteRangeRe.FindAllSubmatch(pdf, -1)[i]
		c, d := atoi(t, br[2]), atoi(t, br[3])
		content := append(bytes.Clone(pdf[:a]), pdf[c:c+d]...)
		cms := cmsAt(t, pdf, a, b)
		args := []string{"cms", "-verify", "-binary", "-inform", "DER", "-in", writeFile(t, dir, "sig.der", cms), "-CAfile", root, "-purpose", "any", "-out", filepath.Join(dir, "out")}
		if strings.Contains(string(pdf[max(0, a-400):a]), "ETSI.RFC3161") {
			// A document timestamp's token holds its content (TSTInfo).
			args = append(args, "-noverify")
		} else {
			args = append(args, "-content", writeFile(t, dir, "content.bin", content))
		}
		out, err := exec.Command(openssl, args...).CombinedOutput()
		require.NoError(t, err, "signature %d\n%s", i, out)
		assert.Contains(t, string(out), "Verification successful", "signature %d", i)
	}
}
