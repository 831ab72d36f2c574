package dvc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"

	"github.com/motcua/motcua/internal/boundedio"
	"github.com/motcua/motcua/internal/errdetail"
)

// Portal is the national portal's side of the sync. [*Client] speaks its
// HTTP protocol; tests and other transports implement it too.
type Portal interface {
	// SyncDossiers sends dossier records (DongBoHoSoMC); updating says
	// they are updates of dossiers sent before (isUpdating).
	SyncDossiers(ctx context.Context, records []Record, updating bool) error
	// UpdateProgress sends progress records (CapNhatTienDoHoSoMC).
	UpdateProgress(ctx context.Context, progress []Progress) error
}

// Config is how a [Client] reaches the portal, as the open one-stop
// systems configure it (OpenCPS's ServerConfig "DVCQG_INTEGRATION").
type Config struct {
	// BaseURL is the adapter's address (adapter_url).
	BaseURL string
	// AuthPath and ServicePath are the login and service endpoints
	// (auth_endpoint, integration_endpoint).
	AuthPath, ServicePath string
	// Username and Secret are the account's credentials.
	Username, Secret string
	// AgencyCode is madonvi, the one-stop system's unit code.
	AgencyCode string
	// DstCode is sent in the dstcode header.
	DstCode string
	// HTTPClient sends the requests; nil means a client without timeout
	// (give the context one).
	HTTPClient *http.Client
}

// Client is a [Portal] over the portal's HTTP protocol: a login (POST
// {"username","secret"} to AuthPath, answered {"session","error_code":0})
// opens a session that each service call carries (POST {"session",
// "madonvi","service","isUpdating","data":[...]} to ServicePath, answered
// {"error_code","message"}). A refused call logs in again once, in case
// the session expired. It is safe for concurrent use.
type Client struct {
	cfg     Config
	mu      sync.Mutex
	session string
}

// NewClient returns a client for cfg; BaseURL, AuthPath, ServicePath,
// Username and AgencyCode are required.
func NewClient(cfg Config) (*Client, error) {
	if cfg.BaseURL == "" || cfg.AuthPath == "" || cfg.ServicePath == "" || cfg.Username == "" || cfg.AgencyCode == "" {
		return nil, fmt.Errorf("%w: BaseURL, AuthPath, ServicePath, Username and AgencyCode are required", ErrConfig)
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{}
	}
	return &Client{cfg: cfg}, nil
}

// MaxAnswerBytes bounds the portal's answers.
const MaxAnswerBytes = 1 << 20

// Answer is the portal's answer to a call.
type Answer struct {
	ErrorCode string `json:"-"`
	Message   string `json:"message"`
	Session   string `json:"session"`
}

// ParseAnswer reads an answer body: error_code as a number or a string.
// A body that is not JSON wraps [ErrTransient]; one without error_code is
// a [*PortalError].
func ParseAnswer(service string, status int, body []byte) (Answer, error) {
	var raw struct {
		ErrorCode json.RawMessage `json:"error_code"`
		Message   string          `json:"message"`
		Session   string          `json:"session"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		// A proxy's error page, a maintenance notice: not the portal's answer.
		return Answer{}, fmt.Errorf("%w: %s: HTTP %d, the answer is not JSON: %s", ErrTransient, service, status, errdetail.Quote(string(body)))
	}
	a := Answer{Message: raw.Message, Session: raw.Session}
	code := strings.TrimSpace(string(raw.ErrorCode))
	if s, err := unquote(code); err == nil {
		code = s
	}
	a.ErrorCode = code
	if code == "" {
		return a, &PortalError{Service: service, Status: status, Detail: "no error_code"}
	}
	return a, nil
}

func unquote(s string) (string, error) {
	var v string
	err := json.Unmarshal([]byte(s), &v)
	return v, err
}

// post sends v as JSON to path and parses the answer.
func (c *Client) post(ctx context.Context, service, path string, v any) (Answer, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %s: %w", ErrMapping, service, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, strings.TrimSuffix(c.cfg.BaseURL, "/")+path, bytes.NewReader(body))
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %w", ErrConfig, err)
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("Accept", "application/json")
	if c.cfg.DstCode != "" {
		req.Header.Set("dstcode", c.cfg.DstCode)
	}
	resp, err := c.cfg.HTTPClient.Do(req)
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %s: %w", ErrTransient, service, err)
	}
	defer resp.Body.Close()
	data, err := boundedio.ReadAll(resp.Body, MaxAnswerBytes)
	if errors.Is(err, boundedio.ErrTooLarge) {
		return Answer{}, &PortalError{Service: service, Status: resp.StatusCode, Detail: "answer larger than MaxAnswerBytes"}
	}
	if err != nil {
		return Answer{}, fmt.Errorf("%w: %s: read the answer: %w", ErrTransient, service, err)
	}
	if resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests {
		return Answer{}, fmt.Errorf("%w: %s: HTTP %d", ErrTransient, service, resp.StatusCode)
	}
	a, err := ParseAnswer(service, resp.StatusCode, data)
	if err != nil {
		return a, err
	}
	if resp.StatusCode >= 300 {
		return a, &PortalError{Service: service, Status: resp.StatusCode, Code: a.ErrorCode, Detail: a.Message}
	}
	return a, nil
}

// login opens a session.
func (c *Client) login(ctx context.Context) (string, error) {
	a, err := c.post(ctx, "login", c.cfg.AuthPath, map[string]string{"username": c.cfg.Username, "secret": c.cfg.Secret})
	if err != nil {
		return "", err
	}
	if a.ErrorCode != "0" || a.Session == "" {
		return "", &PortalError{Service: "login", Status: http.StatusOK, Code: a.ErrorCode, Detail: a.Message}
	}
	c.mu.Lock()
	c.session = a.Session
	c.mu.Unlock()
	return a.Session, nil
}

// call runs a service with the session, logging in when there is none and
// once more when the portal refuses.
func (c *Client) call(ctx context.Context, service string, updating bool, data any) (Answer, error) {
	c.mu.Lock()
	session := c.session
	c.mu.Unlock()
	for try := 0; ; try++ {
		if session == "" {
			var err error
			if session, err = c.login(ctx); err != nil {
				return Answer{}, err
			}
		}
		a, err := c.post(ctx, service, c.cfg.ServicePath, map[string]any{
			"session": session, "madonvi": c.cfg.AgencyCode, "service": service, "isUpdating": updating, "data": data,
		})
		if err != nil {
			return a, err
		}
		if a.ErrorCode == "0" || try == 1 {
			return a, nil
		}
		session = "" // maybe expired: log in again, once
	}
}

// exists reports whether an answer says the dossier is already there, as
// the portal answers a second DongBoHoSoMC without isUpdating (error_code
// 3 or -3, "đã tồn tại", seen in open integrations).
func exists(a Answer) bool {
	return (a.ErrorCode == "3" || a.ErrorCode == "-3") || strings.Contains(strings.ToLower(a.Message), "đã tồn tại")
}

// SyncDossiers implements [Portal]. A new record the portal already has
// (a delivery repeated after a crash) is sent again as an update.
func (c *Client) SyncDossiers(ctx context.Context, records []Record, updating bool) error {
	a, err := c.call(ctx, "DongBoHoSoMC", updating, records)
	if err != nil {
		return err
	}
	if a.ErrorCode != "0" && !updating && exists(a) {
		a, err = c.call(ctx, "DongBoHoSoMC", true, records)
		if err != nil {
			return err
		}
	}
	if a.ErrorCode != "0" {
		return &PortalError{Service: "DongBoHoSoMC", Status: http.StatusOK, Code: a.ErrorCode, Detail: a.Message}
	}
	return nil
}

// UpdateProgress implements [Portal]. An answer that the record exists
// already (a repeated delivery) counts as done.
func (c *Client) UpdateProgress(ctx context.Context, progress []Progress) error {
	a, err := c.call(ctx, "CapNhatTienDoHoSoMC", true, progress)
	if err != nil {
		return err
	}
	if a.ErrorCode != "0" && !exists(a) {
		return &PortalError{Service: "CapNhatTienDoHoSoMC", Status: http.StatusOK, Code: a.ErrorCode, Detail: a.Message}
	}
	return nil
}
