package dossier

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
)

// MaxCheckpointSize is the largest signed checkpoint [OpenCheckpoint]
// reads, in bytes.
const MaxCheckpointSize = 1 << 20

// Checkpoint is a tree head of the log: its size and root hash at a time,
// which the agency signs ([SignCheckpoint]) and inspectors keep
// ([OpenCheckpoint], [VerifyExtends], [Checkpoint.VerifyInclusion]).
//
// Its text, the signed note's body, is the C2SP tlog-checkpoint format
// (https://c2sp.org/tlog-checkpoint) with one extension line, four lines
// each ending in "\n":
//
//	log.motcua.example                              Origin
//	3                                               Size, in decimal without leading zeros
//	nIAwW4bWZgPlUrGtssCn4iQSetcyn4+bJGPYBJEte+k=    Root, in standard base64 with padding
//	2026-03-02T10:00:00Z                            Time, RFC 3339 in UTC
//
// The time is written as [time.RFC3339Nano] writes it in UTC (fractional
// seconds only when not zero, without trailing zeros). [OpenCheckpoint]
// accepts this form only, so a checkpoint has one text.
type Checkpoint struct {
	// Origin names the log, conventionally the signing key's name. It is
	// not empty, is valid UTF-8 and holds no control characters.
	Origin string `json:"origin"`
	// Size is the number of leaves.
	Size int64 `json:"size"`
	// Root is the root hash of the tree of Size leaves ([TreeHash]); for
	// an empty log, SHA-256 of nothing.
	Root Hash `json:"root"`
	// Time is when the tree had this head; [OpenCheckpoint] returns it in
	// UTC. It is not zero and its year lies in 1 to 9999.
	Time time.Time `json:"time"`
}

const checkpointLines = 4

// text returns c's checkpoint text, or a [*CheckpointError] naming the line
// that cannot be written.
func (c Checkpoint) text() ([]byte, error) {
	if why := checkOrigin(c.Origin); why != "" {
		return nil, &CheckpointError{Line: 1, Why: why}
	}
	if c.Size < 0 || c.Size > maxLogSize {
		return nil, &CheckpointError{Line: 2, Why: fmt.Sprintf("size %d out of range", c.Size)}
	}
	if c.Size == 0 && c.Root != emptyRoot() {
		return nil, &CheckpointError{Line: 3, Why: "the root of an empty log is SHA-256 of nothing"}
	}
	t := c.Time.UTC()
	if !checkTime(t) {
		return nil, &CheckpointError{Line: 4, Why: "time missing or outside years 1 to 9999"}
	}
	b := make([]byte, 0, len(c.Origin)+100)
	b = append(b, c.Origin...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, c.Size, 10)
	b = append(b, '\n')
	b = base64.StdEncoding.AppendEncode(b, c.Root[:])
	b = append(b, '\n')
	b = t.AppendFormat(b, time.RFC3339Nano)
	return append(b, '\n'), nil
}

// checkOrigin returns why s cannot be an origin, or "".
func checkOrigin(s string) string {
	switch {
	case s == "":
		return "empty origin"
	case !utf8.ValidString(s):
		return "origin is not UTF-8"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "control character in origin"
	}
	return ""
}

// clipQuoted shortens s, outside input quoted in an error, to 64 bytes.
func clipQuoted(s string) string {
	if len(s) <= 64 {
		return s
	}
	return s[:64] + "..."
}

// checkTime reports whether t, in UTC, can be a checkpoint's time.
func checkTime(t time.Time) bool { return !t.IsZero() && t.Year() >= 1 && t.Year() <= 9999 }

// parseCheckpoint parses a checkpoint text; it accepts exactly what text
// writes. Errors are [*CheckpointError]s with Verified set.
func parseCheckpoint(text string) (Checkpoint, error) {
	fail := func(line int, why string) error {
		return &CheckpointError{Line: line, Verified: true, Why: why}
	}
	body, ok := strings.CutSuffix(text, "\n")
	if !ok {
		return Checkpoint{}, fail(0, "text does not end in a newline")
	}
	lines := strings.SplitN(body, "\n", checkpointLines+1)
	for len(lines) < checkpointLines {
		lines = append(lines, "") // reported below as the first line that is wrong
	}
	var c Checkpoint
	if why := checkOrigin(lines[0]); why != "" {
		return Checkpoint{}, fail(1, why)
	}
	c.Origin = lines[0]
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || n > maxLogSize || strconv.FormatInt(n, 10) != lines[1] {
		return Checkpoint{}, fail(2, fmt.Sprintf("size %q is not a decimal number of leaves", clipQuoted(lines[1])))
	}
	c.Size = n
	root, err := base64.StdEncoding.Strict().DecodeString(lines[2])
	if err != nil || len(root) != len(c.Root) || base64.StdEncoding.EncodeToString(root) != lines[2] {
		return Checkpoint{}, fail(3, fmt.Sprintf("root %q is not a base64 SHA-256 hash", clipQuoted(lines[2])))
	}
	c.Root = Hash(root)
	if c.Size == 0 && c.Root != emptyRoot() {
		return Checkpoint{}, fail(3, "the root of an empty log is SHA-256 of nothing")
	}
	t, err := time.Parse(time.RFC3339Nano, lines[3])
	if err != nil || !checkTime(t.UTC()) || t.UTC().Format(time.RFC3339Nano) != lines[3] {
		return Checkpoint{}, fail(4, fmt.Sprintf("time %q is not RFC 3339 in UTC", clipQuoted(lines[3])))
	}
	if len(lines) > checkpointLines {
		return Checkpoint{}, fail(checkpointLines+1, "unexpected extension line")
	}
	c.Time = t.UTC()
	return c, nil
}

// LogKey signs checkpoints: a key name and an Ed25519 private key. It is
// safe for concurrent use when its [crypto.Signer] is.
type LogKey struct {
	signer   note.Signer
	pub      ed25519.PublicKey
	verifier *LogVerifier
}

// NewLogKey returns the key that signs checkpoints with key under name.
// key is an [ed25519.PrivateKey] or any [crypto.Signer] with an Ed25519
// public key (a hardware or remote signer); it is asked for pure Ed25519
// signatures (opts crypto.Hash(0)), which are checked before use. The name,
// conventionally the log's origin, is not empty and holds neither spaces
// nor "+". A bad name or key is an error wrapping [ErrLogKey].
func NewLogKey(name string, key crypto.Signer) (*LogKey, error) {
	if key == nil {
		return nil, fmt.Errorf("%w: no key", ErrLogKey)
	}
	pub, ok := key.Public().(ed25519.PublicKey)
	if !ok || len(pub) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: %T is not an Ed25519 key", ErrLogKey, key.Public())
	}
	vkey, err := VerifierKey(name, pub)
	if err != nil {
		return nil, err
	}
	v, err := ParseVerifierKey(vkey)
	if err != nil {
		return nil, err
	}
	k := &LogKey{pub: bytes.Clone(pub), verifier: v}
	hash, _, _ := strings.Cut(strings.TrimPrefix(vkey, name+"+"), "+")
	if priv, ok := key.(ed25519.PrivateKey); ok {
		if len(priv) != ed25519.PrivateKeySize {
			return nil, fmt.Errorf("%w: Ed25519 private key of %d bytes", ErrLogKey, len(priv))
		}
		skey := "PRIVATE+KEY+" + name + "+" + hash + "+" +
			base64.StdEncoding.EncodeToString(append([]byte{1}, priv.Seed()...))
		if k.signer, err = note.NewSigner(skey); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrLogKey, err)
		}
		return k, nil
	}
	h, err := strconv.ParseUint(hash, 16, 32)
	if err != nil {
		return nil, fmt.Errorf("%w: verifier key %q", ErrLogKey, vkey)
	}
	k.signer = &cryptoSigner{name: name, hash: uint32(h), key: key, pub: k.pub}
	return k, nil
}

// Name returns the key's name.
func (k *LogKey) Name() string { return k.signer.Name() }

// Public returns the Ed25519 public key.
func (k *LogKey) Public() ed25519.PublicKey { return bytes.Clone(k.pub) }

// Verifier returns the verifier of the key's signatures; its String is the
// verifier key to hand to inspectors.
func (k *LogKey) Verifier() *LogVerifier { return k.verifier }

// cryptoSigner is a note.Signer over a crypto.Signer.
type cryptoSigner struct {
	name string
	hash uint32
	key  crypto.Signer
	pub  ed25519.PublicKey
}

func (s *cryptoSigner) Name() string    { return s.name }
func (s *cryptoSigner) KeyHash() uint32 { return s.hash }
func (s *cryptoSigner) Sign(msg []byte) ([]byte, error) {
	sig, err := s.key.Sign(rand.Reader, msg, crypto.Hash(0))
	if err != nil {
		return nil, err
	}
	if !ed25519.Verify(s.pub, msg, sig) {
		return nil, errors.New("the signer's signature does not verify with its public key")
	}
	return sig, nil
}

// VerifierKey returns the verifier key of the Ed25519 public key pub under
// name, which inspectors keep to open checkpoints ([ParseVerifierKey]). It is
// the signed note's format "<name>+<key hash>+<key>": the key hash is eight
// hex digits, the first four bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ pub),
// and the key is 0x01 ‖ pub in standard base64 (0x01: Ed25519). A bad name
// or key is an error wrapping [ErrLogKey].
func VerifierKey(name string, pub ed25519.PublicKey) (string, error) {
	vkey, err := note.NewEd25519VerifierKey(name, pub)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrLogKey, err)
	}
	if _, err := ParseVerifierKey(vkey); err != nil {
		return "", err
	}
	return vkey, nil
}

// LogVerifier checks the signatures of one log key. It is immutable and
// safe for concurrent use.
type LogVerifier struct {
	v    note.Verifier
	vkey string
}

// ParseVerifierKey parses a verifier key as [VerifierKey] writes it. A
// malformed key, or one of another algorithm than Ed25519, is an error
// wrapping [ErrLogKey].
func ParseVerifierKey(vkey string) (*LogVerifier, error) {
	v, err := note.NewVerifier(vkey)
	if err != nil {
		return nil, fmt.Errorf("%w: verifier key %q: %v", ErrLogKey, vkey, err)
	}
	return &LogVerifier{v: v, vkey: vkey}, nil
}

// Name returns the key's name.
func (v *LogVerifier) Name() string { return v.v.Name() }

// String returns the verifier key.
func (v *LogVerifier) String() string { return v.vkey }

// SignCheckpoint returns the signed note of c with k: c's text (see
// [Checkpoint]), a blank line and the signature line "— <name>
// <base64 of key hash and signature>". A checkpoint that cannot be written
// is a [*CheckpointError].
func SignCheckpoint(c Checkpoint, k *LogKey) ([]byte, error) {
	if k == nil {
		return nil, fmt.Errorf("%w: no key", ErrLogKey)
	}
	text, err := c.text()
	if err != nil {
		return nil, err
	}
	signed, err := note.Sign(&note.Note{Text: string(text)}, k.signer)
	if err != nil {
		return nil, fmt.Errorf("dossier: sign checkpoint: %w", err)
	}
	return signed, nil
}

// OpenCheckpoint verifies that signed, a signed note, carries a valid
// signature by v's key and returns the checkpoint it states. Signatures by
// other keys (witnesses' cosignatures) are allowed and ignored. signed is
// outside input: one larger than [MaxCheckpointSize], a malformed note, a
// note not signed by v's key, a signature that does not verify (the text
// was edited) and a text that is not a checkpoint are all
// [*CheckpointError]s wrapping [ErrCheckpoint]; Verified tells the last
// apart.
func OpenCheckpoint(signed []byte, v *LogVerifier) (Checkpoint, error) {
	if v == nil {
		return Checkpoint{}, fmt.Errorf("%w: no verifier", ErrLogKey)
	}
	if len(signed) > MaxCheckpointSize {
		return Checkpoint{}, &CheckpointError{Why: fmt.Sprintf("larger than %d bytes", MaxCheckpointSize)}
	}
	n, err := note.Open(signed, note.VerifierList(v.v))
	if err != nil {
		var unverified *note.UnverifiedNoteError
		var invalid *note.InvalidSignatureError
		switch {
		case errors.As(err, &unverified):
			why := "not signed by " + v.keyID()
			if sigs := unverified.Note.UnverifiedSigs; len(sigs) > 0 {
				why += fmt.Sprintf(" (signed by %s+%08x", sigs[0].Name, sigs[0].Hash)
				if len(sigs) > 1 {
					why += fmt.Sprintf(" and %d other keys", len(sigs)-1)
				}
				why += ")"
			}
			return Checkpoint{}, &CheckpointError{Why: why}
		case errors.As(err, &invalid):
			return Checkpoint{}, &CheckpointError{Why: "signature by " + v.keyID() + " does not verify: the text or the signature was altered"}
		}
		return Checkpoint{}, &CheckpointError{Why: "malformed signed note: " + err.Error()}
	}
	return parseCheckpoint(n.Text)
}

// keyID returns "<name>+<key hash>".
func (v *LogVerifier) keyID() string {
	return fmt.Sprintf("%s+%08x", v.v.Name(), v.v.KeyHash())
}

// VerifyInclusion checks that p proves leaf, a leaf hash ([LeafHash]), to
// be in the tree c describes: p.Size must be c.Size and p must verify
// against c.Root ([VerifyInclusion]). A failure is a [*ProofError].
func (c Checkpoint) VerifyInclusion(p InclusionProof, leaf Hash) error {
	if p.Size != c.Size {
		return &ProofError{Proof: "inclusion", Index: p.Index, Size: p.Size,
			Why: fmt.Sprintf("the checkpoint is of %d leaves", c.Size)}
	}
	return VerifyInclusion(p, c.Root, leaf)
}

// VerifyExtends checks that p proves newer to extend older: same origin,
// p.From == older.Size, p.To == newer.Size, and p verifies between their
// roots ([VerifyConsistency]). It does not look at the times. A failure is
// a [*ProofError].
func VerifyExtends(older, newer Checkpoint, p ConsistencyProof) error {
	fail := func(why string) error {
		return &ProofError{Proof: "consistency", From: p.From, To: p.To, Why: why}
	}
	switch {
	case older.Origin != newer.Origin:
		return fail(fmt.Sprintf("origins differ: %q and %q", older.Origin, newer.Origin))
	case p.From != older.Size || p.To != newer.Size:
		return fail(fmt.Sprintf("the checkpoints are of %d and %d leaves", older.Size, newer.Size))
	}
	return VerifyConsistency(p, older.Root, newer.Root)
}

// TimestampFunc obtains an RFC 3161 timestamp token over digest, a
// SHA-256 digest (the request's messageImprint), from a timestamp
// authority.
type TimestampFunc func(ctx context.Context, digest []byte) (token []byte, err error)

// TimestampCheckpoint returns ts's timestamp token over SHA-256(signed),
// signed being a signed checkpoint exactly as [SignCheckpoint] returned it.
// Keep the token beside the note: it shows the checkpoint existed at the
// authority's time, and an RFC 3161 verifier checks it against the SHA-256
// of the same bytes. The package does not parse or verify tokens.
func TimestampCheckpoint(ctx context.Context, signed []byte, ts TimestampFunc) ([]byte, error) {
	if ts == nil {
		return nil, errors.New("dossier: timestamp checkpoint: no timestamp function")
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	digest := sha256.Sum256(signed)
	token, err := ts(ctx, digest[:])
	if err != nil {
		return nil, fmt.Errorf("dossier: timestamp checkpoint: %w", err)
	}
	if len(token) == 0 {
		return nil, errors.New("dossier: timestamp checkpoint: empty token")
	}
	return token, nil
}
