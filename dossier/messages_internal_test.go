package dossier

import (
	"os"
	"regexp"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestEveryRuleHasText reads the rules the package's code refuses with and
// checks each has a Vietnamese and an English text quoting the same
// parameters: a rule added without its message would show its bare code
// to a citizen.
func TestEveryRuleHasText(t *testing.T) {
	re := regexp.MustCompile(`(?:refuse\(|refusal\([^,]*,[^,]*,[^,]*,\s*|problem\([^,]*,[^,]*,\s*|field\([^,]*,\s*|Rule: |return -1, |return )"([a-z0-9_]+)"`)
	rules := map[string]bool{}
	for _, name := range []string{"machine.go", "submit.go", "attachment.go"} {
		src, err := os.ReadFile(name)
		require.NoError(t, err)
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			rules[m[1]] = true
		}
	}
	require.Greater(t, len(rules), 40, "the scan finds the rules")
	verbs := regexp.MustCompile(`%\[\d\]s`)
	for r := range rules {
		txt, ok := ruleTexts[r]
		if !assert.True(t, ok, "rule %s has no text", r) {
			continue
		}
		vi, en := verbs.FindAllString(txt.vi, -1), verbs.FindAllString(txt.en, -1)
		slices.Sort(vi)
		slices.Sort(en)
		assert.Equal(t, en, vi, "rule %s: both texts quote the same parameters", r)
	}
	for r := range ruleTexts {
		assert.True(t, rules[r], "rule %s of the table is never used", r)
	}
}
