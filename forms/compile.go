package forms

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/go-playground/validator/v10"
)

// Form is a compiled [Schema]: immutable and safe for concurrent use.
type Form struct {
	id, version        string
	title              Text
	validFrom, validTo time.Time
	root               *scope
	v                  *validator.Validate
	cfg                config
	jsonSchema         []byte
}

// scope is an object level: the form, a group, or the rows of a repeat.
type scope struct {
	parent *scope
	owner  *node // nil for the form
	nodes  []*node
	byKey  map[string]*node
}

// node is a compiled field.
type node struct {
	f        *Field
	key      string
	path     string // schema path, for compile errors
	typ      FieldType
	label    Text
	scope    *scope
	child    *scope
	required bool
	reqIf    *cond
	visIf    *cond
	tag      string
	rules    string // Rules without the tags the type implies
	pattern  *regexp.Regexp
	choices  map[string]struct{}
	minItems int // -1: none
	maxItems int
	minLen   int
	maxLen   int
	accept   *regexp.Regexp
	maxBytes int64
	maxFiles int
	idBirth  *ref
	idSex    *ref
}

// frame holds the values of one object level during validation.
type frame struct {
	vals   map[string]any
	parent *frame
}

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

type compiler struct {
	cfg      config
	v        *validator.Validate
	problems []*SchemaProblem
	all      []*node
}

func (c *compiler) problem(path string, err error, format string, args ...any) {
	c.problems = append(c.problems, &SchemaProblem{Path: path, Err: err, Detail: fmt.Sprintf(format, args...)})
}

// Compile checks the schema and returns the form ready to validate
// submissions. Every problem found is reported at once in a [*SchemaError]
// (matching [ErrInvalidSchema] and the specific sentinels); an option's
// error wraps [ErrOption]. The schema is copied: changing it afterwards does
// not change the form.
func (s *Schema) Compile(opts ...Option) (*Form, error) {
	cfg := config{}
	for _, o := range opts {
		if o == nil {
			return nil, fmt.Errorf("%w: nil option", ErrOption)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	if cfg.units == nil {
		cfg.unitList = ProvincesAt(time.Date(2025, time.July, 1, 0, 0, 0, 0, time.UTC))
		cfg.units = cfg.unitList
	}
	c := &compiler{cfg: cfg, v: newValidator(cfg)}
	if strings.TrimSpace(s.ID) == "" {
		c.problem("", ErrBadField, "the schema has no id")
	}
	if !s.ValidFrom.IsZero() && !s.ValidTo.IsZero() && s.ValidTo.Before(s.ValidFrom) {
		c.problem("", ErrBadRange, "valid_to is before valid_from")
	}
	fields := cloneFields(s.Fields)
	if len(fields) == 0 {
		c.problem("", ErrBadField, "the schema has no fields")
	}
	root := c.buildScope(fields, nil, nil, "")
	for _, n := range c.all {
		c.resolve(n)
	}
	c.cycles()
	for _, n := range c.all {
		c.checkTag(n)
	}
	if len(c.problems) > 0 {
		return nil, &SchemaError{Problems: c.problems}
	}
	f := &Form{
		id: s.ID, version: s.Version, title: s.Title,
		validFrom: s.ValidFrom, validTo: s.ValidTo,
		root: root, v: c.v, cfg: cfg,
	}
	js, err := f.buildJSONSchema()
	if err != nil {
		return nil, fmt.Errorf("forms: export JSON Schema: %w", err)
	}
	f.jsonSchema = js
	return f, nil
}

func cloneFields(fs []Field) []Field {
	if fs == nil {
		return nil
	}
	out := make([]Field, len(fs))
	copy(out, fs)
	for i := range out {
		out[i].Fields = cloneFields(out[i].Fields)
		out[i].Choices = append([]Choice(nil), out[i].Choices...)
		if out[i].File != nil {
			fc := *out[i].File
			fc.Accept = append([]string(nil), fc.Accept...)
			out[i].File = &fc
		}
		if out[i].IDCheck != nil {
			ic := *out[i].IDCheck
			out[i].IDCheck = &ic
		}
	}
	return out
}

func (c *compiler) buildScope(fields []Field, parent *scope, owner *node, prefix string) *scope {
	sc := &scope{parent: parent, owner: owner, byKey: make(map[string]*node, len(fields))}
	for i := range fields {
		f := &fields[i]
		path := prefix + f.Key
		if !keyRE.MatchString(f.Key) {
			c.problem(clip(path), ErrBadField, "key %q must match [a-z][a-z0-9_]*", clip(f.Key))
			continue
		}
		if _, dup := sc.byKey[f.Key]; dup {
			c.problem(path, ErrDuplicateKey, "key %q is used twice", f.Key)
			continue
		}
		n := &node{f: f, key: f.Key, path: path, typ: f.Type, label: f.Label, scope: sc, required: f.Required,
			minItems: -1, maxItems: -1, minLen: -1, maxLen: -1}
		if len(n.label) == 0 {
			n.label = Text{LangVI: f.Key}
		}
		sc.byKey[f.Key] = n
		sc.nodes = append(sc.nodes, n)
		c.all = append(c.all, n)
		c.field(n, f)
		if (f.Type == TypeGroup || f.Type == TypeRepeat) && len(f.Fields) > 0 {
			n.child = c.buildScope(f.Fields, sc, n, path+".")
		}
	}
	return sc
}

// field checks a field's own settings against its type.
func (c *compiler) field(n *node, f *Field) {
	t, p := f.Type, n.path
	if t.name() == "" || t == TypeUnknown {
		c.problem(p, ErrUnknownType, "unknown or missing type")
		return
	}
	not := func(cond bool, what string) {
		if cond {
			c.problem(p, ErrBadField, "%s does not apply to type %s", what, t)
		}
	}
	lenOK := t == TypeText || t == TypeEmail
	numOK := t.numeric()
	not(!lenOK && (f.MinLen != nil || f.MaxLen != nil), "min_len/max_len")
	not(!numOK && (f.Min != nil || f.Max != nil), "min/max")
	not(t != TypeText && f.Pattern != "", "pattern")
	not(t != TypeChoice && t != TypeMultiChoice && len(f.Choices) > 0, "choices")
	not(t != TypeGroup && t != TypeRepeat && len(f.Fields) > 0, "fields")
	not(t != TypeRepeat && t != TypeMultiChoice && (f.MinItems != nil || f.MaxItems != nil), "min_items/max_items")
	not(t != TypeFile && f.File != nil, "file")
	not(t != TypeCitizenID && f.IDCheck != nil, "id_check")
	rulesOK := t.scalar() && t != TypeDate && t != TypeBool
	if !rulesOK && strings.TrimSpace(f.Rules) != "" {
		c.problem(p, ErrRuleNotApplicable, "type %s takes no rules", t)
	}
	if f.Required && f.RequiredIf != "" {
		c.problem(p, ErrBadField, "required and required_if are both set")
	}

	if lenOK {
		n.minLen, n.maxLen = c.intLimit(p, "min_len", f.MinLen), c.intLimit(p, "max_len", f.MaxLen)
		if n.minLen >= 0 && n.maxLen >= 0 && n.minLen > n.maxLen {
			c.problem(p, ErrBadRange, "min_len %d > max_len %d", n.minLen, n.maxLen)
		}
	}
	var tags []string
	if n.minLen >= 0 {
		tags = append(tags, "min="+strconv.Itoa(n.minLen))
	}
	if n.maxLen >= 0 {
		tags = append(tags, "max="+strconv.Itoa(n.maxLen))
	}
	if numOK {
		tags = append(tags, c.numLimits(n, f)...)
	}
	switch t {
	case TypeText:
		if f.Pattern != "" {
			re, err := regexp.Compile(f.Pattern)
			if err != nil {
				c.problem(p, ErrBadField, "pattern: %s", clip(err.Error()))
			}
			n.pattern = re
		}
	case TypeEmail:
		tags = append(tags, "email")
	case TypePhone:
		tags = append(tags, "vn_phone")
	case TypeCitizenID:
		tags = append(tags, "vn_citizen_id")
	case TypeTaxCode:
		tags = append(tags, "vn_tax_code")
	case TypeAdminUnit:
		tags = append(tags, "vn_admin_unit")
	case TypeChoice, TypeMultiChoice:
		if len(f.Choices) == 0 {
			c.problem(p, ErrBadField, "type %s needs choices", t)
		}
		n.choices = make(map[string]struct{}, len(f.Choices))
		for _, ch := range f.Choices {
			if isBlank(ch.Value) {
				c.problem(p, ErrBadField, "a choice has an empty value")
				continue
			}
			if _, dup := n.choices[ch.Value]; dup {
				c.problem(p, ErrDuplicateKey, "choice %q is listed twice", clip(ch.Value))
			}
			n.choices[ch.Value] = struct{}{}
		}
	case TypeGroup, TypeRepeat:
		if len(f.Fields) == 0 {
			c.problem(p, ErrBadField, "type %s needs fields", t)
		}
	case TypeFile:
		if f.File != nil {
			c.fileSpec(n, f.File)
		}
	case TypeUnknown, TypeInteger, TypeDecimal, TypeMoney, TypeDate, TypeBool:
	}
	if t == TypeRepeat || t == TypeMultiChoice {
		n.minItems, n.maxItems = c.intLimit(p, "min_items", f.MinItems), c.intLimit(p, "max_items", f.MaxItems)
		if n.minItems >= 0 && n.maxItems >= 0 && n.minItems > n.maxItems {
			c.problem(p, ErrBadRange, "min_items %d > max_items %d", n.minItems, n.maxItems)
		}
	}
	if r := strings.TrimSpace(f.Rules); r != "" && rulesOK {
		if c.checkRules(p, t, r) {
			n.rules = withoutImplied(r, impliedTag(t))
			if n.rules != "" {
				tags = append(tags, n.rules)
			}
		}
	}
	n.tag = strings.Join(tags, ",")
}

func (c *compiler) intLimit(path, name string, v *int) int {
	if v == nil {
		return -1
	}
	if *v < 0 {
		c.problem(path, ErrBadRange, "%s is negative", name)
		return -1
	}
	return *v
}

// numLimits turns Min/Max into validator tags with canonical parameters.
func (c *compiler) numLimits(n *node, f *Field) []string {
	var tags []string
	var lo, hi float64
	var hasLo, hasHi bool
	one := func(name string, v *json.Number) (string, float64, bool) {
		if v == nil {
			return "", 0, false
		}
		if f.Type == TypeDecimal {
			x, err := strconv.ParseFloat(string(*v), 64)
			if err != nil || x != x {
				c.problem(n.path, ErrBadField, "%s %q is not a number", name, clip(string(*v)))
				return "", 0, false
			}
			return strconv.FormatFloat(x, 'g', -1, 64), x, true
		}
		x, err := strconv.ParseInt(string(*v), 10, 64)
		if err != nil {
			c.problem(n.path, ErrBadField, "%s %q is not a whole number", name, clip(string(*v)))
			return "", 0, false
		}
		return strconv.FormatInt(x, 10), float64(x), true
	}
	var s string
	if s, lo, hasLo = one("min", f.Min); hasLo {
		if f.Type == TypeMoney && lo < 0 {
			c.problem(n.path, ErrBadRange, "money min is negative")
		}
		tags = append(tags, "min="+s)
	} else if f.Type == TypeMoney {
		tags = append(tags, "min=0")
	}
	if s, hi, hasHi = one("max", f.Max); hasHi {
		tags = append(tags, "max="+s)
	}
	if hasLo && hasHi && lo > hi {
		c.problem(n.path, ErrBadRange, "min %v > max %v", lo, hi)
	}
	return tags
}

var mediaTypeRE = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*/(\*|[a-zA-Z0-9][a-zA-Z0-9!#$&^_.+-]*)$`)

func (c *compiler) fileSpec(n *node, fs *FileSpec) {
	if fs.MaxBytes < 0 || fs.MaxFiles < 0 {
		c.problem(n.path, ErrBadRange, "file limits are negative")
	}
	n.maxBytes, n.maxFiles = fs.MaxBytes, fs.MaxFiles
	if len(fs.Accept) == 0 {
		return
	}
	alts := make([]string, 0, len(fs.Accept))
	for _, a := range fs.Accept {
		if !mediaTypeRE.MatchString(a) {
			c.problem(n.path, ErrBadField, "accept: %q is not a media type", clip(a))
			continue
		}
		alts = append(alts, mediaTypePattern(a))
	}
	if len(alts) == len(fs.Accept) {
		n.accept = regexp.MustCompile(acceptPattern(alts))
	}
}

// mediaTypePattern matches a media type without case, in the syntax Go's
// regexp and ECMAScript share.
func mediaTypePattern(a string) string {
	var b strings.Builder
	for _, r := range a {
		switch {
		case r == '*':
			b.WriteString(`[^/; \t]+`)
		case r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z':
			lo, up := strings.ToLower(string(r)), strings.ToUpper(string(r))
			b.WriteString("[" + lo + up + "]")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	return b.String()
}

func acceptPattern(alts []string) string {
	return `^(?:` + strings.Join(alts, "|") + `)(?:[ \t]*;[\s\S]*)?$`
}

// forbiddenTag reports validator tags that need a struct, a map or another
// field; forms expresses those with conditions, or handles them itself.
func forbiddenTag(name string) bool {
	switch name {
	case "required", "omitempty", "omitnil", "omitzero", "dive", "keys", "endkeys", "structonly", "nostructlevel",
		"required_if", "required_unless", "required_with", "required_with_all", "required_without",
		"required_without_all", "excluded_if", "excluded_unless", "excluded_with", "excluded_with_all",
		"excluded_without", "excluded_without_all", "skip_unless", "unique", "isdefault":
		return true
	}
	return strings.Contains(name, "field")
}

// fsTag reports validator tags that read the server's file system: a
// submitted value must never make the server look at its own files.
func fsTag(name string) bool {
	switch name {
	case "file", "filepath", "dir", "dirpath", "image":
		return true
	}
	return false
}

// vnTag reports the Vietnamese identifier tags registered on every form's
// validator.
func vnTag(name string) bool {
	switch name {
	case "vn_citizen_id", "vn_tax_code", "vn_phone", "vn_admin_unit":
		return true
	}
	return false
}

// impliedTag returns the validator tag a field type checks by itself, or "".
func impliedTag(t FieldType) string {
	switch t {
	case TypeEmail:
		return "email"
	case TypePhone:
		return "vn_phone"
	case TypeCitizenID:
		return "vn_citizen_id"
	case TypeTaxCode:
		return "vn_tax_code"
	case TypeAdminUnit:
		return "vn_admin_unit"
	case TypeUnknown, TypeText, TypeInteger, TypeDecimal, TypeMoney, TypeDate, TypeBool, TypeChoice,
		TypeMultiChoice, TypeFile, TypeGroup, TypeRepeat:
	}
	return ""
}

// withoutImplied drops from rules the tag the field's type already checks
// (vn_citizen_id on a citizen_id field): it is redundant, not wrong.
func withoutImplied(rules, implied string) string {
	if implied == "" {
		return rules
	}
	parts := strings.Split(rules, ",")
	kept := parts[:0]
	for _, p := range parts {
		if strings.TrimSpace(p) != implied {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, ",")
}

// checkRules rejects tags that need struct context, and Vietnamese tags on
// values that are not text. Unknown tags and bad parameters are caught by
// checkTag.
func (c *compiler) checkRules(path string, t FieldType, rules string) bool {
	ok := true
	for part := range strings.SplitSeq(rules, ",") {
		for alt := range strings.SplitSeq(part, "|") {
			name, _, _ := strings.Cut(alt, "=")
			name = strings.TrimSpace(name)
			switch {
			case name == "":
				c.problem(path, ErrBadRule, "rules %q has an empty tag", clip(rules))
				ok = false
			case forbiddenTag(name):
				c.problem(path, ErrBadRule, "rule %q needs other fields or a struct: use required, required_if or visible_if", clip(name))
				ok = false
			case fsTag(name):
				c.problem(path, ErrBadRule, "rule %q reads the server's file system", clip(name))
				ok = false
			case vnTag(name) && !t.stringy():
				c.problem(path, ErrRuleNotApplicable, "rule %q checks text, not type %s", name, t)
				ok = false
			case strings.HasPrefix(name, "vn_") && !vnTag(name):
				c.problem(path, ErrUnknownRule, "rule %q is not defined: the Vietnamese rules are vn_citizen_id, vn_tax_code, vn_phone and vn_admin_unit", clip(name))
				ok = false
			}
		}
	}
	return ok
}

// checkTag runs the field's validator tag on sample values of the field's
// Go kind under recover: validator/v10 panics on an undefined tag or a bad
// parameter, and this is the only place where that may happen.
func (c *compiler) checkTag(n *node) {
	if n.tag == "" {
		return
	}
	var samples []any
	switch {
	case n.typ.stringy():
		samples = []any{"", "a", "0123456789"}
	case n.typ == TypeDecimal:
		samples = []any{float64(0), 1.5}
	case n.typ.numeric():
		samples = []any{int64(0), int64(7)}
	default:
		return
	}
	// validator/v10 stops at the first alternative of "a|b" that passes,
	// so a bad parameter in b shows only for values that fail a ("max=10|len=x"
	// panics on an 11-letter text). Each alternative is therefore also
	// tried alone: a tag's parameter is parsed the same way for every value
	// of one Go kind.
	tags := []string{n.tag}
	for part := range strings.SplitSeq(n.tag, ",") {
		if strings.Contains(part, "|") {
			tags = append(tags, strings.Split(part, "|")...)
		}
	}
	for _, tag := range tags {
		for _, s := range samples {
			if msg, bad := tryVar(c.v, s, tag); bad {
				err := ErrBadRule
				if strings.Contains(msg, "Undefined validation function") {
					err = ErrUnknownRule
				}
				c.problem(n.path, err, "rules %q: %s", clip(n.f.Rules), clip(msg))
				return
			}
		}
	}
}

func tryVar(v *validator.Validate, val any, tag string) (msg string, bad bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, bad = fmt.Sprint(r), true
		}
	}()
	err := v.Var(val, tag)
	if err != nil {
		if _, ok := err.(validator.ValidationErrors); !ok {
			return err.Error(), true
		}
	}
	return "", false
}

// resolve parses and checks the conditions and cross-checks of n.
func (c *compiler) resolve(n *node) {
	f := n.f
	if f.RequiredIf != "" {
		n.reqIf = c.condition(n, "required_if", f.RequiredIf)
	}
	if f.VisibleIf != "" {
		n.visIf = c.condition(n, "visible_if", f.VisibleIf)
	}
	if ic := f.IDCheck; ic != nil && n.typ == TypeCitizenID {
		if ic.BirthDate == "" && ic.Sex == "" {
			c.problem(n.path, ErrBadField, "id_check names no field")
		}
		if ic.BirthDate != "" {
			if r, err := c.lookup(n, ic.BirthDate); err != nil {
				c.problem(n.path, ErrBadField, "id_check birth_date: %v", err)
			} else if r.node.typ != TypeDate {
				c.problem(n.path, ErrBadField, "id_check birth_date %q is not a date field", ic.BirthDate)
			} else {
				n.idBirth = r
			}
		}
		if ic.Sex != "" {
			r, err := c.lookup(n, ic.Sex)
			switch {
			case err != nil:
				c.problem(n.path, ErrBadField, "id_check sex: %v", err)
			case r.node.typ != TypeChoice:
				c.problem(n.path, ErrBadField, "id_check sex %q is not a choice field", ic.Sex)
			default:
				_, okM := r.node.choices[ic.Male]
				_, okF := r.node.choices[ic.Female]
				if !okM || !okF || ic.Male == ic.Female {
					c.problem(n.path, ErrBadField, "id_check male/female must be two choices of %q", ic.Sex)
				} else {
					n.idSex = r
				}
			}
		}
	}
}

// lookup resolves a field name as seen from n.
func (c *compiler) lookup(n *node, name string) (*ref, error) {
	segs := strings.Split(name, ".")
	for _, s := range segs {
		if s == "" {
			return nil, fmt.Errorf("bad field name %q", name)
		}
	}
	sc, up := n.scope, 0
	var nd *node
	for sc != nil {
		if x, ok := sc.byKey[segs[0]]; ok {
			nd = x
			break
		}
		sc, up = sc.parent, up+1
	}
	if nd == nil {
		return nil, fmt.Errorf("field %q does not exist", segs[0])
	}
	for _, s := range segs[1:] {
		if nd.typ != TypeGroup || nd.child == nil {
			return nil, fmt.Errorf("%q: %q is not a group (repeat rows cannot be named from outside)", name, nd.key)
		}
		x, ok := nd.child.byKey[s]
		if !ok {
			return nil, fmt.Errorf("field %q does not exist", name)
		}
		nd = x
	}
	return &ref{name: name, segs: segs, up: up, node: nd}, nil
}

func (c *compiler) condition(n *node, what, src string) *cond {
	cd, err := parseCond(src)
	if err != nil {
		c.problem(n.path, ErrBadCondition, "%s: %v", what, err)
		return nil
	}
	ok := true
	anchor := 0
	for _, r := range cd.refs(nil) {
		res, err := c.lookup(n, r.name)
		if err != nil {
			c.problem(n.path, ErrBadCondition, "%s: %v", what, err)
			ok = false
			continue
		}
		*r = *res
		anchor = max(anchor, r.up)
	}
	if !ok {
		return nil
	}
	if !c.typecheck(n, what, cd) {
		return nil
	}
	// Every name must be reachable from the outermost one through groups
	// only: a condition cannot mix a repeat row's fields with outer ones.
	for _, r := range cd.refs(nil) {
		sc := n.scope
		for k := 0; k < anchor; k++ {
			if k >= r.up && sc.owner != nil && sc.owner.typ == TypeRepeat {
				c.problem(n.path, ErrBadCondition, "%s: mixes fields of repeat %q with fields outside it", what, sc.owner.key)
				return nil
			}
			sc = sc.parent
		}
	}
	return cd
}

func (c *compiler) typecheck(n *node, what string, cd *cond) bool {
	ok := true
	bad := func(format string, args ...any) {
		c.problem(n.path, ErrBadCondition, what+": "+format, args...)
		ok = false
	}
	var walk func(*cond)
	walk = func(x *cond) {
		for _, k := range x.kids {
			walk(k)
		}
		if x.ref == nil || x.op == opSet {
			return
		}
		t := x.ref.node.typ
		name := x.ref.name
		ordered := x.op == opLt || x.op == opLe || x.op == opGt || x.op == opGe
		switch {
		case t.stringy() && t != TypeDate:
			if ordered {
				bad("%s (%s) cannot be ordered", name, t)
				return
			}
			for _, l := range x.lits {
				if l.kind != litString || isBlank(l.s) {
					bad("%s (%s) compares with %s: want a non-empty string", name, t, l)
					continue
				}
				if t == TypeChoice {
					if _, okc := x.ref.node.choices[l.s]; !okc {
						bad("%q is not a choice of %s", l.s, name)
					}
				}
			}
		case t.numeric():
			for _, l := range x.lits {
				if l.kind != litNumber {
					bad("%s (%s) compares with %s: want a number", name, t, l)
				} else if t != TypeDecimal && l.n != float64(int64(l.n)) {
					bad("%s (%s) compares with %s: want a whole number", name, t, l)
				}
			}
		case t == TypeBool:
			if ordered || x.op == opIn || x.op == opNotIn {
				bad("%s (bool) takes only == and !=", name)
				return
			}
			if x.lits[0].kind != litBool {
				bad("%s (bool) compares with %s: want true or false", name, x.lits[0])
			}
		default:
			bad("%s (%s) can only be tested with set()", name, t)
		}
	}
	walk(cd)
	return ok
}

// cycles reports conditions that depend on each other in a loop.
func (c *compiler) cycles() {
	const (
		white = iota
		grey
		black
	)
	color := make(map[*node]int, len(c.all))
	var visit func(n *node) bool
	deps := func(n *node) []*ref {
		var rs []*ref
		if n.reqIf != nil {
			rs = n.reqIf.refs(rs)
		}
		if n.visIf != nil {
			rs = n.visIf.refs(rs)
		}
		return rs
	}
	visit = func(n *node) bool {
		color[n] = grey
		for _, r := range deps(n) {
			switch color[r.node] {
			case grey:
				c.problem(n.path, ErrCycle, "conditions of %q and %q depend on each other", n.path, r.node.path)
				return false
			case white:
				if !visit(r.node) {
					return false
				}
			}
		}
		color[n] = black
		return true
	}
	for _, n := range c.all {
		if color[n] == white {
			visit(n)
		}
	}
}
