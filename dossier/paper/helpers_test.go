package paper_test

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/paper"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/testenv"
)

var update = flag.Bool("update", false, "regenerate the PNG renderings under testdata")

const (
	dejavu     = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
	dejavuBold = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
	lookupURL  = "https://dichvucong.binhduong.example.vn/tra-cuu?ma={code}"
)

// font reads a DejaVu font, skipping (or failing in CI) without
// fonts-dejavu-core.
func font(t testing.TB, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		testenv.Missing(t, path+" is missing (apt-get install fonts-dejavu-core)")
	}
	return b
}

func renderer(t testing.TB) *paper.Renderer {
	t.Helper()
	r, err := paper.New(paper.Options{Font: font(t, dejavu), BoldFont: font(t, dejavuBold), LookupURL: lookupURL})
	require.NoError(t, err)
	return r
}

var agency = paper.Agency{
	Parent: "ỦY BAN NHÂN DÂN TỈNH BÌNH DƯƠNG",
	Name:   "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH",
	Place:  "Thủ Dầu Một",
	Phone:  "0274 3822 822",
}

var (
	applicant = dossier.Applicant{Name: "Nguyễn Thị Hồng Nhung", CitizenID: "074185012345", Phone: "0912345678",
		Email: "nhung.nguyen@example.vn", Address: "Số 12 đường Yersin, phường Phú Cường, thành phố Thủ Dầu Một, tỉnh Bình Dương"}
	citizen = dossier.Actor{ID: "vneid:074185012345", Role: dossier.RoleApplicant}
	clerk   = dossier.Actor{ID: "cb-motcua-07", Role: dossier.RoleOfficer, Unit: "000.00.01.H57"}
	officer = dossier.Actor{ID: "cb-stp-03", Role: dossier.RoleOfficer, Unit: "000.00.01.H57"}
)

// world is a service on the sample catalogue and fees with a clock the
// test moves.
type world struct {
	svc *dossier.Service
	cat *catalog.Catalog
	now time.Time
}

func newWorld(t testing.TB) *world {
	t.Helper()
	cat, err := catalog.Sample()
	require.NoError(t, err)
	sch, err := fees.Sample()
	require.NoError(t, err)
	cal, err := dossier.Official()
	require.NoError(t, err)
	w := &world{cat: cat, now: time.Date(2026, 12, 2, 8, 15, 0, 0, dossier.Location)}
	w.svc, err = dossier.NewService(dossier.NewMemStore(), cat, cal, dossier.WithFees(sch, nil),
		dossier.WithClock(func() time.Time { return w.now }))
	require.NoError(t, err)
	return w
}

func (w *world) tick(d time.Duration) { w.now = w.now.Add(d) }

// submit files a judicial record request (2.001417, 10 working days,
// 200.000 ₫).
func (w *world) submit(t testing.TB) dossier.Dossier {
	t.Helper()
	d, err := w.svc.Submit(context.Background(), citizen, dossier.Submission{
		ProcedureCode: "2.001417", Agency: "000.00.01.H57", Channel: catalog.Online, Applicant: applicant,
		Attachments: []dossier.Attachment{
			dossier.NewAttachment("Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp", "to-khai-lltp.pdf", []byte("%PDF-1.7 tờ khai")),
			dossier.NewAttachment("Bản chụp giấy tờ tùy thân", "cccd-mat-truoc.jpg", []byte("\xff\xd8\xff\xe0 scan")),
		},
	})
	require.NoError(t, err)
	return d
}

func (w *world) procedure(t testing.TB, d dossier.Dossier) *catalog.Procedure {
	t.Helper()
	p, ok := w.cat.Get(d.ProcedureCode, d.SubmittedAt)
	require.True(t, ok)
	return &p
}

// papers builds one dossier for each paper, through the service.
func (w *world) papers(t testing.TB) map[paper.Kind]paper.Paper {
	t.Helper()
	ctx := context.Background()
	out := map[paper.Kind]paper.Paper{}
	mk := func(k paper.Kind, d dossier.Dossier, number string) {
		p := paper.Paper{Kind: k, Dossier: d, Procedure: w.procedure(t, d), Agency: agency, Number: number, Officer: "Trần Văn Nghĩa"}
		if k == paper.Receipt {
			rec, err := w.svc.Receipt(ctx, d.Code)
			require.NoError(t, err)
			p.Receipt = &rec
		}
		if k == paper.SupplementRequest {
			p.Items = []string{"Bản chụp giấy tờ tùy thân còn thời hạn, rõ nét cả hai mặt", "Tờ khai ghi đủ nơi cư trú từ năm 14 tuổi"}
		}
		out[k] = p
	}
	// 01 and 06: received, processed, approved
	d := w.submit(t)
	w.tick(5 * time.Minute)
	d, err := w.svc.Pay(ctx, d.Code, citizen, dossier.Payment{Amount: d.FeeQuote.Total, Method: "vietqr", Reference: "FT26336123456"})
	require.NoError(t, err)
	w.tick(15 * time.Minute)
	d, err = w.svc.Receive(ctx, d.Code, clerk)
	require.NoError(t, err)
	mk(paper.Receipt, d, "125/TN-TTHCC")
	w.tick(2 * time.Hour)
	d, err = w.svc.Start(ctx, d.Code, officer)
	require.NoError(t, err)
	w.tick(74 * time.Hour)
	d, err = w.svc.Approve(ctx, d.Code, officer)
	require.NoError(t, err)
	mk(paper.ControlSlip, d, "")
	// 02: more documents asked for during processing
	d = w.submit(t)
	d, err = w.svc.Receive(ctx, d.Code, clerk)
	require.NoError(t, err)
	d, err = w.svc.Start(ctx, d.Code, officer)
	require.NoError(t, err)
	w.tick(time.Hour)
	d, err = w.svc.RequestSupplement(ctx, d.Code, officer, "Giấy tờ tùy thân đã hết hạn sử dụng")
	require.NoError(t, err)
	mk(paper.SupplementRequest, d, "17/PYCBS-TTHCC")
	// 03: refused at intake
	d = w.submit(t)
	w.tick(time.Hour)
	d, err = w.svc.RefuseIntake(ctx, d.Code, clerk, "Yêu cầu không thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Bình Dương: người yêu cầu đã thôi cư trú tại tỉnh.")
	require.NoError(t, err)
	mk(paper.Refusal, d, "")
	// 04: an apology with a new date
	d = w.submit(t)
	d, err = w.svc.Receive(ctx, d.Code, clerk)
	require.NoError(t, err)
	d, err = w.svc.Start(ctx, d.Code, officer)
	require.NoError(t, err)
	w.tick(5 * 24 * time.Hour)
	newDue := time.Date(d.DueAt.Year(), d.DueAt.Month(), d.DueAt.Day()+7, 16, 0, 0, 0, dossier.Location)
	for ok, err := w.svc.Calendar().IsWorkingDay(newDue); !ok; ok, err = w.svc.Calendar().IsWorkingDay(newDue) {
		require.NoError(t, err)
		newDue = newDue.AddDate(0, 0, 1)
	}
	d, err = w.svc.Apologize(ctx, d.Code, officer, newDue, "Cơ quan Công an chưa có văn bản trả lời xác minh nhân thân")
	require.NoError(t, err)
	mk(paper.Apology, d, "09/XL-STP")
	// 05: withdrawn at the applicant's request
	d = w.submit(t)
	d, err = w.svc.Receive(ctx, d.Code, clerk)
	require.NoError(t, err)
	w.tick(3 * time.Hour)
	d, err = w.svc.Withdraw(ctx, d.Code, citizen, "Tôi không còn nhu cầu cấp Phiếu lý lịch tư pháp")
	require.NoError(t, err)
	mk(paper.StopNotice, d, "")
	return out
}

// tool runs an outside program, failing the test on a non-zero exit.
func tool(t testing.TB, stdin []byte, name string, args ...string) string {
	t.Helper()
	path := testenv.Tool(t, name)
	cmd := exec.Command(path, args...)
	cmd.Stdin = bytes.NewReader(stdin)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	require.NoError(t, err, "%s %s: %s%s", name, strings.Join(args, " "), out.String(), errb.String())
	return out.String()
}

// temp writes b to a file in the test's temporary directory.
func temp(t testing.TB, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}
