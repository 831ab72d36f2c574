// Command portal is a district portal that runs: the citizen's five steps
// and the clerk's desk over HTTP, on motcua's packages and their public APIs
// only, the skeleton an integrator starts from.
//
//	go run ./examples/portal [-addr :8080] [-data DIR] [-font FILE]
//
// It serves http://localhost:8080 on an SQLite file (DIR/portal.db, with the
// uploads beside it under DIR/blobs), the sample catalogue, form and fee
// schedule. The citizen signs in (a stub identity provider: see
// [Identity]), searches a procedure without diacritics ("dang ky thanh lap
// doanh nghiep"), fills its form (forms/htmlform: the error summary, the
// conditions, the repeats), uploads the scans the procedure requires
// (checked against its list by dossier), signs the application PDF in two
// phases as a remote signing service would (signing.Prepare and
// signing.Complete, a throw-away test CA standing in for the service), sees
// the fee with its explanation, submits, pays with the VietQR code of the
// fee (fees/vietqr through dossier/bank; a button stands in for the bank),
// downloads the receipt (dossier/paper, form 01) and the signed result, and
// looks a dossier up by its code. The clerk sees the queue by due date with
// the overdue dossiers marked, receives, starts, asks for a supplement,
// approves with a countersignature on the applicant's signed PDF and returns
// the result; the month's statistics download as xlsx (dossier/report).
//
// Every form posts with a CSRF token bound to the session and passes Go's
// cross-origin protection; bodies and uploads are bounded; files live under
// their SHA-256 (no name from outside ever reaches the file system); every
// response carries a Content-Security-Policy without inline scripts and the
// usual security headers.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"time"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "address to listen on")
	data := flag.String("data", "portal-data", "folder of the SQLite file and the uploads")
	font := flag.String("font", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "TrueType font of the papers (receipt PDF)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, *addr, *data, *font); err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, addr, dir, fontPath string) error {
	fontBytes, err := os.ReadFile(fontPath)
	if err != nil {
		return fmt.Errorf("font for the papers (-font): %w", err)
	}
	bold, _ := os.ReadFile(filepath.Join(filepath.Dir(fontPath), "DejaVuSans-Bold.ttf"))
	app, err := New(ctx, Config{Dir: dir, Font: fontBytes, BoldFont: bold, BaseURL: "http://" + addr})
	if err != nil {
		return err
	}
	defer app.Close()
	srv := &http.Server{
		Addr: addr, Handler: app.Handler(),
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 60 * time.Second, WriteTimeout: 60 * time.Second,
		MaxHeaderBytes: 64 << 10,
	}
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	slog.Info("portal: listening", "url", "http://"+addr, "data", dir)
	if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
