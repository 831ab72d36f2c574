package catalog

import (
	"bytes"
	"reflect"
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
			MediaTypes: []string{"application/pdf"}, MaxBytes: 1 << 20, Template: "Mẫu 01",
			Code: "TP-G06.00023480", EForm: true}},
		Cases: []Case{{Name: "Trường hợp 1", Documents: []Requirement{{Name: "Giấy chứng sinh", Originals: 1, Copies: 1,
			MediaTypes: []string{"image/jpeg"}, MaxBytes: 1, Template: "-", Code: "KQ1", EForm: true, Optional: true}}},
			{Documents: []Requirement{{Name: "Giấy chứng sinh", Originals: 1}}}},
		Channels: []ChannelTerms{
			{Channel: Online, Time: 3, Unit: WorkingDays, Note: "kể từ khi nhận đủ",
				Fees: []FeeNote{{Amount: 10, HasAmount: true, Kind: ServiceFee, Currency: "USD", Text: "10 USD/người"},
					{Amount: 8000, HasAmount: true, Text: "8.000 đồng", Kind: Charge}, {Text: "Miễn phí"},
					{Kind: Fee, Currency: "VND"}}},
			{Channel: Post, Time: 2, Unit: Months},
		},
		FormID: "khai-sinh", FeeItems: []string{"HT-KS"}, LegalBasis: []string{"Luật Hộ tịch 2014"},
		LegalRefs: []LegalRef{{Code: "60/2014/QH13", Name: "Luật Hộ tịch"}, {Code: "nghị định 146/2025"}, {Name: "Thông tư"}},
		Result:    "Giấy khai sinh", Subjects: []string{"Công dân Việt Nam"},
		Authority: "Ủy ban nhân dân cấp tỉnh", Steps: []string{"Bước 1: nộp hồ sơ\n- trực tiếp", "Bước 2: nhận kết quả"},
		Conditions: "Không", ReturnMethods: []Channel{Counter, Post, Online},
		Variants: []Variant{{Code: "1.000001.01", Name: "Trẻ em sinh ở nước ngoài", Time: 10, Unit: CalendarDays},
			{Code: "1.000001.01", Time: 0, Unit: UnitOther}, {Time: 1, Unit: Months}},
		Note:     "\tGhi chú dài\n",
		Decision: "1234/QĐ-BTP", DecisionDate: vntime.Date(2025, 6, 20),
		ValidFrom: time.Date(2025, 6, 30, 17, 0, 0, 0, time.UTC), ValidTo: vntime.Date(2030, 1, 1),
	}
	c, err := New(full, Procedure{Code: "2.1", Name: "B", Levels: []Level{Central}, Online: Offline},
		Procedure{Code: "2.2", Name: "Xét cấp học bổng", Levels: []Level{Province}, Online: Offline, NoFixedDuration: true})
	require.NoError(t, err)
	c = c.WithNote("Nguồn: thử nghiệm\nghi chú")
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
	// Every field of full is set, so a field added to Procedure without a
	// value here fails this test: the round trip above must cover it.
	// NoFixedDuration excludes ProcessingDays: procedure 2.2 covers it.
	none, ok := c.Get("2.2", time.Time{})
	require.True(t, ok)
	got.NoFixedDuration = none.NoFixedDuration
	assertAllSet(t, reflect.ValueOf(got), "Procedure")
	assert.Equal(t, "Asia/Ho_Chi_Minh", got.ValidFrom.Location().String())
	assert.True(t, got.ValidFrom.Equal(vntime.Date(2025, 7, 1)))
}

// assertAllSet fails for every field of v (a struct, recursively through
// slices' first elements) left at its zero value.
func assertAllSet(t *testing.T, v reflect.Value, path string) {
	t.Helper()
	switch v.Kind() {
	case reflect.Struct:
		if v.Type() == reflect.TypeFor[time.Time]() {
			assert.False(t, v.Interface().(time.Time).IsZero(), "%s is zero", path)
			return
		}
		for i := range v.NumField() {
			assertAllSet(t, v.Field(i), path+"."+v.Type().Field(i).Name)
		}
	case reflect.Slice:
		if assert.Positive(t, v.Len(), "%s is empty", path) {
			assertAllSet(t, v.Index(0), path+"[0]")
		}
	default:
		assert.False(t, v.IsZero(), "%s is zero", path)
	}
}

func TestJSONBackwardCompatible(t *testing.T) {
	// A document written before the fields of issue 10 existed reads as
	// before, with the new fields empty.
	old := `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","processingDays":2,
		"documents":[{"name":"Tờ khai","originals":1}],
		"channels":[{"channel":"online","time":2,"unit":"working_days","fees":[{"amount":5,"hasAmount":true}]}]}]}`
	c, err := ReadJSON(strings.NewReader(old))
	require.NoError(t, err)
	p, ok := c.Get("1", time.Time{})
	require.True(t, ok)
	assert.Equal(t, FeeNote{Amount: 5, HasAmount: true}, p.Channels[0].Fees[0])
	assert.Equal(t, Requirement{Name: "Tờ khai", Originals: 1}, p.Documents[0])
	assert.Nil(t, p.Variants)
	assert.Empty(t, p.Authority)
	// And the new fields are left out when empty.
	var buf bytes.Buffer
	require.NoError(t, c.WriteJSON(&buf))
	for _, key := range []string{"variants", "legalRefs", "steps", "returnMethods", "authority", "conditions", `"note"`, "kind", "currency", "eForm"} {
		assert.NotContains(t, buf.String(), key)
	}
}

func TestFeeKindAndUnitText(t *testing.T) {
	for k := FeeKindUnknown; k <= ServiceFee; k++ {
		b, err := k.MarshalText()
		require.NoError(t, err)
		var back FeeKind
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, k, back)
		assert.Equal(t, string(b), k.String())
	}
	_, err := FeeKind(9).MarshalText()
	require.ErrorIs(t, err, ErrUnknownLevel)
	assert.Equal(t, "FeeKind(9)", FeeKind(9).String())
	var k FeeKind
	require.ErrorIs(t, k.UnmarshalText([]byte("tax")), ErrUnknownLevel)

	b, err := Months.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "months", string(b))
	var u TimeUnit
	require.NoError(t, u.UnmarshalText([]byte("months")))
	assert.Equal(t, Months, u)
	assert.False(t, TimeUnit(6).Valid())
	assert.Equal(t, "TimeUnit(6)", TimeUnit(6).String())
}

func TestWithNote(t *testing.T) {
	c, err := New(proc("1.1", "Đăng ký khai sinh"))
	require.NoError(t, err)
	d := c.WithNote("nguồn")
	assert.Empty(t, c.Note(), "the original is unchanged")
	assert.Equal(t, "nguồn", d.Note())
	assert.Equal(t, allProcs(c), allProcs(d))
	assert.Len(t, d.Search(Query{Text: "dang ky khai sinh"}), 1)
	assert.Equal(t, c.Stats(time.Time{}), d.Stats(time.Time{}))
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
		{"unknown fee kind", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","channels":[{"channel":"online","time":1,"unit":"days","fees":[{"kind":"tax"}]}]}]}`, ErrUnknownLevel, "tax"},
		{"bad currency", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","channels":[{"channel":"online","time":1,"unit":"days","fees":[{"currency":"usd"}]}]}]}`, ErrInvalidFee, "Currency"},
		{"unknown return method", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","returnMethods":["home"]}]}`, ErrUnknownLevel, "home"},
		{"negative variant time", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","variants":[{"time":-1,"unit":"months"}]}]}`, ErrNegativeDays, "Variants[0].Time"},
		{"variant without unit", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","variants":[{"time":1}]}]}`, ErrUnknownLevel, "Variants[0].Unit"},
		{"empty legal ref", `{"procedures":[{"code":"1","name":"A","levels":["commune"],"online":"full","legalRefs":[{}]}]}`, ErrEmptyName, "LegalRefs[0]"},
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
