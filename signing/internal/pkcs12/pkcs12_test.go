package pkcs12

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func selfSigned(t testing.TB) (*ecdsa.PrivateKey, *x509.Certificate) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	now := time.Now()
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "Trần Văn Nghĩa"},
		NotBefore: now.Add(-time.Hour), NotAfter: now.Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return key, c
}

func openssl(t *testing.T) string {
	t.Helper()
	p, err := exec.LookPath("openssl")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("openssl not found (apt-get install openssl)")
		}
		t.Skip("openssl not found (apt-get install openssl)")
	}
	return p
}

// opensslExport writes key and cert to PEM and runs openssl pkcs12
// -export with extra arguments.
func opensslExport(t *testing.T, key *ecdsa.PrivateKey, c *x509.Certificate, password string, args ...string) []byte {
	t.Helper()
	tool := openssl(t)
	dir := t.TempDir()
	k8, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	kp, cp, out := filepath.Join(dir, "k.pem"), filepath.Join(dir, "c.pem"), filepath.Join(dir, "o.p12")
	require.NoError(t, os.WriteFile(kp, pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k8}), 0o600))
	require.NoError(t, os.WriteFile(cp, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}), 0o600))
	cmd := exec.Command(tool, append([]string{"pkcs12", "-export", "-inkey", kp, "-in", cp, "-out", out, "-passout", "pass:" + password}, args...)...)
	b, err := cmd.CombinedOutput()
	if err != nil {
		t.Skipf("this openssl cannot export with %v: %s", args, b)
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	return data
}

func TestDecodeOpenSSL(t *testing.T) {
	key, c := selfSigned(t)
	const pw = "mật khẩu 123"
	cases := []struct {
		name string
		args []string
		want error // nil: decoded
	}{
		{"openssl 3 default (PBES2, AES-256-CBC, HMAC-SHA-256)", nil, nil},
		{"AES-128-CBC, SHA-512 MAC", []string{"-keypbe", "AES-128-CBC", "-certpbe", "AES-128-CBC", "-macalg", "sha512"}, nil},
		{"unencrypted certificates", []string{"-certpbe", "NONE"}, nil},
		{"legacy 3DES", []string{"-keypbe", "PBE-SHA1-3DES", "-certpbe", "PBE-SHA1-3DES", "-macalg", "sha1"}, ErrLegacy},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := opensslExport(t, key, c, pw, tc.args...)
			k, certs, err := Decode(data, pw)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			assert.True(t, key.Equal(k))
			require.Len(t, certs, 1)
			assert.True(t, c.Equal(certs[0]))
			_, _, err = Decode(data, "wrong")
			require.ErrorIs(t, err, ErrPassword)
		})
	}
}

func TestEncodeReadByOpenSSL(t *testing.T) {
	tool := openssl(t)
	key, c := selfSigned(t)
	for _, pw := range []string{"secret", "mật khẩu", ""} {
		t.Run(pw, func(t *testing.T) {
			data, err := Encode(rand.Reader, key, []*x509.Certificate{c}, pw, "Trần Văn Nghĩa")
			require.NoError(t, err)
			k, certs, err := Decode(data, pw)
			require.NoError(t, err)
			assert.True(t, key.Equal(k))
			require.Len(t, certs, 1)
			p := filepath.Join(t.TempDir(), "x.p12")
			require.NoError(t, os.WriteFile(p, data, 0o600))
			out, err := exec.Command(tool, "pkcs12", "-info", "-in", p, "-passin", "pass:"+pw, "-nodes").CombinedOutput()
			require.NoError(t, err, string(out))
			assert.Contains(t, string(out), "MAC: sha256")
			assert.Contains(t, string(out), "PBES2, PBKDF2, AES-256-CBC")
			assert.Contains(t, string(out), "BEGIN PRIVATE KEY")
			assert.Contains(t, string(out), "BEGIN CERTIFICATE")
			_, err = exec.Command(tool, "pkcs12", "-info", "-in", p, "-passin", "pass:not"+pw, "-noout").CombinedOutput()
			assert.Error(t, err, "openssl checks the MAC")
		})
	}
}

func TestDecodeUnsupported(t *testing.T) {
	key, c := selfSigned(t)
	data, err := Encode(rand.Reader, key, []*x509.Certificate{c}, "pw", "")
	require.NoError(t, err)
	// Swap the AES-256-CBC OID for an unknown one (same length).
	oid, err := asn1.Marshal(oidAES256CBC)
	require.NoError(t, err)
	bad := append([]byte(nil), data...)
	for i := 0; i+len(oid) <= len(bad); i++ {
		if string(bad[i:i+len(oid)]) == string(oid) {
			bad[i+len(oid)-1] = 99
		}
	}
	// The MAC covers the bytes changed: recompute it by decoding without.
	_, _, err = Decode(bad, "pw")
	require.ErrorIs(t, err, ErrPassword, "a changed file fails its MAC first")

	stripped := stripMAC(t, bad)
	_, _, err = Decode(stripped, "pw")
	var ae *AlgorithmError
	require.True(t, errors.As(err, &ae), "%v", err)
	assert.Equal(t, "2.16.840.1.101.3.4.1.99", ae.OID.String())
	assert.Equal(t, "encryption", ae.Usage)
}

func stripMAC(t *testing.T, data []byte) []byte {
	t.Helper()
	var p pfx
	require.NoError(t, unmarshal(data, &p))
	out, err := asn1.Marshal(struct {
		Version  int
		AuthSafe contentInfo
	}{p.Version, contentInfo{ContentType: p.AuthSafe.ContentType, Content: asn1.RawValue{FullBytes: p.AuthSafe.Content.FullBytes}}})
	require.NoError(t, err)
	return out
}

func FuzzDecode(f *testing.F) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(f, err)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	require.NoError(f, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(f, err)
	data, err := Encode(rand.Reader, key, []*x509.Certificate{c}, "", "")
	require.NoError(f, err)
	f.Add(data, "")
	f.Add(data[:100], "x")
	f.Fuzz(func(t *testing.T, data []byte, pw string) {
		if len(data) > 16<<10 {
			return
		}
		_, _, _ = Decode(data, pw)
	})
}
