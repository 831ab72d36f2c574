package benchmarks

import (
	"bytes"
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/digitorus/pdfsign/verify"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// BenchmarkVerify verifies a 10 MB PDF holding two signatures (the
// applicant's, then the officer's countersignature). Side by side in the
// same run: "floor" is SHA-256 over the file once, the least any verifier
// must do (motcua hashes the prefix the signatures share once); "pdfsign" is github.com/digitorus/pdfsign's
// verify with its default options; "motcua" is signing.Verify, which also
// checks the byte ranges against the file, classifies the update between
// the signatures object by object, looks for orphan signatures and checks
// the chains against the caller's roots. Run:
//
//	cd benchmarks && go test -run '^$' -bench BenchmarkVerify -benchmem -benchtime 1s
func BenchmarkVerify(b *testing.B) {
	now := time.Now()
	ca, err := signingtest.NewCA("bench CA", now)
	if err != nil {
		b.Fatal(err)
	}
	applicant, err := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	if err != nil {
		b.Fatal(err)
	}
	officer, err := ca.Signer("Cán bộ", signingtest.RSA2048)
	if err != nil {
		b.Fatal(err)
	}
	doc, err := signingtest.PDF(signingtest.PDFOptions{MinSize: 10 << 20, FormField: true})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for _, s := range []*signing.Signer{applicant, officer} {
		var out bytes.Buffer
		if err := signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &out, s, signing.Options{Time: now}); err != nil {
			b.Fatal(err)
		}
		doc = out.Bytes()
	}
	policy := signing.Policy{Roots: ca.Pool(), At: now}
	rep, err := signing.Verify(ctx, bytes.NewReader(doc), int64(len(doc)), policy)
	if err != nil || rep.Status != signing.StatusValidWithChanges || len(rep.Signatures) != 2 {
		b.Fatalf("setup: %v %v", err, rep)
	}
	b.Run("10MB-2sigs/floor", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			_ = sha256.Sum256(doc)
		}
	})
	b.Run("10MB-2sigs/pdfsign", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			resp, err := verify.VerifyWithOptions(bytes.NewReader(doc), int64(len(doc)), verify.DefaultVerifyOptions())
			if err != nil || len(resp.Signers) != 2 {
				b.Fatalf("pdfsign: %v", err)
			}
		}
	})
	b.Run("10MB-2sigs/motcua", func(b *testing.B) {
		b.SetBytes(int64(len(doc)))
		for b.Loop() {
			rep, err := signing.Verify(ctx, bytes.NewReader(doc), int64(len(doc)), policy)
			if err != nil || len(rep.Signatures) != 2 {
				b.Fatalf("motcua: %v", err)
			}
		}
	})
}
