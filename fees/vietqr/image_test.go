package vietqr_test

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/fees/vietqr"
	"github.com/motcua/motcua/internal/testenv"
)

// zbar reads the QR code in the PNG file with zbarimg and returns its text.
func zbar(t *testing.T, file string) string {
	t.Helper()
	bin := testenv.Tool(t, "zbarimg")
	cmd := exec.Command(bin, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", file)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr // zbarimg may complain there about D-Bus
	out, err := cmd.Output()
	require.NoError(t, err, "zbarimg: %s", stderr.String())
	return strings.TrimSuffix(string(out), "\n")
}

func TestPNGReadsBackWithZbar(t *testing.T) {
	dossierFee, err := (&vietqr.Payload{BIN: "970436", Account: "0011001932418", Amount: 230000, Purpose: "000.00.01.H12-251126-0001"}).Encode()
	require.NoError(t, err)
	tests := []struct {
		name    string
		payload string
		opts    vietqr.ImageOptions
	}{
		{"dossier fee, defaults", dossierFee, vietqr.ImageOptions{}},
		{"napas example, level H, 400 px", published[1].payload, vietqr.ImageOptions{Size: 400, Recovery: vietqr.RecoveryHigh}},
		{"level L, small", published[0].payload, vietqr.ImageOptions{Size: 120, Recovery: vietqr.RecoveryLow}},
		{"level Q, no quiet zone inside a white page", published[2].payload, vietqr.ImageOptions{Size: 300, Recovery: vietqr.RecoveryQuartile, NoQuietZone: true}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, vietqr.WritePNG(&buf, tc.payload, tc.opts))
			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			require.NoError(t, err)
			want := tc.opts.Size
			if want == 0 {
				want = 256
			}
			assert.Equal(t, want, img.Bounds().Dx())
			if tc.opts.NoQuietZone {
				img = pad(img, 40) // readers need the quiet zone: the page gives it
			}
			file := filepath.Join(t.TempDir(), "qr.png")
			writePNG(t, file, img)
			assert.Equal(t, tc.payload, zbar(t, file))
		})
	}
}

func TestSVGReadsBackWithZbar(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		opts    vietqr.ImageOptions
	}{
		{"napas example", published[1].payload, vietqr.ImageOptions{}},
		{"level H", published[4].payload, vietqr.ImageOptions{Size: 512, Recovery: vietqr.RecoveryHigh}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, vietqr.WriteSVG(&buf, tc.payload, tc.opts))
			img := rasterSVG(t, buf.Bytes(), 6)
			file := filepath.Join(t.TempDir(), "qr.png")
			writePNG(t, file, img)
			assert.Equal(t, tc.payload, zbar(t, file))
		})
	}
}

// rasterSVG draws the SVG that WriteSVG wrote, at scale pixels a module,
// reading it as XML: a white rect of the viewBox and one path of
// "Mx yhWv1h-Wz" runs.
func rasterSVG(t *testing.T, svg []byte, scale int) image.Image {
	t.Helper()
	var doc struct {
		XMLName xml.Name `xml:"svg"`
		ViewBox string   `xml:"viewBox,attr"`
		Rect    struct {
			Fill string `xml:"fill,attr"`
		} `xml:"rect"`
		Path struct {
			Fill string `xml:"fill,attr"`
			D    string `xml:"d,attr"`
		} `xml:"path"`
	}
	require.NoError(t, xml.Unmarshal(svg, &doc))
	var n int
	_, err := fmt.Sscanf(doc.ViewBox, "0 0 %d %d", &n, &n)
	require.NoError(t, err)
	require.Equal(t, "#fff", doc.Rect.Fill)
	require.Equal(t, "#000", doc.Path.Fill)
	img := image.NewGray(image.Rect(0, 0, n*scale, n*scale))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	for _, run := range strings.Split(strings.TrimSuffix(doc.Path.D, "z"), "z") {
		var x, y, w, w2 int
		_, err := fmt.Sscanf(run, "M%d %dh%dv1h-%d", &x, &y, &w, &w2)
		require.NoError(t, err, run)
		require.Equal(t, w, w2)
		for py := y * scale; py < (y+1)*scale; py++ {
			for px := x * scale; px < (x+w)*scale; px++ {
				img.SetGray(px, py, color.Gray{})
			}
		}
	}
	return img
}

func pad(img image.Image, border int) image.Image {
	b := img.Bounds()
	out := image.NewGray(image.Rect(0, 0, b.Dx()+2*border, b.Dy()+2*border))
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x-b.Min.X+border, y-b.Min.Y+border, img.At(x, y))
		}
	}
	return out
}

func writePNG(t *testing.T, file string, img image.Image) {
	t.Helper()
	f, err := os.Create(file)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
}

func TestImageRejects(t *testing.T) {
	tests := []struct {
		name    string
		content string
		opts    vietqr.ImageOptions
		err     error
	}{
		{"empty", "", vietqr.ImageOptions{}, vietqr.ErrMissing},
		{"too large for a symbol", strings.Repeat("x", 3000), vietqr.ImageOptions{}, vietqr.ErrTooLarge},
		{"too large at level H", strings.Repeat("x", 2000), vietqr.ImageOptions{Recovery: vietqr.RecoveryHigh}, vietqr.ErrTooLarge},
		{"negative size", "x", vietqr.ImageOptions{Size: -5}, vietqr.ErrValue},
		{"huge size", "x", vietqr.ImageOptions{Size: 5000}, vietqr.ErrValue},
		{"unknown level", "x", vietqr.ImageOptions{Recovery: 9}, vietqr.ErrValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.ErrorIs(t, vietqr.WritePNG(&buf, tc.content, tc.opts), tc.err)
			require.ErrorIs(t, vietqr.WriteSVG(&buf, tc.content, tc.opts), tc.err)
			assert.Zero(t, buf.Len(), "nothing written on error")
		})
	}
	var buf bytes.Buffer
	require.ErrorIs(t, vietqr.WritePNG(&buf, published[1].payload, vietqr.ImageOptions{Size: 21}), vietqr.ErrValue, "fewer pixels than modules")
	assert.Zero(t, buf.Len())
}
