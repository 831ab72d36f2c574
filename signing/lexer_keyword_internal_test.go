package signing

import (
	"bytes"
	"testing"
)

// TestLexerKeywords checks that every keyword comes back as itself,
// those returned as constants too, and that a reference and an array
// cost no allocation for their keywords.
func TestLexerKeywords(t *testing.T) {
	for _, kw := range []string{"[", "]", "R", "obj", "endobj", "stream", "endstream", "n", "f", "xref", "trailer", "startxref", "Rx", "objx", "nn"} {
		l := newLexer(bytes.NewReader([]byte(kw+" ")), int64(len(kw)+1), 0)
		tok, err := l.token()
		if err != nil || tok != keyword(kw) {
			t.Errorf("%q: got %#v, %v", kw, tok, err)
		}
	}
	src := []byte("[12 0 R 13 0 R]")
	r := bytes.NewReader(src)
	buf := make([]byte, 0, lexerWindow)
	allocs := testing.AllocsPerRun(100, func() {
		l := newLexer(r, int64(len(src)), 0)
		l.buf = buf
		if _, err := l.object(0); err != nil {
			t.Fatal(err)
		}
	})
	// The lexer, the array, the array's growth and the two boxed
	// references; not the keywords '[', ']' and 'R'.
	if allocs > 5 {
		t.Errorf("lexing %q: %v allocations, want at most 5", src, allocs)
	}
}
