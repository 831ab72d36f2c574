package signing

import (
	"encoding/json"
	"fmt"

	"github.com/motcua/motcua/internal/vnfmt"
)

// ProblemCode is the stable code of a problem found by [Verify] (or of a
// certificate [Sign] refuses, see [CertificateError]). Programs test codes;
// people read [Problem.Message].
type ProblemCode string

// Problem codes. Each makes the signature (or the report) not valid; the
// codes marked "untrusted" lead to [StatusUntrusted] rather than
// [StatusInvalid] when nothing worse is found.
const (
	// CodeByteRangeMissing: the signature dictionary has no /ByteRange.
	CodeByteRangeMissing ProblemCode = "byterange-missing"
	// CodeByteRangeMalformed: /ByteRange is not four non-negative integers.
	CodeByteRangeMalformed ProblemCode = "byterange-malformed"
	// CodeByteRangeStart: the first range does not start at offset 0.
	CodeByteRangeStart ProblemCode = "byterange-not-from-start"
	// CodeByteRangeOutside: a range reaches beyond the end of the file
	// (the file was truncated) or the ranges overlap.
	CodeByteRangeOutside ProblemCode = "byterange-outside-file"
	// CodeByteRangeGap: the bytes left out are not exactly this
	// signature's /Contents hexadecimal string (signature wrapping).
	CodeByteRangeGap ProblemCode = "byterange-gap"
	// CodeRevisionEnd: the signed bytes do not end at an %%EOF marker.
	CodeRevisionEnd ProblemCode = "revision-not-at-eof"
	// CodeSignatureLocation: the signature dictionary is not an indirect
	// object written plainly in the file (it is direct, or compressed in
	// an object stream), so its /Contents cannot be the unsigned gap.
	CodeSignatureLocation ProblemCode = "signature-dictionary-location"
	// CodeContentsMissing: /Contents is missing, empty or all zeros.
	CodeContentsMissing ProblemCode = "contents-missing"
	// CodeCMSMalformed: /Contents is not a CMS SignedData PAdES accepts.
	CodeCMSMalformed ProblemCode = "cms-malformed"
	// CodeSubFilter: the signature format (/SubFilter) is not supported.
	CodeSubFilter ProblemCode = "subfilter-unsupported"
	// CodeDigestMismatch: the signed bytes were changed after signing.
	CodeDigestMismatch ProblemCode = "digest-mismatch"
	// CodeSignerMissing: the certificate the CMS names as signer is not in
	// it.
	CodeSignerMissing ProblemCode = "signer-certificate-missing"
	// CodeSignerMismatch: the signed signing-certificate attribute names
	// another certificate than the one used.
	CodeSignerMismatch ProblemCode = "signer-certificate-mismatch"
	// CodeSignatureInvalid: the signature value does not verify with the
	// signer's key.
	CodeSignatureInvalid ProblemCode = "signature-invalid"
	// CodeNoRoots (untrusted): the policy names no trust roots.
	CodeNoRoots ProblemCode = "no-trust-roots"
	// CodeUntrusted (untrusted): the signer does not chain to a root.
	CodeUntrusted ProblemCode = "chain-untrusted"
	// CodeExpired (untrusted): a certificate of the chain was not valid
	// (expired or not yet valid) at the time that counts.
	CodeExpired ProblemCode = "certificate-expired"
	// CodeNotYetValid: the signing certificate is not valid yet at the
	// signing time ([CertificateError] of [Sign]; Verify reports
	// [CodeExpired] for both ends of the validity period).
	CodeNotYetValid ProblemCode = "certificate-not-yet-valid"
	// CodeKeyUsage (untrusted): the certificate's key usage does not allow
	// signing documents (or time stamping).
	CodeKeyUsage ProblemCode = "key-usage"
	// CodeTimestampMissing (untrusted): the policy requires a timestamp
	// and the signature has none.
	CodeTimestampMissing ProblemCode = "timestamp-missing"
	// CodeTimestampInvalid: the timestamp token is broken or stamps
	// something else.
	CodeTimestampInvalid ProblemCode = "timestamp-invalid"
	// CodeTimestampUntrusted (untrusted): the timestamp authority does not
	// chain to the policy's timestamp roots.
	CodeTimestampUntrusted ProblemCode = "timestamp-untrusted"
	// CodeChangesNotAllowed: the file changed after the signature in a way
	// the policy does not allow.
	CodeChangesNotAllowed ProblemCode = "changes-not-allowed"
	// CodeDocMDP: a change after a certification signature that its DocMDP
	// permission forbids.
	CodeDocMDP ProblemCode = "docmdp-violation"
	// CodeFieldLocked: a form field this signature locks (/Lock, FieldMDP)
	// was filled in after it.
	CodeFieldLocked ProblemCode = "field-locked"
	// CodeCertificationNotFirst: a certification signature follows another
	// signature.
	CodeCertificationNotFirst ProblemCode = "certification-not-first"
	// CodeDuplicate: two signature fields share one signature.
	CodeDuplicate ProblemCode = "duplicate-signature"
	// CodeOrphanSignature: a signature dictionary is attached to no
	// signature field (report level).
	CodeOrphanSignature ProblemCode = "orphan-signature"
	// CodeTrailingData: bytes after the last revision are not an
	// incremental update (report level).
	CodeTrailingData ProblemCode = "trailing-data"
	// CodeRevoked: a certificate of the signer's chain was revoked before
	// the signing time.
	CodeRevoked ProblemCode = "certificate-revoked"
	// CodeRevocationUnknown (untrusted): the revocation status of a
	// certificate of the chain could not be established.
	CodeRevocationUnknown ProblemCode = "revocation-unknown"
	// CodeDamaged: the end of the file cannot be read as a PDF revision
	// (truncated or damaged); the last readable revision was verified
	// (report level).
	CodeDamaged ProblemCode = "damaged-revision"
)

// untrustedCodes lead to StatusUntrusted rather than StatusInvalid.
var untrustedCodes = map[ProblemCode]bool{
	CodeNoRoots: true, CodeUntrusted: true, CodeExpired: true, CodeKeyUsage: true,
	CodeTimestampMissing: true, CodeTimestampUntrusted: true, CodeRevocationUnknown: true,
}

var problemText = map[ProblemCode][2]string{ // vi, en
	CodeByteRangeMissing:      {"Chữ ký không có /ByteRange", "The signature has no /ByteRange"},
	CodeByteRangeMalformed:    {"/ByteRange không phải bốn số nguyên", "/ByteRange is not four integers"},
	CodeByteRangeStart:        {"/ByteRange không bắt đầu từ đầu tệp", "/ByteRange does not start at the beginning of the file"},
	CodeByteRangeOutside:      {"/ByteRange vượt ra ngoài tệp (tệp bị cắt) hoặc chồng lấn", "/ByteRange reaches beyond the file (truncated) or overlaps"},
	CodeByteRangeGap:          {"Phần không được ký không đúng là /Contents của chữ ký này (tấn công bọc chữ ký)", "The unsigned gap is not exactly this signature's /Contents (signature wrapping)"},
	CodeRevisionEnd:           {"Phần được ký không kết thúc tại %%EOF", "The signed bytes do not end at an %%EOF"},
	CodeSignatureLocation:     {"Từ điển chữ ký không nằm trực tiếp trong tệp", "The signature dictionary is not a plain indirect object"},
	CodeContentsMissing:       {"/Contents rỗng hoặc toàn số không", "/Contents is missing, empty or zeroed"},
	CodeCMSMalformed:          {"/Contents không phải CMS SignedData hợp lệ", "/Contents is not a well-formed CMS SignedData"},
	CodeSubFilter:             {"Định dạng chữ ký không được hỗ trợ", "Unsupported signature format"},
	CodeDigestMismatch:        {"Nội dung đã ký bị thay đổi (mã băm không khớp)", "The signed bytes were changed (digest mismatch)"},
	CodeSignerMissing:         {"Không có chứng thư của người ký trong chữ ký", "The signer's certificate is not in the signature"},
	CodeSignerMismatch:        {"Chứng thư người ký không khớp thuộc tính đã ký", "The signer's certificate does not match the signed attribute"},
	CodeSignatureInvalid:      {"Giá trị chữ ký sai", "The signature value does not verify"},
	CodeNoRoots:               {"Chưa cung cấp chứng thư gốc tin cậy", "No trust roots were given"},
	CodeUntrusted:             {"Chứng thư không dẫn tới gốc tin cậy", "The certificate does not chain to a trusted root"},
	CodeExpired:               {"Chứng thư hết hạn hoặc chưa có hiệu lực tại thời điểm kiểm tra", "A certificate was expired or not yet valid at the time checked"},
	CodeNotYetValid:           {"Chứng thư chưa có hiệu lực tại thời điểm ký", "The certificate is not valid yet at the signing time"},
	CodeKeyUsage:              {"Mục đích sử dụng khóa không cho phép ký", "The key usage does not allow this signature"},
	CodeTimestampMissing:      {"Thiếu dấu thời gian theo yêu cầu", "A timestamp is required and missing"},
	CodeTimestampInvalid:      {"Dấu thời gian không hợp lệ", "The timestamp is invalid"},
	CodeTimestampUntrusted:    {"Đơn vị cấp dấu thời gian không tin cậy", "The timestamp authority is not trusted"},
	CodeChangesNotAllowed:     {"Tài liệu bị thay đổi sau khi ký theo cách không được phép", "The document was changed after signing in a way not allowed"},
	CodeDocMDP:                {"Thay đổi vi phạm quyền DocMDP của chữ ký chứng nhận", "A change violates the certification signature's DocMDP permission"},
	CodeFieldLocked:           {"Trường biểu mẫu bị khóa bởi chữ ký này đã bị sửa", "A form field this signature locks was changed"},
	CodeCertificationNotFirst: {"Chữ ký chứng nhận không phải chữ ký đầu tiên", "The certification signature is not the first signature"},
	CodeDuplicate:             {"Hai trường chữ ký dùng chung một chữ ký", "Two signature fields share one signature"},
	CodeOrphanSignature:       {"Có từ điển chữ ký không thuộc trường chữ ký nào", "A signature dictionary belongs to no signature field"},
	CodeTrailingData:          {"Dữ liệu sau phiên bản cuối không phải bản cập nhật hợp lệ", "Data after the last revision is not a proper update"},
	CodeRevoked:               {"Chứng thư của người ký đã bị thu hồi trước thời điểm ký", "A certificate of the signer was revoked before the signing time"},
	CodeRevocationUnknown:     {"Không xác định được tình trạng thu hồi của chứng thư", "The revocation status of a certificate could not be established"},
	CodeDamaged:               {"Phần cuối tệp hỏng hoặc bị cắt", "The end of the file is damaged or truncated"},
}

// Problem is one thing wrong with a signature or a file.
type Problem struct {
	// Code is the stable code.
	Code ProblemCode `json:"code"`
	// Detail says precisely what was found (English, for logs).
	Detail string `json:"detail,omitempty"`
}

// Untrusted reports whether the problem only makes the signer untrusted
// (rather than the signature invalid).
func (p Problem) Untrusted() bool { return untrustedCodes[p.Code] }

// Message returns the problem in the given language ("en" for English,
// Vietnamese otherwise), with its detail.
func (p Problem) Message(lang string) string {
	txt, ok := problemText[p.Code]
	msg := string(p.Code)
	if ok {
		msg = txt[0]
		if vnfmt.English(lang) {
			msg = txt[1]
		}
	}
	if p.Detail != "" {
		msg += ": " + p.Detail
	}
	return msg
}

// String returns the English message.
func (p Problem) String() string { return p.Message(English) }

// MarshalJSON writes code, detail and the English message.
func (p Problem) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Code    ProblemCode `json:"code"`
		Detail  string      `json:"detail,omitempty"`
		Message string      `json:"message"`
	}{p.Code, p.Detail, p.Message(English)})
}

func problem(c ProblemCode, format string, args ...any) Problem {
	if format == "" {
		return Problem{Code: c}
	}
	return Problem{Code: c, Detail: fmt.Sprintf(format, args...)}
}
