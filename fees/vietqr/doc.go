// Package vietqr encodes and decodes VietQR payment requests and draws
// them as QR codes (PNG and SVG), so that a citizen pays a dossier's fee by
// scanning a code in any Vietnamese banking app.
//
// VietQR is NAPAS's profile of EMVCo's merchant-presented QR code (EMV
// QRCPS) for interbank 24/7 transfers (NAPAS, "Technical Specifications on
// NAPAS QR Switching, Part IV: QR Code Format", version 1.5.2, January
// 2021). A payload is a sequence of data objects, each a two-digit ID, a
// two-digit length and a value; templates nest objects the same way:
//
//	00  payload format indicator  "01"
//	01  point of initiation       "11" static (many transfers), "12" dynamic (one)
//	38  merchant account information (the NAPAS template):
//	    00  GUID                  "A000000727"
//	    01  beneficiary organisation:
//	        00  bank BIN          6 digits (see LookupBank)
//	        01  account or card   up to 19 characters
//	    02  service code          "QRIBFTTA" to an account, "QRIBFTTC" to a card
//	52  merchant category code    4 digits, optional
//	53  transaction currency      "704", the đồng
//	54  transaction amount        whole đồng, up to 13 digits, optional
//	58  country code              "VN"
//	59  merchant name             up to 25, optional
//	60  merchant city             up to 15, optional
//	61  postal code               up to 10, optional
//	62  additional data, each up to 25, optional:
//	    01  bill number
//	    05  reference label
//	    07  terminal label
//	    08  purpose of transaction  (the transfer's content: the dossier code)
//	63  CRC                       CRC-16/CCITT-FALSE of everything before its
//	                              value, "6304" included, 4 upper-case hex digits
//
// [Payload.Encode] writes these fields in this order with every length
// checked; [Decode] reads a payload back and names the bad field in a
// [*FieldError]. Some published generators get field 01 wrong (writing
// "12" for a static code, or documenting "22" for dynamic), field 00
// ("00"), or nest the service code inside the beneficiary template; Decode
// rejects them, as a bank's app may.
//
// # Vietnamese text
//
// Text fields carry printable ASCII only (EMVCo's "ans" format), and the
// banks pass the purpose of transaction on as the transfer's content
// without diacritics. Encode does not change text behind the caller's
// back: a Vietnamese letter is an error wrapping [ErrCharset]. [ASCII]
// folds text the way banking apps do ("Lệ phí hộ tịch" becomes
// "Le phi ho tich"), and [Purpose] also cuts it to 25 characters. A
// dossier code ("000.00.01.H12-251126-0001") is ASCII and 25 characters
// long, so it fits as it is.
//
// # Banks
//
// [LookupBank] and [Banks] give the table of bank identification numbers
// (from the State Bank of Vietnam's list and the VietQR service's bank
// list, see [Banks]).
//
// # Images
//
// [WritePNG] and [WriteSVG] draw a payload as a QR code through
// github.com/skip2/go-qrcode, at error correction level M by default, for
// a receipt or a portal page.
package vietqr
