package signing

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"

	"golang.org/x/text/unicode/norm"
)

// stamp is a visible signature's appearance: a frame and, when a font is
// given, lines of text in that font (a subset of it holding the glyphs
// used, embedded as a Type 0 font with Identity-H encoding and a ToUnicode
// map, so the text can be copied and searched).
type stamp struct {
	w, h  float64
	font  *ttFont
	sub   *fontSubset
	lines [][]int // original glyph ids per line
	used  map[int]rune
	size  float64
}

const (
	stampPad     = 4.0
	stampLeading = 1.25
	maxFontSize  = 12.0
)

func newStamp(a *Appearance, lines []string) (*stamp, error) {
	st := &stamp{w: a.Rect[2] - a.Rect[0], h: a.Rect[3] - a.Rect[1]}
	if len(a.Font) == 0 {
		return st, nil
	}
	f, err := parseTrueType(a.Font)
	if err != nil {
		return nil, fmt.Errorf("%w: appearance font: %w", ErrOptions, err)
	}
	st.font, st.used = f, map[int]rune{}
	st.size = maxFontSize
	if n := len(lines); n > 0 {
		st.size = min(st.size, (st.h-2*stampPad)/(float64(n)*stampLeading))
	}
	for _, l := range lines {
		var gids []int
		width := 0
		for _, r := range norm.NFC.String(l) {
			g := f.cmap(r)
			if g == 0 {
				return nil, fmt.Errorf("%w: appearance font has no glyph for %q", ErrOptions, r)
			}
			gids = append(gids, g)
			st.used[g] = r
			width += f.advances[g]
		}
		st.lines = append(st.lines, gids)
		if width > 0 {
			st.size = min(st.size, (st.w-2*stampPad)*float64(f.unitsPerEm)/float64(width))
		}
	}
	if st.size < 2 {
		return nil, fmt.Errorf("%w: appearance rectangle too small for its text", ErrOptions)
	}
	if st.sub, err = f.subset(st.used); err != nil {
		return nil, fmt.Errorf("%w: appearance font: %w", ErrOptions, err)
	}
	return st, nil
}

func num(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// content returns the appearance stream's content.
func (st *stamp) content() []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "q 0 0 0.6 RG 1 w 0.5 0.5 %s %s re S Q\n", num(st.w-1), num(st.h-1))
	if st.font == nil || len(st.lines) == 0 {
		return b.Bytes()
	}
	fmt.Fprintf(&b, "BT 0 0 0.5 rg /F1 %s Tf\n", num(st.size))
	lead := st.size * stampLeading
	y := st.h - stampPad - st.size*float64(st.font.ascent)/float64(st.font.unitsPerEm)
	for _, l := range st.lines {
		fmt.Fprintf(&b, "1 0 0 1 %s %s Tm <", num(stampPad), num(y))
		for _, g := range l {
			fmt.Fprintf(&b, "%04X", st.sub.newID[g])
		}
		b.WriteString("> Tj\n")
		y -= lead
	}
	b.WriteString("ET\n")
	return b.Bytes()
}

// usedGlyphs returns the original ids of the glyphs shown, in the order of
// their ids in the subset.
func (st *stamp) usedGlyphs() []int {
	gids := make([]int, 0, len(st.used))
	for g := range st.used {
		gids = append(gids, g)
	}
	slices.Sort(gids) // the subset keeps the original order
	return gids
}

// toUnicode returns the ToUnicode CMap of the glyphs used, by subset id.
func (st *stamp) toUnicode() []byte {
	gids := st.usedGlyphs()
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(gids); i += 100 {
		chunk := gids[i:min(i+100, len(gids))]
		fmt.Fprintf(&b, "%d beginbfchar\n", len(chunk))
		for _, g := range chunk {
			fmt.Fprintf(&b, "<%04X> <", st.sub.newID[g])
			for _, u := range utf16.Encode([]rune{st.used[g]}) {
				fmt.Fprintf(&b, "%04X", u)
			}
			b.WriteString(">\n")
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	return b.Bytes()
}

// widths returns the /W array for the glyphs used, by subset id.
func (st *stamp) widths() pdfArray {
	var w pdfArray
	for _, g := range st.usedGlyphs() {
		w = append(w, int64(st.sub.newID[g]), pdfArray{int64(st.font.scale(st.font.advances[g]))})
	}
	return w
}

// streamWriter writes one stream object.
type streamWriter func(ref pdfRef, d pdfDict, data []byte)

// write emits the appearance stream and, with a font, the font objects.
func (st *stamp) write(apRef pdfRef, alloc func() pdfRef, writeObj func(pdfRef, any), writeStream streamWriter) error {
	ap := pdfDict{
		"Type": pdfName("XObject"), "Subtype": pdfName("Form"),
		"BBox": pdfArray{int64(0), int64(0), pdfReal(st.w), pdfReal(st.h)},
	}
	if st.font == nil {
		writeStream(apRef, ap, st.content())
		return nil
	}
	type0, cid, desc, file, tu := alloc(), alloc(), alloc(), alloc(), alloc()
	ap["Resources"] = pdfDict{"Font": pdfDict{"F1": type0}}
	writeStream(apRef, ap, st.content())
	name := pdfName(st.sub.name)
	writeObj(type0, pdfDict{
		"Type": pdfName("Font"), "Subtype": pdfName("Type0"), "BaseFont": name,
		"Encoding": pdfName("Identity-H"), "DescendantFonts": pdfArray{cid}, "ToUnicode": tu,
	})
	writeObj(cid, pdfDict{
		"Type": pdfName("Font"), "Subtype": pdfName("CIDFontType2"), "BaseFont": name,
		"CIDSystemInfo":  pdfDict{"Registry": pdfString("Adobe"), "Ordering": pdfString("Identity"), "Supplement": int64(0)},
		"FontDescriptor": desc, "CIDToGIDMap": pdfName("Identity"), "DW": int64(1000), "W": st.widths(),
	})
	f := st.font
	writeObj(desc, pdfDict{
		"Type": pdfName("FontDescriptor"), "FontName": name, "Flags": int64(32),
		"FontBBox":    pdfArray{int64(f.scale(f.bbox[0])), int64(f.scale(f.bbox[1])), int64(f.scale(f.bbox[2])), int64(f.scale(f.bbox[3]))},
		"ItalicAngle": int64(0), "Ascent": int64(f.scale(f.ascent)), "Descent": int64(f.scale(f.descent)),
		"CapHeight": int64(f.scale(f.ascent)), "StemV": int64(80), "FontFile2": file,
	})
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	if _, err := zw.Write(st.sub.data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	writeStream(file, pdfDict{"Filter": pdfName("FlateDecode"), "Length1": int64(len(st.sub.data))}, z.Bytes())
	writeStream(tu, pdfDict{}, st.toUnicode())
	return nil
}
