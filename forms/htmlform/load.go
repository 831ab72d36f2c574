package htmlform

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/motcua/motcua/forms"
)

// Load returns the answers of data (a map as [forms.Form.Validate] takes it,
// a saved draft or a dossier's form data) as a [Submission] to render
// again, with its conditions evaluated; nil gives the empty form. Values are
// shown as a person would type them: numbers in digits, dates as stored,
// bools as Có/Không. Files are kept when they are [Stored] values; other
// file values (bare [forms.File]) cannot be sent back and are left out.
func (r *Renderer) Load(ctx context.Context, data map[string]any) (*Submission, error) {
	s := &Submission{Action: Action{Kind: ActionRefresh}, values: map[string][]string{}, rows: map[string]int{}, files: map[string][]Stored{}}
	r.flatten(s, r.schema.Fields, "", data)
	if err := r.build(ctx, s); err != nil {
		return nil, err
	}
	return s, nil
}

// flatten writes the values of m below prefix as inputs.
func (r *Renderer) flatten(s *Submission, fields []forms.Field, prefix string, m map[string]any) {
	for i := range fields {
		f := &fields[i]
		p := join(prefix, f.Key)
		v := m[f.Key]
		switch f.Type {
		case forms.TypeGroup:
			sub, _ := v.(map[string]any)
			r.flatten(s, f.Fields, p, sub)
		case forms.TypeRepeat:
			rows, _ := v.([]any)
			n := min(len(rows), maxRows(f))
			if n == 0 {
				n = minRows(f)
			}
			s.rows[p] = n
			for j := range n {
				var sub map[string]any
				if j < len(rows) {
					sub, _ = rows[j].(map[string]any)
				}
				r.flatten(s, f.Fields, rowPath(p, j), sub)
			}
		case forms.TypeFile:
			list, _ := v.([]any)
			for _, e := range list {
				if st, ok := e.(Stored); ok && len(s.files[p]) < MaxFiles {
					s.files[p] = append(s.files[p], st)
				}
			}
		case forms.TypeMultiChoice:
			switch list := v.(type) {
			case []any:
				for _, e := range list {
					if t, ok := text(e); ok {
						s.values[p] = append(s.values[p], t)
					}
				}
			case []string:
				s.values[p] = append(s.values[p], list...)
			}
		default:
			if t, ok := text(v); ok {
				s.values[p] = []string{t}
			}
		}
	}
}

// text writes a scalar value as typed.
func text(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case bool:
		return strconv.FormatBool(x), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	}
	return "", false
}
