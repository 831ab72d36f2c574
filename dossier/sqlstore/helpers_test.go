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
func newDossier(code string, at time.Time) dossier.Dossier { return newDossierWith(code, at, nil) }

// newDossierWith is newDossier with edit applied to the dossier before its
// submission event is sealed, so that the trail binds the edited fields.
func newDossierWith(code string, at time.Time, edit func(d *dossier.Dossier)) dossier.Dossier {
	agency, _, _, err := dossier.ParseCode(code)
	if err != nil {
		agency = "000.00.01.H12"
	}
	d := dossier.Dossier{
		Code: code, Agency: agency,
		ProcedureCode: "1.001612", Sector: "Đăng ký kinh doanh", Level: catalog.Commune,
		Online: catalog.Full, Channel: catalog.Online,
		Applicant: dossier.Applicant{Name: "Nguyễn Văn An", CitizenID: "079200001234", Phone: "0912345678"},
		FormData:  map[string]any{"ten": "Cửa hàng An", "von": 100000000.0, "nganh": []any{"4711", "5610"}},
		Attachments: []dossier.Attachment{{Name: "Giấy đề nghị", FileName: "de-nghi.pdf", MediaType: "application/pdf",
			Size: 123456, SHA256: strings.Repeat("ab", 32)}},
		Status: dossier.Submitted, Deadline: dossier.Days(3), SubmittedAt: at,
	}
	if edit != nil {
		edit(&d)
	}
	data, err := dossier.SubmissionData(&d)
	if err != nil {
		panic(err) // test data
	}
	seal(&d, dossier.Event{At: at, Actor: citiz, Action: dossier.Submit, To: dossier.Submitted, Data: data})
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
		d.Unit, d.Units = d.Agency, append(d.Units, d.Agency)
		ev.Data = dossier.NewEventData(map[string]string{"due": d.DueAt.Format(time.RFC3339Nano)})
	case dossier.Received:
		ev.Action, ev.To = dossier.Start, dossier.InProgress
	case dossier.InProgress:
		ev.Action, ev.To = dossier.Approve, dossier.ResultReady
		d.SettledAt, d.Outcome = at, dossier.Granted
	default:
		ev.Action, ev.To = dossier.ReturnResult, dossier.Returned
		d.ClosedAt, d.Delivery = at, dossier.AtCounter
		ev.Reason = "trả kết quả"
		ev.Data = dossier.NewEventData(map[string]string{"via": dossier.AtCounter.String()})
	}
	seal(d, ev)
}

// createMany stores ds in transactions of 5,000 dossiers with multi-row
// inserts (bulk loading for tests and benchmarks; Create writes one
// transaction per dossier), their events appended to the log unless the
// store's log is off.
func createMany(t testing.TB, s *Store, ds []dossier.Dossier) { insertMany(t, s, ds, !s.noLog) }

// columnsAt returns how many of dossierColumns schema version v has: the
// trail digest came with schema 4, the facts columns with schema 8.
func columnsAt(v int) int {
	switch {
	case v < 4:
		return len(dossierColumns) - 3
	case v < 8:
		return len(dossierColumns) - 2
	}
	return len(dossierColumns)
}

// insertMany is createMany, appending to the log when log is set (not for
// a schema older than the log).
func insertMany(t testing.TB, s *Store, ds []dossier.Dossier, log bool) {
	t.Helper()
	ctx := context.Background()
	const rowsPerInsert = 100
	v, err := s.Version(ctx)
	require.NoError(t, err)
	ncol := columnsAt(v)
	cols := strings.Join(dossierColumns[:ncol], ", ")
	one := "(" + placeholders(ncol) + ")"
	for len(ds) > 0 {
		n := min(len(ds), 5000)
		err := s.inTx(ctx, "bulk create", "", func(tx *sql.Tx) error {
			var evs [][]any
			for i := 0; i < n; i += rowsPerInsert {
				k := min(rowsPerInsert, n-i)
				args := make([]any, 0, k*len(dossierColumns))
				for j := i; j < i+k; j++ {
					row, err := encodeDossier(&ds[j])
					if err != nil {
						return err
					}
					args = append(args, row[:ncol]...)
					e, err := encodeEvents(ds[j].Code, ds[j].Events, 0)
					if err != nil {
						return err
					}
					evs = append(evs, e...)
				}
				q := "INSERT INTO motcua_dossiers (" + cols + ") VALUES " + strings.TrimSuffix(strings.Repeat(one+", ", k), ", ")
				if _, err := tx.ExecContext(ctx, s.q(q), args...); err != nil {
					return err
				}
			}
			if err := s.insertEvents(ctx, tx, evs); err != nil {
				return err
			}
			if !log {
				return nil
			}
			a, err := s.beginAppend(ctx, tx)
			if err != nil {
				return err
			}
			for j := range ds[:n] {
				for k := range ds[j].Events {
					if err := a.add(ctx, ds[j].Code, ds[j].Events[k].Seq, dossier.LeafHash(&ds[j].Events[k])); err != nil {
						return err
					}
				}
			}
			return a.flush(ctx)
		})
		require.NoError(t, err)
		ds = ds[n:]
	}
}

// population returns n varied dossiers received over the first months of
// 2026 in many states, agencies, procedures, sectors, levels and channels.
func population(n int, seed uint64) []dossier.Dossier { return populationFrom(n, seed, 0) }

// populationFrom is population with daily sequence numbers starting after
// base, so that several populations have distinct codes.
func populationFrom(n int, seed uint64, base int) []dossier.Dossier {
	rng := rand.New(rand.NewPCG(seed, 1))
	agencies := []string{"000.00.01.H12", "000.00.02.H12", "000.20.31.H29"}
	procs := []struct {
		code, sector string
		level        catalog.Level
		online       catalog.OnlineLevel
	}{
		{"1.001612", "Hộ tịch", catalog.Commune, catalog.Full},
		{"2.000488", "Đăng ký kinh doanh", catalog.Province, catalog.Partial},
		{"1.004227", "Đất đai", catalog.Province, catalog.Offline},
		{"1.000894", "Hộ tịch", catalog.Commune, catalog.Partial},
	}
	channels := []catalog.Channel{catalog.Online, catalog.Counter, catalog.Post}
	seqs := map[string]int{}
	out := make([]dossier.Dossier, 0, n)
	for range n {
		at := vntime.Date(2026, time.January, 2).Add(time.Duration(rng.Int64N(int64(120 * 24 * time.Hour))))
		agency := agencies[rng.IntN(len(agencies))]
		k := agency + at.Format("060102")
		if seqs[k] == 0 {
			seqs[k] = base
		}
		seqs[k]++
		p := procs[rng.IntN(len(procs))]
		channel := channels[rng.IntN(len(channels))]
		d := newDossierWith(dossier.FormatCode(agency, at, seqs[k]), at, func(d *dossier.Dossier) {
			d.ProcedureCode, d.Sector, d.Level, d.Online = p.code, p.sector, p.level, p.online
			d.Channel = channel
		})
		switch r := rng.IntN(10); {
		case r == 0: // withdrawn before receipt
			d.ClosedAt = at.Add(time.Hour)
			seal(&d, dossier.Event{At: d.ClosedAt, Actor: citiz, Action: dossier.Withdraw, From: d.Status, To: dossier.Withdrawn})
		case r == 1: // awaiting supplementation
			step(&d, at.Add(time.Hour))
			d.PausedAt = at.Add(30 * time.Hour)
			seal(&d, dossier.Event{At: d.PausedAt, Actor: clerk, Action: dossier.RequestSupplement, From: d.Status, To: dossier.AwaitingSupplement, Reason: "thiếu bản sao"})
		case r == 2: // refused on the merits
			step(&d, at.Add(time.Hour))
			d.SettledAt, d.ClosedAt, d.Outcome = at.Add(50*time.Hour), at.Add(50*time.Hour), dossier.Denied
			seal(&d, dossier.Event{At: d.SettledAt, Actor: clerk, Action: dossier.Refuse, From: d.Status, To: dossier.Refused, Reason: "không đủ điều kiện"})
		default:
			steps, t := rng.IntN(5), at
			for range steps {
				t = t.Add(time.Duration(1+rng.IntN(40)) * time.Hour)
				step(&d, t)
			}
			if rng.IntN(8) == 0 && d.Status == dossier.InProgress {
				prev := d.DueAt
				d.DueAt, d.Apologies = prev.Add(48*time.Hour), 1
				seal(&d, dossier.Event{At: t.Add(time.Minute), Actor: clerk, Action: dossier.Apologize, From: d.Status, To: d.Status,
					Reason: "quá tải", Data: dossier.NewEventData(map[string]string{
						"previousDue": prev.Format(time.RFC3339Nano), "due": d.DueAt.Format(time.RFC3339Nano), "unit": clerk.Unit})})
			}
		}
		out = append(out, d)
	}
	return out
}

// column returns the one column of every row q gives through db, in
// order.
func column[T any](t testing.TB, db *sql.DB, q string, args ...any) []T {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), q, args...)
	require.NoError(t, err)
	defer rows.Close()
	var out []T
	for rows.Next() {
		var v T
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}
