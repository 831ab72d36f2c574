package paper

import (
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
)

// motto is the national motto header of every administrative document
// (Decree 30/2020/NĐ-CP, Appendix I).
const (
	mottoCountry = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
	mottoWords   = "Độc lập - Tự do - Hạnh phúc"
)

// heading draws the two-column header: the agency and the paper's number
// on the left, the national motto and the place and date on the right.
func (c *canvas) heading(a Agency, number, numberSuffix string, date time.Time) {
	top := c.y
	split := c.left + 66*mm
	gap := 4 * mm
	// left column
	st := style{size: 11}
	if a.Parent != "" {
		for _, ln := range c.wrap(clean(a.Parent), split-c.left+12*mm, st) {
			c.aligned(ln, st, center, c.left-12*mm, split)
			c.y += lineHeight(st)
		}
	}
	stb := style{size: 11, bold: true}
	for _, ln := range c.wrap(clean(a.Name), split-c.left+12*mm, stb) {
		c.aligned(ln, stb, center, c.left-12*mm, split)
		c.y += lineHeight(stb)
	}
	mid := (c.left - 12*mm + split) / 2
	c.line(mid-12*mm, c.y+1, mid+12*mm, c.y+1)
	c.y += 4
	num := "Số: " + clean(number)
	if number == "" {
		num = "Số:        /" + numberSuffix
	}
	c.aligned(num, body, center, c.left-12*mm, split)
	leftEnd := c.y + lineHeight(body)
	// right column
	c.y = top
	x0, x1 := split+gap, c.right+5*mm
	c.aligned(mottoCountry, stb, center, x0, x1)
	c.y += lineHeight(stb)
	words := style{size: 13, bold: true}
	c.aligned(mottoWords, words, center, x0, x1)
	c.y += lineHeight(words)
	w := c.faceOf(words).width(mottoWords, words.size)
	cx := (x0 + x1) / 2
	c.line(cx-w/2, c.y+1, cx+w/2, c.y+1)
	c.y += 6
	if !date.IsZero() {
		place := clean(a.Place)
		if place != "" {
			place += ", "
		}
		c.aligned(place+vnfmt.LongDate(date.In(vnLocation)), bodyItal, center, x0, x1)
		c.y += lineHeight(bodyItal)
	}
	c.y = max(leftEnd, c.y) + 4*mm
}

// title draws a paper's title, bold and centred, and an optional line
// under it.
func (c *canvas) title(s, sub string) {
	st := style{size: 14, bold: true}
	for _, ln := range c.wrap(s, c.right-c.left, st) {
		c.ensure(lineHeight(st))
		c.aligned(ln, st, center, c.left, c.right)
		c.y += lineHeight(st)
	}
	if sub != "" {
		c.para(sub, body, center, c.left, 0)
	}
	c.y += 2 * mm
}

// field draws "label: value" as a paragraph; an empty value leaves a
// dotted blank to fill in by hand.
func (c *canvas) field(label, value string) {
	value = clean(value)
	if strings.TrimSpace(value) == "" {
		value = "…………………………"
	}
	c.para(label+": "+value, body, left, c.left, 0)
}

// column is one column of a table.
type column struct {
	title string
	width float64 // fraction of the table's width
	align align
}

// table is a bordered table being drawn: a bold header row, repeated on
// each new page, and cells wrapped between syllables.
type table struct {
	c      *canvas
	xs     []float64
	aligns []align
	titles []string
	pad    float64
	st     style
	head   style
}

// newTable starts a table across the text width and draws its header.
func (c *canvas) newTable(cols []column, st, head style) *table {
	t := &table{c: c, xs: make([]float64, len(cols)+1), pad: 1.2 * mm, st: st, head: head}
	total := c.right - c.left
	t.xs[0] = c.left
	for i, col := range cols {
		t.xs[i+1] = t.xs[i] + col.width*total
		t.aligns = append(t.aligns, col.align)
		t.titles = append(t.titles, col.title)
	}
	t.draw(t.titles, true)
	return t
}

// row draws one row.
func (t *table) row(cells ...string) { t.draw(cells, false) }

// end leaves a little space after the table.
func (t *table) end() { t.c.y += 3 * mm }

func (t *table) draw(cells []string, header bool) {
	c := t.c
	st := t.st
	if header {
		st = t.head
	}
	wrapped := make([][]string, len(t.aligns))
	n := 1
	for i := range t.aligns {
		if i < len(cells) {
			wrapped[i] = c.wrapMulti(clean(cells[i]), t.xs[i+1]-t.xs[i]-2*t.pad, st)
		}
		n = max(n, len(wrapped[i]))
	}
	h := float64(n)*lineHeight(st) + 2*t.pad
	need := h
	if header {
		need += 2 * lineHeight(t.st) // never a header alone at the foot of a page
	}
	if c.y+need > c.height-marginBottom && c.y > marginTop+1 {
		c.newPage()
		if !header {
			t.draw(t.titles, true)
		}
	}
	for i := range t.aligns {
		c.rect(t.xs[i], c.y, t.xs[i+1]-t.xs[i], h, false)
		al := t.aligns[i]
		if header {
			al = center
		}
		save := c.y
		c.y += t.pad
		for _, ln := range wrapped[i] {
			c.aligned(ln, st, al, t.xs[i]+t.pad, t.xs[i+1]-t.pad)
			c.y += lineHeight(st)
		}
		c.y = save
	}
	c.y += h
}

// wrapMulti wraps each line of s.
func (c *canvas) wrapMulti(s string, w float64, st style) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		out = append(out, c.wrap(p, w, st)...)
	}
	return out
}

// signatures draws signature blocks side by side: each a bold title, the
// italic "(Ký và ghi rõ họ tên)", room to sign, and the name.
func (c *canvas) signatures(blocks ...[2]string) {
	h := lineHeight(bodyBold)*2 + 14*mm
	c.y += 2 * mm
	c.ensure(h)
	top := c.y
	w := (c.right - c.left) / float64(len(blocks))
	for i, b := range blocks {
		x0 := c.left + float64(i)*w
		c.y = top
		if b[0] == "" {
			continue
		}
		for _, ln := range c.wrap(b[0], w, bodyBold) {
			c.aligned(ln, bodyBold, center, x0, x0+w)
			c.y += lineHeight(bodyBold)
		}
		c.aligned("(Ký và ghi rõ họ tên)", bodyItal, center, x0, x0+w)
		c.y += 14 * mm
		if b[1] != "" {
			c.aligned(clean(b[1]), bodyBold, center, x0, x0+w)
		}
	}
	c.y = top + h
}
