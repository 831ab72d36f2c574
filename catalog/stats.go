package catalog

import (
	"time"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Stats counts the procedures of a catalogue in force at one time.
type Stats struct {
	// At is the time the counts refer to; zero means the newest versions.
	At time.Time `json:"at,omitzero"`
	// Total is the number of procedures.
	Total int `json:"total"`
	// ByOnline counts procedures per online level.
	ByOnline map[OnlineLevel]int `json:"byOnline"`
	// ByLevel counts procedures per level; a procedure handled at several
	// levels counts at each.
	ByLevel map[Level]int `json:"byLevel"`
	// BySector counts procedures per sector ("" for none).
	BySector map[string]int `json:"bySector"`
	// ByAgency counts procedures per agency ("" for none).
	ByAgency map[string]int `json:"byAgency"`
}

// Stats counts the procedures in force at at (zero: the newest version of
// each code).
func (c *Catalog) Stats(at time.Time) Stats {
	s := Stats{
		At:       at,
		ByOnline: make(map[OnlineLevel]int, 3),
		ByLevel:  make(map[Level]int, 4),
		BySector: make(map[string]int),
		ByAgency: make(map[string]int),
	}
	for i := range c.procs {
		if !c.inScope(i, at) {
			continue
		}
		p := &c.procs[i]
		s.Total++
		s.ByOnline[p.online]++
		for _, l := range c.tables.get(p.levels) {
			s.ByLevel[l]++
		}
		s.BySector[c.tables.text(p.sector)]++
		s.ByAgency[c.tables.text(p.agency)]++
	}
	return s
}

// Online returns the number of procedures that can be filed online, fully
// or partly.
func (s Stats) Online() int { return s.ByOnline[Partial] + s.ByOnline[Full] }

// OnlineShare returns Online()/Total, or 0 for an empty catalogue.
func (s Stats) OnlineShare() float64 {
	if s.Total == 0 {
		return 0
	}
	return float64(s.Online()) / float64(s.Total)
}

// Text returns the headline figure the way provinces publish it, in lang
// ("vi", the default, or "en"): "1.088/1.964 thủ tục trực tuyến (55,4%)",
// in English "1,088 of 1,964 procedures online (55.4%)". The percentage is
// rounded half up to one decimal, in integer arithmetic; an empty
// catalogue gives "0/0 thủ tục trực tuyến (0%)".
func (s Stats) Text(lang string) string {
	online, total := int64(s.Online()), int64(s.Total)
	pct := vnfmt.Percent(online, total, lang)
	if vnfmt.English(lang) {
		return vnfmt.Int(online, lang) + " of " + vnfmt.Int(total, lang) + " procedures online (" + pct + ")"
	}
	return vnfmt.Int(online, lang) + "/" + vnfmt.Int(total, lang) + " thủ tục trực tuyến (" + pct + ")"
}

// String returns [Stats.Text] in English, for logs and programs:
// "1,088 of 1,964 procedures online (55.4%)".
func (s Stats) String() string { return s.Text("en") }
