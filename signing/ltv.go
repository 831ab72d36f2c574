package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"time"
)

// Long-term validation (PAdES B-LT and B-LTA, ETSI EN 319 142-1 and ISO
// 32000-2 section 12.8.4.3): the certificates and revocation data that
// validate every signature are added in a document security store (DSS),
// then, for B-LTA, a document timestamp (ETSI.RFC3161) over the whole file.
// Each is an incremental update: every earlier signature stays valid, and
// Verify classifies both as validation data.

// ErrValidationData means the validation data for some certificate could
// not be gathered: no issuer to build its chain, or no OCSP response or
// CRL. See [ValidationDataError]. Nothing is written.
var ErrValidationData = errors.New("signing: validation data unavailable")

// ValidationDataError names the certificate whose validation data is
// missing. It wraps [ErrValidationData].
type ValidationDataError struct {
	Subject string // the certificate's subject
	Msg     string // what is missing
}

// Error names the certificate and what is missing.
func (e *ValidationDataError) Error() string {
	return fmt.Sprintf("signing: validation data for %q: %s", e.Subject, e.Msg)
}

// Unwrap returns [ErrValidationData].
func (e *ValidationDataError) Unwrap() error { return ErrValidationData }

// ValidationOptions controls [AddValidationData]. The zero value adds a
// DSS (B-LT) with a default HTTP client and no document timestamp.
type ValidationOptions struct {
	// Certificates are issuers to build chains with and embed (the root
	// and intermediates the signatures do not carry).
	Certificates []*x509.Certificate
	// HTTPClient fetches OCSP responses and CRLs; nil means a client
	// with no other settings.
	HTTPClient *http.Client
	// Timeout bounds each OCSP or CRL request; zero means 10 seconds.
	Timeout time.Duration
	// At is the time the fetched evidence must speak for; zero means
	// now.
	At time.Time
	// Timestamp, when set, adds a document timestamp after the DSS
	// (B-LTA).
	Timestamp *Timestamp
	// MaxSize is the largest input accepted; zero means DefaultMaxSize.
	MaxSize int64
	// Limits bound the work on the input and the output; zero fields mean
	// the defaults (see [Limits]).
	Limits Limits
}

// AddValidationData extends the signed PDF of size bytes read from in to
// PAdES B-LT — a DSS dictionary with every certificate of every
// signature's and timestamp's chain and an OCSP response (or else a CRL)
// for each certificate but the roots, fetched online and checked against
// the issuer — and, with opt.Timestamp, to B-LTA, and writes the result to
// out. Evidence the file already holds is kept and not fetched again.
// Nothing is written unless every signature of the result checks.
func AddValidationData(ctx context.Context, in io.ReaderAt, size int64, out io.Writer, opt ValidationOptions) error {
	maxSize := opt.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	switch {
	case in == nil || opt.MaxSize < 0:
		return fmt.Errorf("%w: nil input or negative MaxSize", ErrOptions)
	case size > maxSize:
		return fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, maxSize)
	case size < 16:
		return ErrNotPDF
	case opt.Timestamp != nil && opt.Timestamp.URL == "":
		return fmt.Errorf("%w: timestamp URL is empty", ErrOptions)
	}
	b, err := newBudget(ctx, opt.Limits)
	if err != nil {
		return err
	}
	f, err := openPDF(in, size, b)
	if err != nil {
		return err
	}
	sigs, _, err := f.allSignatures()
	if err != nil {
		return err
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: the document has no signature", ErrNoSignature)
	}
	at := opt.At
	if at.IsZero() {
		at = time.Now()
	}
	existing := dssData(ctx, f)
	pool := slices.Concat(opt.Certificates, existing.certs)
	var leaves []*x509.Certificate
	var embeddedRev validationData
	for _, sg := range sigs {
		for _, der := range signatureCMS(sg) {
			p, err := parseCMS(der)
			if err != nil {
				continue
			}
			pool = append(pool, p.Certificates...)
			if p.Signer != nil {
				leaves = append(leaves, p.Signer)
			}
			rd := cmsRevocationData(p)
			embeddedRev.ocsps = append(embeddedRev.ocsps, rd.ocsps...)
			embeddedRev.crls = append(embeddedRev.crls, rd.crls...)
		}
	}
	rc := newRevocationChecker(ctx, true, opt.HTTPClient, opt.Timeout, existing)
	var certs []*x509.Certificate
	var evidence struct{ ocsps, crls [][]byte }
	seen := map[string]bool{}
	for _, leaf := range leaves {
		chain, err := buildChain(leaf, pool)
		if err != nil {
			return err
		}
		for i, c := range chain {
			if err := ctx.Err(); err != nil {
				return err
			}
			if seen[string(c.Raw)] {
				continue
			}
			seen[string(c.Raw)] = true
			certs = append(certs, c)
			if i+1 == len(chain) {
				continue // the root: nothing revokes it
			}
			r := rc.status(c, chain[i+1], at, embeddedRev)
			if r.Status == StatusUnknownRevocation {
				if err := ctx.Err(); err != nil {
					return err
				}
				return &ValidationDataError{Subject: c.Subject.String(), Msg: "no OCSP response or CRL could be fetched"}
			}
			if !r.Embedded {
				if r.Source == "ocsp" {
					evidence.ocsps = append(evidence.ocsps, r.Evidence)
				} else {
					evidence.crls = append(evidence.crls, r.Evidence)
				}
			}
		}
	}
	tail, err := dssUpdate(f, in, size, certs, evidence.ocsps, evidence.crls)
	if err != nil {
		return err
	}
	if opt.Timestamp != nil {
		r := &concatReaderAt{a: in, aSize: size, b: tail}
		ts, err := documentTimestamp(ctx, r, size+int64(len(tail)), opt.Timestamp, at, opt.Limits)
		if err != nil {
			return err
		}
		tail = append(tail, ts...)
	}
	if err := checkAll(ctx, &concatReaderAt{a: in, aSize: size, b: tail}, size+int64(len(tail)), opt.Timestamp != nil, opt.Limits); err != nil {
		return err
	}
	return writeSigned(ctx, in, size, out, tail)
}

// signatureCMS returns the CMS structures of a signature: the signature
// and its timestamp token, or a document timestamp's token.
func signatureCMS(sg sigField) [][]byte {
	if len(sg.Contents) == 0 {
		return nil
	}
	if isDocTimestamp(sg.Dict) {
		return [][]byte{sg.Contents}
	}
	out := [][]byte{sg.Contents}
	if p, err := parseCMS(sg.Contents); err == nil && p.TSToken != nil {
		out = append(out, p.TSToken)
	}
	return out
}

// buildChain finds leaf's issuers in pool up to a self-signed root.
func buildChain(leaf *x509.Certificate, pool []*x509.Certificate) ([]*x509.Certificate, error) {
	chain := []*x509.Certificate{leaf}
	for cur := leaf; len(chain) <= 10; {
		if bytes.Equal(cur.RawSubject, cur.RawIssuer) && cur.CheckSignatureFrom(cur) == nil {
			return chain, nil
		}
		i := slices.IndexFunc(pool, func(c *x509.Certificate) bool {
			return bytes.Equal(c.RawSubject, cur.RawIssuer) && !c.Equal(cur) && cur.CheckSignatureFrom(c) == nil
		})
		if i < 0 {
			return nil, &ValidationDataError{Subject: cur.Subject.String(), Msg: "its issuer is neither in the signature nor in ValidationOptions.Certificates"}
		}
		cur = pool[i]
		chain = append(chain, cur)
	}
	return nil, &ValidationDataError{Subject: leaf.Subject.String(), Msg: "chain longer than 10 certificates"}
}

// dssUpdate writes the incremental update adding the evidence to the
// document security store (kept with what it already holds).
func dssUpdate(f *pdfFile, in io.ReaderAt, size int64, certs []*x509.Certificate, ocsps, crls [][]byte) ([]byte, error) {
	rootRef, ok := f.trailer["Root"].(pdfRef)
	if !ok {
		return nil, &MalformedError{Msg: "trailer has no /Root reference"}
	}
	catalog, err := f.dict(rootRef)
	if err != nil || catalog == nil {
		return nil, cmpOrErr(err, &MalformedError{Msg: "document catalog is missing"})
	}
	var b bytes.Buffer
	last := make([]byte, 1)
	if _, err := in.ReadAt(last, size-1); err != nil {
		return nil, fmt.Errorf("signing: read: %w", err)
	}
	if !isEOL(last[0]) {
		b.WriteByte('\n')
	}
	next := f.nextObjectNumber()
	offsets, gens := map[int]int64{}, map[int]int{}
	write := func(r pdfRef, body func()) {
		offsets[r.Num], gens[r.Num] = size+int64(b.Len()), r.Gen
		fmt.Fprintf(&b, "%d %d obj\n", r.Num, r.Gen)
		body()
		b.WriteString("\nendobj\n")
	}
	streams := func(items [][]byte) pdfArray {
		var refs pdfArray
		for _, it := range items {
			r := pdfRef{Num: next}
			next++
			write(r, func() {
				b.WriteString("<</Length " + strconv.Itoa(len(it)) + ">>\nstream\n")
				b.Write(it)
				b.WriteString("\nendstream")
			})
			refs = append(refs, r)
		}
		return refs
	}
	old, _ := f.dict(catalog["DSS"])
	keep := func(k pdfName) pdfArray {
		v, _ := f.resolve(old[k])
		a, _ := v.(pdfArray)
		return slices.Clone(a)
	}
	var certDER [][]byte
	for _, c := range certs {
		certDER = append(certDER, c.Raw)
	}
	dss := pdfDict{"Type": pdfName("DSS")}
	for _, kv := range []struct {
		k     pdfName
		items [][]byte
	}{{"Certs", certDER}, {"OCSPs", ocsps}, {"CRLs", crls}} {
		if arr := append(keep(kv.k), streams(kv.items)...); len(arr) > 0 {
			dss[kv.k] = arr
		}
	}
	dssRef := pdfRef{Num: next}
	next++
	write(dssRef, func() { writeValue(&b, dss) })
	nc := cloneDict(catalog)
	nc["DSS"] = dssRef
	write(rootRef, func() { writeValue(&b, nc) })
	writeXref(&b, f, size, rootRef, offsets, gens, next)
	return b.Bytes(), nil
}

// documentTimestamp returns the update adding a document timestamp over
// the whole file r of size bytes.
func documentTimestamp(ctx context.Context, r io.ReaderAt, size int64, ts *Timestamp, at time.Time, lim Limits) ([]byte, error) {
	b, err := newBudget(ctx, lim)
	if err != nil {
		return nil, err
	}
	b.lim.MaxObjects = raise(b.lim.MaxObjects, 32) // the DSS just added
	b.lim.MaxRevisions = raise(b.lim.MaxRevisions, 1)
	f, err := openPDF(r, size, b)
	if err != nil {
		return nil, err
	}
	_, names, err := f.allSignatures()
	if err != nil {
		return nil, err
	}
	opt := Options{Time: at, docTimestamp: true}
	reserve := 16 << 10
	for attempt := 0; ; attempt++ {
		u, err := buildUpdate(f, r, size, fieldName(names), reserve, opt, nil)
		if err != nil {
			return nil, err
		}
		digest, err := u.digest(ctx, r, crypto.SHA256)
		if err != nil {
			return nil, err
		}
		token, err := ts.stampDigest(ctx, digest, crypto.SHA256)
		if err != nil {
			return nil, err
		}
		if len(token) > reserve {
			if attempt > 0 {
				return nil, &overflowError{need: len(token), have: reserve}
			}
			reserve = len(token) + 2048
			continue
		}
		var tok asn1.RawValue
		if _, err := asn1.Unmarshal(token, &tok); err != nil {
			return nil, &TimestampError{URL: ts.URL, Err: err}
		}
		hex.Encode(u.tail[u.contentsStart+1:], token)
		return u.tail, nil
	}
}
