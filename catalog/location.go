package catalog

import "github.com/motcua/motcua/internal/vntime"

// Location is Asia/Ho_Chi_Minh, the zone of every date a catalogue holds:
// [New] moves ValidFrom, ValidTo and DecisionDate to it, and callers pass
// instants in it to [Catalog.Get], [Catalog.Search] and [Catalog.Stats].
// Vietnam has kept UTC+07:00 without daylight saving since 1975, so it is
// a fixed zone named "Asia/Ho_Chi_Minh" that gives the same instants as the
// tz database and works where the system has no zone files (a scratch
// container, Windows without Go's tzdata). Treat it as a constant.
var Location = vntime.Location
