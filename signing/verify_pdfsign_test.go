package signing_test

// Each test here runs pdfsign's verifier (the pinned version, as a new user
// would: default options) on a file of the verifier's corpus, asserts the
// defect the verifier issue lists is really there, then shows that
// signing.Verify reports the file correctly.

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"testing"

	"github.com/digitorus/pdfsign/verify"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func rawPdfsignVerify(pdf []byte) (resp *verify.Response, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("pdfsign panicked: %v", r)
		}
	}()
	return verify.VerifyWithOptions(bytes.NewReader(pdf), int64(len(pdf)), verify.DefaultVerifyOptions())
}

func corpusFile(t *testing.T, cs []corpusCase, name string) corpusCase {
	t.Helper()
	for _, c := range cs {
		if c.name == name {
			return c
		}
	}
	t.Fatalf("no corpus file %q", name)
	return corpusCase{}
}

func verifyCase(t *testing.T, c corpusCase) *signing.Report {
	t.Helper()
	rep, err := signing.Verify(t.Context(), bytes.NewReader(c.pdf), int64(len(c.pdf)), c.policy)
	require.NoError(t, err)
	return rep
}

func TestPdfsignVerifyDefects(t *testing.T) {
	cs, fx := buildCorpus(t)

	t.Run("page content replaced after signing is reported valid", func(t *testing.T) {
		c := corpusFile(t, cs, "attack/page-content-replaced")
		resp, err := rawPdfsignVerify(c.pdf)
		require.NoError(t, err)
		require.Len(t, resp.Signers, 1)
		assert.True(t, resp.Signers[0].ValidSignature, "the defect: pdfsign calls the signature valid")
		assert.Empty(t, resp.Error, "the defect: and says nothing about the change")

		rep := verifyCase(t, c)
		assert.Equal(t, signing.StatusInvalid, rep.Status)
		assert.Equal(t, signing.ChangesOther, rep.Signatures[0].ChangesAfter)
		assert.True(t, rep.Signatures[0].Has(signing.CodeChangesNotAllowed))
	})

	t.Run("signed byte range not checked against the signature dictionary", func(t *testing.T) {
		// The signature dictionary was copied into an update and its
		// /Name changed: the CMS still verifies over the old bytes.
		c := corpusFile(t, cs, "attack/signature-wrapping-relocated-dictionary")
		resp, err := rawPdfsignVerify(c.pdf)
		require.NoError(t, err)
		require.Len(t, resp.Signers, 1)
		assert.True(t, resp.Signers[0].ValidSignature, "the defect: pdfsign calls the signature valid")
		assert.Equal(t, "Nguoi khac", resp.Signers[0].Name, "the defect: with a signer name nobody signed")
		assert.Empty(t, resp.Error)

		rep := verifyCase(t, c)
		assert.Equal(t, signing.StatusInvalid, rep.Status)
		assert.True(t, rep.Signatures[0].Has(signing.CodeByteRangeGap))
	})

	t.Run("broken signature skipped silently", func(t *testing.T) {
		c := corpusFile(t, cs, "attack/contents-zeroed")
		resp, err := rawPdfsignVerify(c.pdf)
		require.NoError(t, err, "the defect: no error")
		assert.Empty(t, resp.Signers, "the defect: the broken signature is not listed")
		assert.Empty(t, resp.Error, "the defect: nor mentioned")

		rep := verifyCase(t, c)
		assert.Equal(t, signing.StatusInvalid, rep.Status)
		require.Len(t, rep.Signatures, 1)
		assert.True(t, rep.Signatures[0].Has(signing.CodeContentsMissing))
	})

	t.Run("orphan signature dictionary reported as a signer", func(t *testing.T) {
		c := corpusFile(t, cs, "attack/orphan-signature-dictionary")
		resp, err := rawPdfsignVerify(c.pdf)
		require.NoError(t, err)
		assert.Len(t, resp.Signers, 2, "the defect: one signature field, two signers")

		rep := verifyCase(t, c)
		assert.Len(t, rep.Signatures, 1)
		assert.Equal(t, signing.StatusInvalid, rep.Status)
		assert.True(t, rep.Has(signing.CodeOrphanSignature))
	})

	t.Run("trusted when any embedded certificate chains to a system root", func(t *testing.T) {
		sys := systemRoot(t)
		rogue, err := signingtest.NewCA("Rogue CA", testNow)
		require.NoError(t, err)
		leaf, err := rogue.Issue("Kẻ mạo danh", signingtest.ECDSAP256)
		require.NoError(t, err)
		// The signature carries, besides its own chain, a public root it
		// has nothing to do with.
		s, err := signing.NewSigner(leaf.Key, []*x509.Certificate{leaf.Cert, rogue.Cert, sys})
		require.NoError(t, err)
		pdf := mustSign(t, fx.form, s, signing.Options{Time: testNow})
		resp, err := rawPdfsignVerify(pdf)
		require.NoError(t, err)
		require.Len(t, resp.Signers, 1)
		assert.True(t, resp.Signers[0].TrustedIssuer, "the defect: pdfsign trusts a signer no trusted root issued")

		roots := x509.NewCertPool()
		roots.AddCert(sys) // even the caller trusting that root does not help the rogue signer
		rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Roots: roots, At: testNow})
		require.NoError(t, err)
		assert.Equal(t, signing.StatusUntrusted, rep.Status)
		assert.False(t, rep.Signatures[0].Trusted)
		assert.True(t, rep.Signatures[0].Has(signing.CodeUntrusted))
	})
}

// systemRoot returns a self-signed root of the system's certificate bundle
// valid for another year.
func systemRoot(t *testing.T) *x509.Certificate {
	t.Helper()
	data, err := os.ReadFile("/etc/ssl/certs/ca-certificates.crt")
	if err != nil {
		testenv.Missing(t, "no system certificate bundle (apt-get install ca-certificates)")
	}
	for rest := data; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil || !c.IsCA || c.NotAfter.Before(testNow.AddDate(1, 0, 0)) || c.NotBefore.After(testNow) {
			continue
		}
		if c.CheckSignatureFrom(c) == nil {
			return c
		}
	}
	testenv.Missing(t, "no usable root in the system certificate bundle")
	return nil
}
