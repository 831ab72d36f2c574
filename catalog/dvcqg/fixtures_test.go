package dvcqg_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

// TestSharedFixtures imports every real record of the shared fixtures and
// checks each mapped field against the record, read here independently as
// untyped JSON.
func TestSharedFixtures(t *testing.T) {
	dir := testenv.SharedFixtures(t, "dvcqg")
	c, problems, err := dvcqg.ReadAll(os.DirFS(dir), "*.json")
	require.NoError(t, err)
	for _, p := range problems {
		assert.False(t, p.Skipped, "a real record is skipped: %v", p)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	require.Equal(t, len(files), c.Len())

	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			data, err := os.ReadFile(file)
			require.NoError(t, err)
			var rec map[string]any
			require.NoError(t, json.Unmarshal(data, &rec))

			got, ok := c.Get(rec["code"].(string), time.Time{})
			require.True(t, ok)
			strict, err := dvcqg.ReadProcedure(strings.NewReader(string(data)))
			if err == nil {
				assert.Equal(t, got, strict, "ReadProcedure and ReadAll agree")
			}

			assert.Equal(t, flat(rec["name"]), got.Name)
			assert.Equal(t, flat(rec["categoriesDetails"].([]any)[0].(map[string]any)["name"]), got.Sector)

			var levels []catalog.Level
			for _, f := range []struct {
				key   string
				level catalog.Level
			}{{"isWard", catalog.Commune}, {"isProvince", catalog.Province}, {"isMinistry", catalog.Central}} {
				if rec[f.key].(bool) {
					levels = append(levels, f.level)
				}
			}
			assert.Equal(t, levels, got.Levels)

			methods := rec["executionMethods"].([]any)
			online := catalog.Offline
			allOther := len(methods) > 0
			require.Len(t, got.Channels, len(methods))
			for i, m := range methods {
				m := m.(map[string]any)
				allOther = allOther && m["processingTimeUnit"] == "OTHER"
				ch := got.Channels[i]
				assert.Equal(t, map[string]catalog.Channel{"DIRECT": catalog.Counter, "ONLINE": catalog.Online, "POSTAL": catalog.Post}[m["submissionMethod"].(string)], ch.Channel)
				if ch.Channel == catalog.Online {
					online = catalog.Partial
				}
				assert.Equal(t, int(m["processingTime"].(float64)), ch.Time)
				assert.Equal(t, map[string]catalog.TimeUnit{"WORKING_DAY": catalog.WorkingDays, "DAY": catalog.CalendarDays, "OTHER": catalog.UnitOther}[m["processingTimeUnit"].(string)], ch.Unit)
				var amounts []int64
				for _, f := range m["fees"].([]any) {
					if v := int64(f.(map[string]any)["value"].(float64)); v > 0 {
						amounts = append(amounts, v)
					}
				}
				var gotAmounts []int64
				for _, f := range ch.Fees {
					if f.HasAmount {
						gotAmounts = append(gotAmounts, f.Amount)
					}
				}
				assert.Equal(t, amounts, gotAmounts)
			}
			if rec["isFullProcess"].(bool) {
				online = catalog.Full
			}
			assert.Equal(t, online, got.Online)
			// Every method OTHER (1.013888: stopping a telecoms
			// service) is no fixed duration, not a same-day procedure.
			assert.Equal(t, allOther, got.NoFixedDuration, "NoFixedDuration")
			assert.Equal(t, !allOther, got.ProcessingTime(catalog.ChannelUnknown).Fixed())

			cases := rec["executionCases"].([]any)
			var docs [][]catalog.Requirement
			if len(got.Cases) == 0 {
				require.Len(t, cases, 1)
				docs = [][]catalog.Requirement{got.Documents}
			} else {
				require.Len(t, got.Cases, len(cases))
				for i, cs := range got.Cases {
					assert.Equal(t, flat(cases[i].(map[string]any)["name"]), cs.Name)
					docs = append(docs, cs.Documents)
				}
			}
			for i, cs := range cases {
				comps := cs.(map[string]any)["profileComponents"].([]any)
				require.Len(t, docs[i], len(comps))
				for j, pc := range comps {
					pc := pc.(map[string]any)
					d := docs[i][j]
					assert.Equal(t, int(pc["originalQty"].(float64)), d.Originals)
					assert.Equal(t, int(pc["copyQty"].(float64)), d.Copies)
					assert.Contains(t, flat(pc["name"]), strings.SplitN(d.Name, "\n", 2)[0])
				}
			}

			assert.Len(t, got.Subjects, len(rec["subjectTypesDetails"].([]any)))
			ids := map[string]bool{}
			for _, l := range rec["legalBasisesDetails"].([]any) {
				ids[l.(map[string]any)["id"].(string)] = true
			}
			assert.Len(t, got.LegalBasis, len(ids))
			for _, l := range got.LegalBasis {
				assert.NotContains(t, l, "\n")
			}

			pp := rec["procedureProposal"].(map[string]any)
			assert.Equal(t, pp["proposalNumber"], got.Decision)
			at := time.UnixMilli(int64(pp["decisionDate"].(float64))).In(vntime.Location)
			assert.Equal(t, vntime.Date(at.Year(), at.Month(), at.Day()), got.DecisionDate)
			assert.Zero(t, got.DecisionDate.Hour())

			// Fields added by issue 10.
			if len(rec["departmentsAuthority"].([]any)) > 0 {
				assert.Equal(t, flat(rec["delegatedAgencies"]), got.Authority, "departmentsAuthority, as delegatedAgencies mirrors it")
			} else {
				var names []string
				for _, u := range rec["unitGroupsAuthority"].([]any) {
					names = append(names, flat(u.(map[string]any)["name"]))
				}
				assert.Equal(t, strings.Join(names, ", "), got.Authority)
			}
			var steps int
			for _, st := range rec["executionSteps"].([]any) {
				st := st.(map[string]any)
				if flat(st["name"]) != "" || flat(st["description"]) != "" {
					require.Less(t, steps, len(got.Steps))
					assert.Contains(t, flat(got.Steps[steps]), flat(st["description"]))
					assert.True(t, strings.HasPrefix(flat(got.Steps[steps]), flat(st["name"])))
					steps++
				}
			}
			assert.Len(t, got.Steps, steps)
			assert.Equal(t, flat(rec["requirementsAndConditions"]), flat(got.Conditions), "description duplicates it in every fixture")
			assert.Equal(t, flat(rec["note"]), flat(got.Note))
			assert.Empty(t, got.ReturnMethods, "returningMethods is [] in every fixture")
			variants := rec["cases"].([]any)
			require.Len(t, got.Variants, len(variants))
			for i, v := range variants {
				v := v.(map[string]any)
				pd := v["processingDay"].(map[string]any)
				assert.Equal(t, catalog.Variant{Code: flat(v["code"]), Name: flat(v["name"]), Time: int(pd["qty"].(float64)),
					Unit: map[string]catalog.TimeUnit{"WORKING_DAY": catalog.WorkingDays, "DAY": catalog.CalendarDays, "OTHER": catalog.UnitOther, "MONTH": catalog.Months}[pd["type"].(string)]},
					got.Variants[i])
			}
			require.Len(t, got.LegalRefs, len(got.LegalBasis))
			for i, l := range got.LegalRefs {
				assert.Contains(t, got.LegalBasis[i], l.Name)
				assert.NotEqual(t, catalog.LegalRef{}, l)
			}
			for i, m := range methods {
				for j, f := range m.(map[string]any)["fees"].([]any) {
					f := f.(map[string]any)
					var match *catalog.FeeNote
					for k := range got.Channels[i].Fees {
						fn := &got.Channels[i].Fees[k]
						if (fn.HasAmount && fn.Amount == int64(f["value"].(float64))) || (f["description"] != nil && fn.Text == text(f["description"])) {
							match = fn
						}
					}
					if match == nil {
						continue // a fee of 0 without a description says nothing
					}
					assert.Empty(t, match.Currency, "fee %d: VND", j)
					if f["type"] == "SERVICE_FEE" {
						assert.Equal(t, catalog.ServiceFee, match.Kind)
					}
				}
			}
			for i, cs := range cases {
				for j, pc := range cs.(map[string]any)["profileComponents"].([]any) {
					pc := pc.(map[string]any)
					assert.Equal(t, flat(pc["code"]), docs[i][j].Code)
					assert.Equal(t, pc["hasElectronicForm"], docs[i][j].EForm)
				}
			}

			if len(rec["departmentsExecuting"].([]any)) > 0 {
				assert.Equal(t, flat(rec["executingAgencies"]), got.Agency)
			} else {
				assert.Equal(t, flat(rec["unitGroupsExecuting"].([]any)[0].(map[string]any)["name"]), got.Agency)
			}
		})
	}
}

// text normalises a multi-line text as the mapping does.
func text(v any) string {
	var lines []string
	for line := range strings.Lines(norm.NFC.String(v.(string))) {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

func flat(v any) string {
	return strings.Join(strings.Fields(norm.NFC.String(v.(string))), " ")
}
