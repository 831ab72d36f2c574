package sheet

// The limits of [Read], in one place. Each is checked before the work or
// the buffer it bounds grows past it: the file's size as it is read (at
// once when the reader tells its size), the parts' unpacked sizes from the
// zip directory before any part is unpacked (archive/zip fails a part that
// unpacks to more than it declares). Exceeding one is an error wrapping
// [ErrTooLarge] that names the limit; nothing partial is returned.
//
// Memory: Read holds the file (at most MaxFileBytes; one in a
// *bytes.Reader is read in place, not copied), the shared strings
// (at most MaxPartBytes, and typically the text of the catalogue) and the
// catalogue being built; worksheets are read as streams, row by row, so a
// sheet's rows are never all held at once. Measured with BenchmarkReadRows
// (peak resident memory of a child process): see the README.
//
// Read looks at its context between sheets, every 1,024 rows and every
// 65,536 XML tokens; a cancelled context stops it with the context's
// error, wrapped.
//
// Messages quote at most 80 characters of a cell and end a longer one in
// "…". At most MaxProblems problems are listed; [Error] then says how many
// more it found.
const (
	// MaxFileBytes is the largest workbook Read accepts: 64 MiB.
	MaxFileBytes = 64 << 20
	// MaxPartBytes is the largest unpacked size of a part other than a
	// worksheet (the shared strings, which Read holds, the workbook, its
	// relationships, styles, pictures): 256 MiB.
	MaxPartBytes = 256 << 20
	// MaxSheetBytes is the largest unpacked size of a worksheet, which
	// Read streams without holding it (1,000,000 rows written by [Write]
	// take about 660 MB): 1 GiB.
	MaxSheetBytes = 1 << 30
	// MaxUnpackedBytes is the largest total unpacked size of a workbook's
	// parts, a bound on the work a small file can ask for (a zip bomb): 2 GiB.
	MaxUnpackedBytes = 2 << 30
	// MaxProblems is how many problems an [*Error] lists.
	MaxProblems = 1000
)
