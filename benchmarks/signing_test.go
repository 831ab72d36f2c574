package benchmarks

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"io"
	"testing"
	"time"

	"github.com/digitorus/pdf"
	"github.com/digitorus/pdfsign/sign"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// BenchmarkSign signs a 100 KB and a 10 MB PDF with RSA-2048 and ECDSA
// P-256 keys. Side by side in the same run: "floor" is SHA-256 of the file's
// bytes and one signature, the least any signer must do; "pdfsign" is raw
// github.com/digitorus/pdfsign (approval signature); "motcua" is
// signing.Sign, including its re-parse and check of the output. Run:
//
//	cd benchmarks && go test -run '^$' -bench BenchmarkSign -benchmem -benchtime 1s
func BenchmarkSign(b *testing.B) {
	ca, err := signingtest.NewCA("bench CA", time.Now())
	if err != nil {
		b.Fatal(err)
	}
	sizes := []struct {
		name string
		n    int
	}{{"100KB", 100 << 10}, {"10MB", 10 << 20}}
	keys := []signingtest.KeyType{signingtest.RSA2048, signingtest.ECDSAP256}
	for _, kt := range keys {
		leaf, err := ca.Issue("Bench", kt)
		if err != nil {
			b.Fatal(err)
		}
		s, err := signing.NewSigner(leaf.Key, leaf.Chain)
		if err != nil {
			b.Fatal(err)
		}
		for _, sz := range sizes {
			doc, err := signingtest.PDF(signingtest.PDFOptions{MinSize: sz.n})
			if err != nil {
				b.Fatal(err)
			}
			prefix := sz.name + "/" + kt.String() + "/"
			b.Run(prefix+"floor", func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					d := sha256.Sum256(doc)
					if _, err := leaf.Key.Sign(rand.Reader, d[:], crypto.SHA256); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(prefix+"pdfsign", func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					if err := rawPdfsign(doc, leaf); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(prefix+"motcua", func(b *testing.B) {
				b.SetBytes(int64(len(doc)))
				for b.Loop() {
					err := signing.Sign(context.Background(), bytes.NewReader(doc), int64(len(doc)), io.Discard, s, signing.Options{Name: "Trần Văn Nghĩa"})
					if err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

func rawPdfsign(doc []byte, leaf *signingtest.Leaf) error {
	rdr, err := pdf.NewReader(bytes.NewReader(doc), int64(len(doc)))
	if err != nil {
		return err
	}
	return sign.Sign(bytes.NewReader(doc), io.Discard, rdr, int64(len(doc)), sign.SignData{
		Signature: sign.SignDataSignature{
			CertType: sign.ApprovalSignature,
			Info:     sign.SignDataSignatureInfo{Name: "Tran Van Nghia", Date: time.Now()},
		},
		Signer:            leaf.Key,
		DigestAlgorithm:   crypto.SHA256,
		Certificate:       leaf.Cert,
		CertificateChains: [][]*x509.Certificate{leaf.Chain},
	})
}
