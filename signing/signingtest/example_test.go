package signingtest_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// An integrator's test signs with a throw-away CA and a local timestamp
// authority, then verifies against that CA only.
func Example() {
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	ca, err := signingtest.NewCA("Test CA", now)
	if err != nil {
		panic(err)
	}
	tsa, err := signingtest.NewTSA(ca, signingtest.TSAHonest)
	if err != nil {
		panic(err)
	}
	defer tsa.Close()
	signer, err := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	if err != nil {
		panic(err)
	}
	doc, err := signingtest.PDF(signingtest.PDFOptions{Text: "Don de nghi"})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	var out bytes.Buffer
	err = signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &out, signer, signing.Options{
		Name: "Trần Văn Nghĩa", Time: now, Timestamp: &signing.Timestamp{URL: tsa.URL},
	})
	if err != nil {
		panic(err)
	}
	rep, err := signing.Verify(ctx, bytes.NewReader(out.Bytes()), int64(out.Len()), signing.Policy{Roots: ca.Pool()})
	if err != nil {
		panic(err)
	}
	sig := rep.Signatures[0]
	fmt.Println(rep.Status, sig.Name, sig.Timestamp != nil && sig.Timestamp.Trusted)
	// Output:
	// valid Trần Văn Nghĩa true
}
