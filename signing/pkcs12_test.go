package signing_test

import (
	"bytes"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportPKCS12 writes the leaf, its key and its chain as a .p12 file with
// openssl, the way certification authorities and token tools export them.
func exportPKCS12(t *testing.T, leaf *signingtest.Leaf, password string, extra ...string) []byte {
	t.Helper()
	openssl := testenv.Tool(t, "openssl")
	dir := t.TempDir()
	cert, key, chain, err := leaf.PEM()
	require.NoError(t, err)
	for name, b := range map[string][]byte{"cert.pem": cert, "key.pem": key, "chain.pem": chain} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	out := filepath.Join(dir, "id.p12")
	args := []string{"pkcs12", "-export", "-in", filepath.Join(dir, "cert.pem"), "-inkey", filepath.Join(dir, "key.pem"),
		"-certfile", filepath.Join(dir, "chain.pem"), "-out", out, "-passout", "pass:" + password}
	args = append(args, extra...)
	res, err := exec.Command(openssl, args...).CombinedOutput()
	require.NoError(t, err, string(res))
	return readFile(t, out)
}

func TestLoadPKCS12(t *testing.T) {
	ca := newCA(t)
	formats := []struct {
		name string
		args []string
	}{
		{"openssl 3 default (PBES2, AES-256-CBC, PBKDF2-HMAC-SHA-256)", nil},
		{"legacy (3DES, RC2, SHA-1 MAC)", []string{"-legacy"}},
		{"AES-128-CBC, SHA-512 MAC", []string{"-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC", "-macalg", "sha512"}},
	}
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		for _, f := range formats {
			t.Run(kt.String()+", "+f.name, func(t *testing.T) {
				leaf, err := ca.Issue("Trần Văn Nghĩa", kt)
				require.NoError(t, err)
				p12 := exportPKCS12(t, leaf, "mật khẩu", f.args...)
				s, err := signing.LoadPKCS12(p12, "mật khẩu")
				require.NoError(t, err)
				assert.Equal(t, leaf.Cert.Raw, s.Certificate().Raw)
				require.Len(t, s.Chain(), 2)
				assert.Equal(t, ca.Cert.Raw, s.Chain()[1].Raw)
				requireInterop(t, mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{Name: "Trần Văn Nghĩa"}), 1)

				_, err = signing.LoadPKCS12(p12, "wrong")
				require.ErrorIs(t, err, signing.ErrKey)
			})
		}
	}
	t.Run("unsupported algorithm named", func(t *testing.T) {
		leaf, err := ca.Issue("A", signingtest.ECDSAP256)
		require.NoError(t, err)
		_, err = signing.LoadPKCS12(exportPKCS12(t, leaf, "pw", "-keypbe", "CAMELLIA-256-CBC", "-certpbe", "CAMELLIA-256-CBC"), "pw")
		require.ErrorIs(t, err, signing.ErrKey)
		var ae *signing.AlgorithmError
		require.ErrorAs(t, err, &ae)
		assert.Equal(t, "1.2.392.200011.61.1.1.1.4", ae.OID, "camellia256-cbc")
		assert.Equal(t, "encryption", ae.Usage)
		assert.Contains(t, err.Error(), "1.2.392.200011.61.1.1.1.4")
	})
	t.Run("garbage", func(t *testing.T) {
		_, err := signing.LoadPKCS12([]byte("not a p12"), "")
		require.ErrorIs(t, err, signing.ErrKey)
	})
}

// signingtest makes RSA roots and exports PKCS#12 files that openssl reads
// and LoadPKCS12 reads back.
func TestSigningtestPKCS12Export(t *testing.T) {
	openssl := testenv.Tool(t, "openssl")
	for _, root := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		t.Run(root.String()+" root", func(t *testing.T) {
			ca, err := signingtest.NewCA("motcua Test CA", testNow, signingtest.WithRootKey(root))
			require.NoError(t, err)
			wantAlg := map[signingtest.KeyType]x509.PublicKeyAlgorithm{signingtest.RSA2048: x509.RSA, signingtest.ECDSAP256: x509.ECDSA}[root]
			assert.Equal(t, wantAlg, ca.Cert.PublicKeyAlgorithm)
			leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.RSA2048)
			require.NoError(t, err)
			p12, err := leaf.PKCS12("mật khẩu")
			require.NoError(t, err)

			path := filepath.Join(t.TempDir(), "id.p12")
			require.NoError(t, os.WriteFile(path, p12, 0o600))
			out, err := exec.Command(openssl, "pkcs12", "-info", "-in", path, "-passin", "pass:mật khẩu", "-nodes").CombinedOutput()
			require.NoError(t, err, string(out))
			assert.Contains(t, string(out), "PBES2, PBKDF2, AES-256-CBC")
			assert.Equal(t, 2, strings.Count(string(out), "BEGIN CERTIFICATE"), string(out))
			assert.Contains(t, string(out), "BEGIN PRIVATE KEY")
			_, err = exec.Command(openssl, "pkcs12", "-info", "-in", path, "-passin", "pass:sai", "-noout").CombinedOutput()
			assert.Error(t, err, "a wrong password fails the MAC")

			s, err := signing.LoadPKCS12(p12, "mật khẩu")
			require.NoError(t, err)
			assert.Equal(t, leaf.Cert.Raw, s.Certificate().Raw)
			require.Len(t, s.Chain(), 2)
			signed := mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{Time: testNow})
			rep, err := signing.Verify(t.Context(), bytes.NewReader(signed), int64(len(signed)), signing.Policy{Roots: ca.Pool(), At: testNow})
			require.NoError(t, err)
			assert.Equal(t, signing.StatusValid, rep.Status, rep.Text("en"))
		})
	}
	t.Run("unknown root key type", func(t *testing.T) {
		_, err := signingtest.NewCA("x", testNow, signingtest.WithRootKey(signingtest.KeyType(42)))
		require.Error(t, err)
	})
}
