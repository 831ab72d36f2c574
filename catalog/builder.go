package catalog

import "slices"

// Builder collects the procedures of a catalogue one at a time, for a
// reader of a large source (a sheet of a million rows): it holds each in
// the catalogue's compact form as it is added, so the reader never holds a
// slice of every [Procedure] (520 bytes each, mostly empty fields) beside
// the catalogue, and [Builder.Build] indexes them without a copy.
//
// Like [NewOwned], a Builder keeps the procedures it is given, slices
// included: the caller must not change a procedure's slices after adding
// it, except through [Builder.Set]. The zero Builder is empty and ready to
// use; a Builder is not safe for concurrent use.
type Builder struct {
	procs    []record
	levels   *tables
	excluded []int // indices left out by Exclude, in any order
}

// Grow makes room for n more procedures, so that adding them does not
// grow the builder's table step by step (which holds the old and the new
// table together).
func (b *Builder) Grow(n int) {
	if n > 0 {
		b.procs = slices.Grow(b.procs, n)
	}
}

// Len returns the number of procedures added.
func (b *Builder) Len() int { return len(b.procs) }

// Add adds p, unchecked, and returns its index: the number of procedures
// added before it. [Builder.Build] checks it.
func (b *Builder) Add(p Procedure) int {
	if b.levels == nil {
		b.levels = &tables{}
	}
	b.procs = append(b.procs, newRecord(&p, b.levels))
	return len(b.procs) - 1
}

// Procedure returns the procedure of index i as added or last set, sharing
// its slices with the builder, and false when there is no procedure i.
func (b *Builder) Procedure(i int) (Procedure, bool) {
	if i < 0 || i >= len(b.procs) {
		return Procedure{}, false
	}
	return b.procs[i].procedure(b.levels), true
}

// Set replaces the procedure of index i by p, which the builder keeps as
// [Builder.Add] does; it reports false, changing nothing, when there is no
// procedure i. A reader that learns more about a procedure from later rows
// gets it with [Builder.Procedure], appends to its slices and sets it back.
func (b *Builder) Set(i int, p Procedure) bool {
	if i < 0 || i >= len(b.procs) {
		return false
	}
	b.procs[i] = newRecord(&p, b.levels)
	return true
}

// Exclude leaves the procedure of index i out of the catalogue: it is
// neither checked nor kept by [Builder.Build], and the indices of the
// others do not change. A reader excludes a procedure it found a problem
// in, to report the catalogue's problems with the others.
func (b *Builder) Exclude(i int) {
	if i >= 0 && i < len(b.procs) {
		b.excluded = append(b.excluded, i)
	}
}

// Build checks the procedures added and not excluded as [New] does and
// returns their catalogue, or a [*ConsistencyError] whose problems give the
// procedures' indices of [Builder.Add]. Build empties the builder: the
// catalogue owns what it held.
func (b *Builder) Build() (*Catalog, error) {
	procs, levels := b.procs, b.levels
	var index []int32 // procs[k] was added as index[k], when some are excluded
	if len(b.excluded) > 0 {
		gone := newBitset(len(procs))
		for _, i := range b.excluded {
			gone.set(i)
		}
		index = make([]int32, 0, len(procs))
		kept := procs[:0]
		for i := range procs {
			if !gone.has(i) {
				kept = append(kept, procs[i])
				index = append(index, int32(i))
			}
		}
		clear(procs[len(kept):])
		procs = kept
	}
	*b = Builder{}
	if levels == nil {
		levels = &tables{}
	}
	if probs := check(procs, levels); len(probs) > 0 {
		if index != nil {
			for k := range probs {
				probs[k].Index = int(index[probs[k].Index])
			}
		}
		return nil, &ConsistencyError{Problems: probs}
	}
	return build(procs, levels), nil
}
