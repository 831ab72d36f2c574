package signing

import (
	"fmt"
	"io"
)

// SignedRevision returns the bytes exactly as signature i (0-based, in the
// order of [Report.Signatures]) signed them: the file from its first byte
// to the end of the revision the signature covers ("view as signed"). Open
// the result with any PDF reader to see what the signer saw.
//
// When the file cannot be read, i is out of range or the signature's byte
// range does not describe a revision of the file, reading returns an error
// wrapping [ErrNoSignature] (or the parse error).
func SignedRevision(in io.ReaderAt, size int64, i int) io.Reader {
	if in == nil || size < 16 {
		return errReader{fmt.Errorf("%w: no PDF to read", ErrNoSignature)}
	}
	f, _, _, err := openLatest(in, size, defaultBudget())
	if err != nil {
		return errReader{err}
	}
	sigs, _, err := f.allSignatures()
	if err != nil {
		return errReader{err}
	}
	if i < 0 || i >= len(sigs) {
		return errReader{fmt.Errorf("%w: signature %d of %d", ErrNoSignature, i, len(sigs))}
	}
	br := sigs[i].ByteRange
	if len(br) != 4 || br[0] != 0 || br[1] <= 0 || br[2] <= br[1] || br[3] < 0 || br[2] > size || br[3] > size-br[2] {
		return errReader{fmt.Errorf("%w: signature %d has an unusable /ByteRange %v", ErrNoSignature, i, br)}
	}
	end := br[2] + br[3]
	if !endsAtEOF(in, end) {
		return errReader{fmt.Errorf("%w: signature %d does not end at a revision", ErrNoSignature, i)}
	}
	return io.NewSectionReader(in, 0, end)
}

type errReader struct{ err error }

func (e errReader) Read([]byte) (int, error) { return 0, e.err }
