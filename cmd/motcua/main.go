package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr, os.Getenv, isTerminal(os.Stderr))
	stop()
	os.Exit(code)
}

// isTerminal reports whether f is a character device (a terminal), the
// place for progress bars; a pipe or a file is not.
func isTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// commands are the subcommands and the functions that run them, with
// their arguments after the name.
var commands = map[string]func(a *app, args []string) error{
	"verify":  (*app).verify,
	"sign":    (*app).sign,
	"quote":   (*app).quote,
	"due":     (*app).due,
	"catalog": (*app).catalog,
	"form":    (*app).form,
	"report":  (*app).report,
	"audit":   (*app).audit,
	"test":    (*app).test,
	"help":    (*app).help,
}

// run runs the command line args and returns the exit code. Nothing in
// it panics on any input; a panic that would still come from a library
// is reported as an input error with its value, never as a crash.
func run(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string, tty bool) (code int) {
	a := &app{ctx: ctx, stdout: stdout, stderr: stderr, stderrTTY: tty, getenv: getenv,
		lang: langFromEnv(getenv), progress: "auto"}
	defer func() {
		if r := recover(); r != nil {
			code = a.fail(inputErr("internal", "", fmt.Errorf("panic: %v", r)))
		}
	}()
	// Settings before the subcommand's name.
	for len(args) > 0 && strings.HasPrefix(args[0], "-") {
		name, val, hasVal := strings.Cut(strings.TrimLeft(args[0], "-"), "=")
		var err error
		switch name {
		case "json":
			a.json = !hasVal || val == "true"
			args = args[1:]
			continue
		case "h", "help":
			a.usage(a.stdout, "")
			return exitOK
		case "lang", "progress":
			if !hasVal {
				if len(args) < 2 {
					return a.fail(usageErr("", "bad_flag", args[0]))
				}
				val, args = args[1], args[1:]
			}
			if name == "lang" {
				err = a.setLang(val)
			} else {
				err = a.setProgress(val)
			}
		default:
			return a.fail(usageErr("", "bad_flag", args[0]))
		}
		if err != nil {
			return a.fail(usageErr("", "bad_flag", "--"+name+" "+val))
		}
		args = args[1:]
	}
	if len(args) == 0 {
		a.usage(a.stderr, "")
		return exitUsage
	}
	cmd, ok := commands[args[0]]
	if !ok {
		return a.fail(usageErr("", "unknown_command", args[0]))
	}
	err := cmd(a, args[1:])
	if err == nil {
		return exitOK
	}
	return a.fail(err)
}

// fail reports err and returns its exit code.
func (a *app) fail(err error) int {
	var h errHelp
	if errors.As(err, &h) {
		a.usage(a.stdout, h.cmd)
		return exitOK
	}
	if errors.Is(err, errFindings) {
		return exitFindings
	}
	var ce *cliError
	if !errors.As(err, &ce) {
		ce = &cliError{Exit: exitInput, Code: "read", Err: err}
	}
	if a.json {
		_ = a.printJSONTo(a.stderr, map[string]any{"error": map[string]any{
			"code": ce.Code, "exit": ce.Exit, "arg": ce.Arg, "message": ce.Message(a.lang), "detail": ce.Error()}})
	} else {
		fmt.Fprintln(a.stderr, "motcua: "+ce.Message(a.lang))
	}
	if ce.Exit == exitUsage {
		a.usage(a.stderr, ce.usage)
	}
	return ce.Exit
}
