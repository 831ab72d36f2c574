package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/motcua/motcua/internal/boundedio"
	"github.com/motcua/motcua/internal/errdetail"
)

// document is the JSON form of a catalogue.
type document struct {
	// Note is free text about the catalogue: its source, its date, caveats.
	Note       string      `json:"note,omitempty"`
	Procedures []Procedure `json:"procedures"`
}

// ReadJSON reads a catalogue in motcua's JSON format:
//
//	{"note": "source and caveats", "procedures": [{"code": "1.001193", "name": "Đăng ký khai sinh",
//	  "levels": ["commune"], "online": "full", "processingDays": 0, ...}]}
//
// The field names are those of [Procedure]'s JSON tags; levels, online
// levels, channels, time units and fee kinds use their stable identifiers;
// dates are RFC 3339. Every field but code, name, levels and online may be
// left out, so documents written before a field existed still read. A field the format does not define is an error wrapping
// [ErrUnknownField] that names it; a malformed document wraps [ErrSyntax];
// the procedures are then checked as by [New]. A document larger than
// [MaxJSONBytes] is a [*LimitError] (refused at once when r tells its size,
// as a file or a bytes.Reader does, otherwise on reading the byte past the
// limit), and a failing reader's error is returned wrapped.
func ReadJSON(r io.Reader) (*Catalog, error) { return readJSON(r, MaxJSONBytes) }

// readJSON is ReadJSON with a size limit of max bytes.
func readJSON(r io.Reader, max int64) (*Catalog, error) {
	if boundedio.SizeHint(r) > max {
		return nil, jsonTooLarge()
	}
	in := &recordingReader{r: boundedio.Reader(r, max)}
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(err, in.err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err != nil && in.err != nil {
			return nil, jsonError(err, in.err)
		}
		return nil, fmt.Errorf("%w: data after the catalogue document", ErrSyntax)
	}
	c, err := NewOwned(doc.Procedures) // decoded for the catalogue only: no copy
	if err != nil {
		return nil, err
	}
	c.note = doc.Note
	return c, nil
}

func jsonTooLarge() error {
	return &LimitError{Limit: "MaxJSONBytes", Max: MaxJSONBytes, What: "the JSON document"}
}

// recordingReader keeps the error its reader returned other than io.EOF,
// which tells a failing reader from a malformed document.
type recordingReader struct {
	r   io.Reader
	err error
}

func (r *recordingReader) Read(p []byte) (int, error) {
	n, err := r.r.Read(p)
	if err != nil && err != io.EOF {
		r.err = err
	}
	return n, err
}

// jsonError classifies an error of encoding/json, or of the reader when
// readErr, the reader's own error, is set. The values it quotes (a field
// name, a literal) are cut to 80 characters, other messages to 200.
func jsonError(err, readErr error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.Is(readErr, boundedio.ErrTooLarge):
		return jsonTooLarge()
	case readErr != nil:
		return fmt.Errorf("catalog: read JSON: %w", readErr)
	case errors.As(err, &typeErr):
		return fmt.Errorf("%w: field %s: %s is not a valid %s", ErrSyntax,
			errdetail.Quote(typeErr.Field), errdetail.Clip(typeErr.Value), typeErr.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		name, uerr := strconv.Unquote(strings.TrimPrefix(err.Error(), "json: unknown field "))
		if uerr != nil {
			name = strings.TrimPrefix(err.Error(), "json: unknown field ")
		}
		return fmt.Errorf("%w %s", ErrUnknownField, errdetail.Quote(name))
	}
	return fmt.Errorf("%w: %w", ErrSyntax, shortError{err})
}

// shortError is an error whose message is cut to 200 characters (its
// start and end); it unwraps to the error.
type shortError struct{ err error }

func (e shortError) Error() string { return errdetail.ClipPath(e.err.Error()) }
func (e shortError) Unwrap() error { return e.err }

// WriteJSON writes the catalogue in the format [ReadJSON] reads, indented,
// procedures sorted by code and validity. Reading it back yields an equal
// catalogue.
func (c *Catalog) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	procs := make([]Procedure, len(c.procs))
	for i := range c.procs {
		procs[i] = c.procs[i].procedure(c.tables)
	}
	if err := enc.Encode(document{Note: c.note, Procedures: procs}); err != nil {
		return fmt.Errorf("catalog: encode JSON: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("catalog: write JSON: %w", err)
	}
	return nil
}
