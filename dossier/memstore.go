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
	mu    sync.RWMutex
	byKey map[string]*Dossier // stored dossiers; never mutated once stored
	order []*Dossier          // sorted by Code
	seq   map[seqKey]int      // last sequence number per agency and day
}

type seqKey struct {
	agency string
	day    int64 // YYYYMMDD
}

// NewMemStore returns an empty in-memory store.
func NewMemStore() *MemStore {
	return &MemStore{byKey: make(map[string]*Dossier), seq: make(map[seqKey]int)}
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
	c := d.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.byKey[c.Code]; ok {
		return fmt.Errorf("%w: %s", ErrExists, c.Code)
	}
	s.byKey[c.Code] = &c
	if n := len(s.order); n == 0 || s.order[n-1].Code < c.Code {
		s.order = append(s.order, &c)
	} else {
		i, _ := slices.BinarySearchFunc(s.order, c.Code, byCode)
		s.order = slices.Insert(s.order, i, &c)
	}
	return nil
}

func byCode(d *Dossier, code string) int { return cmp.Compare(d.Code, code) }

// Get implements [Store.Get].
func (s *MemStore) Get(ctx context.Context, code string) (Dossier, error) {
	if err := ctx.Err(); err != nil {
		return Dossier{}, err
	}
	s.mu.RLock()
	p, ok := s.byKey[code]
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
	c := d.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.byKey[c.Code]
	if !ok {
		return fmt.Errorf("%w: %s", ErrNotFound, c.Code)
	}
	if old.Version != expectedVersion {
		return fmt.Errorf("%w: %s: stored version %d, expected %d", ErrConflict, c.Code, old.Version, expectedVersion)
	}
	if err := checkAppendOnly(old.Events, c.Events); err != nil {
		return fmt.Errorf("%w: %s: %w", ErrInvalidDossier, c.Code, err)
	}
	s.byKey[c.Code] = &c
	i, _ := slices.BinarySearchFunc(s.order, c.Code, byCode)
	s.order[i] = &c
	return nil
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
			s.mu.RLock()
			i := 0
			if after != "" {
				var found bool
				i, found = slices.BinarySearchFunc(s.order, after, byCode)
				if found {
					i++
				}
			}
			k := copy(buf[:], s.order[i:])
			s.mu.RUnlock()
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
