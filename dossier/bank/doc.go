// Package bank reconciles bank statements against dossiers: it reads the
// statement of the agency's account (CSV or xlsx), finds each credit's
// dossier by the code in the transfer's content, says which dossiers are
// paid, underpaid, overpaid or paid twice and which lines match nothing,
// and records the payments on the dossiers' trails.
//
// The fee is asked for with a VietQR code ([Request], package
// fees/vietqr): the amount due and the dossier code as the purpose of
// transaction, which the citizen's banking app puts in the transfer's
// content. Banks do things to that content: they drop the diacritics,
// move or drop spaces, dots and dashes, put their own prefix in front
// ("MBVCB.3278.000.00.01.H12...") and cut it at their limit. [Reconcile]
// compares codes in their [Compact] form (letters and digits, upper case)
// anywhere in the content, and accepts a content that ends with the start
// of exactly one code ([Options.MinPrefix]).
//
// # Statement columns
//
// [ReadCSV] and [ReadXLSX] find the header row among the first
// [MaxHeaderRow] rows and take the columns by their header, compared
// without regard to case, diacritics and spacing:
//
//	date (required)     Ngày, Ngày giao dịch, Ngày GD, Ngày hiệu lực, Ngày hạch toán,
//	                    Thời gian, Thời gian giao dịch, Date, Transaction date,
//	                    Value date, Posting date, Time
//	credit (required)   Số tiền ghi có, Ghi có, Có, Số tiền có, Tiền vào, Phát sinh có,
//	                    Credit, Credit amount, Amount, Số tiền, Money in
//	content (required)  Nội dung, Nội dung giao dịch, Nội dung chuyển khoản, Diễn giải,
//	                    Mô tả, Content, Description, Details, Narrative, Remarks,
//	                    Transaction details
//	debit               Số tiền ghi nợ, Ghi nợ, Nợ, Số tiền nợ, Tiền ra, Phát sinh nợ,
//	                    Debit, Debit amount, Money out
//	reference           Số tham chiếu, Mã giao dịch, Số bút toán, Mã GD, Số GD,
//	                    Số giao dịch, Reference, Ref, Reference number,
//	                    Transaction ID, Transaction no
//	payer               Người chuyển, Tên người chuyển, Tên đối ứng, Tên tài khoản đối ứng,
//	                    Tên TK đối ứng, Đơn vị chuyển, Payer, Payer name, Remitter,
//	                    Counterparty, Counterparty name
//	payer's account     Tài khoản đối ứng, Số tài khoản đối ứng, Số TK đối ứng,
//	                    TK đối ứng, Tài khoản chuyển, Payer account,
//	                    Counterparty account, Remitter account
//
// Dates are dd/mm/yyyy (with hh:mm or hh:mm:ss), yyyy-mm-dd, RFC 3339 or,
// in xlsx, date cells; all in Asia/Ho_Chi_Minh. Amounts are whole đồng
// written "1.234.000", "1,234,000", "1 234 000" or "1234000", optionally
// with ",00"/".00" and "VND"/"đ"; a signed amount column counts only its
// positive values. Rows without a date (blank rows, totals, footers) and
// rows without a credit (money out) are skipped.
package bank
