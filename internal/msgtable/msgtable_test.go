package msgtable_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/motcua/motcua/internal/msgtable"
)

func TestTable(t *testing.T) {
	errA, errB := errors.New("a"), errors.New("b")
	table := msgtable.Table{msgtable.E(errA, "a", "Lỗi A", "Error A"), msgtable.E(errB, "b", "Lỗi B", "Error B")}
	tests := []struct {
		name, lang, code, text string
		err                    error
	}{
		{"wrapped, Vietnamese by default", "", "a", "Lỗi A", fmt.Errorf("x: %w", errA)},
		{"English tag", "en-GB", "b", "Error B", errB},
		{"both: the first entry", "vi", "a", "Lỗi A", errors.Join(errB, errA)},
		{"another package's error", "en", "", "", errors.New("c")},
		{"nil", "vi", "", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.code, table.Code(tc.err))
			assert.Equal(t, tc.text, table.Message(tc.err, tc.lang))
		})
	}
}
