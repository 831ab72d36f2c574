package main

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out, time.Date(2026, 1, 1, 0, 0, 0, 0, catalog.Location)))
	s := out.String()
	assert.Contains(t, s, "46/51 thủ tục trực tuyến (90,2%)")
	assert.Contains(t, s, "46 of 51 procedures online (90.2%)")
	assert.Contains(t, s, "1.001193  Đăng ký khai sinh — Ủy ban nhân dân cấp xã, trong ngày, ")
	assert.NotContains(t, s, ", 0 ngày làm việc")
	assert.Contains(t, s, "Tìm (search) \"dang ki ket hon\":\n  1.000894  Đăng ký kết hôn")
	assert.Contains(t, s, "1.001193  Đăng ký khai sinh — ")
	assert.Contains(t, s, "2.001417  Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam")
	assert.Contains(t, s, "1.009994  Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ")
}
