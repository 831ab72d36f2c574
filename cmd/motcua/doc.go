// Command motcua is one command for one-stop clerks, inspectors and the
// test suites that pin a province's rules: it checks signed PDFs, quotes
// fees, computes appointment dates, converts catalogues, validates forms,
// writes the Excel reports and, above all, audits a register — the place
// where lateness is hidden. It calls only the public API of the motcua
// packages.
//
//	motcua [--lang vi|en] [--json] [--progress auto|always|never] COMMAND [ARGS]
//
//	verify FILE.pdf [--roots DIR|FILE]... [--at DATE] [--require-timestamp] [--allow form]
//	sign IN.pdf OUT.pdf (--p12 FILE [--password-file F] | --cert C.pem --key K.pem [--chain CHAIN.pem])
//	     [--name N] [--reason R] [--location L] [--contact C] [--time DATE] [--certify]
//	quote [--schedule F] --item CODE [--value N] [--quantity N] [--copies N] [--item ...] --at DATE
//	      [--channel counter|online|post] [--group G]... [--locality CODE]
//	due --from "13/02/2026 15:30" (--days N [--unit working_days|days|working_hours|months]
//	    | --procedure CODE [--catalog F] [--channel C]) [--cut-off 15:00] [--calendar YEARS.json]
//	catalog check|convert|stats FILE|DIR [OUT] [--format json|xlsx|portal] [--at DATE]
//	form validate SCHEMA.json|sample SUBMISSION.json
//	report stats DB --out F.xlsx --from DATE --to DATE [--group none|sector|agency|procedure|level] [--unit NAME] [--catalog F]
//	report register DB --out F.xlsx [--as-of DATE] [--unit NAME]
//	audit register REGISTER.xlsx [--catalog F] [--as-of DATE] [--late working|calendar] [--all] [--cut-off hh:mm] [--calendar YEARS.json]
//	audit db DB [--checkpoint FILE --key VKEY|@FILE]
//	test CASES.json|DIR... [--run SUBSTRING]
//	help [COMMAND]
//
// Help and messages are in Vietnamese (the default) or English: --lang,
// else LC_ALL, LC_MESSAGES or LANG starting with "en". The settings
// --lang, --json and --progress may come before or after the command's
// name; flags and arguments may be interleaved. Dates are dd/mm/yyyy with
// an optional hh:mm[:ss], ISO 8601 (yyyy-mm-dd[Thh:mm]) or RFC 3339, in
// Asia/Ho_Chi_Minh unless they carry an offset. DB is an existing SQLite
// file of dossier/sqlstore (never created by this command) or a
// postgres:// connection string. Outputs are written to a temporary file
// and renamed into place: a failed run leaves no half-written file.
//
// # Exit codes
//
//	0  done, nothing wrong found
//	1  done, and something is wrong: a signature invalid or untrusted, a
//	   quote the schedule refuses, a procedure unknown, catalogue or form
//	   problems, a failed golden case, a register mismatch, an audit finding
//	2  usage error: unknown command or option, missing or extra argument
//	   (the usage is printed on standard error)
//	3  an input cannot be read (missing, not the expected format, too
//	   large) or an output cannot be written
//
// With --json the result goes to standard output as JSON and an error to
// standard error as {"error": {"code", "exit", "arg", "message",
// "detail"}}, where code is the stable key of the message table
// (messages.go) and message its text in the language asked.
//
// Progress bars are drawn on standard error while a large register, a
// catalogue file or a folder of portal records is read, when standard
// error is a terminal (its file mode is a character device); never when
// it is piped or redirected, unless --progress always.
//
// # audit register
//
// audit register reads the register of dossiers a one-stop system exports
// and recomputes, for every row, the due date and the timeliness from the
// date of receipt, the procedure's processing time and the working
// calendar (dossier.Official(): the official notices of 2025 and 2026, other
// years from the Labour Code and marked provisional; --calendar adds
// published years). Every sheet of the workbook whose first 20 rows hold a
// header row is read, streamed row by row (only the shared strings table
// is held in memory, whatever the number of rows). The header row is the
// first naming at least a dossier code, a date of receipt, a due date and
// the procedure (its code, its name or a processing-time column). Headers
// are compared without case or diacritics; those known are:
//
//	STT / No.
//	Mã hồ sơ / Dossier code
//	Mã thủ tục, Mã TTHC / Procedure                      the procedure's code
//	Tên thủ tục hành chính, Tên TTHC / Procedure name   looked up by name in the catalogue
//	Người nộp, Tên cá nhân, tổ chức / Applicant
//	Hình thức nộp / Channel                             counter, online, post: the channel's term applies
//	Ngày tiếp nhận, Nhận hồ sơ / Received
//	Ngày hẹn trả, Hẹn trả kết quả / Due
//	Ngày giải quyết, Nhận kết quả từ cơ quan giải quyết / Settled
//	Trả kết quả / Returned                               used when there is no settlement date
//	Trạng thái / Status, Ghi chú / Note                  "quá hạn", "đúng hạn", "trước hạn" read as the register's claim
//	Số ngày quá hạn / Days late
//	Thời hạn giải quyết / Processing time                working days, instead of the catalogue's
//
// Two layouts are recognised by name in the summary: motcua's own
// (dossier/report.WriteRegister: title row, header row, one dossier a row:
// STT, Mã hồ sơ, Mã thủ tục, Người nộp, Hình thức nộp, Ngày tiếp nhận,
// Ngày hẹn trả, Ngày giải quyết, Trạng thái, Số ngày quá hạn) and the
// Circular's register form ("Sổ theo dõi hồ sơ", mẫu 06 of Circular
// 01/2018/TT-VPCP, renumbered 07 by Circular 03/2025/TT-VPCP: STT, Mã hồ
// sơ, Tên thủ tục hành chính, Số lượng hồ sơ, Tên cá nhân, tổ chức, Địa
// chỉ, số điện thoại, Cơ quan chủ trì giải quyết, Nhận hồ sơ, Hẹn trả kết
// quả, Chuyển hồ sơ đến cơ quan giải quyết, Nhận kết quả từ cơ quan giải
// quyết, Trả kết quả, Ghi chú, with a second header row of "Ngày, tháng,
// năm" and signature columns under the merged groups, and often a row of
// column numbers; these rows, blank rows and titles are skipped). The
// Circular's column list is that of dossier/paper's form 07; the text of
// Circular 03/2025's appendix could not be read, so it follows the 2018 form.
// Dates are Excel dates (1900 or 1904 system) or text.
//
// A register gives days, not hours. When the time of receipt is missing,
// a due date is accepted if a receipt that day before the cut-off or after
// it gives it; otherwise the finding names the nearest date the rules
// allow. Timeliness is judged by days against the recomputed due date:
// settled before the due day is early, on it on time, after it late; a
// dossier still open is overdue when --as-of is after its due day. Days
// late are working days (--late calendar: calendar days), at least 1. The
// findings, stable codes in --json:
//
//	hidden_late   late by the rules, not late in the register (blank days late, "Đúng hạn"...)
//	false_late    late in the register, not by the rules
//	due_date      the register's due date is not one the rules give: moved on after a
//	              supplementation request (mẫu 02) or an apology (mẫu 04) it may be
//	              legitimate, which the register cannot show; an inspector checks those
//	days_late     late in both, by a different number of days
//	no_due        received, with a fixed term, and no due date
//	no_fixed_due  a due date for a procedure without a fixed duration
//	procedure     the procedure is not in the catalogue (--catalog; default the sample)
//	bad_cell      a date or number that cannot be read
//
// Findings are printed as they are found ("Sheet!row code message
// [register X, recomputed Y]"), then the summary table: dossiers read,
// checked, recomputed early, on time, late, pending and overdue, late in
// the register, rows with findings and each kind's count. --all prints
// every row's recomputation as well. With --json the output is one object
// {"rows": [...] (with --all), "findings": [...], "summary": {...}},
// streamed.
//
// # test CASES: golden cases
//
// Case files are JSON, format "motcua-cases/1", read strictly (an unknown
// key is an error, so a misspelt expectation never passes silently):
//
//	{"format": "motcua-cases/1",
//	 "schedule": "fees.json",      optional, relative to the case file: the fee schedule (default: the sample)
//	 "catalog":  "catalog.json",   optional: the catalogue for deadline cases by procedure (default: the sample)
//	 "calendar": "years.json",     optional: official years to add (dossier.ReadYearsJSON)
//	 "fees": [
//	   {"name": "LLTP 3 certificates", "at": "01/06/2020", "channel": "counter",
//	    "groups": ["student"], "locality": "01",
//	    "items": [{"code": "LLTP", "quantity": 3, "copies": 1, "value": 0}],
//	    "total": 105000,                     the amount in đồng, and/or
//	    "lines": [105000],                   each line's amount, and/or
//	    "basis": "Thông tư 244/2016/TT-BTC", the first line's legal document; or instead
//	    "error": "not_in_force"}],           the fees package's error code (fees.ErrorCode)
//	 "deadlines": [
//	   {"name": "3 days across Tết 2026", "received": "13/02/2026 10:00",
//	    "days": 3, "unit": "working_days",   or "procedure": "2.001610", "channel": "online"
//	    "cut_off": "15:00",                  optional
//	    "due": "25/02/2026 17:00"}]}         or "error": "out_of_range" (dossier.ErrorCode),
//	                                         "procedure_unknown", "no_fixed_duration"
//
// Every case has a unique name and an expectation. A directory argument
// runs every .json file under it. The repository's own golden cases are in
// this format, where the packages' tests run them through the same engine
// (internal/cases): fees/testdata/cases (the sample fee schedule against
// the amounts of its cited texts) and dossier/testdata/cases (due dates
// across Tết, cut-offs, worked Saturdays, hours, months, the sample
// catalogue's procedures); `motcua test fees/testdata/cases
// dossier/testdata/cases` runs them all.
package main
