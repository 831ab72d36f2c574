package sfnt

import (
	"encoding/binary"
	"slices"
	"strings"
)

// ChecksumMagic is what a whole font's checksum must come to:
// head's checkSumAdjustment is ChecksumMagic minus the font's checksum
// with the adjustment zero.
const ChecksumMagic = 0xB1B0AFBA

// Checksum is the OpenType table checksum: the sum of big-endian 32-bit
// words, the last one zero-padded.
func Checksum(b []byte) uint32 {
	var s uint32
	for len(b) >= 4 {
		s += binary.BigEndian.Uint32(b)
		b = b[4:]
	}
	if len(b) > 0 {
		var w [4]byte
		copy(w[:], b)
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}

// Pad4 rounds n up to a multiple of four.
func Pad4(n int) int { return (n + 3) &^ 3 }

// AppendSearchHeader appends the binary-search fields OpenType puts before
// n records of size bytes: searchRange, entrySelector and rangeShift.
func AppendSearchHeader(b []byte, n, size int) []byte {
	pow, log := 1, 0
	for pow*2 <= n {
		pow *= 2
		log++
	}
	b = binary.BigEndian.AppendUint16(b, uint16(size*pow))
	b = binary.BigEndian.AppendUint16(b, uint16(log))
	return binary.BigEndian.AppendUint16(b, uint16(size*(n-pow)))
}

// DirEntry is one record of a table directory.
type DirEntry struct {
	Tag      string
	Sum      uint32 // the table's [Checksum]
	Off, Len int    // where the table is in the file, its unpadded length
}

// AppendDirectory appends a TrueType table directory of dir: the offset
// table with its search header, then the records in tag order (dir is
// sorted in place).
func AppendDirectory(out []byte, dir []DirEntry) []byte {
	slices.SortFunc(dir, func(a, b DirEntry) int { return strings.Compare(a.Tag, b.Tag) })
	out = binary.BigEndian.AppendUint32(out, 0x00010000)
	out = binary.BigEndian.AppendUint16(out, uint16(len(dir)))
	out = AppendSearchHeader(out, len(dir), 16)
	for _, e := range dir {
		out = append(out, e.Tag...)
		out = binary.BigEndian.AppendUint32(out, e.Sum)
		out = binary.BigEndian.AppendUint32(out, uint32(e.Off))
		out = binary.BigEndian.AppendUint32(out, uint32(e.Len))
	}
	return out
}

// AppendPadded appends b and zeros up to a multiple of four bytes (of
// out's length).
func AppendPadded(out, b []byte) []byte {
	out = append(out, b...)
	for len(out)%4 != 0 {
		out = append(out, 0)
	}
	return out
}

// Write lays out a TrueType file of tables (by their 4-byte tags): the
// directory, then each table in tag order padded to four bytes, with
// checksums and, when there is a head table of 12 bytes or more, its
// checkSumAdjustment (which must be zero in tables["head"]; Write sets it
// in the output only).
func Write(tables map[string][]byte) []byte {
	dir := make([]DirEntry, 0, len(tables))
	for t, b := range tables {
		dir = append(dir, DirEntry{Tag: t, Sum: Checksum(b), Len: len(b)})
	}
	slices.SortFunc(dir, func(a, b DirEntry) int { return strings.Compare(a.Tag, b.Tag) })
	off := 12 + 16*len(dir)
	headAt := -1
	for i := range dir {
		dir[i].Off = off
		if dir[i].Tag == "head" && dir[i].Len >= 12 {
			headAt = off
		}
		off += Pad4(dir[i].Len)
	}
	out := make([]byte, 0, off)
	out = AppendDirectory(out, dir)
	for _, e := range dir {
		out = AppendPadded(out, tables[e.Tag])
	}
	if headAt >= 0 {
		binary.BigEndian.PutUint32(out[headAt+8:], ChecksumMagic-Checksum(out))
	}
	return out
}
