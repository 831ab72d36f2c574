package main

import (
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/report"
	"github.com/motcua/motcua/dossier/sqlstore"
)

// openStore opens the database named on the command line: a
// postgres:// (or postgresql://) connection string, else an existing
// SQLite file (a missing file is an input error, never a new database).
func (a *app) openStore(db string) (*sqlstore.Store, error) {
	driver := sqlstore.SQLite
	if strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://") {
		driver = sqlstore.Postgres
	} else {
		st, err := os.Stat(db)
		if err != nil {
			return nil, inputErr("open", db, err)
		}
		if st.IsDir() {
			return nil, inputErr("is_dir", db, nil)
		}
	}
	s, err := sqlstore.Open(a.ctx, driver, db)
	if err != nil {
		return nil, inputErr("database", redactDSN(db), err)
	}
	return s, nil
}

// redactDSN hides the password of a connection string in messages.
func redactDSN(db string) string {
	scheme, rest, ok := strings.Cut(db, "://")
	if !ok {
		return db
	}
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return db
	}
	user, _, hasPass := strings.Cut(rest[:at], ":")
	if !hasPass {
		return db
	}
	return scheme + "://" + user + ":***" + rest[at:]
}

// groupings are report stats' --group values.
var groupings = map[string]dossier.GroupBy{
	"none": dossier.GroupNone, "sector": dossier.GroupSector, "agency": dossier.GroupAgency,
	"procedure": dossier.GroupProcedure, "level": dossier.GroupLevel,
}

// report is "motcua report stats|register DB".
func (a *app) report(args []string) error {
	if len(args) == 0 {
		return usageErr("report", "missing_arg", "stats | register")
	}
	sub := args[0]
	if sub == "-h" || sub == "--help" || sub == "help" {
		return errHelp{"report"}
	}
	if sub != "stats" && sub != "register" {
		return usageErr("report", "unknown_command", "report "+sub)
	}
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	out := fs.String("out", "", "")
	unit := fs.String("unit", "", "")
	var from, to, asOf timeFlag
	group := "none"
	catPath := fs.String("catalog", "", "")
	if sub == "stats" {
		fs.Var(&from, "from", "")
		fs.Var(&to, "to", "")
		fs.StringVar(&group, "group", "none", "")
	} else {
		fs.Var(&asOf, "as-of", "")
	}
	pos, err := a.parse(fs, "report", args[1:], 1, 1)
	if err != nil {
		return err
	}
	if *out == "" {
		return usageErr("report", "missing_flag", "--out")
	}
	g, ok := groupings[group]
	if !ok {
		return usageErr("report", "bad_flag", "--group "+group)
	}
	if sub == "stats" && (!from.set || !to.set) {
		return usageErr("report", "missing_flag", "--from, --to")
	}
	cal, err := loadCalendar("")
	if err != nil {
		return err
	}
	opt := report.Options{Lang: a.lang, Unit: *unit, AsOf: asOf.t, Calendar: cal, TempDir: tempDirFor(*out)}
	if *catPath != "" || sub == "stats" && g == dossier.GroupProcedure {
		cat, err := loadCatalogOrSample(a, *catPath, "")
		if err != nil {
			return err
		}
		opt.ProcedureName = report.CatalogNames(cat, to.t)
	}
	store, err := a.openStore(pos[0])
	if err != nil {
		return err
	}
	defer store.Close()
	var rows int
	err = writeAtomic(*out, func(w io.Writer) error {
		if sub == "stats" {
			sum, err := dossier.Summarize(a.ctx, store, dossier.Period{From: from.t, To: to.t}, g)
			if err != nil {
				return &cliError{Exit: exitInput, Code: "report", Arg: pos[0], Err: err}
			}
			rows = len(sum.Rows)
			if err := report.WriteStatistics(w, sum, opt); err != nil {
				return &cliError{Exit: exitInput, Code: "report", Arg: *out, Err: err}
			}
			return nil
		}
		seq := store.List(a.ctx, dossier.Filter{Brief: true})
		counted := func(yield func(dossier.Dossier, error) bool) {
			for d, err := range seq {
				rows++
				if !yield(d, err) {
					return
				}
			}
		}
		if err := report.WriteRegister(a.ctx, w, counted, opt); err != nil {
			var re *report.RowError
			if errors.As(err, &re) {
				return &cliError{Exit: exitFindings, Code: "report", Arg: re.Code, Err: err}
			}
			return &cliError{Exit: exitInput, Code: "report", Arg: *out, Err: err}
		}
		return nil
	})
	if err != nil {
		return err
	}
	if a.json {
		return a.printJSON(map[string]any{"output": *out, "rows": rows})
	}
	a.printf("%s: %s (%d %s)\n", a.text("Đã ghi", "Written"), *out, rows, a.text("dòng", "rows"))
	return nil
}

// tempDirFor is the folder of an output file, where its spool goes.
func tempDirFor(out string) string { return filepath.Dir(out) }
