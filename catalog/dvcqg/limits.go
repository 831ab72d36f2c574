package dvcqg

// The limits of the package's readers, in one place. Each is checked
// before the buffer or the work it bounds grows past it: the input's size
// as it is read (at once when the reader or file tells its size), the
// number of records as the input is split. Exceeding one is an error
// wrapping [ErrTooLarge] that names the limit, and nothing is returned
// but the error.
//
// Memory: an import holds its input (one file at a time for [ReadAll];
// a file's bytes are dropped once its records are decoded) and the
// records' procedures and problems. Measured with BenchmarkReadRecordsPeak
// (peak resident memory of a child process): about three times the input
// for portal records (94 MB of JSON lines: 279 MB at the peak, the input
// included), so at most about 800 MB at MaxInputBytes.
//
// Messages quote at most 80 characters of a value of the input and cut a
// JSON path or a file name to 200 characters (its start and end).
const (
	// MaxInputBytes is the largest input an import reads: the stream of
	// [ReadRecords], the record of [ReadProcedure], and all the files of
	// [ReadAll] together: 256 MiB.
	MaxInputBytes = 256 << 20
	// MaxRecords is the largest number of records an import splits off
	// its input (all the files of [ReadAll] together): 250,000, some
	// forty times the national catalogue, and a bound on what tiny
	// records ("{}" after "{}") could make an import hold.
	MaxRecords = 250_000
)
