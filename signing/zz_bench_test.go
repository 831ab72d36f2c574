package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"testing"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

func BenchmarkZZSign100K(b *testing.B) {
	ca := newCA(b)
	leaf, _ := ca.Issue("Bench", signingtest.ECDSAP256)
	s, _ := signing.NewSigner(leaf.Key, leaf.Chain)
	doc := samplePDF(b, signingtest.PDFOptions{MinSize: 100 << 10})
	b.Run("floor", func(b *testing.B) {
		for b.Loop() {
			d := sha256.Sum256(doc)
			leaf.Key.Sign(rand.Reader, d[:], crypto.SHA256)
		}
	})
	b.Run("sign", func(b *testing.B) {
		for b.Loop() {
			if err := signing.Sign(context.Background(), bytes.NewReader(doc), int64(len(doc)), io.Discard, s, signing.Options{Name: "Trần Văn Nghĩa"}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
