package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// TestPostgresLogAppend checks the stored hashes motcua_log_append (schema
// 9's append, kept for the processes of schema 9 still running) computes
// on the server against tlog's (a MemLog), appending from every size to
// 300, one leaf at a time, then in batches across the powers of two to 2¹³.
func TestPostgresLogAppend(t *testing.T) {
	s := backends[1].open(t)
	ctx := context.Background()
	var mem dossier.MemLog
	size := int64(0)
	appendLeaves := func(k int) {
		t.Helper()
		seqs := make([]int64, k)
		leaves := make([][]byte, k)
		hs := make([]dossier.Hash, k)
		for i := range k {
			seqs[i] = size + int64(i) + 1
			hs[i] = dossier.LeafHash(&dossier.Event{Hash: dossier.Hash{byte(seqs[i]), byte(seqs[i] >> 8), 7}})
			leaves[i] = hs[i][:]
		}
		var first int64
		require.NoError(t, s.w.QueryRowContext(ctx, s.qs.pgLogAppend, "x", seqs, leaves).Scan(&first))
		require.Equal(t, size, first, "the first new leaf's index")
		_, err := mem.Append(hs...)
		require.NoError(t, err)
		from, to := dossier.StoredHashCount(size), dossier.StoredHashCount(size+int64(k))
		idx := make([]int64, 0, to-from)
		for x := from; x < to; x++ {
			idx = append(idx, x)
		}
		want, err := mem.ReadHashes(ctx, idx)
		require.NoError(t, err)
		got, err := s.ReadHashes(ctx, idx)
		require.NoError(t, err)
		require.Equal(t, want, got, "stored hashes of leaves %d to %d", size, size+int64(k))
		size += int64(k)
	}
	for size < 300 {
		appendLeaves(1)
	}
	for _, p := range []int64{512, 1024, 2048, 4096, 8192} {
		if size < p-3 {
			appendLeaves(int(p - 3 - size))
		}
		for _, k := range []int{1, 2, 1, 3} {
			appendLeaves(k)
		}
	}
	got, err := dossier.TreeHash(ctx, size, s)
	require.NoError(t, err)
	want, err := dossier.TreeHash(ctx, size, &mem)
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

// TestPostgresLogAppendIsolation checks that a server whose default
// isolation level is not READ COMMITTED still gets every write and its
// leaves: the integration, whose queries must see the leaves the previous
// holder of the lock committed, runs in a READ COMMITTED transaction.
func TestPostgresLogAppendIsolation(t *testing.T) {
	dsn := withParam(pgSchema(t), "default_transaction_isolation", "serializable")
	ctx := context.Background()
	s, err := Open(ctx, Postgres, dsn)
	require.NoError(t, err)
	defer s.Close()
	writeSome(t, s, "000.00.01.H12", 5)
	checkLog(t, s)
}

// TestLogStoresShareDatabase writes through two stores on one database, as
// two processes would: each one's cached frontier (SQLite) goes stale when
// the other appends, and the log stays whole.
func TestLogStoresShareDatabase(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		driver, dsn := b.dsn(t)
		s1, err := Open(ctx, driver, dsn)
		require.NoError(t, err)
		defer s1.Close()
		s2, err := Open(ctx, driver, dsn)
		require.NoError(t, err)
		defer s2.Close()
		for i := range 7 {
			writeSome(t, s1, "000.00.01.H12", 1+i%3)
			writeSome(t, s2, "000.00.02.H12", 1+i%2)
		}
		checkLog(t, s1)
		checkLog(t, s2)
	})
}

// writeSome creates n dossiers of agency through s and updates each with
// one, then five new events (more than one statement's worth on
// PostgreSQL).
func writeSome(t *testing.T, s *Store, agency string, n int) {
	t.Helper()
	ctx := context.Background()
	for range n {
		code, err := s.NextCode(ctx, agency, t0)
		require.NoError(t, err)
		d := newDossier(code, t0)
		require.NoError(t, s.Create(ctx, d))
		for _, k := range []int{1, 5} {
			v := d.Version
			for range k {
				step(&d, d.Events[len(d.Events)-1].At.Add(time.Second))
			}
			require.NoError(t, s.Update(ctx, d, v), fmt.Sprintf("%s from version %d", code, v))
		}
	}
}

// TestLogFrontierAfterRollback: an integration round (SQLite) whose
// transaction fails after it computed its hashes leaves no frontier behind. Were it kept, another process appending as
// many leaves would give the log the size the stale frontier expects, and
// the next append would compute its hashes from leaves that were rolled
// back: a tree its own leaves contradict.
func TestLogFrontierAfterRollback(t *testing.T) {
	ctx := context.Background()
	driver, dsn := backends[0].dsn(t)
	s1, err := Open(ctx, driver, dsn)
	require.NoError(t, err)
	defer s1.Close()
	s2, err := Open(ctx, driver, dsn)
	require.NoError(t, err)
	defer s2.Close()
	writeSome(t, s1, "000.00.01.H12", 1)
	_, err = s1.LogSize(ctx) // a committed round: s1 caches its frontier
	require.NoError(t, err)

	d := newDossier("000.00.01.H12-260302-0099", t0)
	boom := errors.New("a later statement failed")
	err = s1.inTx(ctx, "test", d.Code, func(tx *sql.Tx) error {
		a, err := s1.resumeAppend(ctx, tx)
		if err != nil {
			return err
		}
		for i := range d.Events {
			if err := a.add(ctx, d.Code, d.Events[i].Seq, dossier.LeafHash(&d.Events[i])); err != nil {
				return err
			}
		}
		if err := s1.finishAppend(ctx, a); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	// The other process appends as many leaves as were rolled back.
	code, err := s2.NextCode(ctx, "000.00.02.H12", t0)
	require.NoError(t, err)
	d2 := newDossier(code, t0)
	require.Len(t, d2.Events, len(d.Events))
	require.NoError(t, s2.Create(ctx, d2))
	_, err = s2.LogSize(ctx)
	require.NoError(t, err)
	// Enough leaves for the subtrees over the rolled-back one to close.
	writeSome(t, s1, "000.00.01.H12", 3)
	checkLog(t, s1)
	rep, err := dossier.Audit(ctx, s1, dossier.AuditOptions{})
	require.NoError(t, err)
	assert.True(t, rep.Clean(), "%v", rep.Findings)
}
