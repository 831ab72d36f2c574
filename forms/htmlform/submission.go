package htmlform

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"regexp"
	"strconv"
	"strings"

	"github.com/motcua/motcua/forms"
)

// Submission is a submitted form read by [Renderer.Parse] (or earlier
// answers loaded by [Renderer.Load]): the typed data for
// [forms.Form.Validate], the button pressed, the files received, and the
// answers as typed, which [Renderer.Render] shows again.
type Submission struct {
	// Data is the map [forms.Form.Validate] takes: the visible fields'
	// values converted by their types (json.Number, bool, string, []any,
	// map[string]any, [forms.File]), empty ones left out. A repeat whose
	// rows are all empty is left out; otherwise every row is kept, so that
	// the rows of error paths are the rows on the page.
	Data map[string]any
	// Action is what the button pressed asked for.
	Action Action
	// Uploads are the files received with this request, in field order.
	// Store each under its SHA256 before rendering the page again: the
	// page lists them as kept files, which [ParseOptions.Kept] must find.
	Uploads []Upload

	values map[string][]string // as typed, by input name
	rows   map[string]int      // rows shown, by repeat path
	files  map[string][]Stored // kept and new files, by field path
	hidden map[string]bool     // fields whose condition is false
	multi  *multipart.Form     // to remove its temporary files
	paths  []string            // conditional fields, in schema order
}

// Stored is a file of a file field that the integrator keeps, found by the
// SHA-256 of its content.
type Stored struct {
	forms.File
	// SHA256 is the lowercase hex SHA-256 of the content.
	SHA256 string
}

// Upload is a file received with a submission.
type Upload struct {
	// Path is the file field's path ("documents", "members[0].scan").
	Path string
	// Stored holds the file's name as the browser sent it (its base name:
	// no folder), its media type sniffed from the content (never the
	// browser's claim), its size and its SHA-256.
	Stored
	header *multipart.FileHeader
}

// Open opens the uploaded content.
func (u *Upload) Open() (io.ReadCloser, error) {
	if u.header == nil {
		return nil, fmt.Errorf("%w: upload has no content", ErrRequest)
	}
	return u.header.Open()
}

// Hidden reports whether the field at path is hidden by its condition (or
// by its group's, or its repeat's).
func (s *Submission) Hidden(path string) bool {
	for p := path; p != ""; p = parent(p) {
		if s.hidden[p] {
			return true
		}
	}
	return false
}

// HiddenFields returns the paths of the conditional fields that are hidden,
// in schema order: the answer [Script] asks for.
func (s *Submission) HiddenFields() []string {
	out := []string{}
	for _, p := range s.paths {
		if s.Hidden(p) {
			out = append(out, p)
		}
	}
	return out
}

// WriteVisibility writes the JSON answer to an [ActionVisibility] request:
// {"hidden": ["members", "foreign_ratio"]}.
func (s *Submission) WriteVisibility(w io.Writer) error {
	return json.NewEncoder(w).Encode(struct {
		Hidden []string `json:"hidden"`
	}{s.HiddenFields()})
}

// Close removes the temporary files the request's files were spooled to.
func (s *Submission) Close() error {
	if s == nil || s.multi == nil {
		return nil
	}
	return s.multi.RemoveAll()
}

// parent returns the path of the field or row containing path, "" at the top.
func parent(p string) string {
	if strings.HasSuffix(p, "]") {
		return p[:strings.LastIndexByte(p, '[')]
	}
	if i := strings.LastIndexAny(p, ".]"); i >= 0 {
		if p[i] == ']' {
			return p[:i+1]
		}
		return p[:i]
	}
	return ""
}

// ActionKind is what a button of the form asks for. The zero value is
// unknown.
type ActionKind uint8

// The actions.
const (
	ActionUnknown    ActionKind = iota
	ActionSubmit                // send the answers (the default, Enter in a field)
	ActionRefresh               // show the questions the answers call for (no JavaScript)
	ActionAdd                   // add a row to the repeat at Path
	ActionRemove                // remove row Row of the repeat at Path
	ActionVisibility            // Script's question: which fields are hidden
)

// String returns the action's name: "submit", "refresh", "add", "remove",
// "visibility" or "unknown".
func (k ActionKind) String() string {
	switch k {
	case ActionUnknown:
		return "unknown"
	case ActionSubmit:
		return "submit"
	case ActionRefresh:
		return "refresh"
	case ActionAdd:
		return "add"
	case ActionRemove:
		return "remove"
	case ActionVisibility:
		return "visibility"
	}
	return "ActionKind(" + strconv.Itoa(int(k)) + ")"
}

// MarshalText writes [ActionKind.String].
func (k ActionKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name [ActionKind.String] writes; any other is
// unknown.
func (k *ActionKind) UnmarshalText(b []byte) error {
	*k = ActionUnknown
	for c := ActionSubmit; c <= ActionVisibility; c++ {
		if c.String() == string(b) {
			*k = c
		}
	}
	return nil
}

// Action is the button pressed: its kind and, to add or remove a row, the
// repeat's path and the row (counted from 0).
type Action struct {
	Kind ActionKind
	Path string
	Row  int
}

// Final reports whether the citizen asked to send the answers, so that the
// integrator validates them and moves on; for any other action it renders
// the page again, without errors.
func (a Action) Final() bool { return a.Kind == ActionSubmit }

// value returns the _action value of a.
func (a Action) value() string {
	switch a.Kind {
	case ActionAdd:
		return "add:" + a.Path
	case ActionRemove:
		return "remove:" + rowPath(a.Path, a.Row)
	case ActionUnknown, ActionSubmit, ActionRefresh, ActionVisibility:
	}
	return a.Kind.String()
}

// parseAction reads an _action value.
func (r *Renderer) parseAction(v string) (Action, error) {
	bad := &ParseError{Field: "_action", Err: ErrRequest, Detail: "unknown action " + strconv.Quote(v)}
	switch v {
	case "", "submit":
		return Action{Kind: ActionSubmit}, nil
	case "refresh":
		return Action{Kind: ActionRefresh}, nil
	case "visibility":
		return Action{Kind: ActionVisibility}, nil
	}
	if p, ok := strings.CutPrefix(v, "add:"); ok {
		if _, f := r.locate(p); f != nil && f.Type == forms.TypeRepeat {
			if c, _ := r.locate(p); c == p {
				return Action{Kind: ActionAdd, Path: p}, nil
			}
		}
		return Action{}, bad
	}
	if p, ok := strings.CutPrefix(v, "remove:"); ok && strings.HasSuffix(p, "]") {
		i := strings.LastIndexByte(p, '[')
		if i < 0 {
			return Action{}, bad // "remove:x]": no row
		}
		row, err := strconv.Atoi(p[i+1 : len(p)-1])
		if c, f := r.locate(p[:i]); err == nil && row >= 0 && f != nil && f.Type == forms.TypeRepeat && c == p[:i] {
			return Action{Kind: ActionRemove, Path: p[:i], Row: row}, nil
		}
	}
	return Action{}, bad
}

// apply adds or removes a row.
func (s *Submission) apply(r *Renderer) {
	a := s.Action
	_, f := r.locate(a.Path)
	switch a.Kind {
	case ActionAdd:
		if s.rows[a.Path] < maxRows(f) {
			s.rows[a.Path]++
		}
	case ActionRemove:
		if a.Row >= s.rows[a.Path] {
			return
		}
		s.values = shiftKeys(s.values, a.Path, a.Row)
		s.files = shiftKeys(s.files, a.Path, a.Row)
		s.rows = shiftKeys(s.rows, a.Path, a.Row)
		s.rows[a.Path]--
	case ActionUnknown, ActionSubmit, ActionRefresh, ActionVisibility:
	}
}

// shiftKeys drops the entries of row i of the repeat at path and renumbers
// the later rows' entries.
func shiftKeys[V any](m map[string]V, path string, i int) map[string]V {
	out := make(map[string]V, len(m))
	pre := path + "["
	for k, v := range m {
		rest, ok := strings.CutPrefix(k, pre)
		end := strings.IndexByte(rest, ']')
		if !ok || end < 0 {
			out[k] = v
			continue
		}
		j, err := strconv.Atoi(rest[:end])
		switch {
		case err != nil || j < i:
			out[k] = v
		case j > i:
			out[rowPath(path, j-1)+rest[end+1:]] = v
		}
	}
	return out
}

// build converts the answers as typed into Data, computing which fields
// are visible and leaving the hidden ones out.
func (r *Renderer) build(ctx context.Context, s *Submission) error {
	s.paths = s.paths[:0]
	data := r.collect(s, r.schema.Fields, "")
	// A hidden field's value is dropped; a condition reading it may then
	// change, so repeat until nothing more is dropped (at most once per
	// field: each round drops at least one value).
	for {
		hidden, err := r.visibility(ctx, s, data)
		if err != nil {
			return err
		}
		s.hidden = hidden
		if !dropHidden(r.schema.Fields, data, "", hidden) {
			break
		}
	}
	s.Data = data
	return nil
}

// collect returns the typed values of fields below prefix and records the
// conditional fields' paths.
func (r *Renderer) collect(s *Submission, fields []forms.Field, prefix string) map[string]any {
	m := map[string]any{}
	for i := range fields {
		f := &fields[i]
		p := join(prefix, f.Key)
		if f.VisibleIf != "" {
			s.paths = append(s.paths, p)
		}
		var v any
		switch f.Type {
		case forms.TypeGroup:
			if sub := r.collect(s, f.Fields, p); len(sub) > 0 {
				v = sub
			}
		case forms.TypeRepeat:
			n := s.rows[p]
			rows := make([]any, n)
			filled := false
			for j := range n {
				row := r.collect(s, f.Fields, rowPath(p, j))
				filled = filled || len(row) > 0
				rows[j] = row
			}
			if filled {
				v = rows
			}
		case forms.TypeMultiChoice:
			if vs := nonBlank(s.values[p]); len(vs) > 0 {
				list := make([]any, len(vs))
				for j, x := range vs {
					list[j] = x
				}
				v = list
			}
		case forms.TypeFile:
			if fs := s.files[p]; len(fs) > 0 {
				list := make([]any, len(fs))
				for j := range fs {
					list[j] = fs[j].File
				}
				v = list
			}
		default:
			if vs := s.values[p]; len(vs) > 0 {
				v = convert(f.Type, vs[0])
			}
		}
		if v != nil {
			m[f.Key] = v
		}
	}
	return m
}

func nonBlank(vs []string) []string {
	var out []string
	for _, v := range vs {
		if strings.TrimSpace(v) != "" {
			out = append(out, strings.TrimSpace(v))
		}
	}
	return out
}

var (
	reInt       = regexp.MustCompile(`^[+-]?[0-9]+$`)
	reThousands = regexp.MustCompile(`^[+-]?[0-9]{1,3}([., ][0-9]{3})+$`)
	reDecimal   = regexp.MustCompile(`^[+-]?[0-9]+([.,][0-9]+)?$`)
	reDate      = regexp.MustCompile(`^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$`)
)

// convert reads a value as typed by the field's type; nil means empty. A
// value that does not read is returned as typed, for Validate to report.
func convert(t forms.FieldType, raw string) any {
	s := strings.TrimSpace(raw)
	if s == "" {
		return nil
	}
	switch t {
	case forms.TypeInteger, forms.TypeMoney:
		if reThousands.MatchString(s) && !(t == forms.TypeInteger && strings.Count(s, ",") == 1 && !strings.ContainsAny(s, ". ")) {
			s = strings.NewReplacer(".", "", ",", "", " ", "").Replace(s)
		}
		if reInt.MatchString(s) {
			return json.Number(strings.TrimPrefix(s, "+"))
		}
	case forms.TypeDecimal:
		if reDecimal.MatchString(s) {
			return json.Number(strings.TrimPrefix(strings.Replace(s, ",", ".", 1), "+"))
		}
	case forms.TypeDate:
		if m := reDate.FindStringSubmatch(s); m != nil {
			return fmt.Sprintf("%02s/%02s/%s", m[1], m[2], m[3])
		}
	case forms.TypeBool:
		switch s {
		case "true":
			return true
		case "false":
			return false
		}
	case forms.TypeCitizenID, forms.TypeTaxCode, forms.TypePhone:
		// People write groups of digits apart: "001 085 012 345".
		return strings.Join(strings.Fields(s), "")
	case forms.TypeUnknown, forms.TypeText, forms.TypeChoice, forms.TypeMultiChoice, forms.TypeEmail,
		forms.TypeAdminUnit, forms.TypeFile, forms.TypeGroup, forms.TypeRepeat:
	}
	return s
}

// visibility returns the fields (by path) whose condition is false: a
// filled one is reported "unexpected" by the probe form, an empty one is
// tried with a value in its place.
func (r *Renderer) visibility(ctx context.Context, s *Submission, data map[string]any) (map[string]bool, error) {
	hidden := map[string]bool{}
	if !r.conditional {
		return hidden, nil
	}
	if err := r.unexpected(ctx, data, func(p string) { hidden[p] = true }); err != nil {
		return nil, err
	}
	err := r.tryEmpty(ctx, s, data, r.schema.Fields, data, "", hidden)
	return hidden, err
}

// unexpected validates data with the probe form and calls fn with the path
// of each "unexpected" field.
func (r *Renderer) unexpected(ctx context.Context, data map[string]any, fn func(string)) error {
	err := r.probe.Validate(ctx, data)
	var verrs forms.ValidationErrors
	if errors.As(err, &verrs) {
		for _, fe := range verrs {
			if fe.Rule == "unexpected" {
				fn(fe.Path)
			}
		}
		return nil
	}
	return err
}

// probeValue stands for an answer in a field being tried: any non-empty
// value, since a hidden field is reported before its value is read.
const probeValue = "?"

// tryEmpty finds the hidden ones among the empty conditional fields of m
// (the level at prefix of root).
func (r *Renderer) tryEmpty(ctx context.Context, s *Submission, root map[string]any, fields []forms.Field, m map[string]any, prefix string, hidden map[string]bool) error {
	for i := range fields {
		f := &fields[i]
		p := join(prefix, f.Key)
		if hidden[p] {
			continue
		}
		v, present := m[f.Key]
		if f.VisibleIf != "" && !present {
			m[f.Key] = probeValue
			found := false
			err := r.unexpected(ctx, root, func(q string) { found = found || q == p })
			delete(m, f.Key)
			if err != nil {
				return err
			}
			if found {
				hidden[p] = true
				continue
			}
		}
		switch f.Type {
		case forms.TypeGroup:
			sub, ok := v.(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[f.Key] = sub
			}
			err := r.tryEmpty(ctx, s, root, f.Fields, sub, p, hidden)
			if !ok {
				delete(m, f.Key)
			}
			if err != nil {
				return err
			}
		case forms.TypeRepeat:
			rows, ok := v.([]any)
			if !ok {
				// Rows all empty: try their conditions on empty rows.
				rows = make([]any, s.rows[p])
				for j := range rows {
					rows[j] = map[string]any{}
				}
				m[f.Key] = rows
			}
			for j, row := range rows {
				if sub, isMap := row.(map[string]any); isMap {
					if err := r.tryEmpty(ctx, s, root, f.Fields, sub, rowPath(p, j), hidden); err != nil {
						delete(m, f.Key)
						return err
					}
				}
			}
			if !ok {
				delete(m, f.Key)
			}
		default:
		}
	}
	return nil
}

// dropHidden removes the values of hidden fields from m and reports
// whether it removed any.
func dropHidden(fields []forms.Field, m map[string]any, prefix string, hidden map[string]bool) bool {
	dropped := false
	for i := range fields {
		f := &fields[i]
		p := join(prefix, f.Key)
		v, ok := m[f.Key]
		if !ok {
			continue
		}
		if hidden[p] {
			delete(m, f.Key)
			dropped = true
			continue
		}
		switch f.Type {
		case forms.TypeGroup:
			if sub, ok := v.(map[string]any); ok {
				dropped = dropHidden(f.Fields, sub, p, hidden) || dropped
				if len(sub) == 0 {
					delete(m, f.Key)
				}
			}
		case forms.TypeRepeat:
			rows, _ := v.([]any)
			filled := false
			for j, row := range rows {
				if sub, ok := row.(map[string]any); ok {
					dropped = dropHidden(f.Fields, sub, rowPath(p, j), hidden) || dropped
					filled = filled || len(sub) > 0
				}
			}
			if !filled {
				delete(m, f.Key)
			}
		default:
		}
	}
	return dropped
}
