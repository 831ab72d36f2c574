package paper_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/dossier/paper"
)

func TestWriteAll(t *testing.T) {
	r := renderer(t)
	w := newWorld(t)
	for k, p := range w.papers(t) {
		var buf bytes.Buffer
		require.NoError(t, r.Write(&buf, p), k.String())
		os.WriteFile(filepath.Join("/tmp", k.String()+".pdf"), buf.Bytes(), 0o644)
	}
	_ = paper.Receipt
}
