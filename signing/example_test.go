package signing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// The applicant signs the application; the officer countersigns it. Each
// signature is an incremental update, so the first stays valid.
func ExampleSign() {
	ctx := context.Background()
	now := time.Now().In(signing.Location)
	ca, _ := signingtest.NewCA("Demo CA", now)
	applicant, _ := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	officer, _ := ca.Signer("Lê Thị Hoa", signingtest.RSA2048)
	doc, _ := signingtest.PDF(signingtest.PDFOptions{Text: "Don de nghi"})

	var signed bytes.Buffer
	err := signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &signed, applicant, signing.Options{
		Name:   "Trần Văn Nghĩa",
		Reason: "Nộp hồ sơ",
	})
	fmt.Println("applicant signed:", err == nil)

	var countersigned bytes.Buffer
	err = signing.Sign(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), &countersigned, officer, signing.Options{
		Name:   "Lê Thị Hoa",
		Reason: "Trả kết quả",
	})
	fmt.Println("officer countersigned:", err == nil)
	fmt.Println("applicant's revision unchanged:", bytes.HasPrefix(countersigned.Bytes(), signed.Bytes()))
	// Output:
	// applicant signed: true
	// officer countersigned: true
	// applicant's revision unchanged: true
}

// Input that cannot be signed is refused with a sentinel error, and nothing
// is written.
func ExampleSign_errors() {
	ca, _ := signingtest.NewCA("Demo CA", time.Now())
	s, _ := ca.Signer("A", signingtest.ECDSAP256)
	in := "PK\x03\x04 not a PDF"
	err := signing.Sign(context.Background(), strings.NewReader(in), int64(len(in)), io.Discard, s, signing.Options{})
	fmt.Println(errors.Is(err, signing.ErrNotPDF))

	doc, _ := signingtest.PDF(signingtest.PDFOptions{MinSize: 4096})
	err = signing.Sign(context.Background(), bytes.NewReader(doc), int64(len(doc)), io.Discard, s, signing.Options{MaxSize: 1024})
	fmt.Println(errors.Is(err, signing.ErrTooLarge))
	// Output:
	// true
	// true
}

// A portal that takes PDFs from anyone may tighten the limits of the work
// Verify does on one file; a file past one is refused with a LimitError
// naming it, which has Vietnamese and English text.
func ExampleLimits() {
	ctx := context.Background()
	now := time.Now().In(signing.Location)
	ca, _ := signingtest.NewCA("Demo CA", now)
	applicant, _ := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	doc, _ := signingtest.PDF(signingtest.PDFOptions{})
	var signed bytes.Buffer
	_ = signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &signed, applicant, signing.Options{})

	// The signed file has two revisions: the original and the signature.
	p := signing.Policy{Roots: ca.Pool(), Limits: signing.Limits{MaxRevisions: 1}}
	_, err := signing.Verify(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), p)
	var le *signing.LimitError
	fmt.Println(errors.Is(err, signing.ErrLimit), errors.As(err, &le) && le.Limit == "MaxRevisions")
	fmt.Println(le.Message("vi"))
	fmt.Println(le.Message("en"))

	p.Limits.MaxRevisions = 2
	rep, err := signing.Verify(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), p)
	fmt.Println(err == nil && rep.Status == signing.StatusValid)
	// Output:
	// true true
	// Tệp có quá nhiều lần cập nhật (tối đa 1)
	// the file has too many updates (at most 1)
	// true
}
