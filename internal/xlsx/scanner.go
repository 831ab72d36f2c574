package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"io"
)

// Token kinds of the scanner.
const (
	tokText = iota
	tokStart
	tokEnd
	tokEmpty
	tokSkip // a comment, a processing instruction or a directive, its text the tag's
)

// token is one piece of XML: text (raw, entities not yet resolved; CDATA
// flags text to take as is), or a tag with its local name, its name as
// written and its raw attributes.
type token struct {
	kind  int
	name  string
	qname []byte
	attrs []byte
	text  []byte
	cdata bool
}

// attr returns the value of the attribute of local name name, its entities
// resolved.
func (t *token) attr(name string) (string, bool) {
	a := t.attrs
	for len(a) > 0 {
		a = bytes.TrimLeft(a, " \t\r\n")
		eq := bytes.IndexByte(a, '=')
		if eq < 0 {
			return "", false
		}
		key := bytes.TrimSpace(a[:eq])
		rest := bytes.TrimLeft(a[eq+1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return "", false
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		val := rest[1 : 1+end]
		key = trimPrefix(key)
		if string(key) == name {
			return string(appendEntities(nil, val)), true
		}
		a = rest[end+2:]
	}
	return "", false
}

// appendTokenText appends the text of a text token to dst: CDATA as is,
// other text with its entities resolved; line ends become "\n" as XML
// prescribes.
func appendTokenText(dst []byte, t *token) []byte {
	if t.cdata {
		return appendNewlines(dst, t.text)
	}
	return appendEntities(dst, t.text)
}

// scanner splits XML into tokens, fast: a worksheet of a million rows is
// read at the speed of inflating it. It understands what spreadsheet
// parts hold (elements, attributes, text, entities, CDATA, comments,
// processing instructions); names lose their namespace prefix.
type scanner struct {
	r        *bufio.Reader
	scratch  []byte
	tag      []byte
	maxText  int
	maxTag   int
	tooLarge bool // the last error is a limit's
	count    int  // tokens returned by token
	// strict makes token hold the XML to well-formedness; open holds
	// the local names of the elements open then.
	strict bool
	open   []string
	tok    token // the last token, which next returns
}

// set makes t the scanner's token and returns it, one token held rather
// than one copied out at each call.
func (s *scanner) set(t token) *token {
	s.tok = t
	return &s.tok
}

func newScanner(r io.Reader, maxText, maxTag int) *scanner {
	return &scanner{r: bufio.NewReaderSize(r, 1<<16), maxText: maxText, maxTag: maxTag}
}

var (
	errTextTooLong = errors.New("text too long")
	errTagTooLong  = errors.New("tag too long")
)

// next returns the next token, held by the scanner as its slices are,
// valid until the next call.
func (s *scanner) next() (*token, error) {
	for {
		b, err := s.r.Peek(1)
		if err != nil {
			return nil, err
		}
		if b[0] != '<' {
			s.scratch = s.scratch[:0]
			for {
				chunk, err := s.r.ReadSlice('<')
				if err == nil {
					s.scratch = append(s.scratch, chunk[:len(chunk)-1]...)
					if uerr := s.r.UnreadByte(); uerr != nil {
						return nil, uerr
					}
					break
				}
				s.scratch = append(s.scratch, chunk...)
				if err == bufio.ErrBufferFull {
					if len(s.scratch)/4 > s.maxText {
						s.tooLarge = true
						return nil, errTextTooLong
					}
					continue
				}
				if err == io.EOF {
					break
				}
				return nil, err
			}
			return s.set(token{kind: tokText, text: s.scratch}), nil
		}
		if err := s.readTag(); err != nil {
			return nil, err
		}
		t := s.tag // without '<' and '>'
		switch {
		case len(t) == 0:
			return nil, errors.New("empty tag")
		case bytes.HasPrefix(t, []byte("![CDATA[")):
			return s.set(token{kind: tokText, text: cdataText(t), cdata: true}), nil
		case t[0] == '?', t[0] == '!':
			return s.set(token{kind: tokSkip, text: t}), nil
		case t[0] == '/': // XML allows white space before the '>' of an end tag
			q := bytes.TrimRight(t[1:], " \t\r\n")
			return s.set(token{kind: tokEnd, name: localName(q), qname: q}), nil
		}
		kind := tokStart
		if t[len(t)-1] == '/' {
			kind, t = tokEmpty, t[:len(t)-1]
		}
		name := t
		attrs := []byte(nil)
		if i := bytes.IndexAny(t, " \t\r\n"); i >= 0 {
			name, attrs = t[:i], t[i:]
		}
		return s.set(token{kind: kind, name: localName(name), qname: name, attrs: attrs}), nil
	}
}

// readTag reads a tag from '<' to its '>' into s.tag, without them, as
// encoding/xml delimits it: a '>' inside quotes, a comment, CDATA or a
// processing instruction (ended by "?>") does not end it, nor one closing
// a '<' nested in a directive such as <!DOCTYPE>.
func (s *scanner) readTag() error {
	if _, err := s.r.ReadByte(); err != nil { // '<'
		return err
	}
	s.tag = s.tag[:0]
	var quote byte
	depth := 0 // of '<' in a directive
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if err == io.EOF {
				return io.ErrUnexpectedEOF
			}
			return err
		}
		if len(s.tag) >= s.maxTag {
			s.tooLarge = true
			return errTagTooLong
		}
		if quote != 0 {
			if c == quote {
				quote = 0
			}
			s.tag = append(s.tag, c)
			continue
		}
		t := s.tag
		directive := len(t) > 0 && t[0] == '!' && (len(t) == 1 && c != '-' && c != '[' || len(t) > 1 && t[1] != '-' && t[1] != '[')
		if len(t) == 1 && directive { // encoding/xml takes the byte after "<!" as it is
			s.tag = append(s.tag, c)
			continue
		}
		if c == '>' {
			switch {
			case bytes.HasPrefix(t, []byte("!--")):
				if !bytes.HasSuffix(t, []byte("--")) || len(t) < 5 {
					s.tag = append(s.tag, c)
					continue
				}
			case bytes.HasPrefix(t, []byte("![CDATA[")):
				if !bytes.HasSuffix(t, []byte("]]")) || len(t) < 10 {
					s.tag = append(s.tag, c)
					continue
				}
			case len(t) > 0 && t[0] == '?':
				if len(t) < 2 || t[len(t)-1] != '?' {
					s.tag = append(s.tag, c)
					continue
				}
			case directive && depth > 0:
				depth--
				s.tag = append(s.tag, c)
				continue
			}
			return nil
		}
		switch {
		case directive && c == '<':
			depth++
		case (c == '"' || c == '\'') && (directive || len(t) > 0 && t[0] != '!' && t[0] != '?'):
			quote = c
		}
		s.tag = append(s.tag, c)
	}
}

func cdataText(t []byte) []byte {
	t = t[len("![CDATA["):]
	return t[:len(t)-2]
}

// trimPrefix returns a name without its namespace prefix: what follows
// its colon, when one stands between two non-empty parts (as encoding/xml
// splits names).
func trimPrefix(b []byte) []byte {
	if i := bytes.IndexByte(b, ':'); i > 0 && i < len(b)-1 {
		return b[i+1:]
	}
	return b
}

// localName returns a name without its namespace prefix.
func localName(b []byte) string {
	b = trimPrefix(b)
	switch string(b) { // the names the readers look at, without allocating
	case "row":
		return "row"
	case "c":
		return "c"
	case "v":
		return "v"
	case "t":
		return "t"
	case "is":
		return "is"
	case "si":
		return "si"
	case "rPh":
		return "rPh"
	}
	return string(b)
}
