package signing

import (
	"crypto/x509"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Status is the one-word verdict of a [Report]. The zero value is
// [StatusUnknown].
type Status int

const (
	// StatusUnknown is the zero value; Verify never returns it.
	StatusUnknown Status = iota
	// StatusValid means every signature is intact, cryptographically valid,
	// trusted, and nothing changed after the last one.
	StatusValid
	// StatusValidWithChanges means every signature is valid and trusted and
	// the changes made after some of them are of an allowed kind (new
	// signatures, form filling, ... as the policy and DocMDP allow).
	StatusValidWithChanges
	// StatusInvalid means some signature is broken, does not cover what it
	// claims, or was followed by a change that is not allowed.
	StatusInvalid
	// StatusUntrusted means every signature is intact and valid but some
	// signer (or timestamp authority) does not chain to the caller's roots
	// at the time that counts.
	StatusUntrusted
	// StatusNoSignatures means the document holds no signature.
	StatusNoSignatures
)

var statusNames = map[Status]string{
	StatusValid:            "valid",
	StatusValidWithChanges: "valid-with-later-changes-allowed",
	StatusInvalid:          "invalid",
	StatusUntrusted:        "untrusted",
	StatusNoSignatures:     "no-signatures",
}

// String returns the status name, such as "valid" or "invalid".
func (s Status) String() string { return enumString(statusNames, s, "Status") }

// MarshalText implements [encoding.TextMarshaler].
func (s Status) MarshalText() ([]byte, error) { return enumMarshal(statusNames, s, "status") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (s *Status) UnmarshalText(b []byte) error { return enumUnmarshal(statusNames, s, b, "status") }

// Changes is the kind of change made to a document after a signature,
// ordered from harmless to forbidden: a larger value includes the smaller
// kinds. The zero value is [ChangesUnknown].
type Changes int

const (
	// ChangesUnknown is the zero value: the changes could not be
	// classified (the signature itself is broken). In a [Policy] it means
	// the default, [ChangesFormFilling].
	ChangesUnknown Changes = iota
	// ChangesNone means the signature covers the whole document.
	ChangesNone
	// ChangesValidationData means only validation data (a DSS dictionary)
	// or document timestamps were added, as long-term validation does.
	ChangesValidationData
	// ChangesSignatures means new signatures were added (and validation
	// data).
	ChangesSignatures
	// ChangesFormFilling means form field values were filled in (and
	// signatures added).
	ChangesFormFilling
	// ChangesAnnotations means annotations (comments, stamps, drawings)
	// were added, changed or removed (and the kinds above).
	ChangesAnnotations
	// ChangesOther means anything else: page content, resources, pages,
	// the catalog, new form fields, data that is not a proper update. It is
	// never allowed.
	ChangesOther
)

var changesNames = map[Changes]string{
	ChangesNone:           "none",
	ChangesValidationData: "validation-data",
	ChangesSignatures:     "signatures",
	ChangesFormFilling:    "form-filling",
	ChangesAnnotations:    "annotations",
	ChangesOther:          "other",
}

// String returns the name, such as "form-filling".
func (c Changes) String() string { return enumString(changesNames, c, "Changes") }

// MarshalText implements [encoding.TextMarshaler].
func (c Changes) MarshalText() ([]byte, error) { return enumMarshal(changesNames, c, "changes") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (c *Changes) UnmarshalText(b []byte) error {
	return enumUnmarshal(changesNames, c, b, "changes")
}

// SignatureKind says what a signature in a [Report] is. The zero value is
// [KindUnknown].
type SignatureKind int

const (
	// KindUnknown is the zero value: the signature could not be read.
	KindUnknown SignatureKind = iota
	// KindApproval is an ordinary signature.
	KindApproval
	// KindCertification is a certification (author) signature with a
	// DocMDP permission.
	KindCertification
	// KindDocumentTimestamp is an RFC 3161 document timestamp
	// (ETSI.RFC3161): it proves the document existed at a time and names
	// no person.
	KindDocumentTimestamp
)

var kindNames = map[SignatureKind]string{
	KindApproval:          "approval",
	KindCertification:     "certification",
	KindDocumentTimestamp: "document-timestamp",
}

// String returns the name, such as "approval".
func (k SignatureKind) String() string { return enumString(kindNames, k, "SignatureKind") }

// MarshalText implements [encoding.TextMarshaler].
func (k SignatureKind) MarshalText() ([]byte, error) { return enumMarshal(kindNames, k, "kind") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (k *SignatureKind) UnmarshalText(b []byte) error {
	return enumUnmarshal(kindNames, k, b, "kind")
}

// Coverage says how much of the file a signature signed. The zero value is
// [CoverageUnknown].
type Coverage int

const (
	// CoverageUnknown is the zero value: the byte range is broken.
	CoverageUnknown Coverage = iota
	// CoverageWholeDocument means the signature covers every byte of the
	// file but its own value.
	CoverageWholeDocument
	// CoverageEarlierRevision means the signature covers an earlier
	// revision; what changed since is in [SignatureReport.ChangesAfter].
	CoverageEarlierRevision
)

var coverageNames = map[Coverage]string{
	CoverageWholeDocument:   "whole-document",
	CoverageEarlierRevision: "earlier-revision",
}

// String returns the name, such as "whole-document".
func (c Coverage) String() string { return enumString(coverageNames, c, "Coverage") }

// MarshalText implements [encoding.TextMarshaler].
func (c Coverage) MarshalText() ([]byte, error) { return enumMarshal(coverageNames, c, "coverage") }

// UnmarshalText implements [encoding.TextUnmarshaler].
func (c *Coverage) UnmarshalText(b []byte) error {
	return enumUnmarshal(coverageNames, c, b, "coverage")
}

func enumString[T ~int](names map[T]string, v T, typ string) string {
	if s, ok := names[v]; ok {
		return s
	}
	if v == 0 {
		return "unknown"
	}
	return fmt.Sprintf("%s(%d)", typ, int(v))
}

func enumMarshal[T ~int](names map[T]string, v T, what string) ([]byte, error) {
	if v == 0 {
		return []byte("unknown"), nil
	}
	if s, ok := names[v]; ok {
		return []byte(s), nil
	}
	return nil, fmt.Errorf("%w: unknown %s %d", ErrOptions, what, int(v))
}

func enumUnmarshal[T ~int](names map[T]string, v *T, b []byte, what string) error {
	if string(b) == "unknown" || len(b) == 0 {
		*v = 0
		return nil
	}
	for k, s := range names {
		if s == string(b) {
			*v = k
			return nil
		}
	}
	return fmt.Errorf("%w: unknown %s %q", ErrOptions, what, b)
}

// Certificate describes an X.509 certificate named in a report.
type Certificate struct {
	// Subject and Issuer are the distinguished names, as
	// [pkix.Name.String] prints them.
	Subject string `json:"subject"`
	Issuer  string `json:"issuer"`
	// Serial is the serial number in hexadecimal.
	Serial    string    `json:"serial"`
	NotBefore time.Time `json:"not_before"`
	NotAfter  time.Time `json:"not_after"`
	// DER is the certificate itself.
	DER []byte `json:"der,omitempty"`
}

// X509 parses the certificate.
func (c Certificate) X509() (*x509.Certificate, error) {
	crt, err := x509.ParseCertificate(c.DER)
	if err != nil {
		return nil, fmt.Errorf("signing: parse certificate: %w", err)
	}
	return crt, nil
}

func describeCert(c *x509.Certificate) *Certificate {
	if c == nil {
		return nil
	}
	return &Certificate{
		Subject: c.Subject.String(), Issuer: c.Issuer.String(),
		Serial: hex.EncodeToString(c.SerialNumber.Bytes()), NotBefore: c.NotBefore, NotAfter: c.NotAfter,
		DER: c.Raw,
	}
}

func commonName(c *Certificate) string {
	if c == nil {
		return ""
	}
	crt, err := c.X509()
	if err == nil && crt.Subject.CommonName != "" {
		return crt.Subject.CommonName
	}
	return c.Subject
}

// TimestampReport describes an RFC 3161 timestamp: the signature timestamp
// of a signature, or the token of a document timestamp.
type TimestampReport struct {
	// Time is the time the authority certifies.
	Time time.Time `json:"time"`
	// Authority is the subject of the authority's certificate.
	Authority string `json:"authority"`
	// Valid means the token's own signature is correct and its message
	// imprint matches what it stamps.
	Valid bool `json:"valid"`
	// Trusted means the authority's certificate chains to the policy's
	// timestamp roots at Time, for time stamping.
	Trusted bool `json:"trusted"`
}

// SignatureReport is the verdict on one signature.
type SignatureReport struct {
	// Field is the signature field's fully qualified name.
	Field string `json:"field"`
	// Signer is the signing certificate (the timestamp authority's for a
	// document timestamp), nil when the signature names none.
	Signer *Certificate `json:"signer,omitempty"`
	// Chain is the certificate chain from Signer to a trusted root when
	// Trusted; otherwise the certificates the signature carries.
	Chain []Certificate `json:"chain,omitempty"`
	// Name, Reason, Location and Contact are the signature dictionary's
	// text entries, decoded to UTF-8.
	Name     string `json:"name,omitempty"`
	Reason   string `json:"reason,omitempty"`
	Location string `json:"location,omitempty"`
	Contact  string `json:"contact,omitempty"`
	// Kind is approval, certification or document timestamp.
	Kind SignatureKind `json:"kind"`
	// Permission is a certification signature's DocMDP permission, nil for
	// other kinds.
	Permission *Permission `json:"permission,omitempty"`
	// SigningTime is the time the signer claims (/M): not proof of
	// anything; Timestamp is.
	SigningTime time.Time `json:"signing_time,omitzero"`
	// Timestamp is the signature timestamp, nil when there is none.
	Timestamp *TimestampReport `json:"timestamp,omitempty"`
	// Intact means the digest of the signed bytes matches the one signed.
	Intact bool `json:"intact"`
	// Valid means the signature value is correct for the signer's key.
	Valid bool `json:"valid"`
	// Trusted means the signature is valid (intact, correct, with no
	// problem that makes it invalid) and the signer's chain leads to one of
	// the policy's roots at the timestamp time (or the policy's time) with
	// a key usage fit for signing, timestamped as the policy requires. An
	// invalid signature is never trusted.
	Trusted bool `json:"trusted"`
	// Coverage says whether the signature covers the whole file.
	Coverage Coverage `json:"coverage"`
	// Revision is the 1-based number of the revision the signature signed
	// (counted by cross-reference sections); 0 when unknown.
	Revision int `json:"revision"`
	// ChangesAfter classifies what changed in the file after this
	// signature.
	ChangesAfter Changes `json:"changes_after"`
	// Level is the PAdES baseline level the signature reaches (B-B, B-T,
	// B-LT, B-LTA); unknown for a broken signature and for document
	// timestamps.
	Level Level `json:"level"`
	// Revocation is the revocation status of each certificate of the
	// chain but the root, when the policy asks for it.
	Revocation []RevocationReport `json:"revocation,omitempty"`
	// Problems lists everything wrong with this signature; empty when it is
	// fine.
	Problems []Problem `json:"problems,omitempty"`
	// byteRange is kept for SignedRevision.
	byteRange []int64
	// provenByDocTS: a trusted document timestamp dates the signature;
	// embeddedLT: the file's validation data covers the chain.
	provenByDocTS, embeddedLT bool
}

// Has reports whether the signature has a problem with code c.
func (s *SignatureReport) Has(c ProblemCode) bool { return hasCode(s.Problems, c) }

// OK reports whether this signature, on its own, is valid: intact, valid,
// trusted and free of problems.
func (s *SignatureReport) OK() bool {
	return s.Intact && s.Valid && s.Trusted && len(s.Problems) == 0
}

// Update describes what one stretch of the file after a signed revision
// changed: the bytes from Start to End (exclusive).
type Update struct {
	Start   int64   `json:"start"`
	End     int64   `json:"end"`
	Changes Changes `json:"changes"`
	// Details says what changed, object by object.
	Details []string `json:"details,omitempty"`
	// Fields names the form fields filled in.
	Fields []string `json:"fields,omitempty"`
}

// Report is the result of [Verify].
type Report struct {
	// Status is the summary verdict.
	Status Status `json:"status"`
	// Signatures lists the signatures in file order (the first signed
	// first).
	Signatures []SignatureReport `json:"signatures"`
	// Updates lists the incremental updates after the first signed
	// revision, each classified object by object.
	Updates []Update `json:"updates,omitempty"`
	// Problems lists what is wrong with the file as a whole (a signature
	// dictionary attached to no field, data after the last revision).
	Problems []Problem `json:"problems,omitempty"`
	// Size is the size of the file verified.
	Size int64 `json:"size"`
}

// Has reports whether the report or any signature has a problem with code
// c.
func (r *Report) Has(c ProblemCode) bool {
	if hasCode(r.Problems, c) {
		return true
	}
	for i := range r.Signatures {
		if r.Signatures[i].Has(c) {
			return true
		}
	}
	return false
}

func hasCode(ps []Problem, c ProblemCode) bool {
	for _, p := range ps {
		if p.Code == c {
			return true
		}
	}
	return false
}

// Language is a language tag, "vi" or "en", as everywhere in motcua.
//
// Deprecated: methods take the tag as a plain string; Language is an alias
// of string kept so that older code compiles.
type Language = string

const (
	// Vietnamese is tiếng Việt, "vi", the default.
	Vietnamese = "vi"
	// English is English, "en".
	English = "en"
)

// String returns a readable summary in Vietnamese followed by the same in
// English.
func (r *Report) String() string {
	return r.Text(Vietnamese) + "\n" + r.Text(English)
}

// Text returns a readable summary in the given language: "en" for
// English, Vietnamese otherwise (the default, as everywhere in motcua).
// Times are shown in Vietnam's time zone.
func (r *Report) Text(lang string) string {
	if vnfmt.English(lang) {
		lang = English
	} else {
		lang = Vietnamese
	}
	t := func(vi, en string) string {
		if lang == Vietnamese {
			return vi
		}
		return en
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s\n", t("Kết quả", "Result"), statusText(r.Status, lang))
	for i := range r.Signatures {
		s := &r.Signatures[i]
		who := commonName(s.Signer)
		if who == "" {
			who = t("(không rõ)", "(unknown)")
		}
		fmt.Fprintf(&b, "%s %d (%s): %s, %s\n", t("Chữ ký", "Signature"), i+1, s.Field, kindText(s.Kind, lang), who)
		if s.Name != "" {
			fmt.Fprintf(&b, "  %s: %s\n", t("Tên", "Name"), s.Name)
		}
		if s.Reason != "" {
			fmt.Fprintf(&b, "  %s: %s\n", t("Lý do", "Reason"), s.Reason)
		}
		if s.Location != "" {
			fmt.Fprintf(&b, "  %s: %s\n", t("Nơi ký", "Location"), s.Location)
		}
		if !s.SigningTime.IsZero() {
			fmt.Fprintf(&b, "  %s: %s\n", t("Thời điểm ký (người ký khai)", "Signing time (claimed)"), s.SigningTime.In(Location).Format("02/01/2006 15:04:05"))
		}
		if ts := s.Timestamp; ts != nil {
			fmt.Fprintf(&b, "  %s: %s, %s, %s\n", t("Dấu thời gian", "Timestamp"), ts.Time.In(Location).Format("02/01/2006 15:04:05"),
				ts.Authority, yesNo(ts.Valid && ts.Trusted, t("tin cậy", "trusted"), t("không tin cậy", "not trusted")))
		}
		fmt.Fprintf(&b, "  %s: %s; %s: %s; %s: %s\n",
			t("Toàn vẹn", "Intact"), yesNo(s.Intact, t("có", "yes"), t("không", "no")),
			t("Chữ ký đúng", "Signature valid"), yesNo(s.Valid, t("có", "yes"), t("không", "no")),
			t("Chứng thư tin cậy", "Certificate trusted"), yesNo(s.Trusted, t("có", "yes"), t("không", "no")))
		fmt.Fprintf(&b, "  %s: %s; %s: %s\n", t("Phạm vi", "Coverage"), coverageText(s.Coverage, lang),
			t("Thay đổi sau khi ký", "Changes after signing"), changesText(s.ChangesAfter, lang))
		for _, p := range s.Problems {
			fmt.Fprintf(&b, "  - %s\n", p.Message(lang))
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(&b, "- %s\n", p.Message(lang))
	}
	return b.String()
}

func yesNo(v bool, yes, no string) string {
	if v {
		return yes
	}
	return no
}

func statusText(s Status, lang string) string {
	vi := map[Status]string{
		StatusValid:            "hợp lệ",
		StatusValidWithChanges: "hợp lệ, có thay đổi được phép sau khi ký",
		StatusInvalid:          "không hợp lệ",
		StatusUntrusted:        "không tin cậy được người ký",
		StatusNoSignatures:     "không có chữ ký",
	}
	en := map[Status]string{
		StatusValid:            "valid",
		StatusValidWithChanges: "valid, with allowed changes after signing",
		StatusInvalid:          "invalid",
		StatusUntrusted:        "signer not trusted",
		StatusNoSignatures:     "no signatures",
	}
	return pick(vi, en, s, lang)
}

func kindText(k SignatureKind, lang string) string {
	vi := map[SignatureKind]string{KindApproval: "chữ ký phê duyệt", KindCertification: "chữ ký chứng nhận", KindDocumentTimestamp: "dấu thời gian tài liệu"}
	en := map[SignatureKind]string{KindApproval: "approval signature", KindCertification: "certification signature", KindDocumentTimestamp: "document timestamp"}
	return pick(vi, en, k, lang)
}

func coverageText(c Coverage, lang string) string {
	vi := map[Coverage]string{CoverageWholeDocument: "toàn bộ tài liệu", CoverageEarlierRevision: "một phiên bản trước"}
	en := map[Coverage]string{CoverageWholeDocument: "whole document", CoverageEarlierRevision: "an earlier revision"}
	return pick(vi, en, c, lang)
}

func changesText(c Changes, lang string) string {
	vi := map[Changes]string{
		ChangesNone: "không", ChangesValidationData: "thêm dữ liệu xác thực, dấu thời gian",
		ChangesSignatures: "thêm chữ ký", ChangesFormFilling: "điền biểu mẫu",
		ChangesAnnotations: "chú thích", ChangesOther: "thay đổi khác (nội dung, trang, cấu trúc)",
	}
	en := map[Changes]string{
		ChangesNone: "none", ChangesValidationData: "validation data, timestamps",
		ChangesSignatures: "new signatures", ChangesFormFilling: "form filling",
		ChangesAnnotations: "annotations", ChangesOther: "other changes (content, pages, structure)",
	}
	return pick(vi, en, c, lang)
}

func pick[T comparable](vi, en map[T]string, v T, lang string) string {
	m := en
	if lang == Vietnamese {
		m = vi
	}
	if s, ok := m[v]; ok {
		return s
	}
	if lang == Vietnamese {
		return "không rõ"
	}
	return "unknown"
}
