package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Policy says what [Verify] trusts and which later changes it accepts. The
// zero value trusts nobody: every signature is reported untrusted until
// Roots is set.
type Policy struct {
	// Roots are the trusted root certificates of signers. Neither the
	// system's roots nor any certificate embedded in the document are
	// trusted unless they are in this pool.
	Roots *x509.CertPool
	// Intermediates are extra intermediate certificates to build chains
	// with, besides those the signatures carry.
	Intermediates *x509.CertPool
	// At is the time certificates are checked at when a signature has no
	// trusted timestamp. Zero means the signing time the signer claims
	// (/M), which proves nothing: set it (to the time of receipt, or
	// time.Now()) where that matters.
	At time.Time
	// RequireTimestamp makes a signature without a trusted RFC 3161
	// signature timestamp untrusted.
	RequireTimestamp bool
	// TimestampRoots are the trusted roots of timestamp authorities; nil
	// means Roots.
	TimestampRoots *x509.CertPool
	// AllowedChanges is the most a document may change after a signature
	// for the signature to stay valid. Zero means what the document's
	// certification signature permits (form filling, or annotations too),
	// and without one [ChangesSignatures]: later signatures, document
	// timestamps and validation data only. Set [ChangesFormFilling] where
	// later signers fill in fields before they sign. [ChangesOther] is
	// never allowed, and a certification signature's DocMDP permission
	// always restricts what follows it.
	AllowedChanges Changes
	// MaxSize is the largest file accepted; zero means DefaultMaxSize.
	MaxSize int64
	// Limits bound the work on the file (objects, revisions, nesting,
	// decompressed streams); zero fields mean the defaults. A file past
	// one is refused with a [LimitError].
	Limits Limits
	// Revocation is where the revocation status of each signer's chain
	// (but its root) is looked for: nowhere (the default), in what the
	// file embeds, or also online. A certificate revoked before the
	// signing time makes the signature invalid ([CodeRevoked]); a status
	// that cannot be established makes it untrusted
	// ([CodeRevocationUnknown]), never valid.
	Revocation Revocation
	// HTTPClient fetches OCSP responses and CRLs with RevocationOnline;
	// nil means a client with no other settings.
	HTTPClient *http.Client
	// RevocationTimeout bounds each OCSP or CRL request; zero means 10
	// seconds.
	RevocationTimeout time.Duration
}

// Verify checks every signature of the PDF of size bytes read from in, and
// what changed after each, against p. It returns an error only when the
// input cannot be examined at all: [ErrNotPDF], [ErrEncrypted],
// [ErrTooLarge], [ErrMalformed] when no revision of the file can be read,
// a [LimitError] when the file exceeds p.Limits, [ErrOptions] for a bad
// policy, a read error, or ctx's error (a deadline stops the work within
// milliseconds). Everything wrong with a signature is in the report, as a
// [Problem].
func Verify(ctx context.Context, in io.ReaderAt, size int64, p Policy) (*Report, error) {
	if in == nil {
		return nil, fmt.Errorf("%w: nil input", ErrOptions)
	}
	if p.AllowedChanges < ChangesUnknown || p.AllowedChanges > ChangesOther {
		return nil, fmt.Errorf("%w: unknown AllowedChanges %d", ErrOptions, int(p.AllowedChanges))
	}
	if p.MaxSize < 0 {
		return nil, fmt.Errorf("%w: negative MaxSize", ErrOptions)
	}
	if p.Revocation < RevocationNone || p.Revocation > RevocationOnline {
		return nil, fmt.Errorf("%w: unknown Revocation %d", ErrOptions, int(p.Revocation))
	}
	maxSize := p.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	if size > maxSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, maxSize)
	}
	if size < 16 {
		return nil, ErrNotPDF
	}
	b, err := newBudget(ctx, p.Limits)
	if err != nil {
		return nil, err
	}
	rep, err := verify(ctx, in, size, p, b)
	if err == nil {
		err = b.check() // a limit or the deadline reached in a step that tolerates errors
	}
	if err != nil {
		return nil, err
	}
	return rep, nil
}

func verify(ctx context.Context, in io.ReaderAt, size int64, p Policy, b *budget) (*Report, error) {
	final, lastEnd, damage, err := openLatest(in, size, b)
	if err != nil {
		return nil, err
	}
	fields, _, err := final.allSignatures()
	if err != nil {
		return nil, fmt.Errorf("signing: read signature fields: %w", err)
	}
	known := map[int]bool{}
	for _, sf := range fields {
		if sf.SigRef != (pdfRef{}) {
			known[sf.SigRef.Num] = true
		}
	}
	v := &verifier{ctx: ctx, b: b, in: in, size: size, p: p, final: final, lastEnd: lastEnd,
		views: map[int64]*pdfFile{lastEnd: final}, ends: make([]int64, len(fields)), locks: make([][]fieldLock, len(fields))}
	dss := dssData(ctx, final)
	v.hasDSS = len(dss.ocsps)+len(dss.crls)+len(dss.certs) > 0
	v.revocation = newRevocationChecker(ctx, p.Revocation == RevocationOnline, p.HTTPClient, p.RevocationTimeout, dss)
	v.embedded = newRevocationChecker(ctx, false, nil, 0, dss)
	if p.Intermediates != nil {
		v.inter = p.Intermediates
	}
	rep := &Report{Size: size, Signatures: []SignatureReport{}}
	if damage != nil {
		rep.Problems = append(rep.Problems, problem(CodeDamaged, "bytes %d to %d: %v", lastEnd, size, damage))
	}
	// The digests first, all in one pass over the file.
	var jobs []digestJob
	for _, sf := range fields {
		switch sf.Dict["SubFilter"] {
		case pdfName("adbe.pkcs7.detached"), pdfName("ETSI.CAdES.detached"):
			if cms, err := parseCMS(sf.Contents); err == nil {
				jobs = append(jobs, digestJob{br: sf.ByteRange, h: cms.Hash})
			}
		}
	}
	if v.digests, err = digestAll(ctx, in, size, jobs); err != nil {
		return nil, err
	}
	// Document timestamps first: the earliest trusted one after a
	// signature proves when it existed.
	rep.Signatures = make([]SignatureReport, len(fields))
	for _, docTS := range []bool{true, false} {
		for i, sf := range fields {
			if isDocTimestamp(sf.Dict) != docTS {
				continue
			}
			sr, err := v.check(i, sf)
			if err != nil {
				return nil, err
			}
			rep.Signatures[i] = sr
			if docTS && sr.Timestamp != nil && sr.Intact && sr.Valid && sr.Trusted && v.ends[i] >= 0 {
				v.docTimes = append(v.docTimes, docTime{end: v.ends[i], at: sr.Timestamp.Time, index: i})
			}
		}
	}
	v.crossChecks(rep, fields)
	v.changes(rep, damage != nil)
	v.levels(rep)
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		if !s.Intact || !s.Valid || slices.ContainsFunc(s.Problems, func(p Problem) bool { return !p.Untrusted() }) {
			s.Trusted = false // an invalid signature is never trusted
		}
	}
	orphans := orphanSignatures(final, known)
	slices.Sort(orphans)
	for _, n := range orphans {
		rep.Problems = append(rep.Problems, problem(CodeOrphanSignature, "object %d", n))
	}
	rep.Status = status(rep)
	return rep, nil
}

// VerifyFile verifies the PDF at path; see [Verify].
func VerifyFile(ctx context.Context, path string, p Policy) (*Report, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	defer func() { _ = f.Close() }()
	st, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	return Verify(ctx, f, st.Size(), p)
}

func status(rep *Report) Status {
	if len(rep.Signatures) == 0 {
		if len(rep.Problems) > 0 {
			return StatusInvalid
		}
		return StatusNoSignatures
	}
	if len(rep.Problems) > 0 {
		return StatusInvalid
	}
	untrusted, changed := false, false
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		for _, pr := range s.Problems {
			if !pr.Untrusted() {
				return StatusInvalid
			}
			untrusted = true
		}
		if !s.Intact || !s.Valid {
			return StatusInvalid
		}
		if !s.Trusted {
			untrusted = true
		}
		if s.ChangesAfter > ChangesNone {
			changed = true
		}
	}
	switch {
	case untrusted:
		return StatusUntrusted
	case changed:
		return StatusValidWithChanges
	}
	return StatusValid
}

type verifier struct {
	ctx     context.Context
	b       *budget
	in      io.ReaderAt
	size    int64
	p       Policy
	final   *pdfFile
	lastEnd int64
	views   map[int64]*pdfFile
	inter   *x509.CertPool
	ends    []int64 // per signature: end of the signed revision, or -1
	digests map[digestKey][]byte
	locks   [][]fieldLock // per signature
	// revocation checks as the policy says; embedded only from the file,
	// for the level.
	revocation, embedded *revocationChecker
	hasDSS               bool
	docTimes             []docTime // trusted document timestamps
}

// docTime is a trusted document timestamp: the end of the revision it
// covers and the time it proves.
type docTime struct {
	end   int64
	at    time.Time
	index int
}

func textOf(d pdfDict, k pdfName) string {
	s, _ := d[k].(pdfString)
	return textString(s)
}

// check examines signature i on its own.
func (v *verifier) check(i int, sf sigField) (SignatureReport, error) {
	d := sf.Dict
	sr := SignatureReport{
		Field: sf.Name, Name: textOf(d, "Name"), Reason: textOf(d, "Reason"),
		Location: textOf(d, "Location"), Contact: textOf(d, "ContactInfo"),
		SigningTime: parsePDFDate(d["M"]), Kind: KindApproval,
	}
	switch p := v.final.docMDP(sf); {
	case isDocTimestamp(d):
		sr.Kind = KindDocumentTimestamp
	case p > 0:
		sr.Kind = KindCertification
		perm := map[int]Permission{1: NoChanges, 2: AllowFormFilling, 3: AllowAnnotations}[p]
		sr.Permission = &perm
	}
	br, brOK := v.byteRange(&sr, sf)
	end := int64(-1)
	if rangeFits(br, v.size) && br[0] == 0 && br[1] > 0 && endsAtEOF(v.in, br[2]+br[3]) {
		sr.byteRange = br
		end = br[2] + br[3]
	}
	v.ends[i] = end
	v.locks[i] = v.fieldLocks(sf)
	// Whole-document coverage needs a sound structure; a range that stops
	// short of the end of the file covers an earlier revision at most.
	switch {
	case end >= 0 && end < v.size:
		sr.Coverage = CoverageEarlierRevision
	case end == v.size && brOK:
		sr.Coverage = CoverageWholeDocument
	}
	if len(sf.Contents) == 0 || !slices.ContainsFunc(sf.Contents, func(b byte) bool { return b != 0 }) {
		sr.Problems = append(sr.Problems, problem(CodeContentsMissing, ""))
		if sr.Coverage == CoverageWholeDocument {
			sr.Coverage = CoverageUnknown // the gap is not a signature
		}
		return sr, nil
	}
	var err error
	switch sub, _ := d["SubFilter"].(pdfName); sub {
	case "ETSI.RFC3161":
		err = v.documentTimestamp(&sr, sf, br)
	case "adbe.pkcs7.detached", "ETSI.CAdES.detached":
		err = v.cmsSignature(&sr, sf, br, end)
	default:
		sr.Problems = append(sr.Problems, problem(CodeSubFilter, "/SubFilter /%s", sub))
	}
	return sr, err
}

// byteRange checks the /ByteRange shape and where the gap lies.
func (v *verifier) byteRange(sr *SignatureReport, sf sigField) ([]int64, bool) {
	add := func(c ProblemCode, format string, args ...any) {
		sr.Problems = append(sr.Problems, problem(c, format, args...))
	}
	raw, ok := sf.Dict["ByteRange"]
	if !ok || raw == nil {
		add(CodeByteRangeMissing, "")
		return nil, false
	}
	rv, err := v.final.resolve(raw)
	arr, ok := rv.(pdfArray)
	if err != nil || !ok || len(arr) != 4 {
		add(CodeByteRangeMalformed, "%v", raw)
		return nil, false
	}
	br := make([]int64, 4)
	for i, x := range arr {
		n, ok := x.(int64)
		if !ok || n < 0 {
			add(CodeByteRangeMalformed, "%v", raw)
			return nil, false
		}
		br[i] = n
	}
	good := true
	if br[0] != 0 {
		add(CodeByteRangeStart, "first range starts at %d", br[0])
		good = false
	}
	if !rangeFits(br, v.size) || br[1] <= br[0] || br[2] <= br[0]+br[1] {
		add(CodeByteRangeOutside, "ranges %v in a file of %d bytes", br, v.size)
		return br, false
	}
	// The gap must be exactly this signature's /Contents string.
	e, inFile := v.final.xref.get(sf.SigRef.Num)
	switch {
	case sf.SigRef == (pdfRef{}):
		add(CodeSignatureLocation, "the signature dictionary is a direct object")
		good = false
	case !inFile || e.Type != 1:
		add(CodeSignatureLocation, "the signature dictionary %d is compressed in an object stream", sf.SigRef.Num)
		good = false
	default:
		s, t, err := contentsSpan(v.in, v.size, e.Offset, sf.SigRef)
		first := make([]byte, 1)
		if err == nil {
			_, err = v.in.ReadAt(first, s)
		}
		switch {
		case err != nil:
			add(CodeByteRangeGap, "cannot locate /Contents: %v", err)
			good = false
		case s != br[1] || t != br[2]:
			add(CodeByteRangeGap, "gap is bytes %d to %d, /Contents of this signature is bytes %d to %d", br[1], br[2], s, t)
			good = false
		case first[0] != '<':
			add(CodeByteRangeGap, "/Contents is not a hexadecimal string")
			good = false
		}
	}
	if !endsAtEOF(v.in, br[2]+br[3]) {
		add(CodeRevisionEnd, "signed bytes end at %d", br[2]+br[3])
		good = false
	}
	return br, good
}

// rangeFits reports whether both ranges of br lie inside a file of size
// bytes (without overflowing).
func rangeFits(br []int64, size int64) bool {
	if len(br) != 4 {
		return false
	}
	for _, n := range br {
		if n < 0 {
			return false
		}
	}
	return br[0] <= size && br[1] <= size-br[0] && br[2] <= size && br[3] <= size-br[2]
}

// digest hashes the signed ranges; without a usable byte range it returns
// nil.
func (v *verifier) digest(br []int64, h crypto.Hash) ([]byte, error) {
	if !rangeFits(br, v.size) || !h.Available() {
		return nil, nil
	}
	if d, ok := v.digests[digestKey{br: [4]int64(br), h: h}]; ok {
		return d, nil
	}
	return digestRanges(v.ctx, v.in, br, h)
}

func (v *verifier) cmsSignature(sr *SignatureReport, sf sigField, br []int64, end int64) error {
	add := func(c ProblemCode, format string, args ...any) {
		sr.Problems = append(sr.Problems, problem(c, format, args...))
	}
	cms, err := parseCMS(sf.Contents)
	if err != nil {
		add(CodeCMSMalformed, "%v", err)
		return nil
	}
	sr.Signer = describeCert(cms.Signer)
	for _, c := range cms.Certificates {
		sr.Chain = append(sr.Chain, *describeCert(c))
	}
	if !cms.ContentType.Equal(oidData) || len(cms.Content) > 0 {
		add(CodeCMSMalformed, "not a detached signature over data")
		return nil
	}
	if cms.SignedAttrs == nil || cms.Digest == nil {
		add(CodeCMSMalformed, "no signed message digest attribute")
		return nil
	}
	if br != nil {
		d, err := v.digest(br, cms.Hash)
		if err != nil {
			return err
		}
		sr.Intact = d != nil && bytes.Equal(d, cms.Digest)
	}
	if !sr.Intact && br != nil {
		add(CodeDigestMismatch, "")
	}
	if cms.Signer == nil {
		add(CodeSignerMissing, "")
		return nil
	}
	if err := checkSigningCertificate(cms); err != nil {
		add(CodeSignerMismatch, "%v", err)
	}
	alg, err := x509Algorithm(cms.SigAlg, cms.DigestOID)
	if err == nil {
		err = cms.Signer.CheckSignature(alg, cms.SignedAttrs, cms.Signature)
	}
	sr.Valid = err == nil
	if !sr.Valid {
		add(CodeSignatureInvalid, "%v", err)
	}
	// The signature timestamp stamps the signature value.
	at := v.p.At
	if at.IsZero() {
		at = sr.SigningTime
	}
	if cms.TSToken != nil {
		tr := v.token(cms.TSToken, func(h crypto.Hash) ([]byte, error) {
			hh := h.New()
			hh.Write(cms.Signature)
			return hh.Sum(nil), nil
		})
		ts := tr.report
		sr.Timestamp = ts
		sr.Problems = append(sr.Problems, tr.probs...)
		if ts != nil && ts.Valid && ts.Trusted {
			at = ts.Time
		}
	}
	trustedTime := sr.Timestamp != nil && sr.Timestamp.Valid && sr.Timestamp.Trusted
	if !trustedTime && end >= 0 {
		// A trusted document timestamp over a later revision proves the
		// signature existed then: the earliest one counts.
		for _, d := range v.docTimes {
			if d.end > end && (!trustedTime || d.at.Before(at)) {
				at, trustedTime = d.at, true
			}
		}
		sr.provenByDocTS = trustedTime
	}
	if v.p.RequireTimestamp && !trustedTime {
		if sr.Timestamp == nil {
			add(CodeTimestampMissing, "")
		} else {
			add(CodeTimestampMissing, "the signature's timestamp is not valid or not trusted")
		}
	}
	if at.IsZero() {
		add(CodeUntrusted, "no time to check the certificate at: no timestamp, no signing time, no Policy.At")
		return nil
	}
	chain, probs := v.chain(cms.Signer, cms.Certificates, v.p.Roots, at, x509.ExtKeyUsageAny)
	if d := keyUsageProblem(cms.Signer); d != "" {
		probs = append(probs, problem(CodeKeyUsage, "%s", d))
	}
	sr.Problems = append(sr.Problems, probs...)
	if len(probs) == 0 {
		// Trust is in a valid signature only, and, when the policy
		// requires one, with a trusted timestamp.
		sr.Trusted = sr.Intact && sr.Valid && (trustedTime || !v.p.RequireTimestamp)
		sr.Chain = sr.Chain[:0]
		for _, c := range chain {
			sr.Chain = append(sr.Chain, *describeCert(c))
		}
		extra := cmsRevocationData(cms)
		if v.p.Revocation != RevocationNone {
			v.checkRevocation(sr, chain, at, extra)
		}
		sr.embeddedLT = v.hasDSS && v.chainCovered(chain, at, extra)
	}
	return nil
}

// checkRevocation finds the status of every certificate of chain but the
// root at the time at.
func (v *verifier) checkRevocation(sr *SignatureReport, chain []*x509.Certificate, at time.Time, extra validationData) {
	for i := 0; i+1 < len(chain); i++ {
		r := v.revocation.status(chain[i], chain[i+1], at, extra)
		sr.Revocation = append(sr.Revocation, r)
		switch {
		case r.Status == StatusRevoked && !r.RevokedAt.After(at):
			sr.Problems = append(sr.Problems, problem(CodeRevoked, "%s revoked at %s (%s), before %s",
				r.Subject, r.RevokedAt.UTC().Format(time.RFC3339), r.Reason, at.UTC().Format(time.RFC3339)))
			sr.Trusted = false
		case r.Status == StatusUnknownRevocation:
			sr.Problems = append(sr.Problems, problem(CodeRevocationUnknown, "%s", r.Subject))
			sr.Trusted = false
		}
	}
}

// chainCovered reports whether what the file embeds establishes, for every
// certificate of chain but the root, that it was not revoked at at.
func (v *verifier) chainCovered(chain []*x509.Certificate, at time.Time, extra validationData) bool {
	for i := 0; i+1 < len(chain); i++ {
		r := v.embedded.status(chain[i], chain[i+1], at, extra)
		if r.Status == StatusUnknownRevocation || (r.Status == StatusRevoked && !r.RevokedAt.After(at)) {
			return false
		}
	}
	return true
}

// levels sets the PAdES level each signature reaches.
func (v *verifier) levels(rep *Report) {
	for i := range rep.Signatures {
		s := &rep.Signatures[i]
		if s.Kind == KindDocumentTimestamp || !s.Intact || !s.Valid || s.Signer == nil {
			continue
		}
		s.Level = LevelB
		if !(s.Timestamp != nil && s.Timestamp.Valid && s.Timestamp.Trusted) && !s.provenByDocTS {
			continue
		}
		s.Level = LevelT
		if !s.embeddedLT || !s.Trusted {
			continue
		}
		s.Level = LevelLT
		for _, d := range v.docTimes {
			if d.end <= v.ends[i] {
				continue
			}
			if view, ok := v.views[d.end]; ok && len(dssData(v.ctx, view).ocsps)+len(dssData(v.ctx, view).crls) > 0 {
				s.Level = LevelLTA
				break
			}
		}
	}
}

func (v *verifier) documentTimestamp(sr *SignatureReport, sf sigField, br []int64) error {
	var raw asn1.RawValue
	if _, err := asn1.Unmarshal(sf.Contents, &raw); err != nil {
		sr.Problems = append(sr.Problems, problem(CodeCMSMalformed, "%v", err))
		return nil
	}
	var readErr error
	tr := v.token(raw.FullBytes, func(h crypto.Hash) ([]byte, error) {
		d, err := v.digest(br, h)
		readErr = err
		return d, err
	})
	if readErr != nil {
		return readErr
	}
	sr.Problems = append(sr.Problems, tr.probs...)
	if tr.report == nil {
		return nil
	}
	sr.Timestamp = tr.report
	sr.Signer = tr.signer
	sr.Intact = tr.imprintOK
	sr.Valid = tr.sigOK
	sr.Trusted = tr.report.Trusted && sr.Intact && sr.Valid
	if !sr.Intact && !slices.ContainsFunc(sr.Problems, func(p Problem) bool { return p.Code == CodeDigestMismatch }) {
		sr.Problems = append(sr.Problems, problem(CodeDigestMismatch, "the document timestamp's imprint"))
	}
	return nil
}

// tstInfo is RFC 3161's TSTInfo.
type tstInfo struct {
	Version        int
	Policy         asn1.ObjectIdentifier
	MessageImprint struct {
		HashAlgorithm pkix.AlgorithmIdentifier
		HashedMessage []byte
	}
	SerialNumber *big.Int
	GenTime      time.Time `asn1:"generalized"`
	Accuracy     struct {
		Seconds int64 `asn1:"optional"`
		Millis  int64 `asn1:"tag:0,optional"`
		Micros  int64 `asn1:"tag:1,optional"`
	} `asn1:"optional"`
	Ordering   bool          `asn1:"optional,default:false"`
	Nonce      *big.Int      `asn1:"optional"`
	TSA        asn1.RawValue `asn1:"tag:0,optional"`
	Extensions asn1.RawValue `asn1:"tag:1,optional"`
}

// tokenResult is the verdict on a timestamp token.
type tokenResult struct {
	report    *TimestampReport // nil when the token cannot be read
	signer    *Certificate
	imprintOK bool
	sigOK     bool
	probs     []Problem
}

// token checks an RFC 3161 timestamp token: its CMS signature, that its
// imprint is imprint(h), and its authority's chain.
func (v *verifier) token(der []byte, imprint func(crypto.Hash) ([]byte, error)) tokenResult {
	var r tokenResult
	bad := func(format string, args ...any) tokenResult {
		r.probs = append(r.probs, problem(CodeTimestampInvalid, format, args...))
		return r
	}
	cms, err := parseCMS(der)
	if err != nil {
		return bad("%v", err)
	}
	if !cms.ContentType.Equal(oidTSTInfo) || len(cms.Content) == 0 {
		return bad("not a timestamp token")
	}
	var info tstInfo
	if _, err := asn1.Unmarshal(cms.Content, &info); err != nil {
		return bad("parse TSTInfo: %v", err)
	}
	ts := &TimestampReport{Time: info.GenTime}
	r.report = ts
	r.signer = describeCert(cms.Signer)
	if cms.Signer != nil {
		ts.Authority = cms.Signer.Subject.String()
	}
	// The token's own signature.
	h := cms.Hash.New()
	h.Write(cms.Content)
	alg, err := x509Algorithm(cms.SigAlg, cms.DigestOID)
	switch {
	case cms.Signer == nil:
		err = errors.New("the authority's certificate is not in the token")
	case cms.SignedAttrs == nil || !bytes.Equal(cms.Digest, h.Sum(nil)):
		err = errors.New("the token's content digest does not match")
	case err == nil:
		err = cms.Signer.CheckSignature(alg, cms.SignedAttrs, cms.Signature)
	}
	r.sigOK = err == nil
	if err != nil {
		r.probs = append(r.probs, problem(CodeTimestampInvalid, "%v", err))
	}
	// What it stamps.
	ih, ok := hashFromOID(info.MessageImprint.HashAlgorithm.Algorithm)
	if !ok {
		r.probs = append(r.probs, problem(CodeTimestampInvalid, "unsupported imprint algorithm"))
	} else if want, err := imprint(ih); err != nil {
		return r
	} else if r.imprintOK = want != nil && bytes.Equal(want, info.MessageImprint.HashedMessage); !r.imprintOK {
		r.probs = append(r.probs, problem(CodeTimestampInvalid, "the imprint does not match what it stamps"))
	}
	ts.Valid = r.sigOK && r.imprintOK
	if cms.Signer != nil {
		roots := v.p.TimestampRoots
		if roots == nil {
			roots = v.p.Roots
		}
		_, cp := v.chain(cms.Signer, cms.Certificates, roots, info.GenTime, x509.ExtKeyUsageTimeStamping)
		for i := range cp {
			if cp[i].Code == CodeUntrusted || cp[i].Code == CodeNoRoots {
				cp[i].Code = CodeTimestampUntrusted
			}
		}
		r.probs = append(r.probs, cp...)
		ts.Trusted = len(cp) == 0
	}
	return r
}

// chain verifies leaf against roots at the time at.
func (v *verifier) chain(leaf *x509.Certificate, carried []*x509.Certificate, roots *x509.CertPool, at time.Time, eku x509.ExtKeyUsage) ([]*x509.Certificate, []Problem) {
	if roots == nil {
		return nil, []Problem{problem(CodeNoRoots, "")}
	}
	inter := x509.NewCertPool()
	if v.inter != nil {
		inter = v.inter.Clone()
	}
	for _, c := range carried {
		inter.AddCert(c)
	}
	chains, err := leaf.Verify(x509.VerifyOptions{
		Roots: roots, Intermediates: inter, CurrentTime: at, KeyUsages: []x509.ExtKeyUsage{eku},
	})
	if err == nil && len(chains) > 0 {
		return chains[0], nil
	}
	var cie x509.CertificateInvalidError
	if errors.As(err, &cie) {
		switch cie.Reason {
		case x509.Expired:
			return nil, []Problem{problem(CodeExpired, "%v (checked at %s)", err, at.UTC().Format(time.RFC3339))}
		case x509.IncompatibleUsage:
			return nil, []Problem{problem(CodeKeyUsage, "%v", err)}
		}
	}
	return nil, []Problem{problem(CodeUntrusted, "%v", err)}
}

var (
	oidAttrSigningCertV1 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 12}
)

// checkSigningCertificate checks the ESS signing-certificate(-v2)
// attribute, when present, against the signer's certificate.
func checkSigningCertificate(p *parsedCMS) error {
	var set asn1.RawValue
	if _, err := asn1.Unmarshal(p.SignedAttrs, &set); err != nil {
		return err
	}
	attrs, err := parseAttributes(set.Bytes)
	if err != nil {
		return err
	}
	for _, a := range attrs {
		var h crypto.Hash
		var first asn1.RawValue
		switch {
		case a.Type.Equal(oidAttrSigningCertV2):
			h = crypto.SHA256
		case a.Type.Equal(oidAttrSigningCertV1):
			h = crypto.SHA1
		default:
			continue
		}
		// SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, ... }
		var sc struct {
			Certs []asn1.RawValue
			Rest  asn1.RawValue `asn1:"optional"`
		}
		if _, err := asn1.Unmarshal(a.Values.Bytes, &sc); err != nil || len(sc.Certs) == 0 {
			return errors.New("malformed signing-certificate attribute")
		}
		first = sc.Certs[0]
		// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash OCTET STRING, ... }
		rest := first.Bytes
		var algo pkix.AlgorithmIdentifier
		if len(rest) > 0 && rest[0] == 0x30 && h == crypto.SHA256 {
			r, err := asn1.Unmarshal(rest, &algo)
			if err != nil {
				return errors.New("malformed signing-certificate attribute")
			}
			hh, ok := hashFromOID(algo.Algorithm)
			if !ok {
				return errors.New("unsupported signing-certificate hash")
			}
			h, rest = hh, r
		}
		var certHash []byte
		if _, err := asn1.Unmarshal(rest, &certHash); err != nil {
			return errors.New("malformed signing-certificate attribute")
		}
		if !h.Available() {
			return errors.New("unsupported signing-certificate hash")
		}
		hh := h.New()
		hh.Write(p.Signer.Raw)
		if !bytes.Equal(hh.Sum(nil), certHash) {
			return errors.New("the signed attribute names another certificate")
		}
	}
	return nil
}

// crossChecks looks at the signatures together: shared signatures and a
// certification signature that is not the first.
func (v *verifier) crossChecks(rep *Report, fields []sigField) {
	seen := map[pdfRef]bool{}
	seenRange := map[[4]int64]bool{}
	for i := range rep.Signatures {
		sr := &rep.Signatures[i]
		sf := fields[i]
		if sf.SigRef != (pdfRef{}) {
			if seen[sf.SigRef] {
				sr.Problems = append(sr.Problems, problem(CodeDuplicate, "signature dictionary %d is used by another field", sf.SigRef.Num))
			}
			seen[sf.SigRef] = true
		}
		if len(sr.byteRange) == 4 {
			k := [4]int64(sr.byteRange)
			if seenRange[k] && !sr.Has(CodeDuplicate) {
				sr.Problems = append(sr.Problems, problem(CodeDuplicate, "another signature has the same byte range"))
			}
			seenRange[k] = true
		}
		if sr.Kind == KindCertification && i > 0 {
			sr.Problems = append(sr.Problems, problem(CodeCertificationNotFirst, ""))
		}
	}
}

// view returns the file as it was at end (a revision boundary).
func (v *verifier) view(end int64) (*pdfFile, error) {
	if f, ok := v.views[end]; ok {
		return f, nil
	}
	f, err := openPDF(v.in, end, v.b)
	if err != nil {
		return nil, err
	}
	shareCache(f, v.final)
	v.views[end] = f
	return f, nil
}

// changes classifies the updates after each signed revision and applies
// the policy and DocMDP permissions.
func (v *verifier) changes(rep *Report, damaged bool) {
	var bounds []int64
	for i, e := range v.ends {
		if e < 0 {
			continue
		}
		if e > v.lastEnd {
			sr := &rep.Signatures[i]
			sr.Problems = append(sr.Problems, problem(CodeRevisionEnd, "the signed bytes end at %d, after the last readable revision (%d)", e, v.lastEnd))
			v.ends[i] = -1
			continue
		}
		if _, err := v.view(e); err != nil {
			sr := &rep.Signatures[i]
			sr.Problems = append(sr.Problems, problem(CodeRevisionEnd, "the signed revision cannot be read: %v", err))
			v.ends[i] = -1
			continue
		}
		bounds = append(bounds, e)
	}
	bounds = append(bounds, v.lastEnd)
	slices.Sort(bounds)
	bounds = slices.Compact(bounds)
	for i := 0; i+1 < len(bounds); i++ {
		a, b := v.views[bounds[i]], v.views[bounds[i+1]]
		l, details, filled := classifyUpdate(a, b)
		rep.Updates = append(rep.Updates, Update{Start: bounds[i], End: bounds[i+1], Changes: l, Details: details, Fields: filled})
	}
	if v.lastEnd < v.size {
		switch {
		case damaged:
			rep.Updates = append(rep.Updates, Update{Start: v.lastEnd, End: v.size, Changes: ChangesOther,
				Details: []string{"other: data that cannot be read as a revision"}})
		case !v.blankTail():
			rep.Updates = append(rep.Updates, Update{Start: v.lastEnd, End: v.size, Changes: ChangesOther,
				Details: []string{"other: data after the last %%EOF"}})
			rep.Problems = append(rep.Problems, problem(CodeTrailingData, "%d bytes after the last revision", v.size-v.lastEnd))
		}
	}
	allowed := v.p.AllowedChanges
	if allowed == ChangesUnknown {
		// Only what the document's author permitted with a
		// certification signature, else only more signatures.
		allowed = ChangesSignatures
		for i := range rep.Signatures {
			if p := rep.Signatures[i].Permission; p != nil && !rep.Signatures[i].Has(CodeCertificationNotFirst) {
				allowed = max(allowed, docMDPLevel(*p))
			}
		}
	}
	allowed = min(allowed, ChangesAnnotations)
	for i := range rep.Signatures {
		sr := &rep.Signatures[i]
		e := v.ends[i]
		if e < 0 {
			continue
		}
		sr.Revision = len(v.views[e].sections)
		sr.ChangesAfter = ChangesNone
		var why []string
		for _, u := range rep.Updates {
			if u.Start >= e {
				sr.ChangesAfter = max(sr.ChangesAfter, u.Changes)
				why = append(why, u.Details...)
			}
		}
		worst := func(limit Changes) string {
			var out []string
			for _, w := range why {
				if lvl, _, _ := strings.Cut(w, ":"); levelByName(lvl) > limit {
					out = append(out, w)
				}
			}
			if len(out) > 4 {
				out = append(out[:4], "...")
			}
			return strings.Join(out, "; ")
		}
		if sr.ChangesAfter > allowed {
			sr.Problems = append(sr.Problems, problem(CodeChangesNotAllowed, "%s after signing (allowed: up to %s): %s", sr.ChangesAfter, allowed, worst(allowed)))
		}
		if locks := v.locks[i]; len(locks) > 0 {
			for _, u := range rep.Updates {
				if u.Start < e {
					continue
				}
				for _, name := range u.Fields {
					if slices.ContainsFunc(locks, func(l fieldLock) bool { return l.locks(name) }) {
						sr.Problems = append(sr.Problems, problem(CodeFieldLocked, "field %q", name))
					}
				}
			}
		}
		if sr.Permission != nil {
			permitted := docMDPLevel(*sr.Permission)
			if sr.ChangesAfter > permitted {
				sr.Problems = append(sr.Problems, problem(CodeDocMDP, "DocMDP P=%d allows up to %s, found %s: %s", sr.Permission.P(), permitted, sr.ChangesAfter, worst(permitted)))
			}
		}
	}
}

// docMDPLevel is the most a DocMDP permission allows after the
// certification signature.
func docMDPLevel(p Permission) Changes {
	switch p {
	case NoChanges:
		return ChangesValidationData
	case AllowAnnotations:
		return ChangesAnnotations
	}
	return ChangesFormFilling
}

func levelByName(s string) Changes {
	for k, n := range changesNames {
		if n == s {
			return k
		}
	}
	return ChangesOther
}

func (v *verifier) blankTail() bool {
	n := v.size - v.lastEnd
	if n > 1<<16 {
		return false
	}
	buf := make([]byte, n)
	if m, _ := v.in.ReadAt(buf, v.lastEnd); int64(m) < n {
		return false
	}
	for _, c := range buf {
		if !isWhite(c) {
			return false
		}
	}
	return true
}

// parsePDFDate reads a PDF date string (D:YYYYMMDDHHmmSSOHH'mm'); the zero
// time when it cannot.
func parsePDFDate(v any) time.Time {
	s, ok := v.(pdfString)
	if !ok {
		return time.Time{}
	}
	str := strings.TrimPrefix(textString(s), "D:")
	n := 0
	for n < len(str) && n < 14 && str[n] >= '0' && str[n] <= '9' {
		n++
	}
	if n < 4 || n%2 != 0 {
		return time.Time{}
	}
	year, _ := strconv.Atoi(str[:4])
	f := []int{1, 1, 0, 0, 0} // month, day, hour, minute, second
	for i := 0; 4+2*i+2 <= n; i++ {
		f[i], _ = strconv.Atoi(str[4+2*i : 6+2*i])
	}
	loc := time.UTC
	if rest := str[n:]; len(rest) >= 3 && (rest[0] == '+' || rest[0] == '-') {
		hh, err := strconv.Atoi(rest[1:3])
		mm := 0
		if r := strings.TrimPrefix(rest[3:], "'"); len(r) >= 2 {
			mm, _ = strconv.Atoi(r[:2])
		}
		if err == nil && hh < 24 && mm < 60 {
			off := hh*3600 + mm*60
			if rest[0] == '-' {
				off = -off
			}
			loc = time.FixedZone("", off)
		}
	}
	if f[0] < 1 || f[0] > 12 || f[1] < 1 || f[1] > 31 || f[2] > 23 || f[3] > 59 || f[4] > 60 {
		return time.Time{}
	}
	return time.Date(year, time.Month(f[0]), f[1], f[2], f[3], f[4], 0, loc)
}
