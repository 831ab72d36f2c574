package catalog

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// foldReference is the obvious, slow definition of Fold: decompose, drop
// combining marks, map đ to d, lower-case, and keep letters and digits
// separated by single spaces.
func foldReference(s string) string {
	var words []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			words = append(words, w.String())
			w.Reset()
		}
	}
	for _, r := range norm.NFD.String(s) {
		switch {
		case r == 'đ' || r == 'Đ':
			w.WriteByte('d')
		case unicode.Is(unicode.Mn, r):
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return strings.Join(words, " ")
}

func TestFoldMatchesReference(t *testing.T) {
	var all strings.Builder
	for r := rune(0); r < 0x2000; r++ {
		all.WriteRune(r)
		all.WriteByte(' ')
	}
	// Every rune of the Latin and Vietnamese ranges, one at a time and all
	// together, in both precomposed and decomposed form.
	for _, s := range []string{all.String(), norm.NFD.String(all.String())} {
		assert.Equal(t, foldReference(s), Fold(s))
	}
	for r := rune(0); r < 0x2000; r++ {
		assert.Equal(t, foldReference(string(r)), Fold(string(r)), "rune %U", r)
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{"Đăng ký khai sinh", "Thanh Hoá", "Thanh Ho\u0061\u0301", "1.001193", "  ,; ", "ǅ ǈ ǋ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 || !utf8.ValidString(s) {
			// The reference's norm package passes invalid UTF-8 through
			// undecomposed; Fold reads it as U+FFFD, a separator.
			t.Skip()
		}
		if got, want := Fold(s), foldReference(s); got != want {
			t.Fatalf("Fold(%q) = %q, reference %q", s, got, want)
		}
	})
}
