package catalog

import (
	"time"

	"github.com/motcua/motcua/internal/vntime"
)

// record is how a catalogue holds a [Procedure]: the fields nearly every
// procedure fills and every search reads, in 96 bytes, and the others
// behind a pointer that is nil when they are all empty. A Procedure is 520
// bytes; a catalogue of a million procedures read from a sheet with only
// the main columns filled holds 96 MB of records instead of 520 MB.
// [record.procedure] rebuilds the Procedure, sharing every slice, so that
// [Catalog.Get] and the others still allocate nothing.
type record struct {
	code, name     string
	legalBasis     []string
	processingDays int
	// levels is 1 + the index of the procedure's Levels in the tables of
	// its catalogue or builder, or 0 for nil Levels.
	levels uint32
	// sector, agency and result, which repeat down a catalogue, are the
	// indices of their texts in the tables (0 is "").
	sector, agency, result uint32
	online                 OnlineLevel
	noFixedDuration        bool
	more                   *extra
}

// extra holds the fields of a [Procedure] that a record does not.
type extra struct {
	documents     []Requirement
	cases         []Case
	channels      []ChannelTerms
	formID        string
	feeItems      []string
	legalRefs     []LegalRef
	subjects      []string
	authority     string
	steps         []string
	conditions    string
	returnMethods []Channel
	variants      []Variant
	note          string
	decision      string
	decisionDate  time.Time
	validFrom     time.Time
	validTo       time.Time
}

// isZero reports whether every field of e is empty, so that the record
// needs none.
func (e *extra) isZero() bool {
	return e.documents == nil && e.cases == nil && e.channels == nil && e.formID == "" &&
		e.feeItems == nil && e.legalRefs == nil && e.subjects == nil && e.authority == "" &&
		e.steps == nil && e.conditions == "" && e.returnMethods == nil && e.variants == nil &&
		e.note == "" && e.decision == "" &&
		// A zero time may carry a location: compare the whole value.
		e.decisionDate == zeroTime && e.validFrom == zeroTime && e.validTo == zeroTime
}

// zeroTime is the zero time.Time, whose validity fields a record without
// extra fields has.
var zeroTime time.Time

// validFrom returns the procedure's ValidFrom.
func (r *record) validFrom() time.Time {
	if r.more == nil {
		return zeroTime
	}
	return r.more.validFrom
}

// validTo returns the procedure's ValidTo.
func (r *record) validTo() time.Time {
	if r.more == nil {
		return zeroTime
	}
	return r.more.validTo
}

// inForce is [Procedure.InForce] of the record's procedure.
func (r *record) inForce(t time.Time) bool {
	if r.more == nil {
		return true
	}
	from, to := r.more.validFrom, r.more.validTo
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// hasLevel is [Procedure.HasLevel] of the record's procedure.
func (r *record) hasLevel(lt *tables, l Level) bool {
	for _, x := range lt.get(r.levels) {
		if x == l {
			return true
		}
	}
	return false
}

// newRecord returns the record of p, whose slices it keeps; its Levels
// go to lt.
func newRecord(p *Procedure, lt *tables) record {
	r := record{
		code: p.Code, name: p.Name, sector: lt.putText(p.Sector), agency: lt.putText(p.Agency),
		result: lt.putText(p.Result), legalBasis: p.LegalBasis, processingDays: p.ProcessingDays, levels: lt.put(p.Levels),
		online: p.Online, noFixedDuration: p.NoFixedDuration,
	}
	e := extra{
		documents: p.Documents, cases: p.Cases, channels: p.Channels, formID: p.FormID,
		feeItems: p.FeeItems, legalRefs: p.LegalRefs, subjects: p.Subjects, authority: p.Authority,
		steps: p.Steps, conditions: p.Conditions, returnMethods: p.ReturnMethods,
		variants: p.Variants, note: p.Note, decision: p.Decision, decisionDate: p.DecisionDate,
		validFrom: p.ValidFrom, validTo: p.ValidTo,
	}
	if !e.isZero() {
		r.more = &e
	}
	return r
}

// procedure returns the Procedure of r, sharing its slices; lt is the
// levels table r's Levels went to.
func (r *record) procedure(lt *tables) (p Procedure) {
	r.fill(&p, lt)
	return p
}

// fill sets *p, which is the zero Procedure, to the procedure of r.
func (r *record) fill(p *Procedure, lt *tables) {
	p.Code, p.Name = r.code, r.name
	p.Sector, p.Agency, p.Result = lt.text(r.sector), lt.text(r.agency), lt.text(r.result)
	p.LegalBasis, p.ProcessingDays, p.Levels = r.legalBasis, r.processingDays, lt.get(r.levels)
	p.Online, p.NoFixedDuration = r.online, r.noFixedDuration
	if e := r.more; e != nil {
		p.Documents, p.Cases, p.Channels, p.FormID = e.documents, e.cases, e.channels, e.formID
		p.FeeItems, p.LegalRefs, p.Subjects, p.Authority = e.feeItems, e.legalRefs, e.subjects, e.authority
		p.Steps, p.Conditions, p.ReturnMethods = e.steps, e.conditions, e.returnMethods
		p.Variants, p.Note, p.Decision, p.DecisionDate = e.variants, e.note, e.decision, e.decisionDate
		p.ValidFrom, p.ValidTo = e.validFrom, e.validTo
	}
}

// normalizeTimes moves the record's dates to Asia/Ho_Chi_Minh.
func (r *record) normalizeTimes() {
	if r.more == nil {
		return
	}
	for _, t := range []*time.Time{&r.more.validFrom, &r.more.validTo, &r.more.decisionDate} {
		if !t.IsZero() {
			*t = t.In(vntime.Location)
		}
	}
}

// tables holds each distinct Levels list of a catalogue once, and each
// distinct sector, agency and result: a catalogue has a handful of lists
// (Commune; Province; Commune and Province...) and few of the texts, and a
// record refers to them by number instead of holding a slice or a string.
// The lists are shared by the procedures that have them and, like every
// slice of a catalogue's procedures, read-only.
type tables struct {
	lists [][]Level
	ids   map[string]uint32 // list as bytes -> 1 + index in lists
	// texts are the distinct sectors, agencies and results, which a
	// catalogue has few of: a record refers to its by number, 4 bytes
	// where a string takes 16.
	texts   []string
	textIDs map[string]uint32 // text -> 1 + index in texts
}

// putText returns the number of s in the table, adding it if it is new;
// "" is 0.
func (lt *tables) putText(s string) uint32 {
	if s == "" {
		return 0
	}
	if id, ok := lt.textIDs[s]; ok {
		return id
	}
	if lt.textIDs == nil {
		lt.textIDs = map[string]uint32{}
	}
	lt.texts = append(lt.texts, s)
	id := uint32(len(lt.texts))
	lt.textIDs[s] = id
	return id
}

// text returns the text numbered id by putText.
func (lt *tables) text(id uint32) string {
	if id == 0 {
		return ""
	}
	return lt.texts[id-1]
}

// put returns the number of levels in the table, adding the list if it
// is new. nil is 0, an empty non-nil list has its own number.
func (lt *tables) put(levels []Level) uint32 {
	if levels == nil {
		return 0
	}
	var buf [16]byte
	key := buf[:0]
	for _, l := range levels {
		key = append(key, byte(l))
	}
	if id, ok := lt.ids[string(key)]; ok {
		return id
	}
	if lt.ids == nil {
		lt.ids = map[string]uint32{}
	}
	// The table keeps its own copy, capacity clipped so that an append to
	// a returned list cannot write into it.
	own := make([]Level, len(levels))
	copy(own, levels)
	lt.lists = append(lt.lists, own[:len(own):len(own)])
	id := uint32(len(lt.lists))
	lt.ids[string(key)] = id
	return id
}

// get returns the list numbered id by put.
func (lt *tables) get(id uint32) []Level {
	if id == 0 {
		return nil
	}
	return lt.lists[id-1]
}
