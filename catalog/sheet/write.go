package sheet

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/errdetail"
)

// Write writes c as an xlsx workbook in the layout of the package comment:
// every procedure version, case, required document, channel and fee, so
// that [Read] gives back an equal catalogue.
//
// A value that a cell cannot carry unchanged (see [ErrUnrepresentable]) is
// reported, with every other such value, in an [*Error] naming the cell it
// would have gone to; nothing is written to w then. A nil c is written as an
// empty catalogue.
func Write(w io.Writer, c *catalog.Catalog) error {
	var b builder
	note := ""
	if c != nil {
		for p := range c.All() {
			b.add(&p)
		}
		note = c.Note()
	}
	_, text, _ := b.row(SheetInfo, len(infoColumns))
	text(0, "catalogue note", note)
	if len(b.problems) > 0 {
		return &Error{Problems: b.problems}
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := b.render(f); err != nil {
		return fmt.Errorf("sheet: build workbook: %w", err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return fmt.Errorf("sheet: encode workbook: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("sheet: write workbook: %w", err)
	}
	return nil
}

// builder turns procedures into the rows of each sheet, checking that every
// value can be stored.
type builder struct {
	procs, cases, docs, channels, fees [][]any
	steps, variants, legal, info       [][]any
	problems                           []CellError
}

// table returns the rows of the named sheet so far.
func (b *builder) table(sheet string) *[][]any {
	switch sheet {
	case SheetProcedures:
		return &b.procs
	case SheetCases:
		return &b.cases
	case SheetDocuments:
		return &b.docs
	case SheetChannels:
		return &b.channels
	case SheetSteps:
		return &b.steps
	case SheetVariants:
		return &b.variants
	case SheetLegalRefs:
		return &b.legal
	case SheetInfo:
		return &b.info
	}
	return &b.fees
}

// row starts a new row of n cells on sheet and returns a setter for its
// text cells that checks storability.
func (b *builder) row(sheet string, n int) (cells []any, text func(col int, what, s string), list func(col int, what string, items []string)) {
	t := b.table(sheet)
	cells = make([]any, n)
	*t = append(*t, cells)
	rowNum := len(*t) + 1 // after the header
	if rowNum == maxRows+1 {
		b.problems = append(b.problems, CellError{Sheet: sheet, Cell: cellName(0, rowNum),
			Err: errorf(ErrUnrepresentable, "more rows than a sheet holds (%d)", maxRows)})
	}
	bad := func(col int, what, s, why string) {
		b.problems = append(b.problems, CellError{Sheet: sheet, Cell: cellName(col, rowNum),
			Err: errorf(ErrUnrepresentable, "%s %s %s", what, quote(s), why)})
	}
	text = func(col int, what, s string) {
		if why := storable(s); why != "" {
			bad(col, what, s, why)
		}
		if s != "" {
			cells[col] = s
		}
	}
	list = func(col int, what string, items []string) {
		for _, s := range items {
			switch {
			case s == "":
				bad(col, what, s, "is an empty list item")
			case strings.Contains(s, Separator):
				bad(col, what, s, "has a line break, which separates list items")
			}
		}
		text(col, what, strings.Join(items, Separator))
	}
	return cells, text, list
}

// add appends the rows of one procedure version.
func (b *builder) add(p *catalog.Procedure) {
	cells, text, list := b.row(SheetProcedures, len(procColumns))
	text(pCode, "code", p.Code)
	text(pName, "name", p.Name)
	text(pSector, "sector", p.Sector)
	levels := make([]string, len(p.Levels))
	for i, l := range p.Levels {
		levels[i] = l.Label("vi")
	}
	list(pLevels, "levels", levels)
	text(pOnline, "online level", p.Online.Label("vi"))
	if p.NoFixedDuration {
		cells[pDays] = noFixedDuration
	} else {
		cells[pDays] = p.ProcessingDays
	}
	text(pAgency, "agency", p.Agency)
	list(pSubjects, "subject", p.Subjects)
	text(pResult, "result", p.Result)
	list(pLegal, "legal basis", p.LegalBasis)
	text(pForm, "form ID", p.FormID)
	list(pFeeItems, "fee item", p.FeeItems)
	text(pDecision, "decision", p.Decision)
	text(pDecisionDate, "", formatDate(p.DecisionDate))
	validFrom := formatDate(p.ValidFrom)
	text(pValidFrom, "", validFrom)
	text(pValidTo, "", formatDate(p.ValidTo))
	text(pAuthority, "authority", p.Authority)
	text(pConditions, "conditions", p.Conditions)
	returns := make([]string, len(p.ReturnMethods))
	for i, ch := range p.ReturnMethods {
		returns[i] = channelLabels[ch]
	}
	list(pReturn, "return method", returns)
	text(pNote, "note", p.Note)

	key := func(sheet string, n int) ([]any, func(int, string, string), func(int, string, []string)) {
		cells, text, list := b.row(sheet, n)
		text(kCode, "code", p.Code)
		text(kValidFrom, "", validFrom)
		return cells, text, list
	}
	addDocs := func(caseNum int, docs []catalog.Requirement) {
		for _, d := range docs {
			cells, text, list := key(SheetDocuments, len(docColumns))
			if caseNum > 0 {
				cells[dCase] = caseNum
			}
			text(dName, "document name", d.Name)
			cells[dOriginals] = d.Originals
			cells[dCopies] = d.Copies
			cells[dRequired] = yes
			if d.Optional {
				cells[dRequired] = no
			}
			list(dMediaTypes, "media type", d.MediaTypes)
			if d.MaxBytes != 0 {
				cells[dMaxBytes] = d.MaxBytes
			}
			if d.MaxBytes > maxExactInt {
				b.problems = append(b.problems, CellError{Sheet: SheetDocuments, Cell: cellName(dMaxBytes, len(b.docs)+1),
					Err: errorf(ErrUnrepresentable, "maximum size %d is beyond a spreadsheet number's precision", d.MaxBytes)})
			}
			text(dTemplate, "template", d.Template)
			text(dCode, "document code", d.Code)
			cells[dEForm] = no
			if d.EForm {
				cells[dEForm] = yes
			}
		}
	}
	addDocs(0, p.Documents)
	for i, cs := range p.Cases {
		cells, text, _ := key(SheetCases, len(caseColumns))
		cells[cNumber] = i + 1
		text(cName, "case name", cs.Name)
		addDocs(i+1, cs.Documents)
	}
	for i, ch := range p.Channels {
		cells, text, _ := key(SheetChannels, len(channelColumns))
		cells[chNumber] = i + 1
		cells[chChannel] = channelLabels[ch.Channel]
		cells[chTime] = ch.Time
		cells[chUnit] = unitLabels[ch.Unit]
		text(chNote, "note", ch.Note)
		for _, fee := range ch.Fees {
			cells, text, _ := key(SheetFees, len(feeColumns))
			cells[fChannel] = i + 1
			row := len(b.fees) + 1
			switch {
			case fee.HasAmount && (fee.Amount > maxExactInt || fee.Amount < -maxExactInt):
				b.problems = append(b.problems, CellError{Sheet: SheetFees, Cell: cellName(fAmount, row),
					Err: errorf(ErrUnrepresentable, "amount %d is beyond a spreadsheet number's precision", fee.Amount)})
			case fee.HasAmount:
				cells[fAmount] = fee.Amount
			case fee.Amount != 0:
				b.problems = append(b.problems, CellError{Sheet: SheetFees, Cell: cellName(fAmount, row),
					Err: errorf(ErrUnrepresentable, "amount %d is set but HasAmount is false", fee.Amount)})
			}
			text(fText, "fee description", fee.Text)
			if fee.Kind != catalog.FeeKindUnknown {
				cells[fKind] = feeKindLabels[fee.Kind]
			}
			text(fCurrency, "currency", fee.Currency)
		}
	}
	for _, step := range p.Steps {
		_, text, _ := key(SheetSteps, len(stepColumns))
		if step == "" {
			b.problems = append(b.problems, CellError{Sheet: SheetSteps, Cell: cellName(sText, len(b.steps)+1),
				Err: errorf(ErrUnrepresentable, "an empty step would read back as no step")})
		}
		text(sText, "step", step)
	}
	for _, v := range p.Variants {
		cells, text, _ := key(SheetVariants, len(variantColumns))
		text(vCode, "variant code", v.Code)
		text(vName, "variant name", v.Name)
		cells[vTime] = v.Time
		cells[vUnit] = unitLabels[v.Unit]
	}
	for _, l := range p.LegalRefs {
		_, text, _ := key(SheetLegalRefs, len(legalColumns))
		text(lCode, "legal document number", l.Code)
		text(lName, "legal document name", l.Name)
	}
}

// render writes the header and rows of every sheet with a stream writer.
func (b *builder) render(f *excelize.File) error {
	bold, err := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
	})
	if err != nil {
		return err
	}
	sheets := []struct {
		name string
		cols []column
		rows [][]any
	}{
		{SheetProcedures, procColumns, b.procs},
		{SheetCases, caseColumns, b.cases},
		{SheetDocuments, docColumns, b.docs},
		{SheetChannels, channelColumns, b.channels},
		{SheetFees, feeColumns, b.fees},
		{SheetSteps, stepColumns, b.steps},
		{SheetVariants, variantColumns, b.variants},
		{SheetLegalRefs, legalColumns, b.legal},
		{SheetInfo, infoColumns, b.info},
	}
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			return err
		}
		// The used range is written when the stream starts; readers such
		// as openpyxl's read-only mode trust it.
		if err := f.SetSheetDimension(s.name, "A1:"+cellName(len(s.cols)-1, len(s.rows)+1)); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(s.name)
		if err != nil {
			return err
		}
		for c, col := range s.cols {
			width := 14.0
			switch col.header {
			case procColumns[pName].header, docColumns[dName].header, stepColumns[sText].header,
				legalColumns[lName].header, infoColumns[0].header:
				width = 50
			}
			if err := sw.SetColWidth(c+1, c+1, width); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		header := make([]any, len(s.cols))
		for c, col := range s.cols {
			header[c] = excelize.Cell{StyleID: bold, Value: col.header}
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		for r, row := range s.rows {
			if err := sw.SetRow("A"+strconv.Itoa(r+2), row); err != nil {
				return err
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// cellName returns the reference of the 0-based column col in row, e.g. "F17".
func cellName(col, row int) string {
	return columnName(col) + strconv.Itoa(row)
}

// columnName returns the letters of the 0-based column col: A..Z, AA...
func columnName(col int) string {
	var b [8]byte
	i := len(b)
	for col++; col > 0; col = (col - 1) / 26 {
		i--
		b[i] = byte('A' + (col-1)%26)
	}
	return string(b[i:])
}

// quote quotes s for a message, cut after 80 characters with "…".
func quote(s string) string { return errdetail.Quote(s) }
