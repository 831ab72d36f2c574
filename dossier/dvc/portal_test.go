package dvc_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/motcua/motcua/dossier/dvc"
)

// fakePortal is a local portal: it checks the protocol (login, session,
// madonvi, service names, JSON), keeps what it accepted per dossier, and
// injects failures.
type fakePortal struct {
	t  testing.TB
	mu sync.Mutex
	// records[MaHoSo] is every accepted dossier record; progress[MaHoSo]
	// every accepted progress record, duplicates refused.
	records  map[string][]dvc.Record
	progress map[string][]dvc.Progress
	calls    map[string]int
	logins   int
	sessions map[string]bool
	// fail, when set, answers a call instead (after the protocol checks).
	fail func(service string, n int) (status int, body string, delay time.Duration)
	srv  *httptest.Server
}

func newFakePortal(t testing.TB) *fakePortal {
	p := &fakePortal{t: t, records: map[string][]dvc.Record{}, progress: map[string][]dvc.Progress{},
		calls: map[string]int{}, sessions: map[string]bool{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth", p.login)
	mux.HandleFunc("POST /service", p.service)
	p.srv = httptest.NewServer(mux)
	t.Cleanup(p.srv.Close)
	return p
}

func (p *fakePortal) config() dvc.Config {
	return dvc.Config{BaseURL: p.srv.URL, AuthPath: "/auth", ServicePath: "/service", Username: "motcua", Secret: "s3cret",
		AgencyCode: "000.00.01.H12", DstCode: "H12", HTTPClient: &http.Client{Timeout: 300 * time.Millisecond}}
}

func answer(w http.ResponseWriter, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"error_code": code, "message": msg})
}

func (p *fakePortal) login(w http.ResponseWriter, r *http.Request) {
	var req struct{ Username, Secret string }
	if r.Header.Get("dstcode") != "H12" || json.NewDecoder(r.Body).Decode(&req) != nil || req.Username != "motcua" || req.Secret != "s3cret" {
		answer(w, "1", "sai thông tin đăng nhập")
		return
	}
	p.mu.Lock()
	p.logins++
	s := "session-" + time.Now().Format("150405.000000000")
	p.sessions[s] = true
	p.mu.Unlock()
	json.NewEncoder(w).Encode(map[string]any{"error_code": 0, "session": s})
}

func (p *fakePortal) service(w http.ResponseWriter, r *http.Request) {
	var req struct {
		Session    string          `json:"session"`
		MaDonVi    string          `json:"madonvi"`
		Service    string          `json:"service"`
		IsUpdating bool            `json:"isUpdating"`
		Data       json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		http.Error(w, "bad json", http.StatusBadRequest)
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.sessions[req.Session] {
		answer(w, "-1", "phiên làm việc hết hạn")
		return
	}
	if req.MaDonVi != "000.00.01.H12" {
		answer(w, "2", "sai mã đơn vị")
		return
	}
	p.calls[req.Service]++
	if p.fail != nil {
		if status, body, delay := p.fail(req.Service, p.calls[req.Service]); status != 0 {
			p.mu.Unlock()
			time.Sleep(delay)
			p.mu.Lock()
			w.WriteHeader(status)
			w.Write([]byte(body))
			return
		}
	}
	switch req.Service {
	case "DongBoHoSoMC":
		var rs []dvc.Record
		if json.Unmarshal(req.Data, &rs) != nil || len(rs) == 0 {
			answer(w, "4", "dữ liệu không hợp lệ")
			return
		}
		for _, r := range rs {
			if r.MaHoSo == "" || r.MaTTHC == "" || r.TrangThaiHoSo == "" {
				answer(w, "4", "thiếu trường bắt buộc")
				return
			}
			if _, ok := p.records[r.MaHoSo]; ok != req.IsUpdating {
				if ok {
					answer(w, "3", "Hồ sơ "+r.MaHoSo+" đã tồn tại")
				} else {
					answer(w, "5", "Hồ sơ "+r.MaHoSo+" chưa đồng bộ")
				}
				return
			}
		}
		for _, r := range rs {
			p.records[r.MaHoSo] = append(p.records[r.MaHoSo], r)
		}
		answer(w, "0", "Đồng bộ thành công")
	case "CapNhatTienDoHoSoMC":
		var ps []dvc.Progress
		if json.Unmarshal(req.Data, &ps) != nil || len(ps) == 0 {
			answer(w, "4", "dữ liệu không hợp lệ")
			return
		}
		for _, pr := range ps {
			if _, ok := p.records[pr.MaHoSo]; !ok {
				answer(w, "5", "Hồ sơ "+pr.MaHoSo+" chưa đồng bộ")
				return
			}
			if l := p.progress[pr.MaHoSo]; len(l) > 0 && l[len(l)-1] == pr {
				answer(w, "3", "Tiến độ đã tồn tại")
				return
			}
		}
		for _, pr := range ps {
			p.progress[pr.MaHoSo] = append(p.progress[pr.MaHoSo], pr)
		}
		answer(w, "0", "Cập nhật thành công")
	default:
		answer(w, "9", "dịch vụ không tồn tại")
	}
}

// states returns the TrangThai of each progress record of a dossier.
func (p *fakePortal) states(code string) []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	var out []string
	for _, pr := range p.progress[code] {
		out = append(out, pr.TrangThai)
	}
	return out
}
