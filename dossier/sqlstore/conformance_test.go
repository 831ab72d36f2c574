package sqlstore

import (
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/storetest"
)

// TestConformance runs the shared Store suite on both backends.
func TestConformance(t *testing.T) {
	forEach(t, func(t *testing.T, b backend) {
		storetest.Run(t, func(t *testing.T) dossier.Store { return b.open(t) })
	})
}
