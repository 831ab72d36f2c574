package fees_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/cases"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, fees.Location) }

func sample(t testing.TB) *fees.Schedule {
	t.Helper()
	s, err := fees.Sample()
	require.NoError(t, err)
	return s
}

// TestSampleGolden checks the sample schedule against amounts worked out by
// hand from the legal texts it cites: before, during and after each
// temporary cut, online and at the counter, for exempt groups, at tier,
// bracket, floor and cap boundaries. Exact amounts, no tolerance. The cases
// live in testdata/cases/sample.json, in the motcua-cases/1 format that
// `motcua test` runs, so a province's suite and this one share one engine.
func TestSampleGolden(t *testing.T) {
	s := sample(t)
	b, err := os.ReadFile(filepath.Join("testdata", "cases", "sample.json"))
	require.NoError(t, err)
	cf, err := cases.Parse(b)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cf.Fees), 113, "every golden case of the sample")
	require.Empty(t, cf.Schedule, "the sample's cases run on the sample")
	for _, c := range cf.Fees {
		t.Run(c.Name, func(t *testing.T) {
			r := cases.RunFee(s, c, nil)
			require.True(t, r.Pass, "%s (got %q, want %q)", r.Message, r.Got, r.Want)
			if c.Error == "" {
				return
			}
			// A refused item is named in the typed error.
			req, err := c.Request()
			require.NoError(t, err)
			_, err = s.Quote(req)
			var re *fees.RequestError
			require.ErrorAs(t, err, &re)
			assert.Equal(t, c.Items[0].Code, re.Code)
		})
	}
}

// TestSampleShape checks what the issue asks of the sample: at least 15
// items, each with a legal basis, and both temporary cuts dated as the
// circulars date them.
func TestSampleShape(t *testing.T) {
	s := sample(t)
	def := s.Definition()
	assert.GreaterOrEqual(t, len(def.Items), 15)
	for _, it := range def.Items {
		assert.NotEmpty(t, it.Name["en"], it.Code)
		assert.NotEmpty(t, it.Note, it.Code)
		for _, v := range it.Versions {
			assert.NotEmpty(t, v.Basis.Document, it.Code)
		}
	}
	want := map[string][2]fees.Date{
		"TT47-2021": {fees.MustDate(2021, time.July, 1), fees.MustDate(2022, time.January, 1)},
		"TT64-2025": {fees.MustDate(2025, time.July, 1), fees.MustDate(2027, time.January, 1)},
	}
	found := 0
	for _, a := range def.Adjustments {
		if w, ok := want[a.ID]; ok {
			found++
			assert.Equal(t, w[0], a.From, a.ID)
			assert.Equal(t, w[1], a.Until, a.ID)
			assert.Equal(t, fees.Multiply, a.Effect, a.ID)
			assert.Equal(t, fees.MustRate(1, 2), a.Rate, a.ID)
		}
	}
	assert.Equal(t, len(want), found)
}

// TestSampleAudit holds the sample to the audit of issue #19: no
// registration fee (lệ phí trước bạ) in force from 1 March 2022 has a cap,
// since Decree 10/2022/NĐ-CP has none, while the Decree 140/2016/NĐ-CP
// version keeps its 500 million đồng cap; the car items cite the points of
// Decree 10/2022 Art. 8(5) they rest on; and every item's note names what
// it was checked against.
func TestSampleAudit(t *testing.T) {
	var doc struct {
		Items []struct {
			Code     string `json:"code"`
			Note     string `json:"note"`
			Versions []struct {
				From  string `json:"from"`
				Basis struct {
					Document, Article string
				} `json:"basis"`
				Rules []struct {
					Percent *struct {
						Cap *int64 `json:"cap"`
					} `json:"percent"`
				} `json:"rules"`
			} `json:"versions"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(fees.SampleJSON(), &doc))
	articles := map[string]string{}
	for _, it := range doc.Items {
		t.Run(it.Code, func(t *testing.T) {
			assert.NotEmpty(t, it.Note, "every item says what was checked")
			for _, v := range it.Versions {
				assert.NotEmpty(t, v.Basis.Document, "every version names its legal basis")
				if !strings.HasPrefix(it.Code, "LPTB-") {
					continue
				}
				for _, r := range v.Rules {
					if r.Percent == nil {
						continue
					}
					switch v.Basis.Document {
					case "Nghị định 10/2022/NĐ-CP":
						assert.Nil(t, r.Percent.Cap, "%s from %s: Decree 10/2022 sets no cap", it.Code, v.From)
					case "Nghị định 140/2016/NĐ-CP":
						if assert.NotNil(t, r.Percent.Cap, "Decree 140/2016 capped land and houses") {
							assert.Equal(t, int64(500_000_000), *r.Percent.Cap)
						}
					}
				}
				if v.Basis.Document == "Nghị định 10/2022/NĐ-CP" {
					articles[it.Code] = v.Basis.Article
				}
			}
		})
	}
	for code, want := range map[string]string{
		"LPTB-NHADAT": "Điều 8, khoản 1", "LPTB-XEMAY": "Điều 8, khoản 4", "LPTB-XEMAY-DOTHI": "Điều 8, khoản 4, điểm a",
		"LPTB-XEMAY-LAN2": "Điều 8, khoản 4, điểm b", "LPTB-OTO": "Điều 8, khoản 5, điểm a",
		"LPTB-OTO-DIEN": "Điều 8, khoản 5, điểm c", "LPTB-OTO-LAN2": "Điều 8, khoản 5, điểm d",
	} {
		assert.Equal(t, want, articles[code], code)
	}
}
