package signing

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"fmt"
)

// Trust for Vietnam. Signatures made under Vietnamese law chain to the
// national root certification authority (Root CA) run by the National
// Electronic Authentication Centre (NEAC, Trung tâm Chứng thực điện tử
// quốc gia), which certifies the public signing services (VNPT, Viettel,
// FPT and others). NEAC published a new root in the name of the Ministry of
// Science and Technology on 25 November 2025, beside the earlier one in
// the name of the Ministry of Information and Communications, with root
// certificates for its USB-token, remote and mobile signing services and
// its timestamp service, on its Root CA site (rootca.gov.vn). This package
// embeds none of them: download them from that site, check their
// fingerprints against what NEAC publishes, and load them with
// [LoadRoots] into [Policy.Roots] (and [Policy.TimestampRoots]); put the
// providers' subordinate CA certificates in [Policy.Intermediates].

// RootError says which certificate [LoadRoots] refused. It wraps
// [ErrOptions].
type RootError struct {
	Index   int    // 0-based position among the certificates read
	Subject string // the certificate's subject, when it parsed
	Msg     string // why it is not a root
}

// Error names the certificate and the reason.
func (e *RootError) Error() string {
	return fmt.Sprintf("signing: trust root %d (%q): %s", e.Index, e.Subject, e.Msg)
}

// Unwrap returns [ErrOptions].
func (e *RootError) Unwrap() error { return ErrOptions }

// LoadRoots returns a pool of trust roots for [Policy.Roots] from
// certificates the integrator supplies: each argument is PEM (one or more
// CERTIFICATE blocks) or a single DER certificate. Every certificate must
// be a self-signed CA certificate; anything else (a subordinate CA, a
// signer's certificate, unreadable data) is a [RootError] and no pool is
// returned.
func LoadRoots(data ...[]byte) (*x509.CertPool, error) {
	var ders [][]byte
	for _, d := range data {
		if !bytes.Contains(d, []byte("-----BEGIN")) {
			ders = append(ders, d)
			continue
		}
		for rest := d; ; {
			var blk *pem.Block
			blk, rest = pem.Decode(rest)
			if blk == nil {
				break
			}
			if blk.Type == "CERTIFICATE" {
				ders = append(ders, blk.Bytes)
			}
		}
	}
	if len(ders) == 0 {
		return nil, &RootError{Index: -1, Msg: "no certificate given"}
	}
	pool := x509.NewCertPool()
	for i, der := range ders {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, &RootError{Index: i, Msg: err.Error()}
		}
		bad := func(msg string) error { return &RootError{Index: i, Subject: c.Subject.String(), Msg: msg} }
		switch {
		case !c.BasicConstraintsValid || !c.IsCA:
			return nil, bad("not a CA certificate")
		case !bytes.Equal(c.RawSubject, c.RawIssuer) || c.CheckSignatureFrom(c) != nil:
			return nil, bad("not self-signed: a subordinate CA belongs in Policy.Intermediates")
		}
		pool.AddCert(c)
	}
	return pool, nil
}
