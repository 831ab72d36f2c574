package main

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"path/filepath"
)

// blobs keeps files under the SHA-256 of their content: a name from
// outside never reaches the file system.
type blobs struct{ dir string }

func newBlobs(dir string) (*blobs, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, err
	}
	return &blobs{dir: dir}, nil
}

var errBadDigest = errors.New("portal: not a SHA-256 digest")

// path returns the file of a digest, which must be 64 lowercase hex digits.
func (b *blobs) path(sum string) (string, error) {
	if len(sum) != 2*sha256.Size {
		return "", errBadDigest
	}
	if _, err := hex.DecodeString(sum); err != nil || sum != hexLower(sum) {
		return "", errBadDigest
	}
	return filepath.Join(b.dir, sum), nil
}

func hexLower(s string) string {
	out := []byte(s)
	for i, c := range out {
		if c >= 'A' && c <= 'F' {
			out[i] = c + 'a' - 'A'
		}
	}
	return string(out)
}

// put stores r and returns its digest; content already there is kept.
func (b *blobs) put(r io.Reader) (string, error) {
	tmp, err := os.CreateTemp(b.dir, ".upload-*")
	if err != nil {
		return "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	if _, err := io.Copy(io.MultiWriter(tmp, h), r); err != nil {
		tmp.Close()
		return "", err
	}
	if err := tmp.Close(); err != nil {
		return "", err
	}
	sum := hex.EncodeToString(h.Sum(nil))
	p, _ := b.path(sum)
	if _, err := os.Stat(p); err == nil {
		return sum, nil
	}
	return sum, os.Rename(tmp.Name(), p)
}

// get returns the content of a digest.
func (b *blobs) get(sum string) ([]byte, error) {
	p, err := b.path(sum)
	if err != nil {
		return nil, err
	}
	return os.ReadFile(p)
}
