package dvcqg

import (
	"os"
	"path/filepath"
	"testing"
)

// checkValueEnd checks that jumping over strings changes no split of data.
func checkValueEnd(t *testing.T, data []byte) {
	for i := 0; i <= len(data); i++ {
		if got, want := valueEnd(data, i), scanValueEnd(data, i, false); got != want {
			t.Fatalf("valueEnd(%q, %d) = %d, want %d", data, i, got, want)
		}
	}
}

func TestValueEnd(t *testing.T) {
	for _, s := range []string{
		``, `{}`, `{"a": "b"}`, `{"a": "b\"c", "d": [1, {"e": "\\"}]}`, "{\"a\": \"b\nc\"}\n{\"d\": 1}",
		`"abc"`, `"a\\"`, `"a\\\"b"`, `[1, 2]`, "{\n\"a\": 1\n}\n{\"b\": 2}", `{"a": "đường \"Lê Lợi\""}`, `"unterminated`,
	} {
		checkValueEnd(t, []byte(s))
	}
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) == 0 {
		t.Fatal("no testdata records", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		checkValueEnd(t, data)
	}
}

// FuzzValueEnd: the vectorised splitter agrees with the byte-at-a-time one.
func FuzzValueEnd(f *testing.F) {
	f.Add([]byte(`{"a": "b\"c\\", "d": ["e\nf", {"g": 1}]}` + "\n{\"h\": \"i\"}"))
	f.Add([]byte(`"a\\\"b" , ]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 4096 {
			return
		}
		checkValueEnd(t, data)
	})
}
