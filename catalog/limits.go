package catalog

// The limits of package catalog, in one place. Each is checked before the
// work or the buffer it bounds grows past it, and exceeding one is an
// error wrapping [ErrTooLarge] (a [*LimitError] naming the limit); nothing
// partial is returned.
//
// Memory: a [Catalog] holds its procedures, their folded text (about the
// size of their names, sectors and agencies) and a search index of one
// 4-byte entry per distinct word of each procedure plus each distinct word
// once: linear in the catalogue's text, however many distinct words it has.
// [ReadJSON] holds the document while it decodes it and then the
// catalogue; measured with BenchmarkReadJSON (peak resident memory of a
// child process), its peak is six to seven times the document (32 MB of
// JSON for 50,000 procedures: 208 MB), so some 450 MB at MaxJSONBytes.
// [New] takes any number of procedures memory can hold (the index numbers
// them in 31 bits, beyond what a slice of procedures can reach).
//
// Messages quote at most 80 characters of a value from the input (a code,
// a key, a currency) and end a longer one in "…".
const (
	// MaxJSONBytes is the largest document [ReadJSON] reads: 64 MiB, as
	// catalog/sheet's workbooks. The embedded sample and the generated
	// catalogues take about 650 bytes to 1 KB of JSON a procedure, so this
	// is room for some 60,000 to 100,000 procedures.
	MaxJSONBytes = 64 << 20
)
