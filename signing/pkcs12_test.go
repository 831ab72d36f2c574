package signing_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// exportPKCS12 writes the leaf, its key and its chain as a .p12 file with
// openssl, the way certification authorities and token tools export them.
func exportPKCS12(t *testing.T, leaf *signingtest.Leaf, password string, legacy bool) []byte {
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
	if legacy {
		args = append(args, "-legacy")
	}
	res, err := exec.Command(openssl, args...).CombinedOutput()
	require.NoError(t, err, string(res))
	return readFile(t, out)
}

func TestLoadPKCS12(t *testing.T) {
	ca := newCA(t)
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256} {
		t.Run(kt.String(), func(t *testing.T) {
			leaf, err := ca.Issue("Trần Văn Nghĩa", kt)
			require.NoError(t, err)
			p12 := exportPKCS12(t, leaf, "mật khẩu", true)
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
	t.Run("AES-protected file is refused clearly", func(t *testing.T) {
		leaf, err := ca.Issue("A", signingtest.ECDSAP256)
		require.NoError(t, err)
		_, err = signing.LoadPKCS12(exportPKCS12(t, leaf, "pw", false), "pw")
		require.ErrorIs(t, err, signing.ErrKey)
	})
	t.Run("garbage", func(t *testing.T) {
		_, err := signing.LoadPKCS12([]byte("not a p12"), "")
		require.ErrorIs(t, err, signing.ErrKey)
	})
}
