package fees

import (
	"fmt"
	"math"
	"math/bits"
	"strings"
	"unicode/utf8"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Money is an amount in Vietnamese đồng, the smallest unit in use (the đồng
// has no subunit in circulation). It is never a float: arithmetic is done on
// int64 and every operation that could overflow is checked and returns an
// [*OverflowError] instead of wrapping.
//
// In JSON a Money is a plain integer number of đồng; [Money.String] is the
// Vietnamese text "1.234.000 ₫" and [Money.Format] the text in a language.
type Money int64

// Add returns m + n, or an error wrapping [ErrOverflow].
func (m Money) Add(n Money) (Money, error) {
	s := m + n
	if (s > m) != (n > 0) {
		return 0, &OverflowError{Op: "add", A: int64(m), B: int64(n)}
	}
	return s, nil
}

// Sub returns m - n, or an error wrapping [ErrOverflow].
func (m Money) Sub(n Money) (Money, error) {
	s := m - n
	if (s < m) != (n > 0) {
		return 0, &OverflowError{Op: "sub", A: int64(m), B: int64(n)}
	}
	return s, nil
}

// Mul returns m × n, or an error wrapping [ErrOverflow].
func (m Money) Mul(n int64) (Money, error) {
	p, ok := mul64(int64(m), n)
	if !ok {
		return 0, &OverflowError{Op: "mul", A: int64(m), B: n}
	}
	return Money(p), nil
}

// MulRate returns m × r rounded once with mode, or an error wrapping
// [ErrOverflow] ([ErrInvalid] for an unknown mode, [ErrNegative] for a
// negative m).
func (m Money) MulRate(r Rate, mode Rounding) (Money, error) {
	if m < 0 {
		return 0, fmt.Errorf("fees: rate of the negative amount %d: %w", m, ErrNegative)
	}
	e, err := exactOf(m).mulRate(r)
	if err != nil {
		return 0, err
	}
	return e.Round(mode)
}

// mul64 multiplies two int64 values, reporting whether the product fits.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	neg := (a < 0) != (b < 0)
	ua, ub := abs64(a), abs64(b)
	hi, lo := bits.Mul64(ua, ub)
	if hi != 0 {
		return 0, false
	}
	if neg {
		if lo > 1<<63 {
			return 0, false
		}
		return int64(-lo), true //nolint:gosec // lo ≤ 1<<63 checked above
	}
	if lo > math.MaxInt64 {
		return 0, false
	}
	return int64(lo), true
}

func abs64(a int64) uint64 {
	if a < 0 {
		return uint64(-a) // for MinInt64 this gives 1<<63, the right magnitude
	}
	return uint64(a)
}

// String formats m the Vietnamese way: dots between groups of three digits
// and the đồng sign after a space, as in "1.234.000 ₫". This form is
// stable (logs, tests and [ParseMoney] rely on it) and is m.Format("vi");
// to show an amount in the reader's language use [Money.Format].
func (m Money) String() string {
	var buf [32]byte
	return string(m.AppendFormat(buf[:0]))
}

// AppendFormat appends m as formatted by [Money.String] to dst.
func (m Money) AppendFormat(dst []byte) []byte {
	dst = vnfmt.AppendInt(dst, int64(m), LangVI)
	return append(dst, " ₫"...)
}

// Format returns m for a person reading lang: "1.234.000 ₫" in
// Vietnamese, "1,234,000 VND" in English (a tag starting with "en").
func (m Money) Format(lang string) string { return vnfmt.Money(int64(m), lang) }

// ParseMoney parses an amount written the Vietnamese way: digits with
// optional dot separators between groups of three ("1.234.000"), an optional
// leading minus, and an optional currency mark after optional spaces: "₫",
// "đ", "đồng", "VND" or "VNĐ" (either case). Plain digits ("1234000") are
// accepted too. Decimals are rejected: the đồng has no subunit. Errors are
// [*ParseError] values wrapping [ErrSyntax] or [ErrOverflow].
func ParseMoney(s string) (Money, error) {
	t := trimSpace(s)
	t = trimCurrency(t)
	if t == "" {
		return 0, parseErr("money", s, ErrSyntax)
	}
	neg := false
	if t[0] == '-' {
		neg = true
		t = t[1:]
	}
	if t == "" || t[0] < '0' || t[0] > '9' {
		return 0, parseErr("money", s, ErrSyntax)
	}
	if t[0] == '0' && len(t) > 1 {
		return 0, parseErr("money", s, ErrSyntax) // leading zero
	}
	var v uint64
	group, groups := 0, 0 // digits in the current group, groups seen
	for i := 0; i <= len(t); i++ {
		if i == len(t) || t[i] == '.' {
			// A group ends: the first has 1–3 digits (any number when
			// the text has no dots), the others exactly 3.
			if group == 0 || (groups > 0 && group != 3) || (group > 3 && (groups > 0 || i < len(t))) {
				return 0, parseErr("money", s, ErrSyntax)
			}
			groups++
			group = 0
			continue
		}
		c := t[i]
		if c < '0' || c > '9' {
			return 0, parseErr("money", s, ErrSyntax)
		}
		group++
		hi, lo := bits.Mul64(v, 10)
		lo, carry := bits.Add64(lo, uint64(c-'0'), 0)
		if hi != 0 || carry != 0 || lo > 1<<63 {
			return 0, parseErr("money", s, ErrOverflow)
		}
		v = lo
	}
	if neg {
		return Money(-int64(v)), nil //nolint:gosec // v ≤ 1<<63
	}
	if v > math.MaxInt64 {
		return 0, parseErr("money", s, ErrOverflow)
	}
	return Money(v), nil
}

// isSpace reports the spaces written around amounts: ASCII space and tab,
// no-break space and narrow no-break space.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u202f'
}

func trimSpace(s string) string { return strings.TrimFunc(s, isSpace) }

var currencyMarks = []string{"đồng", "vnđ", "vnd", "₫", "đ"} // longest first: "vnđ" ends in "đ"

// trimCurrency removes one trailing currency mark and the spaces before it.
func trimCurrency(s string) string {
	for _, mark := range currencyMarks {
		if len(s) >= len(mark) && strings.EqualFold(s[len(s)-len(mark):], mark) {
			// Make sure the cut is on a rune boundary.
			if !utf8.RuneStart(s[len(s)-len(mark)]) {
				continue
			}
			return strings.TrimRightFunc(s[:len(s)-len(mark)], isSpace)
		}
	}
	return s
}

// Int64 returns m as an int64 number of đồng.
func (m Money) Int64() int64 { return int64(m) }
