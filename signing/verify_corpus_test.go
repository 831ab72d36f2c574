package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/digitorus/timestamp"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// corpusCase is one file of the verifier's corpus: an attack that must come
// out not valid with the named problem, or a legitimate file that must stay
// valid.
type corpusCase struct {
	name   string
	pdf    []byte
	policy signing.Policy
	status signing.Status
	// sig is the signature that must carry code; -1 means the report
	// itself.
	sig  int
	code signing.ProblemCode
	// changes is what the first signature's ChangesAfter must be (zero:
	// not checked).
	changes signing.Changes
}

// fixture holds what the corpus is built from.
type fixture struct {
	ca, otherCA *signingtest.CA
	applicant   *signing.Signer
	officer     *signing.Signer
	tsa         *signingtest.TSA
	form        []byte // unsigned PDF with one text field
	signed      []byte // form signed once by the applicant
	both        []byte // signed, then countersigned by the officer with a timestamp
	policy      signing.Policy
}

// fixtureConfig changes how a fixture is made: another CA, and the
// applicant's signature made by another tool.
type fixtureConfig struct {
	ca *signingtest.CA
	// sign, when set, signs the form in place of Sign: the corpus is then
	// built on a file another tool signed.
	sign func(t testing.TB, fx *fixture) []byte
}

func newFixture(t testing.TB) *fixture { return newFixtureWith(t, fixtureConfig{}) }

func newFixtureWith(t testing.TB, cfg fixtureConfig) *fixture {
	t.Helper()
	fx := &fixture{ca: cfg.ca}
	if fx.ca == nil {
		fx.ca = newCA(t)
	}
	fx.applicant = newSigner(t, fx.ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	fx.officer = newSigner(t, fx.ca, "Cán bộ một cửa", signingtest.RSA2048)
	fx.tsa = newTSA(t, fx.ca, signingtest.TSAHonest)
	fx.form = samplePDF(t, signingtest.PDFOptions{FormField: true, Text: "Don dang ky"})
	if cfg.sign != nil {
		fx.signed = cfg.sign(t, fx)
	} else {
		fx.signed = mustSign(t, fx.form, fx.applicant, signing.Options{Name: "Trần Văn Nghĩa", Reason: "Nộp hồ sơ", Time: testNow})
	}
	fx.both = mustSign(t, fx.signed, fx.officer, signing.Options{Name: "Cán bộ", Reason: "Trả kết quả", Time: testNow,
		Timestamp: &signing.Timestamp{URL: fx.tsa.URL}})
	fx.policy = signing.Policy{Roots: fx.ca.Pool(), At: testNow.Add(time.Minute)}
	return fx
}

func edit(t testing.TB, pdf []byte, f func(e *signing.Editor)) []byte {
	t.Helper()
	e, err := signing.NewEditor(pdf)
	require.NoError(t, err)
	f(e)
	return e.Bytes()
}

var byteRangeRe = regexp.MustCompile(`/ByteRange\s*\[\s*0\s+(\d+)\s+(\d+)\s+(\d+)\s*\]`)

// rewriteByteRange replaces the n-th /ByteRange in place (same length).
func rewriteByteRange(t testing.TB, pdf []byte, n int, f func(a, b, c int64) string) []byte {
	t.Helper()
	locs := byteRangeRe.FindAllSubmatchIndex(pdf, -1)
	require.Greater(t, len(locs), n)
	loc := locs[n]
	num := func(i int) int64 {
		v, err := strconv.ParseInt(string(pdf[loc[2*i]:loc[2*i+1]]), 10, 64)
		require.NoError(t, err)
		return v
	}
	repl := f(num(1), num(2), num(3))
	old := pdf[loc[0]:loc[1]]
	require.LessOrEqual(t, len(repl), len(old))
	out := bytes.Clone(pdf)
	copy(out[loc[0]:], repl+string(bytes.Repeat([]byte{' '}, len(old)-len(repl))))
	return out
}

// contentsSpan returns where the n-th signature's /Contents hex string lies.
func contentsSpan(t testing.TB, pdf []byte, n int) (int, int) {
	t.Helper()
	locs := byteRangeRe.FindAllSubmatch(pdf, -1)
	require.Greater(t, len(locs), n)
	a, _ := strconv.Atoi(string(locs[n][1]))
	b, _ := strconv.Atoi(string(locs[n][2]))
	return a, b
}

func buildCorpus(t testing.TB) ([]corpusCase, *fixture) { return buildCorpusWith(t, fixtureConfig{}) }

// buildCorpusWith builds the corpus on a fixture made with cfg.
func buildCorpusWith(t testing.TB, cfg fixtureConfig) ([]corpusCase, *fixture) {
	t.Helper()
	fx := newFixtureWith(t, cfg)
	pol := fx.policy
	ctx := context.Background()
	var cs []corpusCase
	add := func(c corpusCase) {
		if c.policy.Roots == nil && c.policy.At.IsZero() {
			c.policy = pol
		}
		cs = append(cs, c)
	}

	// Legitimate files.
	add(corpusCase{name: "legit/one-signature", pdf: fx.signed, status: signing.StatusValid, changes: signing.ChangesNone})
	add(corpusCase{name: "legit/countersigned-with-timestamp", pdf: fx.both, status: signing.StatusValidWithChanges, changes: signing.ChangesSignatures})
	xs := samplePDF(t, signingtest.PDFOptions{XRefStream: true, Pages: 2})
	xs1 := mustSign(t, xs, fx.applicant, signing.Options{Name: "A", Time: testNow})
	add(corpusCase{name: "legit/xref-stream-countersigned", pdf: mustSign(t, xs1, fx.officer, signing.Options{Time: testNow}),
		status: signing.StatusValidWithChanges, changes: signing.ChangesSignatures})
	two := samplePDF(t, signingtest.PDFOptions{Pages: 2, FormField: true})
	visible := mustSign(t, two, fx.applicant, signing.Options{Time: testNow, Appearance: &signing.Appearance{Page: 1, Rect: [4]float64{50, 50, 250, 110}}})
	visible = mustSign(t, visible, fx.officer, signing.Options{Time: testNow, Appearance: &signing.Appearance{Page: 2, Rect: [4]float64{300, 50, 500, 110}}})
	add(corpusCase{name: "legit/visible-signatures-on-two-pages", pdf: visible, status: signing.StatusValidWithChanges, changes: signing.ChangesSignatures})
	certFill := mustSign(t, fx.form, fx.officer, signing.Options{Kind: signing.Certification, Permission: signing.AllowFormFilling, Time: testNow})
	filled := edit(t, certFill, func(e *signing.Editor) {
		e.SetKey(fieldNumber(t, e), "V", "<FEFF0054007201A7006E0020005600EC006E00680020004200ED006E0068>")
	})
	add(corpusCase{name: "legit/certified-form-filled", pdf: filled, status: signing.StatusValidWithChanges, changes: signing.ChangesFormFilling})
	add(corpusCase{name: "legit/certified-countersigned", pdf: mustSign(t, certFill, fx.applicant, signing.Options{Time: testNow}),
		status: signing.StatusValidWithChanges, changes: signing.ChangesSignatures})
	annotated := edit(t, fx.signed, func(e *signing.Editor) {
		n := e.Add("<< /Type /Annot /Subtype /Text /Rect [100 100 120 120] /Contents (Da nhan) >>")
		e.Append(e.Page(1), "Annots", fmt.Sprintf("%d 0 R", n))
	})
	annPolicy := pol
	annPolicy.AllowedChanges = signing.ChangesAnnotations
	add(corpusCase{name: "legit/annotation-allowed-by-policy", pdf: annotated, policy: annPolicy,
		status: signing.StatusValidWithChanges, changes: signing.ChangesAnnotations})

	stamped := addDocTimestamp(t, fx.both, fx.tsa.URL, false)
	add(corpusCase{name: "legit/document-timestamp-after-countersignature", pdf: stamped, status: signing.StatusValidWithChanges,
		changes: signing.ChangesSignatures})
	add(corpusCase{name: "legit/document-timestamp-after-no-changes-certification", pdf: addDocTimestamp(t, certNoChanges(t, fx), fx.tsa.URL, false),
		status: signing.StatusValidWithChanges, changes: signing.ChangesValidationData})

	fillPolicy := pol
	fillPolicy.AllowedChanges = signing.ChangesFormFilling
	filledAfterApproval := edit(t, fx.signed, func(e *signing.Editor) { e.SetKey(fieldNumber(t, e), "V", "(Nguyen Van B)") })
	add(corpusCase{name: "legit/form-filled-after-approval-allowed-by-policy", pdf: filledAfterApproval, policy: fillPolicy,
		status: signing.StatusValidWithChanges, changes: signing.ChangesFormFilling})

	lockOther := addSignature(t, fx.form, fx.applicant, "Locked", "/Lock << /Type /SigFieldLock /Action /Include /Fields [(other)] >>")
	add(corpusCase{name: "legit/form-filled-field-not-locked", policy: fillPolicy, status: signing.StatusValidWithChanges,
		changes: signing.ChangesFormFilling, pdf: edit(t, lockOther, func(e *signing.Editor) { e.SetKey(fieldNumber(t, e), "V", "(Nguyen Van B)") })})

	metaUpdated := edit(t, fx.signed, func(e *signing.Editor) {
		e.SetInfo(e.Add("<< /Producer (iText 9) /ModDate (D:20260302110000+07'00') >>"))
		xmp := "<x:xmpmeta xmlns:x='adobe:ns:meta/'/>"
		e.SetKey(e.Root(), "Metadata", fmt.Sprintf("%d 0 R", e.Add(fmt.Sprintf("<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n%s\nendstream", len(xmp), xmp))))
		e.FormSetKey("DR", "<< /Font << /Helv << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >> >> >>")
	})
	add(corpusCase{name: "legit/metadata-and-form-resources-updated", pdf: mustSign(t, metaUpdated, fx.officer, signing.Options{Time: testNow}),
		status: signing.StatusValidWithChanges, changes: signing.ChangesSignatures})

	// Attacks: changes after signing.
	add(corpusCase{name: "attack/page-content-replaced", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: edit(t, fx.signed, func(e *signing.Editor) {
			body := "BT /F1 14 Tf 72 760 Td (Da nop phi 0 dong) Tj ET\n"
			e.Put(e.Contents(1), fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(body), body))
		})})
	add(corpusCase{name: "attack/page-content-replaced-after-countersign", sig: 1, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: edit(t, fx.both, func(e *signing.Editor) {
			n := e.Add("<< /Length 31 >>\nstream\nBT /F1 30 Tf 72 500 Td (X) Tj ET\nendstream")
			e.SetKey(e.Page(1), "Contents", fmt.Sprintf("[%d 0 R %d 0 R]", e.Contents(1), n))
		})})
	add(corpusCase{name: "attack/resources-replaced", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: edit(t, fx.signed, func(e *signing.Editor) {
			e.Put(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>")
		})})
	add(corpusCase{name: "attack/junk-appended", sig: -1, code: signing.CodeTrailingData, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: append(bytes.Clone(fx.signed), []byte("% appended by someone else\n1 0 obj\n<< >>\nendobj\n")...)})
	add(corpusCase{name: "attack/large-junk-appended", sig: -1, code: signing.CodeDamaged, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: append(bytes.Clone(fx.signed), bytes.Repeat([]byte("junk "), 2000)...)})
	add(corpusCase{name: "attack/form-field-changed-after-approval", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesFormFilling, pdf: filledAfterApproval})
	lockAll := addSignature(t, fx.form, fx.applicant, "Locked", "/Lock << /Type /SigFieldLock /Action /All >>")
	add(corpusCase{name: "attack/locked-field-changed", sig: 0, code: signing.CodeFieldLocked, status: signing.StatusInvalid, policy: fillPolicy,
		changes: signing.ChangesFormFilling, pdf: edit(t, lockAll, func(e *signing.Editor) { e.SetKey(fieldNumber(t, e), "V", "(Nguyen Van B)") })})
	lockMine := addSignature(t, fx.form, fx.applicant, "Locked", "/Lock << /Type /SigFieldLock /Action /Include /Fields [(applicant)] >>")
	add(corpusCase{name: "attack/locked-field-appearance-changed", sig: 0, code: signing.CodeFieldLocked, status: signing.StatusInvalid, policy: fillPolicy,
		changes: signing.ChangesFormFilling, pdf: edit(t, lockMine, func(e *signing.Editor) {
			ap := e.Add("<< /Type /XObject /Subtype /Form /BBox [0 0 228 20] /Length 29 >>\nstream\nBT /F1 12 Tf (Khac) Tj ET Q\nendstream")
			e.SetKey(fieldNumber(t, e), "AP", fmt.Sprintf("<< /N %d 0 R >>", ap))
		})})
	add(corpusCase{name: "attack/empty-signature-field-drawn-over-page", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesAnnotations, pdf: edit(t, fx.signed, func(e *signing.Editor) {
			body := "q 1 1 1 rg 0 0 500 40 re f Q BT /F1 20 Tf 10 10 Td (Phi: 0 dong) Tj ET"
			ap := e.Add(fmt.Sprintf("<< /Type /XObject /Subtype /Form /BBox [0 0 500 40] /Resources << /Font << /F1 3 0 R >> >> /Length %d >>\nstream\n%s\nendstream", len(body), body))
			f := e.Add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature8) /P %d 0 R /Rect [60 740 560 780] /F 4 /AP << /N %d 0 R >> >>", e.Page(1), ap))
			e.FormAppend("Fields", fmt.Sprintf("%d 0 R", f))
			e.Append(e.Page(1), "Annots", fmt.Sprintf("%d 0 R", f))
		})})
	add(corpusCase{name: "attack/page-added", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesOther, pdf: edit(t, fx.signed, func(e *signing.Editor) {
			c := e.Add("<< /Length 44 >>\nstream\nBT /F1 14 Tf 72 760 Td (Trang gia) Tj ET\n\nendstream")
			p := e.Add(fmt.Sprintf("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 3 0 R >> >> >>", e.Pages(), c))
			e.Append(e.Pages(), "Kids", fmt.Sprintf("%d 0 R", p))
			e.SetKey(e.Pages(), "Count", "2")
		})})
	add(corpusCase{name: "attack/annotation-added", sig: 0, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid,
		changes: signing.ChangesAnnotations, pdf: annotated})
	certNone := certNoChanges(t, fx)
	add(corpusCase{name: "attack/form-filled-after-no-changes-certification", sig: 0, code: signing.CodeDocMDP, status: signing.StatusInvalid,
		changes: signing.ChangesFormFilling, pdf: edit(t, certNone, func(e *signing.Editor) {
			e.SetKey(fieldNumber(t, e), "V", "(Nguyen Van B)")
		})})
	add(corpusCase{name: "attack/annotation-after-form-filling-certification", sig: 0, code: signing.CodeDocMDP, status: signing.StatusInvalid,
		policy: annPolicy, changes: signing.ChangesAnnotations, pdf: edit(t, certFill, func(e *signing.Editor) {
			n := e.Add("<< /Type /Annot /Subtype /FreeText /Rect [72 600 400 640] /Contents (Da duyet) /DA (/Helv 12 Tf 0 g) >>")
			e.Append(e.Page(1), "Annots", fmt.Sprintf("%d 0 R", n))
		})})

	add(corpusCase{name: "attack/document-timestamp-over-other-bytes", sig: 1, code: signing.CodeDigestMismatch, status: signing.StatusInvalid,
		pdf: addDocTimestamp(t, fx.signed, fx.tsa.URL, true)})

	// Attacks on the signature's structure.
	add(corpusCase{name: "attack/byterange-skips-bytes", sig: 0, code: signing.CodeByteRangeGap, status: signing.StatusInvalid,
		pdf: rewriteByteRange(t, fx.signed, 0, func(a, b, c int64) string {
			return fmt.Sprintf("/ByteRange [0 %d %d %d]", a-40, b, c)
		})})
	add(corpusCase{name: "attack/byterange-second-range-shortened", sig: 0, code: signing.CodeDigestMismatch, status: signing.StatusInvalid,
		pdf: rewriteByteRange(t, fx.signed, 0, func(a, b, c int64) string {
			return fmt.Sprintf("/ByteRange [0 %d %d %d]", a, b, c-200)
		})})
	add(corpusCase{name: "attack/signature-wrapping-relocated-dictionary", sig: 0, code: signing.CodeByteRangeGap, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) {
			n := e.SigDict(0)
			e.Put(n, e.Get(n))
			e.SetKey(n, "Name", "(Nguoi khac)")
		})})
	zeroed := bytes.Clone(fx.signed)
	a, b := contentsSpan(t, zeroed, 0)
	copy(zeroed[a+1:b-1], bytes.Repeat([]byte{'0'}, b-a-2))
	add(corpusCase{name: "attack/contents-zeroed", sig: 0, code: signing.CodeContentsMissing, status: signing.StatusInvalid, pdf: zeroed})
	add(corpusCase{name: "attack/contents-emptied", sig: 0, code: signing.CodeContentsMissing, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) { e.SetKey(e.SigDict(0), "Contents", "<>") })})
	add(corpusCase{name: "attack/byterange-removed", sig: 0, code: signing.CodeByteRangeMissing, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) { e.SetKey(e.SigDict(0), "ByteRange", "") })})
	add(corpusCase{name: "attack/orphan-signature-dictionary", sig: -1, code: signing.CodeOrphanSignature, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) { e.Add(e.Get(e.SigDict(0))) })})
	add(corpusCase{name: "attack/second-field-signs-nothing", sig: 0, code: signing.CodeByteRangeOutside, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) {
			sd := e.Add("<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 0 0 0] /Contents <3082000130> /Name (Giam doc) >>")
			f := e.Add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature9) /V %d 0 R /P %d 0 R /Rect [0 0 0 0] /F 132 >>", sd, e.Page(1)))
			e.FormAppend("Fields", fmt.Sprintf("%d 0 R", f))
			e.Append(e.Page(1), "Annots", fmt.Sprintf("%d 0 R", f))
		})})
	add(corpusCase{name: "attack/second-field-shares-signature", sig: 1, code: signing.CodeDuplicate, status: signing.StatusInvalid,
		pdf: edit(t, fx.signed, func(e *signing.Editor) {
			f := e.Add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig /T (Signature9) /V %d 0 R /P %d 0 R /Rect [0 0 0 0] /F 132 >>", e.SigDict(0), e.Page(1)))
			e.FormAppend("Fields", fmt.Sprintf("%d 0 R", f))
			e.Append(e.Page(1), "Annots", fmt.Sprintf("%d 0 R", f))
		})})
	add(corpusCase{name: "attack/signature-removed-from-form", sig: 1, code: signing.CodeChangesNotAllowed, status: signing.StatusInvalid, changes: signing.ChangesOther,
		pdf: edit(t, fx.both, func(e *signing.Editor) { e.FormSetKey("Fields", "[]") })})

	// Attacks on trust.
	other, err := signingtest.NewCA("Rogue CA", testNow)
	require.NoError(t, err)
	fx.otherCA = other
	rogue := newSigner(t, other, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	add(corpusCase{name: "attack/certificate-from-other-ca", sig: 0, code: signing.CodeUntrusted, status: signing.StatusUntrusted,
		pdf: mustSign(t, fx.form, rogue, signing.Options{Name: "Trần Văn Nghĩa", Time: testNow})})
	oldCA, err := signingtest.NewCA("Old CA", testNow.AddDate(0, 0, -90))
	require.NoError(t, err)
	expired := newSigner(t, oldCA, "Nguyễn Hết Hạn", signingtest.ECDSAP256)
	expPolicy := signing.Policy{Roots: oldCA.Pool(), At: testNow}
	add(corpusCase{name: "attack/expired-certificate", sig: 0, code: signing.CodeExpired, status: signing.StatusUntrusted, policy: expPolicy,
		pdf: mustSign(t, fx.form, expired, signing.Options{Time: testNow, AllowInvalidCertificate: true})})
	noRoots := signing.Policy{At: testNow}
	add(corpusCase{name: "attack/no-roots-given", sig: 0, code: signing.CodeNoRoots, status: signing.StatusUntrusted, policy: noRoots,
		pdf: fx.signed})
	tsPolicy := pol
	tsPolicy.RequireTimestamp = true
	add(corpusCase{name: "attack/timestamp-required", sig: 0, code: signing.CodeTimestampMissing, status: signing.StatusUntrusted, policy: tsPolicy,
		pdf: fx.signed})

	// Truncation.
	// A file ending in "%%EOF\n" loses its end of line: the signature
	// then reaches beyond the file; one ending in "%%EOF" (signpdf) loses
	// its marker: the last revision is damaged.
	truncated := corpusCase{name: "attack/truncated-by-one-byte", sig: 0, code: signing.CodeByteRangeOutside, status: signing.StatusInvalid,
		pdf: fx.signed[:len(fx.signed)-1]}
	if !bytes.HasSuffix(fx.signed, []byte("\n")) {
		truncated.sig, truncated.code = -1, signing.CodeDamaged
	}
	add(truncated)
	add(corpusCase{name: "attack/countersigned-file-truncated", sig: -1, code: signing.CodeDamaged, status: signing.StatusInvalid,
		pdf: fx.both[:len(fx.both)-300]})
	_ = ctx
	return cs, fx
}

// fieldNumber finds the "applicant" text field of signingtest's form.
func fieldNumber(t testing.TB, e *signing.Editor) int {
	t.Helper()
	for n := 1; n < 20; n++ {
		if bytes.Contains([]byte(e.Get(n)), []byte("/FT /Tx")) {
			return n
		}
	}
	t.Fatal("no text field")
	return 0
}

func TestVerifyCorpus(t *testing.T) {
	cs, _ := buildCorpus(t)
	checkCorpus(t, cs)
}

// checkCorpus verifies every case and checks its verdict.
func checkCorpus(t *testing.T, cs []corpusCase) {
	t.Helper()
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			rep, err := signing.Verify(t.Context(), bytes.NewReader(c.pdf), int64(len(c.pdf)), c.policy)
			require.NoError(t, err)
			require.Equal(t, c.status, rep.Status, rep.Text(signing.English))
			// Trusted is never said of an invalid signature, nor of one
			// missing the timestamp the policy requires.
			for i, s := range rep.Signatures {
				if !s.Trusted {
					continue
				}
				assert.True(t, s.Intact && s.Valid, "signature %d trusted but not intact and valid\n%s", i, rep.Text(signing.English))
				for _, p := range s.Problems {
					assert.Equal(t, signing.CodeTimestampUntrusted, p.Code, "signature %d trusted with a problem\n%s", i, rep.Text(signing.English))
				}
			}
			if c.code != "" {
				if c.sig < 0 {
					require.True(t, rep.Has(c.code), "want %s\n%s", c.code, rep.Text(signing.English))
				} else {
					require.Greater(t, len(rep.Signatures), c.sig, rep.Text(signing.English))
					require.True(t, rep.Signatures[c.sig].Has(c.code), "want %s on signature %d\n%s", c.code, c.sig, rep.Text(signing.English))
				}
			}
			if c.changes != signing.ChangesUnknown {
				require.NotEmpty(t, rep.Signatures)
				require.Equal(t, c.changes, rep.Signatures[0].ChangesAfter, rep.Text(signing.English))
			}
			if c.status == signing.StatusValid || c.status == signing.StatusValidWithChanges {
				for i, s := range rep.Signatures {
					require.True(t, s.OK(), "signature %d\n%s", i, rep.Text(signing.English))
				}
				last := rep.Signatures[len(rep.Signatures)-1]
				require.Equal(t, last.ChangesAfter == signing.ChangesNone, last.Coverage == signing.CoverageWholeDocument)
			}
		})
	}
}

func certNoChanges(t testing.TB, fx *fixture) []byte {
	t.Helper()
	return mustSign(t, fx.form, fx.officer, signing.Options{Kind: signing.Certification, Permission: signing.NoChanges, Time: testNow})
}

// addDocTimestamp adds a document timestamp from the test TSA; wrong stamps
// a digest of other bytes.
func addDocTimestamp(t testing.TB, pdf []byte, tsaURL string, wrong bool) []byte {
	t.Helper()
	e, err := signing.NewEditor(pdf)
	require.NoError(t, err)
	out, err := e.AddDocumentTimestamp(func(d []byte) ([]byte, error) {
		if wrong {
			d = bytes.Repeat([]byte{7}, len(d))
		}
		req, err := (&timestamp.Request{HashAlgorithm: crypto.SHA256, HashedMessage: d, Certificates: true}).Marshal()
		if err != nil {
			return nil, err
		}
		resp, err := http.Post(tsaURL, "application/timestamp-query", bytes.NewReader(req))
		if err != nil {
			return nil, err
		}
		defer func() { _ = resp.Body.Close() }()
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return nil, err
		}
		ts, err := timestamp.ParseResponse(body)
		if err != nil {
			return nil, err
		}
		return ts.RawToken, nil
	})
	require.NoError(t, err)
	return out
}

// addSignature signs pdf with a hand-made signature field carrying extra
// keys (a /Lock), as other signing tools write them.
func addSignature(t testing.TB, pdf []byte, s *signing.Signer, name, extra string) []byte {
	t.Helper()
	e, err := signing.NewEditor(pdf)
	require.NoError(t, err)
	out, err := e.AddSignature(s, name, extra)
	require.NoError(t, err)
	return out
}
