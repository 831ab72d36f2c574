package signing

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"time"

	"github.com/digitorus/timestamp"
)

// Timestamp configures an RFC 3161 timestamp authority. The token it
// returns is checked before use: its message imprint must be the digest of
// this signature and its nonce the one sent.
type Timestamp struct {
	// URL is the authority's address.
	URL string
	// Client is the HTTP client; nil means a client with no other
	// settings than Timeout.
	Client *http.Client
	// Timeout bounds the whole exchange; zero means 30 seconds.
	Timeout time.Duration
	// Username and Password, when set, are sent with HTTP basic
	// authentication.
	Username, Password string
}

const (
	defaultTSATimeout = 30 * time.Second
	maxTSAResponse    = 1 << 20
)

// stamp asks the authority for a token over data and returns the raw
// TimeStampToken (a CMS ContentInfo).
func (t *Timestamp) stamp(ctx context.Context, data []byte, h crypto.Hash) ([]byte, error) {
	hh := h.New()
	hh.Write(data)
	return t.stampDigest(ctx, hh.Sum(nil), h)
}

// stampDigest asks the authority for a token over a digest computed with
// h.
func (t *Timestamp) stampDigest(ctx context.Context, digest []byte, h crypto.Hash) ([]byte, error) {
	fail := func(err error) error { return &TimestampError{URL: t.URL, Err: err} }
	nonce, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 64))
	if err != nil {
		return nil, fail(err)
	}
	req, err := (&timestamp.Request{HashAlgorithm: h, HashedMessage: digest, Certificates: true, Nonce: nonce}).Marshal()
	if err != nil {
		return nil, fail(err)
	}
	timeout := t.Timeout
	if timeout <= 0 {
		timeout = defaultTSATimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	hr, err := http.NewRequestWithContext(ctx, http.MethodPost, t.URL, bytes.NewReader(req))
	if err != nil {
		return nil, fail(err)
	}
	hr.Header.Set("Content-Type", "application/timestamp-query")
	if t.Username != "" || t.Password != "" {
		hr.SetBasicAuth(t.Username, t.Password)
	}
	client := t.Client
	if client == nil {
		client = &http.Client{}
	}
	resp, err := client.Do(hr)
	if err != nil {
		return nil, fail(err)
	}
	defer func() { _ = resp.Body.Close() }()
	if resp.StatusCode != http.StatusOK {
		return nil, fail(fmt.Errorf("HTTP status %s", resp.Status))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxTSAResponse+1))
	if err != nil {
		return nil, fail(err)
	}
	if len(body) > maxTSAResponse {
		return nil, fail(fmt.Errorf("reply larger than %d bytes", maxTSAResponse))
	}
	ts, err := timestamp.ParseResponse(body)
	if err != nil {
		return nil, fail(fmt.Errorf("parse reply: %w", err))
	}
	if ts.HashAlgorithm != h || !bytes.Equal(ts.HashedMessage, digest) {
		return nil, fail(fmt.Errorf("token's message imprint does not match the request"))
	}
	if ts.Nonce == nil || ts.Nonce.Cmp(nonce) != 0 {
		return nil, fail(fmt.Errorf("token's nonce does not match the request"))
	}
	if len(ts.Certificates) == 0 {
		return nil, fail(fmt.Errorf("token carries no certificate, its signature cannot be checked"))
	}
	return ts.RawToken, nil
}
