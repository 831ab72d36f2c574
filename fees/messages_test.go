package fees_test

import (
	"errors"
	"testing"

	"github.com/motcua/motcua/fees"
	"github.com/stretchr/testify/assert"
)

func TestMessages(t *testing.T) {
	s := sample(t)
	_, err := s.Quote(fees.Request{At: day(2024, 1, 1), Items: []fees.ItemRequest{{Code: "NOPE"}}})
	assert.Equal(t, "unknown_item", fees.ErrorCode(err))
	assert.Equal(t, "Không có khoản phí, lệ phí này trong biểu phí", fees.Message(err, "vi"))
	assert.Equal(t, "This fee or charge is not in the schedule", fees.Message(err, "en"))

	_, err = fees.Money(1 << 62).Mul(4)
	assert.Equal(t, "overflow", fees.ErrorCode(err))
	assert.Equal(t, "", fees.ErrorCode(errors.New("other")))
	assert.Equal(t, "", fees.Message(nil, "vi"))
	for _, sentinel := range []error{fees.ErrOverflow, fees.ErrSyntax, fees.ErrUnknownField, fees.ErrTooLarge, fees.ErrInvalid,
		fees.ErrOverlap, fees.ErrDuplicate, fees.ErrUnknownItem, fees.ErrNotInForce, fees.ErrNegative, fees.ErrValueRequired,
		fees.ErrUnknownGroup, fees.ErrLocality, fees.ErrRequest, fees.ErrLanguage} {
		assert.NotEmpty(t, fees.ErrorCode(sentinel), sentinel.Error())
		assert.NotEmpty(t, fees.Message(sentinel, "vi"), sentinel.Error())
		assert.NotEmpty(t, fees.Message(sentinel, "en"), sentinel.Error())
	}
}
