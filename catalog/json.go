package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
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
// the procedures are then checked as by [New].
func ReadJSON(r io.Reader) (*Catalog, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		return nil, jsonError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data after the catalogue document", ErrSyntax)
	}
	c, err := New(doc.Procedures...)
	if err != nil {
		return nil, err
	}
	c.note = doc.Note
	return c, nil
}

// jsonError classifies an encoding/json error.
func jsonError(err error) error {
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &typeErr):
		return fmt.Errorf("%w: field %q: %s is not a valid %s", ErrSyntax, typeErr.Field, typeErr.Value, typeErr.Type)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return fmt.Errorf("%w %s", ErrUnknownField, strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return fmt.Errorf("%w: %w", ErrSyntax, err)
}

// WriteJSON writes the catalogue in the format [ReadJSON] reads, indented,
// procedures sorted by code and validity. Reading it back yields an equal
// catalogue.
func (c *Catalog) WriteJSON(w io.Writer) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(document{Note: c.note, Procedures: c.procs}); err != nil {
		return fmt.Errorf("catalog: encode JSON: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("catalog: write JSON: %w", err)
	}
	return nil
}
