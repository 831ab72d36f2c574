package catalog

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDurationLabel(t *testing.T) {
	for _, tt := range []struct {
		name   string
		d      Duration
		vi, en string
		fixed  bool
	}{
		{"working days", Duration{10, WorkingDays}, "10 ngày làm việc", "10 working days", true},
		{"one working day", Duration{1, WorkingDays}, "1 ngày làm việc", "1 working day", true},
		{"same day", Duration{0, WorkingDays}, "trong ngày", "same day", true},
		{"same calendar day", Duration{0, CalendarDays}, "trong ngày", "same day", true},
		{"calendar days grouped", Duration{1000, CalendarDays}, "1.000 ngày", "1,000 days", true},
		{"working hours", Duration{4, WorkingHours}, "4 giờ làm việc", "4 working hours", true},
		{"one month", Duration{1, Months}, "1 tháng", "1 month", true},
		{"no fixed duration", Duration{1, UnitOther}, "không cố định", "no fixed duration", false},
		{"zero value", Duration{}, "không rõ", "unknown", false},
		{"undefined unit", Duration{3, TimeUnit(42)}, "TimeUnit(42)", "TimeUnit(42)", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.vi, tt.d.Label("vi"))
			assert.Equal(t, tt.vi, tt.d.Label(""))
			assert.Equal(t, tt.en, tt.d.Label("en"))
			assert.Equal(t, tt.fixed, tt.d.Fixed())
			assert.Equal(t, tt.fixed && tt.d.Time == 0, tt.d.SameDay())
		})
	}
}

func TestProcessingTime(t *testing.T) {
	p := Procedure{Code: "1.000001", Name: "x", ProcessingDays: 5, Channels: []ChannelTerms{
		{Channel: Online, Time: 3, Unit: WorkingDays},
		{Channel: Post, Time: 1, Unit: UnitOther},
	}}
	none := Procedure{Code: "1.000002", Name: "Xét cấp học bổng", NoFixedDuration: true, Channels: []ChannelTerms{
		{Channel: Counter, Time: 1, Unit: UnitOther},
	}}
	sameDay := Procedure{Code: "1.000003", Name: "Chứng thực bản sao"}
	for _, tt := range []struct {
		name string
		p    Procedure
		ch   Channel
		want Duration
	}{
		{"the channel's own time", p, Online, Duration{3, WorkingDays}},
		{"a channel without terms takes ProcessingDays", p, Counter, Duration{5, WorkingDays}},
		{"headline", p, ChannelUnknown, Duration{5, WorkingDays}},
		{"a channel with no fixed duration", p, Post, Duration{1, UnitOther}},
		{"no fixed duration", none, Counter, Duration{1, UnitOther}},
		{"no fixed duration, other channel", none, Online, Duration{0, UnitOther}},
		{"no fixed duration, headline", none, ChannelUnknown, Duration{0, UnitOther}},
		{"same day", sameDay, Online, Duration{0, WorkingDays}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.p.ProcessingTime(tt.ch))
		})
	}
	assert.False(t, none.ProcessingTime(ChannelUnknown).Fixed(), "no due date")
	assert.True(t, sameDay.ProcessingTime(ChannelUnknown).SameDay())
	assert.Equal(t, Duration{3, WorkingDays}, p.Channels[0].Duration())
	assert.Equal(t, Duration{7, Months}, Variant{Time: 7, Unit: Months}.Duration())
}

func TestNoFixedDuration(t *testing.T) {
	t.Run("New accepts it", func(t *testing.T) {
		c, err := New(Procedure{Code: "1.000002", Name: "Xét cấp học bổng", Levels: []Level{Province}, Online: Offline, NoFixedDuration: true})
		require.NoError(t, err)
		p, ok := c.Get("1.000002", time.Time{})
		require.True(t, ok)
		assert.True(t, p.NoFixedDuration)
	})
	t.Run("New rejects it with processing days", func(t *testing.T) {
		_, err := New(Procedure{Code: "1.000002", Name: "x", Levels: []Level{Province}, Online: Offline, NoFixedDuration: true, ProcessingDays: 3})
		require.ErrorIs(t, err, ErrFixedAndNot)
		var ce *ConsistencyError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, "ProcessingDays", ce.Problems[0].Field)
	})
	t.Run("JSON round trip", func(t *testing.T) {
		in := `{"procedures": [{"code": "1.000002", "name": "Xét cấp học bổng", "levels": ["province"], "online": "offline", "noFixedDuration": true}]}`
		c, err := ReadJSON(strings.NewReader(in))
		require.NoError(t, err)
		p, _ := c.Get("1.000002", time.Time{})
		require.True(t, p.NoFixedDuration)
		var out bytes.Buffer
		require.NoError(t, c.WriteJSON(&out))
		assert.Contains(t, out.String(), `"noFixedDuration": true`)
		back, err := ReadJSON(&out)
		require.NoError(t, err)
		q, _ := back.Get("1.000002", time.Time{})
		assert.Equal(t, p, q)
	})
	t.Run("left out when false", func(t *testing.T) {
		c, err := New(Procedure{Code: "1.000001", Name: "x", Levels: []Level{Commune}, Online: Full})
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, c.WriteJSON(&out))
		assert.NotContains(t, out.String(), "noFixedDuration")
	})
}

func TestEnumLabels(t *testing.T) {
	type labeled interface{ Label(string) string }
	for _, tt := range []struct {
		name   string
		v      labeled
		vi, en string
	}{
		{"channel unknown", ChannelUnknown, "Không rõ", "Unknown"},
		{"counter", Counter, "Trực tiếp", "At the counter"},
		{"online", Online, "Trực tuyến", "Online"},
		{"post", Post, "Qua dịch vụ bưu chính", "By post"},
		{"undefined channel", Channel(7), "Channel(7)", "Channel(7)"},
		{"unit unknown", UnitUnknown, "không rõ", "unknown"},
		{"working days", WorkingDays, "ngày làm việc", "working days"},
		{"calendar days", CalendarDays, "ngày", "days"},
		{"working hours", WorkingHours, "giờ làm việc", "working hours"},
		{"other", UnitOther, "không cố định", "no fixed duration"},
		{"months", Months, "tháng", "months"},
		{"fee kind unknown", FeeKindUnknown, "Không rõ", "Unknown"},
		{"fee", Fee, "Phí", "Fee"},
		{"charge", Charge, "Lệ phí", "Charge"},
		{"service fee", ServiceFee, "Phí dịch vụ", "Service fee"},
		{"undefined fee kind", FeeKind(9), "FeeKind(9)", "FeeKind(9)"},
		{"level unknown", LevelUnknown, "Không rõ", "Unknown"},
		{"commune", Commune, "Cấp xã", "Commune level"},
		{"online unknown", OnlineUnknown, "Không rõ", "Unknown"},
		{"full", Full, "Trực tuyến toàn trình", "Fully online"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.vi, tt.v.Label("vi"))
			assert.Equal(t, tt.vi, tt.v.Label(""))
			assert.Equal(t, tt.en, tt.v.Label("en"))
		})
	}
}

// TestChannelNumbering pins the national portal's numbering of channels.
func TestChannelNumbering(t *testing.T) {
	assert.Equal(t, Channel(1), Counter)
	assert.Equal(t, Channel(2), Online)
	assert.Equal(t, Channel(3), Post)
	assert.Equal(t, "Channel(0)", ChannelUnknown.String(), "the text dossier trails record")
}

func TestLocation(t *testing.T) {
	assert.Equal(t, "Asia/Ho_Chi_Minh", Location.String())
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, Location)
	_, offset := at.Zone()
	assert.Equal(t, 7*60*60, offset)
	assert.Equal(t, time.Date(2025, 12, 31, 17, 0, 0, 0, time.UTC), at.UTC())
}

func TestFeeNoteAmountLabel(t *testing.T) {
	for _, tt := range []struct {
		name   string
		f      FeeNote
		vi, en string
	}{
		{"đồng", FeeNote{Amount: 230000, HasAmount: true}, "230.000 ₫", "230,000 VND"},
		{"VND", FeeNote{Amount: 50000, HasAmount: true, Currency: "VND"}, "50.000 ₫", "50,000 VND"},
		{"dollars", FeeNote{Amount: 1000, HasAmount: true, Currency: "USD"}, "1.000 USD", "1,000 USD"},
		{"no amount", FeeNote{Text: "Miễn phí"}, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.vi, tt.f.AmountLabel("vi"))
			assert.Equal(t, tt.en, tt.f.AmountLabel("en"))
		})
	}
}
