package catalog

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/motcua/motcua/internal/errdetail"
)

// check returns every consistency problem of procs, whose Levels are in
// levels.
func check(procs []record, levels *tables) []Problem {
	var probs []Problem
	add := func(i int, field string, err error) {
		probs = append(probs, Problem{Index: i, Code: procs[i].code, Field: field, Err: err})
	}
	for i := range procs {
		proc := procs[i].procedure(levels)
		p := &proc
		if p.Code == "" {
			add(i, "Code", ErrEmptyCode)
		}
		if p.Name == "" {
			add(i, "Name", ErrEmptyName)
		}
		if p.ProcessingDays < 0 {
			add(i, "ProcessingDays", fmt.Errorf("%w: %d", ErrNegativeDays, p.ProcessingDays))
		}
		if p.NoFixedDuration && p.ProcessingDays != 0 {
			add(i, "ProcessingDays", fmt.Errorf("%w: %d working days on a procedure with no fixed duration",
				ErrFixedAndNot, p.ProcessingDays))
		}
		for j, l := range p.Levels {
			if !l.Valid() {
				add(i, fmt.Sprintf("Levels[%d]", j), fmt.Errorf("%w: %d", ErrUnknownLevel, uint8(l)))
			}
		}
		if !p.Online.Valid() {
			add(i, "Online", fmt.Errorf("%w: online level %d", ErrUnknownLevel, uint8(p.Online)))
		}
		if !p.ValidFrom.IsZero() && !p.ValidTo.IsZero() && !p.ValidTo.After(p.ValidFrom) {
			add(i, "ValidTo", fmt.Errorf("%w: %s is not after %s", ErrValidity,
				p.ValidTo.Format("2006-01-02"), p.ValidFrom.Format("2006-01-02")))
		}
		checkDocs := func(prefix string, docs []Requirement) {
			for j, d := range docs {
				f := fmt.Sprintf("%s[%d]", prefix, j)
				if d.Name == "" {
					add(i, f+".Name", ErrUnnamedDocument)
				}
				if d.Originals < 0 || d.Copies < 0 || d.MaxBytes < 0 {
					add(i, f, fmt.Errorf("%w: originals %d, copies %d, max bytes %d",
						ErrInvalidDocument, d.Originals, d.Copies, d.MaxBytes))
				}
			}
		}
		checkDocs("Documents", p.Documents)
		for k, c := range p.Cases {
			checkDocs(fmt.Sprintf("Cases[%d].Documents", k), c.Documents)
		}
		for k, c := range p.Channels {
			f := fmt.Sprintf("Channels[%d]", k)
			if !c.Channel.Valid() {
				add(i, f+".Channel", fmt.Errorf("%w: channel %d", ErrUnknownLevel, uint8(c.Channel)))
			}
			if !c.Unit.Valid() {
				add(i, f+".Unit", fmt.Errorf("%w: time unit %d", ErrUnknownLevel, uint8(c.Unit)))
			}
			if c.Time < 0 {
				add(i, f+".Time", fmt.Errorf("%w: %d", ErrNegativeDays, c.Time))
			}
			for j, fee := range c.Fees {
				ff := fmt.Sprintf("%s.Fees[%d]", f, j)
				if fee.Kind != FeeKindUnknown && !fee.Kind.Valid() {
					add(i, ff+".Kind", fmt.Errorf("%w: fee kind %d", ErrUnknownLevel, uint8(fee.Kind)))
				}
				if !validCurrency(fee.Currency) {
					add(i, ff+".Currency", fmt.Errorf("%w: currency %s is not an ISO 4217 code", ErrInvalidFee, errdetail.Quote(fee.Currency)))
				}
			}
		}
		for k, v := range p.Variants {
			f := fmt.Sprintf("Variants[%d]", k)
			if !v.Unit.Valid() {
				add(i, f+".Unit", fmt.Errorf("%w: time unit %d", ErrUnknownLevel, uint8(v.Unit)))
			}
			if v.Time < 0 {
				add(i, f+".Time", fmt.Errorf("%w: %d", ErrNegativeDays, v.Time))
			}
		}
		for k, c := range p.ReturnMethods {
			if !c.Valid() {
				add(i, fmt.Sprintf("ReturnMethods[%d]", k), fmt.Errorf("%w: channel %d", ErrUnknownLevel, uint8(c)))
			}
		}
		for k, l := range p.LegalRefs {
			if l.Code == "" && l.Name == "" {
				add(i, fmt.Sprintf("LegalRefs[%d]", k), fmt.Errorf("%w: legal document without a code or a name", ErrEmptyName))
			}
		}
	}
	// Overlapping versions of one code: sort indices by code, compare
	// each version with the others of its code.
	idx := make([]int32, len(procs))
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortStableFunc(idx, func(a, b int32) int { return cmp.Compare(procs[a].code, procs[b].code) })
	for a := 0; a < len(idx); {
		b := a + 1
		for b < len(idx) && procs[idx[b]].code == procs[idx[a]].code {
			b++
		}
		for x := a; x < b; x++ {
			for y := x + 1; y < b; y++ {
				if procs[idx[x]].code != "" && procs[idx[x]].overlaps(&procs[idx[y]]) {
					later := max(idx[x], idx[y])
					add(int(later), "ValidFrom", fmt.Errorf("%w: overlaps procedure #%d",
						ErrDuplicateCode, min(idx[x], idx[y])))
				}
			}
		}
		a = b
	}
	slices.SortStableFunc(probs, func(a, b Problem) int { return cmp.Compare(a.Index, b.Index) })
	return probs
}
