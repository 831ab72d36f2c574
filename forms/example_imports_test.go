package forms_test

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

// The examples compile in another module: a portal copies them, and
// motcua's internal packages are not importable there.
func TestExamplesImportNoInternalPackage(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "examples", "forms", "*.go"))
	require.NoError(t, err)
	files = append(files, "example_test.go")
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) {
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ImportsOnly)
			require.NoError(t, err)
			for _, imp := range f.Imports {
				path, err := strconv.Unquote(imp.Path.Value)
				require.NoError(t, err)
				assert.False(t, strings.Contains(path, "/internal/") || strings.HasSuffix(path, "/internal"), "%s imports %s", name, path)
			}
		})
	}
}
