package dossier

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// MemStore is an in-memory [Store], safe for concurrent use. It keeps its
// own deep copies, so callers cannot change stored dossiers behind its back.
// Its zero value is not usable; call [NewMemStore].
type MemStore struct {
	mu      sync.RWMutex
	byKey   map[string]*memEntry
	order   []*memEntry // sorted by code up to sorted, then in creation order
	sorted  int
	seq     map[seqKey]int // last sequence number per agency and day
	scratch []*memEntry
	// The log: its tree, and each leaf's dossier entry. Both grow under mu
	// (write lock), with the dossiers' new versions.
	log     MemLog
	entries []*memEntry // by leaf index
	noLog   bool        // tests only: measure the store without its log
	// outbox holds the events to deliver (see [Outbox]), enqueued under
	// mu with the log's leaves.
	outbox memOutbox
}

// memEntry boxes a stored dossier, so that sorting moves boxes and an
// update replaces the box's content.
//
// A stored Dossier is never mutated, but its slices may have room beyond
// their length, and the next version of the dossier appends into that room
// instead of copying: no version's slice ever covers the appended elements
// of a later one, so readers of any version see it unchanged. Writers of
// one dossier (Update, transact) hold mu, so no two of them append into
// the same room; d is read under the store's lock by readers and replaced
// under it by writers.
type memEntry struct {
	mu sync.Mutex
	d  *Dossier
	// leaves are the log indexes of the dossier's events, by Seq; they
	// grow under the store's write lock.
	leaves []int64
}

// trailRoom is the length of the events array a stored trail starts
// with: room for the usual life (submit, receive, start, approve, return)
// without growing it.
const trailRoom = 5

type seqKey struct {
	agency string
	day    int64 // YYYYMMDD
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{byKey: make(map[string]*memEntry), seq: make(map[seqKey]int)}
}

// Len returns the number of stored dossiers.
func (s *MemStore) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}

// Create implements [Store.Create].
func (s *MemStore) Create(ctx context.Context, d Dossier) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.Code == "" {
		return fmt.Errorf("%w: empty code", ErrInvalidDossier)
	}
	if d.Version != int64(len(d.Events)) {
		return fmt.Errorf("%w: %s: version %d with %d events", ErrInvalidDossier, d.Code, d.Version, len(d.Events))
	}
	evs := d.Events
	d.Events = nil
	c := d.Clone()
	c.Events = storedEvents(nil, evs)
	e := &memEntry{d: &c}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byKey[c.Code]; ok {
		return fmt.Errorf("%w: %s", ErrExists, c.Code)
	}
	if err := s.appendLeaves(e, c.Events); err != nil {
		return err
	}
	s.byKey[c.Code] = e
	if n := len(s.order); s.sorted == n && (n == 0 || s.order[n-1].d.Code < c.Code) {
		s.sorted++
	}
	s.order = append(s.order, e)
	return nil
}

// appendLeaves appends the leaves of evs, new events of e's dossier, to the
// log, and enqueues them in the outbox. The caller holds the write lock.
func (s *MemStore) appendLeaves(e *memEntry, evs []Event) error {
	if s.noLog || len(evs) == 0 {
		s.outbox.enqueue(e.d.Code, evs)
		return nil
	}
	var small [4]Hash
	leaves := small[:0]
	for i := range evs {
		leaves = append(leaves, LeafHash(&evs[i]))
	}
	first, err := s.log.Append(leaves...)
	if err != nil {
		return err
	}
	if e.leaves == nil {
		e.leaves = make([]int64, 0, max(trailRoom, len(leaves)))
	}
	for i := range leaves {
		e.leaves = append(e.leaves, first+int64(i))
		s.entries = append(s.entries, e)
	}
	s.outbox.enqueue(e.d.Code, evs)
	return nil
}

// ensureSorted sorts the tail of order created out of code order and
// merges it into the sorted prefix. The caller holds the write lock.
func (s *MemStore) ensureSorted() {
	if s.sorted == len(s.order) {
		return
	}
	tail := s.order[s.sorted:]
	slices.SortFunc(tail, func(a, b *memEntry) int { return cmp.Compare(a.d.Code, b.d.Code) })
	head := s.order[:s.sorted]
	merged := s.scratch[:0]
	i, j := 0, 0
	for i < len(head) && j < len(tail) {
		if head[i].d.Code < tail[j].d.Code {
			merged = append(merged, head[i])
			i++
		} else {
			merged = append(merged, tail[j])
			j++
		}
	}
	merged = append(append(merged, head[i:]...), tail[j:]...)
	s.scratch = s.order[:0]
	clear(s.scratch[:cap(s.scratch)])
	s.order = merged
	s.sorted = len(merged)
}

func byCode(e *memEntry, code string) int { return cmp.Compare(e.d.Code, code) }

// Get implements [Store.Get].
func (s *MemStore) Get(ctx context.Context, code string) (Dossier, error) {
	if err := ctx.Err(); err != nil {
		return Dossier{}, err
	}
	s.mu.RLock()
	e, ok := s.byKey[code]
	var p *Dossier
	if ok {
		p = e.d
	}
	s.mu.RUnlock()
	if !ok {
		return Dossier{}, fmt.Errorf("%w: %s", ErrNotFound, code)
	}
	return p.Clone(), nil // stored dossiers are immutable: copy outside the lock
}

// Update implements [Store.Update].
func (s *MemStore) Update(ctx context.Context, d Dossier, expectedVersion int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.Version <= expectedVersion || d.Version != int64(len(d.Events)) {
		return fmt.Errorf("%w: %s: version %d with %d events, expected version %d", ErrInvalidDossier, d.Code, d.Version, len(d.Events), expectedVersion)
	}
	s.mu.RLock()
	e, ok := s.byKey[d.Code]
	s.mu.RUnlock()
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, d.Code)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	old := e.d // only writers, who hold e.mu, replace it
	if old.Version != expectedVersion {
		return fmt.Errorf("%w: %s: stored version %d, expected %d", ErrConflict, d.Code, old.Version, expectedVersion)
	}
	if err := checkAppendOnly(old.Events, d.Events); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrInvalidDossier, d.Code, err)
	}
	// Everything but the events is copied; the stored events are kept (they
	// are the same, by hash) and the new ones appended to them.
	evs := d.Events
	d.Events = nil
	c := d.Clone()
	c.Events = storedEvents(old.Events, evs[len(old.Events):])
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.appendLeaves(e, c.Events[len(old.Events):]); err != nil {
		return err
	}
	e.d = &c
	return nil
}

// storedEvents appends add to the stored trail old, in place when its
// array has room (see [memEntry]); a new array leaves room for [trailRoom]
// events at least.
func storedEvents(old, add []Event) []Event {
	if len(old)+len(add) > cap(old) {
		grown := make([]Event, len(old), max(trailRoom, 2*(len(old)+len(add))))
		copy(grown, old)
		old = grown
	}
	return append(old, add...)
}

// checkAppendOnly reports an error wrapping ErrAppendOnly unless next
// begins with old, event for event.
func checkAppendOnly(old, next []Event) error {
	if len(next) < len(old) {
		return fmt.Errorf("%w: %d stored events, %d given", ErrAppendOnly, len(old), len(next))
	}
	for i := range old {
		if old[i].Hash != next[i].Hash || old[i].Seq != next[i].Seq {
			return fmt.Errorf("%w: event #%d changed", ErrAppendOnly, i)
		}
	}
	return nil
}

// memChunk is how many dossiers List copies under the lock at a time.
const memChunk = 1024

// List implements [Store.List]. It reads the store in chunks, so it holds
// no lock while the caller's loop body runs, and memory stays bounded.
func (s *MemStore) List(ctx context.Context, f Filter) iter.Seq2[Dossier, error] {
	return func(yield func(Dossier, error) bool) {
		var buf [memChunk]*Dossier
		after, n := f.After, 0
		for {
			if err := ctx.Err(); err != nil {
				yield(Dossier{}, err)
				return
			}
			k := s.chunk(buf[:], after)
			if k == 0 {
				return
			}
			for _, p := range buf[:k] {
				if !f.Match(p) {
					continue
				}
				var d Dossier
				if f.Brief {
					d = p.brief()
				} else {
					d = p.Clone()
				}
				if !yield(d, nil) {
					return
				}
				n++
				if f.Limit > 0 && n >= f.Limit {
					return
				}
			}
			after = buf[k-1].Code
			clear(buf[:k])
		}
	}
}

// chunk copies into buf the stored dossiers whose codes follow after, in
// code order, and returns how many it copied.
func (s *MemStore) chunk(buf []*Dossier, after string) int {
	s.mu.RLock()
	if s.sorted != len(s.order) {
		s.mu.RUnlock()
		s.mu.Lock()
		defer s.mu.Unlock()
		s.ensureSorted()
	} else {
		defer s.mu.RUnlock()
	}
	i := 0
	if after != "" {
		var found bool
		i, found = slices.BinarySearchFunc(s.order, after, byCode)
		if found {
			i++
		}
	}
	k := 0
	for ; k < len(buf) && i+k < len(s.order); k++ {
		buf[k] = s.order[i+k].d
	}
	return k
}

// NextCode implements [Store.NextCode].
func (s *MemStore) NextCode(ctx context.Context, agency string, day time.Time) (string, error) {
	if err := ctx.Err(); err != nil {
		return "", err
	}
	if err := CheckAgency(agency); err != nil {
		return "", err
	}
	if day.IsZero() {
		return "", fmt.Errorf("%w: zero day", ErrInvalidCode)
	}
	y, m, dd := day.In(vntime.Location).Date()
	k := seqKey{agency, int64(y)*10000 + int64(m)*100 + int64(dd)}
	s.mu.Lock()
	s.seq[k]++
	n := s.seq[k]
	s.mu.Unlock()
	return FormatCode(agency, day, n), nil
}

// transact applies fn to a copy of the stored dossier code and stores the
// result. It is the [Service]'s fast path: writers of the dossier are
// serialised (so there is no conflict to report), and the stored dossier is
// copied shallowly, fn appending to its slices in place (see [memEntry]):
// fn only replaces fields or appends, never writes an element in place. The
// caller gets a deep copy.
func (s *MemStore) transact(ctx context.Context, code string, fn func(*Dossier) error) (Dossier, error) {
	if err := ctx.Err(); err != nil {
		return Dossier{}, err
	}
	s.mu.RLock()
	e, ok := s.byKey[code]
	s.mu.RUnlock()
	if !ok {
		return Dossier{}, fmt.Errorf("%w: %s", ErrNotFound, code)
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	n := *e.d
	if err := fn(&n); err != nil {
		return Dossier{}, err
	}
	s.mu.Lock()
	if err := s.appendLeaves(e, n.Events[len(e.d.Events):]); err != nil {
		s.mu.Unlock()
		return Dossier{}, err
	}
	e.d = &n
	s.mu.Unlock()
	return n.Clone(), nil
}

// ReadHashes implements [Log].
func (s *MemStore) ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error) {
	return s.log.ReadHashes(ctx, indexes)
}

// LogSize implements [Log].
func (s *MemStore) LogSize(ctx context.Context) (int64, error) {
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return s.log.Size(), nil
}

// LogEntries implements [Log]. It reads the log in chunks, holding no lock
// while the caller's loop body runs.
func (s *MemStore) LogEntries(ctx context.Context, from, to int64) iter.Seq2[LogEntry, error] {
	return func(yield func(LogEntry, error) bool) {
		var buf [memChunk]LogEntry
		for i := max(from, 0); i < to; {
			if err := ctx.Err(); err != nil {
				yield(LogEntry{}, err)
				return
			}
			k, err := s.logChunk(buf[:], i, to)
			if err != nil {
				yield(LogEntry{}, err)
				return
			}
			if k == 0 {
				return
			}
			for _, le := range buf[:k] {
				if !yield(le, nil) {
					return
				}
			}
			i += int64(k)
		}
	}
}

// logChunk copies into buf the entries from index i to the smaller of to
// and the log's size, and returns how many it copied.
func (s *MemStore) logChunk(buf []LogEntry, i, to int64) (int, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	k := 0
	for ; k < len(buf) && i+int64(k) < min(to, int64(len(s.entries))); k++ {
		x := i + int64(k)
		e := s.entries[x]
		seq, _ := slices.BinarySearch(e.leaves, x)
		leaf, err := s.log.Leaf(x)
		if err != nil {
			return 0, err
		}
		buf[k] = LogEntry{Index: x, Code: e.d.Code, Seq: uint64(seq) + 1, Leaf: leaf}
	}
	return k, nil
}

// DossierEntries implements [Log].
func (s *MemStore) DossierEntries(ctx context.Context, code string) iter.Seq2[LogEntry, error] {
	return func(yield func(LogEntry, error) bool) {
		if err := ctx.Err(); err != nil {
			yield(LogEntry{}, err)
			return
		}
		s.mu.RLock()
		e, ok := s.byKey[code]
		var idx []int64
		if ok {
			idx = slices.Clone(e.leaves)
		}
		s.mu.RUnlock()
		for i, x := range idx {
			leaf, err := s.log.Leaf(x)
			if err != nil {
				yield(LogEntry{}, err)
				return
			}
			if !yield(LogEntry{Index: x, Code: code, Seq: uint64(i) + 1, Leaf: leaf}, nil) {
				return
			}
		}
	}
}

// LogEntriesByCode implements [CodeOrderedLog]. It lists the entries of
// every dossier the log holds leaves of, in code order, from a snapshot of
// the dossiers taken when the sequence starts.
func (s *MemStore) LogEntriesByCode(ctx context.Context) iter.Seq2[LogEntry, error] {
	return func(yield func(LogEntry, error) bool) {
		s.mu.RLock()
		var es []*memEntry
		var codes []string
		for i, e := range s.entries {
			if e.leaves[0] == int64(i) { // the dossier's first leaf
				es, codes = append(es, e), append(codes, e.d.Code)
			}
		}
		s.mu.RUnlock()
		order := make([]int, len(es))
		for i := range order {
			order[i] = i
		}
		slices.SortFunc(order, func(a, b int) int { return cmp.Compare(codes[a], codes[b]) })
		for _, i := range order {
			if err := ctx.Err(); err != nil {
				yield(LogEntry{}, err)
				return
			}
			s.mu.RLock()
			idx := slices.Clone(es[i].leaves)
			s.mu.RUnlock()
			for k, x := range idx {
				leaf, err := s.log.Leaf(x)
				if err != nil {
					yield(LogEntry{}, err)
					return
				}
				if !yield(LogEntry{Index: x, Code: codes[i], Seq: uint64(k) + 1, Leaf: leaf}, nil) {
					return
				}
			}
		}
	}
}
