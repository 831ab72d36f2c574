package signing_test

import (
	"bytes"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/internal/ber"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Signatures made by other tools: poppler's pdfsig through NSS (BER CMS),
// openssl cms in streaming mode (BER) and @signpdf on Node.js (node-forge,
// DER). Each must verify with the right root, be untrusted without it,
// survive a countersignature by Sign, and every attack of the corpus must
// still be flagged when it is built on such a file.

// outsideSigner signs the fixture's form with another tool.
type outsideSigner struct {
	name string
	// rsaRoot: the tool reads no ECDSA certificates.
	rsaRoot bool
	// ber: the tool writes BER, which the test checks it did.
	ber  bool
	sign func(t testing.TB, fx *fixture) []byte
}

var outsideSigners = []outsideSigner{
	{name: "pdfsig-nss", ber: true, sign: signWithNSS},
	{name: "openssl-cms-stream", ber: true, sign: signWithOpenSSL},
	{name: "signpdf-node", rsaRoot: true, sign: signWithSignpdf},
}

func writeFile(t testing.TB, dir, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(p, b, 0o600))
	return p
}

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	require.NoError(t, err, "%s %s\n%s", name, strings.Join(args, " "), out)
}

// outsideLeaf issues the applicant's RSA certificate (poppler 22 cannot
// sign with ECDSA keys, node-forge cannot read them) as PKCS#12.
func outsideLeaf(t testing.TB, fx *fixture) (*signingtest.Leaf, []byte) {
	t.Helper()
	leaf, err := fx.ca.Issue("Tran Van Nghia", signingtest.RSA2048)
	require.NoError(t, err)
	p12, err := leaf.PKCS12("matkhau")
	require.NoError(t, err)
	return leaf, p12
}

// signWithNSS builds an NSS database with certutil and pk12util and signs
// with pdfsig -add-signature.
func signWithNSS(t testing.TB, fx *fixture) []byte {
	t.Helper()
	certutil, pk12util, pdfsig := testenv.Tool(t, "certutil"), testenv.Tool(t, "pk12util"), testenv.Tool(t, "pdfsig")
	dir := t.TempDir()
	_, p12 := outsideLeaf(t, fx)
	db := "sql:" + filepath.Join(dir, "nssdb")
	require.NoError(t, os.Mkdir(filepath.Join(dir, "nssdb"), 0o700))
	run(t, certutil, "-N", "-d", db, "--empty-password")
	run(t, pk12util, "-i", writeFile(t, dir, "leaf.p12", p12), "-d", db, "-W", "matkhau")
	run(t, certutil, "-A", "-n", "motcua root", "-t", "CT,C,C", "-d", db,
		"-i", writeFile(t, dir, "root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: fx.ca.Cert.Raw})))
	out := filepath.Join(dir, "signed.pdf")
	run(t, pdfsig, "-add-signature", "-nssdir", db, "-nick", "Tran Van Nghia", "-reason", "Nop ho so",
		"-new-signature-field-name", "Applicant", writeFile(t, dir, "form.pdf", fx.form), out)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}

// signWithOpenSSL lays out the signature field and lets openssl cms
// -sign -stream sign the byte ranges (BER, indefinite lengths).
func signWithOpenSSL(t testing.TB, fx *fixture) []byte {
	t.Helper()
	openssl := testenv.Tool(t, "openssl")
	dir := t.TempDir()
	leaf, err := fx.ca.Issue("Tran Van Nghia", signingtest.ECDSAP256)
	require.NoError(t, err)
	cert, key, chain, err := leaf.PEM()
	require.NoError(t, err)
	e, err := signing.NewEditor(fx.form)
	require.NoError(t, err)
	out, err := e.AddExternalSignature("Applicant", func(signed []byte) ([]byte, error) {
		sig := filepath.Join(dir, "sig.ber")
		run(t, openssl, "cms", "-sign", "-binary", "-stream", "-outform", "DER", "-md", "sha256",
			"-in", writeFile(t, dir, "signed.bin", signed), "-signer", writeFile(t, dir, "leaf.pem", cert),
			"-inkey", writeFile(t, dir, "leaf.key", key), "-certfile", writeFile(t, dir, "chain.pem", chain), "-out", sig)
		b, err := os.ReadFile(sig)
		if err != nil {
			return nil, err
		}
		return detachBER(t, b), nil
	})
	require.NoError(t, err)
	return out
}

// detachBER cuts the encapsulated content out of a BER SignedData:
// openssl cms -stream writes the signed bytes inside the CMS, a PDF
// signature leaves them out (detached). The signature does not cover
// them, and the enclosing indefinite lengths need no change.
func detachBER(t testing.TB, cms []byte) []byte {
	t.Helper()
	marker, err := hex.DecodeString("06092a864886f70d010701a080") // id-data, [0] indefinite
	require.NoError(t, err)
	i := bytes.Index(cms, marker)
	require.GreaterOrEqual(t, i, 0, "no encapsulated content in openssl's CMS")
	at := i + len(marker) - 2
	_, n, err := ber.ToDER(cms[at:])
	require.NoError(t, err)
	return slices.Concat(cms[:at], cms[at+n:])
}

// nodePath is where npm's global modules are, for require().
func nodePath(t testing.TB) string {
	if p := os.Getenv("NODE_PATH"); p != "" {
		return p
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return ""
	}
	out, err := exec.Command(npm, "root", "-g").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// signWithSignpdf signs with @signpdf (testdata/signpdf_sign.js).
func signWithSignpdf(t testing.TB, fx *fixture) []byte {
	t.Helper()
	node := testenv.Tool(t, "node")
	np := nodePath(t)
	check := exec.Command(node, "-e", `require("@signpdf/signpdf"); require("@signpdf/signer-p12"); require("@signpdf/placeholder-plain")`)
	check.Env = append(os.Environ(), "NODE_PATH="+np)
	if out, err := check.CombinedOutput(); err != nil {
		testenv.Missing(t, "@signpdf is not installed (npm install -g @signpdf/signpdf@3.3.0 @signpdf/signer-p12@3.3.0 @signpdf/placeholder-plain@3.3.0 node-forge@1): "+strings.TrimSpace(string(out)))
	}
	dir := t.TempDir()
	_, p12 := outsideLeaf(t, fx)
	out := filepath.Join(dir, "signed.pdf")
	cmd := exec.Command(node, filepath.Join("testdata", "signpdf_sign.js"), writeFile(t, dir, "form.pdf", fx.form),
		writeFile(t, dir, "leaf.p12", p12), "matkhau", out)
	cmd.Env = append(os.Environ(), "NODE_PATH="+np)
	o, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", o)
	b, err := os.ReadFile(out)
	require.NoError(t, err)
	return b
}

func outsideCA(t testing.TB, o outsideSigner) *signingtest.CA {
	t.Helper()
	var opts []signingtest.CAOption
	if o.rsaRoot {
		opts = append(opts, signingtest.WithRootKey(signingtest.RSA2048))
	}
	ca, err := signingtest.NewCA("motcua Test CA", testNow, opts...)
	require.NoError(t, err)
	return ca
}

// firstCMS returns the decoded /Contents of the file's first signature.
func firstCMS(t testing.TB, pdf []byte) []byte {
	t.Helper()
	a, b := contentsSpan(t, pdf, 0)
	h := strings.TrimRight(string(pdf[a+1:b-1]), "0")
	if len(h)%2 == 1 {
		h += "0"
	}
	der, err := hex.DecodeString(h)
	require.NoError(t, err)
	return der
}

func TestVerifyOutsideSigners(t *testing.T) {
	for _, o := range outsideSigners {
		t.Run(o.name, func(t *testing.T) {
			ca := outsideCA(t, o)
			fx := newFixtureWith(t, fixtureConfig{ca: ca, sign: o.sign})
			if o.ber {
				cms := firstCMS(t, fx.signed)
				require.Greater(t, len(cms), 2)
				require.Equal(t, byte(0x80), cms[1], "the tool was expected to write BER (indefinite length)")
			}
			other, err := signingtest.NewCA("Rogue CA", testNow)
			require.NoError(t, err)
			countersigned := mustSign(t, fx.signed, fx.officer, signing.Options{Name: "Cán bộ", Time: testNow})
			tests := []struct {
				name   string
				pdf    []byte
				policy signing.Policy
				status signing.Status
			}{
				{"valid-with-the-root", fx.signed, fx.policy, signing.StatusValid},
				{"untrusted-without-roots", fx.signed, signing.Policy{At: fx.policy.At}, signing.StatusUntrusted},
				{"untrusted-with-another-root", fx.signed, signing.Policy{Roots: other.Pool(), At: fx.policy.At}, signing.StatusUntrusted},
				{"countersigned-by-sign", countersigned, fx.policy, signing.StatusValidWithChanges},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					rep, err := signing.Verify(t.Context(), bytes.NewReader(tc.pdf), int64(len(tc.pdf)), tc.policy)
					require.NoError(t, err)
					require.Equal(t, tc.status, rep.Status, rep.Text(signing.English))
					first := rep.Signatures[0]
					assert.True(t, first.Intact && first.Valid, rep.Text(signing.English))
					assert.False(t, first.Has(signing.CodeCMSMalformed), rep.Text(signing.English))
					require.NotNil(t, first.Signer)
					assert.Contains(t, first.Signer.Subject, "Tran Van Nghia")
				})
			}
			// pdfsig accepts both signatures; qpdf's warnings about the
			// other tool's own update (signpdf repeats /AcroForm in its
			// catalog) are not ours, so only its exit status counts.
			vals, total, out := pdfsig(t, countersigned)
			require.Equal(t, []string{"Signature is Valid.", "Signature is Valid."}, vals, out)
			require.True(t, total, out)
			qpdf := testenv.Tool(t, "qpdf")
			qout, err := exec.Command(qpdf, "--check", writeTemp(t, countersigned)).CombinedOutput()
			var exit *exec.ExitError
			if err != nil && (!errors.As(err, &exit) || exit.ExitCode() != 3) {
				t.Fatalf("qpdf --check: %v\n%s", err, qout)
			}
			_, sigs, err := signing.Inspect(countersigned)
			require.NoError(t, err)
			require.Len(t, sigs, 2)
			for i, s := range sigs {
				require.NoError(t, s.Check, "signature %d", i)
			}
		})
	}
}

// TestVerifyCorpusOnOutsideSigners builds the whole corpus on each tool's
// signature: every attack is still flagged, every legitimate file valid.
func TestVerifyCorpusOnOutsideSigners(t *testing.T) {
	for _, o := range outsideSigners {
		t.Run(o.name, func(t *testing.T) {
			cs, _ := buildCorpusWith(t, fixtureConfig{ca: outsideCA(t, o), sign: o.sign})
			checkCorpus(t, cs)
		})
	}
}
