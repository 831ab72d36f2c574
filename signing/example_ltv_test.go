package signing_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// A remote signing service answers minutes later, maybe to another replica
// of the portal: prepare, store the state with the dossier, complete when
// the signature arrives.
func ExamplePrepare() {
	ctx := context.Background()
	now := time.Now().In(signing.Location)
	ca, _ := signingtest.NewCA("Demo CA", now)
	leaf, _ := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256) // the service's certificate
	doc, _ := signingtest.PDF(signingtest.PDFOptions{})

	p, _ := signing.Prepare(ctx, bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Name: "Trần Văn Nghĩa", Expiry: 10 * time.Minute})
	state, _ := json.Marshal(p) // stored with the dossier
	fmt.Println("digest to send:", len(p.Digest()), "bytes", p.Hash())

	// ... the signer approves on the phone; the callback brings the value.
	sig, _ := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())

	var back signing.Pending
	_ = json.Unmarshal(state, &back)
	var signed bytes.Buffer
	err := signing.Complete(ctx, bytes.NewReader(doc), int64(len(doc)), &signed, &back, sig, leaf.Chain, signing.CompleteOptions{})
	fmt.Println("completed:", err)
	late := signing.Complete(ctx, bytes.NewReader(doc), int64(len(doc)), &bytes.Buffer{}, &back, sig, leaf.Chain,
		signing.CompleteOptions{Now: now.Add(time.Hour)})
	fmt.Println("an hour later:", late != nil)
	// Output:
	// digest to send: 32 bytes SHA-256
	// completed: <nil>
	// an hour later: true
}

// A result kept for years: extend it to B-LTA, then verify it offline,
// revocation included, from what the file holds.
func ExampleAddValidationData() {
	ctx := context.Background()
	now := time.Now().In(signing.Location)
	ca, _ := signingtest.NewCA("Demo CA", now)
	responder := ca.StartRevocation() // OCSP and CRL for the certificates issued next
	defer responder.Close()
	tsa, _ := signingtest.NewTSA(ca, signingtest.TSAHonest)
	defer tsa.Close()
	officer, _ := ca.Signer("Lê Thị Hoa", signingtest.ECDSAP256)
	doc, _ := signingtest.PDF(signingtest.PDFOptions{})
	var signed, kept bytes.Buffer
	_ = signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &signed, officer, signing.Options{Name: "Lê Thị Hoa"})

	err := signing.AddValidationData(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), &kept,
		signing.ValidationOptions{Timestamp: &signing.Timestamp{URL: tsa.URL}})
	fmt.Println("extended:", err)

	rep, _ := signing.Verify(ctx, bytes.NewReader(kept.Bytes()), int64(kept.Len()), signing.Policy{
		Roots: ca.Pool(), Revocation: signing.RevocationOffline,
	})
	s := rep.Signatures[0]
	fmt.Println(rep.Status, s.Level, s.Revocation[0].Status, s.Revocation[0].Embedded)
	// Output:
	// extended: <nil>
	// valid-with-later-changes-allowed B-LTA good true
}
