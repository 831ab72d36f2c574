package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"hash"
	"io"
	"maps"
)

// The self-check of Sign, Complete and AddValidationData re-parses the
// output and checks every signature in it. The output is the input
// followed by an update; when the input was parsed and hashed a moment
// before in the same call ([Sign]), the check takes from that what is
// about the input's bytes, which the output repeats unchanged: the
// input's cross-reference sections and the objects already loaded from
// them, the digest state after the input's bytes, the certificates
// parsed from the chain. Everything the update adds is read back from the
// output bytes and checked there: its cross-reference section, which must
// continue the input's, every object it lists (found at the offsets it
// gives), the signature dictionary, its /ByteRange against the output's
// size and the /Contents string in the gap, the CMS parsed from those
// bytes, the digest of the update's bytes that the byte range names, the
// signed attributes and the signature value with the certificate's key.
// The CMS found in /Contents is parsed unless it is, byte for byte, the
// one the call wrote: then what the call knows of it (its signed
// attributes, value and certificates) is what the parser would read
// ([cmsSigner.parsed], held to the parser by a test). [Complete] hashes
// its input once, compares it with the message digest Prepare signed
// for, and then takes that hash state and, for a [Pending] made in the
// same process, Prepare's parse of the input; [SignFile]'s check of what
// reached the disk takes nothing.

// reuse is what a self-check may take from the call that built the
// update.
type reuse struct {
	base       *pdfFile            // the input, parsed (nil: parse the output whole)
	prefix     hash.Hash           // the digest state after the input's prefixSize bytes (nil: hash them)
	prefixSize int64               // the input's size
	hash       crypto.Hash         // prefix's algorithm
	certs      []*x509.Certificate // certificates the CMS may repeat, already parsed
	own        *ownCMS             // the CMS the call wrote in the update (nil: none)
}

// ownCMS is the CMS a call wrote in its update and what the parser reads
// from it ([cmsSigner.parsed]): a signature whose /Contents, read back
// from the output, holds exactly these bytes (then the zeros of the
// placeholder) is checked with p instead of a parse of the same bytes.
// Anything else in /Contents is parsed.
type ownCMS struct {
	der []byte
	p   *parsedCMS
}

// parseCMS parses contents, a signature's decoded /Contents, taking the
// certificates ru knows and, when contents is the call's own CMS, what
// the call knows of it.
func (ru *reuse) parseCMS(contents []byte) (*parsedCMS, error) {
	if o := ru.own; o != nil && len(contents) >= len(o.der) && bytes.Equal(contents[:len(o.der)], o.der) && allZero(contents[len(o.der):]) {
		return o.p, nil
	}
	return parseCMSKnown(contents, ru.certs)
}

// allZero says whether every byte of b is zero.
func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

// selfCheck re-parses the signed output and checks every signature in it;
// the last one must cover the whole file.
func selfCheck(ctx context.Context, r io.ReaderAt, size int64, lim Limits) error {
	return checkAll(ctx, r, size, true, lim)
}

// checkAll checks every signature of r; with lastCovers, the last one must
// cover the whole file. lim are the input's limits: the output may have
// the few objects, the revisions and the stream bytes the updates add.
func checkAll(ctx context.Context, r io.ReaderAt, size int64, lastCovers bool, lim Limits) error {
	return checkOutput(ctx, r, size, lastCovers, lim, nil)
}

// checkOutput is checkAll taking what ru (nil: nothing) holds of the
// input.
func checkOutput(ctx context.Context, r io.ReaderAt, size int64, lastCovers bool, lim Limits, ru *reuse) error {
	b, err := newBudget(ctx, lim)
	if err != nil {
		return err
	}
	b.lim.MaxObjects = raise(b.lim.MaxObjects, 64)
	b.lim.MaxRevisions = raise(b.lim.MaxRevisions, 2)
	b.lim.MaxStreamBytes = raise64(b.lim.MaxStreamBytes, 1<<20)
	var f *pdfFile
	if ru != nil && ru.base != nil {
		f, err = ru.base.extend(r, size, b)
	}
	if f == nil && err == nil {
		f, err = openPDF(r, size, b)
	}
	if errors.Is(err, ErrLimit) || (err != nil && ctx.Err() != nil) {
		return err
	}
	if err != nil {
		return &SelfCheckError{Index: -1, Err: err}
	}
	sigs, _, err := f.allSignatures()
	if err != nil {
		return &SelfCheckError{Index: -1, Err: err}
	}
	if len(sigs) == 0 {
		return &SelfCheckError{Index: -1, Err: errors.New("no signature found")}
	}
	for i, sg := range sigs {
		if err := checkSignatureReusing(ctx, r, size, sg, ru); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return &SelfCheckError{Index: i, Field: sg.Name, Err: err}
		}
	}
	last := sigs[len(sigs)-1]
	if lastCovers && last.ByteRange[2]+last.ByteRange[3] != size {
		return &SelfCheckError{Index: len(sigs) - 1, Field: last.Name, Err: errors.New("the new signature does not cover the whole file")}
	}
	return nil
}

// extend opens the file r of size bytes, base's file followed by an
// update: the cross-reference sections the update adds are read from r,
// the input's are base's, and so are the objects base loaded that the
// update does not list again. It returns nil, nil when the chain of
// sections from r's last startxref does not lead, through sections that
// lie after base's bytes, to base's newest section: the caller then parses
// r from scratch, which finds whatever is wrong.
func (base *pdfFile) extend(r io.ReaderAt, size int64, b *budget) (*pdfFile, error) {
	if err := b.check(); err != nil {
		return nil, err
	}
	if size <= base.size || len(base.sections) == 0 {
		return nil, nil
	}
	start, err := lastStartXref(r, size)
	if err != nil {
		return nil, err
	}
	f := &pdfFile{r: r, size: size, version: base.version, loading: map[int]bool{}, b: b, spare: base.spare[:0]}
	base.spare = nil
	var added []xrefSection
	seen := map[int64]bool{}
	var x xrefBuilder
	for off := start; off != base.sections[0].Offset; {
		if off < base.size {
			return nil, nil
		}
		sec, err := f.chainSection(off, seen, len(base.sections), &x)
		if err != nil {
			return nil, err
		}
		added = append(added, sec)
		prev, ok := sec.Trailer["Prev"].(int64)
		if !ok {
			return nil, nil
		}
		off = prev
	}
	if len(added) == 0 {
		return nil, nil
	}
	// Newest first, the first entry of a number wins, as openPDF merges:
	// the rows the update lists lie over the input's table, shared.
	listed, err := x.table(b)
	if err != nil {
		return nil, err
	}
	f.xref = xrefTable{rows: listed.rows, under: &base.xref, shift: len(added), n: base.xref.len()}
	f.cache = maps.Clone(base.cache)
	f.objstm = maps.Clone(base.objstm)
	for _, r := range listed.rows {
		if err := b.step(); err != nil {
			return nil, err
		}
		if _, ok := base.xref.find(int(r.num)); !ok {
			f.xref.n++
		}
		delete(f.cache, int(r.num))
		delete(f.objstm, int(r.num))
	}
	if f.xref.len() > b.lim.MaxObjects {
		return nil, b.exceeded("MaxObjects", int64(b.lim.MaxObjects), start)
	}
	f.sections = append(added, base.sections...)
	f.trailer = f.sections[0].Trailer
	if _, ok := f.trailer["Encrypt"]; ok {
		return nil, ErrEncrypted
	}
	if _, ok := f.trailer["Root"].(pdfRef); !ok {
		return nil, &MalformedError{Offset: start, Msg: "trailer has no /Root reference"}
	}
	return f, nil
}

// checkSignatureReusing is checkSignature taking from ru the digest state
// of the input's bytes (for a signature whose first range covers them)
// and the certificates already parsed.
func checkSignatureReusing(ctx context.Context, r io.ReaderAt, size int64, s sigField, ru *reuse) error {
	if ru == nil || s.Dict["SubFilter"] == pdfName("ETSI.RFC3161") {
		return checkSignature(ctx, r, size, s)
	}
	if err := checkByteRange(r, size, s); err != nil {
		return err
	}
	p, err := ru.parseCMS(s.Contents)
	if err != nil {
		return err
	}
	br := s.ByteRange
	if ru.prefix == nil || p.Hash != ru.hash || br[1] < ru.prefixSize {
		d, err := digestRanges(ctx, r, br, p.Hash)
		if err != nil {
			return err
		}
		return p.verifySignature(d)
	}
	n := ru.prefixSize
	hh, ok := cloneHash(ru.prefix)
	if !ok {
		return errors.New("the hash state cannot be copied")
	}
	if err := hashSection(ctx, hh, r, n, br[1]-n); err != nil {
		return err
	}
	if err := hashSection(ctx, hh, r, br[2], br[3]); err != nil {
		return err
	}
	return p.verifySignature(hh.Sum(nil))
}
