package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/motcua/motcua/dossier"
)

// FindingKind says what [Store.Check] found. The zero value is unknown.
type FindingKind uint8

// Kinds of findings.
const (
	FindingUnknown FindingKind = iota
	// FindingDatabase: the database's own check reports damage (SQLite's
	// integrity_check names pages and indexes, not dossiers, so Code is
	// empty). Err is a [*CorruptError].
	FindingDatabase
	// FindingRow: a dossier cannot be read: the database reports its rows
	// damaged, or a stored value does not decode. Err is a [*CorruptError].
	FindingRow
	// FindingTrail: the dossier reads, but does not verify against its
	// trail ([dossier.Dossier.Verify]). Err wraps [dossier.ErrTampered].
	FindingTrail
	// FindingMissing: events or log leaves are stored for a code whose
	// dossier row is not found (a lookup of it answers a
	// [*CorruptError], not [dossier.ErrNotFound]). Err is a
	// [*CorruptError].
	FindingMissing
)

var findingNames = [...]string{"", "database", "row", "trail", "missing"}

var findingLabels = [...][2]string{
	{"Không rõ", "Unknown"},
	{"Cơ sở dữ liệu bị hỏng", "Database damaged"},
	{"Không đọc được hồ sơ", "Dossier unreadable"},
	{"Hồ sơ không khớp quá trình xử lý", "Dossier does not verify"},
	{"Thiếu hồ sơ", "Dossier missing"},
}

// Label returns what was found in lang ("vi", the default, or "en"):
// "Cơ sở dữ liệu bị hỏng" for [FindingDatabase]; "FindingKind(n)" for
// values past the last.
func (k FindingKind) Label(lang string) string {
	if int(k) >= len(findingLabels) {
		return k.String()
	}
	if len(lang) >= 2 && (lang[0]|0x20) == 'e' && (lang[1]|0x20) == 'n' { // "en", "en-US", "EN"
		return findingLabels[k][1]
	}
	return findingLabels[k][0]
}

// String returns the stable identifier: "database", "row", "trail",
// "missing"; "unknown" for the zero value, or "FindingKind(n)".
func (k FindingKind) String() string {
	switch {
	case k == FindingUnknown:
		return "unknown"
	case int(k) < len(findingNames):
		return findingNames[k]
	}
	return fmt.Sprintf("FindingKind(%d)", uint8(k))
}

// MarshalText implements encoding.TextMarshaler; the zero value and
// unknown values are an error.
func (k FindingKind) MarshalText() ([]byte, error) {
	if k == FindingUnknown || int(k) >= len(findingNames) {
		return nil, fmt.Errorf("sqlstore: unknown finding kind %d", uint8(k))
	}
	return []byte(findingNames[k]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *FindingKind) UnmarshalText(b []byte) error {
	for i, n := range findingNames {
		if i > 0 && n == string(b) {
			*k = FindingKind(i)
			return nil
		}
	}
	return fmt.Errorf("sqlstore: unknown finding kind %q", b)
}

// Finding is one problem [Store.Check] found.
type Finding struct {
	// Kind says what was found.
	Kind FindingKind
	// Code is the dossier concerned; empty for the database as a whole.
	Code string
	// Err says what, in detail: a [*CorruptError] (wrapping [ErrCorrupt])
	// or, for [FindingTrail], an error wrapping [dossier.ErrTampered].
	Err error
}

// String returns the finding for a report: kind, dossier and detail.
func (f Finding) String() string {
	s := f.Kind.String()
	if f.Code != "" {
		s += " " + f.Code
	}
	if f.Err != nil {
		s += ": " + f.Err.Error()
	}
	return s
}

// CheckOptions are the settings of [Store.Check]; the zero value runs the
// full check.
type CheckOptions struct {
	// Quick runs SQLite's quick_check instead of integrity_check: time
	// linear in the file's size instead of N log N, but indexes are not
	// checked against their tables, so an index that makes lookups miss
	// rows goes unseen. PostgreSQL ignores it.
	Quick bool
	// MaxFindings stops the check after that many findings, with
	// [CheckReport.Truncated] set; 0 means 1000.
	MaxFindings int
}

// CheckReport is the result of [Store.Check].
type CheckReport struct {
	// Database names the database's own check that ran: "sqlite
	// integrity_check", "sqlite quick_check" or "postgres amcheck"; empty
	// when none was available (PostgreSQL without the amcheck extension).
	Database string
	// Dossiers counts the dossiers read and verified, Events their events.
	Dossiers, Events int64
	// Findings lists every problem found, in the order found: the
	// database's check first, then the dossiers in code order, then the
	// codes whose dossier row is missing.
	Findings []Finding
	// Truncated says the check stopped at [CheckOptions.MaxFindings].
	Truncated bool
}

// Clean reports whether the check found nothing.
func (r *CheckReport) Clean() bool { return len(r.Findings) == 0 && !r.Truncated }

// errMissingRow marks the [*CorruptError] of a dossier whose events or
// leaves are stored without its row.
var errMissingRow = errors.New("dossier row missing")

// errFull stops the check when MaxFindings is reached.
var errFull = errors.New("sqlstore: check: too many findings")

// Check checks the store's database, then every dossier in it:
//
//   - The database's own check. SQLite: PRAGMA integrity_check (or
//     quick_check, with opt.Quick), which reads every page and, in full,
//     checks every index against its table. PostgreSQL has no built-in
//     check of its files: with the amcheck extension installed (CREATE
//     EXTENSION amcheck, by an administrator; Check never creates it),
//     bt_index_check with heapallindexed checks every B-tree index of the
//     store's tables, every row present in each; without it,
//     [CheckReport.Database] is empty and only the checks below run.
//   - Every dossier read back, in code order through the store's paging
//     [Store.List] (bounded memory), and verified against its trail
//     ([dossier.Dossier.Verify]). Where a page cannot be read, the
//     dossiers of the damaged range are read one by one ([Store.Get]),
//     their codes found in the dossiers, events and log tables, so that
//     each unreadable dossier is reported with its code and the check goes
//     on past the damage.
//   - Every code with events or log leaves but no dossier row.
//
// Every problem is a [Finding] of the report, with the dossier's code
// where the damage can be tied to one; the error is for what stops the
// check: the context, a closed store, an error of the database other than
// damage. Check does not audit the transparency log against the trails:
// [dossier.Audit] does.
func (s *Store) Check(ctx context.Context, opt CheckOptions) (*CheckReport, error) {
	if err := s.check(ctx); err != nil {
		return nil, err
	}
	if opt.MaxFindings < 0 {
		return nil, fmt.Errorf("%w: MaxFindings %d", ErrOption, opt.MaxFindings)
	}
	c := &checker{s: s, opt: opt, rep: &CheckReport{}, seen: map[string]bool{}}
	if c.opt.MaxFindings == 0 {
		c.opt.MaxFindings = 1000
	}
	err := c.database(ctx)
	if err == nil {
		err = c.dossiers(ctx)
	}
	if err == nil {
		err = c.missing(ctx)
	}
	if errors.Is(err, errFull) {
		c.rep.Truncated, err = true, nil
	}
	if err != nil {
		return nil, err
	}
	return c.rep, nil
}

type checker struct {
	s    *Store
	opt  CheckOptions
	rep  *CheckReport
	seen map[string]bool // codes with a finding already
}

// add records a finding; errFull when MaxFindings is reached.
func (c *checker) add(k FindingKind, code string, err error) error {
	if code != "" {
		if c.seen[code] {
			return nil
		}
		c.seen[code] = true
	}
	if len(c.rep.Findings) >= c.opt.MaxFindings {
		return errFull
	}
	c.rep.Findings = append(c.rep.Findings, Finding{Kind: k, Code: code, Err: err})
	return nil
}

// damage records err as a finding of kind k when it is damage, and
// returns what stops the check otherwise.
func (c *checker) damage(k FindingKind, code string, err error) error {
	if !errors.Is(err, ErrCorrupt) {
		return err
	}
	if errors.Is(err, errMissingRow) {
		k = FindingMissing
	}
	return c.add(k, code, err)
}

// database runs the database's own check.
func (c *checker) database(ctx context.Context) error {
	if c.s.pg {
		return c.amcheck(ctx)
	}
	pragma := "integrity_check"
	if c.opt.Quick {
		pragma = "quick_check"
	}
	c.rep.Database = "sqlite " + pragma
	op := strings.ReplaceAll(pragma, "_", " ")
	rows, err := c.s.r.QueryContext(ctx, fmt.Sprintf("PRAGMA %s(%d)", pragma, c.opt.MaxFindings))
	if err != nil {
		return c.damage(FindingDatabase, "", dbError(op, "", err))
	}
	defer rows.Close()
	for rows.Next() {
		var msg string
		if err := rows.Scan(&msg); err != nil {
			return c.damage(FindingDatabase, "", scanError(op, "", err))
		}
		for line := range strings.SplitSeq(msg, "\n") {
			if line == "ok" || line == "" || strings.HasPrefix(line, "*** in database ") {
				continue
			}
			if err := c.add(FindingDatabase, "", &CorruptError{Op: op, Err: errors.New(line)}); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		// The check itself stopped on a page it could not read.
		return c.damage(FindingDatabase, "", dbError(op, "", err))
	}
	return nil
}

// amcheck runs PostgreSQL's amcheck on the store's B-tree indexes, when
// the extension is installed.
func (c *checker) amcheck(ctx context.Context) error {
	var schema sql.NullString
	err := c.s.r.QueryRowContext(ctx, `SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname = 'amcheck'`).Scan(&schema)
	if isNoRows(err) {
		return nil
	}
	if err != nil {
		return dbError("amcheck", "", err)
	}
	c.rep.Database = "postgres amcheck"
	rows, err := c.s.r.QueryContext(ctx, `SELECT ic.oid::regclass::text FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class tc ON tc.oid = i.indrelid JOIN pg_am a ON a.oid = ic.relam
WHERE tc.relnamespace = current_schema()::regnamespace AND tc.relname LIKE 'motcua\_%' AND a.amname = 'btree'
ORDER BY 1`)
	if err != nil {
		return dbError("amcheck", "", err)
	}
	var indexes []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			rows.Close()
			return dbError("amcheck", "", err)
		}
		indexes = append(indexes, name)
	}
	if err := closeRows(rows); err != nil {
		return dbError("amcheck", "", err)
	}
	check := "SELECT " + pgx.Identifier{schema.String, "bt_index_check"}.Sanitize() + "($1::regclass, true)"
	for _, ix := range indexes {
		if _, err := c.s.r.ExecContext(ctx, check, ix); err != nil {
			if !isCorruption(err) {
				return dbError("amcheck "+ix, "", err)
			}
			if err := c.add(FindingDatabase, "", &CorruptError{Op: "amcheck " + ix, Err: err}); err != nil {
				return err
			}
		}
	}
	return nil
}

// dossiers reads and verifies every dossier: pages of [Store.List], and
// one by one past a page that cannot be read.
func (c *checker) dossiers(ctx context.Context) error {
	after := ""
	for {
		failed := false
		for d, err := range c.s.List(ctx, dossier.Filter{After: after}) {
			if err != nil {
				if !errors.Is(err, ErrCorrupt) {
					return err
				}
				failed = true
				break
			}
			if err := c.verify(&d); err != nil {
				return err
			}
			after = d.Code
		}
		if !failed {
			return nil
		}
		// Past the damage, dossier by dossier, until a page's worth reads.
		for good := 0; good < fullPage; {
			code, ok, err := c.nextCode(ctx, after)
			if err != nil || !ok {
				return err
			}
			after = code
			d, err := c.s.Get(ctx, code)
			if err != nil {
				if err := c.damage(FindingRow, code, err); err != nil {
					return err
				}
				good = 0
				continue
			}
			if err := c.verify(&d); err != nil {
				return err
			}
			good++
		}
	}
}

// verify counts d and checks it against its trail.
func (c *checker) verify(d *dossier.Dossier) error {
	c.rep.Dossiers++
	c.rep.Events += int64(len(d.Events))
	if err := d.Verify(); err != nil {
		return c.add(FindingTrail, d.Code, err)
	}
	return nil
}

// nextCode returns the first code after after that any of the dossiers,
// events and log tables holds (each through its own B-tree, so that one
// damaged tree does not hide the codes); ok is false past the last one.
// When no table answers, the damage is recorded and ok is false.
func (c *checker) nextCode(ctx context.Context, after string) (code string, ok bool, err error) {
	var firstErr error
	for _, q := range c.s.qs.nextCodes {
		var got string
		switch err := c.s.r.QueryRowContext(ctx, q, after).Scan(&got); {
		case err == nil:
			if !ok || got < code {
				code, ok = got, true
			}
		case isNoRows(err):
		case ctx.Err() != nil:
			return "", false, ctx.Err()
		case isCorruption(err):
			if firstErr == nil {
				firstErr = dbError("list codes", "", err)
			}
		default:
			return "", false, dbError("list codes", "", err)
		}
	}
	if ok || firstErr == nil {
		return code, ok, nil
	}
	return "", false, c.damage(FindingDatabase, "", firstErr)
}

// missing reports the codes with events or log leaves but no dossier row.
func (c *checker) missing(ctx context.Context) error {
	for _, q := range c.s.qs.orphans {
		rows, err := c.s.r.QueryContext(ctx, q)
		if err != nil {
			if err := c.damage(FindingDatabase, "", dbError("list missing rows", "", err)); err != nil {
				return err
			}
			continue
		}
		for rows.Next() {
			var code string
			if err := rows.Scan(&code); err != nil {
				rows.Close()
				return c.damage(FindingDatabase, "", scanError("list missing rows", "", err))
			}
			err := &CorruptError{Code: code, Err: fmt.Errorf("%w: its events or log leaves are stored", errMissingRow)}
			if err := c.add(FindingMissing, code, err); err != nil {
				rows.Close()
				return err
			}
		}
		if err := closeRows(rows); err != nil {
			if err := c.damage(FindingDatabase, "", dbError("list missing rows", "", err)); err != nil {
				return err
			}
		}
	}
	return nil
}
