package main

import (
	"crypto/x509"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/motcua/motcua/signing"
)

// maxRootFile bounds a root certificate file.
const maxRootFile = 1 << 20

// verify is "motcua verify FILE.pdf".
func (a *app) verify(args []string) error {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	var roots []string
	fs.Func("roots", "", func(s string) error { roots = append(roots, s); return nil })
	var at timeFlag
	fs.Var(&at, "at", "")
	requireTS := fs.Bool("require-timestamp", false, "")
	allow := fs.String("allow", "", "")
	pos, err := a.parse(fs, "verify", args, 1, 1)
	if err != nil {
		return err
	}
	p := signing.Policy{At: at.t, RequireTimestamp: *requireTS}
	switch *allow {
	case "":
	case "form":
		p.AllowedChanges = signing.ChangesFormFilling
	default:
		return usageErr("verify", "bad_flag", "--allow "+*allow)
	}
	if len(roots) > 0 {
		pool, err := loadRoots(roots)
		if err != nil {
			return err
		}
		p.Roots = pool
	}
	path := pos[0]
	f, st, err := openInput(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rep, err := signing.Verify(a.ctx, f, st.Size(), p)
	if err != nil {
		if errors.Is(err, signing.ErrNotPDF) {
			return inputErr("not_pdf", path, err)
		}
		return inputErr("verify", path, err)
	}
	if a.json {
		if err := a.printJSON(rep); err != nil {
			return err
		}
	} else {
		a.printf("%s\n", strings.TrimRight(rep.Text(a.lang), "\n"))
	}
	if rep.Status != signing.StatusValid && rep.Status != signing.StatusValidWithChanges {
		return errFindings
	}
	return nil
}

// loadRoots reads the trusted roots: files, or every certificate file of
// a folder (.pem, .crt, .cer, .der).
func loadRoots(paths []string) (*x509.CertPool, error) {
	var data [][]byte
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, inputErr("open", p, err)
		}
		files := []string{p}
		if st.IsDir() {
			files = files[:0]
			entries, err := os.ReadDir(p)
			if err != nil {
				return nil, inputErr("read", p, err)
			}
			for _, e := range entries {
				switch strings.ToLower(filepath.Ext(e.Name())) {
				case ".pem", ".crt", ".cer", ".der":
					if !e.IsDir() {
						files = append(files, filepath.Join(p, e.Name()))
					}
				}
			}
			sort.Strings(files)
			if len(files) == 0 {
				return nil, inputErr("roots", p, fmt.Errorf("no .pem, .crt, .cer or .der file"))
			}
		}
		for _, f := range files {
			b, err := readFile(f, maxRootFile)
			if err != nil {
				return nil, err
			}
			data = append(data, b)
		}
	}
	pool, err := signing.LoadRoots(data...)
	if err != nil {
		return nil, inputErr("roots", strings.Join(paths, ", "), err)
	}
	return pool, nil
}
