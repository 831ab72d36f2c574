package signing

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The lexer reads its window at once for runs of regular characters and
// hex strings; tokens that cross a window's end (256 bytes, then 512,
// ... 4 KiB) read as any other.
func TestLexerTokens(t *testing.T) {
	longHex := strings.Repeat("0123456789abcdef", 700) // 11,200 digits, over several windows
	longHexBytes := bytes.Repeat([]byte{0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}, 700)
	tests := []struct {
		name string
		in   string
		want []any
		err  bool // the last token is an error wrapping ErrMalformed
	}{
		{name: "numbers-and-keywords", in: "12 -3 +4 5.5 .5 true false null obj R", want: []any{int64(12), int64(-3), int64(4), pdfReal(5.5), pdfReal(0.5), true, false, nil, keyword("obj"), keyword("R")}},
		{name: "names", in: "/Type /A#42C /#20x /a#4 /", want: []any{pdfName("Type"), pdfName("ABC"), pdfName(" x"), pdfName("a#4"), pdfName("")}},
		{name: "delimiters", in: "[<<>>]", want: []any{keyword("["), keyword("<<"), keyword(">>"), keyword("]")}},
		{name: "hex", in: "<48656c6c6f> <48 65\n6C6c 6f> <486> <>", want: []any{pdfString("Hello"), pdfString("Hello"), pdfString("H`"), pdfString("")}},
		{name: "long-hex", in: "<" + longHex + ">1", want: []any{pdfString(longHexBytes), int64(1)}},
		{name: "long-hex-spaced", in: "<" + strings.Repeat("0a ", 3000) + ">", want: []any{pdfString(bytes.Repeat([]byte{0x0a}, 3000))}},
		{name: "long-hex-odd-window", in: strings.Repeat(" ", 255) + "<" + longHex + "f>", want: []any{pdfString(append(bytes.Clone(longHexBytes), 0xf0))}},
		{name: "hex-bad-char", in: "<" + longHex + "g>", err: true},
		{name: "hex-unterminated", in: "<" + longHex, err: true},
		{name: "long-name-across-windows", in: strings.Repeat(" ", 250) + "/" + strings.Repeat("N", 5000) + " 7", want: []any{pdfName(strings.Repeat("N", 5000)), int64(7)}},
		{name: "long-number-across-windows", in: strings.Repeat(" ", 254) + strings.Repeat("1", 18) + " 0", want: []any{int64(111111111111111111), int64(0)}},
		{name: "token-at-eof", in: "startxref", want: []any{keyword("startxref")}},
		{name: "literal", in: `(a\(b\)c\n) (x(y)z)`, want: []any{pdfString("a(b)c\n"), pdfString("x(y)z")}},
		{name: "comment", in: "% note\n42", want: []any{int64(42)}},
		{name: "unexpected", in: ">", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			lexAll(t, newLexer(strings.NewReader(tc.in), int64(len(tc.in)), 0), tc.want, tc.err)
		})
		// The same bytes as a file's first bytes followed by an update
		// held in memory, which the lexer reads where it lies, with or
		// without a spare window of its own: the same tokens, and the
		// update's bytes are never written.
		for _, split := range []int{0, 1, len(tc.in) / 3, 300, len(tc.in) - 1} {
			for _, kept := range []bool{false, true} {
				if split < 0 || split > len(tc.in) {
					continue
				}
				t.Run(fmt.Sprintf("%s/memory-from-%d/kept-%v", tc.name, split, kept), func(t *testing.T) {
					tail := []byte(tc.in[split:])
					r := &concatReaderAt{a: strings.NewReader(tc.in[:split]), aSize: int64(split), b: tail}
					l := newLexer(r, int64(len(tc.in)), 0)
					if kept {
						l.buf, l.kept = make([]byte, 0, lexerWindow), true
					}
					lexAll(t, l, tc.want, tc.err)
					assert.Equal(t, tc.in[split:], string(tail), "the update's bytes are read, never written")
					if kept {
						assert.Equal(t, lexerWindow, cap(l.window()), "the lexer's own window is kept aside")
					}
				})
			}
		}
	}
}

// lexAll reads every token of l and compares them with want; with
// wantErr, the last read must fail with ErrMalformed.
func lexAll(t *testing.T, l *lexer, want []any, wantErr bool) {
	t.Helper()
	var got []any
	for {
		tok, err := l.token()
		if errors.Is(err, ErrMalformed) {
			require.True(t, wantErr, "unexpected error %v after %v", err, got)
			assert.Equal(t, want, got)
			return
		}
		if err != nil {
			break
		}
		got = append(got, tok)
	}
	require.False(t, wantErr, "want an error, got %v", got)
	assert.Equal(t, want, got)
}

func TestLexerTokenTooLong(t *testing.T) {
	in := "/" + strings.Repeat("x", maxTokenLen+1)
	l := newLexer(strings.NewReader(in), int64(len(in)), 0)
	_, err := l.token()
	require.ErrorIs(t, err, ErrMalformed)
	in = "/" + strings.Repeat("x", maxTokenLen) + " "
	l = newLexer(strings.NewReader(in), int64(len(in)), 0)
	tok, err := l.token()
	require.NoError(t, err)
	assert.Len(t, tok, maxTokenLen)
}

// A number is a reference's object number only when an integer and the
// keyword R follow (comments and white space between); otherwise the
// numbers read as numbers, as many as there are.
func TestLexerReferences(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want pdfArray
		err  bool // a keyword is left in the array
	}{
		{name: "refs-and-numbers", in: "[1 0 R 2 3 4 0 R 9 8 7 /N 1 2]", want: pdfArray{pdfRef{1, 0}, int64(2), int64(3), pdfRef{4, 0}, int64(9), int64(8), int64(7), pdfName("N"), int64(1), int64(2)}},
		{name: "comments-between", in: "[1 %c\n0%d\rR 6]", want: pdfArray{pdfRef{1, 0}, int64(6)}},
		{name: "signed-generation", in: "[5 +0 R 6 -0 R]", want: pdfArray{pdfRef{5, 0}, pdfRef{6, 0}}},
		{name: "negative-generation", in: "[5 -1 R]", err: true},
		{name: "real-generation", in: "[5 0.0 R]", err: true},
		{name: "not-R", in: "[5 0 /R]", want: pdfArray{int64(5), int64(0), pdfName("R")}},
		{name: "byte-range", in: "[0 1234 5678 90]", want: pdfArray{int64(0), int64(1234), int64(5678), int64(90)}},
		{name: "at-the-end", in: "[1 0]", want: pdfArray{int64(1), int64(0)}},
		{name: "reals", in: "[0.5 1 2.5]", want: pdfArray{pdfReal(0.5), int64(1), pdfReal(2.5)}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			l := newLexer(strings.NewReader(tc.in), int64(len(tc.in)), 0)
			v, err := l.object(0)
			if tc.err {
				require.ErrorIs(t, err, ErrMalformed)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, v)
		})
	}
}

// Cross-reference rows in the form writers write them are read straight
// from the lexer's window; any other spacing, a row across the window's
// end or a damaged row reads as the tokens read it.
func TestReadTableRows(t *testing.T) {
	many := "0 40\n" + strings.Repeat("0000012345 00002 n\r\n", 40) // across the first windows
	manyWant := make([]numEntry, 40)
	for i := range manyWant {
		manyWant[i] = numEntry{i, xrefEntry{Type: 1, Offset: 12345, Gen: 2}}
	}
	tests := []struct {
		name string
		rows string
		want []numEntry
		err  bool
	}{
		{name: "standard", rows: "0 3\n0000000000 65535 f\r\n0000000017 00000 n\r\n0000000081 00001 n \n", want: []numEntry{{0, xrefEntry{Gen: 65535}}, {1, xrefEntry{Type: 1, Offset: 17}}, {2, xrefEntry{Type: 1, Offset: 81, Gen: 1}}}},
		{name: "other-spacing", rows: "5 2\n17 0 n\n0000000081  00000 n\r\n", want: []numEntry{{5, xrefEntry{Type: 1, Offset: 17}}, {6, xrefEntry{Type: 1, Offset: 81}}}},
		{name: "across-windows", rows: many, want: manyWant},
		{name: "points-nowhere", rows: "0 1\n0000000000 00000 n\r\n", want: []numEntry{{0, xrefEntry{}}}},
		{name: "letter-in-offset", rows: "0 1\n00000000a7 00000 n\r\n", err: true},
		{name: "bad-keyword", rows: "0 1\n0000000017 00000 x\r\n", err: true},
		{name: "keyword-run-on", rows: "0 1\n0000000017 00000 nx\r\n", err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.rows + "trailer\n<< /Size 3 >>"
			f := &pdfFile{size: 1 << 20, b: defaultBudget()}
			var x xrefBuilder
			x.section()
			sec, err := f.readTable(f.lexer(strings.NewReader(in), int64(len(in)), 0), &x)
			if tc.err {
				require.ErrorIs(t, err, ErrMalformed)
				return
			}
			require.NoError(t, err)
			tab, err := x.table(f.b)
			require.NoError(t, err)
			assert.Equal(t, tc.want, tableEntries(&tab))
			assert.Equal(t, len(tc.want), sec.listed)
			assert.Equal(t, pdfDict{"Size": int64(3)}, sec.Trailer)
		})
	}
}

// countingReaderAt counts the reads made of r.
type countingReaderAt struct {
	r     io.ReaderAt
	reads int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.reads++
	return c.r.ReadAt(p, off)
}

// Objects written one after the other are read from the window the file
// keeps, its bytes and their offset with it; objects read in any other
// order, from a shorter view of the same bytes or after the window held
// memory of the reader's, read as before.
func TestReadIndirectKeepsWindow(t *testing.T) {
	const n = 1000
	var b strings.Builder
	b.WriteString("%PDF-1.7\n")
	offs := make([]int64, n)
	for i := range offs {
		offs[i] = int64(b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n<< /Index %d >>\nendobj\n", i+1, i)
	}
	data := b.String()
	read := func(t *testing.T, f *pdfFile, i int) {
		t.Helper()
		ref, v, err := f.readIndirect(offs[i], f.length)
		require.NoError(t, err, "object %d", i+1)
		require.Equal(t, pdfRef{Num: i + 1}, ref)
		require.Equal(t, pdfDict{"Index": int64(i)}, v)
	}
	open := func(r io.ReaderAt, size int64) *pdfFile {
		return &pdfFile{r: r, size: size, b: defaultBudget(), loading: map[int]bool{}, cache: map[int]any{}}
	}
	t.Run("in order", func(t *testing.T) {
		c := &countingReaderAt{r: strings.NewReader(data)}
		f := open(c, int64(len(data)))
		for i := range n {
			read(t, f, i)
		}
		// One read a window, give or take the objects across its end.
		assert.LessOrEqual(t, c.reads, 2*len(data)/lexerWindow+2)
	})
	t.Run("backwards and at random", func(t *testing.T) {
		f := open(strings.NewReader(data), int64(len(data)))
		for i := n - 1; i >= 0; i-- {
			read(t, f, i)
		}
		for _, i := range rand.New(rand.NewPCG(18, 4)).Perm(n) {
			read(t, f, i)
		}
	})
	t.Run("a shorter view", func(t *testing.T) {
		f := open(strings.NewReader(data), offs[n/2])
		read(t, f, n/2-1)
		_, _, err := f.readIndirect(offs[n/2], f.length)
		require.ErrorIs(t, err, ErrMalformed, "past the view's end, though the window holds it")
	})
	t.Run("memory of the reader's", func(t *testing.T) {
		split := offs[n/2]
		r := &concatReaderAt{a: strings.NewReader(data[:split]), aSize: split, b: []byte(data[split:])}
		f := open(r, int64(len(data)))
		for _, i := range []int{0, n - 1, 1, n / 2, n/2 - 1, n / 2, 2} {
			read(t, f, i)
		}
	})
}
