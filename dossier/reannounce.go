package dossier

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ProvisionalYears returns the provisional calendar years (computed from
// the holiday rules, without an official notice) that d's current due time
// was counted over, as the event that set it recorded them; nil when the
// due time rests on official years only, or d has none. When the notice of
// such a year is published, [DueChanges] says whether the due time moves.
func (d *Dossier) ProvisionalYears() []int {
	for i := len(d.Events) - 1; i >= 0; i-- {
		ev := &d.Events[i]
		if _, ok := ev.Data.Lookup("due"); !ok || ev.Action == RequestSupplement {
			continue
		}
		var out []int
		for _, f := range strings.Split(ev.Data.Get("provisional"), ",") {
			if y, err := strconv.Atoi(f); err == nil {
				out = append(out, y)
			}
		}
		return out
	}
	return nil
}

// DueChange is an open dossier whose due time differs when counted in
// another calendar; see [DueChanges].
type DueChange struct {
	// Code is the dossier's code.
	Code string
	// Status is its current state.
	Status Status
	// DueAt is the stored due time; NewDueAt the one the calendar gives.
	DueAt, NewDueAt time.Time
	// Provisional lists the provisional years the stored due time rested
	// on ([Dossier.ProvisionalYears]).
	Provisional []int
}

// DueChanges lists the open dossiers of store passing f (received, not
// settled nor closed) whose due time changes when recounted in cal: for
// each, the trail is replayed (receipt, pauses for supplementation and
// resumptions, apologies with their chosen dates) with cal's working days.
// It is the list to re-announce when an official notice replaces a
// provisional year: build the new calendar with the notice, call
// DueChanges, inform the applicants and record the new dates. Nothing is
// changed. Dossiers that cannot be recounted in cal (a date outside it)
// make the error, which wraps the calendar's.
func DueChanges(ctx context.Context, store Store, cal *Calendar, f Filter) ([]DueChange, error) {
	if store == nil || cal == nil {
		return nil, fmt.Errorf("%w: DueChanges needs a store and a calendar", ErrInvalidDossier)
	}
	var out []DueChange
	for d, err := range store.List(ctx, f) {
		if err != nil {
			return nil, err
		}
		if !d.Open() || d.DueAt.IsZero() {
			continue
		}
		due, err := recountDue(&d, cal)
		if err != nil {
			return nil, fmt.Errorf("dossier: %s: recount the due time: %w", d.Code, err)
		}
		if !due.Equal(d.DueAt) {
			out = append(out, DueChange{Code: d.Code, Status: d.Status, DueAt: d.DueAt, NewDueAt: due, Provisional: d.ProvisionalYears()})
		}
	}
	return out, nil
}

// recountDue replays the events of d that set its due time, in cal.
func recountDue(d *Dossier, cal *Calendar) (time.Time, error) {
	cutOff := time.Duration(d.CutOff) * time.Minute
	var due, paused time.Time
	for i := range d.Events {
		ev := &d.Events[i]
		var err error
		switch ev.Action {
		case Receive:
			due, err = cal.DueDateCutOff(ev.At, d.Deadline, cutOff)
		case RequestSupplement:
			paused = ev.At
		case Supplement:
			if due.IsZero() {
				continue // supplemented before receipt: no clock yet
			}
			if d.RestartOnSupplement {
				due, err = cal.DueDateCutOff(ev.At, d.Deadline, cutOff)
			} else {
				due, err = cal.Resume(paused, due, ev.At, d.Deadline.Unit, cutOff)
			}
			paused = time.Time{}
		case Apologize:
			due, err = time.Parse(time.RFC3339, ev.Data.Get("due"))
		default:
			continue
		}
		if err != nil {
			return time.Time{}, err
		}
	}
	return due.In(d.DueAt.Location()), nil
}
