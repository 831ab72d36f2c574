package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/cases"
)

func TestDue(t *testing.T) {
	type day struct {
		Date        string `json:"date"`
		Kind        string `json:"kind"`
		Source      string `json:"source"`
		Provisional bool   `json:"provisional"`
		Label       string `json:"label"`
	}
	type out struct {
		Start            string `json:"start"`
		Due              string `json:"due"`
		Deadline         string `json:"deadline"`
		Skipped          []day  `json:"skipped"`
		ProvisionalYears []int  `json:"provisional_years"`
	}
	tests := []struct {
		name        string
		args        []string
		start, due  string
		skipped     int
		firstSource string // substring of the first skipped day's source
		provisional []int
	}{
		{"the issue's example: after the cut-off before Tết 2026", []string{"--from", "13/02/2026 15:30", "--days", "5"},
			"2026-02-23T07:30:00+07:00", "2026-03-02T17:00:00+07:00", 11, "9859/VPCP-KGVX", nil},
		{"before the cut-off", []string{"--from", "13/02/2026 10:00", "--days", "3"},
			"2026-02-13T10:00:00+07:00", "2026-02-25T17:00:00+07:00", 9, "9859/VPCP-KGVX", nil},
		{"a procedure's term from the sample catalogue", []string{"--from", "13/02/2026 10:00", "--procedure", "2.001610"},
			"2026-02-13T10:00:00+07:00", "2026-02-25T17:00:00+07:00", 9, "9859/VPCP-KGVX", nil},
		{"per-procedure cut-off", []string{"--from", "29/08/2025 15:30", "--days", "1", "--cut-off", "16:00"},
			"2025-08-29T15:30:00+07:00", "2025-09-03T17:00:00+07:00", 4, "", nil},
		{"over Tết 2027: provisional", []string{"--from", "03/02/2027 10:00", "--days", "2"},
			"2027-02-03T10:00:00+07:00", "2027-02-12T17:00:00+07:00", 7, "Bộ luật Lao động", []int{2027}},
		{"working hours", []string{"--from", "09/02/2026 10:00", "--days", "8", "--unit", "working_hours"},
			"2026-02-09T10:00:00+07:00", "2026-02-10T10:00:00+07:00", 0, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, "", nil, append([]string{"due", "--json"}, tt.args...)...)
			require.Equal(t, exitOK, r.code, r.stderr)
			var o out
			decode(t, r.stdout, &o)
			assert.Equal(t, tt.start, o.Start)
			assert.Equal(t, tt.due, o.Due)
			require.Len(t, o.Skipped, tt.skipped)
			if tt.firstSource != "" {
				assert.Contains(t, o.Skipped[0].Source, tt.firstSource)
			}
			for _, d := range o.Skipped {
				assert.NotEmpty(t, d.Label)
				assert.Contains(t, []string{"weekend", "closed"}, d.Kind)
				assert.Equal(t, tt.provisional != nil && d.Kind == "closed", d.Provisional, d.Date)
			}
			assert.Equal(t, tt.provisional, o.ProvisionalYears)

			text := motcua(t, "", nil, append([]string{"due"}, tt.args...)...)
			require.Equal(t, exitOK, text.code)
			assert.Equal(t, tt.skipped, strings.Count(text.stdout, "\n  "), text.stdout)
			if tt.provisional != nil {
				assert.Contains(t, text.stdout, "quy tắc dự kiến")
				assert.Contains(t, text.stdout, "chưa có thông báo nghỉ chính thức")
			}
		})
	}
	t.Run("text of the issue's example", func(t *testing.T) {
		r := motcua(t, "", nil, "due", "--from", "13/02/2026 15:30", "--days", "5")
		require.Equal(t, exitOK, r.code)
		for _, want := range []string{"Hẹn trả:         Thứ Hai 02/03/2026 17:00", "Thứ Ba 17/02/2026: Ngày nghỉ (Tết Nguyên đán", "văn bản: Văn bản số 9859/VPCP-KGVX",
			"Thứ Bảy 28/02/2026", "Các ngày không tính (11):"} {
			assert.Contains(t, r.stdout, want)
		}
		en := motcua(t, "", []string{"LANG=en_GB.UTF-8"}, "due", "--from", "13/02/2026 15:30", "--days", "5")
		assert.Contains(t, en.stdout, "Due:             Monday 02/03/2026 17:00")
	})
	t.Run("findings", func(t *testing.T) {
		r := motcua(t, "", nil, "due", "--from", "13/02/2026", "--procedure", "9.999999")
		assert.Equal(t, exitFindings, r.code)
		assert.Contains(t, r.stderr, "Không có thủ tục này trong danh mục: 9.999999")
		r = motcua(t, "", nil, "due", "--from", "28/12/2199", "--days", "5")
		assert.Equal(t, exitFindings, r.code)
		assert.Contains(t, r.stderr, "Không tính được ngày hẹn trả")
	})
}

func TestQuote(t *testing.T) {
	tests := []struct {
		name  string
		args  []string
		code  int
		total int64
		text  []string
	}{
		{"criminal record, 3 certificates", []string{"--item", "LLTP", "--quantity", "3", "--at", "15/03/2024"}, exitOK, 205000,
			[]string{"205.000 ₫", "Thông tư 244/2016/TT-BTC"}},
		{"registration fee on land, declared value", []string{"--item", "LPTB-NHADAT", "--value", "1.234.567", "--at", "2024-03-15"}, exitOK, 6173,
			[]string{"6.173 ₫"}},
		{"two items, the second with copies", []string{"--item", "DKDN", "--channel", "online", "--item", "CT-BANSAO", "--quantity", "5", "--copies", "2", "--at", "15/03/2024"}, exitOK, 14000,
			[]string{"14.000 ₫"}},
		{"exempt group", []string{"--item", "LLTP", "--group", "child", "--at", "01/06/2020"}, exitOK, 0, nil},
		{"not in force", []string{"--item", "LLTP", "--at", "31/12/2016"}, exitFindings, 0, nil},
		{"value required", []string{"--item", "CC-HOPDONG", "--at", "15/03/2024"}, exitFindings, 0, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, "", nil, append([]string{"quote", "--json"}, tt.args...)...)
			require.Equal(t, tt.code, r.code, r.stderr)
			if tt.code != exitOK {
				assert.Contains(t, r.stderr, `"code": "quote"`)
				return
			}
			var q struct {
				Total int64 `json:"total"`
			}
			decode(t, r.stdout, &q)
			assert.Equal(t, tt.total, q.Total)
			text := motcua(t, "", nil, append([]string{"quote"}, tt.args...)...)
			require.Equal(t, exitOK, text.code)
			for _, w := range tt.text {
				assert.Contains(t, text.stdout, w)
			}
			assert.Contains(t, text.stdout, "TỔNG CỘNG")
		})
	}
	t.Run("a schedule file", func(t *testing.T) {
		r := motcua(t, "", []string{"LANG=en"}, "quote", "--schedule", repo("fees", "sample.json"), "--item", "LLTP", "--at", "15/03/2024")
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "200,000 VND")
	})
}

func TestCatalog(t *testing.T) {
	dir := t.TempDir()
	cat, err := catalog.Sample()
	require.NoError(t, err)
	jsonPath := filepath.Join(dir, "catalog.json")
	f, err := os.Create(jsonPath)
	require.NoError(t, err)
	require.NoError(t, cat.WriteJSON(f))
	require.NoError(t, f.Close())
	xlsxPath := filepath.Join(dir, "catalog.xlsx")
	backPath := filepath.Join(dir, "back.json")
	portal := repo("catalog", "dvcqg", "testdata")

	r := motcua(t, dir, nil, "catalog", "convert", jsonPath, xlsxPath)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Contains(t, r.stdout, "52 thủ tục → "+xlsxPath, "51 procedures, one in two versions")
	r = motcua(t, dir, nil, "catalog", "convert", xlsxPath, backPath)
	require.Equal(t, exitOK, r.code, r.stderr)
	want, err := os.ReadFile(jsonPath)
	require.NoError(t, err)
	got, err := os.ReadFile(backPath)
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got), "JSON → xlsx → JSON is lossless")

	// A catalogue with two versions of one code in force together.
	dup := filepath.Join(dir, "dup.json")
	require.NoError(t, os.WriteFile(dup, []byte(`{"procedures": [
		{"code": "1.000001", "name": "Thủ tục A", "levels": ["commune"], "online": "full", "processingDays": 3},
		{"code": "1.000001", "name": "Thủ tục A bis", "levels": ["commune"], "online": "full", "processingDays": 5}]}`), 0o644))

	tests := []struct {
		name     string
		args     []string
		code     int
		problems int
		count    int
	}{
		{"motcua JSON", []string{"check", jsonPath}, exitOK, 0, 52},
		{"xlsx", []string{"check", xlsxPath}, exitOK, 0, 52},
		{"portal folder", []string{"check", portal}, exitOK, 0, 3},
		{"one portal record", []string{"check", filepath.Join(portal, "1.900001.json")}, exitOK, 0, 1},
		{"portal records with problems", []string{"check", filepath.Join(portal, "bad", "records.jsonl")}, exitFindings, -1, -1},
		{"duplicate codes", []string{"check", dup}, exitFindings, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, dir, nil, append([]string{"--json", "catalog"}, tt.args...)...)
			require.Equal(t, tt.code, r.code, r.stderr)
			var o struct {
				Procedures int      `json:"procedures"`
				Problems   []string `json:"problems"`
			}
			decode(t, r.stdout, &o)
			if tt.count >= 0 {
				assert.Equal(t, tt.count, o.Procedures)
			}
			if tt.problems >= 0 {
				assert.Len(t, o.Problems, tt.problems, o.Problems)
			} else {
				assert.NotEmpty(t, o.Problems)
			}
		})
	}
	t.Run("stats", func(t *testing.T) {
		r := motcua(t, dir, nil, "catalog", "stats", xlsxPath)
		require.Equal(t, exitOK, r.code, r.stderr)
		assert.Contains(t, r.stdout, "thủ tục trực tuyến")
		assert.Contains(t, r.stdout, "Theo lĩnh vực")
		r = motcua(t, dir, nil, "--json", "catalog", "stats", jsonPath)
		require.Equal(t, exitOK, r.code, r.stderr)
		var st struct {
			Total int `json:"total"`
		}
		decode(t, r.stdout, &st)
		assert.Equal(t, 51, st.Total)
	})
	t.Run("convert refuses an unknown output", func(t *testing.T) {
		r := motcua(t, dir, nil, "catalog", "convert", jsonPath, filepath.Join(dir, "x.csv"))
		assert.Equal(t, exitUsage, r.code)
	})
}

func TestForm(t *testing.T) {
	dir := t.TempDir()
	schema := repo("examples", "forms", "schema.json")
	typo := filepath.Join(dir, "typo.json")
	require.NoError(t, os.WriteFile(typo, []byte(`{"id": "BM-01", "title": {"vi": "Tờ khai"}, "fields": [{"key": "ten", "type": "text", "requird": true}]}`), 0o644))
	broken := filepath.Join(dir, "broken.json")
	require.NoError(t, os.WriteFile(broken, []byte(`{"id": "BM-02", "title": {"vi": "Tờ khai"}, "fields": [{"key": "ten", "type": "colour"}]}`), 0o644))
	tests := []struct {
		name     string
		schema   string
		sub      string
		code     int
		problems int
		want     string
	}{
		{"valid submission", schema, repo("examples", "forms", "good.json"), exitOK, 0, "Tờ khai hợp lệ."},
		{"twenty problems", schema, repo("examples", "forms", "bad.json"), exitFindings, 20, "members[1].citizen_id: Số định danh cá nhân"},
		{"sample schema", "sample", repo("examples", "forms", "bad.json"), exitFindings, -1, "enterprise_name"},
		{"misspelt schema key", typo, repo("examples", "forms", "good.json"), exitInput, -1, "requird"},
		{"schema that does not compile", broken, repo("examples", "forms", "good.json"), exitFindings, -1, "unknown field type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := motcua(t, dir, nil, "form", "validate", tt.schema, tt.sub)
			require.Equal(t, tt.code, r.code, r.stderr)
			assert.Contains(t, r.stdout+r.stderr, tt.want)
			if tt.problems < 0 {
				return
			}
			j := motcua(t, dir, nil, "--json", "form", "validate", tt.schema, tt.sub, "--lang", "en")
			var o struct {
				Valid    bool        `json:"valid"`
				Problems []fieldJSON `json:"problems"`
			}
			decode(t, j.stdout, &o)
			assert.Equal(t, tt.problems == 0, o.Valid)
			assert.Len(t, o.Problems, tt.problems)
		})
	}
}

func TestCases(t *testing.T) {
	dir := t.TempDir()
	// The repository's own golden cases, where the packages' tests keep them.
	r := motcua(t, "", nil, "--json", "test", filepath.Join("..", "..", "fees", "testdata", "cases"), filepath.Join("..", "..", "dossier", "testdata", "cases"))
	require.Equal(t, exitOK, r.code, r.stderr)
	var o struct {
		Cases          []cases.Result `json:"cases"`
		Passed, Failed int
	}
	decode(t, r.stdout, &o)
	assert.Equal(t, 151, o.Passed, "every golden case of fees/testdata/cases and dossier/testdata/cases")
	assert.Zero(t, o.Failed)

	wrong := filepath.Join(dir, "wrong.json")
	require.NoError(t, os.WriteFile(wrong, []byte(`{"format": "motcua-cases/1",
		"fees": [
		  {"name": "right", "at": "15/03/2024", "items": [{"code": "LLTP", "quantity": 3}], "total": 205000},
		  {"name": "wrong total", "at": "15/03/2024", "items": [{"code": "LLTP"}], "total": 100000},
		  {"name": "wrong error", "at": "15/03/2024", "items": [{"code": "LLTP"}], "error": "not_in_force"}],
		"deadlines": [
		  {"name": "wrong due", "received": "13/02/2026 10:00", "days": 3, "due": "24/02/2026 17:00"},
		  {"name": "right due", "received": "13/02/2026 10:00", "days": 3, "due": "2026-02-25T17:00"}]}`), 0o644))
	r = motcua(t, dir, nil, "test", wrong)
	assert.Equal(t, exitFindings, r.code, r.stderr)
	assert.Equal(t, 3, strings.Count(r.stdout, "TRƯỢT"), r.stdout)
	assert.Contains(t, r.stdout, "wrong total: total 200.000 ₫, want 100.000 ₫")
	assert.Contains(t, r.stdout, "wrong due: Thứ Tư 25/02/2026 17:00, want Thứ Ba 24/02/2026 17:00")
	assert.Contains(t, r.stdout, "2 đạt, 3 trượt")
	r = motcua(t, dir, nil, "test", wrong, "--run", "right")
	assert.Equal(t, exitOK, r.code, r.stdout)

	for name, body := range map[string]string{
		"unknown key":    `{"format": "motcua-cases/1", "fees": [{"name": "a", "at": "01/01/2025", "items": [{"code": "LLTP"}], "totl": 1}]}`,
		"wrong format":   `{"format": "openfisca", "fees": []}`,
		"no name":        `{"format": "motcua-cases/1", "deadlines": [{"received": "01/01/2025", "days": 1, "due": "02/01/2025"}]}`,
		"no expectation": `{"format": "motcua-cases/1", "deadlines": [{"name": "x", "received": "01/01/2025", "days": 1}]}`,
		"twice":          `{"format": "motcua-cases/1", "deadlines": [{"name": "x", "received": "01/01/2025", "days": 1, "due": "x"}, {"name": "x", "received": "01/01/2025", "days": 1, "due": "x"}]}`,
	} {
		t.Run(name, func(t *testing.T) {
			p := filepath.Join(dir, "bad.json")
			require.NoError(t, os.WriteFile(p, []byte(body), 0o644))
			r := motcua(t, dir, nil, "test", p)
			assert.Equal(t, exitInput, r.code, r.stdout)
			assert.Contains(t, r.stderr, "Không đọc được tệp ca kiểm thử")
		})
	}
}
