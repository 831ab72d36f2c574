// Package pkcs12 reads and writes the PKCS#12 (RFC 7292) files OpenSSL 3
// writes by default: keys and certificates encrypted with PBES2 (PBKDF2
// with HMAC-SHA-1 or SHA-2, AES-CBC) and an HMAC-SHA-1 or SHA-2 integrity
// MAC. The legacy algorithms (3DES, RC2) are left to
// golang.org/x/crypto/pkcs12: Decode answers [ErrLegacy] for them.
package pkcs12

import (
	"bytes"
	"crypto"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"hash"
	"io"
	"unicode/utf16"
)

var (
	// ErrLegacy means the file uses a legacy PKCS#12 algorithm (3DES, RC2,
	// RC4): read it with golang.org/x/crypto/pkcs12.
	ErrLegacy = errors.New("pkcs12: legacy algorithm")
	// ErrPassword means the MAC does not match: a wrong password, or a
	// damaged file.
	ErrPassword = errors.New("pkcs12: wrong password or damaged file")
	// ErrMalformed means the data is not a PKCS#12 file this package
	// understands.
	ErrMalformed = errors.New("pkcs12: malformed file")
)

// AlgorithmError names an algorithm the file uses that Decode does not
// implement.
type AlgorithmError struct {
	OID   asn1.ObjectIdentifier
	Usage string // "MAC", "encryption", "key derivation", "pseudo-random function"
}

func (e *AlgorithmError) Error() string {
	return fmt.Sprintf("pkcs12: unsupported %s algorithm %s", e.Usage, e.OID)
}

var (
	oidData          = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 1}
	oidEncryptedData = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 7, 6}
	oidKeyBag        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 1}
	oidShroudedKey   = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 2}
	oidCertBag       = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 10, 1, 3}
	oidX509Cert      = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 22, 1}
	oidLocalKeyID    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 21}
	oidFriendlyName  = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 9, 20}
	oidPBES2         = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 13}
	oidPBKDF2        = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 5, 12}
	oidLegacyPBE     = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 12, 1} // pbeWithSHAAnd...
	oidSHA1          = asn1.ObjectIdentifier{1, 3, 14, 3, 2, 26}
	oidSHA256        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512        = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidHMACSHA1      = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 7}
	oidHMACSHA256    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 9}
	oidHMACSHA384    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 10}
	oidHMACSHA512    = asn1.ObjectIdentifier{1, 2, 840, 113549, 2, 11}
	oidAES128CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 2}
	oidAES192CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 22}
	oidAES256CBC     = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 1, 42}
)

type contentInfo struct {
	ContentType asn1.ObjectIdentifier
	Content     asn1.RawValue `asn1:"tag:0,explicit,optional"`
}

type digestInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Digest    []byte
}

type macData struct {
	Mac        digestInfo
	MacSalt    []byte
	Iterations int `asn1:"optional,default:1"`
}

type pfx struct {
	Version  int
	AuthSafe contentInfo
	MacData  macData `asn1:"optional"`
}

type encryptedData struct {
	Version              int
	EncryptedContentInfo encryptedContentInfo
}

type encryptedContentInfo struct {
	ContentType                asn1.ObjectIdentifier
	ContentEncryptionAlgorithm pkix.AlgorithmIdentifier
	EncryptedContent           []byte `asn1:"tag:0,optional"`
}

type safeBag struct {
	ID         asn1.ObjectIdentifier
	Value      asn1.RawValue     `asn1:"tag:0,explicit"`
	Attributes []pkcs12Attribute `asn1:"set,optional"`
}

type pkcs12Attribute struct {
	ID    asn1.ObjectIdentifier
	Value asn1.RawValue `asn1:"set"`
}

type certBag struct {
	ID   asn1.ObjectIdentifier
	Data []byte `asn1:"tag:0,explicit"`
}

type encryptedPrivateKeyInfo struct {
	Algorithm pkix.AlgorithmIdentifier
	Data      []byte
}

type pbes2Params struct {
	KDF pkix.AlgorithmIdentifier
	Enc pkix.AlgorithmIdentifier
}

type pbkdf2Params struct {
	Salt      []byte
	Iter      int
	KeyLength int                      `asn1:"optional"`
	PRF       pkix.AlgorithmIdentifier `asn1:"optional"`
}

// unmarshal parses exactly one value: trailing data is malformed.
func unmarshal(b []byte, v any) error {
	rest, err := asn1.Unmarshal(b, v)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if len(rest) > 0 {
		return fmt.Errorf("%w: trailing data", ErrMalformed)
	}
	return nil
}

func macHash(oid asn1.ObjectIdentifier) (func() hash.Hash, int) {
	switch {
	case oid.Equal(oidSHA1):
		return sha1.New, 64
	case oid.Equal(oidSHA256):
		return sha256.New, 64
	case oid.Equal(oidSHA384):
		return sha512.New384, 128
	case oid.Equal(oidSHA512):
		return sha512.New, 128
	}
	return nil, 0
}

// bmpPassword is the password as a NUL-terminated big-endian UTF-16
// string, as the PKCS#12 key derivation takes it.
func bmpPassword(password string) []byte {
	var out []byte
	for _, u := range utf16.Encode([]rune(password)) {
		out = append(out, byte(u>>8), byte(u))
	}
	return append(out, 0, 0)
}

// kdf is RFC 7292 appendix B.2's key derivation, for n <= the hash size.
func kdf(h func() hash.Hash, v int, id byte, password, salt []byte, iter int) []byte {
	fill := func(b []byte) []byte {
		if len(b) == 0 {
			return nil
		}
		out := make([]byte, v*((len(b)+v-1)/v))
		for i := range out {
			out[i] = b[i%len(b)]
		}
		return out
	}
	d := bytes.Repeat([]byte{id}, v)
	in := append(fill(salt), fill(password)...)
	hh := h()
	hh.Write(d)
	hh.Write(in)
	a := hh.Sum(nil)
	for range iter - 1 {
		hh.Reset()
		hh.Write(a)
		a = hh.Sum(a[:0])
	}
	return a
}

func mac(h func() hash.Hash, v int, password string, salt []byte, iter int, data []byte) []byte {
	key := kdf(h, v, 3, bmpPassword(password), salt, iter)
	m := hmac.New(h, key)
	m.Write(data)
	return m.Sum(nil)
}

// maxIterations bounds the work a hostile file can ask for.
const maxIterations = 1_000_000

// Decode returns the private key (PKCS#8: RSA, ECDSA or Ed25519) and the
// certificates of a PKCS#12 file.
func Decode(data []byte, password string) (key any, certs []*x509.Certificate, err error) {
	var p pfx
	if err := unmarshal(data, &p); err != nil {
		return nil, nil, err
	}
	if p.Version != 3 || !p.AuthSafe.ContentType.Equal(oidData) {
		return nil, nil, fmt.Errorf("%w: version %d, content %s", ErrMalformed, p.Version, p.AuthSafe.ContentType)
	}
	var authSafe []byte
	if err := unmarshal(p.AuthSafe.Content.Bytes, &authSafe); err != nil {
		return nil, nil, err
	}
	if p.MacData.Mac.Algorithm.Algorithm != nil {
		oid := p.MacData.Mac.Algorithm.Algorithm
		h, v := macHash(oid)
		if h == nil {
			return nil, nil, &AlgorithmError{OID: oid, Usage: "MAC"}
		}
		if p.MacData.Iterations < 1 || p.MacData.Iterations > maxIterations {
			return nil, nil, fmt.Errorf("%w: MAC iteration count %d", ErrMalformed, p.MacData.Iterations)
		}
		if !hmac.Equal(mac(h, v, password, p.MacData.MacSalt, p.MacData.Iterations, authSafe), p.MacData.Mac.Digest) {
			return nil, nil, ErrPassword
		}
	}
	var infos []contentInfo
	if err := unmarshal(authSafe, &infos); err != nil {
		return nil, nil, err
	}
	for _, ci := range infos {
		var bags []byte
		switch {
		case ci.ContentType.Equal(oidData):
			if err := unmarshal(ci.Content.Bytes, &bags); err != nil {
				return nil, nil, err
			}
		case ci.ContentType.Equal(oidEncryptedData):
			var ed encryptedData
			if err := unmarshal(ci.Content.Bytes, &ed); err != nil {
				return nil, nil, err
			}
			eci := ed.EncryptedContentInfo
			if bags, err = decrypt(eci.ContentEncryptionAlgorithm, eci.EncryptedContent, password); err != nil {
				return nil, nil, err
			}
		default:
			return nil, nil, &AlgorithmError{OID: ci.ContentType, Usage: "content"}
		}
		var sbs []safeBag
		if err := unmarshal(bags, &sbs); err != nil {
			return nil, nil, err
		}
		for _, b := range sbs {
			switch {
			case b.ID.Equal(oidCertBag):
				var cb certBag
				if err := unmarshal(b.Value.Bytes, &cb); err != nil {
					return nil, nil, err
				}
				if !cb.ID.Equal(oidX509Cert) {
					continue
				}
				c, err := x509.ParseCertificate(cb.Data)
				if err != nil {
					return nil, nil, fmt.Errorf("%w: certificate: %w", ErrMalformed, err)
				}
				certs = append(certs, c)
			case b.ID.Equal(oidKeyBag), b.ID.Equal(oidShroudedKey):
				der := b.Value.Bytes
				if b.ID.Equal(oidShroudedKey) {
					var epki encryptedPrivateKeyInfo
					if err := unmarshal(der, &epki); err != nil {
						return nil, nil, err
					}
					if der, err = decrypt(epki.Algorithm, epki.Data, password); err != nil {
						return nil, nil, err
					}
				}
				if key, err = x509.ParsePKCS8PrivateKey(der); err != nil {
					return nil, nil, fmt.Errorf("%w: private key: %w", ErrMalformed, err)
				}
			}
		}
	}
	return key, certs, nil
}

// decrypt undoes PBES2 with PBKDF2 and AES-CBC.
func decrypt(alg pkix.AlgorithmIdentifier, data []byte, password string) ([]byte, error) {
	if len(alg.Algorithm) == len(oidLegacyPBE)+1 && alg.Algorithm[:len(oidLegacyPBE)].Equal(oidLegacyPBE) {
		return nil, ErrLegacy
	}
	if !alg.Algorithm.Equal(oidPBES2) {
		return nil, &AlgorithmError{OID: alg.Algorithm, Usage: "encryption"}
	}
	var params pbes2Params
	if err := unmarshal(alg.Parameters.FullBytes, &params); err != nil {
		return nil, err
	}
	if !params.KDF.Algorithm.Equal(oidPBKDF2) {
		return nil, &AlgorithmError{OID: params.KDF.Algorithm, Usage: "key derivation"}
	}
	var kp pbkdf2Params
	if err := unmarshal(params.KDF.Parameters.FullBytes, &kp); err != nil {
		return nil, err
	}
	var keyLen int
	switch enc := params.Enc.Algorithm; {
	case enc.Equal(oidAES128CBC):
		keyLen = 16
	case enc.Equal(oidAES192CBC):
		keyLen = 24
	case enc.Equal(oidAES256CBC):
		keyLen = 32
	default:
		return nil, &AlgorithmError{OID: enc, Usage: "encryption"}
	}
	var iv []byte
	if err := unmarshal(params.Enc.Parameters.FullBytes, &iv); err != nil {
		return nil, err
	}
	if kp.Iter < 1 || kp.Iter > maxIterations || len(iv) != aes.BlockSize {
		return nil, fmt.Errorf("%w: PBES2 parameters", ErrMalformed)
	}
	if kp.KeyLength != 0 && kp.KeyLength != keyLen {
		return nil, fmt.Errorf("%w: PBKDF2 key length %d", ErrMalformed, kp.KeyLength)
	}
	var key []byte
	var err error
	switch prf := kp.PRF.Algorithm; {
	case prf == nil, prf.Equal(oidHMACSHA1):
		key, err = pbkdf2.Key(sha1.New, password, kp.Salt, kp.Iter, keyLen)
	case prf.Equal(oidHMACSHA256):
		key, err = pbkdf2.Key(sha256.New, password, kp.Salt, kp.Iter, keyLen)
	case prf.Equal(oidHMACSHA384):
		key, err = pbkdf2.Key(sha512.New384, password, kp.Salt, kp.Iter, keyLen)
	case prf.Equal(oidHMACSHA512):
		key, err = pbkdf2.Key(sha512.New, password, kp.Salt, kp.Iter, keyLen)
	default:
		return nil, &AlgorithmError{OID: prf, Usage: "pseudo-random function"}
	}
	if err != nil {
		return nil, fmt.Errorf("%w: PBKDF2: %w", ErrMalformed, err)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrMalformed, err)
	}
	if len(data) == 0 || len(data)%aes.BlockSize != 0 {
		return nil, fmt.Errorf("%w: encrypted data of %d bytes", ErrMalformed, len(data))
	}
	out := make([]byte, len(data))
	cipher.NewCBCDecrypter(block, iv).CryptBlocks(out, data)
	pad := int(out[len(out)-1])
	if pad == 0 || pad > aes.BlockSize || !bytes.Equal(out[len(out)-pad:], bytes.Repeat([]byte{byte(pad)}, pad)) {
		return nil, ErrPassword
	}
	return out[:len(out)-pad], nil
}

// Encode writes key and certs (the key's certificate first) as OpenSSL 3
// does by default: PBES2 with PBKDF2-HMAC-SHA-256 and AES-256-CBC for the
// key and the certificates, 2048 iterations, and an HMAC-SHA-256 MAC.
// The key's certificate and the key share a local key ID attribute and
// carry friendlyName.
func Encode(rand io.Reader, key crypto.PrivateKey, certs []*x509.Certificate, password, friendlyName string) ([]byte, error) {
	const iter = 2048
	p8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return nil, fmt.Errorf("pkcs12: %w", err)
	}
	var attrs []pkcs12Attribute
	if len(certs) > 0 {
		id := sha1.Sum(certs[0].Raw)
		attrs = append(attrs, attribute(oidLocalKeyID, id[:]))
	}
	if friendlyName != "" {
		bmp := bmpPassword(friendlyName)
		v, err := asn1.Marshal(asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagBMPString, Bytes: bmp[:len(bmp)-2]})
		if err != nil {
			return nil, err
		}
		attrs = append(attrs, pkcs12Attribute{ID: oidFriendlyName, Value: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}})
	}
	var certBags []safeBag
	for i, c := range certs {
		cb, err := asn1.Marshal(certBag{ID: oidX509Cert, Data: c.Raw})
		if err != nil {
			return nil, err
		}
		b := safeBag{ID: oidCertBag, Value: asn1.RawValue{FullBytes: explicit0(cb)}}
		if i == 0 {
			b.Attributes = attrs
		}
		certBags = append(certBags, b)
	}
	certsDER, err := asn1.Marshal(certBags)
	if err != nil {
		return nil, err
	}
	encAlg, encCerts, err := encrypt(rand, certsDER, password, iter)
	if err != nil {
		return nil, err
	}
	ed, err := asn1.Marshal(encryptedData{Version: 0, EncryptedContentInfo: encryptedContentInfo{
		ContentType: oidData, ContentEncryptionAlgorithm: encAlg, EncryptedContent: encCerts}})
	if err != nil {
		return nil, err
	}
	keyAlg, encKey, err := encrypt(rand, p8, password, iter)
	if err != nil {
		return nil, err
	}
	epki, err := asn1.Marshal(encryptedPrivateKeyInfo{Algorithm: keyAlg, Data: encKey})
	if err != nil {
		return nil, err
	}
	keyBags, err := asn1.Marshal([]safeBag{{ID: oidShroudedKey, Value: asn1.RawValue{FullBytes: explicit0(epki)}, Attributes: attrs}})
	if err != nil {
		return nil, err
	}
	keyData, err := asn1.Marshal(keyBags)
	if err != nil {
		return nil, err
	}
	authSafe, err := asn1.Marshal([]contentInfo{
		{ContentType: oidEncryptedData, Content: asn1.RawValue{FullBytes: explicit0(ed)}},
		{ContentType: oidData, Content: asn1.RawValue{FullBytes: explicit0(keyData)}},
	})
	if err != nil {
		return nil, err
	}
	authSafeData, err := asn1.Marshal(authSafe)
	if err != nil {
		return nil, err
	}
	salt := make([]byte, 8)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return nil, err
	}
	return asn1.Marshal(pfx{
		Version:  3,
		AuthSafe: contentInfo{ContentType: oidData, Content: asn1.RawValue{FullBytes: explicit0(authSafeData)}},
		MacData: macData{
			Mac:     digestInfo{Algorithm: pkix.AlgorithmIdentifier{Algorithm: oidSHA256, Parameters: asn1.NullRawValue}, Digest: mac(sha256.New, 64, password, salt, iter, authSafe)},
			MacSalt: salt, Iterations: iter,
		},
	})
}

func attribute(oid asn1.ObjectIdentifier, octets []byte) pkcs12Attribute {
	v, _ := asn1.Marshal(octets) // an octet string always marshals
	return pkcs12Attribute{ID: oid, Value: asn1.RawValue{Class: asn1.ClassUniversal, Tag: asn1.TagSet, IsCompound: true, Bytes: v}}
}

// explicit0 wraps DER in a [0] EXPLICIT tag.
func explicit0(der []byte) []byte {
	v, _ := asn1.Marshal(asn1.RawValue{Class: asn1.ClassContextSpecific, Tag: 0, IsCompound: true, Bytes: der})
	return v
}

// encrypt applies PBES2 (PBKDF2-HMAC-SHA-256, AES-256-CBC).
func encrypt(rand io.Reader, data []byte, password string, iter int) (pkix.AlgorithmIdentifier, []byte, error) {
	salt, iv := make([]byte, 16), make([]byte, aes.BlockSize)
	if _, err := io.ReadFull(rand, salt); err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	if _, err := io.ReadFull(rand, iv); err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	key, err := pbkdf2.Key(sha256.New, password, salt, iter, 32)
	if err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	kdfParams, err := asn1.Marshal(pbkdf2Params{Salt: salt, Iter: iter, KeyLength: 32,
		PRF: pkix.AlgorithmIdentifier{Algorithm: oidHMACSHA256, Parameters: asn1.NullRawValue}})
	if err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	ivDER, err := asn1.Marshal(iv)
	if err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	params, err := asn1.Marshal(pbes2Params{
		KDF: pkix.AlgorithmIdentifier{Algorithm: oidPBKDF2, Parameters: asn1.RawValue{FullBytes: kdfParams}},
		Enc: pkix.AlgorithmIdentifier{Algorithm: oidAES256CBC, Parameters: asn1.RawValue{FullBytes: ivDER}},
	})
	if err != nil {
		return pkix.AlgorithmIdentifier{}, nil, err
	}
	block, _ := aes.NewCipher(key) // a 32-byte key is always accepted
	pad := aes.BlockSize - len(data)%aes.BlockSize
	out := append(bytes.Clone(data), bytes.Repeat([]byte{byte(pad)}, pad)...)
	cipher.NewCBCEncrypter(block, iv).CryptBlocks(out, out)
	return pkix.AlgorithmIdentifier{Algorithm: oidPBES2, Parameters: asn1.RawValue{FullBytes: params}}, out, nil
}
