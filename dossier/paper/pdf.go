package paper

import (
	"bufio"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash/adler32"
	"io"
	"strconv"
	"sync"
	"time"
	"unicode/utf16"
)

// A4 in points.
const (
	pageW = 595.28
	pageH = 841.89
)

// Reserved object numbers: the catalog, the page tree, the information
// dictionary and the two font dictionaries. Everything else is numbered as
// it is written.
const (
	objCatalog = 1
	objPages   = 2
	objInfo    = 3
	objFont    = 4 // regular; bold is objFont+1
	firstFree  = 6
)

// writer streams a PDF: pages are written as they are finished, so a
// register of any length holds only the page being drawn, the byte
// offsets of the objects and the set of characters used; the fonts, the
// page tree and the cross-reference table follow the last page.
type writer struct {
	w       *bufio.Writer
	sum     countWriter
	offsets []int64   // by object number; 0 = not yet written
	pages   []int     // page object numbers
	used    [2][]bool // by CID: the characters each face shows
	faces   [2]*face
	z       *flate.Writer
	zbuf    *bytes.Buffer // pooled
	pageBuf *bytes.Buffer // the canvas's page being drawn, pooled
	zsum    [4]byte
	digest  [32]byte
	width   float64 // page size in points
	height  float64
}

type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// zLevel is the compression of the streams made for each paper.
const zLevel = flate.BestSpeed

var zpool = sync.Pool{New: func() any {
	z, _ := flate.NewWriter(io.Discard, zLevel)
	return z
}}

var cutPool = sync.Pool{New: func() any { return new(cutter) }}

// Pools of byte buffers: a paper's output, a stream being compressed, a
// page being drawn.
var (
	outPool  = sync.Pool{New: newBuffer}
	zbufPool = sync.Pool{New: newBuffer}
	pagePool = sync.Pool{New: newBuffer}
)

func newBuffer() any { return new(bytes.Buffer) }

// putBuffer returns b to its pool unless it grew past 4 MiB.
func putBuffer(p *sync.Pool, b *bytes.Buffer) {
	if b.Cap() <= 4<<20 {
		p.Put(b)
	}
}

var bufPool = sync.Pool{New: func() any { return bufio.NewWriterSize(io.Discard, 32<<10) }}

func newWriter(w io.Writer, regular, bold *face) *writer {
	pw := &writer{offsets: make([]int64, firstFree), faces: [2]*face{regular, bold}, width: pageW, height: pageH}
	pw.sum.w = w
	pw.w = bufPool.Get().(*bufio.Writer)
	pw.w.Reset(&pw.sum)
	pw.z = zpool.Get().(*flate.Writer)
	pw.zbuf, pw.pageBuf = zbufPool.Get().(*bytes.Buffer), pagePool.Get().(*bytes.Buffer)
	pw.zbuf.Reset()
	pw.pageBuf.Reset()
	for i, fc := range pw.faces {
		if fc != nil {
			pw.used[i] = make([]bool, len(fc.runes)+1)
		}
	}
	pw.w.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	return pw
}

// release returns the pooled buffers; w must not be used after it.
func (pw *writer) release() {
	pw.w.Reset(io.Discard)
	bufPool.Put(pw.w)
	pw.z.Reset(io.Discard)
	zpool.Put(pw.z)
	putBuffer(&zbufPool, pw.zbuf)
	putBuffer(&pagePool, pw.pageBuf)
	pw.w, pw.z, pw.zbuf, pw.pageBuf = nil, nil, nil, nil
}

func (pw *writer) pos() int64 { return pw.sum.n + int64(pw.w.Buffered()) }

// alloc returns a new object number.
func (pw *writer) alloc() int {
	pw.offsets = append(pw.offsets, 0)
	return len(pw.offsets) - 1
}

// begin starts object n.
func (pw *writer) begin(n int) {
	pw.offsets[n] = pw.pos()
	pw.w.WriteString(strconv.Itoa(n))
	pw.w.WriteString(" 0 obj\n")
}

func (pw *writer) end() { pw.w.WriteString("\nendobj\n") }

// object writes object n with the dictionary or value s.
func (pw *writer) object(n int, s string) {
	pw.begin(n)
	pw.w.WriteString(s)
	pw.end()
}

// stream writes object n as a stream of data, compressed, with the extra
// dictionary entries dict.
func (pw *writer) stream(n int, dict string, data []byte) error {
	return pw.streamTail(n, dict, data, nil)
}

// deflated is data compressed once, when a [Renderer] is made, to end the
// streams of many papers.
type deflated struct {
	raw   []byte
	z     []byte // raw deflate blocks, the last one final
	adler uint32 // Adler-32 of raw
	sum   [32]byte
}

// deflate compresses b for [writer.streamTail], as well as flate can.
func deflate(b []byte) (deflated, error) {
	var buf bytes.Buffer
	z, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return deflated{}, err
	}
	if _, err := z.Write(b); err != nil {
		return deflated{}, err
	}
	if err := z.Close(); err != nil {
		return deflated{}, err
	}
	return deflated{raw: b, z: buf.Bytes(), adler: adler32.Checksum(b), sum: sha256.Sum256(b)}, nil
}

// streamTail writes object n as a stream of data followed by tail (nil
// for none), with the extra dictionary entries dict: a zlib stream (RFC
// 1950) whose deflate blocks for data end at a byte boundary (a sync
// flush) and are followed by tail's blocks, compressed beforehand.
func (pw *writer) streamTail(n int, dict string, data []byte, tail *deflated) error {
	pw.zbuf.Reset()
	pw.zbuf.Write([]byte{0x78, 0x01})
	sum := adler32.Checksum(data)
	switch {
	case len(data) == 0 && tail != nil:
		pw.zbuf.Write(tail.z)
		sum = tail.adler
	case tail == nil:
		pw.z.Reset(pw.zbuf)
		if _, err := pw.z.Write(data); err != nil {
			return err
		}
		if err := pw.z.Close(); err != nil {
			return err
		}
	default:
		pw.z.Reset(pw.zbuf)
		if _, err := pw.z.Write(data); err != nil {
			return err
		}
		if err := pw.z.Flush(); err != nil {
			return err
		}
		pw.zbuf.Write(tail.z)
		sum = adler32Combine(sum, tail.adler, len(tail.raw))
	}
	pw.zbuf.Write(binary.BigEndian.AppendUint32(pw.zsum[:0], sum))
	pw.begin(n)
	pw.w.WriteString("<</Length ")
	pw.w.WriteString(strconv.Itoa(pw.zbuf.Len()))
	pw.w.WriteString("/Filter/FlateDecode")
	pw.w.WriteString(dict)
	pw.w.WriteString(">>\nstream\n")
	pw.w.Write(pw.zbuf.Bytes())
	pw.w.WriteString("\nendstream")
	pw.end()
	h := sha256.New()
	h.Write(pw.digest[:])
	h.Write(data)
	if tail != nil {
		h.Write(tail.sum[:])
	}
	h.Sum(pw.digest[:0])
	return nil
}

// adler32Combine returns the Adler-32 of a then b from their checksums
// and the length of b (zlib's adler32_combine).
func adler32Combine(a, b uint32, lenB int) uint32 {
	const base = 65521
	rem := uint64(lenB % base)
	s1 := uint64(a & 0xffff)
	s2 := rem * s1 % base
	s1 += uint64(b&0xffff) + base - 1
	s2 += uint64(a>>16) + uint64(b>>16) + base - rem
	s1 %= base
	s2 %= base
	return uint32(s2<<16 | s1)
}

// page writes one page with its content stream.
func (pw *writer) page(content []byte) error {
	c, p := pw.alloc(), pw.alloc()
	if err := pw.stream(c, "", content); err != nil {
		return err
	}
	fonts := fmt.Sprintf("/F1 %d 0 R", objFont)
	if pw.faces[1] != nil {
		fonts += fmt.Sprintf("/F2 %d 0 R", objFont+1)
	}
	pw.object(p, fmt.Sprintf("<</Type/Page/Parent %d 0 R/MediaBox[0 0 %s %s]/Resources<</Font<<%s>>/ProcSet[/PDF/Text]>>/Contents %d 0 R>>",
		objPages, num(pw.width), num(pw.height), fonts, c))
	pw.pages = append(pw.pages, p)
	return pw.w.Flush()
}

// info is the document information dictionary's content.
type info struct {
	title, subject, author string
	date                   time.Time
}

// finish writes the fonts, the page tree, the catalog, the information
// dictionary, the cross-reference table and the trailer.
func (pw *writer) finish(in info) error {
	for i, fc := range pw.faces {
		if fc == nil {
			pw.object(objFont+i, "null")
			continue
		}
		if err := pw.font(objFont+i, i); err != nil {
			return err
		}
	}
	var kids bytes.Buffer
	for i, p := range pw.pages {
		if i > 0 {
			kids.WriteByte(' ')
		}
		fmt.Fprintf(&kids, "%d 0 R", p)
	}
	pw.object(objPages, fmt.Sprintf("<</Type/Pages/Count %d/Kids[%s]>>", len(pw.pages), kids.Bytes()))
	pw.object(objCatalog, fmt.Sprintf("<</Type/Catalog/Pages %d 0 R/Lang(vi-VN)/ViewerPreferences<</DisplayDocTitle true>>>>", objPages))
	date := pdfDate(in.date)
	pw.object(objInfo, fmt.Sprintf("<</Title %s/Subject %s/Author %s/Producer (motcua dossier/paper)/CreationDate %s/ModDate %s>>",
		textString(in.title), textString(in.subject), textString(in.author), date, date))
	xref := pw.pos()
	fmt.Fprintf(pw.w, "xref\n0 %d\n0000000000 65535 f \n", len(pw.offsets))
	for _, off := range pw.offsets[1:] {
		fmt.Fprintf(pw.w, "%010d 00000 n \n", off)
	}
	id := hex.EncodeToString(pw.digest[:16])
	fmt.Fprintf(pw.w, "trailer\n<</Size %d/Root %d 0 R/Info %d 0 R/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n",
		len(pw.offsets), objCatalog, objInfo, id, id, xref)
	return pw.w.Flush()
}

// font writes face i (0 regular, 1 bold) as a Type 0 font with an
// embedded TrueType subset of the characters used, their widths, and the
// face's CID-to-glyph map and ToUnicode map (compressed at [New]), so that
// text extracts exactly.
func (pw *writer) font(n, i int) error {
	fc := pw.faces[i]
	var used []rune
	for cid, ok := range pw.used[i] {
		if ok {
			used = append(used, fc.runes[cid-1])
		}
	}
	if len(used) == 0 {
		used = []rune{' '}
	}
	gids := make([]uint16, len(used))
	for j, r := range used {
		gids[j] = fc.gid[r]
	}
	cu := cutPool.Get().(*cutter)
	defer cutPool.Put(cu)
	sub := cu.cut(fc.glyphs, gids)
	// widths of the CIDs used, consecutive ones grouped: 3[600 612]
	widths := make([]byte, 0, 8*len(used))
	last := -2
	for _, r := range used {
		cid := int(fc.cid[r])
		if cid == last+1 {
			widths = append(widths, ' ')
		} else {
			if last >= 0 {
				widths = append(widths, ']')
			}
			widths = strconv.AppendInt(widths, int64(cid), 10)
			widths = append(widths, '[')
		}
		widths = strconv.AppendInt(widths, int64(fc.scale(fc.advance[r])), 10)
		last = cid
	}
	widths = append(widths, ']')
	tag := subsetTag(fc.name, used)
	name := tag + "+" + fc.name
	desc, file, uni, cidmap, cidfont := pw.alloc(), pw.alloc(), pw.alloc(), pw.alloc(), pw.alloc()
	if err := pw.streamTail(file, "/Length1 "+strconv.Itoa(len(sub)+len(fc.glyphs.tail.raw)), sub, &fc.glyphs.tail); err != nil {
		return err
	}
	if err := pw.streamTail(uni, "", nil, &fc.toUnicode); err != nil {
		return err
	}
	if err := pw.streamTail(cidmap, "", nil, &fc.cidToGID); err != nil {
		return err
	}
	flags := 32 // nonsymbolic
	if i == 1 {
		flags |= 1 << 18 // force bold
	}
	pw.object(desc, fmt.Sprintf("<</Type/FontDescriptor/FontName/%s/Flags %d/FontBBox[%d %d %d %d]/ItalicAngle 0/Ascent %d/Descent %d/CapHeight %d/StemV %d/FontFile2 %d 0 R>>",
		name, flags, fc.scale(fc.bbox[0]), fc.scale(fc.bbox[1]), fc.scale(fc.bbox[2]), fc.scale(fc.bbox[3]),
		fc.scale(fc.ascent), fc.scale(fc.descent), fc.scale(fc.capHeight), 80+40*i, file))
	pw.object(cidfont, fmt.Sprintf("<</Type/Font/Subtype/CIDFontType2/BaseFont/%s/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor %d 0 R/DW 1000/W[%s]/CIDToGIDMap %d 0 R>>",
		name, desc, widths, cidmap))
	pw.object(n, fmt.Sprintf("<</Type/Font/Subtype/Type0/BaseFont/%s/Encoding/Identity-H/DescendantFonts[%d 0 R]/ToUnicode %d 0 R>>", name, cidfont, uni))
	return nil
}

// toUnicode returns the ToUnicode CMap of a face's CIDs: CID i is the
// face's rune i-1. Runs of CIDs whose runes follow each other are ranges
// (bfrange), cut where a code's last byte would wrap, as ISO 32000-1
// §9.10.3 requires; runes beyond the BMP are single entries (bfchar).
func toUnicode(runes []rune) []byte {
	type span struct {
		cid   int
		first rune
		n     int
	}
	var ranges []span
	var singles []int // CIDs
	for i := 0; i < len(runes); {
		cid, r := i+1, runes[i]
		if r > 0xffff {
			singles = append(singles, cid)
			i++
			continue
		}
		n := 1
		for i+n < len(runes) && runes[i+n] == r+rune(n) && runes[i+n] <= 0xffff && (cid+n)&0xff != 0 && (r+rune(n))&0xff != 0 {
			n++
		}
		ranges = append(ranges, span{cid, r, n})
		i += n
	}
	var cmap bytes.Buffer
	cmap.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n")
	for j := 0; j < len(ranges); j += 100 {
		chunk := ranges[j:min(j+100, len(ranges))]
		fmt.Fprintf(&cmap, "%d beginbfrange\n", len(chunk))
		for _, s := range chunk {
			fmt.Fprintf(&cmap, "<%04X><%04X><%04X>\n", s.cid, s.cid+s.n-1, s.first)
		}
		cmap.WriteString("endbfrange\n")
	}
	for j := 0; j < len(singles); j += 100 {
		chunk := singles[j:min(j+100, len(singles))]
		fmt.Fprintf(&cmap, "%d beginbfchar\n", len(chunk))
		for _, cid := range chunk {
			fmt.Fprintf(&cmap, "<%04X><", cid)
			for _, u := range utf16.Encode([]rune{runes[cid-1]}) {
				fmt.Fprintf(&cmap, "%04X", u)
			}
			cmap.WriteString(">\n")
		}
		cmap.WriteString("endbfchar\n")
	}
	cmap.WriteString("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n")
	return cmap.Bytes()
}

// subsetTag is the six capital letters that name a font subset (ISO
// 32000-1 §9.6.4), derived from the font and the characters it holds, so
// that different subsets of one font get different names.
func subsetTag(name string, runes []rune) string {
	h := sha256.New()
	h.Write([]byte(name))
	for _, r := range runes {
		h.Write([]byte(string(r)))
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// textString encodes s as a PDF text string: UTF-16BE with a byte-order
// mark, in hex.
func textString(s string) string {
	var b bytes.Buffer
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteByte('>')
	return b.String()
}

// pdfDate formats t as a PDF date in its own zone: (D:20261202093000+07'00').
func pdfDate(t time.Time) string {
	_, off := t.Zone()
	sign := byte('+')
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("(D:%s%c%02d'%02d')", t.Format("20060102150405"), sign, off/3600, off%3600/60)
}

// num formats a coordinate with at most two decimals.
func num(v float64) string { return string(appendNum(nil, v)) }

// writeNum writes num(v) to b.
func writeNum(b *bytes.Buffer, v float64) { b.Write(appendNum(b.AvailableBuffer(), v)) }

// appendNum appends v rounded to two decimals (half away from zero),
// without trailing zeros: 12.5, -0.05, 3.
func appendNum(dst []byte, v float64) []byte {
	n := int64(v*100 + 0.5*sign(v))
	if n < 0 {
		dst = append(dst, '-')
		n = -n
	}
	dst = strconv.AppendInt(dst, n/100, 10)
	if f := n % 100; f != 0 {
		dst = append(dst, '.', byte('0'+f/10))
		if f%10 != 0 {
			dst = append(dst, byte('0'+f%10))
		}
	}
	return dst
}

func sign(v float64) float64 {
	if v < 0 {
		return -1
	}
	return 1
}
