package paper_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
)

func TestNewErrors(t *testing.T) {
	good := font(t, dejavu)
	cff := append([]byte("OTTO"), make([]byte, 20)...)
	ttc := append([]byte("ttcf"), make([]byte, 20)...)
	cut := append([]byte(nil), good[:4096]...)
	noTables := make([]byte, 12)
	binary.BigEndian.PutUint32(noTables, 0x00010000)
	for _, tc := range []struct {
		name string
		opt  paper.Options
		want error
		code string
	}{
		{"no font", paper.Options{}, paper.ErrFont, "font"},
		{"not a font", paper.Options{Font: []byte("hello, world; this is no font")}, paper.ErrFont, "font"},
		{"CFF outlines", paper.Options{Font: cff}, paper.ErrFont, "font"},
		{"collection", paper.Options{Font: ttc}, paper.ErrFont, "font"},
		{"truncated", paper.Options{Font: cut}, paper.ErrFont, "font"},
		{"no tables", paper.Options{Font: noTables}, paper.ErrFont, "font"},
		{"bad bold", paper.Options{Font: good, BoldFont: []byte("x")}, paper.ErrFont, "font"},
		{"lookup without {code}", paper.Options{Font: good, LookupURL: "https://example.vn/tra-cuu"}, paper.ErrInput, "lookup_url"},
		{"lookup not http", paper.Options{Font: good, LookupURL: "javascript:alert({code})"}, paper.ErrInput, "lookup_url"},
		{"lookup twice", paper.Options{Font: good, LookupURL: "https://example.vn/{code}/{code}"}, paper.ErrInput, "lookup_url"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := paper.New(tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Nil(t, r)
			assert.Equal(t, tc.code, paper.ErrorCode(err))
			assert.NotEqual(t, paper.Message(err, "vi"), paper.Message(err, "en"))
		})
	}
}

func TestWriteErrors(t *testing.T) {
	r := renderer(t)
	w := newWorld(t)
	papers := w.papers(t)
	submitted := w.submit(t)
	chinese := papers[paper.Receipt]
	chinese.Dossier.Applicant.Name = "Lý 李"
	for _, tc := range []struct {
		name string
		p    paper.Paper
		want error
		code string
	}{
		{"receipt before receipt", paper.Paper{Kind: paper.Receipt, Dossier: submitted, Agency: agency}, paper.ErrNotApplicable, "no_event"},
		{"apology never made", paper.Paper{Kind: paper.Apology, Dossier: papers[paper.Receipt].Dossier, Agency: agency}, paper.ErrNotApplicable, "no_event"},
		{"stop without withdrawal", paper.Paper{Kind: paper.StopNotice, Dossier: submitted, Agency: agency}, paper.ErrNotApplicable, "no_event"},
		{"control slip of nothing", paper.Paper{Kind: paper.ControlSlip, Dossier: dossier.Dossier{Code: "x"}, Agency: agency}, paper.ErrNotApplicable, "no_event"},
		{"unknown kind", paper.Paper{Dossier: submitted, Agency: agency}, paper.ErrInput, "kind"},
		{"register is not a paper", paper.Paper{Kind: paper.Register, Dossier: submitted, Agency: agency}, paper.ErrInput, "kind"},
		{"no agency", paper.Paper{Kind: paper.Receipt, Dossier: papers[paper.Receipt].Dossier}, paper.ErrInput, "no_agency"},
		{"officer too long", paper.Paper{Kind: paper.Receipt, Dossier: papers[paper.Receipt].Dossier, Agency: agency, Officer: string(bytes.Repeat([]byte("a"), 5000))}, paper.ErrInput, "too_long"},
		{"character not in the font", chinese, paper.ErrGlyph, "glyph"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := r.Write(&buf, tc.p)
			require.ErrorIs(t, err, tc.want)
			assert.Equal(t, tc.code, paper.ErrorCode(err))
			assert.Zero(t, buf.Len(), "nothing written on error")
			assert.NotEqual(t, paper.Message(err, "vi"), paper.Message(err, "en"))
			var ge *paper.GlyphError
			if errors.As(err, &ge) {
				assert.Equal(t, '李', ge.Rune)
			}
		})
	}
}

func TestKind(t *testing.T) {
	for k := paper.Receipt; k <= paper.Register; k++ {
		t.Run(k.String(), func(t *testing.T) {
			b, err := k.MarshalText()
			require.NoError(t, err)
			var back paper.Kind
			require.NoError(t, back.UnmarshalText(b))
			assert.Equal(t, k, back)
			require.NoError(t, back.UnmarshalText([]byte(k.Form())))
			assert.Equal(t, k, back)
			assert.NotEqual(t, k.Label("vi"), k.Label("en"))
		})
	}
	assert.Equal(t, "01", paper.Receipt.Form())
	assert.Equal(t, "Sổ theo dõi hồ sơ", paper.Register.Label("vi"))
	assert.Equal(t, "unknown", paper.KindUnknown.String())
	assert.Equal(t, "Kind(42)", paper.Kind(42).String())
	_, err := paper.KindUnknown.MarshalText()
	require.ErrorIs(t, err, paper.ErrInput)
	var k paper.Kind
	require.ErrorIs(t, k.UnmarshalText([]byte("08")), paper.ErrInput)
}

// TestNormalisesText: NFD input (as some browsers send it) comes out NFC,
// and a bold-less renderer still writes every paper.
func TestNormalisesText(t *testing.T) {
	r, err := paper.New(paper.Options{Font: font(t, dejavu)})
	require.NoError(t, err)
	w := newWorld(t)
	p := w.papers(t)[paper.Refusal]
	p.Officer = "Tra\u0302\u0300n Va\u0306n Nghi\u0303a" // NFD
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, p))
	text := tool(t, nil, "pdftotext", "-enc", "UTF-8", temp(t, "p.pdf", buf.Bytes()), "-")
	assert.Contains(t, text, "Trần Văn Nghĩa")
	assert.Equal(t, "", r.LookupURL("x"), "no lookup URL configured")
}

// FuzzNew feeds New arbitrary font files: it returns a renderer or a
// *FontError, never panics.
func FuzzNew(f *testing.F) {
	good := font(f, dejavu)
	f.Add(good[:2048])
	f.Add([]byte("\x00\x01\x00\x00\x00\x01"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 64<<10 {
			return
		}
		r, err := paper.New(paper.Options{Font: b})
		if err != nil {
			require.ErrorIs(t, err, paper.ErrFont)
			return
		}
		require.NotNil(t, r)
	})
}

// TestConcurrentWrite: one Renderer writes papers from many goroutines
// (its buffers and compressors are pooled), each byte for byte what a
// lone Write gives.
func TestConcurrentWrite(t *testing.T) {
	r := renderer(t)
	papers := newWorld(t).papers(t)
	want := map[paper.Kind][]byte{}
	for k, p := range papers {
		var buf bytes.Buffer
		require.NoError(t, r.Write(&buf, p))
		want[k] = buf.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for g := range 8 {
		wg.Go(func() {
			for i := range 12 {
				k := paper.Kind(1 + (g+i)%6)
				var buf bytes.Buffer
				if err := r.Write(&buf, papers[k]); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(want[k], buf.Bytes()) {
					errs <- fmt.Errorf("%s differs when written concurrently", k)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
}

// TestEveryCharacter: text with every printable ASCII character (the
// literal strings escape some of their CIDs' bytes) and the Vietnamese
// letters comes back exactly through pdftotext.
func TestEveryCharacter(t *testing.T) {
	r := renderer(t)
	var chars []rune
	for c := rune(0x21); c < 0x7f; c++ {
		chars = append(chars, c)
	}
	chars = append(chars, []rune("ĂÂĐÊÔƠƯăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ₫–—‘’“”…№")...)
	var words []string
	for i := 0; i < len(chars); i += 6 {
		words = append(words, string(chars[i:min(i+6, len(chars))]))
	}
	p := newWorld(t).papers(t)[paper.Refusal]
	p.Items = nil
	p.Agency.Parent = strings.Join(words, " ")
	var buf bytes.Buffer
	require.NoError(t, r.Write(&buf, p))
	text := tool(t, nil, "pdftotext", "-enc", "UTF-8", temp(t, "p.pdf", buf.Bytes()), "-")
	assert.Contains(t, strings.Join(strings.Fields(text), " "), strings.Join(words, " "))
}
