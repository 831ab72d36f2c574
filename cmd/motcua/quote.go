package main

import (
	"bytes"
	"errors"
	"flag"
	"strconv"

	"github.com/motcua/motcua/fees"
)

// loadSchedule reads a fee schedule file, or the sample schedule for "".
func loadSchedule(path string) (*fees.Schedule, error) {
	if path == "" {
		s, err := fees.Sample()
		if err != nil {
			return nil, inputErr("schedule", "sample", err)
		}
		return s, nil
	}
	b, err := readFile(path, fees.MaxScheduleBytes)
	if err != nil {
		return nil, err
	}
	s, err := fees.Parse(bytes.NewReader(b))
	if err != nil {
		return nil, inputErr("schedule", path, err)
	}
	return s, nil
}

// itemFlags collects --item and the --value, --quantity and --copies that
// follow each.
type itemFlags struct{ items []fees.ItemRequest }

func (f *itemFlags) register(fs *flag.FlagSet) {
	fs.Func("item", "", func(s string) error {
		if s == "" {
			return errors.New("empty item code")
		}
		f.items = append(f.items, fees.ItemRequest{Code: s})
		return nil
	})
	num := func(name string, set func(*fees.ItemRequest, int64)) {
		fs.Func(name, "", func(s string) error {
			if len(f.items) == 0 {
				return errors.New("--" + name + " comes after the --item it is for")
			}
			n, err := parseAmount(s)
			if err != nil {
				return err
			}
			set(&f.items[len(f.items)-1], n)
			return nil
		})
	}
	num("value", func(r *fees.ItemRequest, n int64) { r.DeclaredValue = fees.Money(n) })
	num("quantity", func(r *fees.ItemRequest, n int64) { r.Quantity = n })
	num("copies", func(r *fees.ItemRequest, n int64) { r.Copies = n })
}

// parseAmount reads a whole number, in đồng or units: 1234567,
// "1.234.567" (Vietnamese grouping) or "1_234_567".
func parseAmount(s string) (int64, error) {
	if m, err := fees.ParseMoney(s); err == nil {
		return int64(m), nil
	}
	clean := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] != '_' && s[i] != '.' && s[i] != ' ' {
			clean = append(clean, s[i])
		}
	}
	n, err := strconv.ParseInt(string(clean), 10, 64)
	if err != nil {
		return 0, errors.New("not a whole number: " + strconv.Quote(s))
	}
	return n, nil
}

// quote is "motcua quote".
func (a *app) quote(args []string) error {
	fs := flag.NewFlagSet("quote", flag.ContinueOnError)
	schedule := fs.String("schedule", "", "")
	var items itemFlags
	items.register(fs)
	var at timeFlag
	fs.Var(&at, "at", "")
	var req fees.Request
	fs.Func("channel", "", func(s string) error { return req.Channel.UnmarshalText([]byte(s)) })
	fs.Func("group", "", func(s string) error { req.Groups = append(req.Groups, s); return nil })
	fs.StringVar(&req.Locality, "locality", "", "")
	if _, err := a.parse(fs, "quote", args, 0, 0); err != nil {
		return err
	}
	if len(items.items) == 0 {
		return usageErr("quote", "missing_flag", "--item")
	}
	if !at.set {
		return usageErr("quote", "missing_flag", "--at")
	}
	s, err := loadSchedule(*schedule)
	if err != nil {
		return err
	}
	req.Items, req.At = items.items, at.t
	q, err := s.Quote(req)
	if err != nil {
		// The request is well formed on the command line but the schedule
		// says no: a finding about the request, reported with its reason.
		return &cliError{Exit: exitFindings, Code: "quote", Err: err}
	}
	if a.json {
		return a.printJSON(q)
	}
	text, err := q.Explain(a.lang)
	if err != nil {
		return inputErr("quote", "", err)
	}
	a.printf("%s", text)
	if len(text) > 0 && text[len(text)-1] != '\n' {
		a.printf("\n")
	}
	return nil
}
