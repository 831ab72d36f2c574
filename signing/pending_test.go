package signing_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// roundTrip marshals a pending signature and reads it back, as a portal
// storing it with the dossier and completing it in another process would.
func roundTrip(t *testing.T, p *signing.Pending) *signing.Pending {
	t.Helper()
	b, err := json.Marshal(p)
	require.NoError(t, err)
	var q signing.Pending
	require.NoError(t, json.Unmarshal(b, &q))
	return &q
}

func TestPrepareCompleteSameBytesAsSign(t *testing.T) {
	ca := newCA(t)
	doc := samplePDF(t, signingtest.PDFOptions{FormField: true})
	for _, kt := range []signingtest.KeyType{signingtest.RSA2048, signingtest.RSA4096} {
		t.Run(kt.String(), func(t *testing.T) {
			leaf, err := ca.Issue("Trần Văn Nghĩa", kt)
			require.NoError(t, err)
			s, err := signing.NewSigner(leaf.Key, leaf.Chain)
			require.NoError(t, err)
			opt := signing.Options{Name: "Trần Văn Nghĩa", Reason: "Nộp hồ sơ", Time: testNow,
				Appearance: &signing.Appearance{Rect: [4]float64{50, 50, 250, 100}}}
			want := mustSign(t, doc, s, opt)

			p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, opt)
			require.NoError(t, err)
			assert.Equal(t, crypto.SHA256, p.Hash())
			assert.Equal(t, "Signature1", p.Field())
			assert.Equal(t, testNow.Add(signing.DefaultExpiry), p.Expires())
			sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
			require.NoError(t, err)
			var out bytes.Buffer
			require.NoError(t, signing.Complete(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, roundTrip(t, p), sig, leaf.Chain,
				signing.CompleteOptions{Now: testNow.Add(time.Minute)}))
			assert.Equal(t, want, out.Bytes(), "same key, time and options: the bytes Sign writes")
		})
	}
}

// p1363 returns an ECDSA value as r||s.
func p1363(t *testing.T, der []byte, size int) []byte {
	t.Helper()
	var rs struct{ R, S *big.Int }
	_, err := asn1.Unmarshal(der, &rs)
	require.NoError(t, err)
	out := make([]byte, 2*size)
	rs.R.FillBytes(out[:size])
	rs.S.FillBytes(out[size:])
	return out
}

func TestComplete(t *testing.T) {
	ca := newCA(t)
	doc := samplePDF(t, signingtest.PDFOptions{})
	other := samplePDF(t, signingtest.PDFOptions{Text: "Another document"})
	leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)
	stranger, err := ca.Issue("Người khác", signingtest.ECDSAP256)
	require.NoError(t, err)
	tsa := newTSA(t, ca, signingtest.TSAHonest)
	prepare := func(t *testing.T, opt signing.Options) *signing.Pending {
		p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, opt)
		require.NoError(t, err)
		return roundTrip(t, p)
	}
	signDER := func(t *testing.T, p *signing.Pending) []byte {
		sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
		require.NoError(t, err)
		return sig
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	tests := []struct {
		name    string
		opt     signing.Options
		in      []byte
		sig     func(t *testing.T, p *signing.Pending) []byte
		chain   []*x509.Certificate
		ctx     context.Context
		now     time.Time
		wantErr error
		stamped bool
	}{
		{name: "ecdsa-asn1", sig: signDER},
		{name: "ecdsa-r-s", sig: func(t *testing.T, p *signing.Pending) []byte { return p1363(t, signDER(t, p), 32) }},
		{name: "chain-from-prepare", sig: signDER, chain: []*x509.Certificate{}},
		{name: "with-timestamp", opt: signing.Options{Timestamp: &signing.Timestamp{URL: tsa.URL}}, sig: signDER, stamped: true},
		{name: "expired", sig: signDER, now: testNow.Add(signing.DefaultExpiry + time.Second), wantErr: signing.ErrExpired},
		{name: "short-expiry", opt: signing.Options{Expiry: time.Minute}, sig: signDER, now: testNow.Add(2 * time.Minute), wantErr: signing.ErrExpired},
		{name: "another-document", in: other, sig: signDER, wantErr: signing.ErrPending},
		{name: "another-certificate", sig: signDER, chain: stranger.Chain, wantErr: signing.ErrKey},
		{name: "wrong-value", sig: func(t *testing.T, p *signing.Pending) []byte {
			sig, err := stranger.Key.Sign(rand.Reader, p.Digest(), p.Hash())
			require.NoError(t, err)
			return sig
		}, wantErr: signing.ErrKey},
		{name: "value-of-other-bytes", sig: func(t *testing.T, p *signing.Pending) []byte {
			d := bytes.Clone(p.Digest())
			d[0] ^= 1
			sig, err := leaf.Key.(*ecdsa.PrivateKey).Sign(rand.Reader, d, crypto.SHA256)
			require.NoError(t, err)
			return sig
		}, wantErr: signing.ErrKey},
		{name: "context-cancelled", sig: signDER, ctx: cancelled, wantErr: context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Time = testNow
			p := prepare(t, tc.opt)
			in := doc
			if tc.in != nil {
				in = tc.in
			}
			ctx := tc.ctx
			if ctx == nil {
				ctx = t.Context()
			}
			now := tc.now
			if now.IsZero() {
				now = testNow.Add(time.Minute)
			}
			chain := leaf.Chain
			if tc.chain != nil {
				chain = tc.chain
			}
			var out bytes.Buffer
			err := signing.Complete(ctx, bytes.NewReader(in), int64(len(in)), &out, p, tc.sig(t, p), chain, signing.CompleteOptions{Now: now})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				assert.Zero(t, out.Len(), "nothing is written")
				return
			}
			require.NoError(t, err)
			rep, err := signing.Verify(t.Context(), bytes.NewReader(out.Bytes()), int64(out.Len()), signing.Policy{Roots: ca.Pool(), At: testNow})
			require.NoError(t, err)
			require.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))
			assert.Equal(t, tc.stamped, rep.Signatures[0].Timestamp != nil)
		})
	}
}

// Complete checks the value and the document in its self-check, once:
// a document of the prepared size and last bytes but other content, given
// to a Pending kept in memory or read back from JSON, is refused with
// ErrPending, a value of other bytes with ErrKey, and nothing is written.
func TestCompleteChecksInputAndValueOnce(t *testing.T) {
	ca := newCA(t)
	leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)
	doc := samplePDF(t, signingtest.PDFOptions{Text: "Amount 100000", MinSize: 40 << 10})
	at := bytes.Index(doc, []byte("Amount 100000"))
	require.Positive(t, at)
	require.Less(t, at, len(doc)-8192, "the change must lie before the bytes Complete compares quickly")
	other := bytes.Replace(doc, []byte("Amount 100000"), []byte("Amount 900000"), 1)
	for _, tc := range []struct {
		name    string
		json    bool
		in      []byte
		sign    func(p *signing.Pending) []byte
		wantErr error
	}{
		{name: "in-memory", in: doc},
		{name: "from-json", json: true, in: doc},
		{name: "in-memory/other-document", in: other, wantErr: signing.ErrPending},
		{name: "from-json/other-document", json: true, in: other, wantErr: signing.ErrPending},
		{name: "in-memory/value-of-other-bytes", in: doc, wantErr: signing.ErrKey, sign: func(p *signing.Pending) []byte {
			d := bytes.Clone(p.Digest())
			d[1] ^= 1
			sig, err := leaf.Key.Sign(rand.Reader, d, p.Hash())
			require.NoError(t, err)
			return sig
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
			require.NoError(t, err)
			if tc.json {
				p = roundTrip(t, p)
			}
			sign := tc.sign
			if sign == nil {
				sign = func(p *signing.Pending) []byte {
					sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
					require.NoError(t, err)
					return sig
				}
			}
			var out bytes.Buffer
			err = signing.Complete(t.Context(), bytes.NewReader(tc.in), int64(len(tc.in)), &out, p, sign(p), nil, signing.CompleteOptions{Now: testNow})
			if tc.wantErr != nil {
				require.ErrorIs(t, err, tc.wantErr)
				assert.Zero(t, out.Len())
				return
			}
			require.NoError(t, err)
			rep, err := signing.Verify(t.Context(), bytes.NewReader(out.Bytes()), int64(out.Len()), signing.Policy{Roots: ca.Pool(), At: testNow})
			require.NoError(t, err)
			assert.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))
		})
	}
}

func TestPendingUnmarshalRefusesDamage(t *testing.T) {
	ca := newCA(t)
	doc := samplePDF(t, signingtest.PDFOptions{})
	leaf, err := ca.Issue("A", signingtest.ECDSAP256)
	require.NoError(t, err)
	p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
	require.NoError(t, err)
	good, err := json.Marshal(p)
	require.NoError(t, err)
	mutate := func(f func(m map[string]any)) []byte {
		var m map[string]any
		require.NoError(t, json.Unmarshal(good, &m))
		f(m)
		b, err := json.Marshal(m)
		require.NoError(t, err)
		return b
	}
	tests := []struct {
		name string
		in   []byte
	}{
		{"not-an-object", []byte(`"a string"`)},
		{"unknown-field", mutate(func(m map[string]any) { m["extra"] = 1 })},
		{"version", mutate(func(m map[string]any) { m["version"] = 3 })},
		{"placeholder-too-large", mutate(func(m map[string]any) { m["reserve"] = 1 << 30 })},
		{"update-truncated", mutate(func(m map[string]any) { m["update"] = m["update"].(string)[:40] })},
		{"hash", mutate(func(m map[string]any) { m["hash"] = "MD5" })},
		{"hash-not-the-key's", mutate(func(m map[string]any) { m["hash"] = "SHA-512" })},
		{"placeholder-outside", mutate(func(m map[string]any) { m["contents_at"] = 1 << 30 })},
		{"placeholder-moved", mutate(func(m map[string]any) { m["contents_at"] = m["contents_at"].(float64) - 1 })},
		{"reserve", mutate(func(m map[string]any) { m["reserve"] = 0 })},
		{"no-chain", mutate(func(m map[string]any) { m["chain"] = []string{} })},
		{"bad-certificate", mutate(func(m map[string]any) { m["chain"] = []string{"AAAA"} })},
		{"no-attributes", mutate(func(m map[string]any) { m["signed_attributes"] = "" })},
		{"tail-sum", mutate(func(m map[string]any) { m["input_tail_sha256"] = "AAAA" })},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var q signing.Pending
			err := json.Unmarshal(tc.in, &q)
			require.ErrorIs(t, err, signing.ErrPending)
		})
	}
	var q signing.Pending
	require.NoError(t, json.Unmarshal(good, &q))
	assert.Equal(t, p.Digest(), q.Digest())
	assert.Equal(t, p.SignedAttributes(), q.SignedAttributes())
	assert.True(t, p.Certificate().Equal(q.Certificate()))
}

// A state of version 1, which stored the placeholder's zeros, is still
// read, and completes to the file a version 2 state completes to.
func TestPendingReadsVersion1(t *testing.T) {
	ca := newCA(t)
	doc := samplePDF(t, signingtest.PDFOptions{})
	leaf, err := ca.Issue("A", signingtest.RSA2048) // deterministic values: the same bytes twice
	require.NoError(t, err)
	p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
	require.NoError(t, err)
	v2, err := json.Marshal(p)
	require.NoError(t, err)
	var m map[string]any
	require.NoError(t, json.Unmarshal(v2, &m))
	require.EqualValues(t, 2, m["version"])
	update, err := base64.StdEncoding.DecodeString(m["update"].(string))
	require.NoError(t, err)
	at, reserve := int(m["contents_at"].(float64)), int(m["reserve"].(float64))
	require.Equal(t, "<>", string(update[at:at+2]))
	full := slices.Concat(update[:at+1], bytes.Repeat([]byte{'0'}, 2*reserve), update[at+1:])
	m["version"], m["update"] = 1, base64.StdEncoding.EncodeToString(full)
	v1, err := json.Marshal(m)
	require.NoError(t, err)
	sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
	require.NoError(t, err)
	var outs [][]byte
	for _, state := range [][]byte{v1, v2} {
		var q signing.Pending
		require.NoError(t, json.Unmarshal(state, &q))
		var out bytes.Buffer
		require.NoError(t, signing.Complete(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, &q, sig, nil, signing.CompleteOptions{Now: testNow}))
		outs = append(outs, out.Bytes())
	}
	assert.Equal(t, outs[0], outs[1])
	rep, err := signing.Verify(t.Context(), bytes.NewReader(outs[0]), int64(len(outs[0])), signing.Policy{Roots: ca.Pool(), At: testNow})
	require.NoError(t, err)
	assert.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))
}

// slowRemote answers after the caller gives up.
type slowRemote struct{ chain []*x509.Certificate }

func (r slowRemote) Certificates(context.Context) ([]*x509.Certificate, error) { return r.chain, nil }
func (r slowRemote) SignHash(ctx context.Context, _ []byte, _ crypto.Hash) ([]byte, []*x509.Certificate, error) {
	<-ctx.Done()
	return nil, nil, ctx.Err()
}

// keyRemote signs at once with a key in memory.
type keyRemote struct{ leaf *signingtest.Leaf }

func (r keyRemote) Certificates(context.Context) ([]*x509.Certificate, error) {
	return r.leaf.Chain, nil
}
func (r keyRemote) SignHash(_ context.Context, d []byte, h crypto.Hash) ([]byte, []*x509.Certificate, error) {
	sig, err := r.leaf.Key.Sign(rand.Reader, d, h)
	return sig, nil, err
}

func TestSignRemoteAndLateSigner(t *testing.T) {
	ca := newCA(t)
	doc := samplePDF(t, signingtest.PDFOptions{})
	leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)

	var out bytes.Buffer
	require.NoError(t, signing.SignRemote(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, keyRemote{leaf}, signing.Options{Time: testNow}))
	rep, err := signing.Verify(t.Context(), bytes.NewReader(out.Bytes()), int64(out.Len()), signing.Policy{Roots: ca.Pool()})
	require.NoError(t, err)
	assert.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))

	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	out.Reset()
	err = signing.SignRemote(ctx, bytes.NewReader(doc), int64(len(doc)), &out, slowRemote{leaf.Chain}, signing.Options{Time: testNow})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Zero(t, out.Len())

	// A completion after the expiry leaves no file, not even a temporary one.
	dir := t.TempDir()
	inPath, outPath := filepath.Join(dir, "don.pdf"), filepath.Join(dir, "don-signed.pdf")
	require.NoError(t, os.WriteFile(inPath, doc, 0o600))
	p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
	require.NoError(t, err)
	sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
	require.NoError(t, err)
	err = signing.CompleteFile(t.Context(), inPath, outPath, p, sig, nil, signing.CompleteOptions{Now: p.Expires().Add(time.Second)})
	require.ErrorIs(t, err, signing.ErrExpired)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "only the input is there")
	require.NoError(t, signing.CompleteFile(t.Context(), inPath, outPath, p, sig, nil, signing.CompleteOptions{Now: testNow}))
	rep, err = signing.VerifyFile(t.Context(), outPath, signing.Policy{Roots: ca.Pool()})
	require.NoError(t, err)
	assert.Equal(t, signing.StatusValid, rep.Status)
	assert.False(t, errors.Is(err, signing.ErrPending))
}

// FuzzPendingJSON: a stored state is outside input; reading it never
// panics, and a state that reads completes or fails with an error.
func FuzzPendingJSON(f *testing.F) {
	ca := newCA(f)
	doc := samplePDF(f, signingtest.PDFOptions{})
	leaf, err := ca.Issue("A", signingtest.ECDSAP256)
	require.NoError(f, err)
	p, err := signing.Prepare(context.Background(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
	require.NoError(f, err)
	good, err := json.Marshal(p)
	require.NoError(f, err)
	f.Add(good)
	f.Add([]byte(`{"version":1}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		var q signing.Pending
		if json.Unmarshal(b, &q) != nil {
			return
		}
		_ = q.Digest()
		sig, err := leaf.Key.Sign(rand.Reader, q.Digest(), crypto.SHA256)
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := signing.Complete(context.Background(), bytes.NewReader(doc), int64(len(doc)), &out, &q, sig, nil, signing.CompleteOptions{Now: testNow}); err != nil && out.Len() > 0 {
			t.Fatalf("failed completion wrote %d bytes: %v", out.Len(), err)
		}
	})
}

// A Pending kept in memory is safe for concurrent use: Completes of it
// at once (each taking Prepare's parse of the input) write the same
// bytes, and leave it as it was for the next.
func TestCompleteConcurrentInMemory(t *testing.T) {
	ca := newCA(t)
	leaf, err := ca.Issue("Trần Văn Nghĩa", signingtest.RSA2048)
	require.NoError(t, err)
	doc := samplePDF(t, signingtest.PDFOptions{FormField: true})
	p, err := signing.Prepare(t.Context(), bytes.NewReader(doc), int64(len(doc)), leaf.Chain, signing.Options{Time: testNow})
	require.NoError(t, err)
	sig, err := leaf.Key.Sign(rand.Reader, p.Digest(), p.Hash())
	require.NoError(t, err)
	const n = 4
	outs := make([][]byte, n)
	errs := make([]error, n)
	done := make(chan int)
	for i := range n {
		go func() {
			var out bytes.Buffer
			errs[i] = signing.Complete(t.Context(), bytes.NewReader(doc), int64(len(doc)), &out, p, sig, nil, signing.CompleteOptions{Now: testNow})
			outs[i] = out.Bytes()
			done <- i
		}()
	}
	for range n {
		<-done
	}
	for i := range n {
		require.NoError(t, errs[i])
		assert.Equal(t, outs[0], outs[i])
	}
	rep, err := signing.Verify(t.Context(), bytes.NewReader(outs[0]), int64(len(outs[0])), signing.Policy{Roots: ca.Pool(), At: testNow})
	require.NoError(t, err)
	assert.Equal(t, signing.StatusValid, rep.Status, rep.Text(signing.English))
	var again bytes.Buffer
	require.NoError(t, signing.Complete(t.Context(), bytes.NewReader(doc), int64(len(doc)), &again, roundTrip(t, p), sig, nil, signing.CompleteOptions{Now: testNow}))
	assert.Equal(t, outs[0], again.Bytes(), "from the state read back: the same bytes")
}
