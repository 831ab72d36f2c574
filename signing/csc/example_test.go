package csc_test

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/csc"
	"github.com/motcua/motcua/signing/signingtest"
)

// A portal signs through a Cloud Signature Consortium service (here a
// local fake): the key never leaves the service.
func Example() {
	now := time.Now().In(signing.Location)
	ca, _ := signingtest.NewCA("Test CA", now)
	leaf, _ := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	svc, _ := signingtest.NewCSC(leaf, signingtest.CSCHonest)
	defer svc.Close()
	doc, _ := signingtest.PDF(signingtest.PDFOptions{})

	client := &csc.Client{BaseURL: svc.URL, Token: svc.Token, CredentialID: svc.CredentialID, SAD: svc.SAD}
	var signed bytes.Buffer
	err := signing.SignRemote(context.Background(), bytes.NewReader(doc), int64(len(doc)), &signed, client, signing.Options{Name: "Trần Văn Nghĩa"})
	fmt.Println(err)
	rep, _ := signing.Verify(context.Background(), bytes.NewReader(signed.Bytes()), int64(signed.Len()), signing.Policy{Roots: ca.Pool()})
	fmt.Println(rep.Status)
	// Output:
	// <nil>
	// valid
}
