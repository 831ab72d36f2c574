package signing

import (
	"bytes"
	"encoding/hex"
	"slices"
	"strconv"
	"time"
	"unicode/utf16"
)

// writeValue serialises a PDF value. Dictionary keys are written sorted so
// the output is deterministic. Strings are written in hexadecimal, which is
// lossless and needs no escaping.
func writeValue(b *bytes.Buffer, v any) {
	switch t := v.(type) {
	case nil:
		b.WriteString("null")
	case bool:
		if t {
			b.WriteString("true")
		} else {
			b.WriteString("false")
		}
	case int64:
		b.Write(strconv.AppendInt(b.AvailableBuffer(), t, 10))
	case int:
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(t), 10))
	case pdfReal:
		b.WriteString(strconv.FormatFloat(float64(t), 'f', -1, 64))
	case pdfName:
		writeName(b, t)
	case pdfString:
		b.WriteByte('<')
		b.Write(hex.AppendEncode(b.AvailableBuffer(), []byte(t)))
		b.WriteByte('>')
	case rawText:
		b.WriteString(string(t))
	case pdfRef:
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(t.Num), 10))
		b.WriteByte(' ')
		b.Write(strconv.AppendInt(b.AvailableBuffer(), int64(t.Gen), 10))
		b.WriteString(" R")
	case pdfArray:
		b.WriteByte('[')
		for i, e := range t {
			if i > 0 {
				b.WriteByte(' ')
			}
			writeValue(b, e)
		}
		b.WriteByte(']')
	case pdfDict:
		keys := make([]pdfName, 0, len(t))
		for k := range t {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteString("<<")
		for _, k := range keys {
			writeName(b, k)
			b.WriteByte(' ')
			writeValue(b, t[k])
			b.WriteByte('\n')
		}
		b.WriteString(">>")
	default:
		// Streams are never written as values; the writer never builds
		// other types.
		b.WriteString("null")
	}
}

// rawText is pre-serialised PDF syntax written as is.
type rawText string

func writeName(b *bytes.Buffer, n pdfName) {
	b.WriteByte('/')
	for i := 0; i < len(n); i++ {
		c := n[i]
		if c < 0x21 || c > 0x7E || c == '#' || isDelim(c) {
			b.WriteByte('#')
			b.WriteString(hex.EncodeToString([]byte{c}))
			continue
		}
		b.WriteByte(c)
	}
}

// encodeText encodes s as a PDF text string. Printable ASCII stays readable
// (a literal string with "(", ")" and "\" escaped); anything else is UTF-16BE
// with a byte-order mark, written in hexadecimal so no byte of it can end the
// string early.
func encodeText(s string) rawText {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7E {
			ascii = false
			break
		}
	}
	var b bytes.Buffer
	if ascii {
		b.WriteByte('(')
		for i := 0; i < len(s); i++ {
			switch s[i] {
			case '(', ')', '\\':
				b.WriteByte('\\')
			}
			b.WriteByte(s[i])
		}
		b.WriteByte(')')
		return rawText(b.String())
	}
	u := utf16.Encode([]rune(s))
	raw := make([]byte, 2, 2+2*len(u))
	raw[0], raw[1] = 0xFE, 0xFF
	for _, c := range u {
		raw = append(raw, byte(c>>8), byte(c))
	}
	b.WriteByte('<')
	b.WriteString(hex.EncodeToString(raw))
	b.WriteByte('>')
	return rawText(b.String())
}

// pdfDate formats t as a PDF date string: (D:YYYYMMDDHHmmSS+HH'mm').
func pdfDate(t time.Time) rawText {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign = '-'
		off = -off
	}
	s := "(D:" + t.Format("20060102150405") + string(sign) +
		pad2(off/3600) + "'" + pad2(off%3600/60) + "')"
	return rawText(s)
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
