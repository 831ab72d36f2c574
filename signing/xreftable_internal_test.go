package signing

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// numEntry is an object number and its entry, as a test lists them.
type numEntry struct {
	num int
	e   xrefEntry
}

// tableEntries lists t's entries in number order.
func tableEntries(t *xrefTable) []numEntry {
	var out []numEntry
	for r := range t.all {
		out = append(out, numEntry{int(r.num), r.entry()})
	}
	return out
}

// listing is one section's entries in the order it lists them.
type listing []numEntry

// mapMerge is what openPDF did before the table: a map filled newest
// section first, the first entry of a number kept; section says which
// section's entry each number holds.
func mapMerge(sections []listing) (entries map[int]xrefEntry, section map[int]int) {
	entries, section = map[int]xrefEntry{}, map[int]int{}
	for i, s := range sections {
		for _, p := range s {
			if _, ok := entries[p.num]; !ok {
				entries[p.num], section[p.num] = p.e, i
			}
		}
	}
	return entries, section
}

// build merges sections through an xrefBuilder.
func build(t *testing.T, sections []listing) xrefTable {
	t.Helper()
	var x xrefBuilder
	for _, s := range sections {
		x.section()
		for _, p := range s {
			x.add(p.num, p.e)
		}
	}
	tab, err := x.table(defaultBudget())
	require.NoError(t, err)
	return tab
}

// checkTable holds tab to the map merge of sections: every number, its
// entry and section, the count, the largest number, the order.
func checkTable(t *testing.T, tab *xrefTable, sections []listing) {
	t.Helper()
	entries, section := mapMerge(sections)
	require.Equal(t, len(entries), tab.len())
	var nums []int
	for r := range tab.all {
		nums = append(nums, int(r.num))
		require.Equal(t, entries[int(r.num)], r.entry(), "number %d", r.num)
		require.Equal(t, section[int(r.num)], int(r.sec), "section of number %d", r.num)
	}
	require.Len(t, nums, len(entries))
	require.True(t, slices.IsSorted(nums), "in number order")
	top := -1
	for n, e := range entries {
		got, ok := tab.get(n)
		require.True(t, ok, "number %d", n)
		require.Equal(t, e, got, "number %d", n)
		top = max(top, n)
	}
	assert.Equal(t, top, tab.maxNum())
	for n := 0; n <= min(top, 5000); n++ {
		_, listed := entries[n]
		_, ok := tab.get(n)
		require.Equal(t, listed, ok, "number %d", n)
	}
	for _, n := range []int{-1, top + 1, top + 1000, 1<<31 - 1, 3, 1 << 20} {
		if _, listed := entries[n]; listed {
			continue
		}
		_, ok := tab.get(n)
		assert.False(t, ok, "number %d is not listed", n)
	}
}

// randomEntry is an entry of any type.
func randomEntry(r *rand.Rand) xrefEntry {
	switch r.IntN(3) {
	case 0:
		return xrefEntry{Gen: r.IntN(70000)}
	case 1:
		return xrefEntry{Type: 1, Offset: 1 + r.Int64N(1<<40), Gen: r.IntN(70000)}
	}
	return xrefEntry{Type: 2, Stream: r.IntN(1<<31 + 1), Index: r.IntN(1<<31 + 1)}
}

func TestXrefTableMergesAsTheMapDid(t *testing.T) {
	seq := func(first, n int, e func(int) xrefEntry) listing {
		var l listing
		for i := range n {
			l = append(l, numEntry{first + i, e(i)})
		}
		return l
	}
	at := func(off int64) func(int) xrefEntry {
		return func(i int) xrefEntry { return xrefEntry{Type: 1, Offset: off + int64(i)} }
	}
	r := rand.New(rand.NewPCG(18, 1))
	random := func(sections, n, spread int) []listing {
		out := make([]listing, sections)
		for i := range out {
			for range r.IntN(n + 1) {
				out[i] = append(out[i], numEntry{r.IntN(spread), randomEntry(r)})
			}
		}
		return out
	}
	reversed := seq(0, 300, at(100))
	slices.Reverse(reversed)
	tests := []struct {
		name     string
		sections []listing
	}{
		{"none", nil},
		{"one empty section", []listing{{}}},
		{"one section in order", []listing{seq(0, 50, at(10))}},
		{"an update over the original", []listing{seq(46, 1000, at(5000)), seq(36, 10, at(3000)), append(seq(0, 40, at(10)), numEntry{1, xrefEntry{Type: 1, Offset: 99}})}},
		{"the update re-lists low numbers", []listing{append(seq(40, 5, at(900)), numEntry{1, xrefEntry{Type: 1, Offset: 800}}, numEntry{3, xrefEntry{Type: 1, Offset: 850}}), seq(0, 40, at(10))}},
		{"a number listed twice in a section", []listing{{{5, xrefEntry{Type: 1, Offset: 10}}, {5, xrefEntry{Type: 1, Offset: 20}}, {4, xrefEntry{}}}, {{5, xrefEntry{Type: 1, Offset: 30}}}}},
		{"a section in reverse order", []listing{reversed, seq(0, 400, at(9000))}},
		{"empty sections between", []listing{{}, seq(10, 5, at(10)), {}, {}, seq(0, 20, at(100)), {}}},
		{"sparse numbers", []listing{{{1<<31 - 1, xrefEntry{Type: 1, Offset: 7}}, {0, xrefEntry{Gen: 65535}}, {1 << 20, xrefEntry{Type: 2, Stream: 1 << 31, Index: 1 << 31}}}}},
		{"random, few numbers", random(7, 60, 80)},
		{"random, many sections", random(40, 30, 500)},
		{"random, spread", random(5, 200, 1<<31)},
		{"random, one large section", random(1, 5000, 3000)},
		{"random, sections larger than a sort chunk", random(2, 3*sortChunk, 1<<20)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tab := build(t, tc.sections)
			checkTable(t, &tab, tc.sections)
		})
	}
}

// An extended file's table, the update's rows over its input's, reads
// as the table of all the sections merged.
func TestXrefTableUnder(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 2))
	for i := range 20 {
		input := make([]listing, 1+r.IntN(3))
		for j := range input {
			for range r.IntN(100) {
				input[j] = append(input[j], numEntry{r.IntN(150), randomEntry(r)})
			}
		}
		update := make([]listing, 1+r.IntN(2))
		for j := range update {
			for range r.IntN(20) {
				update[j] = append(update[j], numEntry{r.IntN(200), randomEntry(r)})
			}
		}
		base, added := build(t, input), build(t, update)
		tab := xrefTable{rows: added.rows, under: &base, shift: len(update), n: base.len()}
		for _, row := range added.rows {
			if _, ok := base.find(int(row.num)); !ok {
				tab.n++
			}
		}
		all := append(slices.Clone(update), input...)
		t.Run("", func(t *testing.T) {
			checkTable(t, &tab, all)
			for n, sec := range func() map[int]int { _, s := mapMerge(all); return s }() {
				row, ok := tab.find(n)
				require.True(t, ok)
				require.Equal(t, sec, int(row.sec), "case %d, number %d", i, n)
			}
		})
	}
}

// Every entry the readers make survives the row's packing.
func TestXrefRowPacking(t *testing.T) {
	for _, e := range []xrefEntry{
		{}, {Gen: 65535}, {Gen: 99999},
		{Type: 1, Offset: 1}, {Type: 1, Offset: 1<<63 - 1, Gen: 65535}, {Type: 1, Offset: 17, Gen: -1}, {Type: 1, Offset: 17, Gen: 1<<62 + 3},
		{Type: 2}, {Type: 2, Stream: 1 << 31, Index: 1 << 31}, {Type: 2, Stream: 7, Index: 3},
	} {
		assert.Equal(t, e, pack(1, 0, e).entry(), "%+v", e)
	}
}

// Sorting a large section out of order looks at the context.
func TestXrefTableContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	b, err := newBudget(ctx, Limits{})
	require.NoError(t, err)
	var x xrefBuilder
	x.section()
	for i := range 1000 {
		x.add(1000-i, xrefEntry{Type: 1, Offset: 10})
	}
	_, err = x.table(b)
	require.ErrorIs(t, err, context.Canceled)
}

// heapGrowth returns how much the live heap grows while run runs and its
// result is kept: the heap is collected before and after.
func heapGrowth(run func() any) int64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	kept := run()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	return int64(after.HeapAlloc) - int64(before.HeapAlloc)
}

// A parsed file keeps 24 bytes a listed object in its cross-reference
// (30 with a slice's slack), whatever the sections: the table of issue
// #18's 1,000,000 objects is 24 MB. The map and the sections' lists of
// numbers before kept 81.5 bytes an object of this file, 125.5 with
// 1,000,000 objects.
func TestXrefTableMemory(t *testing.T) {
	const n = 100_000
	// The original file of 10 objects, and an update of n more that
	// also lists the original's first five again.
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n")
	offs := map[int]int{}
	object := func(num int) {
		offs[num] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n<< /Index %d >>\nendobj\n", num, num)
	}
	section := func(prev int, subsections ...[2]int) int {
		x := b.Len()
		b.WriteString("xref\n")
		for _, s := range subsections {
			fmt.Fprintf(&b, "%d %d\n", s[0], s[1])
			for num := s[0]; num < s[0]+s[1]; num++ {
				fmt.Fprintf(&b, "%010d 00000 n\r\n", offs[num])
			}
		}
		fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R", n+10)
		if prev > 0 {
			fmt.Fprintf(&b, " /Prev %d", prev)
		}
		fmt.Fprintf(&b, " >>\nstartxref\n%d\n%%%%EOF\n", x)
		return x
	}
	for num := 1; num < 10; num++ {
		object(num)
	}
	offs[0] = 0
	first := section(0, [2]int{1, 9})
	for num := 1; num < n+10; num++ {
		if num < 5 || num >= 10 {
			object(num)
		}
	}
	section(first, [2]int{1, 4}, [2]int{10, n})
	pdf := b.Bytes()
	bud, err := newBudget(context.Background(), Limits{MaxObjects: 2 * n, MaxRevisionObjects: 2 * n})
	require.NoError(t, err)
	var f *pdfFile
	grown := heapGrowth(func() any {
		f, err = openPDF(bytes.NewReader(pdf), int64(len(pdf)), bud)
		return f
	})
	require.NoError(t, err)
	require.Equal(t, n+9, f.xref.len())
	perObject := float64(grown) / float64(f.xref.len())
	t.Logf("%.1f bytes a listed object", perObject)
	assert.LessOrEqual(t, perObject, 40.0, "what a parsed file keeps an object")
}
