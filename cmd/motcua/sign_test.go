package main

import (
	"bytes"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing/signingtest"
)

// signingFixture is a test CA with a leaf as PKCS#12 and PEM files, its
// root in a folder, and an unsigned PDF.
type signingFixture struct {
	dir, p12, cert, key, chain, roots, otherRoots, pdf string
}

func newSigningFixture(t *testing.T) signingFixture {
	t.Helper()
	dir := t.TempDir()
	now := time.Now()
	ca, err := signingtest.NewCA("Root CA Sở Nội vụ (test)", now)
	require.NoError(t, err)
	leaf, err := ca.Issue("Nguyễn Thị Hoa", signingtest.ECDSAP256)
	require.NoError(t, err)
	f := signingFixture{dir: dir, p12: filepath.Join(dir, "hoa.p12"), cert: filepath.Join(dir, "cert.pem"),
		key: filepath.Join(dir, "key.pem"), chain: filepath.Join(dir, "chain.pem"),
		roots: filepath.Join(dir, "roots"), otherRoots: filepath.Join(dir, "other"), pdf: filepath.Join(dir, "don.pdf")}
	p12, err := leaf.PKCS12("mật khẩu")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.p12, p12, 0o600))
	cert, key, chain, err := leaf.PEM()
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.cert, cert, 0o600))
	require.NoError(t, os.WriteFile(f.key, key, 0o600))
	require.NoError(t, os.WriteFile(f.chain, chain, 0o600))
	require.NoError(t, os.Mkdir(f.roots, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(f.roots, "root.pem"),
		pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: ca.Cert.Raw}), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(f.roots, "README.txt"), []byte("not a certificate"), 0o644))
	other, err := signingtest.NewCA("Another root", now)
	require.NoError(t, err)
	require.NoError(t, os.Mkdir(f.otherRoots, 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(f.otherRoots, "other.der"), other.Cert.Raw, 0o644))
	pdf, err := signingtest.PDF(signingtest.PDFOptions{Text: "Don de nghi", Pages: 2})
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(f.pdf, pdf, 0o644))
	return f
}

func TestSignAndVerify(t *testing.T) {
	f := newSigningFixture(t)
	signedP12 := filepath.Join(f.dir, "signed-p12.pdf")
	signedPEM := filepath.Join(f.dir, "signed-pem.pdf")
	countersigned := filepath.Join(f.dir, "countersigned.pdf")

	r := motcua(t, f.dir, []string{"MOTCUA_P12_PASSWORD=mật khẩu"}, "sign", f.pdf, signedP12, "--p12", f.p12,
		"--name", "Nguyễn Thị Hoa", "--reason", "Nộp hồ sơ", "--location", "Thủ Dầu Một")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "Đã ký: "+signedP12)

	pass := filepath.Join(f.dir, "pass.txt")
	require.NoError(t, os.WriteFile(pass, []byte("mật khẩu\n"), 0o600))
	r = motcua(t, f.dir, nil, "sign", signedP12, countersigned, "--p12", f.p12, "--password-file", pass, "--reason", "Phê duyệt")
	require.Equal(t, exitOK, r.code, r.stderr)
	r = motcua(t, f.dir, nil, "sign", f.pdf, signedPEM, "--cert", f.cert, "--key", f.key, "--chain", f.chain)
	require.Equal(t, exitOK, r.code, r.stderr)

	t.Run("wrong password", func(t *testing.T) {
		out := filepath.Join(f.dir, "never.pdf")
		r := motcua(t, f.dir, []string{"MOTCUA_P12_PASSWORD=sai"}, "sign", f.pdf, out, "--p12", f.p12)
		assert.Equal(t, exitInput, r.code)
		assert.Contains(t, r.stderr, "Không đọc được khóa ký")
		_, err := os.Stat(out)
		assert.True(t, os.IsNotExist(err))
	})

	tampered := filepath.Join(f.dir, "tampered.pdf")
	b, err := os.ReadFile(signedP12)
	require.NoError(t, err)
	i := bytes.Index(b, []byte("Don de nghi")) // the page's text, inside the signed range
	require.Positive(t, i)
	b[i] = 'X'
	require.NoError(t, os.WriteFile(tampered, b, 0o644))

	tests := []struct {
		name   string
		file   string
		roots  string
		code   int
		status string
		sigs   int
	}{
		{"signed with PKCS#12", signedP12, f.roots, exitOK, "valid", 1},
		{"signed with PEM", signedPEM, f.roots, exitOK, "valid", 1},
		{"countersigned", countersigned, f.roots, exitOK, "valid-with-later-changes-allowed", 2},
		{"no roots: untrusted", signedP12, "", exitFindings, "untrusted", 1},
		{"another root: untrusted", signedP12, f.otherRoots, exitFindings, "untrusted", 1},
		{"tampered", tampered, f.roots, exitFindings, "invalid", 1},
		{"unsigned", f.pdf, f.roots, exitFindings, "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := []string{"--json", "verify", tt.file}
			if tt.roots != "" {
				args = append(args, "--roots", tt.roots)
			}
			r := motcua(t, f.dir, nil, args...)
			require.Equal(t, tt.code, r.code, r.stderr)
			var rep struct {
				Status     string `json:"status"`
				Signatures []struct {
					Name    string `json:"name"`
					Trusted bool   `json:"trusted"`
				} `json:"signatures"`
			}
			decode(t, r.stdout, &rep)
			if tt.status != "" {
				assert.Equal(t, tt.status, rep.Status)
			}
			assert.Len(t, rep.Signatures, tt.sigs)
			text := motcua(t, f.dir, nil, append(args[1:], "--lang", "en")...)
			assert.Equal(t, tt.code, text.code)
			assert.NotEmpty(t, text.stdout)
		})
	}

	t.Run("pdfsig agrees", func(t *testing.T) {
		pdfsig := testenv.Tool(t, "pdfsig")
		out, err := exec.Command(pdfsig, countersigned).CombinedOutput()
		require.NoError(t, err, "%s", out)
		assert.Contains(t, string(out), "Signature #2")
		assert.Contains(t, string(out), "Signature Validation: Signature is Valid.")
		assert.NotContains(t, string(out), "Signature is Invalid")
	})
}
