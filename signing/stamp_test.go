package signing_test

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const dejaVuSans = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

func stampFont(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(dejaVuSans)
	if err != nil {
		testenv.Missing(t, dejaVuSans+" not found (apt-get install fonts-dejavu-core)")
	}
	return b
}

// pdfText extracts the text poppler sees on the first page, annotation
// appearances included.
func pdfText(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdftotext")
	out, err := exec.Command(tool, "-f", "1", "-l", "1", writeTemp(t, pdf), "-").CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

func TestVisibleStamp(t *testing.T) {
	font := stampFont(t)
	ca := newCA(t)
	s := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{Pages: 2})
	rect := [4]float64{300, 600, 560, 680}

	t.Run("default lines", func(t *testing.T) {
		out := mustSign(t, in, s, signing.Options{Name: "Trần Văn Nghĩa", Reason: "Nộp hồ sơ", Time: testNow,
			Appearance: &signing.Appearance{Rect: rect, Font: font}})
		requireInterop(t, out, 1)
		text := pdfText(t, out)
		assert.Contains(t, text, "Ký bởi: Trần Văn Nghĩa")
		assert.Contains(t, text, "Thời gian: "+testNow.Format("02/01/2006 15:04:05 -07:00"))
		assert.Contains(t, text, "Lý do: Nộp hồ sơ")
	})
	t.Run("own lines, decomposed input, countersigned", func(t *testing.T) {
		nfd := norm.NFD.String("Cán bộ tiếp nhận: Lê Thị Hoa")
		out := mustSign(t, in, s, signing.Options{Appearance: &signing.Appearance{Rect: rect, Font: font, Lines: []string{nfd, "Bộ phận Một cửa"}}})
		out = mustSign(t, out, s, signing.Options{Appearance: &signing.Appearance{Page: 2, Rect: rect, Font: font}})
		requireInterop(t, out, 2)
		text := pdfText(t, out)
		assert.Contains(t, text, "Cán bộ tiếp nhận: Lê Thị Hoa", "text is stored composed (NFC)")
		assert.Contains(t, text, "Bộ phận Một cửa")
	})
	t.Run("frame only without a font", func(t *testing.T) {
		out := mustSign(t, in, s, signing.Options{Appearance: &signing.Appearance{Rect: rect}})
		requireInterop(t, out, 1)
		assert.NotContains(t, pdfText(t, out), "Ký bởi")
	})
	bad := []struct {
		name string
		a    signing.Appearance
	}{
		{"glyph missing from the font", signing.Appearance{Rect: rect, Font: font, Lines: []string{"中文"}}},
		{"not a font", signing.Appearance{Rect: rect, Font: []byte("definitely not a TrueType font")}},
		{"truncated font", signing.Appearance{Rect: rect, Font: font[:4096]}},
		{"box too small for the text", signing.Appearance{Rect: [4]float64{0, 0, 20, 10}, Font: font}},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := signBytes(t.Context(), in, s, signing.Options{Appearance: &tc.a})
			require.ErrorIs(t, err, signing.ErrOptions)
		})
	}
}

// FuzzAppearanceFont feeds damaged fonts to the stamp: an error, or a file
// that signs and checks; never a panic.
func FuzzAppearanceFont(f *testing.F) {
	ca := newCA(f)
	s := newSigner(f, ca, "Fuzz", signingtest.ECDSAP256)
	in := samplePDF(f, signingtest.PDFOptions{})
	if b, err := os.ReadFile(dejaVuSans); err == nil {
		f.Add(b[:min(len(b), 64<<10)])
		// A whole small font: the subset of one with composite glyphs.
		sub, err := signing.SubsetFont(b, "Nghĩa ǻ")
		require.NoError(f, err)
		f.Add(sub)
	}
	f.Add([]byte("\x00\x01\x00\x00\x00\x05"))
	f.Add([]byte("true" + strings.Repeat("\x00", 64)))
	f.Fuzz(func(t *testing.T, font []byte) {
		if len(font) > 64<<10 {
			return
		}
		out, err := signBytes(t.Context(), in, s, signing.Options{Appearance: &signing.Appearance{Rect: [4]float64{10, 10, 300, 80}, Font: font, Lines: []string{"Nghĩa"}}})
		if err != nil {
			return
		}
		_, sigs, err := signing.Inspect(out)
		if err != nil || len(sigs) != 1 || sigs[0].Check != nil {
			t.Fatalf("signed with a fuzzed font but the output does not check: %v", err)
		}
	})
}

// The stamp embeds a subset of its font: the glyphs of its text and
// .notdef, so a 7 KB file does not grow by the whole font.
func TestVisibleStampFontSubset(t *testing.T) {
	font := stampFont(t)
	ca := newCA(t)
	s := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	in := samplePDF(t, signingtest.PDFOptions{})
	rect := [4]float64{300, 600, 560, 680}
	plain := mustSign(t, in, s, signing.Options{Time: testNow})
	cases := []struct {
		name  string
		lines []string
	}{
		{"Vietnamese, decomposed", []string{norm.NFD.String("Người ký: Nguyễn Thị Ánh Tuyết"), "Ủy ban nhân dân phường Bến Thành"}},
		{"every Vietnamese letter", []string{
			"aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ",
			"AÀẢÃÁẠĂẰẲẴẮẶÂẦẨẪẤẬBCDĐEÈẺẼÉẸÊỀỂỄẾỆGHIÌỈĨÍỊKLMNOÒỎÕÓỌÔỒỔỖỐỘƠỜỞỠỚỢPQRSTUÙỦŨÚỤƯỪỬỮỨỰVXYỲỶỸÝỴ 0123456789",
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			out := mustSign(t, in, s, signing.Options{Time: testNow, Appearance: &signing.Appearance{Rect: rect, Font: font, Lines: tc.lines}})
			growth := len(out) - len(plain)
			t.Logf("input %d bytes, signed invisibly %d, with the stamp %d (+%d)", len(in), len(plain), len(out), growth)
			assert.Less(t, growth, 32<<10, "the stamp must embed a subset, not the %d-byte font", len(font))
			requireInterop(t, out, 1)
			fonts := pdfFonts(t, out)
			assert.Regexp(t, `(?m)^[A-Z]{6}\+DejaVuSans\s+CID TrueType\s+Identity-H\s+yes yes yes`, fonts)
			text := pdfText(t, out)
			for _, l := range tc.lines {
				assert.Contains(t, text, norm.NFC.String(l))
			}
		})
	}
}

// pdfFonts returns what poppler's pdffonts lists for the first page.
func pdfFonts(t testing.TB, pdf []byte) string {
	t.Helper()
	tool := testenv.Tool(t, "pdffonts")
	out, err := exec.Command(tool, "-f", "1", "-l", "1", writeTemp(t, pdf)).CombinedOutput()
	require.NoError(t, err, string(out))
	return string(out)
}

// A subset is itself a well-formed font: its cmap finds every character
// shown and cutting it again keeps the same glyphs.
func TestSubsetFontRoundTrip(t *testing.T) {
	font := stampFont(t)
	for _, text := range []string{"Nghĩa", "Ủy ban nhân dân ǻ Ǿ", " "} {
		t.Run(text, func(t *testing.T) {
			sub, err := signing.SubsetFont(font, text)
			require.NoError(t, err)
			again, err := signing.SubsetFont(sub, text)
			require.NoError(t, err, "the subset must parse and subset again")
			assert.Equal(t, len(sub), len(again))
			assert.Less(t, len(sub), len(font)/20)
		})
	}
}
