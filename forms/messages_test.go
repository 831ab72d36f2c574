package forms_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// Amounts, sizes and limits read the language's way in messages.
func TestMessagesFormatNumbers(t *testing.T) {
	form := must(t, &forms.Schema{ID: "x", Fields: []forms.Field{
		{Key: "capital", Type: forms.TypeMoney, Min: forms.Num("1000000"), Label: forms.Text{"vi": "Vốn điều lệ", "en": "Charter capital"}},
		{Key: "staff", Type: forms.TypeInteger, Max: forms.Num("10000"), Label: forms.Text{"vi": "Số lao động", "en": "Staff"}},
		{Key: "share", Type: forms.TypeDecimal, Min: forms.Num("0.5"), Max: forms.Num("1500.25"), Label: forms.Text{"vi": "Tỷ lệ", "en": "Share"}},
		{Key: "fee", Type: forms.TypeMoney, Rules: "gt=5000", Label: forms.Text{"vi": "Lệ phí", "en": "Fee"}},
		{Key: "note", Type: forms.TypeText, MaxLen: forms.Ptr(2000), Label: forms.Text{"vi": "Ghi chú", "en": "Note"}},
		{Key: "scan", Type: forms.TypeFile, File: &forms.FileSpec{MaxBytes: 10 << 20, MaxFiles: 1200}, Label: forms.Text{"vi": "Bản quét", "en": "Scan"}},
		{Key: "small", Type: forms.TypeFile, File: &forms.FileSpec{MaxBytes: 1536}, Label: forms.Text{"vi": "Ảnh", "en": "Photo"}},
	}})
	file := func(size int64) []forms.File {
		return []forms.File{{Name: "a.pdf", MediaType: "application/pdf", Size: size}}
	}
	tests := []struct {
		name   string
		sub    map[string]any
		vi, en string
	}{
		{"money minimum", map[string]any{"capital": 999}, "Vốn điều lệ phải lớn hơn hoặc bằng 1.000.000 ₫", "Charter capital must be at least 1,000,000 VND"},
		{"money rule", map[string]any{"fee": 5000}, "Lệ phí phải lớn hơn 5.000 ₫", "Fee must be greater than 5,000 VND"},
		{"integer maximum", map[string]any{"staff": 10001}, "Số lao động phải nhỏ hơn hoặc bằng 10.000", "Staff must be at most 10,000"},
		{"decimal minimum", map[string]any{"share": 0.25}, "Tỷ lệ phải lớn hơn hoặc bằng 0,5", "Share must be at least 0.5"},
		{"decimal maximum", map[string]any{"share": 2000.0}, "Tỷ lệ phải nhỏ hơn hoặc bằng 1.500,25", "Share must be at most 1,500.25"},
		{"characters", map[string]any{"note": strings.Repeat("a", 2001)}, "Ghi chú chỉ được có tối đa 2.000 ký tự", "Note must have at most 2,000 characters"},
		{"file size in MB", map[string]any{"scan": file(11 << 20)}, "Bản quét: tệp vượt quá dung lượng cho phép (10 MB)", "Scan: file exceeds the size limit (10 MB)"},
		{"file size in KB", map[string]any{"small": file(2000)}, "Ảnh: tệp vượt quá dung lượng cho phép (1,5 KB)", "Photo: file exceeds the size limit (1.5 KB)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			verrs := formErrors(t, form, tt.sub)
			require.Len(t, verrs, 1)
			assert.Equal(t, tt.vi, verrs[0].Message("vi"))
			assert.Equal(t, tt.vi, verrs[0].Message(""), "Vietnamese by default")
			assert.Equal(t, tt.en, verrs[0].Message("en"))
			assert.Equal(t, tt.en, verrs[0].Message("en-US"), "a regional English tag")
		})
	}
	t.Run("the parameter stays machine-readable", func(t *testing.T) {
		verrs := formErrors(t, form, map[string]any{"capital": 999})
		require.Len(t, verrs, 1)
		assert.Equal(t, "1000000", verrs[0].Param)
	})
}

func TestTextGet(t *testing.T) {
	tx := forms.Text{"vi": "Họ và tên", "en": "Full name"}
	tests := []struct{ lang, want string }{
		{"vi", "Họ và tên"},
		{"", "Họ và tên"},
		{"en", "Full name"},
		{"en-US", "Full name"},
		{"fr", "Họ và tên"},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			assert.Equal(t, tt.want, tx.Get(tt.lang))
		})
	}
	assert.Equal(t, "Full name", forms.Text{"en": "Full name"}.Get("vi"), "any text rather than none")
	assert.Equal(t, "Name (US)", forms.Text{"en": "Name", "en-US": "Name (US)"}.Get("en-US"), "the exact tag first")
}
