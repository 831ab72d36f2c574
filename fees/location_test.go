package fees_test

import (
	"testing"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
)

// TestLocation: fees.Location is Asia/Ho_Chi_Minh, UTC+7, with no need of
// the system's zone files, and dates start at its midnight.
func TestLocation(t *testing.T) {
	name, offset := day(2025, 1, 1).Zone()
	assert.Equal(t, "Asia/Ho_Chi_Minh", name)
	assert.Equal(t, 7*60*60, offset)
	assert.Equal(t, "Asia/Ho_Chi_Minh", fees.Location.String())
	assert.Equal(t, day(2025, 1, 1), fees.MustDate(2025, 1, 1).Time())
}
