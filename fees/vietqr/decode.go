package vietqr

import (
	"strings"

	"github.com/motcua/motcua/fees"
)

// Decode parses a VietQR payload, the text of a scanned code. It checks the
// structure (every data object's two-digit ID and length), the CRC, the
// fixed values (payload format "01", currency 704, country VN), the point
// of initiation (11 or 12), the NAPAS template (GUID A000000727, a
// six-digit BIN, an account, service code QRIBFTTA or QRIBFTTC) and the
// length and characters of every field it returns.
//
// Fields may come in any order between field 00 (first) and the CRC (last),
// as EMVCo allows; other schemes' merchant account templates (IDs 26–51
// without the NAPAS GUID), fields this package does not return (55–57, 64,
// 80–99, other additional data) are checked for structure and skipped. The
// NAPAS template is usually field 38 but is accepted at any ID from 26 to
// 51. Lengths count bytes, as in every payload made to the specification;
// a payload whose generator counted Vietnamese letters as one character
// fails with a syntax error.
//
// Errors are [*FieldError] values naming the field ("63", "38.01.00"...)
// and wrapping [ErrSyntax], [ErrMissing], [ErrDuplicate], [ErrLength],
// [ErrCharset], [ErrValue], [ErrChecksum] or [ErrTooLarge]. Decode never
// panics and allocates nothing but the error.
func Decode(s string) (Payload, error) {
	var p Payload
	if len(s) > MaxPayload {
		return Payload{}, fieldErr("", "", ErrTooLarge, "%d characters, more than %d", len(s), MaxPayload)
	}
	var seen [100]bool
	merchant := ""
	var crcSeen bool
	for r := (reader{s: s}); !r.done(); {
		at := r.pos
		id, v, err := r.next("")
		if err != nil {
			return Payload{}, err
		}
		field := s[at : at+2]
		if crcSeen {
			return Payload{}, fieldErr("63", "", ErrSyntax, "field %s after the CRC: the CRC must be last", field)
		}
		if seen[id] {
			return Payload{}, fieldErr(field, "", ErrDuplicate, "field %s appears twice", field)
		}
		seen[id] = true
		switch {
		case id == 0:
			if at != 0 {
				return Payload{}, fieldErr(field, v, ErrSyntax, "the payload format indicator must be the first field")
			}
			if v != "01" {
				return Payload{}, fieldErr(field, v, ErrValue, "payload format %q, want \"01\"", v)
			}
		case at == 0:
			return Payload{}, fieldErr("00", "", ErrMissing, "the payload does not start with the payload format indicator")
		case id == 1:
			switch v {
			case "11":
				p.Initiation = Static
			case "12":
				p.Initiation = Dynamic
			default:
				return Payload{}, fieldErr(field, v, ErrValue, "point of initiation %q, want 11 (static) or 12 (dynamic)", v)
			}
		case id >= 26 && id <= 51:
			guid, err := templateGUID(field, v)
			if err != nil {
				return Payload{}, err
			}
			if guid != GUID {
				continue // another scheme's account information
			}
			if merchant != "" {
				return Payload{}, fieldErr(field, "", ErrDuplicate, "a second NAPAS template (the first is field %s)", merchant)
			}
			merchant = field
			if err := p.decodeMerchant(v); err != nil {
				if fe, ok := err.(*FieldError); ok && field != "38" {
					fe.Field = field + strings.TrimPrefix(fe.Field, "38")
				}
				return Payload{}, err
			}
		case id == 52:
			if err := checkDigits(field, v, 4, 4); err != nil {
				return Payload{}, err
			}
			p.Category = v
		case id == 53:
			if v != "704" {
				return Payload{}, fieldErr(field, v, ErrValue, "currency %q, want 704 (đồng)", v)
			}
		case id == 54:
			amount, err := parseAmount(v)
			if err != nil {
				return Payload{}, err
			}
			p.Amount = amount
		case id == 58:
			if v != "VN" {
				return Payload{}, fieldErr(field, v, ErrValue, "country %q, want VN", v)
			}
		case id == 59:
			if err := checkText(field, v, MaxName); err != nil {
				return Payload{}, err
			}
			p.Name = v
		case id == 60:
			if err := checkText(field, v, MaxCity); err != nil {
				return Payload{}, err
			}
			p.City = v
		case id == 61:
			if err := checkText(field, v, MaxPostalCode); err != nil {
				return Payload{}, err
			}
			p.PostalCode = v
		case id == 62:
			if err := p.decodeAdditional(v); err != nil {
				return Payload{}, err
			}
		case id == 63:
			if len(v) != 4 {
				return Payload{}, fieldErr(field, v, ErrLength, "%d characters, want 4 hexadecimal digits", len(v))
			}
			want, ok := parseHex4(v)
			if !ok {
				return Payload{}, fieldErr(field, v, ErrCharset, "%q is not 4 hexadecimal digits", v)
			}
			if got := crcString(s[:at+4]); got != want {
				return Payload{}, fieldErr(field, v, ErrChecksum, "CRC %s, the payload's is %04X", v, got)
			}
			crcSeen = true
		}
	}
	switch {
	case !seen[0]:
		return Payload{}, fieldErr("00", "", ErrMissing, "no payload format indicator")
	case merchant == "":
		return Payload{}, fieldErr("38", "", ErrMissing, "no NAPAS merchant account template (GUID %s): not a VietQR code", GUID)
	case !seen[53]:
		return Payload{}, fieldErr("53", "", ErrMissing, "no transaction currency")
	case !seen[58]:
		return Payload{}, fieldErr("58", "", ErrMissing, "no country code")
	case !crcSeen:
		return Payload{}, fieldErr("63", "", ErrMissing, "no CRC")
	}
	return p, nil
}

// decodeMerchant reads the NAPAS template: 00 GUID, 01 beneficiary
// organisation (00 BIN, 01 account or card), 02 service code.
func (p *Payload) decodeMerchant(v string) error {
	var seen [100]bool
	beneficiary, service := "", ""
	for r := (reader{s: v}); !r.done(); {
		at := r.pos
		id, sub, err := r.next("38")
		if err != nil {
			return err
		}
		if seen[id] {
			path := join("38", v[at:at+2])
			return fieldErr(path, "", ErrDuplicate, "field %s appears twice", path)
		}
		seen[id] = true
		switch id {
		case 1:
			beneficiary = sub
		case 2:
			service = sub
		}
	}
	const bpath = "38.01" // the template's ID is put right by Decode on error
	if !seen[1] {
		return fieldErr(bpath, "", ErrMissing, "no beneficiary organisation (bank BIN and account)")
	}
	var bseen [100]bool
	for r := (reader{s: beneficiary}); !r.done(); {
		at := r.pos
		id, sub, err := r.next(bpath)
		if err != nil {
			return err
		}
		if bseen[id] {
			path := join(bpath, beneficiary[at:at+2])
			return fieldErr(path, "", ErrDuplicate, "field %s appears twice", path)
		}
		bseen[id] = true
		switch id {
		case 0:
			p.BIN = sub
		case 1:
			p.Account = sub
		default:
			return fieldErr(join(bpath, beneficiary[at:at+2]), sub, ErrValue, "the beneficiary template has fields 00 (BIN) and 01 (account) only")
		}
	}
	const spath = "38.02"
	switch service {
	case "":
		return fieldErr(spath, "", ErrMissing, "no service code")
	case "QRIBFTTA":
		p.Service = ToAccount
	case "QRIBFTTC":
		p.Service = ToCard
	default:
		return fieldErr(spath, service, ErrValue, "service code %q, want QRIBFTTA (account) or QRIBFTTC (card)", service)
	}
	if !bseen[0] {
		return fieldErr(bpath+".00", "", ErrMissing, "no bank BIN")
	}
	if err := checkDigits(bpath+".00", p.BIN, 6, 6); err != nil {
		return err
	}
	return checkAccount(p.Account, p.Service)
}

// decodeAdditional reads template 62, keeping 01, 05, 07 and 08.
func (p *Payload) decodeAdditional(v string) error {
	var seen [100]bool
	for r := (reader{s: v}); !r.done(); {
		at := r.pos
		id, sub, err := r.next("62")
		if err != nil {
			return err
		}
		if seen[id] {
			path := join("62", v[at:at+2])
			return fieldErr(path, "", ErrDuplicate, "field %s appears twice", path)
		}
		seen[id] = true
		var dst *string
		var path string
		switch id {
		case 1:
			dst, path = &p.BillNumber, "62.01"
		case 5:
			dst, path = &p.Reference, "62.05"
		case 7:
			dst, path = &p.Terminal, "62.07"
		case 8:
			dst, path = &p.Purpose, "62.08"
		default:
			continue
		}
		if err := checkText(path, sub, MaxText); err != nil {
			return err
		}
		*dst = sub
	}
	return nil
}

// templateGUID returns the value of sub-field 00 of a merchant account
// template, checking the template's structure.
func templateGUID(field, v string) (string, error) {
	guid := ""
	for r := (reader{s: v}); !r.done(); {
		id, sub, err := r.next(field)
		if err != nil {
			return "", err
		}
		if id == 0 && guid == "" {
			guid = sub
		}
	}
	return guid, nil
}

// parseAmount reads field 54: whole đồng, digits only (the đồng's exponent
// is 0), no leading zero, not zero.
func parseAmount(v string) (fees.Money, error) {
	if len(v) > MaxAmount {
		return 0, fieldErr("54", v, ErrLength, "%d characters, more than %d", len(v), MaxAmount)
	}
	var n int64
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c == '.' {
			return 0, fieldErr("54", v, ErrValue, "amount %q has a decimal point: the đồng has no subunit", v)
		}
		if c < '0' || c > '9' {
			return 0, fieldErr("54", v, ErrCharset, "character %q at %d: want digits", c, i)
		}
		n = n*10 + int64(c-'0')
	}
	if v[0] == '0' {
		return 0, fieldErr("54", v, ErrValue, "amount %q is zero or has a leading zero", v)
	}
	return fees.Money(n), nil
}

func parseHex4(v string) (uint16, bool) {
	var x uint16
	for i := 0; i < 4; i++ {
		c := v[i]
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'A' && c <= 'F':
			c -= 'A' - 10
		case c >= 'a' && c <= 'f':
			c -= 'a' - 10
		default:
			return 0, false
		}
		x = x<<4 | uint16(c)
	}
	return x, true
}

// reader walks the data objects of a payload or template.
type reader struct {
	s   string
	pos int
}

func (r *reader) done() bool { return r.pos >= len(r.s) }

// next returns the next data object's ID and value; parent is the path of
// the template being read ("" at the root), for errors.
func (r *reader) next(parent string) (int, string, error) {
	rest := r.s[r.pos:]
	where := "payload"
	if parent != "" {
		where = "template"
	}
	if len(rest) < 4 {
		return 0, "", fieldErr(parent, rest, ErrSyntax, "%s: %d stray characters at offset %d, want an ID and a length", where, len(rest), r.pos)
	}
	id, ok1 := twoDigits(rest[0], rest[1])
	n, ok2 := twoDigits(rest[2], rest[3])
	if !ok1 || !ok2 {
		return 0, "", fieldErr(parent, rest[:4], ErrSyntax, "%s: %q at offset %d is not a two-digit ID and length", where, rest[:4], r.pos)
	}
	if n == 0 {
		return 0, "", fieldErr(join(parent, rest[:2]), "", ErrLength, "length 00: a value has 1 to 99 characters")
	}
	if 4+n > len(rest) {
		return 0, "", fieldErr(join(parent, rest[:2]), "", ErrSyntax, "length %d runs past the end of the %s (%d characters left)", n, where, len(rest)-4)
	}
	r.pos += 4 + n
	return id, rest[4 : 4+n], nil
}

// join returns the path of field id inside the template at parent.
func join(parent, id string) string {
	if parent == "" {
		return id
	}
	return parent + "." + id
}

func twoDigits(a, b byte) (int, bool) {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return 0, false
	}
	return int(a-'0')*10 + int(b-'0'), true
}

// String returns the payload's text as [Payload.Encode] does, or the
// error's text prefixed with "!" when it cannot be encoded; for logs and
// tests.
func (p Payload) String() string {
	s, err := p.Encode()
	if err != nil {
		return "!" + err.Error()
	}
	return s
}
