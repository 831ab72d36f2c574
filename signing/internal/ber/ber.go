// Package ber converts BER encodings (ITU-T X.690) to DER, as far as CMS
// signatures need: indefinite lengths become definite, lengths become
// minimal, constructed strings become primitive, and BOOLEAN TRUE becomes
// 0xFF. The order of SET OF elements is kept, so an encoding that is
// already DER comes out byte for byte the same, and a signature computed
// over it still verifies.
//
// The input is outside data: depth and element count are bounded, and
// every error is returned, never a panic.
package ber

import (
	"errors"
	"fmt"
)

// MaxDepth is the deepest nesting accepted.
const MaxDepth = 64

// MaxElements is the most elements one call accepts.
const MaxElements = 1 << 18

// ErrSyntax means the input is not a BER encoding.
var ErrSyntax = errors.New("ber: syntax error")

// SyntaxError says where the encoding went wrong. It wraps [ErrSyntax].
type SyntaxError struct {
	Offset int    // byte offset in the input
	Msg    string // what was wrong
}

// Error describes the problem and its offset.
func (e *SyntaxError) Error() string { return fmt.Sprintf("ber: %s at offset %d", e.Msg, e.Offset) }

// Unwrap returns [ErrSyntax].
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// ToDER converts the first element of b to DER and returns it with the
// number of input bytes it took.
func ToDER(b []byte) (der []byte, n int, err error) {
	c := &converter{in: b}
	e, err := c.element(0, 0)
	if err != nil {
		return nil, 0, err
	}
	out := make([]byte, 0, e.size())
	return e.appendTo(out), e.end, nil
}

// node is one parsed element.
type node struct {
	class, tag  int
	compound    bool
	content     []byte // primitive content
	kids        []*node
	start, end  int // span in the input
	contentSize int
}

func (e *node) size() int { return headerLen(e.tag, e.contentSize) + e.contentSize }

func headerLen(tag, n int) int {
	h := 1
	if tag >= 31 {
		for t := tag; t > 0; t >>= 7 {
			h++
		}
	}
	h++ // the length octet (short form, or 0x8n of the long form)
	if n > 127 {
		for l := n; l > 0; l >>= 8 {
			h++
		}
	}
	return h
}

func (e *node) appendTo(out []byte) []byte {
	b := byte(e.class << 6)
	if e.compound {
		b |= 0x20
	}
	if e.tag < 31 {
		out = append(out, b|byte(e.tag))
	} else {
		out = append(out, b|0x1f)
		var t []byte
		for v := e.tag; v > 0; v >>= 7 {
			t = append([]byte{byte(v & 0x7f)}, t...)
		}
		for i := 0; i < len(t)-1; i++ {
			t[i] |= 0x80
		}
		out = append(out, t...)
	}
	n := e.contentSize
	if n < 128 {
		out = append(out, byte(n))
	} else {
		var l []byte
		for v := n; v > 0; v >>= 8 {
			l = append([]byte{byte(v)}, l...)
		}
		out = append(out, 0x80|byte(len(l)))
		out = append(out, l...)
	}
	if !e.compound {
		return append(out, e.content...)
	}
	for _, k := range e.kids {
		out = k.appendTo(out)
	}
	return out
}

type converter struct {
	in    []byte
	count int
}

func (c *converter) fail(off int, msg string) error { return &SyntaxError{Offset: off, Msg: msg} }

// stringTags are the universal types whose constructed form is a
// concatenation of primitive segments.
var stringTags = map[int]bool{3: true, 4: true, 12: true, 18: true, 19: true, 20: true, 21: true, 22: true, 25: true, 26: true, 27: true, 28: true, 30: true}

func (c *converter) element(off, depth int) (*node, error) {
	if depth > MaxDepth {
		return nil, c.fail(off, "nested too deeply")
	}
	if c.count++; c.count > MaxElements {
		return nil, c.fail(off, "too many elements")
	}
	in := c.in
	p := off
	if p >= len(in) {
		return nil, c.fail(p, "unexpected end of data")
	}
	e := &node{class: int(in[p] >> 6), compound: in[p]&0x20 != 0, tag: int(in[p] & 0x1f), start: off}
	p++
	if e.tag == 31 {
		e.tag = 0
		for i := 0; ; i++ {
			if p >= len(in) {
				return nil, c.fail(p, "truncated tag")
			}
			if i >= 4 || (i == 0 && in[p] == 0x80) {
				return nil, c.fail(p, "tag number too large or not minimal")
			}
			e.tag = e.tag<<7 | int(in[p]&0x7f)
			p++
			if in[p-1]&0x80 == 0 {
				break
			}
		}
	}
	if p >= len(in) {
		return nil, c.fail(p, "truncated length")
	}
	indefinite := false
	length := 0
	switch l := in[p]; {
	case l < 0x80:
		length = int(l)
		p++
	case l == 0x80:
		if !e.compound {
			return nil, c.fail(p, "indefinite length on a primitive element")
		}
		indefinite = true
		p++
	case l == 0xff:
		return nil, c.fail(p, "reserved length octet")
	default:
		k := int(l & 0x7f)
		p++
		if k > 4 || p+k > len(in) {
			return nil, c.fail(p, "length too large or truncated")
		}
		for i := range k {
			length = length<<8 | int(in[p+i])
		}
		p += k
	}
	if !indefinite && length > len(in)-p {
		return nil, c.fail(p, "length beyond the end of data")
	}
	if !e.compound {
		e.content = in[p : p+length]
		if e.class == 0 && e.tag == 1 && length == 1 && e.content[0] != 0 {
			e.content = []byte{0xff}
		}
		e.contentSize = len(e.content)
		e.end = p + length
		return e, nil
	}
	limit := len(in)
	if !indefinite {
		limit = p + length
	}
	for {
		if indefinite {
			if p+1 < len(in) && in[p] == 0 && in[p+1] == 0 {
				p += 2
				break
			}
			if p >= len(in) {
				return nil, c.fail(p, "missing end-of-contents")
			}
		} else if p == limit {
			break
		}
		sub := &converter{in: in[:limit], count: c.count}
		k, err := sub.element(p, depth+1)
		c.count = sub.count
		if err != nil {
			return nil, err
		}
		e.kids = append(e.kids, k)
		p = k.end
	}
	e.end = p
	if e.class == 0 && stringTags[e.tag] {
		return c.flatten(e)
	}
	for _, k := range e.kids {
		e.contentSize += k.size()
	}
	return e, nil
}

// flatten turns a constructed string into a primitive one.
func (c *converter) flatten(e *node) (*node, error) {
	var content []byte
	var segs [][]byte
	var collect func(n *node) error
	collect = func(n *node) error {
		for _, k := range n.kids {
			if k.class != 0 || k.tag != e.tag {
				return c.fail(k.start, "segment of another type in a constructed string")
			}
			if k.compound {
				if err := collect(k); err != nil {
					return err
				}
				continue
			}
			segs = append(segs, k.content)
		}
		return nil
	}
	if err := collect(e); err != nil {
		return nil, err
	}
	if e.tag == 3 { // BIT STRING: each segment starts with its unused-bits count
		unused := byte(0)
		for i, s := range segs {
			if len(s) == 0 || (i < len(segs)-1 && s[0] != 0) {
				return nil, c.fail(e.start, "bad bit string segment")
			}
			unused = s[0]
			content = append(content, s[1:]...)
		}
		content = append([]byte{unused}, content...)
	} else {
		for _, s := range segs {
			content = append(content, s...)
		}
	}
	return &node{class: 0, tag: e.tag, content: content, contentSize: len(content), start: e.start, end: e.end}, nil
}
