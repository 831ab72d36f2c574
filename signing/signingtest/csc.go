package signingtest

import (
	"crypto"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
)

// CSCFault makes the fake remote signing service misbehave.
type CSCFault int

const (
	// CSCHonest answers correctly (the zero value).
	CSCHonest CSCFault = iota
	// CSCWrongKey signs with another key than the certificate's.
	CSCWrongKey
	// CSCRefuse answers signHash with HTTP 400 and a CSC error.
	CSCRefuse
	// CSCSlow waits until the client gives up (a signer who never
	// approves).
	CSCSlow
)

// CSC is a local fake of a Cloud Signature Consortium API v2 service
// (credentials/info and signatures/signHash, synchronous), served by
// httptest, holding one credential.
type CSC struct {
	// URL is the API root, ending in "/csc/v2".
	URL string
	// Token, CredentialID and SAD are what the service expects.
	Token, CredentialID, SAD string
	server                   *httptest.Server
}

// Close shuts the server down.
func (s *CSC) Close() { s.server.Close() }

// NewCSC starts a fake service signing with leaf's key. Call Close when
// done.
func NewCSC(leaf *Leaf, fault CSCFault) (*CSC, error) {
	s := &CSC{Token: "test-token", CredentialID: "cred-1", SAD: "sad-1"}
	var other crypto.Signer
	if fault == CSCWrongKey {
		var err error
		if other, err = newKey(ECDSAP256); err != nil {
			return nil, err
		}
		if leaf.Cert.PublicKeyAlgorithm.String() == "RSA" {
			if other, err = newKey(RSA2048); err != nil {
				return nil, err
			}
		}
	}
	fail := func(w http.ResponseWriter, status int, code, desc string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_ = json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
	}
	mux := http.NewServeMux()
	auth := func(w http.ResponseWriter, r *http.Request, req any) bool {
		if r.Header.Get("Authorization") != "Bearer "+s.Token {
			fail(w, http.StatusUnauthorized, "invalid_token", "bad access token")
			return false
		}
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<16)).Decode(req); err != nil {
			fail(w, http.StatusBadRequest, "invalid_request", err.Error())
			return false
		}
		return true
	}
	mux.HandleFunc("POST /csc/v2/credentials/info", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			CredentialID string `json:"credentialID"`
			Certificates string `json:"certificates"`
		}
		if !auth(w, r, &req) {
			return
		}
		if req.CredentialID != s.CredentialID {
			fail(w, http.StatusBadRequest, "invalid_request", "Invalid parameter credentialID")
			return
		}
		var certs []string
		for _, c := range leaf.Chain {
			certs = append(certs, base64.StdEncoding.EncodeToString(c.Raw))
			if req.Certificates == "single" {
				break
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{
			"key":  map[string]any{"status": "enabled", "algo": []string{}},
			"cert": map[string]any{"status": "valid", "certificates": certs},
		})
	})
	mux.HandleFunc("POST /csc/v2/signatures/signHash", func(w http.ResponseWriter, r *http.Request) {
		var req struct {
			CredentialID string   `json:"credentialID"`
			SAD          string   `json:"SAD"`
			Hashes       []string `json:"hashes"`
			HashOID      string   `json:"hashAlgorithmOID"`
		}
		if !auth(w, r, &req) {
			return
		}
		switch {
		case fault == CSCSlow:
			<-r.Context().Done()
			return
		case fault == CSCRefuse:
			fail(w, http.StatusBadRequest, "invalid_request", "the signer refused")
			return
		case req.CredentialID != s.CredentialID || req.SAD != s.SAD:
			fail(w, http.StatusBadRequest, "invalid_request", "Invalid SAD")
			return
		}
		hashes := map[string]crypto.Hash{"2.16.840.1.101.3.4.2.1": crypto.SHA256, "2.16.840.1.101.3.4.2.2": crypto.SHA384, "2.16.840.1.101.3.4.2.3": crypto.SHA512}
		h, ok := hashes[req.HashOID]
		if !ok {
			fail(w, http.StatusBadRequest, "invalid_request", "Invalid hashAlgorithmOID")
			return
		}
		key := leaf.Key
		if other != nil {
			key = other
		}
		var sigs []string
		for _, hs := range req.Hashes {
			d, err := base64.StdEncoding.DecodeString(hs)
			if err != nil || len(d) != h.Size() {
				fail(w, http.StatusBadRequest, "invalid_request", "Invalid hash")
				return
			}
			sig, err := key.Sign(rand.Reader, d, h)
			if err != nil {
				fail(w, http.StatusInternalServerError, "server_error", err.Error())
				return
			}
			sigs = append(sigs, base64.StdEncoding.EncodeToString(sig))
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"signatures": sigs})
	})
	s.server = httptest.NewServer(mux)
	s.URL = s.server.URL + "/csc/v2"
	return s, nil
}
