package benchmarks

// Peers for package dossier/report: excelize's own StreamWriter loop saved
// with SaveAs or Write (which build the whole zip in memory), and
// encoding/csv as the floor. Each variant writes the register of the same
// synthetic dossiers to a file; the benchmark reports time and allocations
// in process, and the peak resident memory (VmHWM) of a fresh child process
// doing the same once.
//
//	cd benchmarks && go test -run '^$' -bench Register -benchmem -benchtime 1x
//
// MOTCUA_REPORT_ROWS overrides the 1,000,000 dossiers for a quicker run.
// excelize's SetCellValue path (about 7 GiB for a million rows) is left out:
// it would take the machine down.

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"iter"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/internal/vntime"
)

const reportChildEnv = "MOTCUA_REPORT_CHILD"

func reportRows() int {
	if s := os.Getenv("MOTCUA_REPORT_ROWS"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return n
		}
	}
	return 1_000_000
}

// reportDossiers yields n synthetic dossiers, built on the fly so that the
// source holds none in memory.
func reportDossiers(n int) iter.Seq2[dossier.Dossier, error] {
	return func(yield func(dossier.Dossier, error) bool) {
		base := time.Date(2026, 1, 5, 8, 0, 0, 0, vntime.Location)
		names := []string{"Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"}
		procs := []string{"1.001193", "1.000656", "2.001417", "1.001612", "1.009994"}
		for i := range n {
			rec := base.Add(time.Duration(i) * 30 * time.Second)
			d := dossier.Dossier{
				Code:          "000.00.31.H12-" + rec.Format("060102") + "-" + strconv.Itoa(100000+i%100000),
				ProcedureCode: procs[i%len(procs)],
				Applicant:     dossier.Applicant{Name: names[i%len(names)]},
				Channel:       catalog.Channel(1 + i%3), Online: catalog.Full,
				Status: dossier.InProgress, ReceivedAt: rec, DueAt: rec.AddDate(0, 0, 5),
			}
			if i%4 != 0 {
				d.Status, d.SettledAt = dossier.Returned, rec.AddDate(0, 0, i%8)
			}
			if !yield(d, nil) {
				return
			}
		}
	}
}

func channelText(c catalog.Channel) string {
	switch c {
	case catalog.Online:
		return "Trực tuyến toàn trình"
	case catalog.Counter:
		return "Trực tiếp"
	case catalog.Post:
		return "Bưu chính"
	}
	return ""
}

func daysLate(d *dossier.Dossier) int {
	if d.SettledAt.IsZero() || !d.SettledAt.After(d.DueAt) {
		return 0
	}
	return max(int(d.SettledAt.Sub(d.DueAt).Hours()/24), 1)
}

// rawStream is the loop a new excelize user writes: StreamWriter rows of
// the same ten columns, times as time.Time in a dd/mm/yyyy style.
func rawStream(n int) (*excelize.File, error) {
	f := excelize.NewFile()
	date := "dd/mm/yyyy"
	ds, err := f.NewStyle(&excelize.Style{CustomNumFmt: &date})
	if err != nil {
		return f, err
	}
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return f, err
	}
	head := []any{"STT", "Mã hồ sơ", "Mã thủ tục", "Người nộp", "Hình thức nộp", "Ngày tiếp nhận",
		"Ngày hẹn trả", "Ngày giải quyết", "Trạng thái", "Số ngày quá hạn"}
	if err := sw.SetRow("A1", head); err != nil {
		return f, err
	}
	row := 1
	vals := make([]any, 10)
	for d := range reportDossiers(n) {
		row++
		vals[0], vals[1], vals[2], vals[3] = row-1, d.Code, d.ProcedureCode, d.Applicant.Name
		vals[4] = channelText(d.Channel)
		vals[5] = excelize.Cell{StyleID: ds, Value: d.ReceivedAt}
		vals[6] = excelize.Cell{StyleID: ds, Value: d.DueAt}
		vals[7] = nil
		if !d.SettledAt.IsZero() {
			vals[7] = excelize.Cell{StyleID: ds, Value: d.SettledAt}
		}
		vals[8], vals[9] = d.Status.Label("vi"), nil
		if l := daysLate(&d); l > 0 {
			vals[9] = l
		}
		ref, _ := excelize.CoordinatesToCellName(1, row)
		if err := sw.SetRow(ref, vals); err != nil {
			return f, err
		}
	}
	return f, sw.Flush()
}

// reportVariants write the register of n dossiers to a file in dir.
var reportVariants = []struct {
	name  string
	write func(dir string, n int) error
}{
	{"motcua", func(dir string, n int) error {
		return toFile(filepath.Join(dir, "register.xlsx"), func(w io.Writer) error {
			return report.WriteRegister(context.Background(), w, reportDossiers(n), report.Options{TempDir: dir})
		})
	}},
	{"excelize-SaveAs", func(dir string, n int) error {
		f, err := rawStream(n)
		defer func() { _ = f.Close() }()
		if err != nil {
			return err
		}
		return f.SaveAs(filepath.Join(dir, "register.xlsx"))
	}},
	{"excelize-Write", func(dir string, n int) error {
		f, err := rawStream(n)
		defer func() { _ = f.Close() }()
		if err != nil {
			return err
		}
		return toFile(filepath.Join(dir, "register.xlsx"), func(w io.Writer) error { return f.Write(w) })
	}},
	{"csv", func(dir string, n int) error {
		return toFile(filepath.Join(dir, "register.csv"), func(w io.Writer) error {
			bw := bufio.NewWriterSize(w, 64<<10)
			cw := csv.NewWriter(bw)
			rec := make([]string, 10)
			i := 0
			day := func(t time.Time) string {
				if t.IsZero() {
					return ""
				}
				return t.In(vntime.Location).Format("02/01/2006")
			}
			for d := range reportDossiers(n) {
				i++
				rec[0], rec[1], rec[2], rec[3] = strconv.Itoa(i), d.Code, d.ProcedureCode, d.Applicant.Name
				rec[4], rec[5], rec[6], rec[7] = channelText(d.Channel), day(d.ReceivedAt), day(d.DueAt), day(d.SettledAt)
				rec[8], rec[9] = d.Status.Label("vi"), ""
				if l := daysLate(&d); l > 0 {
					rec[9] = strconv.Itoa(l)
				}
				if err := cw.Write(rec); err != nil {
					return err
				}
			}
			cw.Flush()
			if err := cw.Error(); err != nil {
				return err
			}
			return bw.Flush()
		})
	}},
}

func toFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	err = write(f)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// BenchmarkRegister writes the register of a million dossiers with each
// variant. ns/op and allocations are measured in this process; peak-RSS-MiB
// and child-s come from a fresh child process (this test binary re-executed)
// that writes it once and reads its VmHWM from /proc/self/status.
func BenchmarkRegister(b *testing.B) {
	n := reportRows()
	for _, v := range reportVariants {
		b.Run(fmt.Sprintf("%s/rows=%d", v.name, n), func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				if err := v.write(dir, n); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
			b.StopTimer()
			peak, took, cpu, size, err := reportChild(b, v.name, n)
			if err != nil {
				b.Skipf("peak RSS not measured: %v", err)
			}
			b.ReportMetric(float64(peak)/1024, "peak-RSS-MiB")
			b.ReportMetric(took.Seconds(), "child-s")
			b.ReportMetric(cpu.Seconds(), "child-cpu-s")
			b.ReportMetric(float64(size)/(1<<20), "file-MiB")
		})
	}
}

// reportChild runs variant in a child process and returns its peak RSS in
// KiB, its wall and CPU (user and system) times and the size of the file it
// wrote. CPU time is the figure to compare on a busy machine.
func reportChild(b *testing.B, variant string, n int) (peakKiB int64, took, cpu time.Duration, size int64, err error) {
	cmd := exec.Command(os.Args[0], "-test.run=^TestReportChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), reportChildEnv+"="+variant, "MOTCUA_REPORT_ROWS="+strconv.Itoa(n),
		"MOTCUA_REPORT_DIR="+b.TempDir())
	out, err := cmd.CombinedOutput()
	if err != nil {
		return 0, 0, 0, 0, fmt.Errorf("%w: %s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "report-child "); ok {
			var ns, cpuNs int64
			if _, err := fmt.Sscanf(rest, "peak=%d ns=%d cpu=%d size=%d", &peakKiB, &ns, &cpuNs, &size); err != nil {
				return 0, 0, 0, 0, err
			}
			return peakKiB, time.Duration(ns), time.Duration(cpuNs), size, nil
		}
	}
	return 0, 0, 0, 0, fmt.Errorf("no result in child output: %s", out)
}

// TestReportChild is the child of BenchmarkRegister; it does nothing unless
// MOTCUA_REPORT_CHILD names a variant.
func TestReportChild(t *testing.T) {
	name := os.Getenv(reportChildEnv)
	if name == "" {
		t.Skip("run by BenchmarkRegister")
	}
	dir := os.Getenv("MOTCUA_REPORT_DIR")
	for _, v := range reportVariants {
		if v.name != name {
			continue
		}
		cpu0 := cpuTime()
		start := time.Now()
		if err := v.write(dir, reportRows()); err != nil {
			t.Fatal(err)
		}
		took, cpu := time.Since(start), cpuTime()-cpu0
		peak, err := vmHWM()
		if err != nil {
			t.Fatal(err)
		}
		var size int64
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if fi, err := e.Info(); err == nil {
				size += fi.Size()
			}
		}
		fmt.Printf("report-child peak=%d ns=%d cpu=%d size=%d\n", peak, took.Nanoseconds(), cpu.Nanoseconds(), size)
		return
	}
	t.Fatalf("unknown variant %q", name)
}

// cpuTime returns the user and system CPU time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// vmHWM returns the process's peak resident set size in KiB.
func vmHWM() (int64, error) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}
