package catalog

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Query selects procedures for [Catalog.Search]. Every set filter must hold;
// the zero Query matches the newest version of every procedure.
type Query struct {
	// Text is matched against the code, the name, the sector and the agency,
	// ignoring case and Vietnamese diacritics. Each word must appear (as a
	// word or the start of one); empty matches everything.
	Text string
	// Levels keeps procedures handled at any of these levels: those whose
	// [Procedure.Levels] include one of them. As on the national portal,
	// which lists procedures by the level of the agency that settles them,
	// a procedure settled at several levels shows under each: a building
	// permit's extension, settled by the commune for houses and by the
	// province's department for larger works, is in the Commune list and
	// in the Province list, and its Agency names both. Commune thus means
	// "a commune-level agency settles it" (some cases of it at least), not
	// "only communes settle it".
	Levels []Level
	// Sectors keeps procedures of any of these sectors (compared folded).
	Sectors []string
	// Online keeps procedures at any of these online levels.
	Online []OnlineLevel
	// At keeps the versions in force at this instant; zero keeps the newest
	// version of each code.
	At time.Time
	// Limit caps the number of results; 0 means no cap.
	Limit int
}

// searchDoc is the precomputed, folded text of one procedure.
type searchDoc struct {
	name   string // folded name
	sector string // folded sector
	agency string // folded agency
}

// searchIndex maps each distinct folded word to the procedures having it.
type searchIndex struct {
	words []string // sorted, distinct
	name  []bitset // name[i]: procedures whose name has words[i]
	any   []bitset // any[i]: procedures whose name, sector or agency has words[i]
}

func (c *Catalog) buildIndex() {
	n := len(c.procs)
	c.docs = make([]searchDoc, n)
	type occ struct {
		word   string
		proc   int
		inName bool
	}
	var occs []occ
	for i := range c.procs {
		p := &c.procs[i]
		d := searchDoc{name: Fold(p.Name), sector: Fold(p.Sector), agency: Fold(p.Agency)}
		c.docs[i] = d
		for _, w := range strings.Fields(d.name) {
			occs = append(occs, occ{w, i, true})
		}
		for _, w := range strings.Fields(d.sector + " " + d.agency) {
			occs = append(occs, occ{w, i, false})
		}
	}
	slices.SortFunc(occs, func(a, b occ) int { return cmp.Compare(a.word, b.word) })
	for k := 0; k < len(occs); {
		w := occs[k].word
		nameSet, anySet := newBitset(n), newBitset(n)
		for ; k < len(occs) && occs[k].word == w; k++ {
			anySet.set(occs[k].proc)
			if occs[k].inName {
				nameSet.set(occs[k].proc)
			}
		}
		c.index.words = append(c.index.words, w)
		c.index.name = append(c.index.name, nameSet)
		c.index.any = append(c.index.any, anySet)
	}
}

// prefixRange returns the range of indexed words starting with prefix.
func (ix *searchIndex) prefixRange(prefix string) (lo, hi int) {
	lo = sort.SearchStrings(ix.words, prefix)
	hi = lo
	for hi < len(ix.words) && strings.HasPrefix(ix.words[hi], prefix) {
		hi++
	}
	return lo, hi
}

// Ranks of a match, best first.
const (
	rankCode        = 6 // the query is the procedure's code
	rankExactName   = 5 // the name is the query
	rankNamePrefix  = 4 // the name starts with the whole query
	rankNamePhrase  = 3 // the name contains the whole query
	rankNameWords   = 2 // every word is in the name, not as one phrase
	rankOtherFields = 1 // some words only in the sector or the agency
)

type hit struct {
	proc int
	rank int
}

// Search returns the procedures matching q, best match first: a code match,
// then names equal to the text, starting with it, containing it as a phrase,
// containing all its words, and last matches through the sector or agency.
// Equal ranks are ordered by code. An empty Text returns the filtered
// procedures in code order.
func (c *Catalog) Search(q Query) []Procedure {
	return c.AppendSearch(nil, q)
}

// AppendSearch appends the results of [Catalog.Search] to dst and returns
// the extended slice. A caller that searches often (a portal's search box)
// can reuse one buffer, AppendSearch(buf[:0], q), and allocate nothing for
// the results.
func (c *Catalog) AppendSearch(dst []Procedure, q Query) []Procedure {
	text := Fold(q.Text)
	words := strings.Fields(text)
	n := len(c.procs)

	var cand, inName bitset
	if len(words) > 0 {
		cand, inName = newBitset(n), newBitset(n)
		for k := range cand {
			cand[k], inName[k] = ^uint64(0), ^uint64(0)
		}
		wordAny, wordName := newBitset(n), newBitset(n)
		for _, w := range words {
			wordAny.clear()
			wordName.clear()
			lo, hi := c.index.prefixRange(w)
			for j := lo; j < hi; j++ {
				wordAny.or(c.index.any[j])
				wordName.or(c.index.name[j])
			}
			cand.and(wordAny)
			inName.and(wordName)
		}
	}
	codeHits := c.codeMatches(strings.TrimSpace(q.Text))
	var isCodeHit bitset
	if len(codeHits) > 0 {
		isCodeHit = newBitset(n)
		for _, i := range codeHits {
			isCodeHit.set(i)
		}
	}
	f := filter{levels: q.Levels, online: q.Online}
	for _, s := range q.Sectors {
		f.sectors = append(f.sectors, Fold(s))
	}

	var hits []hit
	if cand != nil {
		hits = make([]hit, 0, cand.count()+len(codeHits))
	}
	consider := func(i, rank int) {
		if !c.inScope(i, q.At) || !c.passes(i, &f) {
			return
		}
		hits = append(hits, hit{i, rank})
	}
	for _, i := range codeHits {
		consider(i, rankCode)
	}
	switch {
	case len(words) == 0 && len(codeHits) == 0:
		for i := range c.procs {
			consider(i, 0)
		}
	case len(words) > 0:
		for k, word := range cand {
			for word != 0 {
				bit := trailingZeros(word)
				word &= word - 1
				i := k*64 + bit
				if isCodeHit != nil && isCodeHit.has(i) {
					continue
				}
				consider(i, c.rank(i, text, inName.has(i)))
			}
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		if a.rank != b.rank {
			return b.rank - a.rank
		}
		return cmp.Compare(a.proc, b.proc) // procs are sorted by code
	})
	if q.Limit > 0 && len(hits) > q.Limit {
		hits = hits[:q.Limit]
	}
	dst = slices.Grow(dst, len(hits))
	for _, h := range hits {
		dst = append(dst, c.procs[h.proc])
	}
	return dst
}

func (c *Catalog) rank(i int, text string, allInName bool) int {
	name := c.docs[i].name
	switch {
	case name == text:
		return rankExactName
	case strings.HasPrefix(name, text):
		return rankNamePrefix
	case strings.Contains(name, text):
		return rankNamePhrase
	case allInName:
		return rankNameWords
	}
	return rankOtherFields
}

// codeMatches returns the procedures whose code starts with s, when s looks
// like a procedure code (digits and dots, at least "1.").
func (c *Catalog) codeMatches(s string) []int {
	if len(s) < 2 || strings.Trim(s, "0123456789.") != "" || !strings.Contains(s, ".") {
		return nil
	}
	var out []int
	for k := sort.SearchStrings(c.codes, s); k < len(c.codes) && strings.HasPrefix(c.codes[k], s); k++ {
		out = append(out, c.byCode[c.codes[k]]...)
	}
	return out
}

// filter is a Query's filters, prepared once per search.
type filter struct {
	levels  []Level
	online  []OnlineLevel
	sectors []string // folded
}

func (c *Catalog) passes(i int, f *filter) bool {
	p := &c.procs[i]
	return (len(f.online) == 0 || slices.Contains(f.online, p.Online)) &&
		(len(f.levels) == 0 || slices.ContainsFunc(f.levels, p.HasLevel)) &&
		(len(f.sectors) == 0 || slices.Contains(f.sectors, c.docs[i].sector))
}
