package main

import (
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/internal/cases"
)

// test is "motcua test CASES...".
func (a *app) test(args []string) error {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	filter := fs.String("run", "", "")
	pos, err := a.parse(fs, "test", args, 1, -1)
	if err != nil {
		return err
	}
	var files []string
	for _, p := range pos {
		st, err := os.Stat(p)
		if err != nil {
			return inputErr("open", p, err)
		}
		if !st.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".json") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return inputErr("read", p, err)
		}
	}
	sort.Strings(files)
	var results []cases.Result
	for _, f := range files {
		rs, err := a.runCaseFile(f, *filter)
		if err != nil {
			return err
		}
		results = append(results, rs...)
	}
	failed := 0
	for _, r := range results {
		if !r.Pass {
			failed++
		}
	}
	if a.json {
		if err := a.printJSON(map[string]any{"cases": results, "passed": len(results) - failed, "failed": failed}); err != nil {
			return err
		}
	} else {
		for _, r := range results {
			if r.Pass {
				a.printf("%s %s: %s\n", a.text("ĐẠT  ", "PASS "), r.File, r.Name)
				continue
			}
			a.printf("%s %s: %s: %s\n", a.text("TRƯỢT", "FAIL "), r.File, r.Name, r.Message)
		}
		a.printf("%d %s, %d %s\n", len(results)-failed, a.text("đạt", "passed"), failed, a.text("trượt", "failed"))
	}
	if failed > 0 {
		return errFindings
	}
	return nil
}

// runCaseFile reads one case file and runs its cases; the schedule,
// catalogue and calendar it names are read relative to it.
func (a *app) runCaseFile(path, filter string) ([]cases.Result, error) {
	b, err := readFile(path, cases.MaxFile)
	if err != nil {
		return nil, err
	}
	cf, err := cases.Parse(b)
	if err != nil {
		return nil, inputErr("cases", path, err)
	}
	rel := func(p string) string {
		if p == "" || filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(filepath.Dir(path), p)
	}
	explain := func(err error) string { return errText(err, a.lang) }
	var out []cases.Result
	if len(cf.Fees) > 0 {
		s, err := loadSchedule(rel(cf.Schedule))
		if err != nil {
			return nil, err
		}
		for _, c := range cf.Fees {
			if filter != "" && !strings.Contains(c.Name, filter) {
				continue
			}
			r := cases.RunFee(s, c, explain)
			r.File = path
			out = append(out, r)
		}
	}
	if len(cf.Deadlines) > 0 {
		cal, err := loadCalendar(rel(cf.Calendar))
		if err != nil {
			return nil, err
		}
		var cat *catalog.Catalog
		for _, c := range cf.Deadlines {
			if c.Procedure != "" && cat == nil {
				if cat, err = loadCatalogOrSample(a, rel(cf.Catalog), ""); err != nil {
					return nil, err
				}
			}
		}
		for _, c := range cf.Deadlines {
			if filter != "" && !strings.Contains(c.Name, filter) {
				continue
			}
			r := cases.RunDeadline(cal, cat, c, a.lang, explain)
			r.File = path
			out = append(out, r)
		}
	}
	return out, nil
}
