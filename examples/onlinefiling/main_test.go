package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/testenv"
)

// TestRun runs the whole story and checks the transcript's key facts, the
// files it writes, and the signed PDF in poppler's pdfsig.
func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out, dir), out.String())
	s := out.String()

	for _, want := range []string{
		"→ 2.001610 Đăng ký thành lập doanh nghiệp tư nhân",
		"Lần 1 (first attempt): 3 lỗi (errors)",
		"✗ owner.citizen_id: ",
		"✗ phone: ",
		"✗ main_line: ",
		"Lần 2 (second attempt): hợp lệ — valid",
		"Mã hồ sơ (dossier code): 000.00.01.H26-260423-0001",
		"TỔNG CỘNG: 100.000 ₫",
		"Tổng (total): 100.000 ₫",
		"Hẹn trả:       Thứ Tư 29/04/2026 17:00",
		"còn 2 ngày làm việc",
		"hẹn trả mới (new due) Thứ Hai 04/05/2026 17:00",
		"Thời hạn:      3 ngày làm việc (3 working days)",
		"Nộp thiếu (half the fee): Không thể nộp phí, lệ phí: đã nộp 50.000 ₫, phải nộp 100.000 ₫",
		"result returned by post): returned, trước hạn (early)",
		"=> 2 chữ ký hợp lệ (valid signatures)",
		"=> nhật ký toàn vẹn (trail intact): 8 sự kiện (events)",
		"tiếp nhận 1, trước hạn 1, đúng hạn 0, quá hạn 0",
	} {
		assert.Contains(t, s, want)
	}

	pdf := filepath.Join(dir, "ho-so-da-ky.pdf")
	for _, name := range []string{"ho-so-da-ky.pdf", "thong-ke-04-2026.xlsx", "so-theo-doi-ho-so.xlsx"} {
		assert.Contains(t, s, filepath.Join(dir, name))
		fi, err := os.Stat(filepath.Join(dir, name))
		require.NoError(t, err)
		assert.Positive(t, fi.Size())
	}
	reg, err := excelize.OpenFile(filepath.Join(dir, "so-theo-doi-ho-so.xlsx"))
	require.NoError(t, err)
	defer reg.Close()
	rows, err := reg.GetRows(reg.GetSheetName(0))
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		if strings.Contains(strings.Join(r, "|"), "000.00.01.H26-260423-0001") {
			found = true
		}
	}
	assert.True(t, found, "the register lists the dossier: %v", rows)

	pdfsig := testenv.Tool(t, "pdfsig")
	res, err := exec.CommandContext(t.Context(), pdfsig, "-nocert", pdf).CombinedOutput()
	require.NoError(t, err, string(res))
	assert.Equal(t, 2, strings.Count(string(res), "Signature Validation: Signature is Valid."), string(res))
	assert.Contains(t, string(res), "Total document signed")
}

// TestSamplesAgree checks that the embedded samples the story runs on fit
// together: every fee item the sample catalogue names is in the sample fee
// schedule.
func TestSamplesAgree(t *testing.T) {
	cat, err := catalog.Sample()
	require.NoError(t, err)
	schedule, err := fees.Sample()
	require.NoError(t, err)
	known := map[string]bool{}
	for _, c := range schedule.Codes() {
		known[c] = true
	}
	for p := range cat.All() {
		for _, code := range p.FeeItems {
			assert.True(t, known[code], "procedure %s names fee item %s, missing from fees.Sample", p.Code, code)
		}
	}
}
