package fees_test

import (
	"encoding"
	"fmt"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestChannelNumbering: the channels are numbered as the national portal
// and catalog.Channel number them (1 counter, 2 online, 3 post), so a
// catalogue's channel converted with fees.Channel(c) keeps its meaning.
func TestChannelNumbering(t *testing.T) {
	tests := []struct {
		n    uint8
		want fees.Channel
		name string
	}{
		{0, fees.ChannelUnknown, "unknown"},
		{1, fees.Counter, "counter"},
		{2, fees.Online, "online"},
		{3, fees.Post, "post"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, fees.Channel(tt.n))
			assert.Equal(t, tt.name, fees.Channel(tt.n).String())
		})
	}

	// The online exemption of the enterprise registration charge applies
	// to channel 2, catalog.Online's number.
	s := sample(t)
	for _, tt := range []struct {
		name string
		n    uint8
		want fees.Money
	}{
		{"counter", 1, 50000},
		{"online", 2, 0},
		{"post", 3, 50000},
	} {
		t.Run("DKDN "+tt.name, func(t *testing.T) {
			q, err := s.Quote(fees.Request{At: day(2024, time.March, 15), Channel: fees.Channel(tt.n), Items: []fees.ItemRequest{{Code: "DKDN"}}})
			require.NoError(t, err)
			assert.Equal(t, tt.want, q.Total)
		})
	}
}

// enum is what every enum of the package offers.
type enum interface {
	fmt.Stringer
	encoding.TextMarshaler
	Label(lang string) string
}

// TestEnumZero: every enum has Label, and its zero value (and a number out
// of range) reads "unknown" / "không rõ", never an empty string or a number.
func TestEnumZero(t *testing.T) {
	tests := []struct {
		name       string
		zero, high enum
		one        enum
		oneVI      string
		oneEN      string
	}{
		{"Channel", fees.ChannelUnknown, fees.Channel(200), fees.Online, "trực tuyến", "online"},
		{"Kind", fees.KindUnknown, fees.Kind(200), fees.Charge, "lệ phí", "charge"},
		{"Effect", fees.EffectUnknown, fees.Effect(200), fees.Exempt, "miễn", "exempt"},
		{"Stacking", fees.StackingUnknown, fees.Stacking(200), fees.Final, "áp dụng sau cùng", "applies last"},
		{"Rounding", fees.RoundUnknown, fees.Rounding(200), fees.RoundHalfUp, "làm tròn nửa lên", "rounded half up"},
		{"RuleForm", fees.RuleFormUnknown, fees.RuleForm(200), fees.RulePerUnit, "mức thu theo đơn vị", "amount per unit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, v := range []enum{tt.zero, tt.high} {
				assert.Equal(t, "unknown", v.String())
				assert.Equal(t, "không rõ", v.Label("vi"))
				assert.Equal(t, "không rõ", v.Label(""))
				assert.Equal(t, "unknown", v.Label("en"))
				b, err := v.MarshalText()
				require.NoError(t, err)
				assert.Equal(t, "unknown", string(b))
			}
			assert.Equal(t, tt.oneVI, tt.one.Label("vi"))
			assert.Equal(t, tt.oneEN, tt.one.Label("en"))
			assert.Equal(t, tt.oneEN, tt.one.Label("en-GB"))
		})
	}
}
