// Package xlsx streams the cells of SpreadsheetML (.xlsx) workbooks.
//
// [Open] reads a package's structure from an [io.ReaderAt]: the sheets in
// workbook order, their parts resolved through xl/_rels/workbook.xml.rels,
// the date system and the shared strings, the only part held in memory.
// [Workbook.Rows] then streams a worksheet row by row to a callback, with
// the row number and the cells' text by column; a worksheet's XML is never
// held. The XML is read by a small hand-written scanner that understands
// what spreadsheet parts hold (elements, attributes, text, entities and
// character references, CDATA, comments, processing instructions, the
// namespace prefixes Excel, LibreOffice, openpyxl and excelize write),
// several times faster than encoding/xml.
//
// The input is outside input: every part's declared unpacked size is held
// to [Limits] before any of it is read (archive/zip fails a part that
// unpacks to more than it declares), one cell's text and one tag are
// bounded, and the context is looked at regularly.
//
// Two readers use it: cmd/motcua's audit register, which reads what it
// can, and catalog/sheet, which holds the XML to what encoding/xml's
// strict decoder accepts ([Limits].Strict), takes what hand-made files
// hold ([Limits].Tolerant), bounds every part of the package
// ([Limits].AnyPartBytes) and makes the cells' values itself
// ([Limits].Value, [Workbook.SharedString]).
package xlsx
