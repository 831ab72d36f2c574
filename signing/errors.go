package signing

import (
	"errors"
	"fmt"
)

// Sentinel errors. Errors returned by this package wrap one of these, so
// callers test them with [errors.Is].
var (
	// ErrNotPDF means the input does not start with a PDF header.
	ErrNotPDF = errors.New("signing: not a PDF file")
	// ErrEncrypted means the input is an encrypted PDF. Signing one would
	// require decrypting and re-encrypting it; it is refused instead.
	ErrEncrypted = errors.New("signing: encrypted PDF files are not supported")
	// ErrMalformed means the PDF structure could not be parsed. See
	// [MalformedError] for the offset.
	ErrMalformed = errors.New("signing: malformed PDF")
	// ErrTooLarge means the input exceeds [Options.MaxSize].
	ErrTooLarge = errors.New("signing: input too large")
	// ErrLimit means the file exceeds one of the [Limits]: too many
	// objects or revisions, too deep, or streams that decompress too
	// much. See [LimitError] for which.
	ErrLimit = errors.New("signing: file exceeds a processing limit")
	// ErrKey means the private key or certificate cannot be used for signing.
	ErrKey = errors.New("signing: unusable key or certificate")
	// ErrCertificate means [Sign] refused the signing certificate at the
	// signing time: expired, not yet valid, or with a key usage that does
	// not allow signing documents. See [CertificateError]. It comes with
	// [ErrKey].
	ErrCertificate = errors.New("signing: certificate not valid for signing at the signing time")
	// ErrOptions means an option is invalid.
	ErrOptions = errors.New("signing: invalid options")
	// ErrNotAllowed means the document's certification signature (DocMDP)
	// forbids the change, or a certification signature is asked on a file
	// that is already signed.
	ErrNotAllowed = errors.New("signing: change not allowed by an existing signature")
	// ErrTimestamp means the timestamp authority could not be reached or
	// its reply was refused (wrong imprint, wrong nonce, bad token).
	ErrTimestamp = errors.New("signing: timestamp failed")
	// ErrPending means a [Pending] signature cannot be completed: its state
	// is damaged, or the document given to [Complete] is not the one
	// [Prepare] read. Nothing is written.
	ErrPending = errors.New("signing: unusable pending signature")
	// ErrExpired means a [Pending] signature's value came after its
	// expiry ([Options.Expiry]). Nothing is written.
	ErrExpired = errors.New("signing: pending signature expired")
	// ErrSelfCheck means the written output did not verify: a byte range,
	// digest or signature of some signature was wrong. Nothing is written.
	ErrSelfCheck = errors.New("signing: output failed its self-check")
)

// MalformedError reports where the PDF structure went wrong. It wraps
// [ErrMalformed].
type MalformedError struct {
	Offset int64  // byte offset in the input, or 0 when unknown
	Msg    string // what was wrong
}

// Error describes the problem and its offset.
func (e *MalformedError) Error() string {
	return fmt.Sprintf("signing: malformed PDF at offset %d: %s", e.Offset, e.Msg)
}

// Unwrap returns [ErrMalformed].
func (e *MalformedError) Unwrap() error { return ErrMalformed }

// SelfCheckError says which signature of the output failed the check made
// after signing. It wraps [ErrSelfCheck] and the cause.
type SelfCheckError struct {
	Index int    // 0-based position of the signature in the file
	Field string // the signature field's name
	Err   error  // what was wrong
}

// Error names the signature and the cause.
func (e *SelfCheckError) Error() string {
	return fmt.Sprintf("signing: self-check of signature %d (%q): %v", e.Index, e.Field, e.Err)
}

// Unwrap returns [ErrSelfCheck] and the cause.
func (e *SelfCheckError) Unwrap() []error { return []error{ErrSelfCheck, e.Err} }

// TimestampError reports a failed exchange with a timestamp authority. It
// wraps [ErrTimestamp] and the cause.
type TimestampError struct {
	URL string // the authority's address
	Err error  // what went wrong
}

// Error names the authority and the cause.
func (e *TimestampError) Error() string {
	return fmt.Sprintf("signing: timestamp from %s: %v", e.URL, e.Err)
}

// Unwrap returns [ErrTimestamp] and the cause.
func (e *TimestampError) Unwrap() []error { return []error{ErrTimestamp, e.Err} }

// AlgorithmError says which algorithm of a PKCS#12 file [LoadPKCS12] does
// not implement. It wraps [ErrKey].
type AlgorithmError struct {
	// OID is the algorithm's object identifier, such as
	// "1.2.840.113549.1.5.13".
	OID string
	// Usage is what the file uses it for: "MAC", "encryption", "key
	// derivation", "pseudo-random function" or "content".
	Usage string
}

// Error names the algorithm and its use.
func (e *AlgorithmError) Error() string {
	return fmt.Sprintf("signing: PKCS#12 %s algorithm %s is not supported; export the file with PBES2/AES (OpenSSL 3's default) or the legacy 3DES option", e.Usage, e.OID)
}

// Unwrap returns [ErrKey].
func (e *AlgorithmError) Unwrap() error { return ErrKey }
