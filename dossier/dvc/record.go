package dvc

import (
	"fmt"
	"strconv"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// Record is the portal's dossier record (DongBoHoSoMC), as of one event
// of the dossier's trail. JSON names are the portal's; times are
// yyyyMMddHHmmss in Asia/Ho_Chi_Minh, "" when unset.
type Record struct {
	MaHoSo        string `json:"MaHoSo"`
	MaTTHC        string `json:"MaTTHC"`
	TenTTHC       string `json:"TenTTHC"`
	MaLinhVuc     string `json:"MaLinhVuc"`
	TenLinhVuc    string `json:"TenLinhVuc"`
	KenhThucHien  string `json:"KenhThucHien"`
	ChuHoSo       string `json:"ChuHoSo"`
	LoaiDoiTuong  string `json:"LoaiDoiTuong"`
	MaDoiTuong    string `json:"MaDoiTuong"`
	Email         string `json:"Email"`
	SoDienThoai   string `json:"SoDienThoai"`
	DiaChi        string `json:"DiaChi,omitempty"`
	TrichYeuHoSo  string `json:"TrichYeuHoSo"`
	NgayNopHoSo   string `json:"NgayNopHoSo"`
	NgayTiepNhan  string `json:"NgayTiepNhan"`
	NgayHenTra    string `json:"NgayHenTra"`
	TrangThaiHoSo string `json:"TrangThaiHoSo"`
	NgayTra       string `json:"NgayTra"`
	NgayTuChoi    string `json:"NgayTuChoi,omitempty"`
	// HinhThuc is how the result is returned: 0 at the counter, 1 by post
	// (OpenCPS's rule), 2 electronically.
	HinhThuc               string       `json:"HinhThuc"`
	NgayKetThucXuLy        string       `json:"NgayKetThucXuLy"`
	DonViXuLy              string       `json:"DonViXuLy"`
	HoSoCoThanhPhanSoHoa   string       `json:"HoSoCoThanhPhanSoHoa"`
	DuocThanhToanTrucTuyen string       `json:"DuocThanhToanTrucTuyen"`
	TaiLieuNop             []Document   `json:"TaiLieuNop"`
	DanhSachLePhi          []Fee        `json:"DanhSachLePhi"`
	DanhSachHoSoBoSung     []Supplement `json:"DanhSachHoSoBoSung"`
	DanhSachGiayToKetQua   []Result     `json:"DanhSachGiayToKetQua"`
}

// Document is one filed document (TaiLieuNop).
type Document struct {
	TepDinhKemId    string `json:"TepDinhKemId"`
	TenTepDinhKem   string `json:"TenTepDinhKem"`
	MaThanhPhanHoSo string `json:"MaThanhPhanHoSo"`
	DuocSoHoa       string `json:"DuocSoHoa"`
}

// Fee is one fee line (DanhSachLePhi); Gia is whole đồng.
type Fee struct {
	TenPhiLePhi string `json:"TenPhiLePhi"`
	MaPhiLePhi  string `json:"MaPhiLePhi"`
	HinhThucThu string `json:"HinhThucThu"`
	Gia         string `json:"Gia"`
	// LoaiPhiLePhi: 1 as the sources send it for every line.
	LoaiPhiLePhi string `json:"LoaiPhiLePhi"`
}

// Supplement is one supplementation request (DanhSachHoSoBoSung), with
// the appointment before and after it.
type Supplement struct {
	HoSoBoSungId       string `json:"HoSoBoSungId"`
	NguoiYeuCauBoSung  string `json:"NguoiYeuCauBoSung"`
	NoiDungBoSung      string `json:"NoiDungBoSung"`
	NgayBoSung         string `json:"NgayBoSung"`
	NgayTiepNhanBoSung string `json:"NgayTiepNhanBoSung"`
	// TrangThaiBoSung is 1 once supplied, 0 while awaited.
	TrangThaiBoSung string `json:"TrangThaiBoSung"`
	NgayHenTraTruoc string `json:"NgayHenTraTruoc"`
	NgayHenTraMoi   string `json:"NgayHenTraMoi"`
}

// Result is one result paper (DanhSachGiayToKetQua).
type Result struct {
	TenGiayTo string `json:"TenGiayTo"`
	GiayToId  string `json:"GiayToId"`
}

// Progress is the portal's progress record (CapNhatTienDoHoSoMC) of one
// event.
type Progress struct {
	MaHoSo                 string `json:"MaHoSo"`
	NguoiXuLy              string `json:"NguoiXuLy"`
	ChucDanh               string `json:"ChucDanh"`
	ThoiDiemXuLy           string `json:"ThoiDiemXuLy"`
	PhongBanXuLy           string `json:"PhongBanXuLy"`
	NoiDungXuLy            string `json:"NoiDungXuLy"`
	TrangThai              string `json:"TrangThai"`
	NgayBatDau             string `json:"NgayBatDau"`
	NgayKetThucTheoQuyDinh string `json:"NgayKetThucTheoQuyDinh"`
}

// TimeLayout is the portal's time format, yyyyMMddHHmmss.
const TimeLayout = "20060102150405"

// Time formats t for the portal in Asia/Ho_Chi_Minh; "" for the zero time.
func Time(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(dossier.Location).Format(TimeLayout)
}

// Status returns the portal's TrangThaiHoSo of a dossier that an event of
// action a left in status st: 1 new, 2 received, 3 not received (refused
// at intake), 4 processing, 5 supplementation requested, 6 financial
// obligation, 7 withdrawal requested, 8 stopped, 9 settled, 10 returned.
func Status(st dossier.Status, a dossier.Action) string {
	switch st {
	case dossier.Submitted:
		return "1"
	case dossier.Received:
		return "2"
	case dossier.InProgress, dossier.Transferred:
		return "4"
	case dossier.AwaitingSupplement:
		return "5"
	case dossier.AwaitingPayment:
		return "6"
	case dossier.ResultReady:
		return "9"
	case dossier.Returned:
		return "10"
	case dossier.Refused:
		if a == dossier.RefuseIntake {
			return "3"
		}
		return "9" // settled: refused on the merits, with the reasons
	case dossier.Withdrawn:
		return "8" // stopped at the applicant's request, already granted
	case dossier.StatusUnknown:
	}
	return ""
}

// Mapper turns dossiers into portal records. Its zero value works
// (procedure and sector names left empty); it is safe for concurrent use.
type Mapper struct {
	// Catalog names the procedures (TenTTHC) and sectors (TenLinhVuc).
	Catalog *catalog.Catalog
	// SectorCodes gives the portal's sector code (MaLinhVuc) by sector
	// name; motcua's catalogue keeps the name only.
	SectorCodes map[string]string
	// UnitNames gives DonViXuLy by unit code; the code is sent otherwise.
	UnitNames map[string]string
}

// Map returns the records of d as of its event seq (counted from 1): the
// dossier record with the status, dates and supplementation requests the
// trail gives up to that event, and the progress record of that event.
// Applicant, procedure, documents and fees are d's. A seq beyond the
// trail is an error wrapping [ErrMapping].
func (m *Mapper) Map(d *dossier.Dossier, seq uint64) (Record, Progress, error) {
	if seq == 0 || seq > uint64(len(d.Events)) {
		return Record{}, Progress{}, fmt.Errorf("%w: %s has %d events, not event %d", ErrMapping, d.Code, len(d.Events), seq)
	}
	evs := d.Events[:seq]
	ev := &evs[seq-1]
	r := Record{
		MaHoSo: d.Code, MaTTHC: d.ProcedureCode, TenLinhVuc: d.Sector,
		KenhThucHien: channel(d.Channel),
		ChuHoSo:      d.Applicant.Name, Email: d.Applicant.Email, SoDienThoai: d.Applicant.Phone, DiaChi: d.Applicant.Address,
		LoaiDoiTuong: "1", MaDoiTuong: d.Applicant.CitizenID,
		TrangThaiHoSo: Status(ev.To, ev.Action), HinhThuc: "0",
		DuocThanhToanTrucTuyen: "0", HoSoCoThanhPhanSoHoa: "0",
		TaiLieuNop: []Document{}, DanhSachLePhi: []Fee{}, DanhSachHoSoBoSung: []Supplement{}, DanhSachGiayToKetQua: []Result{},
	}
	if d.Applicant.CitizenID == "" && d.Applicant.TaxCode != "" {
		r.LoaiDoiTuong, r.MaDoiTuong = "2", d.Applicant.TaxCode
	}
	r.MaLinhVuc = m.SectorCodes[d.Sector]
	if m.Catalog != nil {
		if p, ok := m.Catalog.Get(d.ProcedureCode, d.SubmittedAt); ok {
			r.TenTTHC = p.Name
			r.TrichYeuHoSo = p.Name + " — " + d.Applicant.Name
		}
	}
	if r.TrichYeuHoSo == "" {
		r.TrichYeuHoSo = d.ProcedureCode + " — " + d.Applicant.Name
	}
	for i, a := range d.Attachments {
		r.TaiLieuNop = append(r.TaiLieuNop, Document{TepDinhKemId: a.SHA256, TenTepDinhKem: a.FileName, MaThanhPhanHoSo: strconv.Itoa(i + 1), DuocSoHoa: "1"})
	}
	if len(r.TaiLieuNop) > 0 {
		r.HoSoCoThanhPhanSoHoa = "1"
	}
	if q := d.FeeQuote; q != nil {
		for _, l := range q.Lines {
			r.DanhSachLePhi = append(r.DanhSachLePhi, Fee{TenPhiLePhi: l.Name, MaPhiLePhi: l.Code, HinhThucThu: "1", Gia: strconv.FormatInt(int64(l.Amount), 10), LoaiPhiLePhi: "1"})
		}
	}
	unit := d.Agency
	var due time.Time
	var progressDue time.Time
	for i := range evs {
		e := &evs[i]
		if v := e.Data.Get("due"); v != "" {
			if t, err := time.Parse(time.RFC3339Nano, v); err == nil {
				due = t
			}
		}
		switch e.Action {
		case dossier.Submit:
			r.NgayNopHoSo = Time(e.At)
		case dossier.Receive:
			r.NgayTiepNhan = Time(e.At)
		case dossier.Transfer:
			unit = e.Data.Get("to")
		case dossier.Start:
			if u := e.Data.Get("unit"); u != "" {
				unit = u
			}
		case dossier.RequestSupplement:
			r.DanhSachHoSoBoSung = append(r.DanhSachHoSoBoSung, Supplement{
				HoSoBoSungId: strconv.FormatUint(e.Seq, 10), NguoiYeuCauBoSung: e.Actor.ID, NoiDungBoSung: e.Reason,
				NgayBoSung: Time(e.At), TrangThaiBoSung: "0", NgayHenTraTruoc: Time(due),
			})
		case dossier.Supplement:
			if n := len(r.DanhSachHoSoBoSung); n > 0 && r.DanhSachHoSoBoSung[n-1].TrangThaiBoSung == "0" {
				s := &r.DanhSachHoSoBoSung[n-1]
				s.TrangThaiBoSung, s.NgayTiepNhanBoSung, s.NgayHenTraMoi = "1", Time(e.At), Time(due)
			}
		case dossier.Pay:
			if dossier.OnlinePayment(e.Data.Get("method")) {
				r.DuocThanhToanTrucTuyen = "1"
			}
		case dossier.Approve, dossier.Refuse:
			r.NgayKetThucXuLy = Time(e.At)
			if e.Action == dossier.Approve {
				r.DanhSachGiayToKetQua = append(r.DanhSachGiayToKetQua, Result{TenGiayTo: r.TenTTHC, GiayToId: d.Code})
			}
		case dossier.RefuseIntake:
			r.NgayTuChoi = Time(e.At)
		case dossier.ReturnResult:
			r.NgayTra = Time(e.At)
			switch e.Data.Get("via") {
			case "post":
				r.HinhThuc = "1"
			case "electronic":
				r.HinhThuc = "2"
			}
		}
		if i == len(evs)-1 {
			progressDue = due
		}
	}
	r.NgayHenTra = Time(due)
	r.DonViXuLy = unit
	if n, ok := m.UnitNames[unit]; ok {
		r.DonViXuLy = n
	}
	p := Progress{
		MaHoSo: d.Code, NguoiXuLy: ev.Actor.ID, ChucDanh: ev.Actor.Role.Label("vi"), ThoiDiemXuLy: Time(ev.At),
		PhongBanXuLy: ev.Actor.Unit, NoiDungXuLy: ev.Action.Label("vi"), TrangThai: r.TrangThaiHoSo,
		NgayBatDau: r.NgayTiepNhan, NgayKetThucTheoQuyDinh: Time(progressDue),
	}
	if ev.Reason != "" {
		p.NoiDungXuLy += ": " + ev.Reason
	}
	return r, p, nil
}

// channel returns KenhThucHien: 1 in person, 2 online, 3 post.
func channel(c catalog.Channel) string {
	switch c {
	case catalog.Online:
		return "2"
	case catalog.Post:
		return "3"
	}
	return "1"
}
