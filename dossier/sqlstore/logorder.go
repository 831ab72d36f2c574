package sqlstore

import (
	"context"
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
		// A row value, so that each page is a range search on the index
		// (an OR of the two conditions scans it from its start).
		query := s.q("SELECT idx, code, seq, leaf FROM motcua_log WHERE (code, seq) > (?, ?) ORDER BY code, seq LIMIT ?")
		s.pageEntries(ctx, yield, query, func(last *dossier.LogEntry) []any {
			if last == nil {
				return []any{"", 0, logPage}
			}
			return []any{last.Code, int64(last.Seq), logPage}
		})
	}
}
