package fees

import (
	"fmt"
	"testing"
	"time"
)

func TestSmoke(t *testing.T) {
	s, err := Sample()
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.Quote(Request{At: time.Date(2025, 8, 1, 9, 0, 0, 0, time.UTC), Channel: Counter, Groups: []string{"student"}, Locality: "01",
		Items: []ItemRequest{{Code: "LLTP", Quantity: 3}, {Code: "CT-BANSAO", Quantity: 5, Copies: 2}, {Code: "LPTB-NHADAT", DeclaredValue: 1234567}, {Code: "CC-HOPDONG", DeclaredValue: 2000000000}, {Code: "DKDN"}, {Code: "GPXD-NHAO-HN"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"vi", "en"} {
		x, _ := q.Explain(l)
		fmt.Println(x)
	}
}
