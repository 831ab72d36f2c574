package dossier

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

// Period is a reporting period [From, To). Both ends must be set.
type Period struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// Month returns the period of a calendar month in Asia/Ho_Chi_Minh.
func Month(year int, month time.Month) Period {
	from := vntime.Date(year, month, 1)
	return Period{From: from, To: from.AddDate(0, 1, 0)}
}

// GroupBy says how [Summarize] groups its rows. The zero value, GroupNone,
// gives a single group with an empty key.
type GroupBy uint8

// Groupings of the settlement table.
const (
	GroupNone      GroupBy = iota // a single group
	GroupSector                   // by [Dossier.Sector]
	GroupAgency                   // by [Dossier.Agency]
	GroupProcedure                // by [Dossier.ProcedureCode]
	GroupLevel                    // by [Dossier.Level] ("commune", "province"...)
)

var groupNames = [...]string{"none", "sector", "agency", "procedure", "level"}

// String returns the stable identifier ("none", "sector", "agency",
// "procedure", "level").
func (g GroupBy) String() string {
	if int(g) < len(groupNames) {
		return groupNames[g]
	}
	return fmt.Sprintf("GroupBy(%d)", uint8(g))
}

// Summary is the settlement statistics table (bảng thống kê kết quả giải
// quyết thủ tục hành chính) of a period: one row per group, sorted by key,
// and a totals row. Package dossier/report renders it.
type Summary struct {
	// Period is the period summarised; pending counts are as of Period.To.
	Period Period `json:"period"`
	// GroupBy is the grouping of Rows.
	GroupBy GroupBy `json:"groupBy"`
	// Rows has one row per group that has any dossier in the period,
	// sorted by Key.
	Rows []SummaryRow `json:"rows"`
	// Total sums every row; its Key is empty.
	Total SummaryRow `json:"total"`
}

// SummaryRow is one line of the settlement table. Only received dossiers
// count: a dossier refused at intake or withdrawn before receipt was never
// taken on. The columns balance:
//
//	CarriedOver + New() = Settled() + Refused + Withdrawn + Pending()
type SummaryRow struct {
	// Key is the group's value: a sector name, an agency code, a procedure
	// code or a level identifier; empty for GroupNone and the totals row.
	Key string `json:"key"`

	// CarriedOver counts dossiers received before the period and still
	// being handled at its start (kỳ trước chuyển qua).
	CarriedOver int `json:"carriedOver"`
	// NewOnlineFull counts dossiers received in the period, filed online
	// for a fully online procedure (trực tuyến toàn trình).
	NewOnlineFull int `json:"newOnlineFull"`
	// NewOnlinePartial counts dossiers received in the period, filed online
	// for a partly online procedure (trực tuyến một phần).
	NewOnlinePartial int `json:"newOnlinePartial"`
	// NewCounter counts dossiers received in the period at the counter
	// (trực tiếp); an unknown channel counts here.
	NewCounter int `json:"newCounter"`
	// NewPost counts dossiers received in the period by post (bưu chính).
	NewPost int `json:"newPost"`

	// SettledEarly counts dossiers granted in the period before their due
	// day (trước hạn).
	SettledEarly int `json:"settledEarly"`
	// SettledOnTime counts dossiers granted in the period on their due day,
	// by the due time (đúng hạn).
	SettledOnTime int `json:"settledOnTime"`
	// SettledLate counts dossiers granted in the period after their due
	// time, or after an apology letter (quá hạn).
	SettledLate int `json:"settledLate"`
	// Refused counts dossiers refused on the merits or stopped ([Stopped],
	// mẫu 05) in the period: returned to the applicant with the reasons
	// (trả lại).
	Refused int `json:"refused"`
	// Withdrawn counts dossiers withdrawn by the applicant in the period.
	Withdrawn int `json:"withdrawn"`

	// PendingWithinTerm counts dossiers still being handled at the end of
	// the period whose due time is not past (đang giải quyết trong hạn).
	PendingWithinTerm int `json:"pendingWithinTerm"`
	// PendingOverdue counts dossiers still being handled at the end of the
	// period whose due time is past (đang giải quyết quá hạn).
	PendingOverdue int `json:"pendingOverdue"`
	// AwaitingSupplement counts dossiers still open at the end of the
	// period that are waiting for the applicant to supplement them (chờ bổ
	// sung). This column reflects the dossier's current state.
	AwaitingSupplement int `json:"awaitingSupplement"`

	// OnlineRate is (NewOnlineFull+NewOnlinePartial)/New(), 0 when New() is 0.
	OnlineRate float64 `json:"onlineRate"`
	// OnTimeRate is (SettledEarly+SettledOnTime)/Settled(), 0 when
	// Settled() is 0.
	OnTimeRate float64 `json:"onTimeRate"`
}

// New returns the dossiers received in the period.
func (r *SummaryRow) New() int {
	return r.NewOnlineFull + r.NewOnlinePartial + r.NewCounter + r.NewPost
}

// Received returns the dossiers handled in the period: carried over and new.
func (r *SummaryRow) Received() int { return r.CarriedOver + r.New() }

// Settled returns the dossiers granted in the period.
func (r *SummaryRow) Settled() int { return r.SettledEarly + r.SettledOnTime + r.SettledLate }

// Pending returns the dossiers still open at the end of the period.
func (r *SummaryRow) Pending() int {
	return r.PendingWithinTerm + r.PendingOverdue + r.AwaitingSupplement
}

func (r *SummaryRow) add(o *SummaryRow) {
	r.CarriedOver += o.CarriedOver
	r.NewOnlineFull += o.NewOnlineFull
	r.NewOnlinePartial += o.NewOnlinePartial
	r.NewCounter += o.NewCounter
	r.NewPost += o.NewPost
	r.SettledEarly += o.SettledEarly
	r.SettledOnTime += o.SettledOnTime
	r.SettledLate += o.SettledLate
	r.Refused += o.Refused
	r.Withdrawn += o.Withdrawn
	r.PendingWithinTerm += o.PendingWithinTerm
	r.PendingOverdue += o.PendingOverdue
	r.AwaitingSupplement += o.AwaitingSupplement
}

func (r *SummaryRow) rates() {
	r.OnlineRate, r.OnTimeRate = 0, 0
	if n := r.New(); n > 0 {
		r.OnlineRate = float64(r.NewOnlineFull+r.NewOnlinePartial) / float64(n)
	}
	if n := r.Settled(); n > 0 {
		r.OnTimeRate = float64(r.SettledEarly+r.SettledOnTime) / float64(n)
	}
}

// Tally adds dossier d to row r as the settlement table of period p counts
// it, and reports whether d counted at all. [Summarize] is built on it;
// stores that aggregate in their own query language must give the same
// figures.
func (r *SummaryRow) Tally(p Period, d *Dossier) bool {
	if d.ReceivedAt.IsZero() || !d.ReceivedAt.Before(p.To) {
		return false
	}
	var finished time.Time
	switch {
	case !d.SettledAt.IsZero():
		finished = d.SettledAt
	case d.Status == Withdrawn || d.Status == Stopped:
		finished = d.ClosedAt
	}
	if !finished.IsZero() && finished.Before(p.From) {
		return false
	}
	if d.ReceivedAt.Before(p.From) {
		r.CarriedOver++
	} else {
		switch d.Channel {
		case catalog.Online:
			if d.Online == catalog.Full {
				r.NewOnlineFull++
			} else {
				r.NewOnlinePartial++
			}
		case catalog.Post:
			r.NewPost++
		default:
			r.NewCounter++
		}
	}
	switch {
	case !finished.IsZero() && finished.Before(p.To):
		switch {
		case d.SettledAt.IsZero() && d.Status == Stopped:
			r.Refused++ // returned to the applicant with the stop notice
		case d.SettledAt.IsZero():
			r.Withdrawn++
		case d.Outcome == Denied:
			r.Refused++
		default:
			switch d.Timeliness() {
			case Early:
				r.SettledEarly++
			case Late:
				r.SettledLate++
			case OnTime, TimelinessUnknown:
				r.SettledOnTime++
			}
		}
	case d.Status == AwaitingSupplement && !d.PausedAt.IsZero() && d.PausedAt.Before(p.To):
		r.AwaitingSupplement++
	case !d.DueAt.IsZero() && d.DueAt.Before(p.To):
		r.PendingOverdue++
	default:
		r.PendingWithinTerm++
	}
	return true
}

// Summarize computes the settlement table of period p from the dossiers in
// store, grouped by g. It reads the store once through [Store.List] with a
// brief filter, keeping one row per group in memory.
func Summarize(ctx context.Context, store Store, p Period, g GroupBy) (Summary, error) {
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return Summary{}, fmt.Errorf("%w: period [%v, %v) is empty or unset", ErrInvalidDossier, p.From, p.To)
	}
	if int(g) >= len(groupNames) {
		return Summary{}, fmt.Errorf("%w: grouping %d", ErrInvalidDossier, uint8(g))
	}
	if sc, ok := store.(SummaryCounter); ok {
		rs, err := sc.SummaryRows(ctx, p, g)
		if err != nil {
			return Summary{}, fmt.Errorf("dossier: summarize: %w", err)
		}
		return summaryOf(p, g, rs), nil
	}
	rows := make(map[string]*SummaryRow)
	var last *SummaryRow
	lastKey := "\x00"
	for d, err := range store.List(ctx, Filter{Since: p.From, Until: p.To, Brief: true}) {
		if err != nil {
			return Summary{}, fmt.Errorf("dossier: summarize: %w", err)
		}
		key := groupKey(&d, g)
		if key != lastKey || last == nil {
			last = rows[key]
			if last == nil {
				last = &SummaryRow{Key: key}
				rows[key] = last
			}
			lastKey = key
		}
		last.Tally(p, &d)
	}
	rs := make([]SummaryRow, 0, len(rows))
	for _, r := range rows {
		rs = append(rs, *r)
	}
	return summaryOf(p, g, rs), nil
}

// summaryOf completes the table of the rows counted: rows without any
// received dossier dropped, rates, totals, sorted by key.
func summaryOf(p Period, g GroupBy, rows []SummaryRow) Summary {
	s := Summary{Period: p, GroupBy: g, Rows: make([]SummaryRow, 0, len(rows))}
	for i := range rows {
		r := &rows[i]
		if r.Received() == 0 {
			continue
		}
		r.rates()
		s.Rows = append(s.Rows, *r)
		s.Total.add(r)
	}
	slices.SortFunc(s.Rows, func(a, b SummaryRow) int { return cmp.Compare(a.Key, b.Key) })
	s.Total.rates()
	return s
}

func groupKey(d *Dossier, g GroupBy) string {
	switch g {
	case GroupSector:
		return d.Sector
	case GroupAgency:
		return d.Agency
	case GroupProcedure:
		return d.ProcedureCode
	case GroupLevel:
		if d.Level == catalog.LevelUnknown {
			return ""
		}
		return d.Level.String()
	case GroupNone:
		return ""
	}
	return ""
}
