package forms_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/vntime"
)

// scopesSchema has conditions across groups and repeat rows, and/or/not,
// numeric comparisons and every kind of reference the language allows.
const scopesSchema = `{
  "id": "scopes",
  "fields": [
    {"key": "kind", "type": "choice", "choices": [{"value": "a"}, {"value": "b"}, {"value": "c"}]},
    {"key": "amount", "type": "integer"},
    {"key": "rate", "type": "decimal"},
    {"key": "flag", "type": "bool"},
    {"key": "id", "type": "tax_code"},
    {"key": "unit", "type": "admin_unit"},
    {"key": "info", "type": "group", "fields": [
      {"key": "level", "type": "integer"},
      {"key": "note", "type": "text", "visible_if": "kind == \"a\" && level >= 2"},
      {"key": "detail", "type": "text", "required_if": "set(note) || amount > 100"},
      {"key": "inner", "type": "group", "visible_if": "not flag == true", "fields": [
        {"key": "x", "type": "text", "visible_if": "info.level < 0 or rate == 1.5"},
        {"key": "y", "type": "integer", "required_if": "x in [\"p\", \"q\"]"}
      ]}
    ]},
    {"key": "rows", "type": "repeat", "visible_if": "kind != \"c\"", "max_items": 3, "fields": [
      {"key": "q", "type": "integer"},
      {"key": "r", "type": "text", "required_if": "q >= 10"},
      {"key": "s", "type": "text", "visible_if": "kind in [\"a\", \"b\"] and amount <= 50"},
      {"key": "t", "type": "text", "visible_if": "rate != 1.5", "required": true}
    ]},
    {"key": "tail", "type": "text", "required_if": "!(flag == true) && kind not in [\"b\"] && info.level > 0"}
  ]
}`

// put sets key to one of good, leaves it absent, or now and then sets one
// of bad (a value of the wrong type or a wrong identifier).
func put(r *rand.Rand, m map[string]any, key string, good []any, bad ...any) {
	if len(bad) > 0 && r.IntN(25) == 0 {
		m[key] = bad[r.IntN(len(bad))]
		return
	}
	if i := r.IntN(len(good) + 1); i < len(good) {
		m[key] = good[i]
	}
}

func randomSubmission(r *rand.Rand) map[string]any {
	n := func(s string) json.Number { return json.Number(s) }
	type l = []any
	m := map[string]any{}
	put(r, m, "kind", l{"a", "b", "c"}, "z", n("5"))
	put(r, m, "amount", l{n("0"), n("50"), n("100"), n("101")}, n("2.5"), "7")
	put(r, m, "rate", l{n("1.5"), n("0"), n("-3")}, "x")
	put(r, m, "flag", l{true, false}, "true")
	put(r, m, "id", l{"0301234562", "0301234562-002"}, "001085012345", "0301234563")
	put(r, m, "unit", l{"01", "79", "00004"}, "02", "99999", "1")
	if r.IntN(5) > 0 {
		info := map[string]any{}
		put(r, info, "level", l{n("1"), n("2"), n("-1")}, "2")
		put(r, info, "note", l{"", "hi", "  "})
		put(r, info, "detail", l{"d"})
		if r.IntN(3) > 0 {
			inner := map[string]any{}
			put(r, inner, "x", l{"p", "z"})
			put(r, inner, "y", l{n("1")}, "1")
			info["inner"] = inner
		}
		m["info"] = info
		if r.IntN(20) == 0 {
			m["info"] = "str"
		}
	}
	if r.IntN(4) > 0 {
		var rows []any
		for range r.IntN(4) {
			row := map[string]any{}
			put(r, row, "q", l{n("5"), n("10")})
			put(r, row, "r", l{"r"})
			put(r, row, "s", l{"s"})
			row["t"] = "t"
			rows = append(rows, row)
		}
		m["rows"] = rows
	}
	put(r, m, "tail", l{"t"})
	if r.IntN(20) == 0 {
		m["extra"] = true
	}
	return m
}

func TestAjvAgreesScopes(t *testing.T) {
	var s forms.Schema
	if err := json.Unmarshal([]byte(scopesSchema), &s); err != nil {
		t.Fatal(err)
	}
	units := forms.ProvincesAt(vntime.Date(2025, time.July, 1))
	for _, tc := range []struct {
		name string
		opts []forms.Option
		au   *forms.AdminUnitList
	}{
		{"default", nil, units},
		{"drop hidden", []forms.Option{forms.DropHidden()}, units},
		{"personal tax codes, 63 provinces", []forms.Option{forms.WithPersonalTaxCodes(), forms.WithAdminUnits(forms.ProvincesAt(vntime.Date(2025, time.June, 30)))},
			forms.ProvincesAt(vntime.Date(2025, time.June, 30))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := must(t, &s, tc.opts...)
			r := rand.New(rand.NewPCG(1, uint64(len(tc.name))))
			cases := make([]ajvCase, 1500)
			for i := range cases {
				cases[i] = ajvCase{Name: fmt.Sprint(i), Data: randomSubmission(r)}
			}
			agree(t, f, tc.au, cases, nil)
		})
	}
}
