package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/motcua/motcua/dossier"
)

// Page sizes of List: each page is one query (plus one for the events of a
// full page), and memory holds at most one page.
const (
	briefPage = 1000
	fullPage  = 200
)

// List implements [dossier.Store.List] with keyset pagination: each page
// is a query for the next dossiers after the last code seen, in code order,
// with the filter's conditions in its WHERE clause (each backed by an
// index), so memory stays bounded by one page however many dossiers match,
// and no connection is held while the caller's loop body runs. Each
// dossier is read as one committed state: its events are the first
// Version events, which the store never changes.
func (s *Store) List(ctx context.Context, f dossier.Filter) iter.Seq2[dossier.Dossier, error] {
	return func(yield func(dossier.Dossier, error) bool) {
		size := fullPage
		if f.Brief {
			size = briefPage
		}
		if f.Limit > 0 && f.Limit < size {
			size = f.Limit
		}
		where, args, err := s.where(&f)
		if err != nil {
			yield(dossier.Dossier{}, err)
			return
		}
		sel := s.qs.selectFull
		if f.Brief {
			sel = s.qs.selectBrief
		}
		query := s.q(sel + " WHERE code > ?" + where + " ORDER BY code LIMIT ?")
		after, n := f.After, 0
		page := make([]dossier.Dossier, 0, size)
		for {
			if err := s.check(ctx); err != nil {
				yield(dossier.Dossier{}, err)
				return
			}
			limit := size
			if f.Limit > 0 {
				limit = min(size, f.Limit-n)
			}
			page, err = s.readPage(ctx, page[:0], query, after, args, limit, f.Brief)
			if err != nil {
				yield(dossier.Dossier{}, err)
				return
			}
			if len(page) == 0 {
				return
			}
			last := page[len(page)-1].Code
			for i := range page {
				if !yield(page[i], nil) {
					return
				}
				page[i] = dossier.Dossier{} // let the caller's copy be the only one
			}
			n += len(page)
			if len(page) < limit || (f.Limit > 0 && n >= f.Limit) {
				return
			}
			after = last
		}
	}
}

func (s *Store) readPage(ctx context.Context, page []dossier.Dossier, query, after string, args []any, limit int, brief bool) ([]dossier.Dossier, error) {
	all := make([]any, 0, len(args)+2)
	all = append(all, after)
	all = append(all, args...)
	all = append(all, limit)
	rows, err := s.r.QueryContext(ctx, query, all...)
	if err != nil {
		return page, dbError("list", "", err)
	}
	prev := after
	for rows.Next() {
		page = append(page, dossier.Dossier{})
		d := &page[len(page)-1]
		err := scanDossier(rows, d, brief)
		if err == nil && d.Code <= prev {
			// The query asks for codes after the last one, in order: a row
			// out of order was read through a damaged page or index.
			err = &CorruptError{Code: d.Code, Op: "list", Err: fmt.Errorf("row out of code order after %q", prev)}
		}
		if err != nil {
			rows.Close()
			return page, err
		}
		prev = d.Code
	}
	if err := closeRows(rows); err != nil {
		return page, dbError("list", "", err)
	}
	if !brief && len(page) > 0 {
		if err := s.loadEvents(ctx, page); err != nil {
			return page, err
		}
	}
	return page, nil
}

// where returns the conditions of f (After and Limit aside) as " AND ..."
// with ? placeholders, and their arguments.
func (s *Store) where(f *dossier.Filter) (string, []any, error) {
	var b strings.Builder
	var args []any
	for _, t := range []string{f.Agency, f.ProcedureCode, f.Sector, f.After} {
		if err := checkColumn("list", "filter", t); err != nil {
			return "", nil, err
		}
	}
	eq := func(col string, v any) {
		b.WriteString(" AND " + col + " = ?")
		args = append(args, v)
	}
	if f.Agency != "" {
		eq("agency", f.Agency)
	}
	if f.ProcedureCode != "" {
		eq("procedure_code", f.ProcedureCode)
	}
	if f.Sector != "" {
		eq("sector", f.Sector)
	}
	if f.Level != 0 {
		v, err := enumText("", "filter level", f.Level)
		if err != nil {
			return "", nil, err
		}
		eq("level", v)
	}
	if f.Channel != 0 {
		v, err := enumText("", "filter channel", f.Channel)
		if err != nil {
			return "", nil, err
		}
		eq("channel", v)
	}
	if len(f.Statuses) > 0 {
		b.WriteString(" AND status IN (")
		for i, st := range f.Statuses {
			v, err := enumText("", "filter status", st)
			if err != nil {
				return "", nil, err
			}
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("?")
			args = append(args, v)
		}
		b.WriteString(")")
	}
	if !f.Until.IsZero() {
		v, err := nanos("", "filter end", f.Until)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(" AND submitted_at < ?")
		args = append(args, v)
	}
	if !f.Since.IsZero() {
		v, err := nanos("", "filter start", f.Since)
		if err != nil {
			return "", nil, err
		}
		b.WriteString(" AND (closed_at IS NULL OR closed_at >= ?)")
		args = append(args, v)
	}
	return b.String(), args, nil
}

// loadEvents reads the trails of the dossiers of page (sorted by code, or
// a single dossier) in one query, keeping each dossier's first Version
// events.
func (s *Store) loadEvents(ctx context.Context, page []dossier.Dossier) error {
	if len(page) == 1 {
		st, err := s.stmt(ctx, false, s.qs.getEvents)
		if err != nil {
			return dbError("read events", "", err)
		}
		page[0].Events = make([]dossier.Event, 0, page[0].Version)
		rows, err := st.QueryContext(ctx, page[0].Code, page[0].Version)
		if err != nil {
			return dbError("read events", "", err)
		}
		return s.scanEvents(rows, page)
	}
	var q strings.Builder
	q.WriteString("SELECT " + eventColumnList + " FROM motcua_events WHERE code IN (")
	args := make([]any, len(page))
	for i := range page {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("?")
		args[i] = page[i].Code
		page[i].Events = make([]dossier.Event, 0, page[i].Version)
	}
	q.WriteString(") ORDER BY code, pos")
	rows, err := s.r.QueryContext(ctx, s.q(q.String()), args...)
	if err != nil {
		return dbError("read events", "", err)
	}
	return s.scanEvents(rows, page)
}

// scanEvents distributes the event rows (ordered by code and position)
// among the dossiers of page.
func (s *Store) scanEvents(rows *sql.Rows, page []dossier.Dossier) error {
	defer rows.Close()
	i := 0
	for rows.Next() {
		var ev dossier.Event
		code, pos, err := scanEvent(rows, &ev)
		if err != nil {
			return err
		}
		for i < len(page) && page[i].Code != code {
			i++
		}
		if i == len(page) {
			return &CorruptError{Code: code, Op: "read events", Err: errors.New("event row out of code order")}
		}
		d := &page[i]
		if pos > d.Version {
			continue // appended after the row was read
		}
		if pos != int64(len(d.Events))+1 {
			return &CorruptError{Code: code, Column: "events.pos", Err: fmt.Errorf("event at position %d follows %d events", pos, len(d.Events))}
		}
		d.Events = append(d.Events, ev)
	}
	if err := rows.Err(); err != nil {
		return dbError("read events", "", err)
	}
	for i := range page {
		d := &page[i]
		if int64(len(d.Events)) != d.Version {
			return &CorruptError{Code: d.Code, Column: "events", Err: fmt.Errorf("%d events stored for version %d", len(d.Events), d.Version)}
		}
		if d.Version == 0 {
			d.Events = nil
		}
	}
	return nil
}
