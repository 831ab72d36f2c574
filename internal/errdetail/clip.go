package errdetail

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuoted is how many characters of a value from outside (a cell, a key,
// a code) a message quotes; a longer value is cut and ends in "…", so an
// attacker-sized value never makes an attacker-sized message.
const MaxQuoted = 80

// MaxPath bounds a path (a JSON path, a field path) in a message: a longer
// one keeps its first 40 and last 150 characters around "…".
const MaxPath = 200

// Clip returns s cut after [MaxQuoted] characters followed by "…", or s
// itself when it is no longer.
func Clip(s string) string {
	if len(s) <= MaxQuoted {
		return s
	}
	n := 0
	for i := range s {
		if n == MaxQuoted {
			return s[:i] + "…"
		}
		n++
	}
	return s
}

// Quote returns [Clip] of s as a double-quoted Go string literal.
func Quote(s string) string { return strconv.Quote(Clip(s)) }

// ClipPath returns a path longer than [MaxPath] characters as its first 40
// and last 150 characters around "…" (the end names the offending value),
// or p itself when it is no longer.
func ClipPath(p string) string {
	if len(p) <= MaxPath || utf8.RuneCountInString(p) <= MaxPath {
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
