package forms

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// newValidator returns the form's own validator instance with the
// Vietnamese identifier tags registered on it.
func newValidator(cfg config) *validator.Validate {
	v := validator.New()
	str := func(fn func(string) bool) validator.Func {
		return func(fl validator.FieldLevel) bool {
			f := fl.Field()
			if f.Kind() != reflect.String {
				return false
			}
			return fn(f.String())
		}
	}
	// RegisterValidation only fails for an empty name or a nil function.
	_ = v.RegisterValidation("vn_citizen_id", str(func(s string) bool {
		_, err := ParseCitizenID(s)
		return err == nil
	}))
	_ = v.RegisterValidation("vn_tax_code", str(func(s string) bool {
		_, err := ParseTaxCode(s, cfg.personalTax)
		return err == nil
	}))
	_ = v.RegisterValidation("vn_phone", str(func(s string) bool {
		_, err := NormalizePhone(s)
		return err == nil
	}))
	units := cfg.units
	_ = v.RegisterValidation("vn_admin_unit", str(func(s string) bool {
		switch len(s) {
		case 2:
			return allDigits(s) && units.Province(s)
		case 5:
			return allDigits(s) && units.Commune(s)
		}
		return false
	}))
	return v
}

// ValidAt reports whether the form is in use at t (its ValidFrom/ValidTo).
func (f *Form) ValidAt(t time.Time) bool {
	if !f.validFrom.IsZero() && t.Before(f.validFrom) {
		return false
	}
	return f.validTo.IsZero() || t.Before(f.validTo)
}

// ID returns the schema's id; Version its version.
func (f *Form) ID() string { return f.id }

// Version returns the schema's version.
func (f *Form) Version() string { return f.version }

// ValidateJSON decodes a JSON object (numbers kept exact) and validates it
// like [Form.Validate]. Input that is not a JSON object gives an error
// wrapping [ErrBadJSON].
func (f *Form) ValidateJSON(ctx context.Context, data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var sub map[string]any
	if err := dec.Decode(&sub); err != nil {
		return fmt.Errorf("%w: %v", ErrBadJSON, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: data after the object", ErrBadJSON)
	}
	if sub == nil {
		return fmt.Errorf("%w: null", ErrBadJSON)
	}
	return f.Validate(ctx, sub)
}

// Validate checks a submission, the map as decoded from JSON (with or
// without UseNumber; Go ints, []string, [File] and [Attachment] values are
// accepted too). It returns nil, the context's error, or
// [ValidationErrors] listing every problem in schema order (unknown keys
// last, sorted). The submission is not modified.
func (f *Form) Validate(ctx context.Context, sub map[string]any) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := walker{f: f, ctx: ctx}
	w.object(f.root, sub, nil, nil)
	if w.ctxErr != nil {
		return w.ctxErr
	}
	if len(w.errs) > 0 {
		return w.errs
	}
	return nil
}

type walker struct {
	f      *Form
	ctx    context.Context
	errs   ValidationErrors
	ctxErr error
}

// pathElem is a link of a value's path, turned into text only on error.
type pathElem struct {
	parent *pathElem
	key    string
	index  int // >= 0: a repeat row or list element
}

func (p *pathElem) String() string {
	if p == nil {
		return ""
	}
	var parts []*pathElem
	for q := p; q != nil; q = q.parent {
		parts = append(parts, q)
	}
	var b strings.Builder
	for i := len(parts) - 1; i >= 0; i-- {
		q := parts[i]
		if q.index >= 0 {
			b.WriteString("[" + strconv.Itoa(q.index) + "]")
			continue
		}
		if !keyRE.MatchString(q.key) {
			// An unknown key that is not an identifier: ["a b"].
			b.WriteString("[" + strconv.Quote(q.key) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(q.key)
	}
	return b.String()
}

func (w *walker) add(n *node, p *pathElem, rule, param string, v any) {
	w.errs = append(w.errs, &FieldError{Path: p.String(), Rule: rule, Param: param, Value: v, Label: n.label, Type: n.typ})
}

func (w *walker) object(sc *scope, vals map[string]any, parent *frame, p *pathElem) {
	fr := &frame{vals: vals, parent: parent}
	for _, n := range sc.nodes {
		w.field(n, fr, &pathElem{parent: p, key: n.key, index: -1})
	}
	unknown := 0
	for k := range vals {
		if _, ok := sc.byKey[k]; !ok {
			unknown++
		}
	}
	if unknown == 0 {
		return
	}
	keys := make([]string, 0, unknown)
	for k := range vals {
		if _, ok := sc.byKey[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	for _, k := range keys {
		q := &pathElem{parent: p, key: k, index: -1}
		path := q.String()
		w.errs = append(w.errs, &FieldError{Path: path, Rule: "unknown", Value: vals[k], Label: Text{LangVI: path}})
	}
}

func (w *walker) field(n *node, fr *frame, p *pathElem) {
	v, present := fr.vals[n.key]
	empty := !present || isEmpty(v)
	if n.visIf != nil && !n.visIf.eval(fr) {
		if !empty && !w.f.cfg.dropHidden {
			w.add(n, p, "unexpected", "", v)
		}
		return
	}
	if empty {
		if n.required {
			w.add(n, p, "required", "", v)
		} else if n.reqIf != nil && n.reqIf.eval(fr) {
			w.add(n, p, "required_if", "", v)
		}
		return
	}
	switch n.typ {
	case TypeGroup:
		m, ok := v.(map[string]any)
		if !ok {
			w.add(n, p, "type", "", v)
			return
		}
		w.object(n.child, m, fr, p)
	case TypeRepeat:
		w.repeat(n, fr, p, v)
	case TypeMultiChoice:
		w.multi(n, p, v)
	case TypeFile:
		w.files(n, p, v)
	case TypeUnknown:
	default:
		w.scalar(n, fr, p, v)
	}
}

func (w *walker) repeat(n *node, fr *frame, p *pathElem, v any) {
	rows, ok := v.([]any)
	if !ok {
		if ms, okm := v.([]map[string]any); okm {
			rows = make([]any, len(ms))
			for i, m := range ms {
				rows[i] = m
			}
		} else {
			w.add(n, p, "type", "", v)
			return
		}
	}
	if !w.items(n, p, v, len(rows)) {
		return
	}
	for i, r := range rows {
		if w.ctxErr != nil {
			return
		}
		if err := w.ctx.Err(); err != nil {
			w.ctxErr = err
			return
		}
		q := &pathElem{parent: p, index: i}
		m, ok := r.(map[string]any)
		if !ok {
			w.errs = append(w.errs, &FieldError{Path: q.String(), Rule: "type", Value: r, Label: n.label, Type: TypeGroup})
			continue
		}
		w.object(n.child, m, fr, q)
	}
}

// items checks a list's length; false if it was reported.
func (w *walker) items(n *node, p *pathElem, v any, k int) bool {
	if n.minItems >= 0 && k < n.minItems {
		w.add(n, p, "min_items", strconv.Itoa(n.minItems), v)
		return false
	}
	if n.maxItems >= 0 && k > n.maxItems {
		w.add(n, p, "max_items", strconv.Itoa(n.maxItems), v)
		return false
	}
	return true
}

func (w *walker) multi(n *node, p *pathElem, v any) {
	var vals []string
	switch x := v.(type) {
	case []string:
		vals = x
	case []any:
		vals = make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				w.add(n, p, "type", "", v)
				return
			}
			vals[i] = s
		}
	default:
		w.add(n, p, "type", "", v)
		return
	}
	for i, s := range vals {
		if _, ok := n.choices[s]; !ok {
			w.add(n, p, "choice", s, v)
			return
		}
		if slices.Contains(vals[:i], s) {
			w.add(n, p, "unique", s, v)
			return
		}
	}
	w.items(n, p, v, len(vals))
}

func (w *walker) scalar(n *node, fr *frame, p *pathElem, v any) {
	val, ok := convert(n.typ, v)
	if !ok {
		w.add(n, p, "type", "", v)
		return
	}
	switch n.typ {
	case TypeDate:
		if _, ok := ParseDate(val.(string)); !ok {
			w.add(n, p, "date", "", v)
		}
		return
	case TypeChoice:
		if _, ok := n.choices[val.(string)]; !ok {
			w.add(n, p, "choice", "", v)
			return
		}
	case TypeUnknown, TypeText, TypeInteger, TypeDecimal, TypeMoney, TypeBool, TypeMultiChoice, TypeEmail,
		TypePhone, TypeCitizenID, TypeTaxCode, TypeAdminUnit, TypeFile, TypeGroup, TypeRepeat:
	}
	if n.tag != "" {
		if err := w.f.v.Var(val, n.tag); err != nil {
			var ves validator.ValidationErrors
			if errors.As(err, &ves) && len(ves) > 0 {
				w.add(n, p, ruleName(ves[0].Tag()), ves[0].Param(), v)
			} else {
				w.add(n, p, "type", "", v)
			}
			return
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(val.(string)) {
		w.add(n, p, "pattern", n.f.Pattern, v)
		return
	}
	if n.typ == TypeCitizenID && (n.idBirth != nil || n.idSex != nil) {
		w.idCheck(n, fr, p, val.(string))
	}
}

func (w *walker) idCheck(n *node, fr *frame, p *pathElem, s string) {
	id, err := ParseCitizenID(s)
	if err != nil {
		return
	}
	if n.idBirth != nil {
		if b, ok := n.idBirth.lookup(fr).(string); ok {
			if d, ok := ParseDate(b); ok && d.Year() != id.BirthYear {
				w.add(n, p, "citizen_id_birth", b, s)
				return
			}
		}
	}
	if n.idSex != nil {
		if sx, ok := n.idSex.lookup(fr).(string); ok {
			ic := n.f.IDCheck
			if sx == ic.Male && id.Sex != Male || sx == ic.Female && id.Sex != Female {
				w.add(n, p, "citizen_id_sex", sx, s)
			}
		}
	}
}

func ruleName(tag string) string {
	switch tag {
	case "vn_phone":
		return "phone"
	case "vn_citizen_id":
		return "citizen_id"
	case "vn_tax_code":
		return "tax_code"
	case "vn_admin_unit":
		return "admin_unit"
	}
	return tag
}

// isEmpty reports an absent-equivalent value: nil, a blank string, an
// empty list or an empty object.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return isBlank(x)
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	case []map[string]any:
		return len(x) == 0
	case []File:
		return len(x) == 0
	case []Attachment:
		return len(x) == 0
	}
	return false
}

// convert turns a decoded JSON value into the Go value of the field type:
// string, int64, float64 or bool.
func convert(t FieldType, v any) (any, bool) {
	switch {
	case t.stringy():
		s, ok := v.(string)
		return s, ok
	case t == TypeBool:
		b, ok := v.(bool)
		return b, ok
	case t == TypeDecimal:
		f, ok := toNumber(t, v)
		return f, ok
	case t == TypeInteger || t == TypeMoney:
		return toInt(v)
	}
	return nil, false
}

// toNumber returns a number as float64; integer and money values must be
// whole.
func toNumber(t FieldType, v any) (float64, bool) {
	if t != TypeDecimal {
		i, ok := toInt(v)
		if !ok {
			return 0, false
		}
		return float64(i.(int64)), true
	}
	switch x := v.(type) {
	case float64:
		return x, !math.IsNaN(x) && !math.IsInf(x, 0)
	case json.Number:
		f, err := strconv.ParseFloat(string(x), 64)
		return f, err == nil && !math.IsInf(f, 0)
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	}
	return 0, false
}

// toInt returns a whole number as int64 (boxed).
func toInt(v any) (any, bool) {
	switch x := v.(type) {
	case float64:
		if x != math.Trunc(x) || x < -(1<<63) || x >= 1<<63 {
			return nil, false
		}
		return int64(x), true
	case json.Number:
		if i, err := strconv.ParseInt(string(x), 10, 64); err == nil {
			return i, true
		}
		f, err := strconv.ParseFloat(string(x), 64)
		if err != nil || f != math.Trunc(f) || f < -(1<<63) || f >= 1<<63 {
			return nil, false
		}
		return int64(f), true
	case int:
		return int64(x), true
	case int64:
		return x, true
	case int32:
		return int64(x), true
	}
	return nil, false
}
