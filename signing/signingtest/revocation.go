package signingtest

import (
	"crypto/rand"
	"crypto/x509"
	"io"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"golang.org/x/crypto/ocsp"
)

// RevocationFault makes the revocation responder misbehave.
type RevocationFault int

const (
	// RevocationHonest answers correctly (the zero value).
	RevocationHonest RevocationFault = iota
	// RevocationUnknownStatus answers OCSP with status unknown and serves
	// no CRL.
	RevocationUnknownStatus
	// RevocationDown answers HTTP 503 to everything.
	RevocationDown
	// RevocationNoOCSP answers OCSP with HTTP 503 but serves the CRL.
	RevocationNoOCSP
)

// Responder is a local OCSP responder and CRL distribution point of a
// [CA], served by httptest. Certificates the CA issues after
// [CA.StartRevocation] name it (OCSP server and CRL distribution point).
// It is safe for concurrent use.
type Responder struct {
	// OCSPURL and CRLURL are where it answers.
	OCSPURL, CRLURL string
	ca              *CA
	server          *httptest.Server
	mu              sync.Mutex
	revoked         map[string]revocation
	requests        int
	fault           RevocationFault
}

// SetFault makes the responder misbehave from now on.
func (r *Responder) SetFault(f RevocationFault) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.fault = f
}

type revocation struct {
	serial *big.Int
	at     time.Time
	reason int
}

// StartRevocation starts the CA's OCSP responder and CRL distribution
// point; certificates issued afterwards point to them. Call Close when
// done.
func (ca *CA) StartRevocation() *Responder {
	r := &Responder{ca: ca, revoked: map[string]revocation{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/ocsp", r.ocsp)
	mux.HandleFunc("/crl", r.crl)
	r.server = httptest.NewServer(mux)
	r.OCSPURL, r.CRLURL = r.server.URL+"/ocsp", r.server.URL+"/crl"
	ca.ocspURL, ca.crlURL = r.OCSPURL, r.CRLURL
	return r
}

// Close shuts the server down.
func (r *Responder) Close() { r.server.Close() }

// Revoke marks cert revoked since at, for reason (an RFC 5280 reason
// code, such as ocsp.KeyCompromise).
func (r *Responder) Revoke(cert *x509.Certificate, at time.Time, reason int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.revoked[cert.SerialNumber.String()] = revocation{serial: cert.SerialNumber, at: at, reason: reason}
}

// Requests returns how many requests it answered.
func (r *Responder) Requests() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.requests
}

// count counts a request and returns the fault in force.
func (r *Responder) count() RevocationFault {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	return r.fault
}

func (r *Responder) ocsp(w http.ResponseWriter, req *http.Request) {
	fault := r.count()
	if fault == RevocationDown || fault == RevocationNoOCSP {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	body, err := io.ReadAll(io.LimitReader(req.Body, 1<<16))
	if err != nil {
		http.Error(w, "read", http.StatusBadRequest)
		return
	}
	q, err := ocsp.ParseRequest(body)
	if err != nil {
		http.Error(w, "bad request", http.StatusBadRequest)
		return
	}
	now := r.ca.Now
	tpl := ocsp.Response{Status: ocsp.Good, SerialNumber: q.SerialNumber, ThisUpdate: now, NextUpdate: now.Add(24 * time.Hour)}
	r.mu.Lock()
	rv, revoked := r.revoked[q.SerialNumber.String()]
	r.mu.Unlock()
	switch {
	case fault == RevocationUnknownStatus:
		tpl.Status = ocsp.Unknown
	case revoked:
		tpl.Status, tpl.RevokedAt, tpl.RevocationReason = ocsp.Revoked, rv.at, rv.reason
	}
	resp, err := ocsp.CreateResponse(r.ca.Cert, r.ca.Cert, tpl, r.ca.Key)
	if err != nil {
		http.Error(w, "sign", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/ocsp-response")
	_, _ = w.Write(resp)
}

func (r *Responder) crl(w http.ResponseWriter, _ *http.Request) {
	if fault := r.count(); fault == RevocationDown || fault == RevocationUnknownStatus {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	r.mu.Lock()
	var entries []x509.RevocationListEntry
	for _, rv := range r.revoked {
		entries = append(entries, x509.RevocationListEntry{SerialNumber: rv.serial, RevocationTime: rv.at, ReasonCode: rv.reason})
	}
	r.mu.Unlock()
	n, err := serial()
	if err != nil {
		http.Error(w, "serial", http.StatusInternalServerError)
		return
	}
	der, err := x509.CreateRevocationList(rand.Reader, &x509.RevocationList{
		Number: n, ThisUpdate: r.ca.Now, NextUpdate: r.ca.Now.AddDate(0, 0, 7), RevokedCertificateEntries: entries,
	}, r.ca.Cert, r.ca.Key)
	if err != nil {
		http.Error(w, "sign", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/pkix-crl")
	_, _ = w.Write(der)
}
