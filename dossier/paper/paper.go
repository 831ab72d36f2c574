package paper

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// Options configures a [Renderer]. Font is required; the rest is optional.
type Options struct {
	// Font is a TrueType font file (.ttf, glyf outlines) that has the
	// Vietnamese letters: DejaVu Sans, Noto Sans, Times New Roman... Each
	// paper embeds a subset of it holding only the characters it shows.
	Font []byte
	// BoldFont is the bold face of the same family; without it bold text
	// is drawn by stroking the regular face.
	BoldFont []byte
	// LookupURL is the address where a citizen looks a dossier up, with
	// "{code}" where the dossier code goes, e.g.
	// "https://dichvucong.example.gov.vn/tra-cuu?ma={code}". The receipt
	// prints it and its QR code; empty leaves both out.
	LookupURL string
}

// Renderer renders the papers. It is immutable and safe for concurrent
// use; build one with [New] and keep it.
type Renderer struct {
	regular, bold *face
	lookup        string
}

// New checks the fonts and the lookup URL and returns a Renderer. A font
// that is not a TrueType font with the Vietnamese letters is a
// [*FontError]; a lookup URL that is not an absolute http or https URL
// holding "{code}" is a [*PaperError] wrapping [ErrInput].
func New(opt Options) (*Renderer, error) {
	r := &Renderer{lookup: opt.LookupURL}
	if opt.LookupURL != "" {
		u, err := url.Parse(strings.ReplaceAll(opt.LookupURL, "{code}", "x"))
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || strings.Count(opt.LookupURL, "{code}") != 1 || len(opt.LookupURL) > 512 {
			return nil, &PaperError{Rule: "lookup_url", Code: "", Detail: fmt.Sprintf("lookup URL %q: want an http(s) URL with one {code}, at most 512 bytes", cut80(opt.LookupURL))}
		}
	}
	if len(opt.Font) == 0 {
		return nil, &FontError{Why: "no font given (Options.Font)"}
	}
	var err error
	if r.regular, err = newFace(opt.Font); err != nil {
		return nil, err
	}
	if len(opt.BoldFont) > 0 {
		if r.bold, err = newFace(opt.BoldFont); err != nil {
			return nil, fmt.Errorf("bold font: %w", err)
		}
	}
	return r, nil
}

// LookupURL returns the lookup address of a dossier code, or "" when the
// renderer has none.
func (r *Renderer) LookupURL(code string) string {
	if r.lookup == "" {
		return ""
	}
	return strings.Replace(r.lookup, "{code}", url.QueryEscape(code), 1)
}

// Agency is the body that issues a paper, as its header names it.
type Agency struct {
	// Parent is the governing body, the header's first line, e.g. "ỦY BAN
	// NHÂN DÂN TỈNH BÌNH DƯƠNG"; it may be empty.
	Parent string
	// Name is the issuing body, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG".
	Name string
	// Place is the place name the date line starts with, e.g. "Thủ Dầu Một".
	Place string
	// Phone is the number the applicant calls for guidance.
	Phone string
}

// Paper is what one paper is made from: a dossier with its trail, the
// procedure it follows and the issuing agency.
type Paper struct {
	// Kind is the paper (not [Register], which is [Renderer.WriteRegister]).
	Kind Kind
	// Dossier is the dossier, with its events: the paper reads the event it
	// is about (the receipt, the request, the refusal, the apology, the
	// withdrawal) from the trail.
	Dossier dossier.Dossier
	// Procedure is the procedure in force at submission: its name and its
	// list of documents with originals and copies. Nil prints the
	// procedure code only and lists the attachments.
	Procedure *catalog.Procedure
	// Agency is the issuing body.
	Agency Agency
	// Number is the paper's number ("Số: 125/TN-TTHCC"); empty prints a
	// blank to fill in.
	Number string
	// Date is the paper's date; zero means the time of its event.
	Date time.Time
	// Officer is the name of the officer who signs the paper.
	Officer string
	// Receipt is the receipt's integrity data ([dossier.Service.Receipt]):
	// the receipt prints it as text and as a QR code.
	Receipt *dossier.Receipt
	// Items lists what the applicant must supply or correct (paper 02);
	// empty means the request's reason.
	Items []string
	// ResultAt is where the result is returned (paper 01); empty means the
	// agency's one-stop counter.
	ResultAt string
}

// maxText bounds every text of a paper's input, in bytes.
const maxText = 4096

// Write renders the paper to w as a PDF: A4, the national motto header,
// the agency, number, place and date, the form's fields, and Vietnamese
// text in an embedded subset of the renderer's font. The output is a
// valid input to signing.Sign. On error nothing is written to w.
func (r *Renderer) Write(w io.Writer, p Paper) error {
	if err := p.check(); err != nil {
		return err
	}
	buf := outPool.Get().(*bytes.Buffer)
	defer putBuffer(&outPool, buf)
	buf.Reset()
	if err := r.render(buf, &p); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func (p *Paper) check() error {
	bad := func(rule, detail string) error {
		return &PaperError{Kind: p.Kind, Code: p.Dossier.Code, Rule: rule, Detail: detail}
	}
	if !p.Kind.Valid() || p.Kind == Register {
		return bad("kind", fmt.Sprintf("kind %s is not a single paper", p.Kind))
	}
	if strings.TrimSpace(p.Agency.Name) == "" {
		return bad("no_agency", "Agency.Name is empty")
	}
	texts := []string{p.Agency.Parent, p.Agency.Name, p.Agency.Place, p.Agency.Phone, p.Number, p.Officer, p.ResultAt}
	texts = append(texts, p.Items...)
	for _, s := range texts {
		if len(s) > maxText {
			return bad("too_long", fmt.Sprintf("a text of %d bytes, more than %d", len(s), maxText))
		}
	}
	if len(p.Items) > 100 {
		return bad("too_long", fmt.Sprintf("%d items, more than 100", len(p.Items)))
	}
	return nil
}

func (r *Renderer) render(w io.Writer, p *Paper) error {
	f, err := r.fill(p)
	if err != nil {
		return err
	}
	pw := newWriter(w, r.regular, r.bold)
	defer pw.release()
	c := newCanvas(r, pw, pageW, pageH)
	c.footer = false
	f.draw(c)
	if c.err != nil {
		return c.err
	}
	c.finish()
	if c.err != nil {
		return c.err
	}
	return pw.finish(info{title: clean(p.Kind.Label("vi")) + " " + p.Dossier.Code, subject: "Mẫu số " + p.Kind.Form() + ", Thông tư 03/2025/TT-VPCP", author: clean(p.Agency.Name), date: f.date})
}

// qrRun is a rectangle of dark modules: columns start to end, rows top
// to bottom, ends excluded.
type qrRun struct{ start, end, top, bottom int }

// qr draws a QR code of content with its top-left corner at (x, y) and
// side size, in points: one filled path in module units, a rectangle for
// each run of dark modules in a row (merged with the same runs in the rows
// below), so that it prints sharp at any resolution and has no seams.
func (c *canvas) qr(x, y, size float64, content string) {
	q, err := encodeQR([]byte(content), -1)
	if err != nil {
		c.fail(&PaperError{Rule: "too_long", Detail: "QR code: " + err.Error()})
		return
	}
	n := q.size
	m := size / float64(n)
	b := c.page
	scale := strconv.FormatFloat(m, 'f', 4, 64) // four decimals: the side stays exact to 0.01 pt
	b.WriteString("q ")
	b.WriteString(scale)
	b.WriteString(" 0 0 -")
	b.WriteString(scale)
	b.WriteByte(' ')
	writeNum(b, x)
	b.WriteByte(' ')
	writeNum(b, c.height-y)
	b.WriteString(" cm\n")
	// each run of dark modules in a row, extended down while the rows
	// below have the same run: fewer, taller rectangles
	var line []byte
	rect := func(r qrRun) {
		line = strconv.AppendInt(line[:0], int64(r.start), 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(r.top), 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(r.end-r.start), 10)
		line = append(line, ' ')
		line = strconv.AppendInt(line, int64(r.bottom-r.top), 10)
		line = append(line, " re\n"...)
		b.Write(line)
	}
	var open, next []qrRun
	for row := 0; row <= n; row++ {
		next = next[:0]
		i := 0
		for col := 0; row < n && col < n; {
			dark := q.dark[row*n : (row+1)*n]
			if !dark[col] {
				col++
				continue
			}
			start := col
			for col < n && dark[col] {
				col++
			}
			for i < len(open) && open[i].start < start {
				rect(open[i]) // ended above
				i++
			}
			if i < len(open) && open[i].start == start && open[i].end == col {
				open[i].bottom++
				next = append(next, open[i])
				i++
				continue
			}
			next = append(next, qrRun{start: start, end: col, top: row, bottom: row + 1})
		}
		for ; i < len(open); i++ {
			rect(open[i])
		}
		open, next = next, open
	}
	b.WriteString("f Q\n")
}
