package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/fees"
	"github.com/motcua/motcua/internal/cases"
)

// Exit codes of the command; see the package comment.
const (
	exitOK       = 0 // done, nothing wrong found
	exitFindings = 1 // done, and something is wrong: an invalid signature, a failed case, a mismatch
	exitUsage    = 2 // the command line is wrong
	exitInput    = 3 // an input cannot be read or an output written
)

// app is one run of the command: its streams, environment and the
// settings every subcommand shares.
type app struct {
	ctx    context.Context
	stdout io.Writer
	stderr io.Writer
	// stderrTTY says stderr is a terminal, where progress bars go.
	stderrTTY bool
	getenv    func(string) string
	lang      string
	json      bool
	// progress is "auto", "always" or "never".
	progress string
}

// cliError is a failure of the command: which exit code it gives, the
// stable code of its message, the argument it is about and the cause.
type cliError struct {
	Exit int
	Code string
	Arg  string
	Err  error
	// usage, for a usage error, is the subcommand whose usage to print.
	usage string
}

func (e *cliError) Error() string {
	s := "motcua: " + e.Code
	if e.Arg != "" {
		s += ": " + e.Arg
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *cliError) Unwrap() error { return e.Err }

// Message returns the error for a person in lang: the command's message
// for its code, the argument, and the cause in the words of the package
// that reported it when that package has a message table.
func (e *cliError) Message(lang string) string {
	var b strings.Builder
	b.WriteString(msg(e.Code, lang))
	if e.Arg != "" {
		b.WriteString(": ")
		b.WriteString(e.Arg)
	}
	if e.Err != nil {
		b.WriteString(": ")
		b.WriteString(errText(e.Err, lang))
	}
	return b.String()
}

// usageErr is a usage error of subcommand cmd.
func usageErr(cmd, code, arg string) *cliError {
	return &cliError{Exit: exitUsage, Code: code, Arg: arg, usage: cmd}
}

// inputErr is an input or output that failed.
func inputErr(code, arg string, err error) *cliError {
	return &cliError{Exit: exitInput, Code: code, Arg: arg, Err: err}
}

// findings is returned by a subcommand that ran to its end and found
// something wrong: its report is written, the exit code is 1.
var errFindings = errors.New("motcua: findings")

// messager is implemented by the typed errors of the motcua packages
// that say themselves in Vietnamese and English.
type messager interface{ Message(lang string) string }

// errText returns err for a person: the message of the first typed error
// in its chain that has one, else the message table of the package whose
// sentinel it wraps, followed by the program text for the detail.
func errText(err error, lang string) string {
	var m messager
	if errors.As(err, &m) {
		return m.Message(lang)
	}
	for _, t := range []struct {
		code func(error) string
		msg  func(error, string) string
	}{{dossier.ErrorCode, dossier.Message}, {fees.ErrorCode, fees.Message}} {
		if t.code(err) == "" {
			continue
		}
		if s := t.msg(err, lang); s != "" {
			detail := err.Error()
			if detail != "" && detail != s {
				return s + " (" + detail + ")"
			}
			return s
		}
	}
	return err.Error()
}

// commonFlags registers the settings every subcommand accepts after its
// name too: motcua due --json ... is motcua --json due ....
func (a *app) commonFlags(fs *flag.FlagSet) {
	fs.Func("lang", "vi | en", func(s string) error { return a.setLang(s) })
	fs.BoolVar(&a.json, "json", a.json, "JSON output")
	fs.Func("progress", "auto | always | never", func(s string) error { return a.setProgress(s) })
}

func (a *app) setLang(s string) error {
	switch {
	case s == "vi" || strings.HasPrefix(s, "vi-") || strings.HasPrefix(s, "vi_"):
		a.lang = "vi"
	case s == "en" || strings.HasPrefix(s, "en-") || strings.HasPrefix(s, "en_"):
		a.lang = "en"
	default:
		return errors.New("vi | en")
	}
	return nil
}

func (a *app) setProgress(s string) error {
	switch s {
	case "auto", "always", "never":
		a.progress = s
		return nil
	}
	return errors.New("auto | always | never")
}

// langFromEnv is the language of LC_ALL, LC_MESSAGES or LANG when it is
// English, else Vietnamese.
func langFromEnv(getenv func(string) string) string {
	for _, k := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(k); v != "" {
			if strings.HasPrefix(v, "en") {
				return "en"
			}
			return "vi"
		}
	}
	return "vi"
}

// parse parses a subcommand's flags, interspersed with its arguments
// (motcua verify a.pdf --json), and checks their number: at least min,
// at most max (max < 0: any). It returns the arguments.
func (a *app) parse(fs *flag.FlagSet, cmd string, args []string, min, max int) ([]string, error) {
	fs.SetOutput(io.Discard)
	a.commonFlags(fs)
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			return nil, errHelp{cmd}
		}
		if err != nil {
			return nil, usageErr(cmd, "bad_flag", strings.TrimPrefix(err.Error(), "flag provided but not defined: "))
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			pos = append(pos, rest[1:]...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	if len(pos) < min {
		return nil, usageErr(cmd, "missing_arg", "")
	}
	if max >= 0 && len(pos) > max {
		return nil, usageErr(cmd, "extra_arg", strings.Join(pos[max:], " "))
	}
	return pos, nil
}

// errHelp asks for a subcommand's usage on standard output.
type errHelp struct{ cmd string }

func (errHelp) Error() string { return "help requested" }

// printJSON writes v as indented JSON to standard output.
func (a *app) printJSON(v any) error { return a.printJSONTo(a.stdout, v) }

// printJSONTo writes v as indented JSON to w.
func (a *app) printJSONTo(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return inputErr("write", "stdout", err)
	}
	return nil
}

// printf writes to standard output.
func (a *app) printf(format string, args ...any) { fmt.Fprintf(a.stdout, format, args...) }

// text returns vi or en as the run's language asks.
func (a *app) text(vi, en string) string {
	if a.lang == "en" {
		return en
	}
	return vi
}

// openInput opens a file named on the command line: a missing file or a
// folder is an input error.
func openInput(path string) (*os.File, os.FileInfo, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, inputErr("open", path, err)
	}
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		f.Close()
		return nil, nil, inputErr("is_dir", path, nil)
	}
	if err != nil {
		f.Close()
		return nil, nil, inputErr("open", path, err)
	}
	return f, st, nil
}

// readFile reads a file named on the command line, refusing one larger
// than limit bytes.
func readFile(path string, limit int64) ([]byte, error) {
	f, st, err := openInput(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, inputErr("too_large", path, fmt.Errorf("%d > %d bytes", st.Size(), limit))
	}
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, inputErr("read", path, err)
	}
	if int64(len(b)) > limit {
		return nil, inputErr("too_large", path, fmt.Errorf("more than %d bytes", limit))
	}
	return b, nil
}

// parseTime reads a time as case files write it (cases.ParseTime):
// dd/mm/yyyy with an optional hh:mm[:ss], ISO 8601 or RFC 3339.
func parseTime(s string) (time.Time, error) { return cases.ParseTime(s) }

// timeFlag is a flag holding a time.
type timeFlag struct {
	t   time.Time
	set bool
}

func (f *timeFlag) String() string {
	if !f.set {
		return ""
	}
	return f.t.Format(time.RFC3339)
}

func (f *timeFlag) Set(s string) error {
	t, err := parseTime(s)
	if err != nil {
		return err
	}
	f.t, f.set = t, true
	return nil
}

// clock returns "hh:mm" of a duration since midnight.
func clock(d time.Duration) string {
	return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// parseClock reads "hh:mm" as a duration since midnight.
func parseClock(s string) (time.Duration, error) { return cases.ParseClock(s) }
