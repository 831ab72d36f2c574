package vietqr

import (
	"strconv"

	"github.com/motcua/motcua/fees"
)

// MaxPayload is the longest payload in characters, EMVCo's limit for a
// merchant-presented QR code.
const MaxPayload = 512

// GUID is the globally unique identifier of NAPAS's VietQR template (field
// 38.00), an application identifier registered to NAPAS.
const GUID = "A000000727"

// Field length limits, in characters, from EMVCo's merchant-presented QR
// specification and NAPAS's VietQR profile of it.
const (
	MaxAccount    = 19 // 38.01.01: account or card number
	MaxName       = 25 // 59: merchant (beneficiary) name
	MaxCity       = 15 // 60: merchant city
	MaxPostalCode = 10 // 61
	MaxText       = 25 // 62.01, 62.05, 62.07, 62.08: each additional data field
	MaxAmount     = 13 // 54: digits of the amount
	maxTemplate   = 99 // any data object's value
)

// Payload is a VietQR payment request: NAPAS's profile of EMVCo's
// merchant-presented QR code for interbank 24/7 transfers. The zero value
// of each optional field leaves the field out.
//
// Text fields are EMVCo "ans": printable ASCII (space to tilde), which is
// what banks carry in a transfer's content. Vietnamese text must be folded
// first: [ASCII] removes the diacritics the way banking apps do ("Nộp lệ
// phí" becomes "Nop le phi"); [Payload.Encode] rejects any other character
// with an error wrapping [ErrCharset] rather than changing the text behind
// the caller's back.
type Payload struct {
	// Initiation is field 01, static or dynamic; see [Initiation].
	Initiation Initiation `json:"initiation,omitzero"`
	// BIN is field 38.01.00, the six-digit bank identification number of
	// the beneficiary's bank (acquirer ID); see [LookupBank].
	BIN string `json:"bin"`
	// Account is field 38.01.01, the beneficiary's account number (or card
	// number for [ToCard]): 1 to 19 ASCII letters or digits.
	Account string `json:"account"`
	// Service is field 38.02, QRIBFTTA (to an account) or QRIBFTTC (to a
	// card); zero means [ToAccount].
	Service Service `json:"service,omitzero"`
	// Category is field 52, the four-digit merchant category code (ISO
	// 18245), optional.
	Category string `json:"category,omitempty"`
	// Amount is field 54 in whole đồng (the currency's exponent is 0: no
	// decimal point); zero leaves it out and the payer types the amount.
	Amount fees.Money `json:"amount,omitempty"`
	// Name is field 59, the beneficiary's name, optional (banks show the
	// account holder's name from their own records).
	Name string `json:"name,omitempty"`
	// City is field 60, optional.
	City string `json:"city,omitempty"`
	// PostalCode is field 61, optional.
	PostalCode string `json:"postalCode,omitempty"`
	// BillNumber is field 62.01, optional.
	BillNumber string `json:"billNumber,omitempty"`
	// Reference is field 62.05, the reference label, optional.
	Reference string `json:"reference,omitempty"`
	// Terminal is field 62.07, the terminal label (a counter's number),
	// optional.
	Terminal string `json:"terminal,omitempty"`
	// Purpose is field 62.08, the purpose of transaction, which banking
	// apps put in the transfer's content: the dossier code, for a fee.
	Purpose string `json:"purpose,omitempty"`
}

// Encode returns the payload text to put in a QR code, ending with its
// CRC. A field that breaks the specification is a [*FieldError] naming it
// and wrapping [ErrMissing], [ErrLength], [ErrCharset] or [ErrValue].
func (p *Payload) Encode() (string, error) {
	var buf [MaxPayload]byte
	b, err := p.AppendEncode(buf[:0])
	if err != nil {
		return "", err
	}
	return string(b), nil
}

// AppendEncode appends the payload text, as [Payload.Encode] returns it,
// to dst. On error dst is returned unchanged.
func (p *Payload) AppendEncode(dst []byte) ([]byte, error) {
	if err := p.check(); err != nil {
		return dst, err
	}
	start := len(dst)
	b := append(dst, "000201"...)
	init := p.Initiation
	if init == InitiationUnknown {
		init = Static
		if p.Amount > 0 {
			init = Dynamic
		}
	}
	if init == Dynamic {
		b = append(b, "010212"...)
	} else {
		b = append(b, "010211"...)
	}
	service := p.Service
	if service == ServiceUnknown {
		service = ToAccount
	}
	beneficiary := 4 + len(p.BIN) + 4 + len(p.Account)
	b = appendLen(append(b, "38"...), 4+len(GUID)+4+beneficiary+4+8)
	b = append(b, "0010"+GUID...)
	b = appendLen(append(b, "01"...), beneficiary)
	b = appendField(b, "00", p.BIN)
	b = appendField(b, "01", p.Account)
	b = appendField(b, "02", service.Code())
	if p.Category != "" {
		b = appendField(b, "52", p.Category)
	}
	b = append(b, "5303704"...)
	if p.Amount > 0 {
		var num [20]byte
		b = appendField(b, "54", string(strconv.AppendInt(num[:0], int64(p.Amount), 10)))
	}
	b = append(b, "5802VN"...)
	if p.Name != "" {
		b = appendField(b, "59", p.Name)
	}
	if p.City != "" {
		b = appendField(b, "60", p.City)
	}
	if p.PostalCode != "" {
		b = appendField(b, "61", p.PostalCode)
	}
	if n := p.additionalLen(); n > 0 {
		b = appendLen(append(b, "62"...), n)
		b = appendOptional(b, "01", p.BillNumber)
		b = appendOptional(b, "05", p.Reference)
		b = appendOptional(b, "07", p.Terminal)
		b = appendOptional(b, "08", p.Purpose)
	}
	b = append(b, "6304"...)
	return appendHex4(b, CRC(b[start:])), nil
}

// additionalLen is the length of template 62's value.
func (p *Payload) additionalLen() int {
	n := 0
	for _, s := range [...]string{p.BillNumber, p.Reference, p.Terminal, p.Purpose} {
		if s != "" {
			n += 4 + len(s)
		}
	}
	return n
}

// check validates every field before anything is written.
func (p *Payload) check() error {
	if p.Initiation < InitiationUnknown || p.Initiation > Dynamic {
		return fieldErr("01", "", ErrValue, "initiation %d is neither static nor dynamic", int(p.Initiation))
	}
	if p.Service < ServiceUnknown || p.Service > ToCard {
		return fieldErr("38.02", "", ErrValue, "service %d is neither account nor card", int(p.Service))
	}
	if err := checkBIN(p.BIN); err != nil {
		return err
	}
	if err := checkAccount(p.Account, p.Service); err != nil {
		return err
	}
	if p.Category != "" {
		if err := checkDigits("52", p.Category, 4, 4); err != nil {
			return err
		}
	}
	if p.Amount < 0 {
		return fieldErr("54", strconv.FormatInt(int64(p.Amount), 10), ErrValue, "amount is negative")
	}
	if p.Amount > 9_999_999_999_999 {
		return fieldErr("54", strconv.FormatInt(int64(p.Amount), 10), ErrLength, "amount has more than %d digits", MaxAmount)
	}
	texts := [...]struct {
		field, value string
		max          int
	}{
		{"59", p.Name, MaxName}, {"60", p.City, MaxCity}, {"61", p.PostalCode, MaxPostalCode},
		{"62.01", p.BillNumber, MaxText}, {"62.05", p.Reference, MaxText},
		{"62.07", p.Terminal, MaxText}, {"62.08", p.Purpose, MaxText},
	}
	for _, t := range texts {
		if err := checkText(t.field, t.value, t.max); err != nil {
			return err
		}
	}
	if n := p.additionalLen(); n > maxTemplate {
		return fieldErr("62", "", ErrLength, "additional data take %d characters, more than %d", n, maxTemplate)
	}
	return nil
}

func checkBIN(bin string) error {
	if bin == "" {
		return fieldErr("38.01.00", "", ErrMissing, "no bank BIN")
	}
	return checkDigits("38.01.00", bin, 6, 6)
}

func checkAccount(acct string, s Service) error {
	const field = "38.01.01"
	if acct == "" {
		return fieldErr(field, "", ErrMissing, "no account or card number")
	}
	if len(acct) > MaxAccount {
		return fieldErr(field, acct, ErrLength, "%d characters, more than %d", len(acct), MaxAccount)
	}
	if s == ToCard {
		return checkDigits(field, acct, 1, MaxAccount)
	}
	for i := 0; i < len(acct); i++ {
		c := acct[i]
		if !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return fieldErr(field, acct, ErrCharset, "character %q at %d: an account number has letters and digits only", c, i)
		}
	}
	return nil
}

func checkDigits(field, s string, lo, hi int) error {
	if len(s) < lo || len(s) > hi {
		if lo == hi {
			return fieldErr(field, s, ErrLength, "%d characters, want %d digits", len(s), lo)
		}
		return fieldErr(field, s, ErrLength, "%d characters, want %d to %d digits", len(s), lo, hi)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return fieldErr(field, s, ErrCharset, "character %q at %d: want digits", s[i], i)
		}
	}
	return nil
}

// checkText checks an optional "ans" field: printable ASCII, at most max.
func checkText(field, s string, max int) error {
	if len(s) > max {
		return fieldErr(field, s, ErrLength, "%d characters, more than %d", len(s), max)
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			return fieldErr(field, s, ErrCharset, "byte %#x at %d: only printable ASCII is allowed (fold Vietnamese with vietqr.ASCII)", s[i], i)
		}
	}
	return nil
}

func appendLen(b []byte, n int) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}

func appendField(b []byte, id, value string) []byte {
	b = append(b, id...)
	b = appendLen(b, len(value))
	return append(b, value...)
}

func appendOptional(b []byte, id, value string) []byte {
	if value == "" {
		return b
	}
	return appendField(b, id, value)
}
