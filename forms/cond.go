package forms

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// The condition language of RequiredIf and VisibleIf:
//
//	expr    = or
//	or      = and { ("||" | "or") and }
//	and     = unary { ("&&" | "and") unary }
//	unary   = ("!" | "not") unary | primary
//	primary = "(" expr ")" | "set" "(" ref ")"
//	        | ref ("==" | "!=" | "<" | "<=" | ">" | ">=") literal
//	        | ref ["not"] "in" "[" literal { "," literal } "]"
//	literal = "string" | number | true | false
//
// A ref is a field key, looked up among the field's siblings, then in the
// enclosing groups and rows up to the form; dots descend into groups
// ("address.province"). A comparison with an absent or empty field is false
// (so != and "not in" are true); set(x) is true when x is filled.

const (
	maxCondLen   = 2000
	maxCondDepth = 32
)

type condOp uint8

const (
	opAnd condOp = iota + 1
	opOr
	opNot
	opSet
	opEq
	opNe
	opLt
	opLe
	opGt
	opGe
	opIn
	opNotIn
)

func (op condOp) String() string {
	switch op {
	case opEq:
		return "=="
	case opNe:
		return "!="
	case opLt:
		return "<"
	case opLe:
		return "<="
	case opGt:
		return ">"
	case opGe:
		return ">="
	case opIn:
		return "in"
	case opNotIn:
		return "not in"
	case opAnd:
		return "&&"
	case opOr:
		return "||"
	case opNot:
		return "!"
	case opSet:
		return "set"
	}
	return "?"
}

type litKind uint8

const (
	litString litKind = iota + 1
	litNumber
	litBool
)

type literal struct {
	kind litKind
	s    string  // string value, or number text
	n    float64 // number value
	b    bool
}

type cond struct {
	op   condOp
	kids []*cond
	ref  *ref
	lits []literal
}

// ref is a field named by a condition, resolved by Compile.
type ref struct {
	name string
	segs []string
	up   int   // how many scopes above the owning field's scope segs[0] lives
	node *node // the field referred to
}

type token struct {
	kind byte // 'i' ident, 's' string, 'n' number, 'o' operator, 0 end
	text string
	pos  int
}

func lexCond(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			j := i + 1
			for j < len(src) && (src[j] == '_' || src[j] == '.' || src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z' || src[j] >= '0' && src[j] <= '9') {
				j++
			}
			toks = append(toks, token{'i', src[i:j], i})
			i = j
		case c == '"':
			j := i + 1
			for j < len(src) && src[j] != '"' {
				if src[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(src) {
				return nil, fmt.Errorf("unterminated string at %d", i)
			}
			s, err := strconv.Unquote(src[i : j+1])
			if err != nil {
				return nil, fmt.Errorf("bad string at %d", i)
			}
			toks = append(toks, token{'s', s, i})
			i = j + 1
		case c == '-' || c >= '0' && c <= '9':
			j := i + 1
			for j < len(src) && (src[j] >= '0' && src[j] <= '9' || src[j] == '.' || src[j] == 'e' || src[j] == 'E' ||
				(src[j] == '+' || src[j] == '-') && (src[j-1] == 'e' || src[j-1] == 'E')) {
				j++
			}
			toks = append(toks, token{'n', src[i:j], i})
			i = j
		default:
			two := ""
			if i+1 < len(src) {
				two = src[i : i+2]
			}
			switch two {
			case "==", "!=", "<=", ">=", "&&", "||":
				toks = append(toks, token{'o', two, i})
				i += 2
				continue
			}
			switch c {
			case '<', '>', '!', '(', ')', '[', ']', ',':
				toks = append(toks, token{'o', string(c), i})
				i++
			default:
				return nil, fmt.Errorf("unexpected character %q at %d", c, i)
			}
		}
	}
	return append(toks, token{pos: len(src)}), nil
}

type condParser struct {
	toks  []token
	i     int
	depth int
}

func (p *condParser) peek() token { return p.toks[p.i] }
func (p *condParser) next() token {
	t := p.toks[p.i]
	if t.kind != 0 {
		p.i++
	}
	return t
}
func (p *condParser) is(kind byte, text string) bool {
	t := p.peek()
	return t.kind == kind && t.text == text
}
func (p *condParser) expect(text string) error {
	t := p.next()
	if t.kind != 'o' || t.text != text {
		return fmt.Errorf("want %q at %d", text, t.pos)
	}
	return nil
}

// parseCond parses a condition; names are resolved later.
func parseCond(src string) (*cond, error) {
	if len(src) > maxCondLen {
		return nil, fmt.Errorf("longer than %d bytes", maxCondLen)
	}
	toks, err := lexCond(src)
	if err != nil {
		return nil, err
	}
	p := &condParser{toks: toks}
	c, err := p.or()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != 0 {
		return nil, fmt.Errorf("unexpected %q at %d", t.text, t.pos)
	}
	return c, nil
}

func (p *condParser) or() (*cond, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxCondDepth {
		return nil, errors.New("nested too deeply")
	}
	return p.chain(opOr, "||", "or", p.and)
}

func (p *condParser) and() (*cond, error) { return p.chain(opAnd, "&&", "and", p.unary) }

func (p *condParser) chain(op condOp, sym, word string, sub func() (*cond, error)) (*cond, error) {
	first, err := sub()
	if err != nil {
		return nil, err
	}
	kids := []*cond{first}
	for p.is('o', sym) || p.is('i', word) {
		p.next()
		k, err := sub()
		if err != nil {
			return nil, err
		}
		kids = append(kids, k)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return &cond{op: op, kids: kids}, nil
}

func (p *condParser) unary() (*cond, error) {
	if p.is('o', "!") || p.is('i', "not") {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxCondDepth {
			return nil, errors.New("nested too deeply")
		}
		k, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &cond{op: opNot, kids: []*cond{k}}, nil
	}
	return p.primary()
}

func isKeyword(s string) bool {
	switch s {
	case "and", "or", "not", "in", "set", "true", "false":
		return true
	}
	return false
}

func (p *condParser) primary() (*cond, error) {
	t := p.next()
	switch {
	case t.kind == 'o' && t.text == "(":
		c, err := p.or()
		if err != nil {
			return nil, err
		}
		return c, p.expect(")")
	case t.kind == 'i' && t.text == "set":
		if err := p.expect("("); err != nil {
			return nil, err
		}
		r := p.next()
		if r.kind != 'i' || isKeyword(r.text) {
			return nil, fmt.Errorf("want a field name at %d", r.pos)
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return &cond{op: opSet, ref: &ref{name: r.text}}, nil
	case t.kind == 'i' && !isKeyword(t.text):
		rf := &ref{name: t.text}
		o := p.next()
		var op condOp
		switch {
		case o.kind == 'o' && o.text == "==":
			op = opEq
		case o.kind == 'o' && o.text == "!=":
			op = opNe
		case o.kind == 'o' && o.text == "<":
			op = opLt
		case o.kind == 'o' && o.text == "<=":
			op = opLe
		case o.kind == 'o' && o.text == ">":
			op = opGt
		case o.kind == 'o' && o.text == ">=":
			op = opGe
		case o.kind == 'i' && o.text == "in":
			op = opIn
		case o.kind == 'i' && o.text == "not" && p.is('i', "in"):
			p.next()
			op = opNotIn
		default:
			return nil, fmt.Errorf("want a comparison after %s at %d", t.text, o.pos)
		}
		if op == opIn || op == opNotIn {
			if err := p.expect("["); err != nil {
				return nil, err
			}
			var lits []literal
			for {
				l, err := p.literal()
				if err != nil {
					return nil, err
				}
				lits = append(lits, l)
				if p.is('o', ",") {
					p.next()
					continue
				}
				break
			}
			return &cond{op: op, ref: rf, lits: lits}, p.expect("]")
		}
		l, err := p.literal()
		if err != nil {
			return nil, err
		}
		return &cond{op: op, ref: rf, lits: []literal{l}}, nil
	}
	return nil, fmt.Errorf("unexpected %q at %d", t.text, t.pos)
}

func (p *condParser) literal() (literal, error) {
	t := p.next()
	switch {
	case t.kind == 's':
		return literal{kind: litString, s: t.text}, nil
	case t.kind == 'n':
		f, err := strconv.ParseFloat(t.text, 64)
		if err != nil {
			return literal{}, fmt.Errorf("bad number %q at %d", t.text, t.pos)
		}
		return literal{kind: litNumber, s: t.text, n: f}, nil
	case t.kind == 'i' && (t.text == "true" || t.text == "false"):
		return literal{kind: litBool, b: t.text == "true"}, nil
	}
	return literal{}, fmt.Errorf("want a literal at %d", t.pos)
}

// refs appends every ref of c.
func (c *cond) refs(out []*ref) []*ref {
	if c.ref != nil {
		out = append(out, c.ref)
	}
	for _, k := range c.kids {
		out = k.refs(out)
	}
	return out
}

// String writes the condition back in canonical form.
func (c *cond) String() string {
	var b strings.Builder
	c.write(&b)
	return b.String()
}

func (c *cond) write(b *strings.Builder) {
	switch c.op {
	case opAnd, opOr:
		sep := " && "
		if c.op == opOr {
			sep = " || "
		}
		b.WriteByte('(')
		for i, k := range c.kids {
			if i > 0 {
				b.WriteString(sep)
			}
			k.write(b)
		}
		b.WriteByte(')')
	case opNot:
		b.WriteByte('!')
		c.kids[0].write(b)
	case opSet:
		b.WriteString("set(" + c.ref.name + ")")
	case opIn, opNotIn:
		b.WriteString(c.ref.name + " " + c.op.String() + " [")
		for i, l := range c.lits {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(l.String())
		}
		b.WriteByte(']')
	case opEq, opNe, opLt, opLe, opGt, opGe:
		b.WriteString(c.ref.name + " " + c.op.String() + " " + c.lits[0].String())
	}
}

func (l literal) String() string {
	switch l.kind {
	case litString:
		return strconv.Quote(l.s)
	case litNumber:
		return l.s
	case litBool:
		return strconv.FormatBool(l.b)
	}
	return "?"
}

// eval evaluates c with the values of the frame of the owning field.
func (c *cond) eval(fr *frame) bool {
	switch c.op {
	case opAnd:
		for _, k := range c.kids {
			if !k.eval(fr) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range c.kids {
			if k.eval(fr) {
				return true
			}
		}
		return false
	case opNot:
		return !c.kids[0].eval(fr)
	case opSet:
		return !isEmpty(c.ref.lookup(fr))
	case opNe:
		return !c.match(fr)
	case opNotIn:
		return !c.match(fr)
	case opEq, opLt, opLe, opGt, opGe, opIn:
		return c.match(fr)
	}
	return false
}

// match evaluates a comparison (==, ordering, in); false when the value is
// absent, empty or not of the field's type.
func (c *cond) match(fr *frame) bool {
	v := c.ref.lookup(fr)
	if isEmpty(v) {
		return false
	}
	t := c.ref.node.typ
	switch {
	case t.stringy():
		s, ok := v.(string)
		if !ok {
			return false
		}
		for _, l := range c.lits {
			if s == l.s {
				return true
			}
		}
		return false
	case t == TypeBool:
		b, ok := v.(bool)
		return ok && b == c.lits[0].b
	case t.numeric():
		n, ok := toNumber(t, v)
		if !ok {
			return false
		}
		switch c.op {
		case opLt:
			return n < c.lits[0].n
		case opLe:
			return n <= c.lits[0].n
		case opGt:
			return n > c.lits[0].n
		case opGe:
			return n >= c.lits[0].n
		}
		for _, l := range c.lits {
			if n == l.n {
				return true
			}
		}
	}
	return false
}

// lookup returns the raw value a ref names, nil when absent.
func (r *ref) lookup(fr *frame) any {
	for i := 0; i < r.up && fr != nil; i++ {
		fr = fr.parent
	}
	if fr == nil {
		return nil
	}
	v, ok := fr.vals[r.segs[0]]
	if !ok {
		return nil
	}
	for _, s := range r.segs[1:] {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[s]
	}
	return v
}
