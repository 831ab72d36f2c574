// Command dvc syncs a district's dossiers to a national portal through the
// store's outbox: it starts a local stand-in for the portal (its session
// login and service calls), files and handles three dossiers in a SQLite
// store, lets the portal fail for a while, and runs the sender until
// everything is delivered, printing what the portal received.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/dvc"
	"github.com/motcua/motcua/dossier/sqlstore"
)

func main() {
	if err := run(); err != nil {
		log.Fatal(err)
	}
}

// portal is a stand-in for the national portal: it answers the first two
// service calls with 503, then accepts and records the progress states.
type portal struct {
	mu     sync.Mutex
	calls  int
	states map[string][]string
}

func (p *portal) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	defer p.mu.Unlock()
	var req struct {
		Service string            `json:"service"`
		Data    []json.RawMessage `json:"data"`
	}
	json.NewDecoder(r.Body).Decode(&req)
	if r.URL.Path == "/auth" {
		fmt.Fprint(w, `{"error_code":0,"session":"s-1"}`)
		return
	}
	p.calls++
	if p.calls <= 2 {
		w.WriteHeader(http.StatusServiceUnavailable)
		return
	}
	if req.Service == "CapNhatTienDoHoSoMC" {
		for _, d := range req.Data {
			var pr dvc.Progress
			json.Unmarshal(d, &pr)
			p.states[pr.MaHoSo] = append(p.states[pr.MaHoSo], pr.TrangThai)
		}
	}
	fmt.Fprint(w, `{"error_code":"0","message":"thành công"}`)
}

func run() error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "motcua-dvc")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	store, err := sqlstore.Open(ctx, sqlstore.SQLite, filepath.Join(dir, "motcua.db"))
	if err != nil {
		return err
	}
	defer store.Close()
	cat, err := catalog.Sample()
	if err != nil {
		return err
	}
	cal, err := dossier.Official()
	if err != nil {
		return err
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, dossier.Location)
	clock := func() time.Time { now = now.Add(time.Minute); return now }
	svc, err := dossier.NewService(store, cat, cal, dossier.WithClock(clock))
	if err != nil {
		return err
	}
	proc := cat.Search(catalog.Query{Text: "khai sinh", Limit: 1})[0]
	clerk := dossier.Actor{ID: "can-bo-1", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	var scans []dossier.Attachment // the scanned documents the procedure requires
	for _, r := range proc.Documents {
		if !r.Optional {
			scans = append(scans, dossier.NewAttachment(r.Name, "scan.pdf", []byte("%PDF-1.7 "+r.Name)))
		}
	}
	for i := range 3 {
		d, err := svc.Submit(ctx, dossier.Actor{ID: fmt.Sprintf("cong-dan-%d", i), Role: dossier.RoleApplicant}, dossier.Submission{
			ProcedureCode: proc.Code, Agency: "000.00.01.H12", Channel: catalog.Counter, Attachments: scans,
			Applicant: dossier.Applicant{Name: fmt.Sprintf("Nguyễn Văn %c", 'A'+i), CitizenID: "001099012345"}})
		if err != nil {
			return err
		}
		if _, err := svc.Receive(ctx, d.Code, clerk); err != nil {
			return err
		}
		if i > 0 {
			if _, err := svc.Start(ctx, d.Code, clerk); err != nil {
				return err
			}
		}
	}
	p := &portal{states: map[string][]string{}}
	srv := httptest.NewServer(p)
	defer srv.Close()
	client, err := dvc.NewClient(dvc.Config{BaseURL: srv.URL, AuthPath: "/auth", ServicePath: "/service",
		Username: "motcua", Secret: "secret", AgencyCode: "000.00.01.H12"})
	if err != nil {
		return err
	}
	sender, err := dvc.NewSender(store, client, &dvc.Mapper{Catalog: cat}, dvc.Options{Backoff: 10 * time.Millisecond, Poll: 10 * time.Millisecond})
	if err != nil {
		return err
	}
	for {
		if _, err := sender.Step(ctx); err != nil {
			return err
		}
		left, err := sender.Pending(ctx)
		if err != nil {
			return err
		}
		if left == 0 {
			break
		}
		time.Sleep(10 * time.Millisecond) // past the backoff
	}
	codes := make([]string, 0, len(p.states))
	for c := range p.states {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	for _, c := range codes {
		fmt.Println(c, p.states[c])
	}
	fmt.Println("portal calls:", p.calls, "(the first two answered 503, retried)")
	return nil
}
