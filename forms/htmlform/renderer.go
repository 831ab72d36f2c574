package htmlform

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/motcua/motcua/forms"
)

// MaxRows bounds the rows of a repeat that sets no MaxItems, and MaxFiles
// the files one file field receives (a field's own MaxFiles is checked by
// Validate, with its message): outside input never makes the renderer
// allocate without bound.
const (
	MaxRows  = 200
	MaxFiles = 50
)

// Options configures [New]. The zero value works.
type Options struct {
	// Compile are the options the form is compiled with
	// ([forms.WithAdminUnits], [forms.DropHidden], ...).
	Compile []forms.Option
	// AdminUnits, when set, fills a datalist for admin_unit fields with
	// its provinces and communes, "01 — Thành phố Hà Nội".
	AdminUnits *forms.AdminUnitList
}

// Renderer renders one form as HTML and reads its submissions back. It is
// immutable and safe for concurrent use.
type Renderer struct {
	schema forms.Schema
	form   *forms.Form
	// probe is the form compiled without options: it never drops hidden
	// fields, so a hidden field that is filled is always reported
	// "unexpected", which is how the renderer learns what is visible.
	probe *forms.Form
	units []option
	// conditional reports whether any field has a visible_if condition.
	conditional bool
}

// New compiles schema and returns its renderer. A schema that does not
// compile is an error wrapping [ErrSchema] and the [forms.SchemaError]. The
// schema is copied: changing it afterwards changes nothing.
func New(schema *forms.Schema, opt Options) (*Renderer, error) {
	if schema == nil {
		return nil, fmt.Errorf("%w: no schema", ErrSchema)
	}
	form, err := schema.Compile(opt.Compile...)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSchema, err)
	}
	probe, err := schema.Compile()
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSchema, err)
	}
	r := &Renderer{form: form, probe: probe}
	// A deep copy: the schema's fields hold maps and pointers.
	b, err := json.Marshal(schema)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSchema, err)
	}
	if err := json.Unmarshal(b, &r.schema); err != nil {
		return nil, fmt.Errorf("%w: %w", ErrSchema, err)
	}
	r.conditional = anyConditional(r.schema.Fields)
	if u := opt.AdminUnits; u != nil {
		for _, c := range u.ProvinceCodes() {
			name, _ := u.ProvinceName(c)
			r.units = append(r.units, option{Value: c, Label: c + " — " + name})
		}
		for _, c := range u.CommuneCodes() {
			cm, _ := u.CommuneByCode(c)
			r.units = append(r.units, option{Value: c, Label: c + " — " + cm.Name})
		}
	}
	return r, nil
}

// Form returns the compiled form, whose Validate checks [Submission.Data].
func (r *Renderer) Form() *forms.Form { return r.form }

// Title returns the form's title in lang.
func (r *Renderer) Title(lang string) string { return r.schema.Title.Get(lang) }

func anyConditional(fs []forms.Field) bool {
	for i := range fs {
		if fs[i].VisibleIf != "" || anyConditional(fs[i].Fields) {
			return true
		}
	}
	return false
}

// join returns the path of key below prefix.
func join(prefix, key string) string {
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

// rowPath returns the path of row i of the repeat at path.
func rowPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// htmlID returns the id of the control of the field at path: "f-" and the
// path's keys and indices joined by "-" (keys are [a-z][a-z0-9_]*, so ids
// are unique and need no escaping in a URL fragment or a CSS selector).
func htmlID(path string) string {
	var b strings.Builder
	b.Grow(len(path) + 2)
	b.WriteString("f-")
	for i := 0; i < len(path); i++ {
		switch c := path[i]; c {
		case '.', '[':
			b.WriteByte('-')
		case ']':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// maxRows is the most rows a repeat takes.
func maxRows(f *forms.Field) int {
	if f.MaxItems != nil && *f.MaxItems >= 0 && *f.MaxItems < MaxRows {
		return *f.MaxItems
	}
	return MaxRows
}

// minRows is how many rows a repeat shows before anything is answered: its
// MinItems, at least one, at most maxRows.
func minRows(f *forms.Field) int {
	n := 1
	if f.MinItems != nil && *f.MinItems > n {
		n = *f.MinItems
	}
	return min(n, maxRows(f))
}

// locate returns the path of the rendered field a FieldError's path points
// into: a repeat's row index is kept, an element index of a multichoice or
// file field is dropped ("documents[2]" is the documents input), and a
// path that leaves the schema stops at the last field found ("" for an
// unknown top-level key). The second result is the field, nil for none.
func (r *Renderer) locate(path string) (string, *forms.Field) {
	fields := r.schema.Fields
	var cur *forms.Field
	out := ""
	for len(path) > 0 {
		if path[0] == '[' {
			end := strings.IndexByte(path, ']')
			if end < 0 || cur == nil || cur.Type != forms.TypeRepeat {
				return out, cur
			}
			out += path[:end+1]
			path = path[end+1:]
			fields = cur.Fields
			continue
		}
		path = strings.TrimPrefix(path, ".")
		end := strings.IndexAny(path, ".[")
		if end < 0 {
			end = len(path)
		}
		key := path[:end]
		var next *forms.Field
		for i := range fields {
			if fields[i].Key == key {
				next = &fields[i]
				break
			}
		}
		if next == nil {
			return out, cur
		}
		cur, out, path = next, join(out, key), path[end:]
		fields = nil
		if cur.Type == forms.TypeGroup {
			fields = cur.Fields
		}
	}
	return out, cur
}
