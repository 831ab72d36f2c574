package signing

import (
	"bytes"
	"context"
	"encoding/hex"
)

// InspectedSignature is what tests read back from a signed file.
type InspectedSignature struct {
	Field     string
	Name      string
	Reason    string
	Location  string
	Contact   string
	ByteRange []int64
	DocMDP    int
	Check     error // the self-check's verdict on this signature
}

// Inspect parses pdf with the package's parser and returns every form field
// name and every signature, each checked as the self-check does.
func Inspect(pdf []byte) (fields []string, sigs []InspectedSignature, err error) {
	r := bytes.NewReader(pdf)
	f, err := openPDF(r, int64(len(pdf)), defaultBudget())
	if err != nil {
		return nil, nil, err
	}
	found, names, err := f.allSignatures()
	if err != nil {
		return nil, nil, err
	}
	for n := range names {
		fields = append(fields, n)
	}
	for _, s := range found {
		text := func(k pdfName) string {
			v, _ := s.Dict[k].(pdfString)
			return textString(v)
		}
		sigs = append(sigs, InspectedSignature{
			Field: s.Name, Name: text("Name"), Reason: text("Reason"), Location: text("Location"),
			Contact: text("ContactInfo"), ByteRange: s.ByteRange, DocMDP: f.docMDP(s),
			Check: checkSignature(bgContext(), r, int64(len(pdf)), s),
		})
	}
	return fields, sigs, nil
}

func bgContext() context.Context { return context.Background() }

// SubsetFont returns the subset of a TrueType font a stamp showing text
// embeds.
func SubsetFont(font []byte, text string) ([]byte, error) {
	f, err := parseTrueType(font)
	if err != nil {
		return nil, err
	}
	used := map[int]rune{}
	for _, r := range text {
		used[f.cmap(r)] = r
	}
	sub, err := f.subset(used)
	if err != nil {
		return nil, err
	}
	return sub.data, nil
}

// DSS returns the streams of the file's document security store.
func DSS(pdf []byte) (certs, ocsps, crls [][]byte, err error) {
	f, err := openPDF(bytes.NewReader(pdf), int64(len(pdf)), defaultBudget())
	if err != nil {
		return nil, nil, nil, err
	}
	vd := dssData(bgContext(), f)
	for _, c := range vd.certs {
		certs = append(certs, c.Raw)
	}
	return certs, vd.ocsps, vd.crls, nil
}

// CheckTamperedUpdate builds the update that signs in with s and opt,
// hands a copy of it to tamper, and returns the self-check's verdict on
// the input followed by the tampered update twice: as Sign checks it
// (taking from the parse and the hash of the input) and reading
// everything again.
func CheckTamperedUpdate(in []byte, s *Signer, opt Options, tamper func([]byte) []byte) (reusing, full error, err error) {
	ctx := bgContext()
	r := bytes.NewReader(in)
	d, err := newDraft(ctx, r, int64(len(in)), s.chain, opt)
	if err != nil {
		return nil, nil, err
	}
	sig, err := d.c.signWith(s.key, d.attrs)
	if err != nil {
		return nil, nil, err
	}
	cms, err := d.c.assemble(d.attrs, sig, nil)
	if err != nil {
		return nil, nil, err
	}
	tail := bytes.Clone(d.u.tail)
	hex.Encode(tail[d.u.contentsStart+1:], cms)
	tail = tamper(tail)
	out := &concatReaderAt{a: r, aSize: d.size, b: tail}
	reusing = d.check(ctx, r, tail, &ownCMS{der: cms, p: d.c.parsed(d.attrs, d.digest, sig, nil)})
	full = selfCheck(ctx, out, d.size+int64(len(tail)), opt.Limits)
	return reusing, full, nil
}
