package signing

import (
	"encoding/asn1"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustAttr(t *testing.T, oid asn1.ObjectIdentifier, values ...any) attribute {
	t.Helper()
	var set []byte
	for _, v := range values {
		b, err := asn1.Marshal(v)
		require.NoError(t, err)
		set = append(set, b...)
	}
	return attribute{Type: oid, Values: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: set}}
}

// TestReadSignedAttributes: RFC 5652 section 5.3 and 11 — one content-type
// attribute equal to the encapsulated content type, one message digest.
func TestReadSignedAttributes(t *testing.T) {
	digest := []byte{1, 2, 3}
	ct := mustAttr(t, oidAttrContentType, oidData)
	md := mustAttr(t, oidAttrMessageDigest, digest)
	tests := []struct {
		name  string
		attrs []attribute
		ok    bool
	}{
		{"content-type-and-digest", []attribute{ct, md}, true},
		{"no-content-type", []attribute{md}, false},
		{"content-type-of-another-content", []attribute{mustAttr(t, oidAttrContentType, oidTSTInfo), md}, false},
		{"two-content-types", []attribute{ct, ct, md}, false},
		{"no-digest", []attribute{ct}, false},
		{"two-digests", []attribute{ct, md, md}, false},
		{"digest-with-two-values", []attribute{ct, mustAttr(t, oidAttrMessageDigest, digest, digest)}, false},
		{"content-type-not-an-oid", []attribute{mustAttr(t, oidAttrContentType, 5), md}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &parsedCMS{ContentType: oidData}
			err := p.readSignedAttributes(tc.attrs)
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, digest, p.Digest)
				return
			}
			require.Error(t, err)
		})
	}
}
