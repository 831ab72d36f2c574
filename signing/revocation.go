package signing

import (
	"bytes"
	"context"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"io"
	"net/http"
	"slices"
	"time"

	"golang.org/x/crypto/ocsp"
)

// Revocation says where [Verify] looks for the revocation status of
// signing certificates (Circular 15/2025/TT-BKHCN asks signature
// verification software for the certificate's status at the signing
// time). The zero value is [RevocationNone].
type Revocation int

const (
	// RevocationNone checks nothing (the default): reports carry no
	// revocation status.
	RevocationNone Revocation = iota
	// RevocationOffline uses only what the file embeds: the document
	// security store (DSS) of PAdES B-LT, the CMS's CRLs and Adobe's
	// revocation-information attribute. Nothing goes on the network.
	RevocationOffline
	// RevocationOnline uses what the file embeds, then asks the
	// certificate's OCSP responder, then its CRL distribution point,
	// through Policy.HTTPClient.
	RevocationOnline
)

var revocationNames = map[Revocation]string{RevocationOffline: "offline", RevocationOnline: "online"}

// String returns "none", "offline" or "online".
func (r Revocation) String() string {
	if r == RevocationNone {
		return "none"
	}
	return enumString(revocationNames, r, "Revocation")
}

// RevocationStatus is what is known of a certificate's revocation. The
// zero value is [StatusUnknownRevocation].
type RevocationStatus int

const (
	// StatusUnknownRevocation: no usable OCSP response or CRL was found;
	// the signature is then not trusted ([CodeRevocationUnknown]).
	StatusUnknownRevocation RevocationStatus = iota
	// StatusGood: not revoked at the time that counts.
	StatusGood
	// StatusRevoked: revoked; before the time that counts, the signature
	// is invalid ([CodeRevoked]).
	StatusRevoked
)

var revStatusNames = map[RevocationStatus]string{StatusGood: "good", StatusRevoked: "revoked"}

// String returns "unknown", "good" or "revoked".
func (s RevocationStatus) String() string { return enumString(revStatusNames, s, "RevocationStatus") }

// MarshalText implements [encoding.TextMarshaler].
func (s RevocationStatus) MarshalText() ([]byte, error) {
	return enumMarshal(revStatusNames, s, "revocation status")
}

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *RevocationStatus) UnmarshalText(b []byte) error {
	return enumUnmarshal(revStatusNames, s, b, "revocation status")
}

// RevocationReport is the revocation status of one certificate of a
// signer's chain, and its evidence.
type RevocationReport struct {
	// Subject and Serial name the certificate.
	Subject string `json:"subject"`
	Serial  string `json:"serial"`
	// Status is good, revoked or unknown.
	Status RevocationStatus `json:"status"`
	// Source is "ocsp" or "crl"; empty when unknown.
	Source string `json:"source,omitempty"`
	// Embedded says the evidence came from the file (offline).
	Embedded bool `json:"embedded"`
	// ThisUpdate is when the evidence was produced.
	ThisUpdate time.Time `json:"this_update,omitzero"`
	// RevokedAt and Reason (an RFC 5280 reason name) are set when
	// revoked.
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	Reason    string    `json:"reason,omitempty"`
	// Evidence is the OCSP response or CRL (DER) that says so.
	Evidence []byte `json:"-"`
}

var reasonNames = []string{"unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
	"cessationOfOperation", "certificateHold", "", "removeFromCRL", "privilegeWithdrawn", "aACompromise"}

func reasonName(code int) string {
	if code >= 0 && code < len(reasonNames) && reasonNames[code] != "" {
		return reasonNames[code]
	}
	return fmt.Sprintf("reason %d", code)
}

const (
	defaultRevocationTimeout = 10 * time.Second
	maxRevocationResponse    = 8 << 20
	maxEmbeddedItems         = 1 << 10
)

// validationData is the revocation evidence and certificates a file
// embeds.
type validationData struct {
	ocsps, crls [][]byte
	certs       []*x509.Certificate
}

var oidAdbeRevocation = asn1.ObjectIdentifier{1, 2, 840, 113583, 1, 1, 8}

// dssData reads the document security store of f (PAdES B-LT, ISO
// 32000-2 section 12.8.4.3): /Certs, /OCSPs and /CRLs streams.
func dssData(ctx context.Context, f *pdfFile) validationData {
	var vd validationData
	cat, err := f.dict(f.trailer["Root"])
	if err != nil || cat == nil {
		return vd
	}
	dss, err := f.dict(cat["DSS"])
	if err != nil || dss == nil {
		return vd
	}
	read := func(key pdfName) [][]byte {
		v, _ := f.resolve(dss[key])
		arr, _ := v.(pdfArray)
		var out [][]byte
		for i, x := range arr {
			if i >= maxEmbeddedItems || ctx.Err() != nil {
				break
			}
			sv, err := f.resolve(x)
			s, ok := sv.(*pdfStream)
			if err != nil || !ok {
				continue
			}
			if b, err := f.decodeStream(s); err == nil {
				out = append(out, b)
			}
		}
		return out
	}
	vd.ocsps, vd.crls = read("OCSPs"), read("CRLs")
	for _, b := range read("Certs") {
		if c, err := x509.ParseCertificate(b); err == nil {
			vd.certs = append(vd.certs, c)
		}
	}
	return vd
}

// cmsRevocationData reads Adobe's revocation-information signed attribute
// (adbe-revocationInfoArchival: CRLs and OCSP responses) and the
// SignedData's CRLs.
func cmsRevocationData(p *parsedCMS) validationData {
	var vd validationData
	vd.crls = append(vd.crls, p.CRLs...)
	if p.SignedAttrs == nil {
		return vd
	}
	var set asn1.RawValue
	if _, err := asn1.Unmarshal(p.SignedAttrs, &set); err != nil {
		return vd
	}
	attrs, err := parseAttributes(set.Bytes)
	if err != nil {
		return vd
	}
	for _, a := range attrs {
		if !a.Type.Equal(oidAdbeRevocation) {
			continue
		}
		// RevocationInfoArchival ::= SEQUENCE { crl [0] EXPLICIT SEQUENCE OF CRLs OPTIONAL,
		//   ocsp [1] EXPLICIT SEQUENCE OF OCSPResponse OPTIONAL, otherRevInfo [2] ... }
		var seq asn1.RawValue
		if _, err := asn1.Unmarshal(a.Values.Bytes, &seq); err != nil {
			continue
		}
		for rest := seq.Bytes; len(rest) > 0; {
			var tagged asn1.RawValue
			var err error
			if rest, err = asn1.Unmarshal(rest, &tagged); err != nil {
				break
			}
			var inner asn1.RawValue
			if _, err := asn1.Unmarshal(tagged.Bytes, &inner); err != nil {
				continue
			}
			for items := inner.Bytes; len(items) > 0; {
				var item asn1.RawValue
				if items, err = asn1.Unmarshal(items, &item); err != nil {
					break
				}
				switch tagged.Tag {
				case 0:
					vd.crls = append(vd.crls, item.FullBytes)
				case 1:
					vd.ocsps = append(vd.ocsps, item.FullBytes)
				}
			}
		}
	}
	return vd
}

// revocationChecker finds the status of certificates, from embedded data
// first, then online.
type revocationChecker struct {
	ctx      context.Context
	online   bool
	client   *http.Client
	timeout  time.Duration
	embedded validationData
	fetched  map[string][]byte // URL (and serial) -> answer
}

// status returns cert's status at at; issuer signed it.
func (rc *revocationChecker) status(cert, issuer *x509.Certificate, at time.Time, extra validationData) RevocationReport {
	r := RevocationReport{Subject: cert.Subject.String(), Serial: fmt.Sprintf("%x", cert.SerialNumber)}
	for _, src := range []validationData{extra, rc.embedded} {
		if rc.fromOCSP(&r, src.ocsps, cert, issuer, at, true) || rc.fromCRL(&r, src.crls, cert, issuer, at, true) {
			return r
		}
	}
	if !rc.online {
		return r
	}
	for _, u := range cert.OCSPServer {
		if der, err := rc.fetchOCSP(u, cert, issuer); err == nil && rc.fromOCSP(&r, [][]byte{der}, cert, issuer, at, false) {
			return r
		}
	}
	for _, u := range cert.CRLDistributionPoints {
		if der, err := rc.fetch(http.MethodGet, u, nil, ""); err == nil && rc.fromCRL(&r, [][]byte{der}, cert, issuer, at, false) {
			return r
		}
	}
	return r
}

// covers reports whether evidence produced at this (valid until next)
// speaks for the time at: produced after it, or still current then.
func covers(this, next, at time.Time) bool {
	return !this.Before(at) || (!next.IsZero() && !next.Before(at))
}

func (rc *revocationChecker) fromOCSP(r *RevocationReport, ders [][]byte, cert, issuer *x509.Certificate, at time.Time, embedded bool) bool {
	for _, der := range ders {
		if rc.ctx.Err() != nil {
			return false
		}
		resp, err := ocsp.ParseResponseForCert(der, cert, issuer)
		if err != nil || resp.SerialNumber == nil || resp.SerialNumber.Cmp(cert.SerialNumber) != 0 {
			continue
		}
		if resp.Certificate != nil && !bytes.Equal(resp.Certificate.Raw, issuer.Raw) &&
			!slices.Contains(resp.Certificate.ExtKeyUsage, x509.ExtKeyUsageOCSPSigning) {
			continue // a delegated responder must be meant for OCSP
		}
		switch resp.Status {
		case ocsp.Good:
			if !covers(resp.ThisUpdate, resp.NextUpdate, at) {
				continue
			}
			*r = RevocationReport{Subject: r.Subject, Serial: r.Serial, Status: StatusGood, Source: "ocsp", Embedded: embedded, ThisUpdate: resp.ThisUpdate, Evidence: der}
			return true
		case ocsp.Revoked:
			*r = RevocationReport{Subject: r.Subject, Serial: r.Serial, Status: StatusRevoked, Source: "ocsp", Embedded: embedded,
				ThisUpdate: resp.ThisUpdate, RevokedAt: resp.RevokedAt, Reason: reasonName(resp.RevocationReason), Evidence: der}
			return true
		}
	}
	return false
}

func (rc *revocationChecker) fromCRL(r *RevocationReport, ders [][]byte, cert, issuer *x509.Certificate, at time.Time, embedded bool) bool {
	for _, der := range ders {
		if rc.ctx.Err() != nil {
			return false
		}
		crl, err := x509.ParseRevocationList(der)
		if err != nil || !bytes.Equal(crl.RawIssuer, cert.RawIssuer) || crl.CheckSignatureFrom(issuer) != nil {
			continue
		}
		for _, e := range crl.RevokedCertificateEntries {
			if e.SerialNumber != nil && e.SerialNumber.Cmp(cert.SerialNumber) == 0 {
				*r = RevocationReport{Subject: r.Subject, Serial: r.Serial, Status: StatusRevoked, Source: "crl", Embedded: embedded,
					ThisUpdate: crl.ThisUpdate, RevokedAt: e.RevocationTime, Reason: reasonName(e.ReasonCode), Evidence: der}
				return true
			}
		}
		if covers(crl.ThisUpdate, crl.NextUpdate, at) {
			*r = RevocationReport{Subject: r.Subject, Serial: r.Serial, Status: StatusGood, Source: "crl", Embedded: embedded, ThisUpdate: crl.ThisUpdate, Evidence: der}
			return true
		}
	}
	return false
}

func (rc *revocationChecker) fetchOCSP(url string, cert, issuer *x509.Certificate) ([]byte, error) {
	req, err := ocsp.CreateRequest(cert, issuer, &ocsp.RequestOptions{})
	if err != nil {
		return nil, err
	}
	return rc.fetch(http.MethodPost, url, req, "application/ocsp-request")
}

// fetch asks url once per checker, within the timeout.
func (rc *revocationChecker) fetch(method, url string, body []byte, contentType string) ([]byte, error) {
	key := method + " " + url + " " + string(body)
	if b, ok := rc.fetched[key]; ok {
		return b, nil
	}
	ctx, cancel := context.WithTimeout(rc.ctx, rc.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := rc.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("HTTP status %s", resp.Status)
	}
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxRevocationResponse+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRevocationResponse {
		return nil, fmt.Errorf("answer larger than %d bytes", maxRevocationResponse)
	}
	if rc.fetched == nil {
		rc.fetched = map[string][]byte{}
	}
	rc.fetched[key] = b
	return b, nil
}

func newRevocationChecker(ctx context.Context, online bool, client *http.Client, timeout time.Duration, embedded validationData) *revocationChecker {
	if timeout <= 0 {
		timeout = defaultRevocationTimeout
	}
	if client == nil {
		client = &http.Client{}
	}
	return &revocationChecker{ctx: ctx, online: online, client: client, timeout: timeout, embedded: embedded}
}
