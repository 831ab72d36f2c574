// Package signing signs PDF documents (PAdES baseline B, with an optional
// RFC 3161 signature timestamp) so that they verify in Adobe Reader,
// poppler's pdfsig and other independent tools.
//
// A [Signer] wraps any [crypto.Signer] with its certificate chain: a key
// loaded with [LoadPEM] or [LoadPKCS12], a USB token, an HSM or a remote
// signing service. [Sign] appends an incremental update holding the new
// signature, so the applicant's signature stays valid when the officer
// countersigns the result:
//
//	err := signing.Sign(ctx, in, size, out, signer, signing.Options{
//		Name:   "Trần Văn Nghĩa",
//		Reason: "Nộp hồ sơ",
//	})
//
// Signatures are approval signatures unless [Options.Kind] says
// [Certification]. Text options accept any Unicode text and are stored as
// PDF text strings every reader decodes. Before anything is written, the
// result is parsed again and every signature in it checked.
//
// [Verify] checks every signature of a document against a [Policy] of
// caller-supplied trust roots (never the system's, never the file's own),
// and classifies, object by object, what every incremental update changed
// after each signature: page content or resources changed after signing are
// never valid. The [Report] has one verdict per signature and one [Status]
// for the file; [SignedRevision] returns the bytes exactly as a signature
// signed them.
//
// The package reads PDF structure with its own strict, bounded parser and
// writes the update itself; it builds the CMS signature with the standard
// library. Package signingtest provides a throw-away certification
// authority, a timestamp authority and sample PDFs for tests.
package signing
