package paper_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"iter"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
)

// many yields n dossiers like the world's, with distinct codes.
func many(base []dossier.Dossier, n int) iter.Seq2[dossier.Dossier, error] {
	return func(yield func(dossier.Dossier, error) bool) {
		for i := range n {
			d := base[i%len(base)]
			d.Code = dossier.FormatCode("000.00.01.H57", d.SubmittedAt, i+1)
			if !yield(d, nil) {
				return
			}
		}
	}
}

func sample(t testing.TB) []dossier.Dossier {
	w := newWorld(t)
	var out []dossier.Dossier
	for _, p := range w.papers(t) {
		out = append(out, p.Dossier)
	}
	return out
}

func names(code string) string {
	if code == "2.001417" {
		return "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam"
	}
	return ""
}

func TestRegister(t *testing.T) {
	r := renderer(t)
	base := sample(t)
	for _, tc := range []struct {
		name  string
		n     int
		pages int // at least
	}{
		{"empty", 0, 1},
		{"one", 1, 1},
		{"three pages", 40, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.WriteRegister(context.Background(), &buf, many(base, tc.n), paper.RegisterOptions{
				Agency: agency, Book: "Quyển số: 01/2026", ProcedureName: names, TempDir: t.TempDir()}))
			file := temp(t, "register.pdf", buf.Bytes())
			assert.Contains(t, tool(t, nil, "qpdf", "--check", file), "No syntax or stream encoding errors found")
			info := tool(t, nil, "pdfinfo", file)
			var pages int
			for _, l := range strings.Split(info, "\n") {
				if v, ok := strings.CutPrefix(l, "Pages:"); ok {
					fmt.Sscan(v, &pages)
				}
			}
			assert.GreaterOrEqual(t, pages, tc.pages)
			assert.Contains(t, info, "841.89 x 595.28 pts (A4)", "A4 landscape")
			flat := strings.Join(strings.Fields(tool(t, nil, "pdftotext", "-enc", "UTF-8", file, "-")), " ")
			assert.True(t, strings.Contains(flat, "SỔ THEO DÕI HỒ SƠ Quyển số: 01/2026"), "title")
			// the header row on every page
			assert.Equal(t, pages, strings.Count(flat, "Tên thủ tục hành chính"), "header row on each page")
			for i := range tc.n {
				code := dossier.FormatCode("000.00.01.H57", base[i%len(base)].SubmittedAt, i+1)
				assert.True(t, strings.Contains(flat, code), "%s in the register", code)
			}
			if tc.n == 1 && *update {
				tool(t, nil, "pdftoppm", "-r", "30", "-gray", "-png", "-singlefile", file, filepath.Join("testdata", "07-register"))
			}
			if tc.n > 0 {
				assert.True(t, strings.Contains(flat, "Nguyễn Thị Hồng Nhung 12:35 05/12/2026"[:len("Nguyễn Thị Hồng Nhung")]), "applicant")
			}
		})
	}
}

func TestRegisterErrors(t *testing.T) {
	r := renderer(t)
	base := sample(t)
	boom := errors.New("store failed")
	bad := base[0]
	bad.Applicant.Name = "Nguyễn 山田"
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tc := range []struct {
		name string
		ctx  context.Context
		seq  iter.Seq2[dossier.Dossier, error]
		opt  paper.RegisterOptions
		want error
	}{
		{"store error", context.Background(), func(yield func(dossier.Dossier, error) bool) { yield(base[0], nil); yield(dossier.Dossier{}, boom) }, paper.RegisterOptions{Agency: agency}, boom},
		{"character not in the font", context.Background(), func(yield func(dossier.Dossier, error) bool) { yield(bad, nil) }, paper.RegisterOptions{Agency: agency}, paper.ErrGlyph},
		{"cancelled", cancelled, many(base, 3), paper.RegisterOptions{Agency: agency}, context.Canceled},
		{"no agency", context.Background(), many(base, 1), paper.RegisterOptions{}, paper.ErrInput},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			tc.opt.TempDir = t.TempDir()
			err := r.WriteRegister(tc.ctx, &buf, tc.seq, tc.opt)
			require.ErrorIs(t, err, tc.want)
			assert.Zero(t, buf.Len(), "nothing written on error")
		})
	}
}
