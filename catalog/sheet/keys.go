package sheet

import (
	"hash/maphash"
	"math/bits"
	"slices"
)

// keyTable finds a procedure by its key (code and validity, see key): an
// open-addressing hash table of procedure numbers, with the key of each
// procedure in keys, about 24 bytes a procedure where a map[string]int
// took about 40.
type keyTable struct {
	keys  []string // by procedure; "" for one without a key
	slots []int32  // 1 + procedure, 0 when empty; a power of two > 2×n
	n     int
	seed  maphash.Seed
}

// add records key k for procedure i (procedures are added in order, i
// being the number of procedures seen before), unless another procedure
// has it: then it returns that one and true.
func (t *keyTable) add(k string, i int) (first int, dup bool) {
	if j, ok := t.find(k); ok {
		return j, true
	}
	for len(t.keys) < i {
		t.keys = append(t.keys, "")
	}
	t.keys = append(t.keys, k)
	if 2*(t.n+1) >= len(t.slots) {
		t.grow()
	}
	t.insert(k, i)
	t.n++
	return 0, false
}

// find returns the procedure with key k.
func (t *keyTable) find(k string) (int, bool) {
	if len(t.slots) == 0 {
		return 0, false
	}
	mask := uint64(len(t.slots) - 1)
	for h := maphash.String(t.seed, k) & mask; t.slots[h] != 0; h = (h + 1) & mask {
		if i := int(t.slots[h] - 1); t.keys[i] == k {
			return i, true
		}
	}
	return 0, false
}

func (t *keyTable) insert(k string, i int) {
	mask := uint64(len(t.slots) - 1)
	h := maphash.String(t.seed, k) & mask
	for t.slots[h] != 0 {
		h = (h + 1) & mask
	}
	t.slots[h] = int32(i + 1)
}

// grow doubles the slots and places the keys again.
func (t *keyTable) grow() {
	if len(t.slots) == 0 {
		t.seed = maphash.MakeSeed()
	}
	t.slots = make([]int32, max(1<<bits.Len(uint(4*(t.n+1))), 16))
	for i, k := range t.keys {
		if k != "" { // keys are never empty: "" is a procedure without one
			t.insert(k, i)
		}
	}
}

// reserve makes room for n procedures' keys at once.
func (t *keyTable) reserve(n int) {
	t.keys = slices.Grow(t.keys, n)
}
