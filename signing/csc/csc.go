// Package csc is a client of the Cloud Signature Consortium API v2 (the
// remote signing API EU trust services and many others offer) as a
// [signing.RemoteSigner]: credentials/info gives the certificate chain,
// signatures/signHash signs the digest [signing.Prepare] returns.
//
// # Vietnamese remote signing services
//
// The remote signing services licensed under Decree 23/2025/NĐ-CP (VNPT
// SmartCA, Viettel MySign and others) follow the same steps under their
// own names, and map onto [signing.Prepare] and [signing.Complete]:
//
//   - list the citizen's certificates (SmartCA's credentials list and
//     info calls): the chain to give to Prepare;
//   - send the digest ([signing.Pending.Digest], base64) with a
//     transaction description: the service answers with a transaction
//     id and pushes an approval request to the signer's phone;
//   - store the [signing.Pending] (JSON) with the dossier and the
//     transaction id, and return: the signer may take minutes;
//   - when the callback (or a poll of the transaction status) brings the
//     signature value, on whatever replica, read the Pending back and
//     call Complete with the value and the chain; after
//     [signing.Options.Expiry] Complete refuses with [signing.ErrExpired]
//     and nothing is written.
//
// A service that answers synchronously, as CSC's signHash does, fits
// [signing.SignRemote] directly: [Client] is one. For the others, write a
// small adapter with the same two methods, or use Prepare and Complete.
package csc

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/asn1"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// ErrService means the service refused a request or answered something
// unusable. See [ServiceError].
var ErrService = errors.New("csc: remote signing service error")

// ServiceError is an error answer of the service. It wraps [ErrService].
type ServiceError struct {
	// Method is the API method called, such as "signatures/signHash".
	Method string
	// Status is the HTTP status code (0 when the answer was unusable).
	Status int
	// Code and Description are the API's "error" and
	// "error_description", when given.
	Code, Description string
}

// Error names the method and what the service said.
func (e *ServiceError) Error() string {
	return fmt.Sprintf("csc: %s: HTTP %d: %s %s", e.Method, e.Status, e.Code, e.Description)
}

// Unwrap returns [ErrService].
func (e *ServiceError) Unwrap() error { return ErrService }

// Client calls one credential of a CSC API v2 service. The zero HTTP
// client and timeout are replaced by defaults; a Client is safe for
// concurrent use once set up.
type Client struct {
	// BaseURL is the service's API root, ending in "/csc/v2".
	BaseURL string
	// HTTPClient is the client to use; nil means a new one.
	HTTPClient *http.Client
	// Timeout bounds each request; zero means 30 seconds. The signer's
	// approval happens before SignHash, through the SAD.
	Timeout time.Duration
	// Token is the OAuth 2.0 access token sent as a bearer token.
	Token string
	// CredentialID names the signing key.
	CredentialID string
	// SAD is the Signature Activation Data from credentials/authorize;
	// empty when the token carries the credential scope.
	SAD string
}

const maxAnswer = 1 << 20

func (c *Client) call(ctx context.Context, method string, req, resp any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.BaseURL, "/")+"/"+method, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("csc: %s: %w", method, err)
	}
	hr.Header.Set("Content-Type", "application/json")
	if c.Token != "" {
		hr.Header.Set("Authorization", "Bearer "+c.Token)
	}
	client := c.HTTPClient
	if client == nil {
		client = &http.Client{}
	}
	r, err := client.Do(hr)
	if err != nil {
		return fmt.Errorf("csc: %s: %w", method, err)
	}
	defer func() { _ = r.Body.Close() }()
	b, err := io.ReadAll(io.LimitReader(r.Body, maxAnswer+1))
	if err != nil {
		return fmt.Errorf("csc: %s: %w", method, err)
	}
	if len(b) > maxAnswer {
		return &ServiceError{Method: method, Status: r.StatusCode, Description: "answer too large"}
	}
	if r.StatusCode != http.StatusOK {
		se := &ServiceError{Method: method, Status: r.StatusCode}
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(b, &e) == nil {
			se.Code, se.Description = e.Error, e.Description
		}
		return se
	}
	if err := json.Unmarshal(b, resp); err != nil {
		return &ServiceError{Method: method, Status: r.StatusCode, Description: "unreadable answer: " + err.Error()}
	}
	return nil
}

// Certificates returns the credential's certificate chain
// (credentials/info with certificates "chain"), signing certificate first.
func (c *Client) Certificates(ctx context.Context) ([]*x509.Certificate, error) {
	var resp struct {
		Cert struct {
			Status       string   `json:"status"`
			Certificates []string `json:"certificates"`
		} `json:"cert"`
		Key struct {
			Status string `json:"status"`
		} `json:"key"`
	}
	req := map[string]any{"credentialID": c.CredentialID, "certificates": "chain", "certInfo": false}
	if err := c.call(ctx, "credentials/info", req, &resp); err != nil {
		return nil, err
	}
	bad := func(msg string) error {
		return &ServiceError{Method: "credentials/info", Status: http.StatusOK, Description: msg}
	}
	if resp.Key.Status != "" && resp.Key.Status != "enabled" {
		return nil, bad("the key is " + resp.Key.Status)
	}
	if len(resp.Cert.Certificates) == 0 {
		return nil, bad("no certificate")
	}
	var chain []*x509.Certificate
	for _, s := range resp.Cert.Certificates {
		der, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			return nil, bad("certificate is not base64")
		}
		crt, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, bad("certificate: " + err.Error())
		}
		chain = append(chain, crt)
	}
	return chain, nil
}

var (
	oidSHA256           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 1}
	oidSHA384           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 2}
	oidSHA512           = asn1.ObjectIdentifier{2, 16, 840, 1, 101, 3, 4, 2, 3}
	oidRSAEncryption    = asn1.ObjectIdentifier{1, 2, 840, 113549, 1, 1, 1}
	oidECDSAWithSHA256  = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 2}
	oidECDSAWithSHA384  = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 3}
	oidECDSAWithSHA512  = asn1.ObjectIdentifier{1, 2, 840, 10045, 4, 3, 4}
	errUnsupportedInput = errors.New("csc: unsupported hash or key")
)

// algorithms returns signHash's hashAlgorithmOID and signAlgo.
func algorithms(pub crypto.PublicKey, h crypto.Hash) (hashOID, signOID string, err error) {
	hashes := map[crypto.Hash]asn1.ObjectIdentifier{crypto.SHA256: oidSHA256, crypto.SHA384: oidSHA384, crypto.SHA512: oidSHA512}
	ho, ok := hashes[h]
	if !ok {
		return "", "", errUnsupportedInput
	}
	switch pub.(type) {
	case *rsa.PublicKey:
		return ho.String(), oidRSAEncryption.String(), nil
	case *ecdsa.PublicKey:
		return ho.String(), map[crypto.Hash]asn1.ObjectIdentifier{crypto.SHA256: oidECDSAWithSHA256, crypto.SHA384: oidECDSAWithSHA384, crypto.SHA512: oidECDSAWithSHA512}[h].String(), nil
	}
	return "", "", errUnsupportedInput
}

// SignHash signs digest (signatures/signHash, synchronous mode) and
// returns the value with the credential's chain.
func (c *Client) SignHash(ctx context.Context, digest []byte, h crypto.Hash) ([]byte, []*x509.Certificate, error) {
	chain, err := c.Certificates(ctx)
	if err != nil {
		return nil, nil, err
	}
	ho, so, err := algorithms(chain[0].PublicKey, h)
	if err != nil {
		return nil, nil, err
	}
	if len(digest) != h.Size() {
		return nil, nil, fmt.Errorf("%w: digest of %d bytes for %v", errUnsupportedInput, len(digest), h)
	}
	req := map[string]any{
		"credentialID": c.CredentialID, "hashes": []string{base64.StdEncoding.EncodeToString(digest)},
		"hashAlgorithmOID": ho, "signAlgo": so, "operationMode": "S",
	}
	if c.SAD != "" {
		req["SAD"] = c.SAD
	}
	var resp struct {
		Signatures []string `json:"signatures"`
	}
	if err := c.call(ctx, "signatures/signHash", req, &resp); err != nil {
		return nil, nil, err
	}
	if len(resp.Signatures) != 1 {
		return nil, nil, &ServiceError{Method: "signatures/signHash", Status: http.StatusOK, Description: fmt.Sprintf("%d signatures for one hash", len(resp.Signatures))}
	}
	sig, err := base64.StdEncoding.DecodeString(resp.Signatures[0])
	if err != nil {
		return nil, nil, &ServiceError{Method: "signatures/signHash", Status: http.StatusOK, Description: "signature is not base64"}
	}
	return sig, chain, nil
}
