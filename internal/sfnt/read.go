package sfnt

import "encoding/binary"

// U16 returns the big-endian uint16 at off in b; false when it lies
// outside b.
func U16(b []byte, off int) (int, bool) {
	if off < 0 || off > len(b)-2 {
		return 0, false
	}
	return int(binary.BigEndian.Uint16(b[off:])), true
}

// I16 returns the big-endian int16 at off in b; false when it lies
// outside b.
func I16(b []byte, off int) (int, bool) {
	v, ok := U16(b, off)
	return int(int16(v)), ok
}

// U32 returns the big-endian uint32 at off in b; false when it lies
// outside b.
func U32(b []byte, off int) (uint32, bool) {
	if off < 0 || off > len(b)-4 {
		return 0, false
	}
	return binary.BigEndian.Uint32(b[off:]), true
}
