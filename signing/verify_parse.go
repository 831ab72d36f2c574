package signing

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Helpers the verifier needs on top of the package's PDF parser.

// contentsSpan finds where the /Contents value of the signature dictionary
// object at off lies in the file: start is the offset of its first byte
// ('<' of a hexadecimal string), end the offset just after it. When a key
// appears twice the last occurrence counts, as in the parsed dictionary.
func contentsSpan(r io.ReaderAt, size, off int64, want pdfRef) (start, end int64, err error) {
	l := newLexer(r, size, off)
	n, _ := l.token()
	g, _ := l.token()
	kw, _ := l.token()
	if n != int64(want.Num) || g != int64(want.Gen) || kw != keyword("obj") {
		return 0, 0, fmt.Errorf("object %d %d not found at offset %d", want.Num, want.Gen, off)
	}
	if tok, err := l.token(); err != nil || tok != keyword("<<") {
		return 0, 0, errors.New("signature object is not a dictionary")
	}
	found := false
	for {
		tok, err := l.token()
		if err != nil {
			return 0, 0, err
		}
		if tok == keyword(">>") {
			break
		}
		k, ok := tok.(pdfName)
		if !ok {
			return 0, 0, l.malformed("dictionary key is not a name")
		}
		l.skipSpace()
		s := l.pos
		if _, err := l.object(1); err != nil {
			return 0, 0, err
		}
		if k == "Contents" {
			start, end, found = s, l.pos, true
		}
	}
	if !found {
		return 0, 0, errors.New("no /Contents in the signature dictionary")
	}
	return start, end, nil
}

// isEOL reports whether c ends a line.
func isEOL(c byte) bool { return c == '\n' || c == '\r' }

// endsAtEOF reports whether the bytes before end are "%%EOF" followed by at
// most one end-of-line marker.
func endsAtEOF(r io.ReaderAt, end int64) bool {
	n := min(end, 7)
	buf := make([]byte, n)
	if m, _ := r.ReadAt(buf, end-n); int64(m) < n {
		return false
	}
	switch {
	case bytes.HasSuffix(buf, []byte("\r\n")):
		buf = buf[:len(buf)-2]
	case len(buf) > 0 && isEOL(buf[len(buf)-1]):
		buf = buf[:len(buf)-1]
	}
	return bytes.HasSuffix(buf, []byte("%%EOF"))
}

// revisionEnd returns the end of the last revision of the file (just after
// its last %%EOF and one end-of-line marker) and whether the bytes after it
// are only white space.
func revisionEnd(r io.ReaderAt, size int64) (end int64, blankTail bool, err error) {
	n := min(size, 4096)
	tail := make([]byte, n)
	if m, _ := r.ReadAt(tail, size-n); int64(m) < n {
		return 0, false, fmt.Errorf("signing: read: %w", io.ErrUnexpectedEOF)
	}
	i := bytes.LastIndex(tail, []byte("%%EOF"))
	if i < 0 {
		return 0, false, &MalformedError{Offset: size, Msg: "no %%EOF at end of file"}
	}
	j := i + 5
	if j < len(tail) && tail[j] == '\r' {
		j++
	}
	if j < len(tail) && tail[j] == '\n' {
		j++
	}
	rest := tail[j:]
	blank := true
	for _, c := range rest {
		if !isWhite(c) {
			blank = false
			break
		}
	}
	return size - n + int64(j), blank, nil
}

// eofMarkers returns the end offsets of the revisions the file seems to
// hold (after each "%%EOF" and its end-of-line marker), in file order. It
// reads the whole file: it is used only when the file is damaged.
func eofMarkers(r io.ReaderAt, size int64, b *budget) []int64 {
	const chunk = 1 << 16
	var ends []int64
	buf := make([]byte, chunk+8)
	for off := int64(0); off < size && b.check() == nil; off += chunk {
		n := min(int64(len(buf)), size-off)
		m, _ := r.ReadAt(buf[:n], off)
		b := buf[:m]
		for i := 0; ; {
			k := bytes.Index(b[i:], []byte("%%EOF"))
			if k < 0 {
				break
			}
			p := i + k
			if p >= chunk {
				break // found again in the next chunk
			}
			e := off + int64(p) + 5
			q := p + 5
			if q < len(b) && b[q] == '\r' {
				e++
				q++
			}
			if q < len(b) && b[q] == '\n' {
				e++
			}
			ends = append(ends, e)
			i += k + 5
		}
	}
	return ends
}

// openLatest opens the last readable revision. When the whole file parses,
// end is the end of its last revision; otherwise the newest earlier
// revision that parses is used and damage describes why the end was
// dropped. ErrNotPDF and ErrEncrypted are returned as they are.
func openLatest(r io.ReaderAt, size int64, b *budget) (f *pdfFile, end int64, damage error, err error) {
	f, err = openPDF(r, size, b)
	if err == nil {
		end, _, err2 := revisionEnd(r, size)
		if err2 != nil {
			end = size
		}
		return f, end, nil, nil
	}
	if errors.Is(err, ErrNotPDF) || errors.Is(err, ErrEncrypted) || !errors.Is(err, ErrMalformed) {
		return nil, 0, nil, err
	}
	damage = err
	ends := eofMarkers(r, size, b)
	tries := 0
	for i := len(ends) - 1; i >= 0 && tries < 64; i-- {
		if ends[i] >= size {
			continue
		}
		tries++
		g, err2 := openPDF(r, ends[i], b)
		if err2 == nil {
			return g, ends[i], damage, nil
		}
		if err := b.check(); err != nil {
			return nil, 0, nil, err
		}
	}
	return nil, 0, nil, err
}

// sigLike reports whether d looks like a signature dictionary.
func sigLike(d pdfDict) bool {
	if d == nil {
		return false
	}
	t := d["Type"]
	if t == pdfName("Sig") || t == pdfName("DocTimeStamp") {
		return true
	}
	_, br := d["ByteRange"]
	_, c := d["Contents"]
	return br && c && d["Filter"] != nil
}

// orphanSignatures returns the numbers of the objects of f that look like
// signature dictionaries and are not in known. Only objects written by the
// file's incremental updates are examined: a dictionary that was in the
// original file signs nothing of it.
func orphanSignatures(f *pdfFile, known map[int]bool) []int {
	var out []int
	last := len(f.sections) - 1 // the original file's section
	for r := range f.xref.all {
		num := int(r.num)
		if int(r.sec) >= last {
			continue
		}
		e := r.entry()
		if e.Type != 1 || known[num] {
			continue
		}
		if f.b.step() != nil {
			return out
		}
		v, ok := f.cache[num]
		if !ok {
			var err error
			if _, v, err = f.readIndirect(e.Offset, f.length); err != nil {
				continue
			}
		}
		if d, ok := v.(pdfDict); ok && sigLike(d) {
			out = append(out, num)
		}
	}
	return out
}

// shareCache gives view the objects final has already parsed that are the
// same in both: same cross-reference entry, same bytes.
func shareCache(view, final *pdfFile) {
	for num, obj := range final.cache {
		fe, _ := final.xref.get(num)
		ve, ok := view.xref.get(num)
		if !ok || ve != fe {
			continue
		}
		if fe.Type == 2 && !sameEntry(view, final, fe.Stream) {
			continue
		}
		view.cache[num] = obj
	}
}

// sameEntry says whether a and b have the same entry for number num (or
// neither has one).
func sameEntry(a, b *pdfFile, num int) bool {
	ea, _ := a.xref.get(num)
	eb, _ := b.xref.get(num)
	return ea == eb
}

// widgetSignatures returns the signed signature fields that pages show as
// widgets but the form's field tree does not list (a field removed from
// /Fields still shows, and PDF readers still find it). known maps the
// signature dictionaries already found to their fields: a widget of
// another field with one of them as value is returned too, so that the
// shared signature is reported.
func widgetSignatures(f *pdfFile, known map[int]pdfRef) ([]sigField, error) {
	cat, err := f.dict(f.trailer["Root"])
	if err != nil || cat == nil {
		return nil, err
	}
	ix := &docIndex{f: f, catalog: cat, fields: map[int]fieldNode{}, pages: map[int]bool{}, pageNodes: map[int]bool{},
		annotsArray: map[int]bool{}, annots: map[int]bool{}, appearance: map[int]int{}}
	if err := ix.walkPages(); err != nil {
		return nil, err
	}
	var out []sigField
	for _, num := range slices.Sorted(maps.Keys(ix.fields)) {
		fn := ix.fields[num]
		if !fn.sig {
			continue
		}
		e, _ := f.xref.get(num)
		w, err := f.dict(pdfRef{Num: num, Gen: e.Gen})
		if err != nil || w == nil {
			continue
		}
		// The field is the widget itself or its parent.
		field, fieldRef := w, pdfRef{Num: num, Gen: e.Gen}
		if _, ok := w["T"]; !ok {
			if p, ok := w["Parent"].(pdfRef); ok {
				if pd, err := f.dict(p); err == nil && pd != nil {
					field, fieldRef = pd, p
				}
			}
		}
		vref, ok := field["V"].(pdfRef)
		if !ok {
			continue
		}
		if owner, seen := known[vref.Num]; seen && (owner == fieldRef || owner == (pdfRef{})) {
			continue
		}
		sd, err := f.dict(vref)
		if err != nil || sd == nil {
			continue
		}
		if _, seen := known[vref.Num]; !seen {
			known[vref.Num] = fieldRef
		}
		s := sigField{Name: qualifiedName(f, field), FieldRef: fieldRef, SigRef: vref, Dict: sd}
		if br, ok := sd["ByteRange"].(pdfArray); ok {
			for _, x := range br {
				n, _ := x.(int64)
				s.ByteRange = append(s.ByteRange, n)
			}
		}
		if c, ok := sd["Contents"].(pdfString); ok {
			s.Contents = []byte(c)
		}
		out = append(out, s)
	}
	return out, nil
}

// qualifiedName returns the fully qualified name of field d.
func qualifiedName(f *pdfFile, d pdfDict) string {
	var parts []string
	for range maxDepth {
		if t, ok := d["T"].(pdfString); ok {
			parts = append([]string{textString(t)}, parts...)
		}
		p, err := f.dict(d["Parent"])
		if err != nil || p == nil {
			break
		}
		d = p
	}
	return strings.Join(parts, ".")
}

// fieldLock is a FieldMDP lock: the fields a signature forbids to change.
type fieldLock struct {
	action pdfName // All, Include or Exclude
	fields []string
}

// locks reports whether the lock covers the field named name (or a parent
// of it).
func (l fieldLock) locks(name string) bool {
	listed := slices.ContainsFunc(l.fields, func(f string) bool {
		return name == f || strings.HasPrefix(name, f+".")
	})
	switch l.action {
	case "All":
		return true
	case "Include":
		return listed
	case "Exclude":
		return !listed
	}
	return false
}

// fieldLocks returns the FieldMDP locks of a signature: its field's /Lock
// and the FieldMDP references of its signature dictionary.
func (v *verifier) fieldLocks(sf sigField) []fieldLock {
	f := v.final
	var dicts []pdfDict
	if sf.FieldRef != (pdfRef{}) {
		if fd, err := f.dict(sf.FieldRef); err == nil && fd != nil {
			if l, err := f.dict(fd["Lock"]); err == nil && l != nil {
				dicts = append(dicts, l)
			}
		}
	}
	refs, _ := f.resolve(sf.Dict["Reference"])
	arr, _ := refs.(pdfArray)
	for _, r := range arr {
		d, err := f.dict(r)
		if err != nil || d == nil || d["TransformMethod"] != pdfName("FieldMDP") {
			continue
		}
		if tp, err := f.dict(d["TransformParams"]); err == nil && tp != nil {
			dicts = append(dicts, tp)
		}
	}
	var out []fieldLock
	for _, d := range dicts {
		a, _ := d["Action"].(pdfName)
		l := fieldLock{action: a}
		fv, _ := f.resolve(d["Fields"])
		names, _ := fv.(pdfArray)
		for _, n := range names {
			if s, ok := n.(pdfString); ok {
				l.fields = append(l.fields, textString(s))
			}
		}
		out = append(out, l)
	}
	return out
}
