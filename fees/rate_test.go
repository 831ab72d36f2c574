package fees_test

import (
	"encoding/json"
	"testing"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseRate(t *testing.T) {
	tests := []struct {
		in       string
		num, den int64
		str      string
		wantErr  error
	}{
		{in: "0.5%", num: 1, den: 200, str: "0.5%"},
		{in: "0,5%", num: 1, den: 200, str: "0.5%"},
		{in: "2%", num: 1, den: 50, str: "2%"},
		{in: "10 %", num: 1, den: 10, str: "10%"},
		{in: "0.06%", num: 3, den: 5000, str: "0.06%"},
		{in: "100%", num: 1, den: 1, str: "100%"},
		{in: "0%", num: 0, den: 1, str: "0%"},
		{in: "1/2", num: 1, den: 2, str: "50%"},
		{in: "7/10", num: 7, den: 10, str: "70%"},
		{in: "1/3", num: 1, den: 3, str: "1/3"},
		{in: "5/1000", num: 1, den: 200, str: "0.5%"},
		{in: "1", num: 1, den: 1, str: "100%"},
		{in: "0.125", num: 1, den: 8, str: "12.5%"},
		{in: "", wantErr: fees.ErrSyntax},
		{in: "%", wantErr: fees.ErrSyntax},
		{in: "1/0", wantErr: fees.ErrSyntax},
		{in: "-1%", wantErr: fees.ErrSyntax},
		{in: "1.%", wantErr: fees.ErrSyntax},
		{in: ".5%", wantErr: fees.ErrSyntax},
		{in: "a%", wantErr: fees.ErrSyntax},
		{in: "1/2/3", wantErr: fees.ErrSyntax},
		{in: "99999999999999999999%", wantErr: fees.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			r, err := fees.ParseRate(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.num, r.Num())
			assert.Equal(t, tt.den, r.Den())
			assert.Equal(t, tt.str, r.String())
			back, err := fees.ParseRate(r.String())
			require.NoError(t, err)
			assert.Equal(t, r, back)
		})
	}
}

func TestRoundingModes(t *testing.T) {
	// Amounts m × rate chosen to land on x,5 and x,4 and x,6.
	tests := []struct {
		name     string
		m        fees.Money
		rate     fees.Rate
		halfUp   fees.Money
		halfEven fees.Money
		down, up fees.Money
	}{
		{"2,5", 5, fees.MustRate(1, 2), 3, 2, 2, 3},
		{"3,5", 7, fees.MustRate(1, 2), 4, 4, 3, 4},
		{"0,4", 2, fees.MustRate(1, 5), 0, 0, 0, 1},
		{"0,6", 3, fees.MustRate(1, 5), 1, 1, 0, 1},
		{"exact", 10, fees.MustRate(1, 2), 5, 5, 5, 5},
		{"1/3", 1000, fees.MustRate(1, 3), 333, 333, 333, 334},
		{"2/3", 2000, fees.MustRate(1, 3), 667, 667, 666, 667},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for mode, want := range map[fees.Rounding]fees.Money{
				fees.RoundHalfUp: tt.halfUp, fees.RoundHalfEven: tt.halfEven, fees.RoundDown: tt.down, fees.RoundUp: tt.up,
			} {
				got, err := tt.m.MulRate(tt.rate, mode)
				require.NoError(t, err)
				assert.Equal(t, want, got, mode.String())
			}
			_, err := tt.m.MulRate(tt.rate, fees.RoundUnknown)
			require.ErrorIs(t, err, fees.ErrInvalid)
		})
	}
}

func TestExactText(t *testing.T) {
	tests := []struct {
		m    fees.Money
		rate fees.Rate
		str  string // String: Vietnamese
		en   string // Format("en")
		text string // JSON: a decimal point, no grouping
	}{
		{1_234_567, fees.MustRate(1, 200), "6.172,835 ₫", "6,172.835 VND", "6172.835"},
		{1000, fees.MustRate(1, 3), "1.000/3 ₫", "1,000/3 VND", "1000/3"},
		{5, fees.MustRate(1, 2), "2,5 ₫", "2.5 VND", "2.5"},
		{4_000_000, fees.MustRate(1, 2), "2.000.000 ₫", "2,000,000 VND", "2000000"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			q, err := sampleRateQuote(t, tt.m, tt.rate)
			require.NoError(t, err)
			e := q.Lines[0].Unrounded
			assert.Equal(t, tt.str, e.String())
			assert.Equal(t, tt.str, e.Format("vi"))
			assert.Equal(t, tt.en, e.Format("en"))
			b, err := json.Marshal(e)
			require.NoError(t, err)
			assert.Equal(t, `"`+tt.text+`"`, string(b))
			var back fees.Exact
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, e, back)
		})
	}
	var bad fees.Exact
	for _, in := range []string{`""`, `"1,"`, `"1."`, `"x"`, `"1/0"`, `"-1"`, `"1.000,5"`, `"1,000.5"`, `"1.2.3"`, `"1.0000000000001"`} {
		t.Run("bad "+in, func(t *testing.T) {
			require.ErrorIs(t, json.Unmarshal([]byte(in), &bad), fees.ErrSyntax)
		})
	}
}

// TestExactReadsComma: quotes stored before the decimal point was adopted
// wrote "6172,835"; they still read, and write back with a point.
func TestExactReadsComma(t *testing.T) {
	tests := []struct{ old, now string }{
		{"6172,835", "6172.835"},
		{"2,5", "2.5"},
		{"0,125", "0.125"},
		{"12", "12"},
	}
	for _, tt := range tests {
		t.Run(tt.old, func(t *testing.T) {
			var comma, point fees.Exact
			require.NoError(t, json.Unmarshal([]byte(`"`+tt.old+`"`), &comma))
			require.NoError(t, json.Unmarshal([]byte(`"`+tt.now+`"`), &point))
			assert.Equal(t, point, comma)
			b, err := json.Marshal(comma)
			require.NoError(t, err)
			assert.Equal(t, `"`+tt.now+`"`, string(b))
		})
	}
}

// sampleRateQuote quotes value m on a one-item schedule whose only rule is
// rate × value, to reach the unrounded Exact of a line.
func sampleRateQuote(t *testing.T, m fees.Money, r fees.Rate) (fees.Quote, error) {
	t.Helper()
	def := minimalDefinition()
	def.Items[0].Versions[0].Rules = []fees.Rule{{Percent: &fees.Percent{Rate: r}}}
	s, err := fees.New(def)
	require.NoError(t, err)
	return s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X", DeclaredValue: m}}})
}

func minimalDefinition() fees.Definition {
	flat := fees.Money(50000)
	return fees.Definition{
		Format:   fees.FormatVersion,
		Name:     fees.Text{"vi": "Biểu thử"},
		Rounding: fees.RoundHalfUp,
		Items: []fees.Item{{
			Code: "X", Name: fees.Text{"vi": "Khoản thử"}, Kind: fees.Charge,
			Versions: []fees.Version{{
				From:  fees.MustDate(2020, 1, 1),
				Basis: fees.Basis{Document: "Văn bản thử"},
				Rules: []fees.Rule{{Flat: &flat}},
			}},
		}},
	}
}
