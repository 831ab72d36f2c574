package signing_test

import (
	"bytes"
	"context"
	"io"
	"testing"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// FuzzVerify feeds Verify signed files and their mutations. It must never
// panic, and whatever it calls trusted and cryptographically valid must be
// exactly bytes this run signed: a mutated signed range is never valid.
func FuzzVerify(f *testing.F) {
	// A light fixture (ECDSA keys only): every fuzz worker builds it.
	ca := newCA(f)
	s := newSigner(f, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	form := samplePDF(f, signingtest.PDFOptions{FormField: true})
	signed := mustSign(f, form, s, signing.Options{Name: "Trần Văn Nghĩa", Time: testNow})
	both := mustSign(f, signed, s, signing.Options{Time: testNow})
	xs := mustSign(f, samplePDF(f, signingtest.PDFOptions{XRefStream: true}), s, signing.Options{Time: testNow})
	originals := [][]byte{signed, both, xs}
	for _, o := range originals {
		f.Add(o)
	}
	f.Add(edit(f, signed, func(e *signing.Editor) {
		e.Put(e.Contents(1), "<< /Length 8 >>\nstream\nBT ET Q\nendstream")
	}))
	f.Add(edit(f, both, func(e *signing.Editor) { e.Add(e.Get(e.SigDict(0))) }))
	f.Add(append(bytes.Clone(signed), "junk"...))
	policy := signing.Policy{Roots: ca.Pool(), At: testNow}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<17 {
			return
		}
		rep, err := signing.Verify(context.Background(), bytes.NewReader(data), int64(len(data)), policy)
		if err != nil {
			if rep != nil {
				t.Fatal("a report and an error")
			}
			return
		}
		_ = rep.String()
		for i, s := range rep.Signatures {
			if !(s.Intact && s.Valid && s.Trusted) {
				continue
			}
			signed, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(data), int64(len(data)), i))
			if err != nil {
				// A valid signature with an unusable range must carry a
				// problem.
				if len(s.Problems) == 0 {
					t.Fatalf("signature %d: valid, no problem, but no signed revision: %v", i, err)
				}
				continue
			}
			ok := false
			for _, o := range originals {
				if bytes.HasPrefix(o, signed) {
					ok = true
					break
				}
			}
			if !ok && len(s.Problems) == 0 {
				t.Fatalf("signature %d reported valid over bytes this run never signed", i)
			}
		}
		if rep.Status == signing.StatusValid || rep.Status == signing.StatusValidWithChanges {
			if len(rep.Problems) > 0 {
				t.Fatal("valid status with report problems")
			}
			for _, s := range rep.Signatures {
				if !s.OK() {
					t.Fatal("valid status with a signature that is not OK")
				}
			}
		}
	})
}
