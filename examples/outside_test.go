// Package examples_test checks that what the examples and the packages'
// Example functions show compiles in another module: a newcomer copies
// them into their own project, where motcua's internal packages cannot be
// imported.
package examples_test

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// root is the module's root, one level up from examples/.
func root(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(dir, "go.mod"))
	require.NoError(t, err, "examples/ sits in the module root")
	return dir
}

// TestExamplesBuildOutsideTheModule copies every example's program (its
// non-test Go files and data files) into a fresh module that requires
// motcua by a replace directive, and builds it there. An example that
// imports one of motcua's internal packages fails with "use of internal
// package not allowed".
func TestExamplesBuildOutsideTheModule(t *testing.T) {
	if testing.Short() {
		t.Skip("builds every example in a new module; skipped with -short")
	}
	repo := root(t)
	goBin, err := exec.LookPath("go")
	require.NoError(t, err, "the go command builds the examples")
	entries, err := os.ReadDir(".")
	require.NoError(t, err)
	mod := t.TempDir()
	// The new module requires motcua and, as a module that imports it
	// gets after go mod tidy, motcua's own requirements, so that nothing
	// needs looking up.
	own, err := os.ReadFile(filepath.Join(repo, "go.mod"))
	require.NoError(t, err)
	_, reqs, ok := strings.Cut(string(own), "\nrequire ")
	require.True(t, ok, "motcua's go.mod has requirements")
	gomod := "module example.com/newcomer\n\ngo 1.26.0\n\nrequire github.com/motcua/motcua v0.0.0\n\nrequire " + reqs +
		"\nreplace github.com/motcua/motcua => " + filepath.ToSlash(repo) + "\n"
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644))
	sum, err := os.ReadFile(filepath.Join(repo, "go.sum"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(mod, "go.sum"), sum, 0o644))
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		files, err := os.ReadDir(e.Name())
		require.NoError(t, err)
		dst := filepath.Join(mod, e.Name())
		require.NoError(t, os.MkdirAll(dst, 0o755))
		hasMain := false
		for _, f := range files {
			if f.IsDir() || strings.HasSuffix(f.Name(), "_test.go") {
				continue
			}
			b, err := os.ReadFile(filepath.Join(e.Name(), f.Name()))
			require.NoError(t, err)
			require.NoError(t, os.WriteFile(filepath.Join(dst, f.Name()), b, 0o644))
			hasMain = hasMain || strings.HasSuffix(f.Name(), ".go")
		}
		if hasMain {
			names = append(names, e.Name())
		}
	}
	require.GreaterOrEqual(t, len(names), 8, "the examples were found")
	// -mod=mod lets go add the requirements the examples need to go.mod,
	// from the module cache the repository's own build filled: no network.
	cmd := exec.CommandContext(t.Context(), goBin, "build", "-mod=mod", "-o", os.DevNull, "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOFLAGS=", "GOPROXY=off", "GOWORK=off")
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "examples %v do not build in another module:\n%s", names, out)
}

// TestExampleFunctionsUsePublicAPIs reads every example_test.go of the
// module (the Example functions pkg.go.dev shows, to be copied) and every
// example program, and fails on an import of an internal package.
func TestExampleFunctionsUsePublicAPIs(t *testing.T) {
	repo := root(t)
	n := 0
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "benchmarks" || strings.HasPrefix(d.Name(), ".")) && path != repo {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(repo, path)
		isExample := strings.HasSuffix(d.Name(), "example_test.go") ||
			(strings.HasPrefix(rel, "examples"+string(filepath.Separator)) && strings.HasSuffix(d.Name(), ".go") && !strings.HasSuffix(d.Name(), "_test.go"))
		if d.IsDir() || !isExample {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		n++
		if strings.Contains(string(b), `"github.com/motcua/motcua/internal/`) {
			t.Errorf("%s imports an internal package: it does not compile when copied into another module", rel)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, n, 15, "the example files were found")
}
