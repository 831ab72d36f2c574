package signing

import (
	"bytes"
	"encoding/asn1"
	"math/big"
	"slices"
)

// The CMS a signature writes is a handful of fixed structures around a
// few byte strings, built here by appending DER (X.690) directly:
// encoding/asn1's reflection took a tenth of a signature's fixed cost. The
// bytes are those asn1.Marshal writes for the same structures (a test
// compares them).

const (
	derInteger     = 0x02
	derOctetString = 0x04
	derNull        = 0x05
	derOID         = 0x06
	derSequence    = 0x30
	derSet         = 0x31
	derContext0    = 0xA0 // [0], constructed
	derContext1    = 0xA1 // [1], constructed
)

// appendDER appends the TLV of tag over the concatenation of parts.
func appendDER(b []byte, tag byte, parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	b = append(b, tag)
	b = appendDERLength(b, n)
	for _, p := range parts {
		b = append(b, p...)
	}
	return b
}

// appendDERHeader appends the tag and length of a TLV of n content
// bytes, which the caller appends next.
func appendDERHeader(b []byte, tag byte, n int) []byte {
	return appendDERLength(append(b, tag), n)
}

// derSize returns the size of a TLV of n content bytes.
func derSize(n int) int {
	if n < 0x80 {
		return 2 + n
	}
	k := 0
	for m := n; m > 0; m >>= 8 {
		k++
	}
	return 2 + k + n
}

// der returns the TLV of tag over the concatenation of parts.
func der(tag byte, parts ...[]byte) []byte { return appendDER(nil, tag, parts...) }

func appendDERLength(b []byte, n int) []byte {
	if n < 0x80 {
		return append(b, byte(n))
	}
	k := 0
	for m := n; m > 0; m >>= 8 {
		k++
	}
	b = append(b, 0x80|byte(k))
	for i := k - 1; i >= 0; i-- {
		b = append(b, byte(n>>(8*i)))
	}
	return b
}

// derOf returns the DER of an object identifier, or of another value
// through encoding/asn1 (nil if it does not marshal).
func derOf(v any) []byte {
	if oid, ok := v.(asn1.ObjectIdentifier); ok {
		for _, k := range knownOIDs {
			if k.oid.Equal(oid) {
				return k.der
			}
		}
	}
	return derOfUncached(v)
}

// knownOID is an object identifier the CMS writes, with its DER and the
// DER of an AlgorithmIdentifier of it without parameters, encoded once.
// The slices are shared: callers use them as parts, never append to them
// (they are clipped, so an append would copy).
type knownOID struct {
	oid      asn1.ObjectIdentifier
	der, alg []byte
}

var knownOIDs = func() []knownOID {
	var ks []knownOID
	for _, oid := range []asn1.ObjectIdentifier{oidData, oidSignedData, oidAttrContentType, oidAttrMessageDigest,
		oidAttrSigningCertV2, oidAttrTimestampToken, oidSHA256, oidSHA384, oidSHA512, oidSHA1,
		oidECDSAWithSHA256, oidECDSAWithSHA384, oidECDSAWithSHA512, oidRSAEncryption,
		oidSHA256WithRSA, oidSHA384WithRSA, oidSHA512WithRSA, oidSHA1WithRSA} {
		d := derOfUncached(oid)
		ks = append(ks, knownOID{oid: oid, der: slices.Clip(d), alg: slices.Clip(der(derSequence, d))})
	}
	return ks
}()

func derOfUncached(v any) []byte {
	if oid, ok := v.(asn1.ObjectIdentifier); ok && len(oid) >= 2 && oid[0] <= 2 && (oid[0] == 2 || oid[1] < 40) && !slices.ContainsFunc(oid, func(n int) bool { return n < 0 }) {
		// X.690 8.19: the first two arcs in one subidentifier, each
		// subidentifier base 128, high bit set on all bytes but the last.
		var body []byte
		body = appendBase128(body, oid[0]*40+oid[1])
		for _, n := range oid[2:] {
			body = appendBase128(body, n)
		}
		return der(derOID, body)
	}
	b, err := asn1.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

func appendBase128(b []byte, n int) []byte {
	k := 1
	for m := n >> 7; m > 0; m >>= 7 {
		k++
	}
	for i := k - 1; i >= 0; i-- {
		c := byte(n>>(7*i)) & 0x7F
		if i > 0 {
			c |= 0x80
		}
		b = append(b, c)
	}
	return b
}

// derBigInt returns the DER INTEGER of n (a certificate serial number).
func derBigInt(n *big.Int) []byte {
	if n == nil || n.Sign() < 0 {
		return derOf(n) // rare enough for encoding/asn1's general case
	}
	m := n.Bytes()
	if len(m) == 0 || m[0]&0x80 != 0 {
		m = append([]byte{0}, m...)
	}
	return der(derInteger, m)
}

// derSmallInt returns the DER INTEGER of 0 <= v < 128.
func derSmallInt(v byte) []byte { return []byte{derInteger, 1, v} }

// derAlgorithm returns an AlgorithmIdentifier without parameters.
func derAlgorithm(oid asn1.ObjectIdentifier) []byte {
	for _, k := range knownOIDs {
		if k.oid.Equal(oid) {
			return k.alg
		}
	}
	return der(derSequence, derOf(oid))
}

// derSetOf returns the DER content octets of a SET OF the given encodings
// (sorted, as DER requires).
func derSetOf(elems [][]byte) []byte {
	s := slices.Clone(elems)
	slices.SortFunc(s, bytes.Compare)
	return bytes.Join(s, nil)
}
