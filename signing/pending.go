package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"slices"
	"time"
)

// Two-phase signing, for remote signing services (VNPT SmartCA, Viettel
// MySign and the other services licensed under Decree 23/2025/NĐ-CP) where
// the signer approves on a phone minutes later, maybe answering another
// replica of the portal: [Prepare] lays out the signature and returns the
// digest to sign with a [Pending] state the portal stores with the
// dossier; [Complete], later and maybe in another process, takes the
// signature value and the chain, checks the result as [Sign] does and
// writes it. With the same key, time and options the result is the file
// [Sign] writes, byte for byte (for deterministic keys: RSA PKCS #1 v1.5).

// DefaultExpiry is how long a [Pending] signature waits for its value when
// [Options.Expiry] is zero.
const DefaultExpiry = 30 * time.Minute

// Pending is a signature laid out by [Prepare] and waiting for its value.
// It marshals to JSON (MarshalJSON), for a portal to keep it with the
// dossier, and back (UnmarshalJSON), checked; it holds no key and no
// credential (a timestamp authority's password is given again to
// [Complete]). A Pending is immutable and safe for concurrent use.
type Pending struct {
	d       *draft
	expires time.Time
	tsURL   string
	tsTime  time.Duration
	tailSum [32]byte // SHA-256 of the input's last bytes: a quick sameness check
}

// Prepare lays out a signature by chain's first certificate (then its
// issuers) on the PDF of size bytes read from in, with the same checks and
// options as [Sign] (opt.Time, zero meaning now, is the signing time), and
// returns what the signer must sign. Nothing is written. A timestamp
// (opt.Timestamp) is fetched by [Complete], over the signature value.
func Prepare(ctx context.Context, in io.ReaderAt, size int64, chain []*x509.Certificate, opt Options) (*Pending, error) {
	if opt.Expiry < 0 {
		return nil, fmt.Errorf("%w: negative Expiry", ErrOptions)
	}
	d, err := newDraft(ctx, in, size, chain, opt)
	if err != nil {
		return nil, err
	}
	p := &Pending{d: d, expires: d.opt.Time.Add(cmpOr(opt.Expiry, DefaultExpiry))}
	if t := opt.Timestamp; t != nil {
		p.tsURL, p.tsTime = t.URL, t.Timeout
	}
	if p.tailSum, err = inputTailSum(in, size); err != nil {
		return nil, err
	}
	return p, nil
}

func cmpOr(a, b time.Duration) time.Duration {
	if a != 0 {
		return a
	}
	return b
}

const tailSumBytes = 4096

func inputTailSum(in io.ReaderAt, size int64) ([32]byte, error) {
	n := min(size, tailSumBytes)
	buf := make([]byte, n)
	if m, err := in.ReadAt(buf, size-n); int64(m) < n {
		return [32]byte{}, fmt.Errorf("signing: read: %w", cmpOrErr(err, io.ErrUnexpectedEOF))
	}
	return sha256.Sum256(buf), nil
}

func cmpOrErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// Digest returns the digest the signer signs, computed with [Pending.Hash]:
// the hash of the DER signed attributes. Remote services that sign a hash
// (CSC's signatures/signHash) take this.
func (p *Pending) Digest() []byte {
	d, _ := p.d.c.attrsDigest(p.d.attrs) // attrs were built by this package
	return d
}

// Hash returns the digest algorithm: SHA-256, or SHA-384/SHA-512 for
// ECDSA P-384/P-521 keys.
func (p *Pending) Hash() crypto.Hash { return p.d.c.hash }

// SignedAttributes returns the DER bytes whose hash is [Pending.Digest],
// for services that hash what they sign themselves.
func (p *Pending) SignedAttributes() []byte {
	return der(derSet, p.d.attrs)
}

// Certificate returns the signing certificate the signature was prepared
// for.
func (p *Pending) Certificate() *x509.Certificate { return p.d.c.chain[0] }

// Expires returns the time after which [Complete] refuses the signature.
func (p *Pending) Expires() time.Time { return p.expires }

// Field returns the name of the signature field the signature fills.
func (p *Pending) Field() string { return p.d.name }

// CompleteOptions controls [Complete].
type CompleteOptions struct {
	// Now is the time the expiry is checked at; zero means the time
	// Complete is called.
	Now time.Time
	// Timestamp, when set, is the timestamp authority to use (with its
	// client and credentials); nil means the one given to [Prepare], if
	// any, with a default client.
	Timestamp *Timestamp
	// Limits bound the check of the signed output, as [Options.Limits]
	// bound Prepare's reading of the input (a [Pending] read back from
	// JSON does not carry them); zero fields mean the defaults.
	Limits Limits
}

// Complete finishes the signature p with its value sig, made by the
// signing certificate (chain: that certificate first, then its issuers;
// nil means the chain given to Prepare), and writes the signed file to
// out: the input unchanged, then the update. in must hold the document
// Prepare read. ECDSA values are accepted in ASN.1 or as r||s.
//
// Nothing is written unless every check passes: the value verifies with
// the certificate, the timestamp (if any) is fetched and checked, and the
// output is re-parsed and every signature checked as [Sign] does. After
// p's expiry Complete returns [ErrExpired]; another document, an unusable
// state, another certificate or a wrong value return [ErrPending] or
// [ErrKey]; ctx bounds the timestamp exchange.
func Complete(ctx context.Context, in io.ReaderAt, size int64, out io.Writer, p *Pending, sig []byte, chain []*x509.Certificate, opt CompleteOptions) error {
	tail, err := p.complete(ctx, in, size, sig, chain, opt)
	if err != nil {
		return err
	}
	return writeSigned(ctx, in, size, out, tail)
}

// writeSigned writes the input followed by the update.
func writeSigned(ctx context.Context, in io.ReaderAt, size int64, out io.Writer, tail []byte) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if _, err := io.Copy(out, io.NewSectionReader(in, 0, size)); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	if _, err := out.Write(tail); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	return nil
}

func (p *Pending) complete(ctx context.Context, in io.ReaderAt, size int64, sig []byte, chain []*x509.Certificate, opt CompleteOptions) ([]byte, error) {
	if p == nil || p.d == nil {
		return nil, fmt.Errorf("%w: nil state", ErrPending)
	}
	if in == nil || size != p.d.size {
		return nil, fmt.Errorf("%w: the input is not the document prepared (%d bytes, prepared %d)", ErrPending, size, p.d.size)
	}
	if sum, err := inputTailSum(in, size); err != nil {
		return nil, err
	} else if sum != p.tailSum {
		return nil, fmt.Errorf("%w: the input is not the document prepared", ErrPending)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	if now.After(p.expires) {
		return nil, fmt.Errorf("%w: prepared signature expired at %s", ErrExpired, p.expires.In(Location).Format(time.RFC3339))
	}
	d := *p.d
	if len(chain) > 0 {
		if slices.Contains(chain, nil) || !bytes.Equal(chain[0].Raw, d.c.chain[0].Raw) {
			return nil, fmt.Errorf("%w: the value comes with another certificate than the one prepared", ErrKey)
		}
		c := *d.c
		c.chain = slices.Clone(chain)
		d.c = &c
	}
	sig = ecdsaASN1(d.c.chain[0].PublicKey, sig)
	ts := opt.Timestamp
	if ts == nil && p.tsURL != "" {
		ts = &Timestamp{URL: p.tsURL, Timeout: p.tsTime}
	}
	if ts != nil {
		// The timestamp authority stamps the value: a wrong one is
		// refused before asking it. Without a timestamp the self-check
		// below is where the value is checked, once.
		alg, err := x509Algorithm(mustSigAlg(d.c), hashOID(d.c.hash))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrKey, err)
		}
		if err := d.c.chain[0].CheckSignature(alg, p.SignedAttributes(), sig); err != nil {
			return nil, fmt.Errorf("%w: the signature value does not verify with the certificate: %w", ErrKey, err)
		}
	}
	if opt.Limits != (Limits{}) {
		d.opt.Limits = opt.Limits
	}
	// The input comes again, maybe from another copy: it is hashed once,
	// here, and must give the message digest Prepare signed for (every
	// byte of it is in the signed ranges, and so is every byte of the
	// update but the placeholder). Only then is what Prepare read of its
	// own input taken for this one: its parse when p was made in this
	// process (a copy: p stays untouched), otherwise the self-check reads
	// the input's cross-references again; the hash state goes on into the
	// self-check, which hashes only the update's bytes.
	prefix := d.c.hash.New()
	if err := hashSection(ctx, prefix, in, 0, size); err != nil {
		return nil, err
	}
	digest, err := d.u.digestFrom(prefix)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(digest, d.digest) {
		return nil, fmt.Errorf("%w: the input is not the document prepared: %w", ErrPending, errDigestMismatch)
	}
	d.prefix = prefix
	if d.f != nil {
		f := *d.f
		f.spare = nil
		d.f = &f
	}
	tail, err := d.finish(ctx, in, sig, ts)
	var sc *SelfCheckError
	if errors.As(err, &sc) && sc.Field == d.name {
		// The new signature fails the self-check: say which input was
		// wrong, the value or the document.
		switch {
		case errors.Is(sc.Err, errSignatureValue):
			return nil, fmt.Errorf("%w: the signature value does not verify with the certificate: %w", ErrKey, sc.Err)
		case errors.Is(sc.Err, errDigestMismatch):
			return nil, fmt.Errorf("%w: the input is not the document prepared: %w", ErrPending, err)
		}
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return tail, nil
}

func mustSigAlg(c *cmsSigner) asn1.ObjectIdentifier {
	a, _ := signatureAlgorithm(c.chain[0].PublicKey, c.hash)
	return a.Algorithm
}

// ecdsaASN1 turns an ECDSA value given as r||s (IEEE P1363, as some
// services return it) into ASN.1; anything else is returned as is.
func ecdsaASN1(pub crypto.PublicKey, sig []byte) []byte {
	k, ok := pub.(*ecdsa.PublicKey)
	if !ok {
		return sig
	}
	n := (k.Curve.Params().BitSize + 7) / 8
	if len(sig) != 2*n {
		return sig
	}
	var probe struct{ R, S *big.Int }
	if rest, err := asn1.Unmarshal(sig, &probe); err == nil && len(rest) == 0 {
		return sig
	}
	der, err := asn1.Marshal(struct{ R, S *big.Int }{new(big.Int).SetBytes(sig[:n]), new(big.Int).SetBytes(sig[n:])})
	if err != nil {
		return sig
	}
	return der
}

// pendingJSON is the stored form of a Pending. Version 2 stores the
// update without the run of 2*Reserve zeros of its /Contents placeholder
// (Update[ContentsAt:ContentsAt+2] is "<>"), two thirds of the state;
// version 1, which stored them, is still read.
type pendingJSON struct {
	Version     int       `json:"version"`
	Field       string    `json:"field"`
	Size        int64     `json:"input_size"`
	InputTail   []byte    `json:"input_tail_sha256"`
	Hash        string    `json:"hash"`
	Update      []byte    `json:"update"`
	ContentsAt  int       `json:"contents_at"`
	Reserve     int       `json:"reserve"`
	Attributes  []byte    `json:"signed_attributes"`
	Chain       [][]byte  `json:"chain"`
	Expires     time.Time `json:"expires"`
	TSURL       string    `json:"timestamp_url,omitempty"`
	TSTimeout   int64     `json:"timestamp_timeout_ms,omitempty"`
	SigningTime time.Time `json:"signing_time"`
}

var hashNames = map[crypto.Hash]string{crypto.SHA256: "SHA-256", crypto.SHA384: "SHA-384", crypto.SHA512: "SHA-512"}

// MarshalJSON writes the state.
func (p *Pending) MarshalJSON() ([]byte, error) {
	if p == nil || p.d == nil {
		return nil, fmt.Errorf("%w: nil state", ErrPending)
	}
	d := p.d
	update := make([]byte, 0, len(d.u.tail)-(d.u.contentsEnd-d.u.contentsStart)+2)
	update = append(append(append(update, d.u.tail[:d.u.contentsStart+1]...), '>'), d.u.tail[d.u.contentsEnd:]...)
	j := pendingJSON{Version: 2, Field: d.name, Size: d.size, InputTail: p.tailSum[:], Hash: hashNames[d.c.hash],
		Update: update, ContentsAt: d.u.contentsStart, Reserve: d.reserve, Attributes: d.attrs,
		Expires: p.expires, TSURL: p.tsURL, TSTimeout: p.tsTime.Milliseconds(), SigningTime: d.opt.Time}
	for _, c := range d.c.chain {
		j.Chain = append(j.Chain, c.Raw)
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads a state written by MarshalJSON and checks its
// shape; a state that cannot be what Prepare made is [ErrPending].
func (p *Pending) UnmarshalJSON(b []byte) error {
	var j pendingJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return fmt.Errorf("%w: %w", ErrPending, err)
	}
	bad := func(msg string) error { return fmt.Errorf("%w: %s", ErrPending, msg) }
	if j.Version != 1 && j.Version != 2 {
		return bad(fmt.Sprintf("version %d, want 1 or 2", j.Version))
	}
	// No placeholder larger than a /Contents string the parser reads.
	if j.Reserve > maxTokenLen {
		return bad("the placeholder is too large")
	}
	if j.Version == 2 {
		if j.ContentsAt <= 0 || j.ContentsAt+2 > len(j.Update) || j.Update[j.ContentsAt] != '<' || j.Update[j.ContentsAt+1] != '>' || j.Reserve <= 0 {
			return bad("the placeholder lies outside the update")
		}
		u := make([]byte, len(j.Update)+2*j.Reserve)
		n := copy(u, j.Update[:j.ContentsAt+1])
		fillZeroDigits(u[n : n+2*j.Reserve])
		copy(u[n+2*j.Reserve:], j.Update[j.ContentsAt+1:])
		j.Update = u
	}
	var h crypto.Hash
	for k, n := range hashNames {
		if n == j.Hash {
			h = k
		}
	}
	end := j.ContentsAt + 2*j.Reserve + 2
	switch {
	case h == 0:
		return bad("unknown hash " + j.Hash)
	case j.Size < 16 || len(j.InputTail) != 32 || len(j.Chain) == 0 || len(j.Attributes) == 0:
		return bad("missing fields")
	case j.Reserve <= 0 || j.ContentsAt <= 0 || end <= j.ContentsAt || end > len(j.Update):
		return bad("the placeholder lies outside the update")
	case j.Update[j.ContentsAt] != '<' || j.Update[end-1] != '>' || !onlyZeroDigits(j.Update[j.ContentsAt+1:end-1]):
		return bad("the placeholder is not a run of zeros")
	}
	var chain []*x509.Certificate
	for _, der := range j.Chain {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return fmt.Errorf("%w: certificate: %w", ErrPending, err)
		}
		chain = append(chain, c)
	}
	attrs, err := parseAttributes(j.Attributes)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrPending, err)
	}
	// The attributes are those of a signature over data, with the
	// message digest Complete compares its input's with.
	read := &parsedCMS{ContentType: oidData}
	if err := read.readSignedAttributes(attrs); err != nil {
		return fmt.Errorf("%w: signed attributes: %w", ErrPending, err)
	}
	if len(read.Digest) != h.Size() {
		return bad("the message digest is not a " + j.Hash + " digest")
	}
	d := &draft{size: j.Size, name: j.Field, opt: Options{Time: j.SigningTime},
		c: &cmsSigner{chain: chain, hash: h}, reserve: j.Reserve, attrs: j.Attributes, digest: read.Digest,
		u: &update{tail: j.Update, contentsStart: j.ContentsAt, contentsEnd: end, size: j.Size}}
	if digestFor(chain[0].PublicKey) != h {
		return bad("the hash does not match the certificate's key")
	}
	*p = Pending{d: d, expires: j.Expires, tsURL: j.TSURL, tsTime: time.Duration(j.TSTimeout) * time.Millisecond, tailSum: [32]byte(j.InputTail)}
	return nil
}

// zeroDigits is a run of the placeholder's '0' characters; never
// modified.
var zeroDigits = bytes.Repeat([]byte{'0'}, 4096)

// fillZeroDigits sets every byte of b to '0'.
func fillZeroDigits(b []byte) {
	for len(b) > 0 {
		b = b[copy(b, zeroDigits):]
	}
}

// onlyZeroDigits says whether b is a run of '0' characters.
func onlyZeroDigits(b []byte) bool {
	for len(b) > 0 {
		k := min(len(b), len(zeroDigits))
		if !bytes.Equal(b[:k], zeroDigits[:k]) {
			return false
		}
		b = b[k:]
	}
	return true
}

// RemoteSigner is the one shape of a remote signing service: a digest
// in, the signature value and the certificate chain out. Certificates
// returns the chain before signing (the signed attributes name the
// signing certificate); SignHash may block until the signer approves, and
// must give up when ctx is done. signing/csc implements it for the Cloud
// Signature Consortium API.
type RemoteSigner interface {
	// Certificates returns the signing certificate and its issuers.
	Certificates(ctx context.Context) ([]*x509.Certificate, error)
	// SignHash signs digest, computed with h, and returns the value and
	// the chain it was made with (nil: the one Certificates returned).
	SignHash(ctx context.Context, digest []byte, h crypto.Hash) (sig []byte, chain []*x509.Certificate, err error)
}

// SignRemote signs in one call through a remote service: [Prepare],
// r.SignHash, [Complete]. A service that answers late (ctx done) or after
// the expiry leaves out untouched.
func SignRemote(ctx context.Context, in io.ReaderAt, size int64, out io.Writer, r RemoteSigner, opt Options) error {
	if r == nil {
		return fmt.Errorf("%w: nil RemoteSigner", ErrKey)
	}
	chain, err := r.Certificates(ctx)
	if err != nil {
		return fmt.Errorf("%w: remote certificates: %w", ErrKey, err)
	}
	p, err := Prepare(ctx, in, size, chain, opt)
	if err != nil {
		return err
	}
	sig, got, err := r.SignHash(ctx, p.Digest(), p.Hash())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%w: remote signature: %w", ErrKey, err)
	}
	return Complete(ctx, in, size, out, p, sig, got, CompleteOptions{Timestamp: opt.Timestamp})
}
