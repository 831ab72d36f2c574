package dvcqg

import (
	"unicode/utf16"
	"unicode/utf8"
)

// fastDecode decodes a record the way json.Unmarshal does, several times
// faster: without reflection, and without a separate validation pass. It
// handles the records the portal writes; on anything else — bad JSON, a
// value of the wrong type, a key repeated or differing from a known one
// only in case, invalid UTF-8, an escape it does not decode — it gives up
// (ok is false) and the caller decodes with encoding/json, whose result
// and error messages are then the ones given. So it never has to match
// encoding/json's errors, only its results on the input it accepts; the
// fuzz test FuzzFastDecode checks exactly that.
func fastDecode(data []byte) (rec record, ok bool) {
	d := decoder{data: data}
	d.ws()
	d.record(&rec)
	d.ws()
	return rec, !d.bad && d.i == len(d.data)
}

// decoder reads JSON from data[i:]. Once bad is set every method returns
// at once, so callers check it only at the end.
type decoder struct {
	data  []byte
	i     int
	depth int // of nested objects and arrays
	bad   bool
}

// maxDepth is how deeply objects and arrays may nest, as in encoding/json
// (which reports deeper input as an error: the fallback's business).
const maxDepth = 10000

// enter counts one more level of nesting; it fails past maxDepth.
func (d *decoder) enter() bool {
	if d.depth++; d.depth > maxDepth {
		d.fail()
		return false
	}
	return true
}

func (d *decoder) fail() { d.bad, d.i = true, len(d.data) }

func (d *decoder) ws() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\r', '\n':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, or 0 at the end.
func (d *decoder) peek() byte {
	d.ws()
	if d.i < len(d.data) {
		return d.data[d.i]
	}
	return 0
}

// null consumes a JSON null if one comes next.
func (d *decoder) null() bool {
	if d.peek() == 'n' {
		d.literal("null")
		return true
	}
	return false
}

func (d *decoder) literal(lit string) {
	if len(d.data)-d.i < len(lit) || string(d.data[d.i:d.i+len(lit)]) != lit {
		d.fail()
		return
	}
	d.i += len(lit)
}

// obj begins reading an object. It returns false for null (and on
// failure): there is nothing to read. Read its members with next.
func (d *decoder) obj() bool {
	if d.null() {
		return false
	}
	if d.peek() != '{' || !d.enter() {
		d.fail()
		return false
	}
	d.i++
	return true
}

// members is the state of one object being read.
type members struct {
	n    int    // members met
	seen uint64 // known keys met
}

// next reads the key of the next member of the object begun by obj and
// returns its index in known (64 keys at most), leaving the value to be
// read; it skips the members of unknown keys, and returns -1 at the end of
// the object (or on failure). Keys must be plain (no escapes), a known key
// must not repeat, and an unknown key must neither equal a known one but
// for ASCII case (encoding/json matches keys ignoring case) nor hold bytes
// outside ASCII (how encoding/json folds those is not ours to copy).
func (d *decoder) next(m *members, known []string) int {
	for !d.bad {
		if !d.sep(&m.n, '}') {
			return -1
		}
		if d.peek() != '"' {
			d.fail()
			return -1
		}
		key := d.plainString()
		if d.peek() != ':' {
			d.fail()
			return -1
		}
		d.i++
		k := -1
		for n, name := range known {
			if string(key) == name {
				k = n
				break
			}
		}
		switch {
		case k >= 0 && m.seen&(1<<k) == 0:
			m.seen |= 1 << k
			return k
		case k >= 0 || foldsToKnown(key, known):
			d.fail()
			return -1
		}
		d.skip()
	}
	return -1
}

// arr begins reading an array. It returns false for null (and on
// failure): there is nothing to read. Read its elements with more.
func (d *decoder) arr() bool {
	if d.null() {
		return false
	}
	if d.peek() != '[' || !d.enter() {
		d.fail()
		return false
	}
	d.i++
	return true
}

// more reports whether another element of the array begun by arr follows;
// n counts the elements met.
func (d *decoder) more(n *int) bool { return d.sep(n, ']') }

// sep reads what comes before the next element or member of an array or
// object closed by end, n of them met so far: nothing before the first, a
// comma before the others. It reports whether one follows; if not, it has
// consumed the closing end (or failed).
func (d *decoder) sep(n *int, end byte) bool {
	if d.bad {
		return false
	}
	c := d.peek()
	switch {
	case c == end:
		d.i++
		d.depth--
		return false
	case *n > 0 && c != ',':
		d.fail()
		return false
	case *n > 0:
		d.i++
		if d.peek() == end { // a trailing comma
			d.fail()
			return false
		}
	}
	*n++
	return true
}

func foldsToKnown(key []byte, known []string) bool {
	for i := 0; i < len(key); i++ {
		if key[i] >= utf8.RuneSelf {
			return true
		}
	}
	for _, name := range known {
		if len(name) == len(key) && asciiEqualFold(name, key) {
			return true
		}
	}
	return false
}

func asciiEqualFold(a string, b []byte) bool {
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// plainString reads a string without escapes (a key) and returns its
// bytes, which alias the input; d.i is at its quote.
func (d *decoder) plainString() []byte {
	start := d.i + 1
	for j := start; j < len(d.data); j++ {
		switch c := d.data[j]; {
		case c == '"':
			s := d.data[start:j]
			if !utf8.Valid(s) {
				d.fail()
				return nil
			}
			d.i = j + 1
			return s
		case c == '\\' || c < 0x20:
			d.fail()
			return nil
		}
	}
	d.fail()
	return nil
}

// str reads a string into *s (null leaves *s as it is).
func (d *decoder) str(s *string) {
	if d.null() {
		return
	}
	if d.peek() != '"' {
		d.fail()
		return
	}
	start := d.i + 1
	j := start
	for ; j < len(d.data); j++ {
		c := d.data[j]
		if c == '"' {
			raw := d.data[start:j]
			if !utf8.Valid(raw) {
				d.fail()
				return
			}
			*s, d.i = string(raw), j+1
			return
		}
		if c == '\\' {
			break
		}
		if c < 0x20 {
			d.fail()
			return
		}
	}
	// Escapes: decode them into a copy.
	buf := make([]byte, 0, j-start+16)
	buf = append(buf, d.data[start:j]...)
	for j < len(d.data) {
		c := d.data[j]
		switch {
		case c == '"':
			if !utf8.Valid(buf) {
				d.fail()
				return
			}
			*s, d.i = string(buf), j+1
			return
		case c < 0x20:
			d.fail()
			return
		case c != '\\':
			buf = append(buf, c)
			j++
			continue
		}
		if j+1 >= len(d.data) {
			break
		}
		switch e := d.data[j+1]; e {
		case '"', '\\', '/':
			buf = append(buf, e)
		case 'b':
			buf = append(buf, '\b')
		case 'f':
			buf = append(buf, '\f')
		case 'n':
			buf = append(buf, '\n')
		case 'r':
			buf = append(buf, '\r')
		case 't':
			buf = append(buf, '\t')
		case 'u':
			r, ok := d.hex4(j + 2)
			if !ok {
				d.fail()
				return
			}
			j += 4
			if utf16.IsSurrogate(r) {
				// Only a proper pair; encoding/json's handling of a lone
				// surrogate is left to it.
				r2, ok := d.hex4(j + 4)
				if !ok || j+3 >= len(d.data) || d.data[j+2] != '\\' || d.data[j+3] != 'u' {
					d.fail()
					return
				}
				dec := utf16.DecodeRune(r, r2)
				if dec == utf8.RuneError {
					d.fail()
					return
				}
				r = dec
				j += 6
			}
			buf = utf8.AppendRune(buf, r)
		default:
			d.fail()
			return
		}
		j += 2
	}
	d.fail()
}

// hex4 decodes the 4 hex digits at data[at:].
func (d *decoder) hex4(at int) (rune, bool) {
	if at+4 > len(d.data) {
		return 0, false
	}
	var r rune
	for _, c := range d.data[at : at+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	return r, true
}

// int reads an integer into *n (null leaves *n as it is): only the plain
// form -?(0|[1-9][0-9]*) within int64, the form encoding/json accepts for
// an int64 without question.
func (d *decoder) int(n *int64) {
	if d.null() {
		return
	}
	j, neg := d.i, false
	if j < len(d.data) && d.data[j] == '-' {
		neg = true
		j++
	}
	start := j
	var v uint64
	for ; j < len(d.data) && '0' <= d.data[j] && d.data[j] <= '9'; j++ {
		if j-start >= 18 { // 19 digits and more: leave to encoding/json
			d.fail()
			return
		}
		v = v*10 + uint64(d.data[j]-'0')
	}
	if j == start || (d.data[start] == '0' && j-start > 1) {
		d.fail()
		return
	}
	if j < len(d.data) {
		switch d.data[j] {
		case '.', 'e', 'E':
			d.fail()
			return
		}
	}
	d.i = j
	if neg {
		*n = -int64(v)
	} else {
		*n = int64(v)
	}
}

// bool reads true or false into *b (null leaves *b as it is).
func (d *decoder) bool(b *bool) {
	switch d.peek() {
	case 'n':
		d.literal("null")
	case 't':
		d.literal("true")
		*b = true
	case 'f':
		d.literal("false")
		*b = false
	default:
		d.fail()
	}
}

// skip reads and checks one value of any kind.
func (d *decoder) skip() {
	switch d.peek() {
	case '{':
		var m members
		if d.obj() {
			for d.next(&m, nil) >= 0 {
			}
		}
	case '[':
		if d.arr() {
			for n := 0; d.more(&n); {
				d.skip()
			}
		}
	case '"':
		var s string
		d.str(&s)
	case 't':
		d.literal("true")
	case 'f':
		d.literal("false")
	case 'n':
		d.literal("null")
	default:
		d.number()
	}
}

// object reads an object into x (null leaves x as it is), field reading
// the value of the member whose key is keys[k]. field is a plain function,
// not a closure, so that nothing is allocated for it.
func object[T any](d *decoder, x *T, keys []string, field func(*decoder, *T, int)) {
	if !d.obj() {
		return
	}
	var m members
	for k := d.next(&m, keys); k >= 0; k = d.next(&m, keys) {
		field(d, x, k)
	}
}

// objects reads an array of objects as encoding/json reads it into a
// slice: null gives nil, [] an empty slice, and each element is decoded
// from its zero value.
func objects[T any](d *decoder, keys []string, field func(*decoder, *T, int)) []T {
	if !d.arr() {
		return nil
	}
	out := []T{}
	for n := 0; d.more(&n); {
		var zero T
		out = append(out, zero)
		object(d, &out[len(out)-1], keys, field)
	}
	return out
}

// strs reads an array of strings, as objects does.
func (d *decoder) strs() []string {
	if !d.arr() {
		return nil
	}
	out := []string{}
	for n := 0; d.more(&n); {
		out = append(out, "")
		d.str(&out[len(out)-1])
	}
	return out
}

var recordKeys = []string{
	"code", "name", "updatedAt", "executionMethods", "executionCases", "executionSteps",
	"description", "requirementsAndConditions", "note", "returningMethods",
	"isWard", "isDistrict", "isProvince", "isMinistry", "isOtherAgency", "isUndetermined", "isFullProcess",
	"categoriesDetails", "category", "departmentsExecuting", "unitGroupsExecuting", "departmentsAuthority",
	"unitGroupsAuthority", "legalBasisesDetails", "resultsDetails", "subjectTypesDetails", "cases", "procedureProposal",
}

func (d *decoder) record(r *record) {
	if d.peek() != '{' { // null or another kind: encoding/json's business
		d.fail()
		return
	}
	object(d, r, recordKeys, recordField)
}

func recordField(d *decoder, r *record, k int) {
	switch k {
	case 0:
		d.str(&r.Code)
	case 1:
		d.str(&r.Name)
	case 2:
		d.int(&r.UpdatedAt)
	case 3:
		r.ExecutionMethods = objects(d, methodKeys, methodField)
	case 4:
		r.ExecutionCases = objects(d, docCaseKeys, docCaseField)
	case 5:
		r.ExecutionSteps = objects(d, stepKeys, stepField)
	case 6:
		d.str(&r.Description)
	case 7:
		d.str(&r.RequirementsAndConditions)
	case 8:
		d.str(&r.Note)
	case 9:
		r.ReturningMethods = objects(d, returningKeys, returningField)
	case 10:
		d.bool(&r.IsWard)
	case 11:
		if !d.null() {
			r.IsDistrict = new(bool)
			d.bool(r.IsDistrict)
		}
	case 12:
		d.bool(&r.IsProvince)
	case 13:
		d.bool(&r.IsMinistry)
	case 14:
		d.bool(&r.IsOtherAgency)
	case 15:
		d.bool(&r.IsUndetermined)
	case 16:
		d.bool(&r.IsFullProcess)
	case 17:
		r.CategoriesDetails = objects(d, namedKeys, namedField)
	case 18:
		if !d.null() {
			r.Category = new(named)
			object(d, r.Category, namedKeys, namedField)
		}
	case 19:
		r.DepartmentsExecuting = objects(d, namedKeys, namedField)
	case 20:
		r.UnitGroupsExecuting = objects(d, namedKeys, namedField)
	case 21:
		r.DepartmentsAuthority = objects(d, namedKeys, namedField)
	case 22:
		r.UnitGroupsAuthority = objects(d, namedKeys, namedField)
	case 23:
		r.LegalBasisesDetails = objects(d, namedKeys, namedField)
	case 24:
		r.ResultsDetails = objects(d, namedKeys, namedField)
	case 25:
		r.SubjectTypesDetails = objects(d, namedKeys, namedField)
	case 26:
		r.Cases = objects(d, variantKeys, variantField)
	case 27:
		if !d.null() {
			r.ProcedureProposal = new(proposal)
			object(d, r.ProcedureProposal, proposalKeys, proposalField)
		}
	}
}

var namedKeys = []string{"id", "name", "code"}

func namedField(d *decoder, n *named, k int) {
	switch k {
	case 0:
		d.str(&n.ID)
	case 1:
		d.str(&n.Name)
	case 2:
		d.str(&n.Code)
	}
}

var methodKeys = []string{"submissionMethod", "processingTime", "processingTimeUnit", "description", "fees"}

func methodField(d *decoder, m *method, k int) {
	switch k {
	case 0:
		d.str(&m.SubmissionMethod)
	case 1:
		d.int(&m.ProcessingTime)
	case 2:
		d.str(&m.ProcessingTimeUnit)
	case 3:
		d.str(&m.Description)
	case 4:
		m.Fees = objects(d, feeKeys, feeField)
	}
}

var feeKeys = []string{"type", "value", "currencyId", "currencyName", "description"}

func feeField(d *decoder, f *fee, k int) {
	switch k {
	case 0:
		d.str(&f.Type)
	case 1:
		d.int(&f.Value)
	case 2:
		d.str(&f.CurrencyID)
	case 3:
		d.str(&f.CurrencyName)
	case 4:
		d.str(&f.Description)
	}
}

var docCaseKeys = []string{"name", "profileComponents"}

func docCaseField(d *decoder, c *docCase, k int) {
	switch k {
	case 0:
		d.str(&c.Name)
	case 1:
		c.ProfileComponents = objects(d, componentKeys, componentField)
	}
}

var componentKeys = []string{"name", "code", "originalQty", "copyQty", "required", "hasElectronicForm", "attachments"}

func componentField(d *decoder, c *component, k int) {
	switch k {
	case 0:
		d.str(&c.Name)
	case 1:
		d.str(&c.Code)
	case 2:
		d.int(&c.OriginalQty)
	case 3:
		d.int(&c.CopyQty)
	case 4:
		d.bool(&c.Required)
	case 5:
		d.bool(&c.EForm)
	case 6:
		c.Attachments = objects(d, attachmentKeys, attachmentField)
	}
}

var attachmentKeys = []string{"fileName"}

func attachmentField(d *decoder, a *attachment, _ int) { d.str(&a.FileName) }

var stepKeys = []string{"name", "description"}

func stepField(d *decoder, s *step, k int) {
	switch k {
	case 0:
		d.str(&s.Name)
	case 1:
		d.str(&s.Description)
	}
}

var returningKeys = []string{"type", "value"}

func returningField(d *decoder, r *returning, k int) {
	switch k {
	case 0:
		d.str(&r.Type)
	case 1:
		r.Value = d.strs()
	}
}

var (
	variantKeys       = []string{"code", "name", "processingDay"}
	processingDayKeys = []string{"qty", "type"}
)

func variantField(d *decoder, v *variant, k int) {
	switch k {
	case 0:
		d.str(&v.Code)
	case 1:
		d.str(&v.Name)
	case 2:
		object(d, v, processingDayKeys, processingDayField)
	}
}

func processingDayField(d *decoder, v *variant, k int) {
	switch k {
	case 0:
		d.int(&v.ProcessingDay.Qty)
	case 1:
		d.str(&v.ProcessingDay.Type)
	}
}

var proposalKeys = []string{"proposalNumber", "decisionDate"}

func proposalField(d *decoder, p *proposal, k int) {
	switch k {
	case 0:
		d.str(&p.ProposalNumber)
	case 1:
		if !d.null() {
			p.DecisionDate = new(int64)
			d.int(p.DecisionDate)
		}
	}
}

// number reads and checks a JSON number of any form.
func (d *decoder) number() {
	j := d.i
	digits := func() bool {
		s := j
		for j < len(d.data) && '0' <= d.data[j] && d.data[j] <= '9' {
			j++
		}
		return j > s
	}
	if j < len(d.data) && d.data[j] == '-' {
		j++
	}
	if j < len(d.data) && d.data[j] == '0' {
		j++
	} else if !digits() {
		d.fail()
		return
	}
	if j < len(d.data) && d.data[j] == '.' {
		j++
		if !digits() {
			d.fail()
			return
		}
	}
	if j < len(d.data) && (d.data[j] == 'e' || d.data[j] == 'E') {
		j++
		if j < len(d.data) && (d.data[j] == '+' || d.data[j] == '-') {
			j++
		}
		if !digits() {
			d.fail()
			return
		}
	}
	d.i = j
}
