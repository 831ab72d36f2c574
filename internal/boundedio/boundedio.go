// Package boundedio reads input from outside with a size limit that holds
// before any buffer grows past it: motcua's readers (catalog JSON,
// catalog/sheet workbooks, catalog/dvcqg records) refuse an input one byte
// over their limit without ever holding more than the limit in memory.
package boundedio

import (
	"errors"
	"io"
	"io/fs"
)

// ErrTooLarge is returned by [Reader] and [ReadAll] when the input has more
// than the limit's bytes; callers wrap their own package's sentinel.
var ErrTooLarge = errors.New("input larger than its limit")

// Reader returns a reader of r that gives r's bytes up to max and then,
// when r has more, [ErrTooLarge] instead of the byte past the limit.
func Reader(r io.Reader, max int64) io.Reader { return &limited{r: r, left: max} }

type limited struct {
	r    io.Reader
	left int64 // bytes still allowed
	err  error
}

func (l *limited) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	if l.left <= 0 {
		// At the limit: one more byte means too large.
		var b [1]byte
		n, err := io.ReadFull(l.r, b[:])
		switch {
		case n > 0:
			l.err = ErrTooLarge
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			l.err = io.EOF
		default:
			l.err = err
		}
		return 0, l.err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// SizeHint returns the size r announces (a [bytes.Reader]'s or
// [strings.Reader]'s Len, an [fs.File]'s or [os.File]'s Stat size), or -1.
func SizeHint(r io.Reader) int64 {
	switch v := r.(type) {
	case interface{ Len() int }:
		return int64(v.Len())
	case interface{ Stat() (fs.FileInfo, error) }:
		if fi, err := v.Stat(); err == nil && fi.Mode().IsRegular() {
			return fi.Size()
		}
	}
	return -1
}

// ReadAll reads r to its end and returns its bytes, or [ErrTooLarge] when
// it has more than max: at once when its [SizeHint] says so, otherwise
// after reading max+1 bytes, in a buffer that never grows beyond max+1
// bytes (or the hint, when it is smaller). Any other error is r's.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	hint := SizeHint(r)
	if hint > max {
		return nil, ErrTooLarge
	}
	size := int64(512)
	if hint >= 0 {
		size = hint + 1 // one more to see the end without growing
	}
	buf := make([]byte, 0, min(size, max+1))
	for {
		if len(buf) == cap(buf) {
			if int64(len(buf)) > max {
				return nil, ErrTooLarge
			}
			grown := make([]byte, len(buf), min(int64(cap(buf))*2, max+1))
			copy(grown, buf)
			buf = grown
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, ErrTooLarge
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}
