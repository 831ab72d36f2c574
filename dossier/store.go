package dossier

import (
	"context"
	"iter"
	"slices"
	"time"

	"github.com/motcua/motcua/catalog"
)

// Store keeps dossiers and the transparency [Log] over their events.
// Implementations must be safe for concurrent use and pass the conformance
// suite in package dossier/storetest. [MemStore] is the in-memory
// implementation; package dossier/sqlstore keeps them in SQL.
type Store interface {
	// Log is the transparency log: Create and Update append the leaves of
	// the events they store, in the same transaction, in commit order.
	Log
	// Create stores a new dossier. Its Code must be set (see NextCode) and
	// unused, otherwise the error wraps ErrExists; Version must equal
	// len(Events). Nothing is stored on error.
	Create(ctx context.Context, d Dossier) error
	// Get returns a copy of the dossier with the given code, or an error
	// wrapping ErrNotFound.
	Get(ctx context.Context, code string) (Dossier, error)
	// Update replaces the stored dossier d.Code if its Version is
	// expectedVersion; otherwise it returns an error wrapping ErrConflict
	// and writes nothing. d.Version must be expectedVersion+1 or more and
	// equal len(d.Events), and d.Events must begin with the stored events
	// unchanged (the trail is append-only: ErrAppendOnly), or the error
	// wraps ErrInvalidDossier; a missing dossier is ErrNotFound.
	Update(ctx context.Context, d Dossier, expectedVersion int64) error
	// List yields the dossiers that pass f, ordered by Code. An error ends
	// the sequence with a zero Dossier and the error. Each dossier is read
	// in a consistent state; dossiers created or changed while the sequence
	// runs may or may not appear.
	List(ctx context.Context, f Filter) iter.Seq2[Dossier, error]
	// NextCode allocates the next dossier code of agency for the receipt
	// day containing day (in Asia/Ho_Chi_Minh): sequence numbers start at 1
	// and are unique and gap-free per agency and day, even under concurrent
	// callers. See [FormatCode].
	NextCode(ctx context.Context, agency string, day time.Time) (string, error)
}

// Filter selects dossiers in [Store.List]. The zero Filter selects every
// dossier; each set field narrows the selection.
type Filter struct {
	// Agency keeps dossiers of this receiving agency.
	Agency string
	// ProcedureCode keeps dossiers of this procedure.
	ProcedureCode string
	// Sector keeps dossiers of this sector.
	Sector string
	// Level keeps dossiers handled at this level.
	Level catalog.Level
	// Channel keeps dossiers filed through this channel.
	Channel catalog.Channel
	// Statuses keeps dossiers in one of these states.
	Statuses []Status
	// Since and Until, when set, keep the dossiers whose life overlaps
	// [Since, Until): submitted before Until, and not closed (ClosedAt)
	// before Since. This is the selection statistics for a period need.
	Since, Until time.Time
	// Brief lets the store leave Units, FormData, Attachments, FeeQuote,
	// Payment and Events out of the yielded dossiers (every other field is
	// kept), which is much cheaper for statistics over many dossiers.
	Brief bool
	// After keeps dossiers whose Code sorts after it, to resume a listing.
	After string
	// Limit stops after this many dossiers when positive.
	Limit int
}

// Match reports whether d passes the filter's conditions (After and Limit,
// which depend on the listing, aside). Stores may use it, or push the same
// conditions into their queries.
func (f *Filter) Match(d *Dossier) bool {
	if f.Agency != "" && d.Agency != f.Agency {
		return false
	}
	if f.ProcedureCode != "" && d.ProcedureCode != f.ProcedureCode {
		return false
	}
	if f.Sector != "" && d.Sector != f.Sector {
		return false
	}
	if f.Level != catalog.LevelUnknown && d.Level != f.Level {
		return false
	}
	if f.Channel != catalog.ChannelUnknown && d.Channel != f.Channel {
		return false
	}
	if len(f.Statuses) > 0 && !slices.Contains(f.Statuses, d.Status) {
		return false
	}
	if !f.Until.IsZero() && !d.SubmittedAt.Before(f.Until) {
		return false
	}
	if !f.Since.IsZero() && !d.ClosedAt.IsZero() && d.ClosedAt.Before(f.Since) {
		return false
	}
	return true
}
