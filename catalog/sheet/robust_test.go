package sheet_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog"
	"github.com/motcua/motcua/catalog/sheet"
)

// TestReadDamagedParts replaces each part of a valid workbook in turn with
// damaged content: Read must return an error or a catalogue, never panic.
func TestReadDamagedParts(t *testing.T) {
	c, err := catalog.New(rich()...)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, sheet.Write(&buf, c))
	valid := buf.Bytes()
	zr, err := zip.NewReader(bytes.NewReader(valid), int64(len(valid)))
	require.NoError(t, err)

	damage := map[string]func([]byte) []byte{
		"empty":      func([]byte) []byte { return nil },
		"not XML":    func([]byte) []byte { return []byte("\x00\x01 not xml at all") },
		"other root": func([]byte) []byte { return []byte(`<?xml version="1.0"?><foo><bar/></foo>`) },
		"half":       func(b []byte) []byte { return b[:len(b)/2] },
		"big indices": func(b []byte) []byte {
			return []byte(strings.NewReplacer(`s="1"`, `s="99999"`, `r="A`, `r="XFE`, `<v>`, `<v>-1`).Replace(string(b)))
		},
		"shared strings": func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), `t="inlineStr"`, `t="s"`))
		},
		"dates": func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), `t="inlineStr"`, `t="d"`))
		},
		"booleans": func(b []byte) []byte {
			return []byte(strings.ReplaceAll(string(b), `t="inlineStr"`, `t="b"`))
		},
	}
	for _, target := range zr.File {
		for name, fn := range damage {
			t.Run(target.Name+"/"+name, func(t *testing.T) {
				var out bytes.Buffer
				zw := zip.NewWriter(&out)
				for _, f := range zr.File {
					rc, err := f.Open()
					require.NoError(t, err)
					data, err := io.ReadAll(rc)
					require.NoError(t, err)
					rc.Close()
					if f.Name == target.Name {
						data = fn(data)
					}
					w, err := zw.Create(f.Name)
					require.NoError(t, err)
					_, err = w.Write(data)
					require.NoError(t, err)
				}
				require.NoError(t, zw.Close())
				got, err := sheet.Read(t.Context(), bytes.NewReader(out.Bytes()))
				if err != nil {
					assert.Nil(t, got)
				}
			})
		}
	}
}
