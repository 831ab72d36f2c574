package main

import (
	"fmt"
	"io"
)

// usages are the help texts, Vietnamese and English, of the command ("")
// and each subcommand.
var usages = map[string][2]string{
	"": {`motcua: công cụ cho cán bộ một cửa, thanh tra và bộ kiểm thử quy tắc

Cách dùng: motcua [--lang vi|en] [--json] LỆNH [THAM SỐ]

Lệnh:
  verify TỆP.pdf [--roots THƯ-MỤC]     kiểm tra chữ ký số của tệp PDF
  sign VÀO.pdf RA.pdf --p12 TỆP        ký tệp PDF (PKCS#12 hoặc --cert/--key PEM)
  quote --item MÃ [--value N] --at NGÀY tính phí, lệ phí và giải thích
  due --from "13/02/2026 15:30" --days 5  ngày hẹn trả và các ngày nghỉ được bỏ qua
  catalog check|convert|stats TỆP      danh mục thủ tục (JSON, xlsx, hồ sơ Cổng DVC quốc gia)
  form validate BIỂU-MẪU TỜ-KHAI       kiểm tra dữ liệu tờ khai theo biểu mẫu
  report stats|register CSDL --out TỆP.xlsx  thống kê, sổ theo dõi hồ sơ ra Excel
  audit register SỔ.xlsx               tính lại hạn và tình trạng đúng hạn của từng hồ sơ trong sổ
  audit db CSDL --checkpoint F --key K kiểm tra toàn vẹn cơ sở dữ liệu với mốc đã lưu
  test CA-KIỂM-THỬ...                   chạy các ca kiểm thử (phí, thời hạn) dạng JSON
  help [LỆNH]                          hướng dẫn của một lệnh

Tùy chọn chung (đặt trước hoặc sau tên lệnh):
  --lang vi|en     ngôn ngữ (mặc định: vi, hoặc tiếng Anh khi LANG=en…)
  --json           kết quả dạng JSON cho chương trình khác đọc
  --progress auto|always|never  thanh tiến trình trên màn hình (auto: chỉ khi stderr là terminal)

Mã thoát: 0 không có sai sót; 1 có sai sót (chữ ký không hợp lệ, ca kiểm thử sai, sổ sai lệch…);
2 sai cách dùng; 3 không đọc được đầu vào hoặc không ghi được đầu ra.
`, `motcua: a tool for one-stop clerks, inspectors and rule test suites

Usage: motcua [--lang vi|en] [--json] COMMAND [ARGS]

Commands:
  verify FILE.pdf [--roots DIR]        check a PDF's digital signatures
  sign IN.pdf OUT.pdf --p12 FILE       sign a PDF (PKCS#12, or --cert/--key PEM)
  quote --item CODE [--value N] --at DATE  compute fees and charges, with the explanation
  due --from "13/02/2026 15:30" --days 5   the due date and every day off it skipped
  catalog check|convert|stats FILE     the procedure catalogue (JSON, xlsx, national-portal records)
  form validate SCHEMA SUBMISSION      check a submission against a form schema
  report stats|register DB --out FILE.xlsx  statistics and the dossier register to Excel
  audit register REGISTER.xlsx         recompute every dossier's due date and timeliness in a register
  audit db DB --checkpoint F --key K   integrity audit of a database against a kept checkpoint
  test CASES...                        run golden cases (fees, deadlines) in JSON
  help [COMMAND]                       a command's help

Common options (before or after the command's name):
  --lang vi|en     language (default: vi, or English when LANG=en…)
  --json           JSON output for other programs
  --progress auto|always|never  progress bars (auto: only when stderr is a terminal)

Exit codes: 0 nothing wrong; 1 something wrong found (invalid signature, failed case, register
mismatch…); 2 usage error; 3 an input cannot be read or an output written.
`},
	"verify": {`Cách dùng: motcua verify TỆP.pdf [--roots THƯ-MỤC|TỆP]... [--at NGÀY] [--require-timestamp] [--allow form]

Kiểm tra mọi chữ ký của tệp PDF: người ký, thời điểm, còn nguyên vẹn, hợp lệ về mật mã,
tin cậy theo các chứng thư gốc đã cho (--roots: tệp PEM/DER hoặc thư mục các tệp .pem .crt
.cer .der), có phủ toàn bộ tệp không và những gì thay đổi sau chữ ký.
  --at NGÀY              thời điểm kiểm tra chứng thư khi chữ ký không có dấu thời gian
  --require-timestamp    chữ ký không có dấu thời gian tin cậy là không tin cậy
  --allow form           cho phép điền biểu mẫu sau chữ ký
Mã thoát 0 khi mọi chữ ký hợp lệ và tin cậy, 1 khi không.
`, `Usage: motcua verify FILE.pdf [--roots DIR|FILE]... [--at DATE] [--require-timestamp] [--allow form]

Checks every signature of a PDF: signer, time, intact, cryptographically valid, trusted
against the roots given (--roots: a PEM/DER file or a folder of .pem .crt .cer .der files),
covering the whole file or not, and what changed after it.
  --at DATE              when certificates are checked for a signature without a timestamp
  --require-timestamp    a signature without a trusted timestamp is untrusted
  --allow form           allow form filling after a signature
Exit code 0 when every signature is valid and trusted, 1 otherwise.
`},
	"sign": {`Cách dùng: motcua sign VÀO.pdf RA.pdf (--p12 TỆP [--password-file F | MOTCUA_P12_PASSWORD] | --cert C.pem --key K.pem [--chain CHAIN.pem])
        [--name TÊN] [--reason LÝ-DO] [--location NƠI] [--contact LIÊN-HỆ] [--time NGÀY] [--certify]

Ký tệp PDF (chữ ký phê duyệt, hoặc chứng nhận với --certify), ghi ra tệp mới; tệp ra được kiểm
tra lại trước khi ghi. Mật khẩu PKCS#12 đọc từ tệp hoặc biến môi trường, không từ dòng lệnh.
`, `Usage: motcua sign IN.pdf OUT.pdf (--p12 FILE [--password-file F | MOTCUA_P12_PASSWORD] | --cert C.pem --key K.pem [--chain CHAIN.pem])
        [--name NAME] [--reason REASON] [--location PLACE] [--contact CONTACT] [--time DATE] [--certify]

Signs a PDF (an approval signature, or a certification with --certify) into a new file, which
is checked again before it is written. The PKCS#12 password comes from a file or the
environment, never from the command line.
`},
	"quote": {`Cách dùng: motcua quote [--schedule BIỂU-PHÍ.json] --item MÃ [--value N] [--quantity N] [--copies N]
        [--item MÃ ...] --at NGÀY [--channel counter|online|post] [--group NHÓM]... [--locality MÃ-TỈNH]

Tính phí, lệ phí theo biểu phí (mặc định: biểu phí mẫu) và in lời giải thích từng dòng với căn
cứ pháp lý. --value, --quantity, --copies áp dụng cho --item đứng trước.
`, `Usage: motcua quote [--schedule SCHEDULE.json] --item CODE [--value N] [--quantity N] [--copies N]
        [--item CODE ...] --at DATE [--channel counter|online|post] [--group GROUP]... [--locality PROVINCE]

Computes the fees and charges of a schedule (default: the sample schedule) and prints the
explanation of every line with its legal basis. --value, --quantity and --copies apply to the
--item before them.
`},
	"due": {`Cách dùng: motcua due --from "13/02/2026 15:30" (--days N [--unit working_days|days|working_hours|months]
        | --procedure MÃ [--catalog TỆP] [--channel counter|online|post]) [--cut-off 15:00] [--calendar NĂM.json]

Tính ngày hẹn trả của hồ sơ tiếp nhận lúc --from trên lịch làm việc chính thức (thông báo
nghỉ lễ đã ban hành; các năm khác tính theo Bộ luật Lao động, ghi "dự kiến") và liệt kê từng
ngày nghỉ được bỏ qua cùng căn cứ: văn bản chính thức hoặc quy tắc dự kiến.
`, `Usage: motcua due --from "13/02/2026 15:30" (--days N [--unit working_days|days|working_hours|months]
        | --procedure CODE [--catalog FILE] [--channel counter|online|post]) [--cut-off 15:00] [--calendar YEARS.json]

Computes the due date of a dossier received at --from on the official working calendar
(published holiday notices; other years from the Labour Code, marked provisional) and lists
every day off it skipped with its source: the official document or the provisional rule.
`},
	"catalog": {`Cách dùng: motcua catalog check TỆP|THƯ-MỤC
        motcua catalog convert VÀO RA.json|RA.xlsx
        motcua catalog stats TỆP [--at NGÀY]
  [--format json|xlsx|portal]  (mặc định: theo đuôi tệp; thư mục là hồ sơ Cổng DVC quốc gia)

Đọc danh mục thủ tục: JSON của motcua, bảng tính xlsx, hoặc hồ sơ thủ tục của Cổng Dịch vụ
công quốc gia (một tệp, mảng JSON, JSON lines hoặc thư mục). check liệt kê mọi sai sót;
convert ghi sang JSON hoặc xlsx; stats thống kê theo mức độ trực tuyến, cấp, lĩnh vực.
`, `Usage: motcua catalog check FILE|DIR
       motcua catalog convert IN OUT.json|OUT.xlsx
       motcua catalog stats FILE [--at DATE]
  [--format json|xlsx|portal]  (default: from the file's extension; a folder is national-portal records)

Reads a procedure catalogue: motcua's JSON, an xlsx workbook, or national public-service
portal records (one file, a JSON array, JSON lines or a folder). check lists every problem;
convert writes JSON or xlsx; stats counts by online level, level and sector.
`},
	"form": {`Cách dùng: motcua form validate BIỂU-MẪU.json TỜ-KHAI.json

Kiểm tra biểu mẫu (mọi lỗi của biểu mẫu cùng lúc) rồi kiểm tra dữ liệu tờ khai: mỗi lỗi với
đường dẫn trường và thông báo. BIỂU-MẪU có thể là "sample" (tờ khai đăng ký doanh nghiệp mẫu).
Mã thoát 1 khi tờ khai có lỗi.
`, `Usage: motcua form validate SCHEMA.json SUBMISSION.json

Checks the schema (every problem at once), then the submission: each problem with its field
path and message. SCHEMA may be "sample" (the sample enterprise registration form).
Exit code 1 when the submission has problems.
`},
	"report": {`Cách dùng: motcua report stats CSDL --out TỆP.xlsx --from NGÀY --to NGÀY [--group none|procedure|sector|agency|level|channel] [--unit TÊN]
        motcua report register CSDL --out TỆP.xlsx [--as-of NGÀY] [--unit TÊN] [--catalog TỆP]

CSDL là tệp SQLite của motcua hoặc chuỗi kết nối postgres://…. stats ghi bảng thống kê
kết quả giải quyết của kỳ [--from, --to); register ghi sổ theo dõi hồ sơ (số ngày quá hạn tính
theo ngày làm việc).
`, `Usage: motcua report stats DB --out FILE.xlsx --from DATE --to DATE [--group none|procedure|sector|agency|level|channel] [--unit NAME]
       motcua report register DB --out FILE.xlsx [--as-of DATE] [--unit NAME] [--catalog FILE]

DB is a motcua SQLite file or a postgres://… connection string. stats writes the settlement
statistics of the period [--from, --to); register writes the register of dossiers (days late
in working days).
`},
	"audit": {`Cách dùng: motcua audit register SỔ.xlsx [--catalog TỆP] [--as-of NGÀY] [--late working|calendar] [--all] [--cut-off 15:00]
        motcua audit db CSDL [--checkpoint TỆP --key KHÓA|@TỆP]

audit register đọc sổ theo dõi hồ sơ mà một hệ thống một cửa xuất ra (bố cục của motcua hoặc
mẫu sổ của Thông tư), tính lại ngày hẹn trả từ ngày tiếp nhận và thời hạn của thủ tục trên lịch
làm việc chính thức, tính lại tình trạng trước hạn/đúng hạn/quá hạn, và liệt kê mọi dòng sai lệch
cùng bảng tổng hợp (--all: mọi dòng). Mã thoát 1 khi có sai lệch.
audit db kiểm tra toàn vẹn cơ sở dữ liệu (mọi hồ sơ so với nhật ký, nhật ký so với mốc đã lưu
ký bằng khóa của cơ quan). Mã thoát 1 khi có phát hiện.
`, `Usage: motcua audit register REGISTER.xlsx [--catalog FILE] [--as-of DATE] [--late working|calendar] [--all] [--cut-off 15:00]
       motcua audit db DB [--checkpoint FILE --key VKEY|@FILE]

audit register reads the register of dossiers a one-stop system exports (motcua's layout or the
Circular's register form), recomputes each due date from the date of receipt and the
procedure's processing time on the official working calendar, recomputes early/on time/late,
and lists every row that disagrees with a summary table (--all: every row). Exit code 1 on
any mismatch.
audit db runs the integrity audit of a database (every dossier against its trail and the log,
the log against a checkpoint kept, signed with the agency's key). Exit code 1 on any finding.
`},
	"test": {`Cách dùng: motcua test CA.json|THƯ-MỤC... [--run MẪU]

Chạy các ca kiểm thử vàng dạng JSON (định dạng motcua-cases/1, xem tài liệu của lệnh): phí
(khoản, giá trị, ngày → số tiền) và thời hạn (ngày tiếp nhận, thủ tục → ngày hẹn trả). In ĐẠT/
TRƯỢT từng ca; mã thoát 1 khi có ca trượt. --run chỉ chạy các ca có tên chứa MẪU.
`, `Usage: motcua test CASES.json|DIR... [--run SUBSTRING]

Runs golden cases in JSON (format motcua-cases/1, see the command's documentation): fees
(item, value, date → amount) and deadlines (received, procedure → due date). Prints PASS/FAIL
per case; exit code 1 when any fails. --run runs only the cases whose name contains SUBSTRING.
`},
	"help": {"Cách dùng: motcua help [LỆNH]\n", "Usage: motcua help [COMMAND]\n"},
}

// usage writes the help of cmd ("" for the command) to w.
func (a *app) usage(w io.Writer, cmd string) {
	u, ok := usages[cmd]
	if !ok {
		u = usages[""]
	}
	if a.lang == "en" {
		fmt.Fprint(w, u[1])
	} else {
		fmt.Fprint(w, u[0])
	}
}

// help is the help subcommand.
func (a *app) help(args []string) error {
	if len(args) == 0 {
		a.usage(a.stdout, "")
		return nil
	}
	if _, ok := usages[args[0]]; !ok || len(args) > 1 {
		return usageErr("", "unknown_command", args[0])
	}
	a.usage(a.stdout, args[0])
	return nil
}
