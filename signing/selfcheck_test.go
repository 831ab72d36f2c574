package signing_test

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Sign's self-check takes from its parse and its hash of the input what
// is about the input's bytes; every fault in the update it appends must
// still be caught, as the check that reads everything again catches it.
func TestSelfCheckReusingCatchesFaultyUpdates(t *testing.T) {
	ca := newCA(t)
	s := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	plain := samplePDF(t, signingtest.PDFOptions{Text: "Amount 100000"})
	stream := samplePDF(t, signingtest.PDFOptions{XRefStream: true, FormField: true})
	signed := mustSign(t, samplePDF(t, signingtest.PDFOptions{FormField: true}), s, signing.Options{Time: testNow})
	// edit replaces the first match of re in the update with repl(match),
	// of the same length.
	edit := func(re string, repl func([]byte) []byte) func(t *testing.T, tail []byte) []byte {
		return func(t *testing.T, tail []byte) []byte {
			loc := regexp.MustCompile(re).FindIndex(tail)
			require.NotNil(t, loc, "no %q in the update", re)
			m := repl(bytes.Clone(tail[loc[0]:loc[1]]))
			require.Len(t, m, loc[1]-loc[0])
			return append(append(tail[:loc[0]:loc[0]], m...), tail[loc[1]:]...)
		}
	}
	bumpLast := func(b []byte) []byte {
		i := len(b) - 1
		for b[i] < '0' || b[i] > '9' {
			i--
		}
		b[i] = '0' + (b[i]-'0'+1)%10
		return b
	}
	tests := []struct {
		name      string
		in        []byte
		tamper    func(t *testing.T, tail []byte) []byte
		faulty    bool
		tableOnly bool // the case edits a cross-reference table
	}{
		{name: "untouched", tamper: func(_ *testing.T, tail []byte) []byte { return tail }},
		{name: "cms-byte", faulty: true, tamper: edit(`/Contents <[0-9a-f]{400}`, func(b []byte) []byte {
			if b[len(b)-1] == '0' {
				b[len(b)-1] = '1'
			} else {
				b[len(b)-1] = '0'
			}
			return b
		})},
		{name: "signed-byte-of-the-update", faulty: true, tamper: edit(`/Name /motcua`, func(b []byte) []byte { return []byte("/Name /motcub") })},
		{name: "byte-range-offset", faulty: true, tamper: edit(`/ByteRange \[0 \d+ \d+`, bumpLast)},
		{name: "byte-range-length", faulty: true, tamper: edit(`/ByteRange \[0 \d+ \d+ \d+`, bumpLast)},
		{name: "xref-offset", faulty: true, tableOnly: true, tamper: edit(`\d{10} \d{5} n`, func(b []byte) []byte { bumpLast(b[:10]); return b })},
		{name: "prev", faulty: true, tamper: edit(`/Prev \d+`, bumpLast)},
		{name: "startxref", faulty: true, tamper: edit(`startxref\n\d+`, bumpLast)},
		{name: "no-eof", faulty: true, tamper: edit(`%%EOF`, func([]byte) []byte { return []byte("%%EOX") })},
	}
	for _, doc := range []struct {
		name  string
		in    []byte
		table bool
	}{{"table", plain, true}, {"stream", stream, false}, {"signed-before", signed, true}} {
		for _, tc := range tests {
			if tc.tableOnly && !doc.table {
				continue
			}
			t.Run(doc.name+"/"+tc.name, func(t *testing.T) {
				reusing, full, err := signing.CheckTamperedUpdate(doc.in, s, signing.Options{Time: testNow}, func(tail []byte) []byte { return tc.tamper(t, tail) })
				require.NoError(t, err)
				if !tc.faulty {
					assert.NoError(t, reusing)
					assert.NoError(t, full)
					return
				}
				require.Error(t, full, "the full check must catch it")
				assert.ErrorIs(t, full, signing.ErrSelfCheck)
				require.Error(t, reusing, "the reusing check must catch what the full one does (%v)", full)
				assert.ErrorIs(t, reusing, signing.ErrSelfCheck)
			})
		}
	}
}
