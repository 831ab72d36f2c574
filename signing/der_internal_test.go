package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"maps"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The CMS built by appending DER is byte for byte what encoding/asn1
// marshals for the same structures (the construction it replaced, kept
// here as the reference).

func asn1Attribute(t *testing.T, oid asn1.ObjectIdentifier, value any) []byte {
	v, err := asn1.Marshal(value)
	require.NoError(t, err)
	b, err := asn1.Marshal(attribute{Type: oid, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}})
	require.NoError(t, err)
	return b
}

func asn1SignedAttributes(t *testing.T, c *cmsSigner, digest []byte) []byte {
	h := c.hash.New()
	h.Write(c.chain[0].Raw)
	type essCertIDv2 struct {
		HashAlgorithm pkix.AlgorithmIdentifier `asn1:"optional"`
		CertHash      []byte
	}
	type signingCertificateV2 struct {
		Certs []essCertIDv2
	}
	id := essCertIDv2{CertHash: h.Sum(nil)}
	if c.hash != crypto.SHA256 {
		id.HashAlgorithm = pkix.AlgorithmIdentifier{Algorithm: hashOID(c.hash)}
	}
	return derSetOf([][]byte{
		asn1Attribute(t, oidAttrContentType, oidData),
		asn1Attribute(t, oidAttrMessageDigest, digest),
		asn1Attribute(t, oidAttrSigningCertV2, signingCertificateV2{Certs: []essCertIDv2{id}}),
	})
}

func asn1Assemble(t *testing.T, c *cmsSigner, attrs, sig, tsToken []byte) []byte {
	leaf := c.chain[0]
	sigAlg, err := signatureAlgorithm(leaf.PublicKey, c.hash)
	require.NoError(t, err)
	var certs []byte
	for _, crt := range c.chain {
		certs = append(certs, crt.Raw...)
	}
	si := signerInfo{
		Version:            1,
		SID:                issuerAndSerial{Issuer: asn1.RawValue{FullBytes: leaf.RawIssuer}, Serial: leaf.SerialNumber},
		DigestAlgorithm:    pkix.AlgorithmIdentifier{Algorithm: hashOID(c.hash)},
		SignedAttrs:        asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: attrs},
		SignatureAlgorithm: sigAlg,
		Signature:          sig,
	}
	if tsToken != nil {
		a, err := asn1.Marshal(attribute{Type: oidAttrTimestampToken, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: tsToken}})
		require.NoError(t, err)
		si.UnsignedAttrs = asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 1, IsCompound: true, Bytes: a}
	}
	sd := signedData{
		Version:          1,
		DigestAlgorithms: []pkix.AlgorithmIdentifier{{Algorithm: hashOID(c.hash)}},
		EncapContentInfo: contentInfo{ContentType: oidData},
		Certificates:     asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: certs},
		SignerInfos:      []signerInfo{si},
	}
	inner, err := asn1.Marshal(sd)
	require.NoError(t, err)
	wrapped, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: inner})
	require.NoError(t, err)
	out, err := asn1.Marshal(contentInfo{ContentType: oidSignedData, Content: asn1.RawValue{FullBytes: wrapped}})
	require.NoError(t, err)
	return out
}

func selfSigned(t *testing.T, key crypto.Signer, serial *big.Int, name string) *x509.Certificate {
	tmpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: name},
		NotBefore: time.Unix(1_700_000_000, 0), NotAfter: time.Unix(1_900_000_000, 0)}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, key.Public(), key)
	require.NoError(t, err)
	c, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	return c
}

func TestDERMatchesEncodingASN1(t *testing.T) {
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	ecKeys := map[string]elliptic.Curve{"p256": elliptic.P256(), "p384": elliptic.P384(), "p521": elliptic.P521()}
	keys := map[string]crypto.Signer{"rsa": rsaKey}
	for n, c := range ecKeys {
		k, err := ecdsa.GenerateKey(c, rand.Reader)
		require.NoError(t, err)
		keys[n] = k
	}
	// A long token takes the long-form lengths (over 127 and 65535
	// bytes) through every enclosing structure.
	bigToken, err := asn1.Marshal(asn1.RawValue{Tag: asn1.TagOctetString, Bytes: make([]byte, 70000)})
	require.NoError(t, err)
	serials := map[string]*big.Int{"small": big.NewInt(7), "high-bit": new(big.Int).SetBytes([]byte{0x80, 1, 2, 3, 4, 5, 6, 7}), "long": new(big.Int).Lsh(big.NewInt(1), 150)}
	for _, kn := range slices.Sorted(maps.Keys(keys)) {
		for sn, serial := range serials {
			for _, tok := range []struct {
				name string
				der  []byte
			}{{"no-token", nil}, {"small-token", []byte{0x30, 3, 2, 1, 5}}, {"big-token", bigToken}} {
				t.Run(kn+"/"+sn+"/"+tok.name, func(t *testing.T) {
					key := keys[kn]
					leaf := selfSigned(t, key, serial, "Trần Văn Nghĩa "+kn)
					issuer := selfSigned(t, key, big.NewInt(1), "issuer")
					c := &cmsSigner{chain: []*x509.Certificate{leaf, issuer}, hash: digestFor(leaf.PublicKey)}
					h := c.hash.New()
					h.Write([]byte(kn))
					digest := h.Sum(nil)
					attrs, err := c.signedAttributes(digest)
					require.NoError(t, err)
					assert.Equal(t, asn1SignedAttributes(t, c, digest), attrs)
					full, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: attrs})
					require.NoError(t, err)
					fh := c.hash.New()
					fh.Write(full)
					d, err := c.attrsDigest(attrs)
					require.NoError(t, err)
					assert.Equal(t, fh.Sum(nil), d)
					sig := make([]byte, 300)
					got, err := c.assemble(attrs, sig, tok.der)
					require.NoError(t, err)
					assert.Equal(t, asn1Assemble(t, c, attrs, sig, tok.der), got)
					p, err := parseCMS(got)
					require.NoError(t, err)
					assert.Equal(t, leaf.Raw, p.Signer.Raw)
					assert.Equal(t, digest, p.Digest)
					// The self-check's reading of its own CMS is the
					// parser's, field for field.
					known, err := parseCMSKnown(got, c.chain)
					require.NoError(t, err)
					assert.Equal(t, known, c.parsed(attrs, digest, sig, tok.der))
				})
			}
		}
	}
}

func TestDERObjectIdentifier(t *testing.T) {
	for _, oid := range []asn1.ObjectIdentifier{oidData, oidSignedData, oidSHA256, oidECDSAWithSHA512, oidAttrSigningCertV2, {2, 999, 3}, {1, 39, 1 << 30}, {0, 0}} {
		want, err := asn1.Marshal(oid)
		require.NoError(t, err)
		assert.Equal(t, want, derOf(oid), "%v", oid)
	}
}

// TestDERKnownOIDs checks the object identifiers encoded once against
// encoding/asn1, alone and as an AlgorithmIdentifier without parameters,
// and that appending to a shared encoding leaves it as it was.
func TestDERKnownOIDs(t *testing.T) {
	require.NotEmpty(t, knownOIDs)
	for _, k := range knownOIDs {
		want, err := asn1.Marshal(k.oid)
		require.NoError(t, err)
		assert.Equal(t, want, derOf(k.oid), "%v", k.oid)
		assert.Equal(t, want, derOf(slices.Clone(k.oid)), "%v (another slice)", k.oid)
		wantAlg, err := asn1.Marshal(pkix.AlgorithmIdentifier{Algorithm: k.oid})
		require.NoError(t, err)
		assert.Equal(t, wantAlg, derAlgorithm(k.oid), "%v", k.oid)
		_ = append(derOf(k.oid), 0xFF)
		_ = append(derAlgorithm(k.oid), 0xFF)
		assert.Equal(t, want, derOf(k.oid), "%v after an append", k.oid)
		assert.Equal(t, wantAlg, derAlgorithm(k.oid), "%v after an append", k.oid)
	}
	// Not among them: encoded each time, the same way.
	other := asn1.ObjectIdentifier{1, 2, 3, 4, 5}
	want, err := asn1.Marshal(other)
	require.NoError(t, err)
	assert.Equal(t, want, derOf(other))
}
