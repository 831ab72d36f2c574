package signing

import (
	"bytes"
	"crypto"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Editor appends a hand-made incremental update to a PDF: the tests build
// attack files with it from files the package signed.
type Editor struct {
	base []byte
	f    *pdfFile
	objs map[int][]byte
	next int
	info int
}

// NewEditor parses pdf for editing.
func NewEditor(pdf []byte) (*Editor, error) {
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), defaultBudget())
	if err != nil {
		return nil, err
	}
	return &Editor{base: pdf, f: f, objs: map[int][]byte{}, next: f.nextObjectNumber()}, nil
}

// Root returns the catalog's object number.
func (e *Editor) Root() int { return e.f.trailer["Root"].(pdfRef).Num }

// Pages returns the page tree root's object number.
func (e *Editor) Pages() int {
	cat, _ := e.f.dict(e.f.trailer["Root"])
	return refNum(cat["Pages"])
}

// Page returns the object number of page n (1-based).
func (e *Editor) Page(n int) int {
	cat, _ := e.f.dict(e.f.trailer["Root"])
	ref, _, err := e.f.findPage(cat, n)
	if err != nil {
		return -1
	}
	return ref.Num
}

// Contents returns the object number of page n's content stream.
func (e *Editor) Contents(n int) int {
	d := e.dict(e.Page(n))
	return refNum(d["Contents"])
}

// SigDict returns the object number of signature i's dictionary (file
// order).
func (e *Editor) SigDict(i int) int {
	sigs, _, _ := e.f.allSignatures()
	return sigs[i].SigRef.Num
}

// SigField returns the object number of signature i's field.
func (e *Editor) SigField(i int) int {
	sigs, _, _ := e.f.allSignatures()
	return sigs[i].FieldRef.Num
}

// AcroForm returns the object number of the (indirect) form dictionary.
func (e *Editor) AcroForm() int {
	cat, _ := e.f.dict(e.f.trailer["Root"])
	return refNum(cat["AcroForm"])
}

func (e *Editor) dict(num int) pdfDict {
	if b, ok := e.objs[num]; ok {
		l := newLexer(bytes.NewReader(b), int64(len(b)), 0)
		v, _ := l.object(0)
		d, _ := v.(pdfDict)
		return copyDict(d)
	}
	x, _ := e.f.xref.get(num)
	v, _ := e.f.load(pdfRef{Num: num, Gen: x.Gen})
	return copyDict(dictOf(v))
}

// Get returns object num's dictionary written as PDF syntax.
func (e *Editor) Get(num int) string {
	var b bytes.Buffer
	writeValue(&b, e.dict(num))
	return b.String()
}

// SetKey sets key of the dictionary object num to raw PDF syntax ("" removes
// the key).
func (e *Editor) SetKey(num int, key, raw string) {
	d := e.dict(num)
	if raw == "" {
		delete(d, pdfName(key))
	} else {
		d[pdfName(key)] = rawText(raw)
	}
	var b bytes.Buffer
	writeValue(&b, d)
	e.objs[num] = b.Bytes()
}

// Append adds raw to the array under key of object num (following an
// indirect array).
func (e *Editor) Append(num int, key, raw string) {
	d := e.dict(num)
	v := d[pdfName(key)]
	if r, ok := v.(pdfRef); ok {
		av, _ := e.f.resolve(r)
		arr, _ := av.(pdfArray)
		arr = append(slices.Clone(arr), rawText(raw))
		var b bytes.Buffer
		writeValue(&b, arr)
		e.objs[r.Num] = b.Bytes()
		return
	}
	arr, _ := v.(pdfArray)
	d[pdfName(key)] = append(slices.Clone(arr), rawText(raw))
	var b bytes.Buffer
	writeValue(&b, d)
	e.objs[num] = b.Bytes()
}

// FormSetKey sets key of the form dictionary (/AcroForm), direct or
// indirect, to raw PDF syntax.
func (e *Editor) FormSetKey(key, raw string) {
	e.editForm(func(d pdfDict) { d[pdfName(key)] = rawText(raw) })
}

// FormAppend adds raw to the array under key of the form dictionary,
// direct or indirect.
func (e *Editor) FormAppend(key, raw string) {
	if acro := e.AcroForm(); acro >= 0 {
		e.Append(acro, key, raw)
		return
	}
	e.editForm(func(d pdfDict) {
		v, _ := e.f.resolve(d[pdfName(key)])
		arr, _ := v.(pdfArray)
		d[pdfName(key)] = append(slices.Clone(arr), rawText(raw))
	})
}

func (e *Editor) editForm(f func(pdfDict)) {
	if acro := e.AcroForm(); acro >= 0 {
		d := e.dict(acro)
		f(d)
		var b bytes.Buffer
		writeValue(&b, d)
		e.objs[acro] = b.Bytes()
		return
	}
	cat := e.dict(e.Root())
	ad, _ := cat["AcroForm"].(pdfDict)
	ad = copyDict(ad)
	f(ad)
	cat["AcroForm"] = ad
	var b bytes.Buffer
	writeValue(&b, cat)
	e.objs[e.Root()] = b.Bytes()
}

// SetInfo makes object num the document information dictionary.
func (e *Editor) SetInfo(num int) { e.info = num }

// Put replaces object num with body (PDF syntax, streams included).
func (e *Editor) Put(num int, body string) { e.objs[num] = []byte(body) }

// Add adds a new object and returns its number.
func (e *Editor) Add(body string) int {
	n := e.next
	e.next++
	e.objs[n] = []byte(body)
	return n
}

// Bytes returns the original file followed by the update.
func (e *Editor) Bytes() []byte {
	var b bytes.Buffer
	b.Write(e.base)
	if len(e.base) > 0 && e.base[len(e.base)-1] != '\n' {
		b.WriteByte('\n')
	}
	nums := make([]int, 0, len(e.objs))
	for n := range e.objs {
		nums = append(nums, n)
	}
	slices.Sort(nums)
	offsets := map[int]int{}
	for _, n := range nums {
		offsets[n] = b.Len()
		x, _ := e.f.xref.get(n)
		fmt.Fprintf(&b, "%d %d obj\n%s\nendobj\n", n, x.Gen, e.objs[n])
	}
	xref := b.Len()
	b.WriteString("xref\n")
	for _, run := range runs(nums) {
		fmt.Fprintf(&b, "%d %d\n", run[0], len(run))
		for _, n := range run {
			x, _ := e.f.xref.get(n)
			fmt.Fprintf(&b, "%010d %05d n\r\n", offsets[n], x.Gen)
		}
	}
	trailer := pdfDict{"Size": int64(e.next), "Root": e.f.trailer["Root"], "Prev": e.f.sections[0].Offset}
	if id, ok := e.f.trailer["ID"]; ok {
		trailer["ID"] = id
	}
	if info, ok := e.f.trailer["Info"]; ok {
		trailer["Info"] = info
	}
	if e.info > 0 {
		trailer["Info"] = pdfRef{Num: e.info}
	}
	b.WriteString("trailer\n")
	writeValue(&b, trailer)
	b.WriteString("\nstartxref\n" + strconv.Itoa(xref) + "\n%%EOF\n")
	return b.Bytes()
}

func copyDict(d pdfDict) pdfDict {
	out := pdfDict{}
	for k, v := range d {
		out[k] = v
	}
	return out
}

// AddDocumentTimestamp adds a document timestamp field on page 1 and
// returns the file with it: stamp receives the SHA-256 digest of the
// signed byte ranges and returns the RFC 3161 token (DER).
func (e *Editor) AddDocumentTimestamp(stamp func(digest []byte) ([]byte, error)) ([]byte, error) {
	return e.addSigned("/Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161", "/T (DocTS)", stamp)
}

// AddSignature adds an approval signature by s in a new field named name,
// with extra PDF syntax in the field dictionary (a /Lock, say), the way
// other signing tools lay it out.
func (e *Editor) AddSignature(s *Signer, name, extra string) ([]byte, error) {
	c := &cmsSigner{key: s.key, chain: s.chain, hash: crypto.SHA256}
	return e.addSigned("/Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached", "/T ("+name+") "+extra,
		func(digest []byte) ([]byte, error) {
			attrs, err := c.signedAttributes(digest)
			if err != nil {
				return nil, err
			}
			sig, err := c.sign(attrs)
			if err != nil {
				return nil, err
			}
			return c.assemble(attrs, sig, nil)
		})
}

// AddExternalSignature adds an approval signature in a new field named
// name whose CMS another tool makes: sign receives the signed bytes (both
// byte ranges, concatenated) and returns the CMS, DER or BER.
func (e *Editor) AddExternalSignature(name string, sign func(signed []byte) ([]byte, error)) ([]byte, error) {
	return e.addSignedContent("/Type /Sig /Filter /Adobe.PPKLite /SubFilter /adbe.pkcs7.detached", "/T ("+name+")", sign)
}

func (e *Editor) addSigned(sigKeys, fieldKeys string, stamp func(digest []byte) ([]byte, error)) ([]byte, error) {
	return e.addSignedContent(sigKeys, fieldKeys, func(signed []byte) ([]byte, error) {
		d := sha256.Sum256(signed)
		return stamp(d[:])
	})
}

func (e *Editor) addSignedContent(sigKeys, fieldKeys string, stamp func(signed []byte) ([]byte, error)) ([]byte, error) {
	const reserve = 8192
	const brWidth = 40
	placeholder := "<" + strings.Repeat("0", 2*reserve) + ">"
	sd := e.Add("<< " + sigKeys + " /ByteRange [" + strings.Repeat(" ", brWidth) + "] /Contents " + placeholder + " >>")
	page := e.Page(1)
	f := e.Add(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Sig %s /V %d 0 R /P %d 0 R /Rect [0 0 0 0] /F 132 >>", fieldKeys, sd, page))
	ref := fmt.Sprintf("%d 0 R", f)
	if acro := e.AcroForm(); acro >= 0 {
		e.Append(acro, "Fields", ref)
	} else {
		// A direct form dictionary becomes an indirect one.
		ad, _ := e.dict(e.Root())["AcroForm"].(pdfDict)
		ad = copyDict(ad)
		arr, _ := ad["Fields"].(pdfArray)
		ad["Fields"] = append(slices.Clone(arr), rawText(ref))
		ad["SigFlags"] = int64(3)
		var b bytes.Buffer
		writeValue(&b, ad)
		e.SetKey(e.Root(), "AcroForm", fmt.Sprintf("%d 0 R", e.Add(b.String())))
	}
	e.Append(page, "Annots", ref)
	out := e.Bytes()
	a := bytes.LastIndex(out, []byte(placeholder))
	b := a + len(placeholder)
	brAt := bytes.LastIndex(out[:max(a, 0)], []byte("/ByteRange ["))
	if a < 0 || brAt < 0 {
		return nil, errors.New("placeholder not found")
	}
	br := fmt.Sprintf("0 %d %d %d", a, b, len(out)-b)
	copy(out[brAt+len("/ByteRange ["):], br)
	tok, err := stamp(slices.Concat(out[:a], out[b:]))
	if err != nil {
		return nil, err
	}
	if len(tok) > reserve {
		return nil, errors.New("signature too large")
	}
	hex.Encode(out[a+1:], tok)
	return out, nil
}
