package dossier_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/tlog"

	"github.com/motcua/motcua/dossier"
)

// merkleSizes are the log sizes the tests build.
var merkleSizes = []int64{0, 1, 2, 3, 7, 8, 9, 100, 1000}

// merkleEvent returns a stand-in for the i'th event of the log: only its
// Hash matters to the log.
func merkleEvent(i int) dossier.Event {
	return dossier.Event{Seq: uint64(i + 1), Hash: sha256.Sum256(fmt.Appendf(nil, "event %d", i))}
}

// merkleLeaves returns the leaf hashes of the first n stand-in events.
func merkleLeaves(n int64) []dossier.Hash {
	out := make([]dossier.Hash, n)
	for i := range out {
		ev := merkleEvent(i)
		out[i] = dossier.LeafHash(&ev)
	}
	return out
}

// merkleLog returns a MemLog holding leaves, appended one by one.
func merkleLog(t testing.TB, leaves []dossier.Hash) *dossier.MemLog {
	t.Helper()
	l := new(dossier.MemLog)
	for i, h := range leaves {
		first, err := l.Append(h)
		require.NoError(t, err)
		require.Equal(t, int64(i), first)
	}
	return l
}

// merkleRef is RFC 6962 §2.1's Merkle Tree Hash, written from the RFC with
// crypto/sha256 alone: MTH({}) = SHA-256(), MTH({d}) = leaf hash, and
// MTH(D[n]) = SHA-256(0x01 ‖ MTH(D[0:k]) ‖ MTH(D[k:n])), k the largest power
// of two below n.
func merkleRef(leaves []dossier.Hash) dossier.Hash {
	switch len(leaves) {
	case 0:
		return sha256.Sum256(nil)
	case 1:
		return leaves[0]
	}
	k := 1
	for k*2 < len(leaves) {
		k *= 2
	}
	l, r := merkleRef(leaves[:k]), merkleRef(leaves[k:])
	return sha256.Sum256(slices.Concat([]byte{1}, l[:], r[:]))
}

// merkleTlogRoot computes the root with tlog alone, storing hashes in a
// slice of its own.
func merkleTlogRoot(t testing.TB, leaves []dossier.Hash) dossier.Hash {
	t.Helper()
	var stored []tlog.Hash
	r := tlog.HashReaderFunc(func(ix []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(ix))
		for i, x := range ix {
			out[i] = stored[x]
		}
		return out, nil
	})
	for i, h := range leaves {
		hs, err := tlog.StoredHashesForRecordHash(int64(i), tlog.Hash(h), r)
		require.NoError(t, err)
		stored = append(stored, hs...)
	}
	root, err := tlog.TreeHash(int64(len(leaves)), r)
	require.NoError(t, err)
	return dossier.Hash(root)
}

// merkleSlice is a HashReader over a slice, filled through the public
// StoredHashes.
type merkleSlice []dossier.Hash

func (s *merkleSlice) ReadHashes(_ context.Context, ix []int64) ([]dossier.Hash, error) {
	out := make([]dossier.Hash, len(ix))
	for i, x := range ix {
		if x < 0 || x >= int64(len(*s)) {
			return nil, fmt.Errorf("no hash %d", x)
		}
		out[i] = (*s)[x]
	}
	return out, nil
}

func TestMerkleLeafHash(t *testing.T) {
	ev := merkleEvent(0)
	want := sha256.Sum256(slices.Concat([]byte{0}, ev.Hash[:]))
	assert.Equal(t, dossier.Hash(want), dossier.LeafHash(&ev))
	other := merkleEvent(1)
	assert.NotEqual(t, dossier.LeafHash(&ev), dossier.LeafHash(&other))
}

// TestMerkleRFC6962Vectors checks the roots of the test vectors of
// certificate-transparency-go (merkle/testonly), leaves given as data.
func TestMerkleRFC6962Vectors(t *testing.T) {
	data := []string{"", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f"}
	roots := []string{
		"6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
		"fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
		"aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
		"d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
		"4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
		"76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
		"ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
		"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
	}
	l := new(dossier.MemLog)
	for i, d := range data {
		b, err := hex.DecodeString(d)
		require.NoError(t, err)
		_, err = l.Append(sha256.Sum256(slices.Concat([]byte{0}, b)))
		require.NoError(t, err)
		root, err := dossier.TreeHash(t.Context(), int64(i+1), l)
		require.NoError(t, err)
		assert.Equal(t, roots[i], root.String(), "tree of %d", i+1)
	}
	empty, err := dossier.TreeHash(t.Context(), 0, l)
	require.NoError(t, err)
	assert.Equal(t, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", empty.String())
}

func TestMerkleTreeHash(t *testing.T) {
	all := merkleLeaves(merkleSizes[len(merkleSizes)-1])
	for _, size := range merkleSizes {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			leaves := all[:size]
			l := merkleLog(t, leaves)
			assert.Equal(t, size, l.Size())
			root, err := dossier.TreeHash(t.Context(), size, l)
			require.NoError(t, err)
			assert.Equal(t, merkleRef(leaves), root, "RFC 6962 by hand")
			assert.Equal(t, merkleTlogRoot(t, leaves), root, "tlog alone")

			// One Append of every leaf stores the same.
			batch := new(dossier.MemLog)
			first, err := batch.Append(leaves...)
			require.NoError(t, err)
			assert.Zero(t, first)
			broot, err := dossier.TreeHash(t.Context(), size, batch)
			require.NoError(t, err)
			assert.Equal(t, root, broot)

			// Public StoredHashes into a slice store the same.
			var s merkleSlice
			for i, h := range leaves {
				require.Equal(t, dossier.StoredHashIndex(0, int64(i)), int64(len(s)))
				hs, err := dossier.StoredHashes(t.Context(), int64(i), h, &s)
				require.NoError(t, err)
				require.NotEmpty(t, hs)
				assert.Equal(t, h, hs[0])
				s = append(s, hs...)
			}
			assert.Equal(t, dossier.StoredHashCount(size), int64(len(s)))
			got, err := l.ReadHashes(t.Context(), merkleSeq(int64(len(s))))
			require.NoError(t, err)
			assert.True(t, slices.Equal(s, got))

			// Every leaf reads back; every prefix has its root.
			for i, h := range leaves {
				lh, err := l.Leaf(int64(i))
				require.NoError(t, err)
				require.Equal(t, h, lh)
			}
			step := max(size/50, 1)
			for n := int64(0); n <= size; n += step {
				r, err := dossier.TreeHash(t.Context(), n, l)
				require.NoError(t, err)
				require.Equal(t, merkleRef(leaves[:n]), r, "prefix %d", n)
			}
		})
	}
}

func merkleSeq(n int64) []int64 {
	out := make([]int64, n)
	for i := range out {
		out[i] = int64(i)
	}
	return out
}

// merkleSample returns the indexes of a tree of size to test: all of them
// for small trees, the edges, the middle and a few random ones otherwise.
func merkleSample(size int64, rng *rand.Rand) []int64 {
	if size <= 16 {
		return merkleSeq(size)
	}
	out := []int64{0, 1, size/2 - 1, size / 2, size - 2, size - 1}
	for range 6 {
		out = append(out, rng.Int64N(size))
	}
	return out
}

func TestInclusionProofs(t *testing.T) {
	ctx := t.Context()
	rng := rand.New(rand.NewPCG(6962, 9162))
	all := merkleLeaves(1001)
	big := merkleLog(t, all)
	rootOf := func(n int64) dossier.Hash {
		r, err := dossier.TreeHash(ctx, n, big)
		require.NoError(t, err)
		return r
	}
	for _, size := range merkleSizes[1:] {
		l := merkleLog(t, all[:size])
		root := rootOf(size)
		for _, i := range merkleSample(size, rng) {
			t.Run(fmt.Sprintf("%d/%d", i, size), func(t *testing.T) {
				p, err := dossier.ProveInclusion(ctx, l, size, i)
				require.NoError(t, err)
				assert.Equal(t, i, p.Index)
				assert.Equal(t, size, p.Size)
				require.NoError(t, dossier.VerifyInclusion(p, root, all[i]))

				// The same proof from the bigger log's prefix.
				pb, err := dossier.ProveInclusion(ctx, big, size, i)
				require.NoError(t, err)
				assert.Equal(t, p, pb)

				type bad struct {
					name       string
					p          dossier.InclusionProof
					root, leaf dossier.Hash
				}
				var bads []bad
				for j := range p.Path {
					q := merkleCopyInclusion(p)
					q.Path[j][j%32] ^= 0x80
					bads = append(bads, bad{fmt.Sprintf("path[%d] altered", j), q, root, all[i]})
				}
				if len(p.Path) > 0 {
					q := merkleCopyInclusion(p)
					q.Path = q.Path[:len(q.Path)-1]
					bads = append(bads, bad{"path truncated", q, root, all[i]})
				}
				q := merkleCopyInclusion(p)
				q.Path = append(q.Path, all[0])
				bads = append(bads, bad{"path extended", q, root, all[i]})
				for _, j := range []int64{i - 1, i + 1, size - 1 - i} {
					if j >= 0 && j < size && j != i {
						q := merkleCopyInclusion(p)
						q.Index = j
						bads = append(bads, bad{fmt.Sprintf("index %d", j), q, root, all[i]},
							bad{fmt.Sprintf("index %d with its leaf", j), q, root, all[j]})
					}
				}
				for _, n := range []int64{size - 1, size + 1, 2 * size} {
					if n > i && n != size && n <= int64(len(all)) {
						q := merkleCopyInclusion(p)
						q.Size = n
						bads = append(bads, bad{fmt.Sprintf("size %d", n), q, rootOf(n), all[i]})
					}
				}
				bads = append(bads,
					bad{"wrong leaf", p, root, all[(i+1)%int64(len(all))]},
					bad{"leaf not hashed as leaf", p, root, merkleEvent(int(i)).Hash},
					bad{"wrong root", p, rootOf(size + 1), all[i]},
					bad{"zero root", p, dossier.Hash{}, all[i]},
					bad{"negative index", dossier.InclusionProof{Index: -1, Size: size, Path: p.Path}, root, all[i]},
					bad{"index past the size", dossier.InclusionProof{Index: size, Size: size, Path: p.Path}, root, all[i]},
					bad{"size 0", dossier.InclusionProof{Size: 0, Path: p.Path}, root, all[i]},
				)
				for _, b := range bads {
					err := dossier.VerifyInclusion(b.p, b.root, b.leaf)
					require.Error(t, err, b.name)
					require.ErrorIs(t, err, dossier.ErrProof, b.name)
					var pe *dossier.ProofError
					require.ErrorAs(t, err, &pe, b.name)
					assert.Equal(t, "inclusion", pe.Proof)
					assert.Equal(t, b.p.Index, pe.Index)
				}
			})
		}
	}
}

func merkleCopyInclusion(p dossier.InclusionProof) dossier.InclusionProof {
	p.Path = slices.Clone(p.Path)
	return p
}

func merkleCopyConsistency(p dossier.ConsistencyProof) dossier.ConsistencyProof {
	p.Path = slices.Clone(p.Path)
	return p
}

func TestConsistencyProofs(t *testing.T) {
	ctx := t.Context()
	all := merkleLeaves(1000)
	l := merkleLog(t, all)
	roots := make(map[int64]dossier.Hash)
	rootOf := func(n int64) dossier.Hash {
		if r, ok := roots[n]; ok {
			return r
		}
		r, err := dossier.TreeHash(ctx, n, l)
		require.NoError(t, err)
		roots[n] = r
		return r
	}
	type pair struct{ from, to int64 }
	var pairs []pair
	for to := int64(0); to <= 17; to++ {
		for from := int64(0); from <= to; from++ {
			pairs = append(pairs, pair{from, to})
		}
	}
	for _, to := range merkleSizes {
		for _, from := range merkleSizes {
			if from <= to && to > 17 {
				pairs = append(pairs, pair{from, to})
			}
		}
	}
	pairs = append(pairs, pair{511, 512}, pair{512, 513}, pair{255, 999}, pair{999, 1000})

	for _, pr := range pairs {
		from, to := pr.from, pr.to
		t.Run(fmt.Sprintf("%d-%d", from, to), func(t *testing.T) {
			p, err := dossier.ProveConsistency(ctx, l, from, to)
			require.NoError(t, err)
			assert.Equal(t, from, p.From)
			assert.Equal(t, to, p.To)
			fromRoot, toRoot := rootOf(from), rootOf(to)
			require.NoError(t, dossier.VerifyConsistency(p, fromRoot, toRoot))

			type bad struct {
				name             string
				p                dossier.ConsistencyProof
				fromRoot, toRoot dossier.Hash
			}
			var bads []bad
			if from > 0 {
				// The older tree had a leaf edited: it is no prefix.
				for _, j := range []int64{0, from / 2, from - 1} {
					edited := slices.Clone(all[:from])
					edited[j][0] ^= 1
					bads = append(bads, bad{fmt.Sprintf("older leaf %d edited", j), p, merkleRef(edited), toRoot})
				}
				// The newer tree had one of the old leaves edited.
				edited := slices.Clone(all[:to])
				edited[from-1][31] ^= 1
				bads = append(bads, bad{"newer rewrote an old leaf", p, fromRoot, merkleRef(edited)})
			}
			for j := range p.Path {
				q := merkleCopyConsistency(p)
				q.Path[j][(j+7)%32] ^= 0x01
				bads = append(bads, bad{fmt.Sprintf("path[%d] altered", j), q, fromRoot, toRoot})
			}
			if len(p.Path) > 0 {
				q := merkleCopyConsistency(p)
				q.Path = q.Path[1:]
				bads = append(bads, bad{"path truncated", q, fromRoot, toRoot})
			}
			q := merkleCopyConsistency(p)
			q.Path = append(q.Path, fromRoot)
			bads = append(bads, bad{"path extended", q, fromRoot, toRoot})
			// From the empty tree, any newer root is consistent.
			if from > 0 && to < int64(len(all)) {
				bads = append(bads, bad{"newer root of a bigger tree", p, fromRoot, rootOf(to + 1)})
				q := merkleCopyConsistency(p)
				q.To = to + 1
				bads = append(bads, bad{"to+1 with its root", q, fromRoot, rootOf(to + 1)})
			}
			if from > 1 {
				q := merkleCopyConsistency(p)
				q.From = from - 1
				bads = append(bads, bad{"from-1 with its root", q, rootOf(from - 1), toRoot})
			}
			if from < to {
				bads = append(bads, bad{"roots swapped", p, toRoot, fromRoot})
			}
			if from+1 < to || from < to && len(p.Path) > 0 { // not 0-1: 1-1 needs no path
				q := merkleCopyConsistency(p)
				q.From = from + 1
				bads = append(bads, bad{"from+1 with its root", q, rootOf(from + 1), toRoot})
			}
			bads = append(bads,
				bad{"from after to", dossier.ConsistencyProof{From: to + 1, To: to, Path: p.Path}, fromRoot, toRoot},
				bad{"negative from", dossier.ConsistencyProof{From: -1, To: to, Path: p.Path}, fromRoot, toRoot},
				bad{"zero older root", p, dossier.Hash{}, toRoot},
			)
			if from > 0 || to == 0 {
				bads = append(bads, bad{"zero newer root", p, fromRoot, dossier.Hash{}})
			}
			for _, b := range bads {
				err := dossier.VerifyConsistency(b.p, b.fromRoot, b.toRoot)
				require.Error(t, err, b.name)
				require.ErrorIs(t, err, dossier.ErrProof, b.name)
				var pe *dossier.ProofError
				require.ErrorAs(t, err, &pe, b.name)
				assert.Equal(t, "consistency", pe.Proof)
			}
		})
	}
}

func TestMerkleRangeErrors(t *testing.T) {
	ctx := t.Context()
	l := merkleLog(t, merkleLeaves(9))
	tests := []struct {
		name string
		run  func() error
	}{
		{"tree hash of a negative size", func() error { _, err := dossier.TreeHash(ctx, -1, l); return err }},
		{"tree hash past the log", func() error { _, err := dossier.TreeHash(ctx, 10, l); return err }},
		{"tree hash of a huge size", func() error { _, err := dossier.TreeHash(ctx, math.MaxInt64, l); return err }},
		{"inclusion of index = size", func() error { _, err := dossier.ProveInclusion(ctx, l, 9, 9); return err }},
		{"inclusion of a negative index", func() error { _, err := dossier.ProveInclusion(ctx, l, 9, -1); return err }},
		{"inclusion in an empty tree", func() error { _, err := dossier.ProveInclusion(ctx, l, 0, 0); return err }},
		{"inclusion past the log", func() error { _, err := dossier.ProveInclusion(ctx, l, 10, 3); return err }},
		{"inclusion in a huge tree", func() error { _, err := dossier.ProveInclusion(ctx, l, math.MaxInt64, 3); return err }},
		{"consistency backwards", func() error { _, err := dossier.ProveConsistency(ctx, l, 5, 4); return err }},
		{"consistency from negative", func() error { _, err := dossier.ProveConsistency(ctx, l, -1, 4); return err }},
		{"consistency past the log", func() error { _, err := dossier.ProveConsistency(ctx, l, 3, 10); return err }},
		{"consistency to a huge tree", func() error { _, err := dossier.ProveConsistency(ctx, l, 3, math.MaxInt64); return err }},
		{"stored hashes of a leaf not next", func() error { _, err := dossier.StoredHashes(ctx, 15, dossier.Hash{}, l); return err }},
		{"stored hashes of a negative leaf", func() error { _, err := dossier.StoredHashes(ctx, -1, dossier.Hash{}, l); return err }},
		{"leaf -1", func() error { _, err := l.Leaf(-1); return err }},
		{"leaf 9", func() error { _, err := l.Leaf(9); return err }},
		{"read hash past the end", func() error {
			_, err := l.ReadHashes(ctx, []int64{0, dossier.StoredHashCount(9)})
			return err
		}},
		{"read hash -1", func() error { _, err := l.ReadHashes(ctx, []int64{-1}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.run(), dossier.ErrLogRange)
		})
	}
}

func TestMerkleCanceledContext(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	l := merkleLog(t, merkleLeaves(9))
	tests := []struct {
		name string
		run  func() error
	}{
		{"TreeHash", func() error { _, err := dossier.TreeHash(ctx, 9, l); return err }},
		{"ProveInclusion", func() error { _, err := dossier.ProveInclusion(ctx, l, 9, 3); return err }},
		{"ProveConsistency", func() error { _, err := dossier.ProveConsistency(ctx, l, 3, 9); return err }},
		{"ProveConsistency from 0", func() error { _, err := dossier.ProveConsistency(ctx, l, 0, 9); return err }},
		{"StoredHashes", func() error { _, err := dossier.StoredHashes(ctx, 9, dossier.Hash{}, l); return err }},
		{"ReadHashes", func() error { _, err := l.ReadHashes(ctx, []int64{0}); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.run(), context.Canceled)
		})
	}

	// A context canceled while a reader works stops it too.
	t.Run("during a long read", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		r := merkleCancelReader{l, cancel}
		_, err := dossier.TreeHash(ctx, 9, r)
		require.ErrorIs(t, err, context.Canceled)
		_, err = l.ReadHashes(ctx, make([]int64, 5000))
		require.ErrorIs(t, err, context.Canceled)
	})
}

// merkleCancelReader cancels the context, then reads.
type merkleCancelReader struct {
	l      *dossier.MemLog
	cancel context.CancelFunc
}

func (r merkleCancelReader) ReadHashes(ctx context.Context, ix []int64) ([]dossier.Hash, error) {
	r.cancel()
	return r.l.ReadHashes(ctx, ix)
}

// merkleShortReader returns too few hashes.
type merkleShortReader struct{}

func (merkleShortReader) ReadHashes(context.Context, []int64) ([]dossier.Hash, error) {
	return nil, nil
}

func TestMerkleBrokenReader(t *testing.T) {
	ctx := t.Context()
	_, err := dossier.TreeHash(ctx, 9, merkleShortReader{})
	require.Error(t, err)
	_, err = dossier.ProveInclusion(ctx, merkleShortReader{}, 9, 3)
	require.Error(t, err)
	_, err = dossier.ProveConsistency(ctx, merkleShortReader{}, 3, 9)
	require.Error(t, err)
	_, err = dossier.StoredHashes(ctx, 7, dossier.Hash{}, merkleShortReader{})
	require.Error(t, err)
}

func TestMerkleHugeProofs(t *testing.T) {
	// tlog's arithmetic would loop or overflow on such sizes; they fail at once.
	leaf := merkleLeaves(1)[0]
	tests := []struct {
		name string
		err  error
	}{
		{"inclusion in 2^63-1", dossier.VerifyInclusion(dossier.InclusionProof{Index: 5, Size: math.MaxInt64}, leaf, leaf)},
		{"inclusion of 2^63-2", dossier.VerifyInclusion(dossier.InclusionProof{Index: math.MaxInt64 - 1, Size: math.MaxInt64}, leaf, leaf)},
		{"inclusion with a long path", dossier.VerifyInclusion(dossier.InclusionProof{Index: 5, Size: 9, Path: make([]dossier.Hash, 1000)}, leaf, leaf)},
		{"consistency to 2^63-1", dossier.VerifyConsistency(dossier.ConsistencyProof{From: 3, To: math.MaxInt64}, leaf, leaf)},
		{"consistency with a long path", dossier.VerifyConsistency(dossier.ConsistencyProof{From: 3, To: 9, Path: make([]dossier.Hash, 1000)}, leaf, leaf)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.err, dossier.ErrProof)
		})
	}
	// The largest size accepted still verifies in bounded time.
	p := dossier.InclusionProof{Index: 1<<62 - 2, Size: 1<<62 - 1, Path: make([]dossier.Hash, 62)}
	require.ErrorIs(t, dossier.VerifyInclusion(p, leaf, leaf), dossier.ErrProof)
}

func TestConsistencyFromEmpty(t *testing.T) {
	ctx := t.Context()
	l := merkleLog(t, merkleLeaves(5))
	empty, err := dossier.TreeHash(ctx, 0, l)
	require.NoError(t, err)
	root, err := dossier.TreeHash(ctx, 5, l)
	require.NoError(t, err)
	p, err := dossier.ProveConsistency(ctx, l, 0, 5)
	require.NoError(t, err)
	assert.Empty(t, p.Path)
	require.NoError(t, dossier.VerifyConsistency(p, empty, root))
	require.ErrorIs(t, dossier.VerifyConsistency(p, root, root), dossier.ErrProof, "older root not the empty tree's")
	p0, err := dossier.ProveConsistency(ctx, l, 0, 0)
	require.NoError(t, err)
	require.NoError(t, dossier.VerifyConsistency(p0, empty, empty))
	require.ErrorIs(t, dossier.VerifyConsistency(p0, empty, root), dossier.ErrProof, "newer root not the empty tree's")
	bad := p
	bad.Path = []dossier.Hash{root}
	require.ErrorIs(t, dossier.VerifyConsistency(bad, empty, root), dossier.ErrProof)
}

func TestMerkleProofJSON(t *testing.T) {
	ctx := t.Context()
	l := merkleLog(t, merkleLeaves(3))
	ip, err := dossier.ProveInclusion(ctx, l, 3, 2)
	require.NoError(t, err)
	cp, err := dossier.ProveConsistency(ctx, l, 2, 3)
	require.NoError(t, err)
	single, err := dossier.ProveInclusion(ctx, merkleLog(t, merkleLeaves(1)), 1, 0)
	require.NoError(t, err)

	b, err := json.Marshal(ip)
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"index":2,"size":3,"path":[%q]}`, ip.Path[0]), string(b))
	var ip2 dossier.InclusionProof
	require.NoError(t, json.Unmarshal(b, &ip2))
	assert.Equal(t, ip, ip2)

	b, err = json.Marshal(cp)
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"from":2,"to":3,"path":[%q]}`, cp.Path[0]), string(b))
	var cp2 dossier.ConsistencyProof
	require.NoError(t, json.Unmarshal(b, &cp2))
	assert.Equal(t, cp, cp2)

	b, err = json.Marshal(single)
	require.NoError(t, err)
	assert.JSONEq(t, `{"index":0,"size":1,"path":[]}`, string(b))

	require.Error(t, json.Unmarshal([]byte(`{"index":0,"size":1,"path":["zz"]}`), &ip2))
}

func TestMemLogZeroValue(t *testing.T) {
	var l dossier.MemLog
	assert.Zero(t, l.Size())
	first, err := l.Append()
	require.NoError(t, err)
	assert.Zero(t, first)
	root, err := dossier.TreeHash(t.Context(), 0, &l)
	require.NoError(t, err)
	assert.Equal(t, dossier.Hash(sha256.Sum256(nil)), root)
	leaves := merkleLeaves(4)
	first, err = l.Append(leaves[:3]...)
	require.NoError(t, err)
	assert.Zero(t, first)
	first, err = l.Append(leaves[3])
	require.NoError(t, err)
	assert.Equal(t, int64(3), first)
	first, err = l.Append()
	require.NoError(t, err)
	assert.Equal(t, int64(4), first)
}

func TestMemLogConcurrentAppend(t *testing.T) {
	const writers, perWriter = 8, 300
	ctx := t.Context()
	l := new(dossier.MemLog)
	all := merkleLeaves(writers * perWriter)
	firsts := make([][]int64, writers) // index of each batch's first leaf
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			mine := all[w*perWriter : (w+1)*perWriter]
			for i := 0; i < len(mine); {
				n := min(1+i%3, len(mine)-i) // batches of 1 to 3 leaves
				first, err := l.Append(mine[i : i+n]...)
				if err != nil {
					t.Error(err)
					return
				}
				firsts[w] = append(firsts[w], first)
				i += n
			}
		})
	}
	// Readers prove and verify while the writers append.
	stop := make(chan struct{})
	var rg sync.WaitGroup
	for range 2 {
		rg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				size := l.Size()
				if size == 0 {
					continue
				}
				root, err := dossier.TreeHash(ctx, size, l)
				if err != nil {
					t.Error(err)
					return
				}
				i := size / 2
				leaf, err := l.Leaf(i)
				if err != nil {
					t.Error(err)
					return
				}
				p, err := dossier.ProveInclusion(ctx, l, size, i)
				if err == nil {
					err = dossier.VerifyInclusion(p, root, leaf)
				}
				if err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	rg.Wait()

	require.Equal(t, int64(len(all)), l.Size())
	// Each writer's leaves are where Append said, in its order.
	for w := range writers {
		mine := all[w*perWriter : (w+1)*perWriter]
		i := 0
		for _, first := range firsts[w] {
			n := min(1+i%3, len(mine)-i)
			for k := range n {
				got, err := l.Leaf(first + int64(k))
				require.NoError(t, err)
				require.Equal(t, mine[i+k], got, "writer %d leaf %d", w, i+k)
			}
			i += n
		}
		require.Equal(t, len(mine), i)
	}
	// No leaf lost or duplicated.
	stored := make([]dossier.Hash, l.Size())
	seen := make(map[dossier.Hash]bool)
	for i := range stored {
		h, err := l.Leaf(int64(i))
		require.NoError(t, err)
		require.False(t, seen[h], "leaf %d duplicated", i)
		seen[h] = true
		stored[i] = h
	}
	for i, h := range all {
		require.True(t, seen[h], "leaf %d lost", i)
	}
	// The root is the sequential rebuild's.
	root, err := dossier.TreeHash(ctx, l.Size(), l)
	require.NoError(t, err)
	rebuilt, err := dossier.TreeHash(ctx, l.Size(), merkleLog(t, stored))
	require.NoError(t, err)
	assert.Equal(t, rebuilt, root)
	assert.Equal(t, merkleRef(stored), root)
}

func FuzzInclusionProof(f *testing.F) {
	ctx := context.Background()
	leaves := merkleLeaves(9)
	l := merkleLog(f, leaves)
	root, err := dossier.TreeHash(ctx, 9, l)
	require.NoError(f, err)
	for i := range int64(9) {
		p, err := dossier.ProveInclusion(ctx, l, 9, i)
		require.NoError(f, err)
		b, err := json.Marshal(p)
		require.NoError(f, err)
		f.Add(b, uint8(i))
	}
	f.Add([]byte(`{"index":-1,"size":9223372036854775807,"path":[]}`), uint8(0))
	f.Add([]byte(`{"index":4611686018427387902,"size":4611686018427387903,"path":[]}`), uint8(3))
	f.Add([]byte(`{"index":0,"size":1,"path":null}`), uint8(0))
	f.Add([]byte(`garbage`), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		if len(data) > 16<<10 {
			return
		}
		var p dossier.InclusionProof
		if json.Unmarshal(data, &p) != nil {
			return
		}
		i := int64(which) % 9
		err := dossier.VerifyInclusion(p, root, leaves[i])
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrProof)
			return
		}
		// Only the genuine proof verifies.
		want, perr := dossier.ProveInclusion(ctx, l, 9, i)
		require.NoError(t, perr)
		require.Equal(t, want.Index, p.Index)
		require.Equal(t, want.Size, p.Size)
		require.Equal(t, want.Path, p.Path)
	})
}

func FuzzConsistencyProof(f *testing.F) {
	ctx := context.Background()
	l := merkleLog(f, merkleLeaves(9))
	roots := make([]dossier.Hash, 10)
	for n := range roots {
		var err error
		roots[n], err = dossier.TreeHash(ctx, int64(n), l)
		require.NoError(f, err)
	}
	for _, pr := range [][2]int64{{1, 9}, {3, 7}, {4, 8}, {5, 9}, {9, 9}, {0, 4}} {
		p, err := dossier.ProveConsistency(ctx, l, pr[0], pr[1])
		require.NoError(f, err)
		b, err := json.Marshal(p)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"from":1,"to":9223372036854775807,"path":[]}`))
	f.Add([]byte(`{"from":-5,"to":3}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		var p dossier.ConsistencyProof
		if json.Unmarshal(data, &p) != nil {
			return
		}
		from, to := p.From, p.To
		if from < 0 || from > 9 || to < 0 || to > 9 {
			err := dossier.VerifyConsistency(p, roots[0], roots[9])
			if err == nil {
				// Only the empty tree, which every tree extends, verifies
				// against any newer size: a proof from 0 with no path.
				require.Zero(t, from, "a proof between sizes this log does not have verified")
				require.Empty(t, p.Path)
				return
			}
			require.ErrorIs(t, err, dossier.ErrProof)
			return
		}
		err := dossier.VerifyConsistency(p, roots[from], roots[to])
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrProof)
			return
		}
		want, perr := dossier.ProveConsistency(ctx, l, from, to)
		require.NoError(t, perr)
		require.Equal(t, len(want.Path), len(p.Path))
		for i := range want.Path {
			require.Equal(t, want.Path[i], p.Path[i])
		}
	})
}

// merkleMillion is a MemLog of 1,000,000 leaves, built once.
var merkleMillion = sync.OnceValue(func() *dossier.MemLog {
	l := new(dossier.MemLog)
	leaves := merkleLeaves(1_000_000)
	if _, err := l.Append(leaves...); err != nil {
		panic(err)
	}
	return l
})

func BenchmarkLogInclusionProof(b *testing.B) {
	ctx := context.Background()
	l := merkleMillion()
	size := l.Size()
	root, err := dossier.TreeHash(ctx, size, l)
	require.NoError(b, err)
	leaves := make([]dossier.Hash, 1024)
	idx := make([]int64, len(leaves))
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range leaves {
		idx[i] = rng.Int64N(size)
		leaves[i], err = l.Leaf(idx[i])
		require.NoError(b, err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		k := i % len(idx)
		p, err := dossier.ProveInclusion(ctx, l, size, idx[k])
		if err != nil {
			b.Fatal(err)
		}
		if err := dossier.VerifyInclusion(p, root, leaves[k]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}

func BenchmarkMemLogAppend(b *testing.B) {
	leaves := merkleLeaves(1 << 16)
	l := new(dossier.MemLog)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		if _, err := l.Append(leaves[i%len(leaves)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
