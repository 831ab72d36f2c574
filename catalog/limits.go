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
// [ReadJSON] holds the document while it decodes it, so its peak is about
// the document's size plus the catalogue's (measured: BenchmarkReadJSON).
// [New] takes any number of procedures memory can hold (the index numbers
// them in 31 bits, beyond what a slice of procedures can reach).
//
// Messages quote at most 80 characters of a value from the input (a code,
// a key, a currency) and end a longer one in "…".
const (
	// MaxJSONBytes is the largest document [ReadJSON] reads: 256 MiB, as
	// catalog/dvcqg's input. The embedded sample takes about 1 KB of JSON
	// a procedure, so this is room for some 250,000 procedures.
	MaxJSONBytes = 256 << 20
)
