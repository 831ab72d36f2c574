package dvcqg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/boundedio"
	"github.com/motcua/motcua/internal/errdetail"
)

// Option changes how records are imported.
type Option func(*config) error

type config struct {
	strict bool
}

// Strict makes every problem, even one that would not stop a record from
// being imported, an error: the import stops at the first and returns it.
func Strict() Option {
	return func(c *config) error {
		c.strict = true
		return nil
	}
}

// ReadProcedure reads one record (one JSON object) and maps it to a
// procedure as the package comment describes; [ReadRecords] and [ReadAll]
// read many into a catalogue. ReadProcedure is strict: any problem,
// including those [ReadRecords] would only list, is returned in an
// [*Error] that lists them all, and the procedure is then the zero value.
func ReadProcedure(r io.Reader) (catalog.Procedure, error) {
	data, err := readAll(r, MaxInputBytes)
	if err != nil {
		return catalog.Procedure{}, err
	}
	res := decode(job{raw: data})
	if len(res.problems) > 0 {
		return catalog.Procedure{}, &Error{Problems: res.problems}
	}
	return res.proc, nil
}

// ReadRecords reads many records from r — a JSON array of records, or
// records one after another (JSON lines, or pretty-printed objects) — and
// returns the catalogue of those that could be imported, with the problems
// met. A record with a problem that makes it unusable (see
// [Problem.Skipped]) is left out and the others are imported; with
// [Strict], the first problem is returned as the error instead.
//
// Two records with the same code keep the one with the latest updatedAt.
// The error is non-nil only for a failing reader, an input larger than
// [MaxInputBytes], a broken JSON array (whose records cannot be told
// apart), an invalid option or, in strict mode, a problem.
func ReadRecords(r io.Reader, opts ...Option) (*catalog.Catalog, []Problem, error) {
	im, err := newImporter(opts)
	if err != nil {
		return nil, nil, err
	}
	data, err := readAll(r, MaxInputBytes)
	if err != nil {
		im.stop()
		return nil, nil, err
	}
	if err := im.stream(data, ""); err != nil {
		im.stop()
		return nil, nil, err
	}
	return im.finish()
}

// ReadAll reads the files of fsys that match glob (see [fs.Glob]), in
// lexical order, each holding one record, a JSON array or a sequence of
// records, and imports them as [ReadRecords] does. Problems name the file.
// A folder of glob that does not exist (os.DirFS of a mistyped path) is an
// error wrapping [fs.ErrNotExist], not an empty catalogue; an existing
// folder without a matching file gives an empty catalogue.
func ReadAll(fsys fs.FS, glob string, opts ...Option) (*catalog.Catalog, []Problem, error) {
	if err := checkFolder(fsys, glob); err != nil {
		return nil, nil, err
	}
	im, err := newImporter(opts)
	if err != nil {
		return nil, nil, err
	}
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		im.stop()
		return nil, nil, fmt.Errorf("dvcqg: glob %q: %w", glob, err)
	}
	for _, name := range names {
		if fi, err := fs.Stat(fsys, name); err == nil && fi.IsDir() {
			continue
		}
		f, err := fsys.Open(name)
		if err != nil {
			im.stop()
			return nil, nil, fmt.Errorf("dvcqg: %w", err)
		}
		data, err := readAll(f, MaxInputBytes-im.bytes)
		f.Close()
		if err != nil {
			im.stop()
			if errors.Is(err, ErrTooLarge) {
				err = fmt.Errorf("%w: the files up to %s are more than MaxInputBytes (%d bytes) together", ErrTooLarge, errdetail.ClipPath(name), MaxInputBytes)
			}
			return nil, nil, fmt.Errorf("dvcqg: %s: %w", errdetail.ClipPath(name), err)
		}
		im.bytes += int64(len(data))
		if err := im.stream(data, name); err != nil {
			im.stop()
			return nil, nil, err
		}
	}
	return im.finish()
}

// checkFolder returns an error when the folder glob's files would be in,
// its longest leading path without pattern characters, is not a folder of
// fsys: fs.Glob reports no error for a missing folder, only no match.
func checkFolder(fsys fs.FS, glob string) error {
	dir := "."
	if i := strings.IndexAny(glob, `*?[\`); i >= 0 {
		dir = path.Dir(glob[:i] + "x")
	} else {
		dir = path.Dir(glob)
	}
	fi, err := fs.Stat(fsys, dir)
	switch {
	case err != nil:
		return fmt.Errorf("dvcqg: folder of %q: %w", glob, err)
	case !fi.IsDir():
		return fmt.Errorf("dvcqg: folder of %q: %s is not a folder", glob, dir)
	}
	return nil
}

// newImporter returns an importer whose workers, one per processor,
// decode records as soon as they are split off the input: reading and
// splitting overlap decoding. Every importer must end with finish or stop.
func newImporter(opts []Option) (*importer, error) {
	im := &importer{maxRecords: MaxRecords}
	for _, o := range opts {
		if err := o(&im.cfg); err != nil {
			return nil, fmt.Errorf("dvcqg: option: %w", err)
		}
	}
	n := runtime.GOMAXPROCS(0)
	im.queue = make(chan job, 64)
	im.done = make([][]decoded, n)
	for w := range n {
		im.wg.Go(func() {
			for j := range im.queue {
				im.done[w] = append(im.done[w], decoded{seq: j.seq, result: decode(j)})
			}
		})
	}
	return im, nil
}

// readAll reads an input of at most max bytes, refusing a larger one
// before its buffer grows past max (at once when r tells its size).
func readAll(r io.Reader, max int64) ([]byte, error) {
	data, err := boundedio.ReadAll(r, max)
	switch {
	case errors.Is(err, boundedio.ErrTooLarge):
		return nil, fmt.Errorf("%w: more than MaxInputBytes (%d bytes)", ErrTooLarge, max)
	case err != nil:
		return nil, fmt.Errorf("dvcqg: read: %w", err)
	}
	return data, nil
}

// importer collects the records of one import, decodes them in parallel
// and merges the results in input order.
type importer struct {
	cfg   config
	bytes int64 // input read so far
	// maxRecords is MaxRecords, lowered by tests.
	maxRecords int
	jobs       []job
	queue      chan job    // to the workers
	done       [][]decoded // by worker
	wg         sync.WaitGroup
}

// job is one record to decode.
type job struct {
	source string
	index  int // in its source
	seq    int // in the import
	raw    []byte
}

// decoded is a worker's result for the job seq.
type decoded struct {
	seq int
	result
}

// add queues a record for decoding, or returns an error past MaxRecords.
// The import keeps the job without its bytes, so an input is garbage once
// its records are decoded: ReadAll holds one file at a time, not the
// folder.
func (im *importer) add(j job) error {
	if len(im.jobs) >= im.maxRecords {
		return fmt.Errorf("%w: more than MaxRecords (%d) records", ErrTooLarge, im.maxRecords)
	}
	j.seq = len(im.jobs)
	kept := j
	kept.raw = nil
	im.jobs = append(im.jobs, kept)
	im.queue <- j
	return nil
}

// stop waits for the workers and returns the results in input order.
func (im *importer) stop() []result {
	close(im.queue)
	im.wg.Wait()
	results := make([]result, len(im.jobs))
	for _, part := range im.done {
		for _, d := range part {
			results[d.seq] = d.result
		}
	}
	return results
}

// result is a decoded and mapped record.
type result struct {
	proc     catalog.Procedure
	updated  int64
	problems []Problem
	ok       bool
}

// stream splits one input into records: a JSON array, or records one
// after another. Only a broken array is an error: its records cannot be
// told apart.
func (im *importer) stream(data []byte, source string) error {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	i := skipSpace(data, 0)
	if i < len(data) && data[i] == '[' {
		return im.array(data, i+1, source)
	}
	for n := 0; ; n++ {
		if i = skipSpace(data, i); i >= len(data) {
			return nil
		}
		end := valueEnd(data, i)
		if err := im.add(job{source: source, index: n, raw: data[i:end]}); err != nil {
			return err
		}
		i = end
	}
}

// array splits the elements of a JSON array whose '[' ends before data[i].
func (im *importer) array(data []byte, i int, source string) error {
	broken := func(n int, msg string) error {
		return Problem{Source: source, Index: n, Skipped: true, Err: errorf(ErrSyntax, "%s", msg)}
	}
	if i = skipSpace(data, i); i < len(data) && data[i] == ']' {
		i++
	} else {
		for n := 0; ; n++ {
			i = skipSpace(data, i)
			if i >= len(data) {
				return broken(n, "unterminated JSON array")
			}
			end := valueEnd(data, i)
			if err := im.add(job{source: source, index: n, raw: data[i:end]}); err != nil {
				return err
			}
			if i = skipSpace(data, end); i >= len(data) {
				return broken(n+1, "unterminated JSON array")
			}
			if data[i] == ']' {
				i++
				break
			}
			if data[i] != ',' {
				return broken(n+1, fmt.Sprintf("broken JSON array at byte %d: records from here on cannot be told apart", i))
			}
			i++
		}
	}
	if skipSpace(data, i) != len(data) {
		return Problem{Source: source, Err: errorf(ErrSyntax, "data after the JSON array")}
	}
	return nil
}

func skipSpace(data []byte, i int) int {
	for i < len(data) && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n') {
		i++
	}
	return i
}

// valueEnd returns the end of the JSON value starting at data[i], found by
// balancing brackets outside strings; it does not validate (json.Unmarshal
// does). A value is cut short at a line that starts with '{' while still
// open, or at a line break inside a string, so that one broken line of JSON
// lines does not swallow the records after it. A value that is not an
// object or array ends at ',', ']' or a line break. The end is always
// after i when i < len(data), so callers make progress.
func valueEnd(data []byte, i int) int { return scanValueEnd(data, i, true) }

// scanValueEnd is valueEnd, jumping over plain strings when jump is set
// (the test checks that jumping changes nothing).
func scanValueEnd(data []byte, i int, jump bool) int {
	if i < len(data) && (data[i] == ',' || data[i] == '}' || data[i] == ']') {
		return i + 1 // a stray separator or closing bracket: let Unmarshal report it
	}
	depth, inString, escaped := 0, false, false
	for ; i < len(data); i++ {
		if jump && inString && !escaped {
			// Jump to the closing quote when no escape or line break comes
			// before it (most strings): a vectorised search instead of a
			// look at every byte.
			if q := bytes.IndexByte(data[i:], '"'); q > 0 {
				if seg := data[i : i+q]; bytes.IndexByte(seg, '\\') < 0 && bytes.IndexByte(seg, '\n') < 0 {
					i += q
				}
			}
		}
		c := data[i]
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
				if depth == 0 {
					return i + 1
				}
			case c == '\n':
				return i
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			if depth == 0 {
				return i // closes an enclosing array
			}
			if depth--; depth == 0 {
				return i + 1
			}
		case ',':
			if depth == 0 {
				return i
			}
		case '\n':
			if depth == 0 || (i+1 < len(data) && data[i+1] == '{') {
				return i
			}
		}
	}
	return i
}

// decode decodes and maps one record.
func decode(j job) result {
	rec, ok := fastDecode(j.raw)
	if !ok {
		// Whatever the fast decoder does not take, encoding/json decodes
		// or explains.
		rec = record{}
		if err := json.Unmarshal(j.raw, &rec); err != nil {
			return result{problems: []Problem{{Source: j.source, Index: j.index, Code: topLevelCode(j.raw), Skipped: true,
				Path: syntaxPath(j.raw, err), Err: decodeError(err)}}}
		}
	}
	var m mapper
	r := result{proc: m.procedure(&rec), updated: rec.UpdatedAt, ok: !m.failed()}
	for _, is := range m.issues {
		r.problems = append(r.problems, Problem{Source: j.source, Index: j.index, Code: r.proc.Code,
			Path: is.path, Skipped: is.fatal, Err: is.err})
	}
	if !r.ok {
		r.proc = catalog.Procedure{}
	}
	return r
}

// finish waits for the records to be decoded and builds the catalogue of
// those kept, in input order.
func (im *importer) finish() (*catalog.Catalog, []Problem, error) {
	results := im.stop()

	var (
		problems []Problem
		procs    = make([]catalog.Procedure, 0, len(results))
		updated  = make([]int64, 0, len(results))
		origin   = make([]job, 0, len(results))
		kept     = make(map[string]int, len(results))
	)
	for k, r := range results {
		problems = append(problems, r.problems...)
		if im.cfg.strict && len(problems) > 0 {
			return nil, nil, problems[0]
		}
		if !r.ok {
			continue
		}
		j := im.jobs[k]
		prev, dup := kept[r.proc.Code]
		if !dup {
			kept[r.proc.Code] = len(procs)
			procs = append(procs, r.proc)
			updated = append(updated, r.updated)
			origin = append(origin, j)
			continue
		}
		drop, keep := j, origin[prev]
		if r.updated > updated[prev] {
			drop, keep = keep, j
			procs[prev], updated[prev], origin[prev] = r.proc, r.updated, j
		}
		problems = append(problems, Problem{Source: drop.source, Index: drop.index, Code: r.proc.Code, Skipped: true,
			Err: errorf(ErrDuplicate, "record %s#%d with this code was updated later or at the same time", keep.source, keep.index)})
		if im.cfg.strict {
			return nil, nil, problems[len(problems)-1]
		}
	}

	// The procedures are this import's own: the catalogue keeps them.
	c, err := catalog.NewOwned(procs)
	var ce *catalog.ConsistencyError
	if errors.As(err, &ce) {
		// The mapping should not produce inconsistent procedures; if it
		// does, leave them out and say so rather than fail the import.
		bad := map[int]bool{}
		for _, p := range ce.Problems {
			o := origin[p.Index]
			problems = append(problems, Problem{Source: o.source, Index: o.index, Code: p.Code, Path: p.Field, Skipped: true, Err: p})
			bad[p.Index] = true
		}
		if im.cfg.strict {
			return nil, nil, problems[len(problems)-len(ce.Problems)]
		}
		var good []catalog.Procedure
		for i, p := range procs {
			if !bad[i] {
				good = append(good, p)
			}
		}
		c, err = catalog.NewOwned(good)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("dvcqg: %w", err)
	}
	return c.WithNote(fmt.Sprintf("Imported from records of the National Public Service Portal (Cổng Dịch vụ công Quốc gia): %d of %d records, %d problem(s).",
		c.Len(), len(im.jobs), len(problems))), problems, nil
}

// decodeError classifies an encoding/json error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return errorf(ErrType, "a record is a JSON object, not %s", errdetail.Clip(typeErr.Value))
		}
		return errorf(ErrType, "%s is not a valid %s", errdetail.Clip(typeErr.Value), typeName(typeErr.Type.String()))
	case errors.As(err, &syntaxErr):
		return errorf(ErrSyntax, "%s (at byte %d)", errdetail.ClipPath(err.Error()), syntaxErr.Offset)
	}
	return errorf(ErrSyntax, "%s", errdetail.ClipPath(err.Error()))
}

func typeName(goType string) string {
	switch {
	case strings.HasPrefix(goType, "int"):
		return "whole number"
	case goType == "string":
		return "string"
	case goType == "bool":
		return "boolean"
	case strings.HasPrefix(goType, "[]"):
		return "array"
	}
	return "object"
}

// syntaxPath returns the JSON path at which err (from encoding/json)
// occurred in data, or "".
func syntaxPath(data []byte, err error) string {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		return pathAt(data, typeErr.Offset)
	case errors.As(err, &syntaxErr):
		return pathAt(data, syntaxErr.Offset)
	}
	return ""
}

// pathAt returns the JSON path of the value being read when offset bytes
// of data have been consumed, such as "executionMethods[1].fees[0].value".
func pathAt(data []byte, offset int64) string {
	type frame struct {
		array   bool
		index   int
		key     string
		wantKey bool
	}
	var stack []frame
	dec := json.NewDecoder(bytes.NewReader(data))
	valueStart := func() {
		if n := len(stack); n > 0 && stack[n-1].array {
			stack[n-1].index++
		}
	}
	valueEnd := func() {
		if n := len(stack); n > 0 && !stack[n-1].array {
			stack[n-1].wantKey = true
		}
	}
	for dec.InputOffset() < offset {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{':
				valueStart()
				stack = append(stack, frame{wantKey: true})
			case '[':
				valueStart()
				stack = append(stack, frame{array: true, index: -1})
			default:
				if dec.InputOffset() >= offset {
					goto done // the error is about this whole object or array
				}
				stack = stack[:len(stack)-1]
				valueEnd()
			}
		case string:
			if n := len(stack); n > 0 && !stack[n-1].array && stack[n-1].wantKey {
				stack[n-1].key, stack[n-1].wantKey = v, false
				continue
			}
			valueStart()
			valueEnd()
		default:
			valueStart()
			valueEnd()
		}
	}
done:
	var b strings.Builder
	for _, f := range stack {
		switch {
		case f.array && f.index >= 0:
			b.WriteString("[" + strconv.Itoa(f.index) + "]")
		case !f.array && f.key != "":
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(f.key)
		}
	}
	return b.String()
}

// topLevelCode finds the "code" string of the top-level object in data,
// even when data is not valid JSON further on; "" if there is none.
func topLevelCode(data []byte) string {
	dec := json.NewDecoder(bytes.NewReader(data))
	depth := 0
	wantKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return ""
		}
		switch v := tok.(type) {
		case json.Delim:
			if v == '{' || v == '[' {
				depth++
				wantKey = v == '{' && depth == 1
			} else {
				depth--
				wantKey = depth == 1
			}
		case string:
			if depth == 1 && wantKey {
				if v == "code" {
					if tok, err := dec.Token(); err == nil {
						if s, ok := tok.(string); ok {
							return oneLine(s)
						}
					}
					return ""
				}
				wantKey = false
				continue
			}
			wantKey = depth == 1
		default:
			wantKey = depth == 1
		}
	}
}
