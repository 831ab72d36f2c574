package forms_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/motcua/motcua/forms"
)

// The limits of forms' readers (see the package documentation), each at
// the limit and one past it. ReadSchema's are in TestReadSchemaLimits.

func limitsForm(t *testing.T) *forms.Form {
	t.Helper()
	s, err := forms.ReadSchema(strings.NewReader(`{"id": "limits", "fields": [
	  {"key": "name", "type": "text", "required": true, "label": {"vi": "Họ tên", "en": "Name"}},
	  {"key": "members", "type": "repeat", "max_items": 3, "label": {"vi": "Thành viên", "en": "Members"},
	   "fields": [{"key": "name", "type": "text", "label": {"vi": "Tên", "en": "Name"}}]}]}`))
	require.NoError(t, err)
	f, err := s.Compile()
	require.NoError(t, err)
	return f
}

// padTo pads a JSON document with blanks to n bytes.
func padTo(t *testing.T, doc string, n int) []byte {
	t.Helper()
	require.LessOrEqual(t, len(doc), n)
	return []byte(doc + strings.Repeat(" ", n-len(doc)))
}

func TestValidateJSONLimits(t *testing.T) {
	f := limitsForm(t)
	members := func(n int) string {
		rows := make([]string, n)
		for i := range rows {
			rows[i] = fmt.Sprintf(`{"name": "Người %d"}`, i+1)
		}
		return `{"name": "Nguyễn Văn An", "members": [` + strings.Join(rows, ",") + `]}`
	}
	tests := []struct {
		name string
		data []byte
		err  error  // nil: valid
		rule string // a ValidationErrors' rule
	}{
		{"at the size limit", padTo(t, members(1), forms.MaxSubmissionBytes), nil, ""},
		{"past the size limit", padTo(t, members(1), forms.MaxSubmissionBytes+1), forms.ErrSubmissionTooLarge, ""},
		{"past the size limit, invalid too", padTo(t, `{"x": 1}`, forms.MaxSubmissionBytes+1), forms.ErrSubmissionTooLarge, ""},
		{"at max_items", []byte(members(3)), nil, ""},
		{"past max_items", []byte(members(4)), forms.ErrInvalid, "max_items"},
		{"nested past encoding/json's depth", []byte(`{"name": ` + strings.Repeat("[", 10001) + strings.Repeat("]", 10001) + `}`), forms.ErrBadJSON, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := f.ValidateJSON(t.Context(), tt.data)
			if tt.err == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tt.err)
			var ve forms.ValidationErrors
			if tt.rule == "" {
				assert.False(t, errors.As(err, &ve), "a refused submission is not validated: %v", err)
				return
			}
			require.ErrorAs(t, err, &ve)
			require.Len(t, ve, 1)
			assert.Equal(t, tt.rule, ve[0].Rule)
		})
	}
	t.Run("cancelled", func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		require.ErrorIs(t, f.ValidateJSON(ctx, []byte(members(2))), context.Canceled)
	})
}

func TestReadAdminUnitsLimits(t *testing.T) {
	const limit = 32 << 20 // documented in the package comment
	doc := `[{"Code": "01", "FullName": "Thành phố Hà Nội", "Wards": [{"Code": "00004", "FullName": "Phường Ba Đình"}]}]`
	tests := []struct {
		name string
		size int
		err  error
	}{
		{"at the limit", limit, nil},
		{"past the limit", limit + 1, forms.ErrAdminUnitsData},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := forms.ReadAdminUnits(strings.NewReader(string(padTo(t, doc, tt.size))))
			if tt.err != nil {
				require.ErrorIs(t, err, tt.err)
				assert.Nil(t, l)
				assert.Contains(t, err.Error(), "larger than 33554432 bytes")
				return
			}
			require.NoError(t, err)
			require.NotNil(t, l)
		})
	}
}
