package catalog

import (
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestExamplesImportNoInternal checks that the examples of catalog and its
// subpackages, and the example commands built on them, import no internal
// package: copied into another module, they must compile.
func TestExamplesImportNoInternal(t *testing.T) {
	var files []string
	for _, glob := range []string{"example_test.go", "*/example_test.go", "../examples/catalog/*.go", "../examples/dvcqg/*.go"} {
		m, err := filepath.Glob(glob)
		require.NoError(t, err)
		files = append(files, m...)
	}
	require.GreaterOrEqual(t, len(files), 6)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				require.NoError(t, err)
				assert.False(t, strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal"),
					"%s imports %s", file, path)
			}
		})
	}
}
