package dvcqg_test

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/catalog/dvcqg"
)

// FuzzRead checks that no input makes ReadProcedure or ReadRecords panic,
// that a record ReadProcedure accepts has a code and a name, and that
// ReadRecords imports the record ReadProcedure accepts.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/1.900001.json", "testdata/1.900002.json", "testdata/2.900003.json", "testdata/bad/records.jsonl"} {
		data, err := os.ReadFile(name)
		require.NoError(f, err)
		f.Add(data)
	}
	f.Add([]byte(`[{"code":"1.1","name":"A"}]`))
	f.Add([]byte(`{"code":"1.1","name":"A","executionMethods":[{"submissionMethod":"ONLINE","processingTime":-1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<20 {
			return
		}
		p, err := dvcqg.ReadProcedure(bytes.NewReader(data))
		if err == nil {
			require.NotEmpty(t, p.Code)
			require.NotEmpty(t, p.Name)
			c, problems, err := dvcqg.ReadRecords(bytes.NewReader(data))
			require.NoError(t, err)
			require.Empty(t, problems)
			got, ok := c.Get(p.Code, p.ValidFrom)
			require.True(t, ok)
			require.Equal(t, p, got)
		}
		c, _, err := dvcqg.ReadRecords(bytes.NewReader(data))
		if err == nil {
			require.NotNil(t, c)
		}
	})
}
