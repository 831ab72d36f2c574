package dossier

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// FormatCode returns the dossier code of Circular 01/2018/TT-VPCP Art. 19:
// the receiving agency's code, the receipt date as YYMMDD in
// Asia/Ho_Chi_Minh and the day's sequence number on at least four digits,
// joined by hyphens: FormatCode("000.00.01.H12", 26 Nov 2025, 1) is
// "000.00.01.H12-251126-0001".
func FormatCode(agency string, day time.Time, seq int) string {
	var num [20]byte
	digits := strconv.AppendInt(num[:0], int64(seq), 10)
	b := make([]byte, 0, len(agency)+12+len(digits))
	b = append(b, agency...)
	b = append(b, '-')
	b = day.In(vntime.Location).AppendFormat(b, "060102")
	b = append(b, '-')
	for i := len(digits); i < 4; i++ {
		b = append(b, '0')
	}
	return string(append(b, digits...))
}

// ParseCode splits a dossier code into its agency code, receipt day
// (midnight in Asia/Ho_Chi_Minh) and sequence number. A malformed code is an
// error wrapping [ErrInvalidCode].
func ParseCode(code string) (agency string, day time.Time, seq int, err error) {
	bad := func(why string) (string, time.Time, int, error) {
		return "", time.Time{}, 0, fmt.Errorf("%w: %q: %s", ErrInvalidCode, code, why)
	}
	if len(code) > 128 {
		return bad("too long")
	}
	i := strings.LastIndexByte(code, '-')
	if i < 0 {
		return bad("no sequence number")
	}
	j := strings.LastIndexByte(code[:i], '-')
	if j < 0 {
		return bad("no date")
	}
	agency, date, num := code[:j], code[j+1:i], code[i+1:]
	if err := CheckAgency(agency); err != nil {
		return "", time.Time{}, 0, err
	}
	if len(date) != 6 || !allDigits(date) {
		return bad("date is not YYMMDD")
	}
	day, perr := time.ParseInLocation("060102", date, vntime.Location)
	if perr != nil {
		return bad("date is not YYMMDD")
	}
	if len(num) < 4 || len(num) > 9 || !allDigits(num) {
		return bad("sequence is not 4 to 9 digits")
	}
	seq, _ = strconv.Atoi(num)
	if seq < 1 || (len(num) > 4 && num[0] == '0') {
		return bad("sequence out of range")
	}
	return agency, day, seq, nil
}

// CheckAgency checks an agency code as used in dossier codes: 1 to 64
// characters among ASCII letters, digits and dots, such as "000.00.01.H12".
// Errors wrap [ErrInvalidCode].
func CheckAgency(agency string) error {
	if agency == "" || len(agency) > 64 {
		return fmt.Errorf("%w: agency code %q: want 1 to 64 characters", ErrInvalidCode, agency)
	}
	for i := 0; i < len(agency); i++ {
		c := agency[i]
		if !(c == '.' || c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z') {
			return fmt.Errorf("%w: agency code %q: character %q", ErrInvalidCode, agency, c)
		}
	}
	return nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
