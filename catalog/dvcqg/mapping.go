package dvcqg

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/vntime"
)

// Bounds beyond which a value is taken for a typing error.
const (
	maxTime   = 10000 // processing time, in any unit
	maxQty    = 1000  // originals or copies of one document
	maxAmount = 1e13  // a fee in đồng (10,000 billion)
	minYear   = 1945  // decision dates
	maxYear   = 2200
)

// loc is the JSON path of an element of a list (executionMethods[1]), or
// of an element of a list inside it (executionMethods[1].fees[0]); it is
// made into text only when a problem is reported, which good records never
// need.
type loc struct {
	list  string
	i     int
	inner string // "" when the path ends at list[i]
	j     int
}

// in returns the path of element j of the list inner of l.
func (l loc) in(inner string, j int) loc {
	l.inner, l.j = inner, j
	return l
}

// at returns the path of field in l's element, or of the element itself
// when field is empty.
func (l loc) at(field string) string {
	s := l.list + "[" + strconv.Itoa(l.i) + "]"
	if l.inner != "" {
		s += "." + l.inner + "[" + strconv.Itoa(l.j) + "]"
	}
	if field != "" {
		s += "." + field
	}
	return s
}

// issue is a problem found while mapping one record.
type issue struct {
	path  string
	err   error
	fatal bool
}

// mapper turns one decoded record into a procedure, collecting issues.
type mapper struct {
	issues []issue
}

func (m *mapper) warn(path string, err error)  { m.issues = append(m.issues, issue{path, err, false}) }
func (m *mapper) fatal(path string, err error) { m.issues = append(m.issues, issue{path, err, true}) }

func (m *mapper) failed() bool {
	for _, is := range m.issues {
		if is.fatal {
			return true
		}
	}
	return false
}

// procedure maps rec as the package comment describes.
func (m *mapper) procedure(rec *record) catalog.Procedure {
	p := catalog.Procedure{
		Code: oneLine(rec.Code),
		Name: oneLine(rec.Name),
	}
	if p.Code == "" {
		m.fatal("code", errorf(ErrMissing, "no procedure code"))
	}
	if p.Name == "" {
		m.fatal("name", errorf(ErrMissing, "no procedure name"))
	}

	// Sector.
	sectors := rec.CategoriesDetails
	if len(sectors) == 0 && rec.Category != nil {
		sectors = []named{*rec.Category}
	}
	for i, s := range sectors {
		name := oneLine(s.Name)
		switch {
		case p.Sector == "":
			p.Sector = name
		case name != p.Sector:
			m.warn(fmt.Sprintf("categoriesDetails[%d].name", i),
				errorf(ErrInexact, "second sector %s dropped: a procedure has one sector", quote(name)))
		}
	}
	if p.Sector == "" {
		m.warn("categoriesDetails", errorf(ErrMissing, "no sector"))
	}

	// Levels.
	if rec.IsWard {
		p.Levels = append(p.Levels, catalog.Commune)
	}
	if rec.IsDistrict != nil && *rec.IsDistrict {
		p.Levels = append(p.Levels, catalog.District)
	}
	if rec.IsProvince {
		p.Levels = append(p.Levels, catalog.Province)
	}
	if rec.IsMinistry {
		p.Levels = append(p.Levels, catalog.Central)
	}
	if len(p.Levels) == 0 {
		m.warn("isWard", errorf(ErrMissing, "none of isWard, isDistrict, isProvince, isMinistry is true"))
	}

	// Channels, processing time and online level.
	p.Online = catalog.Offline
	if len(rec.ExecutionMethods) == 0 {
		m.warn("executionMethods", errorf(ErrMissing, "no execution method"))
	}
	for i := range rec.ExecutionMethods {
		ct, ok := m.channel(loc{list: "executionMethods", i: i}, &rec.ExecutionMethods[i])
		if !ok {
			continue
		}
		if ct.Channel == catalog.Online {
			p.Online = catalog.Partial
		}
		p.Channels = append(p.Channels, ct)
	}
	if rec.IsFullProcess {
		p.Online = catalog.Full
	}
	p.ProcessingDays, p.NoFixedDuration = processingDays(p.Channels)

	// Documents.
	if len(rec.ExecutionCases) == 0 {
		m.warn("executionCases", errorf(ErrMissing, "no required documents"))
	}
	for i, dc := range rec.ExecutionCases {
		var docs []catalog.Requirement
		for j := range dc.ProfileComponents {
			if d, ok := m.document(loc{list: "executionCases", i: i, inner: "profileComponents", j: j}, &dc.ProfileComponents[j]); ok {
				docs = append(docs, d)
			}
		}
		name := oneLine(dc.Name)
		if len(rec.ExecutionCases) == 1 && name == "" {
			p.Documents = docs
			break
		}
		p.Cases = append(p.Cases, catalog.Case{Name: name, Documents: docs})
	}

	// Named variants with their own code and deadline.
	for i, v := range rec.Cases {
		path := loc{list: "cases", i: i}
		unit, ok := units[v.ProcessingDay.Type]
		if !ok {
			m.warn(path.at("processingDay.type"), errorf(ErrUnknownValue, "unknown time unit %s: variant left out", quote(v.ProcessingDay.Type)))
			continue
		}
		if v.ProcessingDay.Qty < 0 || v.ProcessingDay.Qty > maxTime {
			m.warn(path.at("processingDay.qty"), errorf(ErrValue, "processing time %d is out of range 0..%d: variant left out", v.ProcessingDay.Qty, maxTime))
			continue
		}
		p.Variants = append(p.Variants, catalog.Variant{Code: oneLine(v.Code), Name: oneLine(v.Name),
			Time: int(v.ProcessingDay.Qty), Unit: unit})
	}

	// Steps, conditions, note, how results are returned.
	for _, st := range rec.ExecutionSteps {
		name, desc := oneLine(st.Name), text(st.Description)
		switch {
		case name != "" && desc != "":
			p.Steps = append(p.Steps, name+"\n"+desc)
		case name != "" || desc != "":
			p.Steps = append(p.Steps, name+desc)
		}
	}
	p.Conditions = text(rec.RequirementsAndConditions)
	if d := text(rec.Description); d != "" && d != p.Conditions {
		p.Conditions = strings.TrimPrefix(p.Conditions+"\n"+d, "\n")
	}
	p.Note = text(rec.Note)
	p.ReturnMethods = m.returnMethods(rec.ReturningMethods)

	// Agencies, subjects, results, legal bases.
	var agencies []string
	for _, d := range rec.DepartmentsExecuting {
		agencies = appendUnique(agencies, oneLine(d.Name))
	}
	if len(agencies) == 0 {
		for _, d := range rec.UnitGroupsExecuting {
			agencies = appendUnique(agencies, oneLine(d.Name))
		}
	}
	p.Agency = strings.Join(agencies, ", ")
	if p.Agency == "" {
		m.warn("departmentsExecuting", errorf(ErrMissing, "no executing agency (neither departmentsExecuting nor unitGroupsExecuting)"))
	}
	var authorities []string
	for _, d := range rec.DepartmentsAuthority {
		authorities = appendUnique(authorities, oneLine(d.Name))
	}
	if len(authorities) == 0 {
		for _, d := range rec.UnitGroupsAuthority {
			authorities = appendUnique(authorities, oneLine(d.Name))
		}
	}
	p.Authority = strings.Join(authorities, ", ")
	for _, s := range uniqueByID(rec.SubjectTypesDetails) {
		p.Subjects = appendUnique(p.Subjects, oneLine(s.Name))
	}
	var results []string
	for _, r := range uniqueByID(rec.ResultsDetails) {
		results = appendUnique(results, oneLine(r.Name))
	}
	p.Result = strings.Join(results, "; ")
	for _, l := range uniqueByID(rec.LegalBasisesDetails) {
		if n := len(p.LegalBasis); len(appendUnique(p.LegalBasis, legalBasis(l))) > n {
			// A new document: LegalRefs stays parallel to LegalBasis.
			p.LegalBasis = append(p.LegalBasis, legalBasis(l))
			p.LegalRefs = append(p.LegalRefs, catalog.LegalRef{Code: oneLine(l.Code), Name: oneLine(l.Name)})
		}
	}

	// The publishing decision.
	if pp := rec.ProcedureProposal; pp == nil {
		m.warn("procedureProposal", errorf(ErrMissing, "no publishing decision"))
	} else {
		p.Decision = oneLine(pp.ProposalNumber)
		if pp.DecisionDate != nil && *pp.DecisionDate != 0 {
			t := time.UnixMilli(*pp.DecisionDate).In(vntime.Location)
			if t.Year() < minYear || t.Year() > maxYear {
				m.warn("procedureProposal.decisionDate",
					errorf(ErrValue, "%d ms is %s, not a plausible decision date", *pp.DecisionDate, t.Format(time.DateOnly)))
			} else {
				p.DecisionDate = vntime.Date(t.Year(), t.Month(), t.Day())
			}
		}
	}
	return p
}

// Submission methods and time units of the portal.
var (
	channels = map[string]catalog.Channel{
		"DIRECT": catalog.Counter,
		"ONLINE": catalog.Online,
		"POSTAL": catalog.Post,
	}
	units = map[string]catalog.TimeUnit{
		"WORKING_DAY": catalog.WorkingDays,
		"DAY":         catalog.CalendarDays,
		"OTHER":       catalog.UnitOther,
		"MONTH":       catalog.Months,
	}
	// Where results are returned: at the place the dossier was filed, at
	// home (delivered, by post), or online.
	returnPlaces = map[string]catalog.Channel{
		"AT_SUBMISSION_PLACE": catalog.Counter,
		"AT_HOME":             catalog.Post,
		"ONLINE":              catalog.Online,
	}
)

// returnMethods maps returningMethods to the channels results may be
// returned by, in order of first appearance. The portal lists them per kind
// of submission (ONLINE, OFFLINE); the union is kept, and a difference
// between the kinds, which the union loses, is reported.
func (m *mapper) returnMethods(rms []returning) []catalog.Channel {
	var out []catalog.Channel
	var first []catalog.Channel
	for i, rm := range rms {
		path := loc{list: "returningMethods", i: i}
		if rm.Type != "ONLINE" && rm.Type != "OFFLINE" {
			m.warn(path.at("type"), errorf(ErrUnknownValue, "unknown submission kind %s", quote(rm.Type)))
		}
		var these []catalog.Channel
		for j, v := range rm.Value {
			ch, ok := returnPlaces[v]
			if !ok {
				m.warn(path.at(fmt.Sprintf("value[%d]", j)), errorf(ErrUnknownValue, "unknown return method %s left out", quote(v)))
				continue
			}
			if !slices.Contains(these, ch) {
				these = append(these, ch)
			}
			if !slices.Contains(out, ch) {
				out = append(out, ch)
			}
		}
		if i == 0 {
			first = these
		} else if !sameSet(first, these) {
			m.warn(path.at("value"), errorf(ErrInexact, "return methods differ by kind of submission (%s: %v, %s: %v): their union is kept",
				clip(rms[0].Type), first, clip(rm.Type), these))
		}
	}
	return out
}

func sameSet(a, b []catalog.Channel) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range a {
		if !slices.Contains(b, x) {
			return false
		}
	}
	return true
}

// channel maps one execution method; ok is false when it is left out.
func (m *mapper) channel(path loc, em *method) (catalog.ChannelTerms, bool) {
	ct := catalog.ChannelTerms{Note: text(em.Description)}
	ch, ok := channels[em.SubmissionMethod]
	if !ok {
		m.warn(path.at("submissionMethod"), errorf(ErrUnknownValue, "unknown submission method %s: method left out", quote(em.SubmissionMethod)))
		return ct, false
	}
	ct.Channel = ch
	if em.ProcessingTime < 0 || em.ProcessingTime > maxTime {
		m.fatal(path.at("processingTime"), errorf(ErrValue, "processing time %d is out of range 0..%d", em.ProcessingTime, maxTime))
	}
	ct.Time = int(em.ProcessingTime)
	switch unit, ok := units[em.ProcessingTimeUnit]; {
	case ok:
		ct.Unit = unit
	case em.ProcessingTimeUnit == "":
		m.fatal(path.at("processingTimeUnit"), errorf(ErrMissing, "no time unit"))
	default:
		m.fatal(path.at("processingTimeUnit"), errorf(ErrUnknownValue, "unknown time unit %s", quote(em.ProcessingTimeUnit)))
	}
	for i := range em.Fees {
		if fn, ok := m.fee(path.in("fees", i), &em.Fees[i]); ok {
			ct.Fees = append(ct.Fees, fn)
		}
	}
	return ct, true
}

// fee maps one fee; ok is false for a fee of 0 without a description,
// which says nothing.
func (m *mapper) fee(path loc, f *fee) (catalog.FeeNote, bool) {
	fn := catalog.FeeNote{Text: text(f.Description)}
	switch f.Type {
	case "FEE":
		fn.Kind = feeKind(fn.Text)
	case "SERVICE_FEE":
		fn.Kind = catalog.ServiceFee
	default:
		m.warn(path.at("type"), errorf(ErrUnknownValue, "unknown fee type %s", quote(f.Type)))
	}
	if f.Value < 0 || f.Value > maxAmount {
		m.fatal(path.at("value"), errorf(ErrValue, "amount %d is out of range", f.Value))
		return catalog.FeeNote{}, false
	}
	if name := oneLine(f.CurrencyName); name != "" {
		code, ok := currencyCode(name)
		if !ok {
			if fn.Text == "" {
				fn.Text = strconv.FormatInt(f.Value, 10) + " " + name
			}
			m.warn(path.at("currencyName"), errorf(ErrInexact, "unknown currency %s: kept as text %s", quote(name), quote(fn.Text)))
			return fn, true
		}
		fn.Currency = code
	}
	switch {
	case f.Value > 0:
		fn.Amount, fn.HasAmount = f.Value, true
		return fn, true
	case fn.Text != "" || fn.Kind == catalog.ServiceFee:
		// 0 often means "not stated here": the amount may be in the text.
		return fn, true
	}
	return catalog.FeeNote{}, false
}

// feeKind tells a charge (lệ phí) from a fee (phí) by the first words of
// the description: the portal's type FEE covers both. Unknown otherwise.
func feeKind(desc string) catalog.FeeKind {
	d := strings.ToLower(desc)
	switch {
	case strings.HasPrefix(d, "lệ phí"):
		return catalog.Charge
	case strings.HasPrefix(d, "phí"):
		return catalog.Fee
	}
	return catalog.FeeKindUnknown
}

// currencyCode maps the portal's currency name to an ISO 4217 code, "" for
// đồng; ok is false for a name it does not know.
func currencyCode(name string) (code string, ok bool) {
	switch c := strings.ToLower(name); c {
	case "việt nam đồng", "vnd", "vnđ", "đồng":
		return "", true
	case "đô la mỹ", "đô la mĩ":
		return "USD", true
	}
	if len(name) == 3 && strings.ToUpper(name) == name && strings.Trim(name, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") == "" {
		return name, true
	}
	return "", false
}

// document maps one profile component; ok is false when it has no name.
func (m *mapper) document(path loc, pc *component) (catalog.Requirement, bool) {
	d := catalog.Requirement{Name: docName(pc.Name)}
	if d.Name == "" {
		m.warn(path.at("name"), errorf(ErrMissing, "document without a name left out"))
		return d, false
	}
	if pc.OriginalQty < 0 || pc.OriginalQty > maxQty {
		m.fatal(path.at("originalQty"), errorf(ErrValue, "%d originals is out of range 0..%d", pc.OriginalQty, maxQty))
	}
	if pc.CopyQty < 0 || pc.CopyQty > maxQty {
		m.fatal(path.at("copyQty"), errorf(ErrValue, "%d copies is out of range 0..%d", pc.CopyQty, maxQty))
	}
	d.Originals, d.Copies = int(pc.OriginalQty), int(pc.CopyQty)
	d.Code = oneLine(pc.Code)
	d.EForm = pc.EForm
	d.Optional = !pc.Required && strings.Contains(strings.ToLower(d.Name), "(nếu có)")
	var files []string
	for _, a := range pc.Attachments {
		if f := oneLine(a.FileName); f != "" {
			files = appendUnique(files, f)
		}
	}
	d.Template = strings.Join(files, "; ")
	return d, true
}

// processingDays picks the procedure's headline time in working days: the
// counter's, else the online channel's, else the post's, in working days;
// failing that the same in calendar days; 0 when no channel has either.
// none reports that every channel, and at least one, has no fixed
// duration (OTHER).
func processingDays(chs []catalog.ChannelTerms) (days int, none bool) {
	for _, unit := range []catalog.TimeUnit{catalog.WorkingDays, catalog.CalendarDays} {
		for _, ch := range []catalog.Channel{catalog.Counter, catalog.Online, catalog.Post} {
			for _, ct := range chs {
				if ct.Channel == ch && ct.Unit == unit {
					return ct.Time, false
				}
			}
		}
	}
	none = len(chs) > 0
	for _, ct := range chs {
		none = none && ct.Unit == catalog.UnitOther
	}
	return 0, none
}

// legalBasis formats a legal document as its name, followed by its code in
// parentheses when the name does not already contain it.
func legalBasis(l named) string {
	name, code := oneLine(l.Name), oneLine(l.Code)
	switch {
	case code == "":
		return name
	case name == "":
		return code
	case strings.Contains(strings.ToLower(name), strings.ToLower(code)):
		return name
	}
	return name + " (" + code + ")"
}

// oneLine normalises text to NFC and collapses every run of white space,
// line breaks included, to one space.
func oneLine(s string) string {
	if clean(s, false) {
		return norm.NFC.String(s) // s itself when already NFC: no copy
	}
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// text normalises multi-line text to NFC, collapses white space inside each
// line and drops empty lines.
func text(s string) string {
	if clean(s, true) {
		return norm.NFC.String(s)
	}
	var lines []string
	for line := range strings.Lines(norm.NFC.String(s)) {
		if line = strings.Join(strings.Fields(line), " "); line != "" {
			lines = append(lines, line)
		}
	}
	return strings.Join(lines, "\n")
}

// clean reports whether s is already as oneLine (lines false) or text
// (lines true) leaves it, normalisation aside: no white space but single
// spaces between words and, for text, single line breaks between lines.
func clean(s string, lines bool) bool {
	prevSpace := true // a space or a break here would be leading
	for _, r := range s {
		switch {
		case r == ' ' || (r == '\n' && lines):
			if prevSpace {
				return false
			}
			prevSpace = true
		case r < utf8.RuneSelf && r > ' ':
			prevSpace = false
		case unicode.IsSpace(r) || r < ' ':
			return false
		default:
			prevSpace = false
		}
	}
	return !prevSpace || s == ""
}

// docName cleans a document name: text, without a leading list marker
// ("- ", "+ ", "• ") or a trailing semicolon.
func docName(s string) string {
	s = text(s)
	s = strings.TrimLeft(s, "-+• ")
	s = strings.TrimRight(s, "; ")
	return s
}

func appendUnique(list []string, s string) []string {
	if s == "" {
		return list
	}
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// uniqueByID drops entries whose id was seen before (the portal repeats
// legal bases); entries without an id are kept. Lists are usually short
// (0–8 entries), where a scan beats a map.
func uniqueByID(list []named) []named {
	out := make([]named, 0, len(list))
	if len(list) > 16 {
		seen := make(map[string]bool, len(list))
		for _, x := range list {
			if x.ID == "" || !seen[x.ID] {
				seen[x.ID] = true
				out = append(out, x)
			}
		}
		return out
	}
	for _, x := range list {
		if x.ID != "" && slices.ContainsFunc(out, func(y named) bool { return y.ID == x.ID }) {
			continue
		}
		out = append(out, x)
	}
	return out
}
