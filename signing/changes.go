package signing

import (
	"fmt"
	"maps"
	"slices"
)

// Classification of what an incremental update changed, object by object.
// The old view is the file as a signature signed it, the new view a later
// revision; both are parsed by the package's parser from the same bytes,
// cut at the end of each revision.

// maxWalk bounds the objects visited by one walk of a document.
const maxWalk = 1 << 20

// docIndex says which role each object of a revision plays.
type docIndex struct {
	f           *pdfFile
	root        int
	catalog     pdfDict
	acroNum     int // indirect AcroForm, or -1
	fieldsNum   int // indirect /Fields array, or -1
	fields      map[int]fieldNode
	sigDicts    map[int]int // signature dictionary -> its field
	pages       map[int]bool
	pageNodes   map[int]bool
	annotsArray map[int]bool // indirect /Annots arrays
	annots      map[int]bool // annotations that are not form fields
	appearance  map[int]int  // appearance stream -> its annotation or field
	dss         map[int]bool
	info        int // trailer /Info, or -1
	metadata    int // the catalog's XMP /Metadata stream, or -1
}

type fieldNode struct {
	name    string // fully qualified name
	sig     bool   // field type /Sig (inherited)
	docTS   bool   // its signature is a document timestamp
	signed  bool   // has /V
	widget  bool   // a widget annotation
	hasName bool   // has /T
	visible bool   // has an appearance or a rectangle with an area
}

// visible reports whether a widget can show anything.
func visible(d pdfDict) bool {
	if d["AP"] != nil {
		return true
	}
	r, _ := d["Rect"].(pdfArray)
	if len(r) != 4 {
		return false
	}
	num := func(v any) float64 {
		switch x := v.(type) {
		case int64:
			return float64(x)
		case pdfReal:
			return float64(x)
		}
		return 0
	}
	return num(r[2]) != num(r[0]) && num(r[3]) != num(r[1])
}

// sigLevel is the level of adding signature field fn: a signature, a
// document timestamp, or, for an empty field that shows something, an
// annotation (it can draw over the page like one).
func sigLevel(fn fieldNode) Changes {
	switch {
	case fn.docTS:
		return ChangesValidationData
	case !fn.signed && fn.visible:
		return ChangesAnnotations
	}
	return ChangesSignatures
}

func refNum(v any) int {
	if r, ok := v.(pdfRef); ok {
		return r.Num
	}
	return -1
}

func indexDoc(f *pdfFile) (*docIndex, error) {
	ix := &docIndex{
		f: f, root: refNum(f.trailer["Root"]), acroNum: -1, fieldsNum: -1, info: refNum(f.trailer["Info"]),
		fields: map[int]fieldNode{}, sigDicts: map[int]int{}, pages: map[int]bool{}, pageNodes: map[int]bool{},
		annotsArray: map[int]bool{}, annots: map[int]bool{}, appearance: map[int]int{}, dss: map[int]bool{},
	}
	cat, err := f.dict(f.trailer["Root"])
	if err != nil {
		return nil, err
	}
	ix.catalog = cat
	if cat == nil {
		return ix, nil
	}
	ix.metadata = refNum(cat["Metadata"])
	if err := ix.walkFields(); err != nil {
		return nil, err
	}
	if err := ix.walkPages(); err != nil {
		return nil, err
	}
	if cat["DSS"] != nil {
		for n := range reachable(f, []any{cat["DSS"]}, nil) {
			ix.dss[n] = true
		}
	}
	return ix, nil
}

func (ix *docIndex) addAppearance(owner int, d pdfDict) {
	ap, err := ix.f.dict(d["AP"])
	if err != nil || ap == nil {
		return
	}
	if n := refNum(d["AP"]); n >= 0 {
		ix.appearance[n] = owner
	}
	for _, k := range []pdfName{"N", "R", "D"} {
		v := ap[k]
		if n := refNum(v); n >= 0 {
			ix.appearance[n] = owner
			v, _ = ix.f.resolve(v)
		}
		if states, ok := v.(pdfDict); ok {
			for _, s := range states {
				if n := refNum(s); n >= 0 {
					ix.appearance[n] = owner
				}
			}
		}
	}
}

func (ix *docIndex) walkFields() error {
	f := ix.f
	ix.acroNum = refNum(ix.catalog["AcroForm"])
	acro, err := f.dict(ix.catalog["AcroForm"])
	if err != nil || acro == nil {
		return err
	}
	ix.fieldsNum = refNum(acro["Fields"])
	fv, err := f.resolve(acro["Fields"])
	if err != nil {
		return err
	}
	arr, _ := fv.(pdfArray)
	type item struct {
		v      any
		sig    bool
		signed bool
		prefix string
		depth  int
	}
	var stack []item
	for i := len(arr) - 1; i >= 0; i-- {
		stack = append(stack, item{v: arr[i]})
	}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		num := refNum(it.v)
		if num < 0 || it.depth > f.b.lim.MaxDepth || len(ix.fields) > maxFields {
			continue
		}
		if _, seen := ix.fields[num]; seen {
			continue
		}
		d, err := f.dict(it.v)
		if err != nil {
			return err
		}
		if d == nil {
			continue
		}
		sig := it.sig
		if ft, ok := d["FT"]; ok {
			sig = ft == pdfName("Sig")
		}
		t, hasName := d["T"].(pdfString)
		name := it.prefix
		if hasName {
			if name != "" {
				name += "."
			}
			name += textString(t)
		}
		node := fieldNode{name: name, sig: sig, signed: d["V"] != nil || it.signed, widget: d["Subtype"] == pdfName("Widget"),
			hasName: hasName, visible: visible(d)}
		if sig {
			if vn := refNum(d["V"]); vn >= 0 {
				ix.sigDicts[vn] = num
				if sd, err := f.dict(d["V"]); err == nil && isDocTimestamp(sd) {
					node.docTS = true
				}
			}
		}
		ix.fields[num] = node
		ix.addAppearance(num, d)
		kv, err := f.resolve(d["Kids"])
		if err != nil {
			return err
		}
		if kids, ok := kv.(pdfArray); ok {
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, item{v: kids[i], sig: sig, signed: node.signed, prefix: name, depth: it.depth + 1})
			}
		}
	}
	return nil
}

func (ix *docIndex) walkPages() error {
	f := ix.f
	type item struct {
		v     any
		depth int
	}
	stack := []item{{v: ix.catalog["Pages"]}}
	for len(stack) > 0 {
		it := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		num := refNum(it.v)
		if num < 0 || ix.pages[num] || ix.pageNodes[num] || it.depth > f.b.lim.MaxDepth || len(ix.pages)+len(ix.pageNodes) > maxWalk {
			continue
		}
		d, err := f.dict(it.v)
		if err != nil {
			return err
		}
		if d == nil {
			continue
		}
		kv, err := f.resolve(d["Kids"])
		if err != nil {
			return err
		}
		if kids, ok := kv.(pdfArray); ok && d["Type"] != pdfName("Page") {
			ix.pageNodes[num] = true
			for i := len(kids) - 1; i >= 0; i-- {
				stack = append(stack, item{v: kids[i], depth: it.depth + 1})
			}
			continue
		}
		ix.pages[num] = true
		if n := refNum(d["Annots"]); n >= 0 {
			ix.annotsArray[n] = true
		}
		av, err := f.resolve(d["Annots"])
		if err != nil {
			return err
		}
		arr, _ := av.(pdfArray)
		for _, a := range arr {
			an := refNum(a)
			if an < 0 {
				continue
			}
			if _, isField := ix.fields[an]; isField {
				continue
			}
			ad, err := f.dict(a)
			if err != nil || ad == nil {
				continue
			}
			if ad["Subtype"] == pdfName("Widget") {
				// A widget of a field listed through its parent.
				ix.fields[an] = fieldNode{widget: true, sig: ix.parentIsSig(ad), name: qualifiedName(f, ad)}
			} else {
				ix.annots[an] = true
			}
			ix.addAppearance(an, ad)
		}
	}
	return nil
}

func (ix *docIndex) parentIsSig(d pdfDict) bool {
	for range maxDepth {
		if ft, ok := d["FT"]; ok {
			return ft == pdfName("Sig")
		}
		p, err := ix.f.dict(d["Parent"])
		if err != nil || p == nil {
			return false
		}
		d = p
	}
	return false
}

func isDocTimestamp(d pdfDict) bool {
	return d != nil && (d["Type"] == pdfName("DocTimeStamp") || d["SubFilter"] == pdfName("ETSI.RFC3161"))
}

// reachable returns the objects reachable from the values in from,
// following references, without entering objects in stop.
func reachable(f *pdfFile, from []any, stop map[int]bool) map[int]bool {
	seen := map[int]bool{}
	stack := slices.Clone(from)
	for len(stack) > 0 && len(seen) < maxWalk && f.b.step() == nil {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch t := v.(type) {
		case pdfRef:
			if seen[t.Num] || stop[t.Num] {
				continue
			}
			seen[t.Num] = true
			o, err := f.load(t)
			if err == nil && o != nil {
				stack = append(stack, o)
			}
		case pdfDict:
			for _, k := range slices.Sorted(maps.Keys(t)) {
				if k == "Parent" || k == "P" {
					continue // back links up the tree
				}
				stack = append(stack, t[k])
			}
		case pdfArray:
			stack = append(stack, t...)
		case *pdfStream:
			stack = append(stack, t.Dict)
		}
	}
	return seen
}

// equalValues compares two PDF values deeply (references by number).
func equalValues(a, b any) bool {
	switch x := a.(type) {
	case pdfDict:
		y, ok := b.(pdfDict)
		if !ok || len(x) != len(y) {
			return false
		}
		for k, v := range x {
			w, ok := y[k]
			if !ok || !equalValues(v, w) {
				return false
			}
		}
		return true
	case pdfArray:
		y, ok := b.(pdfArray)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(x[i], y[i]) {
				return false
			}
		}
		return true
	case *pdfStream:
		y, ok := b.(*pdfStream)
		return ok && x.Offset == y.Offset && x.Length == y.Length && equalValues(x.Dict, y.Dict)
	}
	return a == b
}

// changedKeys returns the keys whose values differ, sorted.
func changedKeys(a, b pdfDict) []pdfName {
	var out []pdfName
	for k, v := range a {
		if w, ok := b[k]; !ok || !equalValues(v, w) {
			out = append(out, k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

// classifier compares two revisions.
type classifier struct {
	old, cur *pdfFile
	oi, ci   *docIndex
	level    Changes
	details  []string
	filled   []string        // names of the form fields filled in
	assigned map[int]Changes // new objects already given a level
}

func (c *classifier) note(l Changes, format string, args ...any) {
	if l > c.level {
		c.level = l
	}
	msg := fmt.Sprintf("%s: ", l) + fmt.Sprintf(format, args...)
	if len(c.details) < 32 && !slices.Contains(c.details, msg) {
		c.details = append(c.details, msg)
	}
}

// classifyUpdate returns what changed from the old revision to the new one,
// a line per change, and the names of the form fields filled in.
func classifyUpdate(old, cur *pdfFile) (Changes, []string, []string) {
	c := &classifier{old: old, cur: cur, level: ChangesNone, assigned: map[int]Changes{}}
	c.run()
	slices.Sort(c.filled)
	return c.level, c.details, slices.Compact(c.filled)
}

func (c *classifier) run() {
	oldTop := c.old.sections[0].Offset
	idx := slices.IndexFunc(c.cur.sections, func(s xrefSection) bool { return s.Offset == oldTop })
	if idx < 0 {
		c.note(ChangesOther, "the later revision is not an incremental update of the signed one")
		return
	}
	if idx == 0 {
		c.note(ChangesOther, "bytes were added after the signed revision without a new cross-reference section")
		return
	}
	fresh := c.cur.sections[:idx]
	skip := map[int64]bool{}
	for _, s := range fresh {
		if s.Offset < c.old.size {
			c.note(ChangesOther, "a new cross-reference section lies inside the signed bytes")
			return
		}
		skip[s.Offset] = true
		if x, ok := s.Trailer["XRefStm"].(int64); ok {
			skip[x] = true
		}
	}
	if !equalValues(c.old.trailer["Root"], c.cur.trailer["Root"]) {
		c.note(ChangesOther, "the document catalog was replaced")
		return
	}
	var err error
	if c.oi, err = indexDoc(c.old); err != nil {
		c.note(ChangesOther, "the signed revision cannot be read: %v", err)
		return
	}
	if c.ci, err = indexDoc(c.cur); err != nil {
		c.note(ChangesOther, "the later revision cannot be read: %v", err)
		return
	}
	// The numbers the fresh sections list, in order (the newest
	// section listing a number is fresh when any is): each changed one
	// classified, those whose role is not known yet marked by their place
	// in the table.
	var unassigned []uint64
	k := -1
	for r := range c.cur.xref.all {
		k++
		if int(r.sec) >= idx {
			continue
		}
		if c.cur.b.step() != nil {
			return
		}
		num := int(r.num)
		e := r.entry()
		o, had := c.old.xref.get(num)
		if (had && o == e) || (e.Type == 0 && (!had || o.Type == 0)) {
			continue // unchanged, or free before and after
		}
		if e.Type == 1 && skip[e.Offset] {
			continue // the cross-reference stream itself
		}
		if c.cur.b.check() != nil {
			return
		}
		if !c.object(num) {
			if unassigned == nil {
				unassigned = make([]uint64, (c.cur.xref.len()+63)/64)
			}
			unassigned[k/64] |= 1 << (k % 64)
		}
	}
	if unassigned != nil {
		c.unassigned(unassigned)
	}
}

func (c *classifier) existed(num int) (any, bool) {
	e, ok := c.old.xref.get(num)
	if !ok || e.Type == 0 {
		return nil, false
	}
	gen := 0
	if e.Type == 1 {
		gen = e.Gen
	}
	v, err := c.old.load(pdfRef{Num: num, Gen: gen})
	if err != nil || v == nil {
		return nil, false
	}
	return v, true
}

func (c *classifier) current(num int) any {
	e, _ := c.cur.xref.get(num)
	gen := 0
	if e.Type == 1 {
		gen = e.Gen
	}
	v, err := c.cur.transient(pdfRef{Num: num, Gen: gen})
	if err != nil {
		return nil
	}
	return v
}

func dictOf(v any) pdfDict {
	switch t := v.(type) {
	case pdfDict:
		return t
	case *pdfStream:
		return t.Dict
	}
	return nil
}

// object classifies one changed object; it returns false for a new object
// whose role is not known yet.
func (c *classifier) object(num int) bool {
	oldV, had := c.existed(num)
	if e, _ := c.cur.xref.get(num); e.Type == 0 {
		c.note(ChangesOther, "object %d was deleted", num)
		return true
	}
	curV := c.current(num)
	if s, ok := curV.(*pdfStream); ok && (s.Dict["Type"] == pdfName("ObjStm") || s.Dict["Type"] == pdfName("XRef")) {
		return true // a container: its objects are classified one by one
	}
	if curV == nil && had {
		c.note(ChangesOther, "object %d was deleted", num)
		return true
	}
	nd, od := dictOf(curV), dictOf(oldV)
	ci := c.ci
	switch {
	case num == ci.root:
		c.catalog(od, nd)
	case num == ci.acroNum:
		oa, _ := c.old.dict(c.oi.catalog["AcroForm"])
		c.acroForm(oa, nd)
	case num == ci.fieldsNum:
		oa, _ := oldV.(pdfArray)
		na, _ := curV.(pdfArray)
		c.fieldList(oa, na)
	case hasKey(ci.sigDicts, num):
		if had {
			c.note(ChangesOther, "signature dictionary %d was changed", num)
		} else if isDocTimestamp(nd) {
			c.own(num, ChangesValidationData, "document timestamp %d added", num)
		} else {
			c.own(num, ChangesSignatures, "signature %d added", num)
		}
	case hasKey(ci.fields, num):
		c.field(num, od, nd, had)
	case ci.pages[num]:
		c.page(num, od, nd)
	case ci.annotsArray[num]:
		oa, _ := oldV.(pdfArray)
		na, _ := curV.(pdfArray)
		c.annotList(num, oa, na)
	case ci.pageNodes[num]:
		c.note(ChangesOther, "page tree node %d was changed", num)
	case ci.annots[num]:
		if had {
			c.own(num, ChangesAnnotations, "annotation %d was changed", num)
		} else {
			c.own(num, ChangesAnnotations, "annotation %d was added", num)
		}
	case hasKey(ci.appearance, num):
		c.appearanceStream(num)
	case ci.dss[num]:
		c.own(num, ChangesValidationData, "validation data object %d", num)
	case num == ci.info && ci.info >= 0:
		// Writers update /ModDate and /Producer on every save.
		c.note(ChangesValidationData, "document information dictionary %d was updated", num)
	case num == ci.metadata && ci.metadata >= 0:
		c.note(ChangesValidationData, "document metadata (XMP) %d was updated", num)
	case had:
		c.note(ChangesOther, "object %d%s was changed", num, describe(od))
	default:
		return false
	}
	return true
}

func hasKey[V any](m map[int]V, k int) bool {
	_, ok := m[k]
	return ok
}

func describe(d pdfDict) string {
	if d == nil {
		return ""
	}
	if t, ok := d["Type"].(pdfName); ok {
		return " (/" + string(t) + ")"
	}
	return ""
}

// own gives level l to object num and to the new objects it leads to.
func (c *classifier) own(num int, l Changes, format string, args ...any) {
	c.note(l, format, args...)
	c.assigned[num] = l
	v := c.current(num)
	for n := range reachable(c.cur, []any{v}, nil) {
		if _, had := c.existed(n); !had {
			if cur, ok := c.assigned[n]; !ok || l > cur {
				c.assigned[n] = l
			}
		}
	}
}

func (c *classifier) catalog(od, nd pdfDict) {
	for _, k := range changedKeys(od, nd) {
		switch k {
		case "AcroForm":
			oa, _ := c.old.dict(od["AcroForm"])
			na, _ := c.cur.dict(nd["AcroForm"])
			c.acroForm(oa, na)
		case "DSS", "Extensions":
			c.own(c.ci.root, ChangesValidationData, "catalog /%s changed (validation data)", k)
		case "Metadata", "Version":
			c.note(ChangesValidationData, "catalog /%s updated", k)
		default:
			c.note(ChangesOther, "catalog /%s was changed", k)
		}
	}
}

func (c *classifier) acroForm(od, nd pdfDict) {
	for _, k := range changedKeys(od, nd) {
		switch k {
		case "Fields":
			ov, _ := c.old.resolve(od["Fields"])
			nv, _ := c.cur.resolve(nd["Fields"])
			oa, _ := ov.(pdfArray)
			na, _ := nv.(pdfArray)
			c.fieldList(oa, na)
		case "SigFlags":
			c.note(ChangesSignatures, "form /SigFlags set")
		case "DA", "DR":
			// Default appearance and resources, as signers add fonts for
			// their signature appearance.
			c.note(ChangesSignatures, "form /%s changed", k)
		case "NeedAppearances":
			// Readers regenerate the appearance of every field.
			c.note(ChangesFormFilling, "form /%s changed", k)
		default:
			c.note(ChangesOther, "form /%s was changed", k)
		}
	}
}

func refSet(a pdfArray) (map[int]bool, bool) {
	m := map[int]bool{}
	direct := false
	for _, v := range a {
		if n := refNum(v); n >= 0 {
			m[n] = true
		} else {
			direct = true
		}
	}
	return m, direct
}

func (c *classifier) fieldList(oa, na pdfArray) {
	om, _ := refSet(oa)
	nm, direct := refSet(na)
	if direct {
		c.note(ChangesOther, "a form field was added as a direct object")
	}
	for _, n := range slices.Sorted(maps.Keys(om)) {
		if !nm[n] {
			c.note(ChangesOther, "form field %d was removed", n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(nm)) {
		if om[n] {
			continue
		}
		fn := c.ci.fields[n]
		if fn.sig {
			c.note(sigLevel(fn), "signature field %d added", n)
		} else {
			c.note(ChangesOther, "form field %d was added", n)
		}
	}
}

func (c *classifier) field(num int, od, nd pdfDict, had bool) {
	fn := c.ci.fields[num]
	if !had {
		if fn.sig {
			c.own(num, sigLevel(fn), "signature field %d added", num)
		} else {
			c.note(ChangesOther, "form field or widget %d was added", num)
		}
		return
	}
	oldSigned := od["V"] != nil
	for _, k := range changedKeys(od, nd) {
		switch {
		case fn.sig && !oldSigned && (k == "V" || k == "AP" || k == "AS"):
			c.own(num, sigLevel(fn), "empty signature field %d: /%s", num, k)
		case fn.sig:
			c.note(ChangesOther, "signed signature field %d: /%s was changed", num, k)
		case k == "V" || k == "AS" || k == "AP":
			c.own(num, ChangesFormFilling, "form field %d: /%s filled in", num, k)
			c.filled = append(c.filled, fn.name)
		default:
			c.note(ChangesOther, "form field %d: /%s was changed", num, k)
		}
	}
}

func (c *classifier) page(num int, od, nd pdfDict) {
	for _, k := range changedKeys(od, nd) {
		if k != "Annots" {
			c.note(ChangesOther, "page object %d: /%s was changed", num, k)
			continue
		}
		ov, _ := c.old.resolve(od["Annots"])
		nv, _ := c.cur.resolve(nd["Annots"])
		oa, _ := ov.(pdfArray)
		na, _ := nv.(pdfArray)
		c.annotList(num, oa, na)
	}
}

func (c *classifier) annotList(num int, oa, na pdfArray) {
	om, _ := refSet(oa)
	nm, direct := refSet(na)
	if direct {
		c.note(ChangesAnnotations, "page %d: a direct annotation was added", num)
	}
	for _, n := range slices.Sorted(maps.Keys(om)) {
		if nm[n] {
			continue
		}
		if fn, ok := c.oi.fields[n]; ok && fn.sig {
			c.note(ChangesOther, "signature widget %d was removed from its page", n)
		} else {
			c.note(ChangesAnnotations, "annotation %d was removed", n)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(nm)) {
		if om[n] {
			continue
		}
		fn, isField := c.ci.fields[n]
		switch {
		case isField && fn.sig:
			c.note(sigLevel(fn), "signature widget %d added", n)
		case isField:
			c.note(ChangesOther, "form field widget %d was added", n)
		default:
			c.note(ChangesAnnotations, "annotation %d was added", n)
		}
	}
}

func (c *classifier) appearanceStream(num int) {
	owner := c.ci.appearance[num]
	fn, isField := c.ci.fields[owner]
	_, ownerHad := c.existed(owner)
	var oldSigned bool
	if isField && ownerHad {
		ov, _ := c.existed(owner)
		oldSigned = dictOf(ov)["V"] != nil
	}
	switch {
	case isField && fn.sig && (!ownerHad || !oldSigned):
		c.own(num, sigLevel(fn), "appearance %d of signature field %d", num, owner)
	case isField && fn.sig:
		c.note(ChangesOther, "appearance %d of signed field %d was changed", num, owner)
	case isField:
		c.own(num, ChangesFormFilling, "appearance %d of form field %d", num, owner)
		c.filled = append(c.filled, fn.name)
	default:
		c.own(num, ChangesAnnotations, "appearance %d of annotation %d", num, owner)
	}
}

// unassigned handles new objects with no role, those of the current
// revision's table whose places are set in marks: those reached from a
// classified object take its level; those the document uses otherwise are
// other changes; unreferenced ones change nothing a reader shows.
func (c *classifier) unassigned(marks []uint64) {
	var used map[int]bool
	k := -1
	for r := range c.cur.xref.all {
		k++
		if marks[k/64]&(1<<(k%64)) == 0 {
			continue
		}
		n := int(r.num)
		if c.cur.b.step() != nil {
			return
		}
		if _, ok := c.assigned[n]; ok {
			continue
		}
		if used == nil {
			used = reachable(c.cur, []any{c.cur.trailer["Root"], c.cur.trailer["Info"]}, nil)
		}
		if used[n] {
			c.note(ChangesOther, "new object %d%s is used by the document", n, describe(dictOf(c.current(n))))
		} else if len(c.details) < 32 {
			c.details = append(c.details, fmt.Sprintf("none: unreferenced object %d added", n))
		}
	}
}
