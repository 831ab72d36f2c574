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
		_, err := parseTaxCode(s, cfg.personalTax)
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

// MaxSubmissionBytes is the largest submission [Form.ValidateJSON] decodes:
// a form's values, not its files, which are attachments.
const MaxSubmissionBytes = 8 << 20

// ValidateJSON decodes a JSON object (numbers kept exact) and validates it
// like [Form.Validate]. Input that is not a JSON object gives an error
// wrapping [ErrBadJSON]; input over [MaxSubmissionBytes] one wrapping
// [ErrSubmissionTooLarge], before anything is decoded.
func (f *Form) ValidateJSON(ctx context.Context, data []byte) error {
	if len(data) > MaxSubmissionBytes {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrSubmissionTooLarge, len(data), MaxSubmissionBytes)
	}
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
// [ValidationErrors] listing every problem in schema order; keys the schema
// does not know follow the fields of their level, sorted. The submission is
// not modified.
func (f *Form) Validate(ctx context.Context, sub map[string]any) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	w := walker{f: f, ctx: ctx}
	w.path = w.buf[:0]
	w.object(f.root, sub, nil)
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
	path   []seg
	buf    [8]seg
}

// seg is one step of a value's path: a key, or an index when index >= 0.
type seg struct {
	key   string
	index int
}

// push and pop maintain the path of the value being checked; it is turned
// into text only when an error is reported.
func (w *walker) push(key string, index int) { w.path = append(w.path, seg{key, index}) }
func (w *walker) pop()                       { w.path = w.path[:len(w.path)-1] }

func (w *walker) pathString() string { return formatPath(w.path) }

func (w *walker) add(n *node, rule, param string, v any) {
	w.errs = append(w.errs, &FieldError{Path: w.pathString(), Rule: rule, Param: param, Value: v, Label: n.label, Type: n.typ})
}

// addAt reports an error at element i of the current value.
func (w *walker) addAt(n *node, i int, t FieldType, rule, param string, v any) {
	w.push("", i)
	w.errs = append(w.errs, &FieldError{Path: w.pathString(), Rule: rule, Param: param, Value: v, Label: n.label, Type: t})
	w.pop()
}

func (w *walker) object(sc *scope, vals map[string]any, parent *frame) {
	fr := &frame{vals: vals, parent: parent}
	for _, n := range sc.nodes {
		w.push(n.key, -1)
		w.field(n, fr)
		w.pop()
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
		w.push(k, -1)
		path := w.pathString()
		w.pop()
		w.errs = append(w.errs, &FieldError{Path: path, Rule: "unknown", Value: vals[k], Label: Text{LangVI: path}})
	}
}

func (w *walker) field(n *node, fr *frame) {
	v, present := fr.vals[n.key]
	empty := !present || isEmpty(v)
	if n.visIf != nil && !n.visIf.eval(fr) {
		if !empty && !w.f.cfg.dropHidden {
			w.add(n, "unexpected", "", v)
		}
		return
	}
	if empty {
		if n.required {
			w.add(n, "required", "", v)
		} else if n.reqIf != nil && n.reqIf.eval(fr) {
			w.add(n, "required_if", "", v)
		}
		return
	}
	switch n.typ {
	case TypeGroup:
		m, ok := v.(map[string]any)
		if !ok {
			w.add(n, "type", "", v)
			return
		}
		w.object(n.child, m, fr)
	case TypeRepeat:
		w.repeat(n, fr, v)
	case TypeMultiChoice:
		w.multi(n, v)
	case TypeFile:
		w.files(n, v)
	case TypeUnknown:
	default:
		w.scalar(n, fr, v)
	}
}

func (w *walker) repeat(n *node, fr *frame, v any) {
	rows, ok := v.([]any)
	if !ok {
		if ms, okm := v.([]map[string]any); okm {
			rows = make([]any, len(ms))
			for i, m := range ms {
				rows[i] = m
			}
		} else {
			w.add(n, "type", "", v)
			return
		}
	}
	if !w.items(n, v, len(rows)) {
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
		m, ok := r.(map[string]any)
		if !ok {
			w.addAt(n, i, TypeGroup, "type", "", r)
			continue
		}
		w.push("", i)
		w.object(n.child, m, fr)
		w.pop()
	}
}

// items checks a list's length; false if it was reported.
func (w *walker) items(n *node, v any, k int) bool {
	if n.minItems >= 0 && k < n.minItems {
		w.add(n, "min_items", strconv.Itoa(n.minItems), v)
		return false
	}
	if n.maxItems >= 0 && k > n.maxItems {
		w.add(n, "max_items", strconv.Itoa(n.maxItems), v)
		return false
	}
	return true
}

func (w *walker) multi(n *node, v any) {
	var vals []string
	switch x := v.(type) {
	case []string:
		vals = x
	case []any:
		vals = make([]string, len(x))
		for i, e := range x {
			s, ok := e.(string)
			if !ok {
				w.add(n, "type", "", v)
				return
			}
			vals[i] = s
		}
	default:
		w.add(n, "type", "", v)
		return
	}
	for i, s := range vals {
		if _, ok := n.choices[s]; !ok {
			w.add(n, "choice", s, v)
			return
		}
		if slices.Contains(vals[:i], s) {
			w.add(n, "unique", s, v)
			return
		}
	}
	w.items(n, v, len(vals))
}

func (w *walker) scalar(n *node, fr *frame, v any) {
	val, ok := convert(n.typ, v)
	if !ok {
		w.add(n, "type", "", v)
		return
	}
	switch n.typ {
	case TypeDate:
		if _, ok := ParseDate(val.(string)); !ok {
			w.add(n, "date", "", v)
		}
		return
	case TypeChoice:
		if _, ok := n.choices[val.(string)]; !ok {
			w.add(n, "choice", "", v)
			return
		}
	case TypeUnknown, TypeText, TypeInteger, TypeDecimal, TypeMoney, TypeBool, TypeMultiChoice, TypeEmail,
		TypePhone, TypeCitizenID, TypeTaxCode, TypeAdminUnit, TypeFile, TypeGroup, TypeRepeat:
	}
	if n.tag != "" {
		if err := w.f.v.Var(val, n.tag); err != nil {
			var ves validator.ValidationErrors
			if errors.As(err, &ves) && len(ves) > 0 {
				w.add(n, ruleName(ves[0].Tag()), ves[0].Param(), v)
			} else {
				w.add(n, "type", "", v)
			}
			return
		}
	}
	if n.pattern != nil && !n.pattern.MatchString(val.(string)) {
		w.add(n, "pattern", n.f.Pattern, v)
		return
	}
	if n.typ == TypeCitizenID && (n.idBirth != nil || n.idSex != nil) {
		w.idCheck(n, fr, val.(string))
	}
}

func (w *walker) idCheck(n *node, fr *frame, s string) {
	id, err := ParseCitizenID(s)
	if err != nil {
		return
	}
	if n.idBirth != nil {
		if b, ok := n.idBirth.lookup(fr).(string); ok {
			if d, ok := ParseDate(b); ok && d.Year() != id.BirthYear {
				w.add(n, "citizen_id_birth", b, s)
				return
			}
		}
	}
	if n.idSex != nil {
		if sx, ok := n.idSex.lookup(fr).(string); ok {
			ic := n.f.IDCheck
			if sx == ic.Male && id.Sex != Male || sx == ic.Female && id.Sex != Female {
				w.add(n, "citizen_id_sex", sx, s)
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
		_, ok := v.(string)
		return v, ok // already a string in an interface: no new boxing
	case t == TypeBool:
		_, ok := v.(bool)
		return v, ok
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
