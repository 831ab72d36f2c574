package fees

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Exact is an exact non-negative amount of đồng that may have a fraction,
// num/den: the value of a line before its single rounding (0.5% of
// 1.234.567 ₫ is 6.172,835 ₫). The zero value is 0.
//
// In JSON an Exact is a string: a decimal with a decimal point
// ("6172.835"), or "num/den" when the decimal would not end; the decimal
// comma of older stored quotes ("6172,835") still reads. [Exact.String]
// and [Exact.Format] give the text for people.
type Exact struct {
	num, den int64
}

func exactOf(m Money) Exact {
	if m == 0 {
		return Exact{}
	}
	return Exact{num: int64(m), den: 1}
}

// ExactOf returns m as an Exact. m must not be negative; a negative m gives 0.
func ExactOf(m Money) Exact {
	if m < 0 {
		return Exact{}
	}
	return exactOf(m)
}

// Num returns the numerator of the reduced fraction.
func (e Exact) Num() int64 { return e.num }

// Den returns the denominator of the reduced fraction (at least 1).
func (e Exact) Den() int64 {
	if e.den == 0 {
		return 1
	}
	return e.den
}

// IsZero reports whether e is 0.
func (e Exact) IsZero() bool { return e.num == 0 }

// IsInteger reports whether e is a whole number of đồng.
func (e Exact) IsInteger() bool { return e.Den() == 1 }

// Cmp compares e and f: -1, 0 or +1.
func (e Exact) Cmp(f Exact) int {
	return cmpFrac(uint64(e.num), uint64(e.Den()), uint64(f.num), uint64(f.Den()))
}

func (e Exact) add(f Exact) (Exact, error) {
	a, b := e.Den(), f.Den()
	if a == b {
		s := e.num + f.num
		if s < e.num {
			return Exact{}, &OverflowError{Op: "add", A: e.num, B: f.num}
		}
		return newExact(s, a), nil
	}
	g := gcd(a, b)
	l, ok := mul64(a/g, b)
	if !ok {
		return Exact{}, &OverflowError{Op: "add", A: a, B: b}
	}
	x, ok1 := mul64(e.num, l/a)
	y, ok2 := mul64(f.num, l/b)
	if !ok1 || !ok2 || x+y < x {
		return Exact{}, &OverflowError{Op: "add", A: e.num, B: f.num}
	}
	return newExact(x+y, l), nil
}

// newExact returns num/den reduced; zero is always the zero Exact.
func newExact(num, den int64) Exact {
	if num == 0 {
		return Exact{}
	}
	g := gcd(num, den)
	return Exact{num: num / g, den: den / g}
}

// mulRate returns e × r, exactly, cross-cancelling first to keep the
// numbers small.
func (e Exact) mulRate(r Rate) (Exact, error) {
	if e.num == 0 || r.num == 0 {
		return Exact{}, nil
	}
	g1 := gcd(e.num, r.Den())
	g2 := gcd(r.num, e.Den())
	n, ok1 := mul64(e.num/g1, r.num/g2)
	d, ok2 := mul64(e.Den()/g2, r.Den()/g1)
	if !ok1 || !ok2 {
		return Exact{}, &OverflowError{Op: "rate", A: e.num, B: r.num}
	}
	return newExact(n, d), nil
}

// Round rounds e to a whole number of đồng with mode. It returns an error
// wrapping [ErrInvalid] for an unknown mode.
func (e Exact) Round(mode Rounding) (Money, error) {
	d := e.Den()
	q, r := e.num/d, e.num%d
	switch mode {
	case RoundHalfUp:
		if r != 0 && r >= d-r {
			q++
		}
	case RoundHalfEven:
		if r != 0 && (r > d-r || (r == d-r && q%2 == 1)) {
			q++
		}
	case RoundDown:
	case RoundUp:
		if r != 0 {
			q++
		}
	case RoundUnknown:
		return 0, fmt.Errorf("fees: round: no rounding mode: %w", ErrInvalid)
	default:
		return 0, fmt.Errorf("fees: round: unknown rounding mode %d: %w", mode, ErrInvalid)
	}
	return Money(q), nil
}

// String writes e in Vietnamese style, with dot group separators and a
// decimal comma, followed by " ₫": "6.172,835 ₫". A fraction whose decimal
// expansion does not end within 12 digits is written "1.000/3 ₫". It is
// e.Format("vi").
func (e Exact) String() string { return e.Format(LangVI) }

// Format writes e for a person reading lang: "6.172,835 ₫" in Vietnamese,
// "6,172.835 VND" in English (a tag starting with "en"); "1.000/3 ₫" or
// "1,000/3 VND" when the decimal would not end within 12 digits.
func (e Exact) Format(lang string) string {
	var buf [48]byte
	if vnfmt.English(lang) {
		return string(append(e.appendNumber(buf[:0], LangEN, '.'), " VND"...))
	}
	return string(append(e.appendNumber(buf[:0], LangVI, ','), " ₫"...))
}

// appendNumber writes the number with mark before the decimals; group
// separators are lang's, none when lang is "".
func (e Exact) appendNumber(dst []byte, lang string, mark byte) []byte {
	d := e.Den()
	whole := func(dst []byte, v int64) []byte {
		if lang != "" {
			return vnfmt.AppendInt(dst, v, lang)
		}
		return strconv.AppendInt(dst, v, 10)
	}
	q, r := e.num/d, e.num%d
	if r == 0 {
		return whole(dst, q)
	}
	// Find k ≤ 12 with d | 10^k.
	pow := int64(1)
	for k := 1; k <= 12; k++ {
		pow *= 10
		if pow%d == 0 {
			dst = whole(dst, q)
			dst = append(dst, mark)
			frac := strconv.FormatInt(r*(pow/d)+pow, 10)[1:]
			for len(frac) > 1 && frac[len(frac)-1] == '0' {
				frac = frac[:len(frac)-1]
			}
			return append(dst, frac...)
		}
	}
	dst = whole(dst, e.num)
	dst = append(dst, '/')
	return whole(dst, d)
}

// MarshalText writes e as JSON and programs read numbers: no group
// separators, a decimal point, no currency: "6172.835", or "1000/3" when
// the decimal would not end within 12 digits.
func (e Exact) MarshalText() ([]byte, error) { return e.appendNumber(nil, "", '.'), nil }

// UnmarshalText reads what [Exact.MarshalText] writes: digits with an
// optional decimal point and at most 12 decimals ("6172.835"), or
// "num/den". It also reads a decimal comma ("6172,835"), the form written
// before the decimal point was adopted, so quotes stored then still read.
func (e *Exact) UnmarshalText(text []byte) error {
	s := string(text)
	if n, d, ok := cutByte(s, '/'); ok {
		nn, err1 := parseDigits(n)
		dd, err2 := parseDigits(d)
		if err1 != nil || err2 != nil || dd == 0 {
			return parseErr("exact amount", s, firstErr(err1, err2, ErrSyntax))
		}
		*e = newExact(nn, dd)
		return nil
	}
	mark := byte('.')
	if strings.IndexByte(s, '.') < 0 {
		mark = ','
	}
	ip, fp, ok := cutByte(s, mark)
	n, err := parseDigits(ip + fp)
	if err != nil || ip == "" || (ok && (fp == "" || len(fp) > 12)) {
		return parseErr("exact amount", s, firstErr(err, ErrSyntax))
	}
	den := int64(1)
	for range len(fp) {
		den *= 10
	}
	*e = newExact(n, den)
	return nil
}

func cutByte(s string, c byte) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if s[i] == c {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}
