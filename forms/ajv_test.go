package forms_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

// globalNodePath is NODE_PATH, or else the global module directory npm
// reports (asked once: npm is slow to start).
var globalNodePath = sync.OnceValue(func() string {
	if p := os.Getenv("NODE_PATH"); p != "" {
		return p
	}
	out, err := exec.Command("npm", "root", "-g").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
})

type ajvCase struct {
	Name string         `json:"name"`
	Data map[string]any `json:"data"`
}

type ajvResult struct {
	Name   string   `json:"name"`
	Valid  bool     `json:"valid"`
	Errors []string `json:"errors"`
}

// nodeWithAjv returns node and the NODE_PATH under which ajv and
// ajv-formats load, or skips (fails under CI).
func nodeWithAjv(t *testing.T) (string, string) {
	t.Helper()
	node := testenv.Tool(t, "node")
	nodePath := globalNodePath()
	cmd := exec.CommandContext(t.Context(), node, "-e", `require("ajv/dist/2020"); require("ajv-formats")`)
	cmd.Env = append(os.Environ(), "NODE_PATH="+nodePath)
	if out, err := cmd.CombinedOutput(); err != nil {
		testenv.Missing(t, "ajv@8 and ajv-formats@3 are not installed (npm install -g ajv@8 ajv-formats@3): "+strings.TrimSpace(string(out)))
	}
	return node, nodePath
}

func runAjv(t *testing.T, schema []byte, units *forms.AdminUnitList, cases []ajvCase) map[string]ajvResult {
	t.Helper()
	node, nodePath := nodeWithAjv(t)
	in := map[string]any{
		"schema":         json.RawMessage(schema),
		"provinces":      units.ProvinceCodes(),
		"communes":       nil,
		"cccd_provinces": forms.ProvincesAt(vntime.Date(2025, 1, 1)).ProvinceCodes(),
		"cases":          cases,
	}
	if cc := units.CommuneCodes(); len(cc) > 0 {
		in["communes"] = cc
	}
	b, err := json.Marshal(in)
	require.NoError(t, err)
	cmd := exec.CommandContext(t.Context(), node, filepath.Join("testdata", "ajv_check.js"))
	cmd.Env = append(os.Environ(), "NODE_PATH="+nodePath)
	cmd.Stdin = bytes.NewReader(b)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	require.NoError(t, err, stderr.String())
	var res []ajvResult
	require.NoError(t, json.Unmarshal(out, &res), string(out))
	m := make(map[string]ajvResult, len(res))
	for _, r := range res {
		m[r.Name] = r
	}
	return m
}

// agree validates every case with Validate and ajv and asserts they agree,
// that the corpus has both valid and invalid cases, and that the cases in
// wantValid have the expected outcome.
func agree(t *testing.T, f *forms.Form, units *forms.AdminUnitList, cases []ajvCase, wantValid map[string]bool) {
	t.Helper()
	schema, err := f.JSONSchema()
	require.NoError(t, err)
	res := runAjv(t, schema, units, cases)
	require.Len(t, res, len(cases))
	valid, invalid := 0, 0
	for _, c := range cases {
		err := f.Validate(context.Background(), c.Data)
		var verrs forms.ValidationErrors
		if err != nil {
			require.True(t, errors.As(err, &verrs), "case %s: %v", c.Name, err)
		}
		r := res[c.Name]
		assert.Equal(t, err == nil, r.Valid, "case %s: Validate says %v, ajv says %v", c.Name, err, r.Errors)
		if w, ok := wantValid[c.Name]; ok {
			assert.Equal(t, w, err == nil, "case %s: %v", c.Name, err)
		}
		if err == nil {
			valid++
		} else {
			invalid++
		}
	}
	t.Logf("%d cases: %d valid, %d invalid, Validate and ajv agree on each", len(cases), valid, invalid)
	assert.Positive(t, valid)
	assert.Positive(t, invalid)
}

func TestAjvAgreesBusinessForm(t *testing.T) {
	s := businessSchema(t)
	f := must(t, s)
	good := submission(t, "good.json")
	type mut struct {
		path string
		v    any
		del  bool
	}
	muts := map[string][]mut{
		"good":                  nil,
		"name short":            {{path: "enterprise_name", v: "AB"}},
		"name blank":            {{path: "enterprise_name", v: "   "}},
		"name absent":           {{path: "enterprise_name", del: true}},
		"name null":             {{path: "enterprise_name", v: nil}},
		"name number":           {{path: "enterprise_name", v: json.Number("12")}},
		"name en pattern":       {{path: "enterprise_name_en", v: "Công ty"}},
		"abbr prefix":           {{path: "abbreviation", v: "MC"}},
		"type unknown":          {{path: "enterprise_type", v: "ngo"}},
		"tnhh1 no members":      {{path: "enterprise_type", v: "tnhh1"}, {path: "members", del: true}, {path: "owner.title", del: true}},
		"tnhh1 with members":    {{path: "enterprise_type", v: "tnhh1"}, {path: "owner.title", del: true}},
		"tnhh1 empty members":   {{path: "enterprise_type", v: "tnhh1"}, {path: "members", v: []any{}}, {path: "owner.title", del: true}},
		"tnhh2 no members":      {{path: "members", del: true}},
		"tnhh2 one member":      {{path: "members", v: []any{map[string]any{"full_name": "A", "citizen_id": "001085012345", "contribution": 1, "share": 100}}}},
		"cophan no title":       {{path: "enterprise_type", v: "cophan"}, {path: "owner.title", del: true}},
		"capital low":           {{path: "charter_capital", v: json.Number("999999")}},
		"capital fraction":      {{path: "charter_capital", v: json.Number("1000000.5")}},
		"capital exp":           {{path: "charter_capital", v: json.Number("2e9")}},
		"capital string":        {{path: "charter_capital", v: "5000000000"}},
		"capital zero":          {{path: "charter_capital", v: json.Number("0")}},
		"lines dup":             {{path: "business_lines", v: []any{"6201", "6201"}}},
		"lines unknown":         {{path: "business_lines", v: []any{"9999"}}},
		"lines too many":        {{path: "business_lines", v: []any{"4610", "4620", "4711", "6201", "6202", "4610"}}},
		"lines empty":           {{path: "business_lines", v: []any{}}},
		"lines not list":        {{path: "business_lines", v: "6201"}},
		"owner id bad":          {{path: "owner.citizen_id", v: "001085012"}},
		"owner id province":     {{path: "owner.citizen_id", v: "099085012345"}},
		"owner id century":      {{path: "owner.citizen_id", v: "001685012345"}},
		"owner birth bad":       {{path: "owner.birth_date", v: "29/02/2023"}},
		"owner birth leap":      {{path: "owner.birth_date", v: "29/02/2024"}, {path: "owner.citizen_id", v: "001224012345"}, {path: "members.0.citizen_id", v: "001224012345"}},
		"owner birth iso":       {{path: "owner.birth_date", v: "1985-03-15"}},
		"owner birth slash iso": {{path: "owner.birth_date", v: "1985/03/15"}},
		"owner not object":      {{path: "owner", v: "Nguyễn Văn An"}},
		"owner empty":           {{path: "owner", v: map[string]any{}}},
		"owner extra":           {{path: "owner.nickname", v: "An"}},
		"owner phone bad":       {{path: "owner.phone", v: "0112345678"}},
		"owner phone dots":      {{path: "owner.phone", v: "091.234.5678"}},
		"member share high":     {{path: "members.1.share", v: json.Number("100.5")}},
		"member share neg":      {{path: "members.1.share", v: json.Number("-0.5")}},
		"member no contrib":     {{path: "members.1.contribution", del: true}},
		"member rep no title":   {{path: "members.0.rep_title", del: true}},
		"member title hidden":   {{path: "members.1.rep_title", v: "Phó giám đốc"}},
		"member not object":     {{path: "members.1", v: "x"}},
		"member extra":          {{path: "members.1.age", v: json.Number("30")}},
		"tax bad check":         {{path: "tax_code", v: "0301234563"}},
		"tax branch":            {{path: "tax_code", v: "0301234562-001"}},
		"tax branch 13":         {{path: "tax_code", v: "0301234562001"}},
		"tax branch 000":        {{path: "tax_code", v: "0301234562-000"}},
		"tax personal":          {{path: "tax_code", v: "001085012345"}},
		"province old":          {{path: "address.province", v: "02"}},
		"province new":          {{path: "address.province", v: "79"}},
		"commune shape":         {{path: "address.commune", v: "0004"}},
		"address missing":       {{path: "address", del: true}},
		"street missing":        {{path: "address.street", del: true}},
		"phone landline":        {{path: "phone", v: "028 3822 1234"}},
		"phone short":           {{path: "phone", v: "091234567"}},
		"phone letters":         {{path: "phone", v: "09123456a8"}},
		"email bad":             {{path: "email", v: "lienhe@"}},
		"email long":            {{path: "email", v: strings.Repeat("a", 95) + "@x.vn"}},
		"website bad":           {{path: "website", v: "motcua.vn"}},
		"employees neg":         {{path: "employees", v: json.Number("-1")}},
		"employees zero":        {{path: "employees", v: json.Number("0")}},
		"employees float":       {{path: "employees", v: json.Number("2.5")}},
		"foreign on no ratio":   {{path: "has_foreign_investment", v: true}},
		"foreign on ratio":      {{path: "has_foreign_investment", v: true}, {path: "foreign_ratio", v: json.Number("49.5")}},
		"foreign on ratio high": {{path: "has_foreign_investment", v: true}, {path: "foreign_ratio", v: json.Number("101")}},
		"foreign off ratio":     {{path: "foreign_ratio", v: json.Number("10")}},
		"foreign off ratio nil": {{path: "foreign_ratio", v: nil}},
		"foreign flag string":   {{path: "has_foreign_investment", v: "false"}},
		"foreign flag absent":   {{path: "has_foreign_investment", del: true}},
		"fiscal bad":            {{path: "fiscal_year_start", v: "31/02/2026"}},
		"docs none":             {{path: "documents", v: []any{}}},
		"docs word":             {{path: "documents.0.media_type", v: "application/msword"}},
		"docs pdf upper":        {{path: "documents.0.media_type", v: "Application/PDF"}},
		"docs pdf params":       {{path: "documents.0.media_type", v: "application/pdf; charset=binary"}},
		"docs image":            {{path: "documents.0.media_type", v: "image/png"}},
		"docs image bare":       {{path: "documents.0.media_type", v: "image/"}},
		"docs big":              {{path: "documents.0.size", v: json.Number("10485761")}},
		"docs no name":          {{path: "documents.0.name", v: ""}},
		"docs too many":         {{path: "documents", v: []any{doc(), doc(), doc(), doc(), doc(), doc()}}},
		"unknown key":           {{path: "director", v: "An"}},
		"notes long":            {{path: "notes", v: strings.Repeat("ă", 1001)}},
		"notes max":             {{path: "notes", v: strings.Repeat("ă", 1000)}},
	}
	var cases []ajvCase
	for name, ms := range muts {
		d := good
		for _, m := range ms {
			d = set(t, d, m.path, m.v, m.del)
		}
		cases = append(cases, ajvCase{Name: name, Data: d})
	}
	cases = append(cases, ajvCase{Name: "bad.json", Data: submission(t, "bad.json")})
	want := map[string]bool{
		"good": true, "name short": false, "tnhh1 no members": true, "tnhh1 with members": false,
		"tnhh1 empty members": true, "tnhh2 no members": false, "foreign on ratio": true,
		"foreign off ratio": false, "foreign off ratio nil": true, "docs pdf upper": true, "bad.json": false,
		"owner birth iso": true, "capital exp": true, "capital string": false, "employees zero": true,
		"province old": false, "province new": true, "tax branch": true, "tax personal": false, "notes max": true,
	}
	agree(t, f, forms.ProvincesAt(vntime.Date(2025, time.July, 1)), cases, want)
}

func doc() map[string]any {
	return map[string]any{"name": "a.pdf", "media_type": "application/pdf", "size": json.Number("10")}
}
