package main

import (
	"errors"
	"flag"
	"os"
	"strings"

	"github.com/motcua/motcua/signing"
)

// maxKeyFile bounds a key, certificate or PKCS#12 file.
const maxKeyFile = 1 << 20

// sign is "motcua sign IN.pdf OUT.pdf".
func (a *app) sign(args []string) error {
	fs := flag.NewFlagSet("sign", flag.ContinueOnError)
	p12 := fs.String("p12", "", "")
	passFile := fs.String("password-file", "", "")
	certFile := fs.String("cert", "", "")
	keyFile := fs.String("key", "", "")
	chainFile := fs.String("chain", "", "")
	var opt signing.Options
	fs.StringVar(&opt.Name, "name", "", "")
	fs.StringVar(&opt.Reason, "reason", "", "")
	fs.StringVar(&opt.Location, "location", "", "")
	fs.StringVar(&opt.Contact, "contact", "", "")
	var at timeFlag
	fs.Var(&at, "time", "")
	certify := fs.Bool("certify", false, "")
	pos, err := a.parse(fs, "sign", args, 2, 2)
	if err != nil {
		return err
	}
	if (*p12 == "") == (*certFile == "") {
		return usageErr("sign", "missing_flag", "--p12 | --cert --key")
	}
	if *p12 != "" && (*keyFile != "" || *chainFile != "") {
		return usageErr("sign", "conflict", "--p12, --key, --chain")
	}
	if *certFile != "" && *keyFile == "" {
		return usageErr("sign", "missing_flag", "--key")
	}
	opt.Time = at.t
	if *certify {
		opt.Kind = signing.Certification
	}
	var s *signing.Signer
	if *p12 != "" {
		data, err := readFile(*p12, maxKeyFile)
		if err != nil {
			return err
		}
		pass := a.getenv("MOTCUA_P12_PASSWORD")
		if *passFile != "" {
			b, err := readFile(*passFile, 4096)
			if err != nil {
				return err
			}
			pass = strings.TrimRight(string(b), "\r\n")
		}
		if s, err = signing.LoadPKCS12(data, pass); err != nil {
			return inputErr("key", *p12, err)
		}
	} else {
		cert, err := readFile(*certFile, maxKeyFile)
		if err != nil {
			return err
		}
		key, err := readFile(*keyFile, maxKeyFile)
		if err != nil {
			return err
		}
		var chain []byte
		if *chainFile != "" {
			if chain, err = readFile(*chainFile, maxKeyFile); err != nil {
				return err
			}
		}
		if s, err = signing.LoadPEM(cert, key, chain); err != nil {
			return inputErr("key", *keyFile, err)
		}
	}
	in, out := pos[0], pos[1]
	if _, err := os.Stat(in); err != nil {
		return inputErr("open", in, err)
	}
	if err := signing.SignFile(a.ctx, in, out, s, opt); err != nil {
		var ce *signing.CertificateError
		switch {
		case errors.As(err, &ce):
			return &cliError{Exit: exitFindings, Code: "sign", Arg: in, Err: err}
		case errors.Is(err, signing.ErrNotPDF):
			return inputErr("not_pdf", in, err)
		}
		return inputErr("sign", in, err)
	}
	if a.json {
		return a.printJSON(map[string]any{"signed": out, "input": in})
	}
	a.printf("%s %s\n", a.text("Đã ký:", "Signed:"), out)
	return nil
}
