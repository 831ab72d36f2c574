package signing

import (
	"cmp"
	"slices"
)

// A file's merged cross-reference is a table of compact rows sorted by
// object number, one per number listed: the hostile upload of issue #18
// lists 1,000,000 objects, for which a map of entries and each section's
// list of numbers kept 125 bytes an object; a row is 24, and says which
// section gave it. A number is looked for where it would lie if the
// numbers ran without gaps from the first (what writers write), then by
// binary search.

// xrefRow is one row of a merged cross-reference: an object number, the
// section whose entry it is (its index in pdfFile.sections, newest
// first) and the entry, packed in a and b (see pack).
type xrefRow struct {
	num uint32 // below 1<<31: the readers refuse larger numbers
	sec uint32
	a   int64 // type 1: the offset (> 0); type 0: 0; type 2: -1 - the stream's number
	b   int64 // types 0 and 1: the generation; type 2: the index in the stream
}

// pack returns e as a row of number num and section sec. A type 1 entry
// has an offset above zero (the readers make an entry that points at or
// before the file's first byte a free one), a type 2 entry a stream
// number and an index within [0, 1<<31], as the readers check; type 0
// keeps only its generation.
func pack(num, sec int, e xrefEntry) xrefRow {
	r := xrefRow{num: uint32(num), sec: uint32(sec)}
	switch e.Type {
	case 1:
		r.a, r.b = e.Offset, int64(e.Gen)
	case 2:
		r.a, r.b = -1-int64(e.Stream), int64(e.Index)
	default:
		r.b = int64(e.Gen)
	}
	return r
}

// entry returns the entry the row holds.
func (r xrefRow) entry() xrefEntry {
	switch {
	case r.a > 0:
		return xrefEntry{Type: 1, Offset: r.a, Gen: int(r.b)}
	case r.a < 0:
		return xrefEntry{Type: 2, Stream: int(-1 - r.a), Index: int(r.b)}
	}
	return xrefEntry{Gen: int(r.b)}
}

// xrefTable is a file's merged cross-reference: for each object number
// listed, the entry of the newest section that lists it. An extended
// file's table (see extend) is the rows its update adds over its input's
// table, which it shares.
type xrefTable struct {
	rows  []xrefRow  // sorted by number, one per number
	under *xrefTable // the input's table under rows, or nil
	shift int        // what under's section indexes are in this file: the sections added
	n     int        // the numbers listed in rows and under together
}

// find returns the row of number num.
func (t *xrefTable) find(num int) (xrefRow, bool) {
	if r, ok := search(t.rows, num); ok {
		return r, true
	}
	if t.under == nil {
		return xrefRow{}, false
	}
	r, ok := t.under.find(num)
	r.sec += uint32(t.shift)
	return r, ok
}

// search looks for num in rows, sorted by number.
func search(rows []xrefRow, num int) (xrefRow, bool) {
	if len(rows) == 0 || num < int(rows[0].num) || num > int(rows[len(rows)-1].num) {
		return xrefRow{}, false
	}
	if i := num - int(rows[0].num); i < len(rows) && int(rows[i].num) == num {
		return rows[i], true
	}
	i, ok := slices.BinarySearchFunc(rows, num, func(r xrefRow, n int) int { return cmp.Compare(int(r.num), n) })
	if !ok {
		return xrefRow{}, false
	}
	return rows[i], true
}

// get returns the entry of number num and whether the table lists it.
func (t *xrefTable) get(num int) (xrefEntry, bool) {
	r, ok := t.find(num)
	if !ok {
		return xrefEntry{}, false
	}
	return r.entry(), true
}

// len returns how many numbers the table lists.
func (t *xrefTable) len() int { return t.n }

// maxNum returns the largest number listed, or -1.
func (t *xrefTable) maxNum() int {
	m := -1
	for ; t != nil; t = t.under {
		if len(t.rows) > 0 {
			m = max(m, int(t.rows[len(t.rows)-1].num))
		}
	}
	return m
}

// all yields the table's rows in number order, each number once (an
// extended file's own row over its input's), with the section indexes of
// this file.
func (t *xrefTable) all(yield func(xrefRow) bool) {
	if t.under == nil {
		for _, r := range t.rows {
			if !yield(r) {
				return
			}
		}
		return
	}
	rows := t.rows
	for r := range t.under.all {
		for len(rows) > 0 && rows[0].num < r.num {
			if !yield(rows[0]) {
				return
			}
			rows = rows[1:]
		}
		if len(rows) > 0 && rows[0].num == r.num {
			r = rows[0] // listed again above
			rows = rows[1:]
		} else {
			r.sec += uint32(t.shift)
		}
		if !yield(r) {
			return
		}
	}
	for _, r := range rows {
		if !yield(r) {
			return
		}
	}
}

// xrefBuilder merges the cross-reference sections of a file, read newest
// first, into a table: the first entry of a number counts (that of the
// newest section, and of a section the first it lists), as readers do.
// Rows are kept for first entries only, each section's in a run of its
// own, sorted and merged at the end.
type xrefBuilder struct {
	rows []xrefRow
	// seen holds the numbers of rows; nil while every number came
	// larger than the one before (one section listing its objects in
	// order: nothing can be listed twice).
	seen   map[uint32]struct{}
	starts []int // where each section's run starts in rows
}

// section starts the rows of the next section.
func (b *xrefBuilder) section() { b.starts = append(b.starts, len(b.rows)) }

// grow makes room for the n entries a section says it lists next, but
// for no more than room+1 of them (reading stops one entry past a limit
// with room left), nor more than maxGrow: past that, rows are appended.
func (b *xrefBuilder) grow(n int64, room int) {
	if int64(room) < n {
		n = int64(room) + 1
	}
	b.rows = slices.Grow(b.rows, int(min(max(n, 0), maxGrow)))
}

// maxGrow is the most rows grow makes room for at once.
const maxGrow = 1 << 24

// add lists entry e of number num in the current section, unless a
// newer section or this one listed num already.
func (b *xrefBuilder) add(num int, e xrefEntry) {
	n := uint32(num)
	if b.seen == nil {
		if len(b.rows) == 0 || n > b.rows[len(b.rows)-1].num {
			b.rows = append(b.rows, pack(num, len(b.starts)-1, e))
			return
		}
		b.seen = make(map[uint32]struct{}, len(b.rows))
		for _, r := range b.rows {
			b.seen[r.num] = struct{}{}
		}
	}
	if _, dup := b.seen[n]; dup {
		return
	}
	b.seen[n] = struct{}{}
	b.rows = append(b.rows, pack(num, len(b.starts)-1, e))
}

// len returns the numbers listed so far.
func (b *xrefBuilder) len() int { return len(b.rows) }

// table sorts the rows by number and returns the table, looking at bud's
// context between steps of at most a few milliseconds; the builder is
// spent. Each section's run that is not in order is sorted in chunks of
// sortChunk rows, each a run of its own; then adjacent runs are merged
// pairwise until one is left, each row moving once a round.
func (b *xrefBuilder) table(bud *budget) (xrefTable, error) {
	b.seen = nil
	byNum := func(x, y xrefRow) int { return cmp.Compare(x.num, y.num) }
	var starts []int // the runs, sorted each
	for i, s := range b.starts {
		end := len(b.rows)
		if i+1 < len(b.starts) {
			end = b.starts[i+1]
		}
		if slices.IsSortedFunc(b.rows[s:end], byNum) {
			starts = append(starts, s)
			continue
		}
		for c := s; c < end; c += sortChunk {
			slices.SortFunc(b.rows[c:min(c+sortChunk, end)], byNum)
			starts = append(starts, c)
			if err := bud.check(); err != nil {
				return xrefTable{}, err
			}
		}
	}
	var tmp []xrefRow
	for len(starts) > 1 {
		next := make([]int, 0, (len(starts)+1)/2)
		for i := 0; i < len(starts); i += 2 {
			next = append(next, starts[i])
			if i+1 == len(starts) {
				continue
			}
			end := len(b.rows)
			if i+2 < len(starts) {
				end = starts[i+2]
			}
			tmp = mergeRuns(b.rows[starts[i]:end], starts[i+1]-starts[i], tmp)
			if err := bud.check(); err != nil {
				return xrefTable{}, err
			}
		}
		starts = next
	}
	rows := b.rows
	b.rows, b.starts = nil, nil
	return xrefTable{rows: rows, n: len(rows)}, nil
}

// sortChunk is the most rows table sorts between two looks at the
// context (about 5 ms).
const sortChunk = 1 << 16

// mergeRuns sorts s, whose first m rows and the rest are each sorted by
// number, no number in both, through tmp (returned, maybe grown), which
// takes a copy of the shorter run.
func mergeRuns(s []xrefRow, m int, tmp []xrefRow) []xrefRow {
	if m == 0 || m == len(s) || s[m-1].num < s[m].num {
		return tmp
	}
	if m <= len(s)-m {
		// The left run aside, merged from the front.
		tmp = append(tmp[:0], s[:m]...)
		i, j, k := 0, m, 0
		for i < len(tmp) && j < len(s) {
			if tmp[i].num < s[j].num {
				s[k] = tmp[i]
				i++
			} else {
				s[k] = s[j]
				j++
			}
			k++
		}
		copy(s[k:], tmp[i:])
		return tmp
	}
	// The right run aside, merged from the back.
	tmp = append(tmp[:0], s[m:]...)
	i, j, k := m-1, len(tmp)-1, len(s)-1
	for i >= 0 && j >= 0 {
		if s[i].num > tmp[j].num {
			s[k] = s[i]
			i--
		} else {
			s[k] = tmp[j]
			j--
		}
		k--
	}
	copy(s[:j+1], tmp[:j+1])
	return tmp
}
