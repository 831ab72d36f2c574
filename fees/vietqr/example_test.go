package vietqr_test

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/motcua/motcua/fees/vietqr"
)

// A dynamic code for one dossier's fee: the amount in đồng and the dossier
// code as the purpose, which the banking app puts in the transfer's
// content.
func Example() {
	bank, _ := vietqr.LookupBank("970436")
	p := vietqr.Payload{
		BIN:     bank.BIN,
		Account: "0011001932418",
		Amount:  230000,
		Purpose: vietqr.Purpose("000.00.01.H12-251126-0001"),
	}
	s, err := p.Encode()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(bank.ShortName)
	fmt.Println(s)

	back, err := vietqr.Decode(s)
	fmt.Println(back.Initiation, back.Amount, back.Purpose, err)
	// Output:
	// Vietcombank
	// 00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA530370454062300005802VN62290825000.00.01.H12-251126-0001630463CE
	// dynamic 230.000 ₫ 000.00.01.H12-251126-0001 <nil>
}

// Decode names the field that breaks the specification, here the length
// of the beneficiary template in NAPAS's own static example (v1.5.2),
// which announces 12 characters before a 13-character account.
func ExampleDecode_error() {
	_, err := vietqr.Decode("00020101021138570010A00000072701270006970403011200110123456780208QRIBFTTA53037045802VN6304F4E5")
	var fe *vietqr.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field)
	}
	fmt.Println(err)
	fmt.Println(vietqr.Message(err, "vi"))
	// Output:
	// 38.01
	// vietqr: field 38.01 (beneficiary organisation): template: 1 stray characters at offset 26, want an ID and a length
	// Không phải mã VietQR hợp lệ
}

// Vietnamese text goes into a code without diacritics, as banks carry it.
func ExampleASCII() {
	fmt.Println(vietqr.ASCII("Nộp lệ phí đăng ký khai sinh"))
	fmt.Println(vietqr.Purpose("Nộp lệ phí đăng ký khai sinh cho cháu"))
	// Output:
	// Nop le phi dang ky khai sinh
	// Nop le phi dang ky khai
}

// The code drawn as an SVG for a portal page (or as a PNG with WritePNG
// for a printed receipt).
func ExampleWriteSVG() {
	var svg bytes.Buffer
	err := vietqr.WriteSVG(&svg, "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52", vietqr.ImageOptions{Size: 200})
	head, _, _ := strings.Cut(svg.String(), " shape-rendering")
	fmt.Println(err, head)
	// Output:
	// <nil> <svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="200" height="200" viewBox="0 0 41 41"
}
