package dvc

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/motcua/motcua/dossier"
)

// Options tune a [Sender]; the zero value gives the defaults.
type Options struct {
	// Batch is the most dossiers sent in one call (default 100).
	Batch int
	// Lease is how long a claimed entry is reserved for this sender
	// (default 1 minute): a sender killed mid-delivery leaves its entries
	// to be claimed again when the lease runs out.
	Lease time.Duration
	// Backoff is the wait after a first failure (default 1 s); it doubles
	// with each failure up to MaxBackoff (default 10 minutes).
	Backoff, MaxBackoff time.Duration
	// MaxAttempts holds an entry after this many transient failures
	// (default 0: retry for ever); a refusal by the portal holds it at once.
	MaxAttempts int
	// Poll is how long Run waits when nothing is ready (default 1 s).
	Poll time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Logger, when set, receives a line per failed delivery.
	Logger *slog.Logger
}

// Sender delivers a store's outbox to the portal: for each dossier its
// events in order, each as the dossier record as of that event and the
// event's progress record, in batches of one event per dossier. Delivery
// is at least once: an entry is removed only after the portal accepted
// both records, so a crash between the two resends them, and the portal
// (and [Client]) treat a repeated record as done. Several senders may run
// on one store. A Sender is safe for concurrent use.
type Sender struct {
	store  dossier.Store
	outbox dossier.Outbox
	portal Portal
	mapper *Mapper
	o      Options
}

// NewSender returns a sender of store's outbox (the store must implement
// [dossier.Outbox], or the error wraps [ErrNoOutbox]) to portal, mapping
// dossiers with m (nil: the zero [Mapper]).
func NewSender(store dossier.Store, portal Portal, m *Mapper, o Options) (*Sender, error) {
	ob, ok := store.(dossier.Outbox)
	if !ok {
		return nil, ErrNoOutbox
	}
	if portal == nil {
		return nil, fmt.Errorf("%w: nil portal", ErrConfig)
	}
	if o.Batch < 0 || o.Lease < 0 || o.Backoff < 0 || o.MaxBackoff < 0 || o.MaxAttempts < 0 || o.Poll < 0 {
		return nil, fmt.Errorf("%w: negative option", ErrConfig)
	}
	if m == nil {
		m = &Mapper{}
	}
	if o.Batch == 0 {
		o.Batch = 100
	}
	if o.Lease == 0 {
		o.Lease = time.Minute
	}
	if o.Backoff == 0 {
		o.Backoff = time.Second
	}
	if o.MaxBackoff == 0 {
		o.MaxBackoff = 10 * time.Minute
	}
	if o.Poll == 0 {
		o.Poll = time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Sender{store: store, outbox: ob, portal: portal, mapper: m, o: o}, nil
}

// Run delivers until ctx ends, waiting Poll when nothing is ready, and
// returns ctx's error. Failures of the store end it too.
func (s *Sender) Run(ctx context.Context) error {
	for {
		n, err := s.Step(ctx)
		if err != nil {
			return err
		}
		if n == 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(s.o.Poll):
			}
		}
	}
}

// Step claims one batch and delivers it, and returns how many entries it
// delivered. Failed deliveries are recorded on their entries (retried
// after a backoff, or held), not returned; the error is the store's.
func (s *Sender) Step(ctx context.Context) (int, error) {
	now := s.o.Now()
	es, err := s.outbox.OutboxClaim(ctx, now, s.o.Lease, s.o.Batch)
	if err != nil || len(es) == 0 {
		return 0, err
	}
	type item struct {
		e dossier.OutboxEntry
		r Record
		p Progress
	}
	var fresh, updates []item
	for _, e := range es {
		d, err := s.store.Get(ctx, e.Code)
		if err == nil {
			var it item
			it.e = e
			it.r, it.p, err = s.mapper.Map(&d, e.Seq)
			if err == nil {
				if e.Seq == 1 {
					fresh = append(fresh, it)
				} else {
					updates = append(updates, it)
				}
				continue
			}
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		if err := s.failed(ctx, e, err); err != nil {
			return 0, err
		}
	}
	delivered := 0
	for _, group := range [][]item{fresh, updates} {
		if len(group) == 0 {
			continue
		}
		rs, ps := make([]Record, len(group)), make([]Progress, len(group))
		for i, it := range group {
			rs[i], ps[i] = it.r, it.p
		}
		err := s.portal.SyncDossiers(ctx, rs, group[0].e.Seq > 1)
		if err == nil {
			err = s.portal.UpdateProgress(ctx, ps)
		}
		if err != nil && len(group) > 1 && !errors.Is(err, ErrTransient) {
			// One record may be the one refused: send them one by one.
			for _, it := range group {
				n, err := s.deliverOne(ctx, it.e, it.r, it.p)
				if err != nil {
					return delivered, err
				}
				delivered += n
			}
			continue
		}
		if err != nil {
			for _, it := range group {
				if err := s.failed(ctx, it.e, err); err != nil {
					return delivered, err
				}
			}
			continue
		}
		ids := make([]int64, len(group))
		for i, it := range group {
			ids[i] = it.e.ID
		}
		if err := s.outbox.OutboxDone(ctx, ids...); err != nil {
			return delivered, err
		}
		delivered += len(group)
	}
	return delivered, nil
}

func (s *Sender) deliverOne(ctx context.Context, e dossier.OutboxEntry, r Record, p Progress) (int, error) {
	err := s.portal.SyncDossiers(ctx, []Record{r}, e.Seq > 1)
	if err == nil {
		err = s.portal.UpdateProgress(ctx, []Progress{p})
	}
	if err != nil {
		return 0, s.failed(ctx, e, err)
	}
	return 1, s.outbox.OutboxDone(ctx, e.ID)
}

// failed records a failed attempt: a transient failure waits the backoff
// (and is held after MaxAttempts), any other is held at once.
func (s *Sender) failed(ctx context.Context, e dossier.OutboxEntry, cause error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	hold := !errors.Is(cause, ErrTransient) || (s.o.MaxAttempts > 0 && e.Attempts+1 >= s.o.MaxAttempts)
	wait := s.o.Backoff
	for i := 0; i < e.Attempts && wait < s.o.MaxBackoff; i++ {
		wait *= 2
	}
	wait = min(wait, s.o.MaxBackoff)
	if s.o.Logger != nil {
		s.o.Logger.Warn("dvc: delivery failed", "code", e.Code, "seq", e.Seq, "attempts", e.Attempts+1, "held", hold, "err", cause)
	}
	return s.outbox.OutboxRetry(ctx, e.ID, s.o.Now().Add(wait), cause.Error(), hold)
}

// Stuck returns the entries that failed at least once, held or waiting,
// with why (LastError): the report of what is not reaching the portal.
func (s *Sender) Stuck(ctx context.Context) ([]dossier.OutboxEntry, error) {
	var out []dossier.OutboxEntry
	err := s.each(ctx, func(e dossier.OutboxEntry) {
		if e.Held || e.Attempts > 0 {
			out = append(out, e)
		}
	})
	return out, err
}

// Pending returns how many entries wait in the outbox, stuck or not.
func (s *Sender) Pending(ctx context.Context) (int, error) {
	n := 0
	err := s.each(ctx, func(dossier.OutboxEntry) { n++ })
	return n, err
}

// each calls f with every entry of the outbox, in ID order.
func (s *Sender) each(ctx context.Context, f func(dossier.OutboxEntry)) error {
	for after := int64(0); ; {
		page, err := s.outbox.OutboxEntries(ctx, after, 1000)
		if err != nil || len(page) == 0 {
			return err
		}
		for _, e := range page {
			f(e)
		}
		after = page[len(page)-1].ID
	}
}
