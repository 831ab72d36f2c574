package dvcqg

import (
	"os"
	"path/filepath"
	"testing"
)

// valueEndRef is valueEnd as first written, a byte at a time: the
// reference the vectorised one must agree with.
func valueEndRef(data []byte, i int) int {
	if i < len(data) && (data[i] == ',' || data[i] == '}' || data[i] == ']') {
		return i + 1
	}
	depth, inString, escaped := 0, false, false
	for ; i < len(data); i++ {
		c := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 0 {
					return i + 1
				}
			case c == '\n':
				return i
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		case '\n':
			if depth == 0 || (i+1 < len(data) && data[i+1] == '{') {
				return i
			}
		}
	}
	return i
}

func checkValueEnd(t *testing.T, data []byte) {
	for i := 0; i <= len(data); i++ {
		if got, want := valueEnd(data, i), valueEndRef(data, i); got != want {
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
