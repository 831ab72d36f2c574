package report_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/internal/vntime"
)

func at(day, hour, minute int) time.Time {
	return time.Date(2026, 11, day, hour, minute, 0, 0, vntime.Location)
}

// sampleDossiers covers every column: each channel, early, late, late on
// the due day, open and overdue, paused, withdrawn, not yet received and an
// unknown state.
func sampleDossiers() []dossier.Dossier {
	return []dossier.Dossier{
		{Code: "000.00.01.H12-261102-0001", ProcedureCode: "1.001193", Applicant: dossier.Applicant{Name: "Nguyễn Văn An"},
			Channel: catalog.Online, Online: catalog.Full, Status: dossier.Returned,
			ReceivedAt: at(2, 9, 0), DueAt: at(6, 17, 0), SettledAt: at(5, 10, 0)},
		{Code: "000.00.01.H12-261103-0001", ProcedureCode: "1.000656", Applicant: dossier.Applicant{Name: "Trần Thị Bình & Co <HKD>"},
			Channel: catalog.Counter, Status: dossier.ResultReady,
			ReceivedAt: at(3, 8, 0), DueAt: at(5, 10, 0), SettledAt: at(9, 8, 0)},
		{Code: "000.00.01.H12-261104-0001", ProcedureCode: "2.001417", Applicant: dossier.Applicant{Name: "Lê Văn Cường"},
			Channel: catalog.Post, Status: dossier.InProgress,
			ReceivedAt: at(4, 14, 0), DueAt: at(6, 17, 0)},
		{Code: "000.00.01.H12-261104-0002", ProcedureCode: "1.001193", Applicant: dossier.Applicant{Name: "Phạm Thị Dung"},
			Channel: catalog.Online, Online: catalog.Partial, Status: dossier.AwaitingSupplement,
			ReceivedAt: at(4, 15, 30), DueAt: at(12, 17, 0), PausedAt: at(5, 9, 0)},
		{Code: "000.00.01.H12-261102-0002", ProcedureCode: "1.001193", Applicant: dossier.Applicant{Name: "Hoàng Văn Em"},
			Channel: catalog.Counter, Status: dossier.Withdrawn,
			ReceivedAt: at(2, 7, 45), DueAt: at(10, 17, 0), ClosedAt: at(3, 9, 0)},
		{Code: "000.00.01.H12-261110-0001", ProcedureCode: "1.001193", Status: dossier.Submitted},
		{Code: "000.00.01.H12-261105-0001", ProcedureCode: "1.000656", Applicant: dossier.Applicant{Name: "Đỗ Gia"},
			Channel: catalog.Online, Status: dossier.Returned,
			ReceivedAt: at(5, 23, 30), DueAt: at(6, 10, 0), SettledAt: at(6, 15, 0)},
		{Code: "X-8"},
	}
}

func seqOf(ds []dossier.Dossier) iter.Seq2[dossier.Dossier, error] {
	return func(yield func(dossier.Dossier, error) bool) {
		for _, d := range ds {
			if !yield(d, nil) {
				return
			}
		}
	}
}

var regHeadVI = []string{"STT", "Mã hồ sơ", "Mã thủ tục", "Người nộp", "Hình thức nộp", "Ngày tiếp nhận",
	"Ngày hẹn trả", "Ngày giải quyết", "Trạng thái", "Số ngày quá hạn"}

func TestWriteRegister(t *testing.T) {
	cal, err := dossier.Official()
	require.NoError(t, err)
	// Excel serials: 2 November 2026 is 46328.
	s := func(day int) string { return strconv.Itoa(46328 + day - 2) }
	rows := func(lateBobo, lateCuong, lateGia string) [][]string {
		return [][]string{
			{"1", "000.00.01.H12-261102-0001", "1.001193", "Nguyễn Văn An", "Trực tuyến toàn trình", s(2), s(6), s(5), "Đã trả kết quả"},
			{"2", "000.00.01.H12-261103-0001", "1.000656", "Trần Thị Bình & Co <HKD>", "Trực tiếp", s(3), s(5), s(9), "Có kết quả", lateBobo},
			{"3", "000.00.01.H12-261104-0001", "2.001417", "Lê Văn Cường", "Bưu chính", s(4), s(6), "", "Đang giải quyết", lateCuong},
			{"4", "000.00.01.H12-261104-0002", "1.001193", "Phạm Thị Dung", "Trực tuyến một phần", s(4), s(12), "", "Chờ bổ sung"},
			{"5", "000.00.01.H12-261102-0002", "1.001193", "Hoàng Văn Em", "Trực tiếp", s(2), s(10), "", "Đã rút"},
			{"6", "000.00.01.H12-261110-0001", "1.001193", "", "", "", "", "", "Chờ tiếp nhận"},
			{"7", "000.00.01.H12-261105-0001", "1.000656", "Đỗ Gia", "Trực tuyến", s(5), s(6), s(6), "Đã trả kết quả", lateGia},
			{"8", "X-8"},
		}
	}
	tests := []struct {
		name  string
		opt   report.Options
		sheet string
		title string
		head  []string
		want  [][]string
	}{
		{"calendar days", report.Options{AsOf: at(10, 12, 0)}, "Sổ theo dõi", "SỔ THEO DÕI HỒ SƠ", regHeadVI,
			rows("4", "4", "1")},
		{"working days", report.Options{AsOf: at(10, 12, 0), Calendar: cal, Unit: "UBND phường Ba Đình"}, "Sổ theo dõi",
			"SỔ THEO DÕI HỒ SƠ — UBND phường Ba Đình", regHeadVI, rows("2", "2", "1")},
		{"no as-of", report.Options{}, "Sổ theo dõi", "SỔ THEO DÕI HỒ SƠ", regHeadVI, rows("4", "", "1")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.opt.TempDir = t.TempDir()
			require.NoError(t, report.WriteRegister(t.Context(), &buf, seqOf(sampleDossiers()), tc.opt))
			f := open(t, buf.Bytes())
			assert.Equal(t, []string{tc.sheet}, f.GetSheetList())
			got, err := f.GetRows(tc.sheet, excelize.Options{RawCellValue: true})
			require.NoError(t, err)
			want := append([][]string{{tc.title}, tc.head}, tc.want...)
			assertGrid(t, trimRows(want), got)
			for r := 1; r <= len(want); r++ {
				for c := 1; c <= 10; c++ {
					ref, _ := excelize.CoordinatesToCellName(c, r)
					fm, err := f.GetCellFormula(tc.sheet, ref)
					require.NoError(t, err)
					assert.Empty(t, fm, ref)
				}
			}
			entries, err := os.ReadDir(tc.opt.TempDir)
			require.NoError(t, err)
			assert.Empty(t, entries, "spool files removed")
		})
	}
}

func TestWriteRegisterLayout(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteRegister(t.Context(), &buf, seqOf(sampleDossiers()), report.Options{Lang: "en"}))
	f := open(t, buf.Bytes())
	const sheet = "Register"
	assert.Equal(t, []string{sheet}, f.GetSheetList())
	assert.Equal(t, 0, f.GetActiveSheetIndex())
	rows, err := f.GetRows(sheet)
	require.NoError(t, err)
	assert.Equal(t, []string{"REGISTER OF DOSSIERS"}, rows[0])
	assert.Equal(t, []string{"No.", "Dossier code", "Procedure", "Applicant", "Channel", "Received", "Due",
		"Settled", "Status", "Days late"}, rows[1])
	// Formatted as the clerk sees them: dates dd/mm/yyyy, English labels.
	assert.Equal(t, []string{"1", "000.00.01.H12-261102-0001", "1.001193", "Nguyễn Văn An", "Online (full)",
		"02/11/2026", "06/11/2026", "05/11/2026", "Returned"}, rows[2])
	assert.Equal(t, []string{"2", "000.00.01.H12-261103-0001", "1.000656", "Trần Thị Bình & Co <HKD>", "At the counter",
		"03/11/2026", "05/11/2026", "09/11/2026", "Result ready", "4"}, rows[3])
	assert.Equal(t, "By post", rows[4][4])
	assert.Equal(t, "Online (partial)", rows[5][4])
	assert.Equal(t, "Withdrawn", rows[6][8])
	// Received 23:30 on 5 November in Hanoi is still the 5th, whatever the
	// machine's zone; it is 16:30 UTC.
	assert.Equal(t, "05/11/2026", rows[8][5])

	for _, ref := range []string{"F3", "G3", "H3"} {
		id, err := f.GetCellStyle(sheet, ref)
		require.NoError(t, err)
		st, err := f.GetStyle(id)
		require.NoError(t, err)
		require.NotNil(t, st.CustomNumFmt, ref)
		assert.Equal(t, "dd/mm/yyyy", *st.CustomNumFmt, ref)
	}
	merges, err := f.GetMergeCells(sheet)
	require.NoError(t, err)
	require.Len(t, merges, 1)
	assert.Equal(t, "A1", merges[0].GetStartAxis())
	assert.Equal(t, "J1", merges[0].GetEndAxis())
	assert.Equal(t, "REGISTER OF DOSSIERS", merges[0].GetCellValue())
	panes, err := f.GetPanes(sheet)
	require.NoError(t, err)
	assert.True(t, panes.Freeze)
	assert.Equal(t, 2, panes.YSplit)
	assert.Equal(t, "A3", panes.TopLeftCell)
	names := f.GetDefinedName()
	assert.Contains(t, names, excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'Register'!$2:$2", Scope: sheet})
	assert.Contains(t, names, excelize.DefinedName{Name: "_xlnm._FilterDatabase", RefersTo: "'Register'!$A$2:$J$10", Scope: sheet})
	layout, err := f.GetPageLayout(sheet)
	require.NoError(t, err)
	require.NotNil(t, layout.Orientation)
	assert.Equal(t, "landscape", *layout.Orientation)
	w, err := f.GetColWidth(sheet, "D")
	require.NoError(t, err)
	assert.InDelta(t, 32, w, 0.01)
}

func TestWriteRegisterEmpty(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, report.WriteRegister(t.Context(), &buf, seqOf(nil), report.Options{}))
	f := open(t, buf.Bytes())
	rows, err := f.GetRows("Sổ theo dõi")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"SỔ THEO DÕI HỒ SƠ"}, regHeadVI}, rows)
}

func TestWriteRegisterErrors(t *testing.T) {
	boom := errors.New("store unreachable")
	bad := func(i int, m func(d *dossier.Dossier)) []dossier.Dossier {
		ds := sampleDossiers()
		m(&ds[i])
		return ds
	}
	cal, err := dossier.Official()
	require.NoError(t, err)
	tests := []struct {
		name   string
		seq    iter.Seq2[dossier.Dossier, error]
		opt    report.Options
		want   error
		n      int
		code   string
		noWrap bool // the error is not a *RowError
	}{
		{"iterator fails", func(yield func(dossier.Dossier, error) bool) {
			for i, d := range sampleDossiers() {
				if i == 2 {
					yield(dossier.Dossier{}, boom)
					return
				}
				if !yield(d, nil) {
					return
				}
			}
		}, report.Options{}, boom, 3, "", false},
		{"date before 1900", seqOf(bad(1, func(d *dossier.Dossier) { d.ReceivedAt = time.Date(1850, 1, 1, 0, 0, 0, 0, time.UTC) })),
			report.Options{}, report.ErrInvalidDossier, 2, "000.00.01.H12-261103-0001", false},
		{"date after 9999", seqOf(bad(0, func(d *dossier.Dossier) { d.SettledAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) })),
			report.Options{}, report.ErrInvalidDossier, 1, "000.00.01.H12-261102-0001", false},
		{"outside the calendar", seqOf(bad(1, func(d *dossier.Dossier) { d.SettledAt = time.Date(2231, 1, 1, 0, 0, 0, 0, vntime.Location) })),
			report.Options{Calendar: cal}, dossier.ErrOutOfRange, 2, "000.00.01.H12-261103-0001", false},
		{"unknown language", seqOf(sampleDossiers()), report.Options{Lang: "de"}, report.ErrInvalidOptions, 0, "", true},
		{"unusable temporary directory", seqOf(sampleDossiers()), report.Options{TempDir: "/nonexistent/motcua"},
			report.ErrInvalidOptions, 0, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := report.WriteRegister(t.Context(), &buf, tc.seq, tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, buf.Len(), "nothing written")
			var re *report.RowError
			if tc.noWrap {
				assert.False(t, errors.As(err, &re))
				return
			}
			require.ErrorAs(t, err, &re)
			assert.Equal(t, tc.n, re.N)
			assert.Equal(t, tc.code, re.Code)
		})
	}
}

func TestWriteRegisterCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	yielded, stopped := 0, false
	seq := func(yield func(dossier.Dossier, error) bool) {
		for i := range 1000 {
			yielded++
			if i == 3 {
				cancel()
			}
			if !yield(dossier.Dossier{Code: fmt.Sprint("X-", i)}, nil) {
				stopped = true
				return
			}
		}
	}
	var buf bytes.Buffer
	err := report.WriteRegister(ctx, &buf, seq, report.Options{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Zero(t, buf.Len(), "nothing written")
	assert.True(t, stopped, "iteration stopped")
	assert.Equal(t, 4, yielded)

	// Cancelled before the start: the iterator is never called.
	yielded = 0
	require.ErrorIs(t, report.WriteRegister(ctx, &buf, seq, report.Options{}), context.Canceled)
	assert.Zero(t, yielded)
}

func TestWriteRegisterWriterFails(t *testing.T) {
	boom := errors.New("connection reset")
	for _, n := range []int{0, 10, 2000} {
		err := report.WriteRegister(t.Context(), &failWriter{n: n, err: boom}, seqOf(sampleDossiers()), report.Options{})
		require.ErrorIs(t, err, boom, "failing after %d bytes", n)
	}
}

// writeRecorder records the sizes of the writes it receives.
type writeRecorder struct {
	total, largest, calls int
	first                 func() // called before the first write
}

func (w *writeRecorder) Write(p []byte) (int, error) {
	if w.calls == 0 && w.first != nil {
		w.first()
	}
	w.total += len(p)
	w.largest = max(w.largest, len(p))
	w.calls++
	return len(p), nil
}

// synthetic yields n register-like dossiers.
func synthetic(n int) iter.Seq2[dossier.Dossier, error] { return syntheticPadded(n, 0) }

// syntheticPadded yields n register-like dossiers whose applicant names
// are padded with pad more bytes (a long address, say).
func syntheticPadded(n, pad int) iter.Seq2[dossier.Dossier, error] {
	padding := strings.Repeat("x", pad)
	return func(yield func(dossier.Dossier, error) bool) {
		for i := range n {
			rec := at(2, 8, 0).Add(time.Duration(i) * time.Minute)
			d := dossier.Dossier{
				Code:          fmt.Sprintf("000.00.01.H12-%s-%04d", rec.Format("060102"), i%10000+1),
				ProcedureCode: "1.00" + strconv.Itoa(1000+i%500),
				Applicant:     dossier.Applicant{Name: "Nguyễn Văn " + strconv.Itoa(i) + padding},
				Channel:       catalog.Channel(1 + i%3), Online: catalog.Full,
				Status: dossier.Returned, ReceivedAt: rec, DueAt: rec.AddDate(0, 0, 5), SettledAt: rec.AddDate(0, 0, i%8),
			}
			if !yield(d, nil) {
				return
			}
		}
	}
}

// TestRegisterStreams reproduces excelize's buffering and shows the register
// avoids it. With StreamWriter and Write (SaveAs does the same), excelize
// hands the destination the whole compressed workbook in a single Write: it
// was all in memory. WriteRegister's destination receives the archive in
// small pieces as it is compressed, and the rows spill to the spool
// directory, which is emptied afterwards.
func TestRegisterStreams(t *testing.T) {
	// About 17 MB of sheet XML, more than excelize keeps in memory before
	// spilling to disk (16 MiB), in few rows so that the test stays quick
	// under -race. The raw loop needs fewer to show its single write.
	const n, pad, rawN = 7200, 2000, 2000

	raw := excelize.NewFile()
	defer func() { _ = raw.Close() }()
	sw, err := raw.NewStreamWriter("Sheet1")
	require.NoError(t, err)
	row := 0
	for d := range syntheticPadded(rawN, pad) {
		row++
		ref, _ := excelize.CoordinatesToCellName(1, row)
		require.NoError(t, sw.SetRow(ref, []any{row, d.Code, d.ProcedureCode, d.Applicant.Name, d.ReceivedAt}))
	}
	require.NoError(t, sw.Flush())
	var rawRec writeRecorder
	require.NoError(t, raw.Write(&rawRec))
	assert.Equal(t, rawRec.total, rawRec.largest, "excelize writes its whole in-memory archive at once")
	assert.Greater(t, rawRec.total, 64<<10)

	dir := t.TempDir()
	spooled := 0
	rec := writeRecorder{first: func() {
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		spooled = len(entries)
	}}
	require.NoError(t, report.WriteRegister(t.Context(), &rec, syntheticPadded(n, pad), report.Options{TempDir: dir}))
	assert.Greater(t, rec.total, 256<<10)
	assert.LessOrEqual(t, rec.largest, 64<<10, "the archive reaches the writer as it is compressed")
	assert.Greater(t, rec.calls, 100)
	assert.Equal(t, 1, spooled, "rows spilled to the spool directory")
	t.Logf("excelize: 1 write of %d bytes; WriteRegister: %d writes of at most %d bytes, %d in all",
		rawRec.total, rec.calls, rec.largest, rec.total)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Empty(t, entries, "spool files removed")
}

// cancelWriter cancels its context on the first write.
type cancelWriter struct {
	cancel context.CancelFunc
	n      int
}

func (w *cancelWriter) Write(p []byte) (int, error) {
	w.cancel()
	w.n += len(p)
	return len(p), nil
}

func TestWriteRegisterCancelWhileWriting(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	w := &cancelWriter{cancel: cancel}
	err := report.WriteRegister(ctx, w, synthetic(2000), report.Options{})
	require.ErrorIs(t, err, context.Canceled)
	assert.LessOrEqual(t, w.n, 4096, "writing stopped after the first chunk")
}
