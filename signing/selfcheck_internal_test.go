package signing

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"math/big"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The self-check takes what it knows of the CMS it wrote only for
// /Contents holding exactly those bytes, then zeros; anything else is
// parsed, and the parser says what is wrong with it.
func TestReuseParseCMS(t *testing.T) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	leaf := selfSigned(t, key, big.NewInt(9), "Trần Văn Nghĩa")
	c := &cmsSigner{chain: []*x509.Certificate{leaf}, hash: digestFor(leaf.PublicKey)}
	digest := make([]byte, 32)
	attrs, err := c.signedAttributes(digest)
	require.NoError(t, err)
	sig, err := c.signWith(key, attrs)
	require.NoError(t, err)
	cms, err := c.assemble(attrs, sig, nil)
	require.NoError(t, err)
	own := &ownCMS{der: cms, p: c.parsed(attrs, digest, sig, nil)}
	ru := &reuse{certs: c.chain, own: own}
	flipped := append([]byte(nil), cms...)
	flipped[len(flipped)-1] ^= 1 // a byte of the signature value
	tests := []struct {
		name     string
		contents []byte
		known    bool // the call's own parse is taken
		err      bool
	}{
		{name: "own", contents: cms, known: true},
		{name: "own-then-zeros", contents: append(append([]byte(nil), cms...), make([]byte, 300)...), known: true},
		{name: "own-then-other-bytes", contents: append(append([]byte(nil), cms...), 0, 0, 7), err: true},
		{name: "a-byte-changed", contents: flipped},
		{name: "cut-short", contents: cms[:len(cms)-1], err: true},
		{name: "empty", contents: nil, err: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := ru.parseCMS(tc.contents)
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			if tc.known {
				assert.Same(t, own.p, p)
				return
			}
			assert.NotSame(t, own.p, p)
			full, err := parseCMSKnown(tc.contents, c.chain)
			require.NoError(t, err)
			assert.Equal(t, full, p, "parsed as the parser parses it")
		})
	}
}
