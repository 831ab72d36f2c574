package signing

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/motcua/motcua/internal/vnfmt"
)

// The limits of this package, in one place. A PDF comes from anyone, so the
// work [Verify], [Sign], [Prepare], [Complete] and [AddValidationData] do
// on one file is bounded, and each bound is a field of [Limits] a caller
// may lower (or raise) in [Policy.Limits], [Options.Limits] and
// [ValidationOptions.Limits]:
//
//   - the file's size: [DefaultMaxSize] (100 MiB), Policy.MaxSize and
//     Options.MaxSize, refused with [ErrTooLarge] before anything is read;
//   - [DefaultMaxObjects] (500,000) objects in the cross-reference of all
//     revisions together, and [DefaultMaxRevisionObjects] (250,000) in the
//     cross-reference section of one revision;
//   - [DefaultMaxRevisions] (1,000) revisions (cross-reference sections);
//   - [DefaultMaxDepth] (64) arrays and dictionaries a value may be nested
//     in, and levels of the form field and page trees (never more than
//     [MaxDepthCeiling], 10,000, whatever Limits says);
//   - [DefaultMaxStreamBytes] (128 MiB) of decompressed cross-reference and
//     object streams for one file, all revisions together (one stream
//     alone also stops at 64 MiB).
//
// A file past a limit is refused with a [LimitError] naming it, wrapping
// [ErrLimit]; no report is returned and nothing is written. Page contents,
// images and fonts are never decompressed: signatures cover their bytes.
// Every loop over objects, revisions and stream data also looks at the
// context, so a deadline or a cancellation stops the work within
// milliseconds and is returned as the context's error.
//
// Memory: a file within the default limits needs at most a few hundred
// bytes per object it declares, plus the decompressed streams; the
// benchmarks BenchmarkVerifyObjects and BenchmarkSignObjects measure it.
// The other bounds are fixed: 1 MiB for one string, name or number token,
// 1,048,576 elements in one array or dictionary, 32 steps of an indirect
// reference chain.
const (
	// DefaultMaxObjects is [Limits.MaxObjects] when zero.
	DefaultMaxObjects = 500_000
	// DefaultMaxRevisionObjects is [Limits.MaxRevisionObjects] when zero.
	DefaultMaxRevisionObjects = 250_000
	// DefaultMaxRevisions is [Limits.MaxRevisions] when zero.
	DefaultMaxRevisions = 1000
	// DefaultMaxDepth is [Limits.MaxDepth] when zero.
	DefaultMaxDepth = 64
	// DefaultMaxStreamBytes is [Limits.MaxStreamBytes] when zero.
	DefaultMaxStreamBytes = 128 << 20
	// MaxDepthCeiling is the deepest [Limits.MaxDepth] takes effect: a
	// larger value means MaxDepthCeiling. The parser and the tree walks
	// recurse a level at a time, and a depth without a ceiling would let
	// a file of nothing but "[" exhaust the goroutine's stack, which ends
	// the process instead of returning an error.
	MaxDepthCeiling = 10_000
)

// Limits bound the structure of a PDF the package works on; see the
// package's limits above. The zero value means the defaults; a negative
// field is refused with [ErrOptions].
type Limits struct {
	// MaxObjects is the most objects the cross-reference of all revisions
	// together may declare; zero means DefaultMaxObjects.
	MaxObjects int
	// MaxRevisionObjects is the most entries one revision's
	// cross-reference section may hold; zero means
	// DefaultMaxRevisionObjects.
	MaxRevisionObjects int
	// MaxRevisions is the most revisions (cross-reference sections) a
	// file may have; zero means DefaultMaxRevisions.
	MaxRevisions int
	// MaxDepth is the most arrays and dictionaries a value may be nested
	// in, and the deepest level of the form field and page trees; zero
	// means DefaultMaxDepth, and a value above MaxDepthCeiling means
	// MaxDepthCeiling.
	MaxDepth int
	// MaxStreamBytes is the most bytes the cross-reference and object
	// streams of one file may decompress to, together; zero means
	// DefaultMaxStreamBytes.
	MaxStreamBytes int64
}

// resolved returns l with the defaults filled in, or an error for a
// negative field.
func (l Limits) resolved() (Limits, error) {
	if l.MaxObjects < 0 || l.MaxRevisionObjects < 0 || l.MaxRevisions < 0 || l.MaxDepth < 0 || l.MaxStreamBytes < 0 {
		return l, fmt.Errorf("%w: negative limit in Limits", ErrOptions)
	}
	def := func(v *int, d int) {
		if *v == 0 {
			*v = d
		}
	}
	def(&l.MaxObjects, DefaultMaxObjects)
	def(&l.MaxRevisionObjects, DefaultMaxRevisionObjects)
	def(&l.MaxRevisions, DefaultMaxRevisions)
	def(&l.MaxDepth, DefaultMaxDepth)
	l.MaxDepth = min(l.MaxDepth, MaxDepthCeiling)
	if l.MaxStreamBytes == 0 {
		l.MaxStreamBytes = DefaultMaxStreamBytes
	}
	return l, nil
}

// raise returns limit raised by more (>= 0), or math.MaxInt when that
// would overflow: a limit as large as it goes stays so.
func raise(limit, more int) int {
	if limit > math.MaxInt-more {
		return math.MaxInt
	}
	return limit + more
}

// raise64 is raise for an int64 limit.
func raise64(limit, more int64) int64 {
	if limit > math.MaxInt64-more {
		return math.MaxInt64
	}
	return limit + more
}

// LimitError says which of the [Limits] a file exceeds. It wraps
// [ErrLimit].
type LimitError struct {
	// Limit is the name of the Limits field: "MaxObjects",
	// "MaxRevisionObjects", "MaxRevisions", "MaxDepth" or
	// "MaxStreamBytes". It is the error's stable code.
	Limit string
	// Max is the limit that was in force.
	Max int64
	// Offset is where in the file the limit was reached, or 0.
	Offset int64
}

// Error names the limit, its value and the offset.
func (e *LimitError) Error() string {
	return fmt.Sprintf("signing: file exceeds Limits.%s (%d) at offset %d", e.Limit, e.Max, e.Offset)
}

// Unwrap returns [ErrLimit].
func (e *LimitError) Unwrap() error { return ErrLimit }

// limitText is the display text of each limit: Vietnamese, English.
var limitText = map[string][2]string{
	"MaxObjects":         {"Tệp có quá nhiều đối tượng (tối đa %s)", "the file has too many objects (at most %s)"},
	"MaxRevisionObjects": {"Một lần cập nhật của tệp có quá nhiều đối tượng (tối đa %s)", "one update of the file has too many objects (at most %s)"},
	"MaxRevisions":       {"Tệp có quá nhiều lần cập nhật (tối đa %s)", "the file has too many updates (at most %s)"},
	"MaxDepth":           {"Cấu trúc của tệp lồng nhau quá sâu (tối đa %s cấp)", "the file's structure is nested too deeply (at most %s levels)"},
	"MaxStreamBytes":     {"Dữ liệu nén trong tệp giải nén ra quá lớn (tối đa %s)", "the file's compressed data expands too much (at most %s)"},
}

// Message returns the refusal in the given language ("vi", the default,
// or "en").
func (e *LimitError) Message(lang string) string {
	t, ok := limitText[e.Limit]
	if !ok {
		t = [2]string{"Tệp vượt giới hạn xử lý %s", "the file exceeds a processing limit (%s)"}
	}
	max := vnfmt.Int(e.Max, lang)
	if e.Limit == "MaxStreamBytes" {
		max = vnfmt.Bytes(e.Max, lang)
	}
	if vnfmt.English(lang) {
		return fmt.Sprintf(t[1], max)
	}
	return fmt.Sprintf(t[0], max)
}

// budget is the work one call may still do on a file: its limits, the
// stream bytes decompressed so far, and its context, looked at every
// checkEvery steps. The first limit hit or context error sticks, so that
// callers which treat an unreadable object as missing still stop. A
// budget belongs to one call and one goroutine.
type budget struct {
	ctx     context.Context
	lim     Limits
	decoded int64
	steps   int
	err     error
}

const checkEvery = 256

// newBudget returns the budget of a call with limits lim (not yet
// resolved).
func newBudget(ctx context.Context, lim Limits) (*budget, error) {
	l, err := lim.resolved()
	if err != nil {
		return nil, err
	}
	return &budget{ctx: ctx, lim: l}, nil
}

// step counts one unit of work and returns the sticky error, looking at
// the context every checkEvery steps.
func (b *budget) step() error {
	if b.err != nil {
		return b.err
	}
	b.steps++
	if b.steps%checkEvery == 0 && b.ctx != nil {
		b.err = b.ctx.Err()
	}
	return b.err
}

// check looks at the context now and returns the sticky error.
func (b *budget) check() error {
	if b.err == nil && b.ctx != nil {
		b.err = b.ctx.Err()
	}
	return b.err
}

// defaultBudget is the budget of a call without a context or limits of
// its own: the default limits.
func defaultBudget() *budget {
	l, _ := Limits{}.resolved()
	return &budget{lim: l}
}

// exceeded records and returns the LimitError of limit name.
func (b *budget) exceeded(name string, max, off int64) error {
	if b.err == nil {
		b.err = &LimitError{Limit: name, Max: max, Offset: off}
	}
	return b.err
}

// decode counts n decompressed bytes.
func (b *budget) decode(n, off int64) error {
	b.decoded += n
	if b.decoded > b.lim.MaxStreamBytes {
		return b.exceeded("MaxStreamBytes", b.lim.MaxStreamBytes, off)
	}
	return b.check()
}

// ctxReader stops a decompression when the budget's context ends.
type ctxReader struct {
	r io.Reader
	b *budget
}

func (c *ctxReader) Read(p []byte) (int, error) {
	if err := c.b.check(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
