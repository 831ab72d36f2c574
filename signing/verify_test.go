package signing_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func verifyBytes(t *testing.T, pdf []byte, p signing.Policy) *signing.Report {
	t.Helper()
	rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), p)
	require.NoError(t, err)
	return rep
}

func TestVerifyBadInput(t *testing.T) {
	fx := newFixture(t)
	encrypted := bytes.Replace(fx.form, []byte("trailer\n<< /Size"), []byte("trailer\n<< /Encrypt 1 0 R /Size"), 1)
	require.NotEqual(t, fx.form, encrypted)
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name   string
		ctx    context.Context
		in     []byte
		policy signing.Policy
		want   error
	}{
		{"empty", context.Background(), nil, fx.policy, signing.ErrNotPDF},
		{"not a PDF", context.Background(), []byte("hello, this is not a PDF file at all"), fx.policy, signing.ErrNotPDF},
		{"no end", context.Background(), []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n"), fx.policy, signing.ErrMalformed},
		{"encrypted", context.Background(), encrypted, fx.policy, signing.ErrEncrypted},
		{"too large", context.Background(), fx.signed, signing.Policy{MaxSize: 100}, signing.ErrTooLarge},
		{"bad allowed changes", context.Background(), fx.signed, signing.Policy{AllowedChanges: 42}, signing.ErrOptions},
		{"negative max size", context.Background(), fx.signed, signing.Policy{MaxSize: -1}, signing.ErrOptions},
		{"cancelled", cancelled, fx.both, fx.policy, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := signing.Verify(tc.ctx, bytes.NewReader(tc.in), int64(len(tc.in)), tc.policy)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, rep)
		})
	}
	_, err := signing.Verify(t.Context(), nil, 100, fx.policy)
	require.ErrorIs(t, err, signing.ErrOptions)
}

func TestVerifyNoSignatures(t *testing.T) {
	fx := newFixture(t)
	rep := verifyBytes(t, fx.form, fx.policy)
	assert.Equal(t, signing.StatusNoSignatures, rep.Status)
	assert.Empty(t, rep.Signatures)
	assert.Contains(t, rep.Text(signing.Vietnamese), "không có chữ ký")
}

func TestVerifyReportFields(t *testing.T) {
	fx := newFixture(t)
	rep := verifyBytes(t, fx.both, fx.policy)
	require.Equal(t, signing.StatusValidWithChanges, rep.Status)
	require.Len(t, rep.Signatures, 2)
	a, o := rep.Signatures[0], rep.Signatures[1]
	assert.Equal(t, "Signature1", a.Field)
	assert.Equal(t, "Trần Văn Nghĩa", a.Name)
	assert.Equal(t, "Nộp hồ sơ", a.Reason)
	assert.Equal(t, signing.KindApproval, a.Kind)
	assert.Nil(t, a.Permission)
	require.NotNil(t, a.Signer)
	assert.Contains(t, a.Signer.Subject, "CN=Trần Văn Nghĩa")
	assert.Contains(t, a.Signer.Issuer, "motcua Test CA")
	assert.NotEmpty(t, a.Signer.Serial)
	require.Len(t, a.Chain, 2, "leaf and root")
	crt, err := a.Signer.X509()
	require.NoError(t, err)
	assert.Equal(t, "Trần Văn Nghĩa", crt.Subject.CommonName)
	assert.True(t, a.SigningTime.Equal(testNow), "%v", a.SigningTime)
	assert.Nil(t, a.Timestamp)
	assert.Equal(t, 2, a.Revision, "the unsigned form is revision 1")
	assert.Equal(t, signing.CoverageEarlierRevision, a.Coverage)
	assert.Equal(t, signing.ChangesSignatures, a.ChangesAfter)

	require.NotNil(t, o.Timestamp)
	assert.True(t, o.Timestamp.Valid)
	assert.True(t, o.Timestamp.Trusted)
	assert.Contains(t, o.Timestamp.Authority, "motcua test TSA")
	assert.True(t, o.Timestamp.Time.Equal(fx.ca.Now))
	assert.Equal(t, 3, o.Revision)
	assert.Equal(t, signing.CoverageWholeDocument, o.Coverage)
	assert.Equal(t, signing.ChangesNone, o.ChangesAfter)
	require.Len(t, rep.Updates, 1)
	assert.Equal(t, signing.ChangesSignatures, rep.Updates[0].Changes)
	assert.Equal(t, int64(len(fx.signed)), rep.Updates[0].Start)
	assert.Equal(t, int64(len(fx.both)), rep.Updates[0].End)

	cert := mustSign(t, fx.form, fx.officer, signing.Options{Kind: signing.Certification, Permission: signing.AllowAnnotations, Time: testNow})
	rep = verifyBytes(t, cert, fx.policy)
	require.Len(t, rep.Signatures, 1)
	assert.Equal(t, signing.KindCertification, rep.Signatures[0].Kind)
	require.NotNil(t, rep.Signatures[0].Permission)
	assert.Equal(t, signing.AllowAnnotations, *rep.Signatures[0].Permission)
}

func TestVerifyTimestampTrust(t *testing.T) {
	fx := newFixture(t)
	// The timestamp authority is issued by fx.ca: trusting only another
	// root for timestamps makes the timestamp, and so the signature,
	// untrusted.
	other, err := signingtest.NewCA("Other TSA root", testNow)
	require.NoError(t, err)
	p := fx.policy
	p.TimestampRoots = other.Pool()
	rep := verifyBytes(t, fx.both, p)
	assert.Equal(t, signing.StatusUntrusted, rep.Status)
	assert.True(t, rep.Signatures[1].Has(signing.CodeTimestampUntrusted))
	assert.False(t, rep.Signatures[1].Timestamp.Trusted)
	assert.True(t, rep.Signatures[1].Trusted, "the signer still chains at Policy.At")

	p.RequireTimestamp = true
	rep = verifyBytes(t, fx.both, p)
	assert.True(t, rep.Signatures[0].Has(signing.CodeTimestampMissing))
	assert.False(t, rep.Signatures[0].Trusted, "a required timestamp is missing: not trusted")
	assert.True(t, rep.Signatures[1].Has(signing.CodeTimestampMissing), "an untrusted timestamp does not meet the requirement")
	assert.False(t, rep.Signatures[1].Trusted)

	// A trusted timestamp taken while the certificate was valid keeps the
	// signature trusted after the certificate expired (30 days).
	later := signing.Policy{Roots: fx.ca.Pool(), At: testNow.AddDate(0, 0, 60)}
	rep = verifyBytes(t, fx.both, later)
	assert.True(t, rep.Signatures[1].Trusted, rep.Text(signing.English))
	assert.Empty(t, rep.Signatures[1].Problems)
	// Without a timestamp the applicant's certificate is expired then.
	assert.False(t, rep.Signatures[0].Trusted)
	assert.True(t, rep.Signatures[0].Has(signing.CodeExpired))
	assert.Equal(t, signing.StatusUntrusted, rep.Status)
}

func TestVerifyKeyUsage(t *testing.T) {
	fx := newFixture(t)
	// A certificate for key encipherment only must not sign documents.
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tpl := &x509.Certificate{
		SerialNumber: big.NewInt(7), Subject: pkix.Name{CommonName: "server.example"},
		NotBefore: testNow.Add(-time.Hour), NotAfter: testNow.AddDate(0, 1, 0),
		KeyUsage: x509.KeyUsageKeyEncipherment,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, fx.ca.Cert, key.Public(), fx.ca.Key)
	require.NoError(t, err)
	leaf, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	s, err := signing.NewSigner(key, []*x509.Certificate{leaf, fx.ca.Cert})
	require.NoError(t, err)
	rep := verifyBytes(t, mustSign(t, fx.form, s, signing.Options{Time: testNow, AllowInvalidCertificate: true}), fx.policy)
	assert.Equal(t, signing.StatusUntrusted, rep.Status)
	assert.True(t, rep.Signatures[0].Has(signing.CodeKeyUsage), rep.Text(signing.English))
	assert.False(t, rep.Signatures[0].Trusted)
}

func TestSignedRevision(t *testing.T) {
	fx := newFixture(t)
	for i, want := range [][]byte{fx.signed, fx.both} {
		got, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(fx.both), int64(len(fx.both)), i))
		require.NoError(t, err)
		assert.Equal(t, want, got, "signature %d", i)
	}
	// The revision as signed verifies on its own, whole.
	first, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(fx.both), int64(len(fx.both)), 0))
	require.NoError(t, err)
	rep := verifyBytes(t, first, fx.policy)
	assert.Equal(t, signing.StatusValid, rep.Status)
	assert.Equal(t, signing.CoverageWholeDocument, rep.Signatures[0].Coverage)

	for _, i := range []int{-1, 2} {
		_, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(fx.both), int64(len(fx.both)), i))
		require.ErrorIs(t, err, signing.ErrNoSignature)
	}
	_, err = io.ReadAll(signing.SignedRevision(bytes.NewReader(fx.form), int64(len(fx.form)), 0))
	require.ErrorIs(t, err, signing.ErrNoSignature)
	_, err = io.ReadAll(signing.SignedRevision(bytes.NewReader([]byte("nope")), 4, 0))
	require.Error(t, err)
	// A byte range that does not end a revision is refused.
	cs, _ := buildCorpus(t)
	bad := corpusFile(t, cs, "attack/byterange-second-range-shortened").pdf
	_, err = io.ReadAll(signing.SignedRevision(bytes.NewReader(bad), int64(len(bad)), 0))
	require.ErrorIs(t, err, signing.ErrNoSignature)
}

func TestReportJSON(t *testing.T) {
	cs, _ := buildCorpus(t)
	c := corpusFile(t, cs, "attack/page-content-replaced-after-countersign")
	rep := verifyCase(t, c)
	b, err := json.Marshal(rep)
	require.NoError(t, err)
	s := string(b)
	assert.Contains(t, s, `"status":"invalid"`)
	assert.Contains(t, s, `"changes_after":"other"`)
	assert.Contains(t, s, `"code":"changes-not-allowed"`)
	assert.Contains(t, s, `"message":"The document was changed after signing in a way not allowed`)
	assert.Contains(t, s, `"kind":"approval"`)
	assert.Contains(t, s, `"coverage":"earlier-revision"`)

	var back signing.Report
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, rep.Status, back.Status)
	require.Len(t, back.Signatures, len(rep.Signatures))
	for i := range rep.Signatures {
		assert.Equal(t, rep.Signatures[i].Problems, back.Signatures[i].Problems)
		assert.Equal(t, rep.Signatures[i].ChangesAfter, back.Signatures[i].ChangesAfter)
		assert.Equal(t, rep.Signatures[i].Signer.Serial, back.Signatures[i].Signer.Serial)
	}
	assert.Equal(t, rep.Updates, back.Updates)
}

func TestReportText(t *testing.T) {
	cs, _ := buildCorpus(t)
	rep := verifyCase(t, corpusFile(t, cs, "attack/page-content-replaced"))
	s := rep.String()
	for _, want := range []string{
		"Kết quả: không hợp lệ", "Result: invalid",
		"Chữ ký 1 (Signature1): chữ ký phê duyệt, Trần Văn Nghĩa", "Signature 1 (Signature1): approval signature, Trần Văn Nghĩa",
		"Tài liệu bị thay đổi sau khi ký theo cách không được phép", "The document was changed after signing in a way not allowed",
		"Thay đổi sau khi ký: thay đổi khác", "Changes after signing: other changes",
	} {
		assert.Contains(t, s, want)
	}
	assert.True(t, strings.Index(s, "Kết quả") < strings.Index(s, "Result"))
	assert.Equal(t, rep.Text(signing.Vietnamese), rep.Text("fr"), "unknown languages fall back to Vietnamese, as everywhere in motcua")
}

func TestEnumsText(t *testing.T) {
	type textEnum interface {
		MarshalText() ([]byte, error)
		String() string
	}
	tests := []struct {
		v    textEnum
		want string
		back func([]byte) (textEnum, error)
	}{
		{signing.StatusValidWithChanges, "valid-with-later-changes-allowed", func(b []byte) (textEnum, error) {
			var s signing.Status
			return s, s.UnmarshalText(b)
		}},
		{signing.ChangesFormFilling, "form-filling", nil},
		{signing.KindDocumentTimestamp, "document-timestamp", nil},
		{signing.CoverageWholeDocument, "whole-document", nil},
		{signing.StatusUnknown, "unknown", nil},
	}
	for _, tc := range tests {
		b, err := tc.v.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, tc.want, string(b))
		assert.Equal(t, tc.want, tc.v.String())
	}
	var c signing.Changes
	require.NoError(t, c.UnmarshalText([]byte("annotations")))
	assert.Equal(t, signing.ChangesAnnotations, c)
	require.ErrorIs(t, c.UnmarshalText([]byte("everything")), signing.ErrOptions)
	_, err := signing.Status(99).MarshalText()
	require.ErrorIs(t, err, signing.ErrOptions)
	assert.Equal(t, "Status(99)", signing.Status(99).String())
	var k signing.SignatureKind
	require.NoError(t, k.UnmarshalText([]byte("certification")))
	assert.Equal(t, signing.KindCertification, k)
	var cv signing.Coverage
	require.NoError(t, cv.UnmarshalText([]byte("earlier-revision")))
	assert.Equal(t, signing.CoverageEarlierRevision, cv)
	var st signing.Status
	require.NoError(t, st.UnmarshalText([]byte("no-signatures")))
	assert.Equal(t, signing.StatusNoSignatures, st)
}

func TestProblemMessages(t *testing.T) {
	p := signing.Problem{Code: signing.CodeDigestMismatch, Detail: "x"}
	assert.Equal(t, "The signed bytes were changed (digest mismatch): x", p.String())
	assert.Equal(t, "Nội dung đã ký bị thay đổi (mã băm không khớp): x", p.Message(signing.Vietnamese))
	assert.False(t, p.Untrusted())
	assert.True(t, signing.Problem{Code: signing.CodeExpired}.Untrusted())
	assert.Equal(t, "mystery", signing.Problem{Code: "mystery"}.String())
}

func TestVerifyDocumentTimestamp(t *testing.T) {
	fx := newFixture(t)
	pdf := addDocTimestamp(t, fx.both, fx.tsa.URL, false)
	rep := verifyBytes(t, pdf, fx.policy)
	require.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
	require.Len(t, rep.Signatures, 3)
	ts := rep.Signatures[2]
	assert.Equal(t, "DocTS", ts.Field)
	assert.Equal(t, signing.KindDocumentTimestamp, ts.Kind)
	require.NotNil(t, ts.Signer)
	assert.Contains(t, ts.Signer.Subject, "motcua test TSA")
	require.NotNil(t, ts.Timestamp)
	assert.True(t, ts.Timestamp.Valid && ts.Timestamp.Trusted)
	assert.True(t, ts.OK())
	assert.Equal(t, signing.CoverageWholeDocument, ts.Coverage)
	assert.Equal(t, signing.ChangesValidationData, rep.Signatures[1].ChangesAfter)
	assert.Equal(t, signing.ChangesValidationData, rep.Updates[len(rep.Updates)-1].Changes)

	// Trusting another root for timestamps leaves it untrusted.
	other, err := signingtest.NewCA("Other", testNow)
	require.NoError(t, err)
	p := fx.policy
	p.TimestampRoots = other.Pool()
	rep = verifyBytes(t, pdf, p)
	assert.Equal(t, signing.StatusUntrusted, rep.Status)
	assert.True(t, rep.Signatures[2].Has(signing.CodeTimestampUntrusted))
}

func TestVerifyFile(t *testing.T) {
	fx := newFixture(t)
	rep, err := signing.VerifyFile(t.Context(), writeTemp(t, fx.both), fx.policy)
	require.NoError(t, err)
	assert.Equal(t, signing.StatusValidWithChanges, rep.Status)
	_, err = signing.VerifyFile(t.Context(), t.TempDir()+"/missing.pdf", fx.policy)
	require.Error(t, err)
}

func TestVerifyHostileByteRanges(t *testing.T) {
	fx := newFixture(t)
	for _, br := range []string{
		"[0 1 1 9223372036854775806]",
		"[9223372036854775807 9223372036854775807 9223372036854775807 9223372036854775807]",
		"[999999999999 5 6 7]",
		"[0 9999999999 5 6]",
		"[-1 5 6 7]",
		"[0 5 6]",
		"[0 5 6 (x)]",
		"7",
		"null",
	} {
		t.Run(br, func(t *testing.T) {
			pdf := edit(t, fx.signed, func(e *signing.Editor) { e.SetKey(e.SigDict(0), "ByteRange", br) })
			rep := verifyBytes(t, pdf, fx.policy)
			assert.Equal(t, signing.StatusInvalid, rep.Status)
			require.Len(t, rep.Signatures, 1)
			assert.False(t, rep.Signatures[0].Intact)
			_, err := io.ReadAll(signing.SignedRevision(bytes.NewReader(pdf), int64(len(pdf)), 0))
			require.ErrorIs(t, err, signing.ErrNoSignature)
		})
	}
}

func TestVerifyRangeBeyondLastReadableRevision(t *testing.T) {
	fx := newFixture(t)
	junk := append(bytes.Repeat([]byte("x"), 5000), "\n%%EOF\n"...)
	size := len(fx.signed) + len(junk)
	pdf := append(bytes.Clone(fx.signed), junk...)
	loc := byteRangeRe.FindSubmatchIndex(pdf)
	require.NotNil(t, loc)
	end := loc[1]
	for end < len(pdf) && pdf[end] == ' ' {
		end++
	}
	b, err := strconv.Atoi(string(pdf[loc[4]:loc[5]]))
	require.NoError(t, err)
	repl := fmt.Sprintf("/ByteRange [0 %s %d %d]", pdf[loc[2]:loc[3]], b, size-b)
	require.LessOrEqual(t, len(repl), end-loc[0])
	copy(pdf[loc[0]:end], repl+strings.Repeat(" ", end-loc[0]-len(repl)))

	rep := verifyBytes(t, pdf, fx.policy)
	assert.Equal(t, signing.StatusInvalid, rep.Status)
	assert.True(t, rep.Has(signing.CodeDamaged))
	require.Len(t, rep.Signatures, 1)
	assert.True(t, rep.Signatures[0].Has(signing.CodeRevisionEnd), rep.Text(signing.English))
}

// A file rewritten by qpdf with object streams (the page, the form field
// and the catalog compressed in one) and a cross-reference stream, then
// signed and countersigned, stays valid; a page content change after that
// is caught.
func TestVerifyObjectStreams(t *testing.T) {
	qpdf := testenv.Tool(t, "qpdf")
	fx := newFixture(t)
	in := writeTemp(t, fx.form)
	out := filepath.Join(t.TempDir(), "objstm.pdf")
	b, err := exec.Command(qpdf, "--object-streams=generate", "--compress-streams=n", in, out).CombinedOutput()
	require.NoError(t, err, string(b))
	doc, err := os.ReadFile(out)
	require.NoError(t, err)
	one := mustSign(t, doc, fx.applicant, signing.Options{Time: testNow})
	two := mustSign(t, one, fx.officer, signing.Options{Time: testNow})
	rep := verifyBytes(t, two, fx.policy)
	require.Equal(t, signing.StatusValidWithChanges, rep.Status, rep.Text(signing.English))
	assert.Equal(t, signing.ChangesSignatures, rep.Signatures[0].ChangesAfter)

	// The page content stream is replaced in a later update.
	tampered := edit(t, two, func(e *signing.Editor) {
		e.Put(e.Contents(1), "<< /Length 8 >>\nstream\nBT ET Q\nendstream")
	})
	rep = verifyBytes(t, tampered, fx.policy)
	assert.Equal(t, signing.StatusInvalid, rep.Status)
	assert.Equal(t, signing.ChangesOther, rep.Signatures[0].ChangesAfter)
	assert.Equal(t, signing.ChangesOther, rep.Signatures[1].ChangesAfter)
}

// The language is a plain tag as everywhere in motcua: Vietnamese unless
// it says English.
func TestLanguageTags(t *testing.T) {
	p := signing.Problem{Code: signing.CodeDigestMismatch}
	rep := &signing.Report{Status: signing.StatusInvalid}
	for _, tc := range []struct {
		lang, problem, result string
	}{
		{"vi", "Nội dung đã ký bị thay đổi (mã băm không khớp)", "Kết quả: không hợp lệ\n"},
		{"", "Nội dung đã ký bị thay đổi (mã băm không khớp)", "Kết quả: không hợp lệ\n"},
		{"fr", "Nội dung đã ký bị thay đổi (mã băm không khớp)", "Kết quả: không hợp lệ\n"},
		{"en", "The signed bytes were changed (digest mismatch)", "Result: invalid\n"},
		{"en-GB", "The signed bytes were changed (digest mismatch)", "Result: invalid\n"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			assert.Equal(t, tc.problem, p.Message(tc.lang))
			assert.Equal(t, tc.result, rep.Text(tc.lang))
		})
	}
}
