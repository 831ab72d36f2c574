package dossier_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/storetest"
	"github.com/motcua/motcua/internal/vntime"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) dossier.Store { return dossier.NewMemStore() })
}

// TestMemStoreSnapshotsStayPut checks the in-place appends of the memory
// store: a copy taken before later transitions keeps its trail, every
// version read while transitions run verifies, and readers racing the
// writers see no torn state (run with -race).
func TestMemStoreSnapshotsStayPut(t *testing.T) {
	f := newFixture(t, time.Date(2026, 3, 2, 8, 0, 0, 0, vntime.Location))
	d := f.submit(t)
	v1, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)
	_, err = f.svc.Receive(f.ctx, d.Code, officer)
	require.NoError(t, err)
	v2, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)

	const writers, per = 4, 25
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for k := range per {
				f.clock.add(time.Minute)
				_, err := f.svc.Transfer(f.ctx, d.Code, officer, fmt.Sprintf("unit-%d-%d", g, k), "")
				assert.NoError(t, err)
			}
		})
	}
	stop := make(chan struct{})
	var readers sync.WaitGroup
	readers.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			got, err := f.store.Get(f.ctx, d.Code)
			if assert.NoError(t, err) {
				assert.NoError(t, got.Verify(), "version %d", got.Version)
			}
			for got, err := range f.store.List(f.ctx, dossier.Filter{}) {
				if assert.NoError(t, err) {
					assert.NoError(t, got.Verify(), "version %d", got.Version)
				}
			}
		}
	})
	wg.Wait()
	close(stop)
	readers.Wait()

	last, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)
	require.NoError(t, last.Verify())
	assert.Equal(t, int64(2+writers*per), last.Version)
	assert.Len(t, last.Units, 1+writers*per)
	// The copies taken before are as they were.
	require.NoError(t, v1.Verify())
	require.NoError(t, v2.Verify())
	assert.Equal(t, v1.Events, last.Events[:1])
	assert.Equal(t, v2.Events, last.Events[:2])
	assert.Equal(t, dossier.Submitted, v1.Status)
	assert.Len(t, v1.Events, 1)
	assert.Len(t, v2.Units, 1)

	// A stale Update must not write into the room the transitions used.
	stale := v2
	stale.Events = append(stale.Events[:len(stale.Events):len(stale.Events)], stale.Events[1])
	stale.Version++
	require.Error(t, f.store.Update(f.ctx, stale, v2.Version))
	again, err := f.store.Get(f.ctx, d.Code)
	require.NoError(t, err)
	assert.Equal(t, last, again)
}
