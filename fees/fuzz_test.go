package fees_test

import (
	"encoding/json"
	"errors"
	"math"
	"math/big"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
)

// Fuzz inputs are capped so a run spends its time on shapes, not sizes.
const maxFuzzText = 256

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1.234.000 ₫", "0", "-5.000 đ", "1234000", "9.223.372.036.854.775.807", "1,5", "đồng", "1.234.000 VNĐ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzText {
			return
		}
		m, err := fees.ParseMoney(s)
		if err != nil {
			if !errors.Is(err, fees.ErrSyntax) && !errors.Is(err, fees.ErrOverflow) {
				t.Fatalf("ParseMoney(%q): unexpected error %v", s, err)
			}
			return
		}
		back, err := fees.ParseMoney(m.String())
		if err != nil || back != m {
			t.Fatalf("ParseMoney(%q) = %d, but %q reads back as %d, %v", s, m, m.String(), back, err)
		}
	})
}

func FuzzParseRate(f *testing.F) {
	for _, s := range []string{"0.5%", "1/2", "0,06%", "100%", "1/3", "1.%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzText {
			return
		}
		r, err := fees.ParseRate(s)
		if err != nil {
			if !errors.Is(err, fees.ErrSyntax) && !errors.Is(err, fees.ErrOverflow) {
				t.Fatalf("ParseRate(%q): unexpected error %v", s, err)
			}
			return
		}
		back, err := fees.ParseRate(r.String())
		if err != nil || back != r {
			t.Fatalf("ParseRate(%q) = %v, but %q reads back as %v, %v", s, r, r.String(), back, err)
		}
	})
}

// FuzzExactText reads exact amounts as stored quotes write them ("6172.835",
// "1000/3", and the older "6172,835"): never a panic, only ErrSyntax or
// ErrOverflow, and what reads writes back with a decimal point and reads
// again as the same amount.
func FuzzExactText(f *testing.F) {
	for _, s := range []string{"6172.835", "6172,835", "1000/3", "0", "2.5", "0,125", "1.", "1,000.5", "9223372036854775807", "1.000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > maxFuzzText {
			return
		}
		var e fees.Exact
		if err := e.UnmarshalText([]byte(s)); err != nil {
			if !errors.Is(err, fees.ErrSyntax) && !errors.Is(err, fees.ErrOverflow) {
				t.Fatalf("UnmarshalText(%q): unexpected error %v", s, err)
			}
			return
		}
		b, err := e.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		if slices.Contains(b, ',') {
			t.Fatalf("%q writes %q: a comma", s, b)
		}
		var back fees.Exact
		if err := back.UnmarshalText(b); err != nil || back != e {
			t.Fatalf("%q reads as %v, writes %q, which reads as %v, %v", s, e, b, back, err)
		}
		_ = e.Format("vi")
		_ = e.Format("en")
	})
}

// FuzzParseJSON feeds schedule documents to the loader. A document that
// loads must quote every item without a panic, with Total equal to the sum
// of the lines, and must survive a JSON round trip.
func FuzzParseJSON(f *testing.F) {
	f.Add(fees.SampleJSON())
	small, _ := json.Marshal(minimalDefinition())
	f.Add(small)
	f.Add([]byte(`{"format":"motcua-fees/1","name":{"vi":"x"},"rounding":"down","items":[{"code":"A","name":{"vi":"a"},"kind":"fee","versions":[{"from":"2020-01-01","basis":{"document":"d"},"rules":[{"brackets":{"brackets":[{"from":0,"fixed":1},{"from":10,"rate":"1/3","excess_over":5}],"cap":7}}]}]}],"adjustments":[{"id":"Z","order":1,"name":{"vi":"z"},"effect":"set","amount":2,"stacking":"final","items":["A"],"basis":{"document":"d"}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		s, err := fees.ParseJSON(data)
		if err != nil {
			for _, want := range []error{fees.ErrSyntax, fees.ErrUnknownField, fees.ErrInvalid, fees.ErrOverlap,
				fees.ErrDuplicate, fees.ErrUnknownItem, fees.ErrUnknownGroup, fees.ErrLocality, fees.ErrNegative, fees.ErrOverflow} {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		def := s.Definition()
		b, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		s2, err := fees.ParseJSON(b)
		if err != nil {
			t.Fatalf("round trip: %v", err)
		}
		if !jsonEqual(t, def, s2.Definition()) {
			t.Fatal("round trip changed the definition")
		}
		var groups []string
		for g := range def.Groups {
			groups = append(groups, g)
		}
		sort.Strings(groups)
		var locality string
		for l := range def.Localities {
			locality = l
			break
		}
		for _, it := range def.Items {
			for _, v := range it.Versions {
				for _, at := range []time.Time{v.From.Time(), v.From.Time().Add(36 * time.Hour)} {
					for _, ch := range []fees.Channel{fees.Online, fees.Counter} {
						req := fees.Request{At: at, Channel: ch, Groups: groups, Locality: locality,
							Items: []fees.ItemRequest{{Code: it.Code, Quantity: 3, Copies: 2, DeclaredValue: 123_456_789}, {Code: it.Code, Quantity: 1, DeclaredValue: 1}}}
						checkQuote(t, def, req, s)
					}
				}
			}
		}
	})
}

// FuzzQuote quotes two items of the sample schedule with fuzzed quantity,
// copies, value, time, channel, groups and locality. Every quote is
// checked against an independent computation with math/big: never a
// panic, never a silent overflow, Total always the sum of the lines.
func FuzzQuote(f *testing.F) {
	f.Add(uint8(0), uint8(8), int64(3), int64(2), int64(2_000_000_000), int64(0), uint8(2), uint16(0), true)
	f.Add(uint8(9), uint8(12), int64(199), int64(1), int64(100_000_000_001), int64(200*86400), uint8(1), uint16(1<<8), false)
	f.Add(uint8(20), uint8(18), int64(math.MaxInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(-1), uint8(4), uint16(0xffff), true)
	s, err := fees.Sample()
	if err != nil {
		f.Fatal(err)
	}
	def := s.Definition()
	var groups []string
	for g := range def.Groups {
		groups = append(groups, g)
	}
	sort.Strings(groups)
	base := time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	const span = 14 * 365 * 86400
	f.Fuzz(func(t *testing.T, a, b uint8, qty, copies, value, sec int64, channel uint8, mask uint16, hanoi bool) {
		req := fees.Request{
			At:      time.Unix(base+((sec%span)+span)%span, 0),
			Channel: fees.Channel(channel % 5),
			Items: []fees.ItemRequest{
				{Code: def.Items[int(a)%len(def.Items)].Code, Quantity: qty, Copies: copies, DeclaredValue: fees.Money(value)},
				{Code: def.Items[int(b)%len(def.Items)].Code, Quantity: qty / 3, Copies: 1, DeclaredValue: fees.Money(value / 7)},
			},
		}
		for i, g := range groups {
			if mask&(1<<i) != 0 {
				req.Groups = append(req.Groups, g)
			}
		}
		if hanoi {
			req.Locality = "01"
		}
		checkQuote(t, def, req, s)
	})
}

// checkQuote quotes req and compares with the big-number oracle.
func checkQuote(t *testing.T, def fees.Definition, req fees.Request, s *fees.Schedule) {
	t.Helper()
	q, err := s.Quote(req)
	want, oerr := oracleQuote(def, req)
	if err != nil {
		if errors.Is(err, fees.ErrOverflow) {
			if oerr == nil && small(req) && want.Cmp(big.NewInt(1<<62)) < 0 {
				t.Fatalf("spurious overflow: oracle total %v, err %v", want, err)
			}
			return
		}
		if oerr == nil {
			t.Fatalf("Quote failed (%v) but the oracle computed %v", err, want)
		}
		if !errors.Is(err, oerr) {
			t.Fatalf("Quote error %v, oracle error %v", err, oerr)
		}
		return
	}
	if oerr != nil {
		t.Fatalf("Quote succeeded (%d) but the oracle failed: %v", q.Total, oerr)
	}
	var sum fees.Money
	for _, l := range q.Lines {
		if l.Amount < 0 {
			t.Fatalf("negative line %v", l.Amount)
		}
		sum += l.Amount
	}
	if sum != q.Total {
		t.Fatalf("total %d != sum of lines %d", q.Total, sum)
	}
	if want.Cmp(big.NewInt(int64(q.Total))) != 0 {
		t.Fatalf("total %d, oracle %v (request %+v)", q.Total, want, req)
	}
	for _, lang := range []string{"vi", "en"} {
		if _, err := q.Explain(lang); err != nil {
			t.Fatal(err)
		}
	}
}

func small(req fees.Request) bool {
	for _, it := range req.Items {
		if it.Quantity > 1e9 || it.Copies > 1e6 || it.DeclaredValue > 1e15 {
			return false
		}
	}
	return true
}

var errOracleOverflow = errors.New("oracle: total does not fit int64")

// oracleQuote recomputes the total of req from the definition alone, with
// math/big and the documented semantics. It returns the sentinel the
// implementation should return, or nil.
func oracleQuote(def fees.Definition, req fees.Request) (*big.Int, error) {
	if req.At.IsZero() || len(req.Items) == 0 || req.Items == nil {
		return nil, fees.ErrRequest
	}
	if req.Channel > fees.Post {
		return nil, fees.ErrRequest
	}
	for _, g := range req.Groups {
		if _, ok := def.Groups[g]; !ok {
			return nil, fees.ErrUnknownGroup
		}
	}
	if _, ok := def.Localities[req.Locality]; req.Locality != "" && !ok {
		return nil, fees.ErrLocality
	}
	total := new(big.Int)
	for _, ir := range req.Items {
		line, err := oracleLine(def, req, ir)
		if err != nil {
			return nil, err
		}
		total.Add(total, line)
	}
	if !total.IsInt64() {
		return total, errOracleOverflow
	}
	return total, nil
}

func rat(m fees.Money) *big.Rat { return new(big.Rat).SetInt64(int64(m)) }

func rateRat(r fees.Rate) *big.Rat { return big.NewRat(r.Num(), r.Den()) }

func oracleLine(def fees.Definition, req fees.Request, ir fees.ItemRequest) (*big.Int, error) {
	i := slices.IndexFunc(def.Items, func(it fees.Item) bool { return it.Code == ir.Code })
	if i < 0 {
		return nil, fees.ErrUnknownItem
	}
	it := def.Items[i]
	if ir.Quantity < 0 || ir.Copies < 0 || ir.DeclaredValue < 0 {
		return nil, fees.ErrNegative
	}
	if it.Locality != "" && it.Locality != req.Locality {
		return nil, fees.ErrLocality
	}
	vi := slices.IndexFunc(it.Versions, func(v fees.Version) bool {
		return !req.At.Before(v.From.Time()) && (v.Until.IsZero() || req.At.Before(v.Until.Time()))
	})
	if vi < 0 {
		return nil, fees.ErrNotInForce
	}
	v := it.Versions[vi]
	qty, copies := max(ir.Quantity, 1), max(ir.Copies, 1)
	if ir.Quantity == 0 {
		qty = 1
	}
	val := rat(ir.DeclaredValue)
	parts := make([]*big.Rat, len(v.Rules))
	bound := func(x *big.Rat, floor, cp fees.Money) *big.Rat {
		if floor > 0 && x.Cmp(rat(floor)) < 0 {
			return rat(floor)
		}
		if cp > 0 && x.Cmp(rat(cp)) > 0 {
			return rat(cp)
		}
		return x
	}
	for k, r := range v.Rules {
		switch {
		case r.Flat != nil:
			parts[k] = rat(*r.Flat)
		case r.PerUnit != nil:
			per := new(big.Rat)
			for j, tier := range r.PerUnit.Tiers {
				if tier.From > qty {
					break
				}
				last := qty
				if j+1 < len(r.PerUnit.Tiers) && r.PerUnit.Tiers[j+1].From-1 < last {
					last = r.PerUnit.Tiers[j+1].From - 1
				}
				per.Add(per, new(big.Rat).Mul(rat(tier.Price), new(big.Rat).SetInt64(last-tier.From+1)))
			}
			per = bound(per, 0, r.PerUnit.CapPerCopy)
			parts[k] = new(big.Rat).Mul(per, new(big.Rat).SetInt64(copies))
		case r.Percent != nil:
			if ir.DeclaredValue == 0 {
				return nil, fees.ErrValueRequired
			}
			parts[k] = bound(new(big.Rat).Mul(val, rateRat(r.Percent.Rate)), r.Percent.Floor, r.Percent.Cap)
		case r.Brackets != nil:
			if ir.DeclaredValue == 0 {
				return nil, fees.ErrValueRequired
			}
			var br fees.Bracket
			for _, b := range r.Brackets.Brackets {
				if b.From <= ir.DeclaredValue {
					br = b
				}
			}
			x := new(big.Rat).Sub(val, rat(br.ExcessOver))
			x.Mul(x, rateRat(br.Rate))
			x.Add(x, rat(br.Fixed))
			parts[k] = bound(x, r.Brackets.Floor, r.Brackets.Cap)
		default:
			parts[k] = new(big.Rat)
		}
	}
	sum := func() *big.Rat {
		s := new(big.Rat)
		for _, p := range parts {
			s.Add(s, p)
		}
		return s
	}
	var adjs []fees.Adjustment
	for _, a := range def.Adjustments {
		if slices.Contains(a.Items, it.Code) {
			adjs = append(adjs, a)
		}
	}
	sort.Slice(adjs, func(x, y int) bool { return adjs[x].Order < adjs[y].Order })
	applied := false
	for _, a := range adjs {
		if (!a.From.IsZero() && req.At.Before(a.From.Time())) || (!a.Until.IsZero() && !req.At.Before(a.Until.Time())) {
			continue
		}
		if len(a.Channels) > 0 && !slices.Contains(a.Channels, req.Channel) {
			continue
		}
		if len(a.Groups) > 0 && !slices.ContainsFunc(a.Groups, func(g string) bool { return slices.Contains(req.Groups, g) }) {
			continue
		}
		if len(a.Localities) > 0 && !slices.Contains(a.Localities, req.Locality) {
			continue
		}
		if a.Stacking == fees.Exclusive && applied {
			continue
		}
		if a.Effect == fees.SetAmount && a.Component == "" {
			if rat(a.Amount).Cmp(sum()) < 0 {
				for k := range parts {
					parts[k] = new(big.Rat)
				}
				parts[0] = rat(a.Amount)
			}
		} else {
			for k := range parts {
				if a.Component != "" && v.Rules[k].ID != a.Component {
					continue
				}
				switch a.Effect {
				case fees.Exempt:
					parts[k] = new(big.Rat)
				case fees.Multiply:
					parts[k] = new(big.Rat).Mul(parts[k], rateRat(a.Rate))
				case fees.SetAmount:
					if rat(a.Amount).Cmp(parts[k]) < 0 {
						parts[k] = rat(a.Amount)
					}
				}
			}
		}
		applied = true
		if a.Stacking == fees.Exclusive || a.Stacking == fees.Final {
			break
		}
	}
	mode := v.Rounding
	if mode == fees.RoundUnknown {
		mode = def.Rounding
	}
	return roundRat(sum(), mode), nil
}

func roundRat(x *big.Rat, mode fees.Rounding) *big.Int {
	q, r := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	if r.Sign() == 0 {
		return q
	}
	twice := new(big.Int).Lsh(r, 1)
	c := twice.Cmp(x.Denom())
	up := false
	switch mode {
	case fees.RoundHalfUp:
		up = c >= 0
	case fees.RoundHalfEven:
		up = c > 0 || (c == 0 && q.Bit(0) == 1)
	case fees.RoundUp:
		up = true
	}
	if up {
		q.Add(q, big.NewInt(1))
	}
	return q
}

func jsonEqual(t *testing.T, a, b any) bool {
	t.Helper()
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	return string(x) == string(y)
}

// FuzzQuoteJSON reads stored quotes (a dossier keeps the quote it showed
// the applicant): never a panic, and what reads must write back the same.
func FuzzQuoteJSON(f *testing.F) {
	s, err := fees.Sample()
	if err != nil {
		f.Fatal(err)
	}
	q, err := s.Quote(fees.Request{At: time.Date(2025, 8, 1, 2, 0, 0, 0, time.UTC), Channel: fees.Counter, Groups: []string{"student"}, Locality: "01",
		Items: []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 5, Copies: 2},
			{Code: "LPTB-NHADAT", DeclaredValue: 1_234_567}, {Code: "CC-HOPDONG", DeclaredValue: 2_000_000_000}}})
	if err != nil {
		f.Fatal(err)
	}
	seed, err := json.Marshal(q)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed)
	f.Add([]byte(`{"lines":[{"base":"1000/3","unrounded":"6172,835","amount":6173}],"total":6173}`)) // decimal comma of older quotes
	f.Add([]byte(`{"lines":[{"base":"1000/3","unrounded":"6172.835","amount":6173}],"total":6173}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		var got fees.Quote
		if err := json.Unmarshal(data, &got); err != nil {
			return
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatalf("marshal what was read: %v", err)
		}
		var again fees.Quote
		if err := json.Unmarshal(b, &again); err != nil {
			t.Fatalf("read back %s: %v", b, err)
		}
		b2, err := json.Marshal(again)
		if err != nil || string(b) != string(b2) {
			t.Fatalf("not stable:\n%s\n%s", b, b2)
		}
		for _, lang := range []string{"vi", "en"} {
			if _, err := got.Explain(lang); err != nil {
				t.Fatal(err)
			}
		}
	})
}
