// Package errdetail holds the error value motcua's readers share: a message
// that reads well after a position ("Thủ tục!F17: "mười" is not a number of
// days", "executionMethods[1].fees[0].value: ...") and unwraps to the
// package's sentinel without repeating the sentinel's text.
package errdetail

import "fmt"

type detail struct {
	msg      string
	sentinel error
}

func (d *detail) Error() string { return d.msg }
func (d *detail) Unwrap() error { return d.sentinel }

// Errorf returns an error whose message is the formatted text and which
// unwraps to sentinel, so errors.Is(err, sentinel) holds.
func Errorf(sentinel error, format string, args ...any) error {
	return &detail{msg: fmt.Sprintf(format, args...), sentinel: sentinel}
}
