package catalog

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form the catalogue compares text in: lower case,
// without Vietnamese diacritics (đ and Đ become d, which Unicode
// decomposition alone does not do), with every run of characters that are
// neither letters nor digits turned into one space, trimmed. Both tone-mark
// placements ("hoà", "hòa") and decomposed input fold to the same "hoa".
//
// The two spellings of a syllable ending in i or y after a consonant,
// which Vietnamese writes either way (kí and ký, lí and lý, mĩ and mỹ, sĩ
// and sỹ, tỉ and tỷ, hi and hy, qui and quy), fold to the i spelling:
// "Đăng ký" and "đăng kí" both give "dang ki". A y after a vowel is a
// different sound and stays ("tay" is not "tai", "thuỷ" not "thui"), as
// does a syllable that is y alone ("y tế").
func Fold(s string) string {
	var f folder
	f.b.Grow(len(s))
	var table *[latinFoldLen]byte // looked up at the first non-ASCII byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
				f.emit(c)
			} else {
				f.space = true
			}
			continue
		}
		if table == nil {
			table = latinFold()
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r < rune(len(table)) && table[r] != 0:
			f.emit(table[r]) // a Latin letter with diacritics, đ and Đ included
		case unicode.Is(unicode.Mn, r):
			// A combining mark of decomposed input: drop it.
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Another script's letter: decompose it (Greek, Cyrillic...)
			// and classify each part as above.
			for _, x := range norm.NFD.String(string(r)) {
				switch {
				case unicode.Is(unicode.Mn, x):
				case unicode.IsLetter(x) || unicode.IsDigit(x):
					f.emitRune(unicode.ToLower(x))
				default:
					f.space = true
				}
			}
		default:
			f.space = true
		}
	}
	f.endWord()
	return f.b.String()
}

// folder builds [Fold]'s result. A y is held back until the next letter
// or the end of its word shows whether the i/y rule applies to it.
type folder struct {
	b      strings.Builder
	space  bool // a separator was seen since the last letter
	y      bool // a y is held back
	p1, p2 byte // the last two ASCII bytes written in this word, 0 for none or another script's
}

// emit appends an ASCII letter or digit.
func (f *folder) emit(c byte) {
	f.start()
	if c == 'y' {
		f.y = true
		return
	}
	f.b.WriteByte(c)
	f.p1, f.p2 = c, f.p1
}

// emitRune appends a letter or digit of another script.
func (f *folder) emitRune(r rune) {
	f.start()
	f.b.WriteRune(r)
	f.p1, f.p2 = 0, f.p1
}

// start writes what comes before a new letter: the held-back y of this
// word, or, after a separator, the end of the previous word and one space.
func (f *folder) start() {
	switch {
	case f.space:
		f.endWord()
		if f.b.Len() > 0 {
			f.b.WriteByte(' ')
		}
		f.space, f.p1, f.p2 = false, 0, 0
	case f.y:
		f.y = false
		f.b.WriteByte('y')
		f.p1, f.p2 = 'y', f.p1
	}
}

// endWord writes the held-back y that ends a word: i after a consonant or
// after the u of qu, y otherwise.
func (f *folder) endWord() {
	if !f.y {
		return
	}
	f.y = false
	if isConsonant(f.p1) || (f.p1 == 'u' && f.p2 == 'q') {
		f.b.WriteByte('i')
	} else {
		f.b.WriteByte('y')
	}
}

// latinFold maps each precomposed Latin letter below U+1F00 (Latin-1,
// Latin Extended-A and B, Latin Extended Additional: every Vietnamese
// letter) to the lower-case ASCII letter it decomposes to, or 0. It is
// computed from Unicode's canonical decompositions at the first fold of a
// non-ASCII text, not when the package is loaded (a program that imports
// catalog without folding pays nothing), and never changed.
var latinFold = sync.OnceValue(func() *[latinFoldLen]byte {
	t := new([latinFoldLen]byte)
	t['đ'], t['Đ'] = 'd', 'd'
	var buf [utf8.UTFMax * 4]byte
	var rb [utf8.UTFMax]byte
	for r := rune(0x80); r < latinFoldLen; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		d := norm.NFD.Append(buf[:0], utf8.AppendRune(rb[:0], r)...)
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
})

// latinFoldLen is the size of the [latinFold] table: the runes below U+1F00.
const latinFoldLen = 0x1F00

// isConsonant reports whether c is a lower-case ASCII consonant letter.
func isConsonant(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return false
	}
	return 'a' <= c && c <= 'z'
}
