package signing

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"slices"
)

// xrefEntry is one cross-reference entry.
type xrefEntry struct {
	Type   int   // 0 free, 1 in use at Offset, 2 in object stream Stream at Index
	Offset int64 // type 1
	Gen    int   // type 1
	Stream int   // type 2
	Index  int   // type 2
}

// xrefSection is one cross-reference section (one revision of the file),
// newest first in pdfFile.sections. The numbers it lists and what they
// point to are in the merged cross-reference, whose rows say which
// section gave them.
type xrefSection struct {
	Offset  int64 // where the section (table or stream object) starts
	Stream  bool  // a cross-reference stream rather than a table
	Trailer pdfDict
	// listed counts the entries the section lists (a number listed
	// twice, twice), for MaxRevisionObjects.
	listed int
}

// pdfFile is a parsed PDF: its merged cross-reference and trailer, with
// lazily loaded objects.
type pdfFile struct {
	r        io.ReaderAt
	size     int64
	version  string
	xref     xrefTable
	trailer  pdfDict
	sections []xrefSection // newest first
	cache    map[int]any
	objstm   map[int]*objStream
	loading  map[int]bool
	b        *budget // shared by every view of the file one call opens
	// spare is a lexer's buffer, free for the next object read; it
	// holds the file's bytes from spareAt on.
	spare   []byte
	spareAt int64
}

type objStream struct {
	data    []byte
	offsets map[int]int64 // object number -> offset in data
}

// openPDF parses the header, the last startxref and the chain of
// cross-reference sections, within b. It refuses encrypted files.
func openPDF(r io.ReaderAt, size int64, b *budget) (*pdfFile, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	head := make([]byte, 8)
	if n, _ := r.ReadAt(head, 0); n < 8 || !bytes.HasPrefix(head, []byte("%PDF-")) {
		return nil, ErrNotPDF
	}
	if head[5] < '1' || head[5] > '2' || head[6] != '.' || head[7] < '0' || head[7] > '9' {
		return nil, ErrNotPDF
	}
	f := &pdfFile{
		r: r, size: size, version: string(head[5:8]), cache: map[int]any{},
		objstm: map[int]*objStream{}, loading: map[int]bool{}, b: b,
	}
	start, err := lastStartXref(r, size)
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	var x xrefBuilder
	off := start
	for {
		// Newest first, and the first entry of a number in a section:
		// an entry already listed wins.
		sec, err := f.chainSection(off, seen, 0, &x)
		if err != nil {
			return nil, err
		}
		f.sections = append(f.sections, sec)
		if x.len() > b.lim.MaxObjects {
			return nil, b.exceeded("MaxObjects", int64(b.lim.MaxObjects), off)
		}
		prev, ok := sec.Trailer["Prev"].(int64)
		if !ok {
			break
		}
		off = prev
	}
	if f.xref, err = x.table(b); err != nil {
		return nil, err
	}
	f.trailer = f.sections[0].Trailer
	if _, ok := f.trailer["Encrypt"]; ok {
		return nil, ErrEncrypted
	}
	if _, ok := f.trailer["Root"].(pdfRef); !ok {
		return nil, &MalformedError{Offset: start, Msg: "trailer has no /Root reference"}
	}
	return f, nil
}

// chainSection reads the cross-reference section at off, the next one of
// a chain whose sections so far are in seen, after earlier ones already
// read: a loop, a chain longer than MaxRevisions or a spent budget stops it.
func (f *pdfFile) chainSection(off int64, seen map[int64]bool, earlier int, x *xrefBuilder) (xrefSection, error) {
	b := f.b
	if seen[off] {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "cross-reference chain loops"}
	}
	if len(seen)+earlier >= b.lim.MaxRevisions {
		return xrefSection{}, b.exceeded("MaxRevisions", int64(b.lim.MaxRevisions), off)
	}
	if err := b.check(); err != nil {
		return xrefSection{}, err
	}
	seen[off] = true
	return f.readSection(off, x)
}

// lastStartXref finds the offset named by the last "startxref" of the file.
func lastStartXref(r io.ReaderAt, size int64) (int64, error) {
	n := min(size, 2048)
	var tail []byte
	if m, ok := r.(memoryReaderAt); ok {
		if w := m.memoryAt(size - n); int64(len(w)) >= n {
			tail = w[:n] // read where it lies, never written
		}
	}
	if tail == nil {
		tail = make([]byte, n)
		if _, err := r.ReadAt(tail, size-n); err != nil && !errors.Is(err, io.EOF) {
			return 0, fmt.Errorf("signing: read: %w", err)
		}
	}
	if !bytes.Contains(tail, []byte("%%EOF")) {
		return 0, &MalformedError{Offset: size, Msg: "no %%EOF at end of file"}
	}
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return 0, &MalformedError{Offset: size, Msg: "no startxref at end of file"}
	}
	l := newLexer(r, size, size-n+int64(i)+int64(len("startxref")))
	tok, err := l.token()
	v, ok := tok.(int64)
	if err != nil || !ok || v <= 0 || v >= size {
		return 0, &MalformedError{Offset: size - n + int64(i), Msg: "startxref is not a valid offset"}
	}
	return v, nil
}

// readSection reads the cross-reference section at off, its entries
// into x as the next section's.
func (f *pdfFile) readSection(off int64, x *xrefBuilder) (xrefSection, error) {
	if off <= 0 || off >= f.size {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "cross-reference offset out of range"}
	}
	l := f.lexer(f.r, f.size, off)
	tok, err := l.token()
	if err != nil {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "no cross-reference section"}
	}
	x.section()
	if tok == keyword("xref") {
		sec, err := f.readTable(l, x)
		if err != nil {
			return sec, err
		}
		sec.Offset = off
		// A hybrid file names a cross-reference stream whose entries
		// complete the table's.
		if stm, ok := sec.Trailer["XRefStm"].(int64); ok {
			// After the table's: the table's entries win.
			extra, err := f.readXrefStream(stm, x)
			if err != nil {
				return sec, err
			}
			sec.listed += extra.listed
			if sec.listed > f.b.lim.MaxRevisionObjects {
				return sec, f.b.exceeded("MaxRevisionObjects", int64(f.b.lim.MaxRevisionObjects), stm)
			}
		}
		return sec, nil
	}
	return f.readXrefStream(off, x)
}

// readTable reads a cross-reference table's subsections and trailer
// where l stands, its entries into x.
func (f *pdfFile) readTable(l *lexer, x *xrefBuilder) (xrefSection, error) {
	var sec xrefSection
	for {
		tok, err := l.token()
		if err != nil {
			return sec, l.malformed("cross-reference table: %v", err)
		}
		if tok == keyword("trailer") {
			t, err := l.object(0)
			if err != nil {
				return sec, err
			}
			d, ok := t.(pdfDict)
			if !ok {
				return sec, l.malformed("trailer is not a dictionary")
			}
			sec.Trailer = d
			return sec, nil
		}
		first, ok1 := tok.(int64)
		cnt, err := l.token()
		count, ok2 := cnt.(int64)
		if err != nil || !ok1 || !ok2 || first < 0 || count < 0 || first+count > 1<<31 || count > f.size/18+1 {
			return sec, l.malformed("bad cross-reference subsection header")
		}
		x.grow(count, f.b.lim.MaxRevisionObjects-sec.listed)
		for i := range count {
			if err := f.entry(sec.listed, l.pos); err != nil {
				return sec, err
			}
			o, g, inUse, ok := l.xrefRow()
			if !ok {
				a, e1 := l.token()
				b, e2 := l.token()
				c, e3 := l.token()
				var ok1, ok2 bool
				o, ok1 = a.(int64)
				g, ok2 = b.(int64)
				if e1 != nil || e2 != nil || e3 != nil || !ok1 || !ok2 || (c != keyword("n") && c != keyword("f")) {
					return sec, l.malformed("bad cross-reference entry")
				}
				inUse = c == keyword("n")
			}
			num := int(first + i)
			sec.listed++
			switch {
			case inUse && (o <= 0 || o >= f.size):
				// Points nowhere: treat as free, as readers do.
				x.add(num, xrefEntry{Type: 0})
			case inUse:
				x.add(num, xrefEntry{Type: 1, Offset: o, Gen: int(g)})
			default:
				x.add(num, xrefEntry{Type: 0, Gen: int(g)})
			}
		}
	}
}

// xrefRow reads a cross-reference entry in the form writers write it,
// "oooooooooo ggggg n" (ten digits, five, the keyword, then white space
// or a delimiter), where the lexer stands, straight from its window: the
// values the three tokens would give, without reading and boxing them.
// ok is false, and nothing is read, for anything else (another spacing,
// a row across the window's end), which the tokens then read.
func (l *lexer) xrefRow() (offset, gen int64, inUse, ok bool) {
	l.skipSpace()
	if _, ok := l.peek(); !ok {
		return 0, 0, false, false
	}
	w := l.buf[l.pos-l.bufOff:]
	if len(w) < 19 || w[10] != ' ' || w[16] != ' ' || (w[17] != 'n' && w[17] != 'f') || isRegular(w[18]) {
		return 0, 0, false, false
	}
	digits := func(b []byte) (int64, bool) {
		var v int64
		for _, c := range b {
			if c < '0' || c > '9' {
				return 0, false
			}
			v = v*10 + int64(c-'0')
		}
		return v, true
	}
	o, ok1 := digits(w[:10])
	g, ok2 := digits(w[11:16])
	if !ok1 || !ok2 {
		return 0, 0, false, false
	}
	l.pos += 18
	return o, g, w[17] == 'n', true
}

// readXrefStream reads the cross-reference stream at off, its entries
// into x.
func (f *pdfFile) readXrefStream(off int64, x *xrefBuilder) (xrefSection, error) {
	_, v, err := f.readIndirect(off, func(length any) (int64, error) {
		n, ok := length.(int64)
		if !ok {
			return 0, &MalformedError{Offset: off, Msg: "cross-reference stream /Length is not a direct integer"}
		}
		return n, nil
	})
	if err != nil {
		return xrefSection{}, err
	}
	s, ok := v.(*pdfStream)
	if !ok || s.Dict["Type"] != pdfName("XRef") {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "not a cross-reference stream"}
	}
	data, err := f.decodeStream(s)
	if err != nil {
		return xrefSection{}, err
	}
	w, ok := s.Dict["W"].(pdfArray)
	if !ok || len(w) != 3 {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "bad /W in cross-reference stream"}
	}
	var ws [3]int
	for i := range 3 {
		n, ok := w[i].(int64)
		if !ok || n < 0 || n > 8 {
			return xrefSection{}, &MalformedError{Offset: off, Msg: "bad /W in cross-reference stream"}
		}
		ws[i] = int(n)
	}
	sizeV, _ := s.Dict["Size"].(int64)
	index := pdfArray{int64(0), sizeV}
	if ix, ok := s.Dict["Index"].(pdfArray); ok {
		index = ix
	}
	if len(index)%2 != 0 {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "bad /Index in cross-reference stream"}
	}
	rowLen := ws[0] + ws[1] + ws[2]
	if rowLen == 0 {
		return xrefSection{}, &MalformedError{Offset: off, Msg: "bad /W in cross-reference stream"}
	}
	sec := xrefSection{Offset: off, Stream: true, Trailer: s.Dict}
	x.grow(int64(len(data)/rowLen), f.b.lim.MaxRevisionObjects)
	p := 0
	field := func(width int, def int64) int64 {
		if width == 0 {
			return def
		}
		var v int64
		for range width {
			v = v<<8 | int64(data[p])
			p++
		}
		return v
	}
	for i := 0; i < len(index); i += 2 {
		first, ok1 := index[i].(int64)
		count, ok2 := index[i+1].(int64)
		if !ok1 || !ok2 || first < 0 || count < 0 || first+count > 1<<31 {
			return xrefSection{}, &MalformedError{Offset: off, Msg: "bad /Index in cross-reference stream"}
		}
		for j := range count {
			if err := f.entry(sec.listed, off); err != nil {
				return xrefSection{}, err
			}
			if p+rowLen > len(data) {
				return xrefSection{}, &MalformedError{Offset: off, Msg: "cross-reference stream too short"}
			}
			t := field(ws[0], 1)
			a := field(ws[1], 0)
			b := field(ws[2], 0)
			num := int(first + j)
			switch t {
			case 0:
				x.add(num, xrefEntry{Type: 0})
			case 1:
				if a <= 0 || a >= f.size {
					x.add(num, xrefEntry{Type: 0})
				} else {
					x.add(num, xrefEntry{Type: 1, Offset: a, Gen: int(b)})
				}
			case 2:
				if a < 0 || a > 1<<31 || b < 0 || b > 1<<31 {
					return xrefSection{}, &MalformedError{Offset: off, Msg: "bad compressed object entry"}
				}
				x.add(num, xrefEntry{Type: 2, Stream: int(a), Index: int(b)})
			default:
				// Unknown types are references to the null object.
				continue
			}
			sec.listed++
		}
	}
	return sec, nil
}

// entry counts one more cross-reference entry of a section that holds n.
func (f *pdfFile) entry(n int, off int64) error {
	if n >= f.b.lim.MaxRevisionObjects {
		return f.b.exceeded("MaxRevisionObjects", int64(f.b.lim.MaxRevisionObjects), off)
	}
	return f.b.step()
}

// lexer returns a lexer of r within the file's budget.
func (f *pdfFile) lexer(r io.ReaderAt, size, off int64) *lexer {
	l := newLexer(r, size, off)
	l.b = f.b
	return l
}

// readIndirect reads the indirect object at off; see readIndirect. The
// lexer's window is the file's spare one when free (objects are read one
// after the other; one read while resolving a /Length gets its own), and
// is kept for the next read: nothing the lexer returns points into it.
// The bytes it holds are kept too, with their offset: objects written one
// after the other (an update's) are read from one window of lexerWindow
// bytes, not each with a read of its own.
func (f *pdfFile) readIndirect(off int64, resolveLength func(any) (int64, error)) (pdfRef, any, error) {
	l := f.lexer(f.r, f.size, off)
	if f.spare != nil {
		l.buf, f.spare = f.spare, nil
		if len(l.buf) > 0 {
			l.bufOff = f.spareAt
		}
		l.kept = true
		l.win = lexerWindow
	}
	ref, v, err := readIndirectFrom(l, resolveLength)
	if w := l.window(); cap(w) > cap(f.spare) {
		f.spare, f.spareAt = w[:0], 0
		if !l.borrowed && l.bufOff >= 0 {
			f.spare, f.spareAt = w, l.bufOff
		}
	}
	return ref, v, err
}

// decodeStream returns a stream's decoded data. Only /FlateDecode (with PNG
// predictors) and unfiltered streams are supported: that is all cross-reference
// and object streams use in practice.
func (f *pdfFile) decodeStream(s *pdfStream) ([]byte, error) {
	if s.Length > maxDecodedSize {
		return nil, &MalformedError{Offset: s.Offset, Msg: "stream too large"}
	}
	if err := f.b.check(); err != nil {
		return nil, err
	}
	raw := make([]byte, s.Length)
	if _, err := f.r.ReadAt(raw, s.Offset); err != nil && !(errors.Is(err, io.EOF) && s.Offset+s.Length <= f.size) {
		return nil, fmt.Errorf("signing: read stream: %w", err)
	}
	filter := s.Dict["Filter"]
	parms := s.Dict["DecodeParms"]
	if a, ok := filter.(pdfArray); ok {
		if len(a) > 1 {
			return nil, &MalformedError{Offset: s.Offset, Msg: "unsupported filter chain"}
		}
		if len(a) == 1 {
			filter = a[0]
		} else {
			filter = nil
		}
		if pa, ok := parms.(pdfArray); ok && len(pa) == 1 {
			parms = pa[0]
		}
	}
	switch filter {
	case nil:
		if err := f.b.decode(int64(len(raw)), s.Offset); err != nil {
			return nil, err
		}
		return raw, nil
	case pdfName("FlateDecode"):
	default:
		return nil, &MalformedError{Offset: s.Offset, Msg: fmt.Sprintf("unsupported filter %v", filter)}
	}
	zr, err := zlib.NewReader(bytes.NewReader(raw))
	if err != nil {
		return nil, &MalformedError{Offset: s.Offset, Msg: "bad flate data"}
	}
	// Never more than what the budget still allows, plus one byte to
	// know it was exceeded.
	left := min(maxDecodedSize, max(f.b.lim.MaxStreamBytes-f.b.decoded, 0))
	data, err := io.ReadAll(io.LimitReader(&ctxReader{r: zr, b: f.b}, left+1))
	if err := f.b.check(); err != nil {
		return nil, err
	}
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
		return nil, &MalformedError{Offset: s.Offset, Msg: "bad flate data"}
	}
	if int64(len(data)) > left && left < maxDecodedSize {
		return nil, f.b.decode(int64(len(data)), s.Offset)
	}
	if len(data) > maxDecodedSize {
		return nil, &MalformedError{Offset: s.Offset, Msg: "decoded stream too large"}
	}
	if err := f.b.decode(int64(len(data)), s.Offset); err != nil {
		return nil, err
	}
	p, _ := parms.(pdfDict)
	pred, _ := p["Predictor"].(int64)
	if pred < 10 {
		if pred > 1 {
			return nil, &MalformedError{Offset: s.Offset, Msg: "unsupported predictor"}
		}
		return data, nil
	}
	cols := int64(1)
	if c, ok := p["Columns"].(int64); ok {
		cols = c
	}
	if c, ok := p["Colors"].(int64); ok && c != 1 {
		return nil, &MalformedError{Offset: s.Offset, Msg: "unsupported predictor colours"}
	}
	if b, ok := p["BitsPerComponent"].(int64); ok && b != 8 {
		return nil, &MalformedError{Offset: s.Offset, Msg: "unsupported predictor bit depth"}
	}
	if cols <= 0 || cols > 1<<16 {
		return nil, &MalformedError{Offset: s.Offset, Msg: "bad predictor columns"}
	}
	return pngUnpredict(data, int(cols), s.Offset)
}

func pngUnpredict(data []byte, cols int, off int64) ([]byte, error) {
	row := cols + 1
	if len(data)%row != 0 {
		data = data[:len(data)-len(data)%row]
	}
	out := make([]byte, 0, len(data)/row*cols)
	prev := make([]byte, cols)
	for i := 0; i < len(data); i += row {
		ft := data[i]
		cur := slices.Clone(data[i+1 : i+row])
		for j := range cur {
			var left, up, ul byte
			if j > 0 {
				left = cur[j-1]
				ul = prev[j-1]
			}
			up = prev[j]
			switch ft {
			case 0:
			case 1:
				cur[j] += left
			case 2:
				cur[j] += up
			case 3:
				cur[j] += byte((int(left) + int(up)) / 2)
			case 4:
				cur[j] += paeth(left, up, ul)
			default:
				return nil, &MalformedError{Offset: off, Msg: "bad PNG predictor"}
			}
		}
		out = append(out, cur...)
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	if pa <= pb && pa <= pc {
		return a
	}
	if pb <= pc {
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// resolve follows indirect references (one level at a time, bounded).
func (f *pdfFile) resolve(v any) (any, error) {
	for range 32 {
		ref, ok := v.(pdfRef)
		if !ok {
			return v, nil
		}
		var err error
		v, err = f.load(ref)
		if err != nil {
			return nil, err
		}
	}
	return nil, &MalformedError{Msg: "reference chain too long"}
}

// dict resolves v and returns it as a dictionary (a stream's dictionary
// counts), or nil.
func (f *pdfFile) dict(v any) (pdfDict, error) {
	v, err := f.resolve(v)
	if err != nil {
		return nil, err
	}
	switch d := v.(type) {
	case pdfDict:
		return d, nil
	case *pdfStream:
		return d.Dict, nil
	}
	return nil, nil
}

// load returns the object a reference points to; a missing or free object is
// null, as the PDF specification says.
func (f *pdfFile) load(ref pdfRef) (any, error) {
	return f.loadObject(ref, true)
}

// transient returns the object ref points to as load does, without
// keeping it when it was not kept already: for a pass over every object of
// an update, whose memory must not grow with the object count.
func (f *pdfFile) transient(ref pdfRef) (any, error) {
	return f.loadObject(ref, false)
}

func (f *pdfFile) loadObject(ref pdfRef, keep bool) (any, error) {
	if err := f.b.step(); err != nil {
		return nil, err
	}
	if v, ok := f.cache[ref.Num]; ok {
		return v, nil
	}
	e, ok := f.xref.get(ref.Num)
	if !ok || e.Type == 0 {
		return nil, nil
	}
	if f.loading[ref.Num] {
		return nil, &MalformedError{Msg: fmt.Sprintf("object %d refers to itself while loading", ref.Num)}
	}
	f.loading[ref.Num] = true
	defer delete(f.loading, ref.Num)
	var v any
	switch e.Type {
	case 1:
		if e.Gen != ref.Gen {
			return nil, nil
		}
		got, obj, err := f.readIndirect(e.Offset, f.length)
		if err != nil {
			return nil, err
		}
		if got.Num != ref.Num || got.Gen != ref.Gen {
			return nil, &MalformedError{Offset: e.Offset, Msg: fmt.Sprintf("expected object %d %d, found %d %d", ref.Num, ref.Gen, got.Num, got.Gen)}
		}
		v = obj
	case 2:
		if ref.Gen != 0 {
			return nil, nil
		}
		os, err := f.objectStream(e.Stream)
		if err != nil {
			return nil, err
		}
		off, ok := os.offsets[ref.Num]
		if !ok {
			return nil, nil
		}
		l := f.lexer(bytes.NewReader(os.data), int64(len(os.data)), off)
		obj, err := l.object(0)
		if err != nil {
			return nil, err
		}
		if _, ok := obj.(keyword); ok {
			return nil, &MalformedError{Msg: fmt.Sprintf("object %d in object stream is a keyword", ref.Num)}
		}
		v = obj
	}
	if keep {
		f.cache[ref.Num] = v
	}
	return v, nil
}

func (f *pdfFile) length(x any) (int64, error) {
	v, err := f.resolve(x)
	if err != nil {
		return 0, err
	}
	n, ok := v.(int64)
	if !ok {
		return 0, &MalformedError{Msg: "stream /Length is not an integer"}
	}
	return n, nil
}

func (f *pdfFile) objectStream(num int) (*objStream, error) {
	if os, ok := f.objstm[num]; ok {
		return os, nil
	}
	e, ok := f.xref.get(num)
	if !ok || e.Type != 1 {
		return nil, &MalformedError{Msg: fmt.Sprintf("object stream %d not found", num)}
	}
	v, err := f.load(pdfRef{Num: num, Gen: e.Gen})
	if err != nil {
		return nil, err
	}
	s, ok := v.(*pdfStream)
	if !ok || s.Dict["Type"] != pdfName("ObjStm") {
		return nil, &MalformedError{Msg: fmt.Sprintf("object %d is not an object stream", num)}
	}
	data, err := f.decodeStream(s)
	if err != nil {
		return nil, err
	}
	n, _ := s.Dict["N"].(int64)
	first, _ := s.Dict["First"].(int64)
	if n < 0 || first < 0 || first > int64(len(data)) || n > int64(len(data)) {
		return nil, &MalformedError{Offset: s.Offset, Msg: "bad object stream header"}
	}
	os := &objStream{data: data, offsets: map[int]int64{}}
	l := f.lexer(bytes.NewReader(data[:first]), first, 0)
	for range n {
		if err := f.b.step(); err != nil {
			return nil, err
		}
		a, e1 := l.token()
		b, e2 := l.token()
		on, ok1 := a.(int64)
		oo, ok2 := b.(int64)
		if e1 != nil || e2 != nil || !ok1 || !ok2 || on < 0 || oo < 0 || first+oo > int64(len(data)) {
			return nil, &MalformedError{Offset: s.Offset, Msg: "bad object stream header"}
		}
		if _, dup := os.offsets[int(on)]; !dup {
			os.offsets[int(on)] = first + oo
		}
	}
	f.objstm[num] = os
	return os, nil
}

// nextObjectNumber is the first unused object number (the trailer's /Size,
// raised if the cross-reference names higher numbers).
func (f *pdfFile) nextObjectNumber() int {
	n := 0
	if s, ok := f.trailer["Size"].(int64); ok && s > 0 && s < 1<<31 {
		n = int(s)
	}
	return max(n, f.xref.maxNum()+1)
}
