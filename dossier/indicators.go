package dossier

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/vnfmt"
)

// The indicators of Decision 766/QĐ-TTg of 23 June 2022 (the index of
// service to citizens and businesses in administrative procedures, "Bộ
// chỉ số 766") that a one-stop system's own dossiers give. Each follows
// the national portal's description of its formula ("Mô tả công thức tính
// chỉ số 766"), cited by its number there; see [IndicatorID].

// Facts are what the indicators read of a dossier beyond the fields a
// brief listing keeps ([Filter.Brief]). [FactsOf] computes them; a SQL
// store keeps them in columns, so that it can count in SQL what
// [Indicators] counts in Go.
type Facts struct {
	// SupplementRequests counts the RequestSupplement events of the trail.
	SupplementRequests int
	// FeeDue says fees were quoted or asked for (a total above zero).
	FeeDue bool
	// PaidOnline says the fees were paid by a method [OnlinePayment]
	// accepts.
	PaidOnline bool
	// Digitised says at least one document was attached (scanned or
	// uploaded): formula 4.2's "có file đính kèm trong thành phần hồ sơ".
	Digitised bool
}

// OnlinePayment reports whether a payment method is an online one: any
// method but "" (unknown), "counter" and "cash", compared without case
// ("vnpay", "vietqr", "bank transfer" are online).
func OnlinePayment(method string) bool {
	switch strings.ToLower(strings.TrimSpace(method)) {
	case "", "counter", "cash":
		return false
	}
	return true
}

// FactsOf returns the facts of d; it reads d's events, fee quote, payment
// and attachments (a brief dossier has none of them).
func FactsOf(d *Dossier) Facts {
	var f Facts
	for i := range d.Events {
		if d.Events[i].Action == RequestSupplement {
			f.SupplementRequests++
		}
	}
	f.FeeDue = d.FeeQuote != nil && d.FeeQuote.Total > 0
	f.PaidOnline = d.Payment != nil && OnlinePayment(d.Payment.Method)
	f.Digitised = len(d.Attachments) > 0
	return f
}

// IndicatorCounts are the numerators and denominators of the
// dossier-based indicators of a period. Stores that count in their own
// query language ([IndicatorCounter]) must give exactly what
// [IndicatorCounts.Tally] gives.
type IndicatorCounts struct {
	// Handled counts the dossiers received before the period's end and not
	// finished before its start (formula 2.1's "hồ sơ được tiếp nhận, xử lý
	// trong kỳ"); HandledOnTime those of them handled on time.
	Handled, HandledOnTime int
	// Received counts the dossiers received in the period; ReceivedOnline
	// those filed online (formula 3.3, KenhThucHien = 2).
	Received, ReceivedOnline int
	// FeeDue counts the dossiers received in the period with fees due;
	// PaidOnline those of them paid online (formula 3.6).
	FeeDue, PaidOnline int
	// Digitised counts the dossiers received in the period with at least
	// one attached document (formula 4.2).
	Digitised int
	// Granted counts the dossiers received in the period whose result was
	// granted; ElectronicResult those whose result was returned
	// electronically (formula 4.1).
	Granted, ElectronicResult int
}

// Tally adds dossier d, with its facts f, to the counts of period p.
func (c *IndicatorCounts) Tally(p Period, d *Dossier, f Facts) {
	if d.ReceivedAt.IsZero() || !d.ReceivedAt.Before(p.To) {
		return
	}
	finished := d.SettledAt
	if finished.IsZero() {
		finished = d.ClosedAt // refused at intake, withdrawn after receipt
	}
	if finished.IsZero() || !finished.Before(p.From) {
		c.Handled++
		if onTime(p, d, f, finished) {
			c.HandledOnTime++
		}
	}
	if d.ReceivedAt.Before(p.From) {
		return
	}
	c.Received++
	if d.Channel == catalog.Online {
		c.ReceivedOnline++
	}
	if f.FeeDue {
		c.FeeDue++
		if f.PaidOnline {
			c.PaidOnline++
		}
	}
	if f.Digitised {
		c.Digitised++
	}
	if d.Outcome == Granted {
		c.Granted++
		if d.Status == Returned && d.Delivery == Electronic {
			c.ElectronicResult++
		}
	}
}

// onTime applies formula 2.1: the end of handling is when the dossier was
// settled or closed; for one still waiting for its first supplementation,
// when that was asked (the wait is not the agency's); for any other open
// one, the period's end. It is on time when the end is not after the due
// time, there was at most one supplementation request and no apology
// (which admits the delay). The due time already excludes completed
// supplementation waits ([Service.Supplement] moves it by the pause). A
// dossier without a due time ([NoFixedDuration]) cannot be late.
func onTime(p Period, d *Dossier, f Facts, finished time.Time) bool {
	if f.SupplementRequests > 1 || d.Apologies > 0 {
		return false
	}
	if d.DueAt.IsZero() {
		return true
	}
	end := finished
	switch {
	case !end.IsZero() && end.Before(p.To):
	case d.Status == AwaitingSupplement && !d.PausedAt.IsZero() && d.PausedAt.Before(p.To):
		end = d.PausedAt
	default:
		end = p.To
	}
	return !end.After(d.DueAt)
}

// IndicatorCounter is a [Store] that counts [IndicatorCounts] itself (in
// SQL, say). [Indicators] uses it when the store has it.
type IndicatorCounter interface {
	CountIndicators(ctx context.Context, p Period, agency string) (IndicatorCounts, error)
}

// CountIndicators counts the indicators of the dossiers of agency (every
// agency when empty) for period p in Go, reading every dossier of the
// period with its trail through [Store.List]: the fallback for stores that
// are not an [IndicatorCounter], and the reference they are tested
// against.
func CountIndicators(ctx context.Context, store Store, p Period, agency string) (IndicatorCounts, error) {
	var c IndicatorCounts
	if err := checkPeriod(p); err != nil {
		return c, err
	}
	for d, err := range store.List(ctx, Filter{Agency: agency, Since: p.From, Until: p.To}) {
		if err != nil {
			return IndicatorCounts{}, fmt.Errorf("dossier: indicators: %w", err)
		}
		c.Tally(p, &d, FactsOf(&d))
	}
	return c, nil
}

func checkPeriod(p Period) error {
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return fmt.Errorf("%w: period [%v, %v) is empty or unset", ErrInvalidDossier, p.From, p.To)
	}
	return nil
}

// IndicatorID names an indicator by its number in the portal's formula
// description.
type IndicatorID string

// The indicators [Indicators] computes.
const (
	OnTimeRate       IndicatorID = "2.1" // Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn
	OnlineProcedures IndicatorID = "3.1" // Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến
	OnlineFiling     IndicatorID = "3.3" // Tỷ lệ hồ sơ nộp trực tuyến
	OnlinePaid       IndicatorID = "3.6" // Tỷ lệ hồ sơ thanh toán trực tuyến
	ElectronicResult IndicatorID = "4.1" // Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử
	DigitisedFiling  IndicatorID = "4.2" // Tỷ lệ hồ sơ thực hiện số hóa hồ sơ
)

// Indicator is one indicator's value with how it was computed.
type Indicator struct {
	// ID is the indicator's number in the formula description.
	ID IndicatorID `json:"id"`
	// Numerator and Denominator are what was counted.
	Numerator   int `json:"numerator"`
	Denominator int `json:"denominator"`
	// Rate is Numerator/Denominator in basis points (1 % = 100), rounded
	// half up; 0 when Denominator is 0.
	Rate int `json:"rate"`
	// Target, in basis points, is the rate from which the formula gives
	// the full score ("Đạt từ 80% trở lên sẽ đạt điểm tối đa"); 0 when the
	// description gives none.
	Target int `json:"target,omitempty"`
	// Attainment, in basis points, is the share of the full score: 10,000
	// at or above Target, Rate × 10,000 / Target below it (the formula
	// "tỷ lệ × Điểm tối đa / Target"). 0 when there is no Target.
	Attainment int `json:"attainment,omitempty"`
}

// Label returns the indicator's name in lang ("vi", the default, or "en").
func (id IndicatorID) Label(lang string) string {
	if m, ok := indicatorTexts[id]; ok {
		return m[langIndex(lang)]
	}
	return string(id)
}

var indicatorTexts = map[IndicatorID][2]string{
	OnTimeRate:       {"Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn", "Dossiers handled early or on time"},
	OnlineProcedures: {"Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến", "Procedures offered online (fully or partly)"},
	OnlineFiling:     {"Tỷ lệ hồ sơ nộp trực tuyến", "Dossiers filed online"},
	OnlinePaid:       {"Tỷ lệ hồ sơ thanh toán trực tuyến", "Dossiers with fees paid online"},
	ElectronicResult: {"Tỷ lệ hồ sơ có cấp kết quả giải quyết điện tử", "Results returned electronically"},
	DigitisedFiling:  {"Tỷ lệ hồ sơ thực hiện số hóa hồ sơ", "Dossiers digitised"},
}

var indicatorCounted = map[IndicatorID][2][2]string{
	OnTimeRate: {
		{"hồ sơ xử lý đúng hạn, trong hạn (kết thúc xử lý không sau ngày hẹn trả; không quá 01 lần yêu cầu bổ sung; không có thư xin lỗi)", "dossiers handled on time (ended by the due time, at most one supplementation request, no apology)"},
		{"hồ sơ được tiếp nhận, xử lý trong kỳ", "dossiers received and handled in the period"},
	},
	OnlineProcedures: {
		{"TTHC có DVCTT toàn trình hoặc một phần", "procedures fully or partly online"},
		{"TTHC đang có hiệu lực trong danh mục", "procedures in force in the catalogue"},
	},
	OnlineFiling: {
		{"hồ sơ tiếp nhận trực tuyến trong kỳ", "dossiers received online in the period"},
		{"hồ sơ tiếp nhận trong kỳ", "dossiers received in the period"},
	},
	OnlinePaid: {
		{"hồ sơ thanh toán trực tuyến", "dossiers paid online"},
		{"hồ sơ tiếp nhận trong kỳ có phí, lệ phí", "dossiers received in the period with fees due"},
	},
	ElectronicResult: {
		{"hồ sơ trả kết quả điện tử", "results returned electronically"},
		{"hồ sơ tiếp nhận trong kỳ được giải quyết", "dossiers received in the period and granted"},
	},
	DigitisedFiling: {
		{"hồ sơ có tệp đính kèm trong thành phần hồ sơ", "dossiers with attached documents"},
		{"hồ sơ tiếp nhận trong kỳ", "dossiers received in the period"},
	},
}

// Steps returns how the indicator was computed, one line per step, in
// lang ("vi", the default, or "en"): what was counted above and below the
// line, the rate, and the score the target gives.
func (in *Indicator) Steps(lang string) []string {
	l := langIndex(lang)
	c := indicatorCounted[in.ID]
	en := l == 1
	num := func(n int) string { return vnfmt.Int(int64(n), lang) }
	steps := []string{
		fmt.Sprintf("%s: %s", pick(en, "Tử số", "Numerator"), num(in.Numerator)+" "+c[0][l]),
		fmt.Sprintf("%s: %s", pick(en, "Mẫu số", "Denominator"), num(in.Denominator)+" "+c[1][l]),
		fmt.Sprintf("%s = %s / %s = %s", pick(en, "Tỷ lệ", "Rate"), num(in.Numerator), num(in.Denominator), bp(in.Rate, lang)),
	}
	switch {
	case in.Target == 0:
		steps = append(steps, pick(en, "Không có ngưỡng điểm trong mô tả công thức", "No score threshold in the formula description"))
	case in.Rate >= in.Target:
		steps = append(steps, fmt.Sprintf(pick(en, "Đạt từ %s trở lên: điểm tối đa", "At or above %s: full score"), bp(in.Target, lang)))
	default:
		steps = append(steps, fmt.Sprintf(pick(en, "Dưới %s: %s × điểm tối đa / %s = %s điểm tối đa", "Below %s: %s × full score / %s = %s of the full score"),
			bp(in.Target, lang), bp(in.Rate, lang), bp(in.Target, lang), bp(in.Attainment, lang)))
	}
	return steps
}

func pick(en bool, vi, eng string) string {
	if en {
		return eng
	}
	return vi
}

// bp formats basis points as a percentage with one decimal.
func bp(v int, lang string) string { return vnfmt.Percent(int64(v), 10000, lang) }

// newIndicator computes the rate and attainment of num/den.
func newIndicator(id IndicatorID, num, den, target int) Indicator {
	in := Indicator{ID: id, Numerator: num, Denominator: den, Target: target}
	if den > 0 {
		in.Rate = int((int64(num)*20000 + int64(den)) / (2 * int64(den))) // half up
	}
	if target > 0 {
		in.Attainment = 10000
		if in.Rate < target {
			in.Attainment = int((int64(in.Rate)*20000 + int64(target)) / (2 * int64(target)))
		}
	}
	return in
}

// IndicatorReport is the indicators of a period and a unit.
type IndicatorReport struct {
	// Period is the period computed; Agency the receiving agency ("" for
	// all).
	Period Period `json:"period"`
	Agency string `json:"agency,omitempty"`
	// Counts are the dossiers counted.
	Counts IndicatorCounts `json:"counts"`
	// Indicators are the values, in ID order.
	Indicators []Indicator `json:"indicators"`
}

// Indicators computes the Decision 766 indicators of agency's dossiers
// (every agency when empty) in period p, and the share of cat's
// procedures in force at the period's end that are offered online. The
// store counts them itself when it is an [IndicatorCounter]; otherwise
// [CountIndicators] reads every dossier of the period.
//
// Targets follow the formula description: 80 % for 3.1 and 4.2, 50 % for
// 3.3; it gives none for 2.1, 3.6 and 4.1.
func Indicators(ctx context.Context, store Store, cat *catalog.Catalog, p Period, agency string) (IndicatorReport, error) {
	if store == nil || cat == nil {
		return IndicatorReport{}, fmt.Errorf("%w: Indicators needs a store and a catalogue", ErrInvalidDossier)
	}
	if err := checkPeriod(p); err != nil {
		return IndicatorReport{}, err
	}
	var c IndicatorCounts
	var err error
	if ic, ok := store.(IndicatorCounter); ok {
		c, err = ic.CountIndicators(ctx, p, agency)
	} else {
		c, err = CountIndicators(ctx, store, p, agency)
	}
	if err != nil {
		return IndicatorReport{}, err
	}
	st := cat.Stats(p.To.Add(-time.Nanosecond))
	return IndicatorReport{Period: p, Agency: agency, Counts: c, Indicators: []Indicator{
		newIndicator(OnTimeRate, c.HandledOnTime, c.Handled, 0),
		newIndicator(OnlineProcedures, st.Online(), st.Total, 8000),
		newIndicator(OnlineFiling, c.ReceivedOnline, c.Received, 5000),
		newIndicator(OnlinePaid, c.PaidOnline, c.FeeDue, 0),
		newIndicator(ElectronicResult, c.ElectronicResult, c.Granted, 0),
		newIndicator(DigitisedFiling, c.Digitised, c.Received, 8000),
	}}, nil
}
