// Package dvc synchronises dossiers with the national public-service
// portal (Cổng Dịch vụ công quốc gia): each event of a dossier, enqueued by
// the store in the transaction that stored it ([dossier.Outbox]), becomes
// the dossier record (DongBoHoSoMC) as of that event and the event's
// progress record (CapNhatTienDoHoSoMC), delivered in order per dossier,
// at least once, with retries and backoff, across restarts ([Sender]).
// The portal's protocol (a session login, then service calls answered with
// an error_code) is behind [Portal]; [Client] speaks it over HTTP.
//
// The name: catalog/dvcqg reads the portal's procedures; dossier/dvc
// writes the dossiers to it. The two import side by side without an alias,
// and dvc does not shadow the standard library's sync.
//
// # The records, field by field
//
// Field names and meanings follow the open one-stop systems' integration
// code: OpenCPS (VietOpenCPS/opencps-v2, DVCQGIntegrationActionImpl:
// createSyncDossierBodyRequest, createSyncDossierStatusBodyRequest,
// getAccessToken) and the TD.DichVuCongApi system
// (HuanVu201/DichVuCong_KhoaLuan_PASETO, SyncLocalDataToDVCQG), which
// sends the newer fields (KenhThucHien, NgayNopHoSo, NgayTuChoi,
// HoSoCoThanhPhanSoHoa, DuocThanhToanTrucTuyen). Times are yyyyMMddHHmmss
// in Asia/Ho_Chi_Minh (both sources), "" when unset.
//
//	MaHoSo                 Dossier.Code
//	MaTTHC                 Dossier.ProcedureCode (the national code)
//	TenTTHC                the catalogue's procedure name ([Mapper].Catalog)
//	MaLinhVuc, TenLinhVuc  [Mapper].SectorCodes[Sector], Dossier.Sector
//	KenhThucHien           1 in person, 2 online, 3 post (Dossier.Channel)
//	ChuHoSo                Applicant.Name
//	LoaiDoiTuong           1 citizen (a CitizenID), 2 organisation (a TaxCode only);
//	                       OpenCPS sends 1/2; TD.DichVuCongApi also 3 (state body) and
//	                       4 (other organisation), which motcua cannot tell apart
//	MaDoiTuong             the CitizenID, or the TaxCode
//	Email, SoDienThoai     Applicant.Email, Applicant.Phone (DiaChi: Address)
//	TrichYeuHoSo           "<procedure name> — <applicant>"
//	NgayNopHoSo            the Submit event's time
//	NgayTiepNhan           the Receive event's time
//	NgayHenTra             the latest due time carried by the trail up to the event
//	TrangThaiHoSo          [Status]: 1 new, 2 received, 3 not received (refused at
//	                       intake), 4 processing (also transferred), 5 supplementation
//	                       requested, 6 financial obligation, 8 stopped (withdrawn),
//	                       9 settled (result ready, or refused on the merits),
//	                       10 returned; 7 (withdrawal requested) has no motcua state:
//	                       a withdrawal is immediate
//	NgayTra                the ReturnResult event's time
//	NgayTuChoi             the RefuseIntake event's time
//	HinhThuc               0 counter, 1 post (OpenCPS), 2 electronic
//	NgayKetThucXuLy        the Approve or Refuse event's time
//	DonViXuLy              the handling unit ([Mapper].UnitNames, else its code)
//	HoSoCoThanhPhanSoHoa   1 when documents are attached
//	DuocThanhToanTrucTuyen 1 when paid by a method [dossier.OnlinePayment] accepts
//	TaiLieuNop             one per attachment: TepDinhKemId (its SHA-256),
//	                       TenTepDinhKem, MaThanhPhanHoSo (its position), DuocSoHoa 1
//	DanhSachLePhi          one per fee line: TenPhiLePhi, MaPhiLePhi, Gia (đồng),
//	                       HinhThucThu 1, LoaiPhiLePhi 1
//	DanhSachHoSoBoSung     one per RequestSupplement: NgayBoSung, NoiDungBoSung,
//	                       NguoiYeuCauBoSung, NgayHenTraTruoc (the appointment before)
//	                       and, once supplied, NgayTiepNhanBoSung, NgayHenTraMoi (the
//	                       moved appointment), TrangThaiBoSung 1
//	DanhSachGiayToKetQua   the result, once approved
//
// Progress records: NguoiXuLy (the actor's ID), ChucDanh (the actor's
// role), ThoiDiemXuLy (the event's time), PhongBanXuLy (the actor's unit),
// NoiDungXuLy (the action and its reason), TrangThai (as TrangThaiHoSo),
// NgayBatDau (NgayTiepNhan), NgayKetThucTheoQuyDinh (the due time after
// the event).
//
// Where the sources differ, this package follows OpenCPS's field set and
// adds TD.DichVuCongApi's newer fields; MaDoiTuong follows OpenCPS's
// meaning (the applicant's identifier) rather than TD's account TechID,
// which motcua does not have.
package dvc
