package forms

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxQuoteRunes is how much of a value from outside (an unknown key, a
// media type, a schema's text) a message quotes; longer values end in "…".
const maxQuoteRunes = 80

// maxPathRunes bounds a path in a message: a longer one keeps its start
// and its end (the field itself) around "…".
const maxPathRunes = 200

// clip shortens s to maxQuoteRunes runes followed by "…".
func clip(s string) string {
	if len(s) <= maxQuoteRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxQuoteRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// clipPath shortens a path longer than maxPathRunes to its first 40 and
// last 150 runes around "…".
func clipPath(p string) string {
	if len(p) <= maxPathRunes || utf8.RuneCountInString(p) <= maxPathRunes {
		return p
	}
	const head, tail = 40, 150
	i, n := 0, 0
	for i = range p {
		if n == head {
			break
		}
		n++
	}
	j, m := len(p), 0
	for j > 0 && m < tail {
		_, size := utf8.DecodeLastRuneInString(p[:j])
		j -= size
		m++
	}
	return p[:i] + "…" + p[j:]
}

// formatPath writes a path of segments: "members[1].share". A key that is
// not an identifier (an unknown key of a submission or a document) is
// quoted and clipped: ["a b"].
func formatPath(path []seg) string {
	var b strings.Builder
	for _, q := range path {
		switch {
		case q.index >= 0:
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
		case !keyRE.MatchString(q.key):
			b.WriteString("[" + strconv.Quote(clip(q.key)) + "]")
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(clip(q.key))
		}
	}
	return b.String()
}
