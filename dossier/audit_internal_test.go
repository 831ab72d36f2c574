package dossier

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

// auditFixture is a memory store with a few dossiers in several states,
// made by a Service, and the agency's log key.
type auditFixture struct {
	ctx   context.Context
	store *MemStore
	svc   *Service
	codes []string
	key   *LogKey
	now   time.Time
}

func newAuditFixture(t *testing.T) *auditFixture {
	t.Helper()
	cat, err := catalog.New(catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3})
	require.NoError(t, err)
	cal, err := Official()
	require.NoError(t, err)
	f := &auditFixture{ctx: context.Background(), store: NewMemStore(), now: time.Date(2026, 3, 2, 9, 0, 0, 0, vntime.Location)}
	f.svc, err = NewService(f.store, cat, cal, WithClock(func() time.Time { return f.now }))
	require.NoError(t, err)
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	f.key, err = NewLogKey("ubnd-phuong-test", priv)
	require.NoError(t, err)
	citizen := Actor{ID: "c1", Role: RoleApplicant}
	clerk := Actor{ID: "o1", Role: RoleOfficer, Unit: "000.00.01.H12"}
	for i := range 4 {
		d, err := f.svc.Submit(f.ctx, citizen, Submission{ProcedureCode: "1.000001", Agency: "000.00.01.H12", Channel: catalog.Online,
			Applicant: Applicant{Name: "Nguyễn Thị Lan", CitizenID: "001199012345"}, FormData: map[string]any{"n": i}})
		require.NoError(t, err)
		f.codes = append(f.codes, d.Code)
		f.now = f.now.Add(time.Minute)
		if i > 0 {
			_, err = f.svc.Receive(f.ctx, d.Code, clerk)
			require.NoError(t, err)
		}
		if i > 1 {
			f.now = f.now.Add(time.Hour)
			_, err = f.svc.Start(f.ctx, d.Code, clerk)
			require.NoError(t, err)
			_, err = f.svc.Approve(f.ctx, d.Code, clerk)
			require.NoError(t, err)
		}
	}
	return f
}

// checkpoint signs a checkpoint of the store's log as it is now.
func (f *auditFixture) checkpoint(t *testing.T) []byte {
	t.Helper()
	size, err := f.store.LogSize(f.ctx)
	require.NoError(t, err)
	root, err := TreeHash(f.ctx, size, f.store)
	require.NoError(t, err)
	signed, err := SignCheckpoint(Checkpoint{Origin: "ubnd-phuong-test/dossiers", Size: size, Root: root, Time: f.now}, f.key)
	require.NoError(t, err)
	return signed
}

// edit replaces the stored dossier code with edit's result, behind the
// store's back, as whoever can write the database would.
func (f *auditFixture) edit(code string, edit func(d *Dossier)) {
	f.store.mu.Lock()
	defer f.store.mu.Unlock()
	e := f.store.byKey[code]
	d := e.d.Clone()
	edit(&d)
	e.d = &d
}

func TestAuditMemStore(t *testing.T) {
	tests := []struct {
		name   string
		tamper func(t *testing.T, f *auditFixture)
		kind   FindingKind
		code   int // index in f.codes; -1: none
		field  string
	}{
		{"untouched", nil, FindingUnknown, -1, ""},
		{"due date moved 10 days", func(t *testing.T, f *auditFixture) {
			f.edit(f.codes[1], func(d *Dossier) { d.DueAt = d.DueAt.AddDate(0, 0, 10) })
		}, FindingField, 1, "DueAt"},
		{"citizen ID changed", func(t *testing.T, f *auditFixture) {
			f.edit(f.codes[0], func(d *Dossier) { d.Applicant.CitizenID = "001199099999" })
		}, FindingField, 0, "Applicant.CitizenID"},
		{"event edited", func(t *testing.T, f *auditFixture) {
			f.edit(f.codes[2], func(d *Dossier) {
				d.Events = append([]Event(nil), d.Events...)
				d.Events[1].At = d.Events[1].At.Add(-time.Hour)
			})
		}, FindingTrail, 2, ""},
		{"trail rewritten with a recomputed chain", func(t *testing.T, f *auditFixture) {
			f.edit(f.codes[2], func(d *Dossier) {
				evs := append([]Event(nil), d.Events...)
				evs[1].At = evs[1].At.Add(-6 * time.Hour) // received before the cut-off
				for i := 1; i < len(evs); i++ {
					evs[i].PrevHash = evs[i-1].Hash
					evs[i].Hash = EventHash(d.Code, &evs[i])
				}
				d.Events = evs
				d.ReceivedAt = evs[1].At
			})
		}, FindingRewritten, 2, ""},
		{"last events cut", func(t *testing.T, f *auditFixture) {
			f.edit(f.codes[3], func(d *Dossier) {
				d.Events = d.Events[:2:2]
				d.Version, d.Status, d.SettledAt, d.Outcome, d.Unit, d.Units = 2, Received, time.Time{}, OutcomeNone, d.Units[0], d.Units[:1]
			})
		}, FindingRewritten, 3, ""},
		{"dossier deleted", func(t *testing.T, f *auditFixture) {
			s := f.store
			s.mu.Lock()
			defer s.mu.Unlock()
			code := f.codes[1]
			delete(s.byKey, code)
			for i, e := range s.order {
				if e.d.Code == code {
					s.order = append(s.order[:i:i], s.order[i+1:]...)
					s.sorted = min(s.sorted, len(s.order))
					break
				}
			}
		}, FindingDeleted, 1, ""},
		{"log leaf edited", func(t *testing.T, f *auditFixture) {
			f.store.log.mu.Lock()
			defer f.store.log.mu.Unlock()
			f.store.log.hashes[StoredHashIndex(0, 3)][0] ^= 1
		}, FindingLog, -1, ""},
	}
	for _, tt := range tests {
		for _, joined := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/joined=%v", tt.name, joined), func(t *testing.T) {
				f := newAuditFixture(t)
				cp := f.checkpoint(t)
				if tt.tamper != nil {
					tt.tamper(t, f)
				}
				var store Store = f.store
				if !joined {
					store = plainStore{f.store} // no CodeOrderedLog: a look-up per dossier
				}
				auditCase(t, f, store, cp, tt.kind, tt.code, tt.field)
			})
		}
	}
}

// plainStore hides the optional methods of the Store it holds.
type plainStore struct{ Store }

// auditCase audits store and checks the report: clean for kind
// FindingUnknown, else a finding of that kind, on dossier f.codes[code]
// (code ≥ 0), naming field (when set).
func auditCase(t *testing.T, f *auditFixture, store Store, cp []byte, kind FindingKind, code int, field string) {
	t.Helper()
	rep, err := Audit(f.ctx, store, AuditOptions{Checkpoint: cp, Verifier: f.key.Verifier()})
	require.NoError(t, err)
	if kind == FindingUnknown {
		assert.True(t, rep.Clean(), "%v", rep.Findings)
		assert.Equal(t, int64(4), rep.Dossiers)
		assert.Equal(t, rep.Events, rep.Size)
		return
	}
	require.False(t, rep.Clean())
	var found *Finding
	for i := range rep.Findings {
		if rep.Findings[i].Kind == kind {
			found = &rep.Findings[i]
			break
		}
	}
	require.NotNil(t, found, "no %s finding in %v", kind, rep.Findings)
	if code >= 0 {
		assert.Equal(t, f.codes[code], found.Code)
	}
	require.ErrorIs(t, found.Err, ErrTampered)
	if field != "" {
		var fe *MismatchError
		require.ErrorAs(t, found.Err, &fe)
		assert.Equal(t, field, fe.Field)
	}
	assert.Contains(t, found.String(), kind.String())
}

func TestAuditCheckpoint(t *testing.T) {
	f := newAuditFixture(t)
	cp := f.checkpoint(t)
	// More work after the checkpoint: the log extends it.
	d, err := f.svc.Submit(f.ctx, Actor{ID: "c2", Role: RoleApplicant}, Submission{ProcedureCode: "1.000001", Agency: "000.00.01.H12",
		Channel: catalog.Online, Applicant: Applicant{Name: "Lê Văn Cường", CitizenID: "001199012346"}})
	require.NoError(t, err)
	rep, err := Audit(f.ctx, f.store, AuditOptions{Checkpoint: cp, Verifier: f.key.Verifier()})
	require.NoError(t, err)
	assert.True(t, rep.Clean(), "%v", rep.Findings)

	// The receipt proves the submission is in the log.
	r, err := f.svc.Receipt(f.ctx, d.Code)
	require.NoError(t, err)
	back, err := ParseReceipt(r.String())
	require.NoError(t, err)
	assert.Equal(t, r, back)
	now := f.checkpoint(t)
	c, err := OpenCheckpoint(now, f.key.Verifier())
	require.NoError(t, err)
	p, err := ProveInclusion(f.ctx, f.store, c.Size, r.LogIndex)
	require.NoError(t, err)
	require.NoError(t, r.VerifyInclusion(c, p))
	forged := r
	forged.SubmitHash[0] ^= 1
	require.ErrorIs(t, forged.VerifyInclusion(c, p), ErrProof)

	// A checkpoint signed by another key is refused.
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	other, err := NewLogKey("ubnd-phuong-test", priv)
	require.NoError(t, err)
	_, err = Audit(f.ctx, f.store, AuditOptions{Checkpoint: cp, Verifier: other.Verifier()})
	require.ErrorIs(t, err, ErrCheckpoint)
	_, err = Audit(f.ctx, f.store, AuditOptions{Checkpoint: cp})
	require.ErrorIs(t, err, ErrCheckpoint)

	// A log rebuilt from the leaves after one was changed no longer extends
	// the checkpoint, though it is consistent in itself.
	s := f.store
	s.mu.Lock()
	var rebuilt MemLog
	for i := range s.log.Size() {
		leaf, err := s.log.Leaf(i)
		require.NoError(t, err)
		if i == 2 {
			leaf[5] ^= 0x80
		}
		_, err = rebuilt.Append(leaf)
		require.NoError(t, err)
	}
	s.log.mu.Lock()
	s.log.hashes, s.log.n = rebuilt.hashes, rebuilt.n
	s.log.mu.Unlock()
	s.mu.Unlock()
	rep, err = Audit(f.ctx, f.store, AuditOptions{Checkpoint: cp, Verifier: f.key.Verifier()})
	require.NoError(t, err)
	kinds := map[FindingKind]bool{}
	for _, fd := range rep.Findings {
		kinds[fd.Kind] = true
	}
	assert.True(t, kinds[FindingCheckpoint], "%v", rep.Findings)
	assert.True(t, kinds[FindingRewritten], "the dossier of leaf 2 no longer matches: %v", rep.Findings)
	assert.False(t, kinds[FindingLog], "the rebuilt log is consistent in itself")
}

func TestRootAccumulator(t *testing.T) {
	var l MemLog
	var acc rootAccumulator
	ctx := context.Background()
	for n := range int64(300) {
		want, err := TreeHash(ctx, n, &l)
		require.NoError(t, err)
		require.Equal(t, want, acc.root(), "size %d", n)
		leaf := LeafHash(&Event{Hash: Hash{byte(n), byte(n >> 8), 7}})
		_, err = l.Append(leaf)
		require.NoError(t, err)
		acc.add(leaf)
	}
}

func TestReceiptParse(t *testing.T) {
	good := "motcua-receipt/1 000.00.01.H12-260302-0001 " + Hash{1}.String() + " 42"
	r, err := ParseReceipt("  " + good + "\n")
	require.NoError(t, err)
	assert.Equal(t, int64(42), r.LogIndex)
	assert.Equal(t, good, r.String())
	for _, bad := range []string{
		"", "motcua-receipt/2 000.00.01.H12-260302-0001 " + Hash{1}.String() + " 42",
		"motcua-receipt/1 x " + Hash{1}.String() + " 42",
		"motcua-receipt/1 000.00.01.H12-260302-0001 abc 42",
		"motcua-receipt/1 000.00.01.H12-260302-0001 " + Hash{1}.String() + " -1",
		"motcua-receipt/1 000.00.01.H12-260302-0001 " + Hash{1}.String() + " 042",
		"motcua-receipt/1 000.00.01.H12-260302-0001 " + Hash{1}.String() + " 42 x",
	} {
		_, err := ParseReceipt(bad)
		require.ErrorIs(t, err, ErrInvalidDossier, bad)
	}
	_, err = ParseReceipt(string(make([]byte, 1000)))
	require.True(t, errors.Is(err, ErrInvalidDossier))
}

func FuzzParseReceipt(f *testing.F) {
	f.Add("motcua-receipt/1 000.00.01.H12-260302-0001 " + Hash{1}.String() + " 42")
	f.Add("motcua-receipt/1 ")
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseReceipt(s)
		if err != nil {
			require.ErrorIs(t, err, ErrInvalidDossier)
			return
		}
		back, err := ParseReceipt(r.String())
		require.NoError(t, err)
		require.Equal(t, r, back)
	})
}

// TestAuditEveryStoredHash edits, one at a time, every stored hash of a
// log (not only those on the root's path) and checks the audit finds it:
// an interior node as a log finding; a leaf (which the memory store keeps
// among its stored hashes) as a log finding or, when the tree stays
// consistent with the edited leaf, as the dossier's trail no longer
// matching its leaf.
func TestAuditEveryStoredHash(t *testing.T) {
	f := newAuditFixture(t)
	n := StoredHashCount(f.store.log.Size())
	require.Greater(t, n, int64(15), "a log of several levels")
	for x := range n {
		f.store.log.mu.Lock()
		f.store.log.hashes[x][7] ^= 0x10
		f.store.log.mu.Unlock()
		rep, err := Audit(f.ctx, f.store, AuditOptions{})
		require.NoError(t, err)
		var found bool
		for _, fd := range rep.Findings {
			found = found || fd.Kind == FindingLog || fd.Kind == FindingRewritten
		}
		assert.True(t, found, "stored hash %d edited: %v", x, rep.Findings)
		f.store.log.mu.Lock()
		f.store.log.hashes[x][7] ^= 0x10
		f.store.log.mu.Unlock()
	}
	rep, err := Audit(f.ctx, f.store, AuditOptions{})
	require.NoError(t, err)
	assert.True(t, rep.Clean(), "%v", rep.Findings)
}

// countingStore counts the reads of Audit's second pass over the
// dossiers: the log in code order (joined) or a dossier's entries.
type countingStore struct {
	*MemStore
	byCode, perDossier *int
}

func (s countingStore) LogEntriesByCode(ctx context.Context) iter.Seq2[LogEntry, error] {
	*s.byCode++
	return s.MemStore.LogEntriesByCode(ctx)
}

func (s countingStore) DossierEntries(ctx context.Context, code string) iter.Seq2[LogEntry, error] {
	*s.perDossier++
	return s.MemStore.DossierEntries(ctx, code)
}

// plainCounting is countingStore without LogEntriesByCode.
type plainCounting struct {
	Store
	perDossier *int
}

func (s plainCounting) DossierEntries(ctx context.Context, code string) iter.Seq2[LogEntry, error] {
	*s.perDossier++
	return s.Store.(Log).DossierEntries(ctx, code)
}

// TestAuditSecondPass checks that a clean store is audited without reading
// the log by dossier, that anything found makes the audit read it, and
// that a finding is reported once (not by both passes).
func TestAuditSecondPass(t *testing.T) {
	tests := []struct {
		name     string
		tamper   func(f *auditFixture)
		second   bool
		findings int
	}{
		{"untouched", nil, false, 0},
		{"due date moved", func(f *auditFixture) {
			f.edit(f.codes[1], func(d *Dossier) { d.DueAt = d.DueAt.AddDate(0, 0, 10) })
		}, true, 1},
		{"trail rewritten with a recomputed chain", func(f *auditFixture) {
			f.edit(f.codes[2], func(d *Dossier) {
				evs := append([]Event(nil), d.Events...)
				evs[3].Reason = "edited"
				evs[3].Hash = EventHash(d.Code, &evs[3])
				d.Events = evs
			})
		}, true, 1},
		{"an event's sequence number edited", func(f *auditFixture) {
			f.store.mu.Lock()
			defer f.store.mu.Unlock()
			e := f.store.byKey[f.codes[3]]
			d := e.d.Clone()
			d.Events[len(d.Events)-1].Seq++ // the trail now disagrees with the log
			e.d = &d
		}, true, -1},
	}
	for _, tt := range tests {
		for _, joined := range []bool{true, false} {
			t.Run(fmt.Sprintf("%s/joined=%v", tt.name, joined), func(t *testing.T) {
				f := newAuditFixture(t)
				if tt.tamper != nil {
					tt.tamper(f)
				}
				byCode, perDossier := 0, 0
				var store Store = countingStore{f.store, &byCode, &perDossier}
				if !joined {
					store = plainCounting{plainStore{f.store}, &perDossier}
				}
				rep, err := Audit(f.ctx, store, AuditOptions{})
				require.NoError(t, err)
				assert.Equal(t, int64(len(f.codes)), rep.Dossiers, "each dossier counted once")
				if tt.findings >= 0 {
					assert.Len(t, rep.Findings, tt.findings, "%v", rep.Findings)
				} else {
					assert.False(t, rep.Clean())
				}
				switch {
				case !tt.second:
					assert.Zero(t, byCode+perDossier, "a clean store's log is read once")
				case joined:
					assert.Equal(t, 1, byCode)
					assert.Zero(t, perDossier)
				default:
					assert.Equal(t, len(f.codes), perDossier)
				}
			})
		}
	}
}

func TestLogFingerprint(t *testing.T) {
	leaf := func(b byte) Hash { return Hash{b, 1, 2, 3} }
	type entry struct {
		code string
		seq  uint64
		leaf Hash
	}
	base := []entry{{"A-1", 1, leaf(1)}, {"A-1", 2, leaf(2)}, {"B-2", 1, leaf(3)}}
	tests := []struct {
		name  string
		other []entry
		equal bool
	}{
		{"same entries", base, true},
		{"another order", []entry{base[2], base[0], base[1]}, true},
		{"code changed", []entry{base[0], base[1], {"B-3", 1, leaf(3)}}, false},
		{"code split differently", []entry{base[0], base[1], {"B-", 21, leaf(3)}}, false},
		{"sequence number changed", []entry{base[0], {"A-1", 3, leaf(2)}, base[2]}, false},
		{"leaf changed", []entry{base[0], base[1], {"B-2", 1, leaf(4)}}, false},
		{"entry removed", base[:2], false},
		{"entry duplicated", append(slices.Clone(base), base[0]), false},
		{"entry doubled, another removed", []entry{base[0], base[0], base[1]}, false},
		{"entries swapped between dossiers", []entry{{"A-1", 1, leaf(3)}, base[1], {"B-2", 1, leaf(1)}}, false},
		{"none", nil, false},
	}
	f := newLogFingerprint()
	for _, e := range base {
		f.add(e.code, e.seq, e.leaf)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := f.empty()
			for _, e := range tt.other {
				g.add(e.code, e.seq, e.leaf)
			}
			assert.Equal(t, tt.equal, g.equal(&f))
			assert.Equal(t, tt.equal, f.equal(&g))
		})
	}
	t.Run("another key", func(t *testing.T) {
		g := newLogFingerprint()
		for _, e := range base {
			g.add(e.code, e.seq, e.leaf)
		}
		assert.NotEqual(t, f.key, g.key, "a fresh key each audit")
		assert.False(t, g.equal(&f))
	})
}
