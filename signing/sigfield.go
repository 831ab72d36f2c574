package signing

import (
	"bytes"
	"cmp"
	"context"
	"crypto"
	"encoding/asn1"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"

	"github.com/digitorus/timestamp"
)

// sigField is a signature field of the document and its signature
// dictionary, as found through the AcroForm. The verifier builds on it.
type sigField struct {
	Name      string  // fully qualified field name
	FieldRef  pdfRef  // the field (or merged widget) object
	SigRef    pdfRef  // the signature dictionary, when indirect
	Dict      pdfDict // the signature dictionary (nil: unsigned field)
	ByteRange []int64 // as written, unchecked
	Contents  []byte  // decoded /Contents
}

// DocMDP returns the /P of a certification signature's DocMDP reference,
// or 0 when the signature is not a certification signature.
func (f *pdfFile) docMDP(s sigField) int {
	refs, _ := f.resolve(s.Dict["Reference"])
	arr, _ := refs.(pdfArray)
	for _, r := range arr {
		d, err := f.dict(r)
		if err != nil || d["TransformMethod"] != pdfName("DocMDP") {
			continue
		}
		tp, err := f.dict(d["TransformParams"])
		if err != nil {
			continue
		}
		if p, ok := tp["P"].(int64); ok && p >= 1 && p <= 3 {
			return int(p)
		}
		return 2
	}
	return 0
}

const maxFields = 1 << 16

// fieldNames returns every terminal and non-terminal field name.
// signatureFields returns the signature fields in file order (by the
// offset of their /Contents).
func (f *pdfFile) signatureFields() (sigs []sigField, names map[string]bool, err error) {
	names = map[string]bool{}
	root, err := f.dict(f.trailer["Root"])
	if err != nil {
		return nil, nil, err
	}
	acro, err := f.dict(root["AcroForm"])
	if err != nil || acro == nil {
		return nil, names, err
	}
	fieldsV, err := f.resolve(acro["Fields"])
	if err != nil {
		return nil, nil, err
	}
	fields, _ := fieldsV.(pdfArray)
	visited := map[int]bool{}
	type item struct {
		v      any
		prefix string
		ft     any
		depth  int
	}
	stack := make([]item, 0, len(fields))
	for i := len(fields) - 1; i >= 0; i-- {
		stack = append(stack, item{v: fields[i]})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if len(visited) > maxFields || it.depth > f.b.lim.MaxDepth {
			return nil, nil, &MalformedError{Msg: "form field tree too large or too deep"}
		}
		ref, isRef := it.v.(pdfRef)
		if isRef {
			if visited[ref.Num] {
				continue
			}
			visited[ref.Num] = true
		}
		d, err := f.dict(it.v)
		if err != nil {
			return nil, nil, err
		}
		if d == nil {
			continue
		}
		name := it.prefix
		if t, ok := d["T"].(pdfString); ok {
			if name != "" {
				name += "."
			}
			name += textString(t)
			names[name] = true
		}
		ft := it.ft
		if v, ok := d["FT"]; ok {
			ft = v
		}
		kidsV, err := f.resolve(d["Kids"])
		if err != nil {
			return nil, nil, err
		}
		if kids, ok := kidsV.(pdfArray); ok && len(kids) > 0 {
			// Kids without /T are widgets of this field.
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, item{v: kids[i], prefix: name, ft: ft, depth: it.depth + 1})
			}
		}
		if ft != pdfName("Sig") || d["V"] == nil {
			continue
		}
		if _, ok := d["T"]; !ok && it.prefix != "" {
			continue // a widget of a signature field already counted
		}
		s := sigField{Name: name}
		if isRef {
			s.FieldRef = ref
		}
		if r, ok := d["V"].(pdfRef); ok {
			s.SigRef = r
		}
		if s.Dict, err = f.dict(d["V"]); err != nil {
			return nil, nil, err
		}
		if s.Dict == nil {
			continue
		}
		if br, ok := s.Dict["ByteRange"].(pdfArray); ok {
			for _, x := range br {
				n, _ := x.(int64)
				s.ByteRange = append(s.ByteRange, n)
			}
		}
		if c, ok := s.Dict["Contents"].(pdfString); ok {
			s.Contents = []byte(c)
		}
		sigs = append(sigs, s)
	}
	slices.SortStableFunc(sigs, func(a, b sigField) int {
		return int(rangeStart(a) - rangeStart(b))
	})
	return sigs, names, nil
}

// allSignatures returns the signature fields of the form and those pages
// show as widgets that the form does not list (poppler's pdfsig writes its
// field so), in file order.
func (f *pdfFile) allSignatures() ([]sigField, map[string]bool, error) {
	sigs, names, err := f.signatureFields()
	if err != nil {
		return nil, nil, err
	}
	known := map[int]pdfRef{}
	for _, sf := range sigs {
		if _, seen := known[sf.SigRef.Num]; sf.SigRef != (pdfRef{}) && !seen {
			known[sf.SigRef.Num] = sf.FieldRef
		}
	}
	more, err := widgetSignatures(f, known)
	if err != nil {
		return nil, nil, fmt.Errorf("signing: read signature widgets: %w", err)
	}
	if len(more) > 0 {
		for _, m := range more {
			names[m.Name] = true
		}
		sigs = append(sigs, more...)
		slices.SortStableFunc(sigs, func(a, b sigField) int { return cmp.Compare(rangeStart(a), rangeStart(b)) })
	}
	return sigs, names, nil
}

func rangeStart(s sigField) int64 {
	if len(s.ByteRange) == 4 {
		return s.ByteRange[1]
	}
	return 1 << 62
}

// checkByteRange checks that the byte range has the PAdES shape: two ranges,
// from offset 0, with exactly this signature's /Contents hexadecimal string
// in the gap, inside the file.
func checkByteRange(r io.ReaderAt, size int64, s sigField) error {
	br := s.ByteRange
	if len(br) != 4 {
		return errors.New("/ByteRange does not hold four integers")
	}
	if br[0] != 0 || br[1] <= 0 || br[2] <= br[1]+1 || br[3] < 0 || br[2] > size || br[3] > size-br[2] {
		return fmt.Errorf("/ByteRange %v does not fit a file of %d bytes", br, size)
	}
	gap := br[2] - br[1]
	if gap != int64(2*len(s.Contents)+2) {
		return fmt.Errorf("/ByteRange gap of %d bytes is not the /Contents string (%d bytes)", gap, 2*len(s.Contents)+2)
	}
	return gapHolds(r, br[1], s.Contents)
}

// gapChunk is how many bytes of the gap gapHolds reads at a time.
const gapChunk = 1024

// gapHolds checks that the 2*len(contents)+2 bytes of r at off are '<',
// contents in hexadecimal digits (either case, no white space) and '>':
// what decoding the gap and comparing it with contents checks, without a
// buffer of the gap's size nor a decoded copy.
func gapHolds(r io.ReaderAt, off int64, contents []byte) error {
	var buf, want [gapChunk]byte
	var ends [1]byte
	for _, at := range [2]int64{off, off + int64(2*len(contents)) + 1} {
		if m, _ := r.ReadAt(ends[:], at); m < 1 {
			return fmt.Errorf("read /Contents: %w", io.ErrUnexpectedEOF)
		}
		if c := ends[0]; (at == off && c != '<') || (at != off && c != '>') {
			return errors.New("/ByteRange gap is not a hexadecimal string")
		}
	}
	n := int64(2 * len(contents))
	for done := int64(0); done < n; {
		k := min(n-done, gapChunk) // even: n and gapChunk are
		if m, _ := r.ReadAt(buf[:k], off+1+done); int64(m) < k {
			return fmt.Errorf("read /Contents: %w", io.ErrUnexpectedEOF)
		}
		hex.Encode(want[:k], contents[done/2:(done+k)/2])
		if !bytes.Equal(buf[:k], want[:k]) {
			// Upper-case digits decode to the same bytes.
			for j, c := range buf[:k] {
				if c != want[j] && (c < 'A' || c > 'F' || c+('a'-'A') != want[j]) {
					return errors.New("/ByteRange gap is not this signature's /Contents")
				}
			}
		}
		done += k
	}
	return nil
}

// digestRanges hashes the two byte ranges of s, honouring ctx between
// chunks.
func digestRanges(ctx context.Context, r io.ReaderAt, br []int64, h crypto.Hash) ([]byte, error) {
	hh := h.New()
	for _, rg := range [][2]int64{{br[0], br[1]}, {br[2], br[3]}} {
		if err := hashSection(ctx, hh, r, rg[0], rg[1]); err != nil {
			return nil, err
		}
	}
	return hh.Sum(nil), nil
}

// hashChunk is the read size while hashing: large enough for few reads,
// small enough that the buffer is not a large allocation per call.
const hashChunk = 64 << 10

// hashBuffers holds the read buffers of hashSection between calls: a
// fresh 64 KiB buffer per signature cost more than hashing 100 KB.
var hashBuffers = sync.Pool{New: func() any { return new([hashChunk]byte) }}

func hashSection(ctx context.Context, w io.Writer, r io.ReaderAt, off, n int64) error {
	if n <= 0 {
		return nil
	}
	pb := hashBuffers.Get().(*[hashChunk]byte)
	defer hashBuffers.Put(pb)
	buf := pb[:min(n, hashChunk)]
	for n > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		k := min(n, int64(len(buf)))
		m, err := r.ReadAt(buf[:k], off)
		if int64(m) < k {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return fmt.Errorf("signing: read: %w", err)
		}
		_, _ = w.Write(buf[:k])
		off += k
		n -= k
	}
	return nil
}

// checkSignature checks one signature as the self-check does: byte range
// shape, CMS parse, digest of the signed bytes and the signature value (or,
// for a document timestamp, the token's imprint).
func checkSignature(ctx context.Context, r io.ReaderAt, size int64, s sigField) error {
	if err := checkByteRange(r, size, s); err != nil {
		return err
	}
	if s.Dict["SubFilter"] == pdfName("ETSI.RFC3161") {
		var tok asn1.RawValue
		if _, err := asn1.Unmarshal(s.Contents, &tok); err != nil {
			return fmt.Errorf("document timestamp: %w", err)
		}
		ts, err := timestamp.Parse(tok.FullBytes)
		if err != nil {
			return fmt.Errorf("document timestamp: %w", err)
		}
		d, err := digestRanges(ctx, r, s.ByteRange, ts.HashAlgorithm)
		if err != nil {
			return err
		}
		if !bytes.Equal(d, ts.HashedMessage) {
			return errors.New("document timestamp imprint does not match the signed bytes")
		}
		return nil
	}
	p, err := parseCMS(s.Contents)
	if err != nil {
		return err
	}
	d, err := digestRanges(ctx, r, s.ByteRange, p.Hash)
	if err != nil {
		return err
	}
	return p.verifySignature(d)
}
