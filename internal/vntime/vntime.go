// Package vntime holds Vietnam's time zone, shared by every motcua package.
package vntime

import "time"

// Location is Asia/Ho_Chi_Minh. Vietnam has kept UTC+07:00 without daylight
// saving since 1975, so a fixed zone with the IANA name gives the same
// instants as the tz database while working on machines without tzdata.
var Location = time.FixedZone("Asia/Ho_Chi_Minh", 7*60*60)

// Date returns midnight of the given day in [Location].
func Date(year int, month time.Month, day int) time.Time {
	return time.Date(year, month, day, 0, 0, 0, 0, Location)
}
