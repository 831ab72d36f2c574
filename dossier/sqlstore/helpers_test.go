package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

// pgEnv names the environment variable holding the PostgreSQL test DSN;
// .ci/postgres.sh sets it.
const pgEnv = "MOTCUA_POSTGRES_DSN"

// backend opens a fresh, empty store of one kind for a test.
type backend struct {
	name string
	// dsn returns the driver and a data source name of a fresh database.
	dsn func(t testing.TB) (driver, dsn string)
}

var backends = []backend{
	{"sqlite", func(t testing.TB) (string, string) {
		return SQLite, filepath.Join(t.TempDir(), "motcua.db")
	}},
	{"postgres", func(t testing.TB) (string, string) { return Postgres, pgSchema(t) }},
}

func (b backend) open(t testing.TB, opts ...Option) *Store {
	t.Helper()
	driver, dsn := b.dsn(t)
	s, err := Open(context.Background(), driver, dsn, opts...)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s
}

// forEach runs f as a subtest on every backend.
func forEach(t *testing.T, f func(t *testing.T, b backend)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) { f(t, b) })
	}
}

// pgSchema creates a schema of its own for the test and returns a DSN
// whose search_path selects it; the schema is dropped after the test. It
// skips (fails in CI) when no server is configured.
func pgSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(pgEnv)
	if base == "" {
		testenv.Missing(t, pgEnv+" is not set (source .ci/postgres.sh to start a throw-away PostgreSQL)")
	}
	db, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer db.Close()
	name := fmt.Sprintf("t_%d_%08x", time.Now().UnixNano()%1e9, rand.Uint32())
	_, err = db.Exec("CREATE SCHEMA " + name)
	require.NoError(t, err, "create schema")
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		_, _ = db.Exec("DROP SCHEMA " + name + " CASCADE")
	})
	return withParam(base, "search_path", name)
}

func withParam(dsn, k, v string) string {
	sep := "?"
	if strings.Contains(dsn, "?") {
		sep = "&"
	}
	if strings.Contains(dsn, "://") {
		return dsn + sep + k + "=" + url.QueryEscape(v)
	}
	return dsn + " " + k + "=" + v
}

var (
	t0    = time.Date(2026, time.March, 2, 8, 30, 0, 123456789, vntime.Location)
	clerk = dossier.Actor{ID: "cb.001", Role: dossier.RoleOfficer, Unit: "000.00.01.H12"}
	citiz = dossier.Actor{ID: "079200001234", Role: dossier.RoleApplicant}
)

// newDossier returns a dossier just submitted, with a trail of one event.
func newDossier(code string, at time.Time) dossier.Dossier {
	agency, _, _, err := dossier.ParseCode(code)
	if err != nil {
		agency = "000.00.01.H12"
	}
	d := dossier.Dossier{
		Code: code, Agency: agency, Unit: agency, Units: []string{agency},
		ProcedureCode: "1.001612", Sector: "Đăng ký kinh doanh", Level: catalog.Commune,
		Online: catalog.Full, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "079200001234", Phone: "0912345678"},
		FormData:  map[string]any{"ten": "Cửa hàng An", "von": 100000000.0, "nganh": []any{"4711", "5610"}},
		Attachments: []dossier.Attachment{{Name: "Giấy đề nghị", FileName: "de-nghi.pdf", MediaType: "application/pdf",
			Size: 123456, SHA256: strings.Repeat("ab", 32)}},
		Status: dossier.Submitted, Deadline: dossier.Days(3), SubmittedAt: at,
	}
	seal(&d, dossier.Event{At: at, Actor: citiz, Action: dossier.Submit, To: dossier.Submitted})
	return d
}

// seal appends ev to d's trail as the Service does: sequence number, link
// and hash; the dossier takes the event's target state.
func seal(d *dossier.Dossier, ev dossier.Event) {
	ev.Seq = uint64(len(d.Events)) + 1
	ev.PrevHash = d.Head()
	ev.Hash = dossier.EventHash(d.Code, &ev)
	d.Events = append(d.Events, ev)
	d.Version++
	d.Status = ev.To
}

// step moves d along a fixed life: received, in progress, result ready,
// returned; then it stays returned (more return events are appended, so
// tests can write as many transitions as they like).
func step(d *dossier.Dossier, at time.Time) {
	ev := dossier.Event{At: at, Actor: clerk, From: d.Status}
	switch d.Status {
	case dossier.Submitted:
		ev.Action, ev.To = dossier.Receive, dossier.Received
		d.ReceivedAt, d.DueAt = at, at.Add(72*time.Hour)
		ev.Data = map[string]string{"dueAt": d.DueAt.Format(time.RFC3339)}
	case dossier.Received:
		ev.Action, ev.To = dossier.Start, dossier.InProgress
	case dossier.InProgress:
		ev.Action, ev.To = dossier.Approve, dossier.ResultReady
		d.SettledAt, d.Outcome = at, dossier.Granted
	default:
		ev.Action, ev.To = dossier.ReturnResult, dossier.Returned
		d.ClosedAt, d.Delivery = at, dossier.AtCounter
		ev.Reason = "trả kết quả"
		ev.Data = map[string]string{}
	}
	seal(d, ev)
}
