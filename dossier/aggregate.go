package dossier

import "context"

// SummaryCounter is a [Store] that counts the settlement table itself (in
// SQL, say): [Summarize] uses it when the store has it. SummaryRows
// returns one row per group key with the counts [SummaryRow.Tally] would
// give over the dossiers of [Filter]{Since: p.From, Until: p.To}, in any
// order; rates and totals are left to Summarize. p is valid and g one of
// the defined groupings.
type SummaryCounter interface {
	SummaryRows(ctx context.Context, p Period, g GroupBy) ([]SummaryRow, error)
}
