package signing

import (
	"bytes"
	"cmp"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"slices"

	"github.com/motcua/motcua/signing/internal/ber"
)

// CMS (RFC 5652) SignedData as PAdES needs it, built and parsed with
// encoding/asn1. Built here rather than with a PKCS#7 package because the
// PDF digest is computed while streaming the file: the content itself is
// never held in memory, and the signed attributes are exactly those PAdES
// (ETSI EN 319 142-1, ETSI.CAdES.detached) asks for.

var (
	oidData                 = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidSignedData           = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 2}
	oidTSTInfo              = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 1, 4}
	oidAttrContentType      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 3}
	oidAttrMessageDigest    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 4}
	oidAttrSigningCertV2    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 47}
	oidAttrTimestampToken   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 16, 2, 14}
	oidSHA1                 = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512               = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidSHA1WithRSA          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 5}
	oidSHA256WithRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 11}
	oidSHA384WithRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 12}
	oidSHA512WithRSA        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 13}
	oidECPublicKey          = asn1.ObjectIdentifier{1, 2, 840, 10045, 2, 1}
	oidECDSAWithSHA256      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512      = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	asn1Null                = asn1.RawValue{Tag: asn1.TagNull}
	errUnsupportedAlgorithm = errors.New("unsupported algorithm")
	errDigestMismatch       = errors.New("message digest does not match the signed bytes")
	errSignatureValue       = errors.New("signature value")
)

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"explicit,optional,tag:0"`
}

type signedData struct {
	Version          int
	DigestAlgorithms []pkix.AlgorithmIdentifier `asn1:"set"`
	EncapContentInfo contentInfo
	Certificates     asn1.RawValue `asn1:"optional,tag:0"`
	CRLs             asn1.RawValue `asn1:"optional,tag:1"`
	SignerInfos      []signerInfo  `asn1:"set"`
}

type issuerAndSerial struct {
	Issuer asn1.RawValue
	Serial *big.Int
}

type signerInfo struct {
	Version            int
	SID                issuerAndSerial
	DigestAlgorithm    pkix.AlgorithmIdentifier
	SignedAttrs        asn1.RawValue `asn1:"optional,tag:0"`
	SignatureAlgorithm pkix.AlgorithmIdentifier
	Signature          []byte
	UnsignedAttrs      asn1.RawValue `asn1:"optional,tag:1"`
}

type attribute struct {
	Type   asn1.ObjectIdentifier
	Values asn1.RawValue // a SET
}

func hashOID(h crypto.Hash) asn1.ObjectIdentifier {
	switch h {
	case crypto.SHA384:
		return oidSHA384
	case crypto.SHA512:
		return oidSHA512
	}
	return oidSHA256
}

func hashFromOID(oid asn1.ObjectIdentifier) (crypto.Hash, bool) {
	switch {
	case oid.Equal(oidSHA256):
		return crypto.SHA256, true
	case oid.Equal(oidSHA384):
		return crypto.SHA384, true
	case oid.Equal(oidSHA512):
		return crypto.SHA512, true
	case oid.Equal(oidSHA1):
		return crypto.SHA1, true
	}
	return 0, false
}

// digestFor picks the digest that matches the key's strength.
func digestFor(pub crypto.PublicKey) crypto.Hash {
	if k, ok := pub.(*ecdsa.PublicKey); ok {
		switch k.Curve {
		case elliptic.P384():
			return crypto.SHA384
		case elliptic.P521():
			return crypto.SHA512
		}
	}
	return crypto.SHA256
}

func signatureAlgorithm(pub crypto.PublicKey, h crypto.Hash) (pkix.AlgorithmIdentifier, error) {
	switch pub.(type) {
	case *rsa.PublicKey:
		return pkix.AlgorithmIdentifier{Algorithm: oidRSAEncryption, Parameters: asn1Null}, nil
	case *ecdsa.PublicKey:
		switch h {
		case crypto.SHA256:
			return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA256}, nil
		case crypto.SHA384:
			return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA384}, nil
		case crypto.SHA512:
			return pkix.AlgorithmIdentifier{Algorithm: oidECDSAWithSHA512}, nil
		}
	}
	return pkix.AlgorithmIdentifier{}, errUnsupportedAlgorithm
}

// x509Algorithm maps a CMS signature algorithm and digest to the x509 one
// used to check the signature.
func x509Algorithm(sig, digest asn1.ObjectIdentifier) (x509.SignatureAlgorithm, error) {
	h, ok := hashFromOID(digest)
	if !ok {
		return x509.UnknownSignatureAlgorithm, errUnsupportedAlgorithm
	}
	switch {
	case sig.Equal(oidRSAEncryption), sig.Equal(oidSHA1WithRSA), sig.Equal(oidSHA256WithRSA),
		sig.Equal(oidSHA384WithRSA), sig.Equal(oidSHA512WithRSA):
		switch h {
		case crypto.SHA256:
			return x509.SHA256WithRSA, nil
		case crypto.SHA384:
			return x509.SHA384WithRSA, nil
		case crypto.SHA512:
			return x509.SHA512WithRSA, nil
		case crypto.SHA1:
			return x509.SHA1WithRSA, nil
		}
	case sig.Equal(oidECPublicKey), sig.Equal(oidECDSAWithSHA256), sig.Equal(oidECDSAWithSHA384), sig.Equal(oidECDSAWithSHA512):
		switch h {
		case crypto.SHA256:
			return x509.ECDSAWithSHA256, nil
		case crypto.SHA384:
			return x509.ECDSAWithSHA384, nil
		case crypto.SHA512:
			return x509.ECDSAWithSHA512, nil
		case crypto.SHA1:
			return x509.ECDSAWithSHA1, nil
		}
	}
	return x509.UnknownSignatureAlgorithm, errUnsupportedAlgorithm
}

// derAttribute returns an Attribute: its type and the SET of one value
// (DER).
func derAttribute(oid asn1.ObjectIdentifier, value []byte) []byte {
	return der(derSequence, derOf(oid), der(derSet, value))
}

// cmsSigner holds what is needed to build one SignedData.
type cmsSigner struct {
	key   crypto.Signer
	chain []*x509.Certificate // leaf first
	hash  crypto.Hash
}

// signedAttributes builds the DER content of the signed attributes.
func (c *cmsSigner) signedAttributes(digest []byte) ([]byte, error) {
	ct := derAttribute(oidAttrContentType, derOf(oidData))
	md := derAttribute(oidAttrMessageDigest, der(derOctetString, digest))
	// ESS signing-certificate-v2 (RFC 5035): binds the certificate to the
	// signature, as PAdES requires. SigningCertificateV2 is a SEQUENCE
	// of a SEQUENCE OF ESSCertIDv2, each the hash algorithm (absent for
	// the default SHA-256) and the certificate's hash.
	h := c.hash.New()
	h.Write(c.chain[0].Raw)
	var alg []byte
	if c.hash != crypto.SHA256 {
		alg = derAlgorithm(hashOID(c.hash))
	}
	id := der(derSequence, alg, der(derOctetString, h.Sum(nil)))
	sc := derAttribute(oidAttrSigningCertV2, der(derSequence, der(derSequence, id)))
	return derSetOf([][]byte{ct, md, sc}), nil
}

// attrsDigest returns the digest a signer signs: the hash of the DER
// SET OF the signed attributes (RFC 5652 section 5.4).
func (c *cmsSigner) attrsDigest(attrs []byte) ([]byte, error) {
	h := c.hash.New()
	h.Write(der(derSet, attrs))
	return h.Sum(nil), nil
}

// sign returns the SignerInfo signature value over the signed attributes.
func (c *cmsSigner) sign(attrs []byte) ([]byte, error) { return c.signWith(c.key, attrs) }

// signWith signs the signed attributes with key.
func (c *cmsSigner) signWith(key crypto.Signer, attrs []byte) ([]byte, error) {
	d, err := c.attrsDigest(attrs)
	if err != nil {
		return nil, err
	}
	sig, err := key.Sign(rand.Reader, d, c.hash)
	if err != nil {
		return nil, fmt.Errorf("%w: sign: %w", ErrKey, err)
	}
	return sig, nil
}

// assemble builds the DER ContentInfo. tsToken, if not nil, is added as the
// signature-time-stamp unsigned attribute.
func (c *cmsSigner) assemble(attrs, sig, tsToken []byte) ([]byte, error) {
	leaf := c.chain[0]
	sigAlg, err := signatureAlgorithm(leaf.PublicKey, c.hash)
	if err != nil {
		return nil, err
	}
	sigAlgDER := derAlgorithm(sigAlg.Algorithm)
	if sigAlg.Parameters.Tag == asn1.TagNull {
		sigAlgDER = der(derSequence, derOf(sigAlg.Algorithm), []byte{derNull, 0})
	}
	digestAlg := derAlgorithm(hashOID(c.hash))
	var unsigned []byte
	if tsToken != nil {
		unsigned = der(derContext1, derAttribute(oidAttrTimestampToken, tsToken))
	}
	// Written front to back into one buffer of the exact size, the
	// lengths counted first: the certificates are copied once, not once
	// per enclosing structure.
	version := derSmallInt(1)
	sid := der(derSequence, leaf.RawIssuer, derBigInt(leaf.SerialNumber))
	siLen := len(version) + len(sid) + len(digestAlg) + derSize(len(attrs)) + len(sigAlgDER) + derSize(len(sig)) + len(unsigned)
	certsLen := 0
	for _, crt := range c.chain {
		certsLen += len(crt.Raw)
	}
	dataOID, signedDataOID := derOf(oidData), derOf(oidSignedData)
	sdLen := len(version) + derSize(len(digestAlg)) + derSize(len(dataOID)) + derSize(certsLen) + derSize(derSize(siLen))
	ciLen := len(signedDataOID) + derSize(derSize(sdLen))
	b := make([]byte, 0, derSize(ciLen))
	b = appendDERHeader(b, derSequence, ciLen)
	b = append(b, signedDataOID...)
	b = appendDERHeader(b, derContext0, derSize(sdLen))
	b = appendDERHeader(b, derSequence, sdLen)
	b = append(b, version...)
	b = appendDER(b, derSet, digestAlg)
	b = appendDER(b, derSequence, dataOID)
	b = appendDERHeader(b, derContext0, certsLen)
	for _, crt := range c.chain {
		b = append(b, crt.Raw...)
	}
	b = appendDERHeader(b, derSet, derSize(siLen))
	b = appendDERHeader(b, derSequence, siLen)
	b = append(b, version...)
	b = append(b, sid...)
	b = append(b, digestAlg...)
	b = appendDER(b, derContext0, attrs)
	b = append(b, sigAlgDER...)
	b = appendDER(b, derOctetString, sig)
	b = append(b, unsigned...)
	return b, nil
}

// parsed returns what parseCMSKnown reads, with the chain as known
// certificates, from the CMS that assemble(attrs, sig, tsToken) writes,
// without reading it: digest is the message digest attrs hold. The
// self-check takes it for the CMS it finds in the output when that CMS is,
// byte for byte, the one assemble wrote; a test holds the two to each
// other.
func (c *cmsSigner) parsed(attrs, digest, sig, tsToken []byte) *parsedCMS {
	sigAlg, _ := signatureAlgorithm(c.chain[0].PublicKey, c.hash) // assemble refused an unsupported key
	return &parsedCMS{
		Certificates: slices.Clone(c.chain),
		Signer:       c.chain[0],
		Hash:         c.hash,
		DigestOID:    hashOID(c.hash),
		SigAlg:       sigAlg.Algorithm,
		Signature:    sig,
		SignedAttrs:  der(derSet, attrs),
		Digest:       digest,
		ContentType:  oidData,
		TSToken:      tsToken,
	}
}

// sizeEstimate is an upper bound of the DER size of the SignedData without
// a timestamp token.
func (c *cmsSigner) sizeEstimate() int {
	n := 1024 // structure, OIDs, attributes
	for _, crt := range c.chain {
		n += len(crt.Raw) + 8
	}
	switch k := c.chain[0].PublicKey.(type) {
	case *rsa.PublicKey:
		n += k.Size() + 8
	case *ecdsa.PublicKey:
		n += 2*((k.Curve.Params().BitSize+7)/8+1) + 16
	default:
		n += 1024
	}
	return n
}

// parsedCMS is the part of a CMS SignedData that signature checks need.
type parsedCMS struct {
	Certificates []*x509.Certificate
	Signer       *x509.Certificate // nil when not among Certificates
	Hash         crypto.Hash
	DigestOID    asn1.ObjectIdentifier
	SigAlg       asn1.ObjectIdentifier
	Signature    []byte
	SignedAttrs  []byte // DER of the SET OF, as signed (tag 0x31)
	Digest       []byte // the messageDigest attribute
	ContentType  asn1.ObjectIdentifier
	Content      []byte   // encapsulated content, when present (TSTInfo)
	TSToken      []byte   // signature-time-stamp unsigned attribute, if any
	CRLs         [][]byte // the SignedData's CRLs (DER CertificateList)
}

// parseCMS parses a ContentInfo holding a SignedData with one signer. CMS
// may be BER (RFC 5652 section 1.2: indefinite lengths, constructed
// strings, as NSS and OpenSSL's streaming mode write it): an encoding Go's
// DER parser refuses is converted to DER first. The signed attributes are
// then their DER encoding, which is what the signature covers (RFC 5652
// section 5.4), and must hold exactly one content-type attribute equal to
// the encapsulated content type and exactly one message digest (section
// 11.1 and 11.2).
func parseCMS(der []byte) (*parsedCMS, error) { return parseCMSKnown(der, nil) }

// parseCMSKnown is parseCMS where a certificate whose DER is that of one
// of known is that certificate, not parsed again.
func parseCMSKnown(der []byte, known []*x509.Certificate) (*parsedCMS, error) {
	var ci contentInfo
	rest, err := asn1.Unmarshal(der, &ci)
	if err != nil {
		conv, n, berErr := ber.ToDER(der)
		if berErr != nil {
			return nil, fmt.Errorf("parse CMS: %w", err)
		}
		if rest, err = asn1.Unmarshal(conv, &ci); err != nil || len(rest) > 0 {
			return nil, fmt.Errorf("parse CMS (BER): %w", cmp.Or(err, errors.New("trailing data")))
		}
		rest = der[n:]
	}
	if !ci.ContentType.Equal(oidSignedData) {
		return nil, errors.New("CMS is not SignedData")
	}
	// Anything after the encoding is padding; PDF /Contents is zero-padded.
	for _, b := range rest {
		if b != 0 {
			return nil, errors.New("trailing data after CMS")
		}
	}
	var sd signedData
	if _, err := asn1.Unmarshal(ci.Content.Bytes, &sd); err != nil {
		return nil, fmt.Errorf("parse SignedData: %w", err)
	}
	if len(sd.SignerInfos) != 1 {
		return nil, fmt.Errorf("CMS has %d signers, want 1", len(sd.SignerInfos))
	}
	p := &parsedCMS{ContentType: sd.EncapContentInfo.ContentType}
	if len(sd.EncapContentInfo.Content.Bytes) > 0 {
		var octets []byte
		if _, err := asn1.Unmarshal(sd.EncapContentInfo.Content.Bytes, &octets); err != nil {
			return nil, fmt.Errorf("parse encapsulated content: %w", err)
		}
		p.Content = octets
	}
	if len(sd.Certificates.Bytes) > 0 {
		certs, err := parseCertificates(sd.Certificates.Bytes, known)
		if err != nil {
			return nil, fmt.Errorf("parse certificates: %w", err)
		}
		p.Certificates = certs
	}
	for rest := sd.CRLs.Bytes; len(rest) > 0 && len(p.CRLs) < maxEmbeddedItems; {
		var c asn1.RawValue
		if rest, err = asn1.Unmarshal(rest, &c); err != nil {
			break
		}
		if c.Class == asn1.ClassUniversal && c.Tag == asn1.TagSequence {
			p.CRLs = append(p.CRLs, c.FullBytes)
		}
	}
	si := sd.SignerInfos[0]
	for _, crt := range p.Certificates {
		if bytes.Equal(crt.RawIssuer, si.SID.Issuer.FullBytes) && si.SID.Serial != nil && crt.SerialNumber.Cmp(si.SID.Serial) == 0 {
			p.Signer = crt
			break
		}
	}
	h, ok := hashFromOID(si.DigestAlgorithm.Algorithm)
	if !ok {
		return nil, fmt.Errorf("digest algorithm %v: %w", si.DigestAlgorithm.Algorithm, errUnsupportedAlgorithm)
	}
	p.Hash, p.DigestOID, p.SigAlg, p.Signature = h, si.DigestAlgorithm.Algorithm, si.SignatureAlgorithm.Algorithm, si.Signature
	if len(si.SignedAttrs.FullBytes) > 0 {
		p.SignedAttrs = slices.Clone(si.SignedAttrs.FullBytes)
		p.SignedAttrs[0] = 0x31 // [0] IMPLICIT -> SET OF, as signed
		attrs, err := parseAttributes(si.SignedAttrs.Bytes)
		if err != nil {
			return nil, err
		}
		if err := p.readSignedAttributes(attrs); err != nil {
			return nil, err
		}
	}
	if len(si.UnsignedAttrs.Bytes) > 0 {
		attrs, err := parseAttributes(si.UnsignedAttrs.Bytes)
		if err != nil {
			return nil, err
		}
		for _, a := range attrs {
			if a.Type.Equal(oidAttrTimestampToken) {
				var tok asn1.RawValue
				if _, err := asn1.Unmarshal(a.Values.Bytes, &tok); err != nil {
					return nil, fmt.Errorf("parse timestamp token: %w", err)
				}
				p.TSToken = tok.FullBytes
			}
		}
	}
	return p, nil
}

// parseCertificates is x509.ParseCertificates, taking a certificate of
// known for DER equal to its own.
func parseCertificates(der []byte, known []*x509.Certificate) ([]*x509.Certificate, error) {
	if len(known) == 0 {
		return x509.ParseCertificates(der)
	}
	var out []*x509.Certificate
	for rest := der; len(rest) > 0; {
		var raw asn1.RawValue
		next, err := asn1.Unmarshal(rest, &raw)
		if err != nil {
			// Whatever this is, the parser says what is wrong with it.
			return x509.ParseCertificates(der)
		}
		i := slices.IndexFunc(known, func(c *x509.Certificate) bool { return bytes.Equal(c.Raw, raw.FullBytes) })
		if i < 0 {
			c, err := x509.ParseCertificate(raw.FullBytes)
			if err != nil {
				return nil, err
			}
			out = append(out, c)
		} else {
			out = append(out, known[i])
		}
		rest = next
	}
	return out, nil
}

// readSignedAttributes checks the signed attributes as RFC 5652 section
// 5.3 and 11 require and keeps the message digest.
func (p *parsedCMS) readSignedAttributes(attrs []attribute) error {
	var contentType, digest int
	for _, a := range attrs {
		switch {
		case a.Type.Equal(oidAttrContentType):
			contentType++
			var ct asn1.ObjectIdentifier
			if rest, err := asn1.Unmarshal(a.Values.Bytes, &ct); err != nil || len(rest) > 0 {
				return errors.New("the content-type attribute does not hold one object identifier")
			}
			if !ct.Equal(p.ContentType) {
				return fmt.Errorf("the content-type attribute %v is not the encapsulated content type %v", ct, p.ContentType)
			}
		case a.Type.Equal(oidAttrMessageDigest):
			digest++
			if rest, err := asn1.Unmarshal(a.Values.Bytes, &p.Digest); err != nil || len(rest) > 0 {
				return errors.New("the message-digest attribute does not hold one octet string")
			}
		}
	}
	switch {
	case contentType != 1:
		return fmt.Errorf("%d content-type attributes among the signed attributes, want 1", contentType)
	case digest != 1:
		return fmt.Errorf("%d message-digest attributes among the signed attributes, want 1", digest)
	}
	return nil
}

func parseAttributes(b []byte) ([]attribute, error) {
	var out []attribute
	for len(b) > 0 {
		var a attribute
		rest, err := asn1.Unmarshal(b, &a)
		if err != nil {
			return nil, fmt.Errorf("parse attribute: %w", err)
		}
		out = append(out, a)
		b = rest
	}
	return out, nil
}

// verifySignature checks the signer's signature over the signed attributes
// and that the messageDigest attribute equals digest.
func (p *parsedCMS) verifySignature(digest []byte) error {
	if p.Signer == nil {
		return errors.New("signer certificate not in CMS")
	}
	if p.SignedAttrs == nil {
		return errors.New("CMS has no signed attributes")
	}
	if !bytes.Equal(p.Digest, digest) {
		return errDigestMismatch
	}
	alg, err := x509Algorithm(p.SigAlg, p.DigestOID)
	if err != nil {
		return err
	}
	if err := p.Signer.CheckSignature(alg, p.SignedAttrs, p.Signature); err != nil {
		return fmt.Errorf("%w: %w", errSignatureValue, err)
	}
	return nil
}
