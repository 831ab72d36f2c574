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

// Openpyxl returns a python3 that can import openpyxl, to open workbooks the
// way a spreadsheet user's tools do: the python3 on PATH, or else the
// system's /usr/bin/python3, where Debian's python3-openpyxl installs when
// PATH starts with another Python (such as pyenv's). It skips the test (or
// fails it in CI) when neither can.
func Openpyxl(t testing.TB) string {
	t.Helper()
	var msg []byte
	for _, p := range []string{Tool(t, "python3"), "/usr/bin/python3"} {
		out, err := exec.Command(p, "-c", "import openpyxl").CombinedOutput()
		if err == nil {
			return p
		}
		msg = append(msg, out...)
	}
	Missing(t, "python3 cannot import openpyxl (apt-get install python3-openpyxl): "+string(msg))
	return ""
}
