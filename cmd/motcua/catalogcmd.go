package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/catalog/sheet"
	"github.com/motcua/motcua/internal/vnfmt"
)

// catalogInput is a catalogue read, with the problems its reader
// reported: problems that left procedures out or made the catalogue
// unusable, and notes (approximations of portal records).
type catalogInput struct {
	cat      *catalog.Catalog
	problems []string // content problems: exit 1 for check
	notes    []string // portal fields approximated or missing
}

// catalogFormat returns the format of path: "json", "xlsx" or "portal".
func catalogFormat(path, format string) (string, error) {
	switch format {
	case "json", "xlsx", "portal":
		return format, nil
	case "":
	default:
		return "", errors.New("--format json | xlsx | portal")
	}
	st, err := os.Stat(path)
	if err != nil {
		return "", inputErr("open", path, err)
	}
	if st.IsDir() {
		return "portal", nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".xlsx":
		return "xlsx", nil
	case ".jsonl", ".ndjson":
		return "portal", nil
	}
	// A .json file is motcua's catalogue when its object has "procedures"
	// before any key of a portal record; otherwise portal records.
	f, err := os.Open(path)
	if err != nil {
		return "", inputErr("open", path, err)
	}
	defer f.Close()
	if isCatalogJSON(bufio.NewReader(io.LimitReader(f, 1<<20))) {
		return "json", nil
	}
	return "portal", nil
}

// isCatalogJSON reports whether r starts a JSON object whose top-level
// keys include "procedures" before "code" or "id".
func isCatalogJSON(r io.Reader) bool {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for {
		t, err := dec.Token()
		if err != nil {
			return false
		}
		k, ok := t.(string)
		if !ok {
			return false
		}
		switch k {
		case "procedures":
			return true
		case "code", "id", "codeNotation":
			return false
		}
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return false
		}
	}
}

// loadCatalog reads a catalogue in any of the formats.
func (a *app) loadCatalog(path, format string) (*catalogInput, error) {
	format, err := catalogFormat(path, format)
	if err != nil {
		var ce *cliError
		if errors.As(err, &ce) {
			return nil, err
		}
		return nil, usageErr("catalog", "bad_flag", err.Error())
	}
	in := &catalogInput{}
	switch format {
	case "json", "xlsx":
		f, err := os.Open(path)
		if err != nil {
			return nil, inputErr("open", path, err)
		}
		defer f.Close()
		st, err := f.Stat()
		if err != nil {
			return nil, inputErr("open", path, err)
		}
		bar := a.newProgress(filepath.Base(path), st.Size())
		r := io.Reader(f)
		if bar != nil {
			r = countingReader{f, bar}
		}
		if format == "json" {
			in.cat, err = catalog.ReadJSON(r)
		} else {
			in.cat, err = sheet.Read(a.ctx, r)
		}
		bar.finish()
		if err != nil {
			var ce *catalog.ConsistencyError
			var se *sheet.Error
			switch {
			case errors.As(err, &ce):
				for _, p := range ce.Problems {
					in.problems = append(in.problems, p.Error())
				}
				return in, nil
			case errors.As(err, &se):
				for _, p := range se.Problems {
					in.problems = append(in.problems, p.Error())
				}
				if se.More > 0 {
					in.problems = append(in.problems, fmt.Sprintf("… %s", vnfmt.Int(int64(se.More), "en")))
				}
				return in, nil
			}
			return nil, inputErr("catalog", path, err)
		}
		return in, nil
	}
	// National-portal records.
	var probs []dvcqg.Problem
	st, err := os.Stat(path)
	if err != nil {
		return nil, inputErr("open", path, err)
	}
	if st.IsDir() {
		fsys := os.DirFS(path)
		files, err := fs.Glob(fsys, "*.json")
		if err != nil {
			return nil, inputErr("read", path, err)
		}
		bar := a.newProgress(filepath.Base(path), int64(len(files)))
		in.cat, probs, err = dvcqg.ReadAll(countingFS{fsys, bar}, "*.json")
		bar.finish()
		if err != nil {
			return nil, inputErr("catalog", path, err)
		}
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, inputErr("open", path, err)
		}
		defer f.Close()
		bar := a.newProgress(filepath.Base(path), st.Size())
		r := io.Reader(f)
		if bar != nil {
			r = countingReader{f, bar}
		}
		in.cat, probs, err = dvcqg.ReadRecords(r)
		bar.finish()
		if err != nil {
			return nil, inputErr("catalog", path, err)
		}
	}
	for _, p := range probs {
		if p.Skipped {
			in.problems = append(in.problems, p.Error())
		} else {
			in.notes = append(in.notes, p.Error())
		}
	}
	return in, nil
}

// countingFS counts the files opened into a progress bar.
type countingFS struct {
	fs.FS
	p *progress
}

func (c countingFS) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if err == nil && strings.HasSuffix(name, ".json") {
		c.p.add(1)
	}
	return f, err
}

// loadCatalogOrSample reads a catalogue for a subcommand that needs a
// usable one (due, audit, report, test): the sample when path is empty; a
// catalogue with problems is an input error.
func loadCatalogOrSample(a *app, path, format string) (*catalog.Catalog, error) {
	if path == "" {
		cat, err := catalog.Sample()
		if err != nil {
			return nil, inputErr("catalog", "sample", err)
		}
		return cat, nil
	}
	in, err := a.loadCatalog(path, format)
	if err != nil {
		return nil, err
	}
	if in.cat == nil {
		return nil, inputErr("catalog", path, errors.New(strings.Join(in.problems, "; ")))
	}
	return in.cat, nil
}

// catalog is "motcua catalog check|convert|stats".
func (a *app) catalog(args []string) error {
	if len(args) == 0 {
		return usageErr("catalog", "missing_arg", "check | convert | stats")
	}
	sub, args := args[0], args[1:]
	fs := flag.NewFlagSet("catalog", flag.ContinueOnError)
	format := fs.String("format", "", "")
	var at timeFlag
	switch sub {
	case "check":
		pos, err := a.parse(fs, "catalog", args, 1, 1)
		if err != nil {
			return err
		}
		return a.catalogCheck(pos[0], *format)
	case "convert":
		pos, err := a.parse(fs, "catalog", args, 2, 2)
		if err != nil {
			return err
		}
		return a.catalogConvert(pos[0], pos[1], *format)
	case "stats":
		fs.Var(&at, "at", "")
		pos, err := a.parse(fs, "catalog", args, 1, 1)
		if err != nil {
			return err
		}
		return a.catalogStats(pos[0], *format, at.t)
	case "-h", "--help", "help":
		return errHelp{"catalog"}
	}
	return usageErr("catalog", "unknown_command", "catalog "+sub)
}

func (a *app) catalogCheck(path, format string) error {
	in, err := a.loadCatalog(path, format)
	if err != nil {
		return err
	}
	n := 0
	if in.cat != nil {
		n = in.cat.Len()
	}
	if a.json {
		if err := a.printJSON(map[string]any{"procedures": n, "problems": nonNil(in.problems), "notes": nonNil(in.notes)}); err != nil {
			return err
		}
	} else {
		for _, p := range in.problems {
			a.printf("%s %s\n", a.text("LỖI", "ERROR"), p)
		}
		for _, p := range in.notes {
			a.printf("%s %s\n", a.text("GHI CHÚ", "NOTE"), p)
		}
		a.printf("%s %s, %s %s\n", vnfmt.Int(int64(n), a.lang), a.text("thủ tục", "procedures"),
			vnfmt.Int(int64(len(in.problems)), a.lang), a.text("lỗi", "problems"))
	}
	if len(in.problems) > 0 {
		return errFindings
	}
	return nil
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func (a *app) catalogConvert(from, to, format string) error {
	in, err := a.loadCatalog(from, format)
	if err != nil {
		return err
	}
	if in.cat == nil || len(in.problems) > 0 {
		for _, p := range in.problems {
			fmt.Fprintf(a.stderr, "%s %s\n", a.text("LỖI", "ERROR"), p)
		}
		if in.cat == nil {
			return errFindings
		}
	}
	var buf bytes.Buffer
	switch strings.ToLower(filepath.Ext(to)) {
	case ".json":
		err = in.cat.WriteJSON(&buf)
	case ".xlsx":
		err = sheet.Write(&buf, in.cat)
	default:
		return usageErr("catalog", "bad_value", to+": .json | .xlsx")
	}
	if err != nil {
		return &cliError{Exit: exitFindings, Code: "write", Arg: to, Err: err}
	}
	if err := writeFileAtomic(to, buf.Bytes()); err != nil {
		return err
	}
	if a.json {
		return a.printJSON(map[string]any{"procedures": in.cat.Len(), "output": to})
	}
	a.printf("%s %s → %s\n", vnfmt.Int(int64(in.cat.Len()), a.lang), a.text("thủ tục", "procedures"), to)
	if len(in.problems) > 0 {
		return errFindings
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// folder, so that a failure leaves no half-written file.
func writeFileAtomic(path string, data []byte) error {
	return writeAtomic(path, func(w io.Writer) error { _, err := w.Write(data); return err })
}

// writeAtomic writes path with fill through a temporary file renamed into
// place.
func writeAtomic(path string, fill func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".motcua-*")
	if err != nil {
		return inputErr("write", path, err)
	}
	tmp := f.Name()
	ok := false
	defer func() {
		if !ok {
			f.Close()
			os.Remove(tmp)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err := fill(w); err != nil {
		var ce *cliError
		if errors.As(err, &ce) {
			return err
		}
		return inputErr("write", path, err)
	}
	if err := w.Flush(); err != nil {
		return inputErr("write", path, err)
	}
	if err := f.Close(); err != nil {
		return inputErr("write", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return inputErr("write", path, err)
	}
	ok = true
	return nil
}

func (a *app) catalogStats(path, format string, at time.Time) error {
	in, err := a.loadCatalog(path, format)
	if err != nil {
		return err
	}
	if in.cat == nil {
		for _, p := range in.problems {
			fmt.Fprintf(a.stderr, "%s %s\n", a.text("LỖI", "ERROR"), p)
		}
		return errFindings
	}
	st := in.cat.Stats(at)
	if a.json {
		return a.printJSON(st)
	}
	a.printf("%s\n", st.Text(a.lang))
	section := func(title string, m map[string]int) {
		a.printf("\n%s\n", title)
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Slice(keys, func(i, j int) bool {
			if m[keys[i]] != m[keys[j]] {
				return m[keys[i]] > m[keys[j]]
			}
			return keys[i] < keys[j]
		})
		for _, k := range keys {
			name := k
			if name == "" {
				name = a.text("(không ghi)", "(none)")
			}
			a.printf("  %-50s %8s\n", name, vnfmt.Int(int64(m[k]), a.lang))
		}
	}
	online := map[string]int{}
	for k, v := range st.ByOnline {
		online[k.Label(a.lang)] += v
	}
	level := map[string]int{}
	for k, v := range st.ByLevel {
		level[k.Label(a.lang)] += v
	}
	section(a.text("Theo mức độ trực tuyến", "By online level"), online)
	section(a.text("Theo cấp", "By level"), level)
	section(a.text("Theo lĩnh vực", "By sector"), st.BySector)
	return nil
}
