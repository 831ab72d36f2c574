package storetest_test

import (
	"testing"

	"github.com/motcua/motcua/dossier"
	"github.com/motcua/motcua/dossier/storetest"
)

// A store's own test file runs the suite with a constructor of empty stores.
// (Run needs the *testing.T of a real test, so this example is compiled but
// not run; dossier's tests run the suite on the memory store, and
// dossier/sqlstore's on SQLite and PostgreSQL.)
func ExampleRun() {
	testConformance := func(t *testing.T) {
		storetest.Run(t, func(t *testing.T) dossier.Store { return dossier.NewMemStore() })
	}
	_ = testConformance
}
