package dvc_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/dvc"
	"github.com/motcua/motcua/dossier/sqlstore"
)

// BenchmarkSend delivers the outbox of 200 dossiers (1,000 events) to a
// local fake portal through the HTTP client, from a memory store and a
// SQLite file: records/s is events delivered a second.
//
//	go test -run '^$' -bench Send -benchtime 3x ./dossier/dvc
func BenchmarkSend(b *testing.B) {
	for _, tc := range []struct {
		name string
		open func(b *testing.B) dossier.Store
	}{
		{"memory", func(*testing.B) dossier.Store { return dossier.NewMemStore() }},
		{"sqlite", func(b *testing.B) dossier.Store {
			s, err := sqlstore.Open(context.Background(), sqlstore.SQLite, b.TempDir()+"/motcua.db")
			require.NoError(b, err)
			b.Cleanup(func() { s.Close() })
			return s
		}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			events := 0
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				store := tc.open(b)
				codes := lives(b, newService(b, store), 200)
				portal := newFakePortal(b)
				client, err := dvc.NewClient(portal.config())
				require.NoError(b, err)
				s, err := dvc.NewSender(store, client, nil, dvc.Options{})
				require.NoError(b, err)
				b.StartTimer()
				start := time.Now()
				for {
					n, err := s.Step(context.Background())
					require.NoError(b, err)
					if n == 0 {
						break
					}
				}
				elapsed += time.Since(start)
				events += 5 * len(codes)
			}
			b.ReportMetric(float64(events)/elapsed.Seconds(), "records/s")
		})
	}
}
