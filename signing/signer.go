package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"slices"

	legacypkcs12 "golang.org/x/crypto/pkcs12"

	"github.com/motcua/motcua/signing/internal/pkcs12"
)

// Signer is a private key with its certificate chain. The key is any
// [crypto.Signer]: a key in memory, a USB token, an HSM or a remote signing
// service. A Signer is immutable and safe for concurrent use if its key is.
type Signer struct {
	key   crypto.Signer
	chain []*x509.Certificate // leaf first
}

// NewSigner returns a Signer for key and its certificate chain, the signing
// certificate first, then its issuers (the root may be left out). RSA keys
// of 2048 to 8192 bits and ECDSA keys on P-256, P-384 and P-521 are accepted;
// the key must match the first certificate.
func NewSigner(key crypto.Signer, chain []*x509.Certificate) (*Signer, error) {
	if key == nil || len(chain) == 0 || slices.Contains(chain, nil) {
		return nil, fmt.Errorf("%w: a key and at least one certificate are required", ErrKey)
	}
	leaf := chain[0]
	switch pub := key.Public().(type) {
	case *rsa.PublicKey:
		if b := pub.N.BitLen(); b < 2048 || b > 8192 {
			return nil, fmt.Errorf("%w: RSA key of %d bits (want 2048 to 8192)", ErrKey, b)
		}
		if lp, ok := leaf.PublicKey.(*rsa.PublicKey); !ok || !lp.Equal(pub) {
			return nil, fmt.Errorf("%w: key does not match the certificate", ErrKey)
		}
	case *ecdsa.PublicKey:
		switch pub.Curve {
		case elliptic.P256(), elliptic.P384(), elliptic.P521():
		default:
			return nil, fmt.Errorf("%w: unsupported elliptic curve", ErrKey)
		}
		if lp, ok := leaf.PublicKey.(*ecdsa.PublicKey); !ok || !lp.Equal(pub) {
			return nil, fmt.Errorf("%w: key does not match the certificate", ErrKey)
		}
	default:
		return nil, fmt.Errorf("%w: unsupported key type %T", ErrKey, pub)
	}
	return &Signer{key: key, chain: slices.Clone(chain)}, nil
}

// Certificate returns the signing certificate.
func (s *Signer) Certificate() *x509.Certificate { return s.chain[0] }

// Chain returns a copy of the certificate chain, signing certificate first.
func (s *Signer) Chain() []*x509.Certificate { return slices.Clone(s.chain) }

// LoadPEM returns a Signer from PEM data: cert holds the signing
// certificate (and may hold its issuers after it), key the private key
// (PKCS#8, PKCS#1 or SEC 1, unencrypted), chain optional further issuers.
func LoadPEM(cert, key, chain []byte) (*Signer, error) {
	certs, err := pemCertificates(cert)
	if err != nil {
		return nil, err
	}
	if len(certs) == 0 {
		return nil, fmt.Errorf("%w: no certificate in PEM data", ErrKey)
	}
	more, err := pemCertificates(chain)
	if err != nil {
		return nil, err
	}
	certs = append(certs, more...)
	var priv crypto.Signer
	for rest := key; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			break
		}
		if priv, err = parseKey(blk); err != nil {
			return nil, err
		}
		if priv != nil {
			break
		}
	}
	if priv == nil {
		return nil, fmt.Errorf("%w: no private key in PEM data", ErrKey)
	}
	return NewSigner(priv, certs)
}

func pemCertificates(data []byte) ([]*x509.Certificate, error) {
	var out []*x509.Certificate
	for rest := data; ; {
		var blk *pem.Block
		blk, rest = pem.Decode(rest)
		if blk == nil {
			return out, nil
		}
		if blk.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(blk.Bytes)
		if err != nil {
			return nil, fmt.Errorf("%w: parse certificate: %w", ErrKey, err)
		}
		out = append(out, c)
	}
}

func parseKey(blk *pem.Block) (crypto.Signer, error) {
	var k any
	var err error
	switch blk.Type {
	case "PRIVATE KEY":
		k, err = x509.ParsePKCS8PrivateKey(blk.Bytes)
	case "RSA PRIVATE KEY":
		k, err = x509.ParsePKCS1PrivateKey(blk.Bytes)
	case "EC PRIVATE KEY":
		k, err = x509.ParseECPrivateKey(blk.Bytes)
	case "ENCRYPTED PRIVATE KEY":
		return nil, fmt.Errorf("%w: encrypted PEM keys are not supported; decrypt it or use PKCS#12", ErrKey)
	default:
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%w: parse private key: %w", ErrKey, err)
	}
	s, ok := k.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("%w: unsupported private key type %T", ErrKey, k)
	}
	return s, nil
}

// LoadPKCS12 returns a Signer from a PKCS#12 (.p12, .pfx) file. It reads
// the files OpenSSL 3 and current tools write by default (PBES2: PBKDF2
// with HMAC-SHA-1 or SHA-2 and AES-CBC, with an HMAC-SHA-1 or SHA-2 MAC)
// and the classic ones (3DES or RC2 with a SHA-1 MAC) tokens and
// certification authorities export. A file using another algorithm is
// refused with an [AlgorithmError] naming it; a wrong password with
// [ErrKey].
func LoadPKCS12(data []byte, password string) (*Signer, error) {
	key, certs, err := pkcs12.Decode(data, password)
	var ae *pkcs12.AlgorithmError
	switch {
	case errors.Is(err, pkcs12.ErrLegacy):
		key, certs, err = loadLegacyPKCS12(data, password)
		if err != nil {
			return nil, err
		}
	case errors.As(err, &ae):
		return nil, &AlgorithmError{OID: ae.OID.String(), Usage: ae.Usage}
	case err != nil:
		return nil, fmt.Errorf("%w: read PKCS#12: %w", ErrKey, err)
	}
	priv, ok := key.(crypto.Signer)
	if !ok || key == nil {
		return nil, fmt.Errorf("%w: no usable private key in PKCS#12 (%T)", ErrKey, key)
	}
	// Put the certificate matching the key first, then the others.
	type pubEq interface{ Equal(crypto.PublicKey) bool }
	pub, _ := priv.Public().(pubEq)
	for i, c := range certs {
		if pub != nil && pub.Equal(c.PublicKey) {
			certs[0], certs[i] = certs[i], certs[0]
			break
		}
	}
	return NewSigner(priv, orderChain(certs))
}

// loadLegacyPKCS12 reads a file encrypted with 3DES or RC2.
func loadLegacyPKCS12(data []byte, password string) (crypto.Signer, []*x509.Certificate, error) {
	blocks, err := legacypkcs12.ToPEM(data, password)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: read PKCS#12: %w", ErrKey, err)
	}
	var priv crypto.Signer
	var certs []*x509.Certificate
	for _, blk := range blocks {
		switch blk.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(blk.Bytes)
			if err != nil {
				return nil, nil, fmt.Errorf("%w: parse certificate: %w", ErrKey, err)
			}
			certs = append(certs, c)
		case "PRIVATE KEY":
			// pkcs12.ToPEM names keys "PRIVATE KEY" but writes PKCS#1
			// or SEC 1 DER inside.
			k, err1 := x509.ParsePKCS1PrivateKey(blk.Bytes)
			if err1 == nil {
				priv = k
				continue
			}
			ek, err2 := x509.ParseECPrivateKey(blk.Bytes)
			if err2 == nil {
				priv = ek
				continue
			}
			k8, err3 := x509.ParsePKCS8PrivateKey(blk.Bytes)
			if s, ok := k8.(crypto.Signer); err3 == nil && ok {
				priv = s
				continue
			}
			return nil, nil, fmt.Errorf("%w: parse private key: %w", ErrKey, errors.Join(err1, err2, err3))
		}
	}
	if priv == nil {
		return nil, nil, fmt.Errorf("%w: no private key in PKCS#12", ErrKey)
	}
	return priv, certs, nil
}

// orderChain keeps the first certificate and orders the rest issuer after
// subject, dropping certificates that are not part of the chain.
func orderChain(certs []*x509.Certificate) []*x509.Certificate {
	if len(certs) == 0 {
		return certs
	}
	out := []*x509.Certificate{certs[0]}
	used := map[int]bool{0: true}
	for len(out) < len(certs) {
		cur := out[len(out)-1]
		found := false
		for i, c := range certs {
			if !used[i] && cur.CheckSignatureFrom(c) == nil {
				out = append(out, c)
				used[i] = true
				found = true
				break
			}
		}
		if !found {
			break
		}
	}
	return out
}
