package fees_test

import (
	"math"
	"testing"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMoneyArithmetic(t *testing.T) {
	const maxM, minM = fees.Money(math.MaxInt64), fees.Money(math.MinInt64)
	tests := []struct {
		name    string
		op      func() (fees.Money, error)
		want    fees.Money
		wantErr error
	}{
		{"add", func() (fees.Money, error) { return fees.Money(1000).Add(234) }, 1234, nil},
		{"add to max", func() (fees.Money, error) { return (maxM - 1).Add(1) }, maxM, nil},
		{"add overflow", func() (fees.Money, error) { return maxM.Add(1) }, 0, fees.ErrOverflow},
		{"add negative overflow", func() (fees.Money, error) { return minM.Add(-1) }, 0, fees.ErrOverflow},
		{"add negative", func() (fees.Money, error) { return fees.Money(5).Add(-7) }, -2, nil},
		{"sub", func() (fees.Money, error) { return fees.Money(5).Sub(7) }, -2, nil},
		{"sub overflow", func() (fees.Money, error) { return minM.Sub(1) }, 0, fees.ErrOverflow},
		{"sub overflow up", func() (fees.Money, error) { return maxM.Sub(-1) }, 0, fees.ErrOverflow},
		{"sub min from zero", func() (fees.Money, error) { return fees.Money(0).Sub(minM) }, 0, fees.ErrOverflow},
		{"mul", func() (fees.Money, error) { return fees.Money(2000).Mul(3) }, 6000, nil},
		{"mul negative", func() (fees.Money, error) { return fees.Money(-2000).Mul(3) }, -6000, nil},
		{"mul to min", func() (fees.Money, error) { return fees.Money(math.MinInt64 / 2).Mul(2) }, minM, nil},
		{"mul overflow", func() (fees.Money, error) { return fees.Money(math.MaxInt64/2 + 1).Mul(2) }, 0, fees.ErrOverflow},
		{"mul min by -1", func() (fees.Money, error) { return minM.Mul(-1) }, 0, fees.ErrOverflow},
		{"mul huge", func() (fees.Money, error) { return maxM.Mul(maxM.Int64()) }, 0, fees.ErrOverflow},
		{"mul rate", func() (fees.Money, error) {
			return fees.Money(1_234_567).MulRate(fees.MustRate(5, 1000), fees.RoundHalfUp)
		}, 6173, nil},
		{"mul rate down", func() (fees.Money, error) {
			return fees.Money(1_234_567).MulRate(fees.MustRate(5, 1000), fees.RoundDown)
		}, 6172, nil},
		{"mul rate max", func() (fees.Money, error) { return maxM.MulRate(fees.MustRate(1, 1), fees.RoundDown) }, maxM, nil},
		{"mul rate negative", func() (fees.Money, error) { return fees.Money(-1).MulRate(fees.MustRate(1, 2), fees.RoundDown) }, 0, fees.ErrNegative},
		{"mul rate overflow", func() (fees.Money, error) { return maxM.MulRate(fees.MustRate(3, 2), fees.RoundDown) }, 0, fees.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.op()
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				if tt.wantErr == fees.ErrOverflow {
					var oe *fees.OverflowError
					require.ErrorAs(t, err, &oe)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestMoneyString(t *testing.T) {
	tests := []struct {
		m    fees.Money
		want string
	}{
		{0, "0 ₫"},
		{5, "5 ₫"},
		{999, "999 ₫"},
		{1000, "1.000 ₫"},
		{1_234_000, "1.234.000 ₫"},
		{-1_234_000, "-1.234.000 ₫"},
		{100_000_000, "100.000.000 ₫"},
		{math.MaxInt64, "9.223.372.036.854.775.807 ₫"},
		{math.MinInt64, "-9.223.372.036.854.775.808 ₫"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.m.String())
			back, err := fees.ParseMoney(tt.want)
			require.NoError(t, err)
			assert.Equal(t, tt.m, back)
		})
	}
}

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in      string
		want    fees.Money
		wantErr error
	}{
		{in: "1.234.000 ₫", want: 1_234_000},
		{in: "1.234.000₫", want: 1_234_000},
		{in: "1.234.000\u00a0₫", want: 1_234_000},
		{in: " 1.234.000 đ ", want: 1_234_000},
		{in: "1.234.000 đồng", want: 1_234_000},
		{in: "1.234.000 VND", want: 1_234_000},
		{in: "1.234.000 vnđ", want: 1_234_000},
		{in: "1234000", want: 1_234_000},
		{in: "0", want: 0},
		{in: "0 ₫", want: 0},
		{in: "-5.000 ₫", want: -5000},
		{in: "12.345", want: 12345},
		{in: "", wantErr: fees.ErrSyntax},
		{in: "₫", wantErr: fees.ErrSyntax},
		{in: "-", wantErr: fees.ErrSyntax},
		{in: "1,5 ₫", wantErr: fees.ErrSyntax},
		{in: "1.234,00 ₫", wantErr: fees.ErrSyntax},
		{in: "1.23", wantErr: fees.ErrSyntax},
		{in: "1.2345", wantErr: fees.ErrSyntax},
		{in: "1234.000", wantErr: fees.ErrSyntax},
		{in: ".123", wantErr: fees.ErrSyntax},
		{in: "123.", wantErr: fees.ErrSyntax},
		{in: "1..000", wantErr: fees.ErrSyntax},
		{in: "01.000", wantErr: fees.ErrSyntax},
		{in: "007", wantErr: fees.ErrSyntax},
		{in: "1 000", wantErr: fees.ErrSyntax},
		{in: "+5", wantErr: fees.ErrSyntax},
		{in: "--5", wantErr: fees.ErrSyntax},
		{in: "5 $", wantErr: fees.ErrSyntax},
		{in: "1.234.000 ₫ ₫", wantErr: fees.ErrSyntax},
		{in: "9.223.372.036.854.775.808", wantErr: fees.ErrOverflow},
		{in: "99999999999999999999", wantErr: fees.ErrOverflow},
		{in: "-9.223.372.036.854.775.809", wantErr: fees.ErrOverflow},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := fees.ParseMoney(tt.in)
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var pe *fees.ParseError
				require.ErrorAs(t, err, &pe)
				assert.Equal(t, "money", pe.What)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

// TestMoneyFormat: Format writes an amount for a reader of lang through
// the shared formatter; String stays the Vietnamese form.
func TestMoneyFormat(t *testing.T) {
	tests := []struct {
		m      fees.Money
		vi, en string
	}{
		{0, "0 ₫", "0 VND"},
		{200_000, "200.000 ₫", "200,000 VND"},
		{-5_000, "-5.000 ₫", "-5,000 VND"},
		{1_234_567_890, "1.234.567.890 ₫", "1,234,567,890 VND"},
		{math.MinInt64, "-9.223.372.036.854.775.808 ₫", "-9,223,372,036,854,775,808 VND"},
	}
	for _, tt := range tests {
		t.Run(tt.en, func(t *testing.T) {
			assert.Equal(t, tt.vi, tt.m.Format("vi"))
			assert.Equal(t, tt.vi, tt.m.String())
			assert.Equal(t, tt.en, tt.m.Format("en"))
			assert.Equal(t, tt.en, tt.m.Format("en-US"))
		})
	}
}
