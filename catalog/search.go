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

// searchDoc is the precomputed, folded text of one procedure: its folded
// name, and its folded sector and agency as indices in the catalogue's
// table of folded sectors and agencies (which repeat).
type searchDoc struct {
	name           string
	sector, agency uint32
}

// searchIndex maps each distinct folded word to the procedures having it,
// as posting lists: its memory is linear in the catalogue's text (one
// 32-bit entry per distinct word of each procedure, and the words once),
// whatever the number of distinct words.
type searchIndex struct {
	words []string // sorted, distinct
	// off[i]:off[i+1] is the range of posts holding the procedures of
	// words[i], in ascending order; empty for a dense word.
	off []int
	// posts are procedure indices; [inNameFlag] marks a procedure whose
	// name has the word (without it, only its sector or agency has it).
	posts []uint32
	// dense[i] is, for a word at least one procedure in [denseShare] has,
	// 1 + the index in anySets and nameSets of its postings as bitsets
	// (which take no more memory than its postings would, and replace
	// them), 0 for other words: frequent words are merged 64 procedures at
	// a time.
	dense    []int32
	anySets  []bitset
	nameSets []bitset
}

// denseShare: a word that 1 in denseShare procedures has gets its
// postings as two bitsets, of n/8 bytes each, no more than the 4 bytes of
// each of its n/denseShare postings.
const denseShare = 16

// inNameFlag marks a posting whose procedure has the word in its name; the
// other 31 bits hold the procedure's index (2^31 procedures would take
// over a terabyte: no catalogue reaches it).
const inNameFlag = 1 << 31

// foldCacheMax bounds the table of names buildIndex keeps while it runs:
// names that repeat are folded and held once, and a catalogue of unique
// names costs the table's 65,536 entries at most.
const foldCacheMax = 1 << 16

// nameChunk is the size of the strings buildIndex keeps folded names in.
const nameChunk = 1 << 16

// chunked is an append-only list of uint32 in chunks of chunkLen, which
// grows without copying (a slice grown by append holds its old and new
// arrays together) and can be freed chunk by chunk as it is read.
type chunked struct {
	chunks [][]uint32
	n      int
}

const chunkLen = 1 << 16

func (l *chunked) append(v uint32) {
	if l.n%chunkLen == 0 {
		l.chunks = append(l.chunks, make([]uint32, 0, chunkLen))
	}
	k := len(l.chunks) - 1
	l.chunks[k] = append(l.chunks[k], v)
	l.n++
}

// at returns element i.
func (l *chunked) at(i int) uint32 { return l.chunks[i/chunkLen][i%chunkLen] }

// release frees the chunks wholly before element i.
func (l *chunked) release(i int) {
	for k := range i / chunkLen {
		l.chunks[k] = nil
	}
}

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
		count []int32 // procedures per word
		last  []int32 // last procedure counted per word
		occ   chunked // the words of procedure i are occ[start[i]:start[i+1]]
	)
	start := make([]int32, n+1) // 4 bytes each: occ holds < 2^31 words (see inNameFlag)
	add := func(i int, w string, flag uint32) {
		id, ok := ids[w]
		if !ok {
			id = uint32(len(words))
			ids[w] = id
			words = append(words, strings.Clone(w)) // not the folded name it is part of
			count = append(count, 0)
			last = append(last, -1)
		}
		if last[id] == int32(i) {
			return
		}
		last[id] = int32(i)
		count[id]++
		occ.append(id | flag)
	}
	// Sectors and agencies repeat across procedures: fold each once and
	// number the folded strings. Names that repeat are folded once too.
	shared := map[string]uint32{}   // sector or agency -> its folded string's index
	byFolded := map[string]uint32{} // folded string -> its index
	foldShared := func(s string) uint32 {
		id, ok := shared[s]
		if !ok {
			f := Fold(s)
			if id, ok = byFolded[f]; !ok {
				id = uint32(len(c.folded))
				c.folded = append(c.folded, f)
				byFolded[f] = id
			}
			shared[s] = id
		}
		return id
	}
	// The folded names are kept end to end in strings of nameChunk bytes
	// (a folded string has the capacity of the name it comes from, and a
	// separate allocation each), set in docs when their chunk is full; a
	// name seen before takes the folded name of its first procedure.
	names := map[string]int32{} // name -> its first procedure
	var (
		chunk   []byte
		pending []int32 // procedures whose folded names are in chunk, in order
		ends    []int   // the end of each one's folded name in chunk
		aliases [][2]int32
	)
	seal := func() {
		s, from := string(chunk), 0
		for k, i := range pending {
			c.docs[i].name = s[from:ends[k]]
			from = ends[k]
		}
		chunk, pending, ends = chunk[:0], pending[:0], ends[:0]
	}
	for i := range c.procs {
		p := &c.procs[i]
		d := searchDoc{sector: foldShared(c.tables.text(p.sector)), agency: foldShared(c.tables.text(p.agency))}
		first, seen := names[p.name]
		var folded string
		switch {
		case seen:
			folded = c.docs[first].name // set when sealed, else found again below
			aliases = append(aliases, [2]int32{int32(i), first})
			if folded == "" {
				folded = Fold(p.name)
			}
		default:
			if len(names) < foldCacheMax {
				names[p.name] = int32(i)
			}
			folded = Fold(p.name)
			switch {
			case len(folded) > nameChunk/4:
				d.name = folded // a long name keeps its own string
			default:
				if len(chunk)+len(folded) > nameChunk {
					seal()
				}
				if chunk == nil {
					chunk = make([]byte, 0, nameChunk)
				}
				chunk = append(chunk, folded...)
				pending = append(pending, int32(i))
				ends = append(ends, len(chunk))
			}
		}
		c.docs[i] = d
		start[i] = int32(occ.n)
		for w := range strings.FieldsSeq(folded) {
			add(i, w, inNameFlag)
		}
		for _, f := range [...]string{c.folded[d.sector], c.folded[d.agency]} {
			for w := range strings.FieldsSeq(f) {
				add(i, w, 0)
			}
		}
	}
	start[n] = int32(occ.n)
	seal()
	for _, a := range aliases {
		c.docs[a[0]].name = c.docs[a[1]].name
	}
	ids, last, shared, byFolded, names, chunk, aliases = nil, nil, nil, nil, nil, nil, nil
	// Sort the words; rank[id] is the sorted position of word id. Dense
	// words get bitsets and no postings.
	order := make([]int32, len(words))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(a, b int32) int { return cmp.Compare(words[a], words[b]) })
	rank := make([]int32, len(words))
	ix := searchIndex{words: make([]string, len(words)), off: make([]int, len(words)+1), dense: make([]int32, len(words))}
	for k, id := range order {
		rank[id] = int32(k)
		ix.words[k] = words[id]
		ix.off[k+1] = ix.off[k]
		if int(count[id])*denseShare >= n {
			ix.anySets = append(ix.anySets, newBitset(n))
			ix.nameSets = append(ix.nameSets, newBitset(n))
			ix.dense[k] = int32(len(ix.anySets))
			continue
		}
		ix.off[k+1] += int(count[id])
	}
	words, order, count = nil, nil, nil
	// Pass 2: fill the posting lists and bitsets in procedure order, so
	// each list is sorted, freeing occ as it is read.
	next := slices.Clone(ix.off[:len(ix.off)-1])
	ix.posts = make([]uint32, ix.off[len(ix.off)-1])
	for i := range n {
		for j := start[i]; j < start[i+1]; j++ {
			o := occ.at(int(j))
			k := rank[o&^inNameFlag]
			if d := ix.dense[k]; d > 0 {
				ix.anySets[d-1].set(i)
				if o&inNameFlag != 0 {
					ix.nameSets[d-1].set(i)
				}
				continue
			}
			ix.posts[next[k]] = uint32(i) | o&inNameFlag
			next[k]++
		}
		occ.release(int(start[i+1]))
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
		if k := slices.Index(c.folded, Fold(s)); k >= 0 {
			f.sectors = append(f.sectors, uint32(k))
		} else {
			f.noSector = true
		}
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
		dst = append(dst, Procedure{})
		c.procs[h.proc].fill(&dst[len(dst)-1], c.tables)
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
	for k := c.codes.search(c.procs, s); k < c.codes.len() && strings.HasPrefix(c.codes.code(c.procs, k), s); k++ {
		lo, hi := c.codes.span(k)
		for i := lo; i < hi; i++ {
			out = append(out, i)
		}
	}
	return out
}

// filter is a Query's filters, prepared once per search.
type filter struct {
	levels  []Level
	online  []OnlineLevel
	sectors []uint32 // indices in folded
	// noSector is set when a sector asked for is no procedure's: with
	// sectors empty, nothing passes.
	noSector bool
}

func (c *Catalog) passes(i int, f *filter) bool {
	p := &c.procs[i]
	return (len(f.online) == 0 || slices.Contains(f.online, p.online)) &&
		(len(f.levels) == 0 || c.hasAnyLevel(p, f.levels)) &&
		(len(f.sectors) == 0 && !f.noSector || slices.Contains(f.sectors, c.docs[i].sector))
}

// hasAnyLevel reports whether p is handled at one of levels.
func (c *Catalog) hasAnyLevel(p *record, levels []Level) bool {
	for _, l := range levels {
		if p.hasLevel(c.tables, l) {
			return true
		}
	}
	return false
}
