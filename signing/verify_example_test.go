package signing_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// signedTwice returns an application signed by the applicant and
// countersigned by the officer, and the CA that issued both certificates.
func signedTwice(at time.Time) ([]byte, *signingtest.CA) {
	ctx := context.Background()
	ca, _ := signingtest.NewCA("Demo CA", at)
	applicant, _ := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	officer, _ := ca.Signer("Lê Thị Hoa", signingtest.ECDSAP256)
	doc, _ := signingtest.PDF(signingtest.PDFOptions{Text: "Don de nghi", FormField: true})
	for _, step := range []struct {
		s   *signing.Signer
		opt signing.Options
	}{
		{applicant, signing.Options{Name: "Trần Văn Nghĩa", Reason: "Nộp hồ sơ", Time: at}},
		{officer, signing.Options{Name: "Lê Thị Hoa", Reason: "Trả kết quả", Location: "UBND phường Bến Nghé", Time: at.Add(2 * time.Hour)}},
	} {
		var out bytes.Buffer
		_ = signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &out, step.s, step.opt)
		doc = out.Bytes()
	}
	return doc, ca
}

// A portal checks the result the officer returned: who signed, whether
// each signature is intact and trusted, and what changed after each.
func ExampleVerify() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, signing.Location)
	doc, ca := signedTwice(at)

	rep, err := signing.Verify(context.Background(), bytes.NewReader(doc), int64(len(doc)), signing.Policy{
		Roots: ca.Pool(),         // only the caller's roots are trusted
		At:    at.Add(time.Hour), // when the portal received it
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Status)
	for _, s := range rep.Signatures {
		fmt.Printf("%s: %s, intact %t, valid %t, trusted %t, %s, changes after: %s\n",
			s.Field, s.Name, s.Intact, s.Valid, s.Trusted, s.Coverage, s.ChangesAfter)
	}
	// Output:
	// valid-with-later-changes-allowed
	// Signature1: Trần Văn Nghĩa, intact true, valid true, trusted true, earlier-revision, changes after: signatures
	// Signature2: Lê Thị Hoa, intact true, valid true, trusted true, whole-document, changes after: none
}

// Anything appended after the last signature makes the file invalid, and
// the report says why, in Vietnamese and in English.
func ExampleReport_Text() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, signing.Location)
	doc, ca := signedTwice(at)
	doc = append(doc, "\n% Số tiền: 0 đồng\n"...)

	rep, _ := signing.Verify(context.Background(), bytes.NewReader(doc), int64(len(doc)), signing.Policy{Roots: ca.Pool(), At: at})
	fmt.Print(rep.Text(signing.Vietnamese))
	fmt.Println(rep.Signatures[1].Problems[0].Code)
	// Output:
	// Kết quả: không hợp lệ
	// Chữ ký 1 (Signature1): chữ ký phê duyệt, Trần Văn Nghĩa
	//   Tên: Trần Văn Nghĩa
	//   Lý do: Nộp hồ sơ
	//   Thời điểm ký (người ký khai): 02/03/2026 09:00:00
	//   Toàn vẹn: có; Chữ ký đúng: có; Chứng thư tin cậy: không
	//   Phạm vi: một phiên bản trước; Thay đổi sau khi ký: thay đổi khác (nội dung, trang, cấu trúc)
	//   - Tài liệu bị thay đổi sau khi ký theo cách không được phép: other after signing (allowed: up to signatures): other: data after the last %%EOF
	// Chữ ký 2 (Signature2): chữ ký phê duyệt, Lê Thị Hoa
	//   Tên: Lê Thị Hoa
	//   Lý do: Trả kết quả
	//   Nơi ký: UBND phường Bến Nghé
	//   Thời điểm ký (người ký khai): 02/03/2026 11:00:00
	//   Toàn vẹn: có; Chữ ký đúng: có; Chứng thư tin cậy: không
	//   Phạm vi: một phiên bản trước; Thay đổi sau khi ký: thay đổi khác (nội dung, trang, cấu trúc)
	//   - Tài liệu bị thay đổi sau khi ký theo cách không được phép: other after signing (allowed: up to signatures): other: data after the last %%EOF
	// - Dữ liệu sau phiên bản cuối không phải bản cập nhật hợp lệ: 26 bytes after the last revision
	// changes-not-allowed
}

// SignedRevision shows a document exactly as an earlier signer signed it.
func ExampleSignedRevision() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, signing.Location)
	doc, _ := signedTwice(at)
	first, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(doc), int64(len(doc)), 0))
	fmt.Println(err, len(first) < len(doc), bytes.HasPrefix(doc, first))
	// Output:
	// <nil> true true
}
