package sqlstore

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier"
)

// upload is a form value that is not one of JSON's own: a struct whose
// fields encode out of key order, as forms.File does.
type upload struct {
	Name      string `json:"name"`
	MediaType string `json:"media_type"`
	Size      int64  `json:"size"`
}

// TestFormDataOfGoValuesVerifies: form data holding Go values (a struct,
// an int, a json.Number) comes back from the store as JSON values, and the
// dossier still verifies against its trail.
func TestFormDataOfGoValuesVerifies(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		ctx := context.Background()
		s := b.open(t)
		d := newDossierWith("000.00.01.H12-260302-0001", t0, func(d *dossier.Dossier) {
			d.FormData = map[string]any{
				"documents": []any{upload{Name: "to-khai.pdf", MediaType: "application/pdf", Size: 4096}},
				"count":     3,
				"capital":   json.Number("1e9"),
				"owner":     map[string]any{"full_name": "Nguyễn Văn An"},
			}
		})
		require.NoError(t, d.Verify(), "verifies as submitted")
		require.NoError(t, s.Create(ctx, d))
		got, err := s.Get(ctx, d.Code)
		require.NoError(t, err)
		require.NoError(t, got.Verify(), "verifies after the store's round trip: %v", got.FormData)
	})
}
