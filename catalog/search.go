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

// searchIndex maps each distinct folded word to the procedures having it,
// as posting lists: its memory is linear in the catalogue's text (one
// 32-bit entry per distinct word of each procedure, and the words once),
// whatever the number of distinct words.
type searchIndex struct {
	words []string // sorted, distinct
	// off[i]:off[i+1] is the range of posts holding the procedures of
	// words[i], in ascending order.
	off []int
	// posts are procedure indices; [inNameFlag] marks a procedure whose
	// name has the word (without it, only its sector or agency has it).
	posts []uint32
	// dense[i] is, for a word at least one procedure in [denseShare] has,
	// 1 + the index in anySets and nameSets of its postings as bitsets
	// (which take no more memory than its postings), 0 for other words:
	// frequent words are merged 64 procedures at a time.
	dense    []int32
	anySets  []bitset
	nameSets []bitset
}

// denseShare: a word that 1 in denseShare procedures has also gets its
// postings as two bitsets, of n/8 bytes each, no more than the 4 bytes of
// each of its n/denseShare postings.
const denseShare = 16

// inNameFlag marks a posting whose procedure has the word in its name; the
// other 31 bits hold the procedure's index (2^31 procedures would take
// over a terabyte: no catalogue reaches it).
const inNameFlag = 1 << 31

func (c *Catalog) buildIndex() {
	n := len(c.procs)
	c.docs = make([]searchDoc, n)
	// Pass 1: number the distinct words in order of appearance, count
	// their procedures, and list each procedure's distinct words (name
	// words first, flagged, so a word in the name and the agency counts
	// once, as a name word).
	ids := map[string]uint32{}
	var (
		words []string
		count []int32  // procedures per word
		last  []int32  // last procedure counted per word
		occ   []uint32 // the words of procedure i are occ[start[i]:start[i+1]]
	)
	start := make([]int, n+1)
	add := func(i int, w string, flag uint32) {
		id, ok := ids[w]
		if !ok {
			id = uint32(len(words))
			ids[w] = id
			words = append(words, w)
			count = append(count, 0)
			last = append(last, -1)
		}
		if last[id] == int32(i) {
			return
		}
		last[id] = int32(i)
		count[id]++
		occ = append(occ, id|flag)
	}
	// Sectors and agencies repeat across procedures: fold each once and
	// share the folded string.
	folded := map[string]string{}
	foldShared := func(s string) string {
		f, ok := folded[s]
		if !ok {
			f = Fold(s)
			folded[s] = f
		}
		return f
	}
	for i := range c.procs {
		p := &c.procs[i]
		d := searchDoc{name: Fold(p.name), sector: foldShared(p.sector), agency: foldShared(p.agency)}
		c.docs[i] = d
		start[i] = len(occ)
		for w := range strings.FieldsSeq(d.name) {
			add(i, w, inNameFlag)
		}
		for _, f := range [...]string{d.sector, d.agency} {
			for w := range strings.FieldsSeq(f) {
				add(i, w, 0)
			}
		}
	}
	start[n] = len(occ)
	ids, last = nil, nil
	// Sort the words; rank[id] is the sorted position of word id.
	order := make([]int32, len(words))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(words[a], words[b]) })
	rank := make([]int32, len(words))
	ix := searchIndex{words: make([]string, len(words)), off: make([]int, len(words)+1)}
	for k, id := range order {
		rank[id] = int32(k)
		ix.words[k] = words[id]
		ix.off[k+1] = ix.off[k] + int(count[id])
	}
	words, order, count = nil, nil, nil
	// Pass 2: fill the posting lists in procedure order, so each is sorted.
	next := slices.Clone(ix.off[:len(ix.off)-1])
	ix.posts = make([]uint32, len(occ))
	for i := range n {
		for _, o := range occ[start[i]:start[i+1]] {
			k := rank[o&^inNameFlag]
			ix.posts[next[k]] = uint32(i) | o&inNameFlag
			next[k]++
		}
	}
	ix.dense = make([]int32, len(ix.words))
	for k := range ix.words {
		if (ix.off[k+1]-ix.off[k])*denseShare < n {
			continue
		}
		anySet, nameSet := newBitset(n), newBitset(n)
		for _, p := range ix.postings(k) {
			anySet.set(int(p &^ inNameFlag))
			if p&inNameFlag != 0 {
				nameSet.set(int(p &^ inNameFlag))
			}
		}
		ix.anySets = append(ix.anySets, anySet)
		ix.nameSets = append(ix.nameSets, nameSet)
		ix.dense[k] = int32(len(ix.anySets))
	}
	c.index = ix
}

// postings returns the postings of words[k].
func (ix *searchIndex) postings(k int) []uint32 { return ix.posts[ix.off[k]:ix.off[k+1]] }

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
		// The four sets of the search in one allocation.
		w := (n + 63) / 64
		sets := make(bitset, 4*w)
		cand, inName = sets[:w:w], sets[w:2*w:2*w]
		wordAny, wordName := sets[2*w:3*w:3*w], sets[3*w:]
		for k := range cand {
			cand[k], inName[k] = ^uint64(0), ^uint64(0)
		}
		for _, w := range words {
			wordAny.clear()
			wordName.clear()
			lo, hi := c.index.prefixRange(w)
			for j := lo; j < hi; j++ {
				if d := c.index.dense[j]; d > 0 {
					wordAny.or(c.index.anySets[d-1])
					wordName.or(c.index.nameSets[d-1])
					continue
				}
				for _, p := range c.index.postings(j) {
					i := int(p &^ inNameFlag)
					wordAny.set(i)
					if p&inNameFlag != 0 {
						wordName.set(i)
					}
				}
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
		dst = append(dst, c.procs[h.proc].procedure(c.levels))
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
		sp := c.byCode[c.codes[k]]
		for i := sp.lo; i < sp.hi; i++ {
			out = append(out, int(i))
		}
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
	return (len(f.online) == 0 || slices.Contains(f.online, p.online)) &&
		(len(f.levels) == 0 || c.hasAnyLevel(p, f.levels)) &&
		(len(f.sectors) == 0 || slices.Contains(f.sectors, c.docs[i].sector))
}

// hasAnyLevel reports whether p is handled at one of levels.
func (c *Catalog) hasAnyLevel(p *record, levels []Level) bool {
	for _, l := range levels {
		if p.hasLevel(c.levels, l) {
			return true
		}
	}
	return false
}
