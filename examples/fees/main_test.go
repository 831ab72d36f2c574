package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/fees"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, "vi", false))
	s := out.String()
	assert.Contains(t, s, "Phải nộp: 105.000 ₫")              // student rate, judicial record, 3 certificates
	assert.Contains(t, s, "= 6.000 ₫/bản × 3 bản = 18.000 ₫") // 4 pages × 3 copies
	assert.Contains(t, s, "TỔNG CỘNG: 100.000 ₫")             // online registration in 2024: only the publication fee
	assert.Contains(t, s, "TỔNG CỘNG: 125.000 ₫")             // at the counter during the 2025 cut
	assert.Contains(t, s, "TỔNG CỘNG: 24.150.000 ₫")          // 2.825.000 + 21.250.000 + 75.000
	assert.Contains(t, s, "Thông tư 64/2025/TT-BTC")

	out.Reset()
	require.NoError(t, run(&out, "en", false))
	assert.Contains(t, out.String(), "TOTAL: 125,000 VND")

	out.Reset()
	require.NoError(t, run(&out, "vi", true))
	var quotes []fees.Quote
	require.NoError(t, json.Unmarshal([]byte(out.String()), &quotes))
	assert.Len(t, quotes, 4)

	require.ErrorIs(t, run(&out, "fr", false), fees.ErrLanguage)
}
