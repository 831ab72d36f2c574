// Package msgtable holds the message tables that motcua packages keep
// their display texts in: one entry per sentinel error, with a stable code
// and its Vietnamese and English texts.
package msgtable

import (
	"errors"

	"github.com/motcua/motcua/internal/vnfmt"
)

// Entry is the display text of one sentinel error.
type Entry struct {
	Err    error  // the sentinel
	Code   string // the stable code ("checksum", "header"...)
	VI, EN string // the texts
}

// Table is a package's messages, the most specific sentinels first.
type Table []Entry

// Code returns the code of the first entry whose sentinel err wraps, or "".
func (t Table) Code(err error) string {
	for _, m := range t {
		if errors.Is(err, m.Err) {
			return m.Code
		}
	}
	return ""
}

// Message returns the text of the first entry whose sentinel err wraps, in
// lang (English for a tag starting with "en", Vietnamese otherwise), or "".
func (t Table) Message(err error, lang string) string {
	for _, m := range t {
		if errors.Is(err, m.Err) {
			if vnfmt.English(lang) {
				return m.EN
			}
			return m.VI
		}
	}
	return ""
}

// E returns the entry of sentinel err: its code and texts.
func E(err error, code, vi, en string) Entry { return Entry{Err: err, Code: code, VI: vi, EN: en} }
