package catalog

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/vntime"
)

func allProcs(c *Catalog) []Procedure {
	var out []Procedure
	for p := range c.All() {
		out = append(out, p)
	}
	return out
}

func TestJSONRoundTrip(t *testing.T) {
	full := Procedure{
		Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch", Agency: "UBND cấp xã",
		Levels: []Level{Commune, Province}, Online: Full, ProcessingDays: 3,
		Documents: []Requirement{{Name: "Tờ khai", Originals: 1, Copies: 2, Optional: true,
			MediaTypes: []string{"application/pdf"}, MaxBytes: 1 << 20, Template: "Mẫu 01"}},
		Cases: []Case{{Name: "Trường hợp 1", Documents: []Requirement{{Name: "Giấy chứng sinh", Originals: 1}}}},
		Channels: []ChannelTerms{{Channel: Online, Time: 3, Unit: WorkingDays, Note: "kể từ khi nhận đủ",
			Fees: []FeeNote{{Amount: 8000, HasAmount: true, Text: "8.000 đồng"}, {Text: "Miễn phí"}}}},
		FormID: "khai-sinh", FeeItems: []string{"HT-KS"}, LegalBasis: []string{"Luật Hộ tịch 2014"},
		Result: "Giấy khai sinh", Subjects: []string{"Công dân Việt Nam"},
		Decision: "1234/QĐ-BTP", DecisionDate: vntime.Date(2025, 6, 20),
		ValidFrom: time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC), ValidTo: vntime.Date(2030, 1, 1),
	}
	c, err := New(full, Procedure{Code: "2.1", Name: "B", Levels: []Level{Central}, Online: Offline})
	require.NoError(t, err)
	sample, err := Sample()
	require.NoError(t, err)

	for name, cat := range map[string]*Catalog{"every field": c, "sample": sample} {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, cat.WriteJSON(&buf))
			back, err := ReadJSON(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			assert.Equal(t, allProcs(cat), allProcs(back))
			assert.Equal(t, cat.Note(), back.Note())
			var again bytes.Buffer
			require.NoError(t, back.WriteJSON(&again))
			assert.Equal(t, buf.String(), again.String())
		})
	}
	got, ok := c.Get("1.000001", time.Time{})
	require.True(t, ok)
	assert.Equal(t, "Asia/Ho_Chi_Minh", got.ValidFrom.Location().String())
	assert.True(t, got.ValidFrom.Equal(vntime.Date(2025, 7, 1)))
}

func TestReadJSONErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
		msg  string
	}{
		{"unknown top-level field", `{"procedures":[],"extra":1}`, ErrUnknownField, `"extra"`},
		{"unknown procedure field", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","fee":2}]}`, ErrUnknownField, `"fee"`},
		{"unknown level", `{"procedures":[{"code":"1","name":"A","levels":["ward"],"online":"full"}]}`, ErrUnknownLevel, "ward"},
		{"legacy number as online level", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":4}]}`, ErrSyntax, "online"},
		{"wrong type", `{"procedures":[{"code":1}]}`, ErrSyntax, "code"},
		{"not JSON", `Thủ tục`, ErrSyntax, ""},
		{"truncated", `{"procedures":[`, ErrSyntax, ""},
		{"trailing data", `{"procedures":[]} {}`, ErrSyntax, "after"},
		{"empty input", ``, ErrSyntax, ""},
		{"inconsistent", `{"procedures":[{"code":"1","name":"","levels":["commune"],"online":"full"}]}`, ErrEmptyName, "Name"},
		{"bad date", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","validFrom":"1/7/2025"}]}`, ErrSyntax, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := ReadJSON(strings.NewReader(tt.in))
			require.ErrorIs(t, err, tt.want)
			assert.Nil(t, c)
			assert.Contains(t, err.Error(), tt.msg)
		})
	}
}

func TestSample(t *testing.T) {
	c, err := Sample()
	require.NoError(t, err)
	s := c.Stats(time.Time{})
	assert.GreaterOrEqual(t, s.Total, 40)
	for _, l := range []Level{Commune, Province, Central} {
		assert.Positive(t, s.ByLevel[l], "level %s", l)
	}
	assert.GreaterOrEqual(t, len(s.BySector), 10)
	assert.Contains(t, c.Note(), "illustrative")
	for p := range c.All() {
		assert.NotEmpty(t, p.LegalBasis, p.Code)
		assert.NotEmpty(t, p.Documents, p.Code)
		assert.NotEmpty(t, p.Result, p.Code)
		assert.NotEmpty(t, p.Sector, p.Code)
	}
	// Each call gives an independent catalogue.
	c2, err := Sample()
	require.NoError(t, err)
	assert.NotSame(t, c, c2)
}

func FuzzReadJSON(f *testing.F) {
	var buf bytes.Buffer
	c, err := Sample()
	require.NoError(f, err)
	require.NoError(f, c.WriteJSON(&buf))
	f.Add(buf.Bytes())
	f.Add([]byte(`{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","validFrom":"2025-07-01T00:00:00+07:00","validTo":"2025-01-01T00:00:00+07:00"}]}`))
	f.Add([]byte(`{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full"},{"code":"1","name":"B","levels":["province"],"online":"partial"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			t.Skip("input larger than 1 MiB")
		}
		c, err := ReadJSON(bytes.NewReader(data))
		if err != nil {
			assert.Nil(t, c)
			return
		}
		// Whatever was accepted must round-trip and answer queries.
		var out bytes.Buffer
		require.NoError(t, c.WriteJSON(&out))
		back, err := ReadJSON(&out)
		require.NoError(t, err)
		require.Equal(t, c.Len(), back.Len())
		_ = c.Search(Query{Text: "đăng ký"})
		_ = c.Stats(time.Time{}).String()
	})
}
