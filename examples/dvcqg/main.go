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
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(dir, query string) error {
	// A mistyped folder is an error here, not an empty catalogue.
	c, problems, err := dvcqg.ReadAll(os.DirFS(dir), "*.json*") // .json and .jsonl
	if err != nil {
		return err
	}

	now := time.Now().In(catalog.Location)
	st := c.Stats(now)
	fmt.Printf("Folder %s: %d procedures imported\n", dir, c.Len())
	fmt.Println(c.Note())
	fmt.Println(st.Text("vi"))
	for _, p := range problems {
		fmt.Println("  problem:", p)
	}

	fmt.Printf("\nSearch %q:\n", query)
	for _, p := range c.Search(catalog.Query{Text: query, At: now, Limit: 10}) {
		fmt.Printf("  %s  %s\n", p.Code, p.Name)
		// ProcessingTime says "trong ngày" for a same-day procedure and
		// "không cố định" for one without a fixed duration (no due date).
		fmt.Printf("           %s, %s, %s, %s\n", p.Sector, p.Online.Label("vi"),
			p.ProcessingTime(catalog.ChannelUnknown).Label("vi"), p.Agency)
		for _, ch := range p.Channels {
			for _, fee := range ch.Fees {
				if fee.HasAmount {
					fmt.Printf("           %s: %s (%s) %s\n", ch.Channel.Label("vi"), fee.AmountLabel("vi"), fee.Kind.Label("vi"), fee.Text)
				}
			}
		}
		if p.Authority != "" {
			fmt.Printf("           thẩm quyền: %s\n", p.Authority)
		}
		for _, v := range p.Variants {
			fmt.Printf("           trường hợp %s: %s, %s\n", v.Code, v.Duration().Label("vi"), v.Name)
		}
	}
	return nil
}
