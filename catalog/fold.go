package catalog

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form the catalogue compares text in: lower case,
// without Vietnamese diacritics (đ and Đ become d, which Unicode
// decomposition alone does not do), with every run of characters that are
// neither letters nor digits turned into one space, trimmed. Both tone-mark
// placements ("hoà", "hòa") fold to the same "hoa".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range foldASCIIFast(s) {
		switch {
		case r < utf8.RuneSelf:
			r = toLowerASCII(r)
			if isASCIIAlnum(r) {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteByte(byte(r))
				continue
			}
			space = true
		case r == 'đ' || r == 'Đ':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteByte('d')
		case unicode.Is(unicode.Mn, r):
			// A combining mark left by the decomposition: drop it.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// foldASCIIFast returns s decomposed (NFD) unless it is already pure ASCII.
func foldASCIIFast(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFD.String(s)
		}
	}
	return s
}

func toLowerASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + 'a' - 'A'
	}
	return r
}

func isASCIIAlnum(r rune) bool {
	return ('a' <= r && r <= 'z') || ('0' <= r && r <= '9')
}
