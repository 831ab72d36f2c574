package signing_test

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pdfsigOpinion is what poppler's pdfsig says about one signature.
type pdfsigOpinion struct {
	field      string
	validation string // the "Signature Validation:" line
	ranges     bool   // it printed the signed ranges
	total      bool   // "Total document signed"
}

// hasOpinion reports whether pdfsig judged the signature.
func (o pdfsigOpinion) hasOpinion() bool {
	return o.validation != "" && !strings.Contains(o.validation, "not yet been verified")
}

func pdfsigOpinions(t *testing.T, pdf []byte) ([]pdfsigOpinion, string) {
	t.Helper()
	tool := testenv.Tool(t, "pdfsig")
	out, _ := exec.Command(tool, "-nocert", writeTemp(t, pdf)).CombinedOutput()
	var ops []pdfsigOpinion
	for _, blk := range strings.Split(string(out), "Signature #")[1:] {
		var o pdfsigOpinion
		for _, line := range strings.Split(blk, "\n") {
			line = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "- "))
			switch {
			case strings.HasPrefix(line, "Signature Field Name:"):
				o.field = strings.TrimSpace(strings.TrimPrefix(line, "Signature Field Name:"))
			case strings.HasPrefix(line, "Signature Validation:"):
				o.validation = strings.TrimSpace(strings.TrimPrefix(line, "Signature Validation:"))
			case strings.HasPrefix(line, "Signed Ranges:"):
				o.ranges = true
			case line == "Total document signed":
				o.total = true
			}
		}
		ops = append(ops, o)
	}
	return ops, string(out)
}

// TestVerifyAgreesWithPdfsig checks, on every file of the corpus, that
// where pdfsig judges a signature it agrees with Verify on whether the
// signature is cryptographically valid (intact and valid) and whether it
// covers the total document.
func TestVerifyAgreesWithPdfsig(t *testing.T) {
	testenv.Tool(t, "pdfsig")
	cs, _ := buildCorpus(t)
	judged := 0
	for _, c := range cs {
		t.Run(c.name, func(t *testing.T) {
			rep, err := signing.Verify(t.Context(), bytes.NewReader(c.pdf), int64(len(c.pdf)), c.policy)
			require.NoError(t, err)
			ops, out := pdfsigOpinions(t, c.pdf)
			for _, o := range ops {
				if !o.hasOpinion() {
					continue
				}
				var ours *signing.SignatureReport
				for i := range rep.Signatures {
					if rep.Signatures[i].Field == o.field && ours == nil {
						ours = &rep.Signatures[i]
					} else if rep.Signatures[i].Field == o.field && o.field != "" {
						// Two fields of the same name: compare with the
						// first, as pdfsig lists them in form order.
						continue
					}
				}
				if ours == nil {
					// pdfsig judges a signature Verify does not list: it
					// must then have said it is not valid.
					assert.NotEqual(t, "Signature is Valid.", o.validation, "pdfsig says %q is valid, Verify does not list it\n%s", o.field, out)
					continue
				}
				judged++
				pdfsigValid := o.validation == "Signature is Valid."
				assert.Equal(t, pdfsigValid, ours.Intact && ours.Valid, "field %q: pdfsig says %q\n%s\n%s", o.field, o.validation, out, rep.Text(signing.English))
				if o.ranges {
					assert.Equal(t, o.total, ours.Coverage == signing.CoverageWholeDocument, "field %q: total document\n%s\n%s", o.field, out, rep.Text(signing.English))
				}
			}
		})
	}
	assert.Greater(t, judged, len(cs)/2, "pdfsig judged too few signatures for the comparison to mean anything")
}
