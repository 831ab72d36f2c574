package paper

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Margins of an administrative document (Decree 30/2020/NĐ-CP, Appendix
// I: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm), in points.
const (
	mm           = 72 / 25.4
	marginTop    = 20 * mm
	marginBottom = 20 * mm
	marginLeft   = 30 * mm
	marginRight  = 15 * mm
)

// style is how a run of text is drawn.
type style struct {
	size   float64
	bold   bool
	italic bool
}

var (
	body      = style{size: 12}
	bodyBold  = style{size: 12, bold: true}
	bodyItal  = style{size: 12, italic: true}
	small     = style{size: 11}
	smallBold = style{size: 11, bold: true}
	cellStyle = style{size: 9.5}
	cellBold  = style{size: 9.5, bold: true}
)

type align uint8

const (
	left align = iota
	center
	right
)

// canvas lays text out on A4 pages and hands each finished page to the
// writer. y is the distance from the top of the page to the top of the
// next line, in points.
type canvas struct {
	r      *Renderer
	pw     *writer
	page   *bytes.Buffer // the writer's, pooled
	y      float64
	left   float64
	right  float64
	width  float64
	height float64
	pages  int
	header func() // drawn at the top of every page after the first
	footer bool   // page numbers at the foot of every page
	err    error
	hex    []byte // the string of text being drawn
}

func newCanvas(r *Renderer, pw *writer, w, h float64) *canvas {
	c := &canvas{r: r, pw: pw, page: pw.pageBuf, width: w, height: h, left: marginLeft, right: w - marginRight}
	pw.width, pw.height = w, h
	c.newPage()
	return c
}

func (c *canvas) fail(err error) {
	if c.err == nil {
		c.err = err
	}
}

// newPage finishes the current page, if any, and starts the next.
func (c *canvas) newPage() {
	if c.pages > 0 {
		c.flush()
	}
	c.pages++
	c.y = marginTop
	c.page.WriteString("0.5 w\n")
	if c.footer {
		c.pageNumber()
	}
	if c.pages > 1 && c.header != nil {
		c.header()
	}
}

func (c *canvas) flush() {
	if c.err == nil {
		c.fail(c.pw.page(c.page.Bytes()))
	}
	c.page.Reset()
}

func (c *canvas) pageNumber() {
	s := strconv.Itoa(c.pages)
	c.text((c.width-c.faceOf(small).width(s, small.size))/2, c.height-marginBottom/2, s, small)
}

// finish flushes the last page.
func (c *canvas) finish() { c.flush() }

// ensure starts a new page unless h points fit above the bottom margin.
func (c *canvas) ensure(h float64) {
	if c.y+h > c.height-marginBottom && c.y > marginTop+1 {
		c.newPage()
	}
}

func (c *canvas) faceOf(st style) *face {
	if st.bold && c.r.bold != nil {
		return c.r.bold
	}
	return c.r.regular
}

// lineHeight is the distance between baselines: 1.2 times the size.
func lineHeight(st style) float64 { return st.size * 1.2 }

// text draws s with its baseline at (x, top + ascent) where top is y from
// the top of the page.
func (c *canvas) text(x, y float64, s string, st style) {
	if s == "" {
		return
	}
	fc := c.faceOf(st)
	fi := 0
	if st.bold && c.r.bold != nil {
		fi = 1
	}
	// the CIDs as a literal string, two bytes each, with the bytes a
	// literal string cannot hold as they are escaped
	c.hex = c.hex[:0]
	for _, r := range s {
		cid := fc.cidOf(r)
		if cid == 0 {
			c.fail(&GlyphError{Rune: r, Text: s})
			return
		}
		c.pw.used[fi][cid] = true
		for _, v := range [2]byte{byte(cid >> 8), byte(cid)} {
			switch v {
			case '(', ')', '\\':
				c.hex = append(c.hex, '\\', v)
			case '\r':
				c.hex = append(c.hex, '\\', 'r')
			case '\n':
				c.hex = append(c.hex, '\\', 'n')
			default:
				c.hex = append(c.hex, v)
			}
		}
	}
	baseline := c.height - y - st.size*float64(fc.ascent)/float64(fc.unitsPerEm)
	b := c.page
	fake := st.bold && c.r.bold == nil
	if fake {
		b.WriteString("q ")
	}
	b.WriteString("BT /F")
	b.WriteByte(byte('1' + fi))
	b.WriteByte(' ')
	writeNum(b, st.size)
	b.WriteString(" Tf ")
	if fake {
		b.WriteString("2 Tr ")
		writeNum(b, st.size/30)
		b.WriteString(" w ")
	}
	skew := "0"
	if st.italic {
		skew = "0.2"
	}
	b.WriteString("1 0 " + skew + " 1 ")
	writeNum(b, x)
	b.WriteByte(' ')
	writeNum(b, baseline)
	b.WriteString(" Tm (")
	b.Write(c.hex)
	b.WriteString(") Tj ET")
	if fake {
		b.WriteString(" Q")
	}
	b.WriteByte('\n')
}

// rect strokes (fill false) or fills a rectangle given by its top-left
// corner from the top of the page.
func (c *canvas) rect(x, y, w, h float64, fill bool) {
	b := c.page
	writeNum(b, x)
	b.WriteByte(' ')
	writeNum(b, c.height-y-h)
	b.WriteByte(' ')
	writeNum(b, w)
	b.WriteByte(' ')
	writeNum(b, h)
	if fill {
		b.WriteString(" re f\n")
	} else {
		b.WriteString(" re S\n")
	}
}

// line draws a line from (x1, y1) to (x2, y2), y from the top.
func (c *canvas) line(x1, y1, x2, y2 float64) {
	b := c.page
	b.WriteString("0.5 w ")
	writeNum(b, x1)
	b.WriteByte(' ')
	writeNum(b, c.height-y1)
	b.WriteString(" m ")
	writeNum(b, x2)
	b.WriteByte(' ')
	writeNum(b, c.height-y2)
	b.WriteString(" l S\n")
}

// wrap breaks s into lines no wider than w: between syllables (at spaces)
// only, as Vietnamese is written; a single token wider than the line (a
// URL, a hash) is cut between characters. Runs of white space collapse.
func (c *canvas) wrap(s string, w float64, st style) []string {
	fc := c.faceOf(st)
	space := fc.width(" ", st.size)
	var lines []string
	var cur strings.Builder
	curW := 0.0
	for _, word := range strings.Fields(s) {
		ww := fc.width(word, st.size)
		if cur.Len() > 0 && curW+space+ww <= w {
			cur.WriteByte(' ')
			cur.WriteString(word)
			curW += space + ww
			continue
		}
		if cur.Len() > 0 {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		for ww > w {
			// cut the token after the last hyphen, slash, dot or query
			// sign that fits, else at the last character that fits
			n, brk, acc := 0, 0, 0.0
			for i, r := range word {
				rw := fc.width(string(r), st.size)
				if acc+rw > w && i > 0 {
					break
				}
				acc += rw
				n = i + utf8.RuneLen(r)
				if strings.ContainsRune("-/.?&=", r) && n < len(word) {
					brk = n
				}
			}
			if brk > 0 {
				n = brk
			}
			lines = append(lines, word[:n])
			word = word[n:]
			ww = fc.width(word, st.size)
		}
		cur.WriteString(word)
		curW = ww
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// para draws s as a paragraph from x to the right margin, breaking pages
// as needed; the first line is indented by indent. Line breaks in s start
// new lines.
func (c *canvas) para(s string, st style, al align, x, indent float64) {
	for _, p := range strings.Split(s, "\n") {
		first := true
		w := c.right - x
		for _, ln := range c.wrapIndent(p, w, indent, st) {
			c.ensure(lineHeight(st))
			lx := x
			if first {
				lx += indent
			}
			c.aligned(ln, st, al, lx, c.right)
			c.y += lineHeight(st)
			first = false
		}
	}
}

// wrapIndent is wrap with a first line shorter by indent.
func (c *canvas) wrapIndent(s string, w, indent float64, st style) []string {
	if indent == 0 {
		return c.wrap(s, w, st)
	}
	lines := c.wrap(s, w-indent, st)
	if len(lines) <= 1 {
		return lines
	}
	rest := c.wrap(strings.Join(lines[1:], " "), w, st)
	return append(lines[:1], rest...)
}

// aligned draws one line between x0 and x1.
func (c *canvas) aligned(s string, st style, al align, x0, x1 float64) {
	w := c.faceOf(st).width(s, st.size)
	x := x0
	switch al {
	case center:
		x = x0 + (x1-x0-w)/2
	case right:
		x = x1 - w
	}
	c.text(x, c.y, s, st)
}

// clean makes outside text safe to lay out: Unicode NFC (so "ệ" is one
// character whatever the browser sent), control characters as spaces,
// line breaks kept.
func clean(s string) string {
	s = norm.NFC.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n':
			return r
		case r == '\t', r == '\r', unicode.IsControl(r), r == utf8.RuneError:
			return ' '
		}
		return r
	}, s)
}
