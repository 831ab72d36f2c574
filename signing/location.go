package signing

import "github.com/motcua/motcua/internal/vntime"

// Location is Vietnam's time zone, Asia/Ho_Chi_Minh: a fixed UTC+07:00
// zone with the IANA name (Vietnam has kept it without daylight saving
// since 1975), so it works where the system has no time zone files. Sign
// stamps the current time in it when [Options.Time] is zero, and reports
// show times in it. It is the same zone every motcua package uses; do not
// change it.
var Location = vntime.Location
