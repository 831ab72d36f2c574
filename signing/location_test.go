package signing_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLocation(t *testing.T) {
	name, offset := time.Date(2026, 1, 1, 0, 0, 0, 0, signing.Location).Zone()
	assert.Equal(t, "Asia/Ho_Chi_Minh", name)
	assert.Equal(t, 7*60*60, offset)
	_, summer := time.Date(2026, 7, 1, 0, 0, 0, 0, signing.Location).Zone()
	assert.Equal(t, offset, summer, "no daylight saving")
}

// Examples compile in another module: none imports an internal package.
func TestExamplesImportNoInternalPackage(t *testing.T) {
	files := []string{"example_test.go", "verify_example_test.go", "signingtest/example_test.go"}
	more, err := filepath.Glob("../examples/signing/*.go")
	require.NoError(t, err)
	require.NotEmpty(t, more)
	for _, f := range append(files, more...) {
		t.Run(f, func(t *testing.T) {
			af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, im := range af.Imports {
				assert.NotContains(t, strings.Trim(im.Path.Value, `"`), "/internal", "%s imports an internal package", f)
			}
		})
	}
}
