package sqlstore

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"database/sql"
	"fmt"
	"math/bits"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/dossier"
)

// The tamper tests change a store's database by SQL, as its administrator
// could (dropping the append-only triggers where they stand in the way),
// and check that dossier.Audit reports each change.

// tamperStore returns a store holding dossiers moved along by a Service:
// received (due time set), a fee asked and paid, approved, returned. It
// returns their codes, in the order submitted.
func tamperStore(t *testing.T, b backend) (*Store, []string) {
	t.Helper()
	s := b.open(t)
	ctx := context.Background()
	cat, err := catalog.New(catalog.Procedure{Code: "1.000001", Name: "Đăng ký khai sinh", Sector: "Hộ tịch",
		Levels: []catalog.Level{catalog.Commune}, Online: catalog.Full, ProcessingDays: 3,
		Documents: []catalog.Requirement{{Name: "Tờ khai", Originals: 1}}})
	require.NoError(t, err)
	cal, err := dossier.Official()
	require.NoError(t, err)
	now := t0
	svc, err := dossier.NewService(s, cat, cal, dossier.WithClock(func() time.Time { now = now.Add(time.Minute); return now }))
	require.NoError(t, err)
	var codes []string
	for i := range 6 {
		d, err := svc.Submit(ctx, citiz, dossier.Submission{
			ProcedureCode: "1.000001", Agency: "000.00.01.H12", Channel: catalog.Online,
			Applicant: dossier.Applicant{Name: fmt.Sprintf("Nguyễn Văn %d", i), CitizenID: "079200001234", Phone: "0912345678"},
			FormData:  map[string]any{"ten": "Nguyễn Văn A", "so_ban_sao": float64(2)},
			Attachments: []dossier.Attachment{{Name: "Tờ khai", FileName: "to-khai.pdf", MediaType: "application/pdf", Size: 1234,
				SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}},
		})
		require.NoError(t, err)
		codes = append(codes, d.Code)
	}
	for _, code := range codes[:5] {
		_, err := svc.Receive(ctx, code, clerk)
		require.NoError(t, err)
	}
	for _, code := range codes[:4] {
		_, err := svc.AwaitPayment(ctx, code, clerk, 50000)
		require.NoError(t, err)
		_, err = svc.Pay(ctx, code, citiz, dossier.Payment{Amount: 50000, Method: "vietqr", Reference: "FT2606" + code[len(code)-4:]})
		require.NoError(t, err)
	}
	for _, code := range codes[:2] {
		_, err := svc.Approve(ctx, code, clerk)
		require.NoError(t, err)
		_, err = svc.ReturnResult(ctx, code, clerk, dossier.AtCounter)
		require.NoError(t, err)
	}
	// The leaves the store's integrator has not taken yet go into the log
	// now: the tampering below is of the log as the store leaves it.
	_, err = s.LogSize(ctx)
	require.NoError(t, err)
	require.Zero(t, pendingRows(t, s))
	return s, codes
}

// unguard drops the append-only triggers of table.
func unguard(t *testing.T, s *Store, table string) {
	t.Helper()
	qs := []string{"DROP TRIGGER " + table + "_no_update", "DROP TRIGGER " + table + "_no_delete"}
	if s.pg {
		qs = []string{"DROP TRIGGER " + table + "_no_change ON " + table, "DROP TRIGGER " + table + "_no_truncate ON " + table}
	}
	for _, q := range qs {
		_, err := s.w.Exec(q)
		require.NoError(t, err, q)
	}
}

// sqlExec runs a statement with ? placeholders.
func sqlExec(t *testing.T, s *Store, q string, args ...any) {
	t.Helper()
	_, err := s.w.Exec(s.q(q), args...)
	require.NoError(t, err, q)
}

// rewriteTrail edits the reason of event seq of the dossier code and
// recomputes, as a tamperer with the code would, that event's hash and the
// links and hashes of every later one, then the dossier row's head and
// trail digest: the trail verifies on its own.
func rewriteTrail(t *testing.T, s *Store, code string, seq int, reason string) {
	t.Helper()
	ctx := context.Background()
	d, err := s.Get(ctx, code)
	require.NoError(t, err)
	require.Greater(t, len(d.Events), seq)
	d.Events[seq-1].Reason = reason
	for i := seq - 1; i < len(d.Events); i++ {
		if i > 0 {
			d.Events[i].PrevHash = d.Events[i-1].Hash
		}
		d.Events[i].Hash = dossier.EventHash(code, &d.Events[i])
	}
	require.NoError(t, d.Verify(), "the rewritten trail verifies on its own")
	unguard(t, s, "motcua_events")
	for i := seq - 1; i < len(d.Events); i++ {
		ev := &d.Events[i]
		sqlExec(t, s, "UPDATE motcua_events SET reason = ?, prev_hash = ?, hash = ? WHERE code = ? AND seq = ?",
			ev.Reason, ev.PrevHash[:], ev.Hash[:], code, int64(ev.Seq))
	}
	head := d.Head()
	sqlExec(t, s, "UPDATE motcua_dossiers SET head = ?, trail = ? WHERE code = ?", head[:], trailDigest(d.Events), code)
	got, err := s.Get(ctx, code)
	require.NoError(t, err)
	require.Equal(t, d.Events, got.Events)
	require.NoError(t, got.Verify())
}

// audit runs dossier.Audit on s.
func audit(t *testing.T, s *Store, opt dossier.AuditOptions) *dossier.AuditReport {
	t.Helper()
	rep, err := dossier.Audit(context.Background(), s, opt)
	require.NoError(t, err)
	return rep
}

// kinds returns the kinds of rep's findings, each with its dossier.
func kinds(rep *dossier.AuditReport) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.Kind.String()+" "+f.Code)
	}
	return out
}

// checkpoint signs the store's current tree head with key.
func checkpoint(t *testing.T, s *Store, key *dossier.LogKey) []byte {
	t.Helper()
	ctx := context.Background()
	size, err := s.LogSize(ctx)
	require.NoError(t, err)
	root, err := dossier.TreeHash(ctx, size, s)
	require.NoError(t, err)
	signed, err := dossier.SignCheckpoint(dossier.Checkpoint{Origin: "log.motcua.test", Size: size, Root: root, Time: t0}, key)
	require.NoError(t, err)
	return signed
}

func newLogKey(t *testing.T, name string) *dossier.LogKey {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	require.NoError(t, err)
	k, err := dossier.NewLogKey(name, priv)
	require.NoError(t, err)
	return k
}

// TestTamperField edits one column or body value of a dossier row: the
// audit names the field.
func TestTamperField(t *testing.T) {
	tenDays := int64(10 * 24 * time.Hour)
	cases := []struct {
		name   string
		sqlite string // with the dossier's code as last argument
		pg     string
		args   []any
		field  string
	}{
		{"applicant name", "UPDATE motcua_dossiers SET applicant_name = ? WHERE code = ?", "", []any{"Trần Thị Bình"}, "Applicant.Name"},
		{"citizen ID", "UPDATE motcua_dossiers SET applicant_citizen_id = ? WHERE code = ?", "", []any{"079200009999"}, "Applicant.CitizenID"},
		{"due date ten days later", "UPDATE motcua_dossiers SET due_at = due_at + ? WHERE code = ?", "", []any{tenDays}, "DueAt"},
		{"payment amount in the body",
			"UPDATE motcua_dossiers SET body = json_set(body, '$.payment.amount', 5000) WHERE code = ?",
			"UPDATE motcua_dossiers SET body = jsonb_set(body::jsonb, '{payment,amount}', '5000')::text WHERE code = ?",
			nil, "Payment.Amount"},
		{"form data in the body",
			"UPDATE motcua_dossiers SET body = json_set(body, '$.formData.ten', 'Trần Văn B') WHERE code = ?",
			`UPDATE motcua_dossiers SET body = jsonb_set(body::jsonb, '{formData,ten}', '"Trần Văn B"')::text WHERE code = ?`,
			nil, "FormData"},
	}
	forEach(t, func(t *testing.T, b backend) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				s, codes := tamperStore(t, b)
				code := codes[2] // received and paid
				q := tc.sqlite
				if s.pg && tc.pg != "" {
					q = tc.pg
				}
				sqlExec(t, s, q, append(tc.args, code)...)
				rep := audit(t, s, dossier.AuditOptions{})
				require.Len(t, rep.Findings, 1, "%v", rep.Findings)
				f := rep.Findings[0]
				assert.Equal(t, dossier.FindingField, f.Kind)
				assert.Equal(t, code, f.Code)
				var fe *dossier.MismatchError
				require.ErrorAs(t, f.Err, &fe)
				assert.Equal(t, tc.field, fe.Field)
				require.ErrorIs(t, f.Err, dossier.ErrTampered)
			})
		}
	})
}

// TestTamperLog changes the trails and the log behind the store's back.
func TestTamperLog(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		t.Run("untouched", func(t *testing.T) {
			s, codes := tamperStore(t, b)
			rep := audit(t, s, dossier.AuditOptions{})
			assert.True(t, rep.Clean(), "%v", rep.Findings)
			assert.Equal(t, int64(len(codes)), rep.Dossiers)
			assert.Equal(t, rep.Events, rep.Size)
			// A checkpoint, then more transitions: the log extends it.
			key := newLogKey(t, "log.motcua.test")
			cp := checkpoint(t, s, key)
			d, err := s.Get(ctx, codes[5])
			require.NoError(t, err)
			next := d.Clone()
			step(&next, next.Events[len(next.Events)-1].At.Add(time.Hour))
			require.NoError(t, s.Update(ctx, next, d.Version))
			rep = audit(t, s, dossier.AuditOptions{Checkpoint: cp, Verifier: key.Verifier()})
			assert.True(t, rep.Clean(), "%v", rep.Findings)
		})
		t.Run("trail rewritten with a recomputed chain", func(t *testing.T) {
			s, codes := tamperStore(t, b)
			rewriteTrail(t, s, codes[1], 2, "tiếp nhận lại")
			rep := audit(t, s, dossier.AuditOptions{})
			assert.Equal(t, []string{"rewritten " + codes[1]}, kinds(rep), "%v", rep.Findings)
			assert.Equal(t, uint64(2), rep.Findings[0].Seq, "the first event rewritten")
		})
		t.Run("dossier deleted with its events", func(t *testing.T) {
			s, codes := tamperStore(t, b)
			unguard(t, s, "motcua_events")
			sqlExec(t, s, "DELETE FROM motcua_events WHERE code = ?", codes[3])
			sqlExec(t, s, "DELETE FROM motcua_dossiers WHERE code = ?", codes[3])
			rep := audit(t, s, dossier.AuditOptions{})
			assert.Equal(t, []string{"deleted " + codes[3]}, kinds(rep), "%v", rep.Findings)
		})
		t.Run("log leaf edited", func(t *testing.T) {
			s, codes := tamperStore(t, b)
			unguard(t, s, "motcua_log")
			var idx int64
			require.NoError(t, s.r.QueryRow(s.q("SELECT idx FROM motcua_log WHERE code = ? AND seq = 2"), codes[0]).Scan(&idx))
			sqlExec(t, s, "UPDATE motcua_log SET leaf = ? WHERE idx = ?", make([]byte, 32), idx)
			rep := audit(t, s, dossier.AuditOptions{})
			require.NotEmpty(t, rep.Findings)
			for _, f := range rep.Findings {
				assert.Contains(t, []dossier.FindingKind{dossier.FindingLog, dossier.FindingRewritten}, f.Kind, "%v", f)
			}
			assert.Contains(t, kinds(rep), "log "+codes[0], "the edited leaf no longer hashes to its stored hash")
			assert.Contains(t, kinds(rep), "rewritten "+codes[0], "the trail no longer matches its leaves")
		})
		t.Run("stored hash edited", func(t *testing.T) {
			s, _ := tamperStore(t, b)
			unguard(t, s, "motcua_log_hashes")
			size, err := s.LogSize(ctx)
			require.NoError(t, err)
			// The root of the largest complete subtree, which the tree
			// hash reads.
			level := bits.Len64(uint64(size)) - 1
			require.Greater(t, level, 2)
			sqlExec(t, s, "UPDATE motcua_log_hashes SET hash = ? WHERE idx = ?", make([]byte, 32), dossier.StoredHashIndex(level, 0))
			rep := audit(t, s, dossier.AuditOptions{})
			require.Len(t, rep.Findings, 1, "%v", rep.Findings)
			assert.Equal(t, dossier.FindingLog, rep.Findings[0].Kind)
		})
		t.Run("stored hash off the root's path edited", func(t *testing.T) {
			// A node that TreeHash never reads (the pair of leaves 0 and 1,
			// inside a larger complete subtree): every stored hash is
			// checked, not only the root's path.
			s, _ := tamperStore(t, b)
			unguard(t, s, "motcua_log_hashes")
			sqlExec(t, s, "UPDATE motcua_log_hashes SET hash = ? WHERE idx = ?", make([]byte, 32), dossier.StoredHashIndex(1, 0))
			rep := audit(t, s, dossier.AuditOptions{})
			require.Len(t, rep.Findings, 1, "%v", rep.Findings)
			assert.Equal(t, dossier.FindingLog, rep.Findings[0].Kind)
			assert.Contains(t, rep.Findings[0].Err.Error(), "stored hash 2 ")
		})
		t.Run("log entry removed", func(t *testing.T) {
			s, _ := tamperStore(t, b)
			unguard(t, s, "motcua_log")
			sqlExec(t, s, "DELETE FROM motcua_log WHERE idx = 3")
			rep := audit(t, s, dossier.AuditOptions{})
			require.NotEmpty(t, rep.Findings)
			assert.Equal(t, dossier.FindingLog, rep.Findings[0].Kind, "%v", rep.Findings)
		})
		t.Run("log entries' codes swapped", func(t *testing.T) {
			// The leaves and the stored hashes stay as they were: only the
			// comparison of the trails with the log's entries sees it.
			s, codes := tamperStore(t, b)
			unguard(t, s, "motcua_log")
			sqlExec(t, s, "UPDATE motcua_log SET code = ? WHERE code = ? AND seq = 1", "swap", codes[0])
			sqlExec(t, s, "UPDATE motcua_log SET code = ? WHERE code = ? AND seq = 1", codes[0], codes[1])
			sqlExec(t, s, "UPDATE motcua_log SET code = ? WHERE code = ? AND seq = 1", codes[1], "swap")
			rep := audit(t, s, dossier.AuditOptions{})
			assert.Equal(t, []string{"rewritten " + codes[0], "rewritten " + codes[1]}, kinds(rep), "%v", rep.Findings)
		})
		t.Run("log entry inserted at a negative index", func(t *testing.T) {
			// Outside the tree (no stored hash covers it), but an entry
			// for a dossier all the same.
			s, codes := tamperStore(t, b)
			sqlExec(t, s, "INSERT INTO motcua_log (idx, code, seq, leaf) VALUES (-1, ?, 99, ?)", codes[5], make([]byte, 32))
			rep := audit(t, s, dossier.AuditOptions{})
			assert.Equal(t, []string{"rewritten " + codes[5]}, kinds(rep), "%v", rep.Findings)
		})
		t.Run("checkpoint signed by another key", func(t *testing.T) {
			s, _ := tamperStore(t, b)
			cp := checkpoint(t, s, newLogKey(t, "log.motcua.test"))
			other := newLogKey(t, "log.motcua.test")
			rep, err := dossier.Audit(ctx, s, dossier.AuditOptions{Checkpoint: cp, Verifier: other.Verifier()})
			if err == nil {
				assert.Contains(t, kinds(rep), "checkpoint ", "%v", rep.Findings)
				return
			}
			require.ErrorIs(t, err, dossier.ErrCheckpoint)
		})
		t.Run("log truncated and rebuilt after a checkpoint", func(t *testing.T) {
			s, codes := tamperStore(t, b)
			key := newLogKey(t, "log.motcua.test")
			cp := checkpoint(t, s, key)
			// Rewrite a trail, then rebuild the log from the stored events
			// so that the log and the trails agree again.
			rewriteTrail(t, s, codes[4], 1, "nộp lại")
			unguard(t, s, "motcua_log")
			unguard(t, s, "motcua_log_hashes")
			if s.pg {
				sqlExec(t, s, "TRUNCATE motcua_log, motcua_log_hashes")
			} else {
				sqlExec(t, s, "DELETE FROM motcua_log")
				sqlExec(t, s, "DELETE FROM motcua_log_hashes")
			}
			require.NoError(t, s.inTx(ctx, "rebuild", "", func(tx *sql.Tx) error { return backfillLog(ctx, s, tx) }))
			rep := audit(t, s, dossier.AuditOptions{})
			assert.True(t, rep.Clean(), "without the checkpoint the rebuilt log looks sound: %v", rep.Findings)
			rep = audit(t, s, dossier.AuditOptions{Checkpoint: cp, Verifier: key.Verifier()})
			assert.Equal(t, []string{"checkpoint "}, kinds(rep), "%v", rep.Findings)
		})
	})
}
