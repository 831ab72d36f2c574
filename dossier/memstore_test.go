package dossier_test

import (
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) dossier.Store { return dossier.NewMemStore() })
}
