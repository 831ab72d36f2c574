// Package testenv holds the helpers motcua's tests share: finding outside
// tools (pdfsig, qpdf, python3) and the shared fixtures, skipping with a clear
// message when they are missing on a developer's machine and failing when the
// CI environment variable is "true".
package testenv

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// InCI reports whether the tests run under CI (CI=true), where every outside
// tool and fixture must be present.
func InCI() bool { return os.Getenv("CI") == "true" }

// Missing skips the test with msg, or fails it when running in CI.
func Missing(t testing.TB, msg string) {
	t.Helper()
	if InCI() {
		t.Fatalf("CI=true but %s", msg)
	}
	t.Skip(msg)
}

// Tool returns the path of the named executable, skipping the test (or
// failing it in CI) when the tool is not installed.
func Tool(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		Missing(t, name+" is not installed (apt-get install "+aptPackage(name)+"); .ci/run installs it")
	}
	return p
}

func aptPackage(tool string) string {
	switch tool {
	case "pdfsig", "pdfinfo":
		return "poppler-utils"
	case "python3":
		return "python3-openpyxl"
	case "node":
		return "nodejs"
	default:
		return tool
	}
}

// RepoRoot returns the root of the motcua checkout.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// SharedFixtures returns the directory ../shared/fixtures/<sub> beside the
// checkout, skipping the test (or failing it in CI) when it is absent.
// The fixtures are outside data and are never copied into the repository.
func SharedFixtures(t testing.TB, sub string) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(), "..", "shared", "fixtures", sub)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		Missing(t, "shared fixtures not found at "+dir)
	}
	return dir
}
