package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"
)

// Sign signs the PDF of size bytes read from in and writes the signed file
// to out: the input unchanged, followed by an incremental update holding
// the new signature field and its signature. Earlier signatures stay valid.
//
// Nothing is written to out until the result has been re-parsed and every
// signature in it checked (byte range, digest, signature value); a failure
// returns an error wrapping [ErrSelfCheck]. What the check reads of the
// input's own bytes (its revisions, the digest state after them) it takes
// from Sign's reading of them a moment before; the update is read back
// from the output and checked there. Encrypted input is refused with
// [ErrEncrypted], input that is not a PDF with [ErrNotPDF], input larger than
// opt.MaxSize with [ErrTooLarge], a certificate that is expired, not yet
// valid at the signing time or not meant for signing documents with a
// [CertificateError] (unless opt.AllowInvalidCertificate). ctx bounds the work and the call to the
// timestamp authority.
func Sign(ctx context.Context, in io.ReaderAt, size int64, out io.Writer, s *Signer, opt Options) error {
	tail, err := prepare(ctx, in, size, s, opt)
	if err != nil {
		return err
	}
	return writeSigned(ctx, in, size, out, tail)
}

// SignFile signs the PDF at inPath and writes the result to outPath (which
// may be inPath). The output is written to a temporary file in the same
// directory, checked, and renamed into place, so a failure leaves no file
// at outPath (or leaves the original there).
func SignFile(ctx context.Context, inPath, outPath string, s *Signer, opt Options) error {
	return writeFileChecked(ctx, inPath, outPath, opt.Limits, func(in io.ReaderAt, size int64) ([]byte, error) {
		return prepare(ctx, in, size, s, opt)
	})
}

// CompleteFile completes p (see [Complete]) on the PDF at inPath and
// writes the result to outPath (which may be inPath) as [SignFile] does: a
// late, expired or failed completion leaves no file at outPath (or the
// original there).
func CompleteFile(ctx context.Context, inPath, outPath string, p *Pending, sig []byte, chain []*x509.Certificate, opt CompleteOptions) error {
	return writeFileChecked(ctx, inPath, outPath, opt.Limits, func(in io.ReaderAt, size int64) ([]byte, error) {
		return p.complete(ctx, in, size, sig, chain, opt)
	})
}

// writeFileChecked appends the update that makeTail returns for the file
// at inPath and writes the result to outPath through a temporary file,
// checked on disk (within lim) and renamed into place.
func writeFileChecked(ctx context.Context, inPath, outPath string, lim Limits, makeTail func(io.ReaderAt, int64) ([]byte, error)) (err error) {
	in, err := os.Open(inPath)
	if err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	defer func() { _ = in.Close() }()
	st, err := in.Stat()
	if err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	tail, err := makeTail(in, st.Size())
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(outPath), "."+filepath.Base(outPath)+".*.tmp")
	if err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = io.Copy(tmp, io.NewSectionReader(in, 0, st.Size())); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	if _, err = tmp.Write(tail); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	if err = tmp.Chmod(st.Mode().Perm()); err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	// Check what reached the disk, not only what was meant to.
	if err = selfCheck(ctx, tmp, st.Size()+int64(len(tail)), lim); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("signing: write: %w", err)
	}
	if err = os.Rename(tmp.Name(), outPath); err != nil {
		return fmt.Errorf("signing: %w", err)
	}
	return nil
}

// prepare builds and checks the incremental update that signs the input.
func prepare(ctx context.Context, in io.ReaderAt, size int64, s *Signer, opt Options) ([]byte, error) {
	if s == nil {
		return nil, fmt.Errorf("%w: nil Signer", ErrKey)
	}
	d, err := newDraft(ctx, in, size, s.chain, opt)
	if err != nil {
		return nil, err
	}
	d.mine = true
	for attempt := 0; ; attempt++ {
		sig, err := d.c.signWith(s.key, d.attrs)
		if err != nil {
			return nil, err
		}
		tail, err := d.finish(ctx, in, sig, opt.Timestamp)
		var tooLarge *overflowError
		if errors.As(err, &tooLarge) && attempt == 0 {
			// The timestamp token (or the key) was larger than
			// estimated: build the update again with room for it.
			if err := d.build(ctx, in, tooLarge.need+2048); err != nil {
				return nil, err
			}
			continue
		}
		return tail, err
	}
}

// draft is an update built with a placeholder, waiting for its signature
// value: what [Sign] does in one go and [Prepare] and [Complete] in two.
type draft struct {
	f       *pdfFile
	size    int64
	name    string
	opt     Options
	st      *stamp
	c       *cmsSigner // key unused: the value comes from outside
	u       *update
	reserve int
	attrs   []byte // DER content of the signed attributes
	digest  []byte // the message digest attrs hold
	// prefix is the digest's state after the input's size bytes, hashed
	// once by build; nil for a draft read back from a [Pending] state,
	// whose input comes again and is hashed again.
	prefix hash.Hash
	// mine says the draft is its call's alone ([Sign]'s, not a
	// [Pending]'s): finish fills the placeholder of its update in place
	// instead of in a copy.
	mine bool
}

// newDraft checks the input and the options and builds the update for a
// signature by chain's first certificate.
func newDraft(ctx context.Context, in io.ReaderAt, size int64, chain []*x509.Certificate, opt Options) (*draft, error) {
	if len(chain) == 0 || slices.Contains(chain, nil) {
		return nil, fmt.Errorf("%w: a certificate chain is required", ErrKey)
	}
	if err := opt.validate(); err != nil {
		return nil, err
	}
	maxSize := opt.MaxSize
	if maxSize == 0 {
		maxSize = DefaultMaxSize
	}
	if size > maxSize {
		return nil, fmt.Errorf("%w: %d bytes, limit %d", ErrTooLarge, size, maxSize)
	}
	if size < 16 {
		return nil, ErrNotPDF
	}
	b, err := newBudget(ctx, opt.Limits)
	if err != nil {
		return nil, err
	}
	f, err := openPDF(in, size, b)
	if err != nil {
		return nil, err
	}
	sigs, names, err := f.allSignatures()
	if err != nil {
		return nil, err
	}
	for _, sg := range sigs {
		if p := f.docMDP(sg); p == 1 {
			return nil, fmt.Errorf("%w: the certification signature %q allows no changes", ErrNotAllowed, sg.Name)
		}
	}
	if opt.Kind == Certification && len(sigs) > 0 {
		return nil, fmt.Errorf("%w: a certification signature must be the first signature", ErrNotAllowed)
	}
	if opt.Time.IsZero() {
		opt.Time = time.Now().In(Location)
	}
	if !opt.AllowInvalidCertificate {
		if err := checkCertificate(chain, opt.Time); err != nil {
			return nil, err
		}
	}
	if _, err := signatureAlgorithm(chain[0].PublicKey, digestFor(chain[0].PublicKey)); err != nil {
		return nil, fmt.Errorf("%w: unsupported key type %T", ErrKey, chain[0].PublicKey)
	}
	d := &draft{f: f, size: size, name: fieldName(names), opt: opt,
		c: &cmsSigner{chain: slices.Clone(chain), hash: digestFor(chain[0].PublicKey)}}
	reserve := d.c.sizeEstimate()
	if opt.Timestamp != nil {
		reserve += 12 << 10
	}
	if a := opt.Appearance; a != nil {
		lines := a.Lines
		if len(lines) == 0 {
			who := opt.Name
			if who == "" {
				who = chain[0].Subject.CommonName
			}
			lines = []string{"Ký bởi: " + who, "Thời gian: " + opt.Time.Format("02/01/2006 15:04:05 -07:00")}
			if opt.Reason != "" {
				lines = append(lines, "Lý do: "+opt.Reason)
			}
		}
		if d.st, err = newStamp(a, lines); err != nil {
			return nil, err
		}
	}
	if err := d.build(ctx, in, reserve); err != nil {
		return nil, err
	}
	return d, nil
}

// build writes the update with room for reserve bytes of CMS and computes
// the signed attributes over it.
func (d *draft) build(ctx context.Context, in io.ReaderAt, reserve int) error {
	u, err := buildUpdate(d.f, in, d.size, d.name, reserve, d.opt, d.st)
	if err != nil {
		return err
	}
	if d.prefix == nil {
		hh := d.c.hash.New()
		if err := hashSection(ctx, hh, in, 0, d.size); err != nil {
			return err
		}
		d.prefix = hh
	}
	digest, err := u.digestFrom(d.prefix)
	if err != nil {
		return err
	}
	attrs, err := d.c.signedAttributes(digest)
	if err != nil {
		return err
	}
	d.u, d.reserve, d.attrs, d.digest = u, reserve, attrs, digest
	return ctx.Err()
}

// overflowError says the CMS does not fit the space reserved for it.
type overflowError struct{ need, have int }

func (e *overflowError) Error() string {
	return fmt.Sprintf("signing: signature of %d bytes does not fit the %d bytes reserved", e.need, e.have)
}

// Unwrap returns [ErrSelfCheck].
func (e *overflowError) Unwrap() error { return ErrSelfCheck }

// finish adds the signature value (and a timestamp token over it), fills
// the placeholder and checks the result; it returns the update to append
// to the input.
func (d *draft) finish(ctx context.Context, in io.ReaderAt, sig []byte, ts *Timestamp) ([]byte, error) {
	var token []byte
	if ts != nil {
		var err error
		if token, err = ts.stamp(ctx, sig, d.c.hash); err != nil {
			return nil, err
		}
	}
	cms, err := d.c.assemble(d.attrs, sig, token)
	if err != nil {
		return nil, err
	}
	if len(cms) > d.reserve {
		return nil, &overflowError{need: len(cms), have: d.reserve}
	}
	tail := d.u.tail
	if !d.mine {
		tail = slices.Clone(tail)
	}
	hex.Encode(tail[d.u.contentsStart+1:], cms)
	own := &ownCMS{der: cms, p: d.c.parsed(d.attrs, d.digest, sig, token)}
	if err := d.check(ctx, in, tail, own); err != nil {
		return nil, err
	}
	return tail, nil
}

// check is the self-check of the input followed by tail: it takes from
// the draft what it read and hashed of the input when the draft holds it
// (see reuse), and reads everything again otherwise; the chain's
// certificates are always the draft's, parsed, and own (nil: none) is the
// CMS the draft wrote in tail.
func (d *draft) check(ctx context.Context, in io.ReaderAt, tail []byte, own *ownCMS) error {
	ru := &reuse{certs: d.c.chain, own: own}
	if d.prefix != nil {
		ru.base, ru.prefix, ru.prefixSize, ru.hash = d.f, d.prefix, d.size, d.c.hash
	}
	return checkOutput(ctx, &concatReaderAt{a: in, aSize: d.size, b: tail}, d.size+int64(len(tail)), true, d.opt.Limits, ru)
}

func fieldName(names map[string]bool) string {
	for i := 1; ; i++ {
		n := "Signature" + strconv.Itoa(i)
		if !names[n] {
			return n
		}
	}
}

// update is the incremental update being built.
type update struct {
	tail          []byte
	contentsStart int // offset in tail of '<'
	contentsEnd   int // offset in tail just after '>'
	byteRangeAt   int // offset in tail of the byte range placeholder
	size          int64
}

// digest hashes what the update's signature signs: the input, then the
// update without its /Contents placeholder.
func (u *update) digest(ctx context.Context, in io.ReaderAt, h crypto.Hash) ([]byte, error) {
	hh := h.New()
	if err := hashSection(ctx, hh, in, 0, u.size); err != nil {
		return nil, err
	}
	return u.digestFrom(hh)
}

// digestFrom finishes the digest from prefix, the state after the
// input's bytes, which it leaves as it is.
func (u *update) digestFrom(prefix hash.Hash) ([]byte, error) {
	hh, ok := cloneHash(prefix)
	if !ok {
		return nil, fmt.Errorf("%w: the hash state cannot be copied", ErrSelfCheck)
	}
	hh.Write(u.tail[:u.contentsStart])
	hh.Write(u.tail[u.contentsEnd:])
	return hh.Sum(nil), nil
}

const byteRangeWidth = 48 // "[0 a b c]" padded with spaces

// buildUpdate writes the new objects, the cross-reference section and the
// trailer. The /Contents hex string holds 2*reserve zeros.
func buildUpdate(f *pdfFile, in io.ReaderAt, size int64, name string, reserve int, opt Options, st *stamp) (*update, error) {
	rootRef := f.trailer["Root"].(pdfRef)
	catalog, err := f.dict(rootRef)
	if err != nil {
		return nil, err
	}
	if catalog == nil {
		return nil, &MalformedError{Msg: "document catalog is missing"}
	}
	pageNo := opt.Page
	if opt.Appearance != nil {
		pageNo = opt.Appearance.Page
	}
	if pageNo == 0 {
		pageNo = 1
	}
	pageRef, page, err := f.findPage(catalog, pageNo)
	if err != nil {
		return nil, err
	}

	var b bytes.Buffer
	b.Grow(2*reserve + 4096)
	last := make([]byte, 1)
	if _, err := in.ReadAt(last, size-1); err != nil {
		return nil, fmt.Errorf("signing: read: %w", err)
	}
	if last[0] != '\n' && last[0] != '\r' {
		b.WriteByte('\n')
	}
	next := f.nextObjectNumber()
	alloc := func() pdfRef { r := pdfRef{Num: next}; next++; return r }
	offsets := map[int]int64{}
	gens := map[int]int{}
	begin := func(r pdfRef) {
		offsets[r.Num] = size + int64(b.Len())
		gens[r.Num] = r.Gen
		b.WriteString(strconv.Itoa(r.Num))
		b.WriteByte(' ')
		b.WriteString(strconv.Itoa(r.Gen))
		b.WriteString(" obj\n")
	}
	end := func() { b.WriteString("\nendobj\n") }
	writeObj := func(r pdfRef, v any) {
		begin(r)
		writeValue(&b, v)
		end()
	}

	sigRef := alloc()
	fieldRef := alloc()
	u := &update{size: size}

	// The signature dictionary, written by hand to know where the byte
	// range and the contents lie.
	begin(sigRef)
	if opt.docTimestamp {
		b.WriteString("<<\n/Type /DocTimeStamp\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.RFC3161\n/ByteRange ")
	} else {
		b.WriteString("<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /ETSI.CAdES.detached\n/ByteRange ")
	}
	u.byteRangeAt = b.Len()
	b.WriteString("[0 0 0 0]")
	writeRun(&b, ' ', byteRangeWidth-9)
	b.WriteString("\n/Contents ")
	u.contentsStart = b.Len()
	b.WriteByte('<')
	writeRun(&b, '0', 2*reserve)
	b.WriteByte('>')
	u.contentsEnd = b.Len()
	if !opt.docTimestamp {
		writeSignatureInfo(&b, opt)
	}
	b.WriteString("\n>>")
	end()

	// The signature field, merged with its widget annotation.
	field := pdfDict{
		"Type": pdfName("Annot"), "Subtype": pdfName("Widget"), "FT": pdfName("Sig"),
		"T": encodeText(name), "V": sigRef, "P": pageRef, "F": int64(132),
		"Rect": pdfArray{int64(0), int64(0), int64(0), int64(0)},
	}
	var apRef pdfRef
	if a := opt.Appearance; a != nil {
		apRef = alloc()
		field["Rect"] = pdfArray{pdfReal(a.Rect[0]), pdfReal(a.Rect[1]), pdfReal(a.Rect[2]), pdfReal(a.Rect[3])}
		field["AP"] = pdfDict{"N": apRef}
	}
	writeObj(fieldRef, field)
	if st != nil {
		writeStream := func(r pdfRef, d pdfDict, data []byte) {
			d = cloneDict(d)
			d["Length"] = int64(len(data))
			begin(r)
			writeValue(&b, d)
			b.WriteString("\nstream\n")
			b.Write(data)
			b.WriteString("\nendstream")
			end()
		}
		if err := st.write(apRef, alloc, writeObj, writeStream); err != nil {
			return nil, err
		}
	}

	// The page gets the widget in its /Annots.
	switch annots := page["Annots"].(type) {
	case pdfRef:
		arrV, err := f.resolve(annots)
		if err != nil {
			return nil, err
		}
		arr, ok := arrV.(pdfArray)
		if !ok {
			return nil, &MalformedError{Msg: "page /Annots is not an array"}
		}
		writeObj(annots, append(slices.Clone(arr), fieldRef))
	default:
		np := cloneDict(page)
		arr, _ := annots.(pdfArray)
		np["Annots"] = append(slices.Clone(arr), fieldRef)
		writeObj(pageRef, np)
	}

	// The form gets the field in its /Fields; every other field is kept.
	newCatalog := false
	var acro pdfDict
	acroRef, acroIndirect := catalog["AcroForm"].(pdfRef)
	if acroIndirect {
		if acro, err = f.dict(acroRef); err != nil {
			return nil, err
		}
	} else {
		acro, _ = catalog["AcroForm"].(pdfDict)
		acroRef = alloc()
		newCatalog = true
	}
	acro = cloneDict(acro)
	switch fields := acro["Fields"].(type) {
	case pdfRef:
		arrV, err := f.resolve(fields)
		if err != nil {
			return nil, err
		}
		arr, _ := arrV.(pdfArray)
		writeObj(fields, append(slices.Clone(arr), fieldRef))
	default:
		arr, _ := fields.(pdfArray)
		acro["Fields"] = append(slices.Clone(arr), fieldRef)
	}
	flags, _ := acro["SigFlags"].(int64)
	acro["SigFlags"] = flags | 3
	writeObj(acroRef, acro)

	if opt.Kind == Certification {
		newCatalog = true
	}
	if newCatalog {
		nc := cloneDict(catalog)
		nc["AcroForm"] = acroRef
		if opt.Kind == Certification {
			perms, _ := f.dict(catalog["Perms"])
			perms = cloneDict(perms)
			perms["DocMDP"] = sigRef
			nc["Perms"] = perms
		}
		writeObj(rootRef, nc)
	}

	writeXref(&b, f, size, rootRef, offsets, gens, next)

	u.tail = b.Bytes()
	// Now the byte range is known.
	total := size + int64(len(u.tail))
	a := size + int64(u.contentsStart)
	c := size + int64(u.contentsEnd)
	br := fmt.Sprintf("[0 %d %d %d]", a, c, total-c)
	if len(br) > byteRangeWidth {
		return nil, fmt.Errorf("%w: file too large for the byte range field", ErrTooLarge)
	}
	copy(u.tail[u.byteRangeAt:], br+string(bytes.Repeat([]byte{' '}, byteRangeWidth-len(br))))
	return u, nil
}

// writeSignatureInfo writes the signature dictionary's entries after
// /Contents: the signing time, the texts, the writer's name and, for a
// certification signature, its DocMDP reference.
func writeSignatureInfo(b *bytes.Buffer, opt Options) {
	b.WriteString("\n/M ")
	b.WriteString(string(pdfDate(opt.Time)))
	for _, kv := range []struct{ k, v string }{{"Name", opt.Name}, {"Reason", opt.Reason}, {"Location", opt.Location}, {"ContactInfo", opt.Contact}} {
		if kv.v != "" {
			b.WriteString("\n/" + kv.k + " " + string(encodeText(kv.v)))
		}
	}
	b.WriteString("\n/Prop_Build <</App <</Name /motcua>>>>")
	if opt.Kind == Certification {
		fmt.Fprintf(b, "\n/Reference [<</Type /SigRef /TransformMethod /DocMDP /TransformParams <</Type /TransformParams /P %d /V /1.2>>>>]", opt.Permission.P())
	}
}

// writeXref ends an update: its cross-reference section (a table or a
// stream, in the same form as the file's last one) for the objects at
// offsets, the trailer and %%EOF.
func writeXref(b *bytes.Buffer, f *pdfFile, size int64, rootRef pdfRef, offsets map[int]int64, gens map[int]int, next int) {
	prev := f.sections[0]
	trailer := pdfDict{"Root": rootRef, "Prev": prev.Offset}
	for _, k := range []pdfName{"Info", "ID"} {
		if v, ok := f.trailer[k]; ok {
			trailer[k] = v
		}
	}
	nums := make([]int, 0, len(offsets)+1)
	for n := range offsets {
		nums = append(nums, n)
	}
	var xrefAt int64
	if prev.Stream {
		xr := pdfRef{Num: next}
		next++
		xrefAt = size + int64(b.Len())
		offsets[xr.Num] = xrefAt
		gens[xr.Num] = 0
		nums = append(nums, xr.Num)
		slices.Sort(nums)
		trailer["Size"] = int64(next)
		trailer["Type"] = pdfName("XRef")
		trailer["W"] = pdfArray{int64(1), int64(8), int64(2)}
		var index pdfArray
		var data []byte
		for _, run := range runs(nums) {
			index = append(index, int64(run[0]), int64(len(run)))
			for _, n := range run {
				o, g := offsets[n], gens[n]
				data = append(data, 1,
					byte(o>>56), byte(o>>48), byte(o>>40), byte(o>>32), byte(o>>24), byte(o>>16), byte(o>>8), byte(o),
					byte(g>>8), byte(g))
			}
		}
		trailer["Index"] = index
		trailer["Length"] = int64(len(data))
		b.WriteString(strconv.Itoa(xr.Num))
		b.WriteString(" 0 obj\n")
		writeValue(b, trailer)
		b.WriteString("\nstream\n")
		b.Write(data)
		b.WriteString("\nendstream\nendobj\n")
	} else {
		slices.Sort(nums)
		xrefAt = size + int64(b.Len())
		b.WriteString("xref\n")
		for _, run := range runs(nums) {
			b.WriteString(strconv.Itoa(run[0]))
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(len(run)))
			b.WriteByte('\n')
			for _, n := range run {
				writePadded(b, offsets[n], 10)
				b.WriteByte(' ')
				writePadded(b, int64(gens[n]), 5)
				b.WriteString(" n\r\n")
			}
		}
		trailer["Size"] = int64(next)
		b.WriteString("trailer\n")
		writeValue(b, trailer)
		b.WriteString("\n")
	}
	b.WriteString("startxref\n")
	b.WriteString(strconv.FormatInt(xrefAt, 10))
	b.WriteString("\n%%EOF\n")

}

// findPage returns page n (1-based) of the page tree.
func (f *pdfFile) findPage(catalog pdfDict, n int) (pdfRef, pdfDict, error) {
	type item struct {
		v     any
		depth int
	}
	stack := []item{{v: catalog["Pages"]}}
	seen := map[int]bool{}
	count := 0
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		ref, ok := it.v.(pdfRef)
		if !ok {
			return pdfRef{}, nil, &MalformedError{Msg: "page tree node is not an indirect object"}
		}
		if seen[ref.Num] || it.depth > f.b.lim.MaxDepth || len(seen) > 1<<20 {
			return pdfRef{}, nil, &MalformedError{Msg: "page tree loops or is too deep"}
		}
		seen[ref.Num] = true
		d, err := f.dict(ref)
		if err != nil {
			return pdfRef{}, nil, err
		}
		if d == nil {
			return pdfRef{}, nil, &MalformedError{Msg: "page tree node is missing"}
		}
		kidsV, err := f.resolve(d["Kids"])
		if err != nil {
			return pdfRef{}, nil, err
		}
		if kids, ok := kidsV.(pdfArray); ok && d["Type"] != pdfName("Page") {
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, item{v: kids[i], depth: it.depth + 1})
			}
			continue
		}
		count++
		if count == n {
			return ref, d, nil
		}
	}
	if count == 0 {
		return pdfRef{}, nil, &MalformedError{Msg: "document has no pages"}
	}
	return pdfRef{}, nil, fmt.Errorf("%w: page %d of a %d-page document", ErrOptions, n, count)
}

// cloneDict returns a shallow copy of d (an empty dictionary for nil).
func cloneDict(d pdfDict) pdfDict {
	out := make(pdfDict, len(d)+2)
	for k, v := range d {
		out[k] = v
	}
	return out
}

// writeRun writes n bytes c.
func writeRun(b *bytes.Buffer, c byte, n int) {
	if n <= 0 {
		return
	}
	b.Grow(n)
	run := b.AvailableBuffer()[:n]
	// One byte, then copies doubling the run: a placeholder is
	// kilobytes long.
	run[0] = c
	for i := 1; i < n; i *= 2 {
		copy(run[i:], run[:i])
	}
	b.Write(run)
}

// writePadded writes v >= 0 in decimal, zero-padded to width digits.
func writePadded(b *bytes.Buffer, v int64, width int) {
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], v, 10)
	writeRun(b, '0', width-len(s))
	b.Write(s)
}

// runs splits sorted numbers into runs of consecutive numbers.
func runs(nums []int) [][]int {
	var out [][]int
	for i := 0; i < len(nums); {
		j := i + 1
		for j < len(nums) && nums[j] == nums[j-1]+1 {
			j++
		}
		out = append(out, nums[i:j])
		i = j
	}
	return out
}

// concatReaderAt reads a followed by b.
type concatReaderAt struct {
	a     io.ReaderAt
	aSize int64
	b     []byte
}

// memoryAt returns b from off on, when off lies in b (see
// memoryReaderAt).
func (c *concatReaderAt) memoryAt(off int64) []byte {
	if off < c.aSize || off-c.aSize >= int64(len(c.b)) {
		return nil
	}
	return slices.Clip(c.b[off-c.aSize:])
}

func (c *concatReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 {
		return 0, errors.New("signing: negative offset")
	}
	n := 0
	if off < c.aSize {
		k := int(min(int64(len(p)), c.aSize-off))
		m, err := c.a.ReadAt(p[:k], off)
		n += m
		if m < k {
			if err == nil {
				err = io.ErrUnexpectedEOF
			}
			return n, err
		}
		off += int64(k)
	}
	if n == len(p) {
		return n, nil
	}
	bo := off - c.aSize
	if bo >= int64(len(c.b)) {
		return n, io.EOF
	}
	m := copy(p[n:], c.b[bo:])
	n += m
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}
