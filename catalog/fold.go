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
// placements ("hoà", "hòa") and decomposed input fold to the same "hoa".
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(c byte) {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteByte(c)
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
				emit(c)
			} else {
				space = true
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < rune(len(latinFold)) && latinFold[r] != 0:
			emit(latinFold[r]) // a Latin letter with diacritics, đ and Đ included
		case unicode.Is(unicode.Mn, r):
			// A combining mark of decomposed input: drop it.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Another script's letter: decompose it (Greek, Cyrillic...)
			// and classify each part as above.
			for _, x := range norm.NFD.String(string(r)) {
				switch {
				case unicode.Is(unicode.Mn, x):
				case unicode.IsLetter(x) || unicode.IsDigit(x):
					if space && b.Len() > 0 {
						b.WriteByte(' ')
					}
					space = false
					b.WriteRune(unicode.ToLower(x))
				default:
					space = true
				}
			}
		default:
			space = true
		}
	}
	return b.String()
}

// latinFold maps each precomposed Latin letter below U+1F00 (Latin-1,
// Latin Extended-A and B, Latin Extended Additional: every Vietnamese
// letter) to the lower-case ASCII letter it decomposes to, or 0. It is
// computed once from Unicode's canonical decompositions and never changed.
var latinFold = func() (t [0x1F00]byte) {
	t['đ'], t['Đ'] = 'd', 'd'
	var buf [utf8.UTFMax * 4]byte
	for r := rune(0x80); r < 0x1F00; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		d := norm.NFD.AppendString(buf[:0], string(r))
		if c := d[0]; len(d) > 1 && c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if 'a' <= c && c <= 'z' {
				t[r] = c
			}
		}
	}
	return t
}()
