package dvcqg

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
)

// checkFast compares fastDecode with encoding/json on data: when the fast
// decoder takes the input, encoding/json must take it too and decode the
// very same record.
func checkFast(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	got, ok := fastDecode(data)
	if !ok {
		return false
	}
	var want record
	err := json.Unmarshal(data, &want)
	require.NoError(t, err, "fast decoder took what encoding/json refuses: %q", data)
	require.True(t, reflect.DeepEqual(want, got), "fast decoder differs on %q:\nfast %#v\njson %#v", data, got, want)
	return true
}

func TestFastDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		fast bool // taken by the fast decoder (else left to encoding/json)
	}{
		{"empty object", `{}`, true},
		{"fields", `{"code": "1.000001", "name": "Cấp đổi", "updatedAt": 1767225600000, "isWard": true, "isDistrict": false}`, true},
		{"white space", " \t\r\n{ \"code\" : \"x\" , \"isProvince\" :true}\n", true},
		{"nulls", `{"code": null, "isDistrict": null, "category": null, "cases": null, "executionMethods": [null], "updatedAt": null}`, true},
		{"empty arrays", `{"cases": [], "returningMethods": [{"type": "ONLINE", "value": []}]}`, true},
		{"nested", `{"executionMethods": [{"submissionMethod": "ONLINE", "processingTime": 7, "fees": [{"type": "FEE", "value": 230000}]}],
			"executionCases": [{"name": "a", "profileComponents": [{"name": "Tờ khai", "originalQty": 1, "copyQty": 0, "required": true, "attachments": [{"fileName": "a.docx"}]}]}],
			"cases": [{"code": "c", "processingDay": {"qty": 3, "type": "WORKING_DAY"}}], "procedureProposal": {"proposalNumber": "1", "decisionDate": -5}}`, true},
		{"unknown keys of every kind", `{"id": "u", "x": {"a": [1, 2.5e-3, -0, true, false, null, "s\"\\"]}, "y": [], "z": {}, "code": "k"}`, true},
		{"escapes", `{"name": "a\nb\t\"c\"\\d\/e\u00e9\u0110\ud83d\ude00\b\f\r"}`, true},
		{"escaped NUL", `{"name": "a\u0000b"}`, true},
		{"Vietnamese", `{"name": "Thủ tục đăng ký thường trú"}`, true},

		{"top-level null", `null`, false},
		{"top-level array", `[]`, false},
		{"trailing data", `{} {}`, false},
		{"repeated key", `{"code": "a", "code": "b"}`, false},
		{"key differing in case", `{"Code": "a"}`, false},
		{"non-ASCII unknown key", `{"códe": "a"}`, false},
		{"escaped key", `{"c\u006fde": "a"}`, false},
		{"float into an integer", `{"updatedAt": 1.5}`, false},
		{"exponent into an integer", `{"updatedAt": 1e3}`, false},
		{"19 digits", `{"updatedAt": 1234567890123456789}`, false},
		{"leading zero", `{"updatedAt": 01}`, false},
		{"string into an integer", `{"updatedAt": "1"}`, false},
		{"number into a string", `{"code": 1}`, false},
		{"invalid UTF-8", "{\"name\": \"a\xffb\"}", false},
		{"lone surrogate", `{"name": "\ud800"}`, false},
		{"bad escape", `{"name": "\x"}`, false},
		{"control character", "{\"name\": \"a\tb\"}", false},
		{"unterminated", `{"code": "a"`, false},
		{"missing colon", `{"code" "a"}`, false},
		{"trailing comma", `{"code": "a",}`, false},
		{"bad literal", `{"isWard": tru}`, false},
		{"bad number in skipped value", `{"x": -}`, false},
		{"too deep", `{"x": ` + strings.Repeat("[", maxDepth+1) + strings.Repeat("]", maxDepth+1) + `}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.fast, checkFast(t, []byte(tt.in)))
		})
	}
}

// TestFastDecodeRealRecords: every real record goes the fast way (else
// the speed-up would be a fiction) and decodes as encoding/json does.
func TestFastDecodeRealRecords(t *testing.T) {
	check := func(t *testing.T, files []string) {
		require.NotEmpty(t, files)
		for _, f := range files {
			data, err := os.ReadFile(f)
			require.NoError(t, err)
			recs := [][]byte{data}
			if strings.HasSuffix(f, ".jsonl") {
				recs = bytes.Split(bytes.TrimSpace(data), []byte("\n"))
			}
			for i, rec := range recs {
				assert.True(t, checkFast(t, rec), "%s#%d is left to encoding/json", f, i)
			}
		}
	}
	t.Run("testdata", func(t *testing.T) {
		files, err := filepath.Glob("testdata/*.json")
		require.NoError(t, err)
		check(t, files)
	})
	t.Run("shared fixtures", func(t *testing.T) {
		dir := testenv.SharedFixtures(t, "dvcqg")
		files, err := filepath.Glob(filepath.Join(dir, "*.json*"))
		require.NoError(t, err)
		check(t, files)
	})
}

// FuzzFastDecode: on any input, the fast decoder either gives up or
// decodes exactly what encoding/json decodes.
func FuzzFastDecode(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, name := range files {
		if data, err := os.ReadFile(name); err == nil {
			f.Add(data)
		}
	}
	for _, s := range []string{`{"name": "\ud83d\ude00", "Name": 1}`, `{"updatedAt": -9}`, `{"x": [{"y": {}}]}`, `{"isDistrict": true}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		before := bytes.Clone(data)
		checkFast(t, data)
		require.Equal(t, before, data, "input changed")
	})
}
