package main

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/fees/vietqr"
	"github.com/motcua/motcua/internal/testenv"
)

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out, dir, ""))
	s := out.String()
	assert.Contains(t, s, "Hồ sơ 000.00.01.H12-251126-0001: phải nộp 8.000 ₫")
	assert.Contains(t, s, "Dòng 3 (FT25330001, 8.000 ₫): khớp 000.00.01.H12-251126-0001")
	assert.Contains(t, s, "Dòng 4 (FT25330002, 500.000 ₫): không khớp hồ sơ")
	assert.Contains(t, s, "Đã ghi nhận: 000.00.01.H12-251126-0001 8.000 ₫, FT25330001, người nộp NGUYEN VAN AN")

	_, payload, ok := strings.Cut(s, "tài khoản 0011001932418): ")
	require.True(t, ok)
	payload, _, _ = strings.Cut(payload, "\n")
	p, err := vietqr.Decode(payload)
	require.NoError(t, err)
	assert.Equal(t, "000.00.01.H12-251126-0001", p.Purpose)

	zbar := testenv.Tool(t, "zbarimg")
	cmd := exec.Command(zbar, "--quiet", "--raw", filepath.Join(dir, "qr.png"))
	got, err := cmd.Output()
	require.NoError(t, err)
	assert.Equal(t, payload, strings.TrimSpace(string(got)))
	assert.FileExists(t, filepath.Join(dir, "qr.svg"))

	require.Error(t, run(t.Context(), &out, "", filepath.Join(dir, "missing.csv")))
}
