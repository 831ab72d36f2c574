// Command dvcqg imports a folder of procedure records of the national
// public-service portal into a catalogue, then prints its statistics, the
// problems met and the result of a search.
//
//	go run ./examples/dvcqg [-q text] [folder]
//
// The folder defaults to catalog/dvcqg/testdata (run from the repository's
// root); every *.json and *.jsonl file in it is read.
package main

import (
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/dvcqg"
	"github.com/motcua/motcua/internal/vntime"
)

func main() {
	query := flag.String("q", "giay chung nhan", "text to search for (diacritics optional)")
	flag.Usage = func() {
		fmt.Fprintln(flag.CommandLine.Output(), "usage: dvcqg [-q text] [folder]")
		flag.PrintDefaults()
	}
	flag.Parse()
	dir := "catalog/dvcqg/testdata"
	if flag.NArg() > 0 {
		dir = flag.Arg(0)
	}
	if err := run(dir, *query); err != nil {
		fmt.Fprintln(os.Stderr, "dvcqg:", err)
		os.Exit(1)
	}
}

func run(dir, query string) error {
	c, problems, err := dvcqg.ReadAll(os.DirFS(dir), "*.json*") // .json and .jsonl
	if err != nil {
		return err
	}

	now := time.Now().In(vntime.Location)
	st := c.Stats(now)
	fmt.Printf("Folder %s: %d procedures imported\n", dir, c.Len())
	fmt.Println(c.Note())
	fmt.Println(st)
	for _, p := range problems {
		fmt.Println("  problem:", p)
	}

	fmt.Printf("\nSearch %q:\n", query)
	for _, p := range c.Search(catalog.Query{Text: query, At: now, Limit: 10}) {
		fmt.Printf("  %s  %s\n", p.Code, p.Name)
		fmt.Printf("           %s, %s, %d ngày làm việc, %s\n", p.Sector, p.Online.Label("vi"), p.ProcessingDays, p.Agency)
		for _, ch := range p.Channels {
			for _, fee := range ch.Fees {
				if fee.HasAmount {
					currency := "đồng"
					if fee.Currency != "" {
						currency = fee.Currency
					}
					fmt.Printf("           %s: %d %s %s\n", ch.Channel, fee.Amount, currency, fee.Text)
				}
			}
		}
		if p.Authority != "" {
			fmt.Printf("           thẩm quyền: %s\n", p.Authority)
		}
		for _, v := range p.Variants {
			fmt.Printf("           trường hợp %s: %d %s %s\n", v.Code, v.Time, v.Unit, v.Name)
		}
	}
	return nil
}
