package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/signing"
)

func TestRun(t *testing.T) {
	if _, err := exec.LookPath("pdfsig"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdfsig not found (apt-get install poppler-utils)")
		}
		t.Skip("pdfsig not found (apt-get install poppler-utils)")
	}
	var out strings.Builder
	path := filepath.Join(t.TempDir(), "signed.pdf")
	require.NoError(t, run(t.Context(), &out, path, time.Now().In(signing.Location)))
	s := out.String()
	assert.Contains(t, s, "1. applicant Trần Văn Nghĩa signed")
	assert.Contains(t, s, "the applicant's revision is kept byte for byte: true")
	assert.Equal(t, 2, strings.Count(s, "Signature Validation: Signature is Valid."), s)
	assert.Contains(t, s, "Signer Certificate Common Name: Trần Văn Nghĩa")
	assert.Contains(t, s, "Signer Certificate Common Name: Lê Thị Hoa")
	assert.Contains(t, s, "Total document signed")
}
