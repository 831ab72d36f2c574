package dossier

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrOutbox is wrapped by the errors of an [Outbox] given a bad argument
// (an unknown entry, a negative limit, a zero time).
var ErrOutbox = errors.New("dossier: outbox")

// OutboxEntry is one event waiting in a store's [Outbox] to be delivered
// to another system (the national public-service portal: package
// dossier/dvc).
type OutboxEntry struct {
	// ID is the entry's number: entries of one dossier have increasing IDs
	// in the order of their events.
	ID int64 `json:"id"`
	// Code is the dossier's code.
	Code string `json:"code"`
	// Seq is the event's [Event.Seq].
	Seq uint64 `json:"seq"`
	// Attempts counts the failed deliveries so far.
	Attempts int `json:"attempts,omitempty"`
	// NotBefore, when set, is the earliest time of the next attempt.
	NotBefore time.Time `json:"notBefore,omitzero"`
	// LastError says why the last attempt failed.
	LastError string `json:"lastError,omitempty"`
	// Held says the entry is stuck: it is not claimed again (nor are the
	// later entries of its dossier) until [Outbox.OutboxRelease].
	Held bool `json:"held,omitempty"`
}

// Outbox is the durable queue a [Store] keeps beside its dossiers: every
// event Create and Update store is enqueued in the same transaction, so an
// event is never stored without its entry, nor an entry without its event.
// A sender claims the entries, delivers them and removes them; delivery is
// at least once, in event order per dossier. [MemStore] and package
// dossier/sqlstore implement it. It is optional: a Store without it cannot
// be synchronised through an outbox.
type Outbox interface {
	// OutboxClaim returns up to limit entries ready at now, in ID order:
	// for each dossier its first entry, if it is not held, its NotBefore is
	// not after now and no unexpired claim holds it. The returned entries
	// are claimed until now+lease: no other claim returns them before.
	OutboxClaim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]OutboxEntry, error)
	// OutboxDone removes delivered entries. Unknown IDs (entries already
	// removed) are ignored, so a delivery acknowledged twice is harmless.
	OutboxDone(ctx context.Context, ids ...int64) error
	// OutboxRetry records a failed attempt at entry id: Attempts grows by
	// one, LastError and NotBefore are set, the claim is dropped, and hold
	// holds the entry. An unknown id is an error wrapping [ErrOutbox].
	OutboxRetry(ctx context.Context, id int64, notBefore time.Time, lastError string, hold bool) error
	// OutboxRelease clears the hold on entry id, for another attempt now.
	// An unknown id is an error wrapping [ErrOutbox].
	OutboxRelease(ctx context.Context, id int64) error
	// OutboxEntries returns up to limit entries with IDs above after, in
	// ID order, claimed or not: what a report of the queue shows.
	OutboxEntries(ctx context.Context, after int64, limit int) ([]OutboxEntry, error)
}

// CheckOutboxClaim checks the arguments of [Outbox.OutboxClaim]; stores
// call it first.
func CheckOutboxClaim(now time.Time, lease time.Duration, limit int) error {
	switch {
	case now.IsZero():
		return fmt.Errorf("%w: claim at the zero time", ErrOutbox)
	case lease <= 0:
		return fmt.Errorf("%w: lease %v: want a positive duration", ErrOutbox, lease)
	case limit <= 0:
		return fmt.Errorf("%w: limit %d: want a positive number", ErrOutbox, limit)
	}
	return nil
}

// memOutbox is [MemStore]'s outbox; the store's lock guards it.
type memOutbox struct {
	next    int64
	entries map[int64]*memOutboxEntry
	order   []int64            // IDs in order, removed ones included until compacted
	byCode  map[string][]int64 // a dossier's pending IDs in order
	removed int
}

type memOutboxEntry struct {
	OutboxEntry
	leased time.Time
}

// enqueue adds the new events evs of dossier code. The caller holds the
// store's write lock.
func (o *memOutbox) enqueue(code string, evs []Event) {
	if len(evs) == 0 {
		return
	}
	if o.entries == nil {
		o.entries = make(map[int64]*memOutboxEntry)
		o.byCode = make(map[string][]int64)
	}
	for i := range evs {
		o.next++
		o.entries[o.next] = &memOutboxEntry{OutboxEntry: OutboxEntry{ID: o.next, Code: code, Seq: evs[i].Seq}}
		o.order = append(o.order, o.next)
		o.byCode[code] = append(o.byCode[code], o.next)
	}
}

// OutboxClaim implements [Outbox.OutboxClaim].
func (s *MemStore) OutboxClaim(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]OutboxEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := CheckOutboxClaim(now, lease, limit); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.outbox
	var out []OutboxEntry
	for _, id := range o.order {
		if len(out) == limit {
			break
		}
		e := o.entries[id]
		if e == nil || o.byCode[e.Code][0] != id || e.Held || e.NotBefore.After(now) || e.leased.After(now) {
			continue
		}
		e.leased = now.Add(lease)
		out = append(out, e.OutboxEntry)
	}
	return out, nil
}

// OutboxDone implements [Outbox.OutboxDone].
func (s *MemStore) OutboxDone(ctx context.Context, ids ...int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o := &s.outbox
	for _, id := range ids {
		e := o.entries[id]
		if e == nil {
			continue
		}
		delete(o.entries, id)
		pending := o.byCode[e.Code]
		if i := slices.Index(pending, id); i >= 0 {
			pending = slices.Delete(pending, i, i+1)
		}
		if len(pending) == 0 {
			delete(o.byCode, e.Code)
		} else {
			o.byCode[e.Code] = pending
		}
		o.removed++
	}
	if o.removed > 64 && o.removed > len(o.order)/2 {
		o.order = slices.DeleteFunc(o.order, func(id int64) bool { return o.entries[id] == nil })
		o.removed = 0
	}
	return nil
}

// OutboxRetry implements [Outbox.OutboxRetry].
func (s *MemStore) OutboxRetry(ctx context.Context, id int64, notBefore time.Time, lastError string, hold bool) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.outboxChange(id, func(e *memOutboxEntry) {
		e.Attempts++
		e.NotBefore, e.LastError, e.Held, e.leased = notBefore, lastError, hold, time.Time{}
	})
}

// outboxChange applies f to entry id under the write lock.
func (s *MemStore) outboxChange(id int64, f func(*memOutboxEntry)) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e := s.outbox.entries[id]
	if e == nil {
		return fmt.Errorf("%w: no entry %d", ErrOutbox, id)
	}
	f(e)
	return nil
}

// OutboxRelease implements [Outbox.OutboxRelease].
func (s *MemStore) OutboxRelease(ctx context.Context, id int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return s.outboxChange(id, func(e *memOutboxEntry) { e.Held, e.NotBefore = false, time.Time{} })
}

// OutboxEntries implements [Outbox.OutboxEntries].
func (s *MemStore) OutboxEntries(ctx context.Context, after int64, limit int) ([]OutboxEntry, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if limit <= 0 {
		return nil, fmt.Errorf("%w: limit %d: want a positive number", ErrOutbox, limit)
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	o := &s.outbox
	i, _ := slices.BinarySearch(o.order, after+1)
	var out []OutboxEntry
	for ; i < len(o.order) && len(out) < limit; i++ {
		if e := o.entries[o.order[i]]; e != nil {
			out = append(out, e.OutboxEntry)
		}
	}
	return out, nil
}

var _ Outbox = (*MemStore)(nil)
