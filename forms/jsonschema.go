package forms

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
)

// JSON Schema export. Each object level becomes an object schema with
// additionalProperties false; a field's own constraints sit in its
// property, and its conditions become if/then entries in the allOf of the
// level where the outermost field they name lives, descending to the field
// through properties (and items for repeat rows).

type jobj = map[string]any

// Format names of the exported schema for the Vietnamese types; a front end
// registers them (see testdata/ajv_check.js for ajv).
const (
	FormatDate            = "vn-date"
	FormatPhone           = "vn-phone"
	FormatCitizenID       = "vn-citizen-id"
	FormatTaxCode         = "vn-tax-code"
	FormatTaxCodePersonal = "vn-tax-code-personal"
	FormatAdminUnit       = "vn-admin-unit"
)

// emptyRef refers to the schema of an empty value (absent-equivalent).
func emptyRef() jobj { return jobj{"$ref": "#/$defs/empty"} }

// JSONSchema returns the form as a JSON Schema (draft 2020-12): types,
// limits, choices, formats (vn-date, vn-phone, vn-citizen-id, vn-tax-code
// or vn-tax-code-personal, vn-admin-unit, email), conditions as if/then,
// labels as title and the x-label/x-hint annotations. Validator rules that
// have no JSON Schema equivalent, and the citizen-ID cross-check, are listed
// as x-rules and x-id-check annotations and checked by [Form.Validate] only.
func (f *Form) JSONSchema() ([]byte, error) {
	return append([]byte(nil), f.jsonSchema...), nil
}

type jsGen struct {
	f    *Form
	objs map[*scope]jobj
}

func (f *Form) buildJSONSchema() ([]byte, error) {
	g := &jsGen{f: f, objs: make(map[*scope]jobj)}
	root := g.object(f.root)
	root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
	if t := f.title.Get(LangVI); t != "" {
		root["title"] = t
	}
	form := jobj{"id": f.id}
	if f.version != "" {
		form["version"] = f.version
	}
	root["x-form"] = form
	root["$defs"] = jobj{"empty": jobj{"anyOf": []any{
		jobj{"type": "null"},
		jobj{"type": "string", "pattern": blankPattern},
		jobj{"type": "array", "maxItems": 0},
		jobj{"type": "object", "maxProperties": 0},
	}}}
	g.conditionals(f.root)
	return json.Marshal(root)
}

func (g *jsGen) object(sc *scope) jobj {
	props := jobj{}
	var req []string
	var all []any
	for _, n := range sc.nodes {
		p := jobj{"title": n.label.Get(LangVI), "x-label": n.label}
		if len(n.f.Hint) > 0 {
			p["description"] = n.f.Hint.Get(LangVI)
			p["x-hint"] = n.f.Hint
		}
		if n.visIf == nil {
			p["anyOf"] = []any{emptyRef(), g.typeSchema(n)}
			if n.required {
				req = append(req, n.key)
				all = append(all, jobj{"properties": jobj{n.key: jobj{"not": emptyRef()}}})
			}
		}
		props[n.key] = p
	}
	o := jobj{"type": "object", "properties": props, "additionalProperties": false}
	if len(req) > 0 {
		o["required"] = req
	}
	if len(all) > 0 {
		o["allOf"] = all
	}
	g.objs[sc] = o
	return o
}

func (g *jsGen) typeSchema(n *node) jobj {
	f := n.f
	s := jobj{}
	switch n.typ {
	case TypeText, TypeEmail:
		s["type"] = "string"
		if n.typ == TypeEmail {
			s["format"] = "email"
		}
		if n.minLen >= 0 {
			s["minLength"] = n.minLen
		}
		if n.maxLen >= 0 {
			s["maxLength"] = n.maxLen
		}
		if f.Pattern != "" {
			s["pattern"] = f.Pattern
		}
	case TypeInteger, TypeMoney, TypeDecimal:
		s["type"] = "integer"
		if n.typ == TypeDecimal {
			s["type"] = "number"
		}
		if f.Min != nil {
			s["minimum"] = *f.Min
		} else if n.typ == TypeMoney {
			s["minimum"] = 0
		}
		if f.Max != nil {
			s["maximum"] = *f.Max
		}
	case TypeDate:
		s["type"], s["format"] = "string", FormatDate
	case TypeBool:
		s["type"] = "boolean"
	case TypeChoice:
		s["type"], s["enum"] = "string", choiceValues(f)
		s["x-choices"] = f.Choices
	case TypeMultiChoice:
		s["type"] = "array"
		s["items"] = jobj{"type": "string", "enum": choiceValues(f)}
		s["uniqueItems"] = true
		s["x-choices"] = f.Choices
		itemLimits(s, n)
	case TypePhone, TypeCitizenID, TypeTaxCode, TypeAdminUnit:
		s["type"], s["format"] = "string", vnFormat(impliedTag(n.typ), g.f.cfg.personalTax)
		if n.typ == TypeCitizenID && f.IDCheck != nil {
			s["x-id-check"] = f.IDCheck
		}
	case TypeFile:
		item := jobj{
			"type":     "object",
			"required": []string{"name", "media_type", "size"},
			"properties": jobj{
				"name":       jobj{"type": "string", "minLength": 1},
				"media_type": jobj{"type": "string"},
				"size":       jobj{"type": "integer", "minimum": 0},
			},
		}
		if n.accept != nil {
			item["properties"].(jobj)["media_type"].(jobj)["pattern"] = n.accept.String()
		}
		if n.maxBytes > 0 {
			item["properties"].(jobj)["size"].(jobj)["maximum"] = n.maxBytes
		}
		s["type"], s["items"] = "array", item
		if n.maxFiles > 0 {
			s["maxItems"] = n.maxFiles
		}
	case TypeGroup:
		return g.object(n.child)
	case TypeRepeat:
		s["type"], s["items"] = "array", g.object(n.child)
		itemLimits(s, n)
	case TypeUnknown:
	}
	if r := n.rules; r != "" {
		mapped, rest := rulesSchema(r, n.typ.numeric(), g.f.cfg.personalTax)
		if len(mapped) > 0 {
			s["allOf"] = mapped
		}
		if len(rest) > 0 {
			s["x-rules"] = strings.Join(rest, ",")
		}
	}
	return s
}

func itemLimits(s jobj, n *node) {
	if n.minItems >= 0 {
		s["minItems"] = n.minItems
	}
	if n.maxItems >= 0 {
		s["maxItems"] = n.maxItems
	}
}

func choiceValues(f *Field) []string {
	out := make([]string, len(f.Choices))
	for i, c := range f.Choices {
		out[i] = c.Value
	}
	return out
}

// rulesSchema maps the validator tags that have a JSON Schema equivalent;
// the others are returned to be listed as an annotation.
func rulesSchema(rules string, numeric, personalTax bool) (mapped []any, rest []string) {
	for part := range strings.SplitSeq(rules, ",") {
		name, param, _ := strings.Cut(part, "=")
		var s jobj
		switch {
		case strings.Contains(part, "|"):
		case vnTag(strings.TrimSpace(name)):
			s = jobj{"format": vnFormat(strings.TrimSpace(name), personalTax)}
		default:
			s = ruleSchema(name, param, numeric)
		}
		if s == nil {
			rest = append(rest, part)
			continue
		}
		mapped = append(mapped, s)
	}
	return mapped, rest
}

// vnFormat returns the JSON Schema format of a Vietnamese identifier tag.
func vnFormat(tag string, personalTax bool) string {
	switch tag {
	case "vn_phone":
		return FormatPhone
	case "vn_citizen_id":
		return FormatCitizenID
	case "vn_tax_code":
		if personalTax {
			return FormatTaxCodePersonal
		}
		return FormatTaxCode
	}
	return FormatAdminUnit
}

func ruleSchema(name, param string, numeric bool) jobj {
	if numeric {
		x, err := strconv.ParseFloat(param, 64)
		if err != nil && name != "oneof" {
			return nil
		}
		switch name {
		case "min", "gte":
			return jobj{"minimum": x}
		case "max", "lte":
			return jobj{"maximum": x}
		case "gt":
			return jobj{"exclusiveMinimum": x}
		case "lt":
			return jobj{"exclusiveMaximum": x}
		case "eq", "len":
			return jobj{"const": x}
		case "ne":
			return jobj{"not": jobj{"const": x}}
		case "oneof":
			var vals []any
			for v := range strings.FieldsSeq(param) {
				y, err := strconv.ParseFloat(v, 64)
				if err != nil {
					return nil
				}
				vals = append(vals, y)
			}
			return jobj{"enum": vals}
		}
		return nil
	}
	n, nerr := strconv.Atoi(param)
	switch name {
	case "min", "max", "len":
		if nerr != nil || n < 0 {
			return nil
		}
		switch name {
		case "min":
			return jobj{"minLength": n}
		case "max":
			return jobj{"maxLength": n}
		}
		return jobj{"minLength": n, "maxLength": n}
	case "alpha":
		return jobj{"pattern": "^[a-zA-Z]+$"}
	case "alphanum":
		return jobj{"pattern": "^[a-zA-Z0-9]+$"}
	case "numeric":
		return jobj{"pattern": `^[-+]?[0-9]+(?:\.[0-9]+)?$`}
	case "number":
		return jobj{"pattern": "^[0-9]+$"}
	case "startswith":
		return jobj{"pattern": "^" + regexp.QuoteMeta(param)}
	case "endswith":
		return jobj{"pattern": regexp.QuoteMeta(param) + "$"}
	case "contains":
		return jobj{"pattern": regexp.QuoteMeta(param)}
	case "excludes":
		return jobj{"not": jobj{"pattern": regexp.QuoteMeta(param)}}
	case "eq":
		return jobj{"const": param}
	case "ne":
		return jobj{"not": jobj{"const": param}}
	case "oneof":
		if strings.ContainsAny(param, `'"`) {
			return nil
		}
		return jobj{"enum": strings.Fields(param)}
	}
	return nil
}

// condItem is a condition placed for a field: c is owned by a field whose
// scope is off levels above the field's scope.
type condItem struct {
	c      *cond
	off    int
	neg    bool
	anchor int
}

func (g *jsGen) conditionals(sc *scope) {
	for _, n := range sc.nodes {
		if n.child != nil {
			g.conditionals(n.child)
		}
		if n.visIf == nil && n.reqIf == nil {
			continue
		}
		var anc []condItem
		s, k := n.scope, 0
		for s.owner != nil {
			if o := s.owner; o.visIf != nil {
				anc = append(anc, g.item(o.visIf, k+1, false))
			}
			s, k = s.parent, k+1
		}
		with := func(extra ...condItem) []condItem {
			return append(append([]condItem(nil), anc...), extra...)
		}
		if n.visIf != nil {
			leaf := jobj{"properties": jobj{n.key: jobj{"anyOf": []any{emptyRef(), g.typeSchema(n)}}}}
			if n.required {
				leaf = jobj{
					"required":   []string{n.key},
					"properties": jobj{n.key: jobj{"allOf": []any{jobj{"not": emptyRef()}, g.typeSchema(n)}}},
				}
			}
			g.entry(n, with(g.item(n.visIf, 0, false)), leaf)
			if !g.f.cfg.dropHidden {
				g.entry(n, with(g.item(n.visIf, 0, true)), jobj{"properties": jobj{n.key: emptyRef()}})
			}
		}
		if n.reqIf != nil {
			items := with()
			if n.visIf != nil {
				items = append(items, g.item(n.visIf, 0, false))
			}
			items = append(items, g.item(n.reqIf, 0, false))
			g.entry(n, items, jobj{"required": []string{n.key}, "properties": jobj{n.key: jobj{"not": emptyRef()}}})
		}
	}
}

func (g *jsGen) item(c *cond, off int, neg bool) condItem {
	a := 0
	for _, r := range c.refs(nil) {
		a = max(a, r.up)
	}
	return condItem{c: c, off: off, neg: neg, anchor: a + off}
}

func scopeAt(sc *scope, up int) *scope {
	for range up {
		sc = sc.parent
	}
	return sc
}

func (g *jsGen) entry(n *node, items []condItem, leaf jobj) {
	top := 0
	for _, it := range items {
		top = max(top, it.anchor)
	}
	s := g.nest(n, items, top, leaf)
	o := g.objs[scopeAt(n.scope, top)]
	all, _ := o["allOf"].([]any)
	o["allOf"] = append(all, s)
}

func (g *jsGen) nest(n *node, items []condItem, level int, leaf jobj) jobj {
	inner := leaf
	if level > 0 {
		owner := scopeAt(n.scope, level-1).owner
		sub := g.nest(n, items, level-1, leaf)
		if owner.typ == TypeRepeat {
			sub = jobj{"items": sub}
		} else {
			// An empty group counts as absent: its fields are not checked.
			sub = jobj{"anyOf": []any{emptyRef(), sub}}
		}
		inner = jobj{"properties": jobj{owner.key: sub}}
	}
	var ifs []any
	for _, it := range items {
		if it.anchor == level {
			c := g.cond(n, it.c, it.off, level)
			if it.neg {
				c = jobj{"not": c}
			}
			ifs = append(ifs, c)
		}
	}
	switch len(ifs) {
	case 0:
		return inner
	case 1:
		return jobj{"if": ifs[0], "then": inner}
	}
	return jobj{"if": jobj{"allOf": ifs}, "then": inner}
}

// cond writes a condition owned by a field off levels above n's scope, as
// evaluated on the object at level (levels above n's scope).
func (g *jsGen) cond(n *node, c *cond, off, level int) jobj {
	switch c.op {
	case opAnd, opOr:
		kids := make([]any, len(c.kids))
		for i, k := range c.kids {
			kids[i] = g.cond(n, k, off, level)
		}
		if c.op == opAnd {
			return jobj{"allOf": kids}
		}
		return jobj{"anyOf": kids}
	case opNot:
		return jobj{"not": g.cond(n, c.kids[0], off, level)}
	case opNe:
		return jobj{"not": g.cond(n, &cond{op: opEq, ref: c.ref, lits: c.lits}, off, level)}
	case opNotIn:
		return jobj{"not": g.cond(n, &cond{op: opIn, ref: c.ref, lits: c.lits}, off, level)}
	}
	var leaf jobj
	t := c.ref.node.typ
	jt := "integer"
	if t == TypeDecimal {
		jt = "number"
	}
	lit := func(l literal) any {
		switch l.kind {
		case litString:
			return l.s
		case litNumber:
			return l.n
		case litBool:
			return l.b
		}
		return nil
	}
	switch c.op {
	case opSet:
		leaf = jobj{"not": emptyRef()}
	case opEq:
		leaf = jobj{"const": lit(c.lits[0])}
	case opIn:
		vals := make([]any, len(c.lits))
		for i, l := range c.lits {
			vals[i] = lit(l)
		}
		leaf = jobj{"enum": vals}
	case opLt:
		leaf = jobj{"type": jt, "exclusiveMaximum": c.lits[0].n}
	case opLe:
		leaf = jobj{"type": jt, "maximum": c.lits[0].n}
	case opGt:
		leaf = jobj{"type": jt, "exclusiveMinimum": c.lits[0].n}
	case opGe:
		leaf = jobj{"type": jt, "minimum": c.lits[0].n}
	case opAnd, opOr, opNot, opNe, opNotIn:
	}
	if t.numeric() && (c.op == opEq || c.op == opIn) {
		leaf["type"] = jt
	}
	// The path from the object at level down to the field named.
	lv := c.ref.up + off
	var path []string
	for j := level - 1; j >= lv; j-- {
		path = append(path, scopeAt(n.scope, j).owner.key)
	}
	path = append(path, c.ref.segs...)
	s := leaf
	for i := len(path) - 1; i >= 0; i-- {
		w := jobj{"required": []string{path[i]}, "properties": jobj{path[i]: s}}
		if i > 0 {
			w["type"] = "object"
		}
		s = w
	}
	return s
}
