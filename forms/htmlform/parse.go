package htmlform

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/motcua/motcua/forms"
)

// Default limits of [ParseOptions].
const (
	DefaultMaxBytes  = 32 << 20
	DefaultMaxMemory = 4 << 20
)

// ParseOptions configures [Renderer.Parse]. The zero value works.
type ParseOptions struct {
	// MaxBytes bounds the request body; 0 means [DefaultMaxBytes]. A
	// larger body is refused with [ErrTooLarge] as soon as it is read.
	MaxBytes int64
	// MaxMemory is how much of the files is held in memory; the rest is
	// spooled to temporary files that [Submission.Close] removes. 0 means
	// [DefaultMaxMemory].
	MaxMemory int64
	// Kept finds a file received with an earlier request by the SHA-256
	// of its content (the page sends back the digests of the files it
	// lists as kept). A digest it does not know is dropped; nil keeps no
	// file from one request to the next.
	Kept func(sha256 string) (Stored, bool)
}

// Parse reads a submitted form: a POST of multipart/form-data (with files)
// or application/x-www-form-urlencoded. It applies the button's [Action]
// (adding or removing a row), converts the answers into [Submission.Data],
// leaving out the fields hidden by their conditions, and reads the files.
// It does not validate: call [forms.Form.Validate] with Data when
// [Action.Final]. A request it cannot read is a *[ParseError] wrapping
// [ErrRequest], [ErrTooLarge] or [ErrTooMany], and nothing is kept of it.
// Call [Submission.Close] when the uploads have been stored.
func (r *Renderer) Parse(req *http.Request, opt ParseOptions) (*Submission, error) {
	if req.Method != http.MethodPost {
		return nil, &ParseError{Err: ErrRequest, Detail: "method " + strconv.Quote(req.Method) + ", want POST"}
	}
	maxBytes, maxMem := opt.MaxBytes, opt.MaxMemory
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if maxMem <= 0 {
		maxMem = DefaultMaxMemory
	}
	mt, _, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
	if err != nil {
		return nil, &ParseError{Err: ErrRequest, Detail: "content type: " + err.Error()}
	}
	req.Body = http.MaxBytesReader(nil, req.Body, maxBytes)
	switch mt {
	case "multipart/form-data":
		err = req.ParseMultipartForm(maxMem)
	case "application/x-www-form-urlencoded":
		err = req.ParseForm()
	default:
		return nil, &ParseError{Err: ErrRequest, Detail: "content type " + strconv.Quote(mt)}
	}
	s := &Submission{values: map[string][]string(req.PostForm), rows: map[string]int{}, files: map[string][]Stored{}, multi: req.MultipartForm}
	if err != nil {
		_ = s.Close()
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return nil, &ParseError{Err: ErrTooLarge, Detail: "body over " + strconv.FormatInt(maxBytes, 10) + " bytes"}
		}
		return nil, &ParseError{Err: ErrRequest, Detail: err.Error()}
	}
	if err := r.read(req.Context(), s, req.MultipartForm, opt); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// read fills s from the parsed request.
func (r *Renderer) read(ctx context.Context, s *Submission, mf *multipart.Form, opt ParseOptions) error {
	act := s.values["_action"]
	if len(act) > 1 {
		return &ParseError{Field: "_action", Err: ErrRequest, Detail: "more than one action"}
	}
	a := ""
	if len(act) == 1 {
		a = act[0]
	}
	var err error
	if s.Action, err = r.parseAction(a); err != nil {
		return err
	}
	if err := r.readFields(s, r.schema.Fields, "", mf, opt); err != nil {
		return err
	}
	s.apply(r)
	if err := r.build(ctx, s); err != nil {
		return err
	}
	// Only the files of visible fields are received.
	kept := s.Uploads[:0]
	for _, u := range s.Uploads {
		if !s.Hidden(u.Path) && s.hasFile(u.Path, u.SHA256) {
			kept = append(kept, u)
		}
	}
	s.Uploads = kept
	return nil
}

func (s *Submission) hasFile(p, sum string) bool {
	for _, f := range s.files[p] {
		if f.SHA256 == sum {
			return true
		}
	}
	return false
}

// readFields counts the rows of the repeats, checks that single-valued
// inputs got one value, and reads the files of the fields below prefix.
func (r *Renderer) readFields(s *Submission, fields []forms.Field, prefix string, mf *multipart.Form, opt ParseOptions) error {
	for i := range fields {
		f := &fields[i]
		p := join(prefix, f.Key)
		switch f.Type {
		case forms.TypeGroup:
			if err := r.readFields(s, f.Fields, p, mf, opt); err != nil {
				return err
			}
		case forms.TypeRepeat:
			n, err := rowCount(s.values, f, p)
			if err != nil {
				return err
			}
			s.rows[p] = n
			for j := range n {
				if err := r.readFields(s, f.Fields, rowPath(p, j), mf, opt); err != nil {
					return err
				}
			}
		case forms.TypeMultiChoice:
			if len(s.values[p]) > len(f.Choices) {
				return &ParseError{Field: p, Err: ErrTooMany, Detail: strconv.Itoa(len(s.values[p])) + " values for " + strconv.Itoa(len(f.Choices)) + " choices"}
			}
		case forms.TypeFile:
			if err := s.readFiles(f, p, mf, opt); err != nil {
				return err
			}
		default:
			if len(s.values[p]) > 1 {
				return &ParseError{Field: p, Err: ErrTooMany, Detail: strconv.Itoa(len(s.values[p])) + " values for one answer"}
			}
		}
	}
	return nil
}

// rowCount returns the rows of the repeat f at p: its _rows input, else
// one past the highest row named, else its minimum.
func rowCount(values map[string][]string, f *forms.Field, p string) (int, error) {
	name := "_rows." + p
	n := -1
	if vs := values[name]; len(vs) > 0 {
		v, err := strconv.Atoi(vs[0])
		if err != nil || v < 0 || len(vs) > 1 {
			return 0, &ParseError{Field: name, Err: ErrRequest, Detail: "not a row count"}
		}
		n = v
	} else {
		pre := p + "["
		for k := range values {
			rest, ok := strings.CutPrefix(k, pre)
			end := strings.IndexByte(rest, ']')
			if !ok || end < 0 {
				continue
			}
			if j, err := strconv.Atoi(rest[:end]); err == nil && j >= n && j < MaxRows {
				n = j + 1
			}
		}
		if n < 0 {
			n = minRows(f)
		}
	}
	if n > maxRows(f) {
		return 0, &ParseError{Field: p, Err: ErrTooMany, Detail: strconv.Itoa(n) + " rows, at most " + strconv.Itoa(maxRows(f))}
	}
	return n, nil
}

// readFiles reads the kept and the new files of the file field f at p.
func (s *Submission) readFiles(f *forms.Field, p string, mf *multipart.Form, opt ParseOptions) error {
	var list []Stored
	seen := map[string]bool{}
	if opt.Kept != nil {
		for _, sum := range s.values["_kept."+p] {
			if seen[sum] || len(sum) != 2*sha256.Size {
				continue
			}
			if st, ok := opt.Kept(sum); ok && st.SHA256 == sum {
				seen[sum] = true
				list = append(list, st)
			}
		}
	}
	if mf != nil {
		for _, h := range mf.File[p] {
			if h.Filename == "" && h.Size == 0 {
				continue // a file input left empty
			}
			st, err := readUpload(h)
			if err != nil {
				return &ParseError{Field: p, Err: ErrRequest, Detail: err.Error()}
			}
			if seen[st.SHA256] {
				continue
			}
			seen[st.SHA256] = true
			list = append(list, st)
			s.Uploads = append(s.Uploads, Upload{Path: p, Stored: st, header: h})
		}
	}
	if len(list) > MaxFiles {
		return &ParseError{Field: p, Err: ErrTooMany, Detail: strconv.Itoa(len(list)) + " files, at most " + strconv.Itoa(MaxFiles)}
	}
	if len(list) > 0 {
		s.files[p] = list
	}
	return nil
}

// readUpload hashes and sniffs one uploaded file.
func readUpload(h *multipart.FileHeader) (Stored, error) {
	f, err := h.Open()
	if err != nil {
		return Stored{}, err
	}
	defer f.Close()
	sum := sha256.New()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return Stored{}, err
	}
	sum.Write(head[:n])
	size, err := io.Copy(sum, f)
	if err != nil {
		return Stored{}, err
	}
	mt, _, _ := mime.ParseMediaType(http.DetectContentType(head[:n]))
	name := path.Base(strings.ReplaceAll(h.Filename, `\`, "/"))
	if name == "." || name == "/" {
		name = ""
	}
	return Stored{
		File:   forms.File{Name: name, MediaType: mt, Size: int64(n) + size},
		SHA256: hex.EncodeToString(sum.Sum(nil)),
	}, nil
}
