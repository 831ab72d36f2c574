package dvcqg

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// slowOneLine and slowText are oneLine and text without the fast path.
func slowOneLine(s string) string { return strings.Join(strings.Fields(norm.NFC.String(s)), " ") }

func slowText(s string) string {
	var lines []string
	for line := range strings.Lines(norm.NFC.String(s)) {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

var cleanSeeds = []string{
	"", " ", "a", "a b", "a  b", " a", "a ", "a\nb", "a\n\nb", "a \nb", "a\n b", "\na", "a\n",
	"a\tb", "a\u00a0b", "a\u3000b", "a\rb", "a\x01b", "Cấp giấy", norm.NFD.String("Cấp giấy"),
	"Bước 1: nộp hồ sơ.\nBước 2: nhận kết quả.", "đ\u2028x", "x\u0085y", "\xff\xfe",
}

func TestCleanFastPath(t *testing.T) {
	for _, s := range cleanSeeds {
		assert.Equal(t, slowOneLine(s), oneLine(s), "oneLine(%q)", s)
		assert.Equal(t, slowText(s), text(s), "text(%q)", s)
	}
	assert.True(t, clean("Cấp giấy phép", false))
	assert.False(t, clean("a\nb", false))
	assert.True(t, clean("a\nb", true))
}

// FuzzClean checks that the fast path of oneLine and text gives what the
// slow path gives.
func FuzzClean(f *testing.F) {
	for _, s := range cleanSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 1<<12 {
			t.Skip("longer than 4 KiB")
		}
		if got, want := oneLine(s), slowOneLine(s); got != want {
			t.Fatalf("oneLine(%q) = %q, want %q", s, got, want)
		}
		if got, want := text(s), slowText(s); got != want {
			t.Fatalf("text(%q) = %q, want %q", s, got, want)
		}
	})
}
