package vietqr

import (
	"bufio"
	"fmt"
	"io"
	"strconv"

	qrcode "github.com/skip2/go-qrcode"
)

// Recovery is a QR symbol's error correction level: the share of the
// symbol that can be damaged or covered and still read.
type Recovery int

// The error correction levels of ISO/IEC 18004. The zero value is
// [RecoveryMedium].
const (
	RecoveryMedium   Recovery = iota // about 15% (level M), the default
	RecoveryLow                      // about 7% (level L)
	RecoveryQuartile                 // about 25% (level Q), for a logo over the centre
	RecoveryHigh                     // about 30% (level H)
)

// ImageOptions sets how [WritePNG] and [WriteSVG] draw a code. The zero
// value draws a 256-pixel code at level M with the 4-module quiet zone
// that readers need.
type ImageOptions struct {
	// Size is the width and height in pixels (PNG) or in user units of the
	// SVG's width and height (its viewBox counts modules); 0 means 256.
	// It must be 21 to 4096 pixels for PNG, and the PNG's modules are
	// whole pixels, so a size below the module count is an error.
	Size int
	// Recovery is the error correction level.
	Recovery Recovery
	// NoQuietZone leaves out the 4-module white border, for a page that
	// already has one.
	NoQuietZone bool
}

// MaxImageSize is the largest Size in pixels.
const MaxImageSize = 4096

// code makes the QR symbol of content through github.com/skip2/go-qrcode.
func (o ImageOptions) code(content string) (*qrcode.QRCode, int, error) {
	if content == "" {
		return nil, 0, fieldErr("", "", ErrMissing, "no content to draw")
	}
	if len(content) > 2953 { // the capacity of a version-40 symbol at level L, in bytes
		return nil, 0, fieldErr("", "", ErrTooLarge, "%d bytes do not fit in a QR symbol", len(content))
	}
	size := o.Size
	if size == 0 {
		size = 256
	}
	if size < 0 || size > MaxImageSize {
		return nil, 0, fieldErr("", strconv.Itoa(size), ErrValue, "image size %d, want 1 to %d", size, MaxImageSize)
	}
	var level qrcode.RecoveryLevel
	switch o.Recovery {
	case RecoveryMedium:
		level = qrcode.Medium
	case RecoveryLow:
		level = qrcode.Low
	case RecoveryQuartile:
		level = qrcode.High // go-qrcode's High is level Q (25%)
	case RecoveryHigh:
		level = qrcode.Highest // and its Highest is level H (30%)
	default:
		return nil, 0, fieldErr("", "", ErrValue, "recovery level %d", int(o.Recovery))
	}
	q, err := qrcode.New(content, level)
	if err != nil {
		return nil, 0, fmt.Errorf("vietqr: QR symbol: %w: %v", ErrTooLarge, err)
	}
	q.DisableBorder = o.NoQuietZone
	return q, size, nil
}

// WritePNG draws content (a payload from [Payload.Encode], or any text) as
// a black-on-white QR code PNG of o.Size pixels square.
func WritePNG(w io.Writer, content string, o ImageOptions) error {
	q, size, err := o.code(content)
	if err != nil {
		return err
	}
	if n := len(q.Bitmap()); size < n {
		return fieldErr("", strconv.Itoa(size), ErrValue, "image size %d is smaller than the code's %d modules", size, n)
	}
	if err := q.Write(size, w); err != nil {
		return fmt.Errorf("vietqr: write PNG: %w", err)
	}
	return nil
}

// WriteSVG draws content as a black-on-white QR code in SVG: one path of
// the dark modules over a white square, crisp at any scale, o.Size units
// square (the viewBox counts modules).
func WriteSVG(w io.Writer, content string, o ImageOptions) error {
	q, size, err := o.code(content)
	if err != nil {
		return err
	}
	bits := q.Bitmap()
	n := len(bits)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d" shape-rendering="crispEdges">`, size, size, n, n)
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#fff"/><path fill="#000" d="`, n, n)
	for y, row := range bits {
		for x := 0; x < len(row); {
			if !row[x] {
				x++
				continue
			}
			run := x
			for run < len(row) && row[run] {
				run++
			}
			fmt.Fprintf(bw, "M%d %dh%dv1h-%dz", x, y, run-x, run-x)
			x = run
		}
	}
	bw.WriteString(`"/></svg>` + "\n")
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("vietqr: write SVG: %w", err)
	}
	return nil
}
