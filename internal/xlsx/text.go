package xlsx

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// appendEntities appends XML text to dst with its entities and character
// references resolved and its line ends ("\r\n", "\r") made "\n"; a
// malformed or unknown entity is kept as written.
func appendEntities(dst, src []byte) []byte {
	for len(src) > 0 {
		i := bytes.IndexAny(src, "&\r")
		if i < 0 {
			return append(dst, src...)
		}
		dst = append(dst, src[:i]...)
		src = src[i:]
		if src[0] == '\r' {
			dst, src = append(dst, '\n'), src[1:]
			if len(src) > 0 && src[0] == '\n' {
				src = src[1:]
			}
			continue
		}
		end := bytes.IndexByte(src, ';')
		if end < 0 || end > 12 {
			dst, src = append(dst, '&'), src[1:]
			continue
		}
		ent := string(src[1:end])
		switch ent {
		case "amp":
			dst = append(dst, '&')
		case "lt":
			dst = append(dst, '<')
		case "gt":
			dst = append(dst, '>')
		case "quot":
			dst = append(dst, '"')
		case "apos":
			dst = append(dst, '\'')
		default:
			var n uint64
			var err error
			switch {
			case strings.HasPrefix(ent, "#x"):
				n, err = strconv.ParseUint(ent[2:], 16, 32)
			case strings.HasPrefix(ent, "#"):
				n, err = strconv.ParseUint(ent[1:], 10, 32)
			default:
				err = strconv.ErrSyntax
			}
			if err != nil || !utf8.ValidRune(rune(n)) {
				dst, src = append(dst, '&'), src[1:]
				continue
			}
			dst = utf8.AppendRune(dst, rune(n))
		}
		src = src[end+1:]
	}
	return dst
}

// appendNewlines appends src to dst with its line ends made "\n".
func appendNewlines(dst, src []byte) []byte {
	for {
		i := bytes.IndexByte(src, '\r')
		if i < 0 {
			return append(dst, src...)
		}
		dst, src = append(append(dst, src[:i]...), '\n'), src[i+1:]
		if len(src) > 0 && src[0] == '\n' {
			src = src[1:]
		}
	}
}

// unescape returns s with the _xHHHH_ escapes by which xlsx writers store
// characters XML cannot carry decoded, as Excel reads them (a lone
// surrogate is dropped, as excelize does); other underscores stay.
func unescape(s []byte) []byte {
	if !bytes.Contains(s, []byte("_x")) {
		return s
	}
	return appendUnescaped(make([]byte, 0, len(s)), s)
}

// Unescape returns s with its _xHHHH_ escapes decoded, as the readers
// decode strings.
func Unescape(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	return string(appendUnescaped(make([]byte, 0, len(s)), []byte(s)))
}

func appendUnescaped(dst, src []byte) []byte {
	for len(src) > 0 {
		i := bytes.IndexByte(src, '_')
		if i < 0 {
			return append(dst, src...)
		}
		dst, src = append(dst, src[:i]...), src[i:]
		if len(src) >= 7 && src[1] == 'x' && src[6] == '_' {
			if n, err := strconv.ParseUint(string(src[2:6]), 16, 16); err == nil {
				if utf8.ValidRune(rune(n)) {
					dst = utf8.AppendRune(dst, rune(n))
				}
				src = src[7:]
				continue
			}
		}
		dst, src = append(dst, '_'), src[1:]
	}
	return dst
}

// Column returns the 0-based column of a cell reference ("B7" → 1, upper
// case letters then digits), -1 when it is not one or lies beyond XFD.
func Column(ref string) int { return column(ref, false) }

// ColumnFold is [Column] taking letters of either case ("b7" → 1), as a
// [Limits].Tolerant reading does.
func ColumnFold(ref string) int { return column(ref, true) }

// column is Column, taking lower-case letters too when fold is set.
func column(ref string, fold bool) int {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if fold && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
		if n > MaxColumns {
			return -1
		}
	}
	if i == 0 || i == len(ref) {
		return -1
	}
	for _, c := range ref[i:] {
		if c < '0' || c > '9' {
			return -1
		}
	}
	return n - 1
}
