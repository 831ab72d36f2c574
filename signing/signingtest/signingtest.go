// Package signingtest provides what tests of PDF signing need without real
// certificates: a throw-away certification authority issuing RSA and ECDSA
// signing certificates (under an ECDSA or an RSA root, exported as PEM or
// PKCS#12), a local RFC 3161 timestamp authority, OCSP responder and CRL
// distribution point ([CA.StartRevocation]) and Cloud Signature Consortium
// service ([NewCSC]) served over httptest, and small valid PDF files.
//
// Nothing here is fit for production: keys live in memory and certificates
// are valid for a day.
package signingtest

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/digitorus/timestamp"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/internal/pkcs12"
)

// KeyType selects the key of an issued certificate.
type KeyType int

const (
	// ECDSAP256 is an ECDSA key on NIST P-256 (the zero value).
	ECDSAP256 KeyType = iota
	// ECDSAP384 is an ECDSA key on NIST P-384.
	ECDSAP384
	// RSA2048 is a 2048-bit RSA key.
	RSA2048
	// RSA4096 is a 4096-bit RSA key.
	RSA4096
)

// String names the key type.
func (k KeyType) String() string {
	switch k {
	case ECDSAP256:
		return "ECDSA-P256"
	case ECDSAP384:
		return "ECDSA-P384"
	case RSA2048:
		return "RSA-2048"
	case RSA4096:
		return "RSA-4096"
	}
	return fmt.Sprintf("KeyType(%d)", int(k))
}

func newKey(k KeyType) (crypto.Signer, error) {
	switch k {
	case ECDSAP256:
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case ECDSAP384:
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	case RSA2048:
		return rsa.GenerateKey(rand.Reader, 2048)
	case RSA4096:
		return rsa.GenerateKey(rand.Reader, 4096)
	}
	return nil, fmt.Errorf("signingtest: unknown key type %d", int(k))
}

// CA is a throw-away certification authority.
type CA struct {
	// Cert is the self-signed root certificate.
	Cert *x509.Certificate
	// Key is the root's private key.
	Key crypto.Signer
	// Now is the time certificates are issued at.
	Now time.Time

	ocspURL, crlURL string // set by StartRevocation
}

func serial() (*big.Int, error) {
	return rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 120))
}

// CAOption configures [NewCA].
type CAOption func(*caConfig) error

type caConfig struct {
	rootKey KeyType
}

// WithRootKey makes the root's key of type kt instead of ECDSA P-256: an
// RSA root (RSA2048, RSA4096) for verifiers that read no ECDSA
// certificates, such as node-forge and older PDF readers.
func WithRootKey(kt KeyType) CAOption {
	return func(c *caConfig) error {
		if kt < ECDSAP256 || kt > RSA4096 {
			return fmt.Errorf("signingtest: unknown key type %d", int(kt))
		}
		c.rootKey = kt
		return nil
	}
}

// NewCA creates a root certificate named name (an ECDSA P-256 key unless
// [WithRootKey] says otherwise) valid from one hour before now to one year
// after.
func NewCA(name string, now time.Time, opts ...CAOption) (*CA, error) {
	var cfg caConfig
	for _, o := range opts {
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	key, err := newKey(cfg.rootKey)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber:          sn,
		Subject:               pkix.Name{CommonName: name, Organization: []string{"motcua test"}, Country: []string{"VN"}},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.AddDate(1, 0, 0),
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, key.Public(), key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &CA{Cert: cert, Key: key, Now: now}, nil
}

// Leaf is an issued certificate with its key.
type Leaf struct {
	Cert *x509.Certificate
	Key  crypto.Signer
	// Chain is the leaf followed by the root.
	Chain []*x509.Certificate
}

// Issue creates a document-signing certificate for commonName.
// It is valid from one hour before ca.Now to 30 days after.
func (ca *CA) Issue(commonName string, kt KeyType) (*Leaf, error) {
	return ca.issue(commonName, kt, x509.KeyUsageDigitalSignature|x509.KeyUsageContentCommitment, nil,
		ca.Now.Add(-time.Hour), ca.Now.AddDate(0, 0, 30))
}

func (ca *CA) issue(commonName string, kt KeyType, ku x509.KeyUsage, eku []x509.ExtKeyUsage, notBefore, notAfter time.Time) (*Leaf, error) {
	key, err := newKey(kt)
	if err != nil {
		return nil, err
	}
	sn, err := serial()
	if err != nil {
		return nil, err
	}
	tpl := &x509.Certificate{
		SerialNumber: sn,
		Subject:      pkix.Name{CommonName: commonName, Country: []string{"VN"}},
		NotBefore:    notBefore,
		NotAfter:     notAfter,
		KeyUsage:     ku,
		ExtKeyUsage:  eku,
	}
	if ca.ocspURL != "" {
		tpl.OCSPServer = []string{ca.ocspURL}
		tpl.CRLDistributionPoints = []string{ca.crlURL}
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.Cert, key.Public(), ca.Key)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, err
	}
	return &Leaf{Cert: cert, Key: key, Chain: []*x509.Certificate{cert, ca.Cert}}, nil
}

// Signer issues a certificate for commonName and returns it as a
// [signing.Signer].
func (ca *CA) Signer(commonName string, kt KeyType) (*signing.Signer, error) {
	l, err := ca.Issue(commonName, kt)
	if err != nil {
		return nil, err
	}
	return signing.NewSigner(l.Key, l.Chain)
}

// Pool returns a certificate pool holding the root.
func (ca *CA) Pool() *x509.CertPool {
	p := x509.NewCertPool()
	p.AddCert(ca.Cert)
	return p
}

// PEM returns the leaf certificate, its key (PKCS#8) and the chain above it
// in PEM form, as [signing.LoadPEM] reads them.
func (l *Leaf) PEM() (cert, key, chain []byte, err error) {
	k, err := x509.MarshalPKCS8PrivateKey(l.Key)
	if err != nil {
		return nil, nil, nil, err
	}
	cert = pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: l.Cert.Raw})
	key = pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: k})
	for _, c := range l.Chain[1:] {
		chain = append(chain, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})...)
	}
	return cert, key, chain, nil
}

// PKCS12 returns the leaf's key, its certificate and the chain above it as
// a PKCS#12 (.p12) file protected with password, written as OpenSSL 3
// writes by default (AES-256-CBC with PBKDF2-HMAC-SHA-256, an HMAC-SHA-256
// MAC), for [signing.LoadPKCS12] and other tools (openssl, node-forge,
// Java's keytool). The friendly name is the leaf's common name.
func (l *Leaf) PKCS12(password string) ([]byte, error) {
	return pkcs12.Encode(rand.Reader, l.Key, l.Chain, password, l.Cert.Subject.CommonName)
}

// TSAFault makes the timestamp authority misbehave, to test clients.
type TSAFault int

const (
	// TSAHonest answers correctly (the zero value).
	TSAHonest TSAFault = iota
	// TSAWrongNonce answers with a nonce other than the one asked.
	TSAWrongNonce
	// TSAWrongImprint stamps a digest other than the one asked.
	TSAWrongImprint
	// TSAError answers with HTTP 500.
	TSAError
	// TSASlow waits until the client gives up.
	TSASlow
)

// TSA is a local RFC 3161 timestamp authority served by httptest.
type TSA struct {
	// URL is where to send requests.
	URL string
	// Cert is the authority's certificate, issued by the CA.
	Cert *x509.Certificate
	// Now is the authority's clock, read for each token's time; nil means
	// the CA's Now. Set it before the first request.
	Now    func() time.Time
	server *httptest.Server
}

// Close shuts the server down.
func (t *TSA) Close() { t.server.Close() }

// NewTSA starts a timestamp authority whose certificate ca issues. Its
// clock is ca.Now unless [TSA.Now] is set. Call Close when done.
//
// The authority's certificate is valid from one hour before ca.Now (or the
// wall clock, if earlier) to 30 days after ca.Now (or the wall clock, if
// later): digitorus/timestamp stamps each reply's CMS with the machine's
// clock, whatever the token's time, and checks it against the certificate,
// so a CA dated in the past or the future still gets working tokens.
func NewTSA(ca *CA, fault TSAFault) (*TSA, error) {
	wall := time.Now()
	from, until := ca.Now.Add(-time.Hour), ca.Now.AddDate(0, 0, 30)
	if wall.Before(from) {
		from = wall.Add(-time.Hour)
	}
	if wall.After(until) {
		until = wall.AddDate(0, 0, 30)
	}
	l, err := ca.issue("motcua test TSA", ECDSAP256, x509.KeyUsageDigitalSignature, []x509.ExtKeyUsage{x509.ExtKeyUsageTimeStamping}, from, until)
	if err != nil {
		return nil, err
	}
	t := &TSA{Cert: l.Cert}
	policy := asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 99999, 1}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if fault == TSAError {
			http.Error(w, "unavailable", http.StatusInternalServerError)
			return
		}
		if fault == TSASlow {
			<-r.Context().Done()
			return
		}
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<16))
		if err != nil {
			http.Error(w, "read", http.StatusBadRequest)
			return
		}
		req, err := timestamp.ParseRequest(body)
		if err != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		ts := timestamp.Timestamp{
			HashAlgorithm:     req.HashAlgorithm,
			HashedMessage:     req.HashedMessage,
			Time:              t.now(ca),
			Nonce:             req.Nonce,
			Policy:            policy,
			AddTSACertificate: req.Certificates,
		}
		switch fault {
		case TSAWrongNonce:
			ts.Nonce = big.NewInt(1)
			if req.Nonce != nil {
				ts.Nonce = new(big.Int).Add(req.Nonce, big.NewInt(1))
			}
		case TSAWrongImprint:
			ts.HashedMessage = bytes.Repeat([]byte{0x42}, len(req.HashedMessage))
		}
		resp, err := ts.CreateResponseWithOpts(l.Cert, l.Key, crypto.SHA256)
		if err != nil {
			http.Error(w, "sign", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/timestamp-reply")
		_, _ = w.Write(resp)
	})
	t.server = httptest.NewServer(h)
	t.URL = t.server.URL
	return t, nil
}

func (t *TSA) now(ca *CA) time.Time {
	if t.Now != nil {
		return t.Now()
	}
	return ca.Now
}

// PDFOptions shapes a generated PDF.
type PDFOptions struct {
	// Pages is the number of pages; zero means one.
	Pages int
	// Text is written on the first page (ASCII; Helvetica).
	Text string
	// MinSize pads the file (with an uncompressed stream) to at least this
	// many bytes.
	MinSize int
	// XRefStream writes a cross-reference stream instead of a table.
	XRefStream bool
	// FormField adds an AcroForm with one text field named "applicant".
	FormField bool
	// ZeroRun puts a run of that many '0' bytes in a page's content.
	ZeroRun int
}

// PDF returns a small valid PDF.
func PDF(o PDFOptions) ([]byte, error) {
	if o.Pages < 0 || o.MinSize < 0 || o.ZeroRun < 0 {
		return nil, errors.New("signingtest: negative option")
	}
	pages := max(o.Pages, 1)
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := []int{0}
	obj := func(body string) int {
		offsets = append(offsets, b.Len())
		n := len(offsets) - 1
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", n, body)
		return n
	}
	// 1 catalog, 2 pages, 3 font, then per page: page + content.
	first := 4
	kids := ""
	for i := range pages {
		kids += fmt.Sprintf("%d 0 R ", first+2*i)
	}
	acro := ""
	fieldNum := first + 2*pages
	padNum := fieldNum
	if o.FormField {
		acro = fmt.Sprintf(" /AcroForm << /Fields [%d 0 R] /DA (/Helv 0 Tf 0 g) >>", fieldNum)
		padNum++
	}
	obj("<< /Type /Catalog /Pages 2 0 R" + acro + " >>")
	obj(fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", kids, pages))
	obj("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i := range pages {
		annots := ""
		if o.FormField && i == 0 {
			annots = fmt.Sprintf(" /Annots [%d 0 R]", fieldNum)
		}
		obj(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R%s >>", first+2*i+1, annots))
		text := fmt.Sprintf("Page %d", i+1)
		if i == 0 && o.Text != "" {
			text = o.Text
		}
		content := "BT /F1 14 Tf 72 760 Td (" + escape(text) + ") Tj ET\n"
		if i == 0 && o.ZeroRun > 0 {
			content += "% " + string(bytes.Repeat([]byte{'0'}, o.ZeroRun)) + "\n"
		}
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", len(content), content))
	}
	if o.FormField {
		obj(fmt.Sprintf("<< /Type /Annot /Subtype /Widget /FT /Tx /T (applicant) /V (Nguyen Van A) /Rect [72 700 300 720] /P %d 0 R /DA (/Helv 10 Tf 0 g) >>", first))
	}
	if o.MinSize > b.Len() {
		n := o.MinSize - b.Len()
		line := bytes.Repeat([]byte("0123456789abcdef"), 4)
		var pad bytes.Buffer
		for pad.Len() < n {
			pad.Write(line)
			pad.WriteByte('\n')
		}
		obj(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", pad.Len(), pad.String()))
	}
	_ = padNum
	size := len(offsets)
	if o.XRefStream {
		xrefNum := size
		offsets = append(offsets, b.Len())
		var data []byte
		for i, off := range offsets {
			if i == 0 {
				data = append(data, 0, 0, 0, 0, 0, 0xff)
				continue
			}
			data = append(data, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), 0)
		}
		xrefAt := offsets[xrefNum]
		fmt.Fprintf(&b, "%d 0 obj\n<< /Type /XRef /Size %d /W [1 4 1] /Root 1 0 R /Length %d >>\nstream\n", xrefNum, size+1, len(data))
		b.Write(data)
		fmt.Fprintf(&b, "\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n", xrefAt)
		return b.Bytes(), nil
	}
	xrefAt := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f\r\n", size)
	for _, off := range offsets[1:] {
		fmt.Fprintf(&b, "%010d 00000 n\r\n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R /ID [<0123456789abcdef0123456789abcdef> <0123456789abcdef0123456789abcdef>] >>\nstartxref\n%d\n%%%%EOF\n", size, xrefAt)
	return b.Bytes(), nil
}

func escape(s string) string {
	var b bytes.Buffer
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '(' || c == ')' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c < 0x20 || c > 0x7e:
			b.WriteByte('?')
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
