package signing

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// This file holds the PDF object model and a strict, bounded lexer/parser
// over an io.ReaderAt. It never panics: every malformed construct becomes an
// error wrapping ErrMalformed. The verifier reuses it.

// pdfName is a PDF name without its leading slash, #xx escapes decoded.
type pdfName string

// pdfString is the raw bytes of a PDF string (literal or hexadecimal).
type pdfString string

// pdfArray is a PDF array.
type pdfArray []any

// pdfDict is a PDF dictionary.
type pdfDict map[pdfName]any

// pdfRef is an indirect reference "num gen R".
type pdfRef struct {
	Num int
	Gen int
}

// pdfReal is a PDF real number.
type pdfReal float64

// pdfStream is a stream object: its dictionary and where its data lies.
type pdfStream struct {
	Dict   pdfDict
	Offset int64 // first byte of the data
	Length int64
}

// keyword is a bare PDF keyword token (obj, endobj, stream, R, xref, ...).
type keyword string

const (
	maxDepth       = 64       // nesting of arrays/dictionaries
	maxTokenLen    = 1 << 20  // a single string, name or number
	maxArrayLen    = 1 << 20  // elements in one array or dictionary
	maxDecodedSize = 64 << 20 // decoded xref or object stream
)

// lexerWindow is the largest window a lexer reads at once.
const lexerWindow = 4096

// lexer reads tokens from r starting at an offset. It buffers windows of
// up to lexerWindow bytes.
type lexer struct {
	r      io.ReaderAt
	size   int64
	pos    int64
	buf    []byte
	bufOff int64
	win    int     // the window's size: 256 bytes, doubling on each refill
	b      *budget // nil: the fixed maxDepth, no context
	// kept says buf outlives the lexer (the file's spare window): a
	// window larger than buf is then allocated at the full lexerWindow
	// once, not at each doubling.
	kept bool
	// borrowed says buf is r's own memory (see memoryReaderAt), read
	// and never written; own is then the lexer's buffer, kept aside.
	borrowed bool
	own      []byte
}

// memoryReaderAt is an io.ReaderAt holding some of its bytes in memory:
// memoryAt returns the bytes from off to the end of the run held there
// (clipped: never to be written or appended to), or nil when the byte at
// off is not in memory. The lexer reads such bytes where they lie instead
// of copying them into its window: the update a self-check reads back.
type memoryReaderAt interface {
	io.ReaderAt
	memoryAt(off int64) []byte
}

// window returns the lexer's own buffer, not r's memory it may be
// reading: what the file keeps as its spare window.
func (l *lexer) window() []byte {
	if l.borrowed {
		return l.own
	}
	return l.buf
}

func newLexer(r io.ReaderAt, size, off int64) *lexer {
	return &lexer{r: r, size: size, pos: off, bufOff: -1}
}

func (l *lexer) malformed(format string, args ...any) error {
	return &MalformedError{Offset: l.pos, Msg: fmt.Sprintf(format, args...)}
}

// peek returns the byte at pos without consuming it; ok is false at EOF.
func (l *lexer) peek() (byte, bool) {
	if l.pos < 0 || l.pos >= l.size {
		return 0, false
	}
	if l.bufOff < 0 || l.pos < l.bufOff || l.pos >= l.bufOff+int64(len(l.buf)) {
		if m, ok := l.r.(memoryReaderAt); ok {
			if w := m.memoryAt(l.pos); len(w) > 0 {
				if !l.borrowed {
					l.own, l.borrowed = l.buf, true
				}
				l.buf, l.bufOff = w, l.pos
				return w[0], true
			}
		}
		if l.borrowed {
			l.buf, l.own, l.borrowed = l.own, nil, false
		}
		// Most objects are small: the window starts at 256 bytes and
		// doubles on each refill up to 4 KiB.
		switch {
		case l.win == 0:
			l.win = 256
		case l.win < lexerWindow:
			l.win *= 2
		}
		if cap(l.buf) < l.win {
			if l.kept {
				l.buf = make([]byte, l.win, lexerWindow)
			} else {
				l.buf = make([]byte, l.win)
			}
		}
		l.buf = l.buf[:l.win]
		n, err := l.r.ReadAt(l.buf, l.pos)
		if n <= 0 {
			_ = err
			l.buf = l.buf[:0]
			l.bufOff = -1
			return 0, false
		}
		l.buf = l.buf[:n]
		l.bufOff = l.pos
	}
	return l.buf[l.pos-l.bufOff], true
}

func (l *lexer) next() (byte, bool) {
	c, ok := l.peek()
	if ok {
		l.pos++
	}
	return c, ok
}

func isWhite(c byte) bool { return charClass[c]&classWhite != 0 }

func isDelim(c byte) bool { return charClass[c]&classDelim != 0 }

func isRegular(c byte) bool { return charClass[c] == 0 }

const (
	classWhite = 1 << iota
	classDelim
)

// charClass sorts the bytes into PDF white space, delimiters and regular
// characters (zero).
var charClass = func() (t [256]byte) {
	for _, c := range []byte{0, '\t', '\n', '\f', '\r', ' '} {
		t[c] = classWhite
	}
	for _, c := range []byte("()<>[]{}/%") {
		t[c] = classDelim
	}
	return t
}()

// skipSpace skips white space and comments.
func (l *lexer) skipSpace() {
	for {
		c, ok := l.peek()
		if !ok {
			return
		}
		switch {
		case isWhite(c):
			l.pos++
		case c == '%':
			for {
				c, ok := l.next()
				if !ok || c == '\n' || c == '\r' {
					break
				}
			}
		default:
			return
		}
	}
}

// readRegular reads a run of regular characters. The result may be the
// lexer's buffer: the caller copies what it keeps before reading on.
func (l *lexer) readRegular() ([]byte, error) {
	var b []byte
	for {
		if _, ok := l.peek(); !ok {
			return b, nil
		}
		w := l.buf[l.pos-l.bufOff:]
		i := 0
		for i < len(w) && isRegular(w[i]) {
			i++
		}
		if len(b)+i > maxTokenLen {
			l.pos += int64(maxTokenLen - len(b))
			return nil, l.malformed("token too long")
		}
		l.pos += int64(i)
		if i < len(w) && b == nil {
			return w[:i:i], nil // the whole token is in the window
		}
		b = append(b, w[:i]...)
		if i < len(w) {
			return b, nil
		}
	}
}

// token reads one token: a primitive value, a keyword, or one of the
// delimiters "[", "]", "<<", ">>" returned as keyword.
func (l *lexer) token() (any, error) {
	l.skipSpace()
	c, ok := l.peek()
	if !ok {
		return nil, io.ErrUnexpectedEOF
	}
	switch c {
	case '[':
		l.pos++
		return keyword("["), nil // a constant: boxed without an allocation
	case ']':
		l.pos++
		return keyword("]"), nil
	case '<':
		l.pos++
		if c2, ok := l.peek(); ok && c2 == '<' {
			l.pos++
			return keyword("<<"), nil
		}
		return l.hexString()
	case '>':
		l.pos++
		if c2, ok := l.peek(); ok && c2 == '>' {
			l.pos++
			return keyword(">>"), nil
		}
		return nil, l.malformed("unexpected '>'")
	case '(':
		l.pos++
		return l.literalString()
	case '/':
		l.pos++
		return l.name()
	case ')', '{', '}':
		l.pos++
		return nil, l.malformed("unexpected %q", c)
	}
	b, err := l.readRegular()
	if err != nil {
		return nil, err
	}
	if len(b) == 0 {
		return nil, l.malformed("empty token")
	}
	if n, ok := parseNumber(b); ok {
		return n, nil
	}
	switch string(b) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	case "null":
		return nil, nil
	// The keywords of every reference, object and cross-reference entry,
	// as constants, which are boxed without an allocation.
	case "R":
		return keyword("R"), nil
	case "obj":
		return keyword("obj"), nil
	case "endobj":
		return keyword("endobj"), nil
	case "stream":
		return keyword("stream"), nil
	case "n":
		return keyword("n"), nil
	case "f":
		return keyword("f"), nil
	case "xref":
		return keyword("xref"), nil
	case "trailer":
		return keyword("trailer"), nil
	}
	return keyword(b), nil
}

func parseNumber(b []byte) (any, bool) {
	if len(b) == 0 {
		return nil, false
	}
	isInt := true
	for i, c := range b {
		switch {
		case c >= '0' && c <= '9':
		case (c == '+' || c == '-') && i == 0:
		case c == '.':
			isInt = false
		default:
			return nil, false
		}
	}
	if isInt {
		n, err := strconv.ParseInt(string(b), 10, 64)
		if err != nil {
			return nil, false
		}
		return n, true
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		// "1.2.3" or a lone "." or "-": not a number.
		return nil, false
	}
	return pdfReal(f), true
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// commonNames holds the names found in nearly every object signing reads,
// as interface values: reading one allocates nothing. Never modified.
var commonNames = func() map[string]any {
	m := map[string]any{}
	for _, n := range strings.Fields(`Type Subtype Length Filter FlateDecode DecodeParms Predictor Columns
		Root Size Prev Info ID Encrypt XRef XRefStm W Index ObjStm N First
		Catalog Pages Page Kids Count Parent Resources MediaBox CropBox Contents Annots Font ProcSet
		XObject ExtGState BaseFont Encoding Helvetica WinAnsiEncoding Type1 Rotate
		AcroForm Fields SigFlags DR DA NeedAppearances FT T TU V P F Rect AP AS MK Ff
		Annot Widget Sig DocTimeStamp ByteRange SubFilter M Name Reason Location ContactInfo
		Prop_Build App Adobe.PPKLite ETSI.CAdES.detached ETSI.RFC3161 adbe.pkcs7.detached
		Perms DocMDP Reference SigRef TransformMethod TransformParams
		DSS VRI Certs OCSPs CRLs Metadata Lang BBox Form Matrix`) {
		m[n] = pdfName(n)
	}
	return m
}()

func (l *lexer) name() (any, error) {
	raw, err := l.readRegular()
	if err != nil {
		return nil, err
	}
	if bytes.IndexByte(raw, '#') < 0 {
		if v, ok := commonNames[string(raw)]; ok {
			return v, nil
		}
		return pdfName(raw), nil
	}
	var out []byte
	for i := 0; i < len(raw); i++ {
		if raw[i] == '#' && i+2 < len(raw) {
			h, ok1 := unhex(raw[i+1])
			lo, ok2 := unhex(raw[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, raw[i])
	}
	return pdfName(out), nil
}

func (l *lexer) hexString() (any, error) {
	var out []byte
	var hi byte
	half := false
	for {
		if _, ok := l.peek(); !ok {
			return nil, l.malformed("unterminated hex string")
		}
		// The window at once, not byte by byte: a signature's /Contents
		// is kilobytes long. A run of hex digits without white space
		// (what writers write) is decoded in one call.
		w := l.buf[l.pos-l.bufOff:]
		seg := w
		end := bytes.IndexByte(w, '>')
		if end >= 0 {
			seg = w[:end]
		}
		if n := len(out); !half && len(seg)%2 == 0 && n+len(seg)/2 <= maxTokenLen {
			out = slices.Grow(out, len(seg)/2)[:n+len(seg)/2]
			if _, err := hex.Decode(out[n:], seg); err == nil {
				if end >= 0 {
					l.pos += int64(end) + 1
					return pdfString(out), nil
				}
				l.pos += int64(len(w))
				continue
			}
			out = out[:n] // not only hex digits: byte by byte below
		}
		for i, c := range w {
			if c == '>' {
				l.pos += int64(i) + 1
				if half {
					out = append(out, hi<<4)
				}
				return pdfString(out), nil
			}
			if isWhite(c) {
				continue
			}
			v, ok := unhex(c)
			if !ok {
				l.pos += int64(i) + 1
				return nil, l.malformed("bad character %q in hex string", c)
			}
			if len(out) >= maxTokenLen {
				l.pos += int64(i) + 1
				return nil, l.malformed("hex string too long")
			}
			if half {
				out = append(out, hi<<4|v)
			} else {
				hi = v
			}
			half = !half
		}
		l.pos += int64(len(w))
	}
}

func (l *lexer) literalString() (any, error) {
	var out []byte
	depth := 1
	for {
		c, ok := l.next()
		if !ok {
			return nil, l.malformed("unterminated literal string")
		}
		if len(out) >= maxTokenLen {
			return nil, l.malformed("literal string too long")
		}
		switch c {
		case '(':
			depth++
			out = append(out, c)
		case ')':
			depth--
			if depth == 0 {
				return pdfString(out), nil
			}
			out = append(out, c)
		case '\r':
			// An end of line in a string is a single '\n'.
			if c2, ok := l.peek(); ok && c2 == '\n' {
				l.pos++
			}
			out = append(out, '\n')
		case '\\':
			e, ok := l.next()
			if !ok {
				return nil, l.malformed("unterminated literal string")
			}
			switch e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '(', ')', '\\':
				out = append(out, e)
			case '\r':
				if c2, ok := l.peek(); ok && c2 == '\n' {
					l.pos++
				}
			case '\n':
			default:
				if e >= '0' && e <= '7' {
					v := int(e - '0')
					for range 2 {
						d, ok := l.peek()
						if !ok || d < '0' || d > '7' {
							break
						}
						l.pos++
						v = v*8 + int(d-'0')
					}
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
}

// object reads one complete object (resolving "n g R" into pdfRef).
func (l *lexer) object(depth int) (any, error) {
	if l.b != nil {
		if err := l.b.step(); err != nil {
			return nil, err
		}
		if depth > l.b.lim.MaxDepth {
			return nil, l.b.exceeded("MaxDepth", int64(l.b.lim.MaxDepth), l.pos)
		}
	} else if depth > maxDepth {
		return nil, l.malformed("objects nested too deeply")
	}
	tok, err := l.token()
	if err != nil {
		return nil, err
	}
	return l.objectFrom(tok, depth)
}

func (l *lexer) objectFrom(tok any, depth int) (any, error) {
	switch t := tok.(type) {
	case keyword:
		switch t {
		case "[":
			var arr pdfArray = pdfArray{}
			for {
				l.skipSpace()
				if c, ok := l.peek(); ok && c == ']' {
					l.pos++
					return arr, nil
				}
				if len(arr) >= maxArrayLen {
					return nil, l.malformed("array too long")
				}
				v, err := l.object(depth + 1)
				if err != nil {
					return nil, err
				}
				if k, ok := v.(keyword); ok {
					return nil, l.malformed("unexpected %q in array", string(k))
				}
				arr = append(arr, v)
			}
		case "<<":
			d := pdfDict{}
			for {
				tok, err := l.token()
				if err != nil {
					return nil, err
				}
				if tok == keyword(">>") {
					return d, nil
				}
				k, ok := tok.(pdfName)
				if !ok {
					return nil, l.malformed("dictionary key is not a name")
				}
				if len(d) >= maxArrayLen {
					return nil, l.malformed("dictionary too long")
				}
				v, err := l.object(depth + 1)
				if err != nil {
					return nil, err
				}
				if _, ok := v.(keyword); ok {
					return nil, l.malformed("unexpected keyword as value of /%s", k)
				}
				d[k] = v
			}
		}
		return t, nil
	case int64:
		// Maybe "num gen R".
		// Only a token that starts as an integer can be the generation,
		// and only one that starts with 'R' the keyword: a look at the
		// next byte spares reading (and boxing) the tokens after every
		// other number, which are read again anyway.
		save := l.pos
		if t >= 0 && l.nextStartsWith("0123456789+-") {
			tok2, err := l.token()
			if g, ok := tok2.(int64); err == nil && ok && g >= 0 && g <= 65535 && l.nextStartsWith("R") {
				tok3, err := l.token()
				if err == nil && tok3 == keyword("R") {
					if t > 1<<31 {
						return nil, l.malformed("object number too large")
					}
					return pdfRef{Num: int(t), Gen: int(g)}, nil
				}
			}
		}
		l.pos = save
		return t, nil
	}
	return tok, nil
}

// nextStartsWith skips white space and comments and says whether the
// next byte is one of chars.
func (l *lexer) nextStartsWith(chars string) bool {
	l.skipSpace()
	c, ok := l.peek()
	return ok && strings.IndexByte(chars, c) >= 0
}

// readIndirectFrom reads "num gen obj <object> [stream ...] endobj" where
// l stands. For a stream, the data is not read: its offset and length are
// recorded. resolveLength turns an indirect /Length into an integer.
func readIndirectFrom(l *lexer, resolveLength func(any) (int64, error)) (pdfRef, any, error) {
	off := l.pos
	n, err := l.token()
	if err != nil {
		return pdfRef{}, nil, l.malformed("object header: %v", err)
	}
	g, err2 := l.token()
	kw, err3 := l.token()
	num, ok1 := n.(int64)
	gen, ok2 := g.(int64)
	if err2 != nil || err3 != nil || !ok1 || !ok2 || kw != keyword("obj") || num < 0 || num > 1<<31 || gen < 0 || gen > 65535 {
		return pdfRef{}, nil, &MalformedError{Offset: off, Msg: "no object header"}
	}
	ref := pdfRef{Num: int(num), Gen: int(gen)}
	v, err := l.object(0)
	if err != nil {
		return ref, nil, err
	}
	if _, ok := v.(keyword); ok {
		return ref, nil, l.malformed("object %d %d: unexpected keyword", num, gen)
	}
	d, isDict := v.(pdfDict)
	save := l.pos
	tok, err := l.token()
	if err == nil && tok == keyword("stream") && isDict {
		// The keyword is followed by CRLF or LF.
		c, _ := l.next()
		if c == '\r' {
			if c2, ok := l.peek(); ok && c2 == '\n' {
				l.pos++
			}
		} else if c != '\n' {
			return ref, nil, l.malformed("stream keyword not followed by end of line")
		}
		if resolveLength == nil {
			return ref, nil, l.malformed("stream length cannot be resolved")
		}
		length, err := resolveLength(d["Length"])
		if err != nil {
			return ref, nil, err
		}
		if length < 0 || l.pos+length > l.size {
			return ref, nil, l.malformed("stream length %d out of range", length)
		}
		return ref, &pdfStream{Dict: d, Offset: l.pos, Length: length}, nil
	}
	l.pos = save
	return ref, v, nil
}

// textString decodes a PDF text string (UTF-16BE with BOM, UTF-8 with BOM,
// or PDFDocEncoding) to UTF-8.
func textString(s pdfString) string {
	b := []byte(s)
	switch {
	case len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF:
		b = b[2:]
		var rs []rune
		for i := 0; i+1 < len(b); i += 2 {
			u := rune(b[i])<<8 | rune(b[i+1])
			if u >= 0xD800 && u < 0xDC00 && i+3 < len(b) {
				u2 := rune(b[i+2])<<8 | rune(b[i+3])
				if u2 >= 0xDC00 && u2 < 0xE000 {
					rs = append(rs, (u-0xD800)<<10+(u2-0xDC00)+0x10000)
					i += 2
					continue
				}
			}
			rs = append(rs, u)
		}
		return string(rs)
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return string(b[3:])
	}
	rs := make([]rune, len(b))
	for i, c := range b {
		rs[i] = pdfDocRune(c)
	}
	return string(rs)
}

// pdfDocRune maps a PDFDocEncoding byte to Unicode (the differences from
// Latin-1 in 0x18-0x1F and 0x80-0xA0).
func pdfDocRune(c byte) rune {
	switch {
	case c >= 0x18 && c <= 0x1F:
		return []rune{0x02D8, 0x02C7, 0x02C6, 0x02D9, 0x02DD, 0x02DB, 0x02DA, 0x02DC}[c-0x18]
	case c >= 0x80 && c <= 0xA0:
		return []rune{0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192, 0x2044,
			0x2039, 0x203A, 0x2212, 0x2030, 0x201E, 0x201C, 0x201D, 0x2018,
			0x2019, 0x201A, 0x2122, 0xFB01, 0xFB02, 0x0141, 0x0152, 0x0160,
			0x0178, 0x017D, 0x0131, 0x0142, 0x0153, 0x0161, 0x017E, 0xFFFD, 0x20AC}[c-0x80]
	}
	return rune(c)
}
