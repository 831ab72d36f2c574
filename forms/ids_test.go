package forms_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/vntime"
)

func TestParseCitizenID(t *testing.T) {
	tests := []struct {
		name, in string
		want     forms.CitizenID
		ok       bool
	}{
		{"hanoi male 1985", "001085012345", forms.CitizenID{Number: "001085012345", Province: "001", Sex: forms.Male, BirthYear: 1985}, true},
		{"hcm female 1990", "079190001234", forms.CitizenID{Number: "079190001234", Province: "079", Sex: forms.Female, BirthYear: 1990}, true},
		{"male 2000s", "038205000001", forms.CitizenID{Number: "038205000001", Province: "038", Sex: forms.Male, BirthYear: 2005}, true},
		{"female 2000s", "038305000001", forms.CitizenID{Number: "038305000001", Province: "038", Sex: forms.Female, BirthYear: 2005}, true},
		{"female 2100s", "096501000001", forms.CitizenID{Number: "096501000001", Province: "096", Sex: forms.Female, BirthYear: 2101}, true},
		{"old province ha giang", "002090000001", forms.CitizenID{Number: "002090000001", Province: "002", Sex: forms.Male, BirthYear: 1990}, true},
		{"century digit 6", "001685012345", forms.CitizenID{}, false},
		{"unknown province 003", "003085012345", forms.CitizenID{}, false},
		{"province 097", "097085012345", forms.CitizenID{}, false},
		{"leading 1", "101085012345", forms.CitizenID{}, false},
		{"11 digits", "00108501234", forms.CitizenID{}, false},
		{"13 digits", "0010850123456", forms.CitizenID{}, false},
		{"letter", "00108501234a", forms.CitizenID{}, false},
		{"spaces", "001 085 012345", forms.CitizenID{}, false},
		{"empty", "", forms.CitizenID{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := forms.ParseCitizenID(tt.in)
			if !tt.ok {
				require.ErrorIs(t, err, forms.ErrCitizenID)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseTaxCode(t *testing.T) {
	tests := []struct {
		name, in string
		personal bool
		want     string
		ok       bool
	}{
		{"10 digits", "0301234562", false, "0301234562", true},
		{"another", "0312345673", false, "0312345673", true},
		{"check digit 0 (remainder 10)", "0110000080", false, "0110000080", true},
		{"third code", "0100107067", false, "0100107067", true},
		{"bad check digit", "0301234563", false, "", false},
		{"branch with dash", "0301234562-001", false, "0301234562-001", true},
		{"branch 13 digits", "0301234562001", false, "0301234562-001", true},
		{"branch 000", "0301234562-000", false, "", false},
		{"branch 000 plain", "0301234562000", false, "", false},
		{"digits 3-9 zero", "0100000000", false, "", false},
		{"11 digits", "03012345621", false, "", false},
		{"dash elsewhere", "030123456-2001", false, "", false},
		{"letters", "03O1234562", false, "", false},
		{"personal refused", "001085012345", false, "", false},
		{"personal accepted", "001085012345", true, "001085012345", true},
		{"personal bad id", "001685012345", true, "", false},
		{"personal option keeps mst", "0301234562", true, "0301234562", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var opts []forms.Option
			if tt.personal {
				opts = append(opts, forms.WithPersonalTaxCodes())
			}
			got, err := forms.ParseTaxCode(tt.in, opts...)
			if !tt.ok {
				require.ErrorIs(t, err, forms.ErrTaxCode)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got.String())
			assert.Equal(t, len(tt.in) == 12, got.Personal)
		})
	}
}

func TestParseTaxCodeBadOption(t *testing.T) {
	_, err := forms.ParseTaxCode("0301234562", nil)
	require.ErrorIs(t, err, forms.ErrOption)
	_, err = forms.ParseTaxCode("0301234562", forms.WithAdminUnits(nil))
	require.ErrorIs(t, err, forms.ErrOption)
}

// TestTaxCodeRemainderZero: a weighted sum ≡ 0 (mod 11) has no check digit.
func TestTaxCodeRemainderZero(t *testing.T) {
	found := false
	for n := 1000000; n < 1100000 && !found; n++ {
		base := "01" + itoa7(n)
		w := []int{31, 29, 23, 19, 17, 13, 7, 5, 3}
		s := 0
		for i := range 9 {
			s += w[i] * int(base[i]-'0')
		}
		if s%11 != 0 {
			continue
		}
		found = true
		for d := '0'; d <= '9'; d++ {
			_, err := forms.ParseTaxCode(base + string(d))
			require.ErrorIs(t, err, forms.ErrTaxCode, base+string(d))
		}
	}
	require.True(t, found)
}

func itoa7(n int) string {
	b := make([]byte, 7)
	for i := 6; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func TestNormalizePhone(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0912345678", "+84912345678"},
		{"0912 345 678", "+84912345678"},
		{"091.234.5678", "+84912345678"},
		{"+84912345678", "+84912345678"},
		{"+84 91 234 5678", "+84912345678"},
		{"0321234567", "+84321234567"},
		{"0521234567", "+84521234567"},
		{"0701234567", "+84701234567"},
		{"0861234567", "+84861234567"},
		{"024 3825 1234", "+842438251234"},
		{"028.3822.1234", "+842838221234"},
		{"0311234567", ""},  // 031 is not a mobile prefix
		{"0511234567", ""},  // 051 neither
		{"0711234567", ""},  // nor 071
		{"0801234567", ""},  // nor 080
		{"0123456789", ""},  // old 11-digit era prefix
		{"091234567", ""},   // 9 digits
		{"09123456789", ""}, // 11-digit mobile
		{"0612345678", ""},
		{"84912345678", ""},
		{"+840912345678", ""},
		{"0912-345-678", ""},
		{"", ""},
		{"+", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := forms.NormalizePhone(tt.in)
			if tt.want == "" {
				require.ErrorIs(t, err, forms.ErrPhone)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"15/03/1985", vntime.Date(1985, 3, 15), true},
		{"1985-03-15", vntime.Date(1985, 3, 15), true},
		{"29/02/2024", vntime.Date(2024, 2, 29), true},
		{"29/02/2000", vntime.Date(2000, 2, 29), true},
		{"29/02/1900", time.Time{}, false},
		{"29/02/2023", time.Time{}, false},
		{"31/04/2025", time.Time{}, false},
		{"00/01/2025", time.Time{}, false},
		{"01/13/2025", time.Time{}, false},
		{"1/3/1985", time.Time{}, false},
		{"1985/03/15", time.Time{}, false},
		{"15-03-1985", time.Time{}, false},
		{"2025-7-01", time.Time{}, false},
		{"", time.Time{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := forms.ParseDate(tt.in)
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.True(t, tt.want.Equal(got))
				assert.Equal(t, vntime.Location, got.Location())
			}
		})
	}
}

func TestSexText(t *testing.T) {
	for _, s := range []forms.Sex{forms.Male, forms.Female, forms.SexUnknown} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var back forms.Sex
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, s, back)
	}
	assert.Equal(t, "Sex(9)", forms.Sex(9).String())
}
