package report

import (
	"archive/zip"
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/internal/vntime"
)

// writeZip writes f's package to w without holding the archive in memory.
//
// excelize's Write, WriteTo and SaveAs all go through WriteToBuffer, which
// compresses every part into a bytes.Buffer that it hands to the file's
// ZipWriter hook and only then copies the buffer to the destination: the
// whole compressed workbook lives in memory (upstream issues #2276 and
// #2357). The hook installed here ignores that buffer and returns a zip
// writer over w itself, so the buffer stays empty and WriteTo's final copy
// writes nothing. Parts larger than 4 GiB would need excelize's post-pass
// over the buffer (writeZip64LFH); the register never produces one (see
// maxSheetBytes).
func writeZip(f *excelize.File, w io.Writer) error {
	lw := &latchWriter{w: w}
	zw := zip.NewWriter(lw)
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	err := f.Write(io.Discard)
	if lw.err != nil {
		// excelize drops some write errors on the floor; the first one
		// is the one to report.
		return fmt.Errorf("report: write: %w", lw.err)
	}
	if err != nil {
		return fmt.Errorf("report: write: %w", err)
	}
	return nil
}

// latchWriter remembers the first write error and fails every later write
// with it.
type latchWriter struct {
	w   io.Writer
	err error
}

func (l *latchWriter) Write(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.w.Write(p)
	if err == nil && n < len(p) {
		err = io.ErrShortWrite
	}
	l.err = err
	return n, err
}

// Excel serial day numbers (1900 date system): serial 25569 is 1 January
// 1970. Serials before 61 (1 March 1900) are distorted by the 1900 leap-year
// bug Excel keeps for compatibility, so dates from then on are accepted.
const (
	unixEpochSerial = 25569
	minSerial       = 61
	maxSerial       = 2958465 // 31 December 9999
)

// serial returns the Excel serial number of t's calendar day in
// Asia/Ho_Chi_Minh, and false when Excel cannot show that day.
func serial(t time.Time) (int64, bool) {
	y, m, d := t.In(vntime.Location).Date()
	days := time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
	s := days + unixEpochSerial
	return s, s >= minSerial && s <= maxSerial
}

// day formats t's calendar day in Asia/Ho_Chi_Minh as dd/mm/yyyy.
func day(t time.Time) string { return t.In(vntime.Location).Format("02/01/2006") }
