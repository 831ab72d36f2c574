package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file holds the checks of [Limits].Strict: what encoding/xml's
// strict decoder refuses in the XML spreadsheet parts hold, checked on
// the scanner's tokens as they come.

// check holds tok to well-formedness, keeping the open elements.
func (s *scanner) check(tok *token) error {
	switch tok.kind {
	case tokText:
		return checkText(tok.text, tok.cdata, false)
	case tokStart, tokEmpty:
		if err := checkName(tok.qname); err != nil {
			return err
		}
		if err := checkAttrs(tok.attrs); err != nil {
			return err
		}
		if tok.kind == tokStart {
			s.open = append(s.open, tok.name)
		}
	case tokEnd:
		if err := checkName(tok.qname); err != nil {
			return err
		}
		if n := len(s.open); n == 0 || s.open[n-1] != tok.name {
			return fmt.Errorf("element </%s> closes nothing open", clip(tok.qname))
		}
		s.open = s.open[:len(s.open)-1]
	case tokSkip:
		t := tok.text
		switch {
		case t[0] == '?':
			body := t[1 : len(t)-1]
			// The target runs, as encoding/xml reads it, over name bytes
			// and every byte past ASCII, and must then be a name.
			n := 0
			for n < len(body) && (body[n] >= utf8.RuneSelf || isNameByte(body[n])) {
				n++
			}
			if n == 0 {
				return errors.New("a processing instruction without a target name")
			}
			if err := checkName(body[:n]); err != nil {
				return err
			}
			if string(body[:n]) == "xml" {
				return checkDecl(body[3:])
			}
		case bytes.HasPrefix(t, []byte("!--")):
			if bytes.Contains(t[3:len(t)-2], []byte("--")) {
				return errors.New(`invalid sequence "--" in a comment`)
			}
		case bytes.HasPrefix(t, []byte("!-")), bytes.HasPrefix(t, []byte("![")):
			return fmt.Errorf("invalid sequence <%s", clip(t[:2]))
		}
	}
	return nil
}

// isXMLChar reports whether XML 1.0 can carry r (its Char production).
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// checkText reports the first character of text that XML cannot carry
// (invalid UTF-8 included) or, outside CDATA, the first entity that is
// neither one of XML's five nor a reference to a character XML carries,
// or, in text but an attribute value, a "]]>".
func checkText(b []byte, cdata, attr bool) error {
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case c == ']' && !cdata && !attr && bytes.HasPrefix(b[i:], []byte("]]>")):
			return errors.New("unescaped ]]> not in CDATA section")
		case c == '&' && !cdata:
			n, err := checkEntity(b[i:])
			if err != nil {
				return err
			}
			i += n
		case c >= 0x20 && c < 0x80, c == '\t', c == '\n', c == '\r':
			i++
		case c < 0x80:
			return fmt.Errorf("illegal character code %U", rune(c))
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return errors.New("invalid UTF-8")
			}
			if !isXMLChar(r) {
				return fmt.Errorf("illegal character code %U", r)
			}
			i += size
		}
	}
	return nil
}

// checkEntity checks the entity or character reference b starts with
// ('&') and returns its length, ';' included.
func checkEntity(b []byte) (int, error) {
	end := bytes.IndexByte(b, ';')
	if end < 0 {
		return 0, fmt.Errorf("invalid character entity %s (no semicolon)", clip(b[:min(len(b), 12)]))
	}
	ent := string(b[1:end])
	switch ent {
	case "amp", "lt", "gt", "quot", "apos":
		return end + 1, nil
	}
	var n uint64
	err := strconv.ErrSyntax
	switch {
	case strings.HasPrefix(ent, "#x"):
		n, err = parseDigits(ent[2:], 16)
	case strings.HasPrefix(ent, "#"):
		n, err = parseDigits(ent[1:], 10)
	}
	if err != nil || n > unicode.MaxRune || !isXMLChar(rune(n)) {
		return 0, fmt.Errorf("invalid character entity &%s;", clip([]byte(ent)))
	}
	return end + 1, nil
}

// parseDigits parses digits of base 10 or 16, without the sign or
// underscores strconv would take.
func parseDigits(s string, base int) (uint64, error) {
	for _, c := range []byte(s) {
		if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
			return 0, strconv.ErrSyntax
		}
	}
	return strconv.ParseUint(s, base, 32)
}

// checkName checks an element or attribute name: a letter, '_' or ':',
// then letters, digits and ".-_:" (letters and digits of any script).
func checkName(b []byte) error {
	if len(b) == 0 || nameLen(b) != len(b) {
		return fmt.Errorf("invalid XML name %q", clip(b))
	}
	return nil
}

// isNameByte reports whether c, an ASCII byte, may stand in a name.
func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '_' || c == ':' || c == '.' || c == '-'
}

// nameLen returns the length of the name b starts with, 0 when none.
func nameLen(b []byte) int {
	i := 0
	for i < len(b) {
		r, size := rune(b[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		ok := r == '_' || r == ':' || unicode.IsLetter(r)
		if i > 0 {
			ok = ok || r == '-' || r == '.' || unicode.IsDigit(r) || r >= utf8.RuneSelf && (unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r) || r == 0xB7)
		}
		if !ok || r == utf8.RuneError && size == 1 {
			break
		}
		i += size
	}
	return i
}

// checkAttrs checks a tag's attributes: name="value" or name='value',
// apart by white space, each value without '<' and with valid text.
func checkAttrs(a []byte) error {
	for {
		a = bytes.TrimLeft(a, " \t\r\n")
		if len(a) == 0 {
			return nil
		}
		i := bytes.IndexAny(a, "= \t\r\n")
		if i < 0 {
			return fmt.Errorf("attribute %q without a value", clip(a))
		}
		if err := checkName(a[:i]); err != nil {
			return err
		}
		rest := bytes.TrimLeft(a[i:], " \t\r\n")
		if len(rest) == 0 || rest[0] != '=' {
			return fmt.Errorf("attribute %q without a value", clip(a[:i]))
		}
		rest = bytes.TrimLeft(rest[1:], " \t\r\n")
		if len(rest) == 0 || (rest[0] != '"' && rest[0] != '\'') {
			return fmt.Errorf("attribute %q without a quoted value", clip(a[:i]))
		}
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return fmt.Errorf("attribute %q not closed", clip(a[:i]))
		}
		val := rest[1 : 1+end]
		if bytes.IndexByte(val, '<') >= 0 {
			return fmt.Errorf("attribute %q holds '<'", clip(a[:i]))
		}
		if err := checkText(val, false, true); err != nil {
			return err
		}
		a = rest[end+2:]
	}
}

// checkDecl checks the XML declaration's pseudo-attributes as
// encoding/xml does: version 1.0, and the encoding UTF-8 (the only one
// read).
func checkDecl(d []byte) error {
	pseudo := func(name string) string {
		i := bytes.Index(d, []byte(name+"="))
		if i < 0 || len(d) < i+len(name)+2 {
			return ""
		}
		v := d[i+len(name)+1:]
		q := v[0]
		if q != '"' && q != '\'' {
			return ""
		}
		end := bytes.IndexByte(v[1:], q)
		if end < 0 {
			return ""
		}
		return string(v[1 : 1+end])
	}
	if v := pseudo("version"); v != "" && v != "1.0" {
		return fmt.Errorf("unsupported XML version %q", clip([]byte(v)))
	}
	if enc := pseudo("encoding"); enc != "" && !strings.EqualFold(enc, "utf-8") {
		return fmt.Errorf("encoding %q declared; only UTF-8 is read", clip([]byte(enc)))
	}
	return nil
}
