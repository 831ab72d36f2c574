package forms

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/language"
)

// MaxSchemaBytes is the largest schema document [ReadSchema] reads.
const MaxSchemaBytes = 4 << 20

// MaxSchemaDepth is how deeply [ReadSchema] lets fields nest (a group in a
// repeat in a group ... counts one level each).
const MaxSchemaDepth = 32

// ReadSchema reads a form schema in its JSON format, the one [Schema]'s
// field tags define:
//
//	{"id": "BM-01", "title": {"vi": "Tờ khai", "en": "Declaration"},
//	 "fields": [{"key": "full_name", "type": "text", "required": true,
//	             "label": {"vi": "Họ và tên", "en": "Full name"}}]}
//
// It is strict where encoding/json is lenient, so that a typo never turns
// into a silently different form: a key the format does not define at any
// level (the schema, a field, the sub-fields of a group or repeat, a
// choice, a file spec, an id_check) is an error wrapping [ErrUnknownField]
// that names its path ("fields[0].requird") and suggests the key meant; keys
// match exactly (encoding/json would take "Required" for "required"); a key
// given twice is refused; a [Text]'s keys must be language tags as
// written canonically ("vi", "en", not "vn" or "VI"); a value of the wrong
// JSON type wraps [ErrSyntax] with its path. Documents over
// [MaxSchemaBytes], or with fields nested over [MaxSchemaDepth] levels, wrap
// [ErrTooLarge]. Every such error is a [*FormatError] carrying the line and
// column.
//
// The schema itself is not checked: that is [Schema.Compile]'s job, which
// reports every problem at once (an unknown field type among them).
func ReadSchema(r io.Reader) (*Schema, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSchemaBytes+1))
	if err != nil {
		return nil, fmt.Errorf("forms: read schema: %w", err)
	}
	if len(data) > MaxSchemaBytes {
		return nil, &FormatError{Err: ErrTooLarge, Detail: fmt.Sprintf("more than %d bytes", MaxSchemaBytes)}
	}
	rd := &schemaReader{data: data, dec: json.NewDecoder(bytes.NewReader(data)), keys: map[reflect.Type]map[string]reflect.Type{}}
	rd.dec.UseNumber()
	if err := rd.document(); err != nil {
		return nil, err
	}
	var s Schema
	if err := json.Unmarshal(data, &s); err != nil {
		// The walk above accepts only what encoding/json decodes; this is
		// a safety net, not an expected path.
		return nil, &FormatError{Err: ErrSyntax, Detail: err.Error()}
	}
	return &s, nil
}

// schemaReader walks a schema document token by token along the Go types
// it decodes into, so that every error has a path and a position.
type schemaReader struct {
	data  []byte
	dec   *json.Decoder
	path  []seg
	depth int
	keys  map[reflect.Type]map[string]reflect.Type
}

var (
	schemaType    = reflect.TypeFor[Schema]()
	fieldType     = reflect.TypeFor[Field]()
	textType      = reflect.TypeFor[Text]()
	numberType    = reflect.TypeFor[json.Number]()
	unmarshalType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshal = reflect.TypeFor[encoding.TextUnmarshaler]()
)

func (r *schemaReader) document() error {
	start := r.next()
	tok, err := r.dec.Token()
	if err != nil {
		return r.syntax(err, start)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return r.fail(start, ErrSyntax, "the schema document must be a JSON object")
	}
	if err := r.object(schemaType); err != nil {
		return err
	}
	end := r.next()
	if _, err := r.dec.Token(); err != io.EOF {
		return r.fail(end, ErrSyntax, "data after the schema object")
	}
	return nil
}

// value checks the next value against type t.
func (r *schemaReader) value(t reflect.Type) error {
	start := r.next()
	tok, err := r.dec.Token()
	if err != nil {
		return r.syntax(err, start)
	}
	if tok == nil { // null leaves every Go value as it is, as in encoding/json
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	want := func(what string) error {
		return r.fail(start, ErrSyntax, "want %s, got %s", what, tokenKind(tok))
	}
	switch {
	case t == textType:
		return r.text(start, tok)
	case t == numberType:
		if _, ok := tok.(json.Number); !ok {
			return want("a number")
		}
		return nil
	case reflect.PointerTo(t).Implements(unmarshalType), reflect.PointerTo(t).Implements(textUnmarshal):
		s, ok := tok.(string)
		if !ok {
			return want("a string")
		}
		return r.custom(start, t, s)
	}
	switch t.Kind() {
	case reflect.Struct:
		if d, ok := tok.(json.Delim); !ok || d != '{' {
			return want("an object")
		}
		if t == fieldType {
			if r.depth++; r.depth > MaxSchemaDepth {
				return r.fail(start, ErrTooLarge, "fields nested more than %d levels deep", MaxSchemaDepth)
			}
			defer func() { r.depth-- }()
		}
		return r.object(t)
	case reflect.Slice:
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			return want("an array")
		}
		for i := 0; r.dec.More(); i++ {
			r.path = append(r.path, seg{index: i})
			if err := r.value(t.Elem()); err != nil {
				return err
			}
			r.path = r.path[:len(r.path)-1]
		}
		return r.close()
	case reflect.String:
		if _, ok := tok.(string); !ok {
			return want("a string")
		}
	case reflect.Bool:
		if _, ok := tok.(bool); !ok {
			return want("true or false")
		}
	case reflect.Int, reflect.Int64, reflect.Int32:
		n, ok := tok.(json.Number)
		if !ok {
			return want("a whole number")
		}
		if _, err := strconv.ParseInt(string(n), 10, t.Bits()); err != nil {
			return r.fail(start, ErrSyntax, "%s is not a whole number of %d bits", clip(string(n)), t.Bits())
		}
	default:
		return r.fail(start, ErrSyntax, "cannot decode into %s", t)
	}
	return nil
}

// object checks the members of an object whose '{' was read.
func (r *schemaReader) object(t reflect.Type) error {
	known := r.fieldsOf(t)
	seen := make(map[string]bool, len(known))
	for r.dec.More() {
		start := r.next()
		tok, err := r.dec.Token()
		if err != nil {
			return r.syntax(err, start)
		}
		key, _ := tok.(string) // an object key is always a string
		r.path = append(r.path, seg{key: key, index: -1})
		ft, ok := known[key]
		if !ok {
			detail := "unknown field"
			if s := suggest(key, known); s != "" {
				detail += fmt.Sprintf(" (did you mean %q?)", s)
			}
			return r.fail(start, ErrUnknownField, "%s", detail)
		}
		if seen[key] {
			return r.fail(start, ErrSyntax, "key given twice")
		}
		seen[key] = true
		if err := r.value(ft); err != nil {
			return err
		}
		r.path = r.path[:len(r.path)-1]
	}
	return r.close()
}

// text checks a [Text]: a string, or an object of strings keyed by
// language tags written canonically.
func (r *schemaReader) text(start int64, tok json.Token) error {
	if _, ok := tok.(string); ok {
		return nil
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return r.fail(start, ErrSyntax, "want a string or an object of languages, got %s", tokenKind(tok))
	}
	seen := map[string]bool{}
	for r.dec.More() {
		kstart := r.next()
		ktok, err := r.dec.Token()
		if err != nil {
			return r.syntax(err, kstart)
		}
		key, _ := ktok.(string)
		r.path = append(r.path, seg{key: key, index: -1})
		tag, err := language.Parse(key)
		switch {
		case err != nil:
			return r.fail(kstart, ErrUnknownField, "%q is not a language tag (Vietnamese is \"vi\", English \"en\")", clip(key))
		case tag.String() != key:
			return r.fail(kstart, ErrUnknownField, "language %q is written %q", clip(key), tag.String())
		case seen[key]:
			return r.fail(kstart, ErrSyntax, "language given twice")
		}
		seen[key] = true
		vstart := r.next()
		vtok, err := r.dec.Token()
		if err != nil {
			return r.syntax(err, vstart)
		}
		if _, ok := vtok.(string); !ok {
			return r.fail(vstart, ErrSyntax, "want a string, got %s", tokenKind(vtok))
		}
		r.path = r.path[:len(r.path)-1]
	}
	return r.close()
}

// custom checks a string decoded by a type's own UnmarshalJSON or
// UnmarshalText (a date, a field type) by decoding it.
func (r *schemaReader) custom(start int64, t reflect.Type, s string) error {
	v := reflect.New(t).Interface()
	var err error
	if u, ok := v.(json.Unmarshaler); ok {
		q, _ := json.Marshal(s) // a string always marshals
		err = u.UnmarshalJSON(q)
	} else {
		err = v.(encoding.TextUnmarshaler).UnmarshalText([]byte(s))
	}
	if err != nil {
		what := "a valid value"
		if t == reflect.TypeFor[time.Time]() {
			what = "an RFC 3339 time (2025-07-01T00:00:00+07:00)"
		}
		return r.fail(start, ErrSyntax, "%q is not %s", clip(s), what)
	}
	return nil
}

// close reads the '}' or ']' that ends the current value.
func (r *schemaReader) close() error {
	start := r.next()
	if _, err := r.dec.Token(); err != nil {
		return r.syntax(err, start)
	}
	return nil
}

// fieldsOf returns the JSON keys of a struct type and the types of their
// values, from the same tags encoding/json reads.
func (r *schemaReader) fieldsOf(t reflect.Type) map[string]reflect.Type {
	if m, ok := r.keys[t]; ok {
		return m
	}
	m := make(map[string]reflect.Type, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		m[name] = f.Type
	}
	r.keys[t] = m
	return m
}

// next returns the offset where the next token starts.
func (r *schemaReader) next() int64 {
	off := r.dec.InputOffset()
	for off < int64(len(r.data)) {
		switch r.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (r *schemaReader) fail(off int64, err error, format string, args ...any) error {
	line, col := position(r.data, off)
	return &FormatError{Path: formatPath(r.path), Line: line, Column: col, Err: err, Detail: fmt.Sprintf(format, args...)}
}

func (r *schemaReader) syntax(err error, off int64) error {
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		return r.fail(se.Offset, ErrSyntax, "%s", se.Error())
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return r.fail(int64(len(r.data)), ErrSyntax, "unexpected end of document")
	}
	return r.fail(off, ErrSyntax, "%s", err.Error())
}

// position returns the 1-based line and column (in bytes) of offset off.
func position(data []byte, off int64) (line, col int) {
	off = min(max(off, 0), int64(len(data)))
	before := data[:off]
	line = bytes.Count(before, []byte{'\n'}) + 1
	col = len(before) - bytes.LastIndexByte(before, '\n')
	return line, col
}

func tokenKind(tok json.Token) string {
	switch x := tok.(type) {
	case json.Delim:
		if x == '{' {
			return "an object"
		}
		return "an array"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "true or false"
	}
	return "null"
}

// suggest returns the known key closest to key: the same key in another
// case, else one at most two edits away; "" if none.
func suggest(key string, known map[string]reflect.Type) string {
	if len(key) > 64 {
		return ""
	}
	best, bestD := "", 3
	for k := range known {
		if strings.EqualFold(k, key) {
			return k
		}
		if d := editDistance(key, k); d < bestD || d == bestD && k < best {
			best, bestD = k, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance of two short ASCII keys.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
