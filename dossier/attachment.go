package dossier

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
)

// NewAttachment returns the attachment of content for the required
// document named document (its name, or see [Attachment.Document]): its
// size, lowercase hex SHA-256 and media type sniffed from the content
// (see [SniffMediaType]). fileName is the uploaded file's name, kept for
// display.
func NewAttachment(document, fileName string, content []byte) Attachment {
	sum := sha256.Sum256(content)
	return Attachment{Name: document, FileName: fileName, MediaType: SniffMediaType(content, fileName),
		Size: int64(len(content)), SHA256: hex.EncodeToString(sum[:])}
}

// ReadAttachment is [NewAttachment] for content read from r to its end,
// without holding it in memory: the size and digest are computed as it
// streams, the media type from its first 512 bytes. More than maxBytes
// bytes (when maxBytes > 0) is an error wrapping [ErrTooLarge]; a read
// error is returned as it is, wrapped.
func ReadAttachment(document, fileName string, r io.Reader, maxBytes int64) (Attachment, error) {
	h := sha256.New()
	var head bytes.Buffer
	lim := r
	if maxBytes > 0 {
		lim = io.LimitReader(r, maxBytes+1)
	}
	n, err := io.Copy(io.MultiWriter(h, &headWriter{&head}), lim)
	if err != nil {
		return Attachment{}, fmt.Errorf("dossier: read attachment %q: %w", clip(fileName), err)
	}
	if maxBytes > 0 && n > maxBytes {
		return Attachment{}, fmt.Errorf("%w: attachment %q is larger than %d bytes", ErrTooLarge, clip(fileName), maxBytes)
	}
	return Attachment{Name: document, FileName: fileName, MediaType: SniffMediaType(head.Bytes(), fileName),
		Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
}

// headWriter keeps the first sniffLen bytes written.
type headWriter struct{ b *bytes.Buffer }

const sniffLen = 512

func (w *headWriter) Write(p []byte) (int, error) {
	if room := sniffLen - w.b.Len(); room > 0 {
		w.b.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// SniffMediaType returns the media type of content, as its first bytes
// show: "application/pdf", "image/jpeg", "image/png", "image/tiff",
// "image/gif", "image/webp", "image/heic", "application/zip",
// "text/plain" (valid UTF-8 without control characters) or
// "application/octet-stream". Office files, which are zip archives, are
// told apart by fileName's extension (.docx, .xlsx, .pptx, .odt, .ods).
// The file name alone never decides: a ".pdf" that is not a PDF is what
// its content says.
func SniffMediaType(content []byte, fileName string) string {
	if len(content) > sniffLen {
		content = content[:sniffLen]
	}
	for _, m := range magics {
		if len(content) >= m.at+len(m.sig) && string(content[m.at:m.at+len(m.sig)]) == m.sig {
			if m.typ == "application/zip" {
				if mt, ok := officeTypes[strings.ToLower(path.Ext(fileName))]; ok {
					return mt
				}
			}
			if m.typ == "image/webp" && !strings.HasPrefix(string(content), "RIFF") {
				continue
			}
			return m.typ
		}
	}
	if len(content) > 0 && utf8.Valid(content) && !bytes.ContainsFunc(content, func(r rune) bool {
		return r < ' ' && r != '\n' && r != '\r' && r != '\t' || r == 0x7f
	}) {
		return "text/plain"
	}
	return "application/octet-stream"
}

// magics are the signatures SniffMediaType knows, at their offsets.
var magics = []struct {
	at       int
	sig, typ string
}{
	{0, "%PDF-", "application/pdf"},
	{0, "\xff\xd8\xff", "image/jpeg"},
	{0, "\x89PNG\r\n\x1a\n", "image/png"},
	{0, "II*\x00", "image/tiff"},
	{0, "MM\x00*", "image/tiff"},
	{0, "GIF87a", "image/gif"},
	{0, "GIF89a", "image/gif"},
	{8, "WEBP", "image/webp"},
	{4, "ftypheic", "image/heic"},
	{0, "PK\x03\x04", "application/zip"},
}

// officeTypes are the media types of the zip-based office formats, by
// file extension.
var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
}

// docKey is the form in which document names are compared: Unicode NFC
// (browsers may send NFD), runs of white space as one space, trimmed, and
// case-folded. Diacritics are kept: "To khai" is not "Tờ khai".
func docKey(s string) string {
	return cases.Fold().String(strings.Join(strings.Fields(norm.NFC.String(s)), " "))
}

// findDocument returns the index in reqs of the document an attachment
// names, and the problem's rule and parameter when there is none: by
// [Attachment.Document] — "#n" (the n-th document, counted from 1) or a
// document code ([catalog.Requirement.Code]) — else by name, compared as
// [docKey] does.
func findDocument(reqs []catalog.Requirement, a *Attachment) (int, string, any) {
	if ref := strings.TrimSpace(a.Document); ref != "" {
		if n, ok := strings.CutPrefix(ref, "#"); ok {
			i, err := strconv.Atoi(n)
			if err != nil || i < 1 || i > len(reqs) {
				return -1, "document_index", ref
			}
			return i - 1, "", nil
		}
		if i := slices.IndexFunc(reqs, func(r catalog.Requirement) bool { return r.Code != "" && r.Code == ref }); i >= 0 {
			return i, "", nil
		}
		return -1, "document_unknown", ref
	}
	if i := slices.IndexFunc(reqs, func(r catalog.Requirement) bool { return r.Name == a.Name }); i >= 0 {
		return i, "", nil
	}
	key := docKey(a.Name)
	if i := slices.IndexFunc(reqs, func(r catalog.Requirement) bool { return docKey(r.Name) == key }); i >= 0 {
		return i, "", nil
	}
	return -1, "document_unknown", a.Name
}

// documents returns the documents required of p for the case named
// caseName: the general list, then the case's.
func documents(p *catalog.Procedure, caseName string) ([]catalog.Requirement, bool) {
	if len(p.Cases) == 0 {
		return p.Documents, true
	}
	key := docKey(caseName)
	i := slices.IndexFunc(p.Cases, func(c catalog.Case) bool { return c.Name == caseName || docKey(c.Name) == key })
	if i < 0 {
		return p.Documents, false
	}
	return append(slices.Clip(p.Documents), p.Cases[i].Documents...), true
}

// checkDocuments checks atts against the required documents reqs, and
// returns them with each one's Name set to the document's exact name and
// Document cleared (a copy when anything changed; atts is not written).
// With complete, every required document must be there (a submission); a
// supplement brings only some.
func checkDocuments(reqs []catalog.Requirement, atts []Attachment, complete bool) ([]Attachment, []Problem) {
	var probs []Problem
	out := atts
	var small [16]int
	var seen []int // 1 + the index of the attachment that brought each document
	if len(reqs) > len(small) {
		seen = make([]int, len(reqs))
	} else {
		seen = small[:len(reqs)]
	}
	for i := range atts {
		a := &atts[i]
		path := "Attachments[" + strconv.Itoa(i) + "]"
		if rule, ps := attachmentShape(a); rule != "" {
			probs = append(probs, problem(ProblemDocument, path, rule, ps...))
			continue
		}
		k, rule, param := findDocument(reqs, a)
		if k < 0 {
			probs = append(probs, problem(ProblemDocument, path, rule, param))
			continue
		}
		r := &reqs[k]
		if len(r.MediaTypes) > 0 && !slices.Contains(r.MediaTypes, a.MediaType) {
			probs = append(probs, problem(ProblemDocument, path, "media_type", r.Name, a.MediaType, r.MediaTypes))
		}
		if r.MaxBytes > 0 && a.Size > r.MaxBytes {
			probs = append(probs, problem(ProblemDocument, path, "file_too_large", r.Name, sizeText(a.Size), sizeText(r.MaxBytes)))
		}
		if seen[k] != 0 {
			probs = append(probs, problem(ProblemDocument, path, "document_duplicate", r.Name, seen[k]))
		}
		seen[k] = i + 1
		if a.Name != r.Name || a.Document != "" {
			if &out[0] == &atts[0] {
				out = slices.Clone(atts)
			}
			out[i].Name, out[i].Document = r.Name, ""
		}
	}
	if complete {
		for k, r := range reqs {
			if !r.Optional && seen[k] == 0 {
				probs = append(probs, problem(ProblemDocument, r.Name, "document_missing", r.Name))
			}
		}
	}
	return out, probs
}

// attachmentShape checks an attachment's own fields, returning the rule
// broken and its parameters.
func attachmentShape(a *Attachment) (string, []any) {
	switch {
	case strings.TrimSpace(a.Name) == "" && strings.TrimSpace(a.Document) == "":
		return "attachment_name", nil
	case a.Size <= 0:
		return "attachment_size", []any{a.Size}
	case len(a.SHA256) != 64 || strings.ToLower(a.SHA256) != a.SHA256:
		return "attachment_sha256", nil
	}
	if _, err := hex.DecodeString(a.SHA256); err != nil {
		return "attachment_sha256", nil
	}
	return "", nil
}

// checkAttachmentShape is attachmentShape as an error wrapping
// [ErrInvalidDossier].
func checkAttachmentShape(a *Attachment) error {
	if rule, ps := attachmentShape(a); rule != "" {
		return problem(ProblemDocument, "", rule, ps...).Err
	}
	return nil
}
