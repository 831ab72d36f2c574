package sfnt

import (
	"encoding/binary"
	"unicode/utf16"
)

// PostScriptName returns the first PostScript name (name ID 6) of the name
// table t that, reduced to the characters keep accepts, has 1 to 63 of
// them. Records of platforms 0 and 3 are UTF-16BE, of platform 1 single
// bytes; others are skipped.
func PostScriptName(t []byte, keep func(rune) bool) (string, bool) {
	n, _ := U16(t, 2)
	strs, _ := U16(t, 4)
	var units []uint16
	var clean []byte
	for i := range n {
		rec := 6 + 12*i
		pid, ok1 := U16(t, rec)
		nid, ok2 := U16(t, rec+6)
		ln, ok3 := U16(t, rec+8)
		off, ok4 := U16(t, rec+10)
		start := strs + off
		if !ok1 || !ok2 || !ok3 || !ok4 || nid != 6 || start+ln > len(t) {
			continue
		}
		raw := t[start : start+ln]
		clean = clean[:0]
		switch pid {
		case 0, 3: // UTF-16BE
			units = units[:0]
			for j := 0; j+1 < len(raw); j += 2 {
				units = append(units, binary.BigEndian.Uint16(raw[j:]))
			}
			for _, r := range utf16.Decode(units) {
				if r < 0x80 && keep(r) {
					clean = append(clean, byte(r))
				}
			}
		case 1: // Mac Roman: ASCII is enough for a PostScript name
			for _, c := range raw {
				if c < 0x80 && keep(rune(c)) {
					clean = append(clean, c)
				}
			}
		}
		if len(clean) > 0 && len(clean) <= 63 {
			return string(clean), true
		}
	}
	return "", false
}
