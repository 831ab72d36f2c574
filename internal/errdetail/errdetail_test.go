package errdetail

import (
	"errors"
	"testing"
)

func TestErrorf(t *testing.T) {
	sentinel := errors.New("pkg: bad number")
	err := Errorf(sentinel, "%q is not a number of days", "mười")
	if got, want := err.Error(), `"mười" is not a number of days`; got != want {
		t.Fatalf("Error() = %q, want %q", got, want)
	}
	if !errors.Is(err, sentinel) {
		t.Fatal("Errorf's error does not unwrap to its sentinel")
	}
	if errors.Is(err, errors.New("pkg: bad number")) {
		t.Fatal("unwraps to an unrelated error")
	}
}
