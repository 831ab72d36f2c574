package catalog

import (
	"hash/maphash"
	"math/bits"
	"sort"
)

// codeIndex finds the versions of a code in a catalogue's records, which
// are sorted by code: an open-addressing hash table of 32-bit numbers over
// the distinct codes, 12 bytes or less per code where a map[string]span
// and a sorted []string of the codes took about 60.
type codeIndex struct {
	// start[k] is the index in the records of the first version of the
	// k-th distinct code, in code order; start[len(start)-1] is the
	// number of records.
	start []int32
	// slots hold 1 + k for the k-th code at the slot of its hash (or the
	// next free one), 0 when empty; their number is a power of two at
	// least twice the codes', so probes are short.
	slots []uint32
	seed  maphash.Seed
}

// newCodeIndex indexes the codes of procs, sorted by code.
func newCodeIndex(procs []record) codeIndex {
	var ix codeIndex
	for lo := 0; lo < len(procs); {
		hi := lo + 1
		for hi < len(procs) && procs[hi].code == procs[lo].code {
			hi++
		}
		ix.start = append(ix.start, int32(lo))
		lo = hi
	}
	ix.start = append(ix.start, int32(len(procs)))
	codes := len(ix.start) - 1
	size := 1 << bits.Len(uint(2*codes)) // > 2×codes, a power of two
	ix.slots = make([]uint32, size)
	ix.seed = maphash.MakeSeed()
	mask := uint64(size - 1)
	for k := range codes {
		h := maphash.String(ix.seed, procs[ix.start[k]].code) & mask
		for ix.slots[h] != 0 {
			h = (h + 1) & mask
		}
		ix.slots[h] = uint32(k + 1)
	}
	return ix
}

// len returns the number of distinct codes.
func (ix *codeIndex) len() int { return max(len(ix.start)-1, 0) }

// span returns the range of the records of the k-th code.
func (ix *codeIndex) span(k int) (lo, hi int) { return int(ix.start[k]), int(ix.start[k+1]) }

// code returns the k-th code.
func (ix *codeIndex) code(procs []record, k int) string { return procs[ix.start[k]].code }

// lookup returns the range of the records of code, and false when no
// record has it.
func (ix *codeIndex) lookup(procs []record, code string) (lo, hi int, ok bool) {
	if len(ix.slots) == 0 {
		return 0, 0, false
	}
	mask := uint64(len(ix.slots) - 1)
	for h := maphash.String(ix.seed, code) & mask; ix.slots[h] != 0; h = (h + 1) & mask {
		k := int(ix.slots[h] - 1)
		if procs[ix.start[k]].code == code {
			lo, hi = ix.span(k)
			return lo, hi, true
		}
	}
	return 0, 0, false
}

// search returns the position of the first code not less than s.
func (ix *codeIndex) search(procs []record, s string) int {
	return sort.Search(ix.len(), func(k int) bool { return ix.code(procs, k) >= s })
}
