package sqlstore

import (
	"context"
	"fmt"
	"iter"

	"github.com/motcua/motcua/dossier"
)

var _ dossier.CodeOrderedLog = (*Store)(nil)

// LogEntriesByCode implements [dossier.CodeOrderedLog]: every log entry in
// the order of the dossiers' codes and then of their events, read a page
// of 1,000 at a time through the index on (code, seq), so that
// [dossier.Audit] joins the log to the dossiers in one pass.
func (s *Store) LogEntriesByCode(ctx context.Context) iter.Seq2[dossier.LogEntry, error] {
	return func(yield func(dossier.LogEntry, error) bool) {
		if err := s.check(ctx); err != nil {
			yield(dossier.LogEntry{}, err)
			return
		}
		st, err := s.stmt(ctx, false, s.q("SELECT idx, code, seq, leaf FROM motcua_log WHERE (code, seq) > (?, ?) ORDER BY code, seq LIMIT ?"))
		if err != nil {
			yield(dossier.LogEntry{}, fmt.Errorf("sqlstore: read the log: %w", err))
			return
		}
		page := make([]dossier.LogEntry, 0, logPage)
		code, seq := "", int64(0)
		for {
			if err := s.check(ctx); err != nil {
				yield(dossier.LogEntry{}, err)
				return
			}
			// A row value, so that the page is a range search on the index
			// (an OR of the two conditions scans it from the start).
			rows, err := st.QueryContext(ctx, code, seq, logPage)
			if err == nil {
				page, err = readEntries(page[:0], rows)
			}
			if err != nil {
				yield(dossier.LogEntry{}, fmt.Errorf("sqlstore: read the log: %w", err))
				return
			}
			for i := range page {
				if !yield(page[i], nil) {
					return
				}
			}
			if len(page) < logPage {
				return
			}
			last := &page[len(page)-1]
			code, seq = last.Code, int64(last.Seq)
		}
	}
}
