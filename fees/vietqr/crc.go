package vietqr

// crcTable is the table of CRC-16/CCITT-FALSE (polynomial 0x1021, initial
// value 0xFFFF, no reflection, no final XOR), the checksum EMVCo's
// merchant-presented QR specification names after ISO/IEC 13239.
var crcTable = func() (t [256]uint16) {
	for i := range t {
		c := uint16(i) << 8
		for range 8 {
			if c&0x8000 != 0 {
				c = c<<1 ^ 0x1021
			} else {
				c <<= 1
			}
		}
		t[i] = c
	}
	return t
}()

// CRC returns the CRC-16/CCITT-FALSE of b. A payload's field 63 is the CRC
// of everything before its value, "6304" included, written as four
// upper-case hexadecimal digits.
func CRC(b []byte) uint16 {
	c := uint16(0xFFFF)
	for _, x := range b {
		c = c<<8 ^ crcTable[byte(c>>8)^x]
	}
	return c
}

func crcString(s string) uint16 {
	c := uint16(0xFFFF)
	for i := 0; i < len(s); i++ {
		c = c<<8 ^ crcTable[byte(c>>8)^s[i]]
	}
	return c
}

const hexDigits = "0123456789ABCDEF"

func appendHex4(b []byte, v uint16) []byte {
	return append(b, hexDigits[v>>12], hexDigits[v>>8&0xF], hexDigits[v>>4&0xF], hexDigits[v&0xF])
}
