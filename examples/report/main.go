// Command report generates synthetic dossiers of a province's one-stop
// counters, summarises November 2026 with dossier.Summarize and writes the
// workbooks of package dossier/report: the settlement statistics per agency
// and per procedure (each with its chart sheet; procedures named from the
// catalogue) and the register of every dossier. It prints where they are.
//
//	go run ./examples/report               # 100,000 dossiers into a new temporary folder
//	go run ./examples/report -out DIR -n 1000000
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
)

func main() {
	out := flag.String("out", "", "folder to write the workbooks to (default: a new temporary folder)")
	n := flag.Int("n", 100_000, "number of synthetic dossiers")
	flag.Parse()
	if err := run(context.Background(), os.Stdout, *out, *n); err != nil {
		fmt.Fprintln(os.Stderr, "report:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, dir string, n int) error {
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "motcua-report-"); err != nil {
			return err
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	cal, err := dossier.Official()
	if err != nil {
		return err
	}
	store := dossier.NewMemStore()
	if err := generate(ctx, store, cal, n); err != nil {
		return err
	}
	period := dossier.Month(2026, 11)
	table, err := dossier.Summarize(ctx, store, period, dossier.GroupAgency)
	if err != nil {
		return err
	}
	opt := report.Options{Unit: "UBND tỉnh Mẫu (sample province)", AsOf: period.To, Calendar: cal}

	stats := filepath.Join(dir, "thong-ke-2026-11.xlsx")
	if err := writeFile(stats, func(f io.Writer) error { return report.WriteStatistics(f, table, opt) }); err != nil {
		return err
	}
	// By procedure, each code with its name from the catalogue.
	cat, err := sampleCatalog()
	if err != nil {
		return err
	}
	byProc, err := dossier.Summarize(ctx, store, period, dossier.GroupProcedure)
	if err != nil {
		return err
	}
	procOpt := opt
	procOpt.ProcedureName = report.CatalogNames(cat, period.To.Add(-time.Nanosecond))
	procStats := filepath.Join(dir, "thong-ke-thu-tuc-2026-11.xlsx")
	if err := writeFile(procStats, func(f io.Writer) error { return report.WriteStatistics(f, byProc, procOpt) }); err != nil {
		return err
	}
	register := filepath.Join(dir, "so-theo-doi-2026-11.xlsx")
	start := time.Now()
	if err := writeFile(register, func(f io.Writer) error {
		return report.WriteRegister(ctx, f, store.List(ctx, dossier.Filter{Brief: true}), opt)
	}); err != nil {
		return err
	}
	took := time.Since(start)

	t := table.Total
	fmt.Fprintf(w, "%d synthetic dossiers, settlement of November 2026 by agency:\n", n)
	fmt.Fprintf(w, "  received %d (carried over %d, new %d), settled %d (on time %.1f%%), pending %d, online %.1f%%\n",
		t.Received(), t.CarriedOver, t.New(), t.Settled(), 100*t.OnTimeRate, t.Pending(), 100*t.OnlineRate)
	fmt.Fprintf(w, "statistics: %s (%d agencies, %s)\n", stats, len(table.Rows), size(stats))
	fmt.Fprintf(w, "            %s (%d procedures, %s)\n", procStats, len(byProc.Rows), size(procStats))
	fmt.Fprintf(w, "register:   %s (%d dossiers, %s, written in %v)\n", register, store.Len(), size(register), took.Round(time.Millisecond))
	return nil
}

// writeFile creates path and writes it with write; a failed write removes
// the file.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
	}
	return err
}

func size(path string) string {
	fi, err := os.Stat(path)
	if err != nil {
		return "?"
	}
	if fi.Size() < 1e6 {
		return fmt.Sprintf("%.1f kB", float64(fi.Size())/1e3)
	}
	return fmt.Sprintf("%.1f MB", float64(fi.Size())/1e6)
}

var (
	agencies = []string{"000.00.31.H12", "000.00.32.H12", "000.00.33.H12", "000.20.31.H12",
		"000.21.31.H12", "000.22.31.H12", "000.23.31.H12", "000.24.31.H12"}
	procedures = []struct {
		code, name, sector string
		online             catalog.OnlineLevel
		days               int
	}{
		{"1.001193", "Đăng ký khai sinh", "Hộ tịch", catalog.Full, 1},
		{"1.000656", "Đăng ký kết hôn", "Hộ tịch", catalog.Partial, 3},
		{"2.001417", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", catalog.Full, 10},
		{"1.001612", "Đăng ký thành lập hộ kinh doanh", "Thành lập và hoạt động của hộ kinh doanh", catalog.Full, 3},
		{"1.009994", "Cấp giấy phép xây dựng", "Hoạt động xây dựng", catalog.Partial, 15},
		{"1.003003", "Đăng ký biến động đất đai", "Đất đai", catalog.Partial, 10},
	}
	given    = []string{"An", "Bình", "Cường", "Dung", "Em", "Giang", "Hà", "Khánh", "Linh", "Minh"}
	families = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"}
)

// sampleCatalog is the catalogue of the sample's procedures.
func sampleCatalog() (*catalog.Catalog, error) {
	procs := make([]catalog.Procedure, len(procedures))
	for i, p := range procedures {
		procs[i] = catalog.Procedure{Code: p.code, Name: p.name, Sector: p.sector,
			Levels: []catalog.Level{catalog.Province}, Online: p.online, ProcessingDays: p.days}
	}
	return catalog.New(procs...)
}

// generate stores n dossiers received between 15 October and 30 November
// 2026 at the agencies' counters, online and by post, with due dates from
// the official calendar and outcomes of every kind. The numbers are
// pseudo-random with a fixed seed, so every run gives the same workbooks.
func generate(ctx context.Context, store dossier.Store, cal *dossier.Calendar, n int) error {
	r := rand.New(rand.NewPCG(2026, 11))
	seq := map[string]int{}
	first := time.Date(2026, 10, 15, 0, 0, 0, 0, dossier.Location)
	span := time.Date(2026, 12, 1, 0, 0, 0, 0, dossier.Location).Sub(first)
	for i := range n {
		received := first.Add(time.Duration(r.Int64N(int64(span))))
		received = time.Date(received.Year(), received.Month(), received.Day(), 7+r.IntN(10), r.IntN(60), 0, 0, dossier.Location)
		agency := agencies[r.IntN(len(agencies))]
		p := procedures[r.IntN(len(procedures))]
		key := agency + received.Format("060102")
		seq[key]++
		d := dossier.Dossier{
			Code:          dossier.FormatCode(agency, received, seq[key]),
			Agency:        agency,
			ProcedureCode: p.code,
			Sector:        p.sector,
			Level:         catalog.Province,
			Online:        p.online,
			Applicant:     dossier.Applicant{Name: families[r.IntN(len(families))] + " Văn " + given[r.IntN(len(given))] + " " + fmt.Sprint(i%97)},
			Channel:       []catalog.Channel{catalog.Online, catalog.Online, catalog.Online, catalog.Counter, catalog.Counter, catalog.Post}[r.IntN(6)],
			Deadline:      dossier.Days(p.days),
			SubmittedAt:   received,
			ReceivedAt:    received,
			Status:        dossier.InProgress,
		}
		due, err := cal.DueDate(received, d.Deadline)
		if err != nil {
			return err
		}
		d.DueAt = due
		switch k := r.IntN(100); {
		case k < 2: // withdrawn a day later
			d.Status, d.ClosedAt = dossier.Withdrawn, received.Add(24*time.Hour)
		case k < 5: // refused on the merits
			d.Status, d.Outcome, d.SettledAt = dossier.Refused, dossier.Denied, received.Add(48*time.Hour)
			d.ClosedAt = d.SettledAt
		case k < 8: // waiting for documents
			d.Status, d.PausedAt = dossier.AwaitingSupplement, received.Add(24*time.Hour)
		default: // settled early, on the due day or late; perhaps after November
			settled := due.Add(time.Duration(r.IntN(120)-96) * time.Hour)
			if settled.Before(received) {
				settled = received.Add(2 * time.Hour)
			}
			d.Status, d.Outcome, d.SettledAt = dossier.Returned, dossier.Granted, settled
			d.ClosedAt = settled.Add(24 * time.Hour)
		}
		if err := store.Create(ctx, d); err != nil {
			return err
		}
	}
	return nil
}
