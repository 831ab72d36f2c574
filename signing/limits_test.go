package signing_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/motcua/motcua/signing/signingtest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// trailerInt returns the integer after the last key (such as "/Size ") of
// pdf, and after the last "startxref".
func trailerInt(t testing.TB, pdf []byte, key string) int {
	t.Helper()
	i := bytes.LastIndex(pdf, []byte(key))
	require.GreaterOrEqual(t, i, 0, "no %s", key)
	f := strings.Fields(string(pdf[i+len(key):]))
	require.NotEmpty(t, f)
	n, err := strconv.Atoi(strings.TrimSuffix(f[0], ">>"))
	require.NoError(t, err, key)
	return n
}

// appendUpdate appends an incremental update holding bodies as new
// objects, numbered from the file's /Size on, with a cross-reference table
// and a trailer pointing to the previous section. bodies(i) is the body of
// the i-th new object.
func appendUpdate(t testing.TB, base []byte, n int, body func(i int) string) []byte {
	t.Helper()
	return appendUpdateAt(t, base, -1, n, body)
}

// appendUpdateAt is appendUpdate with the objects numbered from first
// (-1: the file's /Size), replacing those that exist.
func appendUpdateAt(t testing.TB, base []byte, first, n int, body func(i int) string) []byte {
	t.Helper()
	prev := trailerInt(t, base, "startxref")
	size := trailerInt(t, base, "/Size ")
	root := trailerInt(t, base, "/Root ")
	if first < 0 {
		first = size
	}
	var b bytes.Buffer
	b.Grow(len(base) + n*64)
	b.Write(base)
	offs := make([]int, n)
	for i := range n {
		offs[i] = b.Len()
		b.WriteString(strconv.Itoa(first + i))
		b.WriteString(" 0 obj\n")
		b.WriteString(body(i))
		b.WriteString("\nendobj\n")
	}
	x := b.Len()
	b.WriteString("xref\n")
	if n > 0 {
		fmt.Fprintf(&b, "%d %d\n", first, n)
	}
	for _, o := range offs {
		d := strconv.Itoa(o)
		b.WriteString("0000000000"[len(d):])
		b.WriteString(d)
		b.WriteString(" 00000 n\r\n")
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root %d 0 R /Prev %d >>\nstartxref\n%d\n%%%%EOF\n", max(size, first+n), root, prev, x)
	return b.Bytes()
}

// manyObjects is the hostile upload of issue #18: a signed file with one
// update of n small unreferenced objects (1,000,000 of them make 60 MB).
func manyObjects(t testing.TB, signed []byte, n int) []byte {
	return appendUpdate(t, signed, n, func(i int) string { return "<< /Index " + strconv.Itoa(i) + " >>" })
}

// limitsFixture is a signed file, its signer's CA and its object count.
type limitsFixture struct {
	ca     *signingtest.CA
	signer *signing.Signer
	signed []byte
	// objects is the number of objects the signed file's cross-reference
	// declares (object 0 included), sections its revisions.
	objects, sections int
}

func newLimitsFixture(t testing.TB, o signingtest.PDFOptions) limitsFixture {
	t.Helper()
	ca := newCA(t)
	s := newSigner(t, ca, "Trần Văn Nghĩa", signingtest.ECDSAP256)
	signed := mustSign(t, samplePDF(t, o), s, signing.Options{Time: testNow})
	return limitsFixture{ca: ca, signer: s, signed: signed, objects: trailerInt(t, signed, "/Size "), sections: 2}
}

func TestLimits(t *testing.T) {
	fx := newLimitsFixture(t, signingtest.PDFOptions{FormField: true})
	const n = 300
	update := manyObjects(t, fx.signed, n)
	// Three empty updates: five revisions.
	revisions := fx.signed
	for range 3 {
		revisions = appendUpdate(t, revisions, 0, nil)
	}
	// One object whose innermost value, 1, is nested in 21 arrays and
	// dictionaries: the object's dictionary and 20 arrays.
	nested := strings.Repeat("[", 20) + "1" + strings.Repeat("]", 20)
	deep := appendUpdate(t, fx.signed, 1, func(int) string { return "<< /Deep " + nested + " >>" })
	// The same value in the catalog, which Sign reads too (it does not
	// read an unreferenced object).
	root := trailerInt(t, fx.signed, "/Root ")
	head := fmt.Sprintf("\n%d 0 obj\n", root)
	i := bytes.LastIndex(fx.signed, []byte(head)) + len(head)
	j := bytes.Index(fx.signed[i:], []byte("\nendobj"))
	catalog := string(fx.signed[i : i+j])
	require.True(t, strings.HasPrefix(catalog, "<<"), catalog)
	deepCatalog := appendUpdateAt(t, fx.signed, root, 1, func(int) string { return "<< /Deep " + nested + catalog[2:] })
	cases := []struct {
		name  string
		pdf   []byte
		limit string
		at    int // the figure the file reaches
		set   func(*signing.Limits, int)
		// verifyOnly: Sign does not read what is past the limit.
		verifyOnly bool
	}{
		{"objects in all", update, "MaxObjects", fx.objects + n, func(l *signing.Limits, v int) { l.MaxObjects = v }, false},
		{"objects per revision", update, "MaxRevisionObjects", n, func(l *signing.Limits, v int) { l.MaxRevisionObjects = v }, false},
		{"revisions", revisions, "MaxRevisions", fx.sections + 3, func(l *signing.Limits, v int) { l.MaxRevisions = v }, false},
		{"nesting", deep, "MaxDepth", 21, func(l *signing.Limits, v int) { l.MaxDepth = v }, true},
		{"nesting in the catalog", deepCatalog, "MaxDepth", 21, func(l *signing.Limits, v int) { l.MaxDepth = v }, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var at, past signing.Limits
			c.set(&at, c.at)
			c.set(&past, c.at-1)
			requireWithinLimits(t, fx, c.pdf, at)
			requirePastLimit(t, fx, c.pdf, past, c.limit, int64(c.at-1), c.verifyOnly)
		})
	}
	t.Run("decompressed stream bytes", func(t *testing.T) {
		xs := newLimitsFixture(t, signingtest.PDFOptions{FormField: true, XRefStream: true})
		// The least MaxStreamBytes Verify works within: the file's
		// cross-reference streams, as many times as revisions are read.
		at := threshold(t, 1, 1<<20, func(v int64) bool {
			_, err := signing.Verify(t.Context(), bytes.NewReader(xs.signed), int64(len(xs.signed)), signing.Policy{Limits: signing.Limits{MaxStreamBytes: v}})
			return err == nil
		})
		// The original section alone decodes to 6 bytes per object.
		require.GreaterOrEqual(t, at, int64(6*trailerInt(t, samplePDF(t, signingtest.PDFOptions{FormField: true, XRefStream: true}), "/Size ")))
		requireWithinLimits(t, xs, xs.signed, signing.Limits{MaxStreamBytes: at})
		requirePastLimit(t, xs, xs.signed, signing.Limits{MaxStreamBytes: at - 1}, "MaxStreamBytes", at-1, false)
	})
}

// threshold returns the least v in [lo, hi] for which ok holds, ok being
// false below it and true from it on.
func threshold(t *testing.T, lo, hi int64, ok func(int64) bool) int64 {
	t.Helper()
	require.True(t, ok(hi), "no threshold below %d", hi)
	require.False(t, ok(lo), "the file is within %d already", lo)
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if ok(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// requireWithinLimits verifies and signs pdf within lim: the report is
// the one of the default limits, and the signed result verifies.
func requireWithinLimits(t *testing.T, fx limitsFixture, pdf []byte, lim signing.Limits) {
	t.Helper()
	p := signing.Policy{Roots: fx.ca.Pool(), At: testNow}
	want, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), p)
	require.NoError(t, err)
	require.Len(t, want.Signatures, 1)
	p.Limits = lim
	got, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), p)
	require.NoError(t, err)
	assert.Equal(t, want, got, "the same report as with the default limits")

	out, err := signBytes(t.Context(), pdf, fx.signer, signing.Options{Time: testNow, Limits: lim})
	require.NoError(t, err)
	rep, err := signing.Verify(t.Context(), bytes.NewReader(out), int64(len(out)), signing.Policy{Roots: fx.ca.Pool(), At: testNow})
	require.NoError(t, err)
	require.Len(t, rep.Signatures, 2)
	assert.True(t, rep.Signatures[1].Valid, "%v", rep.Signatures[1].Problems)
}

// requirePastLimit asserts Verify, Sign and AddValidationData refuse pdf
// with a LimitError naming limit, return no report and write nothing;
// with verifyOnly, Verify alone is asked.
func requirePastLimit(t *testing.T, fx limitsFixture, pdf []byte, lim signing.Limits, limit string, max int64, verifyOnly bool) {
	t.Helper()
	check := func(what string, err error) {
		t.Helper()
		require.ErrorIs(t, err, signing.ErrLimit, what)
		var le *signing.LimitError
		require.ErrorAs(t, err, &le, what)
		assert.Equal(t, limit, le.Limit, what)
		assert.Equal(t, max, le.Max, what)
	}
	rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Roots: fx.ca.Pool(), Limits: lim})
	check("Verify", err)
	assert.Nil(t, rep)
	if verifyOnly {
		return
	}

	var out bytes.Buffer
	check("Sign", signing.Sign(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), &out, fx.signer, signing.Options{Time: testNow, Limits: lim}))
	assert.Zero(t, out.Len(), "Sign wrote a partial file")

	_, err = signing.Prepare(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), fx.signer.Chain(), signing.Options{Time: testNow, Limits: lim})
	check("Prepare", err)

	check("AddValidationData", signing.AddValidationData(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), &out, signing.ValidationOptions{Limits: lim}))
	assert.Zero(t, out.Len(), "AddValidationData wrote a partial file")
}

func TestLimitsRefuseHostileFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 60 MB file")
	}
	fx := newLimitsFixture(t, signingtest.PDFOptions{FormField: true})
	pdf := manyObjects(t, fx.signed, 1_000_000)
	path := filepath.Join(t.TempDir(), "hostile.pdf")
	require.NoError(t, os.WriteFile(path, pdf, 0o600))
	cases := []struct {
		name string
		run  func(ctx context.Context) error
	}{
		{"Verify", func(ctx context.Context) error {
			_, err := signing.VerifyFile(ctx, path, signing.Policy{})
			return err
		}},
		{"Sign", func(ctx context.Context) error {
			return signing.SignFile(ctx, path, filepath.Join(t.TempDir(), "out.pdf"), fx.signer, signing.Options{})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run(t.Context())
			var le *signing.LimitError
			require.ErrorAs(t, err, &le)
			assert.Equal(t, "MaxRevisionObjects", le.Limit)
			assert.Equal(t, int64(signing.DefaultMaxRevisionObjects), le.Max)
			assert.Greater(t, le.Offset, int64(len(fx.signed)), "the limit is reached in the update")
		})
	}
}

// TestLimitsDeadline: with the limits raised so that the hostile file is
// read, a deadline still stops Verify and Sign soon after it passes. The
// deadline is 150 ms, or a quarter of what the call takes without one on
// this machine (measured first) when that is less: a call made faster
// must still be stopped, not finish before its deadline.
func TestLimitsDeadline(t *testing.T) {
	fx := newLimitsFixture(t, signingtest.PDFOptions{FormField: true})
	const n = 400_000
	pdf := manyObjects(t, fx.signed, n)
	lim := signing.Limits{MaxObjects: 2 * n, MaxRevisionObjects: 2 * n}
	verify := func(ctx context.Context) error {
		_, err := signing.Verify(ctx, bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Limits: lim})
		return err
	}
	sign := func(ctx context.Context) error {
		_, err := signBytes(ctx, pdf, fx.signer, signing.Options{Limits: lim})
		return err
	}
	// What each call takes without a deadline, measured once.
	full := map[string]time.Duration{}
	for name, run := range map[string]func(context.Context) error{"verify": verify, "sign": sign} {
		start := time.Now()
		require.NoError(t, run(t.Context()), "without a deadline the raised limits read the file (%s)", name)
		full[name] = time.Since(start)
	}
	cases := []struct {
		name   string
		op     string
		run    func(ctx context.Context) error
		cancel bool // cancelled at the deadline rather than timed out
	}{
		{name: "Verify", op: "verify", run: verify},
		{name: "Sign", op: "sign", run: sign},
		{name: "Verify/cancelled", op: "verify", run: verify, cancel: true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wait := min(full[c.op]/4, 150*time.Millisecond)
			ctx, cancel := context.WithTimeout(t.Context(), wait)
			defer cancel()
			if c.cancel {
				ctx, cancel = context.WithCancel(t.Context())
				defer cancel()
				time.AfterFunc(wait, cancel)
			}
			start := time.Now()
			err := c.run(ctx)
			late := time.Since(start) - wait
			require.Error(t, err, "stopped by a deadline of %v", wait)
			require.True(t, errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled), "%v", err)
			// The race detector and a shared machine slow the steps
			// between two looks at the context, never to 100 ms.
			assert.Less(t, late, 100*time.Millisecond, "stopped %v after the deadline", late)
		})
	}
}

func TestLimitsOptions(t *testing.T) {
	fx := newLimitsFixture(t, signingtest.PDFOptions{})
	neg := []signing.Limits{{MaxObjects: -1}, {MaxRevisionObjects: -1}, {MaxRevisions: -1}, {MaxDepth: -1}, {MaxStreamBytes: -1}}
	for i, lim := range neg {
		t.Run(fmt.Sprintf("negative-%d", i), func(t *testing.T) {
			_, err := signing.Verify(t.Context(), bytes.NewReader(fx.signed), int64(len(fx.signed)), signing.Policy{Limits: lim})
			require.ErrorIs(t, err, signing.ErrOptions)
			_, err = signBytes(t.Context(), fx.signed, fx.signer, signing.Options{Limits: lim})
			require.ErrorIs(t, err, signing.ErrOptions)
		})
	}
	// Limits as large as they go bound nothing: Verify and Sign read the
	// file (the self-check's allowance for the update is added without
	// overflowing to a negative limit).
	largest := signing.Limits{MaxObjects: math.MaxInt, MaxRevisionObjects: math.MaxInt, MaxRevisions: math.MaxInt,
		MaxDepth: math.MaxInt, MaxStreamBytes: math.MaxInt64}
	rep, err := signing.Verify(t.Context(), bytes.NewReader(fx.signed), int64(len(fx.signed)), signing.Policy{Limits: largest})
	require.NoError(t, err)
	assert.Len(t, rep.Signatures, 1)
	signed, err := signBytes(t.Context(), fx.signed, fx.signer, signing.Options{Limits: largest})
	require.NoError(t, err)
	rep, err = signing.Verify(t.Context(), bytes.NewReader(signed), int64(len(signed)), signing.Policy{Limits: largest})
	require.NoError(t, err)
	assert.Len(t, rep.Signatures, 2)
}

func TestLimitErrorMessage(t *testing.T) {
	cases := []struct {
		name   string
		err    signing.LimitError
		vi, en string
	}{
		{"objects", signing.LimitError{Limit: "MaxObjects", Max: 500000},
			"Tệp có quá nhiều đối tượng (tối đa 500.000)", "the file has too many objects (at most 500,000)"},
		{"revision objects", signing.LimitError{Limit: "MaxRevisionObjects", Max: 250000},
			"Một lần cập nhật của tệp có quá nhiều đối tượng (tối đa 250.000)", "one update of the file has too many objects (at most 250,000)"},
		{"revisions", signing.LimitError{Limit: "MaxRevisions", Max: 1000},
			"Tệp có quá nhiều lần cập nhật (tối đa 1.000)", "the file has too many updates (at most 1,000)"},
		{"depth", signing.LimitError{Limit: "MaxDepth", Max: 64},
			"Cấu trúc của tệp lồng nhau quá sâu (tối đa 64 cấp)", "the file's structure is nested too deeply (at most 64 levels)"},
		{"stream bytes", signing.LimitError{Limit: "MaxStreamBytes", Max: 128 << 20},
			"Dữ liệu nén trong tệp giải nén ra quá lớn (tối đa 128 MB)", "the file's compressed data expands too much (at most 128 MB)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.vi, c.err.Message("vi"))
			assert.Equal(t, c.en, c.err.Message("en"))
			assert.Contains(t, c.err.Error(), "Limits."+c.err.Limit)
		})
	}
}

// TestLimitsVerifyAllocation: with the limits raised, Verify of the
// hostile file's kind (here 100,000 objects in one update) allocates at
// most 1,100 bytes an object (788 now, 861 under the race detector),
// nearly all of it each object's dictionary, parsed twice (the
// classification of the update, the look for signature dictionaries no
// field names) and dropped at once. Before the compact cross-reference it
// allocated 1,237 bytes an object of this file.
func TestLimitsVerifyAllocation(t *testing.T) {
	fx := newLimitsFixture(t, signingtest.PDFOptions{FormField: true})
	const n = 100_000
	pdf := manyObjects(t, fx.signed, n)
	lim := signing.Limits{MaxObjects: 2 * n, MaxRevisionObjects: 2 * n}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Limits: lim})
	runtime.ReadMemStats(&after)
	require.NoError(t, err)
	require.Len(t, rep.Updates, 1)
	perObject := float64(after.TotalAlloc-before.TotalAlloc) / n
	t.Logf("%.0f bytes allocated an object", perObject)
	assert.LessOrEqual(t, perObject, 1100.0)
}

// TestLimitsDepthCeiling raises MaxDepth as far as it goes: nesting is
// still bounded by MaxDepthCeiling, so an update holding an array nested
// 20,000,000 deep (20 MB of "[", which recursing a level at a time would
// take past the goroutine's stack and end the process) is a LimitError
// naming MaxDepth, while one nested exactly MaxDepthCeiling deep verifies.
func TestLimitsDepthCeiling(t *testing.T) {
	fx := newLimitsFixture(t, signingtest.PDFOptions{})
	largest := signing.Limits{MaxObjects: math.MaxInt, MaxRevisionObjects: math.MaxInt, MaxRevisions: math.MaxInt,
		MaxDepth: math.MaxInt, MaxStreamBytes: math.MaxInt64}
	nested := func(n int) []byte {
		// In the update's trailer, which every reader parses whole.
		pdf := appendUpdate(t, fx.signed, 0, nil)
		i := bytes.LastIndex(pdf, []byte("trailer\n<< "))
		require.Positive(t, i)
		i += len("trailer\n<< ")
		return slices.Concat(pdf[:i], []byte("/X "), bytes.Repeat([]byte("["), n), bytes.Repeat([]byte("]"), n), []byte(" "), pdf[i:])
	}
	cases := []struct {
		name  string
		depth int
		ok    bool
	}{
		{"at the ceiling", signing.MaxDepthCeiling, true},
		{"one past it", signing.MaxDepthCeiling + 1, false},
		{"20 MB of [", 20_000_000, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pdf := nested(tc.depth)
			rep, err := signing.Verify(t.Context(), bytes.NewReader(pdf), int64(len(pdf)), signing.Policy{Limits: largest})
			_, serr := signBytes(t.Context(), pdf, fx.signer, signing.Options{Limits: largest})
			if tc.ok {
				require.NoError(t, err)
				assert.Len(t, rep.Signatures, 1)
				require.NoError(t, serr)
				return
			}
			for _, err := range []error{err, serr} {
				var le *signing.LimitError
				require.ErrorAs(t, err, &le)
				assert.Equal(t, "MaxDepth", le.Limit)
				assert.EqualValues(t, signing.MaxDepthCeiling, le.Max)
			}
			assert.Nil(t, rep)
		})
	}
}
