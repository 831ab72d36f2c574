package sqlstore

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/motcua/motcua/dossier"
)

// The settlement table and the Decision 766 indicators are counted in SQL:
// one aggregate query over the dossier rows, no row sent to Go. Each CASE
// below is a branch of [dossier.SummaryRow.Tally] or
// [dossier.IndicatorCounts.Tally]; the tests compare both ways on random
// dossiers.

var (
	_ dossier.SummaryCounter   = (*Store)(nil)
	_ dossier.IndicatorCounter = (*Store)(nil)
)

// vnDay is the day number of a time column in Asia/Ho_Chi_Minh (UTC+7):
// what dossier's dayNumber computes, for times after 1970.
func vnDay(col string) string { return "((" + col + " + 25200000000000) / 86400000000000)" }

// periodSQL holds the bounds of a period [from, to) as SQL integers (Unix
// nanoseconds).
type periodSQL struct{ from, to string }

func newPeriodSQL(p dossier.Period) (periodSQL, error) {
	f, err := nanos("", "period start", p.From)
	if err != nil {
		return periodSQL{}, err
	}
	t, err := nanos("", "period end", p.To)
	if err != nil {
		return periodSQL{}, err
	}
	return periodSQL{strconv.FormatInt(f.(int64), 10), strconv.FormatInt(t.(int64), 10)}, nil
}

// where is List's selection for Filter{Since: from, Until: to}.
func (q periodSQL) where() string {
	return "submitted_at < " + q.to + " AND (closed_at IS NULL OR closed_at >= " + q.from + ")"
}

func sum(cond string) string { return "SUM(CASE WHEN " + cond + " THEN 1 ELSE 0 END)" }

// SummaryRows implements [dossier.SummaryCounter].
func (s *Store) SummaryRows(ctx context.Context, p dossier.Period, g dossier.GroupBy) ([]dossier.SummaryRow, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	q, err := newPeriodSQL(p)
	if err != nil {
		return nil, err
	}
	key := "''"
	switch g {
	case dossier.GroupSector:
		key = "sector"
	case dossier.GroupAgency:
		key = "agency"
	case dossier.GroupProcedure:
		key = "procedure_code"
	case dossier.GroupLevel:
		key = "level"
	case dossier.GroupNone:
	}
	// fin: the settlement, or the withdrawal (Tally's finished). Each row
	// gets two small categories, the column of its arrival (c1) and of its
	// end (c2), and the query counts the rows per key and categories: two
	// CASE expressions a row, the sums done here.
	fin := "(CASE WHEN settled_at IS NOT NULL THEN settled_at WHEN status = 'withdrawn' THEN closed_at END)"
	late := "apologies > 0 OR (due_at IS NOT NULL AND settled_at > due_at)"
	early := "due_at IS NOT NULL AND " + vnDay("settled_at") + " < " + vnDay("due_at")
	c1 := "CASE WHEN received_at < " + q.from + " THEN 0 WHEN channel = 'online' AND online = 'full' THEN 1" +
		" WHEN channel = 'online' THEN 2 WHEN channel = 'post' THEN 4 ELSE 3 END"
	c2 := "CASE WHEN fin IS NOT NULL AND fin < " + q.to + " THEN (CASE WHEN settled_at IS NULL THEN 4 WHEN outcome = 'denied' THEN 3" +
		" WHEN " + late + " THEN 2 WHEN " + early + " THEN 0 ELSE 1 END)" +
		" WHEN status = 'awaiting_supplement' AND paused_at IS NOT NULL AND paused_at < " + q.to + " THEN 7" +
		" WHEN due_at IS NOT NULL AND due_at < " + q.to + " THEN 6 ELSE 5 END"
	query := "SELECT k, " + c1 + ", " + c2 + ", COUNT(*) FROM (SELECT " + key + " AS k, received_at, settled_at, closed_at, due_at, paused_at, " +
		"status, outcome, channel, online, apologies, " + fin + " AS fin FROM motcua_dossiers WHERE " + q.where() +
		" AND received_at IS NOT NULL AND received_at < " + q.to + ") d WHERE fin IS NULL OR fin >= " + q.from + " GROUP BY 1, 2, 3"
	rows, err := s.r.QueryContext(ctx, query)
	if err != nil {
		return nil, dbError("summarize", "", err)
	}
	byKey := map[string]*dossier.SummaryRow{}
	for rows.Next() {
		var k string
		var arrival, end, n int
		if err := rows.Scan(&k, &arrival, &end, &n); err != nil {
			rows.Close()
			return nil, scanError("summarize", "", err)
		}
		r := byKey[k]
		if r == nil {
			r = &dossier.SummaryRow{Key: k}
			byKey[k] = r
		}
		*[...]*int{&r.CarriedOver, &r.NewOnlineFull, &r.NewOnlinePartial, &r.NewCounter, &r.NewPost}[arrival] += n
		*[...]*int{&r.SettledEarly, &r.SettledOnTime, &r.SettledLate, &r.Refused, &r.Withdrawn,
			&r.PendingWithinTerm, &r.PendingOverdue, &r.AwaitingSupplement}[end] += n
	}
	if err := closeRows(rows); err != nil {
		return nil, dbError("summarize", "", err)
	}
	out := make([]dossier.SummaryRow, 0, len(byKey))
	for _, r := range byKey {
		out = append(out, *r)
	}
	return out, nil
}

// CountIndicators implements [dossier.IndicatorCounter] with the facts
// columns of schema 8.
func (s *Store) CountIndicators(ctx context.Context, p dossier.Period, agency string) (dossier.IndicatorCounts, error) {
	var c dossier.IndicatorCounts
	if err := s.check(ctx); err != nil {
		return c, err
	}
	q, err := newPeriodSQL(p)
	if err != nil {
		return c, err
	}
	// fin: the settlement, or the closing (IndicatorCounts.Tally's finished).
	fin := "COALESCE(settled_at, closed_at)"
	end := "(CASE WHEN fin IS NOT NULL AND fin < " + q.to + " THEN fin" +
		" WHEN status = 'awaiting_supplement' AND paused_at IS NOT NULL AND paused_at < " + q.to + " THEN paused_at" +
		" ELSE " + q.to + " END)"
	onTime := "supplement_requests <= 1 AND apologies = 0 AND (due_at IS NULL OR " + end + " <= due_at)"
	handled := "(fin IS NULL OR fin >= " + q.from + ")"
	recv := "received_at >= " + q.from
	cols := []string{
		sum(handled),
		sum(handled + " AND " + onTime),
		sum(recv),
		sum(recv + " AND channel = 'online'"),
		sum(recv + " AND (facts & " + strconv.Itoa(factFeeDue) + ") <> 0"),
		sum(recv + " AND (facts & " + strconv.Itoa(factFeeDue|factPaidOnline) + ") = " + strconv.Itoa(factFeeDue|factPaidOnline)),
		sum(recv + " AND (facts & " + strconv.Itoa(factDigitised) + ") <> 0"),
		sum(recv + " AND outcome = 'granted'"),
		sum(recv + " AND outcome = 'granted' AND status = 'returned' AND delivery = 'electronic'"),
	}
	where := q.where() + " AND received_at IS NOT NULL AND received_at < " + q.to
	var args []any
	if agency != "" {
		where += " AND agency = ?"
		args = append(args, agency)
	}
	query := "SELECT " + strings.Join(cols, ", ") + " FROM (SELECT received_at, settled_at, closed_at, due_at, paused_at, status, outcome, " +
		"channel, delivery, apologies, supplement_requests, facts, " + fin + " AS fin FROM motcua_dossiers WHERE " + where + ") d"
	n := [...]*int{&c.Handled, &c.HandledOnTime, &c.Received, &c.ReceivedOnline, &c.FeeDue, &c.PaidOnline, &c.Digitised, &c.Granted, &c.ElectronicResult}
	dest := make([]any, len(n))
	vals := make([]*int64, len(n))
	for i := range n {
		vals[i] = new(int64)
		dest[i] = &nullInt{vals[i]}
	}
	if err := s.r.QueryRowContext(ctx, s.q(query), args...).Scan(dest...); err != nil {
		return dossier.IndicatorCounts{}, scanError("indicators", "", err)
	}
	for i := range n {
		*n[i] = int(*vals[i])
	}
	return c, nil
}

// nullInt scans an integer, NULL (a SUM over no row) as 0.
type nullInt struct{ v *int64 }

func (n *nullInt) Scan(src any) error {
	var x sql.NullInt64
	if err := x.Scan(src); err != nil {
		return err
	}
	*n.v = x.Int64
	return nil
}
