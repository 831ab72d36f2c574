// Package paper renders the one-stop shop's papers (Bộ phận Một cửa) from a
// dossier and its trail as PDF: the forms of Appendix I of Circular
// 03/2025/TT-VPCP (15 September 2025), which guides Decree 118/2025/NĐ-CP
// (9 June 2025, amended by Decree 367/2025/NĐ-CP) and replaced Circular
// 01/2018/TT-VPCP.
//
//	01 Receipt            Giấy tiếp nhận hồ sơ và hẹn trả kết quả
//	02 SupplementRequest  Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
//	03 Refusal            Phiếu từ chối tiếp nhận giải quyết hồ sơ
//	04 Apology            Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
//	05 StopNotice         Thông báo dừng giải quyết hồ sơ
//	06 ControlSlip        Phiếu kiểm soát quá trình giải quyết hồ sơ
//	07 Register           Sổ theo dõi hồ sơ ([Renderer.WriteRegister])
//
// Build a [Renderer] once with [New] from a TrueType font the integrator
// supplies (DejaVu Sans, Noto Sans, Times New Roman: any font with glyf
// outlines and the Vietnamese letters) and an optional lookup URL; then
// [Renderer.Write] renders one paper of a [Paper] (the dossier with its
// events, the procedure, the agency, the number, the officer) and
// [Renderer.WriteRegister] the register of any number of dossiers,
// streamed with bounded memory.
//
// Every paper is A4 (the register A4 landscape) with the margins of Decree
// 30/2020/NĐ-CP Appendix I, the agency and number on the left and the
// national motto ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do -
// Hạnh phúc") on the right, the place and date written the Vietnamese way
// ("Thủ Dầu Một, ngày 02 tháng 12 năm 2026": days below 10 and the months
// 1 and 2 with a leading zero), then the form's fields and the signature
// blocks. Text is Unicode NFC, laid out in an embedded subset of the font
// holding only the characters used (named "ABCDEF+DejaVuSans", with a
// ToUnicode map, so copying or extracting the text gives it back exactly),
// broken into lines between syllables (at spaces) only; a token wider than
// its line (a URL, a hash) breaks after a hyphen, slash or dot, or between
// characters. A character the font cannot show is a [*GlyphError], never a
// blank.
//
// The receipt (01) lists the documents received with originals and copies
// (the procedure's list and the electronic files attached), the fees and
// whether they were paid, the processing time, the time of receipt, the
// appointment, where the result is returned, the lookup URL and its QR
// code, and the receipt's integrity data ([dossier.Receipt]: dossier code,
// SHA-256 of the submission's event and its index in the agency's
// transparency log) as text and as a second QR code whose content
// [dossier.ParseReceipt] reads back. Every paper is a valid input to
// signing.Sign: the officer signs it and a second officer countersigns,
// and both signatures verify with signing.Verify and poppler's pdfsig.
//
// # What comes from where, article by article
//
// Decree 118/2025/NĐ-CP, Art. 35(1)(b), (c), (h) — forms, dossier codes and
// the sector codes to be set by the Government Office — is what Circular
// 03/2025/TT-VPCP guides (its preamble, confirmed from a stored copy of
// its text). Implemented here: the seven forms of its Appendix I by their
// names and numbers, drawn from the dossier's events:
//
//   - 01 from the receive event (its time is the time of receipt, the
//     dossier's DueAt the appointment; a procedure without a fixed
//     duration prints "không cố định");
//   - 02 from the latest return_for_completion (at intake) or
//     request_supplement (during processing, which pauses the clock: the
//     paper says so) event, its reason or [Paper.Items];
//   - 03 from refuse_intake (signed by the receiving officer) or refuse
//     (on the merits, signed by the head of the agency);
//   - 04 from the apologize event: the appointment before it, the reason
//     and the new appointment it records — the Decree's remedy for a late
//     dossier, now worded as an apology and a request for more time;
//   - 05 from the withdraw event (the applicant's request), which is the
//     one ground for stopping that the dossier's state machine records;
//   - 06 one row for every event of the trail: who, when, and for the
//     settling steps whether they came before, on or after the
//     appointment;
//   - 07 one row per dossier.
//
// What changed from Circular 01/2018/TT-VPCP (its forms 01–06): the numbers
// move (the control slip was 05, the register 06), the stop notice (05) is
// new, and the apology (04) asks for an extension. The receipt's QR codes
// and integrity data are motcua's, not the Circular's.
//
// What the stored texts could not confirm: the body of Circular 03/2025
// beyond its preamble (the stored copy stops there), so each form's exact
// wording and field list follows Circular 01/2018's forms, renumbered and
// renamed as above; the dossier code format and the sector and field code
// list of Circular 03/2025 (so dossier codes stay those of Circular
// 01/2018 Art. 19, and no sector code list is embedded); the other grounds
// for stopping a dossier (05) that Decree 118/2025 may give; and what
// Decree 367/2025/NĐ-CP amends (no stored copy of it was found).
//
// # Why a writer of its own
//
// codeberg.org/go-pdf/fpdf cuts the integrator's TrueType font down to the
// papers' repertoire once, in [New] (fpdf.UTF8CutFont); the PDF objects,
// the text, the page tree, each paper's font subset and the QR codes are
// written here. fpdf's document writer parses the whole font and
// JSON-encodes its 65,536-entry width table for every document, allocates
// a new 1 MB compressor for every stream (10 ms and 10 MB for a one-line
// page on the test machine, against the 5 ms a receipt may take), keeps
// every page in memory until the end (a 10,000-dossier register), names
// its fonts "utf8…" without the subset tag pdffonts looks for, and prints
// font errors to standard output. The writer here streams each page as it
// is finished, numbers CIDs after the font cut by [New], and writes the
// subset, its widths, CIDToGIDMap and ToUnicode map after the last page.
//
// What a paper costs is kept small by doing the fixed work once, in [New]:
// the font is parsed into its glyph outlines, and a paper's subset keeps
// the font's glyph ids, copies the outlines its text uses (and their
// components) and leaves the others empty, so the tables that do not
// depend on the text (hinting programs, metrics, cmap, name, and the PDF's
// CIDToGIDMap and ToUnicode map) are compressed once and appended to each
// font stream after a deflate sync flush, their Adler-32 combined. The QR
// codes come from this package's own encoder (ISO/IEC 18004 byte mode,
// level M, versions 1 to 40, checked module by module against
// github.com/skip2/go-qrcode and decoded by zbarimg in the tests), which
// scores the eight masks bit-parallel, and are drawn as one vector path of
// rectangles in module units: sharp at any resolution.
package paper
