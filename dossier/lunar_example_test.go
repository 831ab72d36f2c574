package dossier_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/motcua/motcua/dossier"
)

func ExampleToLunar() {
	hcm := time.FixedZone("Asia/Ho_Chi_Minh", 7*3600)
	for _, t := range []time.Time{
		time.Date(2026, time.February, 17, 9, 0, 0, 0, hcm),
		time.Date(2026, time.April, 26, 9, 0, 0, 0, hcm),
		time.Date(2025, time.August, 22, 9, 0, 0, 0, hcm),
		time.Date(2025, time.January, 28, 20, 0, 0, 0, time.UTC), // 03:00 on 29 January in Vietnam
	} {
		d, err := dossier.ToLunar(t)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s → %s, năm %s\n", t.Format("02/01/2006 15:04 -0700"), d, d.YearName())
	}

	// And back: the Hùng Kings' day (10/3 âm lịch) of 2027.
	day, err := dossier.LunarDate{Year: 2027, Month: 3, Day: 10}.Solar()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(day.Format("Mon 02/01/2006"))

	// There is no 30th day in the 2nd month of 2025.
	_, err = dossier.LunarDate{Year: 2025, Month: 2, Day: 30}.Solar()
	fmt.Println(errors.Is(err, dossier.ErrInvalidLunarDate))
	// Output:
	// 17/02/2026 09:00 +0700 → 1/1/2026 âm lịch, năm Bính Ngọ
	// 26/04/2026 09:00 +0700 → 10/3/2026 âm lịch, năm Bính Ngọ
	// 22/08/2025 09:00 +0700 → 29/6 nhuận/2025 âm lịch, năm Ất Tỵ
	// 28/01/2025 20:00 +0000 → 1/1/2025 âm lịch, năm Ất Tỵ
	// Fri 16/04/2027
	// true
}

func ExampleLunarNewYear() {
	// 2007 is one of the years when Tết, computed for UTC+7, comes a day
	// before the Chinese New Year (18 February 2007).
	for _, year := range []int{2025, 2026, 2027, 2007} {
		tet, err := dossier.LunarNewYear(year)
		if err != nil {
			fmt.Println(err)
			return
		}
		leap, err := dossier.LeapMonth(year)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("Tết %s %d: %s, leap month %d\n", dossier.LunarDate{Year: year}.YearName(), year, tet.Format("Mon 2 Jan 2006"), leap)
	}
	_, err := dossier.LunarNewYear(2200)
	fmt.Println(errors.Is(err, dossier.ErrOutOfRange))
	// Output:
	// Tết Ất Tỵ 2025: Wed 29 Jan 2025, leap month 6
	// Tết Bính Ngọ 2026: Tue 17 Feb 2026, leap month 0
	// Tết Đinh Mùi 2027: Sat 6 Feb 2027, leap month 0
	// Tết Đinh Hợi 2007: Sat 17 Feb 2007, leap month 0
	// true
}
