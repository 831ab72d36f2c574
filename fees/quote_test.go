package fees_test

import (
	"encoding/json"
	"flag"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func TestQuoteErrors(t *testing.T) {
	s := sample(t)
	at := day(2024, time.March, 1)
	one := []fees.ItemRequest{{Code: "DKDN"}}
	tests := []struct {
		name    string
		req     fees.Request
		wantErr error
		field   string
	}{
		{"no time", fees.Request{Items: one}, fees.ErrRequest, "at"},
		{"no items", fees.Request{At: at}, fees.ErrRequest, "items"},
		{"too many items", fees.Request{At: at, Items: make([]fees.ItemRequest, fees.MaxRequestItems+1)}, fees.ErrRequest, "items"},
		{"bad channel", fees.Request{At: at, Items: one, Channel: fees.Channel(9)}, fees.ErrRequest, "channel"},
		{"unknown group", fees.Request{At: at, Items: one, Groups: []string{"student", "vip"}}, fees.ErrUnknownGroup, "groups[1]"},
		{"unknown locality", fees.Request{At: at, Items: one, Locality: "79"}, fees.ErrLocality, "locality"},
		{"unknown item", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "DKDN"}, {Code: "NOPE"}}}, fees.ErrUnknownItem, "items[1].code"},
		{"negative quantity", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "CT-BANSAO", Quantity: -1}}}, fees.ErrNegative, "items[0].quantity"},
		{"negative copies", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "CT-BANSAO", Copies: -1}}}, fees.ErrNegative, "items[0].copies"},
		{"negative value", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "LPTB-NHADAT", DeclaredValue: -1}}}, fees.ErrNegative, "items[0].declared_value"},
		{"not in force", fees.Request{At: day(2000, 1, 1), Items: one}, fees.ErrNotInForce, "items[0].code"},
		{"value required", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "CC-HOPDONG"}}}, fees.ErrValueRequired, "items[0].declared_value"},
		{"item of another locality", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "GPXD-NHAO-HN"}}}, fees.ErrLocality, "items[0].code"},
		{"copies overflow", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "CT-BANSAO", Quantity: 1, Copies: math.MaxInt64}}}, fees.ErrOverflow, "items[0]"},
		{"pages overflow", fees.Request{At: at, Items: []fees.ItemRequest{{Code: "CT-CHUKY", Quantity: math.MaxInt64}}}, fees.ErrOverflow, "items[0]"},
		{"total overflow", fees.Request{At: at, Items: []fees.ItemRequest{
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64}, {Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64}, {Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64}, {Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64}, {Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64}, {Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
			{Code: "LPTB-OTO", DeclaredValue: math.MaxInt64},
		}}, fees.ErrOverflow, "total"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := s.Quote(tt.req)
			require.ErrorIs(t, err, tt.wantErr)
			assert.Equal(t, fees.Quote{}, q)
			var re *fees.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tt.field, re.Field)
			assert.NotEmpty(t, err.Error())
		})
	}
}

// stackingSchedule has one item of 1.000.000 đ and three 50% cuts of
// orders 1, 2, 3 whose stacking each test sets.
func stackingSchedule(t *testing.T, st [3]fees.Stacking, groups [3][]string) *fees.Schedule {
	t.Helper()
	def := minimalDefinition()
	flat := fees.Money(1_000_000)
	def.Items[0].Versions[0].Rules[0].Flat = &flat
	def.Groups = map[string]fees.Text{"a": {"vi": "A"}, "b": {"vi": "B"}, "c": {"vi": "C"}}
	for i := range 3 {
		a := adj(string(rune('A'+i)), i+1)
		a.Stacking = st[i]
		a.Groups = groups[i]
		def.Adjustments = append(def.Adjustments, a)
	}
	s, err := fees.New(def)
	require.NoError(t, err)
	return s
}

func TestStacking(t *testing.T) {
	all := [3][]string{{"a"}, {"b"}, {"c"}}
	tests := []struct {
		name    string
		st      [3]fees.Stacking
		groups  []string
		want    fees.Money
		applied []string
	}{
		{"all stack", [3]fees.Stacking{fees.Stack, fees.Stack, fees.Stack}, []string{"a", "b", "c"}, 125_000, []string{"A", "B", "C"}},
		{"none matches", [3]fees.Stacking{fees.Stack, fees.Stack, fees.Stack}, nil, 1_000_000, nil},
		{"final stops later ones", [3]fees.Stacking{fees.Stack, fees.Final, fees.Stack}, []string{"a", "b", "c"}, 250_000, []string{"A", "B"}},
		{"exclusive skipped after another", [3]fees.Stacking{fees.Stack, fees.Exclusive, fees.Stack}, []string{"a", "b", "c"}, 250_000, []string{"A", "C"}},
		{"exclusive alone stops later ones", [3]fees.Stacking{fees.Stack, fees.Exclusive, fees.Stack}, []string{"b", "c"}, 500_000, []string{"B"}},
		{"order is explicit, not request order", [3]fees.Stacking{fees.Final, fees.Stack, fees.Stack}, []string{"c", "a"}, 500_000, []string{"A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := stackingSchedule(t, tt.st, all)
			q, err := s.Quote(fees.Request{At: day(2024, 1, 1), Groups: tt.groups, Items: []fees.ItemRequest{{Code: "X"}}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, q.Total)
			var ids []string
			for _, a := range q.Lines[0].Adjustments {
				ids = append(ids, a.ID)
			}
			assert.Equal(t, tt.applied, ids)
		})
	}
}

func TestAdjustmentConditions(t *testing.T) {
	def := minimalDefinition()
	def.Localities = map[string]fees.Text{"01": {"vi": "Hà Nội"}, "79": {"vi": "TP Hồ Chí Minh"}}
	a := adj("ONLINE-HN", 1)
	a.Channels = []fees.Channel{fees.Online, fees.Post}
	a.Localities = []string{"01"}
	a.From = fees.MustDate(2024, 1, 1)
	a.Until = fees.MustDate(2025, 1, 1)
	def.Adjustments = []fees.Adjustment{a}
	s, err := fees.New(def)
	require.NoError(t, err)
	tests := []struct {
		name     string
		at       time.Time
		channel  fees.Channel
		locality string
		want     fees.Money
	}{
		{"online in Hanoi", day(2024, 6, 1), fees.Online, "01", 25000},
		{"post in Hanoi", day(2024, 6, 1), fees.Post, "01", 25000},
		{"counter in Hanoi", day(2024, 6, 1), fees.Counter, "01", 50000},
		{"unknown channel", day(2024, 6, 1), fees.ChannelUnknown, "01", 50000},
		{"online elsewhere", day(2024, 6, 1), fees.Online, "79", 50000},
		{"online, no locality", day(2024, 6, 1), fees.Online, "", 50000},
		{"before", day(2023, 12, 31), fees.Online, "01", 50000},
		{"until is exclusive", day(2025, 1, 1), fees.Online, "01", 50000},
		{"from is inclusive", day(2024, 1, 1), fees.Online, "01", 25000},
		{"from is in Vietnam time", time.Date(2023, 12, 31, 17, 0, 0, 0, time.UTC), fees.Online, "01", 25000},
		{"just before, in UTC", time.Date(2023, 12, 31, 16, 59, 59, 0, time.UTC), fees.Online, "01", 50000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := s.Quote(fees.Request{At: tt.at, Channel: tt.channel, Locality: tt.locality, Items: []fees.ItemRequest{{Code: "X"}}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, q.Total)
		})
	}
}

func TestSetAmountOnLine(t *testing.T) {
	def := minimalDefinition()
	a := adj("SET", 1)
	a.Effect, a.Amount, a.Rate = fees.SetAmount, 30000, fees.Rate{}
	b := adj("HALF", 2)
	def.Adjustments = []fees.Adjustment{b, a} // listed out of order on purpose
	def.Adjustments[0].Order = 2
	s, err := fees.New(def)
	require.NoError(t, err)
	q, err := s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X"}}})
	require.NoError(t, err)
	require.Len(t, q.Lines[0].Adjustments, 2)
	assert.Equal(t, "SET", q.Lines[0].Adjustments[0].ID) // order 1 first
	assert.Equal(t, fees.Money(15000), q.Total)          // 50.000 → 30.000 → 15.000

	// A set amount never raises: 50% first, then "set 30.000" keeps 25.000.
	def.Adjustments[0].Order, def.Adjustments[1].Order = 1, 2
	s, err = fees.New(def)
	require.NoError(t, err)
	q, err = s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X"}}})
	require.NoError(t, err)
	assert.Equal(t, fees.Money(25000), q.Total)
}

func TestQuoteJSONRoundTrip(t *testing.T) {
	s := sample(t)
	q, err := s.Quote(fees.Request{
		At: time.Date(2025, time.August, 1, 9, 30, 0, 0, time.UTC), Channel: fees.Online,
		Groups: []string{"student"}, Locality: "01",
		Items: []fees.ItemRequest{
			{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 5, Copies: 2},
			{Code: "LPTB-NHADAT", DeclaredValue: 1_234_567}, {Code: "CC-HOPDONG", DeclaredValue: 2_000_000_000},
			{Code: "DKDN"}, {Code: "GPXD-NHAO-HN"},
		},
	})
	require.NoError(t, err)
	var sum fees.Money
	for _, l := range q.Lines {
		sum += l.Amount
	}
	assert.Equal(t, sum, q.Total)
	b, err := json.Marshal(q)
	require.NoError(t, err)
	var back fees.Quote
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, q.At.Equal(back.At))
	back.At = q.At
	assert.Equal(t, q, back)
	// Money stays a JSON number of đồng.
	var raw struct {
		Total json.Number `json:"total"`
	}
	require.NoError(t, json.Unmarshal(b, &raw))
	assert.Equal(t, json.Number("1800173"), raw.Total)
}

func TestExplainGolden(t *testing.T) {
	s := sample(t)
	q, err := s.Quote(fees.Request{
		At: time.Date(2025, time.August, 1, 2, 30, 0, 0, time.UTC), Channel: fees.Counter,
		Groups: []string{"student"}, Locality: "01",
		Items: []fees.ItemRequest{
			{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 250, Copies: 2},
			{Code: "LPTB-NHADAT", DeclaredValue: 1_234_567}, {Code: "CC-HOPDONG", DeclaredValue: 2_000_000_000},
			{Code: "CC-HOPDONG", DeclaredValue: 40_000_000}, {Code: "DKDN"}, {Code: "HT-KHAISINH"}, {Code: "GPXD-NHAO-HN"},
		},
	})
	require.NoError(t, err)
	for _, lang := range []string{"vi", "en"} {
		t.Run(lang, func(t *testing.T) {
			got, err := q.Explain(lang)
			require.NoError(t, err)
			path := filepath.Join("testdata", "explain_"+lang+".txt")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -run TestExplainGolden -update")
			assert.Equal(t, string(want), got)
		})
	}
	_, err = q.Explain("fr")
	require.ErrorIs(t, err, fees.ErrLanguage)
}

func TestQuoteConcurrent(t *testing.T) {
	s := sample(t)
	req := fees.Request{At: day(2025, time.August, 1), Items: []fees.ItemRequest{{Code: "LLTP"}, {Code: "CT-BANSAO", Quantity: 7}}}
	want, err := s.Quote(req)
	require.NoError(t, err)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 100 {
				got, err := s.Quote(req)
				assert.NoError(t, err)
				assert.Equal(t, want.Total, got.Total)
			}
		})
	}
	wg.Wait()
}

// TestExplainInLanguage: an explanation writes amounts the reader's way
// and names the rule an adjustment targets by its label, or by its form
// when it has none, never by its id.
func TestExplainInLanguage(t *testing.T) {
	flat := fees.Money(200000)
	def := minimalDefinition()
	def.Items[0].Versions[0].Rules = []fees.Rule{
		{ID: "base", Label: fees.Text{"vi": "Mức thu cơ bản", "en": "Basic fee"}, Flat: &flat},
		{ID: "extra", Flat: &flat},
	}
	def.Adjustments = []fees.Adjustment{adj("HALF", 1), adj("EXTRA", 2)}
	def.Adjustments[0].Component = "base"
	def.Adjustments[1].Component = "extra"
	s, err := fees.New(def)
	require.NoError(t, err)
	q, err := s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X"}}})
	require.NoError(t, err)
	tests := []struct {
		lang     string
		want     []string
		wantNot  []string
		wantLast string
	}{
		{"vi", []string{"Mức thu cơ bản: 200.000 ₫", "đối với phần “Mức thu cơ bản”: 400.000 ₫ → 300.000 ₫", "đối với phần “mức thu cố định”", "áp dụng từ 01/01/2020"},
			[]string{`"base"`, `"extra"`, "VND", "đồng"}, "TỔNG CỘNG: 200.000 ₫\n"},
		{"en", []string{"Basic fee: 200,000 VND", "on part “Basic fee”: 400,000 VND → 300,000 VND", "on part “flat amount”", "in force from 01/01/2020"},
			[]string{`"base"`, `"extra"`, "₫", "đồng"}, "TOTAL: 200,000 VND\n"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			text, err := q.Explain(tt.lang)
			require.NoError(t, err)
			for _, w := range tt.want {
				assert.Contains(t, text, w)
			}
			for _, w := range tt.wantNot {
				assert.NotContains(t, text, w)
			}
			assert.True(t, strings.HasSuffix(text, tt.wantLast), text)
		})
	}
}

// TestExplainLanguageTags: the language is a plain tag, as everywhere in
// motcua: "" and "vi-VN" are Vietnamese, "en-US" English; a language the
// explanation does not speak is an error, not a silent Vietnamese.
func TestExplainLanguageTags(t *testing.T) {
	s := sample(t)
	q, err := s.Quote(fees.Request{At: day(2025, time.August, 1), Items: []fees.ItemRequest{{Code: "DKDN"}}})
	require.NoError(t, err)
	vi, err := q.Explain("vi")
	require.NoError(t, err)
	en, err := q.Explain("en")
	require.NoError(t, err)
	tests := []struct {
		lang    string
		want    string
		wantErr error
	}{
		{"", vi, nil},
		{"vi-VN", vi, nil},
		{"en-US", en, nil},
		{"EN", en, nil},
		{"fr", "", fees.ErrLanguage},
		{"vie", "", fees.ErrLanguage},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			got, err := q.Explain(tt.lang)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
