package sqlstore

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/motcua/motcua/dossier"
)

func TestSmoke(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		code, err := s.NextCode(ctx, "000.00.01.H12", t0)
		require.NoError(t, err)
		assert.Equal(t, "000.00.01.H12-260302-0001", code)
		d := newDossier(code, t0)
		require.NoError(t, s.Create(ctx, d))
		got, err := s.Get(ctx, code)
		require.NoError(t, err)
		assert.Equal(t, d, got)
		next := got.Clone()
		step(&next, t0.Add(1e9))
		require.NoError(t, s.Update(ctx, next, 1))
		got, err = s.Get(ctx, code)
		require.NoError(t, err)
		assert.Equal(t, next, got)
		require.NoError(t, got.Verify())
	})
}
