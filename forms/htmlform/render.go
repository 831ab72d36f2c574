package htmlform

import (
	"context"
	_ "embed"
	"html/template"
	"io"
	"strconv"
	"strings"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/vnfmt"
)

// View is what [Renderer.Render] shows.
type View struct {
	// Lang is the language of labels, hints and messages ("vi", the
	// default, or "en").
	Lang string
	// Action is the URL the form posts to.
	Action string
	// Submission holds the earlier answers; nil shows an empty form.
	Submission *Submission
	// Errors are the problems [forms.Form.Validate] found in
	// Submission.Data, shown in the error summary and next to each field.
	Errors forms.ValidationErrors
	// Hidden are extra hidden inputs, such as a CSRF token.
	Hidden map[string]string
	// Submit is the submit button's label; empty means "Tiếp tục"
	// ("Continue").
	Submit forms.Text
	// Script is the URL the integrator serves [Script] at; empty sends no
	// script (the form works the same, by round trips).
	Script string
}

// Script returns the JavaScript of the progressive enhancement (no
// dependencies, no inline code, so a Content-Security-Policy of
// script-src 'self' allows it): serve it as application/javascript and
// name its URL in [View.Script].
func Script() string { return script }

//go:embed htmlform.js
var script string

// Render writes the form as an HTML <form> element (and the script tag when
// View.Script is set). With View.Errors the form starts with the error
// summary. ctx bounds the evaluation of the conditions of an empty form.
func (r *Renderer) Render(ctx context.Context, w io.Writer, v View) error {
	s := v.Submission
	if s == nil {
		var err error
		if s, err = r.Load(ctx, nil); err != nil {
			return err
		}
	}
	fv := &formView{
		Action: v.Action, Lang: lang(v.Lang), Script: v.Script,
		Submit:       v.Submit.Get(v.Lang),
		Refresh:      word("refresh", v.Lang),
		SummaryTitle: word("summary_title", v.Lang),
		Conditional:  r.conditional,
		Units:        r.units,
	}
	if fv.Submit == "" {
		fv.Submit = word("submit", v.Lang)
	}
	for _, k := range sortedKeys(v.Hidden) {
		fv.Hidden = append(fv.Hidden, hiddenInput{k, v.Hidden[k]})
	}
	b := &builder{r: r, s: s, lang: v.Lang, errs: map[string][]*forms.FieldError{}}
	for _, fe := range v.Errors {
		p, f := r.locate(fe.Path)
		if f != nil {
			b.errs[p] = append(b.errs[p], fe)
		}
	}
	fv.Fields = b.fields(r.schema.Fields, "")
	for _, fe := range v.Errors {
		p, f := r.locate(fe.Path)
		item := summaryItem{Text: fe.Message(v.Lang)}
		if f != nil {
			item.Href = "#" + htmlID(p)
			if ctxLabel := b.rowContext(p); ctxLabel != "" {
				item.Text = ctxLabel + ": " + item.Text
			}
		}
		fv.Summary = append(fv.Summary, item)
	}
	return page.ExecuteTemplate(w, "form", fv)
}

func lang(l string) string {
	if vnfmt.English(l) {
		return "en"
	}
	return "vi"
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j] < keys[j-1]; j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
	return keys
}

type formView struct {
	Action, Lang, Script string
	Submit, Refresh      string
	SummaryTitle         string
	Summary              []summaryItem
	Hidden               []hiddenInput
	Fields               []*fieldView
	Conditional          bool
	Units                []option
}

type summaryItem struct{ Href, Text string }

type hiddenInput struct{ Name, Value string }

type option struct {
	ID, Value, Label string
	Checked          bool
}

type errView struct{ ID, Text string }

type rowView struct {
	ID, Legend  string
	Fields      []*fieldView
	Remove      string
	RemoveLabel string
}

type fieldView struct {
	Kind                   string // input, textarea, radios, checkboxes, select, file, group, repeat
	ID, Name, Path         string
	Label, Hint, ErrPrefix string
	Type, InputMode, Auto  string
	Value                  string
	List                   bool
	Options                []option
	Errors                 []errView
	DescribedBy            string
	Conditional, Hidden    bool
	Children               []*fieldView
	Rows                   []rowView
	RowsName               string
	RowCount               int
	Add, AddLabel          string
	Accept                 string
	Multiple               bool
	Kept                   []option
	KeptName, KeptLabel    string
}

type builder struct {
	r    *Renderer
	s    *Submission
	lang string
	errs map[string][]*forms.FieldError
}

// rowContext names the repeat rows a path is in, for the error summary:
// "Danh sách thành viên, dòng 2".
func (b *builder) rowContext(p string) string {
	var parts []string
	for q := p; q != ""; q = parent(q) {
		if !strings.HasSuffix(q, "]") {
			continue
		}
		i := strings.LastIndexByte(q, '[')
		n, _ := strconv.Atoi(q[i+1 : len(q)-1])
		_, f := b.r.locate(q[:i])
		if f == nil {
			continue
		}
		parts = append([]string{word("row_of", b.lang, f.Label.Get(b.lang), strconv.Itoa(n+1))}, parts...)
	}
	return strings.Join(parts, ", ")
}

func (b *builder) fields(fs []forms.Field, prefix string) []*fieldView {
	out := make([]*fieldView, 0, len(fs))
	for i := range fs {
		out = append(out, b.field(&fs[i], join(prefix, fs[i].Key)))
	}
	return out
}

func (b *builder) field(f *forms.Field, p string) *fieldView {
	lang := b.lang
	v := &fieldView{
		ID: htmlID(p), Name: p, Path: p,
		Label:       f.Label.Get(lang),
		Conditional: f.VisibleIf != "",
		Hidden:      f.VisibleIf != "" && b.s.hidden[p],
		ErrPrefix:   word("error_prefix", lang),
	}
	if v.Label == "" {
		v.Label = f.Key
	}
	if !f.Required && f.RequiredIf == "" && f.Type != forms.TypeGroup {
		v.Label += " " + word("optional", lang)
	}
	var hints []string
	if h := f.Hint.Get(lang); h != "" {
		hints = append(hints, h)
	}
	value := ""
	if vs := b.s.values[p]; len(vs) > 0 {
		value = vs[0]
	}
	v.Value = value
	switch f.Type {
	case forms.TypeText:
		v.Kind, v.Type = "input", "text"
		if f.MaxLen != nil && *f.MaxLen >= 500 {
			v.Kind = "textarea"
		}
	case forms.TypeInteger:
		v.Kind, v.Type, v.InputMode = "input", "text", "numeric"
	case forms.TypeMoney:
		v.Kind, v.Type, v.InputMode = "input", "text", "numeric"
		hints = append(hints, word("money_hint", lang))
	case forms.TypeDecimal:
		v.Kind, v.Type, v.InputMode = "input", "text", "decimal"
	case forms.TypeDate:
		v.Kind, v.Type, v.InputMode = "input", "text", "numeric"
		hints = append(hints, word("date_hint", lang))
	case forms.TypeEmail:
		v.Kind, v.Type, v.Auto = "input", "email", "email"
	case forms.TypePhone:
		v.Kind, v.Type, v.Auto = "input", "tel", "tel"
	case forms.TypeCitizenID, forms.TypeTaxCode:
		v.Kind, v.Type, v.InputMode, v.Auto = "input", "text", "numeric", "off"
	case forms.TypeAdminUnit:
		v.Kind, v.Type, v.InputMode = "input", "text", "numeric"
		v.List = len(b.r.units) > 0
		hints = append(hints, word("admin_unit_hint", lang))
	case forms.TypeBool:
		v.Kind = "radios"
		v.Options = []option{
			{Value: "true", Label: word("yes", lang), Checked: value == "true"},
			{Value: "false", Label: word("no", lang), Checked: value == "false"},
		}
	case forms.TypeChoice:
		v.Kind = "radios"
		if len(f.Choices) > 7 {
			v.Kind = "select"
			v.Options = append(v.Options, option{Label: word("choose", lang)})
		}
		for _, c := range f.Choices {
			v.Options = append(v.Options, option{Value: c.Value, Label: choiceLabel(c, lang), Checked: value == c.Value})
		}
	case forms.TypeMultiChoice:
		v.Kind = "checkboxes"
		for _, c := range f.Choices {
			v.Options = append(v.Options, option{Value: c.Value, Label: choiceLabel(c, lang), Checked: contains(b.s.values[p], c.Value)})
		}
	case forms.TypeFile:
		v.Kind, v.KeptName, v.KeptLabel = "file", "_kept."+p, word("kept", lang)
		hints = append(hints, fileHints(f.File, lang)...)
		if f.File != nil {
			v.Accept = strings.Join(f.File.Accept, ",")
		}
		v.Multiple = f.File == nil || f.File.MaxFiles != 1
		for i, st := range b.s.files[p] {
			v.Kept = append(v.Kept, option{ID: v.ID + "-kept-" + strconv.Itoa(i), Value: st.SHA256,
				Label: st.Name + " (" + vnfmt.Bytes(st.Size, lang) + ")", Checked: true})
		}
	case forms.TypeGroup:
		v.Kind = "group"
		v.Children = b.fields(f.Fields, p)
	case forms.TypeRepeat:
		v.Kind, v.RowsName = "repeat", "_rows."+p
		n := b.s.rows[p]
		v.RowCount = n
		for j := range n {
			rp := rowPath(p, j)
			row := rowView{ID: htmlID(rp), Legend: f.Label.Get(lang) + " — " + word("row", lang, strconv.Itoa(j+1)),
				Fields: b.fields(f.Fields, rp)}
			if n > minRows(f) {
				row.Remove = Action{Kind: ActionRemove, Path: p, Row: j}.value()
				row.RemoveLabel = word("remove_row", lang, strconv.Itoa(j+1))
			}
			v.Rows = append(v.Rows, row)
		}
		if n < maxRows(f) {
			v.Add = Action{Kind: ActionAdd, Path: p}.value()
			v.AddLabel = word("add_row", lang)
		}
	case forms.TypeUnknown:
	}
	if v.Kind == "radios" || v.Kind == "checkboxes" {
		for i := range v.Options {
			v.Options[i].ID = v.ID
			if i > 0 {
				v.Options[i].ID += "-" + strconv.Itoa(i+1)
			}
		}
	}
	var described []string
	if len(hints) > 0 {
		v.Hint = strings.Join(hints, " ")
		described = append(described, v.ID+"-hint")
	}
	for i, fe := range b.errs[p] {
		id := v.ID + "-error"
		if i > 0 {
			id += "-" + strconv.Itoa(i+1)
		}
		v.Errors = append(v.Errors, errView{ID: id, Text: fe.Message(lang)})
		described = append(described, id)
	}
	v.DescribedBy = strings.Join(described, " ")
	return v
}

func choiceLabel(c forms.Choice, lang string) string {
	if l := c.Label.Get(lang); l != "" {
		return l
	}
	return c.Value
}

func contains(vs []string, v string) bool {
	for _, x := range vs {
		if strings.TrimSpace(x) == v {
			return true
		}
	}
	return false
}

// fileHints says what a file field accepts: "Loại tệp: PDF, ảnh. Tối đa
// 10 MB mỗi tệp. Tối đa 5 tệp."
func fileHints(fs *forms.FileSpec, lang string) []string {
	if fs == nil {
		return []string{word("file_types", lang, word("any_file", lang))}
	}
	var names []string
	for _, a := range fs.Accept {
		names = append(names, mediaLabel(a, lang))
	}
	if len(names) == 0 {
		names = append(names, word("any_file", lang))
	}
	out := []string{word("file_types", lang, strings.Join(names, ", "))}
	if fs.MaxBytes > 0 {
		out = append(out, word("file_size", lang, vnfmt.Bytes(fs.MaxBytes, lang)))
	}
	switch {
	case fs.MaxFiles == 1:
		out = append(out, word("file_one", lang))
	case fs.MaxFiles > 1:
		out = append(out, word("file_count", lang, itoa(fs.MaxFiles, lang)))
	}
	return out
}

var page = template.Must(template.New("form").Parse(pageTemplate))
