package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/bank"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/dossier/sqlstore"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/forms/htmlform"
	"github.com/motcua/motcua/signing/signingtest"
)

// Limits of what a request may carry.
const (
	maxBody    = 40 << 20 // a whole request: the form and its files
	maxUpload  = 10 << 20 // one file (the catalogue's limit when lower)
	maxInForm  = 4 << 20  // of the files held in memory while parsing
	agencyCode = "000.00.01.H26"
)

// Config configures the portal. Dir and Font are required.
type Config struct {
	// Dir holds the SQLite file (portal.db) and the uploads (blobs/).
	Dir string
	// Font and BoldFont are the papers' TrueType font.
	Font, BoldFont []byte
	// BaseURL is the portal's address, printed on receipts for lookup.
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Account receives the fees (VietQR); zero means a demonstration
	// account of the State Treasury's bank.
	Account bank.Account
}

// App is the portal: the services, the renderers and the state of the
// citizens' drafts. It is safe for concurrent use.
type App struct {
	cfg      Config
	now      func() time.Time
	store    *sqlstore.Store
	svc      *dossier.Service
	cat      *catalog.Catalog
	schedule *fees.Schedule
	forms    map[string]*htmlform.Renderer // by form ID
	papers   *paper.Renderer
	ca       *signingtest.CA
	officer  *signingtest.Leaf
	blobs    *blobs
	key      []byte // signs sessions and CSRF tokens
	idp      Identity

	mu     sync.Mutex
	drafts map[string]*draft             // by draft ID
	leaves map[string]*signingtest.Leaf  // citizens' certificates, by user ID
	docs   map[string]*htmlform.Renderer // document upload forms, by procedure code
}

// New opens the portal's database and builds its services.
func New(ctx context.Context, cfg Config) (*App, error) {
	if err := os.MkdirAll(cfg.Dir, 0o750); err != nil {
		return nil, err
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	a := &App{cfg: cfg, now: func() time.Time { return now().In(dossier.Location) },
		drafts: map[string]*draft{}, leaves: map[string]*signingtest.Leaf{}, docs: map[string]*htmlform.Renderer{}}
	if a.cfg.Account.BIN == "" {
		a.cfg.Account = bank.Account{BIN: "970415", Number: "113000006100", Name: "UBND PHUONG DEMO"}
	}
	var err error
	if a.cat, err = catalog.Sample(); err != nil {
		return nil, err
	}
	if a.schedule, err = fees.Sample(); err != nil {
		return nil, err
	}
	cal, err := dossier.Official()
	if err != nil {
		return nil, err
	}
	schema, err := forms.SampleEnterpriseRegistration()
	if err != nil {
		return nil, err
	}
	r, err := htmlform.New(schema, htmlform.Options{AdminUnits: forms.ProvincesAt(a.now())})
	if err != nil {
		return nil, err
	}
	a.forms = map[string]*htmlform.Renderer{schema.ID: r}
	if a.store, err = sqlstore.Open(ctx, sqlstore.SQLite, filepath.Join(cfg.Dir, "portal.db")); err != nil {
		return nil, err
	}
	if a.svc, err = dossier.NewService(a.store, a.cat, cal,
		dossier.WithClock(a.now),
		dossier.WithForms(map[string]dossier.FormValidator{schema.ID: r.Form()}),
		dossier.WithFees(a.schedule, nil)); err != nil {
		a.store.Close()
		return nil, err
	}
	if a.papers, err = paper.New(paper.Options{Font: cfg.Font, BoldFont: cfg.BoldFont, LookupURL: cfg.BaseURL + "/tra-cuu?ma={code}"}); err != nil {
		a.store.Close()
		return nil, err
	}
	// The test CA stands in for a remote signing service's CA; a portal
	// trusts the national root instead.
	if a.ca, err = signingtest.NewCA("motcua Portal Demo CA", a.now().Add(-time.Hour)); err != nil {
		a.store.Close()
		return nil, err
	}
	if a.officer, err = a.ca.Issue("Lê Thị Hoa", signingtest.ECDSAP256); err != nil {
		a.store.Close()
		return nil, err
	}
	if a.blobs, err = newBlobs(filepath.Join(cfg.Dir, "blobs")); err != nil {
		a.store.Close()
		return nil, err
	}
	a.key = make([]byte, 32)
	if _, err := rand.Read(a.key); err != nil {
		a.store.Close()
		return nil, err
	}
	a.idp = stubIdentity{}
	return a, nil
}

// Close closes the database.
func (a *App) Close() error { return a.store.Close() }

// Handler returns the portal's routes, behind its security middleware.
func (a *App) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", a.home)
	mux.HandleFunc("GET /static/style.css", static("text/css; charset=utf-8", styleCSS))
	mux.HandleFunc("GET /static/htmlform.js", static("text/javascript; charset=utf-8", htmlform.Script()))
	mux.HandleFunc("GET /dang-nhap", a.loginPage)
	mux.HandleFunc("POST /dang-nhap", a.login)
	mux.HandleFunc("POST /dang-xuat", a.logout)
	mux.HandleFunc("GET /tra-cuu", a.lookup)
	mux.HandleFunc("GET /thu-tuc/{code}", a.procedure)
	mux.HandleFunc("POST /thu-tuc/{code}/nop", a.citizen(a.startDraft))
	mux.HandleFunc("GET /nop/{draft}/{step}", a.citizen(a.draftPage))
	mux.HandleFunc("POST /nop/{draft}/{step}", a.citizen(a.draftPost))
	mux.HandleFunc("GET /ho-so/{code}", a.citizen(a.dossierPage))
	mux.HandleFunc("POST /ho-so/{code}/{action}", a.citizen(a.dossierPost))
	mux.HandleFunc("GET /ho-so/{code}/vietqr.png", a.citizen(a.vietQR))
	mux.HandleFunc("GET /ho-so/{code}/giay-tiep-nhan.pdf", a.citizen(a.receiptPDF))
	mux.HandleFunc("GET /ho-so/{code}/ket-qua.pdf", a.citizen(a.resultPDF))
	mux.HandleFunc("GET /can-bo", a.officerOnly(a.queue))
	mux.HandleFunc("GET /can-bo/ho-so/{code}", a.officerOnly(a.desk))
	mux.HandleFunc("POST /can-bo/ho-so/{code}/{action}", a.officerOnly(a.deskPost))
	mux.HandleFunc("GET /can-bo/thong-ke.xlsx", a.officerOnly(a.statistics))
	return a.secure(mux)
}

func static(contentType, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader([]byte(body)))
	}
}

// procedureAt returns the procedure in force now, or false.
func (a *App) procedureAt(code string) (catalog.Procedure, bool) {
	return a.cat.Get(code, a.now())
}

// loadDossier returns the dossier of code if the user may see it: its
// applicant, or an officer.
func (a *App) loadDossier(ctx context.Context, u User, code string) (dossier.Dossier, error) {
	if _, _, _, err := dossier.ParseCode(code); err != nil {
		return dossier.Dossier{}, dossier.ErrNotFound
	}
	d, err := a.svc.Get(ctx, code)
	if err != nil {
		return d, err
	}
	if u.Role != dossier.RoleOfficer && d.Applicant.CitizenID != u.CitizenID {
		return dossier.Dossier{}, dossier.ErrNotFound
	}
	return d, nil
}

// leaf returns the signing certificate of a citizen, issued by the test CA
// on first use: the remote signing service's account.
func (a *App) leaf(u User) (*signingtest.Leaf, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if l, ok := a.leaves[u.ID]; ok {
		return l, nil
	}
	l, err := a.ca.Issue(u.Name, signingtest.ECDSAP256)
	if err != nil {
		return nil, err
	}
	a.leaves[u.ID] = l
	return l, nil
}

func notFound(w http.ResponseWriter) {
	http.Error(w, "Không tìm thấy (not found)", http.StatusNotFound)
}

func serverError(w http.ResponseWriter, err error) {
	http.Error(w, fmt.Sprintf("Lỗi máy chủ (server error): %v", err), http.StatusInternalServerError)
}
