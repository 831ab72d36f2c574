package fees

import (
	"math/bits"
	"strconv"
	"strings"
)

// Rate is an exact non-negative ratio num/den, such as 0.5% = 5/1000 or a
// 50% cut = 1/2. It is kept reduced. The zero value is the rate 0.
//
// In JSON and text a Rate is written as a percentage with an optional
// decimal point ("0.5%", "2%", "0.06%") or as a fraction ("1/2", "7/10").
type Rate struct {
	num, den int64
}

// NewRate returns the rate num/den, reduced. num must not be negative and
// den must be positive.
func NewRate(num, den int64) (Rate, error) {
	if num < 0 || den <= 0 {
		return Rate{}, parseErr("rate", strconv.FormatInt(num, 10)+"/"+strconv.FormatInt(den, 10), ErrSyntax)
	}
	g := gcd(num, den)
	return Rate{num: num / g, den: den / g}, nil
}

// MustRate is [NewRate] for constants in tests and examples: it panics on a
// bad rate.
func MustRate(num, den int64) Rate {
	r, err := NewRate(num, den)
	if err != nil {
		panic(err)
	}
	return r
}

// Num returns the numerator of the reduced rate.
func (r Rate) Num() int64 { return r.num }

// Den returns the denominator of the reduced rate (1 for the zero rate).
func (r Rate) Den() int64 {
	if r.den == 0 {
		return 1
	}
	return r.den
}

// IsZero reports whether r is 0.
func (r Rate) IsZero() bool { return r.num == 0 }

// Cmp compares r and s: -1 if r < s, 0 if equal, +1 if r > s.
func (r Rate) Cmp(s Rate) int {
	return cmpFrac(uint64(r.num), uint64(r.Den()), uint64(s.num), uint64(s.Den()))
}

// String formats r as a percentage when that is exact in at most 9
// decimals ("0.5%", "50%"), and as a fraction "num/den" otherwise.
func (r Rate) String() string {
	return string(r.appendText(nil))
}

func (r Rate) appendText(dst []byte) []byte {
	num, den := r.num, r.Den()
	// percentage p = num*100/den; exact with k decimals if den | num*100*10^k.
	for k := 0; k <= 9; k++ {
		scale := int64(100)
		for range k {
			scale *= 10
		}
		p, ok := mul64(num, scale)
		if !ok {
			break
		}
		if p%den == 0 {
			q := p / den
			pow := int64(1)
			for range k {
				pow *= 10
			}
			ip, fp := q/pow, q%pow
			dst = strconv.AppendInt(dst, ip, 10)
			if k > 0 {
				frac := strconv.FormatInt(fp+pow, 10)[1:] // zero-padded to k digits
				dst = append(dst, '.')
				dst = append(dst, frac...)
			}
			return append(dst, '%')
		}
	}
	dst = strconv.AppendInt(dst, num, 10)
	dst = append(dst, '/')
	return strconv.AppendInt(dst, den, 10)
}

// ParseRate parses "0.5%", "2%", "0,5%" (a decimal comma is accepted too),
// "1/2" or a plain integer "1" (a rate of one). Errors are [*ParseError]
// values wrapping [ErrSyntax] or [ErrOverflow].
func ParseRate(s string) (Rate, error) {
	t := trimSpace(s)
	if num, den, ok := strings.Cut(t, "/"); ok {
		n, err1 := parseDigits(trimSpace(num))
		d, err2 := parseDigits(trimSpace(den))
		if err1 != nil || err2 != nil || d == 0 {
			return Rate{}, parseErr("rate", s, firstErr(err1, err2, ErrSyntax))
		}
		return NewRate(n, d)
	}
	pct := false
	if strings.HasSuffix(t, "%") {
		pct = true
		t = trimSpace(strings.TrimSuffix(t, "%"))
	}
	ip, fp, hasFrac := strings.Cut(t, ".")
	if !hasFrac {
		ip, fp, hasFrac = strings.Cut(t, ",")
	}
	if hasFrac && (fp == "" || len(fp) > 12) {
		return Rate{}, parseErr("rate", s, ErrSyntax)
	}
	n, err := parseDigits(ip + fp)
	if err != nil || ip == "" {
		return Rate{}, parseErr("rate", s, firstErr(err, ErrSyntax))
	}
	den := int64(1)
	for range len(fp) {
		den *= 10
	}
	if pct {
		d, ok := mul64(den, 100)
		if !ok {
			return Rate{}, parseErr("rate", s, ErrOverflow)
		}
		den = d
	}
	return NewRate(n, den)
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// parseDigits parses a non-empty string of ASCII digits into an int64.
func parseDigits(s string) (int64, error) {
	if s == "" {
		return 0, ErrSyntax
	}
	var v int64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, ErrSyntax
		}
		p, ok := mul64(v, 10)
		if !ok || p > (1<<63-1)-int64(c-'0') {
			return 0, ErrOverflow
		}
		v = p + int64(c-'0')
	}
	return v, nil
}

// MarshalText writes r as [Rate.String] does.
func (r Rate) MarshalText() ([]byte, error) { return r.appendText(nil), nil }

// UnmarshalText parses text with [ParseRate].
func (r *Rate) UnmarshalText(text []byte) error {
	v, err := ParseRate(string(text))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

func gcd(a, b int64) int64 {
	if a < 0 {
		a = -a
	}
	for b != 0 {
		a, b = b, a%b
	}
	if a == 0 {
		return 1
	}
	return a
}

// cmpFrac compares a/b with c/d for non-negative values and positive
// denominators, exactly (128-bit cross products).
func cmpFrac(a, b, c, d uint64) int {
	h1, l1 := bits.Mul64(a, d)
	h2, l2 := bits.Mul64(c, b)
	switch {
	case h1 < h2 || (h1 == h2 && l1 < l2):
		return -1
	case h1 == h2 && l1 == l2:
		return 0
	default:
		return 1
	}
}
