package bank_test

import (
	"fmt"
	"strings"

	"github.com/motcua/motcua/dossier/bank"
)

// A statement read from CSV, reconciled against the dossiers' dues: one
// paid through a bank that turned the code's dots into spaces, one paid
// short, one line that names no dossier.
func Example() {
	statement := "Ngày giao dịch;Số bút toán;Số tiền ghi có;Nội dung;Người chuyển\n" +
		"26/11/2025 09:15;FT1;230.000;MBVCB.1122.NGUYEN VAN AN chuyen tien 000 00 01 H12 251126 0001;NGUYEN VAN AN\n" +
		"26/11/2025 10:20;FT2;50.000;HS 000.00.01.H12-251126-0002;TRAN THI BINH\n" +
		"26/11/2025 11:00;FT3;500.000;ung ho quy khuyen hoc;LE VAN CUONG\n"
	lines, err := bank.ReadCSV(strings.NewReader(statement), bank.ReadOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	dues := []bank.Due{
		{Code: "000.00.01.H12-251126-0001", Amount: 230000},
		{Code: "000.00.01.H12-251126-0002", Amount: 100000},
	}
	r, err := bank.Reconcile(dues, lines, bank.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, res := range r.Results {
		fmt.Printf("dòng %d: %s %s %v/%v\n", lines[res.Line].Row, res.Status.Label("vi"), res.Code, res.Received, res.Due)
	}
	for _, s := range r.Settlements {
		fmt.Println("ghi nhận:", s.Code, s.Amount, s.Reference, s.Payer)
	}
	// Output:
	// dòng 2: khớp 000.00.01.H12-251126-0001 230.000 ₫/230.000 ₫
	// dòng 3: nộp thiếu 000.00.01.H12-251126-0002 50.000 ₫/100.000 ₫
	// dòng 4: không khớp hồ sơ  0 ₫/0 ₫
	// ghi nhận: 000.00.01.H12-251126-0001 230.000 ₫ FT1 NGUYEN VAN AN
}
