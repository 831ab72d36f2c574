package errdetail

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
)

func TestClip(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"short", "Đăng ký", "Đăng ký"},
		{"at the limit", strings.Repeat("ă", MaxQuoted), strings.Repeat("ă", MaxQuoted)},
		{"one past", strings.Repeat("ă", MaxQuoted+1), strings.Repeat("ă", MaxQuoted) + "…"},
		{"10 MB", strings.Repeat("x", 10<<20), strings.Repeat("x", MaxQuoted) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, Clip(tt.in))
		})
	}
	assert.Equal(t, `"`+strings.Repeat("a", MaxQuoted)+`…"`, Quote(strings.Repeat("a", 1000)))
}

func TestClipPath(t *testing.T) {
	deep := strings.Repeat("a.", 15000) + "name"
	tests := []struct {
		name, in string
		runes    int
	}{
		{"short", "executionMethods[1].fees[0].value", 33},
		{"at the limit", strings.Repeat("ư", MaxPath), MaxPath},
		{"one past", strings.Repeat("ư", MaxPath+1), 40 + 1 + 150},
		{"30 KB", deep, 40 + 1 + 150},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ClipPath(tt.in)
			assert.Equal(t, tt.runes, utf8.RuneCountInString(got))
			if strings.HasSuffix(tt.in, "name") {
				assert.True(t, strings.HasSuffix(got, "name"), "the end of the path is kept")
			}
		})
	}
}
