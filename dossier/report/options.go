package report

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/dossier"
)

// Options configure the workbooks. The zero value writes Vietnamese headers
// without a unit name and spools register rows to the system's temporary
// directory.
type Options struct {
	// Lang is the language of headers, titles and labels: "vi" (the
	// default when empty) or "en"; regional tags such as "vi-VN" or "en-GB"
	// are accepted.
	Lang string
	// Unit is the reporting unit printed in the titles, e.g. "UBND phường
	// Ba Đình" (and the row label of a summary grouped by nothing).
	Unit string
	// AsOf is the time the register counts the days late of dossiers still
	// open to; when zero, only settled dossiers get days late.
	AsOf time.Time
	// Calendar, when set, makes the register count days late in working
	// days; otherwise they are calendar days.
	Calendar *dossier.Calendar
	// ProcedureName, when set, gives the name of the procedure with a
	// code ("" when it does not know it): the statistics table grouped by
	// procedure then shows each name beside its code, "1.001612 – Đăng ký
	// khai sinh". [CatalogNames] makes one from a catalogue. The summary
	// carries codes only ([dossier.SummaryRow.Key]).
	ProcedureName func(code string) string
	// TempDir is where the register's rows are spooled before compression
	// (about 200 bytes a row); empty means [os.TempDir]. It must be
	// writable: excelize would otherwise keep every row in memory.
	TempDir string
}

// lang is a resolved language: 0 Vietnamese, 1 English.
type lang int

const (
	vi lang = iota
	en
)

func (o *Options) lang() (lang, error) {
	l := strings.ToLower(o.Lang)
	switch {
	case l == "" || l == "vi" || strings.HasPrefix(l, "vi-") || strings.HasPrefix(l, "vi_"):
		return vi, nil
	case l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_"):
		return en, nil
	}
	return vi, fmt.Errorf("%w: language %q (want \"vi\" or \"en\")", ErrInvalidOptions, o.Lang)
}

func (l lang) tag() string {
	if l == en {
		return "en"
	}
	return "vi"
}

// tempDir checks that the spool directory takes files: excelize falls back
// to memory, silently, when it cannot create one.
func (o *Options) tempDir() (string, error) {
	dir := o.TempDir
	if dir == "" {
		dir = os.TempDir()
	}
	f, err := os.CreateTemp(dir, "motcua-report-*")
	if err != nil {
		return "", fmt.Errorf("%w: temporary directory: %w", ErrInvalidOptions, err)
	}
	name := f.Name()
	cerr := f.Close()
	rerr := os.Remove(name)
	if cerr != nil || rerr != nil {
		return "", fmt.Errorf("%w: temporary directory %s: close: %v, remove: %v", ErrInvalidOptions, dir, cerr, rerr)
	}
	return dir, nil
}
