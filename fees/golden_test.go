package fees_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, fees.Location) }

// lastInstant is the last second of the given day in Vietnam.
func lastInstant(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, fees.Location).Add(24*time.Hour - time.Second)
}

func sample(t testing.TB) *fees.Schedule {
	t.Helper()
	s, err := fees.Sample()
	require.NoError(t, err)
	return s
}

// TestSampleGolden checks the sample schedule against amounts worked out by
// hand from the legal texts it cites: before, during and after each
// temporary cut, online and at the counter, for exempt groups, at tier,
// bracket, floor and cap boundaries. Exact amounts, no tolerance.
func TestSampleGolden(t *testing.T) {
	s := sample(t)
	y2020 := day(2020, time.June, 1)
	y2024 := day(2024, time.March, 15)
	tests := []struct {
		name     string
		at       time.Time
		channel  fees.Channel
		groups   []string
		locality string
		item     fees.ItemRequest
		want     fees.Money
		basis    string // the version's document, when checked
		wantErr  error
	}{
		// Judicial record certificate: Circular 244/2016/TT-BTC.
		{name: "LLTP before 244/2016", at: lastInstant(2016, time.December, 31), item: fees.ItemRequest{Code: "LLTP"}, wantErr: fees.ErrNotInForce},
		{name: "LLTP first day", at: day(2017, time.January, 1), channel: fees.Counter, item: fees.ItemRequest{Code: "LLTP"}, want: 200000, basis: "Thông tư 244/2016/TT-BTC"},
		{name: "LLTP 2 certificates", at: y2020, item: fees.ItemRequest{Code: "LLTP", Quantity: 2}, want: 200000},
		{name: "LLTP 3 certificates pays printing of the 3rd", at: y2020, item: fees.ItemRequest{Code: "LLTP", Quantity: 3}, want: 205000},
		{name: "LLTP 5 certificates", at: y2020, item: fees.ItemRequest{Code: "LLTP", Quantity: 5}, want: 215000},
		{name: "LLTP online same as counter", at: y2020, channel: fees.Online, item: fees.ItemRequest{Code: "LLTP"}, want: 200000},
		{name: "LLTP student", at: y2020, groups: []string{"student"}, item: fees.ItemRequest{Code: "LLTP"}, want: 100000},
		{name: "LLTP student 3 certificates keeps printing", at: y2020, groups: []string{"student"}, item: fees.ItemRequest{Code: "LLTP", Quantity: 3}, want: 105000},
		{name: "LLTP person with merit", at: y2020, groups: []string{"merit"}, item: fees.ItemRequest{Code: "LLTP"}, want: 100000},
		{name: "LLTP martyr's relative", at: y2020, groups: []string{"martyr-relative"}, item: fees.ItemRequest{Code: "LLTP"}, want: 100000},
		{name: "LLTP child exempt", at: y2020, groups: []string{"child"}, item: fees.ItemRequest{Code: "LLTP", Quantity: 4}, want: 0},
		{name: "LLTP poor household exempt", at: y2020, groups: []string{"poor-household"}, item: fees.ItemRequest{Code: "LLTP"}, want: 0},
		{name: "LLTP ethnic minority exempt", at: y2020, groups: []string{"ethnic-minority-difficult"}, item: fees.ItemRequest{Code: "LLTP"}, want: 0},
		{name: "LLTP exemption wins over student rate", at: y2020, groups: []string{"student", "disabled"}, item: fees.ItemRequest{Code: "LLTP"}, want: 0},
		{name: "LLTP day before TT47/2021", at: lastInstant(2021, time.June, 30), item: fees.ItemRequest{Code: "LLTP"}, want: 200000},
		{name: "LLTP first day of TT47/2021", at: day(2021, time.July, 1), item: fees.ItemRequest{Code: "LLTP"}, want: 100000},
		{name: "LLTP last day of TT47/2021", at: lastInstant(2021, time.December, 31), item: fees.ItemRequest{Code: "LLTP"}, want: 100000},
		{name: "LLTP after TT47/2021", at: day(2022, time.January, 1), item: fees.ItemRequest{Code: "LLTP"}, want: 200000},
		{name: "LLTP student during TT47/2021", at: day(2021, time.August, 1), groups: []string{"student"}, item: fees.ItemRequest{Code: "LLTP"}, want: 50000},
		{name: "LLTP not in the sample's TT64/2025 list", at: day(2025, time.July, 1), item: fees.ItemRequest{Code: "LLTP"}, want: 200000},
		{name: "LLTP student 3 certificates in 2026", at: day(2026, time.July, 1), groups: []string{"student"}, item: fees.ItemRequest{Code: "LLTP", Quantity: 3}, want: 105000},
		{name: "LLTP child during TT64/2025", at: day(2025, time.July, 1), groups: []string{"child"}, item: fees.ItemRequest{Code: "LLTP"}, want: 0},

		// Certified copies: Circular 226/2016/TT-BTC.
		{name: "copy 1 page", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 1}, want: 2000, basis: "Thông tư 226/2016/TT-BTC"},
		{name: "copy 2 pages", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 2}, want: 4000},
		{name: "copy 3 pages: page 3 at 1.000", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 3}, want: 5000},
		{name: "copy 10 pages", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 10}, want: 12000},
		{name: "copy 198 pages reaches the cap exactly", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 198}, want: 200000},
		{name: "copy 199 pages is capped", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 199}, want: 200000},
		{name: "copy 5.000 pages is capped", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 5000}, want: 200000},
		{name: "2 copies of 5 pages", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 5, Copies: 2}, want: 14000},
		{name: "3 copies of 300 pages: cap per copy", at: y2024, item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 300, Copies: 3}, want: 600000},
		{name: "copy during TT64/2025 is not cut", at: day(2025, time.August, 1), item: fees.ItemRequest{Code: "CT-BANSAO", Quantity: 3}, want: 5000},
		{name: "signature 3 cases", at: y2024, item: fees.ItemRequest{Code: "CT-CHUKY", Quantity: 3}, want: 30000},
		{name: "contract certification", at: y2024, item: fees.ItemRequest{Code: "CT-HOPDONG"}, want: 50000},

		// Civil status.
		{name: "birth registration free", at: y2024, item: fees.ItemRequest{Code: "HT-KHAISINH"}, want: 0, basis: "Luật Hộ tịch số 60/2014/QH13"},
		{name: "marriage free", at: y2024, item: fees.ItemRequest{Code: "HT-KETHON"}, want: 0},
		{name: "death registration free", at: y2024, item: fees.ItemRequest{Code: "HT-KHAITU"}, want: 0},
		{name: "2 copies of an extract", at: y2024, item: fees.ItemRequest{Code: "HT-TRICHLUC", Quantity: 2}, want: 16000},
		{name: "foreign marriage in Hanoi", at: y2024, locality: "01", item: fees.ItemRequest{Code: "HT-KETHON-NN-HN"}, want: 1000000},
		{name: "foreign marriage, poor household", at: y2024, locality: "01", groups: []string{"poor-household"}, item: fees.ItemRequest{Code: "HT-KETHON-NN-HN"}, want: 0},
		{name: "foreign marriage, person with merit", at: y2024, locality: "01", groups: []string{"merit"}, item: fees.ItemRequest{Code: "HT-KETHON-NN-HN"}, want: 0},
		{name: "foreign marriage, student pays", at: y2024, locality: "01", groups: []string{"student"}, item: fees.ItemRequest{Code: "HT-KETHON-NN-HN"}, want: 1000000},
		{name: "Hanoi item without locality", at: y2024, item: fees.ItemRequest{Code: "HT-KETHON-NN-HN"}, wantErr: fees.ErrLocality},

		// Enterprise registration: Circular 47/2019/TT-BTC, cut by 64/2025.
		{name: "DKDN before 47/2019", at: day(2019, time.September, 19), item: fees.ItemRequest{Code: "DKDN"}, wantErr: fees.ErrNotInForce},
		{name: "DKDN counter", at: y2024, channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 50000, basis: "Thông tư 47/2019/TT-BTC"},
		{name: "DKDN post", at: y2024, channel: fees.Post, item: fees.ItemRequest{Code: "DKDN"}, want: 50000},
		{name: "DKDN unknown channel", at: y2024, item: fees.ItemRequest{Code: "DKDN"}, want: 50000},
		{name: "DKDN online exempt", at: y2024, channel: fees.Online, item: fees.ItemRequest{Code: "DKDN"}, want: 0},
		{name: "DKDN during TT47/2021 not cut", at: day(2021, time.August, 1), channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 50000},
		{name: "DKDN counter during TT64/2025", at: day(2025, time.July, 1), channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 25000},
		{name: "DKDN online during TT64/2025", at: day(2025, time.July, 1), channel: fees.Online, item: fees.ItemRequest{Code: "DKDN"}, want: 0},
		{name: "DKDN counter last second of TT64/2025", at: lastInstant(2026, time.December, 31), channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 25000},
		{name: "DKDN counter day before TT64/2025", at: lastInstant(2025, time.June, 30), channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 50000},
		{name: "DKDN counter after TT64/2025", at: day(2027, time.January, 1), channel: fees.Counter, item: fees.ItemRequest{Code: "DKDN"}, want: 50000},
		{name: "DKDN post during TT64/2025", at: day(2026, time.May, 5), channel: fees.Post, item: fees.ItemRequest{Code: "DKDN"}, want: 25000},
		{name: "publication fee", at: y2024, item: fees.ItemRequest{Code: "CBTT-DN"}, want: 100000},
		{name: "publication fee online still due", at: y2024, channel: fees.Online, item: fees.ItemRequest{Code: "CBTT-DN"}, want: 100000},
		{name: "publication fee during TT47/2021", at: day(2021, time.December, 31), item: fees.ItemRequest{Code: "CBTT-DN"}, want: 50000},
		{name: "publication fee not cut by TT64/2025", at: day(2026, time.March, 1), item: fees.ItemRequest{Code: "CBTT-DN"}, want: 100000},
		{name: "household business in Hanoi", at: y2024, locality: "01", item: fees.ItemRequest{Code: "DKHKD-HN"}, want: 100000},

		// Identity cards: Circular 73/2024/TT-BTC, cut by 64/2025.
		{name: "ID card before 73/2024", at: lastInstant(2024, time.June, 30), item: fees.ItemRequest{Code: "CANCUOC-DOI"}, wantErr: fees.ErrNotInForce},
		{name: "ID card renewal", at: day(2024, time.July, 1), item: fees.ItemRequest{Code: "CANCUOC-DOI"}, want: 50000},
		{name: "ID card renewal during TT64/2025", at: day(2025, time.July, 1), item: fees.ItemRequest{Code: "CANCUOC-DOI"}, want: 25000},
		{name: "ID card re-issue during TT64/2025", at: day(2026, time.June, 1), item: fees.ItemRequest{Code: "CANCUOC-LAI"}, want: 35000},
		{name: "ID card re-issue after TT64/2025", at: day(2027, time.June, 1), item: fees.ItemRequest{Code: "CANCUOC-LAI"}, want: 70000},

		// Construction permits in Hanoi.
		{name: "permit for a house", at: y2024, locality: "01", item: fees.ItemRequest{Code: "GPXD-NHAO-HN"}, want: 75000},
		{name: "permit for other works", at: y2024, locality: "01", item: fees.ItemRequest{Code: "GPXD-KHAC-HN"}, want: 150000},
		{name: "permit extension", at: y2024, locality: "01", item: fees.ItemRequest{Code: "GPXD-GIAHAN-HN"}, want: 15000},

		// Registration fee on land and houses: 0,5%; capped at 500 million
		// under Decree 140/2016 only (Decree 10/2022 has no cap).
		{name: "land 2 billion", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 2_000_000_000}, want: 10_000_000, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "land 2 billion under Decree 140/2016", at: y2020, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 2_000_000_000}, want: 10_000_000, basis: "Nghị định 140/2016/NĐ-CP"},
		{name: "land last day of Decree 140/2016", at: lastInstant(2022, time.February, 28), item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1_000_000}, want: 5000, basis: "Nghị định 140/2016/NĐ-CP"},
		{name: "land first day of Decree 10/2022", at: day(2022, time.March, 1), item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1_000_000}, want: 5000, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "land fraction rounds half up", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1_234_567}, want: 6173},
		{name: "land exact half rounds up", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1_234_500}, want: 6173},
		{name: "land below half rounds down", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1_234_499}, want: 6172},
		{name: "land at the old cap exactly", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 100_000_000_000}, want: 500_000_000},
		{name: "land above the old cap: no cap since Decree 10/2022", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 100_000_000_200}, want: 500_000_001, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "land of 300 billion since Decree 10/2022", at: day(2022, time.March, 1), item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 300_000_000_000}, want: 1_500_000_000, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "land of 300 billion under Decree 140/2016: capped", at: y2020, item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 300_000_000_000}, want: 500_000_000, basis: "Nghị định 140/2016/NĐ-CP"},
		{name: "land above the cap on the last day of Decree 140/2016", at: lastInstant(2022, time.February, 28), item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 100_000_000_200}, want: 500_000_000, basis: "Nghị định 140/2016/NĐ-CP"},
		{name: "land without value", at: y2024, item: fees.ItemRequest{Code: "LPTB-NHADAT"}, wantErr: fees.ErrValueRequired},
		{name: "land before 140/2016", at: day(2016, time.June, 1), item: fees.ItemRequest{Code: "LPTB-NHADAT", DeclaredValue: 1}, wantErr: fees.ErrNotInForce},

		// Registration fee on vehicles.
		{name: "motorcycle 2%", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY", DeclaredValue: 35_000_000}, want: 700_000},
		{name: "motorcycle of 30 billion: no cap", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY", DeclaredValue: 30_000_000_000}, want: 600_000_000, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "motorcycle of 30 billion in a city: no cap", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY-DOTHI", DeclaredValue: 30_000_000_000}, want: 1_500_000_000},
		{name: "motorcycle of 60 billion, second registration: no cap", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY-LAN2", DeclaredValue: 60_000_000_000}, want: 600_000_000},
		{name: "motorcycle 5% in a city", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY-DOTHI", DeclaredValue: 35_000_000}, want: 1_750_000},
		{name: "motorcycle 1% second registration", at: y2024, item: fees.ItemRequest{Code: "LPTB-XEMAY-LAN2", DeclaredValue: 35_000_000}, want: 350_000},
		{name: "car 10%", at: y2024, item: fees.ItemRequest{Code: "LPTB-OTO", DeclaredValue: 800_000_000}, want: 80_000_000},
		{name: "car 10% has no cap", at: y2024, item: fees.ItemRequest{Code: "LPTB-OTO", DeclaredValue: 10_000_000_000}, want: 1_000_000_000},
		{name: "car 2% second registration", at: y2024, item: fees.ItemRequest{Code: "LPTB-OTO-LAN2", DeclaredValue: 800_000_000}, want: 16_000_000},
		{name: "electric car 0% under 10/2022", at: y2024, item: fees.ItemRequest{Code: "LPTB-OTO-DIEN", DeclaredValue: 800_000_000}, want: 0, basis: "Nghị định 10/2022/NĐ-CP"},
		{name: "electric car 0% under 51/2025", at: day(2026, time.May, 1), item: fees.ItemRequest{Code: "LPTB-OTO-DIEN", DeclaredValue: 800_000_000}, want: 0, basis: "Nghị định 51/2025/NĐ-CP"},
		{name: "electric car after 28/02/2027 not modelled", at: day(2027, time.March, 1), item: fees.ItemRequest{Code: "LPTB-OTO-DIEN", DeclaredValue: 800_000_000}, wantErr: fees.ErrNotInForce},

		// Notarisation by value: Circular 257/2016/TT-BTC brackets.
		{name: "notary 1 đồng", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 1}, want: 50_000},
		{name: "notary just below 50 million", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 49_999_999}, want: 50_000},
		{name: "notary 50 million", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 50_000_000}, want: 100_000},
		{name: "notary 100 million", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 100_000_000}, want: 100_000},
		{name: "notary just above 100 million", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 100_000_001}, want: 100_000},
		{name: "notary 500 million", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 500_000_000}, want: 500_000},
		{name: "notary 1 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 1_000_000_000}, want: 1_000_000},
		{name: "notary just above 1 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 1_000_000_001}, want: 1_000_000},
		{name: "notary 2 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 2_000_000_000}, want: 1_600_000},
		{name: "notary 3 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 3_000_000_000}, want: 2_200_000},
		{name: "notary 4 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 4_000_000_000}, want: 2_700_000},
		{name: "notary 5 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 5_000_000_000}, want: 3_200_000},
		{name: "notary 10 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 10_000_000_000}, want: 5_200_000},
		{name: "notary 100 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 100_000_000_000}, want: 32_200_000},
		{name: "notary 200 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 200_000_000_000}, want: 52_200_000},
		{name: "notary just below the cap rounds to it", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 288_999_999_999}, want: 70_000_000},
		{name: "notary 288,9 billion", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 288_900_000_000}, want: 69_980_000},
		{name: "notary at the cap", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 289_000_000_000}, want: 70_000_000},
		{name: "notary above the cap", at: y2024, item: fees.ItemRequest{Code: "CC-HOPDONG", DeclaredValue: 1_000_000_000_000}, want: 70_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := s.Quote(fees.Request{
				At: tt.at, Channel: tt.channel, Groups: tt.groups, Locality: tt.locality,
				Items: []fees.ItemRequest{tt.item},
			})
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				var re *fees.RequestError
				require.ErrorAs(t, err, &re)
				assert.Equal(t, tt.item.Code, re.Code)
				return
			}
			require.NoError(t, err)
			require.Len(t, q.Lines, 1)
			assert.Equal(t, tt.want, q.Lines[0].Amount, "line amount")
			assert.Equal(t, tt.want, q.Total, "total")
			if tt.basis != "" {
				assert.Equal(t, tt.basis, q.Lines[0].Basis.Document)
			}
		})
	}
}

// TestSampleShape checks what the issue asks of the sample: at least 15
// items, each with a legal basis, and both temporary cuts dated as the
// circulars date them.
func TestSampleShape(t *testing.T) {
	s := sample(t)
	def := s.Definition()
	assert.GreaterOrEqual(t, len(def.Items), 15)
	for _, it := range def.Items {
		assert.NotEmpty(t, it.Name["en"], it.Code)
		assert.NotEmpty(t, it.Note, it.Code)
		for _, v := range it.Versions {
			assert.NotEmpty(t, v.Basis.Document, it.Code)
		}
	}
	want := map[string][2]fees.Date{
		"TT47-2021": {fees.MustDate(2021, time.July, 1), fees.MustDate(2022, time.January, 1)},
		"TT64-2025": {fees.MustDate(2025, time.July, 1), fees.MustDate(2027, time.January, 1)},
	}
	found := 0
	for _, a := range def.Adjustments {
		if w, ok := want[a.ID]; ok {
			found++
			assert.Equal(t, w[0], a.From, a.ID)
			assert.Equal(t, w[1], a.Until, a.ID)
			assert.Equal(t, fees.Multiply, a.Effect, a.ID)
			assert.Equal(t, fees.MustRate(1, 2), a.Rate, a.ID)
		}
	}
	assert.Equal(t, len(want), found)
}

// TestSampleAudit holds the sample to the audit of issue #19: no
// registration fee (lệ phí trước bạ) in force from 1 March 2022 has a cap,
// since Decree 10/2022/NĐ-CP has none, while the Decree 140/2016/NĐ-CP
// version keeps its 500 million đồng cap; the car items cite the points of
// Decree 10/2022 Art. 8(5) they rest on; and every item's note names what
// it was checked against.
func TestSampleAudit(t *testing.T) {
	var doc struct {
		Items []struct {
			Code     string `json:"code"`
			Note     string `json:"note"`
			Versions []struct {
				From  string `json:"from"`
				Basis struct {
					Document, Article string
				} `json:"basis"`
				Rules []struct {
					Percent *struct {
						Cap *int64 `json:"cap"`
					} `json:"percent"`
				} `json:"rules"`
			} `json:"versions"`
		} `json:"items"`
	}
	require.NoError(t, json.Unmarshal(fees.SampleJSON(), &doc))
	articles := map[string]string{}
	for _, it := range doc.Items {
		t.Run(it.Code, func(t *testing.T) {
			assert.NotEmpty(t, it.Note, "every item says what was checked")
			for _, v := range it.Versions {
				assert.NotEmpty(t, v.Basis.Document, "every version names its legal basis")
				if !strings.HasPrefix(it.Code, "LPTB-") {
					continue
				}
				for _, r := range v.Rules {
					if r.Percent == nil {
						continue
					}
					switch v.Basis.Document {
					case "Nghị định 10/2022/NĐ-CP":
						assert.Nil(t, r.Percent.Cap, "%s from %s: Decree 10/2022 sets no cap", it.Code, v.From)
					case "Nghị định 140/2016/NĐ-CP":
						if assert.NotNil(t, r.Percent.Cap, "Decree 140/2016 capped land and houses") {
							assert.Equal(t, int64(500_000_000), *r.Percent.Cap)
						}
					}
				}
				if v.Basis.Document == "Nghị định 10/2022/NĐ-CP" {
					articles[it.Code] = v.Basis.Article
				}
			}
		})
	}
	for code, want := range map[string]string{
		"LPTB-NHADAT": "Điều 8, khoản 1", "LPTB-XEMAY": "Điều 8, khoản 4", "LPTB-XEMAY-DOTHI": "Điều 8, khoản 4, điểm a",
		"LPTB-XEMAY-LAN2": "Điều 8, khoản 4, điểm b", "LPTB-OTO": "Điều 8, khoản 5, điểm a",
		"LPTB-OTO-DIEN": "Điều 8, khoản 5, điểm c", "LPTB-OTO-LAN2": "Điều 8, khoản 5, điểm d",
	} {
		assert.Equal(t, want, articles[code], code)
	}
}
