// Command bareverify is BenchmarkVerify10MB's floor for a process: a
// program that links signing alone and only calls signing.VerifyFile,
// so its time is the library's plus what starting any Go process of
// that size costs. It exits 0 when the file verifies against the root.
package main

import (
	"context"
	"crypto/x509"
	"fmt"
	"os"

	"github.com/motcua/motcua/signing"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: bareverify FILE.pdf ROOT.der")
		os.Exit(2)
	}
	der, err := os.ReadFile(os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	root, err := x509.ParseCertificate(der)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
	pool := x509.NewCertPool()
	pool.AddCert(root)
	rep, err := signing.VerifyFile(context.Background(), os.Args[1], signing.Policy{Roots: pool})
	if err != nil || rep.Status == signing.StatusInvalid {
		fmt.Fprintln(os.Stderr, rep, err)
		os.Exit(1)
	}
}
