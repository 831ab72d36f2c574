package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/internal/vnfmt"
)

// audit is "motcua audit register|db".
func (a *app) audit(args []string) error {
	if len(args) == 0 {
		return usageErr("audit", "missing_arg", "register | db")
	}
	switch args[0] {
	case "register":
		return a.auditRegister(args[1:])
	case "db":
		return a.auditDB(args[1:])
	case "-h", "--help", "help":
		return errHelp{"audit"}
	}
	return usageErr("audit", "unknown_command", "audit "+args[0])
}

func (a *app) auditRegister(args []string) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	catPath := fs.String("catalog", "", "")
	catFormat := fs.String("format", "", "")
	calPath := fs.String("calendar", "", "")
	var asOf timeFlag
	fs.Var(&asOf, "as-of", "")
	lateUnit := fs.String("late", "working", "")
	all := fs.Bool("all", false, "")
	cutOffText := fs.String("cut-off", "", "")
	pos, err := a.parse(fs, "audit", args, 1, 1)
	if err != nil {
		return err
	}
	if *lateUnit != "working" && *lateUnit != "calendar" {
		return usageErr("audit", "bad_flag", "--late "+*lateUnit)
	}
	var cutOff time.Duration
	if *cutOffText != "" {
		if cutOff, err = parseClock(*cutOffText); err != nil {
			return usageErr("audit", "bad_flag", "--cut-off "+*cutOffText)
		}
	}
	cal, err := loadCalendar(*calPath)
	if err != nil {
		return err
	}
	cat, err := loadCatalogOrSample(a, *catPath, *catFormat)
	if err != nil {
		return err
	}
	path := pos[0]
	f, st, err := openInput(path)
	if err != nil {
		return err
	}
	defer f.Close()
	wb, err := openWorkbook(a.ctx, f, st.Size())
	if err != nil {
		return inputErr("register", path, err)
	}
	au := newAuditor(cal, cat, a.lang)
	au.asOf, au.calDays = asOf.t, *lateUnit == "calendar"
	if cutOff > 0 {
		au.cutOff = cutOff
	}
	var total int64
	for _, s := range wb.Sheets {
		total += s.Size
	}
	bar := a.newProgress(a.text("Đọc sổ", "Reading"), total)

	out := bufio.NewWriterSize(a.stdout, 1<<16)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	var onRow func(*regResult)
	var onFinding func(regFinding)
	nFindings, nRows := 0, 0
	if a.json {
		// One object, streamed: {"rows": [...], "findings": [...], "summary": {...}};
		// with --all the rows come first, then the findings, so the
		// findings are kept in a spool file meanwhile.
		var spool *os.File
		if *all {
			if spool, err = os.CreateTemp("", "motcua-audit-*.jsonl"); err != nil {
				return inputErr("write", os.TempDir(), err)
			}
			defer func() { spool.Close(); os.Remove(spool.Name()) }()
			out.WriteString("{\"rows\": [\n")
			sp := bufio.NewWriter(spool)
			spEnc := json.NewEncoder(sp)
			spEnc.SetEscapeHTML(false)
			onRow = func(r *regResult) {
				if nRows > 0 {
					out.WriteString(",")
				}
				nRows++
				_ = enc.Encode(r)
			}
			onFinding = func(f regFinding) { nFindings++; _ = spEnc.Encode(f) }
			sum, err := au.auditWorkbook(a.ctx, wb, bar, onRow, onFinding)
			bar.finish()
			if err != nil {
				return a.registerErr(path, err)
			}
			if err := sp.Flush(); err != nil {
				return inputErr("write", spool.Name(), err)
			}
			out.WriteString("],\n\"findings\": [\n")
			if _, err := spool.Seek(0, 0); err != nil {
				return inputErr("read", spool.Name(), err)
			}
			sc := bufio.NewScanner(spool)
			sc.Buffer(make([]byte, 1<<16), 1<<20)
			for i := 0; sc.Scan(); i++ {
				if i > 0 {
					out.WriteString(",")
				}
				out.Write(sc.Bytes())
				out.WriteString("\n")
			}
			return a.finishRegisterJSON(out, enc, sum)
		}
		out.WriteString("{\"findings\": [\n")
		onRow = func(*regResult) {}
		onFinding = func(f regFinding) {
			if nFindings > 0 {
				out.WriteString(",")
			}
			nFindings++
			_ = enc.Encode(f)
		}
		sum, err := au.auditWorkbook(a.ctx, wb, bar, onRow, onFinding)
		bar.finish()
		if err != nil {
			return a.registerErr(path, err)
		}
		return a.finishRegisterJSON(out, enc, sum)
	}

	onFinding = func(f regFinding) {
		nFindings++
		line := fmt.Sprintf("%s!%d  %s  %s", f.Sheet, f.Row, f.Code, f.Message)
		if f.Register != "" || f.Recomputed != "" {
			line += fmt.Sprintf(" [%s %s, %s %s]", a.text("sổ", "register"), dash(f.Register), a.text("tính lại", "recomputed"), dash(f.Recomputed))
		}
		fmt.Fprintln(out, line)
	}
	onRow = func(*regResult) {}
	if *all {
		onRow = func(r *regResult) {
			fmt.Fprintf(out, "%s!%d  %s  %s %s  %s %s  %s %s  %s %s  %s\n", r.Sheet, r.Row, r.Code,
				a.text("nhận", "received"), dash(r.Received), a.text("hẹn", "due"), dash(r.Due),
				a.text("tính lại", "recomputed"), dash(r.Recomputed), a.text("giải quyết", "settled"), dash(r.Settled),
				timelinessLabel(r.Timeliness, a.lang))
		}
	}
	sum, err := au.auditWorkbook(a.ctx, wb, bar, onRow, onFinding)
	bar.finish()
	if err != nil {
		return a.registerErr(path, err)
	}
	if nFindings > 0 || *all {
		fmt.Fprintln(out)
	}
	a.writeSummary(out, sum)
	if err := out.Flush(); err != nil {
		return inputErr("write", "stdout", err)
	}
	if nFindings > 0 {
		return errFindings
	}
	return nil
}

func (a *app) registerErr(path string, err error) error {
	switch {
	case errors.Is(err, errNoLayout):
		return &cliError{Exit: exitInput, Code: "no_layout", Arg: path}
	case errors.Is(err, a.ctx.Err()) && a.ctx.Err() != nil:
		return inputErr("register", path, err)
	}
	return inputErr("register", path, err)
}

func (a *app) finishRegisterJSON(out *bufio.Writer, enc *json.Encoder, sum *regSummary) error {
	out.WriteString("],\n\"summary\": ")
	if err := enc.Encode(sum); err != nil {
		return inputErr("write", "stdout", err)
	}
	out.WriteString("}\n")
	if err := out.Flush(); err != nil {
		return inputErr("write", "stdout", err)
	}
	n := 0
	for _, v := range sum.Findings {
		n += v
	}
	if n > 0 {
		return errFindings
	}
	return nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// timelinessLabel names a recomputed timeliness for a person.
func timelinessLabel(t, lang string) string {
	labels := map[string][2]string{
		"early": {"trước hạn", "early"}, "on_time": {"đúng hạn", "on time"}, "late": {"quá hạn", "late"},
		"pending": {"đang giải quyết", "pending"}, "overdue": {"quá hạn, chưa giải quyết", "overdue, pending"},
		"unchecked": {"không kiểm tra được", "not checked"}, "no_fixed_duration": {"không có thời hạn cố định", "no fixed duration"},
	}
	l, ok := labels[t]
	if !ok {
		return t
	}
	if lang == "en" {
		return l[1]
	}
	return l[0]
}

// writeSummary writes audit register's summary table.
func (a *app) writeSummary(w *bufio.Writer, s *regSummary) {
	n := func(v int) string { return vnfmt.Int(int64(v), a.lang) }
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	row := func(label, v string) { fmt.Fprintf(tw, "%s\t%s\t\n", label, v) }
	sheets := make([]string, 0, len(s.Layouts))
	for k, v := range s.Layouts {
		sheets = append(sheets, k+" ("+v+")")
	}
	sort.Strings(sheets)
	fmt.Fprintf(w, "%s %s\n", a.text("Sổ:", "Sheets:"), strings.Join(sheets, ", "))
	row(a.text("Hồ sơ trong sổ", "Dossiers in the register"), n(s.Rows))
	row(a.text("  kiểm tra được", "  checked"), n(s.Checked))
	row(a.text("  không kiểm tra được", "  not checked"), n(s.Unchecked))
	row(a.text("Tính lại: trước hạn", "Recomputed: early"), n(s.Early))
	row(a.text("  đúng hạn", "  on time"), n(s.OnTime))
	row(a.text("  quá hạn", "  late"), n(s.Late))
	row(a.text("  đang giải quyết", "  pending"), n(s.Pending))
	row(a.text("  quá hạn, chưa giải quyết", "  overdue, pending"), n(s.Overdue))
	row(a.text("Sổ ghi quá hạn", "Late in the register"), n(s.RegisterLate))
	row(a.text("Dòng sai lệch", "Rows with findings"), n(s.RowsWrong))
	for _, k := range findingKinds {
		t := findingText[k]
		label := t[0]
		if a.lang == "en" {
			label = t[1]
		}
		row("  "+label, n(s.Findings[k]))
	}
	tw.Flush()
}

// auditDB is "motcua audit db DB".
func (a *app) auditDB(args []string) error {
	fs := flag.NewFlagSet("audit", flag.ContinueOnError)
	cpPath := fs.String("checkpoint", "", "")
	keyArg := fs.String("key", "", "")
	pos, err := a.parse(fs, "audit", args, 1, 1)
	if err != nil {
		return err
	}
	if (*cpPath == "") != (*keyArg == "") {
		return usageErr("audit", "missing_flag", "--checkpoint --key")
	}
	var opt dossier.AuditOptions
	if *cpPath != "" {
		vkey := *keyArg
		if strings.HasPrefix(vkey, "@") {
			b, err := readFile(vkey[1:], 4096)
			if err != nil {
				return err
			}
			vkey = strings.TrimSpace(string(b))
		}
		v, err := dossier.ParseVerifierKey(vkey)
		if err != nil {
			return &cliError{Exit: exitInput, Code: "verifier_key", Err: err}
		}
		cp, err := readFile(*cpPath, dossier.MaxCheckpointSize)
		if err != nil {
			return err
		}
		opt.Checkpoint, opt.Verifier = cp, v
	}
	store, err := a.openStore(pos[0])
	if err != nil {
		return err
	}
	defer store.Close()
	rep, err := dossier.Audit(a.ctx, store, opt)
	if err != nil {
		if errors.Is(err, dossier.ErrCheckpoint) {
			// A checkpoint that does not open with the agency's key is
			// itself a finding for an inspector: forged or edited.
			return &cliError{Exit: exitFindings, Code: "checkpoint", Arg: *cpPath, Err: err}
		}
		return inputErr("audit", redactDSN(pos[0]), err)
	}
	type findingJSON struct {
		Kind    string `json:"kind"`
		Label   string `json:"label"`
		Code    string `json:"code,omitempty"`
		Seq     uint64 `json:"seq,omitempty"`
		Detail  string `json:"detail"`
		Message string `json:"message"`
	}
	fj := make([]findingJSON, len(rep.Findings))
	for i, f := range rep.Findings {
		fj[i] = findingJSON{Kind: f.Kind.String(), Label: f.Kind.Label(a.lang), Code: f.Code, Seq: f.Seq, Detail: f.Err.Error(), Message: errText(f.Err, a.lang)}
	}
	root := base64.StdEncoding.EncodeToString(rep.Root[:])
	if a.json {
		if err := a.printJSON(map[string]any{"dossiers": rep.Dossiers, "events": rep.Events, "log_size": rep.Size,
			"root": root, "clean": rep.Clean(), "checkpoint": *cpPath != "", "findings": fj}); err != nil {
			return err
		}
	} else {
		a.printf("%s %s, %s %s, %s %s\n", vnfmt.Int(rep.Dossiers, a.lang), a.text("hồ sơ", "dossiers"),
			vnfmt.Int(rep.Events, a.lang), a.text("sự kiện", "events"), a.text("nhật ký", "log of"), vnfmt.Int(rep.Size, a.lang))
		a.printf("%s %s\n", a.text("Gốc nhật ký:", "Log root:"), root)
		if *cpPath == "" {
			a.printf("%s\n", a.text("Không có mốc kiểm tra: chỉ kiểm tra cơ sở dữ liệu với nhật ký của chính nó.",
				"No checkpoint: the database is checked against its own log only."))
		}
		for _, f := range fj {
			a.printf("%s %s %s (%s): %s\n", strings.ToUpper(f.Kind), dash(f.Code), seqText(f.Seq), f.Label, f.Message)
		}
		if rep.Clean() {
			a.printf("%s\n", a.text("Không phát hiện sai lệch.", "Nothing found."))
		} else {
			a.printf("%s: %d\n", a.text("Phát hiện", "Findings"), len(fj))
		}
	}
	if !rep.Clean() {
		return errFindings
	}
	return nil
}

func seqText(seq uint64) string {
	if seq == 0 {
		return ""
	}
	return fmt.Sprintf("#%d", seq)
}
