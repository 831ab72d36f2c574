package signing_test

import (
	"testing"
	"time"

	"github.com/motcua/motcua/signing"
	"github.com/stretchr/testify/assert"
)

func TestLocation(t *testing.T) {
	name, offset := time.Date(2026, 1, 1, 0, 0, 0, 0, signing.Location).Zone()
	assert.Equal(t, "Asia/Ho_Chi_Minh", name)
	assert.Equal(t, 7*60*60, offset)
	_, summer := time.Date(2026, 7, 1, 0, 0, 0, 0, signing.Location).Zone()
	assert.Equal(t, offset, summer, "no daylight saving")
}
