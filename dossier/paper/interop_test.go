package paper_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
)

// expected are lines each paper must give back through pdftotext, in this
// order (the body's reading order).
func expected(k paper.Kind, p paper.Paper) []string {
	d := p.Dossier
	// the header's left column (agency, number), then its right (motto,
	// place and date)
	head := func(number string, ev dossier.Action) []string {
		date := "?"
		for i := len(d.Events) - 1; i >= 0; i-- {
			if d.Events[i].Action == ev {
				date = "Thủ Dầu Một, " + longDate(d.Events[i].At)
				break
			}
		}
		return []string{"ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG", "Số: " + number,
			"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", date}
	}
	switch k {
	case paper.Receipt:
		return append(head("125/TN-TTHCC", dossier.Receive),
			"GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", "Mã hồ sơ: "+d.Code,
			"Tên tổ chức, cá nhân: Nguyễn Thị Hồng Nhung", "Số định danh cá nhân: 074185012345",
			"Hình thức nộp: Trực tuyến", "Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "Bản chụp giấy tờ tùy thân",
			"2. Số lượng hồ sơ: 01 bộ.", "3. Thời gian giải quyết hồ sơ theo quy định: 10 ngày làm việc",
			"4. Thời gian nhận hồ sơ: 08 giờ 35 phút, ngày 02 tháng 12 năm 2026",
			"5. Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 00 phút, ngày 16 tháng 12",
			"Phí cung cấp thông tin lý lịch tư pháp", "200.000 ₫",
			"NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "Trần Văn Nghĩa")
	case paper.SupplementRequest:
		return append(head("17/PYCBS-TTHCC", dossier.RequestSupplement),
			"PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Mã hồ sơ: "+d.Code,
			"Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:",
			"1. Bản chụp giấy tờ tùy thân còn thời hạn, rõ nét cả hai mặt", "2. Tờ khai ghi đủ nơi cư trú từ năm 14 tuổi",
			"Lý do: Giấy tờ tùy thân đã hết hạn sử dụng", "NGƯỜI HƯỚNG DẪN")
	case paper.Refusal:
		return append(head("", dossier.RefuseIntake), "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
			"Xin thông báo cho Ông/Bà được biết và thực hiện./.", "NGƯỜI TIẾP NHẬN HỒ SƠ")
	case paper.Apology:
		return append(head("09/XL-STP", dossier.Apologize),
			"VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT", "Kính gửi: Nguyễn Thị Hồng Nhung",
			"Mã hồ sơ: "+d.Code+".", "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà/Tổ chức./.", "THỦ TRƯỞNG CƠ QUAN")
	case paper.StopNotice:
		return append(head("", dossier.Withdraw), "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
			"Lý do dừng giải quyết: Tôi không còn nhu cầu cấp Phiếu lý lịch tư pháp")
	case paper.ControlSlip:
		return append(head("", dossier.Approve), "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", "Mã hồ sơ: "+d.Code,
			"Nộp hồ sơ", "Tiếp nhận hồ sơ", "Phê duyệt kết quả", "NGƯỜI LẬP PHIẾU")
	}
	return nil
}

func longDate(t time.Time) string {
	t = t.In(dossier.Location)
	months := map[time.Month]string{1: "01", 2: "02"}
	m, ok := months[t.Month()]
	if !ok {
		m = strings.TrimLeft(t.Format("1"), "0")
	}
	return "ngày " + t.Format("02") + " tháng " + m + " năm " + t.Format("2006")
}

// TestPapersInterop renders every paper and checks it with poppler and
// qpdf: the text comes back exactly (NFC) in reading order, the fonts are
// embedded subsets, the file is clean, the receipt's QR codes decode to
// the lookup URL and the receipt's integrity data. With -update it
// regenerates the PNG renderings under testdata for review.
func TestPapersInterop(t *testing.T) {
	r := renderer(t)
	w := newWorld(t)
	papers := w.papers(t)
	for _, k := range []paper.Kind{paper.Receipt, paper.SupplementRequest, paper.Refusal, paper.Apology, paper.StopNotice, paper.ControlSlip} {
		p := papers[k]
		t.Run(k.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.Write(&buf, p))
			pdf := buf.Bytes()
			file := temp(t, k.String()+".pdf", pdf)

			text := tool(t, nil, "pdftotext", "-enc", "UTF-8", file, "-")
			require.True(t, norm.NFC.IsNormalString(text), "pdftotext gives NFC text")
			// lines wrap and table cells come column by column: compare
			// the text with its white space collapsed
			flat := strings.Join(strings.Fields(text), " ")
			at := 0
			for _, want := range expected(k, p) {
				i := strings.Index(flat[at:], want)
				require.GreaterOrEqual(t, i, 0, "%q not found after %q in reading order:\n%s", want, flat[max(0, at-80):at], text)
				at += i + len(want)
			}

			fonts := tool(t, nil, "pdffonts", file)
			rows := regexp.MustCompile(`(?m)^([A-Z]{6})\+(\S+)\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes`).FindAllStringSubmatch(fonts, -1)
			require.Len(t, rows, 2, "two embedded subset fonts with ToUnicode:\n%s", fonts)
			assert.NotEqual(t, rows[0][1], rows[1][1], "each subset has its own tag")

			check := tool(t, nil, "qpdf", "--check", file)
			assert.Contains(t, check, "No syntax or stream encoding errors found")
			assert.NotContains(t, strings.ToLower(check), "warning")

			if k == paper.Receipt {
				png := filepath.Join(t.TempDir(), "qr")
				tool(t, nil, "pdftoppm", "-r", "150", "-gray", "-png", "-singlefile", file, png)
				codes := tool(t, nil, "zbarimg", "--quiet", "--raw", png+".png")
				got := strings.Split(strings.TrimSpace(codes), "\n")
				assert.ElementsMatch(t, []string{r.LookupURL(p.Dossier.Code), p.Receipt.String()}, got)
				rec, err := dossier.ParseReceipt(p.Receipt.String())
				require.NoError(t, err)
				assert.Equal(t, *p.Receipt, rec)
				assert.LessOrEqual(t, len(pdf), 60<<10, "a receipt is at most 60 KB")
			}

			golden := filepath.Join("testdata", k.Form()+"-"+k.String())
			if *update {
				tool(t, nil, "pdftoppm", "-r", "40", "-gray", "-png", "-singlefile", file, golden)
			}
			_, err := os.Stat(golden + ".png")
			require.NoError(t, err, "run go test -run TestPapersInterop -update ./dossier/paper to write %s.png", golden)
		})
	}
}

// TestPapersSigned signs every paper as the officer, countersigns it as a
// second officer, and checks both signatures with signing.Verify and
// poppler's pdfsig.
func TestPapersSigned(t *testing.T) {
	ctx := context.Background()
	r := renderer(t)
	w := newWorld(t)
	now := time.Now()
	ca, err := signingtest.NewCA("CA thử nghiệm Một Cửa", now)
	require.NoError(t, err)
	first, err := ca.Signer("Trần Văn Nghĩa", signingtest.ECDSAP256)
	require.NoError(t, err)
	second, err := ca.Signer("Lê Thị Thu Hà", signingtest.RSA2048)
	require.NoError(t, err)
	for k, p := range w.papers(t) {
		t.Run(k.String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, r.Write(&buf, p))
			var once, twice bytes.Buffer
			require.NoError(t, signing.Sign(ctx, bytes.NewReader(buf.Bytes()), int64(buf.Len()), &once, first,
				signing.Options{Name: "Trần Văn Nghĩa", Reason: "Ký " + k.Label("vi"), Location: "Thủ Dầu Một"}))
			require.NoError(t, signing.Sign(ctx, bytes.NewReader(once.Bytes()), int64(once.Len()), &twice, second,
				signing.Options{Name: "Lê Thị Thu Hà", Reason: "Phê duyệt", Location: "Thủ Dầu Một"}))
			rep, err := signing.Verify(ctx, bytes.NewReader(twice.Bytes()), int64(twice.Len()), signing.Policy{Roots: ca.Pool()})
			require.NoError(t, err)
			require.Len(t, rep.Signatures, 2)
			for i, s := range rep.Signatures {
				assert.True(t, s.OK(), "signature %d: %+v", i, s.Problems)
			}
			assert.Equal(t, signing.StatusValidWithChanges, rep.Status, "the countersignature is an allowed later change of the first")

			out := tool(t, nil, "pdfsig", "-nocert", temp(t, "signed.pdf", twice.Bytes()))
			vals := regexp.MustCompile(`Signature Validation: (.*)`).FindAllStringSubmatch(out, -1)
			require.Len(t, vals, 2, out)
			for _, v := range vals {
				assert.Equal(t, "Signature is Valid.", strings.TrimSpace(v[1]), out)
			}
			assert.Contains(t, out, "Total document signed")
		})
	}
}
