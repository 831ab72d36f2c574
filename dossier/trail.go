package dossier

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"
)

// Hash is a SHA-256 digest. Its text form is lowercase hex.
type Hash [sha256.Size]byte

// String returns the lowercase hex form.
func (h Hash) String() string { return hex.EncodeToString(h[:]) }

// IsZero reports whether h is all zero bytes (the PrevHash of a first event).
func (h Hash) IsZero() bool { return h == Hash{} }

// MarshalText implements encoding.TextMarshaler (lowercase hex).
func (h Hash) MarshalText() ([]byte, error) {
	out := make([]byte, hex.EncodedLen(len(h)))
	hex.Encode(out, h[:])
	return out, nil
}

// UnmarshalText implements encoding.TextUnmarshaler (64 hex digits).
func (h *Hash) UnmarshalText(b []byte) error {
	if len(b) != hex.EncodedLen(len(h)) {
		return fmt.Errorf("%w: hash of %d hex digits, want 64", ErrInvalidDossier, len(b))
	}
	var v Hash
	if _, err := hex.Decode(v[:], b); err != nil {
		return fmt.Errorf("%w: hash: %w", ErrInvalidDossier, err)
	}
	*h = v
	return nil
}

// Event is one change in the life of a dossier. Events form an append-only
// chain: each carries the hash of the one before, and its own hash covers
// its content and that link, so editing, removing, reordering or inserting
// an event breaks the chain ([VerifyTrail]).
type Event struct {
	// Seq is the event's position, counted from 1.
	Seq uint64 `json:"seq"`
	// At is when the change happened.
	At time.Time `json:"at"`
	// Actor is who made it.
	Actor Actor `json:"actor"`
	// Action is what was done.
	Action Action `json:"action"`
	// From is the state before (unknown for the submission).
	From Status `json:"from,omitzero"`
	// To is the state after.
	To Status `json:"to"`
	// Reason is the stated reason, where the rules ask for one.
	Reason string `json:"reason,omitempty"`
	// Data holds the action's details (new due date, target unit, payment
	// reference, attachment digests...).
	Data EventData `json:"data,omitzero"`
	// PrevHash is the Hash of the previous event; zero for the first.
	PrevHash Hash `json:"prevHash"`
	// Hash is SHA-256 over the event's canonical encoding; see [EventHash].
	Hash Hash `json:"hash"`
}

// eventMagic starts every canonical encoding; the version is part of it.
const eventMagic = "motcua/dossier/event/v1\x00"

// AppendCanonical appends the canonical encoding of ev, as an event of the
// dossier with the given code, to b. The encoding is binary with a fixed
// field order, so it never depends on a map's order or a JSON library:
//
//	"motcua/dossier/event/v1" 0x00
//	str(code)                      the dossier code: an event cannot be moved to another dossier
//	u64(Seq)
//	i64(At Unix seconds) u32(At nanoseconds)
//	str(Actor.ID) str(Actor.Role) str(Actor.Unit)
//	str(Action) str(From) str(To)  stable identifiers, "" for the zero value
//	str(Reason)
//	u32(len(Data)) then, by key in byte order: str(key) str(value)
//	PrevHash (32 bytes)
//
// where u32, u64 and i64 are big-endian and str(s) is u32(len(s)) followed
// by the bytes of s. Hash is not part of the encoding.
func AppendCanonical(b []byte, code string, ev *Event) []byte {
	b = append(b, eventMagic...)
	b = appendStr(b, code)
	b = binary.BigEndian.AppendUint64(b, ev.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(ev.At.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(ev.At.Nanosecond()))
	b = appendStr(b, ev.Actor.ID)
	b = appendStr(b, zeroName(uint8(ev.Actor.Role), ev.Actor.Role.String()))
	b = appendStr(b, ev.Actor.Unit)
	b = appendStr(b, zeroName(uint8(ev.Action), ev.Action.String()))
	b = appendStr(b, zeroName(uint8(ev.From), ev.From.String()))
	b = appendStr(b, zeroName(uint8(ev.To), ev.To.String()))
	b = appendStr(b, ev.Reason)
	b = binary.BigEndian.AppendUint32(b, uint32(ev.Data.Len()))
	for k, v := range ev.Data.All() { // in byte order of the keys
		b = appendStr(b, k)
		b = appendStr(b, v)
	}
	return append(b, ev.PrevHash[:]...)
}

func zeroName(v uint8, name string) string {
	if v == 0 {
		return ""
	}
	return name
}

func appendStr(b []byte, s string) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// EventHash returns SHA-256 over the canonical encoding of ev
// ([AppendCanonical]) as an event of the dossier with the given code.
func EventHash(code string, ev *Event) Hash {
	var buf [512]byte
	return sha256.Sum256(AppendCanonical(buf[:0], code, ev))
}

// VerifyTrail checks the trail of the dossier with the given code: event
// i has Seq i+1, links to the hash of event i−1 (zero for the first),
// carries the hash of its own canonical encoding, is not dated before its
// predecessor, starts from the state its predecessor ended in, and the
// first event is the submission, and the events fold into a dossier's state
// (each step carries the data it must, such as a receipt's due time). It
// returns nil or a [*TrailError] naming the first event that fails.
func VerifyTrail(code string, events []Event) error {
	var prev Hash
	for i := range events {
		ev := &events[i]
		bad := func(why string, args ...any) error {
			return &TrailError{Code: code, Index: i, Seq: ev.Seq, Why: fmt.Sprintf(why, args...)}
		}
		if ev.Seq != uint64(i)+1 {
			return bad("sequence number %d, want %d (event removed, inserted or reordered)", ev.Seq, i+1)
		}
		if ev.PrevHash != prev {
			return bad("previous-hash link does not match the event before")
		}
		if h := EventHash(code, ev); h != ev.Hash {
			return bad("content does not match its hash (event edited)")
		}
		if i == 0 {
			if ev.Action != Submit || ev.From != StatusUnknown {
				return bad("first event is %s from %s, want a submission", ev.Action, ev.From)
			}
		} else {
			p := &events[i-1]
			if ev.At.Before(p.At) {
				return bad("dated %s, before the previous event", ev.At.Format(time.RFC3339))
			}
			if ev.From != p.To {
				return bad("starts from %s but the previous event ended in %s", ev.From, p.To)
			}
		}
		prev = ev.Hash
	}
	// The events must also fold into a state (a receipt without its due
	// time does not).
	_, err := replay(code, events)
	return err
}

// Verify checks d's trail with [VerifyTrail] and that d agrees with it: as
// many events as its Version, its Status the state the last event ended
// in, and every other field a transition sets equal to what the trail
// gives (see the trail format in state.go's documentation of the event
// data): an edit of the stored dossier outside the trail is a
// [*MismatchError] naming the field, the stored value and the trail's. A
// trail cut short at the end is caught here, as long as Version was not
// rewritten too; anchor [Dossier.Head] outside the store (a receipt, a
// log) to catch even that.
func (d *Dossier) Verify() error {
	if err := VerifyTrail(d.Code, d.Events); err != nil {
		return err
	}
	n := len(d.Events)
	if int64(n) != d.Version {
		return &TrailError{Code: d.Code, Index: n, Why: fmt.Sprintf("%d events for version %d (events removed or added)", n, d.Version)}
	}
	if n == 0 {
		return &TrailError{Code: d.Code, Index: 0, Why: "empty trail"}
	}
	if last := d.Events[n-1]; last.To != d.Status {
		return &TrailError{Code: d.Code, Index: n - 1, Seq: last.Seq, Why: fmt.Sprintf("dossier is %s but the trail ends in %s", d.Status, last.To)}
	}
	return d.checkFields()
}

// Head returns the hash of the last event, which commits to the whole
// trail; zero for an empty trail.
func (d *Dossier) Head() Hash {
	if len(d.Events) == 0 {
		return Hash{}
	}
	return d.Events[len(d.Events)-1].Hash
}

// appendEvent seals ev (sets Seq, PrevHash and Hash) and appends it to d's
// trail, bumping d.Version.
func (d *Dossier) appendEvent(ev Event) {
	ev.Seq = uint64(len(d.Events)) + 1
	ev.PrevHash = d.Head()
	ev.Hash = EventHash(d.Code, &ev)
	if n := len(d.Events); n == cap(d.Events) && n > 0 {
		// A stored trail that is full grows by half its size or more (see
		// [memEntry]); a new one (a submission's, handed to Store.Create,
		// which makes the store's own copy) is one event long.
		evs := make([]Event, n, max(trailRoom, 2*n))
		copy(evs, d.Events)
		d.Events = evs
	}
	d.Events = append(d.Events, ev)
	d.Version++
}
