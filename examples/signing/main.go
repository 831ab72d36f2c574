// Command signing shows the citizen's and the officer's signatures on one
// application: it creates a throw-away certification authority and timestamp
// authority, signs a sample PDF as the applicant "Trần Văn Nghĩa",
// countersigns it as the officer with an RFC 3161 timestamp, and prints what
// poppler's pdfsig checks (running pdfsig when it is installed).
//
//	go run ./examples/signing [output.pdf]
package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

func main() {
	out := filepath.Join(os.TempDir(), "motcua-signed.pdf")
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	if err := run(context.Background(), os.Stdout, out, time.Now().In(signing.Location)); err != nil {
		fmt.Fprintln(os.Stderr, "signing:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, outPath string, now time.Time) error {
	ca, err := signingtest.NewCA("motcua Demo CA", now)
	if err != nil {
		return err
	}
	tsa, err := signingtest.NewTSA(ca, signingtest.TSAHonest)
	if err != nil {
		return err
	}
	defer tsa.Close()
	applicant, err := ca.Signer("Trần Văn Nghĩa", signingtest.RSA2048)
	if err != nil {
		return err
	}
	officer, err := ca.Signer("Lê Thị Hoa", signingtest.ECDSAP256)
	if err != nil {
		return err
	}
	doc, err := signingtest.PDF(signingtest.PDFOptions{Text: "Don de nghi cap giay phep xay dung", FormField: true})
	if err != nil {
		return err
	}

	// 1. The applicant signs the application (an approval signature).
	var signed bytes.Buffer
	if err := signing.Sign(ctx, bytes.NewReader(doc), int64(len(doc)), &signed, applicant, signing.Options{
		Name:     "Trần Văn Nghĩa",
		Reason:   "Nộp hồ sơ đề nghị cấp giấy phép xây dựng",
		Location: "Phường Bến Nghé, TP. Hồ Chí Minh",
		Time:     now,
	}); err != nil {
		return fmt.Errorf("applicant: %w", err)
	}
	fmt.Fprintf(w, "1. applicant Trần Văn Nghĩa signed: %d -> %d bytes\n", len(doc), signed.Len())

	// 2. The officer countersigns the result, timestamped by the TSA, with a
	// visible stamp. Its text needs a TrueType font with Vietnamese glyphs;
	// without one the stamp is a frame.
	stamp := &signing.Appearance{Rect: [4]float64{330, 40, 560, 110}}
	if font, err := os.ReadFile("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"); err == nil {
		stamp.Font = font
	}
	var final bytes.Buffer
	if err := signing.Sign(ctx, bytes.NewReader(signed.Bytes()), int64(signed.Len()), &final, officer, signing.Options{
		Name:       "Lê Thị Hoa",
		Reason:     "Tiếp nhận hồ sơ",
		Location:   "Bộ phận Một cửa UBND phường Bến Nghé",
		Time:       now,
		Timestamp:  &signing.Timestamp{URL: tsa.URL, Timeout: 10 * time.Second},
		Appearance: stamp,
	}); err != nil {
		return fmt.Errorf("officer: %w", err)
	}
	fmt.Fprintf(w, "2. officer Lê Thị Hoa countersigned with a timestamp: %d bytes\n", final.Len())
	fmt.Fprintf(w, "   the applicant's revision is kept byte for byte: %v\n", bytes.HasPrefix(final.Bytes(), signed.Bytes()))
	if err := os.WriteFile(outPath, final.Bytes(), 0o644); err != nil {
		return err
	}
	fmt.Fprintf(w, "3. written to %s\n", outPath)
	fmt.Fprintln(w, "   pdfsig checks each signature's CMS and digest (\"Signature is Valid.\")")
	fmt.Fprintln(w, "   and whether the last one covers the file (\"Total document signed\"):")
	tool, err := exec.LookPath("pdfsig")
	if err != nil {
		fmt.Fprintf(w, "   pdfsig is not installed; run: pdfsig -nocert %s\n", outPath)
		return nil
	}
	// -nocert: the demo CA is not in the system's trust store.
	res, err := exec.CommandContext(ctx, tool, "-nocert", outPath).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pdfsig: %w\n%s", err, res)
	}
	_, err = w.Write(res)
	return err
}
