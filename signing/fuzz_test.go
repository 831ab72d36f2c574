package signing_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// FuzzSign feeds random and mutated PDFs to Sign: the result is an error
// with nothing written, or a file whose every signature checks and whose
// last signature covers it; never a panic, never a broken file.
func FuzzSign(f *testing.F) {
	ca := newCA(f)
	s := newSigner(f, ca, "Fuzz", signingtest.ECDSAP256)
	for _, o := range []signingtest.PDFOptions{
		{}, {XRefStream: true}, {FormField: true, Pages: 2}, {ZeroRun: 100},
	} {
		doc := samplePDF(f, o)
		f.Add(doc)
		f.Add(mustSign(f, doc, s, signing.Options{Name: "Trần"}))
	}
	f.Add([]byte("%PDF-1.7\n"))
	f.Add([]byte("%PDF-1.4\ntrailer<</Root 1 0 R>>\nstartxref\n9\n%%EOF"))
	const maxInput = 64 << 10
	f.Fuzz(func(t *testing.T, in []byte) {
		if len(in) > maxInput {
			return
		}
		var out bytes.Buffer
		err := signing.Sign(context.Background(), bytes.NewReader(in), int64(len(in)), &out, s, signing.Options{Name: "Nghĩa"})
		if err != nil {
			if out.Len() != 0 {
				t.Fatalf("error %v but %d bytes written", err, out.Len())
			}
			return
		}
		if !bytes.HasPrefix(out.Bytes(), in) {
			t.Fatal("output does not start with the input")
		}
		_, sigs, err := signing.Inspect(out.Bytes())
		if err != nil {
			t.Fatalf("signed output does not parse: %v", err)
		}
		if len(sigs) == 0 {
			t.Fatal("no signature in the output")
		}
		for i, sg := range sigs {
			if sg.Check != nil {
				t.Fatalf("signature %d does not check: %v", i, sg.Check)
			}
		}
		last := sigs[len(sigs)-1]
		if last.ByteRange[2]+last.ByteRange[3] != int64(out.Len()) {
			t.Fatal("last signature does not cover the file")
		}
	})
}
