package fees_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTextGet: fees.Text has forms.Text's shape, a map keyed by language
// with Get falling back to Vietnamese, then English, then any text.
func TestTextGet(t *testing.T) {
	tests := []struct {
		name string
		text fees.Text
		lang string
		want string
	}{
		{"vi", fees.Text{"vi": "Lệ phí", "en": "Charge"}, "vi", "Lệ phí"},
		{"en", fees.Text{"vi": "Lệ phí", "en": "Charge"}, "en", "Charge"},
		{"en falls back to vi", fees.Text{"vi": "Lệ phí"}, "en", "Lệ phí"},
		{"empty en falls back to vi", fees.Text{"vi": "Lệ phí", "en": ""}, "en", "Lệ phí"},
		{"other language falls back to vi", fees.Text{"vi": "Lệ phí", "en": "Charge"}, "fr", "Lệ phí"},
		{"en-US falls back to en", fees.Text{"vi": "Lệ phí", "en": "Charge"}, "en-US", "Charge"},
		{"en-US when given", fees.Text{"vi": "Lệ phí", "en": "Charge", "en-US": "Fee"}, "en-US", "Fee"},
		{"no vi: en", fees.Text{"en": "Charge"}, "vi", "Charge"},
		{"no vi nor en: any", fees.Text{"zh": "规费", "fr": "Redevance"}, "vi", "Redevance"},
		{"nil", nil, "vi", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.text.Get(tt.lang))
		})
	}
}

// TestTextJSON: the JSON of a Text is the object it always was, "vi"
// first, empty texts left out.
func TestTextJSON(t *testing.T) {
	tests := []struct {
		name string
		text fees.Text
		want string
	}{
		{"vi and en", fees.Text{"en": "Charge", "vi": "Lệ phí"}, `{"vi":"Lệ phí","en":"Charge"}`},
		{"vi only", fees.Text{"vi": "Lệ phí"}, `{"vi":"Lệ phí"}`},
		{"empty en left out", fees.Text{"vi": "Lệ phí", "en": ""}, `{"vi":"Lệ phí"}`},
		{"other languages after, in order", fees.Text{"zh": "规费", "vi": "Lệ phí", "fr": "Redevance"}, `{"vi":"Lệ phí","fr":"Redevance","zh":"规费"}`},
		{"escaped", fees.Text{"vi": `"<a>"`}, `{"vi":"\"\u003ca\u003e\""}`},
		{"nil", nil, `{}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(tt.text)
			require.NoError(t, err)
			assert.Equal(t, tt.want, string(b))
			var back fees.Text
			require.NoError(t, json.Unmarshal(b, &back))
			for k, v := range tt.text {
				assert.Equal(t, v, back[k], k)
			}
		})
	}
}

// TestTextLanguages: a schedule's texts are keyed by language tags; a key
// that is not one (a typo) is an error naming its path, as an unknown
// field is.
func TestTextLanguages(t *testing.T) {
	tests := []struct {
		name string
		edit func(d *fees.Definition)
		path string
	}{
		{"schedule name", func(d *fees.Definition) { d.Name["vn"] = "Biểu" }, "name.vn"},
		{"item name", func(d *fees.Definition) { d.Items[0].Name["eng"] = "Test" }, "items[0].name.eng"},
		{"item unit", func(d *fees.Definition) { d.Items[0].Unit = fees.Text{"vi": "trang", "EN": "page"} }, "items[0].unit.EN"},
		{"rule label", func(d *fees.Definition) {
			d.Items[0].Versions[0].Rules[0].Label = fees.Text{"vi": "Mức thu", "x": "Base"}
		}, "items[0].versions[0].rules[0].label.x"},
		{"group", func(d *fees.Definition) { d.Groups = map[string]fees.Text{"a": {"vi": "A", "e": "A"}} }, "groups.a.e"},
		{"locality", func(d *fees.Definition) {
			d.Localities = map[string]fees.Text{"01": {"vi": "Hà Nội", "en-us": "Hanoi"}}
		}, "localities.01.en-us"},
		{"adjustment", func(d *fees.Definition) {
			d.Adjustments = []fees.Adjustment{adj("A", 1)}
			d.Adjustments[0].Name["VI"] = "Giảm"
		}, "adjustments[0].name.VI"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			def := minimalDefinition()
			tt.edit(&def)
			_, err := fees.New(def)
			require.ErrorIs(t, err, fees.ErrUnknownField)
			var se *fees.ScheduleError
			require.ErrorAs(t, err, &se)
			require.Len(t, se.Problems, 1)
			assert.Equal(t, tt.path, se.Problems[0].Path)
		})
	}

	t.Run("other languages", func(t *testing.T) {
		def := minimalDefinition()
		def.Items[0].Name["fr"] = "Redevance"
		def.Items[0].Name["en-US"] = "Charge"
		s, err := fees.New(def)
		require.NoError(t, err)
		it, ok := s.Item("X")
		require.True(t, ok)
		assert.Equal(t, "Redevance", it.Name.Get("fr"))
		assert.Equal(t, "Khoản thử", it.Name.Get("de"))
	})

	t.Run("document", func(t *testing.T) {
		doc := string(fees.SampleJSON())
		en := `"en": "Enterprise registration charge"`
		require.Contains(t, doc, en)
		_, err := fees.ParseJSON([]byte(strings.Replace(doc, en, `"eng": "Enterprise registration charge"`, 1)))
		require.ErrorIs(t, err, fees.ErrUnknownField)
		var de *fees.DefinitionError
		require.ErrorAs(t, err, &de)
		assert.Equal(t, "items[0].name.eng", de.Path)
	})
}

// TestTextCopies: the texts of a quote, an item or a definition are
// copies; writing to them leaves the schedule as it was.
func TestTextCopies(t *testing.T) {
	s := sample(t)
	req := fees.Request{At: day(2025, time.August, 1), Channel: fees.Counter, Groups: []string{"student"}, Locality: "01",
		Items: []fees.ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO"}}}
	q, err := s.Quote(req)
	require.NoError(t, err)
	q.Lines[0].Name["vi"] = "sửa"
	q.Lines[0].Parts[0].Label["vi"] = "sửa"
	q.Lines[0].Adjustments[0].Name["vi"] = "sửa"
	q.Lines[1].Unit["vi"] = "sửa"
	q.Groups[0].Name["vi"] = "sửa"
	q.Locality.Name["vi"] = "sửa"
	it, ok := s.Item("LLTP")
	require.True(t, ok)
	it.Name["vi"] = "sửa"
	s.Name()["vi"] = "sửa"
	def := s.Definition()
	def.Groups["student"]["vi"] = "sửa"
	def.Adjustments[0].Name["vi"] = "sửa"

	again, err := s.Quote(req)
	require.NoError(t, err)
	text, err := again.Explain("vi")
	require.NoError(t, err)
	assert.NotContains(t, text, "sửa")
	assert.NotContains(t, s.Name().Get("vi"), "sửa")
	for _, a := range s.Definition().Adjustments {
		assert.NotContains(t, a.Name.Get("vi"), "sửa")
	}
}
