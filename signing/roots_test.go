package signing_test

import (
	"bytes"
	"encoding/pem"
	"testing"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestLoadRoots(t *testing.T) {
	old, now := newCA(t), newCA(t)
	leaf, err := now.Issue("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)
	pemOf := func(der []byte) []byte { return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}) }
	tests := []struct {
		name string
		in   [][]byte
		ok   bool
	}{
		{"two-roots-in-one-pem", [][]byte{append(pemOf(old.Cert.Raw), pemOf(now.Cert.Raw)...)}, true},
		{"pem-and-der", [][]byte{pemOf(old.Cert.Raw), now.Cert.Raw}, true},
		{"nothing", nil, false},
		{"a-signers-certificate", [][]byte{pemOf(leaf.Cert.Raw)}, false},
		{"garbage", [][]byte{[]byte("not a certificate")}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pool, err := signing.LoadRoots(tc.in...)
			if !tc.ok {
				var re *signing.RootError
				require.ErrorAs(t, err, &re)
				require.ErrorIs(t, err, signing.ErrOptions)
				assert.Nil(t, pool)
				return
			}
			require.NoError(t, err)
			s, err := signing.NewSigner(leaf.Key, leaf.Chain)
			require.NoError(t, err)
			doc := mustSign(t, samplePDF(t, signingtest.PDFOptions{}), s, signing.Options{Time: testNow})
			rep, err := signing.Verify(t.Context(), bytes.NewReader(doc), int64(len(doc)), signing.Policy{Roots: pool})
			require.NoError(t, err)
			assert.Equal(t, signing.StatusValid, rep.Status)
		})
	}
}
