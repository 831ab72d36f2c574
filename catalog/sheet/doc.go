// Package sheet reads and writes procedure catalogues as xlsx workbooks, the
// form in which provinces publish and exchange them.
//
// [Write] writes a [catalog.Catalog]; [Read] reads one back, losslessly: every
// field of every procedure version, its cases, channels and fees, steps,
// variants and legal documents, its dates, and the catalogue's note survive
// the round trip. Read also takes workbooks typed by hand in
// the same layout: it finds columns by their headers (in any order, any
// letter case, composed or decomposed Unicode), trims spaces around cells
// and accepts the alternative spellings listed below. Text values are kept
// as typed, apart from the trimming.
//
// # Layout
//
// The workbook has nine sheets. Row 1 of each holds the headers; every
// other non-empty row is data. Only "Thủ tục" is required; a workbook
// without the sheets or columns added later (Q to T, the last four sheets,
// the last columns of documents and fees) reads with those fields empty. A list in one
// cell has one item per line ([Separator]).
//
// Sheet "Thủ tục" ([SheetProcedures]), one row per procedure version:
//
//	A  Mã thủ tục                           Code (required)
//	B  Tên thủ tục                          Name (required)
//	C  Lĩnh vực                             Sector
//	D  Cấp thực hiện                        Levels, one per line: Cấp xã, Cấp huyện, Cấp tỉnh, Cấp trung ương
//	E  Mức độ dịch vụ công trực tuyến       Online: Trực tiếp, Trực tuyến một phần, Trực tuyến toàn trình (required)
//	F  Thời hạn giải quyết (ngày làm việc)  ProcessingDays, a whole number (empty: 0), or Không
//	                                        cố định (also Không quy định, Không xác định) for
//	                                        NoFixedDuration
//	G  Cơ quan thực hiện                    Agency
//	H  Đối tượng thực hiện                  Subjects, one per line
//	I  Kết quả thực hiện                    Result
//	J  Căn cứ pháp lý                       LegalBasis, one per line
//	K  Mã tờ khai                           FormID
//	L  Mã khoản phí, lệ phí                 FeeItems, one per line
//	M  Quyết định công bố                   Decision
//	N  Ngày quyết định                      DecisionDate
//	O  Hiệu lực từ ngày                     ValidFrom (empty: since always)
//	P  Hết hiệu lực từ ngày                 ValidTo, exclusive (empty: open-ended)
//	Q  Cơ quan có thẩm quyền                Authority
//	R  Yêu cầu, điều kiện                   Conditions
//	S  Cách thức trả kết quả                ReturnMethods, one per line: Trực tiếp, Trực tuyến, Dịch vụ bưu chính
//	T  Ghi chú                              Note
//
// The other sheets refer to a procedure version by its code and its
// ValidFrom, in their columns A "Mã thủ tục" and B "Hiệu lực từ ngày"
// (empty when the version has no ValidFrom).
//
// Sheet "Trường hợp" ([SheetCases]), one row per entry of Cases:
//
//	C  Số thứ tự trường hợp  the case's number, 1, 2, ... in order (required)
//	D  Tên trường hợp        Case.Name
//
// Sheet "Thành phần hồ sơ" ([SheetDocuments]), one row per required
// document, in order:
//
//	C  Trường hợp                number of the case the document belongs to; empty for Documents
//	D  Tên giấy tờ               Name (required)
//	E  Số bản chính              Originals
//	F  Số bản sao                Copies
//	G  Bắt buộc                  Có (required) or Không (Optional); empty: Có
//	H  Định dạng tệp             MediaTypes, one per line
//	I  Dung lượng tối đa (byte)  MaxBytes
//	J  Mẫu đơn, tờ khai          Template
//	K  Mã giấy tờ                Code
//	L  Biểu mẫu điện tử          EForm: Có or Không; empty: Không
//
// Sheet "Cách thức thực hiện" ([SheetChannels]), one row per entry of Channels:
//
//	C  Số thứ tự        the channel's number, 1, 2, ... in order (required)
//	D  Hình thức nộp    Channel: Trực tiếp, Trực tuyến, Dịch vụ bưu chính (required)
//	E  Thời hạn         Time
//	F  Đơn vị thời hạn  Unit: Ngày làm việc, Ngày, Giờ làm việc, Tháng, Khác (required)
//	G  Ghi chú          Note
//
// Sheet "Phí, lệ phí" ([SheetFees]), one row per fee of a channel, in order:
//
//	C  Số thứ tự cách thức  number of the channel on "Cách thức thực hiện" (required)
//	D  Số tiền (đồng)       Amount, in units of Currency (đồng unless F says otherwise);
//	                        empty when only a description is given (HasAmount false)
//	E  Mô tả                Text
//	F  Loại phí             Kind: Phí, Lệ phí, Phí dịch vụ; empty: not stated
//	G  Loại tiền            Currency, an ISO 4217 code such as USD; empty: đồng
//
// Sheet "Trình tự thực hiện" ([SheetSteps]), one row per entry of Steps, in
// order:
//
//	C  Nội dung bước  the step's text, possibly several lines (required)
//
// Sheet "Thời hạn theo trường hợp" ([SheetVariants]), one row per entry of
// Variants, in order:
//
//	C  Mã trường hợp    Variant.Code
//	D  Tên trường hợp   Variant.Name
//	E  Thời hạn         Time
//	F  Đơn vị thời hạn  Unit, as on "Cách thức thực hiện" (required)
//
// Sheet "Văn bản pháp lý" ([SheetLegalRefs]), one row per entry of
// LegalRefs, in order:
//
//	C  Số ký hiệu   LegalRef.Code
//	D  Tên văn bản  LegalRef.Name (one of C and D is required)
//
// Sheet "Thông tin" ([SheetInfo]) has the header "Ghi chú" in A1 and the
// catalogue's note ([catalog.Catalog.Note]) in A2, empty when it has none.
//
// # Values
//
// Dates are written as text, dd/mm/yyyy for midnight in Asia/Ho_Chi_Minh and
// dd/mm/yyyy hh:mm:ss[.fffffffff] otherwise. Read also accepts d/m/yyyy,
// yyyy-mm-dd, RFC 3339 and Excel date cells (1900 date system); dates
// without an offset are in Asia/Ho_Chi_Minh.
//
// Whole numbers may be Excel numbers or text; amounts may group thousands
// with dots ("230.000"). Besides the Vietnamese names above, Read accepts
// the stable identifiers of package catalog ("commune", "full", "online",
// "working_days"), letter case ignored, the legacy online levels 1 to 4
// ("Mức độ 3"), and for "Bắt buộc" and "Biểu mẫu điện tử" x, yes/no,
// true/false, 1/0; currency codes in any letter case. Levels may
// also be separated by ";" or ",".
//
// # Errors
//
// Read reports every problem it finds in one [*Error], a list of
// [CellError]s in sheet and row order, each naming its cell and what was
// wrong, such as
//
//	Thủ tục!F17: "mười" is not a number of days
//
// and unwrapping to a sentinel ([ErrNumber]) or to the [catalog.Problem]
// that [catalog.New] found. A file that is not a readable xlsx workbook
// wraps [ErrNotXLSX]; nothing is returned but the error.
//
// # Limits
//
// Read takes a [context.Context] and streams each worksheet row by row;
// its limits ([MaxFileBytes], [MaxPartBytes], [MaxUnpackedBytes],
// [MaxProblems]) and its memory are documented together in limits.go, and
// an input past one is an error wrapping [ErrTooLarge].
//
// Write refuses, with the same error type, a catalogue with a value that
// would not read back unchanged: text with spaces around it, a list item
// with a line break or empty, characters XML 1.0 cannot carry, text longer
// than a cell's 32,767 characters, numbers beyond 2^53. Lists that are
// empty and nil read back as nil; so does an empty step, which Write refuses.
package sheet
