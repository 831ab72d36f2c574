package signing

import (
	"context"
	"crypto"
	"hash"
	"io"
	"maps"
	"slices"
)

// Several signatures on one file all sign a prefix of it: the applicant's
// covers [0, a1) and a short tail, the officer's [0, a2) and a short tail,
// with a1 < a2. Hashing the common prefix once and cloning the hash state
// at each signature's gap reads and hashes the file once instead of once
// per signature.

type digestKey struct {
	br [4]int64
	h  crypto.Hash
}

// digestJob is one signature's digest to compute.
type digestJob struct {
	br []int64
	h  crypto.Hash
}

// digestAll computes the digests of jobs, sharing the work on common
// prefixes. Jobs whose byte range does not start at 0 or does not fit the
// file are left out of the result.
func digestAll(ctx context.Context, r io.ReaderAt, size int64, jobs []digestJob) (map[digestKey][]byte, error) {
	out := map[digestKey][]byte{}
	byHash := map[crypto.Hash][]digestJob{}
	for _, j := range jobs {
		br := j.br
		if len(br) != 4 || br[0] != 0 || br[1] <= 0 || br[2] < br[1] || br[3] < 0 || br[2] > size || br[3] > size-br[2] || !j.h.Available() {
			continue
		}
		byHash[j.h] = append(byHash[j.h], j)
	}
	for _, h := range slices.Sorted(maps.Keys(byHash)) {
		group := byHash[h]
		slices.SortFunc(group, func(a, b digestJob) int { return int(a.br[1] - b.br[1]) })
		trunk := h.New()
		pos := int64(0)
		for _, j := range group {
			k := digestKey{br: [4]int64(j.br), h: h}
			if _, done := out[k]; done {
				continue
			}
			if err := hashSection(ctx, trunk, r, pos, j.br[1]-pos); err != nil {
				return nil, err
			}
			pos = j.br[1]
			hh, ok := cloneHash(trunk)
			if !ok {
				// No way to copy the state: hash this one on its own.
				d, err := digestRanges(ctx, r, j.br, h)
				if err != nil {
					return nil, err
				}
				out[k] = d
				continue
			}
			if err := hashSection(ctx, hh, r, j.br[2], j.br[3]); err != nil {
				return nil, err
			}
			out[k] = hh.Sum(nil)
		}
	}
	return out, nil
}

func cloneHash(h hash.Hash) (hash.Hash, bool) {
	c, ok := h.(hash.Cloner)
	if !ok {
		return nil, false
	}
	cl, err := c.Clone()
	if err != nil {
		return nil, false
	}
	hh, ok := cl.(hash.Hash)
	return hh, ok
}
