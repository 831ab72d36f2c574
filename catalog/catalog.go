package catalog

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"time"
)

// Catalog is an immutable set of procedures, indexed for [Catalog.Get],
// [Catalog.Search] and [Catalog.Stats]. It is safe for concurrent use.
//
// Procedures returned by its methods share their slices (Levels, Documents,
// ...) with the catalogue: treat them as read-only, or [Procedure.Clone]
// them before changing them.
type Catalog struct {
	procs  []record         // sorted by code, then ValidFrom
	tables *tables          // the Levels lists and texts procs refer to
	codes  codeIndex        // code -> its versions in procs, oldest first
	latest bitset           // the newest version of each code
	note   string           // free text from the JSON document
	index  searchIndex      // text index, see search.go
	docs   []searchDoc      // per-procedure folded text and filters
	folded []string         // folded sectors and agencies, which docs refer to
	_      struct{ noCopy } // a Catalog is used by pointer
}

type noCopy struct{}

// New builds a catalogue from procs after checking them: every problem is
// reported at once in a [*ConsistencyError]. The procedures are copied, so
// later changes to procs do not affect the catalogue; dates are moved to the
// Asia/Ho_Chi_Minh location.
func New(procs ...Procedure) (*Catalog, error) {
	var b Builder
	b.Grow(len(procs))
	for i := range procs {
		b.Add(procs[i].Clone())
	}
	return b.Build()
}

// NewOwned is [New] for procedures the caller hands over instead of
// lending: the catalogue keeps everything its procedures refer to (their
// slices) without copying them, so a reader that builds procedures only
// to make a catalogue of them holds one copy, not two. The caller must
// neither use nor change procs, or the slices of its procedures, after a
// successful call; after an error procs is unchanged. A reader of many
// procedures holds less with a [Builder].
func NewOwned(procs []Procedure) (*Catalog, error) {
	var b Builder
	b.Grow(len(procs))
	for i := range procs {
		b.Add(procs[i])
	}
	return b.Build()
}

// build makes the catalogue of checked records it owns: it sorts them in
// place by code and validity and indexes them.
func build(procs []record, tables *tables) *Catalog {
	// Sort the positions, then move each record once along the
	// permutation's cycles.
	order := make([]int32, len(procs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int {
		if r := cmp.Compare(procs[a].code, procs[b].code); r != 0 {
			return r
		}
		return procs[a].validFrom().Compare(procs[b].validFrom())
	})
	for k := range order {
		if order[k] < 0 {
			continue
		}
		// procs[k] takes procs[order[k]], which takes procs[order[order[k]]]...
		tmp := procs[k]
		j := k
		for int(order[j]) != k {
			next := int(order[j])
			procs[j] = procs[next]
			order[j] = -1
			j = next
		}
		procs[j] = tmp
		order[j] = -1
	}
	order = nil
	c := &Catalog{procs: procs, tables: tables}
	for i := range c.procs {
		c.procs[i].normalizeTimes()
	}
	c.codes = newCodeIndex(c.procs)
	c.latest = newBitset(len(c.procs))
	for k := range c.codes.len() {
		_, hi := c.codes.span(k)
		c.latest.set(hi - 1)
	}
	c.buildIndex()
	return c
}

// Note returns the catalogue's free-text note (its source and caveats), as
// read by [ReadJSON] or set by [Catalog.WithNote]; catalogues built by [New]
// have none.
func (c *Catalog) Note() string { return c.note }

// WithNote returns a catalogue with the same procedures as c and the given
// note. c is unchanged; the two share their immutable procedures and
// indexes, so the call costs no copy of them.
func (c *Catalog) WithNote(note string) *Catalog {
	return &Catalog{procs: c.procs, tables: c.tables, codes: c.codes, latest: c.latest, note: note,
		index: c.index, docs: c.docs, folded: c.folded}
}

// Len returns the number of procedure versions in the catalogue.
func (c *Catalog) Len() int { return len(c.procs) }

// All yields every procedure version, sorted by code and then by ValidFrom.
func (c *Catalog) All() iter.Seq[Procedure] {
	return func(yield func(Procedure) bool) {
		for i := range c.procs {
			if !yield(c.procs[i].procedure(c.tables)) {
				return
			}
		}
	}
}

// Get returns the version of the procedure with the given code that is in
// force at at. A zero at asks for the newest version.
func (c *Catalog) Get(code string, at time.Time) (p Procedure, ok bool) {
	lo, hi, ok := c.codes.lookup(c.procs, code)
	if !ok {
		return p, false
	}
	if at.IsZero() {
		c.procs[hi-1].fill(&p, c.tables)
		return p, true
	}
	for i := lo; i < hi; i++ {
		if c.procs[i].inForce(at) {
			c.procs[i].fill(&p, c.tables)
			return p, true
		}
	}
	return p, false
}

// Versions returns every version of the procedure with the given code,
// oldest first.
func (c *Catalog) Versions(code string) []Procedure {
	lo, hi, ok := c.codes.lookup(c.procs, code)
	if !ok {
		if c.procs == nil {
			return nil
		}
		return []Procedure{} // as before records: an empty clone of procs
	}
	out := make([]Procedure, 0, hi-lo)
	for i := lo; i < hi; i++ {
		out = append(out, c.procs[i].procedure(c.tables))
	}
	return out
}

// inScope reports whether procedure i counts at time at: in force at at, or,
// for a zero at, the newest version of its code.
func (c *Catalog) inScope(i int, at time.Time) bool {
	if at.IsZero() {
		return c.latest.has(i)
	}
	return c.procs[i].inForce(at)
}

// Clone returns a deep copy of p.
func (p Procedure) Clone() Procedure {
	q := p
	q.Levels = slices.Clone(p.Levels)
	q.Documents = cloneDocs(p.Documents)
	if p.Cases != nil {
		q.Cases = make([]Case, len(p.Cases))
		for i, cs := range p.Cases {
			q.Cases[i] = Case{Name: cs.Name, Documents: cloneDocs(cs.Documents)}
		}
	}
	if p.Channels != nil {
		q.Channels = make([]ChannelTerms, len(p.Channels))
		for i, ch := range p.Channels {
			ch.Fees = slices.Clone(ch.Fees)
			q.Channels[i] = ch
		}
	}
	q.FeeItems = slices.Clone(p.FeeItems)
	q.LegalBasis = slices.Clone(p.LegalBasis)
	q.LegalRefs = slices.Clone(p.LegalRefs)
	q.Subjects = slices.Clone(p.Subjects)
	q.Steps = slices.Clone(p.Steps)
	q.ReturnMethods = slices.Clone(p.ReturnMethods)
	q.Variants = slices.Clone(p.Variants)
	return q
}

func cloneDocs(docs []Requirement) []Requirement {
	if docs == nil {
		return nil
	}
	out := make([]Requirement, len(docs))
	for i, d := range docs {
		d.MediaTypes = slices.Clone(d.MediaTypes)
		out[i] = d
	}
	return out
}

// bitset is a fixed-size set of small integers.
type bitset []uint64

func newBitset(n int) bitset    { return make(bitset, (n+63)/64) }
func (b bitset) set(i int)      { b[i>>6] |= 1 << (uint(i) & 63) }
func (b bitset) has(i int) bool { return b[i>>6]&(1<<(uint(i)&63)) != 0 }
func (b bitset) or(o bitset) {
	for i := range b {
		b[i] |= o[i]
	}
}
func (b bitset) and(o bitset) {
	for i := range b {
		b[i] &= o[i]
	}
}
func (b bitset) clear() { clear(b) }
func (b bitset) count() int {
	n := 0
	for _, w := range b {
		n += bits.OnesCount64(w)
	}
	return n
}

func trailingZeros(x uint64) int { return bits.TrailingZeros64(x) }
