package forms_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
	"github.com/motcua/motcua/internal/testenv"
	"github.com/motcua/motcua/internal/vntime"
)

func TestProvincesAt(t *testing.T) {
	before := forms.ProvincesAt(time.Date(2025, time.June, 30, 16, 59, 59, 0, time.UTC)) // 23:59:59 in Vietnam
	after := forms.ProvincesAt(time.Date(2025, time.June, 30, 17, 0, 0, 0, time.UTC))    // 00:00 on 1 July
	assert.Len(t, before.ProvinceCodes(), 63)
	assert.Len(t, after.ProvinceCodes(), 34)
	assert.True(t, before.Province("02"))
	assert.False(t, after.Province("02"), "Hà Giang merged into Tuyên Quang")
	n, ok := after.ProvinceName("79")
	assert.True(t, ok)
	assert.Equal(t, "Thành phố Hồ Chí Minh", n)
	n, _ = before.ProvinceName("77")
	assert.Equal(t, "Tỉnh Bà Rịa - Vũng Tàu", n)
	assert.True(t, after.Commune("26734"), "without communes, any 5 digits")
	assert.False(t, after.Commune("2673"))
	assert.Empty(t, after.CommuneCodes())
}

// TestProvinceListsMatchFixtures compares the lists in code with the
// General Statistics Office data in the shared fixtures.
func TestProvinceListsMatchFixtures(t *testing.T) {
	dir := testenv.SharedFixtures(t, "adminunits")
	for _, tc := range []struct {
		file string
		at   time.Time
		n, c int
	}{
		{"vn_only_simplified_json_generated_data_vn_units_2026-07-25__20_49_07.json", vntime.Date(2026, 7, 25), 34, 3321},
		{"vn_only_simplified_json_generated_data_vn_units_minified.json", vntime.Date(2025, 6, 1), 63, 10035},
	} {
		t.Run(tc.file, func(t *testing.T) {
			fh, err := os.Open(filepath.Join(dir, tc.file))
			require.NoError(t, err)
			defer fh.Close()
			l, err := forms.ReadAdminUnits(fh)
			require.NoError(t, err)
			assert.Len(t, l.ProvinceCodes(), tc.n)
			assert.Len(t, l.CommuneCodes(), tc.c)
			builtin := forms.ProvincesAt(tc.at)
			assert.Equal(t, builtin.ProvinceCodes(), l.ProvinceCodes())
			for _, code := range l.ProvinceCodes() {
				a, _ := l.ProvinceName(code)
				b, _ := builtin.ProvinceName(code)
				assert.Equal(t, a, b)
			}
		})
	}
}

func TestAdminUnitsWithCommunes(t *testing.T) {
	dir := testenv.SharedFixtures(t, "adminunits")
	fh, err := os.Open(filepath.Join(dir, "vn_only_simplified_json_generated_data_vn_units_2026-07-25__20_49_07.json"))
	require.NoError(t, err)
	defer fh.Close()
	l, err := forms.ReadAdminUnits(fh)
	require.NoError(t, err)
	c, ok := l.CommuneByCode("00004")
	require.True(t, ok)
	assert.Equal(t, forms.Commune{Code: "00004", Name: "Phường Ba Đình", Province: "01"}, c)

	f := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{{Key: "ward", Type: forms.TypeAdminUnit}}}, forms.WithAdminUnits(l))
	ctx := context.Background()
	require.NoError(t, f.Validate(ctx, map[string]any{"ward": "00004"}))
	require.NoError(t, f.Validate(ctx, map[string]any{"ward": "79"}))
	require.ErrorIs(t, f.Validate(ctx, map[string]any{"ward": "99999"}), forms.ErrRule)
	require.ErrorIs(t, f.Validate(ctx, map[string]any{"ward": "00001"}), forms.ErrRule, "00001 (Phường Phúc Xá) was merged")
}

func TestReadAdminUnitsErrors(t *testing.T) {
	for name, in := range map[string]string{
		"not json":          `{`,
		"not an array":      `{"Code": "01"}`,
		"empty":             `[]`,
		"bad province code": `[{"Code": "1", "FullName": "x"}]`,
		"duplicate":         `[{"Code": "01"}, {"Code": "01"}]`,
		"bad commune":       `[{"Code": "01", "Wards": [{"Code": "4"}]}]`,
		"duplicate commune": `[{"Code": "01", "Wards": [{"Code": "00004"}]}, {"Code": "02", "District": [{"Ward": [{"Code": "00004"}]}]}]`,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := forms.ReadAdminUnits(strings.NewReader(in))
			require.ErrorIs(t, err, forms.ErrAdminUnitsData)
		})
	}
	l, err := forms.ReadAdminUnits(strings.NewReader(`[{"Code": "01", "FullName": "Hà Nội", "District": [{"Code": "001", "Ward": null}, {"Code": "002", "Ward": [{"Code": "00004", "FullName": "Phường"}]}]}]`))
	require.NoError(t, err)
	assert.Equal(t, []string{"00004"}, l.CommuneCodes())
}
