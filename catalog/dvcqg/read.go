package dvcqg

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strconv"
	"strings"

	"github.com/motcua/motcua/catalog"
)

// MaxInputBytes is the largest input (a file for [ReadAll], a stream for
// [ReadRecords], a record for [Read]) the package reads.
const MaxInputBytes = 256 << 20

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

// Read reads one record (one JSON object) and maps it to a procedure as the
// package comment describes. Read is strict: any problem, including those
// [ReadRecords] would only list, is returned in an [*Error] that lists them
// all, and the procedure is then the zero value.
func Read(r io.Reader) (catalog.Procedure, error) {
	data, err := readAll(r)
	if err != nil {
		return catalog.Procedure{}, err
	}
	im := &importer{kept: map[string]int{}}
	p, ok := im.record(data, "", 0)
	if len(im.problems) > 0 || !ok {
		return catalog.Procedure{}, &Error{Problems: im.problems}
	}
	return p, nil
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
	data, err := readAll(r)
	if err != nil {
		return nil, nil, err
	}
	if err := im.stream(data, ""); err != nil {
		return nil, nil, err
	}
	return im.finish()
}

// ReadAll reads the files of fsys that match glob (see [fs.Glob]), in
// lexical order, each holding one record, a JSON array or a sequence of
// records, and imports them as [ReadRecords] does. Problems name the file.
func ReadAll(fsys fs.FS, glob string, opts ...Option) (*catalog.Catalog, []Problem, error) {
	im, err := newImporter(opts)
	if err != nil {
		return nil, nil, err
	}
	names, err := fs.Glob(fsys, glob)
	if err != nil {
		return nil, nil, fmt.Errorf("dvcqg: glob %q: %w", glob, err)
	}
	for _, name := range names {
		if fi, err := fs.Stat(fsys, name); err == nil && fi.IsDir() {
			continue
		}
		f, err := fsys.Open(name)
		if err != nil {
			return nil, nil, fmt.Errorf("dvcqg: %w", err)
		}
		data, err := readAll(f)
		f.Close()
		if err != nil {
			return nil, nil, fmt.Errorf("dvcqg: %s: %w", name, err)
		}
		if err := im.stream(data, name); err != nil {
			return nil, nil, err
		}
	}
	return im.finish()
}

func newImporter(opts []Option) (*importer, error) {
	im := &importer{kept: map[string]int{}}
	for _, o := range opts {
		if err := o(&im.cfg); err != nil {
			return nil, fmt.Errorf("dvcqg: option: %w", err)
		}
	}
	return im, nil
}

func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return nil, fmt.Errorf("dvcqg: read: %w", err)
	}
	if len(data) > MaxInputBytes {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, MaxInputBytes)
	}
	return data, nil
}

// importer collects the procedures and problems of one import.
type importer struct {
	cfg      config
	procs    []catalog.Procedure
	updated  []int64
	origin   []Problem // Source and Index of each procedure, for messages
	kept     map[string]int
	problems []Problem
	stop     error // the first problem, in strict mode
}

// add records a problem; in strict mode the first one stops the import.
func (im *importer) add(p Problem) {
	im.problems = append(im.problems, p)
	if im.cfg.strict && im.stop == nil {
		im.stop = p
	}
}

// stream imports the records of one input: an array, or records one
// after another.
func (im *importer) stream(data []byte, source string) error {
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	trimmed = bytes.TrimPrefix(trimmed, []byte("\ufeff"))
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return im.array(trimmed, source)
	}
	for i, pos := 0, 0; im.stop == nil; i++ {
		pos += len(data[pos:]) - len(bytes.TrimLeft(data[pos:], " \t\r\n"))
		if pos >= len(data) {
			break
		}
		dec := json.NewDecoder(bytes.NewReader(data[pos:]))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			im.add(Problem{Source: source, Index: i, Code: topLevelCode(data[pos:]), Skipped: true,
				Path: syntaxPath(data[pos:], err), Err: errorf(ErrSyntax, "%v", err)})
			// Start again at the next line that opens an object.
			next := bytes.Index(data[pos+1:], []byte("\n{"))
			if next < 0 {
				break
			}
			pos += next + 2
			continue
		}
		pos += int(dec.InputOffset())
		im.record(raw, source, i)
	}
	return im.stop
}

// array imports a JSON array of records.
func (im *importer) array(data []byte, source string) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if _, err := dec.Token(); err != nil { // '['
		return fmt.Errorf("%w: %s: %v", ErrSyntax, source, err)
	}
	i := 0
	for ; dec.More() && im.stop == nil; i++ {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return Problem{Source: source, Index: i, Skipped: true,
				Err: errorf(ErrSyntax, "broken JSON array at byte %d: %v; records from here on cannot be told apart", dec.InputOffset(), err)}
		}
		im.record(raw, source, i)
	}
	if im.stop != nil {
		return im.stop
	}
	if _, err := dec.Token(); err != nil { // ']'
		return Problem{Source: source, Index: i, Skipped: true, Err: errorf(ErrSyntax, "unterminated JSON array: %v", err)}
	}
	if _, err := dec.Token(); err != io.EOF {
		return Problem{Source: source, Index: i, Err: errorf(ErrSyntax, "data after the JSON array")}
	}
	return nil
}

// record decodes and maps one record and keeps it unless it has a fatal
// problem; ok reports whether it was kept.
func (im *importer) record(data []byte, source string, index int) (catalog.Procedure, bool) {
	var rec record
	if err := json.Unmarshal(data, &rec); err != nil {
		im.add(Problem{Source: source, Index: index, Code: topLevelCode(data), Skipped: true,
			Path: syntaxPath(data, err), Err: decodeError(err)})
		return catalog.Procedure{}, false
	}
	var m mapper
	p := m.procedure(&rec)
	fatal := m.failed()
	for _, is := range m.issues {
		im.add(Problem{Source: source, Index: index, Code: p.Code, Path: is.path, Skipped: fatal, Err: is.err})
	}
	if fatal {
		return catalog.Procedure{}, false
	}
	if prev, dup := im.kept[p.Code]; dup {
		if rec.UpdatedAt > im.updated[prev] {
			drop := im.origin[prev]
			im.add(Problem{Source: drop.Source, Index: drop.Index, Code: p.Code, Skipped: true,
				Err: errorf(ErrDuplicate, "record %s#%d with this code was updated later", source, index)})
			im.procs[prev], im.updated[prev] = p, rec.UpdatedAt
			im.origin[prev] = Problem{Source: source, Index: index}
			return p, true
		}
		keep := im.origin[prev]
		im.add(Problem{Source: source, Index: index, Code: p.Code, Skipped: true,
			Err: errorf(ErrDuplicate, "record %s#%d with this code was updated later or at the same time", keep.Source, keep.Index)})
		return p, false
	}
	im.kept[p.Code] = len(im.procs)
	im.procs = append(im.procs, p)
	im.updated = append(im.updated, rec.UpdatedAt)
	im.origin = append(im.origin, Problem{Source: source, Index: index})
	return p, true
}

// finish builds the catalogue of the records kept.
func (im *importer) finish() (*catalog.Catalog, []Problem, error) {
	if im.stop != nil {
		return nil, nil, im.stop
	}
	c, err := catalog.New(im.procs...)
	var ce *catalog.ConsistencyError
	if errors.As(err, &ce) {
		// The mapping should not produce inconsistent procedures; if it
		// does, leave them out and say so rather than fail the import.
		bad := map[int]bool{}
		for _, p := range ce.Problems {
			o := im.origin[p.Index]
			im.add(Problem{Source: o.Source, Index: o.Index, Code: p.Code, Path: p.Field, Skipped: true, Err: p})
			bad[p.Index] = true
		}
		if im.stop != nil {
			return nil, nil, im.stop
		}
		var good []catalog.Procedure
		for i, p := range im.procs {
			if !bad[i] {
				good = append(good, p)
			}
		}
		c, err = catalog.New(good...)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("dvcqg: %w", err)
	}
	return c, im.problems, nil
}

// decodeError classifies an encoding/json error.
func decodeError(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		if typeErr.Field == "" {
			return errorf(ErrType, "a record is a JSON object, not %s", typeErr.Value)
		}
		return errorf(ErrType, "%s is not a valid %s", typeErr.Value, typeName(typeErr.Type.String()))
	case errors.As(err, &syntaxErr):
		return errorf(ErrSyntax, "%v (at byte %d)", err, syntaxErr.Offset)
	}
	return errorf(ErrSyntax, "%v", err)
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
