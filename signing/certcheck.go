package signing

import (
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"slices"
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Extended key usages that allow signing documents, besides
// [x509.ExtKeyUsageAny] and [x509.ExtKeyUsageEmailProtection]: those
// Adobe Acrobat and RFC 9336 accept.
var documentSigningEKUs = []asn1.ObjectIdentifier{
	{1, 3, 6, 1, 5, 5, 7, 3, 36},       // id-kp-documentSigning (RFC 9336)
	{1, 2, 840, 113583, 1, 1, 5},       // Adobe Authentic Documents Trust
	{1, 3, 6, 1, 4, 1, 311, 10, 3, 12}, // Microsoft Document Signing
}

// CertificateError says why [Sign] refused the signer's certificate at the
// signing time: [CodeExpired], [CodeNotYetValid] or [CodeKeyUsage]. It
// wraps [ErrCertificate] and [ErrKey]. [Options.AllowInvalidCertificate]
// signs anyway.
type CertificateError struct {
	// Code is the stable code of the refusal.
	Code ProblemCode
	// Subject is the refused certificate's common name.
	Subject string
	// At is the signing time the certificate was checked at.
	At time.Time
	// NotBefore and NotAfter are the certificate's validity period.
	NotBefore, NotAfter time.Time
	// Detail says what the key usage allows, for CodeKeyUsage (English).
	Detail string
}

// Error describes the refusal in English.
func (e *CertificateError) Error() string {
	return "signing: " + e.Message("en")
}

// Unwrap returns [ErrCertificate] and [ErrKey].
func (e *CertificateError) Unwrap() []error { return []error{ErrCertificate, ErrKey} }

// Message returns the refusal in the given language ("vi", the default,
// or "en"), dates in Vietnam's time zone.
func (e *CertificateError) Message(lang string) string {
	at := vnfmt.DateTime(e.At.In(Location), lang)
	en := vnfmt.English(lang)
	switch e.Code {
	case CodeExpired:
		until := vnfmt.DateTime(e.NotAfter.In(Location), lang)
		if en {
			return fmt.Sprintf("the certificate of %q expired at %s (signing time %s)", e.Subject, until, at)
		}
		return fmt.Sprintf("Chứng thư số của %q đã hết hạn lúc %s (thời điểm ký %s)", e.Subject, until, at)
	case CodeNotYetValid:
		from := vnfmt.DateTime(e.NotBefore.In(Location), lang)
		if en {
			return fmt.Sprintf("the certificate of %q is not valid before %s (signing time %s)", e.Subject, from, at)
		}
		return fmt.Sprintf("Chứng thư số của %q chưa có hiệu lực trước %s (thời điểm ký %s)", e.Subject, from, at)
	}
	if en {
		return fmt.Sprintf("the key usage of the certificate of %q does not allow signing documents: %s", e.Subject, e.Detail)
	}
	return fmt.Sprintf("Mục đích sử dụng khóa của chứng thư số của %q không cho phép ký tài liệu: %s", e.Subject, e.Detail)
}

// checkCertificate refuses a chain with a certificate outside its validity
// period at t, or a signing certificate whose key usage forbids signing
// documents.
func checkCertificate(chain []*x509.Certificate, t time.Time) error {
	for _, c := range chain {
		e := &CertificateError{Subject: c.Subject.CommonName, At: t, NotBefore: c.NotBefore, NotAfter: c.NotAfter}
		switch {
		case t.Before(c.NotBefore):
			e.Code = CodeNotYetValid
			return e
		case t.After(c.NotAfter):
			e.Code = CodeExpired
			return e
		}
	}
	if d := keyUsageProblem(chain[0]); d != "" {
		return &CertificateError{Code: CodeKeyUsage, Subject: chain[0].Subject.CommonName, At: t,
			NotBefore: chain[0].NotBefore, NotAfter: chain[0].NotAfter, Detail: d}
	}
	return nil
}

// keyUsageProblem says why c's key usage forbids signing documents, or "":
// a key usage extension must allow digital signature or non-repudiation
// (content commitment), an extended key usage extension must list any
// usage, email protection or a document-signing usage.
func keyUsageProblem(c *x509.Certificate) string {
	if ku := c.KeyUsage; ku != 0 && ku&(x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment) == 0 {
		return "the key usage allows neither digital signature nor non-repudiation"
	}
	if len(c.ExtKeyUsage) == 0 && len(c.UnknownExtKeyUsage) == 0 {
		return ""
	}
	if slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageAny) || slices.Contains(c.ExtKeyUsage, x509.ExtKeyUsageEmailProtection) {
		return ""
	}
	for _, u := range c.UnknownExtKeyUsage {
		if slices.ContainsFunc(documentSigningEKUs, u.Equal) {
			return ""
		}
	}
	return "the extended key usage lists neither document signing, email protection nor any usage"
}
