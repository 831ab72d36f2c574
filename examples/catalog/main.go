// Command catalog loads motcua's embedded sample catalogue of administrative
// procedures, prints its statistics the way provinces publish them and the
// results of a few searches typed with and without Vietnamese diacritics.
//
//	go run ./examples/catalog
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/motcua/motcua/catalog"
)

func main() {
	if err := run(os.Stdout, time.Date(2026, 1, 1, 0, 0, 0, 0, catalog.Location)); err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
}

func run(w io.Writer, at time.Time) error {
	c, err := catalog.Sample()
	if err != nil {
		return err
	}
	s := c.Stats(at)
	fmt.Fprintf(w, "Danh mục thủ tục hành chính mẫu (sample catalogue) tại %s\n", at.Format("02/01/2006"))
	fmt.Fprintf(w, "  %s\n", s.Text("vi"))
	fmt.Fprintf(w, "  (%s)\n", s.Text("en"))
	for _, o := range []catalog.OnlineLevel{catalog.Full, catalog.Partial, catalog.Offline} {
		fmt.Fprintf(w, "  %-22s %3d  (%s)\n", o.Label("vi"), s.ByOnline[o], o.Label("en"))
	}
	for _, l := range []catalog.Level{catalog.Commune, catalog.Province, catalog.Central} {
		fmt.Fprintf(w, "  %-22s %3d  (%s)\n", l.Label("vi"), s.ByLevel[l], l.Label("en"))
	}
	sectors := make([]string, 0, len(s.BySector))
	for k := range s.BySector {
		sectors = append(sectors, k)
	}
	sort.Slice(sectors, func(i, j int) bool {
		if s.BySector[sectors[i]] != s.BySector[sectors[j]] {
			return s.BySector[sectors[i]] > s.BySector[sectors[j]]
		}
		return sectors[i] < sectors[j]
	})
	fmt.Fprintln(w, "  Lĩnh vực nhiều thủ tục nhất (largest sectors):")
	for _, k := range sectors[:min(5, len(sectors))] {
		fmt.Fprintf(w, "    %-40s %d\n", k, s.BySector[k])
	}

	queries := []catalog.Query{
		{Text: "dang ky khai sinh", At: at},
		{Text: "dang ki ket hon", At: at}, // kí for ký, the other spelling
		{Text: "ĐĂNG KÝ KINH DOANH", At: at, Limit: 4},
		{Text: "giay phep xay dung", Levels: []catalog.Level{catalog.Commune}, At: at},
		{Text: "2.001417", At: at},
		{Sectors: []string{"Ly lich tu phap"}, Online: []catalog.OnlineLevel{catalog.Full}, At: at},
	}
	for _, q := range queries {
		fmt.Fprintf(w, "\nTìm (search) %q", q.Text)
		for _, l := range q.Levels {
			fmt.Fprintf(w, ", %s", l.Label("vi"))
		}
		if len(q.Sectors) > 0 {
			fmt.Fprintf(w, ", lĩnh vực %v", q.Sectors)
		}
		for _, o := range q.Online {
			fmt.Fprintf(w, ", %s", o.Label("vi"))
		}
		fmt.Fprintln(w, ":")
		for _, p := range c.Search(q) {
			fmt.Fprintf(w, "  %s  %s — %s, %s, %s\n",
				p.Code, p.Name, p.Agency, p.ProcessingTime(catalog.ChannelUnknown).Label("vi"), p.Online.Label("vi"))
		}
	}
	return nil
}
