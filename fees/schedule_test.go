package fees_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNewRejects(t *testing.T) {
	flat := fees.Money(1000)
	neg := fees.Money(-1)
	tests := []struct {
		name    string
		edit    func(d *fees.Definition)
		wantErr error
		path    string
	}{
		{"wrong format", func(d *fees.Definition) { d.Format = "other/1" }, fees.ErrInvalid, "format"},
		{"no name", func(d *fees.Definition) { d.Name["vi"] = "" }, fees.ErrInvalid, "name.vi"},
		{"no rounding", func(d *fees.Definition) { d.Rounding = fees.RoundUnknown }, fees.ErrInvalid, "rounding"},
		{"no items", func(d *fees.Definition) { d.Items = nil }, fees.ErrInvalid, "items"},
		{"bad code", func(d *fees.Definition) { d.Items[0].Code = "a b" }, fees.ErrInvalid, "items[0].code"},
		{"duplicate code", func(d *fees.Definition) { d.Items = append(d.Items, d.Items[0]) }, fees.ErrDuplicate, "items[1].code"},
		{"no kind", func(d *fees.Definition) { d.Items[0].Kind = fees.KindUnknown }, fees.ErrInvalid, "items[0].kind"},
		{"unknown locality", func(d *fees.Definition) { d.Items[0].Locality = "79" }, fees.ErrLocality, "items[0].locality"},
		{"no versions", func(d *fees.Definition) { d.Items[0].Versions = nil }, fees.ErrInvalid, "items[0].versions"},
		{"no from", func(d *fees.Definition) { d.Items[0].Versions[0].From = fees.Date{} }, fees.ErrInvalid, "items[0].versions[0].from"},
		{"until before from", func(d *fees.Definition) {
			d.Items[0].Versions[0].Until = fees.MustDate(2019, 1, 1)
		}, fees.ErrInvalid, "items[0].versions[0].until"},
		{"no basis", func(d *fees.Definition) { d.Items[0].Versions[0].Basis = fees.Basis{} }, fees.ErrInvalid, "items[0].versions[0].basis.document"},
		{"no rules", func(d *fees.Definition) { d.Items[0].Versions[0].Rules = nil }, fees.ErrInvalid, "items[0].versions[0].rules"},
		{"two forms", func(d *fees.Definition) { d.Items[0].Versions[0].Rules[0].Free = true }, fees.ErrInvalid, "items[0].versions[0].rules[0]"},
		{"no form", func(d *fees.Definition) { d.Items[0].Versions[0].Rules[0] = fees.Rule{} }, fees.ErrInvalid, "items[0].versions[0].rules[0]"},
		{"negative flat", func(d *fees.Definition) { d.Items[0].Versions[0].Rules[0].Flat = &neg }, fees.ErrNegative, "items[0].versions[0].rules[0].flat"},
		{"duplicate rule id", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules = []fees.Rule{{ID: "a", Flat: &flat}, {ID: "a", Flat: &flat}}
		}, fees.ErrDuplicate, "items[0].versions[0].rules[1].id"},
		{"tiers not from 1", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{PerUnit: &fees.PerUnit{Tiers: []fees.Tier{{From: 2, Price: 1}}}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].per_unit.tiers[0].from"},
		{"tiers not increasing", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{PerUnit: &fees.PerUnit{Tiers: []fees.Tier{{From: 1, Price: 1}, {From: 1, Price: 2}}}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].per_unit.tiers[1].from"},
		{"no tiers", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{PerUnit: &fees.PerUnit{}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].per_unit.tiers"},
		{"negative price", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{PerUnit: &fees.PerUnit{Tiers: []fees.Tier{{From: 1, Price: -1}}}}
		}, fees.ErrNegative, "items[0].versions[0].rules[0].per_unit.tiers[0].price"},
		{"floor above cap", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{Percent: &fees.Percent{Rate: fees.MustRate(1, 100), Floor: 10, Cap: 5}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].percent.floor"},
		{"brackets not from 0", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{Brackets: &fees.Brackets{Brackets: []fees.Bracket{{From: 1}}}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].brackets.brackets[0].from"},
		{"excess over above from", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0] = fees.Rule{Brackets: &fees.Brackets{Brackets: []fees.Bracket{{From: 0}, {From: 10, ExcessOver: 11}}}}
		}, fees.ErrInvalid, "items[0].versions[0].rules[0].brackets.brackets[1].excess_over"},
		{"overlapping versions", func(d *fees.Definition) {
			v := d.Items[0].Versions[0]
			v.From = fees.MustDate(2021, 1, 1)
			d.Items[0].Versions = append(d.Items[0].Versions, v)
		}, fees.ErrOverlap, "items[0].versions"},
		{"overlapping closed versions", func(d *fees.Definition) {
			v := d.Items[0].Versions[0]
			d.Items[0].Versions[0].Until = fees.MustDate(2021, 1, 2)
			v.From = fees.MustDate(2021, 1, 1)
			d.Items[0].Versions = append(d.Items[0].Versions, v)
		}, fees.ErrOverlap, "items[0].versions"},
		{"adjustment without items", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Items = nil
		}, fees.ErrInvalid, "adjustments[0].items"},
		{"adjustment unknown item", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Items = []string{"Y"}
		}, fees.ErrUnknownItem, "adjustments[0].items[0]"},
		{"adjustment duplicate order", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1), adj("B", 1)}
		}, fees.ErrDuplicate, "adjustments[1].order"},
		{"adjustment duplicate id", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1), adj("A", 2)}
		}, fees.ErrDuplicate, "adjustments[1].id"},
		{"adjustment raising the amount", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Rate = fees.MustRate(3, 2)
		}, fees.ErrInvalid, "adjustments[0].rate"},
		{"adjustment no effect", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Effect = fees.EffectUnknown
		}, fees.ErrInvalid, "adjustments[0].effect"},
		{"adjustment no stacking", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Stacking = fees.StackingUnknown
		}, fees.ErrInvalid, "adjustments[0].stacking"},
		{"adjustment unknown group", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Groups = []string{"nobody"}
		}, fees.ErrUnknownGroup, "adjustments[0].groups[0]"},
		{"adjustment unknown channel", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Channels = []fees.Channel{fees.ChannelUnknown}
		}, fees.ErrInvalid, "adjustments[0].channels[0]"},
		{"adjustment unknown component", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Component = "base"
		}, fees.ErrInvalid, "adjustments[0].component"},
		{"adjustment empty period", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].From = fees.MustDate(2021, 1, 1)
			d.Adjustments[0].Until = fees.MustDate(2021, 1, 1)
		}, fees.ErrInvalid, "adjustments[0].until"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := minimalDefinition()
			tt.edit(&def)
			s, err := fees.New(def)
			require.Nil(t, s)
			require.ErrorIs(t, err, tt.wantErr)
			var se *fees.ScheduleError
			require.ErrorAs(t, err, &se)
			paths := make([]string, len(se.Problems))
			for i, p := range se.Problems {
				paths[i] = p.Path
			}
			assert.Contains(t, paths, tt.path)
		})
	}
}

func adj(id string, order int) fees.Adjustment {
	return fees.Adjustment{
		ID: id, Order: order, Name: fees.Text{"vi": "Giảm " + id}, Effect: fees.Multiply, Rate: fees.MustRate(1, 2),
		Stacking: fees.Stack, Items: []string{"X"}, Basis: fees.Basis{Document: "Văn bản thử"},
	}
}

func TestNewListsEveryProblem(t *testing.T) {
	def := minimalDefinition()
	def.Name["vi"] = ""
	def.Items[0].Kind = fees.KindUnknown
	def.Items[0].Versions[0].Basis = fees.Basis{}
	_, err := fees.New(def)
	var se *fees.ScheduleError
	require.ErrorAs(t, err, &se)
	assert.Len(t, se.Problems, 3)
	assert.Contains(t, err.Error(), "3 problems")
}

func TestNewCopiesDefinition(t *testing.T) {
	def := minimalDefinition()
	s, err := fees.New(def)
	require.NoError(t, err)
	*def.Items[0].Versions[0].Rules[0].Flat = 1 // the caller changes its copy
	def.Items[0].Code = "Z"
	q, err := s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X"}}})
	require.NoError(t, err)
	assert.Equal(t, fees.Money(50000), q.Total)
	got := s.Definition()
	*got.Items[0].Versions[0].Rules[0].Flat = 2 // and the copy it got back
	q, err = s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "X"}}})
	require.NoError(t, err)
	assert.Equal(t, fees.Money(50000), q.Total)
	assert.Equal(t, []string{"X"}, s.Codes())
}

func TestParseJSONErrors(t *testing.T) {
	good := string(fees.SampleJSON())
	tests := []struct {
		name    string
		doc     string
		wantErr error
		field   string
	}{
		{"unknown top field", strings.Replace(good, `"rounding": "half-up",`, `"rounding": "half-up", "colour": "red",`, 1), fees.ErrUnknownField, "colour"},
		{"unknown nested field", strings.Replace(good, `"kind": "charge",`, `"kind": "charge", "fee": 1,`, 1), fees.ErrUnknownField, "fee"},
		{"unknown rule field", strings.Replace(good, `"flat": 50000`, `"flat": 50000, "flatt": 1`, 1), fees.ErrUnknownField, "flatt"},
		{"wrong type", strings.Replace(good, `"flat": 50000`, `"flat": "50000"`, 1), fees.ErrSyntax, "items.versions.rules.flat"},
		{"fractional money", strings.Replace(good, `"flat": 50000`, `"flat": 50000.5`, 1), fees.ErrSyntax, "items.versions.rules.flat"},
		{"bad rate", strings.Replace(good, `"rate": "0.5%"`, `"rate": "half"`, 1), fees.ErrSyntax, ""},
		{"bad date", strings.Replace(good, `"from": "2019-09-20"`, `"from": "2019-02-30"`, 1), fees.ErrSyntax, ""},
		{"bad kind", strings.Replace(good, `"kind": "charge"`, `"kind": "tax"`, 1), fees.ErrSyntax, ""},
		{"bad channel", strings.Replace(good, `"channels": ["online"]`, `"channels": ["fax"]`, 1), fees.ErrSyntax, ""},
		{"truncated", good[:len(good)/2], fees.ErrSyntax, ""},
		{"trailing data", good + "{}", fees.ErrSyntax, ""},
		{"not an object", `[1, 2]`, fees.ErrSyntax, ""},
		{"empty", ``, fees.ErrSyntax, ""},
		{"too large", `{"note": "` + strings.Repeat("x", fees.MaxScheduleBytes) + `"}`, fees.ErrTooLarge, ""},
		{"valid JSON, invalid schedule", `{"format": "motcua-fees/1"}`, fees.ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := fees.ParseJSON([]byte(tt.doc))
			require.Nil(t, s)
			require.ErrorIs(t, err, tt.wantErr)
			if tt.field != "" {
				var fe *fees.FormatError
				require.ErrorAs(t, err, &fe)
				assert.Equal(t, tt.field, fe.Field)
				assert.Contains(t, err.Error(), tt.field)
			}
		})
	}
	_, err := fees.Parse(errReader{})
	require.Error(t, err)
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

func TestScheduleJSONRoundTrip(t *testing.T) {
	s := sample(t)
	b, err := json.Marshal(s)
	require.NoError(t, err)
	s2, err := fees.Parse(bytes.NewReader(b))
	require.NoError(t, err)
	assert.Equal(t, s.Definition(), s2.Definition())
	req := fees.Request{At: day(2025, time.August, 1), Channel: fees.Counter, Groups: []string{"student"},
		Items: []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CC-HOPDONG", DeclaredValue: 2_000_000_000}}}
	q1, err := s.Quote(req)
	require.NoError(t, err)
	q2, err := s2.Quote(req)
	require.NoError(t, err)
	assert.Equal(t, q1, q2)
}

func TestDate(t *testing.T) {
	_, err := fees.NewDate(2023, time.February, 29)
	require.ErrorIs(t, err, fees.ErrSyntax)
	_, err = fees.NewDate(1800, time.January, 1)
	require.ErrorIs(t, err, fees.ErrSyntax)
	d := fees.MustDate(2024, time.February, 29)
	assert.Equal(t, "2024-02-29", d.String())
	assert.Equal(t, "2024-02-29T00:00:00+07:00", d.Time().Format(time.RFC3339))
	assert.True(t, fees.Date{}.Time().IsZero())
	var back fees.Date
	require.NoError(t, back.UnmarshalText([]byte("2024-02-29")))
	assert.Equal(t, d, back)
	for _, bad := range []string{"2024-2-29", "29/02/2024", "2024-02-30", "x"} {
		require.ErrorIs(t, back.UnmarshalText([]byte(bad)), fees.ErrSyntax, bad)
	}
}

func TestEnumsText(t *testing.T) {
	for _, c := range []fees.Channel{fees.ChannelUnknown, fees.Online, fees.Counter, fees.Post} {
		b, err := c.MarshalText()
		require.NoError(t, err)
		var back fees.Channel
		require.NoError(t, back.UnmarshalText(b))
		assert.Equal(t, c, back)
	}
	var c fees.Channel
	require.ErrorIs(t, c.UnmarshalText([]byte("fax")), fees.ErrSyntax)
	for _, r := range []fees.Rounding{fees.RoundHalfUp, fees.RoundHalfEven, fees.RoundDown, fees.RoundUp} {
		var back fees.Rounding
		require.NoError(t, back.UnmarshalText([]byte(r.String())))
		assert.Equal(t, r, back)
	}
	assert.Equal(t, "unknown", fees.Channel(200).String())
	assert.Equal(t, "charge", fees.Charge.String())
	assert.Equal(t, "final", fees.Final.String())
	assert.Equal(t, "set", fees.SetAmount.String())
	assert.Equal(t, "per_unit", fees.RulePerUnit.String())
}

func TestLabels(t *testing.T) {
	assert.Equal(t, "trực tuyến", fees.Online.Label("vi"))
	assert.Equal(t, "by post", fees.Post.Label("en"))
	assert.Equal(t, "không rõ", fees.Channel(99).Label("vi"))
	assert.Equal(t, "lệ phí", fees.Charge.Label("vi"))
	assert.Equal(t, "fee", fees.Fee.Label("en"))
}

func TestItem(t *testing.T) {
	s := sample(t)
	it, ok := s.Item("CT-BANSAO")
	require.True(t, ok)
	assert.Equal(t, fees.Fee, it.Kind)
	assert.Equal(t, fees.Money(200000), it.Versions[0].Rules[0].PerUnit.CapPerCopy)
	it.Versions[0].Rules[0].PerUnit.Tiers[0].Price = 1 // a copy: the schedule does not change
	q, err := s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "CT-BANSAO"}}})
	require.NoError(t, err)
	assert.Equal(t, fees.Money(2000), q.Total)
	_, ok = s.Item("NOPE")
	assert.False(t, ok)
	var nilSchedule *fees.Schedule
	_, ok = nilSchedule.Item("CT-BANSAO")
	assert.False(t, ok)
	_, err = nilSchedule.Quote(fees.Request{})
	require.ErrorIs(t, err, fees.ErrRequest)
}
