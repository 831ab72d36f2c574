package dvc_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/dvc"
)

func TestMap(t *testing.T) {
	ctx := context.Background()
	store := dossier.NewMemStore()
	svc := newServiceStep(t, store, 25*time.Hour)
	d, err := svc.Submit(ctx, citizen, dossier.Submission{ProcedureCode: "1.000001", Agency: "000.00.01.H12", Channel: catalog.Post,
		Applicant: dossier.Applicant{Name: "Công ty TNHH A", TaxCode: "0101234567", Phone: "0912345678", Email: "a@example.vn"},
		Attachments: []dossier.Attachment{{Name: "Tờ khai", FileName: "to-khai.pdf", MediaType: "application/pdf", Size: 10,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}}})
	require.NoError(t, err)
	for _, step := range []func() (dossier.Dossier, error){
		func() (dossier.Dossier, error) { return svc.Receive(ctx, d.Code, clerk) },
		func() (dossier.Dossier, error) { return svc.Start(ctx, d.Code, clerk) },
		func() (dossier.Dossier, error) {
			return svc.RequestSupplement(ctx, d.Code, clerk, "thiếu giấy chứng sinh")
		},
		func() (dossier.Dossier, error) {
			return svc.Supplement(ctx, d.Code, citizen, nil, map[string]any{"ghi_chu": "đã bổ sung"})
		},
		func() (dossier.Dossier, error) { return svc.Approve(ctx, d.Code, clerk) },
		func() (dossier.Dossier, error) { return svc.ReturnResult(ctx, d.Code, clerk, dossier.ByPost) },
	} {
		d, err = step()
		require.NoError(t, err)
	}
	m := &dvc.Mapper{Catalog: testCatalog(t), SectorCodes: map[string]string{"Hộ tịch": "G09-TP03"}, UnitNames: map[string]string{"000.00.01.H12": "UBND phường A"}}
	ev := func(seq int) dossier.Event { return d.Events[seq-1] }
	for _, tc := range []struct {
		name  string
		seq   uint64
		check func(t *testing.T, r dvc.Record, p dvc.Progress)
	}{
		{"submitted", 1, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "1", r.TrangThaiHoSo)
			assert.Equal(t, "", r.NgayTiepNhan)
			assert.Equal(t, dvc.Time(ev(1).At), r.NgayNopHoSo)
			assert.Equal(t, "3", r.KenhThucHien)
			assert.Equal(t, "2", r.LoaiDoiTuong)
			assert.Equal(t, "0101234567", r.MaDoiTuong)
			assert.Equal(t, "Đăng ký khai sinh", r.TenTTHC)
			assert.Equal(t, "G09-TP03", r.MaLinhVuc)
			assert.Equal(t, "Hộ tịch", r.TenLinhVuc)
			assert.Equal(t, "1", r.HoSoCoThanhPhanSoHoa)
			require.Len(t, r.TaiLieuNop, 1)
			assert.Equal(t, "to-khai.pdf", r.TaiLieuNop[0].TenTepDinhKem)
			assert.Equal(t, "cong-dan-1", p.NguoiXuLy)
		}},
		{"received", 2, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "2", r.TrangThaiHoSo)
			assert.Equal(t, dvc.Time(ev(2).At), r.NgayTiepNhan)
			assert.Regexp(t, `^\d{14}$`, r.NgayHenTra)
			assert.Equal(t, r.NgayHenTra, p.NgayKetThucTheoQuyDinh)
			assert.Equal(t, "UBND phường A", r.DonViXuLy)
		}},
		{"supplementation asked", 4, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "5", r.TrangThaiHoSo)
			require.Len(t, r.DanhSachHoSoBoSung, 1)
			s := r.DanhSachHoSoBoSung[0]
			assert.Equal(t, "0", s.TrangThaiBoSung)
			assert.Equal(t, "thiếu giấy chứng sinh", s.NoiDungBoSung)
			assert.NotEmpty(t, s.NgayHenTraTruoc)
			assert.Empty(t, s.NgayHenTraMoi)
			assert.Contains(t, p.NoiDungXuLy, "thiếu giấy chứng sinh")
		}},
		{"supplied: the appointment moves", 5, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "4", r.TrangThaiHoSo)
			s := r.DanhSachHoSoBoSung[0]
			assert.Equal(t, "1", s.TrangThaiBoSung)
			assert.Equal(t, dvc.Time(ev(5).At), s.NgayTiepNhanBoSung)
			assert.Greater(t, s.NgayHenTraMoi, s.NgayHenTraTruoc)
			assert.Equal(t, s.NgayHenTraMoi, r.NgayHenTra)
		}},
		{"approved", 6, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "9", r.TrangThaiHoSo)
			assert.Equal(t, dvc.Time(ev(6).At), r.NgayKetThucXuLy)
			assert.Len(t, r.DanhSachGiayToKetQua, 1)
		}},
		{"returned by post", 7, func(t *testing.T, r dvc.Record, p dvc.Progress) {
			assert.Equal(t, "10", r.TrangThaiHoSo)
			assert.Equal(t, dvc.Time(ev(7).At), r.NgayTra)
			assert.Equal(t, "1", r.HinhThuc)
			assert.Equal(t, "10", p.TrangThai)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, p, err := m.Map(&d, tc.seq)
			require.NoError(t, err)
			assert.Equal(t, d.Code, r.MaHoSo)
			assert.Equal(t, d.Code, p.MaHoSo)
			assert.Equal(t, dvc.Time(ev(int(tc.seq)).At), p.ThoiDiemXuLy)
			tc.check(t, r, p)
		})
	}
	for _, seq := range []uint64{0, 8} {
		_, _, err := m.Map(&d, seq)
		require.ErrorIs(t, err, dvc.ErrMapping)
	}
}

func TestStatus(t *testing.T) {
	for _, tc := range []struct {
		st   dossier.Status
		a    dossier.Action
		want string
	}{
		{dossier.Submitted, dossier.Submit, "1"}, {dossier.Received, dossier.Receive, "2"},
		{dossier.Refused, dossier.RefuseIntake, "3"}, {dossier.InProgress, dossier.Start, "4"},
		{dossier.Transferred, dossier.Transfer, "4"}, {dossier.AwaitingSupplement, dossier.RequestSupplement, "5"},
		{dossier.AwaitingPayment, dossier.AwaitPayment, "6"}, {dossier.Withdrawn, dossier.Withdraw, "8"},
		{dossier.ResultReady, dossier.Approve, "9"}, {dossier.Refused, dossier.Refuse, "9"},
		{dossier.Returned, dossier.ReturnResult, "10"}, {dossier.StatusUnknown, dossier.ActionUnknown, ""},
	} {
		t.Run(tc.st.String()+"/"+tc.a.String(), func(t *testing.T) { assert.Equal(t, tc.want, dvc.Status(tc.st, tc.a)) })
	}
}

func TestTime(t *testing.T) {
	assert.Equal(t, "", dvc.Time(time.Time{}))
	assert.Equal(t, "20260302080000", dvc.Time(time.Date(2026, 3, 2, 1, 0, 0, 0, time.UTC)))
}

func FuzzParseAnswer(f *testing.F) {
	for _, s := range []string{`{"error_code":0,"session":"x"}`, `{"error_code":"3","message":"đã tồn tại"}`, `<html>`, `{}`, `{"error_code":null}`, `[]`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 1<<16 {
			return
		}
		a, err := dvc.ParseAnswer("DongBoHoSoMC", 200, b)
		if err == nil && a.ErrorCode == "" {
			t.Fatal("an answer without error_code accepted")
		}
	})
}
