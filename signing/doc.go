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
// Signatures other tools make verify too: CMS may be BER (NSS, openssl cms
// -stream) as well as DER, and the signed attributes are checked as RFC
// 5652 requires.
//
// Remote signing services (VNPT SmartCA, Viettel MySign and the other
// services of Decree 23/2025/NĐ-CP) sign in two phases: [Prepare] returns
// the digest to sign and a [Pending] state (JSON) the portal stores with
// the dossier; [Complete] finishes later, maybe in another process, with
// the value and the chain, with the same self-check as Sign and the same
// bytes. [RemoteSigner] is the one adapter shape (a digest in, the value
// and the chain out); package signing/csc implements it for the Cloud
// Signature Consortium API.
//
// [Policy.Revocation] checks each signer's chain against OCSP responses
// and CRLs, from the file only or online; [AddValidationData] extends a
// signed file to PAdES B-LT (a document security store) and B-LTA (a
// document timestamp); [SignatureReport.Level] says which level each
// signature reaches. [LoadRoots] builds Policy.Roots from the national root
// CA's certificates, which the integrator supplies (none is embedded).
//
// Every file is read within [Limits] (objects, revisions, nesting,
// decompressed stream bytes), listed with their defaults in one place,
// and past one refused with a [LimitError]; a deadline stops any call
// within milliseconds.
//
// The package reads PDF structure with its own strict, bounded parser and
// writes the update itself; it builds the CMS signature with the standard
// library. Package signingtest provides a throw-away certification
// authority, a timestamp authority, an OCSP responder and CRL distribution
// point, a remote signing service and sample PDFs for tests.
package signing
