package fees

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// MaxScheduleBytes is the largest schedule document [Parse] and
// [ParseJSON] read.
const MaxScheduleBytes = 8 << 20

// Parse reads a schedule document (see the package comment for the
// format) from r and builds it with [New]. Syntax errors, values of the
// wrong type and unknown fields are [*FormatError] values naming the
// field; rule violations are a [*ScheduleError].
func Parse(r io.Reader) (*Schedule, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxScheduleBytes+1))
	if err != nil {
		return nil, fmt.Errorf("fees: read schedule: %w", err)
	}
	return ParseJSON(data)
}

// ParseJSON is [Parse] on a document in memory.
func ParseJSON(data []byte) (*Schedule, error) {
	def, err := DecodeDefinition(data)
	if err != nil {
		return nil, err
	}
	return New(def)
}

// DecodeDefinition decodes a schedule document into a [Definition]
// without checking its rules (that is [New]'s job, and so is refusing a
// text in a language other than "vi" and "en"). Unknown fields, trailing
// data and documents over [MaxScheduleBytes] are errors.
func DecodeDefinition(data []byte) (Definition, error) {
	if len(data) > MaxScheduleBytes {
		return Definition{}, &FormatError{Err: ErrTooLarge, Detail: fmt.Sprintf("more than %d bytes", MaxScheduleBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var def Definition
	if err := dec.Decode(&def); err != nil {
		return Definition{}, formatError(err, dec.InputOffset())
	}
	if _, err := dec.Token(); err != io.EOF {
		return Definition{}, &FormatError{Offset: dec.InputOffset(), Err: ErrSyntax, Detail: "data after the schedule object"}
	}
	return def, nil
}

func formatError(err error, offset int64) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	var pe *ParseError
	switch {
	case errors.As(err, &se):
		return &FormatError{Offset: se.Offset, Err: ErrSyntax, Detail: se.Error()}
	case errors.As(err, &te):
		return &FormatError{Offset: te.Offset, Field: te.Field, Err: ErrSyntax,
			Detail: fmt.Sprintf("cannot use JSON %s as %s", te.Value, te.Type)}
	case errors.As(err, &pe):
		return &FormatError{Offset: offset, Err: pe.Err, Detail: strings.TrimPrefix(pe.Error(), "fees: ")}
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return &FormatError{Offset: offset, Err: ErrSyntax, Detail: "unexpected end of document"}
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		// encoding/json reports no position for unknown fields (the offset
		// it has is the end of the enclosing value), so none is given.
		return &FormatError{Field: strings.Trim(name, `"`), Err: ErrUnknownField}
	}
	return &FormatError{Offset: offset, Err: ErrSyntax, Detail: err.Error()}
}

// MarshalJSON writes the schedule's definition in the documented format.
func (s *Schedule) MarshalJSON() ([]byte, error) {
	return json.Marshal(s.def)
}
