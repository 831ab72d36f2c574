package vietqr

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// ASCII folds text to what a VietQR text field and a bank transfer's
// content can carry: printable ASCII. Vietnamese letters lose their
// diacritics ("Nộp lệ phí" becomes "Nop le phi", "Đ" becomes "D"), as
// banking apps do to a transfer's content; any other character outside
// printable ASCII becomes a space; runs of spaces become one and the
// result is trimmed. Case, digits and punctuation are kept, so a dossier
// code goes through unchanged.
func ASCII(s string) string {
	return string(AppendASCII(nil, s))
}

// AppendASCII appends [ASCII] of s to dst.
func AppendASCII(dst []byte, s string) []byte {
	start := len(dst)
	space := true // drop leading spaces
	emit := func(c byte) {
		if c == ' ' {
			if space {
				return
			}
			space = true
		} else {
			space = false
		}
		dst = append(dst, c)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if c < 0x20 || c == 0x7F {
				c = ' '
			}
			emit(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == 'đ':
			emit('d')
		case r == 'Đ':
			emit('D')
		case unicode.Is(unicode.Mn, r):
			// a combining mark (text in NFD): the letter before it stays
		default:
			base := byte(' ')
			var buf [utf8.UTFMax * 4]byte
			for _, x := range norm.NFD.AppendString(buf[:0], string(r)) {
				if x < utf8.RuneSelf && x >= 0x20 {
					base = x
					break
				}
			}
			emit(base)
		}
	}
	if len(dst) > start && dst[len(dst)-1] == ' ' {
		dst = dst[:len(dst)-1]
	}
	return dst
}

// Purpose returns text fit for field 62.08 (and any other additional data
// field): [ASCII] of s cut to [MaxText] characters at a space when the
// cut leaves at least half of it, at the limit otherwise. A dossier code
// of Circular 01/2018/TT-VPCP ("000.00.01.H12-251126-0001", 25 characters)
// fits as it is.
func Purpose(s string) string {
	a := ASCII(s)
	if len(a) <= MaxText {
		return a
	}
	cut := a[:MaxText]
	if i := strings.LastIndexByte(cut, ' '); i >= MaxText/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ")
}
