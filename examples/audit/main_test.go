package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRun(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(t.Context(), &out, filepath.Join(t.TempDir(), "phuong.db")))
	s := out.String()
	assert.Contains(t, s, "000.00.07.H26-261109-0001  due 12/11, settled 17/11: late")
	assert.Contains(t, s, "after the edit, 000.00.07.H26-261109-0001 is early")
	assert.Contains(t, s, "clean: false")
	assert.Contains(t, s, `field 000.00.07.H26-261109-0001: dossier: 000.00.07.H26-261109-0001: field DueAt is "2026-11-22T17:00:00+07:00" but the trail gives "2026-11-12T17:00:00+07:00"`)
	assert.Equal(t, 1, strings.Count(s, "\n  field "), "one finding, the edited field")
	assert.Contains(t, s, "receipt in the checkpoint's log: true")
	assert.Contains(t, s, "— ubnd-phuong-07.h26 ", "a signed note")
}
