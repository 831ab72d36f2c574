package dossier

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"iter"
	"math"
	"math/bits"

	"golang.org/x/mod/sumdb/tlog"
)

// FindingKind says what an [Audit] found. The zero value is unknown.
type FindingKind uint8

// Kinds of findings.
const (
	FindingUnknown FindingKind = iota
	// FindingField: a stored field differs from what the dossier's trail
	// gives (Err is a [*MismatchError] naming it).
	FindingField
	// FindingTrail: the trail itself is broken: an event edited, removed,
	// reordered or inserted (Err is a [*TrailError]).
	FindingTrail
	// FindingRewritten: the trail verifies on its own but differs from the
	// events the log recorded: rewritten with a recomputed chain, or cut.
	FindingRewritten
	// FindingDeleted: the log holds events of a dossier the store no
	// longer has.
	FindingDeleted
	// FindingLog: the log is inconsistent in itself: its stored hashes do
	// not match its leaves, or its entries are out of place.
	FindingLog
	// FindingCheckpoint: the log no longer extends the checkpoint given.
	FindingCheckpoint
)

var findingNames = [...]string{"", "field", "trail", "rewritten", "deleted", "log", "checkpoint"}

var findingLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Thông tin hồ sơ bị sửa", "Dossier field edited"},
	{"Quá trình xử lý bị sửa", "Trail broken"},
	{"Quá trình xử lý bị viết lại", "Trail rewritten"},
	{"Hồ sơ bị xóa", "Dossier deleted"},
	{"Nhật ký minh bạch sai lệch", "Log inconsistent"},
	{"Nhật ký không nối tiếp điểm kiểm tra", "Log does not extend the checkpoint"},
}

// String returns the stable identifier: "field", "trail", "rewritten",
// "deleted", "log", "checkpoint"; or "FindingKind(n)".
func (k FindingKind) String() string { return enumString(findingNames[:], uint8(k), "FindingKind") }

// Label returns what was found in lang ("vi", the default, or "en"), for
// an inspector's report: "Thông tin hồ sơ bị sửa" for [FindingField].
func (k FindingKind) Label(lang string) string {
	return enumLabel(findingLabels[:], uint8(k), lang, k.String)
}

// MarshalText implements encoding.TextMarshaler; unknown values are an error.
func (k FindingKind) MarshalText() ([]byte, error) {
	return enumMarshal(findingNames[:], uint8(k), "finding kind")
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *FindingKind) UnmarshalText(b []byte) error {
	v, err := enumParse(findingNames[:], string(b), "finding kind")
	*k = FindingKind(v)
	return err
}

// Finding is one problem an [Audit] found.
type Finding struct {
	// Kind says what was found.
	Kind FindingKind
	// Code is the dossier concerned; empty for the log as a whole.
	Code string
	// Seq is the event concerned, 0 if none.
	Seq uint64
	// Err says what, in detail; it wraps [ErrTampered].
	Err error
}

// String returns the finding for a report: kind, dossier and detail.
func (f Finding) String() string {
	s := f.Kind.String()
	if f.Code != "" {
		s += " " + f.Code
	}
	if f.Seq != 0 {
		s += fmt.Sprintf(" #%d", f.Seq)
	}
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	return s
}

// AuditReport is the result of an [Audit].
type AuditReport struct {
	// Dossiers and Events count what the store holds.
	Dossiers, Events int64
	// Size and Root are the log's size and root hash, as its stored hashes
	// give them; sign them as the next [Checkpoint] when the report is
	// clean.
	Size int64
	Root Hash
	// Findings lists every problem found, in the order found: the log
	// first, then the checkpoint, then the dossiers in code order.
	Findings []Finding
}

// Clean reports whether the audit found nothing.
func (r *AuditReport) Clean() bool { return len(r.Findings) == 0 }

// AuditOptions are the settings of an [Audit]; the zero value audits the
// store against its own log only.
type AuditOptions struct {
	// Checkpoint is a signed checkpoint kept from an earlier day
	// ([SignCheckpoint]); the audit checks that today's log extends it. Nil
	// skips that check.
	Checkpoint []byte
	// Verifier is the agency's public key, needed with Checkpoint.
	Verifier *LogVerifier
}

// Audit checks a whole store: every dossier against its trail
// ([Dossier.Verify]: edited fields, broken trails), every trail against
// the log (a trail rewritten with a recomputed chain no longer matches the
// leaves recorded when its events were stored), the log against itself
// (its stored hashes against its leaves) and, with opt.Checkpoint, the log
// against an earlier checkpoint (it must still extend it: nothing removed
// or changed since). Leaves of dossiers the store no longer has are
// reported as deleted.
//
// Every problem is a [Finding] in the report; the error is for what stops
// the audit: the store failing, or a checkpoint that does not open with
// opt.Verifier (wrapping [ErrCheckpoint]). Memory does not grow with the
// number of dossiers or events: dossiers and log entries are streamed.
// The log is read once, in index order, and compared with the trails by a
// keyed fingerprint of its entries; the dossiers are read a second time,
// with the log in code order (a [CodeOrderedLog]) or a dossier's entries
// at a time, only when something differs, to name every finding.
func Audit(ctx context.Context, store Store, opt AuditOptions) (*AuditReport, error) {
	if store == nil {
		return nil, fmt.Errorf("%w: Audit needs a store", ErrInvalidDossier)
	}
	var cp *Checkpoint
	if opt.Checkpoint != nil {
		if opt.Verifier == nil {
			return nil, fmt.Errorf("%w: a checkpoint needs the agency's verifier key", ErrCheckpoint)
		}
		c, err := OpenCheckpoint(opt.Checkpoint, opt.Verifier)
		if err != nil {
			return nil, fmt.Errorf("dossier: audit: %w", err)
		}
		cp = &c
	}
	rep := &AuditReport{}
	add := func(k FindingKind, code string, seq uint64, err error) {
		rep.Findings = append(rep.Findings, Finding{Kind: k, Code: code, Seq: seq, Err: err})
	}
	tampered := func(format string, args ...any) error {
		return fmt.Errorf("%w: "+format, append([]any{ErrTampered}, args...)...)
	}
	size, err := store.LogSize(ctx)
	if err != nil {
		return nil, fmt.Errorf("dossier: audit: %w", err)
	}
	rep.Size = size
	if rep.Root, err = TreeHash(ctx, size, store); err != nil {
		if !errors.Is(err, ErrLogRange) {
			return nil, fmt.Errorf("dossier: audit: %w", err)
		}
		add(FindingLog, "", 0, tampered("stored hashes missing: %v", err))
	}

	// The log: entries in place, and every stored hash the one the leaves
	// give (read in storage order, a chunk at a time, as the accumulator
	// produces them).
	var acc rootAccumulator
	var cpRoot Hash // the leaves' root at the checkpoint's size
	next := int64(0)
	if cp != nil && cp.Size == 0 {
		cpRoot = acc.root()
	}
	chk := storedChecker{ctx: ctx, r: store, total: StoredHashCount(size)}
	logFP := newLogFingerprint()
	badStored := false
	for e, err := range store.LogEntries(ctx, 0, size) {
		if err != nil {
			return nil, fmt.Errorf("dossier: audit: read the log: %w", err)
		}
		if e.Index != next {
			add(FindingLog, e.Code, e.Seq, tampered("log entry %d where %d was due", e.Index, next))
			next = e.Index
		}
		logFP.add(e.Code, e.Seq, e.Leaf)
		stored := acc.add(e.Leaf)
		if !badStored {
			x, ok, err := chk.check(stored)
			if err != nil && !errors.Is(err, ErrLogRange) {
				return nil, fmt.Errorf("dossier: audit: read the stored hashes: %w", err)
			}
			if !ok || err != nil {
				add(FindingLog, e.Code, e.Seq, tampered("stored hash %d does not match the leaves (a leaf or a stored hash edited): %v", x, err))
				badStored = true
			}
		}
		next++
		if cp != nil && next == cp.Size {
			cpRoot = acc.root()
		}
	}
	if next != size {
		add(FindingLog, "", 0, tampered("the log lists %d entries for a size of %d", next, size))
	}
	if got := acc.root(); got != rep.Root && !badStored {
		add(FindingLog, "", 0, tampered("the leaves hash to %s but the stored tree to %s (a leaf or a stored hash edited)", got, rep.Root))
	}

	// The checkpoint: the log still extends it.
	if cp != nil {
		switch {
		case cp.Size > size:
			add(FindingCheckpoint, "", 0, tampered("the log has %d leaves, fewer than the checkpoint's %d (leaves removed)", size, cp.Size))
		case cpRoot != cp.Root:
			add(FindingCheckpoint, "", 0, tampered("the first %d leaves hash to %s, not to the checkpoint's %s (the log was rewritten)", cp.Size, cpRoot, cp.Root))
		default:
			p, err := ProveConsistency(ctx, store, cp.Size, size)
			if err == nil {
				err = VerifyExtends(*cp, Checkpoint{Origin: cp.Origin, Size: size, Root: rep.Root, Time: cp.Time}, p)
			}
			if err != nil {
				add(FindingCheckpoint, "", 0, tampered("the log does not extend the checkpoint: %v", err))
			}
		}
	}

	// The dossiers: first one pass over them alone, each against its trail,
	// while the leaves their trails give are fingerprinted as the log's
	// entries were above. When nothing was found and the fingerprints
	// agree, the trails are the events the log recorded, and no leaf
	// belongs to a dossier the store no longer has (see logFingerprint):
	// the audit is done without reading the log a second time. Otherwise
	// the second pass below names what differs.
	mark := len(rep.Findings)
	switch done, err := auditFast(ctx, store, rep, add, &logFP); {
	case err != nil:
		return nil, err
	case done:
		return rep, nil
	}
	rep.Findings, rep.Dossiers, rep.Events = rep.Findings[:mark], 0, 0

	// The dossiers, each against its trail, each trail against the log:
	// joined in one pass when the log lists its entries in code order,
	// else a look-up per dossier.
	var peek func() (LogEntry, bool, error)
	if cl, ok := store.(CodeOrderedLog); ok {
		next, stop := iter.Pull2(cl.LogEntriesByCode(ctx))
		defer stop()
		var held *LogEntry
		var cur LogEntry
		peek = func() (LogEntry, bool, error) {
			if held != nil {
				return *held, true, nil
			}
			e, err, ok := next()
			if !ok || err != nil {
				return LogEntry{}, false, err
			}
			cur, held = e, &cur
			return cur, true, nil
		}
		take := func() { held = nil }
		deleted := ""
		// drain reports the entries of codes before code (all when code is
		// empty) as leaves of deleted dossiers.
		drain := func(code string) error {
			for {
				e, ok, err := peek()
				if err != nil {
					return fmt.Errorf("dossier: audit: read the log: %w", err)
				}
				if !ok || (code != "" && e.Code >= code) {
					return nil
				}
				if e.Code != deleted {
					deleted = e.Code
					add(FindingDeleted, e.Code, 0, tampered("the log holds the events of %s from index %d, the store no longer has it", e.Code, e.Index))
				}
				take()
			}
		}
		for d, err := range store.List(ctx, Filter{}) {
			if err != nil {
				return nil, fmt.Errorf("dossier: audit: list: %w", err)
			}
			checkDossier(rep, &d, add)
			if err := drain(d.Code); err != nil {
				return nil, err
			}
			entries := func(yield func(LogEntry, error) bool) {
				for {
					e, ok, err := peek()
					if err != nil {
						yield(LogEntry{}, err)
						return
					}
					if !ok || e.Code != d.Code {
						return
					}
					take()
					if !yield(e, nil) {
						return
					}
				}
			}
			if err := checkLeaves(&d, entries, add, tampered); err != nil {
				return nil, err
			}
		}
		if err := drain(""); err != nil {
			return nil, err
		}
		return rep, nil
	}
	for d, err := range store.List(ctx, Filter{}) {
		if err != nil {
			return nil, fmt.Errorf("dossier: audit: list: %w", err)
		}
		checkDossier(rep, &d, add)
		if err := checkLeaves(&d, store.DossierEntries(ctx, d.Code), add, tampered); err != nil {
			return nil, err
		}
	}

	// Leaves of dossiers gone from the store.
	if rep.Events < size {
		for e, err := range store.LogEntries(ctx, 0, size) {
			if err != nil {
				return nil, fmt.Errorf("dossier: audit: read the log: %w", err)
			}
			if e.Seq != 1 {
				continue
			}
			if _, err := store.Get(ctx, e.Code); errors.Is(err, ErrNotFound) {
				add(FindingDeleted, e.Code, 0, tampered("the log holds the events of %s from index %d, the store no longer has it", e.Code, e.Index))
			} else if err != nil {
				return nil, fmt.Errorf("dossier: audit: %w", err)
			}
		}
	}
	return rep, nil
}

// checkDossier counts d and checks it against its trail.
func checkDossier(rep *AuditReport, d *Dossier, add func(FindingKind, string, uint64, error)) {
	rep.Dossiers++
	rep.Events += int64(len(d.Events))
	err := d.Verify()
	if err == nil {
		return
	}
	var fe *MismatchError
	var te *TrailError
	switch {
	case errors.As(err, &fe):
		add(FindingField, d.Code, 0, err)
	case errors.As(err, &te):
		add(FindingTrail, d.Code, te.Seq, err)
	default:
		add(FindingTrail, d.Code, 0, err)
	}
}

// checkLeaves compares d's trail with the log's entries of d, reporting
// the first difference.
func checkLeaves(d *Dossier, entries iter.Seq2[LogEntry, error], add func(FindingKind, string, uint64, error), tampered func(string, ...any) error) error {
	i := 0
	reported := false
	for e, err := range entries {
		if err != nil {
			return fmt.Errorf("dossier: audit: log entries of %s: %w", d.Code, err)
		}
		if reported {
			continue
		}
		switch {
		case i >= len(d.Events):
			add(FindingRewritten, d.Code, e.Seq, tampered("the log holds event #%d (index %d), the trail ends at #%d (events removed)", e.Seq, e.Index, len(d.Events)))
			reported = true
		case e.Seq != d.Events[i].Seq || e.Leaf != LeafHash(&d.Events[i]):
			add(FindingRewritten, d.Code, d.Events[i].Seq, tampered("event #%d differs from the one the log recorded at index %d (trail rewritten)", d.Events[i].Seq, e.Index))
			reported = true
		}
		i++
	}
	if !reported && i < len(d.Events) {
		add(FindingRewritten, d.Code, d.Events[i].Seq, tampered("events from #%d are not in the log (added outside the store)", d.Events[i].Seq))
	}
	return nil
}

// rootAccumulator computes the RFC 6962 tree hash of leaves added in
// order, keeping one hash per level (O(log n) memory): the hashes of the
// complete subtrees of the leaves so far, largest first.
type rootAccumulator struct {
	stack  []tlog.Hash
	sizes  []int64
	stored []Hash
}

// add adds a leaf and returns the hashes a log stores for it, in storage
// order (tlog's layout, see [StoredHashes]): the leaf, then each complete
// subtree it closes. The result is reused by the next call.
func (a *rootAccumulator) add(leaf Hash) []Hash {
	a.stored = append(a.stored[:0], leaf)
	a.stack = append(a.stack, tlog.Hash(leaf))
	a.sizes = append(a.sizes, 1)
	for n := len(a.stack); n >= 2 && a.sizes[n-1] == a.sizes[n-2]; n = len(a.stack) {
		a.stack[n-2] = tlog.NodeHash(a.stack[n-2], a.stack[n-1])
		a.sizes[n-2] *= 2
		a.stack, a.sizes = a.stack[:n-1], a.sizes[:n-1]
		a.stored = append(a.stored, Hash(a.stack[n-2]))
	}
	return a.stored
}

// storedChecker compares the hashes a log should store, in storage order,
// with those a HashReader holds, reading them a chunk at a time.
type storedChecker struct {
	ctx   context.Context
	r     HashReader
	total int64  // how many hashes the log stores
	next  int64  // the storage index of the next hash to compare
	buf   []Hash // hashes read, the next at off
	off   int
	idx   []int64
}

const storedChunk = 4096

// check compares want, the next hashes in storage order, and returns the
// index of the first that differs and false, or true.
func (c *storedChecker) check(want []Hash) (int64, bool, error) {
	for _, h := range want {
		if c.off == len(c.buf) {
			if c.next >= c.total {
				return c.next, false, fmt.Errorf("%w: stored hash %d beyond the log's %d", ErrLogRange, c.next, c.total)
			}
			c.idx = c.idx[:0]
			for i := c.next; i < min(c.next+storedChunk, c.total); i++ {
				c.idx = append(c.idx, i)
			}
			hs, err := c.r.ReadHashes(c.ctx, c.idx)
			if err != nil {
				return c.next, false, err
			}
			c.buf, c.off = hs, 0
		}
		if c.buf[c.off] != h {
			return c.next, false, nil
		}
		c.off++
		c.next++
	}
	return 0, true, nil
}

// root returns the tree hash of the leaves added so far.
func (a *rootAccumulator) root() Hash {
	if len(a.stack) == 0 {
		return emptyRoot()
	}
	h := a.stack[len(a.stack)-1]
	for i := len(a.stack) - 2; i >= 0; i-- {
		h = tlog.NodeHash(a.stack[i], h)
	}
	return Hash(h)
}

// auditFast is Audit's first pass over the dossiers: each is checked
// against its trail (checkDossier), and the entries its trail should have
// in the log are added to a fingerprint with logFP's key. It reports
// whether the audit is complete: nothing found, the codes and each trail's
// sequence numbers strictly increasing, the fingerprint equal to logFP
// (the entries of the log from index 0 to its size), and no entry stored
// at a negative index, which the pass over the log does not read. It stops
// at the first problem: the second pass reports them all.
func auditFast(ctx context.Context, store Store, rep *AuditReport, add func(FindingKind, string, uint64, error), logFP *logFingerprint) (bool, error) {
	mark := len(rep.Findings)
	trailFP := logFP.empty()
	prev, first := "", true
	for d, err := range store.List(ctx, Filter{}) {
		if err != nil {
			return false, fmt.Errorf("dossier: audit: list: %w", err)
		}
		checkDossier(rep, &d, add)
		if len(rep.Findings) > mark || (!first && d.Code <= prev) {
			return false, nil
		}
		prev, first = d.Code, false
		last := uint64(0)
		for i := range d.Events {
			ev := &d.Events[i]
			if ev.Seq <= last {
				return false, nil
			}
			last = ev.Seq
			trailFP.add(d.Code, ev.Seq, LeafHash(ev))
		}
	}
	if !trailFP.equal(logFP) {
		return false, nil
	}
	for _, err := range store.LogEntries(ctx, math.MinInt64, 0) {
		if err != nil {
			return false, fmt.Errorf("dossier: audit: read the log: %w", err)
		}
		return false, nil // an entry before index 0
	}
	return true, nil
}

// logFingerprint is a keyed multiset hash of log entries (dossier code,
// sequence number, leaf): their number, and the sum modulo 2²⁵⁶ of
// SHA-256(key ‖ leaf ‖ seq ‖ code) over them (seq as 8 bytes big-endian,
// the code last, so the encoding is injective), with a key drawn at random
// for each audit. Under a key nobody knew when the store was written, the
// entries' hashes are independent uniform values, so two multisets that
// differ (by entries whose multiplicities differ by less than 2⁶⁴) give
// equal sums with probability at most 2⁻¹⁹²: equal fingerprints show the
// log holds exactly the entries the trails give, compared in any order,
// which lets [Audit] read the log once, in index order, instead of again
// by code. (Unkeyed, a sum of hashes is open to generalised-birthday
// forgeries, Wagner's k-tree algorithm; the secret key closes that.)
type logFingerprint struct {
	key [32]byte
	n   uint64
	sum [4]uint64 // little-endian limbs
	buf []byte
}

// newLogFingerprint returns an empty fingerprint with a fresh random key.
func newLogFingerprint() logFingerprint {
	var f logFingerprint
	rand.Read(f.key[:]) // never fails (crypto/rand, Go 1.24+)
	return f
}

// empty returns an empty fingerprint with f's key.
func (f *logFingerprint) empty() logFingerprint { return logFingerprint{key: f.key} }

// add adds the entry (code, seq, leaf).
func (f *logFingerprint) add(code string, seq uint64, leaf Hash) {
	f.buf = append(append(append(append(f.buf[:0], f.key[:]...), leaf[:]...), 0, 0, 0, 0, 0, 0, 0, 0), code...)
	binary.BigEndian.PutUint64(f.buf[64:72], seq)
	h := sha256.Sum256(f.buf)
	var c uint64
	for i := range f.sum {
		f.sum[i], c = bits.Add64(f.sum[i], binary.LittleEndian.Uint64(h[8*i:]), c)
	}
	f.n++
}

// equal reports whether f and g hold the same count and sum (g must have
// f's key).
func (f *logFingerprint) equal(g *logFingerprint) bool {
	return f.key == g.key && f.n == g.n && f.sum == g.sum
}
