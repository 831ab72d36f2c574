package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSignKeyTypes(t *testing.T) {
	ca := newCA(t)
	in := samplePDF(t, signingtest.PDFOptions{Text: "Application"})
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.RSA4096, signingtest.ECDSAP256, signingtest.ECDSAP384} {
		t.Run(kt.String(), func(t *testing.T) {
			if kt == signingtest.RSA4096 && testing.Short() {
				t.Skip("slow key generation")
			}
			s := newSigner(t, ca, "Trần Văn Nghĩa", kt)
			out := mustSign(t, in, s, signing.Options{Name: "Trần Văn Nghĩa", Reason: "Nộp hồ sơ", Location: "UBND phường Bến Nghé", Contact: "nghia@example.vn"})
			require.True(t, bytes.HasPrefix(out, in), "incremental update keeps the input bytes")
			requireInterop(t, out, 1)
			_, sigs, err := signing.Inspect(out)
			require.NoError(t, err)
			assert.Equal(t, "Trần Văn Nghĩa", sigs[0].Name)
			assert.Equal(t, "Nộp hồ sơ", sigs[0].Reason)
			assert.Equal(t, "UBND phường Bến Nghé", sigs[0].Location)
			assert.Equal(t, "nghia@example.vn", sigs[0].Contact)
		})
	}
}

func TestSignSeveral(t *testing.T) {
	ca := newCA(t)
	tsa := newTSA(t, ca, signingtest.TSAHonest)
	citizen := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.RSA2048)
	officer := newSigner(t, ca, "Lê Thị Hoa", signingtest.ECDSAP256)
	leader := newSigner(t, ca, "Phạm Minh Đức", signingtest.ECDSAP384)
	ts := &signing.Timestamp{URL: tsa.URL}
	type step struct {
		s   *signing.Signer
		opt signing.Options
	}
	cases := []struct {
		name  string
		input signingtest.PDFOptions
		steps []step
	}{
		{"approval after approval after approval", signingtest.PDFOptions{}, []step{
			{citizen, signing.Options{Name: "Trần Văn Nghĩa"}},
			{officer, signing.Options{Name: "Lê Thị Hoa"}},
			{leader, signing.Options{Name: "Phạm Minh Đức"}},
		}},
		{"approval after a timestamped one", signingtest.PDFOptions{}, []step{
			{citizen, signing.Options{Name: "Trần Văn Nghĩa", Timestamp: ts}},
			{officer, signing.Options{Name: "Lê Thị Hoa", Timestamp: ts}},
			{leader, signing.Options{Name: "Phạm Minh Đức"}},
		}},
		{"approval after certification allowing form filling", signingtest.PDFOptions{FormField: true}, []step{
			{officer, signing.Options{Name: "Lê Thị Hoa", Kind: signing.Certification}},
			{citizen, signing.Options{Name: "Trần Văn Nghĩa"}},
		}},
		{"approval after certification allowing annotations, xref stream input", signingtest.PDFOptions{XRefStream: true, Pages: 3}, []step{
			{officer, signing.Options{Kind: signing.Certification, Permission: signing.AllowAnnotations, Page: 2}},
			{citizen, signing.Options{Name: "Trần Văn Nghĩa", Appearance: &signing.Appearance{Page: 3, Rect: [4]float64{300, 50, 550, 120}}}},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := samplePDF(t, tc.input)
			for i, st := range tc.steps {
				next := mustSign(t, doc, st.s, st.opt)
				require.True(t, bytes.HasPrefix(next, doc))
				requireInterop(t, next, i+1)
				doc = next
			}
			_, sigs, err := signing.Inspect(doc)
			require.NoError(t, err)
			for i, st := range tc.steps {
				assert.Equal(t, st.opt.Name, sigs[i].Name)
				if st.opt.Kind == signing.Certification {
					assert.Equal(t, st.opt.Permission.P(), sigs[i].DocMDP)
				} else {
					assert.Zero(t, sigs[i].DocMDP)
				}
			}
		})
	}
}

func TestSignNotAllowed(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{})
	locked := mustSign(t, in, s, signing.Options{Kind: signing.Certification, Permission: signing.NoChanges})
	requireInterop(t, locked, 1)
	approved := mustSign(t, in, s, signing.Options{})
	cases := []struct {
		name string
		in   []byte
		opt  signing.Options
	}{
		{"approval after certification with no changes", locked, signing.Options{}},
		{"certification after approval", approved, signing.Options{Kind: signing.Certification}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := signing.Sign(t.Context(), bytes.NewReader(tc.in), int64(len(tc.in)), &out, s, tc.opt)
			require.ErrorIs(t, err, signing.ErrNotAllowed)
			assert.Zero(t, out.Len(), "nothing written on error")
		})
	}
}

func TestSignBadInput(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	good := samplePDF(t, signingtest.PDFOptions{})
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name   string
		ctx    context.Context
		in     []byte
		signer *signing.Signer
		opt    signing.Options
		want   error
	}{
		{"empty", context.Background(), nil, s, signing.Options{}, signing.ErrNotPDF},
		{"not a PDF", context.Background(), []byte("PK\x03\x04 this is a zip file, not a PDF at all"), s, signing.Options{}, signing.ErrNotPDF},
		{"HTML", context.Background(), []byte("<html><body>%PDF-1.7</body></html>"), s, signing.Options{}, signing.ErrNotPDF},
		{"truncated", context.Background(), good[:len(good)/2], s, signing.Options{}, signing.ErrMalformed},
		{"no startxref", context.Background(), bytes.ReplaceAll(good, []byte("startxref"), []byte("startxxxx")), s, signing.Options{}, signing.ErrMalformed},
		{"too large", context.Background(), good, s, signing.Options{MaxSize: 100}, signing.ErrTooLarge},
		{"nil signer", context.Background(), good, nil, signing.Options{}, signing.ErrKey},
		{"bad kind", context.Background(), good, s, signing.Options{Kind: 7}, signing.ErrOptions},
		{"bad permission", context.Background(), good, s, signing.Options{Permission: -1}, signing.ErrOptions},
		{"page out of range", context.Background(), good, s, signing.Options{Page: 5}, signing.ErrOptions},
		{"empty appearance", context.Background(), good, s, signing.Options{Appearance: &signing.Appearance{}}, signing.ErrOptions},
		{"empty TSA URL", context.Background(), good, s, signing.Options{Timestamp: &signing.Timestamp{}}, signing.ErrOptions},
		{"canceled", canceled, good, s, signing.Options{}, context.Canceled},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			err := signing.Sign(tc.ctx, bytes.NewReader(tc.in), int64(len(tc.in)), &out, tc.signer, tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, out.Len(), "nothing written on error")
		})
	}
	t.Run("malformed error carries the offset", func(t *testing.T) {
		bad := bytes.Replace(good, []byte("/Type /Pages"), []byte("/Type /Pages )"), 1)
		_, err := signBytes(t.Context(), bad, s, signing.Options{})
		var me *signing.MalformedError
		require.ErrorAs(t, err, &me)
		assert.Positive(t, me.Offset)
	})
}

func TestSignTimestampFaults(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{})
	for _, fault := range []signingtest.TSAFault{signingtest.TSAWrongImprint, signingtest.TSAWrongNonce, signingtest.TSAError} {
		tsa := newTSA(t, ca, fault)
		_, err := signBytes(t.Context(), in, s, signing.Options{Timestamp: &signing.Timestamp{URL: tsa.URL}})
		require.ErrorIs(t, err, signing.ErrTimestamp, "fault %d", fault)
	}
}

// The self-check refuses to add a signature to a file whose earlier
// signature no longer matches its bytes.
func TestSelfCheckCatchesBrokenSignature(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{Text: "Amount 100000"})
	signed := mustSign(t, in, s, signing.Options{})
	tampered := bytes.Replace(signed, []byte("Amount 100000"), []byte("Amount 900000"), 1)
	require.NotEqual(t, signed, tampered)
	var out bytes.Buffer
	err := signing.Sign(t.Context(), bytes.NewReader(tampered), int64(len(tampered)), &out, s, signing.Options{})
	require.ErrorIs(t, err, signing.ErrSelfCheck)
	var sc *signing.SelfCheckError
	require.ErrorAs(t, err, &sc)
	assert.Equal(t, 0, sc.Index)
	assert.Equal(t, "Signature1", sc.Field)
	assert.Zero(t, out.Len())
}

func TestSignFile(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	dir := t.TempDir()
	src := filepath.Join(dir, "don.pdf")
	require.NoError(t, os.WriteFile(src, samplePDF(t, signingtest.PDFOptions{}), 0o600))

	dst := filepath.Join(dir, "don-signed.pdf")
	require.NoError(t, signing.SignFile(t.Context(), src, dst, s, signing.Options{Name: "A"}))
	requireInterop(t, readFile(t, dst), 1)

	// In place.
	require.NoError(t, signing.SignFile(t.Context(), dst, dst, s, signing.Options{Name: "B"}))
	requireInterop(t, readFile(t, dst), 2)

	// A failure leaves nothing at the destination.
	notPDF := filepath.Join(dir, "note.txt")
	require.NoError(t, os.WriteFile(notPDF, []byte("hello, this is not a PDF"), 0o600))
	bad := filepath.Join(dir, "bad.pdf")
	require.ErrorIs(t, signing.SignFile(t.Context(), notPDF, bad, s, signing.Options{}), signing.ErrNotPDF)
	_, err := os.Stat(bad)
	assert.True(t, errors.Is(err, os.ErrNotExist))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 3, "no temporary file left behind")
}

func TestLoadPEM(t *testing.T) {
	ca := newCA(t)
	leaf, err := ca.Issue("A", signingtest.ECDSAP384)
	require.NoError(t, err)
	cert, key, chain, err := leaf.PEM()
	require.NoError(t, err)
	s, err := signing.LoadPEM(cert, key, chain)
	require.NoError(t, err)
	assert.Equal(t, leaf.Cert.Raw, s.Certificate().Raw)
	assert.Len(t, s.Chain(), 2)
	requireInterop(t, mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{}), 1)

	other, err := ca.Issue("B", signingtest.ECDSAP384)
	require.NoError(t, err)
	_, otherKey, _, err := other.PEM()
	require.NoError(t, err)
	cases := []struct {
		name            string
		cert, key, more []byte
	}{
		{"no certificate", nil, key, nil},
		{"no key", cert, nil, nil},
		{"key of another certificate", cert, otherKey, nil},
		{"garbage certificate", []byte("-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"), key, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := signing.LoadPEM(tc.cert, tc.key, tc.more)
			require.ErrorIs(t, err, signing.ErrKey)
		})
	}
}

func TestNewSignerRejects(t *testing.T) {
	ca := newCA(t)
	leaf, err := ca.Issue("A", signingtest.ECDSAP256)
	require.NoError(t, err)
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	require.NoError(t, err)
	p224, err := ecdsa.GenerateKey(elliptic.P224(), rand.Reader)
	require.NoError(t, err)
	other, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	cases := []struct {
		name  string
		key   crypto.Signer
		chain []*x509.Certificate
	}{
		{"no chain", leaf.Key, nil},
		{"RSA 1024", small, leaf.Chain},
		{"P-224", p224, leaf.Chain},
		{"mismatched key", other, leaf.Chain},
		{"nil certificate", leaf.Key, []*x509.Certificate{nil}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := signing.NewSigner(tc.key, tc.chain)
			require.ErrorIs(t, err, signing.ErrKey)
		})
	}
}

func TestKindPermissionText(t *testing.T) {
	for _, k := range []signing.Kind{signing.Approval, signing.Certification} {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back signing.Kind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
	}
	for _, p := range []signing.Permission{signing.AllowFormFilling, signing.NoChanges, signing.AllowAnnotations} {
		b, err := p.MarshalText()
		require.NoError(t, err)
		var back signing.Permission
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, p, back)
	}
	var k signing.Kind
	require.ErrorIs(t, k.UnmarshalText([]byte("sideways")), signing.ErrOptions)
	_, err := signing.Kind(9).MarshalText()
	require.ErrorIs(t, err, signing.ErrOptions)
	var p signing.Permission
	require.ErrorIs(t, p.UnmarshalText([]byte("all")), signing.ErrOptions)
	assert.Equal(t, 2, signing.AllowFormFilling.P())
	assert.Equal(t, 1, signing.NoChanges.P())
	assert.Equal(t, 3, signing.AllowAnnotations.P())
}

func TestSignLargeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{MinSize: 3 << 20})
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	defer cancel()
	out, err := signBytes(ctx, in, s, signing.Options{})
	require.NoError(t, err)
	requireInterop(t, out, 1)
}

// A signature made by other software may be BER-encoded (indefinite
// lengths); countersigning such a file must still work.
func TestCountersignBERSignature(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "A", signingtest.RSA2048)
	signed := mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{Name: "A"})
	_, sigs, err := signing.Inspect(signed)
	require.NoError(t, err)
	br := sigs[0].ByteRange
	gap := signed[br[1]+1 : br[2]-1]
	der := make([]byte, len(gap)/2)
	_, err = hex.Decode(der, gap)
	require.NoError(t, err)
	var outer asn1.RawValue
	_, err = asn1.Unmarshal(der, &outer)
	require.NoError(t, err)
	ber := append([]byte{0x30, 0x80}, outer.Bytes...)
	ber = append(ber, 0, 0)
	enc := []byte(hex.EncodeToString(ber))
	require.Less(t, len(enc), len(gap))
	berSigned := bytes.Clone(signed)
	copy(berSigned[br[1]+1:], enc)
	for i := br[1] + 1 + int64(len(enc)); i < br[2]-1; i++ {
		berSigned[i] = '0'
	}
	requireInterop(t, berSigned, 1)

	both := mustSign(t, berSigned, newSigner(t, ca, "B", signingtest.ECDSAP256), signing.Options{Name: "B"})
	requireInterop(t, both, 2)
}

// Files rewritten by qpdf exercise what the generator does not: object
// streams, compressed cross-reference streams with PNG predictors,
// linearization.
func TestSignQPDFVariants(t *testing.T) {
	qpdf := testenv.Tool(t, "qpdf")
	ca := newCA(t)
	s := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	src := writeTemp(t, samplePDF(t, signingtest.PDFOptions{Pages: 3, FormField: true}))
	cases := []struct {
		name string
		args []string
	}{
		{"object streams", []string{"--object-streams=generate"}},
		{"linearized", []string{"--linearize"}},
		{"linearized with object streams", []string{"--linearize", "--object-streams=generate"}},
		{"qdf", []string{"--qdf"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dst := filepath.Join(t.TempDir(), "v.pdf")
			out, err := exec.Command(qpdf, append(append([]string{}, tc.args...), src, dst)...).CombinedOutput()
			require.NoError(t, err, string(out))
			in := readFile(t, dst)
			one := mustSign(t, in, s, signing.Options{Name: "Trần Văn Nghĩa"})
			requireInterop(t, one, 1)
			two := mustSign(t, one, s, signing.Options{Name: "Lê Thị Hoa"})
			requireInterop(t, two, 2)
			fields, _, err := signing.Inspect(two)
			require.NoError(t, err)
			assert.Contains(t, fields, "applicant")
		})
	}
}
