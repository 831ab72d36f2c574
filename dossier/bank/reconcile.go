package bank

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
	"github.com/motcua/motcua/internal/vnfmt"
)

// Line is one credit of a bank statement: money in, to the agency's
// account.
type Line struct {
	// Row is the line's row in the statement file, from 1 (0 when the line
	// did not come from a file).
	Row int `json:"row,omitempty"`
	// Date is the transaction's date and time in Asia/Ho_Chi_Minh, as the
	// bank wrote it (midnight when it wrote a date only).
	Date time.Time `json:"date"`
	// Amount is the amount credited.
	Amount fees.Money `json:"amount"`
	// Content is the transfer's content (nội dung, diễn giải) as the bank
	// passed it on: usually without diacritics, spaces and punctuation
	// moved, the payer's bank's prefix in front, cut at the bank's limit.
	Content string `json:"content"`
	// Reference is the bank's transaction reference (mã giao dịch, số bút
	// toán).
	Reference string `json:"reference,omitempty"`
	// Payer is the payer's name, when the statement has it.
	Payer string `json:"payer,omitempty"`
	// Account is the payer's account number, when the statement has it.
	Account string `json:"account,omitempty"`
}

// Due is what a dossier expects to receive.
type Due struct {
	// Code is the dossier code.
	Code string `json:"code"`
	// Amount is the amount due: the fee quote's total.
	Amount fees.Money `json:"amount"`
	// Paid says that the trail already records the payment.
	Paid bool `json:"paid,omitempty"`
	// Reference is the bank reference of the payment on the trail, when
	// paid: a statement line with the same reference is the same payment.
	Reference string `json:"reference,omitempty"`
}

// DueOf returns the due of a dossier with a fee to pay, and false for one
// without (no quote, or a zero total).
func DueOf(d *dossier.Dossier) (Due, bool) {
	if d.FeeQuote == nil || d.FeeQuote.Total <= 0 {
		return Due{}, false
	}
	due := Due{Code: d.Code, Amount: d.FeeQuote.Total}
	if d.Payment != nil {
		due.Paid, due.Reference = true, d.Payment.Reference
	}
	return due, true
}

// Status is what reconciliation found for a statement line.
type Status int

// The statuses of a line. The zero value is unknown.
const (
	StatusUnknown Status = iota
	// Matched: the line names one dossier and brings what it owes (with
	// the dossier's earlier lines of the statement, if any).
	Matched
	// Underpaid: the dossier has received less than it owes so far.
	Underpaid
	// Overpaid: the dossier has received more than it owes.
	Overpaid
	// Duplicate: the dossier was already paid (on the trail, or by earlier
	// lines), or the line's bank reference was seen before: a second
	// payment to refund, or the same transaction read twice.
	Duplicate
	// Unmatched: no dossier code of the dues is found in the content.
	Unmatched
	// Ambiguous: the content names several dossiers; a clerk decides.
	Ambiguous
)

var statusText = [...]struct{ name, vi, en string }{
	{"unknown", "không rõ", "unknown"},
	{"matched", "khớp", "matched"},
	{"underpaid", "nộp thiếu", "underpaid"},
	{"overpaid", "nộp thừa", "overpaid"},
	{"duplicate", "nộp trùng", "duplicate"},
	{"unmatched", "không khớp hồ sơ", "unmatched"},
	{"ambiguous", "nhiều hồ sơ", "ambiguous"},
}

// String returns the status's stable name ("matched", "underpaid"...).
func (s Status) String() string {
	if s < 0 || int(s) >= len(statusText) {
		return fmt.Sprintf("Status(%d)", int(s))
	}
	return statusText[s].name
}

// Label returns the status for a reader of lang: "nộp thiếu" in
// Vietnamese, "underpaid" in English.
func (s Status) Label(lang string) string {
	if s < 0 || int(s) >= len(statusText) {
		s = StatusUnknown
	}
	if vnfmt.English(lang) {
		return statusText[s].en
	}
	return statusText[s].vi
}

// MarshalText writes the stable name.
func (s Status) MarshalText() ([]byte, error) {
	if s < 0 || int(s) >= len(statusText) {
		return nil, fmt.Errorf("%w: status %d", ErrInvalid, int(s))
	}
	return []byte(statusText[s].name), nil
}

// UnmarshalText reads a name written by [Status.MarshalText].
func (s *Status) UnmarshalText(b []byte) error {
	for i, t := range statusText {
		if string(b) == t.name {
			*s = Status(i)
			return nil
		}
	}
	return fmt.Errorf("%w: status %q", ErrInvalid, b)
}

// Result is what reconciliation found for one statement line.
type Result struct {
	// Line is the line's index in the lines given to [Reconcile].
	Line int `json:"line"`
	// Status is the finding.
	Status Status `json:"status"`
	// Code is the dossier the line pays (empty for Unmatched and
	// Ambiguous).
	Code string `json:"code,omitempty"`
	// Codes are the dossiers an Ambiguous line names.
	Codes []string `json:"codes,omitempty"`
	// Due is the dossier's amount due.
	Due fees.Money `json:"due,omitempty"`
	// Received is what the dossier has received through this line, this
	// statement's earlier lines included (duplicates not counted).
	Received fees.Money `json:"received,omitempty"`
	// Truncated says that the content ends with the start of the code
	// only (the bank cut it), unique among the dues.
	Truncated bool `json:"truncated,omitempty"`
	// DuplicateOf is the index of the earlier line with the same bank
	// reference, or -1.
	DuplicateOf int `json:"duplicateOf"`
}

// Settlement is a dossier whose lines in the statement add up to exactly
// what it owes: a payment to record on its trail ([Record]).
type Settlement struct {
	// Code is the dossier code.
	Code string `json:"code"`
	// Amount is the amount paid, equal to the amount due.
	Amount fees.Money `json:"amount"`
	// Reference is the bank reference, or the references of several lines
	// joined by "+".
	Reference string `json:"reference,omitempty"`
	// Payer is the payer as the statement names them: name and account.
	Payer string `json:"payer,omitempty"`
	// Date is the date of the last line, when the money was complete.
	Date time.Time `json:"date"`
	// Lines are the indexes of the lines that paid it.
	Lines []int `json:"lines"`
}

// Report is the outcome of [Reconcile].
type Report struct {
	// Results has one result per line, in the order of the lines.
	Results []Result `json:"results"`
	// Settlements are the dossiers paid in full by the statement, in the
	// order their payment completed.
	Settlements []Settlement `json:"settlements"`
	// Unpaid are the dues, not paid before, that received nothing.
	Unpaid []Due `json:"unpaid"`
}

// Count returns how many lines have status s.
func (r *Report) Count(s Status) int {
	n := 0
	for i := range r.Results {
		if r.Results[i].Status == s {
			n++
		}
	}
	return n
}

// Options tunes [Reconcile]. The zero value works.
type Options struct {
	// MinPrefix is the fewest characters of a code's compact form (letters
	// and digits only) that a content cut by its bank must keep for the line
	// to match the one code that starts with them; 0 means 14 (a code of
	// Circular 01/2018 has 20: agency 10, date 6, sequence 4, so 14 keeps
	// the agency and the date). Negative turns the tolerance off.
	MinPrefix int
}

// Compact returns the form in which Reconcile looks for a dossier code in
// a transfer's content: the code folded to ASCII ([vietqr.ASCII]),
// upper-case, letters and digits only. "000.00.01.H12-251126-0001" is
// "0000001H122511260001", and so is what banks make of it: "000 00 01 h12
// 251126 0001", "0000001H12-251126-0001".
func Compact(s string) string { return string(appendCompact(nil, s)) }

func appendCompact(dst []byte, s string) []byte {
	start := len(dst)
	dst = vietqr.AppendASCII(dst, s)
	w := start
	for _, c := range dst[start:] {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'Z':
			dst[w] = c
			w++
		case c >= 'a' && c <= 'z':
			dst[w] = c - ('a' - 'A')
			w++
		}
	}
	return dst[:w]
}

// index finds dues' codes in contents.
type index struct {
	codes   map[string]int32 // compact code → due
	sorted  []string         // compact codes, sorted, for truncated contents
	owner   []int32          // sorted[i]'s due
	lengths []int            // the distinct lengths of compact codes
	first   [256]bool        // bytes a compact code starts with
	minPre  int
}

func newIndex(dues []Due, o Options) (*index, error) {
	ix := &index{codes: make(map[string]int32, len(dues)), minPre: o.MinPrefix}
	if ix.minPre == 0 {
		ix.minPre = 14
	}
	for i, d := range dues {
		if d.Amount < 0 {
			return nil, fmt.Errorf("%w: due %d (%s): negative amount %d", ErrInvalid, i, d.Code, d.Amount)
		}
		c := Compact(d.Code)
		if c == "" {
			return nil, fmt.Errorf("%w: due %d: no dossier code", ErrInvalid, i)
		}
		if j, ok := ix.codes[c]; ok {
			return nil, fmt.Errorf("%w: %s and %s (dues %d and %d)", ErrDuplicateDue, dues[j].Code, d.Code, j, i)
		}
		ix.codes[c] = int32(i)
		ix.sorted = append(ix.sorted, c)
		if !slices.Contains(ix.lengths, len(c)) {
			ix.lengths = append(ix.lengths, len(c))
		}
		ix.first[c[0]] = true
	}
	slices.Sort(ix.sorted)
	ix.owner = make([]int32, len(ix.sorted))
	for i, c := range ix.sorted {
		ix.owner[i] = ix.codes[c]
	}
	slices.Sort(ix.lengths)
	return ix, nil
}

type hit struct {
	due        int32
	start, end int
}

// find appends to hits the dues whose codes the compact content c names,
// and reports whether it matched a truncated code.
func (ix *index) find(c []byte, hits []hit) ([]hit, bool) {
	for i := range c {
		if !ix.first[c[i]] {
			continue
		}
		for _, n := range ix.lengths {
			if i+n > len(c) {
				break
			}
			if d, ok := ix.codes[string(c[i:i+n])]; ok {
				hits = append(hits, hit{d, i, i + n})
			}
		}
	}
	if len(hits) > 0 {
		return dropInner(hits), false
	}
	if ix.minPre < 0 || len(ix.lengths) == 0 {
		return hits, false
	}
	// The content may end with a code the bank cut: the longest tail that
	// starts exactly one code wins.
	longest := ix.lengths[len(ix.lengths)-1]
	for k := min(longest-1, len(c)); k >= ix.minPre; k-- {
		if !ix.first[c[len(c)-k]] {
			continue
		}
		tail := string(c[len(c)-k:])
		i, _ := slices.BinarySearch(ix.sorted, tail)
		if i < len(ix.sorted) && strings.HasPrefix(ix.sorted[i], tail) && len(ix.sorted[i]) > k &&
			(i+1 == len(ix.sorted) || !strings.HasPrefix(ix.sorted[i+1], tail)) {
			return append(hits, hit{ix.owner[i], len(c) - k, len(c)}), true
		}
	}
	return hits, false
}

// dropInner removes the hits inside another hit ("…-1000" inside
// "…-10000") and repeats of the same due.
func dropInner(hits []hit) []hit {
	if len(hits) == 1 {
		return hits
	}
	out := hits[:0]
	for i, h := range hits {
		inner := false
		for j, g := range hits {
			if i != j && g.start <= h.start && h.end <= g.end && (g.end-g.start > h.end-h.start || j < i && g.due == h.due) {
				inner = true
				break
			}
		}
		if !inner {
			out = append(out, h)
		}
	}
	return out
}

// Reconcile matches statement lines against dues. A line matches a due
// when its content names the dossier code in any of the forms banks make
// of it (see [Compact]: diacritics lost, spaces, dots and dashes moved or
// dropped, other text around it) or, when the bank cut the content, ends
// with at least [Options.MinPrefix] characters of exactly one code.
//
// Lines are taken in order; each due adds up what its lines bring, so a
// fee paid in two transfers is Underpaid, then Matched. A line is a
// Duplicate when its bank reference appeared on an earlier line or on the
// dossier's recorded payment, or when the dossier was already paid; a
// duplicate adds nothing. The report lists the [Settlement] of every
// dossier the statement paid exactly, ready for [Record], and the unpaid
// dues.
//
// Bad dues (no code, a negative amount, a code twice) or a line with a
// negative amount are errors wrapping [ErrInvalid] or [ErrDuplicateDue],
// and nothing is reported. Reconcile does no I/O.
func Reconcile(dues []Due, lines []Line, o Options) (*Report, error) {
	ix, err := newIndex(dues, o)
	if err != nil {
		return nil, err
	}
	for i := range lines {
		if lines[i].Amount < 0 {
			return nil, fmt.Errorf("%w: line %d (row %d): negative amount %d", ErrInvalid, i, lines[i].Row, lines[i].Amount)
		}
	}
	received := make([]fees.Money, len(dues))
	touched := make([]bool, len(dues))
	paidBy := make(map[int32][]int) // due → its lines, until settled
	byRef := make(map[string]int, len(lines))
	for i, d := range dues {
		if d.Paid && d.Reference != "" {
			byRef[d.Reference] = -1 - i // a reference already on a trail
		}
	}
	r := &Report{Results: make([]Result, len(lines))}
	var buf []byte
	var hits []hit
	for li := range lines {
		l := &lines[li]
		res := Result{Line: li, DuplicateOf: -1}
		buf = appendCompact(buf[:0], l.Content)
		var truncated bool
		hits, truncated = ix.find(buf, hits[:0])
		switch {
		case len(hits) == 0:
			res.Status = Unmatched
		case len(hits) > 1:
			res.Status = Ambiguous
			for _, h := range hits {
				res.Codes = append(res.Codes, dues[h.due].Code)
			}
		default:
			di := hits[0].due
			d := &dues[di]
			res.Code, res.Due, res.Truncated = d.Code, d.Amount, truncated
			touched[di] = true
			prev, seen := byRef[l.Reference]
			switch {
			case l.Reference != "" && seen:
				res.Status = Duplicate
				if prev >= 0 {
					res.DuplicateOf = prev
				}
			case d.Paid || received[di] >= d.Amount && received[di] > 0:
				res.Status = Duplicate
			default:
				sum, err := received[di].Add(l.Amount)
				if err != nil {
					return nil, fmt.Errorf("bank: line %d (row %d): %w", li, l.Row, err)
				}
				received[di] = sum
				paidBy[di] = append(paidBy[di], li)
				switch {
				case sum == d.Amount:
					res.Status = Matched
					r.Settlements = append(r.Settlements, settle(d, lines, paidBy[di]))
					delete(paidBy, di)
				case sum < d.Amount:
					res.Status = Underpaid
				default:
					res.Status = Overpaid
				}
			}
			res.Received = received[di]
		}
		if l.Reference != "" {
			if _, seen := byRef[l.Reference]; !seen {
				byRef[l.Reference] = li
			}
		}
		r.Results[li] = res
	}
	for i := range dues {
		if !dues[i].Paid && !touched[i] && dues[i].Amount > 0 {
			r.Unpaid = append(r.Unpaid, dues[i])
		}
	}
	return r, nil
}

func settle(d *Due, lines []Line, idx []int) Settlement {
	s := Settlement{Code: d.Code, Amount: d.Amount, Lines: slices.Clone(idx)}
	var refs, payers []string
	for _, i := range idx {
		l := &lines[i]
		if l.Reference != "" {
			refs = append(refs, l.Reference)
		}
		p := strings.TrimSpace(strings.Join(strings.Fields(l.Payer+" "+l.Account), " "))
		if p != "" && !slices.Contains(payers, p) {
			payers = append(payers, p)
		}
		s.Date = l.Date
	}
	s.Reference = strings.Join(refs, "+")
	s.Payer = strings.Join(payers, "; ")
	return s
}
