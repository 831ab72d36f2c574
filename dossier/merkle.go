package dossier

import (
	"context"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/mod/sumdb/tlog"
)

// The transparency log. Every event of every dossier is a leaf of one
// append-only Merkle tree (RFC 6962 and RFC 9162, as Go's checksum database
// keeps it with golang.org/x/mod/sumdb/tlog), in commit order. The agency
// signs [Checkpoint]s of the tree; anyone holding two checkpoints checks with
// a [ConsistencyProof] that the later extends the earlier, and anyone holding
// an event checks with an [InclusionProof] that the log contains it.

// maxLogSize bounds tree sizes and leaf indexes (2⁶² − 1): tlog's index
// arithmetic overflows beyond, and no log comes near.
const maxLogSize = 1<<62 - 1

// maxProofPath bounds the hashes of a proof: a tree of at most 2⁶² leaves
// needs at most 62 for inclusion and 124 for consistency.
const maxProofPath = 128

// LeafHash returns the log's leaf hash of ev: SHA-256(0x00 ‖ ev.Hash), the
// RFC 6962 leaf hash of the event's 32-byte [Event.Hash] (tlog.RecordHash).
// ev.Hash covers the dossier code, Seq and the rest of the canonical encoding
// ([EventHash]), so a leaf stands for one event of one dossier. The 0x00
// prefix (interior nodes take 0x01) keeps a leaf from passing for a node.
// LeafHash does not check ev.Hash; [VerifyTrail] does.
func LeafHash(ev *Event) Hash { return Hash(tlog.RecordHash(ev.Hash[:])) }

// HashReader reads the hashes a log has stored. A log stores, when it
// appends leaf n (counted from 0), the hashes [StoredHashes] returns at
// consecutive indexes from StoredHashIndex(0, n): the leaf hash, then the
// root of every complete subtree that leaf closes. This is tlog's dense
// layout (Crosby and Wallach, "Efficient Data Structures for Tamper-Evident
// Logging", §3.3): [StoredHashIndex] gives each node its index, a log of n
// leaves holds [StoredHashCount](n) hashes, and a stored hash never changes.
// [MemLog] implements HashReader; a database keeps the hashes in a table
// keyed by index.
type HashReader interface {
	// ReadHashes returns the hashes stored at indexes, one for each, in the
	// same order, or an error. The indexes need not be sorted.
	ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error)
}

// StoredHashIndex returns the storage index of the node at level (0 for
// leaves) and position n (counted from 0 among the nodes of its level):
// tlog.StoredHashIndex. See [HashReader] for the layout.
func StoredHashIndex(level int, n int64) int64 { return tlog.StoredHashIndex(level, n) }

// StoredHashCount returns the number of hashes a log of n leaves stores:
// the next leaf's hashes go at index StoredHashCount(n) ==
// StoredHashIndex(0, n).
func StoredHashCount(n int64) int64 { return tlog.StoredHashCount(n) }

// StoredHashes returns the hashes to store when appending leaf n (counted
// from 0) with leaf hash leaf (see [LeafHash]) to a log of n leaves: leaf
// first, then the subtree roots it completes, at most 1 + log₂ n hashes to
// store at consecutive indexes from [StoredHashIndex](0, n). It reads at
// most log₂ n earlier hashes from r (tlog.StoredHashesForRecordHash).
func StoredHashes(ctx context.Context, n int64, leaf Hash, r HashReader) ([]Hash, error) {
	if n < 0 || n >= maxLogSize {
		return nil, fmt.Errorf("%w: cannot append leaf %d", ErrLogRange, n)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	hs, err := tlog.StoredHashesForRecordHash(n, tlog.Hash(leaf), tlogReader(ctx, r))
	if err != nil {
		return nil, fmt.Errorf("dossier: stored hashes of leaf %d: %w", n, err)
	}
	return fromTlog(hs), nil
}

// TreeHash returns the root hash of the tree of the first size leaves
// of the log r reads (RFC 6962 §2.1, tlog.TreeHash). It reads at most
// 1 + log₂ size hashes. The root of the empty tree is SHA-256 of nothing.
func TreeHash(ctx context.Context, size int64, r HashReader) (Hash, error) {
	if size < 0 || size > maxLogSize {
		return Hash{}, fmt.Errorf("%w: tree of %d leaves", ErrLogRange, size)
	}
	if err := ctx.Err(); err != nil {
		return Hash{}, err
	}
	h, err := tlog.TreeHash(size, tlogReader(ctx, r))
	if err != nil {
		return Hash{}, fmt.Errorf("dossier: hash of tree %d: %w", size, err)
	}
	return Hash(h), nil
}

// emptyRoot returns the root hash of the empty tree, SHA-256 of nothing.
func emptyRoot() Hash {
	h, _ := tlog.TreeHash(0, nil) // reads nothing, cannot fail
	return Hash(h)
}

// InclusionProof proves that the tree of Size leaves holds a given leaf
// hash at Index: RFC 6962's audit path, verified by [VerifyInclusion] or
// [Checkpoint.VerifyInclusion]. Its JSON form is
//
//	{"index":3,"size":7,"path":["<64 hex digits>",...]}
type InclusionProof struct {
	// Index is the leaf's position, counted from 0.
	Index int64 `json:"index"`
	// Size is the number of leaves of the tree.
	Size int64 `json:"size"`
	// Path holds the sibling hashes from the leaf up to the root.
	Path []Hash `json:"path"`
}

// ProveInclusion returns the proof that the tree of the first size leaves
// of the log r reads holds leaf index (tlog.ProveRecord). An index or size
// outside the log is an error wrapping [ErrLogRange].
func ProveInclusion(ctx context.Context, r HashReader, size, index int64) (InclusionProof, error) {
	if size < 1 || size > maxLogSize || index < 0 || index >= size {
		return InclusionProof{}, fmt.Errorf("%w: leaf %d of a tree of %d", ErrLogRange, index, size)
	}
	if err := ctx.Err(); err != nil {
		return InclusionProof{}, err
	}
	p, err := tlog.ProveRecord(size, index, tlogReader(ctx, r))
	if err != nil {
		return InclusionProof{}, fmt.Errorf("dossier: prove leaf %d in tree %d: %w", index, size, err)
	}
	return InclusionProof{Index: index, Size: size, Path: fromTlog(p)}, nil
}

// VerifyInclusion checks that p proves leaf, a leaf hash ([LeafHash]), to
// be at p.Index in the tree of p.Size leaves whose root hash is root
// (tlog.CheckRecord). A proof that does not verify is a [*ProofError]
// wrapping [ErrProof].
func VerifyInclusion(p InclusionProof, root, leaf Hash) error {
	fail := func(why string) error {
		return &ProofError{Proof: "inclusion", Index: p.Index, Size: p.Size, Why: why}
	}
	switch {
	case p.Size < 1 || p.Size > maxLogSize:
		return fail("tree size out of range")
	case p.Index < 0 || p.Index >= p.Size:
		return fail("index outside the tree")
	case len(p.Path) > maxProofPath:
		return fail("path too long")
	}
	if err := tlog.CheckRecord(toTlog(p.Path), p.Size, tlog.Hash(root), p.Index, tlog.Hash(leaf)); err != nil {
		return fail("the path does not lead from the leaf to the root")
	}
	return nil
}

// ConsistencyProof proves that the tree of To leaves extends the tree of
// From leaves: the first From leaves of both are the same, so the log was
// only appended to (RFC 6962's consistency proof, verified by
// [VerifyConsistency] or [VerifyExtends]). Its JSON form is
//
//	{"from":7,"to":100,"path":["<64 hex digits>",...]}
type ConsistencyProof struct {
	// From is the older tree's size.
	From int64 `json:"from"`
	// To is the newer tree's size, at least From.
	To int64 `json:"to"`
	// Path holds the subtree hashes the proof needs.
	Path []Hash `json:"path"`
}

// ProveConsistency returns the proof that the tree of the first to leaves
// of the log r reads extends the tree of the first from (tlog.ProveTree).
// Sizes out of order or outside the log are an error wrapping
// [ErrLogRange]. Every tree extends the empty tree, with an empty proof.
func ProveConsistency(ctx context.Context, r HashReader, from, to int64) (ConsistencyProof, error) {
	if from < 0 || to < from || to > maxLogSize {
		return ConsistencyProof{}, fmt.Errorf("%w: consistency from %d to %d", ErrLogRange, from, to)
	}
	if err := ctx.Err(); err != nil {
		return ConsistencyProof{}, err
	}
	if from == 0 {
		return ConsistencyProof{From: from, To: to, Path: []Hash{}}, nil
	}
	p, err := tlog.ProveTree(to, from, tlogReader(ctx, r))
	if err != nil {
		return ConsistencyProof{}, fmt.Errorf("dossier: prove tree %d extends %d: %w", to, from, err)
	}
	return ConsistencyProof{From: from, To: to, Path: fromTlog(p)}, nil
}

// VerifyConsistency checks that p proves the tree of p.To leaves with root
// hash toRoot to extend the tree of p.From leaves with root hash fromRoot
// (tlog.CheckTree). Equal sizes need equal roots and an empty path; a From
// of 0 needs the empty tree's root and an empty path. A proof that does not
// verify is a [*ProofError] wrapping [ErrProof].
func VerifyConsistency(p ConsistencyProof, fromRoot, toRoot Hash) error {
	fail := func(why string) error {
		return &ProofError{Proof: "consistency", From: p.From, To: p.To, Why: why}
	}
	switch {
	case p.From < 0 || p.To < p.From || p.To > maxLogSize:
		return fail("tree sizes out of order or out of range")
	case len(p.Path) > maxProofPath:
		return fail("path too long")
	case p.From == 0:
		empty := emptyRoot()
		if len(p.Path) != 0 {
			return fail("a proof from the empty tree has no path")
		}
		if fromRoot != empty {
			return fail("the older root is not the empty tree's")
		}
		if p.To == 0 && toRoot != empty {
			return fail("the newer root is not the empty tree's")
		}
		return nil
	}
	if err := tlog.CheckTree(toTlog(p.Path), p.To, tlog.Hash(toRoot), p.From, tlog.Hash(fromRoot)); err != nil {
		return fail("the older tree is not a prefix of the newer")
	}
	return nil
}

// MemLog is a log kept in memory: every hash [StoredHashes] returns, in one
// slice by storage index. The zero value is an empty log ready to use. A
// MemLog is safe for concurrent use; it implements [HashReader], so
// [TreeHash], [ProveInclusion] and [ProveConsistency] read it directly.
//
// Appending does no I/O and costs, amortized over many leaves, two stored
// hashes, one SHA-256 node hash and a few small allocations per leaf, so a
// store may call [MemLog.Append] while it holds its own lock.
type MemLog struct {
	mu     sync.RWMutex
	n      int64       // leaves
	hashes []Hash      // stored hashes by index: StoredHashCount(n) of them
	buf    []tlog.Hash // Append's reader buffer, under mu
}

// Append appends leaves, leaf hashes (see [LeafHash]), in order and returns
// the index of the first; with no leaves it returns the size. It fails only
// when the log would outgrow 2⁶² − 1 leaves, and then appends nothing.
func (l *MemLog) Append(leaves ...Hash) (first int64, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	first, stored := l.n, len(l.hashes)
	if int64(len(leaves)) > maxLogSize-first {
		return first, fmt.Errorf("%w: appending %d leaves to %d", ErrLogRange, len(leaves), first)
	}
	r := tlog.HashReaderFunc(l.readLocked)
	for i, leaf := range leaves {
		hs, err := tlog.StoredHashesForRecordHash(first+int64(i), tlog.Hash(leaf), r)
		if err != nil { // cannot happen: readLocked reads what is stored
			l.hashes = l.hashes[:stored]
			return first, fmt.Errorf("dossier: append leaf %d: %w", first+int64(i), err)
		}
		if len(l.hashes)+len(hs) > cap(l.hashes) {
			// Double: append's growth of large slices (1.25×) copies
			// each hash four times over, doubling once.
			l.hashes = slices.Grow(l.hashes, max(len(l.hashes), 2*len(hs)+64))
		}
		for _, h := range hs {
			l.hashes = append(l.hashes, Hash(h))
		}
	}
	l.n += int64(len(leaves))
	return first, nil
}

// readLocked is Append's tlog.HashReader; l.mu is held. Its result is
// reused by the next call.
func (l *MemLog) readLocked(indexes []int64) ([]tlog.Hash, error) {
	l.buf = l.buf[:0]
	for _, x := range indexes {
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("%w: no stored hash %d", ErrLogRange, x)
		}
		l.buf = append(l.buf, tlog.Hash(l.hashes[x]))
	}
	return l.buf, nil
}

// Size returns the number of leaves.
func (l *MemLog) Size() int64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.n
}

// Leaf returns the leaf hash at index i, counted from 0; an index outside
// the log is an error wrapping [ErrLogRange].
func (l *MemLog) Leaf(i int64) (Hash, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	if i < 0 || i >= l.n {
		return Hash{}, fmt.Errorf("%w: leaf %d of %d", ErrLogRange, i, l.n)
	}
	return l.hashes[StoredHashIndex(0, i)], nil
}

// ReadHashes implements [HashReader]. An index not stored is an error
// wrapping [ErrLogRange].
func (l *MemLog) ReadHashes(ctx context.Context, indexes []int64) ([]Hash, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	out := make([]Hash, len(indexes))
	l.mu.RLock()
	defer l.mu.RUnlock()
	for i, x := range indexes {
		if i%1024 == 1023 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if x < 0 || x >= int64(len(l.hashes)) {
			return nil, fmt.Errorf("%w: no stored hash %d (log of %d leaves)", ErrLogRange, x, l.n)
		}
		out[i] = l.hashes[x]
	}
	return out, nil
}

// tlogReader adapts r to tlog.HashReader for one call with ctx.
func tlogReader(ctx context.Context, r HashReader) tlog.HashReader {
	return tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		hs, err := r.ReadHashes(ctx, indexes)
		if err != nil {
			return nil, err
		}
		if len(hs) != len(indexes) {
			return nil, fmt.Errorf("dossier: hash reader returned %d hashes for %d indexes", len(hs), len(indexes))
		}
		return toTlog(hs), nil
	})
}

func toTlog(hs []Hash) []tlog.Hash {
	out := make([]tlog.Hash, len(hs))
	for i, h := range hs {
		out[i] = tlog.Hash(h)
	}
	return out
}

func fromTlog(hs []tlog.Hash) []Hash {
	out := make([]Hash, len(hs))
	for i, h := range hs {
		out[i] = Hash(h)
	}
	return out
}
