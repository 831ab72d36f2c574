package catalog

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/internal/vntime"
)

func names(ps []Procedure) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Name
	}
	return out
}

func searchCatalog(t *testing.T) *Catalog {
	t.Helper()
	mk := func(code, name, sector, agency string, lv Level, ol OnlineLevel) Procedure {
		return Procedure{Code: code, Name: name, Sector: sector, Agency: agency, Levels: []Level{lv}, Online: ol}
	}
	old := mk("1.000001", "Đăng ký khai sinh (mẫu cũ)", "Hộ tịch", "UBND cấp xã", Commune, Partial)
	old.ValidTo = vntime.Date(2025, 7, 1)
	cur := mk("1.000001", "Đăng ký khai sinh", "Hộ tịch", "UBND cấp xã", Commune, Full)
	cur.ValidFrom = vntime.Date(2025, 7, 1)
	c, err := New(
		cur, old,
		mk("1.000002", "Đăng ký khai sinh có yếu tố nước ngoài", "Hộ tịch", "UBND cấp xã", Commune, Partial),
		mk("1.000003", "Trích lục đăng ký khai sinh", "Hộ tịch", "UBND cấp xã", Commune, Full),
		mk("1.000004", "Cấp bản sao giấy khai sinh và đăng ký lại", "Hộ tịch", "UBND cấp xã", Commune, Offline),
		mk("2.000010", "Đăng ký thành lập hộ kinh doanh", "Đăng ký kinh doanh", "UBND cấp xã", Commune, Full),
		mk("2.000011", "Đăng ký thành lập doanh nghiệp tư nhân", "Đăng ký kinh doanh", "Sở Tài chính", Province, Full),
		mk("2.000012", "Cấp giấy phép xây dựng", "Hoạt động xây dựng", "Sở Xây dựng", Province, Partial),
		mk("3.000013", "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", "Sở Tư pháp", Province, Full),
	)
	require.NoError(t, err)
	return c
}

func TestSearch(t *testing.T) {
	c := searchCatalog(t)
	tests := []struct {
		name string
		q    Query
		want []string
	}{
		{"without diacritics", Query{Text: "dang ky khai sinh"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"upper case with diacritics", Query{Text: "ĐĂNG KÝ KHAI SINH"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"lower case with diacritics", Query{Text: "đăng ký khai sinh"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"kí for ký", Query{Text: "dang ki khai sinh"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"KÍ for ký, upper case", Query{Text: "ĐĂNG KÍ KHAI SINH"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"lí for lý", Query{Text: "phieu li lich"}, []string{"Cấp Phiếu lý lịch tư pháp"}},
		{"lí for lý, with its tone", Query{Text: "lí lịch tư pháp"}, []string{"Cấp Phiếu lý lịch tư pháp"}},
		{"phrase ranks above scattered words", Query{Text: "khai sinh"}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài", "Trích lục đăng ký khai sinh",
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"scattered words after phrases", Query{Text: "đăng ký khai sinh lại"}, []string{
			"Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"word prefix", Query{Text: "xay dun"}, []string{"Cấp giấy phép xây dựng"}},
		{"sector match ranks last", Query{Text: "kinh doanh"}, []string{
			"Đăng ký thành lập hộ kinh doanh", "Đăng ký thành lập doanh nghiệp tư nhân",
		}},
		{"agency match", Query{Text: "so tu phap"}, []string{"Cấp Phiếu lý lịch tư pháp"}},
		{"code", Query{Text: "3.000013"}, []string{"Cấp Phiếu lý lịch tư pháp"}},
		{"code prefix", Query{Text: "2.0000"}, []string{
			"Đăng ký thành lập hộ kinh doanh", "Đăng ký thành lập doanh nghiệp tư nhân", "Cấp giấy phép xây dựng",
		}},
		{"no match", Query{Text: "hộ chiếu"}, []string{}},
		{"level filter", Query{Text: "dang ky", Levels: []Level{Province}}, []string{"Đăng ký thành lập doanh nghiệp tư nhân"}},
		{"online filter", Query{Text: "khai sinh", Online: []OnlineLevel{Partial, Offline}}, []string{
			"Đăng ký khai sinh có yếu tố nước ngoài", "Cấp bản sao giấy khai sinh và đăng ký lại",
		}},
		{"sector filter folds", Query{Sectors: []string{"DANG KY KINH DOANH"}}, []string{
			"Đăng ký thành lập hộ kinh doanh", "Đăng ký thành lập doanh nghiệp tư nhân",
		}},
		{"at an earlier date finds the old version", Query{Text: "khai sinh mau cu", At: vntime.Date(2025, 1, 1)}, []string{
			"Đăng ký khai sinh (mẫu cũ)",
		}},
		{"the old version is not current", Query{Text: "mau cu"}, []string{}},
		{"limit", Query{Text: "dang ky", Limit: 2}, []string{
			"Đăng ký khai sinh", "Đăng ký khai sinh có yếu tố nước ngoài",
		}},
		{"empty query: all current, by code", Query{Online: []OnlineLevel{Full}}, []string{
			"Đăng ký khai sinh", "Trích lục đăng ký khai sinh", "Đăng ký thành lập hộ kinh doanh",
			"Đăng ký thành lập doanh nghiệp tư nhân", "Cấp Phiếu lý lịch tư pháp",
		}},
		{"punctuation only matches everything", Query{Text: " ,. ", Levels: []Level{Province}}, []string{
			"Đăng ký thành lập doanh nghiệp tư nhân", "Cấp giấy phép xây dựng", "Cấp Phiếu lý lịch tư pháp",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, names(c.Search(tt.q)))
		})
	}
}

// TestSearchSampleSpellingVariants searches the sample catalogue's real
// procedure names typed with the other i/y spelling.
func TestSearchSampleSpellingVariants(t *testing.T) {
	c, err := Sample()
	require.NoError(t, err)
	for _, tt := range []struct{ name, text, code string }{
		{"đăng kí khai sinh", "dang ki khai sinh", "1.001193"},
		{"đăng kí kết hôn", "đăng kí kết hôn", "1.000894"},
		{"phiếu lí lịch", "cap phieu li lich tu phap cho cong dan", "2.001417"},
		{"chữ kí", "chung thuc chu ki", "2.000884"},
		{"công ti", "dang ki thanh lap cong ti co phan", "2.001199"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got := c.Search(Query{Text: tt.text, Limit: 1})
			require.Len(t, got, 1)
			assert.Equal(t, tt.code, got[0].Code)
		})
	}
}

// TestLevelFilterSeveralLevels pins what the level filter means: a
// procedure settled at the commune and at the province shows under both,
// and the sample's agencies of such procedures name the commune's too, so
// a commune's list does not show a provincial department alone.
func TestLevelFilterSeveralLevels(t *testing.T) {
	c, err := Sample()
	require.NoError(t, err)
	for _, lv := range []Level{Commune, Province} {
		t.Run(lv.String(), func(t *testing.T) {
			got := c.Search(Query{Text: "gia han giay phep xay dung", Levels: []Level{lv}})
			require.NotEmpty(t, got)
			assert.Equal(t, "1.009976", got[0].Code)
		})
	}
	t.Run("not under central", func(t *testing.T) {
		assert.Empty(t, c.Search(Query{Text: "gia han giay phep xay dung", Levels: []Level{Central}}))
	})
	t.Run("agencies of every level", func(t *testing.T) {
		for p := range c.All() {
			if p.HasLevel(Commune) && strings.HasPrefix(p.Agency, "Sở ") {
				t.Errorf("%s %s: settled at the commune, but its agency is %q", p.Code, p.Name, p.Agency)
			}
		}
	})
}

func TestStats(t *testing.T) {
	c := searchCatalog(t)
	s := c.Stats(time.Time{})
	assert.Equal(t, 8, s.Total)
	assert.Equal(t, 7, s.Online())
	assert.Equal(t, map[OnlineLevel]int{Full: 5, Partial: 2, Offline: 1}, s.ByOnline)
	assert.Equal(t, map[Level]int{Commune: 5, Province: 3}, s.ByLevel)
	assert.Equal(t, 4, s.BySector["Hộ tịch"])
	assert.Equal(t, 1, s.ByAgency["Sở Xây dựng"])
	assert.Equal(t, "7 of 8 procedures online (87.5%)", s.String())

	before := c.Stats(vntime.Date(2025, 1, 1))
	assert.Equal(t, 8, before.Total)
	assert.Equal(t, 4, before.ByOnline[Full])
	assert.Equal(t, 3, before.ByOnline[Partial])

	empty, err := New()
	require.NoError(t, err)
	assert.Equal(t, "0 of 0 procedures online (0%)", empty.Stats(time.Time{}).String())
	assert.Zero(t, empty.Stats(time.Time{}).OnlineShare())
}

func TestStatsText(t *testing.T) {
	for _, tt := range []struct {
		name          string
		online, total int
		vi, en        string
	}{
		{"published figure", 1088, 1964, "1.088/1.964 thủ tục trực tuyến (55,4%)", "1,088 of 1,964 procedures online (55.4%)"},
		{"a third", 1, 3, "1/3 thủ tục trực tuyến (33,3%)", "1 of 3 procedures online (33.3%)"},
		{"two thirds", 2, 3, "2/3 thủ tục trực tuyến (66,7%)", "2 of 3 procedures online (66.7%)"},
		{"half up", 1, 8, "1/8 thủ tục trực tuyến (12,5%)", "1 of 8 procedures online (12.5%)"},
		{"millions", 1000000, 1000000, "1.000.000/1.000.000 thủ tục trực tuyến (100,0%)", "1,000,000 of 1,000,000 procedures online (100.0%)"},
		{"empty", 0, 0, "0/0 thủ tục trực tuyến (0%)", "0 of 0 procedures online (0%)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := Stats{Total: tt.total, ByOnline: map[OnlineLevel]int{Full: tt.online}}
			assert.Equal(t, tt.vi, s.Text("vi"))
			assert.Equal(t, tt.vi, s.Text(""))
			assert.Equal(t, tt.en, s.Text("en"))
			assert.Equal(t, tt.en, s.String())
		})
	}
	s := Stats{Total: 1964, ByOnline: map[OnlineLevel]int{Full: 1000, Partial: 88}}
	assert.InDelta(t, 0.55397, s.OnlineShare(), 1e-5)
}

func TestAppendSearch(t *testing.T) {
	c := searchCatalog(t)
	buf := []Procedure{{Code: "keep"}}
	buf = c.AppendSearch(buf, Query{Text: "khai sinh"})
	require.Len(t, buf, 5)
	assert.Equal(t, "keep", buf[0].Code)
	assert.Equal(t, names(c.Search(Query{Text: "khai sinh"})), names(buf[1:]))
	again := c.AppendSearch(buf[:0], Query{Text: "xay dung"})
	assert.Equal(t, []string{"Cấp giấy phép xây dựng"}, names(again))
	assert.Empty(t, c.Search(Query{Text: "hộ chiếu"}))
}
