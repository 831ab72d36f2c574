package sheet

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/boundedio"
)

// Read reads a workbook in the layout of the package comment and returns
// the catalogue it describes, checked as by [catalog.New].
//
// A file that is not an xlsx workbook is an error wrapping [ErrNotXLSX]; one
// past a limit of limits.go ([MaxFileBytes], [MaxPartBytes],
// [MaxUnpackedBytes]) wraps [ErrTooLarge]. Problems of content are all
// reported together in an [*Error], each naming its sheet and cell. Cells
// are trimmed of surrounding spaces; sheets other than the layout's are
// ignored. Worksheets are read as streams, row by row; ctx is checked
// between sheets and every 1,024 rows, and its error ends the read.
//
// r is read from its position to its end. A workbook already in memory,
// in a *bytes.Reader (or any reader with ReadAt, Seek and Size methods,
// such as *strings.Reader and *io.SectionReader), is read in place without
// a copy, and r is left at its end as if read.
func Read(ctx context.Context, r io.Reader) (*catalog.Catalog, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("sheet: %w", err)
	}
	ra, size, err := readWorkbook(r)
	switch {
	case errors.Is(err, boundedio.ErrTooLarge):
		return nil, fmt.Errorf("%w: more than MaxFileBytes (%d bytes)", ErrTooLarge, MaxFileBytes)
	case err != nil:
		return nil, fmt.Errorf("sheet: read workbook: %w", err)
	}
	p, err := openPackage(ctx, ra, size)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, fmt.Errorf("sheet: %w", ctx.Err())
		}
		return nil, err
	}
	rd := reader{p: p}
	return rd.read(ctx)
}

// sizedReaderAt is a reader whose bytes can be read in place: a
// *bytes.Reader, a *strings.Reader, an *io.SectionReader.
type sizedReaderAt interface {
	io.ReaderAt
	io.Seeker
	Size() int64
}

// readWorkbook returns the workbook's bytes from r's position to its end,
// at most MaxFileBytes of them: read in place from a [sizedReaderAt]
// (which is then at its end, as if read), so a workbook in memory is not
// copied, and otherwise read into memory.
func readWorkbook(r io.Reader) (io.ReaderAt, int64, error) {
	if sr, ok := r.(sizedReaderAt); ok {
		pos, err := sr.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, 0, err
		}
		size := max(sr.Size()-pos, 0)
		if size > MaxFileBytes {
			return nil, 0, boundedio.ErrTooLarge
		}
		if _, err := sr.Seek(0, io.SeekEnd); err != nil {
			return nil, 0, err
		}
		return io.NewSectionReader(sr, pos, size), size, nil
	}
	data, err := boundedio.ReadAll(r, MaxFileBytes)
	if err != nil {
		return nil, 0, err
	}
	return bytes.NewReader(data), int64(len(data)), nil
}

// reader holds the state of one Read.
type reader struct {
	p        *pkg
	problems []CellError
	more     int // problems found beyond MaxProblems
	// procs holds the procedures read, in the catalogue's compact form:
	// procedure i is the one of row rows[i] of SheetProcedures.
	procs catalog.Builder
	rows  []int32
	bad   []bool // procedure has a problem already reported
	keys  keyTable
	// nums holds the numbering of the cases and channels of the
	// procedures that have some, by procedure.
	nums map[int]*numbering
	// lists holds the items of list cells already split, by cell text;
	// see list.
	lists map[string][]string
}

// numbering is the numbering of a procedure's cases and channels.
type numbering struct {
	// cases[n] is the index in Cases of case number n.
	cases, channels map[int]int
	// caseNums[k] is the number of Cases[k] until they are sorted;
	// chanNums likewise for Channels.
	caseNums, chanNums []int
}

// numbering returns procedure i's numbering, made on first use.
func (rd *reader) numbering(i int) *numbering {
	n := rd.nums[i]
	if n == nil {
		if rd.nums == nil {
			rd.nums = map[int]*numbering{}
		}
		n = &numbering{cases: map[int]int{}, channels: map[int]int{}}
		rd.nums[i] = n
	}
	return n
}

// edit changes procedure i with fn.
func (rd *reader) edit(i int, fn func(p *catalog.Procedure)) {
	p, _ := rd.procs.Procedure(i)
	fn(&p)
	rd.procs.Set(i, p)
}

// grow makes room for n procedures at once: growing the tables row by
// row would hold the old and the new arrays together, near twice the
// catalogue's largest part, at the end of a big sheet.
func (rd *reader) grow(n int) {
	rd.procs.Grow(n)
	rd.rows = slices.Grow(rd.rows, n)
	rd.bad = slices.Grow(rd.bad, n)
	rd.keys.reserve(n)
}

// problem records a problem at column col of row on sheet.
func (rd *reader) problem(sheet string, col, row int, err error) {
	rd.add(CellError{Sheet: sheet, Cell: cellName(col, row), Err: err})
}

// add records a problem, or counts it beyond MaxProblems.
func (rd *reader) add(e CellError) {
	if len(rd.problems) >= MaxProblems {
		rd.more++
		return
	}
	rd.problems = append(rd.problems, e)
}

// table is the layout of one sheet as its header row maps it.
type table struct {
	name  string
	cols  []column
	found []bool
	pos   []int // layout column -> sheet column
}

type tableRow struct {
	num   int
	cells []string
}

func (rd *reader) read(ctx context.Context) (*catalog.Catalog, error) {
	// Each sheet is read as a stream, its rows handled as they come; the
	// sheets that refer to procedures, cases or channels come after the
	// sheets that define them.
	steps := []struct {
		name     string
		cols     []column
		required bool
		each     func(*table, tableRow)
		after    func()
	}{
		{SheetProcedures, procColumns, true, rd.procedure, nil},
		{SheetCases, caseColumns, false, rd.caseRow, func() {
			for i, n := range rd.nums {
				rd.edit(i, func(p *catalog.Procedure) { p.Cases = sortByNumber(p.Cases, n.caseNums, n.cases) })
			}
		}},
		{SheetDocuments, docColumns, false, rd.document, nil},
		{SheetChannels, channelColumns, false, rd.channel, func() {
			for i, n := range rd.nums {
				rd.edit(i, func(p *catalog.Procedure) { p.Channels = sortByNumber(p.Channels, n.chanNums, n.channels) })
			}
		}},
		{SheetFees, feeColumns, false, rd.fee, nil},
		{SheetSteps, stepColumns, false, rd.step, nil},
		{SheetVariants, variantColumns, false, rd.variant, nil},
		{SheetLegalRefs, legalColumns, false, rd.legalRef, nil},
	}
	if s, _ := rd.p.wb.Lookup(SheetProcedures); s.Present() {
		rd.grow(countRows(ctx, s.Open))
	}
	for _, st := range steps {
		if err := rd.table(ctx, st.name, st.cols, st.required, st.each); err != nil {
			return nil, err
		}
		if st.after != nil {
			st.after()
		}
	}
	note, infoRows := "", 0
	err := rd.table(ctx, SheetInfo, infoColumns, false, func(t *table, row tableRow) {
		if infoRows++; infoRows > 1 {
			rd.problem(SheetInfo, t.pos[0], row.num, errorf(ErrDuplicate, "the note is the one cell below the header; row %d has another", row.num))
			return
		}
		note = row.cells[0]
	})
	if err != nil {
		return nil, err
	}
	// Check the procedures without cell problems as catalog.New would, and
	// report its problems at the procedure's row.
	// The procedures without a problem go to the catalogue without a copy.
	for i, bad := range rd.bad {
		if bad {
			rd.procs.Exclude(i)
		}
	}
	rd.bad, rd.keys, rd.nums, rd.lists = nil, keyTable{}, nil, nil
	c, err := rd.procs.Build()
	var ce *catalog.ConsistencyError
	if errors.As(err, &ce) {
		for _, p := range ce.Problems {
			rd.problem(SheetProcedures, problemColumn(p.Field), int(rd.rows[p.Index]), p)
		}
	} else if err != nil {
		return nil, fmt.Errorf("sheet: %w", err)
	}
	if len(rd.problems) > 0 {
		slices.SortStableFunc(rd.problems, func(a, b CellError) int {
			if r := cmp.Compare(slices.Index(sheetOrder, a.Sheet), slices.Index(sheetOrder, b.Sheet)); r != 0 {
				return r
			}
			ra, ca := splitCell(a.Cell)
			rb, cb := splitCell(b.Cell)
			return cmp.Or(cmp.Compare(ra, rb), cmp.Compare(len(ca), len(cb)), cmp.Compare(ca, cb))
		})
		return nil, &Error{Problems: rd.problems, More: rd.more}
	}
	if note != "" {
		c = c.WithNote(note)
	}
	return c, nil
}

// problemColumn maps a catalog.Problem's field to a column of SheetProcedures.
func problemColumn(field string) int {
	head, _, _ := strings.Cut(field, "[")
	head, _, _ = strings.Cut(head, ".")
	switch head {
	case "Name":
		return pName
	case "ProcessingDays":
		return pDays
	case "Levels":
		return pLevels
	case "Online":
		return pOnline
	case "ValidFrom":
		return pValidFrom
	case "ValidTo":
		return pValidTo
	case "ReturnMethods":
		return pReturn
	}
	return pCode
}

// splitCell splits "F17" into 17 and "F".
func splitCell(ref string) (int, string) {
	i := strings.IndexAny(ref, "0123456789")
	if i < 0 {
		return 0, ref
	}
	n, _ := strconv.Atoi(ref[i:])
	return n, ref[:i]
}

// table reads a sheet as a stream: its header row maps columns to the
// layout, and each other non-empty row, trimmed, goes to each as it is
// read. A missing optional sheet is not a problem; a sheet that cannot be
// used (no header, a required column missing, unreadable XML) is reported
// and its rows are not given to each. The error is the context's only.
func (rd *reader) table(ctx context.Context, name string, cols []column, required bool, each func(*table, tableRow)) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sheet: %w", err)
	}
	t := table{name: name, cols: cols, found: make([]bool, len(cols)), pos: make([]int, len(cols))}
	for i := range t.pos {
		t.pos[i] = i
	}
	s, listed := rd.p.wb.Lookup(name)
	switch {
	case !listed && required:
		rd.add(CellError{Sheet: name, Err: errorf(ErrMissingSheet, "sheet missing")})
		return nil
	case !listed:
		return nil
	case !s.Present():
		rd.add(CellError{Sheet: name, Err: errorf(ErrNotXLSX, "unreadable sheet: its part is missing")})
		return nil
	}
	var mapping []int // sheet column -> layout column, or noColumn, badColumn
	usable := false
	row := tableRow{cells: make([]string, len(cols))}
	header := func(raw []string) {
		mapping = rd.header(&t, raw)
		usable = true
		for i, c := range cols {
			if c.required && !t.found[i] {
				rd.add(CellError{Sheet: name, Err: errorf(ErrHeader, "missing column %q", c.header)})
				usable = false
			}
		}
	}
	err := rd.p.wb.Rows(ctx, s, func(num int, raw []string) error {
		if mapping == nil {
			if num == 1 {
				header(raw)
				return nil
			}
			header(nil) // row 1 is empty
		}
		if num == 1 {
			return nil // a second row 1: Excel never writes one
		}
		row.num = num
		clear(row.cells)
		empty := true
		for i, v := range raw {
			v = strings.TrimSpace(v)
			if v == "" {
				continue
			}
			empty = false
			if i >= len(mapping) || mapping[i] == noColumn {
				rd.problem(name, i, num, errorf(ErrHeader, "value %s in a column without a header", quote(v)))
				continue
			}
			if mapping[i] == badColumn {
				continue // reported at the header
			}
			row.cells[mapping[i]] = v
		}
		if !empty && usable {
			each(&t, row)
		}
		return nil
	})
	switch {
	case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
		return fmt.Errorf("sheet: %w", err)
	case err != nil:
		rd.add(CellError{Sheet: name, Err: errorf(ErrNotXLSX, "unreadable sheet: %s", detail(err, false))})
	case mapping == nil:
		rd.add(CellError{Sheet: name, Cell: "A1", Err: errorf(ErrHeader, "no header row")})
	}
	return nil
}

// Marks in a header mapping for columns that are not in the layout.
const (
	noColumn  = -1 // empty header
	badColumn = -2 // unknown or repeated header, already reported
)

// header maps the columns of a header row to the layout's columns.
func (rd *reader) header(t *table, raw []string) []int {
	mapping := make([]int, len(raw))
	for i, v := range raw {
		mapping[i] = badColumn
		h := strings.Join(strings.Fields(norm.NFC.String(v)), " ")
		if h == "" {
			mapping[i] = noColumn
			continue
		}
		j := slices.IndexFunc(t.cols, func(c column) bool { return strings.EqualFold(c.header, h) })
		switch {
		case j < 0:
			rd.problem(t.name, i, 1, errorf(ErrHeader, "unknown column %s", quote(h)))
		case t.found[j]:
			rd.problem(t.name, i, 1, errorf(ErrHeader, "column %s appears twice", quote(h)))
		default:
			t.found[j] = true
			t.pos[j] = i
			mapping[i] = j
			continue
		}
	}
	return mapping
}

// cell gives typed access to the cells of one row, recording problems.
type cell struct {
	rd   *reader
	t    *table
	row  tableRow
	nbad int
}

func (c *cell) fail(col int, err error) {
	c.nbad++
	c.rd.problem(c.t.name, c.col(col), c.row.num, err)
}

// col returns the sheet column of layout column col.
func (c *cell) col(col int) int { return c.t.pos[col] }

func (c *cell) text(col int) string { return c.row.cells[col] }

func (c *cell) required(col int) string {
	v := c.row.cells[col]
	if v == "" {
		c.fail(col, errorf(ErrRequired, "%s is empty", strings.ToLower(c.t.cols[col].header[:1])+c.t.cols[col].header[1:]))
	}
	return v
}

func (c *cell) list(col int) []string {
	v := c.row.cells[col]
	if v == "" {
		return nil
	}
	if out, ok := c.rd.lists[v]; ok {
		return out
	}
	var out []string
	for item := range strings.SplitSeq(strings.ReplaceAll(v, "\r\n", "\n"), Separator) {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	// Lists repeat down a sheet (the legal basis of a sector's procedures,
	// their subjects): procedures with the same cell share one list,
	// capacity clipped so that an append to one cannot write into the
	// others'. The table is bounded as the intern table is.
	out = out[:len(out):len(out)]
	if len(v) <= internLen && len(c.rd.lists) < internMax {
		if c.rd.lists == nil {
			c.rd.lists = map[string][]string{}
		}
		c.rd.lists[v] = out
	}
	return out
}

func (c *cell) int(col int, lo, hi int64, what string) int64 {
	v := c.row.cells[col]
	if v == "" {
		return 0
	}
	n, ok := parseInt(v, lo, hi)
	if !ok {
		c.fail(col, errorf(ErrNumber, "%s is not a %s", quote(v), what))
	}
	return n
}

func (c *cell) date(col int) time.Time {
	v := c.row.cells[col]
	if v == "" {
		return time.Time{}
	}
	t, ok := parseDate(v)
	if !ok {
		c.fail(col, errorf(ErrDate, "%s is not a date (dd/mm/yyyy)", quote(v)))
	}
	return t
}

// procedure reads one row of SheetProcedures.
func (rd *reader) procedure(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	p := catalog.Procedure{
		Code:       c.required(pCode),
		Name:       c.required(pName),
		Sector:     c.text(pSector),
		Agency:     c.text(pAgency),
		Subjects:   c.list(pSubjects),
		Result:     c.text(pResult),
		LegalBasis: c.list(pLegal),
		FormID:     c.text(pForm),
		FeeItems:   c.list(pFeeItems),
		Decision:   c.text(pDecision),
		Authority:  c.text(pAuthority),
		Conditions: c.text(pConditions),
		Note:       c.text(pNote),
	}
	for _, s := range c.list(pReturn) {
		ch, ok := parseChannel(s)
		if !ok {
			c.fail(pReturn, errorf(ErrValue, "%s is not a return method (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)", quote(s)))
			continue
		}
		p.ReturnMethods = append(p.ReturnMethods, ch)
	}
	for _, s := range strings.FieldsFunc(c.text(pLevels), func(r rune) bool { return r == '\n' || r == ';' || r == ',' }) {
		l, ok := parseLevel(strings.TrimSpace(s))
		if !ok {
			c.fail(pLevels, errorf(ErrValue, "%s is not a level (Cấp xã, Cấp huyện, Cấp tỉnh, Cấp trung ương)", quote(s)))
			continue
		}
		p.Levels = append(p.Levels, l)
	}
	if v := c.required(pOnline); v != "" {
		o, ok := parseOnline(v)
		if !ok {
			c.fail(pOnline, errorf(ErrValue, "%s is not an online level (Trực tiếp, Trực tuyến một phần, Trực tuyến toàn trình, or 1 to 4)", quote(v)))
		}
		p.Online = o
	}
	if isNoFixedDuration(c.text(pDays)) {
		p.NoFixedDuration = true
	} else {
		p.ProcessingDays = int(c.int(pDays, 0, 1<<31-1, "number of days (or Không cố định)"))
	}
	p.DecisionDate = c.date(pDecisionDate)
	p.ValidFrom = c.date(pValidFrom)
	p.ValidTo = c.date(pValidTo)

	i := rd.procs.Len()
	if c.row.cells[pCode] != "" && (c.row.cells[pValidFrom] == "" || !p.ValidFrom.IsZero()) {
		k := key(p.Code, p.ValidFrom)
		if first, dup := rd.keys.add(k, i); dup {
			c.fail(pCode, errorf(ErrDuplicate, "procedure %s valid from %s is also defined on row %d",
				quote(p.Code), validity(p.ValidFrom), rd.rows[first]))
		}
	}
	rd.procs.Add(p)
	rd.rows = append(rd.rows, int32(row.num))
	rd.bad = append(rd.bad, c.nbad > 0)
}

func key(code string, validFrom time.Time) string {
	if validFrom.IsZero() {
		return code
	}
	return code + "\x00" + strconv.FormatInt(validFrom.UnixNano(), 10)
}

func validity(t time.Time) string {
	if t.IsZero() {
		return "always"
	}
	return formatDate(t)
}

// owner returns the procedure a detail row belongs to, or -1.
func (rd *reader) owner(c *cell) int {
	code := c.required(kCode)
	from := c.date(kValidFrom)
	if code == "" || c.nbad > 0 {
		return -1
	}
	i, ok := rd.keys.find(key(code, from))
	if !ok {
		c.fail(kCode, errorf(ErrReference, "no procedure %s valid from %s on sheet %s", quote(code), validity(from), SheetProcedures))
		return -1
	}
	return i
}

// markBad marks procedure i as having a problem when row c had one.
func (rd *reader) markBad(i int, c *cell) {
	if i >= 0 && c.nbad > 0 {
		rd.bad[i] = true
	}
}

func (rd *reader) caseRow(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	n := int(c.int(cNumber, 1, 1<<20, "case number (1, 2, ...)"))
	if c.row.cells[cNumber] == "" {
		c.fail(cNumber, errorf(ErrRequired, "case number is empty"))
	}
	name := c.text(cName)
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	num := rd.numbering(i)
	if _, dup := num.cases[n]; dup {
		c.fail(cNumber, errorf(ErrDuplicate, "case %d of procedure %s is defined twice", n, quote(c.text(kCode))))
		return
	}
	num.cases[n] = -1 // ordered by finish
	rd.edit(i, func(p *catalog.Procedure) { p.Cases = append(p.Cases, catalog.Case{Name: name}) })
	num.caseNums = append(num.caseNums, n)
}

func (rd *reader) document(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	d := catalog.Requirement{
		Name:       c.required(dName),
		Originals:  int(c.int(dOriginals, 0, 1<<31-1, "number of originals")),
		Copies:     int(c.int(dCopies, 0, 1<<31-1, "number of copies")),
		MediaTypes: c.list(dMediaTypes),
		MaxBytes:   c.int(dMaxBytes, 0, maxExactInt, "size in bytes"),
		Template:   c.text(dTemplate),
		Code:       c.text(dCode),
	}
	if v := c.text(dEForm); v != "" {
		var ok bool
		if d.EForm, ok = parseBool(v); !ok {
			c.fail(dEForm, errorf(ErrValue, "%s is not Có or Không", quote(v)))
		}
	}
	if v := c.text(dRequired); v != "" {
		req, ok := parseBool(v)
		if !ok {
			c.fail(dRequired, errorf(ErrValue, "%s is not Có or Không", quote(v)))
		}
		d.Optional = !req
	}
	caseNum := int(c.int(dCase, 1, 1<<20, "case number (1, 2, ...)"))
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	if caseNum == 0 {
		rd.edit(i, func(p *catalog.Procedure) { p.Documents = append(p.Documents, d) })
		return
	}
	var idx int
	ok := false
	if num := rd.nums[i]; num != nil {
		idx, ok = num.cases[caseNum]
	}
	if !ok {
		c.fail(dCase, errorf(ErrReference, "procedure %s has no case %d on sheet %s", quote(c.text(kCode)), caseNum, SheetCases))
		return
	}
	rd.edit(i, func(p *catalog.Procedure) { p.Cases[idx].Documents = append(p.Cases[idx].Documents, d) })
}

func (rd *reader) channel(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	n := int(c.int(chNumber, 1, 1<<20, "channel number (1, 2, ...)"))
	if c.row.cells[chNumber] == "" {
		c.fail(chNumber, errorf(ErrRequired, "channel number is empty"))
	}
	ct := catalog.ChannelTerms{
		Time: int(c.int(chTime, 0, 1<<31-1, "processing time")),
		Note: c.text(chNote),
	}
	if v := c.required(chChannel); v != "" {
		var ok bool
		if ct.Channel, ok = parseChannel(v); !ok {
			c.fail(chChannel, errorf(ErrValue, "%s is not a channel (Trực tiếp, Trực tuyến, Dịch vụ bưu chính)", quote(v)))
		}
	}
	if v := c.required(chUnit); v != "" {
		var ok bool
		if ct.Unit, ok = parseUnit(v); !ok {
			c.fail(chUnit, errorf(ErrValue, "%s is not a time unit (Ngày làm việc, Ngày, Giờ làm việc, Tháng, Khác)", quote(v)))
		}
	}
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	num := rd.numbering(i)
	if _, dup := num.channels[n]; dup {
		c.fail(chNumber, errorf(ErrDuplicate, "channel %d of procedure %s is defined twice", n, quote(c.text(kCode))))
		return
	}
	num.channels[n] = -1 // ordered by finish
	rd.edit(i, func(p *catalog.Procedure) { p.Channels = append(p.Channels, ct) })
	num.chanNums = append(num.chanNums, n)
}

func (rd *reader) fee(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	n := int(c.int(fChannel, 1, 1<<20, "channel number (1, 2, ...)"))
	if c.row.cells[fChannel] == "" {
		c.fail(fChannel, errorf(ErrRequired, "channel number is empty"))
	}
	fee := catalog.FeeNote{Text: c.text(fText)}
	if c.row.cells[fAmount] != "" {
		fee.Amount = c.int(fAmount, -maxExactInt, maxExactInt, "whole amount")
		fee.HasAmount = true
	}
	if v := c.text(fKind); v != "" {
		var ok bool
		if fee.Kind, ok = parseFeeKind(v); !ok {
			c.fail(fKind, errorf(ErrValue, "%s is not a kind of fee (Phí, Lệ phí, Phí dịch vụ)", quote(v)))
		}
	}
	if v := c.text(fCurrency); v != "" {
		var ok bool
		if fee.Currency, ok = parseCurrency(v); !ok {
			c.fail(fCurrency, errorf(ErrValue, "%s is not an ISO 4217 currency code such as USD", quote(v)))
		}
	}
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	var idx int
	ok := false
	if num := rd.nums[i]; num != nil {
		idx, ok = num.channels[n]
	}
	if !ok {
		c.fail(fChannel, errorf(ErrReference, "procedure %s has no channel %d on sheet %s", quote(c.text(kCode)), n, SheetChannels))
		return
	}
	rd.edit(i, func(p *catalog.Procedure) { p.Channels[idx].Fees = append(p.Channels[idx].Fees, fee) })
}

func (rd *reader) step(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	text := c.required(sText)
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	rd.edit(i, func(p *catalog.Procedure) { p.Steps = append(p.Steps, text) })
}

func (rd *reader) variant(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	v := catalog.Variant{
		Code: c.text(vCode),
		Name: c.text(vName),
		Time: int(c.int(vTime, 0, 1<<31-1, "processing time")),
	}
	if s := c.required(vUnit); s != "" {
		var ok bool
		if v.Unit, ok = parseUnit(s); !ok {
			c.fail(vUnit, errorf(ErrValue, "%s is not a time unit (Ngày làm việc, Ngày, Giờ làm việc, Tháng, Khác)", quote(s)))
		}
	}
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	rd.edit(i, func(p *catalog.Procedure) { p.Variants = append(p.Variants, v) })
}

func (rd *reader) legalRef(t *table, row tableRow) {
	c := &cell{rd: rd, t: t, row: row}
	i := rd.owner(c)
	l := catalog.LegalRef{Code: c.text(lCode), Name: c.text(lName)}
	if l.Code == "" && l.Name == "" {
		c.fail(lName, errorf(ErrRequired, "neither a number nor a name"))
	}
	defer rd.markBad(i, c)
	if i < 0 || c.nbad > 0 {
		return
	}
	rd.edit(i, func(p *catalog.Procedure) { p.LegalRefs = append(p.LegalRefs, l) })
}

// sortByNumber orders items by their numbers nums and records each number's
// position in pos.
func sortByNumber[T any](items []T, nums []int, pos map[int]int) []T {
	order := make([]int, len(items))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(nums[a], nums[b]) })
	out := make([]T, 0, len(items))
	for k, from := range order {
		out = append(out, items[from])
		pos[nums[from]] = k
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
