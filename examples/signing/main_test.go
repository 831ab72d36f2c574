package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

func TestRun(t *testing.T) {
	testenv.Tool(t, "pdfsig")
	var out strings.Builder
	path := filepath.Join(t.TempDir(), "signed.pdf")
	require.NoError(t, run(t.Context(), &out, path, time.Now().In(vntime.Location)))
	s := out.String()
	assert.Contains(t, s, "1. applicant Trần Văn Nghĩa signed")
	assert.Contains(t, s, "the applicant's revision is kept byte for byte: true")
	assert.Equal(t, 2, strings.Count(s, "Signature Validation: Signature is Valid."), s)
	assert.Contains(t, s, "Signer Certificate Common Name: Trần Văn Nghĩa")
	assert.Contains(t, s, "Signer Certificate Common Name: Lê Thị Hoa")
	assert.Contains(t, s, "Total document signed")
}
