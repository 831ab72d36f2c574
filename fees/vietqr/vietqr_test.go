package vietqr_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/fees/vietqr"
)

// published are payloads that NAPAS or open projects publish, each with
// what it holds; Decode must read them and Encode must write them back
// character for character.
var published = []struct {
	name    string
	source  string
	payload string
	want    vietqr.Payload
}{
	{
		name:    "napas static card",
		source:  "NAPAS QR Switching spec v1.5.2 example, as quoted in binhnguyenduc/vietqr-ts tests/compliance/napas-static-card.test.ts",
		payload: "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
		want:    vietqr.Payload{Initiation: vietqr.Static, BIN: "970403", Account: "9704031101234567", Service: vietqr.ToCard},
	},
	{
		name:    "napas dynamic account with bill number and purpose",
		source:  "NAPAS QR Switching spec v1.5.2 example, as quoted in binhnguyenduc/vietqr-ts tests/compliance/napas-dynamic-account.test.ts",
		payload: "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang63042E2E",
		want: vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970403", Account: "0011012345678", Service: vietqr.ToAccount,
			Amount: 180000, BillNumber: "NPS6869", Purpose: "thanh toan don hang"},
	},
	{
		name:    "subiz static TPBank",
		source:  "subiz/vietqr vietqr_test.go",
		payload: "00020101021138540010A00000072701240006970423011000999999990208QRIBFTTA53037045802VN6304CBB4",
		want:    vietqr.Payload{Initiation: vietqr.Static, BIN: "970423", Account: "0099999999", Service: vietqr.ToAccount},
	},
	{
		name:    "subiz dynamic MB, purpose folded from Vietnamese",
		source:  "subiz/vietqr vietqr_test.go (\"chuyển khoản\" written \"chuyen khoan\")",
		payload: "00020101021238570010A00000072701270006970422011300234579234420208QRIBFTTA53037045405401235802VN62160812chuyen khoan6304722F",
		want: vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970422", Account: "0023457923442", Service: vietqr.ToAccount,
			Amount: 40123, Purpose: "chuyen khoan"},
	},
	{
		name:    "subiz 19-character account with letters, purpose cut to 25",
		source:  "subiz/vietqr vietqr_test.go",
		payload: "00020101021238630010A0000007270133000697042201190023457923442ASDFLJ0208QRIBFTTA53037045405401235802VN62290825chuyen khoan alsdkf laksj6304E5DB",
		want: vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970422", Account: "0023457923442ASDFLJ", Service: vietqr.ToAccount,
			Amount: 40123, Purpose: "chuyen khoan alsdkf laksj"},
	},
	{
		name:    "subiz README VietinBank",
		source:  "subiz/vietqr README.md",
		payload: "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
		want: vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970415", Account: "0011001932418", Service: vietqr.ToAccount,
			Amount: 120000, Purpose: "ung ho lu lut"},
	},
}

func TestDecodePublished(t *testing.T) {
	for _, tc := range published {
		t.Run(tc.name, func(t *testing.T) {
			p, err := vietqr.Decode(tc.payload)
			require.NoError(t, err, tc.source)
			assert.Equal(t, tc.want, p)
			s, err := tc.want.Encode()
			require.NoError(t, err)
			assert.Equal(t, tc.payload, s, "encoding gives the published payload back")
		})
	}
}

// withCRC replaces the last four characters of s, or appends, the CRC of
// s up to "6304".
func withCRC(t *testing.T, s string) string {
	t.Helper()
	i := strings.LastIndex(s, "6304")
	require.GreaterOrEqual(t, i, 0)
	head := s[:i+4]
	return head + crcHex(head)
}

func crcHex(s string) string {
	const hex = "0123456789ABCDEF"
	c := vietqr.CRC([]byte(s))
	return string([]byte{hex[c>>12], hex[c>>8&15], hex[c>>4&15], hex[c&15]})
}

func TestDecodeRejects(t *testing.T) {
	good := "00020101021238570010A00000072701270006970403011300110123456780208QRIBFTTA530370454061800005802VN62340107NPS68690819thanh toan don hang6304"
	tests := []struct {
		name    string
		payload string
		field   string
		err     error
	}{
		{"napas spec's static example: account longer than its length",
			// NAPAS spec v1.5.2's static account example, as quoted in
			// vietqr-ts tests/compliance/napas-static-account.test.ts: 0112
			// announces 12 characters before a 13-character account.
			"00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5", "38.01", vietqr.ErrSyntax},
		{"service code nested in the beneficiary template",
			// vietqr-ts tests/fixtures/vietqr-samples.ts DYNAMIC_FULL
			"00020101021238570010A00000072701390006970422011301234567890200208QRIBFTTA53037045405500005802VN62160812Test Payment630495B6", "38.01.02", vietqr.ErrValue},
		{"payload format 00",
			// thanhtinhpas1/vietqr-parser README: "000200" and "12" for a static code
			"00020001021238570010A00000072701270006970436011308810004580860208QRIBFTTA53037045802VN6304CD60", "00", vietqr.ErrValue},
		{"checksum", good + "2E2F", "63", vietqr.ErrChecksum},
		{"checksum not hex", good + "2E2G", "63", vietqr.ErrCharset},
		{"lower-case checksum accepted but wrong", good + "2e2f", "63", vietqr.ErrChecksum},
		{"empty", "", "00", vietqr.ErrMissing},
		{"too long", strings.Repeat("0", 513), "", vietqr.ErrTooLarge},
		{"stray character", "0002010102121", "", vietqr.ErrSyntax},
		{"truncated length", "0002010", "", vietqr.ErrSyntax},
		{"length past the end", "00020101991", "01", vietqr.ErrSyntax},
		{"zero length", "00020101001234", "01", vietqr.ErrLength},
		{"non-digit ID", "0002010A0212", "", vietqr.ErrSyntax},
		{"not first", withCRC(t, "010212000201"+good[12:]+"6304"), "00", vietqr.ErrMissing},
		{"initiation 22", withCRC(t, "000201010222"+good[12:]), "01", vietqr.ErrValue},
		{"duplicate field", withCRC(t, "000201010212010212"+good[12:]), "01", vietqr.ErrDuplicate},
		{"currency USD", withCRC(t, strings.Replace(good, "5303704", "5303840", 1)), "53", vietqr.ErrValue},
		{"country US", withCRC(t, strings.Replace(good, "5802VN", "5802US", 1)), "58", vietqr.ErrValue},
		{"decimal amount", withCRC(t, strings.Replace(good, "5406180000", "5408180000.5", 1)), "54", vietqr.ErrValue},
		{"zero amount", withCRC(t, strings.Replace(good, "5406180000", "54010", 1)), "54", vietqr.ErrValue},
		{"amount 14 digits", withCRC(t, strings.Replace(good, "5406180000", "541412345678901234", 1)), "54", vietqr.ErrLength},
		{"unknown service", withCRC(t, strings.Replace(good, "QRIBFTTA", "QRPUSHXX", 1)), "38.02", vietqr.ErrValue},
		{"BIN of 5 digits", withCRC(t, strings.Replace(good, "38570010A00000072701270006970403", "38560010A0000007270126000597040", 1)), "38.01.00", vietqr.ErrLength},
		{"NAPAS template at 27 with a bad BIN names 27",
			withCRC(t, "000201"+"27560010A0000007270126000597040011300110123456780208QRIBFTTA"+"53037045802VN6304"), "27.01.00", vietqr.ErrLength},
		{"no NAPAS template", withCRC(t, "0002010102125303704"+"5802VN6304"), "38", vietqr.ErrMissing},
		{"no currency", withCRC(t, strings.Replace(good, "5303704", "", 1)), "53", vietqr.ErrMissing},
		{"no CRC", strings.TrimSuffix(good, "6304"), "63", vietqr.ErrMissing},
		{"field after the CRC", withCRC(t, good) + "5802VN", "63", vietqr.ErrSyntax},
		{"Vietnamese bytes in the purpose", withCRC(t, strings.Replace(good, "62340107NPS68690819thanh toan don hang", "62230107NPS68690808chuy\xe1\xbb\x83n", 1)), "62.08", vietqr.ErrCharset},
		{"letters in a card number", withCRC(t, "00020101021138600010A00000072701300006970403011697040311012345AB0208QRIBFTTC53037045802VN6304"), "38.01.01", vietqr.ErrCharset},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := vietqr.Decode(tc.payload)
			require.ErrorIs(t, err, tc.err)
			var fe *vietqr.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field, err.Error())
			assert.Equal(t, vietqr.Payload{}, p, "nothing is returned on error")
			assert.NotEmpty(t, vietqr.Message(err, "vi"))
			assert.NotEmpty(t, vietqr.Message(err, "en"))
		})
	}
}

func TestDecodeTolerates(t *testing.T) {
	tests := []struct {
		name    string
		payload string
		want    vietqr.Payload
	}{
		{"fields out of order, other scheme's template, tip and unreserved fields",
			"000201010212" + "26200016A000000677010111" + "5303704" + "5406180000" + "550201" + "5802VN" +
				"38570010A00000072701270006970403011300110123456780208QRIBFTTA" + "9903abc" + "6304",
			vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970403", Account: "0011012345678", Service: vietqr.ToAccount, Amount: 180000}},
		{"no point of initiation, NAPAS template at 27, other additional data kept out",
			"000201" + "27570010A00000072701270006970403011300110123456780208QRIBFTTA" + "5303704" + "5802VN" +
				"5907UBND PX" + "6006Ha Noi" + "6106100000" + "62240305STORE0106HS-0010901M" + "6304",
			vietqr.Payload{BIN: "970403", Account: "0011012345678", Service: vietqr.ToAccount, Name: "UBND PX", City: "Ha Noi",
				PostalCode: "100000", BillNumber: "HS-001"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := vietqr.Decode(withCRC(t, tc.payload))
			require.NoError(t, err)
			assert.Equal(t, tc.want, p)
		})
	}
}

func TestEncodeRejects(t *testing.T) {
	base := vietqr.Payload{BIN: "970436", Account: "0011001932418", Amount: 50000, Purpose: "000.00.01.H12-251126-0001"}
	tests := []struct {
		name  string
		edit  func(p *vietqr.Payload)
		field string
		err   error
	}{
		{"no BIN", func(p *vietqr.Payload) { p.BIN = "" }, "38.01.00", vietqr.ErrMissing},
		{"short BIN", func(p *vietqr.Payload) { p.BIN = "97043" }, "38.01.00", vietqr.ErrLength},
		{"letter in BIN", func(p *vietqr.Payload) { p.BIN = "97043X" }, "38.01.00", vietqr.ErrCharset},
		{"no account", func(p *vietqr.Payload) { p.Account = "" }, "38.01.01", vietqr.ErrMissing},
		{"account of 20", func(p *vietqr.Payload) { p.Account = strings.Repeat("1", 20) }, "38.01.01", vietqr.ErrLength},
		{"space in account", func(p *vietqr.Payload) { p.Account = "0011 0019" }, "38.01.01", vietqr.ErrCharset},
		{"letters in a card", func(p *vietqr.Payload) { p.Service = vietqr.ToCard; p.Account = "9704ABCD" }, "38.01.01", vietqr.ErrCharset},
		{"negative amount", func(p *vietqr.Payload) { p.Amount = -1 }, "54", vietqr.ErrValue},
		{"amount of 14 digits", func(p *vietqr.Payload) { p.Amount = fees.Money(10_000_000_000_000) }, "54", vietqr.ErrLength},
		{"Vietnamese purpose", func(p *vietqr.Payload) { p.Purpose = "Lệ phí hộ tịch" }, "62.08", vietqr.ErrCharset},
		{"purpose of 26", func(p *vietqr.Payload) { p.Purpose = strings.Repeat("x", 26) }, "62.08", vietqr.ErrLength},
		{"name of 26", func(p *vietqr.Payload) { p.Name = strings.Repeat("x", 26) }, "59", vietqr.ErrLength},
		{"city of 16", func(p *vietqr.Payload) { p.City = strings.Repeat("x", 16) }, "60", vietqr.ErrLength},
		{"newline in reference", func(p *vietqr.Payload) { p.Reference = "a\nb" }, "62.05", vietqr.ErrCharset},
		{"category of 3", func(p *vietqr.Payload) { p.Category = "931" }, "52", vietqr.ErrLength},
		{"additional data over 99", func(p *vietqr.Payload) {
			p.BillNumber, p.Reference, p.Terminal, p.Purpose = strings.Repeat("a", 25), strings.Repeat("b", 25), strings.Repeat("c", 25), strings.Repeat("d", 25)
		}, "62", vietqr.ErrLength},
		{"initiation out of range", func(p *vietqr.Payload) { p.Initiation = 7 }, "01", vietqr.ErrValue},
		{"service out of range", func(p *vietqr.Payload) { p.Service = -1 }, "38.02", vietqr.ErrValue},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := base
			tc.edit(&p)
			s, err := p.Encode()
			require.ErrorIs(t, err, tc.err)
			var fe *vietqr.FieldError
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.field, fe.Field)
			assert.Empty(t, s)
			dst := []byte("keep")
			out, err := p.AppendEncode(dst)
			require.Error(t, err)
			assert.Equal(t, "keep", string(out), "AppendEncode leaves dst unchanged on error")
		})
	}
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		p    vietqr.Payload
		init vietqr.Initiation
	}{
		{"dossier fee", vietqr.Payload{BIN: "970436", Account: "0011001932418", Amount: 230000, Purpose: "000.00.01.H12-251126-0001"}, vietqr.Dynamic},
		{"counter poster", vietqr.Payload{BIN: "970418", Account: "12010000123456", Name: "UBND PHUONG BA DINH", City: "HA NOI"}, vietqr.Static},
		{"every field", vietqr.Payload{Initiation: vietqr.Dynamic, BIN: "970405", Account: "9704051234567890", Service: vietqr.ToCard,
			Category: "9311", Amount: 9_999_999_999_999, Name: "KHO BAC NHA NUOC", City: "DA NANG", PostalCode: "550000",
			BillNumber: "BL-2025-000123", Reference: "REF 1", Terminal: "QUAY 03", Purpose: "Le phi ho tich"}, vietqr.Dynamic},
		{"static with amount", vietqr.Payload{Initiation: vietqr.Static, BIN: "970422", Account: "A1", Amount: 1}, vietqr.Static},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := tc.p.Encode()
			require.NoError(t, err)
			assert.Equal(t, s, tc.p.String())
			got, err := vietqr.Decode(s)
			require.NoError(t, err)
			want := tc.p
			want.Initiation = tc.init
			if want.Service == vietqr.ServiceUnknown {
				want.Service = vietqr.ToAccount
			}
			assert.Equal(t, want, got)
		})
	}
}

func TestASCIIAndPurpose(t *testing.T) {
	tests := []struct {
		name, in, ascii, purpose string
	}{
		{"dossier code unchanged", "000.00.01.H12-251126-0001", "000.00.01.H12-251126-0001", "000.00.01.H12-251126-0001"},
		{"diacritics and đ", "Nộp lệ phí Đăng ký hộ tịch", "Nop le phi Dang ky ho tich", "Nop le phi Dang ky ho"},
		{"decomposed text", "Nô\u0323p phi\u0301", "Nop phi", "Nop phi"},
		{"spaces, tabs, emoji", "  a\t\tb 😀 c  ", "a b c", "a b c"},
		{"long word cut at the limit", strings.Repeat("x", 30), strings.Repeat("x", 30), strings.Repeat("x", 25)},
		{"empty", "", "", ""},
		{"invalid UTF-8", "a\xffb", "a b", "a b"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.ascii, vietqr.ASCII(tc.in))
			assert.Equal(t, tc.purpose, vietqr.Purpose(tc.in))
			p := vietqr.Payload{BIN: "970436", Account: "1", Purpose: vietqr.Purpose(tc.in)}
			_, err := p.Encode()
			require.NoError(t, err, "Purpose is always encodable")
		})
	}
}

func TestBanks(t *testing.T) {
	tests := []struct {
		name, bin, code, short string
	}{
		{"Vietcombank", "970436", "VCB", "Vietcombank"},
		{"VietinBank", "970415", "ICB", "VietinBank"},
		{"BIDV", "970418", "BIDV", "BIDV"},
		{"Agribank", "970405", "VBA", "Agribank"},
		{"CAKE outside 9704", "546034", "CAKE", "CAKE"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, ok := vietqr.LookupBank(tc.bin)
			require.True(t, ok)
			assert.Equal(t, tc.code, b.Code)
			assert.Equal(t, tc.short, b.ShortName)
			c, ok := vietqr.BankByCode(strings.ToLower(tc.code))
			require.True(t, ok)
			assert.Equal(t, b, c)
		})
	}
	_, ok := vietqr.LookupBank("970499")
	assert.False(t, ok)
	_, ok = vietqr.BankByCode("NOPE")
	assert.False(t, ok)
	all := vietqr.Banks()
	require.NotEmpty(t, all)
	seen := map[string]bool{}
	for i, b := range all {
		assert.Len(t, b.BIN, 6, b.Name)
		assert.False(t, seen[b.BIN], "BIN %s twice", b.BIN)
		seen[b.BIN] = true
		if i > 0 {
			assert.Less(t, all[i-1].BIN, b.BIN, "sorted by BIN")
		}
		assert.NotEmpty(t, b.Code)
		assert.NotEmpty(t, b.Name)
	}
	all[0].Name = "changed"
	first, _ := vietqr.LookupBank(all[0].BIN)
	assert.NotEqual(t, "changed", first.Name, "Banks returns a copy")
}

func TestEnums(t *testing.T) {
	for _, i := range []vietqr.Initiation{vietqr.InitiationUnknown, vietqr.Static, vietqr.Dynamic} {
		b, err := i.MarshalText()
		require.NoError(t, err)
		var j vietqr.Initiation
		require.NoError(t, j.UnmarshalText(b))
		assert.Equal(t, i, j)
		assert.Equal(t, string(b), i.String())
	}
	for _, s := range []vietqr.Service{vietqr.ServiceUnknown, vietqr.ToAccount, vietqr.ToCard} {
		b, err := s.MarshalText()
		require.NoError(t, err)
		var u vietqr.Service
		require.NoError(t, u.UnmarshalText(b))
		assert.Equal(t, s, u)
	}
	var s vietqr.Service
	require.NoError(t, s.UnmarshalText([]byte("QRIBFTTC")))
	assert.Equal(t, vietqr.ToCard, s)
	assert.Equal(t, "QRIBFTTA", vietqr.ToAccount.Code())
	require.ErrorIs(t, s.UnmarshalText([]byte("x")), vietqr.ErrValue)
	var i vietqr.Initiation
	require.ErrorIs(t, i.UnmarshalText([]byte("x")), vietqr.ErrValue)
	_, err := vietqr.Initiation(9).MarshalText()
	require.ErrorIs(t, err, vietqr.ErrValue)
	assert.Equal(t, "Initiation(9)", vietqr.Initiation(9).String())
	assert.Equal(t, "Service(9)", vietqr.Service(9).String())
	assert.Empty(t, vietqr.Service(9).Code())
}

func TestMessages(t *testing.T) {
	_, err := vietqr.Decode("x")
	require.Error(t, err)
	assert.Equal(t, "syntax", vietqr.ErrorCode(err))
	assert.Equal(t, "Không phải mã VietQR hợp lệ", vietqr.Message(err, "vi"))
	assert.Equal(t, "Not a valid VietQR code", vietqr.Message(err, "en-US"))
	assert.Empty(t, vietqr.ErrorCode(assert.AnError))
	assert.Empty(t, vietqr.Message(assert.AnError, "vi"))
	p := vietqr.Payload{BIN: "970436", Account: "1", Purpose: "Lệ phí"}
	_, err = p.Encode()
	assert.Equal(t, "vietqr: field 62.08 (purpose of transaction): byte 0xe1 at 1: only printable ASCII is allowed (fold Vietnamese with vietqr.ASCII)", err.Error())
}
