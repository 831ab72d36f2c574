package dossier_test

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/mod/sumdb/note"

	"github.com/motcua/motcua/dossier"
)

const ckptOrigin = "motcua.example/log"

// ckptEd25519 returns a fixed Ed25519 key made from seed.
func ckptEd25519(seed byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{seed}, ed25519.SeedSize))
}

// ckptKey returns a log key named name over ckptEd25519(seed).
func ckptKey(t testing.TB, name string, seed byte) *dossier.LogKey {
	t.Helper()
	k, err := dossier.NewLogKey(name, ckptEd25519(seed))
	require.NoError(t, err)
	return k
}

// ckptTime is the checkpoints' time.
var ckptTime = time.Date(2025, 7, 1, 9, 30, 0, 0, time.UTC)

// ckptOf returns the checkpoint of the first size leaves of l.
func ckptOf(t testing.TB, l *dossier.MemLog, size int64, at time.Time) dossier.Checkpoint {
	t.Helper()
	root, err := dossier.TreeHash(context.Background(), size, l)
	require.NoError(t, err)
	return dossier.Checkpoint{Origin: ckptOrigin, Size: size, Root: root, Time: at}
}

// ckptBody returns the text of a signed note: all before the blank line.
func ckptBody(signed []byte) []byte {
	i := bytes.LastIndex(signed, []byte("\n\n"))
	if i < 0 {
		return nil
	}
	return signed[:i+1]
}

// ckptSigner hides the concrete type of a crypto.Signer, as a hardware
// or remote signer would.
type ckptSigner struct{ k ed25519.PrivateKey }

func (s ckptSigner) Public() crypto.PublicKey { return s.k.Public() }
func (s ckptSigner) Sign(r io.Reader, msg []byte, opts crypto.SignerOpts) ([]byte, error) {
	return s.k.Sign(r, msg, opts)
}

// ckptLiar signs with another key than it claims.
type ckptLiar struct{ ckptSigner }

func (s ckptLiar) Public() crypto.PublicKey { return ckptEd25519(99).Public() }

// ckptFailing fails to sign.
type ckptFailing struct{ ckptSigner }

func (ckptFailing) Sign(io.Reader, []byte, crypto.SignerOpts) ([]byte, error) {
	return nil, errors.New("token removed")
}

func TestCheckpointRoundTrip(t *testing.T) {
	l := merkleLog(t, merkleLeaves(1000))
	k := ckptKey(t, ckptOrigin, 1)
	hcm := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name string
		c    dossier.Checkpoint
		time string // the text's time line
	}{
		{"empty log", ckptOf(t, l, 0, ckptTime), "2025-07-01T09:30:00Z"},
		{"one leaf", ckptOf(t, l, 1, ckptTime), "2025-07-01T09:30:00Z"},
		{"1000 leaves", ckptOf(t, l, 1000, ckptTime), "2025-07-01T09:30:00Z"},
		{"nanoseconds", ckptOf(t, l, 7, ckptTime.Add(123456789)), "2025-07-01T09:30:00.123456789Z"},
		{"milliseconds", ckptOf(t, l, 7, ckptTime.Add(120*time.Millisecond)), "2025-07-01T09:30:00.12Z"},
		{"Vietnam time", ckptOf(t, l, 8, time.Date(2025, 7, 1, 16, 30, 0, 0, hcm)), "2025-07-01T09:30:00Z"},
		{"year 1", ckptOf(t, l, 9, time.Date(1, 1, 1, 0, 0, 1, 0, time.UTC)), "0001-01-01T00:00:01Z"},
		{"year 9999", ckptOf(t, l, 9, time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)), "9999-12-31T23:59:59Z"},
		{"origin with spaces and Vietnamese", dossier.Checkpoint{Origin: "Sở Tư pháp Hà Nội / nhật ký", Size: 1, Root: ckptOf(t, l, 1, ckptTime).Root, Time: ckptTime}, "2025-07-01T09:30:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := dossier.SignCheckpoint(tt.c, k)
			require.NoError(t, err)
			want := fmt.Sprintf("%s\n%d\n%s\n%s\n", tt.c.Origin, tt.c.Size,
				base64.StdEncoding.EncodeToString(tt.c.Root[:]), tt.time)
			assert.Equal(t, want, string(ckptBody(signed)))
			assert.True(t, strings.HasPrefix(string(signed[len(want):]), "\n— "+ckptOrigin+" "), "signature line")
			assert.True(t, bytes.HasSuffix(signed, []byte("\n")))

			got, err := dossier.OpenCheckpoint(signed, k.Verifier())
			require.NoError(t, err)
			assert.Equal(t, tt.c.Origin, got.Origin)
			assert.Equal(t, tt.c.Size, got.Size)
			assert.Equal(t, tt.c.Root, got.Root)
			assert.True(t, tt.c.Time.Equal(got.Time), "time %v, want %v", got.Time, tt.c.Time)
			assert.Equal(t, time.UTC, got.Time.Location())

			again, err := dossier.SignCheckpoint(got, k)
			require.NoError(t, err)
			assert.Equal(t, signed, again, "Ed25519 is deterministic: one checkpoint, one note")
		})
	}
	t.Run("empty log root", func(t *testing.T) {
		c := ckptOf(t, l, 0, ckptTime)
		assert.Equal(t, dossier.Hash(sha256.Sum256(nil)), c.Root)
	})
}

func TestCheckpointKeys(t *testing.T) {
	priv := ckptEd25519(1)
	pub := priv.Public().(ed25519.PublicKey)
	k, err := dossier.NewLogKey(ckptOrigin, priv)
	require.NoError(t, err)
	assert.Equal(t, ckptOrigin, k.Name())
	assert.Equal(t, pub, k.Public())

	vkey, err := dossier.VerifierKey(ckptOrigin, pub)
	require.NoError(t, err)
	assert.Equal(t, vkey, k.Verifier().String())
	assert.Regexp(t, `^motcua\.example/log\+[0-9a-f]{8}\+[A-Za-z0-9+/]{44}$`, vkey)
	v, err := dossier.ParseVerifierKey(vkey)
	require.NoError(t, err)
	assert.Equal(t, vkey, v.String())
	assert.Equal(t, ckptOrigin, v.Name())

	// The key hash is SHA-256(name ‖ "\n" ‖ 0x01 ‖ pub)[:4], the key 0x01 ‖ pub.
	sum := sha256.Sum256(append([]byte(ckptOrigin+"\n\x01"), pub...))
	assert.Equal(t, fmt.Sprintf("%s+%x+%s", ckptOrigin, sum[:4],
		base64.StdEncoding.EncodeToString(append([]byte{1}, pub...))), vkey)

	// The note package's own keys work with ours.
	skey, nvkey, err := note.GenerateKey(rand.Reader, "other.example")
	require.NoError(t, err)
	nv, err := dossier.ParseVerifierKey(nvkey)
	require.NoError(t, err)
	ns, err := note.NewSigner(skey)
	require.NoError(t, err)
	msg, err := note.Sign(&note.Note{Text: "other.example\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n2025-07-01T09:30:00Z\n"}, ns)
	require.NoError(t, err)
	c, err := dossier.OpenCheckpoint(msg, nv)
	require.NoError(t, err)
	assert.Equal(t, "other.example", c.Origin)

	t.Run("any crypto.Signer signs the same", func(t *testing.T) {
		hidden, err := dossier.NewLogKey(ckptOrigin, ckptSigner{priv})
		require.NoError(t, err)
		assert.Equal(t, vkey, hidden.Verifier().String())
		cp := dossier.Checkpoint{Origin: ckptOrigin, Size: 0, Root: sha256.Sum256(nil), Time: ckptTime}
		a, err := dossier.SignCheckpoint(cp, k)
		require.NoError(t, err)
		b, err := dossier.SignCheckpoint(cp, hidden)
		require.NoError(t, err)
		assert.Equal(t, a, b)
	})
	t.Run("a signer whose signatures do not match its key", func(t *testing.T) {
		liar, err := dossier.NewLogKey(ckptOrigin, ckptLiar{ckptSigner{priv}})
		require.NoError(t, err)
		_, err = dossier.SignCheckpoint(ckptOf(t, new(dossier.MemLog), 0, ckptTime), liar)
		require.Error(t, err)
	})
	t.Run("a signer that fails", func(t *testing.T) {
		failing, err := dossier.NewLogKey(ckptOrigin, ckptFailing{ckptSigner{priv}})
		require.NoError(t, err)
		_, err = dossier.SignCheckpoint(ckptOf(t, new(dossier.MemLog), 0, ckptTime), failing)
		require.ErrorContains(t, err, "token removed")
	})

	ec, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	mixed := ckptConcat(ckptEd25519(1)[:32], ckptEd25519(2)[32:]) // seed of one key, public half of another
	badKeys := []struct {
		name string
		run  func() error
	}{
		{"empty name", func() error { _, err := dossier.NewLogKey("", priv); return err }},
		{"name with a space", func() error { _, err := dossier.NewLogKey("a b", priv); return err }},
		{"name with a plus", func() error { _, err := dossier.NewLogKey("a+b", priv); return err }},
		{"name with a newline", func() error { _, err := dossier.NewLogKey("a\nb", priv); return err }},
		{"nil key", func() error { _, err := dossier.NewLogKey("a", nil); return err }},
		{"ECDSA key", func() error { _, err := dossier.NewLogKey("a", ec); return err }},
		{"short Ed25519 key", func() error { _, err := dossier.NewLogKey("a", ed25519.PrivateKey(priv[:40])); return err }},
		{"inconsistent Ed25519 key", func() error { _, err := dossier.NewLogKey("a", ed25519.PrivateKey(mixed)); return err }},
		{"verifier key of a short public key", func() error { _, err := dossier.VerifierKey("a", pub[:31]); return err }},
		{"verifier key with a bad name", func() error { _, err := dossier.VerifierKey("a b", pub); return err }},
		{"parse empty", func() error { _, err := dossier.ParseVerifierKey(""); return err }},
		{"parse garbage", func() error { _, err := dossier.ParseVerifierKey("not a key"); return err }},
		{"parse a wrong hash", func() error {
			parts := strings.Split(vkey, "+")
			parts[1] = fmt.Sprintf("%08x", ^ckptHex32(parts[1]))
			_, err := dossier.ParseVerifierKey(strings.Join(parts, "+"))
			return err
		}},
		{"parse a private key", func() error { _, err := dossier.ParseVerifierKey(skey); return err }},
		{"parse an unknown algorithm", func() error {
			raw := append([]byte{2}, pub...)
			s := sha256.Sum256(append([]byte("a\n"), raw...))
			_, err := dossier.ParseVerifierKey(fmt.Sprintf("a+%x+%s", s[:4], base64.StdEncoding.EncodeToString(raw)))
			return err
		}},
		{"sign with no key", func() error {
			_, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: "a", Root: sha256.Sum256(nil), Time: ckptTime}, nil)
			return err
		}},
		{"open with no verifier", func() error { _, err := dossier.OpenCheckpoint(msg, nil); return err }},
	}
	for _, tt := range badKeys {
		t.Run(tt.name, func(t *testing.T) {
			require.ErrorIs(t, tt.run(), dossier.ErrLogKey)
		})
	}
}

func ckptHex32(hex string) uint32 {
	var v uint32
	if _, err := fmt.Sscanf(hex, "%08x", &v); err != nil {
		panic(err)
	}
	return v
}

func ckptConcat(a, b []byte) []byte { return append(append([]byte{}, a...), b...) }

func TestOpenCheckpointRejects(t *testing.T) {
	l := merkleLog(t, merkleLeaves(100))
	k := ckptKey(t, ckptOrigin, 1)
	c := ckptOf(t, l, 100, ckptTime)
	signed, err := dossier.SignCheckpoint(c, k)
	require.NoError(t, err)
	other := ckptKey(t, ckptOrigin, 2)
	otherSigned, err := dossier.SignCheckpoint(c, other)
	require.NoError(t, err)
	renamed := ckptKey(t, "renamed.example", 1) // same key, another name
	renamedSigned, err := dossier.SignCheckpoint(c, renamed)
	require.NoError(t, err)
	root99 := ckptOf(t, l, 99, ckptTime).Root

	edit := func(old, new string) []byte {
		require.Contains(t, string(signed), old)
		return []byte(strings.Replace(string(signed), old, new, 1))
	}
	b64 := base64.StdEncoding.EncodeToString
	sigLine := string(signed[len(ckptBody(signed))+1:])
	tests := []struct {
		name   string
		signed []byte
		why    string
	}{
		{"signed by another key", otherSigned, "not signed by"},
		{"signed under another name", renamedSigned, "not signed by"},
		{"size edited", edit("\n100\n", "\n101\n"), "does not verify"},
		{"size with a leading zero", edit("\n100\n", "\n0100\n"), "does not verify"},
		{"root edited", edit(b64(c.Root[:]), b64(root99[:])), "does not verify"},
		{"time edited", edit("09:30:00Z", "09:30:01Z"), "does not verify"},
		{"origin edited", edit(ckptOrigin+"\n", "motcua.example/logs\n"), "does not verify"},
		{"extension line added", edit("Z\n\n", "Z\nextra\n\n"), "does not verify"},
		{"signature altered", edit(sigLine[len(sigLine)-10:], "AAAAAAAAA\n"), ""},
		{"signature removed", ckptBody(signed), "malformed"},
		{"truncated in the text", signed[:20], "malformed"},
		{"truncated in the signature", signed[:len(signed)-5], "malformed"},
		{"truncated before the last newline", signed[:len(signed)-1], "malformed"},
		{"empty", nil, "malformed"},
		{"garbage", []byte("\x00\xff garbage"), "malformed"},
		{"text only", []byte("motcua.example/log\n1\nAAAA\n"), "malformed"},
		{"control character", edit("\n100\n", "\n1\x0100\n"), "malformed"},
		{"too large", append(bytes.Repeat([]byte("x"), dossier.MaxCheckpointSize), signed...), "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dossier.OpenCheckpoint(tt.signed, k.Verifier())
			require.ErrorIs(t, err, dossier.ErrCheckpoint)
			var ce *dossier.CheckpointError
			require.ErrorAs(t, err, &ce)
			assert.False(t, ce.Verified)
			assert.Zero(t, ce.Line)
			assert.Contains(t, err.Error(), tt.why)
		})
	}

	t.Run("cosigned by a witness", func(t *testing.T) {
		w := ckptKey(t, "witness.example", 3)
		wsigned, err := dossier.SignCheckpoint(c, w)
		require.NoError(t, err)
		both := append(bytes.Clone(signed), wsigned[len(ckptBody(wsigned))+1:]...)
		got, err := dossier.OpenCheckpoint(both, k.Verifier())
		require.NoError(t, err)
		assert.Equal(t, c.Root, got.Root)
		_, err = dossier.OpenCheckpoint(both, w.Verifier())
		require.NoError(t, err, "the witness's verifier opens it too")
	})
}

// TestOpenCheckpointMalformedBody signs malformed texts with a good key:
// the signature verifies and the text is refused line by line.
func TestOpenCheckpointMalformedBody(t *testing.T) {
	skey, vkey, err := note.GenerateKey(rand.Reader, ckptOrigin)
	require.NoError(t, err)
	signer, err := note.NewSigner(skey)
	require.NoError(t, err)
	v, err := dossier.ParseVerifierKey(vkey)
	require.NoError(t, err)
	root := base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{7}, 32))
	empty := "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="
	const at = "2025-07-01T09:30:00Z"
	lines := func(ls ...string) string { return strings.Join(ls, "\n") + "\n" }
	tests := []struct {
		name string
		text string
		line int
	}{
		{"valid", lines(ckptOrigin, "5", root, at), -1},
		{"valid empty log", lines(ckptOrigin, "0", empty, at), -1},
		{"empty origin", lines("", "5", root, at), 1},
		{"DEL in the origin", lines("a\x7fb", "5", root, at), 1},
		{"C1 control in the origin", lines("a\u0085b", "5", root, at), 1},
		{"size missing", lines(ckptOrigin), 2},
		{"size not a number", lines(ckptOrigin, "five", root, at), 2},
		{"size with a leading zero", lines(ckptOrigin, "05", root, at), 2},
		{"size with a plus", lines(ckptOrigin, "+5", root, at), 2},
		{"negative size", lines(ckptOrigin, "-5", root, at), 2},
		{"size too large", lines(ckptOrigin, "9223372036854775807", root, at), 2},
		{"size overflowing", lines(ckptOrigin, "99999999999999999999", root, at), 2},
		{"root missing", lines(ckptOrigin, "5"), 3},
		{"root not base64", lines(ckptOrigin, "5", "not base64!", at), 3},
		{"root too short", lines(ckptOrigin, "5", root[:40]+"==", at), 3},
		{"root without padding", lines(ckptOrigin, "5", root[:43], at), 3},
		{"root in URL base64", lines(ckptOrigin, "5", strings.ReplaceAll(empty, "+", "-"), at), 3},
		{"root with stray bits", lines(ckptOrigin, "5", root[:42]+"x=", at), 3},
		{"empty log with another root", lines(ckptOrigin, "0", root, at), 3},
		{"time missing", lines(ckptOrigin, "5", root), 4},
		{"time empty", lines(ckptOrigin, "5", root, ""), 4},
		{"time in Vietnam", lines(ckptOrigin, "5", root, "2025-07-01T16:30:00+07:00"), 4},
		{"time with trailing zeros", lines(ckptOrigin, "5", root, "2025-07-01T09:30:00.500Z"), 4},
		{"time with a zero fraction", lines(ckptOrigin, "5", root, "2025-07-01T09:30:00.0Z"), 4},
		{"time in lowercase", lines(ckptOrigin, "5", root, "2025-07-01t09:30:00z"), 4},
		{"time as Unix seconds", lines(ckptOrigin, "5", root, "1751362200"), 4},
		{"zero time", lines(ckptOrigin, "5", root, "0001-01-01T00:00:00Z"), 4},
		{"year 0", lines(ckptOrigin, "5", root, "0000-06-01T00:00:00Z"), 4},
		{"extension line", lines(ckptOrigin, "5", root, at, "x-ext"), 5},
		{"blank line inside", lines(ckptOrigin, "", "5", root, at), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			signed, err := note.Sign(&note.Note{Text: tt.text}, signer)
			require.NoError(t, err)
			c, err := dossier.OpenCheckpoint(signed, v)
			if tt.line < 0 {
				require.NoError(t, err)
				assert.Equal(t, tt.text, ckptText(t, c))
				return
			}
			require.ErrorIs(t, err, dossier.ErrCheckpoint)
			var ce *dossier.CheckpointError
			require.ErrorAs(t, err, &ce)
			assert.True(t, ce.Verified, "the signature did verify")
			assert.Equal(t, tt.line, ce.Line, err.Error())
		})
	}
}

// ckptText returns c's checkpoint text, by signing it with a throwaway key.
func ckptText(t testing.TB, c dossier.Checkpoint) string {
	t.Helper()
	signed, err := dossier.SignCheckpoint(c, ckptKey(t, "throwaway", 42))
	require.NoError(t, err)
	return string(ckptBody(signed))
}

func TestSignCheckpointRejects(t *testing.T) {
	k := ckptKey(t, ckptOrigin, 1)
	root := dossier.Hash(sha256.Sum256([]byte("x")))
	empty := dossier.Hash(sha256.Sum256(nil))
	tests := []struct {
		name string
		c    dossier.Checkpoint
		line int
	}{
		{"empty origin", dossier.Checkpoint{Size: 1, Root: root, Time: ckptTime}, 1},
		{"newline in the origin", dossier.Checkpoint{Origin: "a\nb", Size: 1, Root: root, Time: ckptTime}, 1},
		{"tab in the origin", dossier.Checkpoint{Origin: "a\tb", Size: 1, Root: root, Time: ckptTime}, 1},
		{"invalid UTF-8 in the origin", dossier.Checkpoint{Origin: "a\xffb", Size: 1, Root: root, Time: ckptTime}, 1},
		{"negative size", dossier.Checkpoint{Origin: "a", Size: -1, Root: root, Time: ckptTime}, 2},
		{"huge size", dossier.Checkpoint{Origin: "a", Size: 1 << 62, Root: root, Time: ckptTime}, 2},
		{"empty log with a root", dossier.Checkpoint{Origin: "a", Size: 0, Root: root, Time: ckptTime}, 3},
		{"empty log with a zero root", dossier.Checkpoint{Origin: "a", Size: 0, Time: ckptTime}, 3},
		{"zero time", dossier.Checkpoint{Origin: "a", Size: 0, Root: empty}, 4},
		{"year 10000", dossier.Checkpoint{Origin: "a", Size: 0, Root: empty, Time: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}, 4},
		{"year 0", dossier.Checkpoint{Origin: "a", Size: 0, Root: empty, Time: time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC)}, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dossier.SignCheckpoint(tt.c, k)
			require.ErrorIs(t, err, dossier.ErrCheckpoint)
			var ce *dossier.CheckpointError
			require.ErrorAs(t, err, &ce)
			assert.Equal(t, tt.line, ce.Line)
			assert.False(t, ce.Verified)
		})
	}
}

func TestCheckpointProofs(t *testing.T) {
	ctx := t.Context()
	k := ckptKey(t, ckptOrigin, 1)
	l := new(dossier.MemLog)
	leaves := merkleLeaves(300)
	// An inspector keeps every checkpoint the agency publishes as the log grows.
	var kept []dossier.Checkpoint
	for i, n := range []int{0, 1, 2, 7, 100, 300} {
		_, err := l.Append(leaves[l.Size():n]...)
		require.NoError(t, err)
		signed, err := dossier.SignCheckpoint(ckptOf(t, l, l.Size(), ckptTime.Add(time.Duration(i)*time.Hour)), k)
		require.NoError(t, err)
		c, err := dossier.OpenCheckpoint(signed, k.Verifier())
		require.NoError(t, err)
		kept = append(kept, c)
	}
	for i, older := range kept {
		for _, newer := range kept[i:] {
			t.Run(fmt.Sprintf("extends %d-%d", older.Size, newer.Size), func(t *testing.T) {
				p, err := dossier.ProveConsistency(ctx, l, older.Size, newer.Size)
				require.NoError(t, err)
				require.NoError(t, dossier.VerifyExtends(older, newer, p))
				if older.Size < newer.Size {
					require.ErrorIs(t, dossier.VerifyExtends(newer, older, p), dossier.ErrProof, "reversed")
				}
				renamed := newer
				renamed.Origin = "another.example/log"
				require.ErrorIs(t, dossier.VerifyExtends(older, renamed, p), dossier.ErrProof, "origin")
				if older.Size > 0 {
					forked := newer
					forked.Root[0] ^= 1
					require.ErrorIs(t, dossier.VerifyExtends(older, forked, p), dossier.ErrProof, "fork")
				}
			})
		}
		if older.Size == 0 {
			continue
		}
		t.Run(fmt.Sprintf("inclusion in %d", older.Size), func(t *testing.T) {
			for _, i := range []int64{0, older.Size / 2, older.Size - 1} {
				p, err := dossier.ProveInclusion(ctx, l, older.Size, i)
				require.NoError(t, err)
				require.NoError(t, older.VerifyInclusion(p, leaves[i]))
				require.ErrorIs(t, older.VerifyInclusion(p, leaves[(i+1)%int64(len(leaves))]), dossier.ErrProof)
				if bigger := kept[len(kept)-1]; bigger.Size != older.Size {
					require.ErrorIs(t, bigger.VerifyInclusion(p, leaves[i]), dossier.ErrProof, "size mismatch")
				}
			}
		})
	}
	t.Run("proof sizes differ from the checkpoints", func(t *testing.T) {
		p, err := dossier.ProveConsistency(ctx, l, 7, 100)
		require.NoError(t, err)
		err = dossier.VerifyExtends(kept[2], kept[4], p)
		var pe *dossier.ProofError
		require.ErrorAs(t, err, &pe)
		assert.Contains(t, pe.Why, "2 and 100")
	})
}

func TestCheckpointTimestamp(t *testing.T) {
	k := ckptKey(t, ckptOrigin, 1)
	signed, err := dossier.SignCheckpoint(ckptOf(t, new(dossier.MemLog), 0, ckptTime), k)
	require.NoError(t, err)
	var got []byte
	ts := func(_ context.Context, digest []byte) ([]byte, error) {
		got = digest
		return []byte("token"), nil
	}
	token, err := dossier.TimestampCheckpoint(t.Context(), signed, ts)
	require.NoError(t, err)
	assert.Equal(t, []byte("token"), token)
	want := sha256.Sum256(signed)
	assert.Equal(t, want[:], got)

	tests := []struct {
		name string
		ctx  func() context.Context
		ts   dossier.TimestampFunc
		is   error
	}{
		{"no function", t.Context, nil, nil},
		{"authority fails", t.Context, func(context.Context, []byte) ([]byte, error) { return nil, io.ErrUnexpectedEOF }, io.ErrUnexpectedEOF},
		{"empty token", t.Context, func(context.Context, []byte) ([]byte, error) { return nil, nil }, nil},
		{"canceled", func() context.Context {
			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			return ctx
		}, ts, context.Canceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dossier.TimestampCheckpoint(tt.ctx(), signed, tt.ts)
			require.Error(t, err)
			if tt.is != nil {
				require.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func FuzzOpenCheckpoint(f *testing.F) {
	k := ckptKey(f, ckptOrigin, 1)
	l := merkleLog(f, merkleLeaves(9))
	for _, c := range []dossier.Checkpoint{
		ckptOf(f, l, 0, ckptTime),
		ckptOf(f, l, 9, ckptTime.Add(123*time.Millisecond)),
		{Origin: "Sở Tư pháp", Size: 1, Root: ckptOf(f, l, 1, ckptTime).Root, Time: ckptTime},
	} {
		signed, err := dossier.SignCheckpoint(c, k)
		require.NoError(f, err)
		f.Add(signed)
		w, err := dossier.SignCheckpoint(c, ckptKey(f, "witness", 2))
		require.NoError(f, err)
		f.Add(append(bytes.Clone(signed), w[len(ckptBody(w))+1:]...))
		f.Add(w)
	}
	f.Add([]byte("motcua.example/log\n1\nAAAA\n\n— motcua.example/log AAAAAAAA\n"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, signed []byte) {
		if len(signed) > 64<<10 {
			return
		}
		c, err := dossier.OpenCheckpoint(signed, k.Verifier())
		if err != nil {
			require.ErrorIs(t, err, dossier.ErrCheckpoint)
			return
		}
		again, err := dossier.SignCheckpoint(c, k)
		require.NoError(t, err, "an opened checkpoint signs again")
		require.Equal(t, string(ckptBody(signed)), string(ckptBody(again)), "to the same body")
	})
}

func BenchmarkLogCheckpoint(b *testing.B) {
	ctx := context.Background()
	l := merkleMillion()
	k := ckptKey(b, ckptOrigin, 1)
	size := l.Size()
	b.ReportAllocs()
	for b.Loop() {
		root, err := dossier.TreeHash(ctx, size, l)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: ckptOrigin, Size: size, Root: root, Time: ckptTime}, k); err != nil {
			b.Fatal(err)
		}
	}
}
