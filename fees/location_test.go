package fees_test

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamplesImportNoInternal: the examples compile in another module, so
// neither this package's examples nor examples/fees import an internal
// package (the time zone is fees.Location).
func TestExamplesImportNoInternal(t *testing.T) {
	for _, file := range []string{"example_test.go", filepath.Join("..", "examples", "fees", "main.go")} {
		t.Run(file, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				require.NoError(t, err)
				assert.False(t, strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal"), path)
			}
		})
	}
}

// TestLocation: fees.Location is Asia/Ho_Chi_Minh, UTC+7, with no need of
// the system's zone files, and dates start at its midnight.
func TestLocation(t *testing.T) {
	name, offset := day(2025, 1, 1).Zone()
	assert.Equal(t, "Asia/Ho_Chi_Minh", name)
	assert.Equal(t, 7*60*60, offset)
	assert.Equal(t, "Asia/Ho_Chi_Minh", fees.Location.String())
	assert.Equal(t, day(2025, 1, 1), fees.MustDate(2025, 1, 1).Time())
}
