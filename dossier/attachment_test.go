package dossier_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// docCatalog has a procedure whose documents carry codes, with a case.
func docCatalog(t *testing.T) *catalog.Catalog {
	cat, err := catalog.New(catalog.Procedure{Code: "1.001193", Name: "Đăng ký khai sinh", Levels: []catalog.Level{catalog.Commune},
		Online: catalog.Full, ProcessingDays: 1,
		Documents: []catalog.Requirement{
			{Name: "Tờ khai đăng ký khai sinh", Code: "TK01", MediaTypes: []string{"application/pdf"}},
			{Name: "Giấy chứng sinh", Code: "GCS"},
		},
		Cases: []catalog.Case{{Name: "Có yếu tố nước ngoài", Documents: []catalog.Requirement{{Name: "Hộ chiếu của cha, mẹ", Code: "HC"}}}},
	})
	require.NoError(t, err)
	return cat
}

func TestAttachmentMatching(t *testing.T) {
	g := newFixture(t, monday)
	svc, err := dossier.NewService(g.store, docCatalog(t), official(t), dossier.WithClock(g.clock.now))
	require.NoError(t, err)
	att := func(name, doc string) dossier.Attachment {
		return dossier.Attachment{Name: name, Document: doc, MediaType: "application/pdf", Size: 10, SHA256: sumA}
	}
	gcs := dossier.Attachment{Name: "Giấy chứng sinh", MediaType: "image/jpeg", Size: 10, SHA256: sumB}
	nfd := norm.NFD.String("Tờ khai đăng ký khai sinh")
	require.NotEqual(t, "Tờ khai đăng ký khai sinh", nfd)
	for _, tc := range []struct {
		name  string
		cse   string
		atts  []dossier.Attachment
		names []string // stored names; nil: refused
		rule  string
	}{
		{"exact", "Có yếu tố nước ngoài", []dossier.Attachment{att("Tờ khai đăng ký khai sinh", ""), gcs, att("Hộ chiếu của cha, mẹ", "")},
			[]string{"Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Hộ chiếu của cha, mẹ"}, ""},
		{"NFD from a browser", "", nil, nil, ""}, // filled below
		{"spacing and case", "có yếu tố  nước ngoài", []dossier.Attachment{att("  TỜ KHAI   đăng ký khai sinh ", ""), gcs, att("hộ chiếu của cha, mẹ", "")},
			[]string{"Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Hộ chiếu của cha, mẹ"}, ""},
		{"by index and code", "Có yếu tố nước ngoài", []dossier.Attachment{att("", "#1"), att("", "GCS"), att("ignored", "#3")},
			[]string{"Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Hộ chiếu của cha, mẹ"}, ""},
		{"diacritics are not folded", "Có yếu tố nước ngoài", []dossier.Attachment{att("To khai dang ky khai sinh", ""), gcs, att("", "HC")}, nil, "document_unknown"},
		{"index out of range", "Có yếu tố nước ngoài", []dossier.Attachment{att("", "#4"), gcs, att("", "HC")}, nil, "document_index"},
		{"unknown code", "Có yếu tố nước ngoài", []dossier.Attachment{att("", "XX"), gcs, att("", "HC")}, nil, "document_unknown"},
		{"twice", "Có yếu tố nước ngoài", []dossier.Attachment{att("", "#1"), gcs, att("", "HC"), att("Tờ khai đăng ký khai sinh", "")}, nil, "document_duplicate"},
		{"unknown case", "Không có", []dossier.Attachment{att("", "#1"), gcs}, nil, "case_unknown"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "NFD from a browser" {
				tc.cse = norm.NFD.String("Có yếu tố nước ngoài")
				tc.atts = []dossier.Attachment{att(nfd, ""), gcs, att(norm.NFD.String("Hộ chiếu của cha, mẹ"), "")}
				tc.names = []string{"Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Hộ chiếu của cha, mẹ"}
			}
			before := append([]dossier.Attachment(nil), tc.atts...)
			sub := dossier.Submission{ProcedureCode: "1.001193", Agency: agency, Channel: catalog.Online, Case: tc.cse,
				Applicant: dossier.Applicant{Name: "Lê Văn Cường", CitizenID: "001199012345"}, Attachments: tc.atts}
			d, err := svc.Submit(g.ctx, applicant, sub)
			assert.Equal(t, before, tc.atts, "the caller's attachments are not written")
			if tc.names == nil {
				var se *dossier.SubmissionError
				require.ErrorAs(t, err, &se)
				rules := []string{}
				for _, p := range se.Problems {
					rules = append(rules, p.Rule)
				}
				assert.Contains(t, rules, tc.rule)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, a := range d.Attachments {
				names = append(names, a.Name)
				assert.Empty(t, a.Document)
			}
			assert.Equal(t, tc.names, names)
			stored, err := g.store.Get(g.ctx, d.Code)
			require.NoError(t, err)
			require.NoError(t, stored.Verify())

			// A supplement in NFD replaces the document of the same name.
			g.clock.add(60_000_000_000)
			d, err = svc.Receive(g.ctx, d.Code, officer)
			require.NoError(t, err)
			d, err = svc.RequestSupplement(g.ctx, d.Code, officer, "Bản chụp mờ")
			require.NoError(t, err)
			d, err = svc.Supplement(g.ctx, d.Code, applicant, []dossier.Attachment{{Name: nfd, MediaType: "application/pdf", Size: 11, SHA256: sumB}}, nil)
			require.NoError(t, err)
			assert.Len(t, d.Attachments, len(tc.names))
			assert.Equal(t, "Tờ khai đăng ký khai sinh", d.Attachments[0].Name)
			assert.Equal(t, sumB, d.Attachments[0].SHA256)
			_, err = svc.Supplement(g.ctx, d.Code, applicant, []dossier.Attachment{att("Sổ hộ khẩu", "")}, nil)
			require.ErrorIs(t, err, dossier.ErrInvalidTransition)
		})
	}
}

func TestNewAttachment(t *testing.T) {
	pdf := []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
	jpeg := []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00")
	tiff := []byte("II*\x00\x08\x00\x00\x00")
	zip := []byte("PK\x03\x04\x14\x00\x06\x00")
	for _, tc := range []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"pdf", "to-khai.pdf", pdf, "application/pdf"},
		{"png", "anh.png", png, "image/png"},
		{"jpeg", "scan.JPG", jpeg, "image/jpeg"},
		{"tiff", "scan.tif", tiff, "image/tiff"},
		{"docx", "don.docx", zip, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"zip", "hoso.zip", zip, "application/zip"},
		{"text", "ghi-chu.txt", []byte("Xin chào"), "text/plain"},
		{"unknown", "x.bin", []byte{0, 1, 2, 3}, "application/octet-stream"},
		{"no extension", "docx", zip, "application/zip"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := dossier.NewAttachment("Tờ khai", tc.file, tc.content)
			sum := sha256.Sum256(tc.content)
			assert.Equal(t, dossier.Attachment{Name: "Tờ khai", FileName: tc.file, MediaType: tc.want,
				Size: int64(len(tc.content)), SHA256: hex.EncodeToString(sum[:])}, a)
			r, err := dossier.ReadAttachment("Tờ khai", tc.file, iotest.OneByteReader(bytes.NewReader(tc.content)), 1<<20)
			require.NoError(t, err)
			assert.Equal(t, a, r, "streamed the same")
		})
	}
	t.Run("limit", func(t *testing.T) {
		big := bytes.Repeat([]byte("a"), 1000)
		_, err := dossier.ReadAttachment("x", "x.txt", bytes.NewReader(big), 999)
		require.ErrorIs(t, err, dossier.ErrTooLarge)
		a, err := dossier.ReadAttachment("x", "x.txt", bytes.NewReader(big), 1000)
		require.NoError(t, err)
		assert.EqualValues(t, 1000, a.Size)
		a, err = dossier.ReadAttachment("x", "x.txt", bytes.NewReader(big), 0)
		require.NoError(t, err, "0 is no limit")
		assert.EqualValues(t, 1000, a.Size)
	})
	t.Run("read error", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := dossier.ReadAttachment("x", "x.pdf", iotest.ErrReader(boom), 0)
		require.ErrorIs(t, err, boom)
	})
	t.Run("sniffs only the head", func(t *testing.T) {
		content := append(bytes.Repeat([]byte(" "), 600), pdf...)
		a := dossier.NewAttachment("x", "x", content)
		assert.Equal(t, "text/plain", a.MediaType)
	})
}

func TestSubmitLimits(t *testing.T) {
	f := newFixture(t, monday)
	for _, tc := range []struct {
		name string
		sub  func(*dossier.Submission)
		path string
		rule string
		ok   bool
	}{
		{"name at the limit", func(s *dossier.Submission) { s.Applicant.Name = strings.Repeat("ễ", dossier.MaxTextLen) }, "", "", true},
		{"name past the limit", func(s *dossier.Submission) { s.Applicant.Name = strings.Repeat("ễ", dossier.MaxTextLen+1) }, "Applicant.Name", "too_long", false},
		{"10 MB name", func(s *dossier.Submission) { s.Applicant.Name = strings.Repeat("a", 10<<20) }, "Applicant.Name", "too_long", false},
		{"address", func(s *dossier.Submission) { s.Applicant.Address = strings.Repeat("a", dossier.MaxTextLen+1) }, "Applicant.Address", "too_long", false},
		{"attachments past the limit", func(s *dossier.Submission) {
			s.Attachments = make([]dossier.Attachment, dossier.MaxAttachments+1)
		}, "Attachments", "too_many", false},
		{"file name", func(s *dossier.Submission) { s.Attachments[0].FileName = strings.Repeat("x", dossier.MaxTextLen+1) }, "Attachments[0].FileName", "too_long", false},
		{"form data", func(s *dossier.Submission) {
			s.FormData = map[string]any{"ghi_chu": strings.Repeat("x", dossier.MaxFormBytes)}
		}, "FormData", "form_too_large", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sub := birthSubmission()
			tc.sub(&sub)
			_, err := f.svc.Submit(f.ctx, applicant, sub)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			var se *dossier.SubmissionError
			require.ErrorAs(t, err, &se)
			found := false
			for _, p := range se.Problems {
				if p.Path == tc.path && p.Rule == tc.rule {
					found = true
					assert.Less(t, len(p.Error()), 300, "the error quotes sizes, not content")
					assert.Less(t, len(p.Message("vi")), 300)
				}
			}
			assert.True(t, found, "%v", err)
		})
	}
	t.Run("reason", func(t *testing.T) {
		d := f.submit(t)
		_, err := f.svc.RefuseIntake(f.ctx, d.Code, officer, strings.Repeat("lý do ", dossier.MaxReasonLen))
		var te *dossier.TransitionError
		require.ErrorAs(t, err, &te)
		assert.Equal(t, "too_long", te.Rule)
		assert.Less(t, len(err.Error()), 300)
		got, err := f.store.Get(f.ctx, d.Code)
		require.NoError(t, err)
		assert.Equal(t, dossier.Submitted, got.Status, "nothing changed")
	})
}

func FuzzSniffMediaType(f *testing.F) {
	f.Add([]byte("%PDF-1.4"), "a.pdf")
	f.Add([]byte("PK\x03\x04"), "a.docx")
	f.Add([]byte("RIFF\x00\x00\x00\x00WEBPVP8 "), "a.webp")
	f.Add([]byte("Tờ khai"), "")
	known := map[string]bool{"application/pdf": true, "image/jpeg": true, "image/png": true, "image/tiff": true,
		"image/gif": true, "image/webp": true, "image/heic": true, "application/zip": true, "text/plain": true,
		"application/octet-stream": true}
	f.Fuzz(func(t *testing.T, content []byte, name string) {
		if len(content) > 4096 {
			content = content[:4096]
		}
		mt := dossier.SniffMediaType(content, name)
		if !known[mt] && !strings.HasPrefix(mt, "application/vnd.") {
			t.Fatalf("unexpected media type %q", mt)
		}
		if mt != dossier.SniffMediaType(append(content, 'x'), name) && len(content) >= 512 {
			t.Fatalf("bytes past the head changed the type")
		}
	})
}
